"""Dated events for the timeline, queried by date window.

Each kind of event is one SELECT bounded by a date range on an indexed column
(talks.date, clues.received_date/disposition_date/prelim_start/case_date/closed_date,
documents.issued_date, rectifications.deadline, rect_checks.date,
inquiries.sent_date, inspections.start_date, clue_outcomes.decided_date); the
SELECTs are joined with UNION ALL so one round trip fetches a window.
tests/test_ui_timeline.py checks the query plans say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from desktop.domain.forms import effect_end, outcome_table

if TYPE_CHECKING:
    from desktop.store.db import Store

DUE_SOON_DAYS = 7

# kind key -> visible label, in lane order
KINDS: dict[str, str] = {
    "talk": "谈话",
    "clue": "问题线索",
    "inquiry": "函询",
    "document": "文书制发",
    "deadline": "整改时限",
    "check": "回头看",
    "inspection": "监督检查",
    "sanction": "处理处分",
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
    kinds: frozenset[str] = frozenset(KINDS)
    unit_id: int | None = None
    person_id: int | None = None
    status: str = ""
    since: dt.date | None = None  # date-range filter, inclusive
    until: dt.date | None = None


_PERSON_UNIT = "(SELECT unit_id FROM persons WHERE id = {pid})"


def _select(kind: str) -> tuple[str, str, str]:
    """(SELECT ... FROM ... WHERE <date window>, person clause, unit clause) for one kind."""
    # columns: kind, table, id, day, day_end, label, text, done, unit_id, person_id
    if kind == "talk":
        first = "(SELECT MIN(person_id) FROM talk_subjects WHERE talk_id = t.id)"
        return (
            "SELECT 'talk', 'talks', t.id, t.date, NULL, '谈话', t.kind || '：' || t.reason, 0,"
            f" {_PERSON_UNIT.format(pid=first)}, {first}"
            " FROM talks t WHERE t.date BETWEEN :s AND :e",
            "EXISTS (SELECT 1 FROM talk_subjects WHERE talk_id = t.id AND person_id = :pid)",
            "EXISTS (SELECT 1 FROM talk_subjects ts JOIN persons p ON p.id = ts.person_id"
            " WHERE ts.talk_id = t.id AND p.unit_id = :uid)",
        )
    if kind == "inquiry":
        return (
            "SELECT 'inquiry', 'inquiries', q.id, q.sent_date, NULL, '发出函询',"
            " COALESCE(q.notes, ''), 0,"
            f" {_PERSON_UNIT.format(pid='q.person_id')}, q.person_id"
            " FROM inquiries q WHERE q.sent_date BETWEEN :s AND :e",
            "q.person_id = :pid",
            "q.person_id IN (SELECT id FROM persons WHERE unit_id = :uid)",
        )
    if kind == "document":
        unit = (
            "CASE d.linked_table"
            " WHEN 'rectifications' THEN"
            " (SELECT unit_id FROM rectifications WHERE id = d.linked_id)"
            " WHEN 'proposals' THEN (SELECT unit_id FROM proposals WHERE id = d.linked_id)"
            " WHEN 'clues' THEN (SELECT reported_unit_id FROM clues WHERE id = d.linked_id) END"
        )
        # A letter to one reported person (提醒函, 函询) sits on that person's lane.
        person = (
            "CASE d.linked_table WHEN 'clues' THEN COALESCE("
            "(SELECT cp.person_id FROM clue_persons cp JOIN persons p ON p.id = cp.person_id"
            " WHERE cp.clue_id = d.linked_id AND p.name || '同志' = d.addressee),"
            " (SELECT MIN(person_id) FROM clue_persons WHERE clue_id = d.linked_id)) END"
        )
        return (
            "SELECT 'document', 'documents', d.id, d.issued_date, NULL, '制发文书',"
            " COALESCE(d.number || ' ', '') || d.title, 0,"
            f" {unit}, {person}"
            " FROM documents d WHERE d.issued_date BETWEEN :s AND :e",
            "d.linked_table = 'clues' AND d.linked_id IN"
            " (SELECT clue_id FROM clue_persons WHERE person_id = :pid)",
            f"({unit}) = :uid",
        )
    if kind in ("deadline", "check"):
        person = (
            "(SELECT MIN(person_id) FROM clue_persons WHERE clue_id = r.clue_id AND r.clue_id"
            " IS NOT NULL)"
        )
        person_clause = "r.clue_id IN (SELECT clue_id FROM clue_persons WHERE person_id = :pid)"
        if kind == "deadline":
            return (
                "SELECT 'deadline', 'rectifications', r.id, r.deadline, NULL, '整改时限',"
                " r.finding, r.closed_date IS NOT NULL, r.unit_id, "
                f"{person} FROM rectifications r WHERE r.deadline BETWEEN :s AND :e",
                person_clause,
                "r.unit_id = :uid",
            )
        return (
            "SELECT 'check', 'rectifications', r.id, c.date, NULL, '回头看（' || c.method || '）',"
            " c.result, 0, r.unit_id, "
            f"{person} FROM rect_checks c JOIN rectifications r ON r.id = c.rect_id"
            " WHERE c.date BETWEEN :s AND :e",
            person_clause,
            "r.unit_id = :uid",
        )
    if kind == "inspection":
        return (
            "SELECT 'inspection', 'inspections', i.id, i.start_date,"
            " COALESCE(i.end_date, i.start_date), '监督检查', i.kind || '：' || i.theme, 0,"
            " (SELECT MIN(unit_id) FROM inspection_units WHERE inspection_id = i.id), NULL"
            " FROM inspections i WHERE i.start_date BETWEEN :s_ins AND :e"
            " AND COALESCE(i.end_date, i.start_date) >= :s",
            "0",
            "EXISTS (SELECT 1 FROM inspection_units WHERE inspection_id = i.id AND unit_id = :uid)",
        )
    if kind == "sanction":
        return (
            "SELECT 'sanction', 'clues', o.clue_id, o.decided_date, NULL, o.outcome,"
            " (SELECT summary FROM clues WHERE id = o.clue_id), 0,"
            f" {_PERSON_UNIT.format(pid='o.person_id')}, o.person_id"
            " FROM clue_outcomes o WHERE o.decided_date BETWEEN :s_san AND :e",
            "o.person_id = :pid",
            "o.person_id IN (SELECT id FROM persons WHERE unit_id = :uid)",
        )
    raise KeyError(kind)


_CLUE_MILESTONES = (
    ("received_date", "'收到问题线索'"),
    ("disposition_date", "'线索处置（' || COALESCE(c.disposition, '') || '）'"),
    ("prelim_start", "'初核'"),
    ("case_date", "'立案'"),
    ("closed_date", "'结案'"),
)


def _clue_selects() -> list[tuple[str, str, str]]:
    first = "(SELECT MIN(person_id) FROM clue_persons WHERE clue_id = c.id)"
    unit = f"COALESCE(c.reported_unit_id, {_PERSON_UNIT.format(pid=first)})"
    result = []
    for column, label in _CLUE_MILESTONES:
        result.append(
            (
                f"SELECT 'clue', 'clues', c.id, c.{column}, NULL, {label}, c.summary, 0,"
                f" {unit}, {first} FROM clues c WHERE c.{column} BETWEEN :s AND :e",
                "EXISTS (SELECT 1 FROM clue_persons WHERE clue_id = c.id AND person_id = :pid)",
                "(c.reported_unit_id = :uid OR EXISTS (SELECT 1 FROM clue_persons cp"
                " JOIN persons p ON p.id = cp.person_id WHERE cp.clue_id = c.id"
                " AND p.unit_id = :uid))",
            )
        )
    return result


def status_of(deadline: dt.date, done: bool, today: dt.date) -> str:
    if done:
        return "done"
    if deadline < today:
        return "overdue"
    if (deadline - today).days <= DUE_SOON_DAYS:
        return "soon"
    return "open"


class EventSource:
    """Fetches the events of a date window. `rows_fetched` counts rows read from SQL."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.rows_fetched = 0
        self.queries = 0
        self._outcomes: dict[str, tuple[bool, int | None]] | None = None
        self._max_inspection_days: int | None = None

    def invalidate(self) -> None:
        """Forget cached lookups (after edits elsewhere)."""
        self._outcomes = None
        self._max_inspection_days = None

    def _outcome_info(self) -> dict[str, tuple[bool, int | None]]:
        if self._outcomes is None:
            self._outcomes = {
                label: (info.is_sanction, info.effect_months)
                for label, info in outcome_table(self.store).items()
            }
        return self._outcomes

    def _inspection_span(self) -> int:
        if self._max_inspection_days is None:
            value = self.store.scalar(
                "SELECT MAX(julianday(end_date) - julianday(start_date)) FROM inspections"
                " WHERE end_date IS NOT NULL"
            )
            self._max_inspection_days = int(value or 0) + 1
        return self._max_inspection_days

    def window_selects(
        self, start: dt.date, end: dt.date, flt: EventFilter
    ) -> tuple[list[tuple[str, str]], dict[str, Any]]:
        """([(kind, SELECT)], parameters) for the events touching [start, end].

        Each SELECT is bounded by its kind's indexed date column; fetch() joins them.
        """
        outcomes = self._outcome_info()
        months = [m for sanction, m in outcomes.values() if sanction and m]
        longest = max(months, default=0)
        permanent = sorted(label for label, (s, m) in outcomes.items() if s and m is None)
        selects: list[tuple[str, tuple[str, str, str]]] = []
        for kind in KINDS:
            if kind not in flt.kinds:
                continue
            if kind == "inspection" and flt.person_id is not None:
                continue  # inspections concern units, never one person
            if kind == "clue":
                selects.extend(("clue", sel) for sel in _clue_selects())
            else:
                selects.append((kind, _select(kind)))
        params: dict[str, Any] = {
            "s": start.isoformat(),
            "e": end.isoformat(),
            "s_ins": (start - dt.timedelta(days=self._inspection_span())).isoformat(),
            "s_san": (start - dt.timedelta(days=31 * longest + 1)).isoformat(),
        }
        if flt.person_id is not None:
            params["pid"] = flt.person_id
        if flt.unit_id is not None:
            params["uid"] = flt.unit_id
        if "sanction" in flt.kinds and permanent:
            # permanent sanctions (no end) decided before the window still cover it
            names = ", ".join(f":perm{i}" for i in range(len(permanent)))
            sql, person, unit = _select("sanction")
            sql = sql.replace("BETWEEN :s_san AND :e", "< :s_san") + f" AND o.outcome IN ({names})"
            selects.append(("sanction", (sql, person, unit)))
            for i, label in enumerate(permanent):
                params[f"perm{i}"] = label
        parts = []
        for kind, (sql, person, unit) in selects:
            if flt.person_id is not None:
                sql += f" AND ({person})"
            if flt.unit_id is not None:
                sql += f" AND ({unit})"
            parts.append((kind, sql))
        return parts, params

    def prepare(self) -> None:
        """Fill the cached lookups here, before fetch() runs on a worker's connection."""
        self._outcome_info()
        self._inspection_span()

    def fetch(
        self,
        start: dt.date,
        end: dt.date,
        flt: EventFilter | None = None,
        *,
        store: Store | None = None,
    ) -> list[Event]:
        """Events touching [start, end] (bars overlapping it), filtered.

        `store`: another connection to the same file (a background fetch's own)."""
        store = store or self.store
        flt = flt or EventFilter()
        if flt.since is not None:
            start = max(start, flt.since)
        if flt.until is not None:
            end = min(end, flt.until)
        if end < start:
            return []
        today = store.today()
        outcomes = self._outcome_info()
        selects, params = self.window_selects(start, end, flt)
        if not selects:
            return []
        parts = [sql for _kind, sql in selects]
        rows = store.db.execute(" UNION ALL ".join(parts), params).fetchall()
        self.queries += 1
        self.rows_fetched += len(rows)
        result: list[Event] = []
        for kind, table, rid, day, day_end, label, text, done, unit_id, person_id in rows:
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
                        if finish < start:
                            continue
                elif begin < start:
                    continue
            wanted = (flt.status,) if flt.status != "open" else ("overdue", "soon", "open")
            if flt.status and status not in wanted:
                continue
            result.append(
                Event(
                    kind,
                    table,
                    int(rid),
                    begin,
                    finish,
                    str(label),
                    str(text or ""),
                    status,
                    unit_id,
                    person_id,
                    forever,
                )
            )
        return result

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
        """Changes whenever a person or unit is added, renamed, moved or deleted
        (a few milliseconds for thousands of people, against refilling the combos)."""
        row = self.store.db.execute(
            "SELECT (SELECT group_concat(id || ':' || name || ':' || COALESCE(unit_id, ''))"
            " FROM persons), (SELECT group_concat(id || ':' || name) FROM units)"
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


def effect_end_days(decided: dt.date, months: int) -> dt.date:
    from desktop.domain.forms import OutcomeInfo

    info = OutcomeInfo(label="", form=None, category="", severity=0, effect_months=months)
    ends = effect_end(info, decided)
    assert ends is not None
    return ends
