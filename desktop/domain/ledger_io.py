"""Ledgers (台账) from the store, in the column layouts offices use (domain.md §5).

Each ledger starts with the §5 columns in their order; a few columns follow them
that the §5 layouts leave out but the store needs to take the ledger back without
loss (处置日期, 立案日期, 发现时间, 整改状态, ...). desktop.domain.ledger_import reads
both these files and the offices' legacy ones.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.documents.ledgers import Cancelled, Column, ColumnKind, UnwritableText, write_ledger
from desktop.domain import stats
from desktop.domain.forms import FORM_LABELS, OutcomeInfo, heaviest, outcome_table
from desktop.domain.privacy import mask_contact as mask_contact  # one rule, re-exported
from desktop.domain.privacy import mask_name as mask_name
from desktop.queries.campaigns import attendance_sql, campaigns_of_sql
from desktop.store import audit
from desktop.store.errors import UserError
from desktop.store.kinds import KINDS

if TYPE_CHECKING:
    from desktop.store.db import Store

CLUES, TALKS, RECTS, DOCUMENTS, PERSONS = "问题线索", "谈话", "整改", "文书", "人员"
INSPECTIONS, ACTIVITIES = "监督检查", "工作活动"
CAMPAIGNS, ACCOUNTABILITIES, BULLETINS = "专项工作", "问责", "通报"
TITLES = {
    CLUES: "问题线索处置台账",
    TALKS: "谈话台账",
    RECTS: "整改问题台账",
    DOCUMENTS: "文书登记簿",
    PERSONS: "人员名单",
    INSPECTIONS: "监督检查台账",
    ACTIVITIES: "工作活动台账",
    CAMPAIGNS: "专项工作台账",
    ACCOUNTABILITIES: "问责台账",
    BULLETINS: "通报台账",
}
_ALIASES = {
    "线索": CLUES,
    "问题线索台账": CLUES,
    "clues": CLUES,
    "谈话记录": TALKS,
    "talks": TALKS,
    "整改台账": RECTS,
    "整改事项": RECTS,
    "rectifications": RECTS,
    "文书登记": DOCUMENTS,
    "文书台账": DOCUMENTS,
    "documents": DOCUMENTS,
    "人员台账": PERSONS,
    "人员信息表": PERSONS,
    "persons": PERSONS,
    "监督检查记录": INSPECTIONS,
    "检查台账": INSPECTIONS,
    "督查台账": INSPECTIONS,
    "inspections": INSPECTIONS,
    "工作活动记录": ACTIVITIES,
    "活动台账": ACTIVITIES,
    "activities": ACTIVITIES,
    "专项工作清单": CAMPAIGNS,
    "专项整治台账": CAMPAIGNS,
    "campaigns": CAMPAIGNS,
    "问责情况台账": ACCOUNTABILITIES,
    "追责问责台账": ACCOUNTABILITIES,
    "accountabilities": ACCOUNTABILITIES,
    "通报曝光台账": BULLETINS,
    "bulletins": BULLETINS,
}
MULTI = "；"  # between values for several persons in one cell
NAMES = "、"  # between names
ROLE = KINDS["activity_persons"].field("role").default  # 参加人员: the role not written out


@dataclass(frozen=True)
class LedgerColumn:
    key: str  # what the importer maps the column to
    header: str
    width: float = 12
    kind: ColumnKind = "text"
    synonyms: tuple[str, ...] = ()
    export_only: bool = False  # derived on export, ignored on import
    import_only: bool = False  # how old ledgers write it; our exports use other columns


@dataclass(frozen=True)
class Ledger:
    name: str
    title: str
    table: str
    date_field: str | None  # the period filter
    columns: tuple[LedgerColumn, ...] = field(default_factory=tuple)

    def column(self, key: str) -> LedgerColumn:
        return next(c for c in self.columns if c.key == key)

    @property
    def exported(self) -> tuple[LedgerColumn, ...]:
        """The columns an export writes, in order."""
        return tuple(c for c in self.columns if not c.import_only)


C = LedgerColumn  # a column the ledger derives (no one field of the table holds it)


class _Fields:
    """Columns that are a field of `table`, headed by the field's label (kinds.py): one
    label, not typed again here. `header` is for a column the §5 layout names otherwise;
    the field's label then still reads the column on import (a synonym)."""

    def __init__(self, table: str) -> None:
        self.kind = KINDS[table]

    def __call__(
        self,
        name: str,
        width: float = 12,
        kind: ColumnKind = "text",
        synonyms: tuple[str, ...] = (),
        *,
        header: str | None = None,
        export_only: bool = False,
        key: str | None = None,
    ) -> LedgerColumn:
        """`key`: the column's own key when the field's name is another column's."""
        label = self.kind.field(name).label
        if header is not None and header != label:
            synonyms = (label, *synonyms)
        return LedgerColumn(key or name, header or label, width, kind, synonyms, export_only)


# In the ledgers below, header="…" is the name domain.md §5's layout gives a column
# whose field kinds.py labels otherwise (来件时间 for 收件日期): the ledger keeps it.
clue, talk, rect = _Fields("clues"), _Fields("talks"), _Fields("rectifications")
document, person = _Fields("documents"), _Fields("persons")
inspection, activity = _Fields("inspections"), _Fields("activities")
campaign, held = _Fields("campaigns"), _Fields("accountabilities")
bulletin, item = _Fields("bulletins"), _Fields("bulletin_items")

