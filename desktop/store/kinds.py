"""Record kinds: the tables the clerk fills in, their fields, labels and rules.

One declaration per table drives validation, audit, the recycle bin and the
column labels the views and ledgers show. Field names are the SQL column names.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from desktop.store import pinyin

FieldType = Literal["text", "date", "time", "int", "money", "bool", "ref", "dict", "dict_list"]


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: FieldType = "text"
    required: bool = False
    dictionary: str | None = None  # for "dict" and "dict_list"
    ref: str | None = None  # referenced table for "ref"
    max_len: int | None = None
    sensitive: bool = False  # masked by default (reporter identity)
    default: Any = None  # stored when the field is left empty on insert


@dataclass(frozen=True)
class DateOrder:
    """`later` may not be before `earlier` when both are filled in."""

    earlier: str
    later: str


@dataclass(frozen=True)
class Child:
    """A table whose rows belong to one parent row and travel with it (recycle bin, audit)."""

    table: str
    fk: str


@dataclass(frozen=True)
class Derived:
    """Columns computed from one field on every write (a name's pinyin search keys): never
    typed by the clerk, not in the audit log or the recycle bin (recomputed on restore)."""

    source: str
    columns: tuple[str, ...]
    compute: Callable[[str], Mapping[str, Any]]

    def values(self, source_value: Any) -> dict[str, Any]:
        if source_value is None:
            return dict.fromkeys(self.columns)
        return dict(self.compute(str(source_value)))


RowRule = Callable[[Any, Mapping[str, Any]], None]  # (store, merged row) -> raises ValidationError


@dataclass(frozen=True)
class Kind:
    table: str
    label: str
    fields: tuple[Field, ...]
    title_field: str
    children: tuple[Child, ...] = ()
    orders: tuple[DateOrder, ...] = ()
    deletable: bool = True
    frozen_fields: tuple[str, ...] = ()  # may not change after insert
    # dates of what has happened (a case closed, a sanction decided): never after today,
    # or a slip of the keyboard would be counted in the statistics at once
    past_only: tuple[str, ...] = ()
    rules: tuple[str, ...] = field(default=())  # names of row rules in store.rules
    derived: Derived | None = None

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.table}.{name}")

    @functools.cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


F = Field
NAME_KEYS = ("name_pinyin", "name_initials")

UNIT = Kind(
    "units",
    "单位",
    (
        F("name", "单位名称", required=True, max_len=100),
        F("kind", "单位类别", "dict", dictionary="unit_kind"),
        F("parent_id", "上级单位", "ref", ref="units"),
        F("active", "是否启用", "bool", default=1),
        F("notes", "备注", max_len=2000),
    ),
    title_field="name",
    derived=Derived("name", NAME_KEYS, pinyin.unit_keys),
)

PERSON = Kind(
    "persons",
    "人员",
    (
        F("name", "姓名", required=True, max_len=50),
        F("gender", "性别", "dict", dictionary="gender"),
        F("birth_date", "出生日期", "date"),
        F("unit_id", "所在单位", "ref", ref="units"),
        F("post", "职务", max_len=100),
        F("rank", "职级", "dict", dictionary="rank"),
        F("political_status", "政治面貌", "dict", dictionary="political_status"),
        F("staff_kind", "公职人员类别", "dict", dictionary="staff_kind"),
        F("phone", "联系电话", max_len=30),
        F("notes", "备注", max_len=2000),
    ),
    title_field="name",
    children=(Child("person_posts", "person_id"),),
    derived=Derived("name", NAME_KEYS, pinyin.person_keys),
)

PERSON_POST = Kind(
    "person_posts",
    "任职经历",
    (
        F("person_id", "人员", "ref", required=True, ref="persons"),
        F("unit_id", "单位", "ref", ref="units"),
        F("unit_name", "单位名称", max_len=100),
        F("post", "职务", required=True, max_len=100),
        F("rank", "职级", "dict", dictionary="rank"),
        F("start_date", "任职起始日期", "date"),
        F("end_date", "任职终止日期", "date"),
    ),
    title_field="post",
    orders=(DateOrder("start_date", "end_date"),),
)

TALK = Kind(
    "talks",
    "谈话记录",
    (
        F("kind", "谈话类型", "dict", required=True, dictionary="talk_kind"),
        F("date", "谈话日期", "date", required=True),
        F("start_time", "开始时间", "time"),
        F("end_time", "结束时间", "time"),
        F("place", "谈话地点", max_len=100),
        F("recorder", "记录人", max_len=50),
        F("reason", "谈话事由", required=True, max_len=2000),
        F("content", "主要内容", max_len=20000),
        F("statement", "本人表态", max_len=5000),
        F("followup_required", "是否需要回访", "bool"),
        F("followup_date", "回访日期", "date"),
        F("followup_result", "回访情况", max_len=2000),
        F("clue_id", "关联问题线索", "ref", ref="clues"),
        F("record_returned_date", "谈话记录报回日期", "date"),
        F("notes", "备注", max_len=2000),
    ),
    title_field="reason",
    children=(Child("talk_talkers", "talk_id"), Child("talk_subjects", "talk_id")),
    orders=(
        DateOrder("start_time", "end_time"),
        DateOrder("date", "followup_date"),
        DateOrder("date", "record_returned_date"),
    ),
    rules=("talk_has_subject",),
)

TALK_TALKER = Kind(
    "talk_talkers",
    "谈话人",
    (
        F("talk_id", "谈话记录", "ref", required=True, ref="talks"),
        F("name", "谈话人姓名", required=True, max_len=50),
        F("person_id", "谈话人", "ref", ref="persons"),
        F("role", "谈话人身份", "dict", required=True, dictionary="talker_role"),
    ),
    title_field="name",
)

TALK_SUBJECT = Kind(
    "talk_subjects",
    "谈话对象",
    (
        F("talk_id", "谈话记录", "ref", required=True, ref="talks"),
        F("person_id", "谈话对象", "ref", required=True, ref="persons"),
        F("unit_name", "时任单位", max_len=100),
        F("post", "时任职务", max_len=100),
    ),
    title_field="unit_name",
)

CLUE = Kind(
    "clues",
    "问题线索",
    (
        F("ledger_no", "线索编号", max_len=50),
        F("received_date", "收件日期", "date", required=True),
        F("level", "线索级别", "dict", dictionary="clue_level"),
        F("source", "线索来源", "dict", required=True, dictionary="clue_source"),
        F("channel", "来件渠道", "dict", dictionary="channel"),
        F("petition_kind", "信访类别", "dict", dictionary="petition_kind"),
        F("signed", "署名情况", "dict", dictionary="signed"),
        F("reporter_name", "举报人姓名", max_len=50, sensitive=True),
        F("reporter_contact", "举报人联系方式", max_len=100, sensitive=True),
        F("reporter_informed_date", "告知举报人日期", "date"),
        F("reporter_informed_how", "告知方式", "dict", dictionary="inform_method"),
        F("leader_instruction", "领导批示", max_len=2000),
        F("reported_unit_id", "涉及单位", "ref", ref="units"),
        F("summary", "反映的主要问题", required=True, max_len=5000),
        F("disciplines", "涉及纪律", "dict_list", dictionary="discipline"),
        F("four_winds", "四风问题类别", "dict", dictionary="four_winds"),
        F("duplicate_of", "重件（与哪条线索重复）", "ref", ref="clues"),
        F("disposition", "处置方式", "dict", dictionary="disposition"),
        F("disposition_date", "处置日期", "date"),
        F("disposition_approver", "处置审批人", max_len=50),
        F("forwarded_date", "转交日期", "date"),
        F("forwarded_to", "转交单位", max_len=100),
        F("talk_delegated_date", "委托谈话日期", "date"),
        F("talk_delegated_to", "受托谈话人/单位", max_len=100),
        F("supervisor", "督办领导", max_len=50),
        F("handler", "承办部门/人", max_len=100),
        F("due_date", "办理时限", "date"),
        F("prelim_start", "初核开始日期", "date"),
        F("prelim_end", "初核结束日期", "date"),
        F("case_date", "立案日期", "date"),
        F("hearing_date", "审理日期", "date"),
        F("closed_date", "结案日期", "date"),
        F("amount_recovered", "收缴违纪款", "money"),
        F("clarified", "已澄清正名", "bool"),
        F("result_summary", "查处情况", max_len=5000),
        F("notes", "备注", max_len=5000),
    ),
    title_field="summary",
    children=(
        Child("clue_persons", "clue_id"),
        Child("clue_outcomes", "clue_id"),
        Child("clue_exposures", "clue_id"),
        Child("clue_campaigns", "clue_id"),
    ),
    orders=(
        DateOrder("received_date", "disposition_date"),
        DateOrder("received_date", "prelim_start"),
        DateOrder("prelim_start", "prelim_end"),
        DateOrder("received_date", "case_date"),
        DateOrder("prelim_start", "case_date"),
        DateOrder("case_date", "hearing_date"),
        DateOrder("case_date", "closed_date"),
        DateOrder("hearing_date", "closed_date"),
        DateOrder("received_date", "closed_date"),
        DateOrder("received_date", "due_date"),
        DateOrder("received_date", "reporter_informed_date"),
        DateOrder("received_date", "forwarded_date"),
        DateOrder("received_date", "talk_delegated_date"),
        DateOrder("disposition_date", "talk_delegated_date"),
    ),
    rules=("clue_lifecycle", "clue_reporter_and_forwarding", "clue_delegated_talk"),
    past_only=("case_date", "hearing_date", "closed_date"),
)

CLUE_PERSON = Kind(
    "clue_persons",
    "被反映人",
    (
        F("clue_id", "问题线索", "ref", required=True, ref="clues"),
        F("person_id", "被反映人", "ref", required=True, ref="persons"),
        F("unit_name", "时任单位", max_len=100),
        F("post", "时任职务", max_len=100),
        F("rank", "时任职级", "dict", dictionary="rank"),
        F("filed", "是否立案", "bool"),
        F("voluntary", "主动说清问题", "bool"),
        F("notes", "备注", max_len=2000),
    ),
    title_field="unit_name",
    rules=("clue_person_unique",),
)

CLUE_OUTCOME = Kind(
    "clue_outcomes",
    "处理结果",
    (
        F("clue_id", "问题线索", "ref", required=True, ref="clues"),
        F("person_id", "被处理人", "ref", required=True, ref="persons"),
        F("outcome", "处理结果", "dict", required=True, dictionary="outcome"),
        F("decided_date", "决定日期", "date", required=True),
        F("decided_by", "决定机关", max_len=100),
        F("notes", "备注", max_len=2000),
    ),
    title_field="outcome",
    rules=("person_on_clue", "outcome_after_receipt"),
    past_only=("decided_date",),
)

INQUIRY = Kind(
    "inquiries",
    "函询",
    (
        F("clue_id", "问题线索", "ref", required=True, ref="clues"),
        F("person_id", "函询对象", "ref", required=True, ref="persons"),
        F("sent_date", "发函日期", "date", required=True),
        F("delivered_date", "送达日期", "date"),
        F("reply_due", "回复期限", "date"),
        F("reply_date", "回复日期", "date"),
        F("head_opinion", "党委（党组）主要负责人意见", max_len=2000),
        F("conclusion", "函询结论", "dict", dictionary="inquiry_conclusion"),
        F("notes", "备注", max_len=2000),
    ),
    title_field="sent_date",
    orders=(
        DateOrder("sent_date", "delivered_date"),
        DateOrder("delivered_date", "reply_due"),
        DateOrder("sent_date", "reply_date"),
    ),
    rules=("person_on_clue",),
)

INSPECTION = Kind(
    "inspections",
    "监督检查",
    (
        F("kind", "检查类型", "dict", required=True, dictionary="inspection_kind"),
        F("theme", "检查主题", required=True, max_len=200),
        F("start_date", "开始日期", "date", required=True),
        F("end_date", "结束日期", "date"),
        F("team", "检查组成员", max_len=500),
        F("notes", "备注", max_len=5000),
    ),
    title_field="theme",
    children=(
        Child("inspection_units", "inspection_id"),
        Child("inspection_campaigns", "inspection_id"),
    ),
    orders=(DateOrder("start_date", "end_date"),),
)

INSPECTION_UNIT = Kind(
    "inspection_units",
    "被检查单位",
    (
        F("inspection_id", "监督检查", "ref", required=True, ref="inspections"),
        F("unit_id", "被检查单位", "ref", required=True, ref="units"),
    ),
    title_field="unit_id",
)

RECTIFICATION = Kind(
    "rectifications",
    "整改事项",
    (
        F("finding", "问题描述", required=True, max_len=5000),
        F("found_date", "发现日期", "date", required=True),
        F("inspection_id", "关联监督检查", "ref", ref="inspections"),
        F("clue_id", "关联问题线索", "ref", ref="clues"),
        F("unit_id", "责任单位", "ref", required=True, ref="units"),
        F("responsible", "责任人", max_len=50),
        F("requirement", "整改要求", max_len=5000),
        F("measures", "整改措施", max_len=5000),
        F("standard", "完成标准", max_len=2000),
        F("notice_kind", "通知文书种类", "dict", dictionary="notice_kind"),
        F("notice_document_id", "整改通知文书", "ref", ref="documents"),
        F("notice_date", "通知下发日期", "date"),
        F("deadline", "整改时限", "date"),
        F("status", "整改状态", "dict", required=True, dictionary="rect_status"),
        F("closed_date", "销号日期", "date"),
        F("closed_by", "销号审批人", max_len=50),
        F("closure_evidence", "销号依据", max_len=2000),
        F("escalation_document_id", "督办函", "ref", ref="documents"),
        F("escalated_date", "督办日期", "date"),
        F("accountability", "追责情况", max_len=2000),
        F("rules_made", "建章立制", max_len=2000),
        F("unfinished_reason", "未完成原因及下步计划", max_len=2000),
        F("notes", "备注", max_len=2000),
    ),
    title_field="finding",
    children=(
        Child("rect_progress", "rect_id"),
        Child("rect_checks", "rect_id"),
        Child("rect_campaigns", "rect_id"),
    ),
    orders=(
        DateOrder("found_date", "notice_date"),
        DateOrder("notice_date", "deadline"),
        DateOrder("found_date", "deadline"),
        DateOrder("found_date", "closed_date"),
        DateOrder("notice_date", "closed_date"),
        DateOrder("notice_date", "escalated_date"),
    ),
    rules=("rect_closure",),
)

RECT_PROGRESS = Kind(
    "rect_progress",
    "整改进展",
    (
        F("rect_id", "整改事项", "ref", required=True, ref="rectifications"),
        F("date", "报告日期", "date", required=True),
        F("content", "进展情况", required=True, max_len=5000),
        F("materials", "佐证材料", max_len=2000),
    ),
    title_field="content",
)

RECT_CHECK = Kind(
    "rect_checks",
    "回头看",
    (
        F("rect_id", "整改事项", "ref", required=True, ref="rectifications"),
        F("date", "检查日期", "date", required=True),
        F("method", "检查方式", "dict", required=True, dictionary="check_method"),
        F("result", "检查结果", required=True, max_len=5000),
        F("passed", "是否通过", "bool"),
        F("checker", "检查人", max_len=50),
        F("evidence", "佐证材料", max_len=2000),
    ),
    title_field="result",
)

DOCUMENT = Kind(
    "documents",
    "文书",
    (
        F("kind", "文书种类", "dict", required=True, dictionary="notice_kind"),
        F("number", "文号", max_len=50),
        F("code", "代字", max_len=30),
        F("year", "年度", "int"),
        F("serial", "序号", "int"),
        F("title", "标题", required=True, max_len=200),
        F("issued_date", "成文日期", "date", required=True),
        F("addressee", "主送单位/对象", max_len=200),
        F("linked_table", "关联事项类型", max_len=30),
        F("linked_id", "关联事项", "int"),
        F("pdf_path", "文书文件", max_len=500),
        F("sha256", "文件校验值", max_len=64),
        F("operator", "经办人", max_len=50),
        F("voided", "已作废", "bool"),
        F("notes", "备注", max_len=2000),
    ),
    title_field="title",
    deletable=False,
    frozen_fields=(
        "kind",
        "number",
        "code",
        "year",
        "serial",
        "title",
        "issued_date",
        "addressee",
        "linked_table",
        "linked_id",
        "pdf_path",
        "sha256",
    ),
)

PROPOSAL = Kind(
    "proposals",
    "建议书",
    (
        F("kind", "建议书种类", "dict", required=True, dictionary="notice_kind"),
        F("matter", "事由", required=True, max_len=200),
        F("unit_id", "主送单位", "ref", required=True, ref="units"),
        F("source", "问题来源", max_len=2000),
        F("area", "问题领域", max_len=200),
        F("problems", "发现的问题", required=True, max_len=10000),
        F("causes", "原因分析", max_len=10000),
        F("recommendations", "建议事项", required=True, max_len=10000),
        F("reply_due", "回复期限", "date"),
        F("document_id", "建议书文书", "ref", ref="documents"),
        F("reply_date", "回复日期", "date"),
        F("reply_summary", "回复及落实情况", max_len=5000),
        F("status", "办理状态", "dict", required=True, dictionary="proposal_status"),
        F("closed_date", "办结日期", "date"),
        F("notes", "备注", max_len=2000),
    ),
    title_field="matter",
    children=(Child("proposal_campaigns", "proposal_id"),),
    orders=(DateOrder("reply_date", "closed_date"),),
    rules=("proposal_workflow",),
)

# -- supervision work beyond cases (issue #15): campaigns, activities, 通报, 问责 ---------

CAMPAIGN = Kind(
    "campaigns",
    "专项工作",
    (
        F("name", "专项工作名称", required=True, max_len=200),
        F("theme", "主题", "dict", required=True, dictionary="campaign_theme"),
        F("start_date", "开始日期", "date", required=True),
        F("end_date", "结束日期", "date"),
        F("lead_office", "牵头部门", max_len=100),
        F("notes", "备注", max_len=5000),
    ),
    title_field="name",
    children=(Child("campaign_units", "campaign_id"),),
    orders=(DateOrder("start_date", "end_date"),),
)

CAMPAIGN_UNIT = Kind(
    "campaign_units",
    "覆盖单位",
    (
        F("campaign_id", "专项工作", "ref", required=True, ref="campaigns"),
        F("unit_id", "覆盖单位", "ref", required=True, ref="units"),
    ),
    title_field="unit_id",
    rules=("campaign_unit_unique",),
)

ACTIVITY = Kind(
    "activities",
    "工作活动",
    (
        F("kind", "活动类型", "dict", required=True, dictionary="activity_kind"),
        F("title", "活动名称", required=True, max_len=200),
        F("date", "活动日期", "date", required=True),
        F("end_date", "结束日期", "date"),
        F("place", "活动地点", max_len=100),
        F("organizer", "组织部门", max_len=100),
        F("sessions", "场次", "int", default=1),
        # typed only when nobody is listed: with persons listed, 人次 is their number
        # (desktop/queries/campaigns.py ATTENDANCE_SQL, the one rule)
        F("attendance", "人次", "int"),
        F("results", "活动情况及结果", max_len=5000),
        F("notes", "备注", max_len=2000),
    ),
    title_field="title",
    children=(
        Child("activity_units", "activity_id"),
        Child("activity_persons", "activity_id"),
        Child("activity_campaigns", "activity_id"),
    ),
    orders=(DateOrder("date", "end_date"),),
    rules=("activity_counts",),
)

ACTIVITY_UNIT = Kind(
    "activity_units",
    "参加单位",
    (
        F("activity_id", "工作活动", "ref", required=True, ref="activities"),
        F("unit_id", "参加单位", "ref", required=True, ref="units"),
    ),
    title_field="unit_id",
    rules=("activity_unit_unique",),
)

ACTIVITY_PERSON = Kind(
    "activity_persons",
    "参加人员",
    (
        F("activity_id", "工作活动", "ref", required=True, ref="activities"),
        F("person_id", "人员", "ref", required=True, ref="persons"),
        F("role", "参加身份", "dict", dictionary="activity_role", default="参加人员"),
        F("assessment", "测评结果", "dict", dictionary="assessment_result"),
        F("score", "测评得分", max_len=20),
        F("notes", "备注", max_len=2000),
    ),
    title_field="role",
    rules=("activity_person_unique",),
)

BULLETIN = Kind(
    "bulletins",
    "通报",
    (
        F("kind", "通报种类", "dict", required=True, dictionary="notice_kind"),
        F("title", "通报标题", required=True, max_len=200),
        F("date", "通报日期", "date", required=True),
        F("scope", "通报范围", max_len=200),
        F("summary", "通报情况", max_len=10000),
        F("requirements", "工作要求", max_len=5000),
        F("document_id", "通报文书", "ref", ref="documents"),
        F("notes", "备注", max_len=2000),
    ),
    title_field="title",
    children=(Child("bulletin_items", "bulletin_id"), Child("bulletin_campaigns", "bulletin_id")),
    rules=("bulletin_kind",),
)

BULLETIN_ITEM = Kind(
    "bulletin_items",
    "通报事项",
    (
        F("bulletin_id", "通报", "ref", required=True, ref="bulletins"),
        F("summary", "通报的问题或案例", required=True, max_len=5000),
        F("clue_id", "关联问题线索", "ref", ref="clues"),
        F("rect_id", "关联整改事项", "ref", ref="rectifications"),
        F("person_id", "涉及人员", "ref", ref="persons"),
        F("unit_id", "涉及单位", "ref", ref="units"),
        F("handling", "处理情况", max_len=2000),
    ),
    title_field="summary",
)

CLUE_EXPOSURE = Kind(
    "clue_exposures",
    "通报曝光",
    (
        F("clue_id", "问题线索", "ref", required=True, ref="clues"),
        F("person_id", "被曝光人", "ref", ref="persons"),
        F("date", "曝光日期", "date", required=True),
        F("channel", "曝光方式", "dict", required=True, dictionary="exposure_channel"),
        F("bulletin_id", "通报", "ref", ref="bulletins"),
        F("notes", "备注", max_len=2000),
    ),
    title_field="channel",
    past_only=("date",),
)

ACCOUNTABILITY = Kind(
    "accountabilities",
    "问责",
    (
        F("person_id", "被问责人", "ref", ref="persons"),
        F("unit_id", "被问责单位", "ref", ref="units"),
        F("method", "问责方式", "dict", required=True, dictionary="accountability_method"),
        F("date", "问责日期", "date", required=True),
        F("reason", "问责事由", required=True, max_len=2000),
        F("rect_id", "关联整改事项", "ref", ref="rectifications"),
        F("clue_id", "关联问题线索", "ref", ref="clues"),
        F("decided_by", "决定机关", max_len=100),
        F("notes", "备注", max_len=2000),
    ),
    title_field="reason",
    rules=("accountability_target",),
    past_only=("date",),
)

# Records tied to campaigns, each through a link table of its own (parent, link table,
# the link's key to the parent): one record may belong to several campaigns. Documents,
# 问责, talks and outcomes belong to a campaign through the record they come from
# (desktop/queries/campaigns.py says how, once).
CAMPAIGN_LINKS: tuple[tuple[str, str, str], ...] = (
    ("inspections", "inspection_campaigns", "inspection_id"),
    ("clues", "clue_campaigns", "clue_id"),
    ("rectifications", "rect_campaigns", "rect_id"),
    ("activities", "activity_campaigns", "activity_id"),
    ("bulletins", "bulletin_campaigns", "bulletin_id"),
    ("proposals", "proposal_campaigns", "proposal_id"),
)


def _campaign_link(parent: Kind, table: str, fk: str) -> Kind:
    return Kind(
        table,
        "所属专项工作",
        (
            F(fk, parent.label, "ref", required=True, ref=parent.table),
            F("campaign_id", "所属专项工作", "ref", required=True, ref="campaigns"),
        ),
        title_field="campaign_id",
        rules=("campaign_link_unique",),
    )


ATTACHMENT = Kind(
    "attachments",
    "附件",
    (
        F("filename", "文件名", required=True, max_len=255),
        F("stored_path", "存储位置", required=True, max_len=500),
        F("sha256", "文件校验值", required=True, max_len=64),
        F("size", "文件大小", "int"),
        F("added_by", "添加人", max_len=50),
        F("linked_table", "关联事项类型", required=True, max_len=30),
        F("linked_id", "关联事项", "int", required=True),
        F("notes", "备注", max_len=2000),
    ),
    title_field="filename",
    frozen_fields=("stored_path", "sha256", "size"),
)

KINDS: dict[str, Kind] = {
    k.table: k
    for k in (
        UNIT,
        PERSON,
        PERSON_POST,
        TALK,
        TALK_TALKER,
        TALK_SUBJECT,
        CLUE,
        CLUE_PERSON,
        CLUE_OUTCOME,
        INQUIRY,
        INSPECTION,
        INSPECTION_UNIT,
        RECTIFICATION,
        RECT_PROGRESS,
        RECT_CHECK,
        DOCUMENT,
        PROPOSAL,
        ATTACHMENT,
        CAMPAIGN,
        CAMPAIGN_UNIT,
        ACTIVITY,
        ACTIVITY_UNIT,
        ACTIVITY_PERSON,
        BULLETIN,
        BULLETIN_ITEM,
        CLUE_EXPOSURE,
        ACCOUNTABILITY,
    )
}
_PARENTS = {k.table: k for k in (INSPECTION, CLUE, RECTIFICATION, ACTIVITY, BULLETIN, PROPOSAL)}
KINDS.update(
    {table: _campaign_link(_PARENTS[parent], table, fk) for parent, table, fk in CAMPAIGN_LINKS}
)

# Tables the clerk works with directly, and the kinds whose rows only live inside a parent.
TOP_LEVEL = (
    "units",
    "persons",
    "talks",
    "clues",
    "inquiries",
    "inspections",
    "rectifications",
    "proposals",
    "documents",
    "attachments",
    "campaigns",
    "activities",
    "bulletins",
    "accountabilities",
)

# Records the clerk can attach files to (scans, letters, evidence) in their entry form:
# every top-level record but the register (its file is the issued PDF) and the files.
ATTACHABLE = tuple(t for t in TOP_LEVEL if t not in ("documents", "attachments"))


def kind(table: str) -> Kind:
    try:
        return KINDS[table]
    except KeyError:
        raise KeyError(f"unknown record kind {table!r}") from None


def parent_of(table: str) -> tuple[Kind, Child] | None:
    """The kind a child table's rows live inside, with the link: what a clerk would name."""
    for k in KINDS.values():
        for c in k.children:
            if c.table == table:
                return k, c
    return None


def references_to(table: str) -> list[tuple[Kind, Field]]:
    """Every (kind, field) whose ref points at `table`: what blocks a delete."""
    return [(k, f) for k in KINDS.values() for f in k.fields if f.type == "ref" and f.ref == table]
