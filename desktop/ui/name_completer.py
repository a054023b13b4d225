"""Typing in a picker finds its records: persons and units by any part, full pinyin or
initials, other records by their label.

The picker is an editable QComboBox whose items carry record ids (Qt.UserRole). A form's
picker starts with only its current record (never every row, issue #16): what is typed goes
to desktop/queries/forms.ref_matches (the one search of desktop/domain/search.py for
names), the matches not yet in the combo are added to it, and the completer's popup lists
the combo's items whose ids matched, in the matcher's order; choosing one sets the combo
to it. Items with a negative id (actions such as 新建人员…) are listed when their own text
is typed. `only` limits a picker to a few records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSignalBlocker,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QComboBox, QCompleter

from desktop.queries import forms
from desktop.store.kinds import kind

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
        if not self.rank and not self.typed:
            return False  # nothing looked up: no row (not even an action); skip reading each
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
    """The completer of a picker (see the module docstring)."""

    def __init__(self, combo: QComboBox, store: Store, table: str) -> None:
        self.matched = _MatchedIds(combo)
        self.matched.setSourceModel(combo.model())
        super().__init__(self.matched, combo)
        self.combo = combo
        self.store = store
        self.table = table
        self.allowed: set[int] | None = None
        self.matched.sort(0)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setMaxVisibleItems(12)

    def splitPath(self, path: str) -> list[str]:
        """Filter by the matcher, then let every listed item count as a completion. The
        combo hands over its own text when an item is set (not typed): no lookup then."""
        line = self.combo.lineEdit()
        if line is not None and not line.isModified():
            index = self.combo.findText(path, Qt.MatchFlag.MatchFixedString)
            own = self.combo.itemData(index) if index >= 0 else None
            self.matched.set_ids([own] if isinstance(own, int) else [], path)
            return [""]
        self.matched.set_ids(self.load(path), path)
        return [""]

    def load(self, typed: str) -> list[int]:
        """The ids matching `typed`, best first, each now an item of the combo."""
        found = forms.ref_matches(self.store, self.table, typed)
        if self.allowed is not None:
            found = [(text, i) for text, i in found if i in self.allowed]
        self.add_items(found)
        return [record_id for _text, record_id in found]

    def add_items(self, entries: list[tuple[str, int]]) -> None:
        """Add the entries the combo lacks, before its actions (新建人员…)."""
        combo = self.combo
        with QSignalBlocker(combo):
            for text, record_id in entries:
                if combo.findData(record_id) >= 0:
                    continue
                at = combo.count()
                while at > 0 and _is_action(combo.itemData(at - 1)):
                    at -= 1
                combo.insertItem(at, text, record_id)

    def only(self, ids: list[int]) -> None:
        """The picker offers just these records (and no actions)."""
        self.allowed = set(ids)
        combo = self.combo
        with QSignalBlocker(combo):
            for i in reversed(range(1, combo.count())):
                if combo.itemData(i) not in self.allowed:
                    combo.removeItem(i)
        self.add_items(forms.ref_labels(self.store, self.table, ids))

    def pathFromIndex(self, index: Index) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


def _is_action(data: object) -> bool:
    return isinstance(data, int) and data < 0


def attach_name_completer(combo: QComboBox, store: Store, table: str) -> NameCompleter:
    """Give an editable picker of `table` the completer that finds (and adds) its records."""
    completer = NameCompleter(combo, store, table)
    combo.setCompleter(completer)
    line = combo.lineEdit()
    if line is not None:
        line.setPlaceholderText(_PLACEHOLDERS.get(table) or f"输入{kind(table).label}名称查找")
    return completer


_PLACEHOLDERS = {"persons": "输入姓名、拼音或首字母查找", "units": "输入名称、拼音或首字母查找"}
