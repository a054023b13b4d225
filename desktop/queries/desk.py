"""What needs the clerk's action today (工作台 待办事项): one section per kind of deadline,
declared once here and read by the desk page on its worker (no Qt).

Each section is a handful of indexed queries over the store handed in, so the desk stays
quick with 100k records: the open 函询 (partial index on reply_due WHERE reply_date IS
NULL), open rectifications (status, deadline), 建议书 (status, reply_due), clues in 初核
(prelim_start) or not yet disposed of (disposition_date IS NULL). Working-day limits
("15个工作日") cannot be evaluated in SQL; instead each limit is turned into the latest
start date whose deadline falls within the horizon (`latest_start`), and SQL compares
the start date with that. Everything is relative to `today`, which the caller passes
(normally `store.today()`, the store's injectable clock).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.domain import deadlines, forms
from desktop.domain.workdays import Period, WorkCalendar, shift_months
from desktop.queries import rectification
from desktop.store import dictionaries
from desktop.store.schema import DELEGATED_OPEN_WHERE, RECORD_OPEN_WHERE, REPORTER_OPEN_WHERE

if TYPE_CHECKING:
    from desktop.store.db import Store

HORIZON_DAYS = 7  # "deadlines in the next 7 days", as the lists colour amber
SANCTION_NOTICE_DAYS = 30  # a sanction's effect period ending within a month
ROW_LIMIT = 200  # rows fetched per section; the count is always exact

RECT_OVERDUE = "rect_overdue"
RECT_DUE = "rect_due"
INQUIRIES = "inquiries"
CLUES = "clues"
REPORTER = "reporter"
DELEGATED = "delegated"
TALK_RECORD = "talk_record"
FOLLOWUPS = "followups"
SANCTIONS = "sanctions"
PROPOSALS = "proposals"

TITLES = {
    RECT_OVERDUE: "逾期未整改",
    RECT_DUE: f"{HORIZON_DAYS}日内到期的整改",
    INQUIRIES: "函询待回复",
    CLUES: "线索办理超时限",
    REPORTER: "实名举报待告知",
    DELEGATED: "委托谈话待完成",
    TALK_RECORD: "谈话记录待报回",
    FOLLOWUPS: "待回头看/销号",
    SANCTIONS: "处分影响期将满",
    PROPOSALS: "建议书待回复",
}
ORDER = tuple(TITLES)

PROPOSAL_CLOSED = "已办结"
RECT_AWAITING_CHECK = rectification.DONE[0]  # reported done, waiting for 验收


@dataclass(frozen=True)
class Item:
    """One thing to act on; (table, record_id) is the record the clerk opens."""

    section: str
    table: str
    record_id: int
    title: str
    party: str  # the unit or person concerned
    due: dt.date | None
    note: str = ""

    def days_left(self, today: dt.date) -> int | None:
        return None if self.due is None else (self.due - today).days


@dataclass
class Section:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    total: int = 0  # may exceed len(items) when more than ROW_LIMIT are due


@dataclass
class Agenda:
    today: dt.date
    sections: dict[str, Section]

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections.values())

    def items(self) -> list[Item]:
        """Every fetched item, most urgent first (the earliest due date)."""
        every = [i for s in self.sections.values() for i in s.items]
        return sorted(every, key=lambda i: (i.due or dt.date.max, ORDER.index(i.section)))


def days_text(item: Item, today: dt.date) -> str:
    """'逾期12天', '今天到期', '还有3天' — how the desk words a due date."""
    left = item.days_left(today)
    if left is None:
        return ""
    if item.section == SANCTIONS:
        return "今天期满" if left == 0 else f"{left}天后期满"
    if left < 0:
        return f"逾期{-left}天"
    return "今天到期" if left == 0 else f"还有{left}天"


def latest_start(period: Period, calendar: WorkCalendar, horizon: dt.date) -> dt.date:
    """The latest start date whose deadline under `period` is on or before `horizon`.

    A deadline never moves earlier when its start moves later, so step back until the
    deadline fits, then bisect: a few dozen deadline computations for any limit.
    """
    step = 16
    while period.apply(calendar, horizon - dt.timedelta(days=step)).day > horizon:
        step *= 2
    low, high = horizon - dt.timedelta(days=step), horizon  # low fits; find the last fit
    while (high - low).days > 1:
        mid = low + (high - low) // 2
        if period.apply(calendar, mid).day <= horizon:
            low = mid
        else:
            high = mid
    return high if period.apply(calendar, high).day <= horizon else low


def _computed(period: Period, calendar: WorkCalendar, start: dt.date) -> tuple[dt.date, str]:
    """A deadline counted from `start`, and the flag the desk shows when it falls in a
    year whose holiday schedule the office has not entered (counted on weekdays only)."""
    due = period.apply(calendar, start)
    return due.day, "" if due.verified else f"（{deadlines.UNVERIFIED_TEXT}）"


def _day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(str(value)[:10]) if value else None


def _flat(value: Any, limit: int = 80) -> str:
    text = " ".join(str(value or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def compute(store: Store, today: dt.date | None = None, *, limit: int = ROW_LIMIT) -> Agenda:
    """Every section of the desk's action list as of `today` (default: the store's clock)."""
    today = today or store.today()
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    builders: dict[str, Callable[[], Section]] = {
        RECT_OVERDUE: lambda: _rectifications(store, RECT_OVERDUE, None, today, limit),
        RECT_DUE: lambda: _rectifications(store, RECT_DUE, today, horizon, limit),
        INQUIRIES: lambda: _inquiries(store, horizon, limit),
        CLUES: lambda: _clues(store, horizon, limit),
        REPORTER: lambda: _reporter(store, horizon, limit),
        DELEGATED: lambda: _delegated(store, horizon, limit),
        TALK_RECORD: lambda: _talk_record(store, horizon, limit),
        FOLLOWUPS: lambda: _followups(store, horizon, limit),
        SANCTIONS: lambda: _sanctions(store, today, limit),
        PROPOSALS: lambda: _proposals(store, horizon, limit),
    }
    return Agenda(today, {key: builders[key]() for key in ORDER})


def _count_and_rows(
    store: Store, select: str, source_where: str, order: str, params: list[Any], limit: int
) -> tuple[int, list[dict[str, Any]]]:
    total = int(store.scalar(f"SELECT COUNT(*) FROM {source_where}", params))
    rows = (
        store.query(
            f"SELECT {select} FROM {source_where} ORDER BY {order} LIMIT ?",
            [
                *params,
                limit,
            ],
        )
        if total
        else []
    )
    return total, rows


# -- 整改: overdue and due within the horizon ------------------------------------------


# Open items by deadline. `+r.deadline`: the (status, deadline) index finds the few open
# items and they are sorted, instead of the deadline index walking every item (open or
# not) in deadline order to find them (30 ms at 1M rows).
RECT_ORDER = "+r.deadline, r.id"


def _rectifications(
    store: Store, key: str, first: dt.date | None, last: dt.date, limit: int
) -> Section:
    """Open items (待整改, 整改中 — as the 逾期未整改 figure counts them) by deadline."""
    open_ = ", ".join("?" for _ in rectification.OPEN)
    if first is None:
        cond, params = "r.deadline < ?", [*rectification.OPEN, last.isoformat()]
    else:
        cond, params = (
            "r.deadline BETWEEN ? AND ?",
            [*rectification.OPEN, first.isoformat(), last.isoformat()],
        )
    total, rows = _count_and_rows(
        store,
        "r.id, r.finding, r.deadline, r.status, r.responsible,"
        " (SELECT name FROM units WHERE id = r.unit_id) AS unit",
        f"rectifications r WHERE r.status IN ({open_}) AND {cond}",
        RECT_ORDER,
        params,
        limit,
    )
    items = [
        Item(
            key,
            "rectifications",
            row["id"],
            _flat(row["finding"]),
            row["unit"] or "",
            _day(row["deadline"]),
            row["status"] + (f"，责任人{row['responsible']}" if row["responsible"] else ""),
        )
        for row in rows
    ]
    return Section(key, TITLES[key], items, total)


# -- 函询: replies due or overdue ----------------------------------------------------------


def _inquiries(store: Store, horizon: dt.date, limit: int) -> Section:
    """Unanswered 函询 whose reply is due by the horizon.

    The reply due date is the one recorded; without one, it is counted from delivery by
    the office's 函询回复时限 (a letter not yet delivered has no deadline yet).
    """
    period = deadlines.limit(store, "inquiry_reply")
    calendar = deadlines.calendar_for(store)
    cutoff = latest_start(period, calendar, horizon)
    select = (
        "q.id, q.reply_due, q.delivered_date, q.sent_date,"
        " (SELECT name FROM persons WHERE id = q.person_id) AS person,"
        " c.ledger_no, c.summary"
    )
    source = "inquiries q LEFT JOIN clues c ON c.id = q.clue_id"
    rows: list[dict[str, Any]] = []
    total = 0
    for cond, params in (
        ("q.reply_date IS NULL AND q.reply_due <= ?", [horizon.isoformat()]),
        (
            "q.reply_date IS NULL AND q.reply_due IS NULL AND q.delivered_date <= ?",
            [cutoff.isoformat()],
        ),
    ):
        n, found = _count_and_rows(
            store,
            select,
            f"{source} WHERE {cond}",
            "q.reply_due, q.delivered_date, q.id",
            params,
            limit,
        )
        total += n
        rows += found
    items = []
    for row in rows:
        due = _day(row["reply_due"])
        note = f"{row['sent_date']}发函"
        if due is None:
            delivered = _day(row["delivered_date"])
            assert delivered is not None
            due, flag = _computed(period, calendar, delivered)
            note += f"，{row['delivered_date']}送达（按{period}推算）{flag}"
        elif row["delivered_date"]:
            note += f"，{row['delivered_date']}送达"
        title = (f"{row['ledger_no']} " if row["ledger_no"] else "") + _flat(row["summary"], 60)
        items.append(Item(INQUIRIES, "inquiries", row["id"], title, row["person"] or "", due, note))
    items.sort(key=lambda i: (i.due or dt.date.max, i.record_id))
    return Section(INQUIRIES, TITLES[INQUIRIES], items[:limit], total)


# -- 问题线索: disposition and 初核 past their time limits ----------------------------------


_CLUE_PERSONS = (
    "(SELECT group_concat(p.name, '、') FROM clue_persons cp JOIN persons p"
    " ON p.id = cp.person_id WHERE cp.clue_id = c.id)"
)


def _clues(store: Store, horizon: dt.date, limit: int) -> Section:
    """Clues not disposed of within the 处置时限, and 初核 running past the 初核时限.

    The limit runs from receipt (处置) or from the start of 初核. A 办理时限 recorded on
    the clue for the current stage (on or after its start) is the deadline instead, as
    the clue list colours it; an earlier one is left over from the stage before. A 重件
    follows its original and is left out, as is a clue forwarded (转交) to the body it
    belongs to. 谈话函询 is followed through its 函询 replies.
    """
    calendar = deadlines.calendar_for(store)
    stages = (
        (
            "disposition",
            "received_date",
            "c.disposition_date IS NULL AND c.disposition IS NULL AND c.duplicate_of IS NULL"
            " AND c.closed_date IS NULL AND c.forwarded_date IS NULL",
            "待处置",
            "收件",
        ),
        (
            "prelim",
            "prelim_start",
            "c.prelim_start IS NOT NULL AND c.prelim_end IS NULL AND c.case_date IS NULL"
            " AND c.closed_date IS NULL",
            "初核中",
            "初核开始",
        ),
    )
    items: list[Item] = []
    total = 0
    for key, start, cond, stage, what in stages:
        period = deadlines.limit(store, key)
        cutoff = latest_start(period, calendar, horizon)
        due_sql = (
            f"((c.due_date >= c.{start} AND c.due_date <= ?)"
            f" OR ((c.due_date IS NULL OR c.due_date < c.{start}) AND c.{start} <= ?))"
        )
        n, rows = _count_and_rows(
            store,
            f"c.id, c.ledger_no, c.summary, c.{start} AS start, c.due_date,"
            f" {_CLUE_PERSONS} AS persons,"
            " (SELECT name FROM units WHERE id = c.reported_unit_id) AS unit",
            f"clues c WHERE {cond} AND {due_sql}",
            f"c.{start}, c.id",
            [horizon.isoformat(), cutoff.isoformat()],
            limit,
        )
        total += n
        for row in rows:
            begun = _day(row["start"])
            assert begun is not None
            due = _day(row["due_date"])
            if due is not None and due >= begun:
                note = f"{stage}，{row['start']}{what}，按登记的办理时限"
            else:
                due, flag = _computed(period, calendar, begun)
                note = f"{stage}，{row['start']}{what}，时限{period}{flag}"
            title = (f"{row['ledger_no']} " if row["ledger_no"] else "") + _flat(row["summary"], 60)
            items.append(
                Item(
                    CLUES, "clues", row["id"], title, row["persons"] or row["unit"] or "", due, note
                )
            )
    items.sort(key=lambda i: (i.due or dt.date.max, i.record_id))
    return Section(CLUES, TITLES[CLUES], items[:limit], total)


def reporter_reply_since(store: Store) -> dt.date | None:
    """The office's setting reporter_reply_since: 实名举报 received before it are not listed."""
    text = (store.setting("reporter_reply_since") or "").strip()
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None  # the settings page refuses such a value; an old one lists everything


