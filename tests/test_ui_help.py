"""帮助 → 使用手册: F1 opens the manual inside the program, pictures and all."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot
from ui_window import Answers, answered_window

from desktop.documents import manual
from desktop.store import Store
from desktop.ui.help import ManualWindow
from desktop.ui.main_window import MainWindow

# raise() of the manual window, on the offscreen platform that does not do it by design
pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support raise\(\)$")


@pytest.fixture
def window(qtbot: QtBot, store: Store) -> Iterator[MainWindow]:
    yield from answered_window(qtbot, store, Answers())


def test_f1_opens_the_manual_with_its_chapters_and_pictures(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    shown = window.findChild(ManualWindow)
    assert isinstance(shown, ManualWindow)
    qtbot.waitExposed(shown)
    chapters = [shown.chapters.item(i).text() for i in range(shown.chapters.count())]
    assert chapters[0] == "一、第一次使用" and "八、遇到问题怎么办" in chapters
    text = shown.browser.toPlainText()
    assert "查找全部" in text and "从备份恢复" in text
    for block in manual.blocks(manual.source()):
        if block.kind == "image":  # each picture found beside manual.md
            loaded = shown.browser.loadResource(
                QTextDocument.ResourceType.ImageResource, QUrl(block.text)
            )
            assert loaded is not None and not loaded.isNull(), block.text
    bar = shown.browser.verticalScrollBar()
    shown.chapters.setCurrentRow(chapters.index("八、遇到问题怎么办"))
    assert bar.value() > 0  # scrolled down to the chapter
    qtbot.keyClick(window, Qt.Key.Key_F1)  # again: the same window, not a second one
    assert window.findChildren(ManualWindow) == [shown]
    assert window.manual_action.text() == "使用手册"
    shown.close()


def main() -> None:
    """docs/screenshots/manual.png, the manual window as F1 opens it.
    PYTHONPATH=. xvfb-run -a -s "-screen 0 1600x1000x24" python tests/test_ui_help.py"""
    from ui_window import save_screenshot, screenshot_app

    app = screenshot_app()
    shown = ManualWindow()
    shown.show()
    shown.chapters.setCurrentRow(2)  # 三、查找
    app.processEvents()
    save_screenshot(shown, "manual")
    shown.close()


if __name__ == "__main__":
    main()