CLUE_LEDGER = Ledger(
    CLUES,
    TITLES[CLUES],
    "clues",
    "received_date",
    (
        clue("received_date", 11, "date", ("收件时间", "受理时间", "来信时间"), header="来件时间"),
        clue("level", 8, synonyms=("级别",)),
        clue("disciplines", 10, synonyms=("问题类别", "违纪类型"), header="线索类别"),
        clue("source", 10, synonyms=("来源",)),
        clue("ledger_no", 10, synonyms=("编号", "登记编号", "来件编号"), header="信件编号"),
        clue("signed", 8, synonyms=("署名", "是否署名", "实名/匿名")),
        clue("leader_instruction", 16, synonyms=("批示", "领导批示意见")),
        C(
            "persons",
            "被反映人（单位）",
            14,
            synonyms=("被反映人", "被反映人(单位)", "被举报人", "被反映人及单位", "姓名"),
        ),
        C("posts", "职务", 12, synonyms=("被反映人职务",)),
        C("ranks", "职级", 8, synonyms=("被反映人职级",)),
        clue(
            "summary", 30, synonyms=("主要问题", "反映问题", "反映内容", "问题摘要", "反映的问题")
        ),
        C("reported_unit", "涉及单位", 12, synonyms=("被反映单位", "所在单位")),
        C("duplicate", "重件情况", 10, synonyms=("重件", "是否重件"), export_only=True),
        C("received_again", "接到日期", 11, "date", ("接收日期",), export_only=True),
        clue("disposition", 10, synonyms=("处置类型", "拟处置方式", "处置意见")),
        clue("due_date", 11, "date", ("要结果时间", "办结时限"), header="要结果情况"),
        clue("supervisor", 8, synonyms=("分管领导",)),
        clue("handler", 10, synonyms=("承办部门", "承办科室", "承办人"), header="办理科室"),
        C("progress", "案件进度", 10, synonyms=("办理进度", "办理情况"), export_only=True),
        clue("result_summary", 20, synonyms=("办理结果", "查处结果")),
        C("sanction_count", "处分人数", 6, "int", export_only=True),
        clue("four_winds", 10, synonyms=("四风问题",), header="问题属性"),
        C("form1", FORM_LABELS[1], 14, synonyms=("一种形态",)),
        C("form2", FORM_LABELS[2], 14, synonyms=("二种形态",)),
        C("form3", FORM_LABELS[3], 14, synonyms=("三种形态",)),
        C("form4", FORM_LABELS[4], 14, synonyms=("四种形态",)),
        clue("notes", 14),
        clue("disposition_date", 11, "date", ("处置时间",)),
        clue("prelim_start", 11, "date", ("初核时间", "初核开始时间")),
        clue("prelim_end", 11, "date", ("初核结束时间",)),
        clue("case_date", 11, "date", ("立案时间",)),
        C("filed", "立案人员", 10, synonyms=("立案对象",)),
        clue("hearing_date", 11, "date", ("审理时间",)),
        clue("closed_date", 11, "date", ("结案时间", "办结时间", "办结日期")),
        C("amount", "收缴违纪款（元）", 10, "money", ("收缴违纪款", "收缴金额", "退缴金额")),
        clue("channel", 8, synonyms=("渠道", "来件方式", "信访方式")),
        clue("petition_kind", 10, synonyms=("信访件类别",)),
        C("voluntary", "主动说清人员", 10, synonyms=("主动说清",)),
        clue("reporter_name", 8, synonyms=("反映人", "来信人"), header="举报人"),
        clue("reporter_contact", 12, synonyms=("联系方式", "联系电话")),
        # Old ledgers' ways (their other spellings are the 台账列名 dictionary's aliases):
        # every reported person's outcomes in one cell, and unit and post in one cell.
        C("outcomes", "处理结果", 20, import_only=True),
        C("unit_post", "单位及职务", 16, import_only=True),
    ),
)

TALK_LEDGER = Ledger(
    TALKS,
    TITLES[TALKS],
    "talks",
    "date",
    (
        talk("date", 11, "date", ("时间", "日期"), header="谈话时间"),
        talk("place", 10, header="地点"),
        talk("kind", 10, synonyms=("谈话类别", "谈话形式", "类型")),
        C("talkers", "谈话人", 14, synonyms=("谈话人（身份）", "谈话人员")),
        talk("recorder", 8),
        C("subjects", "谈话对象", 10, synonyms=("被谈话人", "谈话对象姓名", "对象", "姓名")),
        C("subject_posts", "单位职务", 16, synonyms=("单位及职务", "工作单位及职务", "职务")),
        talk("reason", 20, synonyms=("事由", "谈话原因", "谈话主题")),
        talk("content", 30, synonyms=("谈话内容", "谈话主要内容")),
        talk("statement", 20, synonyms=("谈话对象表态", "态度"), header="表态"),
        C("followup", "回访情况", 16, synonyms=("回访",)),
        talk("notes", 12),
        talk("start_time", 8),
        talk("end_time", 8),
    ),
)

RECT_LEDGER = Ledger(
    RECTS,
    TITLES[RECTS],
    "rectifications",
    "found_date",
    (
        rect("finding", 30, synonyms=("存在问题", "问题", "发现问题", "问题表现")),
        rect("requirement", 20),
        rect("measures", 20),
        rect("standard", 14, synonyms=("整改目标",)),
        C("unit", "责任单位", 12, synonyms=("整改责任单位", "责任部门", "被检查单位")),
        rect("responsible", 8, synonyms=("整改责任人",)),
        rect("deadline", 11, "date", ("完成时限", "整改期限", "时限")),
        C("progress", "整改进展", 24, synonyms=("整改进度", "整改情况", "进展情况")),
        C("accepted_date", "验收时间", 11, "date", ("验收日期", "销号时间", "销号日期")),
        C("accepted_by", "验收人", 8, synonyms=("销号审批人",)),
        C("done", "是否完成", 6, synonyms=("完成情况", "是否完成整改")),
        C("closed", "是否销号", 6, synonyms=("销号情况",)),
        rect("accountability", 14, synonyms=("追责问责情况", "问责情况")),
        rect("rules_made", 14, synonyms=("建章立制情况",)),
        rect(
            "unfinished_reason", 18, synonyms=("未完成原因", "下步计划", "未完成原因及下一步计划")
        ),
        rect("found_date", 11, "date", ("检查时间", "交办时间"), header="发现时间"),
        rect("status", 10, synonyms=("状态",)),
        C("checks", "回头看情况", 24, synonyms=("回头看",)),
        rect("closure_evidence", 14),
        rect("notice_date", 11, "date", ("通知日期", "下发日期")),
        rect("notes", 12),
    ),
)

DOCUMENT_LEDGER = Ledger(
    DOCUMENTS,
    TITLES[DOCUMENTS],
    "documents",
    "issued_date",
    (
        document("number", 16, synonyms=("发文字号", "发文编号", "文件编号", "字号")),
        document("kind", 12, synonyms=("文书类型", "文种", "文书类别")),
        document("title", 30, synonyms=("文件标题", "文书标题", "文件名称")),
        document(
            "addressee", 16, synonyms=("主送单位", "主送对象", "主送", "主送机关", "送达单位")
        ),
        document("issued_date", 11, "date", ("发文日期", "印发日期", "制发日期", "日期")),
        C("linked", "关联事项", 16, synonyms=("相关事项",)),
        document("operator", 8, synonyms=("承办人", "拟稿人", "经手人")),
        document("notes", 12),
    ),
)

