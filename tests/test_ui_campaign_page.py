"""The 专项工作 page (issue #15): everything linked to one campaign, its figures over its
period and its paragraph; rows open their records. Records made in the test."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.queries import campaign_view
from desktop.store import Store, records
from desktop.ui.pages.campaign_page import CampaignDialog, CampaignPages
from tests.campaign_office import make_office

TODAY = dt.datetime(2026, 12, 1, 9, 0)


@pytest.fixture
def office(data_dir: Path) -> Iterator[tuple[Store, dict[str, int]]]:
    store = Store.open(data_dir, operator="测试", clock=lambda: TODAY)
    ids = make_office(store)
    yield store, ids
    store.close()


def test_the_view_lists_what_belongs_to_the_campaign(
    office: tuple[Store, dict[str, int]],
) -> None:
    store, ids = office
    view = campaign_view.campaign_view(store, ids["festival"], TODAY.date())
    rows = {s.key: len(s.rows) for s in view.sections}
    # 4 inspections; the 2 items found by the first; its 5 documents (the voided 督办函
    # shown as such); the 警示片; the 典型案例通报; 王芳's 诫勉 through the item
    assert rows == {
        "inspections": 4,
        "rectifications": 2,
        "clues": 0,
        "activities": 1,
        "bulletins": 1,
        "documents": 4,
        "accountabilities": 1,
        "talks": 0,
    }
    kinds = [r.values["kind"] for r in view.section("documents").rows]
    assert "督办函（已作废）" in kinds
    assert view.section("bulletins").rows[0].values["items"] == 3
    shown = {f.label + f.unit: f.value for f in view.figures}
    assert shown["开展监督检查次"] == 4
    assert shown["制发“两函一书”份"] == 2
    assert shown["通报问题起"] == 3
    assert view.paragraph.startswith(
        "2026年1月1日至2026年12月1日，在元旦、春节节日期间作风专项检查中，开展节日期间检查3次"
    )
    business = campaign_view.campaign_view(store, ids["business"], TODAY.date())
    assert [r.values["summary"] for r in business.section("clues").rows] == ["反映审批拖延"]
    assert [r.values["target"] for r in business.section("accountabilities").rows] == ["赵敏"]


def test_a_campaign_with_nothing_linked_says_so(office: tuple[Store, dict[str, int]]) -> None:
    store, ids = office
    view = campaign_view.campaign_view(store, ids["old"], TODAY.date())
    assert all(not s.rows for s in view.sections)
    assert view.paragraph.endswith("该专项工作无可统计的工作记录。")


@pytest.mark.qt_log_ignore(r"^This plugin does not support raise\(\)$")
def test_dialog_shows_the_campaign_and_rows_open_records(
    qtbot: QtBot, office: tuple[Store, dict[str, int]]
) -> None:
    store, ids = office
    opened: list[tuple[str, int]] = []
    window = QWidget()
    qtbot.addWidget(window)
    pages = CampaignPages(store, window, lambda t, i: opened.append((t, i)))
    dialog = pages.open("campaigns", ids["festival"])
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "专项工作：元旦、春节节日期间作风专项检查"
    assert dialog.paragraph.toPlainText().endswith(
        "制发“两函一书”2份、典型案例通报1期3起，问责1人。"
    )
    assert dialog.rows_text("inspections", 1).count("节日期间检查") == 3
    assert dialog.groups["rectifications"].title() == "整改事项（2）"
    figures = dialog.rows_text_of(dialog.figures, 0)
    assert "开展监督检查" in figures and "制发“两函一书”" in figures
    dialog.tables["activities"].cellDoubleClicked.emit(0, 0)
    assert opened and opened[-1][0] == "activities"
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == dialog.paragraph.toPlainText()
    assert pages.open("campaigns", ids["festival"]) is dialog  # raised, not opened twice
    records.insert(
        store,
        "inspections",
        {"kind": "明察暗访", "theme": "再查", "start_date": "2026-11-01"},
        {"inspection_campaigns": [{"campaign_id": ids["festival"]}]},
    )
    pages.refresh()
    assert dialog.groups["inspections"].title() == "监督检查（5）"
    dialog.close()


def test_dialog_fits_a_small_screen(qtbot: QtBot, office: tuple[Store, dict[str, int]]) -> None:
    store, ids = office
    dialog = CampaignDialog(store, ids["festival"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    screen = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().width() <= screen.width()
    assert dialog.frameGeometry().height() <= screen.height()
