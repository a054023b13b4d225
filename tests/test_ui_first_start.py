"""First start on an empty ledger: the guided start, 新建 from the desk, 所在单位 required."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from test_ui_forms import choose, click_save, new_form, type_into, user, window
from ui_window import close_window, open_window

from desktop.store import Store
from desktop.store import records as rec
from desktop.ui.first_start import FirstStartDialog, needs_first_start
from desktop.ui.main_window import MainWindow

__all__ = ["user", "window"]  # fixtures used by name


@pytest.fixture
def empty_window(qtbot: QtBot, store: Store) -> Iterator[MainWindow]:
    w = open_window(qtbot, store, offer_drafts=False)
    yield w
    close_window(qtbot, w)


def test_the_guided_start_writes_office_units_and_persons(qtbot: QtBot, store: Store) -> None:
    assert needs_first_start(store)
    imported: list[bool] = []
    dialog = FirstStartDialog(store, import_ledger=lambda: imported.append(True))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.office["office_name"].setText("")
    dialog.next_button.click()
    assert dialog.error.text() == "单位名称（发文机关）：必须填写"
    dialog.office["office_name"].setText("清河县纪委监委")
    dialog.office["office_short"].setText("清纪")
    dialog.office["contact_person"].setText("王文")
    dialog.next_button.click()
    assert dialog.steps.currentIndex() == 1 and dialog.next_button.text() == "完成"
    dialog.import_button.click()  # the import of existing ledgers is offered
    assert imported == [True]
    dialog.units.setPlainText("城关镇\n县财政局\n")
    dialog.persons.setPlainText("王芳 城关镇\n张伟 县水务局\n")
    dialog.next_button.click()
    assert dialog.error.text() == "人员第2行：没有名为“县水务局”的单位，请先在上面的单位中填写"
    assert needs_first_start(store)  # nothing half-written
    assert store.setting("office_name") != "清河县纪委监委"
    dialog.persons.setPlainText("王芳 城关镇\n张伟，县财政局\n")
    dialog.next_button.click()
    assert dialog.result() == FirstStartDialog.DialogCode.Accepted
    assert (store.setting("office_name"), store.setting("office_short")) == (
        "清河县纪委监委",
        "清纪",
    )
    people = store.query(
        "SELECT p.name, u.name AS unit FROM persons p"
        " JOIN units u ON u.id = p.unit_id ORDER BY p.id"
    )
    assert [(p["name"], p["unit"]) for p in people] == [("王芳", "城关镇"), ("张伟", "县财政局")]
    assert not needs_first_start(store)


def test_the_guided_start_can_be_skipped(qtbot: QtBot, store: Store) -> None:
    dialog = FirstStartDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.skip_button.click()
    assert dialog.result() == FirstStartDialog.DialogCode.Rejected
    assert needs_first_start(store)  # offered again next time


@pytest.mark.qt_log_ignore(
    r"^This plugin does not support raise\(\)$",
    r"^This plugin does not support grabbing the keyboard$",
)  # the menu popping up on the offscreen platform
def test_new_works_from_the_desk(qtbot: QtBot, empty_window: MainWindow) -> None:
    empty_window.select_page("工作台")
    assert empty_window.new_action.isEnabled()
    empty_window.new_action.trigger()
    menu = empty_window.new_menu
    labels = [a.text() for a in menu.actions()]
    assert labels[:3] == ["新建谈话记录", "新建问题线索", "新建整改事项"]
    menu.actions()[labels.index("新建单位")].trigger()
    form = empty_window.open_forms[-1]
    assert form.table == "units" and form.isVisible()
    form.close()


def test_a_person_needs_a_unit_but_old_ones_still_open(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    form = new_form(window, "人员档案")
    type_into(qtbot, form, "name", "孙丽")
    assert form.error_text("unit_id").startswith("所在单位：必须填写")
    assert not form.save_button.isEnabled()
    choose(form, "unit_id", "城关镇")
    click_save(qtbot, form)
    assert not form.isVisible()
    # a person from before (or from an import) without a unit is kept and opens as it is
    old = rec.insert(store, "persons", {"name": "赵敏"})
    window.open_record("persons", old)
    form = window.open_forms[-1]
    assert form.error_text("unit_id").startswith("所在单位：必须填写")
    assert rec.get(store, "persons", old)["unit_id"] is None
    form.close()


def test_a_unit_picker_creates_the_missing_unit(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    form = new_form(window, "人员档案")
    type_into(qtbot, form, "name", "孙丽")
    form.binder.ask_unit = lambda _parent, suggested: "县审计局"
    combo = form.binder.widgets["unit_id"]
    assert isinstance(combo, QComboBox)
    assert combo.itemText(combo.count() - 1) == "新建单位…"
    combo.setCurrentIndex(combo.count() - 1)
    unit = store.scalar("SELECT id FROM units WHERE name = '县审计局'")
    assert unit is not None and form.binder.raw("unit_id") == unit
    assert combo.currentText() == "县审计局"
    click_save(qtbot, form)
    assert store.scalar("SELECT unit_id FROM persons WHERE name = '孙丽'") == unit
