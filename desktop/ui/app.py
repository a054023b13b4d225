"""The Qt application: identity, fonts, the store (opened once here) and the main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import APP_ID, APP_NAME, __version__, resources
from desktop.store import Store, backup, lock
from desktop.store.errors import UserError
from desktop.ui.fonts import ensure_cjk_font
from desktop.ui.main_window import MainWindow

ORGANIZATION = "Qingfeng"
log = logging.getLogger(__name__)

__all__ = ["ORGANIZATION", "MainWindow", "configure_application_identity", "run"]


def configure_application_identity() -> None:
    """Names QSettings and the desktop use; call before the first QSettings()."""
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_ID)
    QCoreApplication.setApplicationVersion(__version__)


def run(data_dir: Path, argv: list[str] | None = None) -> int:
    """Create the QApplication, open the store once, show the main window, run."""
    configure_application_identity()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationDisplayName(APP_NAME)
    app.setWindowIcon(QIcon(str(resources.resource("icons", "qingfeng.png"))))
    ensure_cjk_font(app)
    try:
        held = lock.acquire(data_dir)  # one window per data dir
    except UserError as exc:
        QMessageBox.warning(None, f"{APP_NAME} — 数据正在使用", str(exc))
        return 1
    try:
        if not recover_if_damaged(data_dir):
            return 1
        try:
            store = Store.open(data_dir)
        except UserError as exc:
            QMessageBox.critical(None, f"{APP_NAME} — 无法打开数据", str(exc))
            return 1
        try:
            _backup_quietly(store, replace_today=False)  # at most daily
            window = MainWindow(store)
            window.show()
            code = app.exec()
            _backup_quietly(store, replace_today=True)  # the day's archive holds today's work
            return code
        finally:
            store.close()
    finally:
        held.release()


def recover_if_damaged(data_dir: Path) -> bool:
    """A store that fails its check is explained, kept aside and, if the clerk agrees,
    replaced by the newest good backup. Returns False when the clerk declines to go on."""
    found = backup.diagnose(data_dir)
    if found is None:
        return True
    if found.backup is None:
        QMessageBox.critical(None, f"{APP_NAME} — 数据文件异常", found.message)
        return False
    lines = "\n".join(backup.describe(found.manifest)) if found.manifest else str(found.backup)
    answer = QMessageBox.question(
        None,
        f"{APP_NAME} — 数据文件异常",
        f"{found.message}\n\n可从最近一次完好的备份恢复：\n{lines}\n\n"
        "恢复前，当前数据文件会原样移到数据目录下的“replaced-时间”文件夹中保留。是否恢复？",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        result = backup.restore(found.backup, data_dir)
    except UserError as exc:
        QMessageBox.critical(None, f"{APP_NAME} — 恢复失败", str(exc))
        return False
    QMessageBox.information(None, APP_NAME, f"已从备份恢复。原数据保留在：{result.replaced}")
    return True


def _backup_quietly(store: Store, *, replace_today: bool) -> None:
    """Automatic backups must never stop the clerk from working; failures are logged."""
    try:
        backup.automatic(store, replace_today=replace_today)
    except UserError as exc:
        log.warning("automatic backup failed: %s", exc)
