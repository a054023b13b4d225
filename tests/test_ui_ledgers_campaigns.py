"""导出台账 / 导入台账 offer 监督检查台账 and 工作活动台账; the import shows the clerk which
rows make which inspection before anything is written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from ledger_office import office_inspections
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot
from ui_window import Answers, answered_window, wait_plan

from desktop.store import Store
from desktop.ui import ledgers
from desktop.ui.main_window import MainWindow


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def window(qtbot: QtBot, store: Store, answers: Answers) -> Iterator[MainWindow]:
    yield from answered_window(qtbot, store, answers)


def test_the_dialogs_offer_the_new_ledgers(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledgers, "choose_xlsx_to_save", lambda _p, _s: str(tmp_path / "活动"))
    dialog = window.export_ledger()
    titles = [dialog.kind.itemText(i) for i in range(dialog.kind.count())]
    assert titles[-5:] == ["监督检查台账", "工作活动台账", "专项工作台账", "问责台账", "通报台账"]
    dialog.kind.setCurrentIndex(dialog.kind.findData("工作活动"))
    assert dialog.period.isEnabled() and not dialog.reveal.isEnabled()
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "已导出" in window.statusBar().currentMessage(), timeout=10000)
    ws = load_workbook(tmp_path / "活动.xlsx").active
    assert ws is not None and ws["A1"].value == "工作活动台账"
    importing = window.import_ledger()
    kinds = [importing.kind.itemText(i) for i in range(importing.kind.count())]
    assert kinds[-5:] == ["监督检查台账", "工作活动台账", "专项工作台账", "问责台账", "通报台账"]
    importing.close()


def test_the_import_shows_the_inspections_the_rows_make(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    answers: Answers,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = office_inspections(tmp_path / "检查台账.xlsx")
    monkeypatch.setattr(ledgers, "choose_xlsx_to_open", lambda _parent: str(source))
    monkeypatch.setattr(ledgers, "choose_xlsx_to_save", lambda _p, _s: str(tmp_path / "未导入"))
    dialog = window.import_ledger()
    dialog.browse()
    wait_plan(qtbot, dialog)
    assert dialog.kind.currentText() == "监督检查台账"  # from the file's title
    assert not dialog.tabs.isTabVisible(7)  # 检查类型 must be chosen first
    (key,) = dialog.value_boxes
    assert key == ("inspection_kind", "")
    box = dialog.value_boxes[key]
    box.setCurrentIndex(box.findData("专项督查"))
    dialog.recheck_button.click()
    plan = wait_plan(qtbot, dialog)
    assert plan.accepted == [3, 4, 5, 7]
    assert dialog.tabs.isTabVisible(7) and dialog.tabs.tabText(7) == "归并为监督检查（3次）"
    assert dialog.tabs.currentIndex() == 7
    lines = [dialog.groups.item(i).text() for i in range(dialog.groups.count())]
    assert lines == [
        "第3、4行 → 1 次监督检查（2026-01-10 县财政局 专项督查：公车使用），问题 2 个",
        "第5行 → 1 次监督检查（2026-02-03至2026-02-05 东关镇 专项督查：食堂管理），问题 0 个",
        "第7行 → 1 次监督检查（2026-03-09 县林业局 专项督查：公车使用），问题 1 个",
        "第4行未填检查时间（合并单元格），按上一行的监督检查归并",
    ]
    assert dialog.tabs.tabText(3) == "不能导入的行（1）"
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10000)
    assert "新建监督检查 3 次" in dialog.summary.text()
    assert store.scalar("SELECT COUNT(*) FROM inspections") == 3
    assert store.scalar("SELECT COUNT(*) FROM rectifications") == 3
    assert answers.asked == ["有 1 行不能导入。是否另存为 Excel，修改后再次导入？"]
    qtbot.waitUntil((tmp_path / "未导入.xlsx").exists, timeout=10000)
    ws = load_workbook(tmp_path / "未导入.xlsx").active
    assert ws is not None and "检查了2个单位" in str(ws.cell(4, ws.max_column).value)
