"""廉政档案: what is on record about one person or one unit, section by section.

Each section is declared and read once here; the archive dialog shows these rows and the
printed 廉政档案 prints them (desktop.domain.notices), so the screen and the paper list
the same records by construction. Column labels are the field labels of
desktop.store.kinds unless a comment says why not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.domain import forms
from desktop.queries import concerns, rectification
from desktop.queries.campaigns import attendance_sql, sessions_sql
from desktop.queries.progress import CLUE_STATUS_SQL
from desktop.queries.responsible import responsible_is_person_sql
from desktop.store.errors import NotFoundError
from desktop.store.kinds import kind

if TYPE_CHECKING:
    from desktop.store.db import Store


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # in Row.values
    label: str
    width: int  # on screen, in pixels
    field: tuple[str, str] | None = None  # (table, field) of kinds.py it shows, if one


@dataclass(frozen=True, slots=True)
class Row:
    table: str  # the record the row stands for (a double-click opens it)
    record_id: int
    values: Mapping[str, Any]  # every value read, shown or printed
    due: tuple[str | None, bool] | None = None  # (deadline, done) of a row with a deadline
    in_effect: bool | None = None  # a sanction within its effect period

    def cells(self, columns: Sequence[Column]) -> tuple[Any, ...]:
        return tuple(self.values.get(c.key) for c in columns)


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.label for c in self.columns)

    @property
    def widths(self) -> tuple[int, ...]:
        return tuple(c.width for c in self.columns)


@dataclass(frozen=True, slots=True)
class Archive:
    table: str  # persons or units
    record_id: int
    name: str
    record: Mapping[str, Any]  # the person's or unit's row, with `unit` / `parent` names
    identity: tuple[tuple[str, Any], ...]  # (label, value) as the 基本信息 box shows them
    sections: tuple[Section, ...]

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def _label(table: str, field: str) -> str:
    return kind(table).field(field).label


def _col(table: str, field: str, width: int, key: str | None = None) -> Column:
    """A column showing a kinds field, under that field's label."""
    return Column(key or field, _label(table, field), width, (table, field))


def _section(key: str, title: str, columns: Sequence[Column], rows: Sequence[Row]) -> Section:
    return Section(key, title, tuple(columns), tuple(rows))


def _plain(
    store: Store,
    key: str,
    title: str,
    table: str,
    columns: Sequence[Column],
    sql: str,
    params: Any,
) -> Section:
    """A section whose rows are the query's rows, each opening `table`'s record `id`."""
    rows = [Row(table, r["id"], r) for r in store.query(sql, params)]
    return _section(key, title, columns, rows)


# -- a person's archive ------------------------------------------------------------------


def person_archive(store: Store, person_id: int, today: dt.date) -> Archive:
    """One person's 廉政档案: identity, posts, talks, clues, 函询, sanctions, rectifications,
    测评 results, 通报曝光, 问责 and the activities the person took part in."""
    rows = store.query(
        "SELECT p.*, u.name AS unit FROM persons p LEFT JOIN units u ON u.id = p.unit_id"
        " WHERE p.id = ?",
        [person_id],
    )
    if not rows:
        raise NotFoundError("该人员不存在或已被删除")
    person = dict(rows[0])
    shown = ("gender", "birth_date", "political_status", "unit_id", "post", "rank", "staff_kind")
    identity = [
        (_label("persons", f), person["unit" if f == "unit_id" else f]) for f in (*shown, "phone")
    ]
    sections = (
        _posts(store, person_id),
        _talks(store, person_id),
        _clues(store, person_id),
        _inquiries(store, person_id),
        _sanctions(store, person_id, today),
        _rectifications_of(store, person_id, today),
        _assessments(store, "ap.person_id = :pid", {"pid": person_id}),
        _exposures(
            store,
            concerns.exposure_person_sql("e"),
            concerns.item_person_sql("bi"),
            {"pid": person_id},
        ),
        _accountabilities(store, "ac.person_id = :pid", {"pid": person_id}),
        _activities(
            store,
            "a.id IN (SELECT activity_id FROM activity_persons WHERE person_id = :pid)",
            {"pid": person_id},
        ),
    )
    return Archive("persons", person_id, str(person["name"]), person, tuple(identity), sections)


