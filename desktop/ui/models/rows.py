"""One base for the small read-only table models over rows already in memory.

The import dialog's rejected rows, the 统计汇总 comparison and drill-down, and the desk's
action list all hold a bounded result computed in the background and answer Qt's
structural questions the same way; each says only how many rows it has and what a
cell shows.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex

READ_ONLY = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


class RowsModel(QAbstractTableModel):
    """Flat, read-only; subclasses give HEADERS, row_count() and data()."""

    HEADERS: ClassVar[tuple[str, ...]] = ()
    KEYS: ClassVar[tuple[str, ...]] = ()  # column names under Qt.UserRole in the header
    NUMBERED: ClassVar[bool] = False  # the vertical header counts 1, 2, 3 …

    def row_count(self) -> int:
        raise NotImplementedError

    def header(self, section: int) -> str:
        return self.HEADERS[section]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.header(section)
            if role == Qt.ItemDataRole.UserRole and self.KEYS:
                return self.KEYS[section]
        elif (
            orientation == Qt.Orientation.Vertical
            and self.NUMBERED
            and role == Qt.ItemDataRole.DisplayRole
        ):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return READ_ONLY if index.isValid() else Qt.ItemFlag.NoItemFlags
