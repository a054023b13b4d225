"""The 附件 box of an entry form: the signed talk record scan, a clue's letters, a
rectification's evidence. Files are copied into the data dir (named by SHA-256) by
desktop.store.attachments; adds and removals wait, like the rest of the form, for 保存."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.queries.forms import attachments_of
from desktop.store import attachments, records
from desktop.store.errors import UserError
from desktop.ui import file_dialogs

if TYPE_CHECKING:
    from desktop.store.db import Store

OPENED_DIR = "opened"  # read-only copies handed to the viewer, under their own names
OPENED_KEEP_SECONDS = 24 * 3600

ChooseFiles = Callable[[QWidget], list[str]]
ChooseTarget = Callable[[QWidget, str], str | None]
OpenFile = Callable[[Path], bool]


def choose_files(parent: QWidget) -> list[str]:
    return file_dialogs.open_files(parent, "添加附件")


def choose_target(parent: QWidget, suggested: str) -> str | None:
    return file_dialogs.save_file(parent, "附件另存为", suggested) or None


def open_file(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def size_text(size: int | None) -> str:
    if size is None:
        return "—"
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


@dataclass
class Entry:
    """One line of the box: a stored attachment, or a file waiting for 保存."""

    filename: str
    size: int | None
    added: str  # who and when, as shown
    attachment_id: int | None = None
    source: Path | None = None  # a pending file
    removed: bool = False


class AttachmentPanel(QObject):
    """附件 of one record; `apply(record_id)` writes the pending changes inside the
    caller's transaction, so the record and its attachments are saved together."""

    changed = Signal()

    def __init__(self, store: Store, table: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.store = store
        self.table = table
        self.entries: list[Entry] = []
        self.choose_files: ChooseFiles = choose_files
        self.choose_target: ChooseTarget = choose_target
        self.open_file: OpenFile = open_file

        self.box = QGroupBox("附件", parent)
        self.box.setObjectName("attachmentsBox")
        self.view = QTableWidget(0, 4, self.box)
        self.view.setObjectName("attachments")
        self.view.setHorizontalHeaderLabels(["文件名", "大小", "添加", "状态"])
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.setMinimumHeight(90)
        self.view.setMaximumHeight(160)
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        self.view.itemSelectionChanged.connect(self._enable)

        self.add_button = self._button("attachments_add", "添加…", self.add)
        self.open_button = self._button("attachments_open", "打开", self.open_selected)
        self.save_as_button = self._button("attachments_save", "另存为…", self.save_selected)
        self.remove_button = self._button("attachments_remove", "删除", self.remove_selected)
        self.error = QLabel(self.box)
        self.error.setObjectName("attachments_error")
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        hint = QLabel(
            "如签字的谈话记录扫描件、来信原件、整改佐证材料。文件复制进数据目录保存，保存后生效。"
        )
        hint.setObjectName("attachments_hint")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")

        buttons = QHBoxLayout()
        for b in (self.add_button, self.open_button, self.save_as_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self.box)
        layout.addWidget(hint)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.render()

    def _button(self, name: str, text: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text, self.box)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- contents ---------------------------------------------------------------------

    def load(self, record_id: int | None) -> None:
        self.entries = []
        if record_id is not None:
            for row in attachments_of(self.store, self.table, record_id):
                added = f"{row['added_by'] or ''} {str(row['created_at'])[:16]}".strip()
                self.entries.append(
                    Entry(row["filename"], row["size"], added, attachment_id=row["id"])
                )
        self.render()

    @property
    def pending(self) -> bool:
        return any(e.source is not None or e.removed for e in self.entries)

    def render(self) -> None:
        self.view.setRowCount(len(self.entries))
        for r, e in enumerate(self.entries):
            state = (
                "保存时删除" if e.removed else "保存后添加" if e.source is not None else "已保存"
            )
            for c, text in enumerate((e.filename, size_text(e.size), e.added or "—", state)):
                item = QTableWidgetItem(text)
                if e.removed:
                    font = item.font()
                    font.setStrikeOut(True)
                    item.setFont(font)
                self.view.setItem(r, c, item)
        self._enable()

    def _enable(self) -> None:
        e = self.selected()
        self.open_button.setEnabled(e is not None)
        self.save_as_button.setEnabled(e is not None)
        self.remove_button.setEnabled(e is not None)
        self.remove_button.setText("撤销删除" if e is not None and e.removed else "删除")

    def selected(self) -> Entry | None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            return self.entries[rows[0].row()]
        return self.entries[0] if len(self.entries) == 1 else None

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    # -- actions ----------------------------------------------------------------------

    def add(self) -> None:
        self.show_error("")
        added = False
        for name in self.choose_files(self.box):
            path = Path(name)
            if not path.is_file():
                self.show_error(f"附件：文件不存在或不是普通文件：{path}")
                continue
            self.entries.append(Entry(path.name, path.stat().st_size, "", source=path))
            added = True
        if added:
            self.render()
            self.view.selectRow(len(self.entries) - 1)
            self.changed.emit()

    def remove_selected(self) -> None:
        e = self.selected()
        if e is None:
            return
        if e.source is not None:  # never saved: just forget it
            self.entries.remove(e)
        else:
            e.removed = not e.removed
        self.render()
        self.changed.emit()

    def _content_of(self, e: Entry) -> bytes:
        """The file as the clerk added it (a stored one decrypted when the store is)."""
        if e.source is not None:
            return e.source.read_bytes()
        assert e.attachment_id is not None
        return attachments.content(self.store, e.attachment_id)

    def open_selected(self) -> bool:
        """Hand the viewer a read-only copy under the original name, never the stored
        file itself: a viewer that saves must not change what the hash vouches for."""
        e = self.selected()
        if e is None:
            return False
        self.show_error("")
        try:
            if e.attachment_id is not None:
                attachments.record_view(self.store, e.attachment_id, "打开")
            # a file not yet saved is still the clerk's own: open it where it is
            copy = e.source if e.source is not None else self._opened_copy(e)
        except (OSError, UserError) as exc:
            self.show_error(f"附件“{e.filename}”无法打开：{exc}")
            return False
        if not self.open_file(copy):
            self.show_error(f"没有可以打开“{e.filename}”的程序。可用“另存为…”保存后查看。")
            return False
        return True

    def _opened_copy(self, e: Entry) -> Path:
        # an encrypted store's data dir holds no clear text: its copies go to the temp dir
        base = self.store.path.parent if self.store.key is None else Path(tempfile.gettempdir())
        folder = base / (OPENED_DIR if self.store.key is None else f"qingfeng-{OPENED_DIR}")
        folder.mkdir(exist_ok=True)
        now = time.time()
        for old in folder.glob("*/*"):  # yesterday's copies go
            with contextlib.suppress(OSError):
                if now - old.stat().st_mtime > OPENED_KEEP_SECONDS:
                    os.chmod(old, stat.S_IWRITE | stat.S_IREAD)
                    old.unlink()
                    old.parent.rmdir()
        target = Path(tempfile.mkdtemp(dir=folder)) / Path(e.filename).name
        target.write_bytes(self._content_of(e))
        os.chmod(target, stat.S_IREAD)
        return target

    def save_selected(self) -> bool:
        e = self.selected()
        if e is None:
            return False
        target = self.choose_target(self.box, e.filename)
        if not target:
            return False
        self.show_error("")
        try:
            if e.attachment_id is not None:
                attachments.record_view(self.store, e.attachment_id, "另存为")
            Path(target).write_bytes(self._content_of(e))
        except (OSError, UserError) as exc:
            self.show_error(f"附件“{e.filename}”另存失败：{exc}")
            return False
        return True

    # -- saving (inside the form's transaction) -----------------------------------------

    def apply(self, record_id: int) -> None:
        """Write pending adds and removals; raises UserError (and the caller's
        transaction rolls everything back) when a file can't be stored."""
        for e in self.entries:
            if e.removed and e.attachment_id is not None:
                records.delete(self.store, "attachments", e.attachment_id)
            elif e.source is not None:
                try:
                    attachments.add(self.store, e.source, self.table, record_id)
                except UserError as exc:
                    raise UserError(f"附件“{e.filename}”：{exc}") from exc
