"""Every form and window fits a 1366×768 office screen with its buttons in view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.store import Store
from desktop.ui import screen
from desktop.ui.forms.record_form import form_class
from tests.ui_helpers import Seeded

SMALL = [screen.office_screen(), screen.office_screen(QSize(1280, 720))]
FORMS = ["units", "persons", "talks", "clues", "inquiries", "inspections", "rectifications"]
FORMS += ["proposals", "campaigns", "activities", "bulletins", "accountabilities"]


def _inside(widget: QWidget, window: QWidget) -> bool:
    """The widget is wholly inside the window's own area."""
    top_left = widget.mapTo(window, widget.rect().topLeft())
    return window.rect().contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize("area", SMALL, ids=["1366x768", "1280x720"])
@pytest.mark.parametrize("table", FORMS)
def test_every_record_form_fits_with_its_buttons_visible(
    qtbot: QtBot, store: Store, seeded: Seeded, table: str, area: QRect
) -> None:
    form = form_class(table)(store, table)
    qtbot.addWidget(form)
    size = screen.fit(form, form.width(), 5000, area)
    form.show()
    qtbot.waitExposed(form)
    assert form.size() == size
    space = screen.room(area)
    assert form.width() <= space.width() and form.height() <= space.height()
    assert screen.too_large(form, area) is None
    assert screen.too_wide(form.body, form.size()) is None
    assert _inside(form.save_button, form) and _inside(form.cancel_button, form)
    assert form.save_button.isVisible()


def test_large_windows_are_clamped_to_the_screen(qtbot: QtBot) -> None:
    area = screen.office_screen()
    widget = QWidget()
    qtbot.addWidget(widget)
    assert screen.fit(widget, 1360, 860, area) == QSize(1350, 688)
    assert screen.fit(widget, 600, 400, area) == QSize(600, 400)


def test_a_window_shown_larger_than_its_screen_is_shrunk_and_moved_inside(
    qtbot: QtBot,
) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert app is not None
    fitter = screen.FitOnShow()
    app.installEventFilter(fitter)
    try:
        widget = QWidget()
        qtbot.addWidget(widget)
        widget.resize(5000, 5000)
        widget.move(3000, 3000)
        widget.show()
        qtbot.waitExposed(widget)
        space = screen.available(widget)
        assert widget.width() <= space.width() and widget.height() <= space.height()
        assert space.contains(widget.frameGeometry().topLeft())
    finally:
        app.removeEventFilter(fitter)
