"""Pinyin in the window: 查找全部 (Ctrl+K), the lists' 查找, the pickers, the timeline's person
filter; names sorted by pinyin."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter
from pytestqt.qtbot import QtBot
from test_ui_recycle import Case, open_list, rows
from ui_helpers import Seeded, seed
from ui_window import Answers, close_window, open_window

from desktop.store import Store
from desktop.store import records as rec
from desktop.ui.forms.record_form import DISCARD
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.archive_page import ArchiveDialog
from desktop.ui.pages.person_filter import person_choices
from desktop.ui.search_dialog import SearchDialog
from desktop.ui.timeline import TimelinePage

# The completer's popup asks the offscreen platform for things it does not do by design.
pytestmark = pytest.mark.qt_log_ignore(
    r"^This plugin does not support (raise\(\)|grabbing the keyboard)$"
)


@pytest.fixture
def seeded(store: Store) -> Seeded:
    s = seed(store)  # 王芳 张伟 欧阳明远 芳菲 李强; 城关镇 区财政局 区水务公司
    s.persons["张帆"] = rec.insert(store, "persons", {"name": "张帆", "unit_id": s.units["城关镇"]})
    return s


@pytest.fixture
def window(qtbot: QtBot, store: Store, seeded: Seeded) -> Iterator[MainWindow]:
    answers = Answers()
    w = open_window(
        qtbot,
        store,
        confirm=answers.confirm,
        report_error=answers.report,
        ask_save=lambda *_: DISCARD,  # a picker tried out, then the form closed unsaved
        offer_drafts=False,
    )
    yield w
    close_window(qtbot, w)


def popup_texts(completer: QCompleter) -> list[str]:
    model = completer.completionModel()
    return [str(model.index(r, 0).data()) for r in range(model.rowCount())]


def test_ctrl_k_finds_a_person_by_initials_and_enter_opens_the_archive(
    qtbot: QtBot, window: MainWindow, seeded: Seeded
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(SearchDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.edit, "zf")
    dialog.run()
    heads = [
        dialog.results.topLevelItem(i).text(0) for i in range(dialog.results.topLevelItemCount())
    ]
    assert heads[0] == "人员（1）"
    assert dialog.hits()[0].text(0) == "张帆"
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    archive = window.archives.open_dialogs[-1]
    assert isinstance(archive, ArchiveDialog)
    assert archive.table == "persons" and archive.record_id == seeded.persons["张帆"]
    archive.close()


def test_search_dialog_groups_records_and_opens_a_talk(
    qtbot: QtBot, window: MainWindow, seeded: Seeded
) -> None:
    dialog = window.open_search()
    dialog.edit.setText("wf")  # 王芳: the person, then her talk
    dialog.run()
    heads = [
        dialog.results.topLevelItem(i).text(0) for i in range(dialog.results.topLevelItemCount())
    ]
    assert heads[:2] == ["人员（1）", "谈话记录（1）"]
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Down)
    assert dialog.results.currentItem().data(0, Qt.ItemDataRole.UserRole) == "talks"
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert window.open_forms and window.open_forms[-1].table == "talks"
    dialog = window.open_search()
    dialog.edit.setText("没有这个人")
    dialog.run()
    assert dialog.status.text() == "没有找到与“没有这个人”相符的记录。"
    dialog.close()


def test_list_search_takes_pinyin_and_persons_sort_by_pinyin(window: MainWindow) -> None:
    page = open_list(window, Case("人员档案", "persons", lambda _s, _m: 0, "", ""))
    names = [row.split()[0] for row in rows(page)]  # by pinyin, not by code point
    assert names == ["芳菲", "李强", "欧阳明远", "王芳", "张帆", "张伟"]
    assert page.unit_combo is not None  # the unit filter too (区 before 城 by code point)
    units = [page.unit_combo.itemText(i) for i in range(1, page.unit_combo.count())]
    assert units == ["城关镇", "区财政局", "区水务公司"]
    page.search.setText("zf")
    page.apply_filters()
    assert [row.split()[0] for row in rows(page)] == ["张帆"]
    talks = open_list(window, Case("谈话记录", "talks", lambda _s, _m: 0, "", ""))
    talks.search.setText("wf")
    talks.apply_filters()
    assert len(rows(talks)) == 1


def test_person_filter_suggests_by_initials(store: Store, seeded: Seeded) -> None:
    assert [t for t, _ in person_choices(store, "oymy")] == ["欧阳明远"]
    assert [t for t, _ in person_choices(store, "zhang")] == ["张帆", "张伟"]


def test_unit_picker_of_a_form_completes_initials(
    qtbot: QtBot, window: MainWindow, seeded: Seeded
) -> None:
    form = window.open_form("rectifications")
    assert form is not None
    combo = form.binder.widgets["unit_id"]
    assert isinstance(combo, QComboBox)
    combo.setFocus()
    line = combo.lineEdit()
    qtbot.keyClicks(line, "cgz")
    completer = combo.completer()
    assert popup_texts(completer) == ["城关镇"]
    popup = completer.popup()
    popup.setCurrentIndex(completer.completionModel().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert combo.currentData() == seeded.units["城关镇"]
    assert combo.currentText() == "城关镇"


def test_timeline_person_filter_completes_pinyin(qtbot: QtBot, window: MainWindow) -> None:
    window.select_page("时间线")
    page = window.pages["时间线"]
    assert isinstance(page, TimelinePage)
    combo = page.timeline.person_combo
    names = [combo.itemText(i) for i in range(1, combo.count())]
    assert names.index("李强") < names.index("王芳") < names.index("张帆")  # by pinyin
    combo.setFocus()
    combo.lineEdit().selectAll()  # typed over 全部人员
    qtbot.keyClicks(combo.lineEdit(), "zhangf")
    assert popup_texts(combo.completer()) == ["张帆"]


def main() -> None:
    """docs/screenshots/search.png: 查找全部 over the demo office, a person's initials typed.
    PYTHONPATH=. xvfb-run -a -s "-screen 0 1600x1000x24" python tests/test_ui_search.py"""
    import tempfile
    from pathlib import Path

    from ui_window import save_screenshot, screenshot_app

    from desktop import cli

    app = screenshot_app()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        assert cli.main(["seed-demo", "--data-dir", str(data)]) == 0
        store = Store.open(data)
        window = MainWindow(store, offer_drafts=False)
        window.resize(1360, 860)
        window.show()
        dialog = window.open_search()
        dialog.edit.setText(str(store.scalar("SELECT name_initials FROM persons WHERE id = 27")))
        dialog.run()
        dialog.move(window.geometry().center() - dialog.rect().center())
        app.processEvents()
        save_screenshot(dialog, "search")
        window.work.cancel_all()
        dialog.close()
        window.close()
        store.close()


if __name__ == "__main__":
    main()
