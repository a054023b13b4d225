"""备份与恢复 in the window: a backup to any folder (a USB stick) with an optional
passphrase, a restore that shows and verifies what a backup holds before anything
is switched, and the list of automatic backups.

The restore itself is not done here: the dialog hands a `RestoreRequest` up to the
application (`desktop.ui.app.Session`), which closes the window and the store, lets
`restore.restore` put the current data aside, then reopens the store in a new window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.store import access, backup
from desktop.store.errors import UserError
from desktop.ui import file_dialogs
from desktop.ui.dialogs import Confirm, ask
from desktop.ui.security import ERROR_STYLE, OK_STYLE, password_edit

if TYPE_CHECKING:
    from desktop.store.db import Store
    from desktop.ui.work import Work

ChooseFolder = Callable[[QWidget, str], str]  # "" when cancelled
ChooseFile = Callable[[QWidget, str], str]


def choose_folder(parent: QWidget, start: str) -> str:
    return file_dialogs.choose_folder(parent, "选择备份位置（如 U 盘）", start)


def choose_file(parent: QWidget, start: str) -> str:
    return file_dialogs.open_file(
        parent, "选择备份文件", f"清风台账备份 (*{backup.SUFFIX});;所有文件 (*)", start
    )


def _note(text: str) -> QLabel:
    """A grey explanatory line under the controls."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #666;")
    return label


def _message_label() -> QLabel:
    """Where a dialog says how its work went (objectName "message" for the tests)."""
    label = QLabel()
    label.setObjectName("message")
    label.setWordWrap(True)
    return label


def _say(label: QLabel, text: str, style: str) -> None:
    label.setStyleSheet(style)
    label.setText(text)


def _button_row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row


