"""One model per list the clerk works with. Column order follows the office ledgers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.domain import clue_limits, search
from desktop.domain.notice_kinds import PROPOSAL_KINDS
from desktop.queries import rectification
from desktop.store.kinds import KINDS
from desktop.ui.models.base import (
    DONE,
    DUE_SOON,
    OVERDUE,
    Column,
    Filter,
    Index,
    Query,
    SqlListModel,
    yes_no,
)

DUE_SOON_DAYS = 7
BACK_ENTRY_TIP = "补录登记的文书（从旧文书登记簿导入），没有存档文件"

# -- helpers ------------------------------------------------------------------------

_PERSON_NAME_IDS = search.PERSON_IDS  # by any part of the name, its pinyin or initials
_UNIT_NAME_IDS = search.UNIT_IDS


def _deadline_colours(
    deadline: Any, done: bool, today: dt.date
) -> tuple[QColor | None, QColor | None] | None:
    if done:
        return DONE
    if not deadline:
        return None
    day = dt.date.fromisoformat(str(deadline))
    if day < today:
        return OVERDUE
    if (day - today).days <= DUE_SOON_DAYS:
        return DUE_SOON
    return None


# -- 谈话记录 ----------------------------------------------------------------------------


class TalksModel(SqlListModel):
    DATE, KIND, SUBJECTS, SUBJECT_POSTS, TALKERS, REASON = range(6)

    def query(self) -> Query:
        subjects = (
            "(SELECT group_concat(p.name, '、') FROM talk_subjects ts"
            " JOIN persons p ON p.id = ts.person_id WHERE ts.talk_id = t.id)"
        )
        posts = (
            "(SELECT group_concat(COALESCE(ts.unit_name, '') || COALESCE(ts.post, ''), '；')"
            " FROM talk_subjects ts WHERE ts.talk_id = t.id)"
        )
        talkers = (
            "(SELECT group_concat(tt.name, '、') FROM talk_talkers tt WHERE tt.talk_id = t.id)"
        )
        return Query(
            table="talks",
            source="talks t",
            id_sql="t.id",
            columns=(
                Column("date", "谈话日期", "t.date", width=100),
                Column("kind", "谈话类型", "t.kind", width=110),
                Column("subjects", "谈话对象", subjects, width=130),
                Column("posts", "单位职务", posts, width=220, tooltip=True),
                Column("talkers", "谈话人", talkers, width=130),
                Column("reason", "谈话事由", "t.reason", width=320, tooltip=True),
            ),
            date="t.date",
            date_label="谈话日期",
            kind=Filter("t.kind = :kind", dictionary="talk_kind", label="谈话类型"),
            unit=(
                "t.id IN (SELECT ts.talk_id FROM talk_subjects ts JOIN persons p"
                " ON p.id = ts.person_id WHERE p.unit_id = :unit_id)"
            ),
            person="t.id IN (SELECT talk_id FROM talk_subjects WHERE person_id = :person_id)",
            search=("t.reason", "COALESCE(t.place, '')", "COALESCE(t.recorder, '')"),
            search_ids=(
                "t.id IN (SELECT talk_id FROM talk_subjects"
                f" WHERE person_id IN ({_PERSON_NAME_IDS}))",
                f"t.id IN ({search.TALKER_TALK_IDS})",
                f"t.id IN ({search.SUBJECT_UNIT_TALK_IDS})",
            ),
            default_sort=self.DATE,
            default_order=Qt.SortOrder.DescendingOrder,
        )


# -- 问题线索 ----------------------------------------------------------------------------

CLUE_STATUSES = (
    "待处置",
    "谈话函询",
    "初核中",
    "已立案",
    "审理中",
    "已结案",
    "暂存待查",
    "予以了结",
    "已转交",
)
CLUE_FINISHED = ("已结案", "暂存待查", "予以了结", "已转交")

CLUE_STATUS_SQL = (
    "CASE"
    " WHEN c.closed_date IS NOT NULL THEN '已结案'"
    " WHEN c.hearing_date IS NOT NULL THEN '审理中'"
    " WHEN c.case_date IS NOT NULL THEN '已立案'"
    " WHEN c.disposition = '予以了结' THEN '予以了结'"
    " WHEN c.disposition = '暂存待查' THEN '暂存待查'"
    " WHEN c.disposition = '初步核实' OR c.prelim_start IS NOT NULL THEN '初核中'"
    " WHEN c.disposition = '谈话函询' THEN '谈话函询'"
    " WHEN c.forwarded_date IS NOT NULL THEN '已转交'"
    " ELSE '待处置' END"
)


# A 谈话函询 clue has been acted on once a talk about it is recorded or a 函询 letter to
# its person was answered: its 办理时限 was for that step, so it is no longer overdue.
CLUE_TALKED_SQL = (
    "(EXISTS (SELECT 1 FROM talks t WHERE t.clue_id = c.id)"
    " OR EXISTS (SELECT 1 FROM inquiries q WHERE q.clue_id = c.id AND q.reply_date IS NOT NULL))"
)


class CluesModel(SqlListModel):
    NUMBER, RECEIVED, SOURCE, PERSONS, UNIT, SUMMARY, DISPOSITION, STATUS, DUE = range(9)

    def query(self) -> Query:
        persons = (
            "(SELECT group_concat(p.name, '、') FROM clue_persons cp"
            " JOIN persons p ON p.id = cp.person_id WHERE cp.clue_id = c.id)"
        )
        unit = (
            "COALESCE((SELECT name FROM units WHERE id = c.reported_unit_id),"
            " (SELECT group_concat(cp.unit_name, '、') FROM clue_persons cp"
            " WHERE cp.clue_id = c.id))"
        )
        return Query(
            table="clues",
            source="clues c",
            id_sql="c.id",
            columns=(
                Column("ledger_no", "线索编号", "c.ledger_no", width=110),
                Column("received_date", "收件日期", "c.received_date", width=100),
                Column("source", "线索来源", "c.source", width=130),
                Column("persons", "被反映人", persons, width=110),
                Column("unit", "涉及单位", unit, width=150, tooltip=True),
                Column("summary", "反映的主要问题", "c.summary", width=300, tooltip=True),
                Column("disposition", "处置方式", "c.disposition", width=90),
                Column("status", "办理进度", CLUE_STATUS_SQL, width=90),
                Column("due_date", "办理时限", "c.due_date", width=100),
            ),
            date="c.received_date",
            date_label="收件日期",
            status=Filter(f"({CLUE_STATUS_SQL}) = :status", CLUE_STATUSES, label="办理进度"),
            kind=Filter("c.source = :kind", dictionary="clue_source", label="线索来源"),
            unit=(
                "(c.reported_unit_id = :unit_id OR c.id IN (SELECT cp.clue_id FROM clue_persons cp"
                " JOIN persons p ON p.id = cp.person_id WHERE p.unit_id = :unit_id))"
            ),
            person="c.id IN (SELECT clue_id FROM clue_persons WHERE person_id = :person_id)",
            search=(
                "c.summary",
                "COALESCE(c.ledger_no, '')",
                "COALESCE(c.handler, '')",
            ),
            search_ids=(
                "c.id IN (SELECT clue_id FROM clue_persons"
                f" WHERE person_id IN ({_PERSON_NAME_IDS}))",
                f"c.reported_unit_id IN ({_UNIT_NAME_IDS})",
            ),
            default_sort=self.RECEIVED,
            default_order=Qt.SortOrder.DescendingOrder,
            extras={
                "talked": CLUE_TALKED_SQL,
                "forwarded_date": "c.forwarded_date",
                "forwarded_to": "c.forwarded_to",
            },
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A forwarded clue's 办理进度 says where it went, and warns when it went late."""
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.STATUS:
            row = self.row(index.row()) if index.isValid() else None
            if row is not None and row["forwarded_date"]:
                tip = f"{row['forwarded_date']}转交{row['forwarded_to'] or ''}"
                check = clue_limits.forward_check(self.store, row)
                return tip + (f"\n{check.text}" if check else "")
        return super().data(index, role)

    def colours(self, row: dict[str, Any]) -> tuple[QColor | None, QColor | None] | None:
        finished = row["status"] in CLUE_FINISHED
        if finished:
            return None
        if row["status"] == "谈话函询" and row["talked"]:
            return None  # the talk or letter is done; its reply is followed in 函询
        return _deadline_colours(row["due_date"], False, self.today())


