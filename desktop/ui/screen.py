"""Windows that fit the screen they open on: the commonest office monitor is 1366×768 with a
40-pixel taskbar, so a form taller than ~700 pixels would hide 保存/关闭 below it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, QSize, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QScrollArea, QWidget

SMALLEST = QSize(1366, 768)  # the screen every window must fit (self-test checks it)
TASKBAR = 40  # Windows' taskbar at 100 % scaling
FRAME = QSize(16, 40)  # a title bar and borders around the window's own area


def office_screen(size: QSize = SMALLEST) -> QRect:
    """The area a window gets on a screen of `size` whose taskbar is at the bottom."""
    return QRect(0, 0, size.width(), size.height() - TASKBAR)


def available(widget: QWidget | None = None) -> QRect:
    """The part of the widget's screen (or the primary one) windows may use."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else office_screen()


def room(area: QRect) -> QSize:
    """A window's own area inside `area`, leaving room for its frame."""
    return QSize(area.width() - FRAME.width(), area.height() - FRAME.height())


def fit(window: QWidget, width: int, height: int, area: QRect | None = None) -> QSize:
    """Resize `window` to width×height or the screen's room, whichever is smaller."""
    space = room(area if area is not None else available(window))
    size = QSize(min(width, space.width()), min(height, space.height()))
    window.resize(size)
    return size


def place(window: QWidget, area: QRect | None = None) -> None:
    """Move a too-large or off-screen window back inside the area."""
    space = area if area is not None else available(window)
    frame = window.frameGeometry()
    x = min(max(frame.x(), space.x()), max(space.right() - frame.width() + 1, space.x()))
    y = min(max(frame.y(), space.y()), max(space.bottom() - frame.height() + 1, space.y()))
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)


def too_large(window: QWidget, area: QRect) -> str | None:
    """Why `window` cannot be made to fit `area` (its smallest size is larger), or None."""
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    space = room(area)
    if least.width() > space.width() or least.height() > space.height():
        return f"最小 {least.width()}×{least.height()}，超出可用 {space.width()}×{space.height()}"
    return None


def too_wide(body: QWidget, window: QSize) -> str | None:
    """Why a scrolled form would need a horizontal scroll bar in a window this wide."""
    least = body.minimumSizeHint().width()
    if least > window.width() - 40:
        return f"表单最小宽度 {least}，窗口只有 {window.width()}"
    return None


def scrolled(body: QWidget) -> QScrollArea:
    """The form inside a frameless scroll area that takes no Tab stop of its own."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(body)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    from PySide6.QtCore import Qt  # where used: see desktop/ui/__init__.py

    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return scroll


def shrink_into_screen(window: QWidget) -> None:
    """A top-level window larger than its screen's room is shrunk to it and moved inside."""
    from PySide6.QtCore import Qt  # where used: see desktop/ui/__init__.py

    if window.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog):
        shrink_window_into_screen(window)


def shrink_window_into_screen(window: QWidget) -> None:
    """`shrink_into_screen` for a window known to be one (the main window, before its
    first paint: no window type asked, so no `Qt` namespace built)."""
    if not window.isMaximized() and not window.isFullScreen():
        space = available(window)
        inner = room(space)
        size = window.size()
        if size.width() > inner.width() or size.height() > inner.height():
            window.resize(size.boundedTo(inner))
        place(window, space)


class FitOnShow(QObject):
    """Application-wide: every top-level window shown larger than its screen is shrunk to
    the screen's room and moved inside it (dialogs sized for a larger monitor)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            shrink_into_screen(watched)
        return False


def fit_windows_shown_after(window: QWidget) -> None:
    """Install FitOnShow on the application after `window`'s first paint, for as long as
    `window` lives.

    Not before the paint: an application-wide Python event filter makes PySide6 wrap
    every event of every object, and build the Python enum classes of the Qt classes it
    meets so (~100 while the main window is built). `window` fits itself (`fit`); a
    window shown before the paint is fitted with `shrink_into_screen`."""

    def install() -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(FitOnShow(window))  # removed when window goes

    AfterFirstPaint(window, install)


class AfterFirstPaint(QObject):
    """Calls `then` once, from the event loop, after `window`'s first Paint event."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self.then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self.then)  # not if the window is gone by then
        return False
