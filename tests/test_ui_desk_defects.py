"""The smaller defects of issue 17, each as the clerk met it (each failed before its fix)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from test_ui_forms import (  # the clerk's helpers and the window fixtures they drive
    add_child,
    choose,
    click_save,
    new_form,
    type_into,
    user,
    w_,
    window,
)

__all__ = ["user", "window"]  # fixtures used by name
from test_ui_timeline import make_page
from ui_helpers import Seeded

from desktop.store import Store
from desktop.store import records as rec
from desktop.store.errors import ValidationError
from desktop.ui.forms.record_form import DISCARD, ClueForm, RectificationForm, form_class
from desktop.ui.ledgers import LedgerExportDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.list_page import ListPage


def test_future_closing_and_decision_dates_are_refused(store: Store, seeded: Seeded) -> None:
    clue = seeded.clues["closed"]  # closed 2026-01-20; today is 2026-03-16
    with pytest.raises(ValidationError, match="结案日期：不能晚于今天（2026-03-16）"):
        rec.update(store, "clues", clue, {"closed_date": "2026-12-31"})
    assert rec.get(store, "clues", clue)["closed_date"] == "2026-01-20"
    person = seeded.persons["欧阳明远"]
    outcome = {"person_id": person, "outcome": "诫勉", "decided_date": "2026-04-01"}
    with pytest.raises(ValidationError, match="决定日期：不能晚于今天"):
        rec.update(store, "clues", clue, {}, {"clue_outcomes": [outcome]})
    outcome["decided_date"] = "2026-03-16"  # today is fine
    rec.update(store, "clues", clue, {}, {"clue_outcomes": [outcome]})


def test_a_future_closing_date_is_named_in_the_form(
    qtbot: QtBot, window: MainWindow, seeded: Seeded
) -> None:
    window.open_record("clues", seeded.clues["closed"])
    form = window.open_forms[-1]
    type_into(qtbot, form, "closed_date", "2026-12-31")
    assert "不能晚于今天" in form.error_text("closed_date")
    assert not form.save_button.isEnabled()


def test_a_new_clue_gets_the_next_number_and_its_time_limit(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    form = new_form(window, "问题线索")
    assert isinstance(form, ClueForm)
    # the seeded clues of 2026 are XS2026-001..003; 处置 within 15 working days of today
    assert w_(form, "ledger_no").text() == "XS2026-004"  # type: ignore[attr-defined]
    assert w_(form, "due_date").text() == "2026-04-07"  # type: ignore[attr-defined]
    type_into(qtbot, form, "received_date", "2025-12-30")  # entered late: follows the date
    assert w_(form, "ledger_no").text() == "XS2025-032"  # type: ignore[attr-defined]
    assert w_(form, "due_date").text() == "2026-01-21"  # type: ignore[attr-defined]
    type_into(qtbot, form, "ledger_no", "信2025-7")  # the clerk's own number stays
    type_into(qtbot, form, "received_date", "2026-03-02")
    assert w_(form, "ledger_no").text() == "信2025-7"  # type: ignore[attr-defined]
    choose(form, "source", "信访举报")
    type_into(qtbot, form, "summary", "反映某站长违规发放补贴")
    click_save(qtbot, form)
    row = rec.get(store, "clues", form.record_id or 0)
    assert (row["ledger_no"], row["due_date"]) == ("信2025-7", "2026-03-23")


def test_an_outcome_names_only_the_clues_reported_persons_decided_on_closing(
    qtbot: QtBot, window: MainWindow, seeded: Seeded
) -> None:
    window.open_record("clues", seeded.clues["closed"])
    form = window.open_forms[-1]
    outcomes = form.children["clue_outcomes"]
    qtbot.mouseClick(outcomes.add_button, Qt.MouseButton.LeftButton)
    dialog = outcomes.dialog
    assert dialog is not None
    combo = dialog.binder.widgets["person_id"]
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == ["", "欧阳明远"]
    assert combo.currentText() == "欧阳明远"  # the only one, already chosen
    assert dialog.binder.raw("decided_date") == "2026-01-20"  # the clue's 结案日期
    choose(dialog, "outcome", "诫勉")
    assert dialog.ok_button.isEnabled()


def test_a_progress_report_moves_the_item_to_in_progress(
    qtbot: QtBot, window: MainWindow, seeded: Seeded
) -> None:
    window.open_record("rectifications", seeded.rects["soon"])  # 待整改
    form = window.open_forms[-1]
    assert isinstance(form, RectificationForm)
    add_child(qtbot, form, "rect_progress", {"content": "已制定整改方案"})
    assert form.binder.raw("status") == "整改中"
    assert form.children["rect_progress"].rows[0]["date"] == "2026-03-16"  # today


def test_closing_without_a_passed_check_names_the_rule(
    qtbot: QtBot, window: MainWindow, seeded: Seeded
) -> None:
    window.open_record("rectifications", seeded.rects["far"])
    form = window.open_forms[-1]
    choose(form, "status", "已销号")
    assert form.error_text("status") == (
        "整改状态：销号前须有一次通过的回头看（检查结果为通过，并附佐证材料）"
    )
    assert form.error_text("closed_date") == ""  # not about the field it keeps closed
    assert not form.save_button.isEnabled()


def test_the_rectification_list_opens_on_the_latest_items(
    window: MainWindow,
) -> None:
    page = window.select_page("监督检查与整改")
    assert isinstance(page, ListPage)
    model = page.model
    assert model.table == "rectifications"
    findings = [model.index(r, 0).data() for r in range(model.rowCount())]
    # latest 整改时限 first: the old 已销号 item (02-01) last, not first
    assert findings == ["资产台账未更新", "公务接待超标", "食堂账目不清", "会议室私用"]


@pytest.mark.qt_log_ignore(r"^This plugin does not support raise\(\)$")
def test_enter_in_the_persons_list_opens_the_archive(
    qtbot: QtBot, window: MainWindow, seeded: Seeded
) -> None:
    page = window.select_page("人员档案")
    assert isinstance(page, ListPage)
    row = next(r for r in range(page.model.rowCount()) if page.model.index(r, 0).data() == "张伟")
    page.select_row(row)
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    dialog = window.archives.open_dialogs[-1]
    assert dialog.isVisible() and dialog.record_id == seeded.persons["张伟"]
    assert not window.open_forms  # not the edit form
    dialog.close()


def test_a_post_shows_its_unit_once(qtbot: QtBot, window: MainWindow) -> None:
    form = new_form(window, "人员档案")
    add_child(qtbot, form, "person_posts", {"unit_id": "城关镇", "post": "科员"})
    add_child(qtbot, form, "person_posts", {"unit_name": "原东关乡", "post": "办事员"})
    table = form.children["person_posts"].table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers.count("单位") == 1 and "单位名称" not in headers
    unit = headers.index("单位")
    assert [table.item(r, unit).text() for r in range(2)] == ["城关镇", "原东关乡"]


def test_the_export_dialog_says_no_dates_for_all(qtbot: QtBot, store: Store) -> None:
    dialog = LedgerExportDialog(store)
    qtbot.addWidget(dialog)
    picker = dialog.period
    assert picker.is_all()
    assert (picker.start.text(), picker.end.text()) == ("不限", "不限")
    picker.end.setDate(QDate(2026, 2, 28))  # one date typed: the other follows
    assert picker.period() == (dt.date(2026, 1, 1), dt.date(2026, 2, 28))


def test_the_timeline_person_filter_is_roomy_and_empty(qtbot: QtBot, store: Store) -> None:
    page = make_page(qtbot, store)
    widget = page.timeline
    combo = widget.person_combo
    assert combo.width() >= 220
    line = combo.lineEdit()
    assert line.text() == "" and line.placeholderText().startswith("全部人员")
    zoom = widget.view.zoom
    line.setFocus()
    qtbot.keyClicks(line, "-")
    assert line.text() == "-" and widget.view.zoom == zoom


def test_a_long_message_gets_the_height_it_needs(qtbot: QtBot, store: Store) -> None:
    form = form_class("talks")(store, "talks", ask_save=lambda *_: DISCARD)
    qtbot.addWidget(form)
    form.resize(700, 700)
    form.show()
    qtbot.waitExposed(form)
    type_into(qtbot, form, "date", "2026-99-99 这是一个很长很长的错误日期文本，用来试换行")
    label = form.binder.errors["date"]
    assert label.isVisible()
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
    below = form.binder.widgets["start_time"]

    def clear_of_the_next_row() -> bool:
        top = below.mapTo(form.body, below.rect().topLeft()).y()
        return label.mapTo(form.body, label.rect().bottomLeft()).y() < top

    qtbot.waitUntil(clear_of_the_next_row)
