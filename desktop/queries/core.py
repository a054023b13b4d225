"""How a list is declared and read: columns, filters, sort, search, pages, all in SQL.

A list is one `Query`: its source, its columns (each an SQL expression with its Chinese
header) and the conditions its filter bar may ask for. Reading goes through five plain
functions over a `Store` handed in — `count`, `ids`, `page`, `rows_of` and `choices` — so
a list of 100k records costs one COUNT(*) and a few LIMIT/OFFSET pages. No Qt here:
desktop/ui/models adapts a Query to a table model (roles, colours, the page cache).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from desktop.domain import search
from desktop.store import dictionaries
from desktop.store.kinds import KINDS

if TYPE_CHECKING:
    from desktop.store.db import Store


def label_of(table: str, name: str) -> str:
    """The label kinds.py gives a field: what every list, ledger and form calls it."""
    return KINDS[table].field(name).label


@dataclass(frozen=True)
class Column:
    """One visible column: SQL expression (aliased as `key`), Chinese header, display hints.

    `field` ("table.name") names the kinds field the column shows; its label is then that
    field's label, unless `relabelled` says why this list calls it otherwise.
    """

    key: str
    label: str
    sql: str
    sort_sql: str | None = None  # defaults to `sql`
    width: int = 120
    fmt: Callable[[Any], str] | None = None
    tooltip: bool = False  # show the full text as tooltip (long free text)
    align_center: bool = False
    field: str | None = None
    relabelled: str = ""


def field_column(table: str, name: str, sql: str, key: str | None = None, **hints: Any) -> Column:
    """A column showing one kinds field, headed by that field's label."""
    return Column(key or name, label_of(table, name), sql, field=f"{table}.{name}", **hints)


