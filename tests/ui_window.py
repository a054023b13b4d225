"""The main window as the UI tests open and close it, and answers to its questions."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.domain import ledger_import
from desktop.store import Store
from desktop.ui import ledgers
from desktop.ui.app import configure_application_identity
from desktop.ui.main_window import MainWindow


class Answers:
    """Stands in for the confirmation and error dialogs; records what was asked."""

    def __init__(self) -> None:
        self.answer = True
        self.asked: list[str] = []
        self.errors: list[BaseException] = []

    def confirm(self, _parent: QWidget | None, _title: str, text: str) -> bool:
        self.asked.append(text)
        return self.answer

    def report(self, _parent: QWidget | None, exc: BaseException) -> None:
        self.errors.append(exc)


def open_window(qtbot: QtBot, store: Store, **options: Any) -> MainWindow:
    """A shown main window with fresh settings (window state from other tests cleared)."""
    configure_application_identity()
    QSettings().clear()
    window = MainWindow(store, **options)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.settled)  # painted, then its first page built
    return window


def close_window(qtbot: QtBot, window: MainWindow) -> None:
    """Let background work end before the store closes under it."""
    window.work.cancel_all()
    qtbot.waitUntil(lambda: not window.work.busy, timeout=5000)


def answered_window(qtbot: QtBot, store: Store, answers: Answers) -> Iterator[MainWindow]:
    """For a `window` fixture: its questions go to `answers`, no drafts offered, closed after."""
    window = open_window(
        qtbot, store, confirm=answers.confirm, report_error=answers.report, offer_drafts=False
    )
    yield window
    close_window(qtbot, window)


def wait_plan(qtbot: QtBot, dialog: ledgers.LedgerImportDialog) -> ledger_import.ImportPlan:
    """The import dialog's plan, once its background read and check have finished."""
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    assert dialog.plan is not None
    return dialog.plan


def screenshot_app(system_palette: QPalette | None = None) -> QApplication:
    """The application as desktop.ui.app.run sets it up, for the screenshot scripts (run
    under Xvfb); `system_palette` stands for the desktop's colours before the program's."""
    from desktop.ui.fonts import ensure_cjk_font
    from desktop.ui.palette import use_light_palette

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application_identity()
    ensure_cjk_font(app)
    if system_palette is not None:
        app.setPalette(system_palette)
    use_light_palette(app)
    return app


def save_screenshot(widget: QWidget, name: str) -> Path:
    """docs/screenshots/<name>.png of the widget as shown."""
    out = Path(__file__).resolve().parent.parent / "docs" / "screenshots" / f"{name}.png"
    widget.grab().save(str(out))
    print(out)
    return out