def _posts(store: Store, person_id: int) -> Section:
    columns = (
        _col("person_posts", "unit_id", 220, "unit"),
        _col("person_posts", "post", 180),
        _col("person_posts", "rank", 110),
        # the section is 任职经历 already: 任职起始日期 would only widen the column
        Column("start_date", "起始日期", 100),
        Column("end_shown", "终止日期", 100),
    )
    rows = [
        Row("persons", person_id, {**r, "end_shown": r["end_date"] or "至今"})
        for r in store.query(
            "SELECT pp.*, COALESCE(u.name, pp.unit_name) AS unit FROM person_posts pp"
            " LEFT JOIN units u ON u.id = pp.unit_id WHERE pp.person_id = ?"
            " ORDER BY pp.start_date IS NULL, pp.start_date DESC, pp.id DESC",
            [person_id],
        )
    ]
    return _section("posts", "任职经历", columns, rows)


def _talks(store: Store, person_id: int) -> Section:
    columns = (
        _col("talks", "date", 100),
        _col("talks", "kind", 110),
        _col("talks", "reason", 360),
        _col("talk_talkers", "person_id", 160, "talkers"),
    )
    return _plain(
        store,
        "talks",
        "谈话记录",
        "talks",
        columns,
        "SELECT t.id, t.date, t.kind, t.reason, t.statement,"
        " (SELECT group_concat(name, '、') FROM talk_talkers WHERE talk_id = t.id)"
        "  AS talkers"
        " FROM talks t WHERE t.id IN (SELECT talk_id FROM talk_subjects WHERE person_id = ?)"
        " ORDER BY t.date DESC, t.id DESC",
        [person_id],
    )


def _clues(store: Store, person_id: int) -> Section:
    columns = (
        _col("clues", "ledger_no", 110),
        _col("clues", "received_date", 100),
        _col("clues", "summary", 300),
        _col("clues", "disposition", 100),
        Column("status", "办理进度", 90),  # derived: progress.CLUE_STATUS_SQL
        _col("clue_outcomes", "outcome", 200, "outcomes"),
    )
    return _plain(
        store,
        "clues",
        "问题线索及处理结果",
        "clues",
        columns,
        f"SELECT c.id, c.ledger_no, c.received_date, c.summary, c.disposition,"
        f" c.closed_date, ({CLUE_STATUS_SQL}) AS status,"
        " (SELECT group_concat(o.outcome || '（' || o.decided_date || '）', '、')"
        "  FROM clue_outcomes o WHERE o.clue_id = c.id AND o.person_id = :pid) AS outcomes,"
        " (SELECT group_concat(outcome, '、') FROM (SELECT outcome FROM clue_outcomes"
        "  WHERE clue_id = c.id AND person_id = :pid ORDER BY id)) AS outcome_names"
        " FROM clues c WHERE c.id IN (SELECT clue_id FROM clue_persons WHERE person_id = :pid)"
        " ORDER BY c.received_date DESC, c.id DESC",
        {"pid": person_id},
    )


def _inquiries(store: Store, person_id: int) -> Section:
    columns = (
        _col("clues", "ledger_no", 110),
        _col("inquiries", "sent_date", 100),
        _col("inquiries", "reply_due", 100),
        _col("inquiries", "reply_date", 100),
        _col("inquiries", "conclusion", 160),
    )
    rows = [
        Row("inquiries", r["id"], r, due=(r["reply_due"], r["reply_date"] is not None))
        for r in store.query(
            "SELECT q.id, c.ledger_no, q.sent_date, q.reply_due, q.reply_date, q.conclusion"
            " FROM inquiries q LEFT JOIN clues c ON c.id = q.clue_id WHERE q.person_id = ?"
            " ORDER BY q.sent_date DESC, q.id DESC",
            [person_id],
        )
    ]
    return _section("inquiries", "函询", columns, rows)


