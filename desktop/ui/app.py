"""The Qt application: identity, fonts, the store (opened once here) and the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import APP_ID, APP_NAME, __version__
from desktop.store import Store
from desktop.store.errors import UserError
from desktop.ui.fonts import ensure_cjk_font
from desktop.ui.main_window import MainWindow

ORGANIZATION = "Qingfeng"

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
    ensure_cjk_font(app)
    try:
        store = Store.open(data_dir)
    except UserError as exc:
        QMessageBox.critical(None, f"{APP_NAME} — 无法打开数据", str(exc))
        return 1
    try:
        window = MainWindow(store)
        window.show()
        return app.exec()
    finally:
        store.close()
