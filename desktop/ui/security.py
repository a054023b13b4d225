"""The password prompt, the data passphrase prompt, the lock screen and the password
settings tab; desktop/ui/locking.py asks them at start and runs the idle lock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.store import access, encryption
from desktop.store.errors import UserError

if TYPE_CHECKING:
    from desktop.store.db import Store

ERROR_STYLE = "color: #c0392b;"
OK_STYLE = "color: #2e7d32;"


def password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(128)
    edit.setMinimumWidth(220)
    edit.setMaximumWidth(360)
    return edit


class UnlockDialog(QDialog):
    """Asks the password (at start, or on the lock screen); shows who will be recorded."""

    quit_requested = Signal()  # 退出程序 on the lock screen

    def __init__(self, store: Store, *, locked: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        from PySide6.QtCore import Qt  # where used: see desktop/ui/__init__.py

        self.store = store
        self.locked = locked
        self.setObjectName("lockScreen" if locked else "unlockDialog")
        self.setWindowTitle(f"{APP_NAME} — {'已锁定' if locked else '请输入密码'}")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.setSpacing(12)
        title = QLabel("清风台账已锁定" if locked else "清风台账")
        title.setObjectName("lockTitle")
        title.setStyleSheet("font-size: 18pt; font-weight: bold; color: #8c1d22;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        hint = QLabel(
            "长时间无操作，窗口已锁定，数据已隐藏。请输入开机密码继续。"
            if locked
            else "本台账已设置开机密码，请输入密码后使用。"
        )
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(hint)
        form = QFormLayout()
        self.operator = QLineEdit(store.operator)
        self.operator.setObjectName("operator")
        self.operator.setMaxLength(50)
        self.operator.setToolTip("每次修改都以此姓名记入操作日志")
        self.password = password_edit("password")
        form.addRow("经办人：", self.operator)
        form.addRow("开机密码：", self.password)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.ok_button = QPushButton("解锁" if locked else "进入")
        self.ok_button.setObjectName("ok")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.try_accept)
        buttons.addWidget(self.ok_button)
        self.quit_button = QPushButton("退出程序")
        self.quit_button.setObjectName("quit")
        self.quit_button.clicked.connect(self.quit)
        buttons.addWidget(self.quit_button)
        layout.addLayout(buttons)
        self.attempts = 0
        self.password.setFocus()

    def try_accept(self) -> bool:
        operator = self.operator.text().strip()
        if not operator:
            self.message.setText("经办人：不能为空")
            return False
        if not access.verify(self.store, self.password.text()):
            self.attempts += 1
            self.password.clear()
            self.message.setText(f"密码不正确（第 {self.attempts} 次），请重新输入。")
            return False
        if operator != self.store.operator:
            self.store.operator = operator  # the audit log names who works from now on
            if operator != self.store.setting("operator"):
                self.store.set_setting("operator", operator)
        self.accept()
        return True

    def quit(self) -> None:
        if self.locked:
            self.quit_requested.emit()
        super().reject()

    def reject(self) -> None:
        """Esc or the close box: leaves the program at start; on the lock screen, nothing
        (only the password or 退出程序 leave it)."""
        if not self.locked:
            super().reject()


class PassphraseDialog(QDialog):
    """The data passphrase of an encrypted store, asked before anything is read."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtCore import Qt  # where used: see desktop/ui/__init__.py

        self.path = path
        self.key: bytes | None = None
        self.setObjectName("passphraseDialog")
        self.setWindowTitle(f"{APP_NAME} — 请输入数据口令")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.setSpacing(12)
        hint = QLabel(f"数据文件已加密。请输入数据口令后打开：\n{path.parent}")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        form = QFormLayout()
        self.passphrase = password_edit("passphrase")
        form.addRow("数据口令：", self.passphrase)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.ok_button = QPushButton("打开")
        self.ok_button.setObjectName("ok")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.try_accept)
        buttons.addWidget(self.ok_button)
        quit_button = QPushButton("退出程序")
        quit_button.setObjectName("quit")
        quit_button.clicked.connect(self.reject)
        buttons.addWidget(quit_button)
        layout.addLayout(buttons)
        self.attempts = 0
        self.passphrase.setFocus()

    def try_accept(self) -> bool:
        if not self.passphrase.text():
            self.message.setText("数据口令：不能为空")
            return False
        from PySide6.QtCore import Qt  # where used: see desktop/ui/__init__.py

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # scrypt: about 0.3 s
        try:
            self.key = encryption.unlock(self.path, self.passphrase.text())
        except UserError as exc:
            self.attempts += 1
            self.passphrase.clear()
            wrong = isinstance(exc, encryption.PassphraseError)
            text = f"口令不正确（第 {self.attempts} 次），请重新输入。" if wrong else str(exc)
            self.message.setText(text)
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.passphrase.clear()  # never keep the typed passphrase around
        self.accept()
        return True