# -- 整改事项 ----------------------------------------------------------------------------

RECT_OVERDUE = rectification.OVERDUE
RECT_STATUS_SQL = rectification.shown_status_sql()  # only an open item can be 逾期


# 责任人 is typed text, possibly several names ("王芳、李强"): match whole names only
_NAMES = "COALESCE(r.responsible, '')"
for _sep in ("，", ",", "；", ";", "/", " "):
    _NAMES = f"replace({_NAMES}, '{_sep}', '、')"
_RESPONSIBLE_IS_PERSON = (
    f"instr('、' || {_NAMES} || '、',"
    " '、' || (SELECT name FROM persons WHERE id = :person_id) || '、') > 0"
)


def _rect_status_text(value: Any) -> str:
    return "" if value is None else str(value)


class RectificationsModel(SqlListModel):
    FINDING, UNIT, RESPONSIBLE, DEADLINE, STATUS, FOUND = range(6)

    def query(self) -> Query:
        return Query(
            table="rectifications",
            source="rectifications r LEFT JOIN units u ON u.id = r.unit_id",
            id_sql="r.id",
            columns=(
                Column("finding", "问题描述", "r.finding", width=360, tooltip=True),
                Column("unit", "责任单位", "u.name", width=160),
                Column("responsible", "责任人", "r.responsible", width=80),
                Column("deadline", "整改时限", "r.deadline", width=100),
                Column("status", "整改状态", RECT_STATUS_SQL, width=110, fmt=_rect_status_text),
                Column("found_date", "发现日期", "r.found_date", width=100),
            ),
            extras={"stored_status": "r.status"},
            date="r.found_date",
            date_label="发现日期",
            status=Filter(
                f"({RECT_STATUS_SQL}) = :status",
                (RECT_OVERDUE,),
                dictionary="rect_status",
                label="整改状态",
            ),
            unit="r.unit_id = :unit_id",
            person=_RESPONSIBLE_IS_PERSON,
            search=("r.finding", "COALESCE(r.responsible, '')", "COALESCE(u.name, '')"),
            default_sort=self.DEADLINE,
            default_order=Qt.SortOrder.DescendingOrder,  # this year's items, not 2023's closed ones
        )

    def colours(self, row: dict[str, Any]) -> tuple[QColor | None, QColor | None] | None:
        return _deadline_colours(
            row["deadline"], row["stored_status"] not in rectification.OPEN, self.today()
        )


