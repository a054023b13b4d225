"""Every record list the clerk works with, declared once. Column order follows the ledgers.

Headers come from kinds.py (`field_column`); a header typed here is a value no single
field holds (a count, a derived state, several fields in one column). The derived states
(办理进度, 整改状态, 回复情况) are SQL written once below, with the rule in words beside
them; desktop/ui/models/lists.py only adds colours and tooltips.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop.domain import search
from desktop.domain.notice_kinds import PROPOSAL_KINDS
from desktop.queries import rectification
from desktop.queries.campaigns import attendance_sql, sessions_sql
from desktop.queries.core import (
    URGENCY,
    Column,
    Filter,
    Query,
    field_column,
    label_of,
    urgency_sql,
    yes_no,
)
from desktop.queries.progress import (  # the derived states, one definition each
    CLUE_FINISHED,
    CLUE_STATUS_SQL,
    CLUE_STATUSES,
    INQUIRY_OVERDUE,
    INQUIRY_REPLIED,
    INQUIRY_STATUS_SQL,
    INQUIRY_WAITING,
)
from desktop.queries.responsible import responsible_is_person_sql
from desktop.store.document_kinds import BULLETINS as BULLETIN_KINDS
from desktop.store.kinds import KINDS

if TYPE_CHECKING:
    from desktop.store.db import Store

_PERSON_NAME_IDS = search.PERSON_IDS  # by any part of the name, its pinyin or initials
_UNIT_NAME_IDS = search.UNIT_IDS


# -- 谈话记录 ----------------------------------------------------------------------------

_TALK_SUBJECTS = (
    "(SELECT group_concat(p.name, '、') FROM talk_subjects ts"
    " JOIN persons p ON p.id = ts.person_id WHERE ts.talk_id = t.id)"
)
_TALK_POSTS = (
    "(SELECT group_concat(COALESCE(ts.unit_name, '') || COALESCE(ts.post, ''), '；')"
    " FROM talk_subjects ts WHERE ts.talk_id = t.id)"
)
_TALKERS = "(SELECT group_concat(tt.name, '、') FROM talk_talkers tt WHERE tt.talk_id = t.id)"

TALKS = Query(
    table="talks",
    source="talks t",
    id_sql="t.id",
    columns=(
        field_column("talks", "date", "t.date", width=100),
        field_column("talks", "kind", "t.kind", width=110),
        field_column("talk_subjects", "person_id", _TALK_SUBJECTS, key="subjects", width=130),
        # 时任单位 and 时任职务 of every subject in one column
        Column("posts", "单位职务", _TALK_POSTS, width=220, tooltip=True),
        Column("talkers", KINDS["talk_talkers"].label, _TALKERS, width=130),
        field_column("talks", "reason", "t.reason", width=320, tooltip=True),
    ),
    date="t.date",
    date_label=label_of("talks", "date"),
    kind=Filter("t.kind = :kind", dictionary="talk_kind", label=label_of("talks", "kind")),
    unit=(
        "t.id IN (SELECT ts.talk_id FROM talk_subjects ts JOIN persons p"
        " ON p.id = ts.person_id WHERE p.unit_id = :unit_id)"
    ),
    person="t.id IN (SELECT talk_id FROM talk_subjects WHERE person_id = :person_id)",
    search=("t.reason", "COALESCE(t.place, '')", "COALESCE(t.recorder, '')"),
    search_own_ids=(
        search.SUBJECT_TALK_IDS,
        search.TALKER_TALK_IDS,
        search.SUBJECT_UNIT_TALK_IDS,
    ),
    walk=("date",),  # ix_talks_date
    default_sort="date",
    default_desc=True,
)


# -- 问题线索 ----------------------------------------------------------------------------

CLUE_PROGRESS = "办理进度"
# A 谈话函询 clue has been acted on once a talk about it is recorded or a 函询 letter to
# its person was answered: its 办理时限 was for that step, so it is no longer overdue.
CLUE_TALKED_SQL = (
    "(EXISTS (SELECT 1 FROM talks t WHERE t.clue_id = c.id)"
    " OR EXISTS (SELECT 1 FROM inquiries q WHERE q.clue_id = c.id AND q.reply_date IS NOT NULL))"
)

# A clue's 办理时限 stops counting once it is finished, and for 谈话函询 once acted on
# (its reply is followed in 函询); a finished clue is not greyed.
_FINISHED_SQL = ", ".join(f"'{s}'" for s in CLUE_FINISHED)
CLUE_URGENCY_SQL = (
    f"CASE WHEN ({CLUE_STATUS_SQL}) IN ({_FINISHED_SQL}) THEN NULL"
    f" WHEN ({CLUE_STATUS_SQL}) = '谈话函询' AND {CLUE_TALKED_SQL} THEN NULL"
    f" ELSE {urgency_sql('c.due_date')} END"
)

_CLUE_PERSONS = (
    "(SELECT group_concat(p.name, '、') FROM clue_persons cp"
    " JOIN persons p ON p.id = cp.person_id WHERE cp.clue_id = c.id)"
)
# the reported unit, else the units its persons served in then
_CLUE_UNIT = (
    "COALESCE((SELECT name FROM units WHERE id = c.reported_unit_id),"
    " (SELECT group_concat(cp.unit_name, '、') FROM clue_persons cp"
    " WHERE cp.clue_id = c.id))"
)

CLUES = Query(
    table="clues",
    source="clues c",
    id_sql="c.id",
    columns=(
        field_column("clues", "ledger_no", "c.ledger_no", width=110),
        field_column("clues", "received_date", "c.received_date", width=100),
        field_column("clues", "source", "c.source", width=130),
        field_column("clue_persons", "person_id", _CLUE_PERSONS, key="persons", width=110),
        field_column("clues", "reported_unit_id", _CLUE_UNIT, key="unit", width=150, tooltip=True),
        field_column("clues", "summary", "c.summary", width=300, tooltip=True),
        field_column("clues", "disposition", "c.disposition", width=90),
        Column("status", CLUE_PROGRESS, CLUE_STATUS_SQL, width=90),
        field_column("clues", "due_date", "c.due_date", width=100),
    ),
    date="c.received_date",
    date_label=label_of("clues", "received_date"),
    status=Filter(f"({CLUE_STATUS_SQL}) = :status", CLUE_STATUSES, label=CLUE_PROGRESS),
    kind=Filter("c.source = :kind", dictionary="clue_source", label=label_of("clues", "source")),
    unit=(
        "(c.reported_unit_id = :unit_id OR c.id IN (SELECT cp.clue_id FROM clue_persons cp"
        " JOIN persons p ON p.id = cp.person_id WHERE p.unit_id = :unit_id))"
    ),
    person="c.id IN (SELECT clue_id FROM clue_persons WHERE person_id = :person_id)",
    search=("c.summary", "COALESCE(c.ledger_no, '')", "COALESCE(c.handler, '')"),
    search_ids=(
        f"c.id IN (SELECT clue_id FROM clue_persons WHERE person_id IN ({_PERSON_NAME_IDS}))",
        f"c.reported_unit_id IN ({_UNIT_NAME_IDS})",
    ),
    default_sort="received_date",
    default_desc=True,
    extras={
        URGENCY: CLUE_URGENCY_SQL,
        "forwarded_date": "c.forwarded_date",
        "forwarded_to": "c.forwarded_to",
    },
)


# -- 整改事项 ----------------------------------------------------------------------------

RECT_OVERDUE = rectification.OVERDUE
# 整改状态 as shown: an open item (待整改, 整改中) past its 整改时限 shows 逾期; an item
# reported done (已整改待验收) or closed (已销号) shows its status, whatever the date
RECT_STATUS_SQL = rectification.shown_status_sql()
_RECT_OPEN_SQL = ", ".join(f"'{s}'" for s in rectification.OPEN)
# red or amber only while open; reported done or closed, grey
RECT_URGENCY_SQL = urgency_sql("r.deadline", f"COALESCE(r.status, '') NOT IN ({_RECT_OPEN_SQL})")

RECTIFICATIONS = Query(
    table="rectifications",
    source="rectifications r LEFT JOIN units u ON u.id = r.unit_id",
    id_sql="r.id",
    columns=(
        field_column("rectifications", "finding", "r.finding", width=360, tooltip=True),
        field_column("rectifications", "unit_id", "u.name", key="unit", width=160),
        field_column("rectifications", "responsible", "r.responsible", width=80),
        field_column("rectifications", "deadline", "r.deadline", width=100),
        field_column("rectifications", "status", RECT_STATUS_SQL, width=110),
        field_column("rectifications", "found_date", "r.found_date", width=100),
    ),
    extras={URGENCY: RECT_URGENCY_SQL},
    date="r.found_date",
    date_label=label_of("rectifications", "found_date"),
    status=Filter(
        f"({RECT_STATUS_SQL}) = :status",
        (RECT_OVERDUE,),
        dictionary="rect_status",
        label=label_of("rectifications", "status"),
    ),
    unit="r.unit_id = :unit_id",
    person=responsible_is_person_sql("r", ":person_id"),
    search=("r.finding", "COALESCE(r.responsible, '')", "COALESCE(u.name, '')"),
    default_sort="deadline",
    default_desc=True,  # this year's items, not 2023's closed ones
)


# -- 人员档案 ----------------------------------------------------------------------------

PERSONS = Query(
    table="persons",
    source="persons p LEFT JOIN units u ON u.id = p.unit_id",
    id_sql="p.id",
    columns=(
        field_column("persons", "name", "p.name", sort_sql="p.name_pinyin", width=90),
        field_column("persons", "gender", "p.gender", width=50, align_center=True),
        field_column(
            "persons", "unit_id", "u.name", key="unit", sort_sql="u.name_pinyin", width=180
        ),
        field_column("persons", "post", "p.post", width=180),
        field_column("persons", "rank", "p.rank", width=120),
        field_column("persons", "political_status", "p.political_status", width=90),
    ),
    kind=Filter("p.rank = :kind", dictionary="rank", label=label_of("persons", "rank")),
    status=Filter(
        "p.political_status = :status",
        dictionary="political_status",
        label=label_of("persons", "political_status"),
    ),
    unit="p.unit_id = :unit_id",
    person="p.id = :person_id",
    search=("COALESCE(p.post, '')", "COALESCE(u.name, '')"),
    search_ids=(f"p.id IN ({_PERSON_NAME_IDS})",),
    default_sort="name",
)


# -- 单位 ------------------------------------------------------------------------------

UNITS = Query(
    table="units",
    source="units n LEFT JOIN units pu ON pu.id = n.parent_id",
    id_sql="n.id",
    columns=(
        field_column("units", "name", "n.name", sort_sql="n.name_pinyin", width=220),
        field_column("units", "kind", "n.kind", width=110),
        field_column(
            "units", "parent_id", "pu.name", key="parent", sort_sql="pu.name_pinyin", width=180
        ),
        Column(
            "persons",
            "人员数",
            "(SELECT COUNT(*) FROM persons WHERE unit_id = n.id)",
            width=70,
            align_center=True,
        ),
        field_column("units", "active", "n.active", width=70, fmt=yes_no, align_center=True),
    ),
    kind=Filter("n.kind = :kind", dictionary="unit_kind", label=label_of("units", "kind")),
    unit="(n.id = :unit_id OR n.parent_id = :unit_id)",
    search=("COALESCE(n.notes, '')",),
    search_ids=(f"n.id IN ({_UNIT_NAME_IDS})",),
    default_sort="name",
)


# -- 文书登记 ----------------------------------------------------------------------------

DOCUMENTS = Query(
    table="documents",
    source="documents d",
    id_sql="d.id",
    columns=(
        field_column("documents", "number", "d.number", width=160),
        field_column("documents", "kind", "d.kind", width=130),
        field_column("documents", "title", "d.title", width=440, tooltip=True),
        field_column("documents", "addressee", "d.addressee", width=160),
        field_column("documents", "issued_date", "d.issued_date", width=100),
        field_column("documents", "operator", "d.operator", width=80),
    ),
    extras={"voided": "d.voided", "stored": "d.pdf_path IS NOT NULL"},
    date="d.issued_date",
    date_label=label_of("documents", "issued_date"),
    kind=Filter("d.kind = :kind", dictionary="notice_kind", label=label_of("documents", "kind")),
    search=(
        "d.title",
        "COALESCE(d.number, '')",
        "COALESCE(d.addressee, '')",
        "COALESCE(d.operator, '')",
    ),
    default_sort="issued_date",
    default_desc=True,
)


# -- 回收站 ------------------------------------------------------------------------------

_KIND_LABEL_SQL = (
    "CASE b.table_name "
    + " ".join(f"WHEN '{k.table}' THEN '{k.label}'" for k in KINDS.values())
    + " ELSE b.table_name END"
)

RECYCLE_BIN = Query(
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
    kind=Filter("b.table_name = :kind", tuple(k.table for k in KINDS.values()), label="类型"),
    search=("b.title", "b.deleted_by"),
    default_sort="deleted_at",
    default_desc=True,
)


# -- 监督检查 ----------------------------------------------------------------------------

INSPECTIONS = Query(
    table="inspections",
    source="inspections i",
    id_sql="i.id",
    columns=(
        field_column("inspections", "kind", "i.kind", width=120),
        field_column("inspections", "theme", "i.theme", width=340, tooltip=True),
        field_column("inspections", "start_date", "i.start_date", width=100),
        field_column("inspections", "end_date", "i.end_date", width=100),
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
    date_label=label_of("inspections", "start_date"),
    kind=Filter(
        "i.kind = :kind", dictionary="inspection_kind", label=label_of("inspections", "kind")
    ),
    unit="i.id IN (SELECT inspection_id FROM inspection_units WHERE unit_id = :unit_id)",
    search=("i.theme", "COALESCE(i.team, '')", "COALESCE(i.notes, '')"),
    search_ids=(
        f"i.id IN (SELECT inspection_id FROM inspection_units WHERE unit_id IN ({_UNIT_NAME_IDS}))",
    ),
    default_sort="start_date",
    default_desc=True,
)


# -- 函询 ------------------------------------------------------------------------------

INQUIRIES = Query(
    table="inquiries",
    source=(
        "inquiries q LEFT JOIN clues c ON c.id = q.clue_id"
        " LEFT JOIN persons p ON p.id = q.person_id"
    ),
    id_sql="q.id",
    columns=(
        field_column("clues", "ledger_no", "c.ledger_no", width=110),
        field_column("inquiries", "person_id", "p.name", key="person", width=100),
        field_column("inquiries", "sent_date", "q.sent_date", width=100),
        field_column("inquiries", "delivered_date", "q.delivered_date", width=100),
        field_column("inquiries", "reply_due", "q.reply_due", width=100),
        field_column("inquiries", "reply_date", "q.reply_date", width=100),
        field_column("inquiries", "conclusion", "q.conclusion", width=160),
    ),
    extras={
        "status": INQUIRY_STATUS_SQL,
        URGENCY: urgency_sql("q.reply_due", "q.reply_date IS NOT NULL"),
    },
    date="q.sent_date",
    date_label=label_of("inquiries", "sent_date"),
    status=Filter(
        f"({INQUIRY_STATUS_SQL}) = :status",
        (INQUIRY_WAITING, INQUIRY_OVERDUE, INQUIRY_REPLIED),
        label="回复情况",
    ),
    kind=Filter(
        "q.conclusion = :kind",
        dictionary="inquiry_conclusion",
        label=label_of("inquiries", "conclusion"),
    ),
    unit="p.unit_id = :unit_id",
    person="q.person_id = :person_id",
    search=("COALESCE(c.ledger_no, '')", "COALESCE(q.notes, '')", "COALESCE(p.name, '')"),
    default_sort="sent_date",
    default_desc=True,
)


# -- 建议书 ----------------------------------------------------------------------------

PROPOSAL_CLOSED = "已办结"
# the page is headed 建议书 and these columns are narrow: the clerk's short headers stay
_SHORT = "short header under the 建议书 page title, as the clerk has always seen it"

PROPOSALS = Query(
    table="proposals",
    source=(
        "proposals g LEFT JOIN units u ON u.id = g.unit_id"
        " LEFT JOIN documents d ON d.id = g.document_id"
    ),
    id_sql="g.id",
    columns=(
        Column("kind", "种类", "g.kind", width=120, field="proposals.kind", relabelled=_SHORT),
        Column(
            "matter",
            "事项",
            "g.matter",
            width=300,
            tooltip=True,
            field="proposals.matter",
            relabelled=_SHORT,
        ),
        field_column("proposals", "unit_id", "u.name", key="unit", width=160),
        field_column("documents", "number", "d.number", width=160),
        field_column("proposals", "reply_due", "g.reply_due", width=100),
        field_column("proposals", "reply_date", "g.reply_date", width=100),
        Column("status", "状态", "g.status", width=90, field="proposals.status", relabelled=_SHORT),
    ),
    date="g.reply_due",
    date_label=label_of("proposals", "reply_due"),
    status=Filter(
        "g.status = :status", dictionary="proposal_status", label=label_of("proposals", "status")
    ),
    kind=Filter("g.kind = :kind", tuple(PROPOSAL_KINDS), label=label_of("proposals", "kind")),
    unit="g.unit_id = :unit_id",
    search=(
        "g.matter",
        "COALESCE(d.number, '')",
        "COALESCE(u.name, '')",
        "COALESCE(g.area, '')",
        "COALESCE(g.notes, '')",
    ),
    extras={
        URGENCY: urgency_sql(
            "g.reply_due", f"g.reply_date IS NOT NULL OR g.status = '{PROPOSAL_CLOSED}'"
        )
    },
    default_sort="reply_due",
    default_desc=True,
)


# -- 专项工作, 工作活动, 通报, 问责 (issue #15) ------------------------------------------

CAMPAIGN_STATUS = "进行中状态"
# 已结束 once its end date has passed; 未开始 before its start date; else 进行中
CAMPAIGN_STATUS_SQL = (
    "CASE WHEN m.end_date IS NOT NULL AND m.end_date < :today THEN '已结束'"
    " WHEN m.start_date > :today THEN '未开始' ELSE '进行中' END"
)
CAMPAIGN_STATUSES = ("进行中", "未开始", "已结束")

CAMPAIGNS = Query(
    table="campaigns",
    source="campaigns m",
    id_sql="m.id",
    columns=(
        field_column("campaigns", "name", "m.name", width=320, tooltip=True),
        field_column("campaigns", "theme", "m.theme", width=100),
        field_column("campaigns", "start_date", "m.start_date", width=100),
        field_column("campaigns", "end_date", "m.end_date", width=100),
        field_column("campaigns", "lead_office", "m.lead_office", width=140),
        Column(
            "unit_count",
            "覆盖单位数",
            "(SELECT COUNT(*) FROM campaign_units cu WHERE cu.campaign_id = m.id)",
            width=90,
            align_center=True,
        ),
        Column("status", "状态", CAMPAIGN_STATUS_SQL, width=80),
    ),
    date="m.start_date",
    date_label=label_of("campaigns", "start_date"),
    status=Filter(f"({CAMPAIGN_STATUS_SQL}) = :status", CAMPAIGN_STATUSES, label="状态"),
    kind=Filter(
        "m.theme = :kind", dictionary="campaign_theme", label=label_of("campaigns", "theme")
    ),
    unit="m.id IN (SELECT campaign_id FROM campaign_units WHERE unit_id = :unit_id)",
    search=("m.name", "COALESCE(m.lead_office, '')"),
    search_ids=(
        f"m.id IN (SELECT campaign_id FROM campaign_units WHERE unit_id IN ({_UNIT_NAME_IDS}))",
    ),
    default_sort="start_date",
    default_desc=True,
)


def _campaign_names(link: str, fk: str, id_sql: str) -> str:
    """The names of the campaigns a record is linked to, in one cell."""
    return (
        f"(SELECT group_concat(cm.name, '、') FROM {link} lk JOIN campaigns cm"
        f" ON cm.id = lk.campaign_id WHERE lk.{fk} = {id_sql})"
    )


_ACTIVITY_UNITS = (
    "(SELECT group_concat(u.name, '、') FROM activity_units au"
    " JOIN units u ON u.id = au.unit_id WHERE au.activity_id = a.id)"
)

ACTIVITIES = Query(
    table="activities",
    source="activities a",
    id_sql="a.id",
    columns=(
        field_column("activities", "date", "a.date", width=100),
        field_column("activities", "kind", "a.kind", width=110),
        field_column("activities", "title", "a.title", width=300, tooltip=True),
        field_column(
            "activity_units", "unit_id", _ACTIVITY_UNITS, key="units", width=180, tooltip=True
        ),
        field_column(
            "activities", "sessions", sessions_sql("a"), key="sessions", width=60, align_center=True
        ),
        # the one 人次 rule: persons listed, else the number typed (queries/campaigns.py)
        field_column(
            "activities",
            "attendance",
            attendance_sql("a"),
            key="attendance",
            width=60,
            align_center=True,
        ),
        Column(
            "campaigns",
            KINDS["activity_campaigns"].label,
            _campaign_names("activity_campaigns", "activity_id", "a.id"),
            width=200,
            tooltip=True,
        ),
    ),
    date="a.date",
    date_label=label_of("activities", "date"),
    kind=Filter("a.kind = :kind", dictionary="activity_kind", label=label_of("activities", "kind")),
    unit="a.id IN (SELECT activity_id FROM activity_units WHERE unit_id = :unit_id)",
    person="a.id IN (SELECT activity_id FROM activity_persons WHERE person_id = :person_id)",
    search=("a.title", "COALESCE(a.place, '')", "COALESCE(a.organizer, '')"),
    search_ids=(
        "a.id IN (SELECT activity_id FROM activity_persons"
        f" WHERE person_id IN ({_PERSON_NAME_IDS}))",
        f"a.id IN (SELECT activity_id FROM activity_units WHERE unit_id IN ({_UNIT_NAME_IDS}))",
    ),
    default_sort="date",
    default_desc=True,
)

BULLETINS = Query(
    table="bulletins",
    source="bulletins b LEFT JOIN documents d ON d.id = b.document_id",
    id_sql="b.id",
    columns=(
        field_column("bulletins", "date", "b.date", width=100),
        field_column("bulletins", "kind", "b.kind", width=110),
        field_column("bulletins", "title", "b.title", width=320, tooltip=True),
        field_column("documents", "number", "d.number", width=160),
        Column(
            "items",
            "起数",
            "(SELECT COUNT(*) FROM bulletin_items bi WHERE bi.bulletin_id = b.id)",
            width=60,
            align_center=True,
        ),
        field_column("bulletins", "scope", "b.scope", width=160, tooltip=True),
        Column(
            "campaigns",
            KINDS["bulletin_campaigns"].label,
            _campaign_names("bulletin_campaigns", "bulletin_id", "b.id"),
            width=200,
            tooltip=True,
        ),
    ),
    date="b.date",
    date_label=label_of("bulletins", "date"),
    kind=Filter("b.kind = :kind", BULLETIN_KINDS, label=label_of("bulletins", "kind")),
    unit="b.id IN (SELECT bulletin_id FROM bulletin_items WHERE unit_id = :unit_id)",
    person="b.id IN (SELECT bulletin_id FROM bulletin_items WHERE person_id = :person_id)",
    search=("b.title", "COALESCE(b.scope, '')"),
    search_ids=(
        f"b.id IN (SELECT bulletin_id FROM bulletin_items WHERE person_id IN ({_PERSON_NAME_IDS}))",
        f"b.id IN (SELECT bulletin_id FROM bulletin_items WHERE unit_id IN ({_UNIT_NAME_IDS}))",
    ),
    default_sort="date",
    default_desc=True,
)

# 问责对象 in one column: the person held to account, else the unit
ACCOUNTABILITY_TARGET = "问责对象"

ACCOUNTABILITIES = Query(
    table="accountabilities",
    source=(
        "accountabilities ac LEFT JOIN persons p ON p.id = ac.person_id"
        " LEFT JOIN units u ON u.id = ac.unit_id"
    ),
    id_sql="ac.id",
    columns=(
        field_column("accountabilities", "date", "ac.date", width=100),
        Column(
            "target",
            ACCOUNTABILITY_TARGET,
            "TRIM(COALESCE(p.name, '') || ' ' || COALESCE(u.name, ''))",
            width=180,
        ),
        field_column("accountabilities", "method", "ac.method", width=110),
        field_column("accountabilities", "reason", "ac.reason", width=340, tooltip=True),
        field_column("accountabilities", "decided_by", "ac.decided_by", width=140),
        Column(
            "source",
            "来源",
            "CASE WHEN ac.rect_id IS NOT NULL THEN '整改事项'"
            " WHEN ac.clue_id IS NOT NULL THEN '问题线索' ELSE '' END",
            width=80,
        ),
    ),
    date="ac.date",
    date_label=label_of("accountabilities", "date"),
    kind=Filter(
        "ac.method = :kind",
        dictionary="accountability_method",
        label=label_of("accountabilities", "method"),
    ),
    unit="(ac.unit_id = :unit_id OR p.unit_id = :unit_id)",
    person="ac.person_id = :person_id",
    search=("ac.reason", "COALESCE(ac.decided_by, '')"),
    search_ids=(
        f"ac.person_id IN ({_PERSON_NAME_IDS})",
        f"ac.unit_id IN ({_UNIT_NAME_IDS})",
    ),
    default_sort="date",
    default_desc=True,
)

ALL = (
    TALKS,
    CLUES,
    RECTIFICATIONS,
    PERSONS,
    UNITS,
    DOCUMENTS,
    RECYCLE_BIN,
    INSPECTIONS,
    INQUIRIES,
    PROPOSALS,
    CAMPAIGNS,
    ACTIVITIES,
    BULLETINS,
    ACCOUNTABILITIES,
)


# -- what the filter bars offer -------------------------------------------------------


def unit_choices(store: Store) -> list[tuple[int, str]]:
    """(id, name) of every unit, by pinyin: the unit filter's drop-down."""
    rows = store.query("SELECT id, name FROM units ORDER BY name_pinyin, name")
    return [(int(r["id"]), str(r["name"])) for r in rows]


def person_choices(store: Store, text: str, limit: int) -> list[dict[str, Any]]:
    """Persons whose name matches `text` (any part, full pinyin or initials:
    desktop/domain/search.py), the exact name first, then by pinyin; each with its unit
    and how many persons share the name (namesakes are told apart by their unit)."""
    return store.query(
        "SELECT p.id, p.name, u.name AS unit,"
        " (SELECT COUNT(*) FROM persons q WHERE q.name = p.name) AS namesakes"
        " FROM persons p LEFT JOIN units u ON u.id = p.unit_id"
        f" WHERE {search.name_condition('p.')}"
        f" ORDER BY {search.name_order('p.')} LIMIT :limit",
        {**search.params(text), "limit": limit},
    )


def persons_named(store: Store, name: str, limit: int = 2) -> list[int]:
    """Ids of persons with exactly this name (two are enough to know it is ambiguous)."""
    rows = store.query("SELECT id FROM persons WHERE name = ? LIMIT ?", [name, limit])
    return [int(r["id"]) for r in rows]