PERSON_LEDGER = Ledger(
    PERSONS,
    TITLES[PERSONS],
    "persons",
    None,
    (
        person("name", 8),
        person("gender", 5),
        person("birth_date", 11, "date", ("出生年月",)),
        C("unit", "单位", 16, synonyms=("所在单位", "工作单位")),
        person("post", 14, synonyms=("现任职务",)),
        person("rank", 10),
        person("political_status", 10),
        person("staff_kind", 12, synonyms=("人员类别", "公职人员类型")),
        person("phone", 12, synonyms=("电话", "手机", "手机号码")),
        person("notes", 12),
        C("history", "任职经历", 30, synonyms=("任职情况", "工作经历")),
    ),
)

# 监督检查台账: one row per finding (rectification item), as offices keep it; the
# inspection's own columns repeat on each of its rows (an inspection with no finding has
# one row). The import groups the rows back into inspections (ledger_import says how).
INSPECTION_LEDGER = Ledger(
    INSPECTIONS,
    TITLES[INSPECTIONS],
    "inspections",
    "start_date",
    (
        inspection(
            "start_date", 11, "date", ("检查日期", "督查时间", "检查开始时间"), header="检查时间"
        ),
        inspection("end_date", 11, "date", ("检查结束时间",)),
        inspection("kind", 10, synonyms=("检查方式", "督查类型", "检查形式", "检查类别")),
        inspection("theme", 20, synonyms=("检查内容", "检查事项", "督查主题", "督查内容")),
        C(
            "units",
            "被检查单位",
            16,
            synonyms=("检查单位", "受检单位", "被检查对象", "被督查单位", "检查对象"),
        ),
        inspection("team", 12, synonyms=("检查人员", "检查组", "督查人员", "检查人")),
        C("campaigns", "所属专项工作", 16, synonyms=("专项工作", "所属专项", "专项名称")),
        inspection("notes", 14, header="检查备注", synonyms=("检查情况说明",)),
        rect(
            "finding",
            30,
            synonyms=("存在问题", "问题", "问题表现", "检查发现问题", "发现的问题"),
            header="发现问题",
        ),
        C("unit", "责任单位", 12, synonyms=("问题单位", "整改责任单位", "整改单位", "责任部门")),
        rect("found_date", 11, "date", ("发现日期",), header="发现时间"),
        rect("responsible", 8, synonyms=("整改责任人",)),
        rect("requirement", 20, synonyms=("整改意见",)),
        rect("measures", 20),
        rect("deadline", 11, "date", ("完成时限", "整改期限", "时限")),
        C("progress", "整改情况", 24, synonyms=("整改进展", "整改进度", "整改落实情况")),
        rect("status", 10, synonyms=("状态",)),
        C("closed", "是否销号", 6, synonyms=("销号情况",)),
        C("accepted_date", "销号日期", 11, "date", ("验收时间", "销号时间", "验收日期")),
        C("accepted_by", "验收人", 8, synonyms=("销号审批人",)),
        rect("closure_evidence", 14),
        C("checks", "回头看情况", 24, synonyms=("回头看",)),
        rect("accountability", 14, synonyms=("追责问责情况",)),
        C("accountabilities", "问责情况", 18, synonyms=("问责",)),
        C("bulletins", "通报情况", 18, synonyms=("通报曝光情况", "通报曝光")),
        C("rect_notes", "备注", 12),
        C("done", "是否完成", 6, synonyms=("完成情况", "是否完成整改"), import_only=True),
    ),
)

ACTIVITY_LEDGER = Ledger(
    ACTIVITIES,
    TITLES[ACTIVITIES],
    "activities",
    "date",
    (
        activity("date", 11, "date", ("时间", "日期", "开展时间"), header="活动时间"),
        activity("end_date", 11, "date"),
        activity("kind", 12, synonyms=("类型", "活动类别", "活动形式", "形式")),
        activity("title", 24, synonyms=("名称", "活动主题", "主题", "活动内容")),
        activity("place", 12, synonyms=("活动场所", "开展地点"), header="地点"),
        activity("organizer", 12, synonyms=("组织单位", "主办单位", "承办部门", "牵头部门")),
        C("units", "参加单位", 16, synonyms=("参加部门", "参训单位", "参会单位", "涉及单位")),
        C("persons", "参加人员", 20, synonyms=("参加对象", "参训人员", "参会人员", "对象")),
        C("roles", "参加身份", 16, synonyms=("身份",)),
        C("assessments", "测评结果", 16, synonyms=("测评情况", "测评等次", "考核结果")),
        activity("sessions", 6, "int", ("次数", "期数", "场数", "场次数")),
        activity(
            "attendance", 6, "int", ("参加人次", "参训人次", "受教育人次", "参加人数", "人数")
        ),
        C("campaigns", "所属专项工作", 16, synonyms=("专项工作", "所属专项", "专项名称")),
        activity("results", 24, synonyms=("活动情况", "开展情况", "活动结果", "主要内容")),
        activity("notes", 12),
    ),
)

# 专项工作台账: the campaigns themselves, so that a new store can take them before the
# ledgers that name them.
CAMPAIGN_LEDGER = Ledger(
    CAMPAIGNS,
    TITLES[CAMPAIGNS],
    "campaigns",
    "start_date",
    (
        campaign("name", 24, synonyms=("专项名称", "专项工作", "工作名称", "名称")),
        campaign("theme", 10, synonyms=("专项主题", "类别")),
        campaign("start_date", 11, "date", ("起始日期", "工作期间", "开展时间")),
        campaign("end_date", 11, "date", ("截止日期",)),
        campaign("lead_office", 12, synonyms=("牵头单位", "牵头科室", "责任部门")),
        C("units", "覆盖单位", 20, synonyms=("涉及单位", "检查范围", "覆盖范围")),
        campaign("notes", 14),
    ),
)

# 问责台账: one row per 问责 (a person or a unit), with the clue and the rectification
# item it came from.
ACCOUNTABILITY_LEDGER = Ledger(
    ACCOUNTABILITIES,
    TITLES[ACCOUNTABILITIES],
    "accountabilities",
    "date",
    (
        held("date", 11, "date", ("问责时间", "决定日期", "日期")),
        C("person", "被问责人", 14, synonyms=("问责对象", "被问责人员", "姓名")),
        C("unit", "被问责单位", 14, synonyms=("问责单位", "责任单位", "被问责党组织")),
        held("method", 10, synonyms=("问责方式及结果", "问责结果", "处理方式")),
        held("reason", 30, synonyms=("问责原因", "主要问题", "问责情形", "事由")),
        held("decided_by", 12, synonyms=("问责机关", "决定单位")),
        C("clue", "关联问题线索", 12, synonyms=("线索编号",)),
        C("rect", "关联整改事项", 20, synonyms=("整改问题",)),
        C("campaigns", "所属专项工作", 16, export_only=True),
        held("notes", 12),
    ),
)