# -- 人员档案 ----------------------------------------------------------------------------


class PersonsModel(SqlListModel):
    NAME, GENDER, UNIT, POST, RANK, POLITICAL = range(6)

    def query(self) -> Query:
        return Query(
            table="persons",
            source="persons p LEFT JOIN units u ON u.id = p.unit_id",
            id_sql="p.id",
            columns=(
                Column("name", "姓名", "p.name", sort_sql="p.name_pinyin", width=90),
                Column("gender", "性别", "p.gender", width=50, align_center=True),
                Column("unit", "所在单位", "u.name", sort_sql="u.name_pinyin", width=180),
                Column("post", "职务", "p.post", width=180),
                Column("rank", "职级", "p.rank", width=120),
                Column("political_status", "政治面貌", "p.political_status", width=90),
            ),
            kind=Filter("p.rank = :kind", dictionary="rank", label="职级"),
            status=Filter(
                "p.political_status = :status", dictionary="political_status", label="政治面貌"
            ),
            unit="p.unit_id = :unit_id",
            person="p.id = :person_id",
            search=("COALESCE(p.post, '')", "COALESCE(u.name, '')"),
            search_ids=(f"p.id IN ({_PERSON_NAME_IDS})",),
            default_sort=self.NAME,
        )


# -- 单位 ------------------------------------------------------------------------------


class UnitsModel(SqlListModel):
    NAME, KIND, PARENT, PERSONS, ACTIVE = range(5)

    def query(self) -> Query:
        return Query(
            table="units",
            source="units n LEFT JOIN units pu ON pu.id = n.parent_id",
            id_sql="n.id",
            columns=(
                Column("name", "单位名称", "n.name", sort_sql="n.name_pinyin", width=220),
                Column("kind", "单位类别", "n.kind", width=110),
                Column("parent", "上级单位", "pu.name", sort_sql="pu.name_pinyin", width=180),
                Column(
                    "persons",
                    "人员数",
                    "(SELECT COUNT(*) FROM persons WHERE unit_id = n.id)",
                    width=70,
                    align_center=True,
                ),
                Column("active", "是否启用", "n.active", width=70, fmt=yes_no, align_center=True),
            ),
            kind=Filter("n.kind = :kind", dictionary="unit_kind", label="单位类别"),
            unit="(n.id = :unit_id OR n.parent_id = :unit_id)",
            search=("COALESCE(n.notes, '')",),
            search_ids=(f"n.id IN ({_UNIT_NAME_IDS})",),
            default_sort=self.NAME,
        )

    def colours(self, row: dict[str, Any]) -> tuple[QColor | None, QColor | None] | None:
        return None if row["active"] else DONE


# -- 文书登记 ----------------------------------------------------------------------------


