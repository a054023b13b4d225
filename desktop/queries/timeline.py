"""The timeline's event sources, each declared once, and one API to read a date window.

A source is one kind of dated event: the table it comes from, the indexed date column
that bounds its window (talks.date, clues.received_date/disposition_date/prelim_start/
case_date/closed_date, documents.issued_date, rectifications.deadline, rect_checks.date,
inquiries.sent_date, inspections.start_date, clue_outcomes.decided_date,
campaigns.start_date, activities.date, bulletins.date, clue_exposures.date,
accountabilities.date), its label
(taken from desktop/store/kinds.py where the screen shows the same words), the lane and
colour key (its `kind`), and how it is filtered by person, unit and 专项工作 (the
membership rule of desktop/queries/campaigns.py). `Timeline.fetch()`
joins the sources' SELECTs with UNION ALL, so one round trip reads a window;
tests/test_ui_timeline.py checks the query plans search an index for every source.

No Qt here: desktop/ui/timeline paints what this reads, on a worker's connection.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import compress
from typing import TYPE_CHECKING, Any, NamedTuple

from desktop.domain.forms import OutcomeInfo, effect_end, outcome_table
from desktop.queries import concerns, core, rectification
from desktop.queries.campaigns import in_campaign_sql
from desktop.store.kinds import (
    ACCOUNTABILITY,
    ACTIVITY,
    BULLETIN,
    CAMPAIGN,
    CLUE,
    CLUE_EXPOSURE,
    INQUIRY,
    INSPECTION,
    RECT_CHECK,
    RECTIFICATION,
    Kind,
)

if TYPE_CHECKING:
    from desktop.store.db import Store

_URGENCY_STATUS = {core.FINISHED: "done", core.PAST_DUE: "overdue", core.DUE_SOON: "soon"}


def _field_label(kind: Kind, name: str) -> str:
    return next(f.label for f in kind.fields if f.name == name)


def _sql_text(text: str) -> str:
    """A label as an SQL string literal (labels come from kinds.py, never from input)."""
    return "'" + text.replace("'", "''") + "'"


DEADLINE = _field_label(RECTIFICATION, "deadline")  # 整改时限

# A deadline is done once its item is no longer open (desktop/queries/rectification.py:
# reported done or closed it can no longer be 逾期), as lists, archive and desk say.
_RECT_DONE = f"r.status NOT IN ({', '.join(_sql_text(s) for s in rectification.OPEN)})"

# Event kind (lane and colour key) -> the lane's label, in lane order. Where kinds.py
# has the same words they come from there; 谈话, 文书制发 and 处理处分 are the
# timeline's own lane names (kinds.py says 谈话记录, 文书, 处理结果). 专项工作 comes
# first: its bars are the periods the events below fall in.
EVENT_KINDS: dict[str, str] = {
    "campaign": CAMPAIGN.label,
    "talk": "谈话",
    "clue": CLUE.label,
    "inquiry": INQUIRY.label,
    "document": "文书制发",
    "deadline": DEADLINE,
    "check": RECT_CHECK.label,
    "inspection": INSPECTION.label,
    "activity": ACTIVITY.label,
    "sanction": "处理处分",
    "accountability": ACCOUNTABILITY.label,
    "bulletin": BULLETIN.label,
    "exposure": CLUE_EXPOSURE.label,
}

STATUSES: dict[str, str] = {
    "": "全部状态",
    "overdue": "已逾期",
    "soon": "7日内到期",
    "open": "未完成",
    "done": "已完成",
}


class Event(NamedTuple):
    kind: str
    table: str  # the record clicking opens
    rid: int
    start: dt.date
    end: dt.date | None  # bars only; None for points (and permanent sanctions: `forever`)
    label: str
    text: str
    status: str  # "overdue", "soon", "open", "done" or "" (not a deadline)
    unit_id: int | None
    person_id: int | None
    forever: bool = False

    @property
    def is_bar(self) -> bool:
        return self.end is not None or self.forever


@dataclass(frozen=True)
class EventFilter:
    kinds: frozenset[str] = frozenset(EVENT_KINDS)
    unit_id: int | None = None
    person_id: int | None = None
    status: str = ""
    since: dt.date | None = None  # date-range filter, inclusive
    until: dt.date | None = None
    campaign_id: int | None = None  # only what belongs to this 专项工作


@dataclass(frozen=True)
class Source:
    """One kind of dated event, as SQL over its table (alias in `table_sql`).

    `day` is the indexed date column the window bounds (from `lower` to :e); `day_end`
    ends a bar; `done` is 1 for a finished deadline; `unit`/`person` place the event on
    a unit's or person's lane; `person_filter`/`unit_filter` keep one person's or one
    unit's events (`person_filter` None: the kind never concerns one person); `member`
    is the (table, alias) whose row decides whether the event belongs to a 专项工作."""

    kind: str
    table: str
    table_sql: str
    rid: str
    day: str
    label: str
    text: str
    unit: str
    person: str
    person_filter: str | None
    unit_filter: str
    member: tuple[str, str]
    day_end: str = "NULL"
    done: str = "0"
    lower: str = ":s"  # :s, or :s_<table> for bars begun before the window (Timeline.spans)
    window: str = ""  # the date condition, when not `day` BETWEEN `lower` AND :e
    extra: str = ""  # more of the WHERE clause
    text_key: str = ""  # the row `text` is read by on hover (Timeline.text); `rid` if empty

    @property
    def may_be_bar(self) -> bool:
        """Its events can be bars, whose label shows the text: read it with the window."""
        return self.day_end != "NULL" or self.kind == "sanction"

    def campaign_filter(self) -> str:
        table, alias = self.member
        if table == "campaigns":
            return f"{alias}.id = :cid"
        return in_campaign_sql(table, alias, ":cid")

    def select(self, text: bool = True) -> str:
        """The window's SELECT; without `text`, a point's text is left for Timeline.text
        (a bar's is read, its label shows it)."""
        window = self.window or f"{self.day} BETWEEN {self.lower} AND :e"
        shown = self.text if text or self.may_be_bar else "NULL"
        return (
            f"SELECT '{self.kind}', '{self.table}', {self.rid}, {self.day}, {self.day_end},"
            f" {self.label}, {shown}, {self.done}, {self.unit}, {self.person},"
            f" {self.text_key or self.rid} FROM {self.table_sql} WHERE {window}{self.extra}"
        )

    def text_sql(self) -> str:
        """One event's text by its `text_key` (what the window left out of a point)."""
        return f"SELECT {self.text} FROM {self.table_sql} WHERE {self.text_key or self.rid} = ?"


def _unit_of(person: str) -> str:
    return f"(SELECT unit_id FROM persons WHERE id = {person})"


_TALK_FIRST = "(SELECT MIN(person_id) FROM talk_subjects WHERE talk_id = t.id)"
_CLUE_FIRST = "(SELECT MIN(person_id) FROM clue_persons WHERE clue_id = c.id)"
_RECT_PERSON = (
    "(SELECT MIN(person_id) FROM clue_persons WHERE clue_id = r.clue_id AND r.clue_id IS NOT NULL)"
)
_RECT_PERSON_FILTER = "r.clue_id IN (SELECT clue_id FROM clue_persons WHERE person_id = :pid)"
_DOCUMENT_UNIT = (
    "CASE d.linked_table"
    " WHEN 'rectifications' THEN (SELECT unit_id FROM rectifications WHERE id = d.linked_id)"
    " WHEN 'proposals' THEN (SELECT unit_id FROM proposals WHERE id = d.linked_id)"
    " WHEN 'clues' THEN (SELECT reported_unit_id FROM clues WHERE id = d.linked_id) END"
)
# A letter to one reported person (提醒函, 函询) sits on that person's lane.
_DOCUMENT_PERSON = (
    "CASE d.linked_table WHEN 'clues' THEN COALESCE("
    "(SELECT cp.person_id FROM clue_persons cp JOIN persons p ON p.id = cp.person_id"
    " WHERE cp.clue_id = d.linked_id AND p.name || '同志' = d.addressee),"
    " (SELECT MIN(person_id) FROM clue_persons WHERE clue_id = d.linked_id)) END"
)

# A clue's milestones, one source each: (date column, the event's label as SQL).
CLUE_MILESTONES = (
    ("received_date", "'收到问题线索'"),
    ("disposition_date", "'线索处置（' || COALESCE(c.disposition, '') || '）'"),
    ("prelim_start", "'初核'"),
    ("case_date", "'立案'"),
    ("closed_date", "'结案'"),
)

_CLUE_SOURCES = tuple(
    Source(
        kind="clue",
        table="clues",
        table_sql="clues c",
        rid="c.id",
        day=f"c.{column}",
        label=label,
        text="c.summary",
        unit=f"COALESCE(c.reported_unit_id, {_unit_of(_CLUE_FIRST)})",
        person=_CLUE_FIRST,
        person_filter=(
            "EXISTS (SELECT 1 FROM clue_persons WHERE clue_id = c.id AND person_id = :pid)"
        ),
        unit_filter=(
            "(c.reported_unit_id = :uid OR EXISTS (SELECT 1 FROM clue_persons cp"
            " JOIN persons p ON p.id = cp.person_id WHERE cp.clue_id = c.id"
            " AND p.unit_id = :uid))"
        ),
        member=("clues", "c"),
    )
    for column, label in CLUE_MILESTONES
)

# A sanction decided before the window still covers it while in effect: its lower
# bound (:s_san) reaches back the longest effect any outcome has.
SANCTIONS = Source(
    kind="sanction",
    table="clues",
    table_sql="clue_outcomes o",
    rid="o.clue_id",
    day="o.decided_date",
    day_end="NULL",
    label="o.outcome",
    text="(SELECT summary FROM clues WHERE id = o.clue_id)",
    unit=_unit_of("o.person_id"),
    person="o.person_id",
    person_filter="o.person_id = :pid",
    unit_filter="o.person_id IN (SELECT id FROM persons WHERE unit_id = :uid)",
    member=("clue_outcomes", "o"),
    lower=":s_san",
)

# Bars: a record with a period, (table, start column, end column). One begun before the
# window is read (from :s_<table>, the longest such period back) while it still runs
# into the window; without an end it is a one-day bar, as the record says no more.
BAR_PERIODS: dict[str, tuple[str, str]] = {
    "campaigns": ("start_date", "end_date"),
    "inspections": ("start_date", "end_date"),
    "activities": ("date", "end_date"),
}

# A 专项工作 is a band over its period, on the units it covers; never one person's.
CAMPAIGNS = Source(
    kind="campaign",
    table="campaigns",
    table_sql="campaigns cm",
    rid="cm.id",
    day="cm.start_date",
    day_end="COALESCE(cm.end_date, cm.start_date)",
    label="cm.theme",
    text="cm.name",
    unit="(SELECT MIN(unit_id) FROM campaign_units WHERE campaign_id = cm.id)",
    person="NULL",
    person_filter=None,
    unit_filter=(
        "EXISTS (SELECT 1 FROM campaign_units WHERE campaign_id = cm.id AND unit_id = :uid)"
    ),
    member=("campaigns", "cm"),
    lower=":s_campaigns",
    extra=" AND COALESCE(cm.end_date, cm.start_date) >= :s",
)

_ACTIVITY_FIRST = "(SELECT MIN(person_id) FROM activity_persons WHERE activity_id = a.id)"
# An activity over several days is a bar, a one-day one a point.
ACTIVITIES = Source(
    kind="activity",
    table="activities",
    table_sql="activities a",
    rid="a.id",
    day="a.date",
    day_end="NULLIF(a.end_date, a.date)",
    label="a.kind",
    text="a.title",
    unit=(
        "COALESCE((SELECT MIN(unit_id) FROM activity_units WHERE activity_id = a.id),"
        f" {_unit_of(_ACTIVITY_FIRST)})"
    ),
    person=_ACTIVITY_FIRST,
    person_filter=(
        "EXISTS (SELECT 1 FROM activity_persons WHERE activity_id = a.id AND person_id = :pid)"
    ),
    unit_filter=(
        "(EXISTS (SELECT 1 FROM activity_units WHERE activity_id = a.id AND unit_id = :uid)"
        " OR EXISTS (SELECT 1 FROM activity_persons ap JOIN persons p ON p.id = ap.person_id"
        " WHERE ap.activity_id = a.id AND p.unit_id = :uid))"
    ),
    member=("activities", "a"),
    lower=":s_activities",
    extra=" AND COALESCE(a.end_date, a.date) >= :s",
)

ACCOUNTABILITIES = Source(
    kind="accountability",
    table="accountabilities",
    table_sql="accountabilities ac",
    rid="ac.id",
    day="ac.date",
    label=f"{_sql_text(ACCOUNTABILITY.label + '（')} || ac.method || '）'",
    text="ac.reason",
    unit=f"COALESCE(ac.unit_id, {_unit_of('ac.person_id')})",
    person="ac.person_id",
    person_filter="ac.person_id = :pid",
    # `+ac.unit_id`: no index for this term, so the window stays the date index's range
    unit_filter=(
        "(+ac.unit_id = :uid OR ac.person_id IN (SELECT id FROM persons WHERE unit_id = :uid))"
    ),
    member=("accountabilities", "ac"),
)

# A 通报 concerns whom its items (起) concern (desktop/queries/concerns.py).
_BULLETIN_FIRST = "(SELECT MIN(person_id) FROM bulletin_items WHERE bulletin_id = b.id)"
BULLETINS = Source(
    kind="bulletin",
    table="bulletins",
    table_sql="bulletins b",
    rid="b.id",
    day="b.date",
    label=(
        "b.kind || COALESCE('（' || (SELECT number FROM documents WHERE id = b.document_id)"
        " || '）', '')"
    ),
    text="b.title",
    unit=(
        "COALESCE((SELECT MIN(unit_id) FROM bulletin_items WHERE bulletin_id = b.id),"
        f" {_unit_of(_BULLETIN_FIRST)})"
    ),
    person=_BULLETIN_FIRST,
    person_filter=(
        "EXISTS (SELECT 1 FROM bulletin_items bi WHERE bi.bulletin_id = b.id"
        f" AND {concerns.item_person_sql('bi')})"
    ),
    unit_filter=(
        "EXISTS (SELECT 1 FROM bulletin_items bi WHERE bi.bulletin_id = b.id"
        f" AND {concerns.item_unit_sql('bi')})"
    ),
    member=("bulletins", "b"),
)

# 通报曝光 is a child of its clue: clicking it opens the clue. Whom it concerns:
# desktop/queries/concerns.py.
_EXPOSED_FIRST = (
    "COALESCE(e.person_id, (SELECT MIN(person_id) FROM clue_persons WHERE clue_id = e.clue_id))"
)
EXPOSURES = Source(
    kind="exposure",
    table="clues",
    table_sql="clue_exposures e",
    rid="e.clue_id",
    day="e.date",
    label=f"{_sql_text(CLUE_EXPOSURE.label + '（')} || e.channel || '）'",
    text="(SELECT summary FROM clues WHERE id = e.clue_id)",
    unit=(
        "COALESCE((SELECT reported_unit_id FROM clues WHERE id = e.clue_id),"
        f" {_unit_of(_EXPOSED_FIRST)})"
    ),
    person=_EXPOSED_FIRST,
    person_filter=concerns.exposure_person_sql("e"),
    unit_filter=concerns.exposure_unit_sql("e"),
    member=("clue_exposures", "e"),
)

# Every source, in lane order (clues' milestones together).
SOURCES: tuple[Source, ...] = (
    CAMPAIGNS,
    Source(
        kind="talk",
        table="talks",
        # the first subject joined once, for both lane keys (the subquery twice per talk
        # was a quarter of the largest source's time at 1M rows)
        table_sql=f"talks t LEFT JOIN persons tp ON tp.id = {_TALK_FIRST}",
        rid="t.id",
        day="t.date",
        label="'谈话'",
        text="t.kind || '：' || t.reason",
        unit="tp.unit_id",
        person="tp.id",
        person_filter=(
            "EXISTS (SELECT 1 FROM talk_subjects WHERE talk_id = t.id AND person_id = :pid)"
        ),
        unit_filter=(
            "EXISTS (SELECT 1 FROM talk_subjects ts JOIN persons p ON p.id = ts.person_id"
            " WHERE ts.talk_id = t.id AND p.unit_id = :uid)"
        ),
        member=("talks", "t"),
    ),
    *_CLUE_SOURCES,
    Source(
        kind="inquiry",
        table="inquiries",
        table_sql="inquiries q",
        rid="q.id",
        day="q.sent_date",
        label="'发出函询'",
        text="COALESCE(q.notes, '')",
        unit=_unit_of("q.person_id"),
        person="q.person_id",
        person_filter="q.person_id = :pid",
        unit_filter="q.person_id IN (SELECT id FROM persons WHERE unit_id = :uid)",
        member=("inquiries", "q"),
    ),
    Source(
        kind="document",
        table="documents",
        table_sql="documents d",
        rid="d.id",
        day="d.issued_date",
        label="'制发文书'",
        text="COALESCE(d.number || ' ', '') || d.title",
        unit=_DOCUMENT_UNIT,
        person=_DOCUMENT_PERSON,
        person_filter=(
            "d.linked_table = 'clues' AND d.linked_id IN"
            " (SELECT clue_id FROM clue_persons WHERE person_id = :pid)"
        ),
        unit_filter=f"({_DOCUMENT_UNIT}) = :uid",
        member=("documents", "d"),
        # an issued 通报 is on its own lane, with its number: not twice
        extra=" AND NOT EXISTS (SELECT 1 FROM bulletins WHERE document_id = d.id)",
    ),
    Source(
        kind="deadline",
        table="rectifications",
        table_sql="rectifications r",
        rid="r.id",
        day="r.deadline",
        label=_sql_text(DEADLINE),
        text="r.finding",
        done=_RECT_DONE,
        unit="r.unit_id",
        person=_RECT_PERSON,
        person_filter=_RECT_PERSON_FILTER,
        unit_filter="r.unit_id = :uid",
        member=("rectifications", "r"),
    ),
    Source(
        kind="check",
        table="rectifications",
        table_sql="rect_checks c JOIN rectifications r ON r.id = c.rect_id",
        rid="r.id",
        day="c.date",
        label=f"{_sql_text(RECT_CHECK.label + '（')} || c.method || '）'",
        text="c.result",
        text_key="c.id",  # the check, not its item (`rid`, the record clicking opens)
        unit="r.unit_id",
        person=_RECT_PERSON,
        person_filter=_RECT_PERSON_FILTER,
        unit_filter="r.unit_id = :uid",
        member=("rectifications", "r"),
    ),
    # An inspection is a bar; begun before the window (from :s_inspections, the longest
    # one back) it is read while it still runs into the window. Units only, never a person.
    Source(
        kind="inspection",
        table="inspections",
        table_sql="inspections i",
        rid="i.id",
        day="i.start_date",
        day_end="COALESCE(i.end_date, i.start_date)",
        label=_sql_text(INSPECTION.label),
        text="i.kind || '：' || i.theme",
        unit="(SELECT MIN(unit_id) FROM inspection_units WHERE inspection_id = i.id)",
        person="NULL",
        person_filter=None,
        unit_filter=(
            "EXISTS (SELECT 1 FROM inspection_units WHERE inspection_id = i.id AND unit_id = :uid)"
        ),
        member=("inspections", "i"),
        lower=":s_inspections",
        extra=" AND COALESCE(i.end_date, i.start_date) >= :s",
    ),
    ACTIVITIES,
    SANCTIONS,
    ACCOUNTABILITIES,
    BULLETINS,
    EXPOSURES,
)


# Column codes of an EventTable (a byte each instead of a string per event).
KINDS: tuple[str, ...] = tuple(EVENT_KINDS)
TABLES: tuple[str, ...] = tuple(dict.fromkeys(source.table for source in SOURCES))
STATUS_CODES: tuple[str, ...] = ("", "overdue", "soon", "open", "done")


class EventTable:
    """A window's events as parallel columns: one array or list per field, not an
    object per event. A year at a large office is ~440k events; as Event tuples (with
    their dates and texts) they took ~1 KB each and freeing them stalled the GUI thread
    for a fifth of a second whenever a new window replaced them.

    Dates are ordinals (`end` 0: no end), ids 0 for none, kinds/tables/statuses small
    codes. A point's text is None unless read with it (Timeline.fetch): the view reads
    it on hover (Timeline.text, by `key`); a bar's label shows its text, so it is held."""

    __slots__ = (
        "end",
        "forever",
        "key",
        "kind",
        "label",
        "person",
        "rid",
        "start",
        "status",
        "table",
        "text",
        "unit",
    )

    def __init__(self) -> None:
        self.kind = array("b")
        self.table = array("b")
        self.rid = array("q")
        self.start = array("l")
        self.end = array("l")
        self.forever = array("b")
        self.status = array("b")
        self.unit = array("q")
        self.person = array("q")
        self.key = array("q")  # the row Timeline.text reads a missing text from
        self.label: list[str] = []
        self.text: list[str | None] = []

    def __len__(self) -> int:
        return len(self.rid)

    def append(
        self,
        kind: int,
        table: int,
        rid: int,
        start: int,
        end: int,
        label: str,
        text: str | None,
        status: int,
        unit_id: int | None,
        person_id: int | None,
        forever: bool,
        key: int,
    ) -> None:
        self.kind.append(kind)
        self.table.append(table)
        self.rid.append(rid)
        self.start.append(start)
        self.end.append(end)
        self.label.append(label)
        self.text.append(text)
        self.status.append(status)
        self.unit.append(unit_id or 0)
        self.person.append(person_id or 0)
        self.forever.append(forever)
        self.key.append(key)

    def kind_of(self, i: int) -> str:
        return KINDS[self.kind[i]]

    def status_of(self, i: int) -> str:
        return STATUS_CODES[self.status[i]]

    def is_bar(self, i: int) -> bool:
        return self.end[i] != 0 or bool(self.forever[i])

    def last_day(self, i: int) -> int:
        """The ordinal of the event's last day (its start for a point)."""
        return self.end[i] or self.start[i]

    def event(self, i: int, text: str | None = None) -> Event:
        """Event number `i` as an Event (`text` when the table does not hold it)."""
        end = self.end[i]
        held = self.text[i]
        return Event(
            KINDS[self.kind[i]],
            TABLES[self.table[i]],
            self.rid[i],
            dt.date.fromordinal(self.start[i]),
            dt.date.fromordinal(end) if end else None,
            self.label[i],
            held if held is not None else (text or ""),
            STATUS_CODES[self.status[i]],
            self.unit[i] or None,
            self.person[i] or None,
            bool(self.forever[i]),
        )

    def events(self) -> Iterator[Event]:
        return (self.event(i) for i in range(len(self)))

    def within(self, start: dt.date, end: dt.date) -> EventTable:
        """The events touching [start, end] (a narrower window than they were read for)."""
        first, last = start.toordinal(), end.toordinal()
        begin, finish, forever = self.start, self.end, self.forever
        kept = [
            b <= last and (f or (e or b) >= first)
            for b, e, f in zip(begin, finish, forever, strict=True)
        ]
        table = EventTable()
        for name in self.__slots__:
            column = getattr(self, name)
            picked = compress(column, kept)
            if isinstance(column, array):
                setattr(table, name, array(column.typecode, picked))
            else:
                setattr(table, name, list(picked))
        return table


def status_of(deadline: dt.date, done: bool, today: dt.date) -> str:
    """A deadline's state: done once its item is no longer open, else overdue, due
    within a week, or open."""
    state = core.urgency(deadline.isoformat(), done, today)  # the lists' one rule
    return _URGENCY_STATUS.get(state or "", "open")


def effect_end_days(decided: dt.date, months: int) -> dt.date:
    """The last day a sanction of `months` months decided on `decided` is in effect."""
    info = OutcomeInfo(label="", form=None, category="", severity=0, effect_months=months)
    ends = effect_end(info, decided)
    assert ends is not None
    return ends


class Timeline:
    """Reads the events of a date window. `rows_fetched` counts rows read from SQL.

    The cached lookups (outcomes' effect, the longest period of each kind of bar) are
    filled by prepare() on the owner's thread; fetch() may then run on a worker's
    connection."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.rows_fetched = 0
        self.queries = 0
        self._outcomes: dict[str, tuple[bool, int | None]] | None = None
        self._spans: dict[str, int] | None = None

    def invalidate(self) -> None:
        """Forget cached lookups (after edits elsewhere)."""
        self._outcomes = None
        self._spans = None

    def prepare(self) -> None:
        """Fill the cached lookups here, before fetch() runs on a worker's connection."""
        self._outcome_info()
        self._bar_spans()

    def _outcome_info(self) -> dict[str, tuple[bool, int | None]]:
        if self._outcomes is None:
            self._outcomes = {
                label: (info.is_sanction, info.effect_months)
                for label, info in outcome_table(self.store).items()
            }
        return self._outcomes

    def _bar_spans(self) -> dict[str, int]:
        """Days of the longest period of each kind of bar (BAR_PERIODS), plus one."""
        if self._spans is None:
            self._spans = {}
            for table, (begin, end) in BAR_PERIODS.items():
                value = self.store.scalar(
                    f"SELECT MAX(julianday({end}) - julianday({begin})) FROM {table}"
                    f" WHERE {end} IS NOT NULL"
                )
                self._spans[table] = int(value or 0) + 1
        return self._spans

    @staticmethod
    def _sanctions_in_effect(
        outcomes: dict[str, tuple[bool, int | None]], start: dt.date, params: dict[str, Any]
    ) -> Source:
        """SANCTIONS, with the outcomes decided before the window that cannot reach into it
        left in the database: most of the rows since :s_san are 了结 and 谈话提醒 (no effect)
        or sanctions long over. Each kind of outcome reaches back as far as its own effect
        (the same 31-days-a-month bound as :s_san); fetch_table still decides each row."""
        reach: dict[int, list[str]] = {}
        for label, (sanction, months) in outcomes.items():
            if sanction:
                reach.setdefault(-1 if months is None else months, []).append(label)
        ors = ["o.decided_date >= :s"]
        for months, labels in sorted(reach.items()):
            names = []
            for label in sorted(labels):
                params[f"san{len(params)}"] = label
                names.append(f":san{len(params) - 1}")
            held = f"o.outcome IN ({', '.join(names)})"
            if months < 0:  # in effect for good
                ors.append(held)
            else:
                params[f"s_san{months}"] = (start - dt.timedelta(days=31 * months + 1)).isoformat()
                ors.append(f"({held} AND o.decided_date >= :s_san{months})")
        return replace(SANCTIONS, extra=f" AND ({' OR '.join(ors)})")

    def window_selects(
        self, start: dt.date, end: dt.date, flt: EventFilter, *, text: bool = True
    ) -> tuple[list[tuple[str, str]], dict[str, Any]]:
        """([(kind, SELECT)], parameters) for the events touching [start, end].

        Each SELECT is bounded by its source's indexed date column; fetch() joins them.
        Without `text`, points' texts are not read (Source.select)."""
        outcomes = self._outcome_info()
        months = [m for sanction, m in outcomes.values() if sanction and m]
        longest = max(months, default=0)
        permanent = sorted(label for label, (s, m) in outcomes.items() if s and m is None)
        params: dict[str, Any] = {
            "s": start.isoformat(),
            "e": end.isoformat(),
            "s_san": (start - dt.timedelta(days=31 * longest + 1)).isoformat(),
        }
        sources = [
            self._sanctions_in_effect(outcomes, start, params) if source is SANCTIONS else source
            for source in SOURCES
            if source.kind in flt.kinds
            and (flt.person_id is None or source.person_filter is not None)
        ]
        for table, days in self._bar_spans().items():
            params[f"s_{table}"] = (start - dt.timedelta(days=days)).isoformat()
        if flt.person_id is not None:
            params["pid"] = flt.person_id
        if flt.unit_id is not None:
            params["uid"] = flt.unit_id
        if flt.campaign_id is not None:
            params["cid"] = flt.campaign_id
        selects = [(source.kind, source.select(text)) for source in sources]
        if "sanction" in flt.kinds and permanent:
            # permanent sanctions (no end) decided before the window still cover it
            names = ", ".join(f":perm{i}" for i in range(len(permanent)))
            before = replace(
                SANCTIONS, window="o.decided_date < :s_san", extra=f" AND o.outcome IN ({names})"
            )
            selects.append(("sanction", before.select(text)))
            sources.append(before)
            for i, label in enumerate(permanent):
                params[f"perm{i}"] = label
        parts = []
        for (kind, sql), source in zip(selects, sources, strict=True):
            if flt.person_id is not None:
                sql += f" AND ({source.person_filter})"
            if flt.unit_id is not None:
                sql += f" AND ({source.unit_filter})"
            if flt.campaign_id is not None:
                sql += f" AND ({source.campaign_filter()})"
            parts.append((kind, sql))
        return parts, params

    def fetch(
        self,
        start: dt.date,
        end: dt.date,
        flt: EventFilter | None = None,
        *,
        store: Store | None = None,
    ) -> list[Event]:
        """Events touching [start, end] (bars overlapping it), filtered, with their texts.

        `store`: another connection to the same file (a background fetch's own)."""
        return list(self.fetch_table(start, end, flt, store=store, text=True).events())

    def fetch_table(
        self,
        start: dt.date,
        end: dt.date,
        flt: EventFilter | None = None,
        *,
        store: Store | None = None,
        text: bool = False,
    ) -> EventTable:
        """fetch()'s events as an EventTable; without `text`, points' texts are left for
        text() (the timeline shows a point's text only on hover)."""
        store = store or self.store
        flt = flt or EventFilter()
        table = EventTable()
        if flt.since is not None:
            start = max(start, flt.since)
        if flt.until is not None:
            end = min(end, flt.until)
        if end < start:
            return table
        today = store.today()
        outcomes = self._outcome_info()
        selects, params = self.window_selects(start, end, flt, text=text)
        if not selects:
            return table
        # row by row, not fetchall(): a year at 1M rows is ~440k rows of eleven values
        rows = store.db.execute(" UNION ALL ".join(sql for _k, sql in selects), params)
        self.queries += 1
        wanted = (flt.status,) if flt.status != "open" else ("overdue", "soon", "open")
        kinds = {kind: i for i, kind in enumerate(KINDS)}
        tables = {name: i for i, name in enumerate(TABLES)}
        statuses = {status: i for i, status in enumerate(STATUS_CODES)}
        labels: dict[str, str] = {}  # one string per distinct label, not one per event
        first = start.toordinal()
        read = 0
        for kind, name, rid, day, day_end, label, note, done, unit_id, person_id, key in rows:
            read += 1
            begin = dt.date.fromisoformat(day)
            finish = dt.date.fromisoformat(day_end) if day_end else None
            forever = False
            status = ""
            if kind == "deadline":
                status = status_of(begin, bool(done), today)
            elif kind == "sanction":
                sanction, effect = outcomes.get(label, (False, None))
                if sanction:
                    if effect is None:
                        forever = True
                    else:
                        finish = effect_end_days(begin, effect)
                        if finish.toordinal() < first:
                            continue
                elif begin < start:
                    continue
            if flt.status and status not in wanted:
                continue
            label = str(label)
            table.append(
                kinds[kind],
                tables[name],
                int(rid),
                begin.toordinal(),
                finish.toordinal() if finish is not None else 0,
                labels.setdefault(label, label),
                None if note is None and not text else str(note or ""),
                statuses[status],
                unit_id,
                person_id,
                forever,
                int(key),
            )
        self.rows_fetched += read
        return table

    def text(self, kind: str, key: int, store: Store | None = None) -> str:
        """The text of an event whose window was read without it (EventTable.key)."""
        source = next(source for source in SOURCES if source.kind == kind)
        row = (store or self.store).db.execute(source.text_sql(), [key]).fetchone()
        return str(row[0] or "") if row is not None else ""

    def names(self, table: str, ids: set[int], store: Store | None = None) -> dict[int, str]:
        """Display names of persons or units, for lane labels."""
        if not ids:
            return {}
        assert table in ("persons", "units")
        marks = ",".join("?" * len(ids))
        return {
            int(row["id"]): str(row["name"])
            for row in (store or self.store).query(
                f"SELECT id, name FROM {table} WHERE id IN ({marks})", sorted(ids)
            )
        }

    def choices_signature(self) -> tuple[object, ...]:
        """Changes whenever a person, unit or 专项工作 is added, renamed, moved or deleted
        (a few milliseconds for thousands of people, against refilling the combos)."""
        row = self.store.db.execute(
            "SELECT (SELECT group_concat(id || ':' || name || ':' || COALESCE(unit_id, ''))"
            " FROM persons), (SELECT group_concat(id || ':' || name) FROM units),"
            " (SELECT group_concat(id || ':' || name || ':' || start_date) FROM campaigns)"
        ).fetchone()
        return tuple(row)

    def choices(self, table: str, unit_id: int | None = None) -> list[tuple[int, str]]:
        """(id, name) for the person/unit filter; persons of one unit with `unit_id`."""
        assert table in ("persons", "units")
        if unit_id is not None:
            assert table == "persons"
            rows = self.store.query(
                "SELECT id, name FROM persons WHERE unit_id = ? ORDER BY name_pinyin, name",
                [unit_id],
            )
        else:
            rows = self.store.query(f"SELECT id, name FROM {table} ORDER BY name_pinyin, name")
        return [(int(r["id"]), str(r["name"])) for r in rows]

    def campaign_choices(self) -> list[tuple[int, str]]:
        """(id, "name（start year）") of every 专项工作, the latest first, for the filter."""
        rows = self.store.query(
            "SELECT id, name, start_date FROM campaigns ORDER BY start_date DESC, id DESC"
        )
        return [(int(r["id"]), f"{r['name']}（{str(r['start_date'])[:4]}年）") for r in rows]