def _limit_section(
    store: Store,
    key: str,
    table: str,
    limit_key: str,
    horizon: dt.date,
    limit: int,
    *,
    select: str,
    source: str,
    order: str,
    params: list[Any],
    begins: str,
    text: str,
    note: Callable[[dict[str, Any], dt.date, Period], str],
) -> Section:
    """A section of records due within limit.<limit_key> working days of their `begins`
    date: the rows whose deadline falls by the horizon (cutoff appended to `params`),
    titled by ledger number and `text`, with the deadline flagged when unverified."""
    period = deadlines.limit(store, limit_key)
    calendar = deadlines.calendar_for(store)
    cutoff = latest_start(period, calendar, horizon)
    total, rows = _count_and_rows(
        store, select, source, order, [*params, cutoff.isoformat()], limit
    )
    items = []
    for row in rows:
        start = _day(row[begins])
        assert start is not None
        due, flag = _computed(period, calendar, start)
        title = (f"{row['ledger_no']} " if row["ledger_no"] else "") + _flat(row[text], 60)
        party = row["persons"] or row.get("unit") or ""
        items.append(Item(key, table, row["id"], title, party, due, note(row, due, period) + flag))
    return Section(key, TITLES[key], items, total)


def _reporter(store: Store, horizon: dt.date, limit: int) -> Section:
    """实名举报 whose reporter has not been told whether it was accepted, due within the
    office's 实名举报受理情况告知时限 of receipt. A report forwarded elsewhere is the
    receiving body's to answer, so it leaves the list with its 转交日期. The WHERE repeats
    the partial index ix_clues_reporter_open's condition word for word, so it is used."""
    # Reports received before the office kept this record (an upgraded store, an old
    # ledger imported) would all read as overdue: the office's start date leaves them out.
    since = reporter_reply_since(store)

    def note(row: dict[str, Any], _due: dt.date, period: Period) -> str:
        how = f"（{row['channel']}）" if row["channel"] else ""
        return f"{row['received_date']}收件{how}，应告知举报人受理情况，时限{period}"

    return _limit_section(
        store,
        REPORTER,
        "clues",
        "reporter_reply",
        horizon,
        limit,
        select=f"c.id, c.ledger_no, c.summary, c.received_date, c.channel,"
        f" {_CLUE_PERSONS} AS persons,"
        " (SELECT name FROM units WHERE id = c.reported_unit_id) AS unit",
        source=f"clues c WHERE {REPORTER_OPEN_WHERE} AND received_date BETWEEN ? AND ?",
        order="c.received_date, c.id",
        params=[since.isoformat() if since else "0000-01-01"],
        begins="received_date",
        text="summary",
        note=note,
    )