def size_text(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{max(size, 1) / 1024:.0f} KB"


@dataclass(frozen=True)
class RestoreRequest:
    path: Path
    passphrase: str | None
    manifest: dict[str, Any]


class BackupDialog(QDialog):
    """立即备份: folder, optional passphrase (twice, with a strength hint), in the
    background with the usual progress dialog."""

    def __init__(
        self,
        store: Store,
        work: Work,
        parent: QWidget | None = None,
        *,
        pick_folder: ChooseFolder = choose_folder,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.work = work
        self.pick_folder = pick_folder
        self.result_: backup.BackupResult | None = None
        self.setObjectName("backupDialog")
        self.setWindowTitle("立即备份")
        self.resize(560, 320)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "将全部数据（含附件和文书存档）备份为一个文件，可保存到 U 盘等任意文件夹。"
            "备份写完后会回读校验。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        row = QHBoxLayout()
        self.folder = QLineEdit()
        self.folder.setObjectName("folder")
        self.browse = QPushButton("浏览…")
        self.browse.clicked.connect(self.browse_folder)
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        form.addRow("备份位置：", row)
        self.encrypt = QCheckBox("加密备份文件（U 盘丢失时他人无法读取）")
        self.encrypt.setObjectName("encrypt")
        form.addRow("", self.encrypt)
        self.passphrase = password_edit("passphrase")
        self.repeat = password_edit("repeat")
        self.strength = QLabel()
        self.strength.setObjectName("strength")
        self.passphrase.textChanged.connect(lambda t: self.strength.setText(access.strength(t)))
        form.addRow("备份密码：", self.passphrase)
        form.addRow("", self.strength)
        form.addRow("再次输入：", self.repeat)
        layout.addLayout(form)
        self.encrypt.toggled.connect(self._toggle)
        self._toggle(False)
        if store.key is not None:  # an encrypted store's backups always use its passphrase
            self.encrypt.setChecked(True)
            self.encrypt.setEnabled(False)
            self.encrypt.setText("加密备份文件（数据已加密：备份自动用数据口令加密）")
            self._toggle(False)
        layout.addWidget(
            _note("请牢记备份密码：忘记后该备份无法恢复，任何人（包括技术支持）都无法解开。")
        )
        self.message = _message_label()
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message, 1)
        self.start_button = QPushButton("开始备份")
        self.start_button.setObjectName("start")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.close_button = QPushButton("关闭")
        self.close_button.clicked.connect(self.reject)
        layout.addLayout(_button_row(self.start_button, self.close_button))

    def _toggle(self, on: bool) -> None:
        for w in (self.passphrase, self.repeat):
            w.setEnabled(on)
            if not on:
                w.clear()

    def browse_folder(self) -> None:
        folder = self.pick_folder(self, self.folder.text() or str(Path.home()))
        if folder:
            self.folder.setText(folder)

    def _error(self, text: str) -> None:
        _say(self.message, text, ERROR_STYLE)

    def start(self) -> bool:
        """Check the input, then back up in the background; False if refused."""
        text = self.folder.text().strip()
        if not text:
            self._error("备份位置：请选择一个文件夹（如 U 盘）")
            return False
        folder = Path(text)
        if not folder.is_dir():
            self._error(f"备份位置不可用：{folder}。U 盘是否已拔出？请插入后重新选择。")
            return False
        passphrase: str | None = None
        if self.encrypt.isChecked() and self.store.key is None:
            passphrase = self.passphrase.text()
            if not passphrase:
                self._error("备份密码：加密备份需要密码")
                return False
            if passphrase != self.repeat.text():
                self._error("再次输入：两次输入的备份密码不一致")
                return False
        self.start_button.setEnabled(False)
        self.message.setStyleSheet("")
        self.message.setText("正在备份…")

        def run(store: Store, _job: object) -> backup.BackupResult:
            return backup.backup_to(store, folder, passphrase=passphrase)

        self.task = self.work.run(
            run,
            on_success=self._done,
            on_failure=self._failed,
            label="正在备份并校验，请勿拔出 U 盘…",
            cancellable=False,
        )
        return True

    def _done(self, result: backup.BackupResult) -> None:
        self.result_ = result
        self.start_button.setEnabled(True)
        _say(
            self.message,
            f"备份完成并已校验：{result.path}\n大小 {size_text(result.size)}，"
            + ("已加密" if result.encrypted else "未加密"),
            OK_STYLE,
        )

    def _failed(self, exc: BaseException) -> None:
        self.start_button.setEnabled(True)
        if isinstance(exc, UserError):
            self._error(str(exc))
        else:
            self.work.report_error(self, exc)


class RestoreDialog(QDialog):
    """从备份恢复: pick a file, enter its passphrase if it has one, read and verify it,
    see what it holds, confirm; then `chosen` carries the request."""

    chosen = Signal(object)  # RestoreRequest

    def __init__(
        self,
        store: Store,
        work: Work,
        parent: QWidget | None = None,
        *,
        path: Path | None = None,
        pick_file: ChooseFile = choose_file,
        confirm: Confirm = ask,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.work = work
        self.pick_file = pick_file
        self.confirm = confirm
        self.verified: RestoreRequest | None = None
        self.setObjectName("restoreDialog")
        self.setWindowTitle("从备份恢复")
        self.resize(640, 660)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        row = QHBoxLayout()
        self.file = QLineEdit()
        self.file.setObjectName("file")
        self.file.textChanged.connect(lambda _t: self._file_changed())
        self.browse = QPushButton("选择…")
        self.browse.clicked.connect(self.browse_file)
        row.addWidget(self.file, 1)
        row.addWidget(self.browse)
        form.addRow("备份文件：", row)
        self.passphrase = password_edit("passphrase")
        self.passphrase.setPlaceholderText("仅加密的备份需要")
        self.passphrase.textChanged.connect(lambda _t: self._invalidate())
        form.addRow("备份密码：", self.passphrase)
        layout.addLayout(form)
        check_row = QHBoxLayout()
        self.check_button = QPushButton("读取并校验")
        self.check_button.setObjectName("check")
        self.check_button.clicked.connect(self.check)
        check_row.addWidget(self.check_button)
        check_row.addStretch(1)
        layout.addLayout(check_row)
        self.contents = QPlainTextEdit()
        self.contents.setObjectName("contents")
        self.contents.setReadOnly(True)
        self.contents.setPlaceholderText("选择备份文件后点击“读取并校验”，这里会显示备份的内容。")
        layout.addWidget(self.contents, 1)
        self.message = _message_label()
        layout.addWidget(self.message)
        layout.addWidget(
            _note(
                "恢复时，当前数据会原样移到数据目录下的“replaced-时间”文件夹中保留，不会删除；"
                "程序窗口将关闭并用恢复后的数据重新打开。"
            )
        )
        self.restore_button = QPushButton("恢复…")
        self.restore_button.setObjectName("restore")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore)
        self.close_button = QPushButton("关闭")
        self.close_button.clicked.connect(self.reject)
        layout.addLayout(_button_row(self.restore_button, self.close_button))
        if path is not None:
            self.file.setText(str(path))

    def browse_file(self) -> None:
        start = self.file.text() or str(self.store.path.parent / backup.BACKUPS_DIR)
        path = self.pick_file(self, start)
        if path:
            self.file.setText(path)

    def _invalidate(self) -> None:
        self.verified = None
        self.restore_button.setEnabled(False)

    def _file_changed(self) -> None:
        self._invalidate()
        self.contents.clear()
        self.message.clear()
        path = Path(self.file.text().strip())
        try:
            encrypted = path.is_file() and backup.is_encrypted(path)
        except UserError:
            encrypted = False
        self.passphrase.setEnabled(encrypted or not path.is_file())
        if encrypted:
            self.message.setStyleSheet("")
            self.message.setText("该备份已加密，请输入备份密码后读取。")

    def _error(self, text: str) -> None:
        _say(self.message, text, ERROR_STYLE)

    def check(self) -> bool:
        """Verify the whole archive in the background (hashes, database integrity)."""
        self._invalidate()
        text = self.file.text().strip()
        if not text:
            self._error("备份文件：请先选择")
            return False
        path = Path(text)
        if not path.is_file():
            self._error(f"找不到备份文件：{path}。如在 U 盘上，U 盘是否已拔出？")
            return False
        try:
            encrypted = backup.is_encrypted(path)
        except UserError as exc:
            self._error(str(exc))
            return False
        passphrase = self.passphrase.text() if encrypted else None
        if encrypted and not passphrase:
            self._error("备份密码：该备份已加密，请输入密码")
            return False
        scratch = self.store.path.parent
        self.check_button.setEnabled(False)
        self.message.setStyleSheet("")
        self.message.setText("正在读取并校验…")

        def run(_store: Store, _job: object) -> dict[str, Any]:
            return backup.inspect(path, passphrase, scratch=scratch)

        def done(manifest: dict[str, Any]) -> None:
            self.check_button.setEnabled(True)
            lines = backup.describe(manifest)
            lines.append("加密：" + ("是（密码正确）" if encrypted else "否"))
            lines.append(f"文件：{path}（{size_text(path.stat().st_size)}）")
            self.contents.setPlainText("\n".join(lines))
            _say(self.message, "校验通过：备份完整，可以恢复。", OK_STYLE)
            self.verified = RestoreRequest(path, passphrase, manifest)
            self.restore_button.setEnabled(True)

        def failed(exc: BaseException) -> None:
            self.check_button.setEnabled(True)
            if isinstance(exc, backup.PassphraseError):
                self.passphrase.clear()
                self.passphrase.setFocus()
            if isinstance(exc, UserError):
                text = str(exc)
                if isinstance(exc, backup.BackupError) and not path.exists():
                    text = f"读取中备份文件已不可用（U 盘被拔出？）：{path}"
                self._error(text)
            else:
                self.work.report_error(self, exc)

        self.task = self.work.run(
            run, on_success=done, on_failure=failed, label="正在校验备份…", cancellable=False
        )
        return True

    def restore(self) -> bool:
        request = self.verified
        if request is None:
            return False
        when = request.manifest.get("created_at", "未知时间")
        if not self.confirm(
            self,
            "确认恢复",
            f"将用 {when} 的备份替换当前数据。\n\n"
            "当前数据会移到数据目录下的“replaced-时间”文件夹保留，不会删除；"
            "恢复后窗口会关闭并重新打开，未保存的表单请先保存。\n\n是否恢复？",
        ):
            return False
        self.chosen.emit(request)
        self.accept()
        return True


class BackupPanel(QWidget):
    """设置 → 备份与恢复: the two actions and the automatic backups with their dates."""

    restore_requested = Signal(object)  # RestoreRequest

    def __init__(
        self,
        store: Store,
        work: Work,
        parent: QWidget | None = None,
        *,
        pick_folder: ChooseFolder = choose_folder,
        pick_file: ChooseFile = choose_file,
        confirm: Confirm = ask,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.work = work
        self.pick_folder = pick_folder
        self.pick_file = pick_file
        self.confirm = confirm
        self.dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.backup_button = QPushButton("立即备份…")
        self.backup_button.setObjectName("backup_now")
        self.backup_button.clicked.connect(lambda: self.backup_now())
        self.restore_button = QPushButton("从备份恢复…")
        self.restore_button.setObjectName("restore_from")
        self.restore_button.clicked.connect(lambda: self.restore_from())
        top.addWidget(self.backup_button)
        top.addWidget(self.restore_button)
        top.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(
            _note(
                "程序每天第一次启动和退出时自动备份到数据目录下的 backups 文件夹，"
                f"保留最近 {backup.KEEP_DAILY} 天、{backup.KEEP_WEEKLY} 周和 "
                f"{backup.KEEP_MONTHLY} 个月各一份，每份写完都经过完整性检查。"
                "自动备份与数据在同一块磁盘上，请定期“立即备份”到 U 盘。"
            )
        )
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("auto_backups")
        self.table.setHorizontalHeaderLabels(["备份时间", "大小", "文件"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setColumnWidth(0, 170)
        self.table.setColumnWidth(1, 90)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.restore_selected())
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.restore_selected_button = QPushButton("从选中的自动备份恢复…")
        self.restore_selected_button.setObjectName("restore_selected")
        self.restore_selected_button.clicked.connect(lambda: self.restore_selected())
        self.refresh_button = QPushButton("刷新")
        self.refresh_button.clicked.connect(self.refresh)
        bottom.addWidget(self.restore_selected_button)
        bottom.addWidget(self.refresh_button)
        bottom.addStretch(1)
        layout.addLayout(bottom)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def backups_dir(self) -> Path:
        return self.store.path.parent / backup.BACKUPS_DIR

    def refresh(self) -> None:
        found = list(reversed(backup.automatic_backups(self.backups_dir())))
        self.table.setRowCount(len(found))
        for row, (when, path) in enumerate(found):
            try:
                size = size_text(path.stat().st_size)
            except OSError:
                size = "—"
            item = QTableWidgetItem(when.strftime("%Y-%m-%d %H:%M:%S"))
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.table.setItem(row, 0, item)
            self.table.setItem(row, 1, QTableWidgetItem(size))
            self.table.setItem(row, 2, QTableWidgetItem(path.name))
        self.restore_selected_button.setEnabled(bool(found))

    def automatic(self) -> list[tuple[dt.datetime, Path]]:
        return backup.automatic_backups(self.backups_dir())

    def backup_now(self) -> BackupDialog:
        dialog = BackupDialog(self.store, self.work, self, pick_folder=self.pick_folder)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self.refresh())
        self.dialog = dialog
        dialog.open()
        return dialog

    def restore_from(self, path: Path | None = None) -> RestoreDialog:
        dialog = RestoreDialog(
            self.store,
            self.work,
            self,
            path=path,
            pick_file=self.pick_file,
            confirm=self.confirm,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(self.restore_requested)
        self.dialog = dialog
        dialog.open()
        return dialog

    def restore_selected(self) -> RestoreDialog | None:
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else (0 if self.table.rowCount() else -1)
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None:
            return None
        return self.restore_from(Path(str(item.data(Qt.ItemDataRole.UserRole))))
