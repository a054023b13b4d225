"""工作台: the action list through the real widgets — items appear as dates pass, clear when
the clerk records the work, and open their records."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_agenda import Clock
from test_ui_forms import User, add_child, choose, click_save, make_window, type_into
from ui_helpers import Seeded

from desktop.queries import desk
from desktop.store import Store
from desktop.store import records as rec
from desktop.ui.forms.record_form import ClueForm, RectificationForm, TalkForm
from desktop.ui.main_window import MainWindow
from desktop.ui.models.agenda import AgendaModel
from desktop.ui.models.base import DUE_SOON, OVERDUE
from desktop.ui.pages.dashboard import DashboardPage


@pytest.fixture
def clock() -> Clock:
    return Clock(dt.date(2026, 3, 16))


@pytest.fixture
def store(data_dir: Path, clock: Clock) -> Iterator[Store]:
    s = Store.open(data_dir, operator="李明", clock=clock)
    yield s
    s.close()


@pytest.fixture
def window(qtbot: QtBot, store: Store, seeded: Seeded) -> Iterator[MainWindow]:
    w = make_window(qtbot, store, User())
    yield w
    for form in list(w.open_forms):
        form.dirty = False
        form.close()
    w.work.cancel_all()
    qtbot.waitUntil(lambda: not w.work.busy, timeout=5000)


def settled(page: DashboardPage) -> DashboardPage:
    """The page once the action list it asked for is shown (read on the worker)."""
    deadline = time.monotonic() + 10
    while page.agenda_pending:
        assert time.monotonic() < deadline, "the action list was not read within 10 s"
        QApplication.processEvents()
        time.sleep(0.002)
    return page


def dashboard(window: MainWindow) -> DashboardPage:
    page = window.pages["工作台"]
    assert isinstance(page, DashboardPage)
    return settled(page)


def shown(page: DashboardPage, section: str | None = None) -> list[str]:
    """The 事项 column of the table, as the clerk sees it with one section chosen."""
    settled(page).select_section(section)
    model = page.table.model()
    return [str(model.index(r, 1).data()) for r in range(model.rowCount())]


def row_due(page: DashboardPage, row: int = 0) -> tuple[str, object]:
    """A row's 时限 text and its colour, as the clerk sees them."""
    model = settled(page).table.model()
    return model.index(row, 4).data(), model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole)


def section_texts(page: DashboardPage) -> list[str]:
    settled(page)
    return [page.sections.item(i).text() for i in range(page.sections.count())]


def test_action_list_sections_and_colours(qtbot: QtBot, window: MainWindow) -> None:
    page = dashboard(window)
    texts = section_texts(page)
    assert texts[0] == "全部待办（3）"
    assert "逾期未整改（1）" in texts and "7日内到期的整改（1）" in texts
    assert "线索办理超时限（1）" in texts and "函询待回复（0）" in texts
    assert page.agenda_box.title() == "待办事项（3）"
    assert shown(page, desk.RECT_OVERDUE) == ["食堂账目不清"]
    assert shown(page, desk.RECT_DUE) == ["公务接待超标"]
    assert shown(page, desk.CLUES) == ["XS2026-002 反映区财政局公车私用"]
    # all of them, most urgent first, red when overdue and amber when due soon
    assert shown(page) == ["食堂账目不清", "XS2026-002 反映区财政局公车私用", "公务接待超标"]
    assert row_due(page) == ("逾期15天", OVERDUE[0])
    assert row_due(page, 2) == ("还有4天", DUE_SOON[0])
    assert page.table.model().index(1, 2).data() == "张伟"


def test_model_contract_and_sorting(qtbot: QtBot, store: Store, seeded: Seeded) -> None:
    model = AgendaModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_agenda(desk.compute(store))
    assert model.rowCount() == 3 and model.columnCount() == 6
    model.sort(1, Qt.SortOrder.AscendingOrder)
    titles = [model.index(r, 1).data() for r in range(3)]
    assert titles == sorted(titles)
    model.sort(3, Qt.SortOrder.DescendingOrder)
    dues = [model.index(r, 3).data(Qt.ItemDataRole.UserRole) for r in range(3)]
    assert dues == ["2026-03-20", "2026-03-19", "2026-03-01"]
    model.show_section(desk.SANCTIONS)
    assert model.rowCount() == 0


