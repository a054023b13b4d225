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

from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
)
from PySide6.QtWidgets import QComboBox, QCompleter

from desktop.queries import forms
from desktop.store.kinds import kind

if TYPE_CHECKING:
    from collections.abc import Iterator

    from desktop.store.db import Store

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class _MatchedIds(QAbstractProxyModel):
    """The combo's items whose id the matcher returned, best match first, then the
    actions whose text was typed: a list of the combo's rows. A key costs the matches,
    not a pass over every item (30k names at a large office: 285 ms a key through a
    filter proxy that read each row's id). Which row holds which id is read once and
    kept until the combo's items change (`row_of`)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.rows: list[int] = []  # source rows, in the order listed
        self._row_of: dict[int, int] | None = None  # record id -> source row
        self._actions: list[tuple[int, str]] = []  # (source row, text) of items with id < 0

    def setSourceModel(self, model: QAbstractItemModel) -> None:  # type: ignore[override]
        super().setSourceModel(model)
        self._follow(model, True)
        self._source_changed()

    def _follow(self, model: QAbstractItemModel, on: bool) -> None:
        for signal in (
            model.rowsInserted,
            model.rowsRemoved,
            model.rowsMoved,
            model.modelReset,
            model.layoutChanged,
            model.dataChanged,
        ):
            if on:
                signal.connect(self._source_changed)
            else:
                signal.disconnect(self._source_changed)

    @contextmanager
    def refilling(self) -> Iterator[None]:
        """Fill the combo with thousands of items without a call here for each one."""
        model = self.sourceModel()
        self._follow(model, False)
        try:
            yield
        finally:
            self._follow(model, True)
            self._source_changed()

    def _source_changed(self, *_args: object) -> None:
        """The combo's items changed: rows may have moved, so forget them (set_ids lists
        them again)."""
        self._row_of = None
        if self.rows:
            self.beginResetModel()
            self.rows = []
            self.endResetModel()

    def know_rows(self, rows: dict[int, int]) -> None:
        """Record id -> the combo's row, told by whoever just filled the combo (with no
        actions): reading 30k items back costs a tenth of a second on the first key."""
        self._row_of = dict(rows)
        self._actions = []

    def rows_by_id(self) -> dict[int, int]:
        """Record id -> the combo's row, read from the items once until they change."""
        if self._row_of is None:
            source = self.sourceModel()
            row_of: dict[int, int] = {}
            actions: list[tuple[int, str]] = []
            for row in range(source.rowCount()):
                index = source.index(row, 0)
                value = index.data(Qt.ItemDataRole.UserRole)
                if not isinstance(value, int):
                    continue
                if value < 0:
                    actions.append((row, str(index.data() or "")))
                else:
                    row_of.setdefault(value, row)
            self._row_of = row_of
            self._actions = actions
        return self._row_of

    def row_of(self, record_id: int) -> int:
        """The combo's row holding `record_id`, or -1."""
        return self.rows_by_id().get(record_id, -1)

    def set_ids(self, ids: list[int], typed: str) -> None:
        row_of = self.rows_by_id()
        typed = typed.strip()
        rows: list[int] = []
        seen: set[int] = set()
        for record_id in ids:
            row = row_of.get(record_id, -1)
            if row >= 0 and row not in seen:
                seen.add(row)
                rows.append(row)
        if typed:  # an action (新建人员…): listed when its own text is typed
            rows += [row for row, text in self._actions if typed in text]
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def hasChildren(self, parent: Index = _ROOT) -> bool:
        return not parent.isValid() and bool(self.rows)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 1

    def index(self, row: int, column: int = 0, parent: Index = _ROOT) -> QModelIndex:
        if parent.isValid() or column != 0 or not 0 <= row < len(self.rows):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        return QModelIndex()

    def mapToSource(self, proxy: Index) -> QModelIndex:
        if not proxy.isValid() or not 0 <= proxy.row() < len(self.rows):
            return QModelIndex()
        return self.sourceModel().index(self.rows[proxy.row()], 0)

    def mapFromSource(self, source: Index) -> QModelIndex:
        if not source.isValid() or source.column() != 0:
            return QModelIndex()
        try:
            return self.createIndex(self.rows.index(source.row()), 0)
        except ValueError:
            return QModelIndex()


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
        known = self.matched.rows_by_id()  # read before inserting: inserting forgets it
        missing: dict[int, str] = {}
        for text, record_id in entries:
            if record_id not in known:
                missing.setdefault(record_id, text)
        if not missing:
            return
        with QSignalBlocker(combo):
            at = combo.count()
            while at > 0 and _is_action(combo.itemData(at - 1)):
                at -= 1
            for record_id, text in missing.items():
                combo.insertItem(at, text, record_id)
                at += 1

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
