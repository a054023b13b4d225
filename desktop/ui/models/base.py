"""A windowed list model: the Qt face of one list declared in desktop/queries.

The view only ever asks for the rows it shows, so a list of 100k records costs one
COUNT(*) and a few pages (desktop/queries/core.py reads them). Sorting and filtering are
done in SQL (`sort()` and `set_filters()` re-query); both go through the single reset
path `refresh()`. Raw values for sorting are under Qt.UserRole, the record id under
ID_ROLE. This module holds only what is Qt: roles, colours, the page cache.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from desktop.queries import core
from desktop.queries.core import Column, Filters, Query, Sort, Where, short_text
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
# how each urgency a list derives in SQL (desktop/queries/core.py) looks
URGENCY_COLOURS = {core.PAST_DUE: OVERDUE, core.DUE_SOON: DUE_SOON, core.FINISHED: DONE}

Index = QModelIndex | QPersistentModelIndex

# The roles `data` answers from a row; a view asks a dozen more per cell as it paints
# (font, decoration, size hint, check state…), answered None before any row is read.
ROW_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.UserRole,
        ID_ROLE,
        ROW_ROLE,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
    }
)


class SqlListModel(QAbstractTableModel):
    """Base of every list model; subclasses give `query()` and may colour rows."""

    def __init__(self, store: Store, parent: Any = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.store = store
        self.q = self.query()
        self.page_size = page_size
        self.filters = Filters()
        self._sort = self.q.default
        self._count = 0
        self._ids: list[int] | None = None  # a search's matching ids, in order
        self._found: core.Found | None = None  # a search read from its indexes
        self._pages: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        # measurements (tests, status bar): how much SQL work the model did
        self.rows_fetched = 0
        self.page_queries = 0
        self.count_queries = 0
        self._count = self._query_count()

    # -- subclass interface ------------------------------------------------------------

    def query(self) -> Query:
        raise NotImplementedError

    def condition(self) -> Filters | Where:
        """What narrows the list: the filter bar (the audit log builds its own)."""
        return self.filters

    def colours(self, row: dict[str, Any]) -> tuple[QColor | None, QColor | None] | None:
        """(background, foreground) for a row, or None for the default look: by the
        urgency the list derives, if it does."""
        return URGENCY_COLOURS.get(row.get(core.URGENCY) or "")

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
        return self.q.column_index(key)

    def today(self) -> dt.date:
        return self.store.today()

    # -- reading through desktop/queries ------------------------------------------------

    def _query_count(self) -> int:
        self.count_queries += 1
        self._ids = None
        condition = self.condition()
        self._found = core.find(self.store, self.q, condition, self._sort)
        if self._found is not None:
            return self._found.count
        if core.searching(condition) and self.q.unique_id:
            # A search reads every row (instr) and keeps few: one pass collects the
            # matching ids in order; the count is their number and pages are slices.
            self._ids = core.ids(self.store, self.q, condition, self._sort)
            return len(self._ids)
        return core.count(self.store, self.q, condition)

    def _fetch_page(self, page: int) -> list[dict[str, Any]]:
        rows = self._pages.get(page)
        if rows is not None:
            self._pages.move_to_end(page)
            return rows
        start = page * self.page_size
        chosen: list[int] | None = None
        if self._found is not None:
            chosen = self._found.page_ids(start, self.page_size)
        elif self._ids is not None:
            chosen = self._ids[start : start + self.page_size]
        if chosen is not None:
            rows = core.rows_of(self.store, self.q, chosen, self._sort, scanning=True)
        else:
            rows = core.page(
                self.store, self.q, self.condition(), self._sort, start, self.page_size
            )
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
        if role not in ROW_ROLES or not index.isValid() or index.column() >= len(self.q.columns):
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
        wanted = Sort(column, order == Qt.SortOrder.DescendingOrder)
        if wanted == self._sort:
            return  # the rows are in this order already (a view turning sorting on asks)
        self._sort = wanted
        self.refresh()

    @property
    def sort_column(self) -> int:
        return self._sort.column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self._sort.desc else Qt.SortOrder.AscendingOrder

    def row_of(self, record_id: int) -> int | None:
        """Row of a record among the loaded pages (selection after refresh), if loaded."""
        for page, rows in self._pages.items():
            for i, r in enumerate(rows):
                if int(r["_id"]) == record_id:
                    return page * self.page_size + i
        return None
