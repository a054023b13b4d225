"""The desk's action list (待办事项): one row per item of desktop.queries.desk.

The agenda is small and bounded (each section fetches at most ROW_LIMIT rows), so the
model holds its rows in memory; sorting is over the raw values under Qt.UserRole.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.queries import desk
from desktop.ui.models.base import DUE_SOON, ID_ROLE, OVERDUE
from desktop.ui.models.rows import Index, RowsModel

TABLE_ROLE = Qt.ItemDataRole.UserRole + 3  # the record table of the row


SECTION, TITLE, PARTY, DUE, LEFT, NOTE = range(6)
HEADERS = ("类别", "事项", "单位/人员", "期限", "剩余时间", "说明")


class AgendaModel(RowsModel):
    """Items of one section (or all), most urgent first unless the clerk sorts."""

    HEADERS = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.result: desk.Agenda | None = None
        self.section: str | None = None  # None: every section
        self.rows: list[desk.Item] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_agenda(self, result: desk.Agenda) -> None:
        self.result = result
        self._reload()

    def show_section(self, key: str | None) -> None:
        self.section = key
        self._reload()

    def _reload(self) -> None:
        self.beginResetModel()
        if self.result is None:
            self.rows = []
        elif self.section is None:
            self.rows = self.result.items()
        else:
            self.rows = list(self.result.sections[self.section].items)
        if self._sort is not None:
            self._sort_rows(*self._sort)
        self.endResetModel()

    @property
    def today(self) -> dt.date:
        return self.result.today if self.result is not None else dt.date.today()

    def item(self, row: int) -> desk.Item | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    # -- Qt model interface -------------------------------------------------------------

    def row_count(self) -> int:
        return len(self.rows)

    def _raw(self, item: desk.Item, column: int) -> Any:
        if column == SECTION:
            return desk.ORDER.index(item.section)
        if column == TITLE:
            return item.title
        if column == PARTY:
            return item.party
        if column in (DUE, LEFT):
            return item.due.isoformat() if item.due else ""
        return item.note

    def _colours(self, item: desk.Item) -> tuple[QColor | None, QColor | None] | None:
        left = item.days_left(self.today)
        if left is None:
            return None
        if left < 0 and item.section != desk.SANCTIONS:
            return OVERDUE
        if left <= desk.HORIZON_DAYS:
            return DUE_SOON
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.item(index.row())
        if item is None or not 0 <= index.column() < len(HEADERS):
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == SECTION:
                return desk.TITLES[item.section]
            if column == LEFT:
                return desk.days_text(item, self.today)
            return str(self._raw(item, column))
        if role == Qt.ItemDataRole.UserRole:
            return self._raw(item, column)
        if role == ID_ROLE:
            return item.record_id
        if role == TABLE_ROLE:
            return item.table
        if role == Qt.ItemDataRole.ToolTipRole and column in (TITLE, NOTE):
            return str(self._raw(item, column)) or None
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            colours = self._colours(item)
            if colours is None:
                return None
            return colours[0] if role == Qt.ItemDataRole.BackgroundRole else colours[1]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        items = [self.item(i.row()) for i in before]
        self._sort_rows(column, order)
        position = {id(item): row for row, item in enumerate(self.rows)}
        after = [
            self.index(position[id(item)], i.column()) if item is not None else QModelIndex()
            for i, item in zip(before, items, strict=True)
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        self.rows.sort(
            key=lambda i: (self._raw(i, column), i.due or dt.date.max, i.record_id),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