# -- 委托谈话: the talk within limit.talk of delegating it, its record within limit.talk_record


# A talk linked to the clue on or after the day it was delegated is the delegated talk.
_DELEGATED_TALK = "SELECT 1 FROM talks t WHERE t.clue_id = c.id AND t.date >= c.talk_delegated_date"

# The two sections' sources; their WHERE repeats the partial indexes' conditions literally.
DELEGATED_SOURCE = (
    f"clues c WHERE {DELEGATED_OPEN_WHERE} AND talk_delegated_date <= ?"
    f" AND ifnull(c.closed_date, '') = '' AND NOT EXISTS ({_DELEGATED_TALK})"
)
TALK_RECORD_SOURCE = (
    f"talks t JOIN clues c ON c.id = t.clue_id WHERE {RECORD_OPEN_WHERE} AND t.date <= ?"
    " AND c.talk_delegated_date IS NOT NULL AND t.date >= c.talk_delegated_date"
)


def _delegated(store: Store, horizon: dt.date, limit: int) -> Section:
    """Clues whose talk was delegated (委托谈话, usually to the unit's Party head) and not yet
    held: due within limit.talk of the delegation. A closed clue has nothing left to wait
    for (its closure is not an index term, so the partial index still drives the query)."""

    def note(row: dict[str, Any], due: dt.date, period: Period) -> str:
        return (
            f"{row['talk_delegated_date']}委托{_flat(row['talk_delegated_to'], 30)}谈话，"
            f"应于{due.isoformat()}前完成谈话（委托谈话时限{period}）"
        )

    return _limit_section(
        store,
        DELEGATED,
        "clues",
        "talk",
        horizon,
        limit,
        select="c.id, c.ledger_no, c.summary, c.talk_delegated_date, c.talk_delegated_to,"
        f" {_CLUE_PERSONS} AS persons,"
        " (SELECT name FROM units WHERE id = c.reported_unit_id) AS unit",
        source=DELEGATED_SOURCE,
        order="c.talk_delegated_date, c.id",
        params=[],
        begins="talk_delegated_date",
        text="summary",
        note=note,
    )


