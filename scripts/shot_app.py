"""The application every screenshot script starts: the program's identity, no saved
window settings from an earlier run, and the CJK font (named, so a wrong one is seen)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from desktop.ui.app import configure_application_identity
from desktop.ui.fonts import ensure_cjk_font


def start() -> QApplication:
    configure_application_identity()
    app = QApplication(sys.argv[:1])
    QSettings().clear()
    print("font:", ensure_cjk_font(app))
    return app
