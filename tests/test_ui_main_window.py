"""The main window: pages, lists, delete to the recycle bin and restore, shortcuts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot
from ui_helpers import Seeded
from ui_window import Answers, close_window, open_window

from desktop.store import Store, UserError
from desktop.store import records as rec
from desktop.ui.app import configure_application_identity
from desktop.ui.dialogs import RecordDialog
from desktop.ui.main_window import PAGES, MainWindow
from desktop.ui.models.lists import PersonsModel
from desktop.ui.pages.dashboard import DashboardPage
from desktop.ui.pages.list_page import ListPage
from desktop.ui.pages.recycle import RecyclePage
from desktop.ui.pages.stats_page import StatsPage


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def window(qtbot: QtBot, store: Store, seeded: Seeded, answers: Answers) -> MainWindow:
    w = open_window(qtbot, store, confirm=answers.confirm, report_error=answers.report)
    yield w
    close_window(qtbot, w)


def test_window_builds_with_all_sidebar_pages(qtbot: QtBot, window: MainWindow) -> None:
    assert window.windowTitle() == "清风台账"
    assert [window.sidebar.item(i).text() for i in range(window.sidebar.count())] == list(PAGES)
    assert len(PAGES) == 12
    for i, name in enumerate(PAGES):
        window.sidebar.setCurrentRow(i)
        assert window.stack.currentWidget() is window.pages[name]
        page = window.pages[name]
        if isinstance(page, ListPage):
            assert window.count_label.text() == f"共 {page.model.rowCount()} 条"
    assert str(window.store.path.parent) in window.statusBar().currentMessage()


def test_dashboard_shows_figures_and_deadlines(qtbot: QtBot, window: MainWindow) -> None:
    page = window.pages["工作台"]
    assert isinstance(page, DashboardPage)
    qtbot.waitUntil(lambda: page.values["clues_received"].text() != "—", timeout=5000)
    assert page.values["clues_received"].text() == "3"
    assert page.values["rate"].text() == "25%"
    assert "2026年" in page.heading.text()
    qtbot.waitUntil(lambda: not page.agenda_pending, timeout=10000)  # read on the worker
    page.select_section("rect_overdue")
    model = page.table.model()
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=10000)
    assert model.index(0, 1).data() == "食堂账目不清"
    page.select_section("rect_due")
    assert model.rowCount() == 1 and model.index(0, 1).data() == "公务接待超标"
    seen: list[tuple[str, int]] = []
    page.open_record.connect(lambda t, i: seen.append((t, i)))
    page.table.doubleClicked.emit(model.index(0, 1))
    assert seen and seen[0][0] == "rectifications"


def test_list_shows_records_and_opens_detail(
    qtbot: QtBot, window: MainWindow, seeded: Seeded
) -> None:
    page = window.select_page("人员档案")
    assert isinstance(page, ListPage)
    assert page.model.rowCount() == 5
    assert window.count_label.text() == "共 5 条"
    page.search.setText("芳")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=2000)  # debounced
    assert window.count_label.text() == "共 2 条"
    page.view.selectRow(0)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)  # persons: Enter opens the archive
    assert len(window.archives.open_dialogs) == 1 and not window.open_forms
    window.archives.open_dialogs[0].close()
    window.open_action.trigger()  # 打开 (and double-click) opens the entry form for editing
    assert len(window.open_forms) == 1
    form = window.open_forms[0]
    assert "人员" in form.windowTitle()
    form.close()
    # kinds without a form (documents are issued, not typed in) keep the read-only view
    docs = window.select_page("文书登记")
    assert isinstance(docs, ListPage)
    docs.view.selectRow(0)
    docs.open_selected()
    assert len(window.open_dialogs) == 1
    dialog = window.open_dialogs[0]
    assert isinstance(dialog, RecordDialog)
    assert "文书" in dialog.windowTitle()
    dialog.close()


def test_filters_combo_and_dates(qtbot: QtBot, window: MainWindow) -> None:
    page = window.select_page("问题线索")
    assert isinstance(page, ListPage)
    assert page.status_combo is not None and page.kind_combo is not None
    assert page.unit_combo is not None and page.date_check is not None
    page.status_combo.setCurrentIndex(page.status_combo.findData("已结案"))
    assert page.model.rowCount() == 1
    page.reset_filters()
    assert page.model.rowCount() == 4
    page.date_check.setChecked(True)  # this year only: 2026-01-01 .. today
    assert page.model.rowCount() == 3


def test_delete_moves_to_recycle_bin_and_restore_puts_it_back(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seeded, answers: Answers
) -> None:
    page = window.select_page("谈话记录")
    assert isinstance(page, ListPage)
    assert page.model.rowCount() == 3
    page.view.selectRow(0)
    talk_id = page.selected_id()
    before = rec.snapshot(store, "talks", talk_id)
    assert window.delete_action.isEnabled()
    answers.answer = False
    window.delete_action.trigger()
    assert page.model.rowCount() == 3 and len(answers.asked) == 1
    answers.answer = True
    page.view.selectRow(0)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)  # the shortcut, as the clerk presses it
    assert page.model.rowCount() == 2
    assert "移入回收站" in answers.asked[-1]

    bin_page = window.select_page("回收站")
    assert isinstance(bin_page, RecyclePage)
    assert bin_page.model.rowCount() == 1
    assert bin_page.model.index(0, 2).data() == "李明"
    assert window.count_label.text() == "共 1 条"
    assert not window.delete_action.isEnabled()
    bin_page.view.selectRow(0)
    assert bin_page.restore_button.isEnabled()
    bin_page.restore_button.click()
    assert bin_page.model.rowCount() == 0
    assert page.model.rowCount() == 3
    assert rec.snapshot(store, "talks", talk_id) == before
    assert answers.errors == []


def test_delete_refused_shows_user_error(
    qtbot: QtBot, window: MainWindow, store: Store, answers: Answers
) -> None:
    page = window.select_page("单位")
    assert isinstance(page, ListPage)
    page.view.selectRow(0)  # every unit has persons: the delete is refused
    assert window.delete_selected() is False
    assert len(answers.errors) == 1 and isinstance(answers.errors[0], UserError)
    assert "不能删除" in str(answers.errors[0])


def test_restore_conflict_shows_user_error(
    qtbot: QtBot, window: MainWindow, store: Store, answers: Answers
) -> None:
    rec.insert(store, "units", {"name": "临时专班"})
    page = window.select_page("单位")
    assert isinstance(page, ListPage)
    page.refresh()
    page.search.setText("临时专班")
    page.apply_filters()
    page.view.selectRow(0)
    assert window.delete_selected()
    rec.insert(store, "units", {"name": "临时专班"})  # the name is taken again
    bin_page = window.select_page("回收站")
    assert isinstance(bin_page, RecyclePage)
    bin_page.view.selectRow(0)
    assert bin_page.restore_selected() is False
    assert answers.errors and "同名单位" in str(answers.errors[0])
    assert bin_page.model.rowCount() == 1


def test_shortcuts_on_actions(window: MainWindow) -> None:
    def keys(action: object) -> str:
        return action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)  # type: ignore[attr-defined]

    assert keys(window.new_action) == "Ctrl+N"
    assert keys(window.save_action) == "Ctrl+S"
    assert keys(window.find_action) == "Ctrl+F"
    assert keys(window.print_action) == "Ctrl+P"
    assert keys(window.delete_action) == "Del"
    # no target yet: disabled, not fake (新建 on the desk offers a menu of kinds)
    assert window.new_action.isEnabled() == window.on_desk()
    assert not window.save_action.isEnabled()
    assert not window.print_action.isEnabled()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["文件(&F)", "编辑(&E)", "查看(&V)", "帮助(&H)"]


def test_ctrl_f_focuses_search(qtbot: QtBot, window: MainWindow) -> None:
    page = window.select_page("问题线索")
    assert isinstance(page, ListPage)
    window.find_action.trigger()
    assert page.search.hasFocus()


def test_stats_page_computes(qtbot: QtBot, window: MainWindow) -> None:
    page = window.select_page("统计汇总")
    assert isinstance(page, StatsPage)
    page.run_button.click()
    qtbot.waitUntil(lambda: page.result is not None, timeout=5000)
    assert page.model.rowCount() > 20
    assert "受理问题线索3件" in page.paragraph.toPlainText()


def test_timeline_opens_the_underlying_record(qtbot: QtBot, window: MainWindow) -> None:
    from desktop.ui.timeline import TimelinePage

    page = window.select_page("时间线")
    assert isinstance(page, TimelinePage)
    page.view.set_zoom(3)
    page.view.refresh_now()
    items = [i for i in page.view.visible_items() if i.event.kind == "clue"]
    assert items
    seen: list[tuple[str, int]] = []
    page.open_record.connect(lambda t, i: seen.append((t, i)))
    qtbot.mouseClick(page.view, Qt.MouseButton.LeftButton, pos=items[0].rect.center().toPoint())
    assert seen == [("clues", items[0].event.rid)]


def test_layout_is_remembered(qtbot: QtBot, store: Store, seeded: Seeded, answers: Answers) -> None:
    configure_application_identity()
    QSettings().clear()
    first = MainWindow(store, confirm=answers.confirm, report_error=answers.report)
    qtbot.addWidget(first)
    page = first.pages["人员档案"]
    assert isinstance(page, ListPage)
    page.view.setColumnWidth(0, 222)
    page.view.sortByColumn(PersonsModel.UNIT, Qt.SortOrder.DescendingOrder)
    first.splitter.setSizes([230, 1000])
    first.close()
    qtbot.waitUntil(lambda: not first.work.busy, timeout=5000)
    second = MainWindow(store, confirm=answers.confirm, report_error=answers.report)
    qtbot.addWidget(second)
    again = second.pages["人员档案"]
    assert isinstance(again, ListPage)
    assert again.view.columnWidth(0) == 222
    assert again.model.sort_column == PersonsModel.UNIT
    assert again.model.sort_order == Qt.SortOrder.DescendingOrder
    qtbot.waitUntil(lambda: not second.work.busy, timeout=5000)