def test_items_open_their_records(qtbot: QtBot, window: MainWindow, seeded: Seeded) -> None:
    page = dashboard(window)
    page.select_section(desk.RECT_OVERDUE)
    rect = page.table.model().index(0, 1)
    page.table.setCurrentIndex(rect)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    form = window.open_forms[-1]
    assert isinstance(form, RectificationForm) and form.record_id == seeded.rects["overdue"]
    form.close()
    page.select_section(desk.CLUES)
    rect_view = page.table.visualRect(page.table.model().index(0, 1))
    at = rect_view.center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=at)  # the press
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert window.open_forms[-1].table == "clues"
    assert window.open_forms[-1].record_id == seeded.clues["soon"]


def test_items_appear_as_dates_pass_and_clear_when_done(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seeded, clock: Clock
) -> None:
    page = dashboard(window)
    # an inquiry delivered today: its reply is due in 15 working days, not yet listed
    inquiry = rec.insert(
        store,
        "inquiries",
        {"clue_id": seeded.clues["overdue"], "person_id": seeded.persons["王芳"],
         "sent_date": "2026-03-13", "delivered_date": "2026-03-16", "reply_due": "2026-04-07"},
    )  # fmt: skip
    window.refresh_action.trigger()
    assert shown(page, desk.INQUIRIES) == []

    clock.day = dt.date(2026, 3, 21)  # a Saturday: 公务接待超标 (due 3-20) is now overdue
    window.refresh_action.trigger()
    assert shown(page, desk.RECT_OVERDUE) == ["食堂账目不清", "公务接待超标"]
    assert shown(page, desk.RECT_DUE) == []

    clock.day = dt.date(2026, 4, 1)
    window.refresh_action.trigger()
    assert shown(page, desk.INQUIRIES) == ["XS2026-001 反映王芳违规收受礼金"]
    assert page.table.model().index(0, 2).data() == "王芳"
    rec.update(store, "inquiries", inquiry, {"reply_date": "2026-04-01"})  # saved elsewhere
    window.refresh_action.trigger()
    assert shown(page, desk.INQUIRIES) == []

    # the clerk records that 食堂账目不清 was put right: it leaves the overdue list and
    # waits for its 回头看; the dashboard follows the save without being asked
    window.open_record("rectifications", seeded.rects["overdue"])
    form = window.open_forms[-1]
    assert isinstance(form, RectificationForm)
    choose(form, "status", "已整改待验收")
    add_child(qtbot, form, "rect_progress", {"date": "2026-04-01", "content": "已完成整改"})
    click_save(qtbot, form)
    assert not form.isVisible()
    assert shown(page, desk.RECT_OVERDUE) == ["公务接待超标"]
    assert shown(page, desk.FOLLOWUPS) == []  # 回头看 due 2026-04-16
    clock.day = dt.date(2026, 4, 10)
    window.refresh_action.trigger()
    assert shown(page, desk.FOLLOWUPS) == ["食堂账目不清"]
    assert "待回头看" in str(page.table.model().index(0, 5).data())


def test_deleting_elsewhere_clears_the_dashboard(
    qtbot: QtBot, window: MainWindow, seeded: Seeded
) -> None:
    page = dashboard(window)
    assert shown(page, desk.RECT_DUE) == ["公务接待超标"]
    rects = window.select_page("监督检查与整改")
    rects.search.setText("公务接待")  # type: ignore[attr-defined]
    rects.apply_filters()  # type: ignore[attr-defined]
    rects.view.selectRow(0)  # type: ignore[attr-defined]
    assert window.delete_selected()
    assert shown(page, desk.RECT_DUE) == []


def test_coming_back_to_the_desk_shows_today_and_the_current_limits(
    qtbot: QtBot, window: MainWindow, store: Store, clock: Clock
) -> None:
    page = dashboard(window)
    window.select_page("问题线索")
    clock.day = dt.date(2026, 3, 21)
    store.set_setting("limit.disposition", "3个工作日")  # as on the 设置 page
    window.select_page("工作台")
    assert shown(page, desk.RECT_OVERDUE) == ["食堂账目不清", "公务接待超标"]
    # XS2026-003, received on Sunday 3-15 and not yet disposed of: due 3-18 under 3 days
    assert "XS2026-003 反映村务公开不及时" in shown(page, desk.CLUES)
    assert "2026年" in page.heading.text()


