"""The person filter of a list: type part of a name, pick the person from the completer.

Names are looked up in SQL as the clerk types, by any part, full pinyin or initials ("zf"
finds 张帆; the one matcher of desktop/domain/search.py), at most
MAX_SUGGESTIONS at a time, so the picker costs the same with 100 persons or 100 000.
Namesakes are told apart by their unit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from desktop.queries import lists

if TYPE_CHECKING:
    from desktop.store.db import Store

MAX_SUGGESTIONS = 30
NOBODY = -1  # a name that matches no person: the list shows no rows, not every row
ID_ROLE = Qt.ItemDataRole.UserRole + 1
HINT = "按人员筛选：输入姓名中的字、拼音或首字母（如 zf），从列表中选择"


def person_choices(store: Store, text: str, limit: int = MAX_SUGGESTIONS) -> list[tuple[str, int]]:
    """(display text, id) of persons whose name matches `text` (any part, full pinyin or
    initials: desktop/domain/search.py): the exact name first, then by pinyin."""
    text = text.strip()
    if not text:
        return []
    return [
        (f"{r['name']}（{r['unit']}）" if r["namesakes"] > 1 and r["unit"] else r["name"], r["id"])
        for r in lists.person_choices(store, text, limit)
    ]


class PersonFilter(QLineEdit):
    """Emits `person_changed(id)` (0 for "everyone") once the clerk settles on a person."""

    person_changed = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.person_id: int | None = None
        self.label = ""  # the text shown for person_id
        self.setObjectName("personFilter")
        self.setPlaceholderText("按人员筛选")
        self.setToolTip(HINT)
        self.setClearButtonEnabled(True)
        self.setFixedWidth(140)
        self.suggestions = QStandardItemModel(self)
        self.completer_ = QCompleter(self.suggestions, self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setMaxVisibleItems(12)
        self.setCompleter(self.completer_)
        # activated(QModelIndex): the id travels with the row, namesakes included
        self.completer_.activated[QModelIndex].connect(self._picked)
        self.textEdited.connect(self._suggest)
        self.textChanged.connect(self._text_changed)
        self.editingFinished.connect(self.resolve)

    def _suggest(self, text: str) -> None:
        self.suggestions.clear()
        for label, person_id in person_choices(self.store, text):
            item = QStandardItem(label)
            item.setData(person_id, ID_ROLE)
            self.suggestions.appendRow(item)
        if self.suggestions.rowCount():
            self.completer_.complete()

    def _picked(self, index: QModelIndex | QPersistentModelIndex) -> None:
        person_id = index.data(ID_ROLE)
        self.label = str(index.data())
        self.setText(self.label)
        self._set(int(person_id) if person_id is not None else None)

    def _text_changed(self, text: str) -> None:
        if not text.strip():
            self._set(None)  # the clear button, or the name wiped out

    def resolve(self) -> None:
        """Typed without picking: the person of that exact name, if there is one."""
        text = self.text().strip()
        if not text:
            self._set(None)
            return
        if text == self.label and self.person_id not in (None, NOBODY):
            return  # still the person picked from the list
        name = text.split("（")[0]
        matches = [pid for label, pid in person_choices(self.store, name) if label == text]
        if not matches:
            # a bare name shared by namesakes, or no such person
            matches = lists.persons_named(self.store, text)
        if len(matches) == 1:
            self.label = text
            self._set(int(matches[0]))
        elif matches:
            self._set(NOBODY, f"有多名“{text}”，请从列表中选择（括号内为单位）")
        else:
            self._set(NOBODY, f"没有找到名为“{text}”的人员")

    def clear_person(self) -> None:
        self.blockSignals(True)
        self.clear()
        self.blockSignals(False)
        self.label = ""
        self._set(None, emit=False)

    def _set(self, person_id: int | None, problem: str = "", *, emit: bool = True) -> None:
        self.setProperty("invalid", bool(problem))
        self.setStyleSheet("QLineEdit { border: 1px solid #c0392b; }" if problem else "")
        self.setToolTip(problem or HINT)
        if person_id == self.person_id:
            return
        self.person_id = person_id
        if emit:
            self.person_changed.emit(person_id or 0)
