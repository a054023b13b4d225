"""帮助 → 关于 (version, data folder, log folder, third-party licences) and
帮助 → 导出诊断信息… (desktop/diagnostics.py, with the self-test run in this window)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME, diagnostics, licenses
from desktop import log as applog
from desktop.store.errors import UserError
from desktop.ui import file_dialogs
from desktop.version import version

AskPath = Callable[[QWidget | None, Path], Path | None]


def _selectable(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class AboutDialog(QDialog):
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"关于{APP_NAME}")
        layout = QVBoxLayout(self)
        self.title = QLabel(f"<b>{APP_NAME}</b> {version()}", self)
        layout.addWidget(self.title)
        layout.addWidget(QLabel("纪检监察工作台账（单机版，离线运行）。", self))
        self.data_label = _selectable(f"数据文件夹：{data_dir}", self)
        self.log_label = _selectable(f"日志文件夹：{applog.log_dir(data_dir)}", self)
        layout.addWidget(self.data_label)
        layout.addWidget(self.log_label)
        layout.addWidget(QLabel("第三方软件许可（随程序分发的开源软件和字体）：", self))
        self.licences = QPlainTextEdit(self)
        self.licences.setReadOnly(True)
        self.licences.setPlainText(licenses.text())
        self.licences.setFont(QFont("monospace"))
        self.licences.setMinimumSize(640, 320)
        layout.addWidget(self.licences)
        buttons = QDialogButtonBox(self)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def show_about(parent: QWidget | None, data_dir: Path) -> None:
    AboutDialog(data_dir, parent).exec()


def self_test_here() -> str:
    """The self-test in this process (the window's Qt), its printed lines."""
    from desktop.ui import selftest

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        failed = selftest.run()
    return f"{out.getvalue()}\n（失败 {failed} 项）\n"


def ask_zip_path(parent: QWidget | None, suggested: Path) -> Path | None:
    path = file_dialogs.save_file(parent, "导出诊断信息", str(suggested), "Zip 压缩文件 (*.zip)")
    if not path:
        return None
    chosen = Path(path)
    return chosen if chosen.suffix.lower() == ".zip" else chosen.with_name(chosen.name + ".zip")


def export_diagnostics(
    parent: QWidget | None,
    data_dir: Path,
    *,
    ask: AskPath | None = None,
    self_test: Callable[[], str] | None = None,
    key: bytes | None = None,
) -> Path | None:
    """Ask where, write the zip, say what it holds. Returns the file, or None."""
    suggested = Path.home() / f"清风台账诊断信息-{dt.date.today():%Y%m%d}.zip"
    out = (ask or ask_zip_path)(parent, suggested)
    if out is None:
        return None
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        diagnostics.write(out, data_dir, self_test=self_test or self_test_here, key=key)
    except (OSError, UserError) as exc:
        QApplication.restoreOverrideCursor()
        QMessageBox.warning(parent, "无法导出诊断信息", f"无法写入“{out}”：{exc}")
        return None
    QApplication.restoreOverrideCursor()
    QMessageBox.information(
        parent,
        "已导出诊断信息",
        f"已导出到：{out}\n\n其中有程序和系统版本、自检与检查结果、日志，"
        "没有台账记录内容和举报人信息，可发给维护人员。",
    )
    return out
