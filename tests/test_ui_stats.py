"""统计汇总 page: the period picker, figures beside the previous year, drill-down to the
records, the editable paragraph and the PDF report (exported and previewed)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QAbstractItemView, QWidget
from pytestqt.qtbot import QtBot
from ui_helpers import TODAY, Seeded, open_store, seed

from desktop.domain import periods, summary
from desktop.store import Store
from desktop.store import records as rec
from desktop.ui.app import configure_application_identity
from desktop.ui.main_window import MainWindow
from desktop.ui.models.base import ID_ROLE
from desktop.ui.models.summary import (
    CHANGE,
    CURRENT,
    LABEL,
    LINE_ROLE,
    PREVIOUS,
    TABLE_ROLE,
    ComparisonModel,
    DrillDownModel,
)
from desktop.ui.pages.stats_page import DrillDownDialog, StatsPage
from desktop.ui.period_picker import ALL, PeriodPicker, phrase_of, quick_choices

Fatal = QAbstractItemModelTester.FailureReportingMode.Fatal


class Errors:
    def __init__(self) -> None:
        self.seen: list[BaseException] = []

    def report(self, _parent: QWidget | None, exc: BaseException) -> None:
        self.seen.append(exc)


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    s = open_store(data_dir)
    s.set_setting("office_name", "城关镇纪委")
    yield s
    s.close()


@pytest.fixture
def seeded(store: Store) -> Seeded:
    data = seed(store)
    # last year: one clue in the same quarter, so the comparison has something on both sides
    rec.insert(
        store,
        "clues",
        {
            "received_date": "2025-02-03",
            "source": "信访举报",
            "summary": "反映城关镇食堂采购不规范",
            "reported_unit_id": data.units["城关镇"],
        },
    )
    return data


@pytest.fixture
def window(qtbot: QtBot, store: Store, seeded: Seeded) -> Iterator[MainWindow]:
    configure_application_identity()
    QSettings().clear()
    errors = Errors()
    w = MainWindow(store, report_error=errors.report, offer_drafts=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    for form in list(w.open_forms):
        form.close()
    w.work.cancel_all()
    qtbot.waitUntil(lambda: not w.work.busy, timeout=5000)
    assert errors.seen == []


def stats_page(window: MainWindow) -> StatsPage:
    page = window.select_page("统计汇总")
    assert isinstance(page, StatsPage)
    return page


def computed(qtbot: QtBot, page: StatsPage, period: str, unit: str | None = None) -> None:
    page.period.set_text(period)
    if unit is not None:
        page.unit.setCurrentIndex(page.unit.findText(unit))
    before = page.result
    page.run_button.click()
    qtbot.waitUntil(lambda: page.result is not before and not page.computing, timeout=10000)


def shown(page: StatsPage, key: str) -> list[str]:
    row = page.model.row_of(key)
    assert row is not None, key
    return [str(page.model.index(row, c).data()) for c in (LABEL, CURRENT, PREVIOUS, CHANGE)]


def double_click(qtbot: QtBot, view: QAbstractItemView, point: QPoint) -> None:
    """As a clerk does it: the first click selects, the second press is the double-click
    (QTest's lone double-click event leaves the view without its pressed index)."""
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


# -- period picker -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026年3月", dt.date(2026, 3, 1), dt.date(2026, 3, 31)),
        ("2026年第一季度", dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        ("2026年上半年", dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
        ("2025年", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("2026年1–4月", dt.date(2026, 1, 1), dt.date(2026, 4, 30)),
        ("2026-01-05至2026-02-10", dt.date(2026, 1, 5), dt.date(2026, 2, 10)),
        ("2026年1-3月（年初至今）", dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
    ],
)
def test_period_picker_reads_what_the_clerk_types(
    qtbot: QtBot, text: str, start: dt.date, end: dt.date
) -> None:
    picker = PeriodPicker(TODAY)
    qtbot.addWidget(picker)
    picker.set_text(text)
    assert picker.period() == (start, end) and picker.is_valid()
    assert picker.start.date().toPython() == start and picker.end.date().toPython() == end
    assert f"{start.year}年{start.month}月{start.day}日至" in picker.hint.text()


def test_period_picker_quick_choices_custom_dates_and_errors(qtbot: QtBot) -> None:
    picker = PeriodPicker(TODAY, allow_all=True)
    qtbot.addWidget(picker)
    assert picker.is_all() and picker.period() is None and picker.is_valid()
    texts = [picker.combo.itemText(i) for i in range(picker.combo.count())]
    assert texts[0] == ALL and "2026年3月（本月）" in texts and "2025年第四季度（上季度）" in texts
    for choice in quick_choices(TODAY):
        periods.parse(phrase_of(choice))  # every quick choice reads back
    picker.combo.setCurrentIndex(next(i for i, t in enumerate(texts) if "年初至今" in t))
    assert picker.period() == (dt.date(2026, 1, 1), TODAY)  # docs/statistics.md §期间
    picker.combo.setCurrentIndex(texts.index("2026年第一季度（本季度）"))
    assert picker.period() == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    # custom dates write the phrase back
    picker.start.setDate(dt.date(2026, 2, 1))
    assert picker.text() == "2026年2-3月"
    picker.end.setDate(dt.date(2026, 3, 10))
    assert picker.text() == "2026年2月1日至2026年3月10日"
    assert picker.period() == (dt.date(2026, 2, 1), dt.date(2026, 3, 10))
    seen: list[int] = []
    picker.changed.connect(lambda: seen.append(1))
    picker.set_text("2026年13月")
    assert seen and not picker.is_valid() and picker.period() is None
    assert "月份应在1到12之间" in picker.hint.text()


# -- models ----------------------------------------------------------------------------


def test_models_pass_the_model_tester(qtbot: QtBot, store: Store, seeded: Seeded) -> None:
    comparison = summary.compare(store, dt.date(2026, 1, 1), dt.date(2026, 3, 31), today=TODAY)
    model = ComparisonModel()
    QAbstractItemModelTester(model, Fatal)
    model.set_comparison(comparison)
    assert model.rowCount() == len(comparison.lines) + len(comparison.sections)
    assert model.headerData(CURRENT, Qt.Orientation.Horizontal) == "本期\n2026年1-3月"
    assert model.headerData(PREVIOUS, Qt.Orientation.Horizontal) == "上年同期\n2025年1-3月"
    assert model.index(0, LABEL).data() == "信访举报和问题线索" and model.is_section(0)
    row = model.row_of("clues_received")
    assert row is not None
    assert model.index(row, CURRENT).data(Qt.ItemDataRole.UserRole) == 3.0
    assert model.index(row, LABEL).data(LINE_ROLE).key == "clues_received"
    rate = model.row_of("closure_rate")
    assert rate is not None and model.drill_at(rate, CURRENT) == ("", None)
    table, drill = model.drill_at(row, PREVIOUS)
    assert table == "clues" and drill is not None and len(drill.ids(store)) == 1
    model.set_comparison(None)
    assert model.rowCount() == 0

    rows = summary.drill_down(store, "clues", comparison.line("clues_received").record_ids(store))
    drill = DrillDownModel()
    QAbstractItemModelTester(drill, Fatal)
    drill.set_rows(rows)
    assert drill.rowCount() == 3
    drill.sort(0, Qt.SortOrder.DescendingOrder)
    assert [drill.index(r, 0).data() for r in range(3)] == [
        "2026-03-15",
        "2026-03-01",
        "2026-01-10",
    ]
    assert drill.index(0, 0).data(TABLE_ROLE) == "clues"
    assert drill.index(2, 0).data(ID_ROLE) == seeded.clues["overdue"]


# -- the page ------------------------------------------------------------------------


def test_figures_beside_the_previous_year(qtbot: QtBot, window: MainWindow) -> None:
    page = stats_page(window)
    computed(qtbot, page, "2026年第一季度")
    assert shown(page, "clues_received") == ["受理问题线索", "3", "1", "+2"]
    assert shown(page, "talks")[1:3] == ["3", "0"]
    assert shown(page, "problems_found")[1] == "4"
    labels = [page.model.index(r, LABEL).data() for r in range(page.model.rowCount())]
    for heading in ("审查调查", "运用监督执纪“四种形态”", "监督检查和整改", "制发文书"):
        assert heading in labels
    assert "2026年第一季度" not in page.status.text() and "2026年1-3月" in page.status.text()
    # one unit
    computed(qtbot, page, "2026年第一季度", unit="区财政局")
    assert shown(page, "clues_received")[1:3] == ["1", "0"]
    assert "区财政局" in page.paragraph.toPlainText()
    page.period.set_text("2026年2月")
    assert "统计条件已更改" in page.status.text()
    # a unit added elsewhere is offered when the page is shown again
    rec.insert(window.store, "units", {"name": "区审计局", "active": 1})
    window.select_page("工作台")
    window.select_page("统计汇总")
    assert page.unit.findText("区审计局") > 0 and page.unit.currentText() == "区财政局"


def test_drill_down_opens_the_records(qtbot: QtBot, window: MainWindow, seeded: Seeded) -> None:
    page = stats_page(window)
    computed(qtbot, page, "2026年1-3月")
    row = page.model.row_of("clues_received")
    assert row is not None
    index = page.model.index(row, CURRENT)
    page.table.scrollTo(index)
    rect = page.table.visualRect(index)
    double_click(qtbot, page.table, rect.center())
    qtbot.waitUntil(lambda: bool(page.drill_dialogs), timeout=5000)
    assert len(page.drill_dialogs) == 1
    dialog = page.drill_dialogs[-1]
    assert isinstance(dialog, DrillDownDialog)
    assert dialog.windowTitle() == "受理问题线索 — 2026年1-3月"
    titles = [dialog.model.index(r, 1).data() for r in range(dialog.model.rowCount())]
    assert titles == ["XS2026-001 反映王芳违规收受礼金", "XS2026-002 反映区财政局公车私用",
                      "XS2026-003 反映村务公开不及时"]  # fmt: skip
    assert dialog.model.index(0, 2).data() == "王芳"
    first = dialog.model.index(0, 1)
    rect = dialog.view.visualRect(first)
    double_click(qtbot, dialog.view, rect.center())
    qtbot.waitUntil(lambda: bool(window.open_forms), timeout=5000)
    form = window.open_forms[-1]
    assert (form.table, form.record_id) == ("clues", seeded.clues["overdue"])
    # the previous year's column drills into last year's records
    page.drill(page.model.index(row, PREVIOUS))
    qtbot.waitUntil(lambda: len(page.drill_dialogs) == 2, timeout=5000)
    last_year = page.drill_dialogs[-1]
    assert last_year.windowTitle() == "受理问题线索 — 2025年1-3月"
    assert last_year.model.index(0, 1).data() == "反映城关镇食堂采购不规范"
    # people figures list the person on the clue
    filed = page.model.row_of("sanctioned")
    assert filed is not None
    page.drill(page.model.index(filed, CURRENT))
    assert "没有记录" in page.status.text()
    rate = page.model.row_of("closure_rate")
    assert rate is not None
    page.drill(page.model.index(rate, CURRENT))
    assert "是比率" in page.status.text()


def test_paragraph_is_editable_and_copyable(qtbot: QtBot, window: MainWindow) -> None:
    page = stats_page(window)
    computed(qtbot, page, "2026年1-3月")
    text = page.paragraph.toPlainText()
    assert text.startswith("2026年1-3月，共受理问题线索3件，处置问题线索2件")
    # no one was dealt with in the period: the clause is left out, not "处理0人次"
    assert "四种形态" not in text and "0人次" not in text and not page.paragraph.isReadOnly()
    assert not page.reset_button.isEnabled()
    page.paragraph.setPlainText("2026年一季度，镇纪委共受理问题线索3件。")
    page.copy_button.click()
    assert QGuiApplication.clipboard().text() == "2026年一季度，镇纪委共受理问题线索3件。"
    assert "已复制" in page.status.text()
    assert page.reset_button.isEnabled()
    page.reset_button.click()
    assert page.paragraph.toPlainText() == text


def test_pdf_report_exported_and_previewed(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    page = stats_page(window)
    assert not page.export_button.isEnabled()
    computed(qtbot, page, "2026年1-3月")
    page.paragraph.setPlainText("经修改的段落：一季度共受理问题线索3件。")
    asked: list[str] = []

    def choose(_parent: QWidget, suggested: str) -> str:
        asked.append(suggested)
        return str(tmp_path / "一季度汇总")

    page.choose_path = choose
    page.export_button.click()
    target = tmp_path / "一季度汇总.pdf"
    qtbot.waitUntil(lambda: "已保存" in page.status.text(), timeout=20000)
    assert asked == ["城关镇纪委2026年1-3月统计汇总.pdf"]
    reader = pypdf.PdfReader(io.BytesIO(target.read_bytes()))
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))
    assert "城关镇纪委2026年1-3月监督执纪工作统计汇总" in text
    assert "经修改的段落：一季度共受理问题线索3件。" in text
    assert list(tmp_path.glob("*.part")) == []
    page.preview_button.click()
    qtbot.waitUntil(lambda: bool(page.previews), timeout=20000)
    preview = page.previews[-1]
    assert preview.page_count() == len(reader.pages)
    assert "统计汇总" in preview.windowTitle()
    preview.close()