def _sanctions(store: Store, person_id: int, today: dt.date) -> Section:
    """Sanctions come from domain.forms, which knows each outcome's effect period."""
    columns = (
        Column("outcome", "处分", 140),
        Column("category", "类别", 100),
        Column("form", "形态", 110),
        _col("clue_outcomes", "decided_date", 100, "decided_text"),
        Column("ends_text", "影响期至", 100),
        Column("status", "状态", 100),
    )
    rows = []
    for s in forms.sanctions(store, person_id=person_id):
        values = {
            "outcome": s.outcome,
            "category": s.category,
            "form": forms.FORM_LABELS.get(s.form or 0, ""),
            "decided": s.decided,
            "decided_text": s.decided.isoformat(),
            "ends": s.ends,
            "ends_text": "无期限" if s.ends is None else s.ends.isoformat(),
            "status": s.status(today),
        }
        rows.append(Row("clues", s.clue_id, values, in_effect=s.in_effect(today)))
    return _section("sanctions", "处分及影响期", columns, rows)


def _rectifications_of(store: Store, person_id: int, today: dt.date) -> Section:
    """The items whose 责任人 names this person (one whole name among several)."""
    columns = (
        _col("rectifications", "finding", 360),
        _col("rectifications", "unit_id", 180, "unit"),
        _col("rectifications", "deadline", 100),
        _col("rectifications", "status", 110, "shown_status"),
    )
    rows = _rect_rows(
        store,
        f"LEFT JOIN units u ON u.id = r.unit_id WHERE {responsible_is_person_sql('r', ':pid')}",
        {"pid": person_id, "today": today.isoformat()},
    )
    return _section("rectifications", "负责的整改事项", columns, rows)


def _rect_rows(store: Store, where: str, params: Mapping[str, Any]) -> list[Row]:
    """Rectification items by deadline, with the shown state (rectification.py's rule)."""
    return [
        Row(
            "rectifications", r["id"], r, due=(r["deadline"], r["status"] not in rectification.OPEN)
        )
        for r in store.query(
            "SELECT r.id, r.finding, r.responsible, r.found_date, r.deadline, r.status,"
            f" r.closed_date, u.name AS unit, ({rectification.shown_status_sql()}) AS shown_status"
            f" FROM rectifications r {where} ORDER BY r.deadline IS NULL, r.deadline, r.id",
            params,
        )
    ]


# -- a unit's archive --------------------------------------------------------------------


def unit_archive(store: Store, unit_id: int, today: dt.date) -> Archive:
    """One unit's archive: its people, clues, talks, inspections, rectification items, the
    campaigns covering it, its activities, its people's 测评 results, 通报曝光 and 问责."""
    rows = store.query(
        "SELECT n.*, pu.name AS parent,"
        " (SELECT group_concat(name, '、') FROM units WHERE parent_id = n.id) AS children"
        " FROM units n LEFT JOIN units pu ON pu.id = n.parent_id WHERE n.id = ?",
        [unit_id],
    )
    if not rows:
        raise NotFoundError("该单位不存在或已被删除")
    unit = dict(rows[0])
    identity = (
        (_label("units", "kind"), unit["kind"]),
        (_label("units", "parent_id"), unit["parent"]),
        ("下属单位", unit["children"]),  # derived: the units whose 上级单位 this is
        (_label("units", "active"), "是" if unit["active"] else "否"),
        (_label("units", "notes"), unit["notes"]),
    )
    params = {"uid": unit_id, "today": today.isoformat()}
    sections = (
        _unit_persons(store, params),
        _unit_clues(store, params),
        _unit_talks(store, params),
        _unit_inspections(store, params),
        _unit_rectifications(store, params),
        _unit_campaigns(store, params),
        _activities(
            store,
            "(a.id IN (SELECT activity_id FROM activity_units WHERE unit_id = :uid)"
            " OR a.id IN (SELECT ap.activity_id FROM activity_persons ap"
            "  JOIN persons p ON p.id = ap.person_id WHERE p.unit_id = :uid))",
            params,
            unit=True,
        ),
        _assessments(
            store, "ap.person_id IN (SELECT id FROM persons WHERE unit_id = :uid)", params, True
        ),
        _exposures(
            store, concerns.exposure_unit_sql("e"), concerns.item_unit_sql("bi"), params, True
        ),
        _accountabilities(
            store,
            "(ac.unit_id = :uid OR ac.person_id IN (SELECT id FROM persons WHERE unit_id = :uid))",
            params,
            unit=True,
        ),
    )
    return Archive("units", unit_id, str(unit["name"]), unit, identity, sections)


