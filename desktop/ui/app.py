"""The Qt application and its main window.

The full desk UI comes later; for now the window is a real, empty QMainWindow so that
the start-up path (QApplication, settings identity, window) is exercised end to end.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget

from desktop import APP_ID, APP_NAME, __version__

ORGANIZATION = "Qingfeng"


def configure_application_identity() -> None:
    """Names QSettings and the desktop use; call before the first QSettings()."""
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_ID)
    QCoreApplication.setApplicationVersion(__version__)


class MainWindow(QMainWindow):
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.resize(1200, 800)
        placeholder = QLabel(f"{APP_NAME} {__version__}", self)
        placeholder.setObjectName("placeholder")
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(placeholder)
        self.statusBar().showMessage(f"数据目录：{data_dir}")


def run(data_dir: Path, argv: list[str] | None = None) -> int:
    """Create the QApplication, show the main window and run the event loop."""
    configure_application_identity()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationDisplayName(APP_NAME)
    window = MainWindow(data_dir)
    window.show()
    return app.exec()
