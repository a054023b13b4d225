"""设置 → 文书模板: the office edits the wording of its documents in the application.

The edited text is kept in the store (settings ``template.<name>``), not in the program's
folder: it survives an upgrade, travels with backups and every change is audited. Issued
documents are stored PDFs and never change; a new wording applies from the next one.
Parsing, checking and previewing load reportlab, so they run on the worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop import resources
from desktop.domain.notice_kinds import WORDING_KEY, WORDINGS, office_wordings
from desktop.store.errors import UserError

if TYPE_CHECKING:
    from desktop.store.db import Store
    from desktop.ui.print_preview import PrintPreviewDialog
    from desktop.ui.work import Work

Confirm = Callable[[QWidget, str, str], bool]  # (parent, title, text)

ERROR_STYLE = "color: #c0392b;"
DONE_STYLE = "color: #2e7d32;"
EDITED = "（已修改）"


def confirm(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


def _shipped(name: str) -> str:
    from desktop.documents.templates import shipped_text

    return shipped_text(name)


def _checked(name: str, text: str) -> Any:
    """The sample notice of `text`, or a UserError saying what is wrong with it."""
    from desktop.documents.templates import check

    try:
        return check(name, text)
    except ValueError as exc:
        raise UserError(str(exc)) from exc


class WordingEditor(QWidget):
    """Template list, the text of the chosen one, and 预览 / 保存 / 恢复默认."""

    def __init__(
        self,
        store: Store,
        work: Work,
        parent: QWidget | None = None,
        *,
        ask: Confirm = confirm,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.work = work
        self.ask = ask
        self.loaded = ""  # the text as last read or saved: edits are compared with it
        self.current: str | None = None
        self.previews: list[PrintPreviewDialog] = []

        self.names = QListWidget()
        self.names.setObjectName("wordingNames")
        self.names.setMaximumWidth(220)
        self.state = QLabel()
        self.state.setObjectName("wordingState")
        self.state.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("wordingText")
        self.editor.setFont(QFont(self.editor.font().family(), 11))
        self.editor.textChanged.connect(self._update_buttons)
        self.message = QLabel()
        self.message.setObjectName("wordingMessage")
        self.message.setWordWrap(True)
        self.preview_button = QPushButton("预览…")
        self.save_button = QPushButton("保存")
        self.reset_button = QPushButton("恢复默认")
        self.preview_button.clicked.connect(self.preview)
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self.reset)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for button in (self.preview_button, self.reset_button, self.save_button):
            buttons.addWidget(button)
        middle = QWidget()
        column = QVBoxLayout(middle)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.state)
        column.addWidget(self.editor, 1)
        column.addLayout(buttons)
        help_view = QTextBrowser()
        help_view.setObjectName("wordingHelp")
        help_view.setMarkdown(
            resources.resource("templates", "_说明.md").read_text(encoding="utf-8")
        )
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.names)
        splitter.addWidget(middle)
        splitter.addWidget(help_view)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "在此修改各类文书的措辞。修改保存在本单位的台账数据中（随备份一并保存），"
                "只影响此后制发的文书；已制发的文书按存档原样重新打印，不受影响。"
            )
        )
        layout.addWidget(splitter, 1)
        self.names.currentRowChanged.connect(self._row_changed)
        self.reload_names()

    # -- state ------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self.current is not None and self.editor.toPlainText() != self.loaded

    def refresh(self) -> None:
        """Re-read the list and, unless the clerk is editing, the text shown."""
        if not self.dirty:
            self.current = None
        self.reload_names()

    def reload_names(self) -> None:
        edited = office_wordings(self.store)
        row = max(self.names.currentRow(), 0)
        self.names.blockSignals(True)
        self.names.clear()
        for name in WORDINGS:
            self.names.addItem(name + (EDITED if name in edited else ""))
        self.names.blockSignals(False)
        self.names.setCurrentRow(row)
        if self.current is None:
            self._row_changed(row)

    def _row_changed(self, row: int) -> None:
        name = WORDINGS[row] if 0 <= row < len(WORDINGS) else None
        if name == self.current:
            return
        if self.dirty and not self.ask(
            self, "放弃修改", f"“{self.current}”的修改尚未保存，是否放弃这些修改？"
        ):
            self.names.blockSignals(True)
            self.names.setCurrentRow(WORDINGS.index(self.current or WORDINGS[0]))
            self.names.blockSignals(False)
            return
        self.current = name
        self.message.clear()
        if name is not None:
            self.load(name)

    def load(self, name: str) -> None:
        """Show the office's text of `name`, or the shipped one (read on the worker)."""
        own = office_wordings(self.store).get(name)
        if own is not None:
            self._show(name, own, "本单位修改的模板")
            return
        self.editor.setEnabled(False)
        self.state.setText(f"{name}：正在读取…")

        def shown(text: str) -> None:
            if self.current == name:
                self._show(name, text, "程序自带的默认模板")

        self.work.run(lambda _s, _j: _shipped(name), on_success=shown, label="正在读取模板…")

    def _show(self, name: str, text: str, where: str) -> None:
        self.loaded = text
        self.editor.setPlainText(text)
        self.editor.setEnabled(True)
        self.state.setText(f"{name}：{where}")
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self.current is not None and self.editor.isEnabled()
        edited = self.current in office_wordings(self.store) if self.current else False
        self.save_button.setEnabled(ready and self.dirty)
        self.preview_button.setEnabled(ready)
        self.reset_button.setEnabled(ready and (edited or self.dirty))

    def _say(self, text: str, style: str) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)

    # -- actions ----------------------------------------------------------------------

    def save(self) -> None:
        """Check the text with sample values on the worker; store it only if it passes."""
        name, text = self.current, self.editor.toPlainText()
        if name is None:
            return

        def saved(_notice: object) -> None:
            self.store.set_setting(WORDING_KEY + name, text, f"{name}模板（本单位修改）")
            self.loaded = text
            self._mark(name)
            self.state.setText(f"{name}：本单位修改的模板")
            self._say(f"已保存：此后制发的{name.split('（')[0]}使用修改后的措辞。", DONE_STYLE)

        self.work.run(
            lambda _s, _j: _checked(name, text),
            on_success=saved,
            on_failure=lambda exc: self._failed(exc, "模板有误，未保存："),
            label="正在检查模板…",
        )

    def reset(self) -> None:
        """Back to the shipped wording (the office's text is kept in the audit log)."""
        name = self.current
        if name is None or not self.ask(
            self,
            "恢复默认",
            f"将“{name}”恢复为程序自带的默认模板，本单位的修改将不再使用。是否继续？",
        ):
            return
        if name in office_wordings(self.store):
            self.store.set_setting(WORDING_KEY + name, "")
        self._mark(name)
        self.loaded = ""  # whatever is on screen is discarded
        self.editor.setPlainText("")
        self.load(name)
        self._say("已恢复默认模板。", DONE_STYLE)

    def preview(self) -> None:
        """The text on screen, filled with made-up values, in the print preview."""
        name, text = self.current, self.editor.toPlainText()
        if name is None:
            return

        def render(_s: Store, _j: object) -> bytes:
            from desktop.documents import render as render_pdf

            return render_pdf(_checked(name, text))

        def shown(pdf: bytes) -> None:
            from desktop.ui.print_preview import PrintPreviewDialog

            dialog = PrintPreviewDialog(
                pdf, f"{name}（模板预览，示例内容）", self, status="示例内容，仅供查看版式和措辞"
            )
            self.previews.append(dialog)
            dialog.finished.connect(lambda _r: self.previews.remove(dialog))
            dialog.show()
            self.message.clear()

        self.work.run(
            render,
            on_success=shown,
            on_failure=lambda exc: self._failed(exc, "模板有误，无法预览："),
            label="正在生成预览…",
        )

    def _failed(self, exc: BaseException, what: str) -> None:
        if isinstance(exc, UserError):
            self._say(what + str(exc), ERROR_STYLE)
        else:  # a bug, not the clerk's text
            self.work.report_error(self, exc)

    def _mark(self, name: str) -> None:
        item = self.names.item(WORDINGS.index(name))
        item.setText(name + (EDITED if name in office_wordings(self.store) else ""))
        self._update_buttons()