def _unit_persons(store: Store, params: Mapping[str, Any]) -> Section:
    columns = (
        _col("persons", "name", 100),
        _col("persons", "post", 200),
        _col("persons", "rank", 120),
        _col("persons", "political_status", 100),
    )
    return _plain(
        store,
        "persons",
        "本单位人员",
        "persons",
        columns,
        "SELECT id, name, post, rank, political_status FROM persons WHERE unit_id = :uid"
        " ORDER BY name_pinyin, name",
        params,
    )


def _unit_clues(store: Store, params: Mapping[str, Any]) -> Section:
    """Clues about the unit itself or about any of its people."""
    columns = (
        _col("clues", "ledger_no", 110),
        _col("clues", "received_date", 100),
        _col("clue_persons", "person_id", 120, "persons"),
        _col("clues", "summary", 360),
        Column("status", "办理进度", 90),  # derived: progress.CLUE_STATUS_SQL
    )
    return _plain(
        store,
        "clues",
        "问题线索",
        "clues",
        columns,
        f"SELECT c.id, c.ledger_no, c.received_date, c.summary, ({CLUE_STATUS_SQL}) AS status,"
        " (SELECT group_concat(p.name, '、') FROM clue_persons cp JOIN persons p"
        "  ON p.id = cp.person_id WHERE cp.clue_id = c.id) AS persons"
        " FROM clues c WHERE c.reported_unit_id = :uid OR c.id IN (SELECT cp.clue_id"
        "  FROM clue_persons cp JOIN persons p ON p.id = cp.person_id WHERE p.unit_id = :uid)"
        " ORDER BY c.received_date DESC, c.id DESC",
        params,
    )


def _unit_talks(store: Store, params: Mapping[str, Any]) -> Section:
    columns = (
        _col("talks", "date", 100),
        _col("talks", "kind", 110),
        _col("talk_subjects", "person_id", 140, "subjects"),
        _col("talks", "reason", 360),
    )
    return _plain(
        store,
        "talks",
        "本单位人员谈话",
        "talks",
        columns,
        "SELECT t.id, t.date, t.kind, t.reason,"
        " (SELECT group_concat(p.name, '、') FROM talk_subjects ts JOIN persons p"
        "  ON p.id = ts.person_id WHERE ts.talk_id = t.id) AS subjects"
        " FROM talks t WHERE t.id IN (SELECT ts.talk_id FROM talk_subjects ts"
        "  JOIN persons p ON p.id = ts.person_id WHERE p.unit_id = :uid)"
        " ORDER BY t.date DESC, t.id DESC",
        params,
    )