def test_long_sections_say_they_are_cut(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    page = dashboard(window)
    assert page.hint.text().startswith("双击")
    unit = store.scalar("SELECT id FROM units WHERE name = '城关镇'")
    rec.insert(
        store,
        "rectifications",
        {"finding": "档案管理不规范", "found_date": "2026-01-05", "unit_id": unit,
         "deadline": "2026-02-01", "status": "待整改"},
    )  # fmt: skip
    page.row_limit = 1
    window.refresh_action.trigger()
    assert "逾期未整改（2）" in section_texts(page)
    assert shown(page, desk.RECT_OVERDUE) == ["档案管理不规范"]  # the most urgent one
    assert page.hint.text().startswith("“逾期未整改”仅列出最紧迫的1项")


def test_named_report_waits_on_the_desk_until_the_reporter_is_told(
    qtbot: QtBot, window: MainWindow, store: Store, clock: Clock
) -> None:
    page = dashboard(window)
    clue = rec.insert(
        store,
        "clues",
        {"ledger_no": "XS2026-009", "received_date": "2026-02-20", "source": "信访举报",
         "signed": "实名", "reporter_name": "赵敏", "summary": "反映区水务公司违规招标"},
    )  # fmt: skip
    window.refresh_action.trigger()
    assert "实名举报待告知（1）" in section_texts(page)
    assert shown(page, desk.REPORTER) == ["XS2026-009 反映区水务公司违规招标"]
    assert row_due(page) == ("逾期3天", OVERDUE[0])  # 15 working days from 2-20 end on 3-13
    model = page.table.model()
    assert "赵敏" not in " ".join(str(model.index(0, c).data()) for c in range(6))

    window.open_record("clues", clue)
    form = window.open_forms[-1]
    assert isinstance(form, ClueForm)
    type_into(qtbot, form, "reporter_informed_date", "2026-03-16")
    choose(form, "reporter_informed_how", "书面告知")
    click_save(qtbot, form)
    assert not form.isVisible(), form.form_error.text()
    assert shown(page, desk.REPORTER) == []
    assert "实名举报待告知（0）" in section_texts(page)


def test_delegated_talk_waits_on_the_desk_until_held_and_its_record_back(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seeded
) -> None:
    page = dashboard(window)
    clue = rec.insert(
        store,
        "clues",
        {"ledger_no": "XS2026-011", "received_date": "2026-02-27", "source": "信访举报",
         "summary": "反映张伟公车私用", "disposition": "谈话函询",
         "disposition_date": "2026-03-02", "talk_delegated_date": "2026-03-02",
         "talk_delegated_to": "区财政局党组书记"},
        {"clue_persons": [{"person_id": seeded.persons["张伟"]}]},
    )  # fmt: skip
    window.refresh_action.trigger()
    assert "委托谈话待完成（1）" in section_texts(page)
    assert shown(page, desk.DELEGATED) == ["XS2026-011 反映张伟公车私用"]
    assert row_due(page) == ("还有7天", DUE_SOON[0])  # 15 working days from 3-02 end on 3-23

    talk = rec.insert(
        store,
        "talks",
        {"kind": "提醒谈话", "date": "2026-03-13", "reason": "就反映公车私用问题谈话",
         "clue_id": clue},
        {"talk_talkers": [{"name": "区财政局党组书记", "role": "主要负责人"}],
         "talk_subjects": [{"person_id": seeded.persons["张伟"]}]},
    )  # fmt: skip
    window.refresh_action.trigger()
    assert "委托谈话待完成（0）" in section_texts(page)
    assert "谈话记录待报回（1）" in section_texts(page)
    assert shown(page, desk.TALK_RECORD) == ["XS2026-011 就反映公车私用问题谈话"]
    assert page.table.model().index(0, 4).data() == "还有4天"  # 5 working days: 3-20

    window.open_record("talks", talk)
    form = window.open_forms[-1]
    assert isinstance(form, TalkForm)
    type_into(qtbot, form, "record_returned_date", "2026-03-16")
    click_save(qtbot, form)
    assert not form.isVisible(), form.form_error.text()
    assert shown(page, desk.TALK_RECORD) == []
    assert "谈话记录待报回（0）" in section_texts(page)
