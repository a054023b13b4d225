"""Readable under a dark system palette: the program sets its own light palette at start.

Run as a script under Xvfb it retakes docs/screenshots/dark_system_palette.png:
    PYTHONPATH=. xvfb-run -a -s "-screen 0 1600x1000x24" python tests/test_ui_palette.py
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from ui_helpers import seed
from ui_window import close_window, open_window

from desktop.store import Store
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.stats_page import StatsPage
from desktop.ui.palette import use_light_palette

sys.path.insert(0, str(Path(__file__).parent))

Role = QPalette.ColorRole
DARK = {
    Role.Window: "#2b2b2b",
    Role.WindowText: "#f0f0f0",
    Role.Base: "#1e1e1e",
    Role.AlternateBase: "#262626",
    Role.Text: "#f0f0f0",
    Role.Button: "#353535",
    Role.ButtonText: "#f0f0f0",
    Role.PlaceholderText: "#a0a0a0",
}


def dark_palette() -> QPalette:
    """What Windows' dark mode or a dark Linux theme hands the program."""
    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(role, QColor(colour))
    return palette


def luminance(image: QImage, step: int = 2) -> tuple[int, int]:
    """(background, darkest) grey level of a widget's picture: its commonest level and the
    darkest ink on it."""
    levels: Counter[int] = Counter()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            levels[QColor(image.pixel(x, y)).lightness()] += 1
    return levels.most_common(1)[0][0], min(levels)


def readable(widget: QWidget) -> tuple[int, int]:
    background, ink = luminance(widget.grab().toImage())
    assert background >= 200, f"{widget.objectName()}: background too dark ({background})"
    assert background - ink >= 120, f"{widget.objectName()}: text too faint ({ink})"
    return background, ink


@pytest.fixture
def dark_desktop(qtbot: QtBot) -> Iterator[QApplication]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    app.setPalette(dark_palette())  # the desktop's scheme, before the program starts
    use_light_palette(app)  # what desktop.ui.app.run does at start
    yield app
    app.setPalette(before)


def stats_window(qtbot: QtBot, store: Store) -> tuple[MainWindow, StatsPage]:
    seed(store)
    window = open_window(qtbot, store, offer_drafts=False)
    page = window.select_page("统计汇总")
    assert isinstance(page, StatsPage)
    before = page.result
    page.run_button.click()
    qtbot.waitUntil(lambda: page.result is not before and not page.computing, timeout=10000)
    return window, page


def test_sidebar_headers_and_paragraph_read_dark_on_light(
    qtbot: QtBot, store: Store, dark_desktop: QApplication
) -> None:
    assert dark_desktop.palette().color(Role.Text).lightness() < 80
    window, page = stats_window(qtbot, store)
    try:
        readable(window.sidebar)
        readable(page.table.horizontalHeader())
        assert page.paragraph.toPlainText()  # the summary paragraph is there to read
        readable(page.paragraph)
    finally:
        close_window(qtbot, window)


def main() -> None:
    """Screenshot of the 统计汇总 page under a dark desktop palette, for docs/."""
    import tempfile
    import time

    from ui_helpers import open_store
    from ui_window import save_screenshot, screenshot_app

    app = screenshot_app(dark_palette())
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "data")
        seed(store)
        window = MainWindow(store, offer_drafts=False)
        window.resize(1360, 860)
        window.show()
        page = window.select_page("统计汇总")
        assert isinstance(page, StatsPage)
        page.run_button.click()
        deadline = time.monotonic() + 20
        while (page.result is None or page.computing) and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.02)
        app.processEvents()
        save_screenshot(window, "dark_system_palette")
        window.work.cancel_all()
        window.close()
        store.close()


if __name__ == "__main__":
    main()