# 通报台账: one row per case or problem reported (起), the 通报's columns repeated on
# each (a 通报 without any has one row); the import groups the rows back into 通报.
BULLETIN_LEDGER = Ledger(
    BULLETINS,
    TITLES[BULLETINS],
    "bulletins",
    "date",
    (
        bulletin("date", 11, "date", ("通报时间", "日期")),
        bulletin("kind", 12, synonyms=("通报类型", "类别")),
        bulletin("title", 24, synonyms=("通报名称", "标题")),
        C("number", "文号", 16, synonyms=("通报文号", "期号")),
        bulletin("scope", 12, synonyms=("发送范围",)),
        bulletin("summary", 20, header="通报概况"),
        bulletin("requirements", 16),
        C("campaigns", "所属专项工作", 16, synonyms=("专项工作", "所属专项")),
        bulletin("notes", 12, header="通报备注", synonyms=()),
        item("summary", 30, synonyms=("通报问题", "典型案例", "案例", "主要问题"), key="item"),
        C("person", "涉及人员", 14, synonyms=("被通报人", "通报对象", "姓名")),
        C("unit", "涉及单位", 14, synonyms=("被通报单位",)),
        C("clue", "关联问题线索", 12, synonyms=("线索编号",)),
        C("rect", "关联整改事项", 20),
        item("handling", 20, synonyms=("处理结果", "处理意见")),
    ),
)

# The ledgers with a row per part of a record: (the parts' table, their key to the record).
PARTS = {
    INSPECTIONS: ("rectifications", "inspection_id"),
    BULLETINS: ("bulletin_items", "bulletin_id"),
}

LEDGERS: dict[str, Ledger] = {
    ledger.name: ledger
    for ledger in (
        CLUE_LEDGER,
        TALK_LEDGER,
        RECT_LEDGER,
        DOCUMENT_LEDGER,
        PERSON_LEDGER,
        INSPECTION_LEDGER,
        ACTIVITY_LEDGER,
        CAMPAIGN_LEDGER,
        ACCOUNTABILITY_LEDGER,
        BULLETIN_LEDGER,
    )
}


def ledger(kind: str) -> Ledger:
    """The ledger a command-line KIND names: 问题线索, 谈话, 整改, 文书, 人员 or a full title."""
    text = kind.strip()
    for name, title in TITLES.items():
        if text in (name, title):
            return LEDGERS[name]
    if text in _ALIASES:
        return LEDGERS[_ALIASES[text]]
    raise UserError(
        f"不支持的台账种类“{kind}”，可选：{'、'.join(TITLES)}（或{'、'.join(TITLES.values())}）"
    )


# -- rows --------------------------------------------------------------------------

CHECK_EVERY = 500  # rows between cancel checks while gathering


def _check(cancelled: Callable[[], bool] | None, done: int) -> None:
    """Raise Cancelled (the writer's, so callers catch one kind) once the caller cancels."""
    if cancelled is not None and done % CHECK_EVERY == 0 and cancelled():
        raise Cancelled()


def _in_period(
    ledger_: Ledger, start: dt.date | None, end: dt.date | None, alias: str = "t"
) -> tuple[str, list[Any]]:
    if ledger_.date_field is None:
        return "1", []
    col = f"{alias}.{ledger_.date_field}"
    sql, params = "1", []
    if start is not None:
        sql += f" AND {col} >= ?"
        params.append(start.isoformat())
    if end is not None:
        sql += f" AND {col} <= ?"
        params.append(end.isoformat())
    return sql, params


def _progress_text(row: dict[str, Any]) -> str:
    if row["closed_date"]:
        return "已结案"
    if row["hearing_date"]:
        return "审理中"
    if row["case_date"]:
        return "已立案"
    if row["prelim_start"]:
        return "已初核" if row["prelim_end"] else "初核中"
    if row["disposition"]:
        return f"已处置（{row['disposition']}）"
    return "待处置"