@dataclass(frozen=True)
class Filters:
    """What the filter bar asks for. Empty values mean "no filter"."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    status: str | None = None
    kind: str | None = None
    unit_id: int | None = None
    person_id: int | None = None
    search: str = ""

    def with_(self, **changes: Any) -> Filters:
        return replace(self, **changes)


@dataclass(frozen=True)
class Where:
    """A condition built elsewhere (the audit log's filter, domain/audit_view.py)."""

    sql: str  # " WHERE …" or ""
    params: Mapping[str, Any]


@dataclass(frozen=True)
class Filter:
    """How one filter maps to SQL: a condition using the named parameter, and its choices."""

    condition: str
    choices: tuple[str, ...] = ()
    dictionary: str | None = None  # choices from desktop.store.dictionaries
    label: str = ""


@dataclass(frozen=True)
class Sort:
    """Which column orders the list, and which way."""

    column: int
    desc: bool = False


@dataclass(frozen=True)
class Query:
    """The SQL shape of one list."""

    table: str  # record table (for opening / deleting); "" when not a record list
    source: str  # FROM ... (with joins), main table aliased
    id_sql: str  # expression of the record id
    columns: tuple[Column, ...]
    where: str = ""  # always-on condition
    extras: dict[str, str] = field(default_factory=dict)  # extra SELECT values (colouring)
    date: str | None = None  # date column for the date range filter
    date_label: str = "日期"
    status: Filter | None = None
    kind: Filter | None = None
    unit: str | None = None  # condition using :unit_id
    person: str | None = None  # condition using :person_id
    search: tuple[str, ...] = ()  # text expressions searched with instr()
    search_ids: tuple[str, ...] = ()  # "id IN (SELECT ... WHERE instr(name, :q) > 0)" forms
    # The search's other sources as SELECTs of this list's own record ids ("SELECT talk_id
    # FROM talk_subjects WHERE …"): the search holds `id_sql IN (…)` of each, and `find`
    # unites them with the own-text index instead of testing every row
    search_own_ids: tuple[str, ...] = ()
    # keys of the columns whose order (then the id) an index gives: `find` pages a search
    # by walking that index and keeping the matches, instead of sorting every match
    walk: tuple[str, ...] = ()
    default_sort: str = ""  # key of the column the list opens sorted by ("": the first)
    default_desc: bool = False
    # id_sql names one row (a record list): a page picks its ids on the bare filter and
    # order first, and only those rows pay for the display columns (subqueries, CASE)
    unique_id: bool = True

    def column_index(self, key: str) -> int:
        for i, c in enumerate(self.columns):
            if c.key == key:
                return i
        raise KeyError(key)

    @property
    def default(self) -> Sort:
        """The order the list opens in."""
        column = self.column_index(self.default_sort) if self.default_sort else 0
        return Sort(column, self.default_desc)


def short_text(value: Any, limit: int = 60) -> str:
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def yes_no(value: Any) -> str:
    return "是" if value else "否"


# -- a deadline's urgency (how a list colours the row) ---------------------------------

DUE_SOON_DAYS = 7
PAST_DUE = "past_due"  # not done and its deadline has passed (red)
DUE_SOON = "due_soon"  # not done and due within DUE_SOON_DAYS days, today included (amber)
FINISHED = "finished"  # done: its deadline no longer matters (grey)
URGENCY = "urgency"  # the key lists select it under


def urgency_sql(deadline: str, done: str = "0", today: str = ":today") -> str:
    """SQL for the urgency of a matter with this deadline: FINISHED once `done` holds,
    else PAST_DUE after the deadline, DUE_SOON within DUE_SOON_DAYS days of it, else NULL."""
    return (
        f"CASE WHEN {done} THEN '{FINISHED}' WHEN {deadline} IS NULL OR {deadline} = '' THEN NULL"
        f" WHEN {deadline} < {today} THEN '{PAST_DUE}'"
        f" WHEN {deadline} <= date({today}, '+{DUE_SOON_DAYS} days') THEN '{DUE_SOON}' END"
    )


def urgency(deadline: Any, done: bool, today: dt.date) -> str | None:
    """The same rule in Python, for rows already read."""
    if done:
        return FINISHED
    if not deadline:
        return None
    day = dt.date.fromisoformat(str(deadline))
    if day < today:
        return PAST_DUE
    if (day - today).days <= DUE_SOON_DAYS:
        return DUE_SOON
    return None


# -- building the SQL ----------------------------------------------------------------


def searching(f: Filters | Where) -> bool:
    return isinstance(f, Filters) and bool(f.search.strip())


def search_clause(q: Query, text: str) -> tuple[str, dict[str, Any]] | None:
    """THE list search: the condition a search box adds and its parameters (None: none).

    The list's own free text through its full-text index where the table has one
    (desktop/domain/search.py, any length), else instr() over the columns; the name
    lookups (any part, pinyin, initials) read the names' index.
    """
    text = text.strip()
    if not text or not (q.search or q.search_ids or q.search_own_ids):
        return None
    indexed = search.list_condition(q.table, q.id_sql, text)
    ors = [indexed[0]] if indexed else [f"instr({expr}, :q) > 0" for expr in q.search]
    ors += list(q.search_ids)
    ors += [f"{q.id_sql} IN ({sql})" for sql in q.search_own_ids]
    return "(" + " OR ".join(ors) + ")", dict(search.params(text))


def where(store: Store, q: Query, f: Filters | Where) -> tuple[str, dict[str, Any]]:
    """ " WHERE …" (or "") and its parameters for a list under these filters."""
    if isinstance(f, Where):
        return f.sql, dict(f.params)
    parts: list[str] = [q.where] if q.where else []
    params: dict[str, Any] = {"today": store.today().isoformat()}
    if q.date and f.date_from:
        parts.append(f"{q.date} >= :date_from")
        params["date_from"] = f.date_from.isoformat()
    if q.date and f.date_to:
        parts.append(f"{q.date} <= :date_to")
        params["date_to"] = f.date_to.isoformat()
    if q.status and f.status:
        parts.append(q.status.condition)
        params["status"] = f.status
    if q.kind and f.kind:
        parts.append(q.kind.condition)
        params["kind"] = f.kind
    if q.unit and f.unit_id is not None:
        parts.append(q.unit)
        params["unit_id"] = f.unit_id
    if q.person and f.person_id is not None:
        parts.append(q.person)
        params["person_id"] = f.person_id
    found = search_clause(q, f.search)
    if found is not None:
        parts.append(found[0])
        params.update(found[1])
    sql = " AND ".join(f"({p})" for p in parts)
    return (f" WHERE {sql}" if sql else ""), params


def order(q: Query, sort: Sort, *, scanning: bool = False) -> str:
    """ORDER BY for a sort: NULLs last either way, then the id so pages are stable."""
    column = q.columns[sort.column]
    direction = "DESC" if sort.desc else "ASC"
    expr = column.sort_sql or column.sql
    if expr == q.id_sql:  # the record id itself: never NULL, no tie, no sort step
        return f" ORDER BY {expr} {direction}"
    if scanning:
        # instr() reads every row anyway and keeps few: scanning the table and sorting
        # the matches beats walking the sort index row by row (unary + turns it off)
        expr = f"+({expr})"
    # "NULLS LAST" (unlike an "IS NULL" sort key) lets SQLite walk an index on the
    # column and stop at LIMIT
    return f" ORDER BY {expr} {direction} NULLS LAST, _id {direction}"


def _select(q: Query) -> str:
    cols = [f"{q.id_sql} AS _id"]
    cols += [f"{c.sql} AS {c.key}" for c in q.columns]
    cols += [f"{sql} AS {key}" for key, sql in q.extras.items()]
    return ", ".join(cols)


def _count_source(source: str, condition: str) -> str:
    """The source without the to-one LEFT JOINs the condition does not use.

    A LEFT JOIN on the joined table's id adds at most one row per row, so it cannot
    change COUNT(*); SQLite 3.40 still performs it, which doubles the count's work.
    """
    base, *joins = source.split(" LEFT JOIN ")
    kept: list[str] = []
    for join in reversed(joins):  # a later join may use an earlier one's alias
        words = join.split()
        alias = words[1] if len(words) > 4 and words[2] == "ON" else ""
        to_one = alias and words[3] == f"{alias}.id" and words[4] == "="
        if not to_one or f"{alias}." in condition or any(f"{alias}." in j for j in kept):
            kept.insert(0, join)
    return " LEFT JOIN ".join([base, *kept])


# -- reading -------------------------------------------------------------------------


def count(store: Store, q: Query, f: Filters | Where) -> int:
    """How many rows the list shows under these filters."""
    sql, params = where(store, q, f)
    return int(store.scalar(f"SELECT COUNT(*) FROM {_count_source(q.source, sql)}{sql}", params))


def ids(store: Store, q: Query, f: Filters | Where, sort: Sort) -> list[int]:
    """Every matching record id, in the list's order (a search's hits; a drill-down)."""
    sql, params = where(store, q, f)
    scan = order(q, sort, scanning=searching(f))
    query = f"SELECT {q.id_sql} AS _id FROM {q.source}{sql}{scan}"
    return [int(r[0]) for r in store.db.execute(query, params).fetchall()]


def page(
    store: Store, q: Query, f: Filters | Where, sort: Sort, offset: int, limit: int
) -> list[dict[str, Any]]:
    """The rows from `offset` on (at most `limit`), every column and extra by its key."""
    sql, params = where(store, q, f)
    params = {**params, "limit": limit, "offset": offset}
    by = order(q, sort, scanning=searching(f))
    if q.unique_id:
        picked = f"SELECT {q.id_sql} AS _id FROM {q.source}{sql}{by} LIMIT :limit OFFSET :offset"
        text = f"SELECT {_select(q)} FROM {q.source} WHERE {q.id_sql} IN ({picked}){by}"
    else:
        text = f"SELECT {_select(q)} FROM {q.source}{sql}{by} LIMIT :limit OFFSET :offset"
    return store.query(text, params)


def rows_of(
    store: Store, q: Query, record_ids: Sequence[int], sort: Sort, *, scanning: bool = False
) -> list[dict[str, Any]]:
    """The rows of these records (a slice of `ids`), in the list's order."""
    params = {"ids": json.dumps(list(record_ids)), "today": store.today().isoformat()}
    by = order(q, sort, scanning=scanning)
    listed = f"{q.id_sql} IN (SELECT value FROM json_each(:ids))"
    text = f"SELECT {_select(q)} FROM {q.source} WHERE {listed}{by}"
    return store.query(text, params)


# -- a search read from its indexes -----------------------------------------------------

WALK_CHUNK = 512  # rows a walk reads at a time
WALK_PER_MATCH = 4  # a walk reads at most this many rows per match, then sorts them instead


@dataclass
class Found:
    """A list search's matches, read once from the indexes: their number, and its pages.

    A page in an order an index gives (`Query.walk`) walks that index and keeps the
    matches until the page is full: a few hundred rows when matches are common. Another
    order, or a walk that would read more rows than sorting every match costs (rare
    matches, a page far down), sorts the matches once, as `ids` would.
    """

    store: Store
    q: Query
    sort: Sort
    matches: frozenset[int]
    _ordered: list[int] | None = None

    @property
    def count(self) -> int:
        return len(self.matches)

    def page_ids(self, offset: int, limit: int) -> list[int]:
        """The ids of the rows from `offset` on (at most `limit`), in the list's order."""
        walks = self.q.columns[self.sort.column].key in self.q.walk
        if self._ordered is None and walks and offset + limit < len(self.matches):
            walked = self._walk(offset + limit)
            if walked is not None:
                return walked[offset : offset + limit]
        return self.ordered()[offset : offset + limit]

    def ordered(self) -> list[int]:
        """Every match in the list's order (the rows looked up by id, then sorted)."""
        if self._ordered is None:
            q = self.q
            listed = f"{q.id_sql} IN (SELECT value FROM json_each(:ids))"
            by = order(q, self.sort, scanning=True)
            params = {"ids": json.dumps(sorted(self.matches)), "today": _today(self.store)}
            sql = f"SELECT {q.id_sql} AS _id FROM {q.source} WHERE {listed}{by}"
            self._ordered = [int(r[0]) for r in self.store.db.execute(sql, params).fetchall()]
        return self._ordered

    def _walk(self, wanted: int) -> list[int] | None:
        """The first `wanted` matches along the sort's index; None past the budget."""
        q, matches = self.q, self.matches
        budget = WALK_PER_MATCH * len(matches) + WALK_CHUNK
        sql = f"SELECT {q.id_sql} AS _id FROM {q.source}{order(q, self.sort)}"
        cursor = self.store.db.execute(sql, {"today": _today(self.store)})
        found: list[int] = []
        read = 0
        try:
            while len(found) < wanted:
                rows = cursor.fetchmany(WALK_CHUNK)
                if not rows:
                    break
                read += len(rows)
                found += [r[0] for r in rows if r[0] in matches]
                if read >= budget and len(found) < wanted:
                    return None
        finally:
            cursor.close()
        return found


def _today(store: Store) -> str:
    return store.today().isoformat()


def find(store: Store, q: Query, f: Filters | Where, sort: Sort) -> Found | None:
    """A search alone (no other filter) over a list whose search is all indexes and id
    sources (`search_own_ids`): the matches as one set, read from those indexes without
    touching the list's rows. None when the list or the filters ask for more: then
    `count`/`ids` answer, with the same rows."""
    if not (searching(f) and q.unique_id and q.search_own_ids) or q.where or q.search_ids:
        return None
    assert isinstance(f, Filters)
    if f != Filters(search=f.search):
        return None
    text = f.search.strip()
    found = search.list_condition(q.table, q.id_sql, text)
    if found is None:
        return None
    own = search.contains(q.table, search.LIST_TEXT[q.table])
    sources = (search.id_source(store, sql, found[1]) for sql in q.search_own_ids)
    sql = " UNION ALL ".join((own, *sources))
    matches = frozenset(itertools.chain.from_iterable(store.db.execute(sql, found[1])))
    return Found(store, q, sort, matches)


def choices(store: Store, f: Filter | None) -> Sequence[str]:
    """What a filter's drop-down offers: its dictionary's labels, then its fixed choices."""
    if f is None:
        return ()
    if f.dictionary:
        return (*dictionaries.labels(store, f.dictionary, active_only=False), *f.choices)
    return f.choices
