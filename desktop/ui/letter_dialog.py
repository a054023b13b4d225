"""文件 → 制发通用提醒函: a 提醒函 about no record (the reminder before a festival).

The clerk writes the addressee, 事由 and text (or starts from a model text in
resources/templates/samples); 预览 opens the print preview, where 正式制发 numbers and
registers it like every other document.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import resources
from desktop.domain.notice_kinds import REMINDER_LETTER, Letter
from desktop.ui.dialogs import Confirm, ask
from desktop.ui.screen import fit

if TYPE_CHECKING:
    from desktop.store.db import Store

ERROR_STYLE = "color: #c0392b;"
NO_SAMPLE = "（空白）"


def samples() -> dict[str, Path]:
    """Model texts by name (the file name), for the 范文 chooser."""
    folder = resources.resource("templates", "samples")
    return {p.stem: p for p in sorted(folder.glob("*.txt"))}


class LetterDialog(QDialog):
    """主送, 事由, 抄送 and 正文 of a 提醒函（通用）, checked before the preview."""

    def __init__(
        self,
        store: Store,
        preview: Callable[[Letter, QWidget], None],
        parent: QWidget | None = None,
        *,
        confirm: Confirm = ask,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("letterDialog")
        self.setWindowTitle("制发通用提醒函")
        fit(self, 760, 720)
        self.on_preview = preview
        self.confirm = confirm
        self.addressee = QLineEdit()
        self.addressee.setObjectName("addressee")
        self.addressee.setPlaceholderText("如：各乡镇（街道）党（工）委，县直各单位")
        self.matter = QLineEdit()
        self.matter.setObjectName("matter")
        self.matter.setPlaceholderText("如：2027年元旦春节期间严守纪律规矩")
        self.title = QLabel()
        self.title.setObjectName("titlePreview")
        self.matter.textChanged.connect(self._update_title)
        self.cc = QLineEdit(store.setting(f"cc.{REMINDER_LETTER}") or "")
        self.cc.setObjectName("cc")
        self.cc.setPlaceholderText("多个单位用顿号分隔；不需要抄送可留空")
        self.sample = QComboBox()
        self.sample.setObjectName("sample")
        self.samples = samples()
        self.sample.addItems([NO_SAMPLE, *self.samples])
        self.sample.activated.connect(self._use_sample)
        self.content = QPlainTextEdit()
        self.content.setObjectName("content")
        self.content.setPlaceholderText(
            "每行一个自然段；以“一、”开头的段落印成黑体小标题。联系人和联系电话按设置自动印在文末。"
        )
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)

        form = QFormLayout()
        form.addRow("主送：", self.addressee)
        form.addRow("事由：", self.matter)
        form.addRow("", self.title)
        form.addRow("抄送：", self.cc)
        form.addRow("范文：", self.sample)
        buttons = QDialogButtonBox()
        self.preview_button = buttons.addButton("预览…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.preview)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("正文："))
        layout.addWidget(self.content, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._update_title()

    def _update_title(self) -> None:
        matter = self.matter.text().strip() or "……"
        self.title.setText(f"标题：关于{matter}的提醒函")

    def _use_sample(self, index: int) -> None:
        name = self.sample.itemText(index)
        if name == NO_SAMPLE:
            return
        if self.content.toPlainText().strip() and not self.confirm(
            self, "使用范文", f"用范文“{name}”替换已写的正文？"
        ):
            return
        self.content.setPlainText(self.samples[name].read_text(encoding="utf-8").strip())
        if not self.matter.text().strip():
            self.matter.setText(name.replace("廉洁提醒", "严守纪律规矩"))

    def letter(self) -> Letter | None:
        """The letter as written, or None with the first problem shown beside the buttons."""
        for edit, label in ((self.addressee, "主送"), (self.matter, "事由")):
            if not edit.text().strip():
                return self._missing(label, edit)
        if not self.content.toPlainText().strip():
            return self._missing("正文", self.content)
        self.message.clear()
        return Letter(
            addressee=self.addressee.text().strip(),
            matter=self.matter.text().strip(),
            content=self.content.toPlainText(),
            cc=self.cc.text().strip(),
        )

    def _missing(self, label: str, widget: QWidget) -> None:
        self.message.setText(f"{label}：不能为空")
        widget.setFocus()
        return None

    def preview(self) -> None:
        letter = self.letter()
        if letter is not None:
            self.on_preview(letter, self)
