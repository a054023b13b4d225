"""查找 (Ctrl+K): one box for persons, units and every kind of record.

Type any part of a name, title or ledger number, or a name's pinyin or initials ("zf");
the matches appear grouped by kind (desktop/domain/search.py, the same core as the
`search` command). ↑/↓ move through them, Enter opens the record (a person's or unit's
archive), Esc closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import search

if TYPE_CHECKING:
    from desktop.store.db import Store

TABLE_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
DEBOUNCE_MS = 200
HINT = "输入姓名或其中的字、拼音全拼或首字母（如 zf）、标题、线索编号或文号"


class SearchDialog(QDialog):
    """Emits `open_record(table, id)` for the chosen hit and closes."""

    open_record = Signal(str, int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setObjectName("searchDialog")
        self.setWindowTitle("查找")
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("searchText")
        self.edit.setPlaceholderText(HINT)
        self.edit.setClearButtonEnabled(True)
        self.results = QTreeWidget(self)
        self.results.setObjectName("searchResults")
        self.results.setColumnCount(2)
        self.results.setHeaderLabels(["名称 / 标题", "说明"])
        self.results.setColumnWidth(0, 320)
        self.results.setRootIsDecorated(False)
        self.results.setUniformRowHeights(True)
        self.status = QLabel(HINT, self)
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.edit)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run)
        self.edit.textChanged.connect(lambda _t: self._debounce.start())
        self.edit.returnPressed.connect(self.open_current)
        self.edit.installEventFilter(self)
        self.results.itemActivated.connect(lambda _item, _col: self.open_current())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """↑/↓ in the text box move through the results, so the hands stay on the keys."""
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._step(1 if event.key() == Qt.Key.Key_Down else -1)
                return True
        return super().eventFilter(watched, event)

    def run(self) -> None:
        """Search now (the box waits DEBOUNCE_MS after the last key)."""
        self._debounce.stop()
        text = self.edit.text().strip()
        self.results.clear()
        if not text:
            self.status.setText(HINT)
            return
        groups = search.search(self.store, text)
        count = 0
        for group in groups:
            more = "，仅列出前" + str(len(group.hits)) + "条" if group.more else ""
            head = QTreeWidgetItem(
                [f"{group.label}（{len(group.hits)}{'+' if group.more else ''}）"]
            )
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            head.setToolTip(0, f"{group.label}{more}")
            self.results.addTopLevelItem(head)
            for hit in group.hits:
                item = QTreeWidgetItem(head, [hit.title, hit.detail])
                item.setData(0, TABLE_ROLE, hit.table)
                item.setData(0, ID_ROLE, hit.record_id)
                item.setToolTip(0, hit.title)
                item.setToolTip(1, hit.detail)
                count += 1
            head.setExpanded(True)
        if not groups:
            self.status.setText(f"没有找到与“{text}”相符的记录。")
            return
        self.status.setText(f"找到{count}条（按类别分组）；↑↓ 选择，Enter 打开。")
        self._step(1)

    def hits(self) -> list[QTreeWidgetItem]:
        items: list[QTreeWidgetItem] = []
        for g in range(self.results.topLevelItemCount()):
            head = self.results.topLevelItem(g)
            assert head is not None
            items.extend(c for c in (head.child(i) for i in range(head.childCount())) if c)
        return items

    def _step(self, delta: int) -> None:
        items = self.hits()
        if not items:
            return
        current = self.results.currentItem()
        at = items.index(current) if current in items else -1
        at = 0 if at < 0 else max(0, min(len(items) - 1, at + delta))
        self.results.setCurrentItem(items[at])

    def open_current(self) -> None:
        if self._debounce.isActive():
            self.run()  # Enter right after typing: search first
        item = self.results.currentItem()
        if item is None or item.data(0, TABLE_ROLE) is None:
            return
        self.open_record.emit(str(item.data(0, TABLE_ROLE)), int(item.data(0, ID_ROLE)))
        self.accept()