def _talk_record(store: Store, horizon: dt.date, limit: int) -> Section:
    """Delegated talks held whose signed record has not come back to the office: due within
    limit.talk_record of the talk. Talks before the delegation are not the delegated one."""

    def note(row: dict[str, Any], due: dt.date, period: Period) -> str:
        return (
            f"{row['date']}由{_flat(row['talk_delegated_to'], 30)}谈话，谈话记录应于"
            f"{due.isoformat()}前报回（谈话记录报回时限{period}）"
        )

    return _limit_section(
        store,
        TALK_RECORD,
        "talks",
        "talk_record",
        horizon,
        limit,
        select="t.id, t.date, t.reason, c.ledger_no, c.talk_delegated_to,"
        " (SELECT group_concat(p.name, '、') FROM talk_subjects s JOIN persons p"
        " ON p.id = s.person_id WHERE s.talk_id = t.id) AS persons",
        source=TALK_RECORD_SOURCE,
        order="t.date, t.id",
        params=[],
        begins="date",
        text="reason",
        note=note,
    )


# -- 回头看: items reported done, not yet checked or closed -------------------------------


def _followups(store: Store, horizon: dt.date, limit: int) -> Section:
    """Items at 已整改待验收: the 回头看 (and then 销号) is due within the office's
    回头看时限 of the unit's report that the work is done (its latest progress report;
    without one, the day the item was last saved)."""
    period = deadlines.limit(store, "followup_check")
    calendar = deadlines.calendar_for(store)
    rows = store.query(
        "SELECT r.id, r.finding, r.updated_at,"
        " (SELECT name FROM units WHERE id = r.unit_id) AS unit,"
        " (SELECT MAX(date) FROM rect_progress WHERE rect_id = r.id) AS reported,"
        " (SELECT MAX(date) FROM rect_checks WHERE rect_id = r.id AND passed = 1) AS passed"
        " FROM rectifications r WHERE r.status = ?",
        [RECT_AWAITING_CHECK],
    )
    items = []
    for row in rows:
        reported = _day(row["reported"]) or _day(row["updated_at"])
        assert reported is not None
        due, flag = _computed(period, calendar, reported)
        if due > horizon:
            continue
        passed = _day(row["passed"])
        if passed is not None and passed >= reported:
            note = f"{row['passed']}回头看已通过，待销号"
        else:
            note = f"{reported.isoformat()}报告整改完成，待回头看（时限{period}）{flag}"
        items.append(
            Item(FOLLOWUPS, "rectifications", row["id"], _flat(row["finding"]), row["unit"] or "",
                 due, note)
        )  # fmt: skip
    items.sort(key=lambda i: (i.due or dt.date.max, i.record_id))
    return Section(FOLLOWUPS, TITLES[FOLLOWUPS], items[:limit], len(items))


