"""廉政档案: a person's and a unit's archive, sanction effect periods, opening rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from test_ui_lists_more import More, seed_more
from ui_helpers import TODAY, open_store, seed
from ui_window import close_window, open_window

from desktop.store import Store
from desktop.ui.main_window import MainWindow
from desktop.ui.models.base import DONE, DUE_SOON, OVERDUE
from desktop.ui.pages.archive_page import IN_EFFECT, ArchiveDialog
from desktop.ui.pages.list_page import ListPage


@pytest.fixture
def more(store: Store) -> More:
    return seed_more(store, seed(store))


def background(dialog: ArchiveDialog, key: str, row: int) -> object:
    return dialog.tables[key].item(row, 0).background().color()


def test_person_archive_lists_clue_talk_and_sanctions(
    qtbot: QtBot, store: Store, more: More
) -> None:
    person = more.base.persons["欧阳明远"]
    dialog = ArchiveDialog(store, "persons", person)
    qtbot.addWidget(dialog)
    assert "欧阳明远" in dialog.heading.text()
    assert dialog.rows_text("talks", 1) == ["诫勉谈话"]
    assert dialog.rows_text("talks", 2) == ["工程款拨付审核不严"]
    assert dialog.rows_text("clues", 0) == ["XS2025-031"]
    assert dialog.rows_text("clues", 4) == ["已结案"]
    outcomes = dialog.rows_text("clues", 5)[0]
    assert "政务警告" in outcomes and "撤职" in outcomes
    # today 2026-03-16: 撤职 (2026-01-20, 24 months) and 政务警告 (2025-10-20, 6 months)
    assert dialog.rows_text("sanctions", 0) == ["撤职", "政务警告"]
    assert dialog.rows_text("sanctions", 4) == ["2028-01-20", "2026-04-20"]
    assert dialog.rows_text("sanctions", 5) == ["影响期内", "影响期内"]
    assert background(dialog, "sanctions", 1) == IN_EFFECT[0]
    assert dialog.rows_text("inquiries", 4) == ["采信了结"]
    assert dialog.groups["sanctions"].title() == "处分及影响期（2）"
    assert dialog.row_target("sanctions", 0) == ("clues", more.base.clues["closed"])


def test_sanction_effect_period_follows_the_clock(data_dir: Path) -> None:
    store = open_store(data_dir)
    more = seed_more(store, seed(store))
    store.close()
    later = Store.open(data_dir, operator="李明", clock=lambda: dt.datetime(2026, 5, 1, 9, 0))
    try:
        dialog = ArchiveDialog(later, "persons", more.base.persons["欧阳明远"])
        assert dialog.rows_text("sanctions", 0) == ["撤职", "政务警告"]
        assert dialog.rows_text("sanctions", 5) == ["影响期内", "影响期已满"]
        assert background(dialog, "sanctions", 1) != IN_EFFECT[0]
        dialog.deleteLater()
    finally:
        later.close()


def test_person_archive_rectifications_they_answer_for(
    qtbot: QtBot, store: Store, more: More
) -> None:
    dialog = ArchiveDialog(store, "persons", more.base.persons["李强"])
    qtbot.addWidget(dialog)
    findings = dialog.rows_text("rectifications", 0)
    assert set(findings) == {"食堂账目不清", "公务接待超标", "资产台账未更新", "会议室私用"}
    wang = ArchiveDialog(store, "persons", more.base.persons["王芳"])
    qtbot.addWidget(wang)
    assert wang.rows_text("rectifications", 0) == []
    assert wang.rows_text("clues", 1) == ["2026-01-10"]
    assert wang.rows_text("talks", 2) == ["节前廉洁提醒"]
    assert background(wang, "inquiries", 0) == OVERDUE[0]


def test_unit_archive_lists_its_records(qtbot: QtBot, store: Store, more: More) -> None:
    unit = more.base.units["城关镇"]
    dialog = ArchiveDialog(store, "units", unit)
    qtbot.addWidget(dialog)
    assert "城关镇" in dialog.heading.text()
    assert set(dialog.rows_text("persons", 0)) == {"王芳", "李强"}
    assert dialog.rows_text("clues", 0) == ["XS2026-001"]
    assert dialog.rows_text("inspections", 3) == ["春节期间纠治四风"]
    rects = dialog.rows_text("rectifications", 0)
    assert rects == ["会议室私用", "食堂账目不清", "公务接待超标"]  # by deadline
    assert dialog.rows_text("rectifications", 4)[1] == "逾期"
    assert background(dialog, "rectifications", 0) != OVERDUE[0]  # 已销号: grey text
    assert dialog.tables["rectifications"].item(0, 0).foreground().color() == DONE[1]
    assert background(dialog, "rectifications", 1) == OVERDUE[0]
    assert background(dialog, "rectifications", 2) == DUE_SOON[0]
    assert dialog.row_target("rectifications", 1) == ("rectifications", more.base.rects["overdue"])


@pytest.fixture
def window(qtbot: QtBot, store: Store, more: More) -> Iterator[MainWindow]:
    w = open_window(qtbot, store, confirm=lambda *_: True, offer_drafts=False)
    yield w
    close_window(qtbot, w)


@pytest.mark.qt_log_ignore(r"^This plugin does not support raise\(\)$")
def test_archive_from_the_persons_list_and_rows_open_records(
    qtbot: QtBot, window: MainWindow, more: More
) -> None:
    page = window.select_page("人员档案")
    assert isinstance(page, ListPage)
    button = window.archives.buttons["persons"]
    assert not button.isEnabled()
    row = next(
        r for r in range(page.model.rowCount()) if page.model.index(r, 0).data() == "欧阳明远"
    )
    page.select_row(row)
    assert button.isEnabled()
    button.click()
    dialog = window.archives.open_dialogs[-1]
    assert dialog.isVisible() and dialog.record_id == more.base.persons["欧阳明远"]
    dialog.tables["clues"].cellDoubleClicked.emit(0, 0)
    form = window.open_forms[-1]
    assert form.table == "clues" and form.record_id == more.base.clues["closed"]
    form.close()
    button.click()  # the same archive is raised, not opened twice
    assert len(window.archives.open_dialogs) == 1
    dialog.close()


def test_ctrl_double_click_opens_a_unit_archive(
    qtbot: QtBot, window: MainWindow, more: More
) -> None:
    page = window.select_page("单位")
    assert isinstance(page, ListPage)
    rect = page.view.visualRect(page.model.index(0, 0))
    point: QPoint = rect.center()
    QTest.mouseDClick(
        page.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        point,
    )
    assert window.archives.open_dialogs, "Ctrl+double-click should open the archive"
    dialog = window.archives.open_dialogs[-1]
    assert dialog.table == "units" and dialog.record_id == page.model.record_id(0)
    assert not window.open_forms  # not the unit's entry form
    dialog.close()


def test_person_archive_embeds_their_timeline(qtbot: QtBot, store: Store, more: More) -> None:
    person = more.base.persons["欧阳明远"]
    dialog = ArchiveDialog(store, "persons", person)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    timeline = dialog.timeline
    assert timeline.fixed_person == person
    assert timeline.person_combo.isHidden() and timeline.unit_combo.isHidden()
    assert timeline.lane_combo.findData("person") == -1  # one person: one lane
    view = timeline.view
    first, last = view.visible_range()  # mostly the past: today near the right edge
    assert (TODAY - first).days > 3 * (last - TODAY).days > 0
    view.refresh_now()
    items = view.visible_items()
    kinds = {i.event.kind for i in items}
    assert {"talk", "clue", "sanction"} <= kinds
    assert all(i.event.person_id == person for i in items if i.event.kind in ("talk", "clue"))
    texts = {i.event.text for i in items}
    assert any("工程款拨付审核不严" in t for t in texts)
    assert not any("节前廉洁提醒" in t for t in texts)  # 王芳's talk
    talk = next(i for i in items if i.event.kind == "talk")
    with qtbot.waitSignal(dialog.open_record, timeout=1000) as blocker:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=talk.rect.center().toPoint())
    assert blocker.args == ["talks", talk.event.rid]


def test_unit_archive_embeds_its_timeline(qtbot: QtBot, store: Store, more: More) -> None:
    unit = more.base.units["城关镇"]
    dialog = ArchiveDialog(store, "units", unit)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    timeline = dialog.timeline
    assert timeline.unit_combo.isHidden() and not timeline.person_combo.isHidden()
    names = [timeline.person_combo.itemText(i) for i in range(timeline.person_combo.count())]
    assert sorted(names) == sorted(["", "王芳", "李强"])  # this unit's people only (全部: empty)
    view = timeline.view
    view.refresh_now()
    items = view.visible_items()
    assert {"deadline", "inspection"} <= {i.event.kind for i in items}
    assert all(i.event.unit_id == unit for i in items if i.event.kind == "deadline")
    assert "春节期间纠治四风" in " ".join(i.event.text for i in items)
    assert more.base.rects["overdue"] in {i.event.rid for i in items if i.event.kind == "deadline"}


@pytest.mark.qt_log_ignore(r"^This plugin does not support raise\(\)$")
def test_archive_timeline_opens_records_and_follows_saves(
    qtbot: QtBot, window: MainWindow, more: More
) -> None:
    from test_ui_forms import click_save, type_into

    dialog = window.archives.open("persons", more.base.persons["欧阳明远"])
    assert dialog is not None
    view = dialog.timeline.view
    view.refresh_now()
    talk = next(i for i in view.visible_items() if i.event.kind == "talk")
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=talk.rect.center().toPoint())
    form = window.open_forms[-1]
    assert form.table == "talks" and form.record_id == talk.event.rid
    type_into(qtbot, form, "date", "2026-02-03")
    click_save(qtbot, form)
    assert not form.isVisible(), form.form_error.text()
    # saved while the archive was open: its timeline shows the talk on the new day
    moved = [i.event for i in view.visible_items() if i.event.rid == talk.event.rid]
    assert [e.start for e in moved if e.kind == "talk"] == [dt.date(2026, 2, 3)]
    assert dialog.rows_text("talks", 0) == ["2026-02-03"]
    dialog.close()
