"""Models of the 统计汇总 page: the comparison table and the drill-down list.

Both hold plain data computed in the background (desktop.domain.summary) and are reset
as a whole when a new result arrives; neither touches the store.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.domain import stats
from desktop.domain.summary import Comparison, DrillRow, Line
from desktop.queries.figures import Drill
from desktop.ui.models.base import ID_ROLE
from desktop.ui.models.rows import Index, RowsModel

LINE_ROLE = Qt.ItemDataRole.UserRole + 3  # the summary.Line of a row (None on a section row)
TABLE_ROLE = Qt.ItemDataRole.UserRole + 4  # the record table a drill-down row opens

# ComparisonModel columns
LABEL, CURRENT, PREVIOUS, CHANGE, UNIT = range(5)
_SECTION_BACKGROUND = QColor("#efe9e1")
_SECTION_FOREGROUND = QColor("#8c1d22")
_NUMBER = re.compile(r"^[+\-]?\d+(?:\.\d+)?")


def sort_value(text: str) -> float | None:
    """The number at the start of a shown value ('75%', '+2.5个百分点', '1.20'); None for '—'."""
    m = _NUMBER.match(text)
    return float(m.group(0)) if m else None


class ComparisonModel(RowsModel):
    """Every §4 figure of the period beside the same period a year earlier, by section."""

    HEADERS = ("统计项目", "本期", "上年同期", "增减", "单位")
    KEYS = ("label", "current", "previous", "change", "unit")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.comparison: Comparison | None = None
        self._rows: list[tuple[str, Line | None]] = []  # (section title, line or None)
        self._headers = list(self.HEADERS)

    def set_comparison(self, comparison: Comparison | None) -> None:
        self.beginResetModel()
        self.comparison = comparison
        self._rows = []
        self._headers = list(self.HEADERS)
        if comparison is not None:
            for section in comparison.sections:
                self._rows.append((section.title, None))
                self._rows.extend((section.title, line) for line in section.lines)
            cur, prev = comparison.current, comparison.previous
            self._headers[CURRENT] = f"本期\n{stats.period_label(cur.start, cur.end)}"
            self._headers[PREVIOUS] = f"上年同期\n{stats.period_label(prev.start, prev.end)}"
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)

    def line(self, row: int) -> Line | None:
        return self._rows[row][1] if 0 <= row < len(self._rows) else None

    def is_section(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and self._rows[row][1] is None

    def row_of(self, key: str) -> int | None:
        for i, (_title, line) in enumerate(self._rows):
            if line is not None and line.key == key:
                return i
        return None

    def drill_at(self, row: int, column: int) -> tuple[str, Drill | None]:
        """(table, the query for the records) a double-click on this cell drills into: the
        previous year's records from the 上年同期 column, else the period's. No query when
        the cell counts nothing (a zero count, a rate)."""
        line = self.line(row)
        if line is None or not line.table:
            return "", None
        drill = line.previous_drill if column == PREVIOUS else line.drill
        shown = line.previous if column == PREVIOUS else line.current
        return line.table, (drill if shown != "0" else None)

    # -- Qt ----------------------------------------------------------------------------

    def row_count(self) -> int:
        return len(self._rows)

    def header(self, section: int) -> str:
        return self._headers[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        title, line = self._rows[index.row()]
        column = index.column()
        if line is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return title if column == LABEL else ""
            if role == Qt.ItemDataRole.UserRole:
                return title if column == LABEL else None
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(_SECTION_BACKGROUND)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(_SECTION_FOREGROUND)
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == LABEL:
                return ("　　" + line.label) if line.level else line.label
            return (line.label, line.current, line.previous, line.change, line.unit)[column]
        if role == Qt.ItemDataRole.UserRole:
            if column == LABEL:
                return line.label
            if column == UNIT:
                return line.unit
            return sort_value((line.label, line.current, line.previous, line.change)[column])
        if role == LINE_ROLE:
            return line
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (CURRENT, PREVIOUS, CHANGE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and line.table:
            when = "上年同期" if column == PREVIOUS else "本期"
            if self.drill_at(index.row(), column)[1] is not None:
                return f"双击查看{when}的记录"
            return f"{when}没有记录"
        if role == Qt.ItemDataRole.ForegroundRole and line.level and column == LABEL:
            return QBrush(QColor("#555555"))
        return None


# DrillDownModel columns
DATE, TITLE, WHO, STATE = range(4)


class DrillDownModel(RowsModel):
    """The records behind one figure; each row opens its record."""

    HEADERS = ("日期", "事项", "人员/单位", "情况")
    KEYS = ("date", "title", "who", "state")
    NUMBERED = True

    def __init__(self, rows: Sequence[DrillRow] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[DrillRow] = list(rows)

    def set_rows(self, rows: Sequence[DrillRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def drill_row(self, row: int) -> DrillRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_count(self) -> int:
        return len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        value = (r.date, r.title, r.who, r.state)[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole):
            return value
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (TITLE, WHO) and value:
            return value
        if role == ID_ROLE:
            return r.record_id
        if role == TABLE_ROLE:
            return r.table
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        key = ("date", "title", "who", "state")[column]
        order_ = sorted(
            range(len(self._rows)),
            key=lambda i: (getattr(self._rows[i], key), self._rows[i].record_id),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        new_row = {old: new for new, old in enumerate(order_)}
        self._rows = [self._rows[i] for i in order_]
        moved = self.persistentIndexList()
        self.changePersistentIndexList(
            moved, [self.index(new_row[i.row()], i.column()) for i in moved]
        )
        self.layoutChanged.emit()
