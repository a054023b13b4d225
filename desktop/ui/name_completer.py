"""Typing in a person or unit picker finds names by any part, full pinyin or initials.

The picker is an editable QComboBox whose items carry record ids (Qt.UserRole). What is
typed goes to the one matcher of desktop/domain/search.py (SQL over the stored pinyin
keys), and the completer's popup lists the combo's own items whose ids matched, in the
matcher's order; choosing one sets the combo to it. Items with a negative id (actions such
as 新建人员…) are listed when their own text is typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QComboBox, QCompleter

from desktop.domain import search

if TYPE_CHECKING:
    from desktop.store.db import Store

Index = QModelIndex | QPersistentModelIndex


class _MatchedIds(QSortFilterProxyModel):
    """The combo's items whose id the matcher returned, best match first."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.rank: dict[int, int] = {}
        self.typed = ""

    def set_ids(self, ids: list[int], typed: str) -> None:
        self.rank = {record_id: n for n, record_id in enumerate(ids)}
        self.typed = typed.strip()
        self.invalidate()

    def _id(self, row: int) -> int | None:
        value = self.sourceModel().index(row, 0).data(Qt.ItemDataRole.UserRole)
        return int(value) if isinstance(value, int) else None

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        record_id = self._id(source_row)
        if record_id is None:
            return False
        if record_id < 0:  # an action (新建人员…): listed when its own text is typed
            text = str(self.sourceModel().index(source_row, 0).data() or "")
            return bool(self.typed) and self.typed in text
        return record_id in self.rank

    def lessThan(self, left: Index, right: Index) -> bool:
        return self._key(left.row()) < self._key(right.row())

    def _key(self, row: int) -> tuple[int, int]:
        record_id = self._id(row)
        if record_id is None or record_id < 0:
            return (1, row)  # actions after the names
        return (0, self.rank.get(record_id, 0))


class NameCompleter(QCompleter):
    """The completer of a person or unit picker (see the module docstring)."""

    def __init__(self, combo: QComboBox, store: Store, table: str) -> None:
        self.matched = _MatchedIds(combo)
        self.matched.setSourceModel(combo.model())
        super().__init__(self.matched, combo)
        self.store = store
        self.table = table
        self.matched.sort(0)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setMaxVisibleItems(12)

    def splitPath(self, path: str) -> list[str]:
        """Filter by the matcher, then let every listed item count as a completion."""
        self.matched.set_ids(search.matching_ids(self.store, self.table, path), path)
        return [""]

    def pathFromIndex(self, index: Index) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


def attach_name_completer(combo: QComboBox, store: Store, table: str) -> NameCompleter:
    """Give an editable person/unit combo the pinyin-aware completer."""
    completer = NameCompleter(combo, store, table)
    combo.setCompleter(completer)
    line = combo.lineEdit()
    if line is not None:
        line.setPlaceholderText(
            "输入姓名、拼音或首字母查找" if table == "persons" else "输入名称、拼音或首字母查找"
        )
    return completer
