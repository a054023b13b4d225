"""统计汇总 page filtered by 专项工作 and 主题 (docs/statistics.md §筛选): the choices, the
figures and their records, the paragraph, the status line and the PDF report header."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pypdf
import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from ui_helpers import Seeded
from ui_window import Answers, answered_window

from desktop.store import Store
from desktop.store import records as rec
from desktop.ui.main_window import MainWindow
from desktop.ui.models.summary import CURRENT, PREVIOUS
from desktop.ui.pages.stats_page import StatsPage

FESTIVAL = "元旦春节节日期间专项检查"
BUSINESS = "优化营商环境专项监督"


@pytest.fixture
def campaigns(store: Store, seeded: Seeded) -> dict[str, int]:
    """Two campaigns; the festival one covers the seeded clue received 2026-01-10."""
    store.set_setting("office_name", "城关镇纪委")
    ids = {
        name: rec.insert(store, "campaigns", {"name": name, "theme": theme, "start_date": day})
        for name, theme, day in (
            (FESTIVAL, "节日期间", "2026-01-01"),
            (BUSINESS, "营商环境", "2026-03-01"),
        )
    }
    rec.update(
        store,
        "clues",
        seeded.clues["overdue"],
        {},
        children={"clue_campaigns": [{"campaign_id": ids[FESTIVAL]}]},
    )
    return ids


@pytest.fixture
def window(qtbot: QtBot, store: Store, campaigns: dict[str, int]) -> Iterator[MainWindow]:
    answers = Answers()
    yield from answered_window(qtbot, store, answers)
    assert answers.errors == []


def texts(page: StatsPage, name: str) -> list[str]:
    box = page.theme if name == "theme" else page.campaign
    return [box.itemText(i) for i in range(box.count())]


def choose(page: StatsPage, theme: str | None = None, campaign: str | None = None) -> None:
    if theme is not None:
        page.theme.setCurrentIndex(page.theme.findText(theme))
    if campaign is not None:
        page.campaign.setCurrentIndex(page.campaign.findText(campaign))


def run(qtbot: QtBot, page: StatsPage, period: str) -> None:
    page.period.set_text(period)
    before = page.result
    page.run_button.click()
    qtbot.waitUntil(lambda: page.result is not before and not page.computing, timeout=10000)


def value(page: StatsPage, key: str, column: int = CURRENT) -> str:
    row = page.model.row_of(key)
    assert row is not None, key
    return str(page.model.index(row, column).data())


def saving_to(path: Path) -> tuple[list[str], Callable[[QWidget, str], str]]:
    """A save dialog answered with `path`; the list gets the names it suggested."""
    asked: list[str] = []

    def choose(_parent: QWidget, suggested: str) -> str:
        asked.append(suggested)
        return str(path)

    return asked, choose


def stats_page(window: MainWindow) -> StatsPage:
    page = window.select_page("统计汇总")
    assert isinstance(page, StatsPage)
    return page


def test_theme_narrows_the_campaigns_offered(window: MainWindow, store: Store) -> None:
    page = stats_page(window)
    themes = texts(page, "theme")
    assert themes[0] == "全部主题" and {"节日期间", "营商环境", "四风"} <= set(themes)
    assert texts(page, "campaign") == ["全部专项工作", BUSINESS, FESTIVAL]  # latest first
    choose(page, theme="营商环境")
    assert texts(page, "campaign") == ["全部专项工作", BUSINESS]
    choose(page, campaign=BUSINESS)
    choose(page, theme="全部主题")
    assert page.campaign.currentText() == BUSINESS  # kept where it is still offered
    choose(page, theme="节日期间")
    assert page.campaign.currentText() == "全部专项工作"
    # a campaign entered elsewhere is offered when the page comes back
    rec.insert(
        store,
        "campaigns",
        {"name": "中秋国庆专项检查", "theme": "节日期间", "start_date": "2026-09-01"},
    )
    window.select_page("工作台")
    window.select_page("统计汇总")
    assert texts(page, "campaign") == ["全部专项工作", "中秋国庆专项检查", FESTIVAL]
    assert page.theme.currentText() == "节日期间"


def test_figures_records_and_paragraph_of_one_campaign(
    qtbot: QtBot, window: MainWindow, seeded: Seeded
) -> None:
    page = stats_page(window)
    run(qtbot, page, "2026年第一季度")
    assert value(page, "clues_received") == "3"
    choose(page, theme="节日期间", campaign=FESTIVAL)
    assert "统计条件已更改" in page.status.text()
    run(qtbot, page, "2026年第一季度")
    assert (value(page, "clues_received"), value(page, "clues_received", PREVIOUS)) == ("1", "0")
    assert value(page, "talks") == "0"  # the seeded talks are on no clue of the campaign
    assert page.status.text() == f"已统计 2026年1-3月，专项工作：{FESTIVAL}，主题：节日期间"
    assert page.paragraph.toPlainText().startswith(
        f"2026年1-3月，围绕“{FESTIVAL}”，共受理问题线索1件"
    )
    # the records behind the figure: the campaign's clue only
    row = page.model.row_of("clues_received")
    assert row is not None
    page.drill(page.model.index(row, CURRENT))
    qtbot.waitUntil(lambda: bool(page.drill_dialogs), timeout=5000)
    dialog = page.drill_dialogs[-1]
    assert dialog.model.rowCount() == 1
    assert dialog.model.drill_row(0).record_id == seeded.clues["overdue"]  # type: ignore[union-attr]
    dialog.close()
    # a theme none of whose campaigns has records: every figure nought
    choose(page, theme="营商环境")
    run(qtbot, page, "2026年第一季度")
    assert value(page, "clues_received") == "0"
    assert page.paragraph.toPlainText() == "2026年1-3月，围绕营商环境专项工作，无可统计的工作记录。"


def test_report_says_the_campaign(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    page = stats_page(window)
    choose(page, theme="节日期间", campaign=FESTIVAL)
    run(qtbot, page, "2026年第一季度")
    asked, page.choose_path = saving_to(tmp_path / "节日专项")
    page.export_button.click()
    qtbot.waitUntil(lambda: "已保存" in page.status.text(), timeout=20000)
    assert asked == [f"城关镇纪委2026年1-3月{FESTIVAL}统计汇总.pdf"]
    reader = pypdf.PdfReader(io.BytesIO((tmp_path / "节日专项.pdf").read_bytes()))
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))
    assert "统计范围：全部单位" in text
    assert f"专项工作：{FESTIVAL}" in text and "主题：节日期间" in text
    assert f"2026年1-3月，围绕“{FESTIVAL}”，共受理问题线索1件" in text


def test_excel_export_of_the_filtered_figures(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    page = stats_page(window)
    assert not page.excel_button.isEnabled()  # nothing counted yet
    choose(page, theme="节日期间", campaign=FESTIVAL)
    run(qtbot, page, "2026年第一季度")
    page.paragraph.setPlainText("经修改的段落。")
    asked, page.choose_xlsx = saving_to(tmp_path / "节日专项")
    page.excel_button.click()
    qtbot.waitUntil(lambda: "已保存" in page.status.text(), timeout=20000)
    assert asked == [f"城关镇纪委2026年1-3月{FESTIVAL}统计汇总.xlsx"]
    assert page.status.text() == f"统计汇总表已保存到 {tmp_path / '节日专项.xlsx'}"
    ws = load_workbook(tmp_path / "节日专项.xlsx")["统计汇总"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    firsts = [r[0] for r in rows]
    assert f"专项工作：{FESTIVAL}" in firsts
    assert next(r for r in rows if r[0] == "受理问题线索（件）")[1:3] == [1, 0]
    assert "经修改的段落。" in firsts  # the clerk's wording, as in the PDF
    assert list(tmp_path.glob("*.part")) == []