# -- 处分: effect periods ending -----------------------------------------------------------


def _sanctions(store: Store, today: dt.date, limit: int) -> Section:
    """Sanctions whose effect period (影响期) ends within SANCTION_NOTICE_DAYS.

    One indexed range on decided_date per effect length: the period ends n months after
    the decision, so only decisions about n months back can end in the window.
    """
    last = today + dt.timedelta(days=SANCTION_NOTICE_DAYS)
    table = forms.outcome_table(store)
    by_months: dict[int, list[str]] = {}
    for info in table.values():
        if info.is_sanction and info.effect_months is not None:
            by_months.setdefault(info.effect_months, []).append(info.label)
    items = []
    for months, labels in sorted(by_months.items()):
        # shift_months clamps to the month's end: widen by a few days, filter exactly below
        low = shift_months(today, -months) - dt.timedelta(days=3)
        high = shift_months(last, -months) + dt.timedelta(days=3)
        marks = ", ".join("?" for _ in labels)
        for row in store.query(
            "SELECT o.clue_id, o.outcome, o.decided_date, o.decided_by,"
            " (SELECT name FROM persons WHERE id = o.person_id) AS person,"
            " (SELECT ledger_no FROM clues WHERE id = o.clue_id) AS ledger_no"
            f" FROM clue_outcomes o WHERE o.decided_date BETWEEN ? AND ?"
            f" AND o.outcome IN ({marks})",
            [low.isoformat(), high.isoformat(), *labels],
        ):
            decided = _day(row["decided_date"])
            assert decided is not None
            ends = forms.effect_end(table[row["outcome"]], decided)
            if ends is None or not today <= ends <= last:
                continue
            by = f"，{row['decided_by']}" if row["decided_by"] else ""
            items.append(
                Item(
                    SANCTIONS,
                    "clues",
                    row["clue_id"],
                    f"{row['outcome']}（{row['decided_date']}决定{by}）",
                    row["person"] or "",
                    ends,
                    f"影响期{months}个月，至{ends.isoformat()}期满"
                    + (f"；线索{row['ledger_no']}" if row["ledger_no"] else ""),
                )
            )
    items.sort(key=lambda i: (i.due or dt.date.max, i.record_id))
    return Section(SANCTIONS, TITLES[SANCTIONS], items[:limit], len(items))