def _unit_inspections(store: Store, params: Mapping[str, Any]) -> Section:
    columns = (
        _col("inspections", "start_date", 100),
        _col("inspections", "end_date", 100),
        _col("inspections", "kind", 120),
        _col("inspections", "theme", 360),
    )
    return _plain(
        store,
        "inspections",
        "监督检查",
        "inspections",
        columns,
        "SELECT i.id, i.start_date, i.end_date, i.kind, i.theme FROM inspections i"
        " WHERE i.id IN (SELECT inspection_id FROM inspection_units WHERE unit_id = :uid)"
        " ORDER BY i.start_date DESC, i.id DESC",
        params,
    )


def _unit_rectifications(store: Store, params: Mapping[str, Any]) -> Section:
    columns = (
        _col("rectifications", "finding", 360),
        _col("rectifications", "responsible", 90),
        _col("rectifications", "found_date", 100),
        _col("rectifications", "deadline", 100),
        _col("rectifications", "status", 110, "shown_status"),
    )
    rows = _rect_rows(store, "LEFT JOIN units u ON u.id = r.unit_id WHERE r.unit_id = :uid", params)
    return _section("rectifications", "整改事项", columns, rows)


# -- 专项工作, 工作活动, 测评, 通报曝光 and 问责 (issue #15): a person's and a unit's --------


def _unit_campaigns(store: Store, params: Mapping[str, Any]) -> Section:
    columns = (
        _col("campaigns", "name", 300),
        _col("campaigns", "theme", 100),
        _col("campaigns", "start_date", 100),
        _col("campaigns", "end_date", 100),
        _col("campaigns", "lead_office", 160),
    )
    return _plain(
        store,
        "campaigns",
        "覆盖本单位的专项工作",
        "campaigns",
        columns,
        "SELECT c.id, c.name, c.theme, c.start_date, c.end_date, c.lead_office FROM campaigns c"
        " WHERE c.id IN (SELECT campaign_id FROM campaign_units WHERE unit_id = :uid)"
        " ORDER BY c.start_date DESC, c.id DESC",
        params,
    )


def _activities(
    store: Store, where: str, params: Mapping[str, Any], *, unit: bool = False
) -> Section:
    """The activities taken part in: a person's with the part played, a unit's with its
    场次 and 人次 (queries/campaigns.py's rule)."""
    columns: tuple[Column, ...] = (
        _col("activities", "date", 100),
        _col("activities", "kind", 120),
        _col("activities", "title", 300),
    )
    if unit:
        columns += (_col("activities", "sessions", 60), _col("activities", "attendance", 60))
    role = "NULL"
    if not unit:
        columns += (_col("activity_persons", "role", 120),)
        role = "(SELECT role FROM activity_persons WHERE activity_id = a.id AND person_id = :pid)"
    return _plain(
        store,
        "activities",
        "参加的工作活动",
        "activities",
        columns,
        "SELECT a.id, a.date, a.end_date, a.kind, a.title, a.place, a.organizer, a.results,"
        f" {sessions_sql('a')} AS sessions, {attendance_sql('a')} AS attendance,"
        f" {role} AS role FROM activities a WHERE {where} ORDER BY a.date DESC, a.id DESC",
        params,
    )


def _assessments(
    store: Store, where: str, params: Mapping[str, Any], unit: bool = False
) -> Section:
    """测评 results (述责述廉, 责任制考核/测评 …): each person's, from the activity."""
    columns: tuple[Column, ...] = (
        (_col("activity_persons", "person_id", 90, "name"),) if unit else ()
    ) + (
        _col("activities", "date", 100),
        _col("activities", "kind", 120),
        _col("activities", "title", 260),
        _col("activity_persons", "assessment", 90),
        _col("activity_persons", "score", 80),
    )
    return _plain(
        store,
        "assessments",
        "本单位人员测评结果" if unit else "测评结果",
        "activities",
        columns,
        "SELECT a.id, a.date, a.kind, a.title, ap.assessment, ap.score, ap.role, p.name"
        " FROM activity_persons ap JOIN activities a ON a.id = ap.activity_id"
        " JOIN persons p ON p.id = ap.person_id"
        f" WHERE {where} AND (ap.assessment IS NOT NULL OR ap.score IS NOT NULL)"
        " ORDER BY a.date DESC, a.id DESC, p.name_pinyin",
        params,
    )


