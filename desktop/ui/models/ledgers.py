"""Model of the import dialog's 不能导入的行: one line per problem of a rejected row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt

from desktop.domain.ledger_import import Problem
from desktop.ui.models.rows import Index, RowsModel

ROW, COLUMN, VALUE, REASON = range(4)


def shown_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() else value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class RejectedRowsModel(RowsModel):
    """(表格行号, 列, 值, 原因) of every problem, in row order."""

    HEADERS = ("行号", "列", "值", "原因")
    KEYS = ("row", "column", "value", "reason")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._problems: list[Problem] = []

    def set_problems(self, problems: Iterable[Problem]) -> None:
        self.beginResetModel()
        self._problems = sorted(problems, key=lambda p: p.row)
        self.endResetModel()

    def row_count(self) -> int:
        return len(self._problems)

    def problem(self, row: int) -> Problem | None:
        return self._problems[row] if 0 <= row < len(self._problems) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._problems):
            return None
        p = self._problems[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"第{p.row}行", p.column, shown_value(p.value), p.reason)[column]
        if role == Qt.ItemDataRole.UserRole:
            return (p.row, p.column, p.value, p.reason)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (VALUE, REASON):
            return shown_value(p.value) if column == VALUE else p.reason
        if role == Qt.ItemDataRole.TextAlignmentRole and column == ROW:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