class PasswordPanel(QWidget):
    """设置 → 安全: set, change or remove the password; idle minutes before locking."""

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        layout = QVBoxLayout(self)
        self.state = QLabel()
        self.state.setObjectName("password_state")
        layout.addWidget(self.state)
        form = QFormLayout()
        self.current = password_edit("current_password")
        self.new = password_edit("new_password")
        self.repeat = password_edit("repeat_password")
        self.strength = QLabel()
        self.strength.setObjectName("password_strength")
        self.new.textChanged.connect(lambda t: self.strength.setText(access.strength(t)))
        self.operator = QLineEdit(store.operator)
        self.operator.setObjectName("password_operator")
        self.operator.setMaximumWidth(360)
        self.operator.setToolTip("设置密码时确认经办人：每次修改都以此姓名记入操作日志")
        form.addRow("当前密码：", self.current)
        form.addRow("新密码：", self.new)
        form.addRow("", self.strength)
        form.addRow("确认新密码：", self.repeat)
        form.addRow("经办人：", self.operator)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.set_button = QPushButton("设置密码")
        self.set_button.setObjectName("set_password")
        self.set_button.clicked.connect(self.save_password)
        self.remove_button = QPushButton("取消密码")
        self.remove_button.setObjectName("remove_password")
        self.remove_button.clicked.connect(self.remove_password)
        buttons.addWidget(self.set_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        lock_row = QHBoxLayout()
        lock_row.addWidget(QLabel("无操作自动锁定："))
        self.minutes = QSpinBox()
        self.minutes.setObjectName("lock_minutes")
        self.minutes.setRange(0, access.MAX_LOCK_MINUTES)
        self.minutes.setSuffix(" 分钟")
        self.minutes.setSpecialValueText("不自动锁定")
        self.minutes.setValue(access.lock_minutes(store))
        lock_row.addWidget(self.minutes)
        self.minutes_button = QPushButton("保存")
        self.minutes_button.setObjectName("save_lock_minutes")
        self.minutes_button.clicked.connect(self.save_minutes)
        lock_row.addWidget(self.minutes_button)
        lock_row.addStretch(1)
        layout.addLayout(lock_row)
        self.message = QLabel()
        self.message.setObjectName("password_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        note = QLabel(
            "开机密码以 scrypt 散列保存在数据文件中，随备份一起保存；它防止他人在本机打开程序，"
            "但不对数据文件加密。U 盘备份请另设备份密码。忘记密码将无法进入程序，请妥善保管。"
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        layout.addWidget(note)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        on = access.has_password(self.store)
        self.state.setText("已设置开机密码。" if on else "未设置开机密码：任何人都能打开本程序。")
        self.current.setEnabled(on)
        self.remove_button.setEnabled(on)
        self.set_button.setText("修改密码" if on else "设置密码")
        self.minutes.setEnabled(on)
        self.minutes_button.setEnabled(on)
        for edit in (self.current, self.new, self.repeat):
            edit.clear()

    def _show(self, text: str, ok: bool) -> None:
        self.message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.message.setText(text)

    def _run(self, action: Callable[[], str]) -> bool:
        try:
            text = action()
        except UserError as exc:
            self._show(str(exc), False)
            return False
        self.refresh()
        self._show(text, True)
        self.changed.emit()
        return True

    def save_password(self) -> bool:
        operator = self.operator.text().strip()
        if not operator:
            self._show("经办人：不能为空", False)
            return False
        had = access.has_password(self.store)

        def run() -> str:
            current = self.current.text() if had else None
            access.set_password(self.store, current, self.new.text(), self.repeat.text())
            if operator != (self.store.setting("operator") or ""):
                self.store.set_setting("operator", operator)
            self.store.operator = operator
            return "开机密码已修改" if had else "开机密码已设置，下次启动时需输入"

        return self._run(run)

    def remove_password(self) -> bool:
        def run() -> str:
            access.remove_password(self.store, self.current.text())
            return "开机密码已取消"

        return self._run(run)

    def save_minutes(self) -> bool:
        minutes = self.minutes.value()

        def run() -> str:
            access.set_lock_minutes(self.store, minutes)
            return f"无操作 {minutes} 分钟后自动锁定" if minutes else "已关闭自动锁定"

        return self._run(run)

    def closeEvent(self, event: QCloseEvent) -> None:  # never keep typed passwords around
        for edit in (self.current, self.new, self.repeat):
            edit.clear()
        super().closeEvent(event)
