"""导出台账 / 导入台账 from the main window, with real workbooks written by openpyxl."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from ui_helpers import Seeded, seed
from ui_window import Answers, answered_window, wait_plan

from desktop.domain.ledger_import import Problem
from desktop.store import Store
from desktop.store import records as rec
from desktop.ui import ledgers
from desktop.ui.main_window import MainWindow
from desktop.ui.models.ledgers import REASON, ROW, VALUE, RejectedRowsModel
from desktop.ui.work import Job

Fatal = QAbstractItemModelTester.FailureReportingMode.Fatal


@pytest.fixture
def seeded(store: Store) -> Seeded:
    data = seed(store)
    rec.update(
        store,
        "clues",
        data.clues["overdue"],
        {"reporter_name": "赵六", "reporter_contact": "13912345678"},
    )
    return data


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def window(qtbot: QtBot, store: Store, seeded: Seeded, answers: Answers) -> Iterator[MainWindow]:
    yield from answered_window(qtbot, store, answers)


def saving_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    asked: list[str] = []

    def choose(_parent: QWidget, suggested: str) -> str:
        asked.append(suggested)
        return str(path)

    monkeypatch.setattr(ledgers, "choose_xlsx_to_save", choose)
    return asked


def status(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


# -- export ------------------------------------------------------------------------------


def test_export_from_the_clue_list_masks_reporters_unless_chosen(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = saving_to(monkeypatch, tmp_path / "线索台账")
    window.select_page("问题线索")
    assert window.export_ledger_action.text() == "导出台账…"
    dialog = window.export_ledger()
    assert dialog.kind.currentText() == "问题线索处置台账"
    assert dialog.period.is_all() and not dialog.reveal.isChecked()
    dialog.kind.setCurrentIndex(dialog.kind.findData("人员"))
    assert not dialog.period.isEnabled() and not dialog.reveal.isEnabled()
    dialog.kind.setCurrentIndex(dialog.kind.findData("问题线索"))
    dialog.period.set_text("2026年第一季度")
    dialog.export_button.click()
    assert asked == ["问题线索处置台账2026年1-3月.xlsx"]
    qtbot.waitUntil(lambda: "已导出" in status(window), timeout=10000)
    path = tmp_path / "线索台账.xlsx"
    assert status(window) == f"已导出问题线索处置台账 3 行（举报人信息已隐去）：{path}"
    ws = load_workbook(path).active
    assert ws is not None
    headers = [c.value for c in ws[3]]
    assert ws.cell(4, headers.index("举报人") + 1).value == "赵*"
    assert ws.cell(4, headers.index("举报人联系方式") + 1).value == "139****5678"
    assert "2026年1月1日至2026年3月31日" in ws["A2"].value
    assert store.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'reveal'") == 0

    dialog = window.export_ledger()
    dialog.reveal.setChecked(True)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "举报人" not in status(window) and "已导出" in status(window))
    ws = load_workbook(path).active
    assert ws is not None
    assert ws.max_row == 3 + 4  # 全部: every clue
    row = [c.value for c in ws[4 + 1]]  # sorted by date: the 2025 clue first
    assert "赵六" in row and "13912345678" in row
    (entry,) = store.query("SELECT * FROM audit_log WHERE action = 'reveal'")
    assert entry["operator"] == "李明" and json.loads(entry["after"])["file"] == str(path)


def test_cancelled_export_leaves_no_file(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    saving_to(monkeypatch, out / "x.xlsx")
    real = ledgers._progress

    def cancel_on_first_report(job: Job, text: str) -> Callable[[int, int], None]:
        report = real(job, text)

        def progress(done: int, total: int) -> None:
            job.cancel()  # the clerk presses 取消 while the rows are written
            report(done, total)

        return progress

    monkeypatch.setattr(ledgers, "_progress", cancel_on_first_report)
    window.select_page("谈话记录")
    dialog = window.export_ledger()
    assert dialog.kind.currentText() == "谈话台账"
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "取消" in status(window), timeout=10000)
    assert status(window) == "已取消导出，未生成文件"
    assert list(out.iterdir()) == []


# -- import ------------------------------------------------------------------------------


def legacy_workbook(path: Path) -> Path:
    """An office's own 问题线索 ledger: merged title, a blank row, synonyms for headers,
    a free-text source, a date typed wrong, a column we do not know, a repeated row."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["2024年城关镇纪委问题线索处置台账"])
    ws.merge_cells("A1:G1")
    ws.append([])
    ws.append(["序号", "收件日期", "来源", "被反映人", "主要问题", "处置类型", "办理说明"])
    ws.append(
        [1, "2024.3.5", "信访举报", "王芳（城关镇）", "反映王芳违规收受礼金", "谈话函询", "已约谈"]
    )
    ws.append([2, "2024年4月8日", "群众来信转办", "张伟", "反映张伟公车私用", "初步核实", ""])
    ws.append([3, "2024年13月5日", "信访举报", "李强", "反映李强违规吃喝", "", ""])
    ws.append([4, "2024.3.5", "信访举报", "王芳（城关镇）", "反映王芳违规收受礼金", "谈话函询", ""])
    wb.save(path)
    return path


