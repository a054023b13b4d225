"""Small dialogs: confirmations and the read-only record view."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import privacy
from desktop.store import records
from desktop.store.errors import NotFoundError
from desktop.store.kinds import kind

if TYPE_CHECKING:
    from desktop.store.db import Store

Confirm = Callable[[QWidget | None, str, str], bool]


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """The default confirmation: a Yes/No message box with 否 as the default button."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton("确定", QMessageBox.ButtonRole.YesRole)
    no = box.addButton("取消", QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)
    box.exec()
    return box.clickedButton() is yes


def field_text(store: Store, table: str, name: str, value: Any) -> str:
    """A stored value as the clerk reads it (是/否, referenced record's title, ...)."""
    f = kind(table).field(name)
    if value is None or value == "":
        return "—"
    if f.sensitive:  # revealed only in the clue form, by 显示举报人 (audited)
        return privacy.mask(name, value)
    if f.type == "bool":
        return "是" if value else "否"
    if f.type == "money":
        return f"{int(value) / 100:.2f} 元"
    if f.type == "dict_list":
        import json

        return "、".join(json.loads(value))
    if f.type == "ref" and f.ref:
        try:
            return records.title(store, f.ref, records.get(store, f.ref, int(value)))
        except NotFoundError:
            return f"（编号 {value}，已删除）"
    return str(value)


class RecordDialog(QDialog):
    """Every field of a record and of the rows it holds, read-only, with Chinese labels."""

    def __init__(self, store: Store, table: str, record_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        k = kind(table)
        snap = records.snapshot(store, table, record_id)
        self.setWindowTitle(f"{k.label} — {records.title(store, table, snap['row'])}")
        self.resize(640, 720)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self._form(store, table, snap["row"]))
        for child_table, items in snap["children"].items():
            child_kind = kind(child_table)
            for i, child in enumerate(items, start=1):
                box = QGroupBox(f"{child_kind.label}（{i}）")
                inner = QVBoxLayout(box)
                inner.addWidget(self._form(store, child_table, child["row"], skip_ref=table))
                layout.addWidget(box)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll)
        outer.addWidget(buttons)

    def _form(
        self, store: Store, table: str, row: dict[str, Any], skip_ref: str | None = None
    ) -> QWidget:
        widget = QWidget()
        form = QFormLayout(widget)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for f in kind(table).fields:
            if skip_ref and f.type == "ref" and f.ref == skip_ref:
                continue
            value = QLabel(field_text(store, table, f.name, row.get(f.name)))
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{f.label}：", value)
        return widget
