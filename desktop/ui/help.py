"""帮助 → 使用手册 (F1): the clerk's manual, rendered from resources/manual/manual.md.

The same Markdown file makes resources/manual/使用手册.pdf (desktop/documents/manual.py),
so the window and the printed manual never say different things.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.documents import manual
from desktop.ui import file_dialogs


class ManualWindow(QDialog):
    """The manual beside a list of its chapters; a chapter clicked is scrolled to."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("manualWindow")
        self.setWindowTitle("清风台账 使用手册")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1100, 720)
        text = manual.source()
        self.chapters = QListWidget(self)
        self.chapters.setObjectName("manualChapters")
        for level, title in manual.headings(text):
            if level == 2:
                self.chapters.addItem(QListWidgetItem(title))
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("manualText")
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(manual.folder())])  # images/… beside manual.md
        self.browser.setMarkdown(text)
        splitter = QSplitter(self)
        splitter.addWidget(self.chapters)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 880])
        self.pdf_button = QPushButton("另存为 PDF…", self)
        self.pdf_button.setToolTip("保存一份可打印的使用手册")
        self.pdf_button.clicked.connect(self.save_pdf)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.chapters.currentTextChanged.connect(self.show_chapter)

    def show_chapter(self, title: str) -> None:
        """Scroll so that the chapter's heading is at the top."""
        found = self.browser.document().find(title, 0, QTextDocument.FindFlag.FindCaseSensitively)
        if found.isNull():
            return
        bar = self.browser.verticalScrollBar()
        bar.setValue(bar.maximum())  # from the bottom, so the heading lands at the top
        found.clearSelection()  # the cursor at the heading, nothing highlighted
        self.browser.setTextCursor(found)
        self.browser.ensureCursorVisible()

    def save_pdf(self) -> str:
        """Copy the shipped PDF manual where the clerk wants it."""
        path = file_dialogs.save_file(self, "保存使用手册", manual.PDF_NAME, "PDF 文件 (*.pdf)")
        if not path:
            return ""
        try:
            Path(path).write_bytes(manual.pdf_path().read_bytes())
        except OSError as exc:
            QMessageBox.warning(
                self, "未能保存", f"使用手册未能保存到 {path}：{exc.strerror or exc}"
            )
            return ""
        return path
