"""A windowed SQL list model: counts with COUNT(*), fetches pages on demand.

The view only ever asks for the rows it shows, so a list of 100k records costs one
COUNT(*) and a few pages of LIMIT/OFFSET queries. Sorting and filtering are done in
SQL (`sort()` and `set_filters()` re-query); both go through the single reset path
`refresh()`. Raw values for sorting are under Qt.UserRole, the record id under ID_ROLE.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from desktop.domain import search
from desktop.ui.models.rows import READ_ONLY

if TYPE_CHECKING:
    from desktop.store.db import Store

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the whole fetched row as a dict (keys: column keys)

PAGE_SIZE = 200
MAX_PAGES = 8  # the LRU page cache keeps at most this many pages

# Row colours (background, foreground): overdue red, due within 7 days amber, done grey.
OVERDUE = (QColor("#fde4e1"), QColor("#a8201a"))
DUE_SOON = (QColor("#fff3d6"), QColor("#7a4f00"))
DONE = (None, QColor("#8c8c8c"))

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """One visible column: SQL expression (aliased as `key`), Chinese header, formatting."""

    key: str
    label: str
    sql: str
    sort_sql: str | None = None  # defaults to `sql`
    width: int = 120
    fmt: Callable[[Any], str] | None = None
    tooltip: bool = False  # show the full text as tooltip (long free text)
    align_center: bool = False


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
class Filter:
    """How one filter maps to SQL: a condition using the named parameter, and its choices."""

    condition: str
    choices: tuple[str, ...] = ()
    dictionary: str | None = None  # choices from desktop.store.dictionaries
    label: str = ""


@dataclass
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
    default_sort: int = 0
    default_order: Qt.SortOrder = Qt.SortOrder.AscendingOrder
    # id_sql names one row (a record list): a page picks its ids on the bare filter and
    # order first, and only those rows pay for the display columns (subqueries, CASE)
    unique_id: bool = True


def short_text(value: Any, limit: int = 60) -> str:
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def yes_no(value: Any) -> str:
    return "是" if value else "否"


class SqlListModel(QAbstractTableModel):
    """Base of every list model; subclasses give `query()` and may colour rows."""

    def __init__(self, store: Store, parent: Any = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.store = store
        self.q = self.query()
        self.page_size = page_size
        self.filters = Filters()
        self._sort_column = self.q.default_sort
        self._sort_order = self.q.default_order
        self._count = 0
        self._ids: list[int] | None = None  # a search's matching ids, in order
        self._pages: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        # measurements (tests, status bar): how much SQL work the model did
        self.rows_fetched = 0
        self.page_queries = 0
        self.count_queries = 0
        self._count = self._query_count()

    # -- subclass interface ------------------------------------------------------------

    def query(self) -> Query:
        raise NotImplementedError

    def colours(self, row: dict[str, Any]) -> tuple[QColor | None, QColor | None] | None:
        """(background, foreground) for a row, or None for the default look."""
        return None

    # -- the single reset path ----------------------------------------------------------

    def refresh(self) -> None:
        """Re-count and drop every cached page (after a filter/sort change or an edit)."""
        self.beginResetModel()
        self._pages.clear()
        self._count = self._query_count()
        self.endResetModel()

    def set_filters(self, filters: Filters) -> None:
        self.filters = filters
        self.refresh()

    @property
    def columns(self) -> tuple[Column, ...]:
        return self.q.columns

    @property
    def table(self) -> str:
        return self.q.table

    def column_index(self, key: str) -> int:
        for i, c in enumerate(self.q.columns):
            if c.key == key:
                return i
        raise KeyError(key)

    # -- SQL -----------------------------------------------------------------------------

    def today(self) -> dt.date:
        return self.store.today()

    def _where(self) -> tuple[str, dict[str, Any]]:
        q, f = self.q, self.filters
        parts: list[str] = [q.where] if q.where else []
        params: dict[str, Any] = {"today": self.today().isoformat()}
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
        text = f.search.strip()
        if text and (q.search or q.search_ids):
            # The list's own free text through its full-text index where the table has one
            # (desktop/domain/search.py, any length), else instr() over the columns; the
            # name lookups (any part, pinyin, initials) read the names' index.
            indexed = search.list_condition(q.table, q.id_sql, text)
            ors = [indexed[0]] if indexed else [f"instr({expr}, :q) > 0" for expr in q.search]
            ors += list(q.search_ids)
            parts.append("(" + " OR ".join(ors) + ")")
            params.update(search.params(text))
        where = " AND ".join(f"({p})" for p in parts)
        return (f" WHERE {where}" if where else ""), params

    def _query_count(self) -> int:
        where, params = self._where()
        self.count_queries += 1
        self._ids = None
        if self.filters.search.strip() and self.q.unique_id:
            # A search reads every row (instr) and keeps few: one pass collects the
            # matching ids in order; the count is their number and pages are slices.
            ids = f"SELECT {self.q.id_sql} AS _id FROM {self.q.source}{where}{self._order()}"
            self._ids = [int(r[0]) for r in self.store.db.execute(ids, params).fetchall()]
            return len(self._ids)
        source = _count_source(self.q.source, where)
        return int(self.store.scalar(f"SELECT COUNT(*) FROM {source}{where}", params))

    def _select(self) -> str:
        cols = [f"{self.q.id_sql} AS _id"]
        cols += [f"{c.sql} AS {c.key}" for c in self.q.columns]
        cols += [f"{sql} AS {key}" for key, sql in self.q.extras.items()]
        return ", ".join(cols)

    def _order(self) -> str:
        column = self.q.columns[self._sort_column]
        direction = "DESC" if self._sort_order == Qt.SortOrder.DescendingOrder else "ASC"
        expr = column.sort_sql or column.sql
        if self.filters.search.strip():
            # instr() reads every row anyway and keeps few: scanning the table and sorting
            # the matches beats walking the sort index row by row (unary + turns it off)
            expr = f"+({expr})"
        # NULLs last either way, then the id so pages are stable; "NULLS LAST" (unlike an
        # "IS NULL" sort key) lets SQLite walk an index on the column and stop at LIMIT
        return f" ORDER BY {expr} {direction} NULLS LAST, _id {direction}"

    def _fetch_page(self, page: int) -> list[dict[str, Any]]:
        rows = self._pages.get(page)
        if rows is not None:
            self._pages.move_to_end(page)
            return rows
        where, params = self._where()
        params = {**params, "limit": self.page_size, "offset": page * self.page_size}
        q, order = self.q, self._order()
        if self._ids is not None:
            start = page * self.page_size
            params["ids"] = json.dumps(self._ids[start : start + self.page_size])
            sql = (
                f"SELECT {self._select()} FROM {q.source}"
                f" WHERE {q.id_sql} IN (SELECT value FROM json_each(:ids)){order}"
            )
        elif q.unique_id:
            ids = (
                f"SELECT {q.id_sql} AS _id FROM {q.source}{where}{order}"
                " LIMIT :limit OFFSET :offset"
            )
            sql = f"SELECT {self._select()} FROM {q.source} WHERE {q.id_sql} IN ({ids}){order}"
        else:
            sql = (
                f"SELECT {self._select()} FROM {q.source}{where}{order} LIMIT :limit OFFSET :offset"
            )
        rows = self.store.query(sql, params)
        self.page_queries += 1
        self.rows_fetched += len(rows)
        self._pages[page] = rows
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return rows

    def row(self, row: int) -> dict[str, Any] | None:
        if not 0 <= row < self._count:
            return None
        page = self._fetch_page(row // self.page_size)
        offset = row % self.page_size
        return page[offset] if offset < len(page) else None

    def table_of(self, row: int) -> str:
        """The record table of a row (lists mixing kinds override this)."""
        return self.q.table

    def record_id(self, row: int) -> int | None:
        data = self.row(row)
        return None if data is None else int(data["_id"])

    # -- Qt model interface ---------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.q.columns)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.q.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.q.columns[section].label
            if role == Qt.ItemDataRole.UserRole:
                return self.q.columns[section].key
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return READ_ONLY if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() >= len(self.q.columns):
            return None
        row = self.row(index.row())
        if row is None:
            return None
        column = self.q.columns[index.column()]
        value = row.get(column.key)
        if role == Qt.ItemDataRole.DisplayRole:
            if column.fmt is not None:
                return column.fmt(value)
            return short_text(value) if column.tooltip else ("" if value is None else str(value))
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == ID_ROLE:
            return int(row["_id"])
        if role == ROW_ROLE:
            return dict(row)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip and value:
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_center:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            colours = self.colours(row)
            if colours is None:
                return None
            return colours[0] if role == Qt.ItemDataRole.BackgroundRole else colours[1]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.q.columns):
            return
        if (column, order) == (self._sort_column, self._sort_order):
            return  # the rows are in this order already (a view turning sorting on asks)
        self._sort_column, self._sort_order = column, order
        self.refresh()

    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    def row_of(self, record_id: int) -> int | None:
        """Row of a record among the loaded pages (selection after refresh), if loaded."""
        for page, rows in self._pages.items():
            for i, r in enumerate(rows):
                if int(r["_id"]) == record_id:
                    return page * self.page_size + i
        return None


def _count_source(source: str, where: str) -> str:
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
        if not to_one or f"{alias}." in where or any(f"{alias}." in j for j in kept):
            kept.insert(0, join)
    return " LEFT JOIN ".join([base, *kept])


def choices_of(store: Store, f: Filter | None) -> Sequence[str]:
    if f is None:
        return ()
    if f.dictionary:
        from desktop.store import dictionaries

        return (*dictionaries.labels(store, f.dictionary, active_only=False), *f.choices)
    return f.choices