def clue_rows(
    store: Store,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    reveal: bool = False,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[list[Any]]:
    where, params = _in_period(CLUE_LEDGER, start, end)
    clues = store.db.query(
        f"SELECT t.*, u.name AS unit_name_ FROM clues t LEFT JOIN units u"
        f" ON u.id = t.reported_unit_id WHERE {where} ORDER BY t.received_date, t.id",
        params,
    )
    numbers = {r["id"]: r["ledger_no"] for r in store.query("SELECT id, ledger_no FROM clues")}
    table = outcome_table(store)
    persons: dict[int, list[dict[str, Any]]] = {}
    for r in store.db.query(
        "SELECT cp.*, p.name FROM clue_persons cp JOIN persons p ON p.id = cp.person_id"
        " ORDER BY cp.clue_id, cp.id"
    ):
        persons.setdefault(int(r["clue_id"]), []).append(r)
    outcomes: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for r in store.db.query("SELECT * FROM clue_outcomes ORDER BY decided_date, id"):
        outcomes.setdefault((int(r["clue_id"]), int(r["person_id"])), []).append(r)
    for count, c in enumerate(clues):
        _check(cancelled, count)
        people = persons.get(int(c["id"]), [])
        forms: dict[int, list[str]] = {1: [], 2: [], 3: [], 4: []}
        sanctioned = 0
        for p in people:
            mine = outcomes.get((int(c["id"]), int(p["person_id"])), [])
            top = heaviest([o["outcome"] for o in mine], table)
            if any(o["outcome"] in table and table[o["outcome"]].is_sanction for o in mine):
                sanctioned += 1
            if top is None or top.form not in forms:
                continue
            forms[top.form].append(outcome_entry(p["name"], mine, table))
        disciplines = "、".join(json.loads(c["disciplines"])) if c["disciplines"] else ""
        duplicate = ""
        if c["duplicate_of"]:
            duplicate = f"重件（同{numbers.get(c['duplicate_of']) or c['duplicate_of']}）"
        reporter_name, contact = c["reporter_name"] or "", c["reporter_contact"] or ""
        if not reveal:
            reporter_name, contact = mask_name(reporter_name), mask_contact(contact)
        values = {
            "received_date": c["received_date"],
            "level": c["level"],
            "disciplines": disciplines,
            "source": c["source"],
            "ledger_no": c["ledger_no"],
            "signed": c["signed"],
            "leader_instruction": c["leader_instruction"],
            "persons": NAMES.join(
                f"{p['name']}（{p['unit_name']}）" if p["unit_name"] else p["name"] for p in people
            ),
            "posts": MULTI.join(p["post"] or "" for p in people)
            if any(p["post"] for p in people)
            else "",
            "ranks": MULTI.join(p["rank"] or "" for p in people)
            if any(p["rank"] for p in people)
            else "",
            "summary": c["summary"],
            "reported_unit": c["unit_name_"],
            "duplicate": duplicate,
            "received_again": c["received_date"],
            "disposition": c["disposition"],
            "due_date": c["due_date"],
            "supervisor": c["supervisor"],
            "handler": c["handler"],
            "progress": _progress_text(c),
            "result_summary": c["result_summary"],
            "sanction_count": sanctioned or None,
            "four_winds": c["four_winds"],
            **{f"form{n}": MULTI.join(forms[n]) for n in forms},
            "notes": c["notes"],
            "disposition_date": c["disposition_date"],
            "prelim_start": c["prelim_start"],
            "prelim_end": c["prelim_end"],
            "case_date": c["case_date"],
            "filed": NAMES.join(p["name"] for p in people if p["filed"]),
            "hearing_date": c["hearing_date"],
            "closed_date": c["closed_date"],
            "amount": c["amount_recovered"] / 100 if c["amount_recovered"] else None,
            "channel": c["channel"],
            "petition_kind": c["petition_kind"],
            "voluntary": NAMES.join(p["name"] for p in people if p["voluntary"]),
            "reporter_name": reporter_name,
            "reporter_contact": contact,
        }
        yield [values[col.key] for col in CLUE_LEDGER.exported]


def outcome_entry(
    name: str, outcomes: Sequence[dict[str, Any]], table: dict[str, OutcomeInfo]
) -> str:
    """One person's outcomes on a clue, heaviest first: '张三：党纪警告（2024-05-06）、
    政务警告（2024-05-06）'. The entry goes in the column of the heaviest outcome's form
    (which counts the person once); lighter outcomes ride along so none is lost."""

    def rank(o: dict[str, Any]) -> tuple[tuple[int, int], str, int]:
        info = table.get(o["outcome"])
        return (info.rank if info else (0, 0), o["decided_date"] or "", int(o["id"]))

    items = sorted(outcomes, key=rank, reverse=True)
    listed = "、".join(f"{o['outcome']}（{o['decided_date']}）" for o in items)
    return f"{name}：{listed}"


def talk_rows(
    store: Store,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[list[Any]]:
    where, params = _in_period(TALK_LEDGER, start, end)
    talks = store.db.query(f"SELECT t.* FROM talks t WHERE {where} ORDER BY t.date, t.id", params)
    # Each talk's talkers and subjects as the cells that show them, made in one pass over
    # each table in talk order: at 125k talks, their rows kept as dicts took 250 MB.
    talkers: dict[int, str] = {}
    for talk_id, rows in itertools.groupby(
        store.db.execute("SELECT talk_id, name, role FROM talk_talkers ORDER BY talk_id, id"),
        key=lambda r: int(r[0]),
    ):
        talkers[talk_id] = NAMES.join(f"{name}（{role}）" for _t, name, role in rows)
    subjects: dict[int, tuple[str, str]] = {}
    for talk_id, rows in itertools.groupby(
        store.db.execute(
            "SELECT s.talk_id, p.name, s.unit_name, s.post FROM talk_subjects s"
            " JOIN persons p ON p.id = s.person_id ORDER BY s.talk_id, s.id"
        ),
        key=lambda r: int(r[0]),
    ):
        subs = list(rows)
        posts = (
            MULTI.join(" ".join(x for x in (unit, post) if x) for _t, _n, unit, post in subs)
            if any(unit or post for _t, _n, unit, post in subs)
            else ""
        )
        subjects[talk_id] = NAMES.join(name for _t, name, _u, _p in subs), posts
    for count, t in enumerate(talks):
        _check(cancelled, count)
        names, posts = subjects.get(int(t["id"]), ("", ""))
        followup = ""
        if t["followup_date"] or t["followup_result"]:
            followup = " ".join(x for x in (t["followup_date"], t["followup_result"]) if x)
        elif t["followup_required"]:
            followup = "需回访"
        values = {
            "date": t["date"],
            "place": t["place"],
            "kind": t["kind"],
            "talkers": talkers.get(int(t["id"]), ""),
            "recorder": t["recorder"],
            "subjects": names,
            "subject_posts": posts,
            "reason": t["reason"],
            "content": t["content"],
            "statement": t["statement"],
            "followup": followup,
            "notes": t["notes"],
            "start_time": t["start_time"],
            "end_time": t["end_time"],
        }
        yield [values[col.key] for col in TALK_LEDGER.exported]


def _rect_texts(store: Store) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Each item's progress reports and 回头看, one line each, as the 整改情况 and 回头看情况
    cells write them (ledger_import reads these lines back)."""
    progress: dict[int, list[str]] = {}
    for r in store.db.query("SELECT * FROM rect_progress ORDER BY rect_id, date, id"):
        text = f"{r['date']}：{r['content']}"
        if r["materials"]:
            text += f"【材料：{r['materials']}】"
        progress.setdefault(int(r["rect_id"]), []).append(text)
    checks: dict[int, list[str]] = {}
    for r in store.db.query("SELECT * FROM rect_checks ORDER BY rect_id, date, id"):
        text = f"{r['date']} {r['method']}（{'通过' if r['passed'] else '未通过'}）：{r['result']}"
        if r["checker"]:
            text += f"【检查人：{r['checker']}】"
        if r["evidence"]:
            text += f"【佐证：{r['evidence']}】"
        checks.setdefault(int(r["rect_id"]), []).append(text)
    return progress, checks


def _rect_values(
    r: dict[str, Any], progress: dict[int, list[str]], checks: dict[int, list[str]]
) -> dict[str, Any]:
    """One rectification item's cells, by column key (整改问题台账 and 监督检查台账)."""
    done = r["status"] in stats.RECT_DONE
    return {
        "finding": r["finding"],
        "requirement": r["requirement"],
        "measures": r["measures"],
        "standard": r["standard"],
        "unit": r["unit_name_"],
        "responsible": r["responsible"],
        "deadline": r["deadline"],
        "progress": "\n".join(progress.get(int(r["id"]), [])),
        "accepted_date": r["closed_date"],
        "accepted_by": r["closed_by"],
        "done": "是" if done else "否",
        "closed": "是" if r["status"] == "已销号" else "否",
        "accountability": r["accountability"],
        "rules_made": r["rules_made"],
        "unfinished_reason": r["unfinished_reason"],
        "found_date": r["found_date"],
        "status": r["status"],
        "checks": "\n".join(checks.get(int(r["id"]), [])),
        "closure_evidence": r["closure_evidence"],
        "notice_date": r["notice_date"],
        "notes": r["notes"],
    }


def rect_rows(
    store: Store,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[list[Any]]:
    where, params = _in_period(RECT_LEDGER, start, end)
    rects = store.db.query(
        f"SELECT t.*, u.name AS unit_name_ FROM rectifications t JOIN units u ON u.id = t.unit_id"
        f" WHERE {where} ORDER BY t.found_date, t.id",
        params,
    )
    progress, checks = _rect_texts(store)
    for count, r in enumerate(rects):
        _check(cancelled, count)
        values = _rect_values(r, progress, checks)
        yield [values[col.key] for col in RECT_LEDGER.exported]


def _campaign_names(store: Store, link: str, fk: str) -> dict[int, str]:
    """Record id -> the names of the campaigns it is linked to (own links), "；"-joined:
    a campaign's name may itself hold 、 (元旦、春节期间…)."""
    found: dict[int, list[str]] = {}
    for r in store.db.query(
        f"SELECT l.{fk} AS rid, c.name FROM {link} l JOIN campaigns c ON c.id = l.campaign_id"
        f" ORDER BY l.{fk}, l.id"
    ):
        found.setdefault(int(r["rid"]), []).append(r["name"])
    return {rid: MULTI.join(names) for rid, names in found.items()}


def accountability_entry(target: str, method: str, day: str) -> str:
    """One 问责 as the 问责情况 cell writes it: "张三：诫勉（2026-05-06）"."""
    return f"{target}：{method}（{day}）"


def inspection_rows(
    store: Store,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[list[Any]]:
    """One row per finding of each inspection (one row for an inspection without any),
    the inspection's columns repeated on each."""
    where, params = _in_period(INSPECTION_LEDGER, start, end)
    inspections = store.db.query(
        f"SELECT t.* FROM inspections t WHERE {where} ORDER BY t.start_date, t.id", params
    )
    units: dict[int, list[str]] = {}
    for r in store.db.query(
        "SELECT iu.inspection_id, u.name FROM inspection_units iu JOIN units u"
        " ON u.id = iu.unit_id ORDER BY iu.inspection_id, iu.id"
    ):
        units.setdefault(int(r["inspection_id"]), []).append(r["name"])
    campaigns = _campaign_names(store, "inspection_campaigns", "inspection_id")
    findings: dict[int, list[dict[str, Any]]] = {}
    for r in store.db.query(
        "SELECT r.*, u.name AS unit_name_ FROM rectifications r JOIN units u ON u.id = r.unit_id"
        " WHERE r.inspection_id IS NOT NULL ORDER BY r.inspection_id, r.found_date, r.id"
    ):
        findings.setdefault(int(r["inspection_id"]), []).append(r)
    progress, checks = _rect_texts(store)
    held: dict[int, list[str]] = {}
    for a in store.db.query(
        "SELECT a.rect_id, a.method, a.date, p.name AS person, u.name AS unit"
        " FROM accountabilities a LEFT JOIN persons p ON p.id = a.person_id"
        " LEFT JOIN units u ON u.id = a.unit_id WHERE a.rect_id IS NOT NULL"
        " ORDER BY a.rect_id, a.date, a.id"
    ):
        entry = accountability_entry(a["person"] or a["unit"], a["method"], a["date"])
        held.setdefault(int(a["rect_id"]), []).append(entry)
    bulletins: dict[int, list[str]] = {}
    for b in store.db.query(
        "SELECT DISTINCT i.rect_id, b.id, b.kind, b.title, b.date, d.number FROM bulletin_items i"
        " JOIN bulletins b ON b.id = i.bulletin_id LEFT JOIN documents d ON d.id = b.document_id"
        " WHERE i.rect_id IS NOT NULL ORDER BY i.rect_id, b.date, b.id"
    ):
        number = f"（{b['number']}）" if b["number"] else ""
        text = f"{b['date']} {b['kind']}《{b['title']}》{number}"
        bulletins.setdefault(int(b["rect_id"]), []).append(text)
    for count, t in enumerate(inspections):
        _check(cancelled, count)
        tid = int(t["id"])
        head = {
            "start_date": t["start_date"],
            "end_date": t["end_date"],
            "kind": t["kind"],
            "theme": t["theme"],
            "units": NAMES.join(units.get(tid, [])),
            "team": t["team"],
            "campaigns": campaigns.get(tid, ""),
            "notes": t["notes"],
        }
        items: list[dict[str, Any] | None] = [*findings.get(tid, [])] or [None]
        for item in items:
            values: dict[str, Any] = dict.fromkeys(c.key for c in INSPECTION_LEDGER.exported)
            values |= head
            if item is not None:
                rid = int(item["id"])
                values |= {
                    k: v
                    for k, v in _rect_values(item, progress, checks).items()
                    if k != "notes" and k in values
                }
                values["rect_notes"] = item["notes"]
                values["accountabilities"] = MULTI.join(held.get(rid, []))
                values["bulletins"] = MULTI.join(bulletins.get(rid, []))
            yield [values[col.key] for col in INSPECTION_LEDGER.exported]


def activity_rows(
    store: Store,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[list[Any]]:
    """One row per activity; 人次 by the one rule (queries.campaigns): the persons listed,
    else the number typed."""
    where, params = _in_period(ACTIVITY_LEDGER, start, end)
    activities = store.db.query(
        f"SELECT t.*, {attendance_sql('t')} AS attendance_ FROM activities t WHERE {where}"
        " ORDER BY t.date, t.id",
        params,
    )
    units: dict[int, list[str]] = {}
    for r in store.db.query(
        "SELECT au.activity_id, u.name FROM activity_units au JOIN units u"
        " ON u.id = au.unit_id ORDER BY au.activity_id, au.id"
    ):
        units.setdefault(int(r["activity_id"]), []).append(r["name"])
    persons: dict[int, list[dict[str, Any]]] = {}
    for r in store.db.query(
        "SELECT ap.*, p.name, u.name AS unit FROM activity_persons ap"
        " JOIN persons p ON p.id = ap.person_id LEFT JOIN units u ON u.id = p.unit_id"
        " ORDER BY ap.activity_id, ap.id"
    ):
        persons.setdefault(int(r["activity_id"]), []).append(r)
    campaigns = _campaign_names(store, "activity_campaigns", "activity_id")
    for count, a in enumerate(activities):
        _check(cancelled, count)
        aid = int(a["id"])
        people = persons.get(aid, [])
        values = {
            "date": a["date"],
            "end_date": a["end_date"],
            "kind": a["kind"],
            "title": a["title"],
            "place": a["place"],
            "organizer": a["organizer"],
            "units": NAMES.join(units.get(aid, [])),
            "persons": NAMES.join(
                f"{p['name']}（{p['unit']}）" if p["unit"] else p["name"] for p in people
            ),
            "roles": MULTI.join(
                f"{p['name']}：{p['role']}" for p in people if p["role"] and p["role"] != ROLE
            ),
            "assessments": MULTI.join(
                f"{p['name']}：{p['assessment'] or ''}"
                + (f"（{p['score']}）" if p["score"] else "")
                for p in people
                if p["assessment"] or p["score"]
            ),
            "sessions": a["sessions"],
            "attendance": a["attendance_"],
            "campaigns": campaigns.get(aid, ""),
            "results": a["results"],
            "notes": a["notes"],
        }
        yield [values[col.key] for col in ACTIVITY_LEDGER.exported]


def document_rows(
    store: Store,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[list[Any]]:
    where, params = _in_period(DOCUMENT_LEDGER, start, end)
    documents = store.db.query(
        f"SELECT t.* FROM documents t WHERE {where} ORDER BY t.issued_date, t.id", params
    )
    for count, d in enumerate(documents):
        _check(cancelled, count)
        linked = ""
        if d["linked_table"] and d["linked_table"] in KINDS:
            linked = f"{KINDS[d['linked_table']].label} {d['linked_id']}"
        notes = "；".join(x for x in ("已作废" if d["voided"] else "", d["notes"] or "") if x)
        values = {
            "number": d["number"],
            "kind": d["kind"],
            "title": d["title"],
            "addressee": d["addressee"],
            "issued_date": d["issued_date"],
            "linked": linked,
            "operator": d["operator"],
            "notes": notes,
        }
        yield [values[col.key] for col in DOCUMENT_LEDGER.exported]


def person_rows(
    store: Store, *, cancelled: Callable[[], bool] | None = None
) -> Iterator[list[Any]]:
    persons = store.db.query(
        "SELECT p.*, u.name AS unit_name_ FROM persons p LEFT JOIN units u ON u.id = p.unit_id"
        " ORDER BY u.name, p.name, p.id"
    )
    history: dict[int, list[str]] = {}
    for h in store.db.query(
        "SELECT h.*, u.name AS unit_ FROM person_posts h LEFT JOIN units u ON u.id = h.unit_id"
        " ORDER BY h.person_id, COALESCE(h.start_date, ''), h.id"
    ):
        span = f"{h['start_date'] or ''}至{h['end_date'] or ''}"
        text = f"{span} {h['unit_'] or h['unit_name']} {h['post']}"
        history.setdefault(int(h["person_id"]), []).append(
            text + (f"【职级：{h['rank']}】" if h["rank"] else "")
        )
    for count, p in enumerate(persons):
        _check(cancelled, count)
        values = {
            "history": MULTI.join(history.get(int(p["id"]), [])),
            "name": p["name"],
            "gender": p["gender"],
            "birth_date": p["birth_date"],
            "unit": p["unit_name_"],
            "post": p["post"],
            "rank": p["rank"],
            "political_status": p["political_status"],
            "staff_kind": p["staff_kind"],
            "phone": p["phone"],
            "notes": p["notes"],
        }
        yield [values[col.key] for col in PERSON_LEDGER.exported]


# The main queries below iterate sqlite-utils' generator (store.db.query) rather than
# store.query's list: a 124k-row ledger then never holds every record as a dict at once.


def campaign_rows(
    store: Store,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[list[Any]]:
    where, params = _in_period(CAMPAIGN_LEDGER, start, end)
    campaigns = store.db.query(
        f"SELECT t.* FROM campaigns t WHERE {where} ORDER BY t.start_date, t.id", params
    )
    units: dict[int, list[str]] = {}
    for r in store.db.query(
        "SELECT cu.campaign_id, u.name FROM campaign_units cu JOIN units u ON u.id = cu.unit_id"
        " ORDER BY cu.campaign_id, cu.id"
    ):
        units.setdefault(int(r["campaign_id"]), []).append(r["name"])
    for count, c in enumerate(campaigns):
        _check(cancelled, count)
        values = dict(c) | {"units": NAMES.join(units.get(int(c["id"]), []))}
        yield [values[col.key] for col in CAMPAIGN_LEDGER.exported]


def accountability_rows(
    store: Store,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[list[Any]]:
    """One row per 问责; 所属专项工作 by the one membership rule (through the item or clue)."""
    where, params = _in_period(ACCOUNTABILITY_LEDGER, start, end)
    member = f"c.id IN ({campaigns_of_sql('accountabilities', 't')})"  # its few, by index
    rows = store.db.query(
        "SELECT t.*, p.name AS person_, pu.name AS person_unit_, u.name AS unit_,"
        " cl.ledger_no AS clue_, r.finding AS rect_,"
        f" (SELECT group_concat(c.name, '{MULTI}') FROM campaigns c WHERE {member}) AS campaigns_"
        " FROM accountabilities t LEFT JOIN persons p ON p.id = t.person_id"
        " LEFT JOIN units pu ON pu.id = p.unit_id LEFT JOIN units u ON u.id = t.unit_id"
        " LEFT JOIN clues cl ON cl.id = t.clue_id LEFT JOIN rectifications r ON r.id = t.rect_id"
        f" WHERE {where} ORDER BY t.date, t.id",
        params,
    )
    for count, a in enumerate(rows):
        _check(cancelled, count)
        person = a["person_"]
        if person and a["person_unit_"]:
            person = f"{person}（{a['person_unit_']}）"
        values = dict(a) | {
            "person": person,
            "unit": a["unit_"],
            "clue": a["clue_"],
            "rect": a["rect_"],
            "campaigns": a["campaigns_"] or "",
        }
        yield [values[col.key] for col in ACCOUNTABILITY_LEDGER.exported]


def bulletin_rows(
    store: Store,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[list[Any]]:
    """One row per case or problem a 通报 reports (one for a 通报 without any), the 通报's
    columns repeated on each."""
    where, params = _in_period(BULLETIN_LEDGER, start, end)
    bulletins = store.db.query(
        "SELECT t.*, d.number AS number_ FROM bulletins t LEFT JOIN documents d"
        f" ON d.id = t.document_id WHERE {where} ORDER BY t.date, t.id",
        params,
    )
    campaigns = _campaign_names(store, "bulletin_campaigns", "bulletin_id")
    items: dict[int, list[dict[str, Any]]] = {}
    for r in store.db.query(
        "SELECT i.*, p.name AS person_, pu.name AS person_unit_, u.name AS unit_,"
        " c.ledger_no AS clue_, r.finding AS rect_ FROM bulletin_items i"
        " LEFT JOIN persons p ON p.id = i.person_id LEFT JOIN units pu ON pu.id = p.unit_id"
        " LEFT JOIN units u ON u.id = i.unit_id LEFT JOIN clues c ON c.id = i.clue_id"
        " LEFT JOIN rectifications r ON r.id = i.rect_id ORDER BY i.bulletin_id, i.id"
    ):
        items.setdefault(int(r["bulletin_id"]), []).append(r)
    for count, b in enumerate(bulletins):
        _check(cancelled, count)
        head = dict(b) | {"number": b["number_"], "campaigns": campaigns.get(int(b["id"]), "")}
        listed: list[dict[str, Any] | None] = [*items.get(int(b["id"]), [])] or [None]
        for i in listed:
            values = head | dict.fromkeys(("item", "person", "unit", "clue", "rect", "handling"))
            if i is not None:
                person = i["person_"]
                if person and i["person_unit_"]:
                    person = f"{person}（{i['person_unit_']}）"
                values |= {
                    "item": i["summary"],
                    "person": person,
                    "unit": i["unit_"],
                    "clue": i["clue_"],
                    "rect": i["rect_"],
                    "handling": i["handling"],
                }
            yield [values[col.key] for col in BULLETIN_LEDGER.exported]


def rows_for(
    store: Store,
    kind: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    reveal: bool = False,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[list[Any]]:
    """The ledger's rows, one at a time (see count_rows for how many)."""
    name = ledger(kind).name
    if name == CLUES:
        return clue_rows(store, start, end, reveal=reveal, cancelled=cancelled)
    if name == TALKS:
        return talk_rows(store, start, end, cancelled=cancelled)
    if name == RECTS:
        return rect_rows(store, start, end, cancelled=cancelled)
    if name == DOCUMENTS:
        return document_rows(store, start, end, cancelled=cancelled)
    if name == INSPECTIONS:
        return inspection_rows(store, start, end, cancelled=cancelled)
    if name == ACTIVITIES:
        return activity_rows(store, start, end, cancelled=cancelled)
    if name == CAMPAIGNS:
        return campaign_rows(store, start, end, cancelled=cancelled)
    if name == ACCOUNTABILITIES:
        return accountability_rows(store, start, end, cancelled=cancelled)
    if name == BULLETINS:
        return bulletin_rows(store, start, end, cancelled=cancelled)
    return person_rows(store, cancelled=cancelled)


def count_rows(
    store: Store, kind: str, start: dt.date | None = None, end: dt.date | None = None
) -> int:
    """How many rows rows_for will give: the same table and period condition."""
    spec = ledger(kind)
    where, params = _in_period(spec, start, end)
    rows = "COUNT(*)"
    if spec.name in PARTS:  # a row per part (finding, case), one for a record without any
        table, fk = PARTS[spec.name]
        rows = f"SUM(MAX(1, (SELECT COUNT(*) FROM {table} p WHERE p.{fk} = t.id)))"
    return int(
        store.scalar(f"SELECT COALESCE({rows}, 0) FROM {spec.table} t WHERE {where}", params)
    )


def period_text(start: dt.date | None, end: dt.date | None) -> str:
    def cn(day: dt.date) -> str:
        return f"{day.year}年{day.month}月{day.day}日"

    if start and end:
        return f"统计期间：{cn(start)}至{cn(end)}"
    if start:
        return f"统计期间：{cn(start)}以来"
    if end:
        return f"统计期间：截至{cn(end)}"
    return "统计期间：全部"


def export(
    store: Store,
    kind: str,
    path: Path | str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    reveal: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write one ledger to `path` (.xlsx); returns the number of rows."""
    spec = ledger(kind)
    total = count_rows(store, spec.name, start, end)
    written = 0

    def rows() -> Iterator[list[Any]]:
        nonlocal written
        for row in rows_for(store, spec.name, start, end, reveal=reveal, cancelled=cancelled):
            written += 1
            yield row

    office = (store.setting("office_name") or "").strip()
    columns: Sequence[Column] = [Column(c.header, c.width, c.kind) for c in spec.exported]
    try:
        write_ledger(
            path,
            spec.title,
            office,
            period_text(start, end) if spec.date_field else f"截至{store.today().isoformat()}",
            columns,
            rows(),
            total=total,
            progress=progress,
            cancelled=cancelled,
        )
    except OSError as exc:
        raise UserError(f"无法写入文件“{path}”：{exc.strerror or exc}") from exc
    except UnwritableText as exc:
        raise UserError(str(exc)) from exc
    if reveal and spec.name == CLUES:
        try:
            _audit_reveal(store, spec, Path(path), start, end)
        except BaseException:
            Path(path).unlink(missing_ok=True)  # no revealed file without its audit entry
            raise
    return written


def _audit_reveal(
    store: Store, spec: Ledger, path: Path, start: dt.date | None, end: dt.date | None
) -> None:
    """Revealing reporters in an export is recorded as viewing them on screen is
    (privacy.reveal_reporter): one entry per clue whose reporter left in the file, so the
    clue's own history shows it, all in one transaction."""
    where, params = _in_period(spec, start, end)
    with store.transaction():
        rows = store.query(
            f"SELECT t.id, t.reporter_name, t.reporter_contact FROM clues t WHERE {where}"
            " AND (COALESCE(t.reporter_name, '') != '' OR COALESCE(t.reporter_contact, '') != '')"
            " ORDER BY t.id",
            params,
        )
        for r in rows:
            shown = [f for f in ("reporter_name", "reporter_contact") if r[f]]
            after = {"revealed": shown, "export": spec.title, "file": str(path)}
            audit.write(store, "reveal", "clues", int(r["id"]), None, after)
