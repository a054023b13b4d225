"""Several record lists on one sidebar page, one tab each (监督检查与整改)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.ui.pages.list_page import ListPage


class ListTabs(QWidget):
    """Tabs of list pages; the main window treats the current tab as the current list."""

    current_changed = Signal()

    def __init__(self, pages: list[tuple[str, ListPage]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_tabs")
        self.lists = [page for _name, page in pages]
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("listTabs")
        self.tabs.setDocumentMode(True)
        for name, page in pages:
            self.tabs.addTab(page, name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.tabs)
        self.tabs.currentChanged.connect(lambda _i: self.current_changed.emit())

    def current_list(self) -> ListPage:
        return self.lists[max(self.tabs.currentIndex(), 0)]

    def show_list(self, table: str) -> ListPage:
        for i, page in enumerate(self.lists):
            if page.model.table == table:
                self.tabs.setCurrentIndex(i)
                return page
        raise KeyError(table)
