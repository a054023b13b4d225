"""One Chinese dialog for an unexpected error in the window: what happened, 复制详细信息,
and where the log is. desktop/ui/error_hook.py puts it behind sys.excepthook; this
module loads with the first error (or the first failed background work).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop import log as applog
from desktop.version import version

TITLE = f"{APP_NAME} — 程序错误"
MESSAGE = (
    "程序出现了意外错误，刚才的操作可能没有完成。已保存的数据不受影响。\n"
    "请点“复制详细信息”，把内容连同日志文件一起发给维护人员。"
)


def details_text(details: str, log_file: Path | None) -> str:
    """What 复制详细信息 puts on the clipboard: version, where the log is, the traceback."""
    where = str(log_file) if log_file is not None else "（未写日志文件）"
    return f"{APP_NAME} {version()}\n日志文件：{where}\n\n{applog.redact(details)}"


class ErrorDialog(QDialog):
    def __init__(self, details: str, log_file: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.text = details_text(details, log_file)
        layout = QVBoxLayout(self)
        message = QLabel(MESSAGE, self)
        message.setWordWrap(True)
        layout.addWidget(message)
        where = str(log_file) if log_file is not None else "本次运行未能写日志文件"
        self.log_label = QLabel(f"日志位置：{where}", self)
        self.log_label.setWordWrap(True)
        from PySide6.QtCore import Qt  # where used: see desktop/ui/__init__.py

        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.log_label)
        self.details = QPlainTextEdit(self.text, self)
        self.details.setReadOnly(True)
        self.details.setMinimumSize(560, 180)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(self)
        self.copy_button = QPushButton("复制详细信息", self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text)
        self.copy_button.setText("已复制")


def show_error_dialog(details: str, log_file: Path | None) -> None:
    parent = QApplication.activeWindow()
    ErrorDialog(details, log_file, parent).exec()