def test_import_dialog_review_adjust_apply_and_save_rejected(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    answers: Answers,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = legacy_workbook(tmp_path / "旧台账.xlsx")
    monkeypatch.setattr(ledgers, "choose_xlsx_to_open", lambda _parent: str(source))
    asked = saving_to(monkeypatch, tmp_path / "待修改")
    window.select_page("人员档案")
    dialog = window.import_ledger()
    assert dialog.kind.currentText() == "人员名单"  # from the page…
    dialog.browse()
    plan = wait_plan(qtbot, dialog)
    assert dialog.kind.currentText() == "问题线索处置台账"  # …then from the file's title
    assert "表头在第3行" in dialog.summary.text()
    assert "共 4 行，可导入 2 行（其中疑似重复 1 行），不能导入 2 行" in dialog.summary.text()
    # columns: matched by name and synonym; the unknown one is not imported
    shown = {plan.headers[i]: box.currentText() for i, box in dialog.mapping_boxes.items()}
    assert shown["收件日期"] == "来件时间" and shown["来源"] == "线索来源"
    assert shown["被反映人"] == "被反映人（单位）" and shown["办理说明"] == "（不导入）"
    # values not in a dictionary, listed for the clerk to map
    assert dialog.tabs.tabText(1) == "字典对应（1）" and dialog.tabs.currentIndex() == 1
    (key,) = dialog.value_boxes
    assert key == ("clue_source", "群众来信转办")
    # the bad date, with row, column, value and reason
    assert dialog.tabs.tabText(3) == "不能导入的行（2）"
    model = dialog.rejected_model
    rows = [model.index(r, ROW).data() for r in range(model.rowCount())]
    assert rows == ["第5行", "第6行"]
    assert model.index(1, VALUE).data() == "2024年13月5日"
    assert "月" in model.index(1, REASON).data()
    # the repeated row is flagged
    assert dialog.tabs.tabText(2) == "疑似重复（1）"
    assert dialog.duplicates.item(0).text().startswith("第7行：与本表第4行相同")

    # adjust: import 办理说明 as 备注 and map the source; must check again before 导入
    box = next(b for i, b in dialog.mapping_boxes.items() if plan.headers[i] == "办理说明")
    box.setCurrentIndex(box.findData("notes"))
    assert not dialog.import_button.isEnabled() and "重新检查" in dialog.summary.text()
    values = dialog.value_boxes[key]
    values.setCurrentIndex(values.findData("信访举报"))
    dialog.recheck_button.click()
    plan = wait_plan(qtbot, dialog)
    assert "共 4 行，可导入 3 行（其中疑似重复 1 行），不能导入 1 行" in dialog.summary.text()
    assert dialog.tabs.tabText(1) == "字典对应"  # mapped, still shown with the choice
    assert dialog.value_boxes[key].currentText() == "信访举报"
    assert dialog.import_button.isEnabled()

    # the suspected duplicate is shown beside the row it repeats, and imported unless
    # the clerk unticks it; here the clerk leaves it out
    pair = dialog.duplicate_pair
    assert [pair.item(0, c).text() for c in range(3)] == ["行", "第7行", "第4行"]
    assert dialog.duplicates.item(0).checkState() == Qt.CheckState.Checked
    dialog.duplicates.item(0).setCheckState(Qt.CheckState.Unchecked)
    before = store.scalar("SELECT COUNT(*) FROM clues")
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10000)
    assert dialog.summary.text().startswith("已导入 2 行（跳过疑似重复 1 行")
    assert store.scalar("SELECT COUNT(*) FROM clues") == before + 2
    (clue,) = store.query("SELECT * FROM clues WHERE received_date = '2024-03-05'")
    assert clue["summary"] == "反映王芳违规收受礼金" and clue["notes"] == "已约谈"
    assert store.query("SELECT source FROM clues WHERE summary = '反映张伟公车私用'") == [
        {"source": "信访举报"}
    ]
    assert not dialog.import_button.isEnabled()  # not twice
    # offered to save the rejected row, saved in the background
    assert answers.asked == ["有 1 行不能导入。是否另存为 Excel，修改后再次导入？"]
    assert asked == ["旧台账（未导入的行）.xlsx"]
    saved = tmp_path / "待修改.xlsx"
    qtbot.waitUntil(saved.exists, timeout=10000)
    ws = load_workbook(saved).active
    assert ws is not None
    assert [c.value for c in ws[3]][-1] == "原因"
    assert ws.cell(4, 2).value == "2024年13月5日" and "原第6行" in ws.cell(4, 8).value
    # the clue list shows the imported rows
    page = window.select_page("问题线索")
    assert page.model.rowCount() == before + 2
    assert answers.errors == []


def test_import_refuses_what_is_not_a_workbook(
    qtbot: QtBot, window: MainWindow, answers: Answers, tmp_path: Path
) -> None:
    csv = tmp_path / "台账.csv"
    csv.write_text("序号,来件时间\n1,2024-01-01\n", encoding="utf-8")
    dialog = window.import_ledger()
    dialog.set_file(csv)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    assert dialog.plan is None and not dialog.import_button.isEnabled()
    assert "另存为“Excel 工作簿（.xlsx）”" in dialog.summary.text()
    assert len(answers.errors) == 1


def test_rejected_rows_model() -> None:
    model = RejectedRowsModel()
    QAbstractItemModelTester(model, Fatal)
    model.set_problems(
        [
            Problem(9, "来件时间", "2024年13月5日", "月份不正确"),
            Problem(4, "线索来源", None, "必须填写"),
        ]
    )
    assert model.rowCount() == 2
    assert [model.index(r, ROW).data() for r in range(2)] == ["第4行", "第9行"]
    assert model.index(0, VALUE).data() == "" and model.index(1, ROW).data(256) == 9
    data: Any = model.index(1, REASON).data()
    assert data == "月份不正确"
    model.set_problems([])
    assert model.rowCount() == 0