class DocumentsModel(SqlListModel):
    NUMBER, KIND, TITLE, ADDRESSEE, ISSUED, OPERATOR = range(6)

    def query(self) -> Query:
        return Query(
            table="documents",
            source="documents d",
            id_sql="d.id",
            columns=(
                Column("number", "文号", "d.number", width=160),
                Column("kind", "文书种类", "d.kind", width=130),
                Column("title", "标题", "d.title", width=440, tooltip=True),
                Column("addressee", "主送单位/对象", "d.addressee", width=160),
                Column("issued_date", "成文日期", "d.issued_date", width=100),
                Column("operator", "经办人", "d.operator", width=80),
            ),
            extras={"voided": "d.voided", "stored": "d.pdf_path IS NOT NULL"},
            date="d.issued_date",
            date_label="成文日期",
            kind=Filter("d.kind = :kind", dictionary="notice_kind", label="文书种类"),
            search=(
                "d.title",
                "COALESCE(d.number, '')",
                "COALESCE(d.addressee, '')",
                "COALESCE(d.operator, '')",
            ),
            default_sort=self.ISSUED,
            default_order=Qt.SortOrder.DescendingOrder,
        )

    def colours(self, row: dict[str, Any]) -> tuple[QColor | None, QColor | None] | None:
        return DONE if row["voided"] else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A back-entered number (from an old register) says so: it has no stored PDF."""
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.NUMBER:
            row = self.row(index.row()) if index.isValid() else None
            if row is not None and not row["stored"]:
                return BACK_ENTRY_TIP
        return super().data(index, role)


# -- 回收站 ------------------------------------------------------------------------------

_KIND_LABEL_SQL = (
    "CASE b.table_name "
    + " ".join(f"WHEN '{k.table}' THEN '{k.label}'" for k in KINDS.values())
    + " ELSE b.table_name END"
)


class RecycleBinModel(SqlListModel):
    KIND, TITLE, DELETED_BY, DELETED_AT = range(4)

    def query(self) -> Query:
        return Query(
            table="recycle_bin",
            source="recycle_bin b",
            id_sql="b.id",
            columns=(
                Column("kind", "类型", _KIND_LABEL_SQL, width=100),
                Column("title", "内容", "b.title", width=420, tooltip=True),
                Column("deleted_by", "删除人", "b.deleted_by", width=100),
                Column("deleted_at", "删除时间", "b.deleted_at", width=160),
            ),
            extras={"table_name": "b.table_name", "record_id": "b.record_id"},
            where="b.restored_at IS NULL",
            date="substr(b.deleted_at, 1, 10)",
            date_label="删除日期",
            kind=Filter(
                "b.table_name = :kind",
                tuple(k.table for k in KINDS.values()),
                label="类型",
            ),
            search=("b.title", "b.deleted_by"),
            default_sort=self.DELETED_AT,
            default_order=Qt.SortOrder.DescendingOrder,
        )


# -- 监督检查 ----------------------------------------------------------------------------


class InspectionsModel(SqlListModel):
    """监督检查: one row per inspection, with how many units it covered and what it found."""

    KIND, THEME, START, END, UNITS, FINDINGS = range(6)

    def query(self) -> Query:
        return Query(
            table="inspections",
            source="inspections i",
            id_sql="i.id",
            columns=(
                Column("kind", "检查类型", "i.kind", width=120),
                Column("theme", "检查主题", "i.theme", width=340, tooltip=True),
                Column("start_date", "开始日期", "i.start_date", width=100),
                Column("end_date", "结束日期", "i.end_date", width=100),
                Column(
                    "unit_count",
                    "被检查单位数",
                    "(SELECT COUNT(*) FROM inspection_units iu WHERE iu.inspection_id = i.id)",
                    width=100,
                    align_center=True,
                ),
                Column(
                    "finding_count",
                    "发现问题数",
                    "(SELECT COUNT(*) FROM rectifications r WHERE r.inspection_id = i.id)",
                    width=90,
                    align_center=True,
                ),
            ),
            date="i.start_date",
            date_label="开始日期",
            kind=Filter("i.kind = :kind", dictionary="inspection_kind", label="检查类型"),
            unit="i.id IN (SELECT inspection_id FROM inspection_units WHERE unit_id = :unit_id)",
            search=("i.theme", "COALESCE(i.team, '')", "COALESCE(i.notes, '')"),
            search_ids=(
                "i.id IN (SELECT inspection_id FROM inspection_units"
                f" WHERE unit_id IN ({_UNIT_NAME_IDS}))",
            ),
            default_sort=self.START,
            default_order=Qt.SortOrder.DescendingOrder,
        )


# -- 函询 ------------------------------------------------------------------------------

INQUIRY_WAITING = "待回复"
INQUIRY_OVERDUE = "逾期未回复"
INQUIRY_REPLIED = "已回复"
INQUIRY_STATUS_SQL = (
    f"CASE WHEN q.reply_date IS NOT NULL THEN '{INQUIRY_REPLIED}'"
    f" WHEN q.reply_due IS NOT NULL AND q.reply_due < :today THEN '{INQUIRY_OVERDUE}'"
    f" ELSE '{INQUIRY_WAITING}' END"
)


class InquiriesModel(SqlListModel):
    """函询: reply deadline red when passed without a reply, amber within 7 days."""

    CLUE, PERSON, SENT, DELIVERED, DUE, REPLIED, CONCLUSION = range(7)

    def query(self) -> Query:
        return Query(
            table="inquiries",
            source=(
                "inquiries q LEFT JOIN clues c ON c.id = q.clue_id"
                " LEFT JOIN persons p ON p.id = q.person_id"
            ),
            id_sql="q.id",
            columns=(
                Column("ledger_no", "线索编号", "c.ledger_no", width=110),
                Column("person", "函询对象", "p.name", width=100),
                Column("sent_date", "发函日期", "q.sent_date", width=100),
                Column("delivered_date", "送达日期", "q.delivered_date", width=100),
                Column("reply_due", "回复期限", "q.reply_due", width=100),
                Column("reply_date", "回复日期", "q.reply_date", width=100),
                Column("conclusion", "函询结论", "q.conclusion", width=160),
            ),
            extras={"status": INQUIRY_STATUS_SQL},
            date="q.sent_date",
            date_label="发函日期",
            status=Filter(
                f"({INQUIRY_STATUS_SQL}) = :status",
                (INQUIRY_WAITING, INQUIRY_OVERDUE, INQUIRY_REPLIED),
                label="回复情况",
            ),
            kind=Filter("q.conclusion = :kind", dictionary="inquiry_conclusion", label="函询结论"),
            unit="p.unit_id = :unit_id",
            person="q.person_id = :person_id",
            search=("COALESCE(c.ledger_no, '')", "COALESCE(q.notes, '')", "COALESCE(p.name, '')"),
            default_sort=self.SENT,
            default_order=Qt.SortOrder.DescendingOrder,
        )

    def colours(self, row: dict[str, Any]) -> tuple[QColor | None, QColor | None] | None:
        return _deadline_colours(row["reply_due"], row["reply_date"] is not None, self.today())


# -- 建议书 ----------------------------------------------------------------------------

PROPOSAL_CLOSED = "已办结"


class ProposalsModel(SqlListModel):
    """建议书: reply deadline red when passed without a reply, amber within 7 days."""

    KIND, MATTER, UNIT, NUMBER, DUE, REPLIED, STATUS = range(7)

    def query(self) -> Query:
        return Query(
            table="proposals",
            source=(
                "proposals g LEFT JOIN units u ON u.id = g.unit_id"
                " LEFT JOIN documents d ON d.id = g.document_id"
            ),
            id_sql="g.id",
            columns=(
                Column("kind", "种类", "g.kind", width=120),
                Column("matter", "事项", "g.matter", width=300, tooltip=True),
                Column("unit", "主送单位", "u.name", width=160),
                Column("number", "文号", "d.number", width=160),
                Column("reply_due", "回复期限", "g.reply_due", width=100),
                Column("reply_date", "回复日期", "g.reply_date", width=100),
                Column("status", "状态", "g.status", width=90),
            ),
            date="g.reply_due",
            date_label="回复期限",
            status=Filter("g.status = :status", dictionary="proposal_status", label="办理状态"),
            kind=Filter("g.kind = :kind", tuple(PROPOSAL_KINDS), label="建议书种类"),
            unit="g.unit_id = :unit_id",
            search=(
                "g.matter",
                "COALESCE(d.number, '')",
                "COALESCE(u.name, '')",
                "COALESCE(g.area, '')",
                "COALESCE(g.notes, '')",
            ),
            default_sort=self.DUE,
            default_order=Qt.SortOrder.DescendingOrder,
        )

    def colours(self, row: dict[str, Any]) -> tuple[QColor | None, QColor | None] | None:
        done = row["reply_date"] is not None or row["status"] == PROPOSAL_CLOSED
        return _deadline_colours(row["reply_due"], done, self.today())