# A 通报's title as the archive shows it: with its number once issued.
_BULLETIN_TITLE = (
    "{b}.title || COALESCE('（' || (SELECT number FROM documents WHERE id = {b}.document_id)"
    " || '）', '')"
)


def _exposures(
    store: Store,
    exposed: str,
    named: str,
    params: Mapping[str, Any],
    unit: bool = False,
) -> Section:
    """通报曝光: the exposures of clues (`exposed`: whom they concern) and the items of the
    通报 that name the person or unit (`named`), an item already recorded as an exposure
    of its clue by that 通报 shown once. An exposure opens its clue, an item its 通报."""
    columns: tuple[Column, ...] = (
        Column("date", "日期", 100),  # 曝光日期 or 通报日期
        _col("clue_exposures", "channel", 100),
        _col("clue_exposures", "bulletin_id", 300, "bulletin"),
        Column("summary", "通报曝光的问题", 300),  # the clue's 反映问题 or the item's text
    )
    if unit:
        columns += (Column("persons", "涉及人员", 120),)
    sql = (
        "SELECT 'clues' AS target, e.clue_id AS id, e.date, e.channel,"
        f" {_BULLETIN_TITLE.format(b='b')} AS bulletin, c.summary,"
        " COALESCE((SELECT name FROM persons WHERE id = e.person_id),"
        "  (SELECT group_concat(p.name, '、') FROM clue_persons cp JOIN persons p"
        "   ON p.id = cp.person_id WHERE cp.clue_id = e.clue_id)) AS persons"
        " FROM clue_exposures e JOIN clues c ON c.id = e.clue_id"
        " LEFT JOIN bulletins b ON b.id = e.bulletin_id"
        f" WHERE {exposed}"
        " UNION ALL"
        " SELECT 'bulletins', b.id, b.date, b.kind,"
        f" {_BULLETIN_TITLE.format(b='b')}, bi.summary,"
        " COALESCE((SELECT name FROM persons WHERE id = bi.person_id),"
        "  (SELECT group_concat(p.name, '、') FROM clue_persons cp JOIN persons p"
        "   ON p.id = cp.person_id WHERE cp.clue_id = bi.clue_id))"
        " FROM bulletin_items bi JOIN bulletins b ON b.id = bi.bulletin_id"
        f" WHERE {named} AND NOT EXISTS (SELECT 1 FROM clue_exposures x"
        "  WHERE x.bulletin_id = b.id AND x.clue_id = bi.clue_id)"
        " ORDER BY 3 DESC, 2 DESC"
    )
    rows = [Row(str(r["target"]), r["id"], r) for r in store.query(sql, params)]
    return _section("exposures", "通报曝光", columns, rows)


def _accountabilities(
    store: Store, where: str, params: Mapping[str, Any], *, unit: bool = False
) -> Section:
    columns: tuple[Column, ...] = (Column("target", "问责对象", 120),) if unit else ()
    columns += (
        _col("accountabilities", "date", 100),
        _col("accountabilities", "method", 110),
        _col("accountabilities", "reason", 300),
        _col("accountabilities", "decided_by", 120),
    )
    return _plain(
        store,
        "accountabilities",
        "问责情况",
        "accountabilities",
        columns,
        "SELECT ac.id, ac.date, ac.method, ac.reason, ac.decided_by,"
        " COALESCE((SELECT name FROM persons WHERE id = ac.person_id),"
        "  (SELECT name FROM units WHERE id = ac.unit_id)) AS target"
        f" FROM accountabilities ac WHERE {where} ORDER BY ac.date DESC, ac.id DESC",
        params,
    )