# -- 建议书: replies due -------------------------------------------------------------------


def _proposals(store: Store, horizon: dt.date, limit: int) -> Section:
    """纪律检查/监察建议书 not yet answered whose reply is due by the horizon."""
    statuses = [
        s
        for s in dictionaries.labels(store, "proposal_status", active_only=False)
        if s != PROPOSAL_CLOSED
    ]
    if not statuses:
        return Section(PROPOSALS, TITLES[PROPOSALS])
    marks = ", ".join("?" for _ in statuses)
    total, rows = _count_and_rows(
        store,
        "g.id, g.kind, g.matter, g.reply_due, g.status,"
        " (SELECT name FROM units WHERE id = g.unit_id) AS unit,"
        " (SELECT number FROM documents WHERE id = g.document_id) AS number",
        f"proposals g WHERE g.status IN ({marks}) AND g.reply_due <= ? AND g.reply_date IS NULL",
        "g.reply_due, g.id",
        [*statuses, horizon.isoformat()],
        limit,
    )
    items = [
        Item(
            PROPOSALS,
            "proposals",
            row["id"],
            _flat(row["matter"]),
            row["unit"] or "",
            _day(row["reply_due"]),
            row["kind"] + (f" {row['number']}" if row["number"] else "") + f"，{row['status']}",
        )
        for row in rows
    ]
    return Section(PROPOSALS, TITLES[PROPOSALS], items, total)
