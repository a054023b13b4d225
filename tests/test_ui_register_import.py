"""导入台账 for the old 文书登记簿 from the 文书登记 list, and 打印 on a back-entered
document: offered disabled, with the reason, instead of failing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.qtbot import QtBot
from ui_helpers import Seeded
from ui_window import Answers, answered_window, wait_plan

from desktop.store import Store, UserError, numbering
from desktop.ui import ledgers
from desktop.ui.main_window import MainWindow
from desktop.ui.print_preview import NO_FILE_TIP, choices


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def window(qtbot: QtBot, store: Store, seeded: Seeded, answers: Answers) -> Iterator[MainWindow]:
    yield from answered_window(qtbot, store, answers)


def old_register(path: Path) -> Path:
    """Numbers 3–6 issued by hand; 1号 and 2号 are in the store already (seeded)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["城关镇纪委2026年文书登记簿"])
    ws.merge_cells("A1:H1")
    ws.append(["序号", "发文字号", "文种", "标题", "主送单位", "发文日期", "关联事项", "经办人"])
    ws.append(
        [1, "城纪改[2026]第2号", "整改通知书", "重抄的", "城关镇党委", "2026.2.2", None, None]
    )
    ws.append(
        [2, "城纪改（2026）3号", "整改通知书", "关于账目问题的整改通知", "城关镇", "2026.3.1"]
    )
    ws.append(
        [3, "城纪改〔2026〕04号", "整改通知书", "关于公车问题的整改通知", "城关镇", "2026年3月9日"]
    )
    ws.append([4, "城纪督〔2026〕1号", "督办", "关于整改逾期的督办函", "城关镇", "2026/4/1"])
    ws.append([5, "城纪改2026第5号", "整改通知书", "文号不全", "城关镇", "2026-04-02"])
    wb.save(path)
    return path


def test_old_register_imported_from_the_documents_list(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    answers: Answers,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store.set_setting("doc_code.整改通知书", "城纪改")
    store.set_setting("doc_code.督办函", "城纪督")
    source = old_register(tmp_path / "文书登记簿.xlsx")
    monkeypatch.setattr(ledgers, "choose_xlsx_to_open", lambda _parent: str(source))
    window.select_page("文书登记")
    dialog = window.import_ledger()
    assert dialog.kind.currentText() == "文书登记簿"
    dialog.browse()
    plan = wait_plan(qtbot, dialog)
    assert dialog.kind.currentText() == "文书登记簿"
    assert "表头在第2行" in dialog.summary.text()
    assert "共 5 行，可补录 2 行，文号重复（不再导入）1 行，不能导入 2 行" in dialog.summary.text()
    shown = {plan.headers[i]: box.currentText() for i, box in dialog.mapping_boxes.items()}
    assert shown["发文字号"] == "文号" and shown["文种"] == "文书种类"
    assert shown["主送单位"] == "主送单位/对象" and shown["发文日期"] == "成文日期"
    # an already registered number: listed, and the clerk cannot choose to import it
    assert dialog.tabs.tabText(2) == "疑似重复（1）"
    assert dialog.duplicates.item(0).text().startswith("第3行：与已有记录")
    assert not dialog.include_duplicates.isEnabled()
    assert dialog.include_duplicates.toolTip() == "文号已登记的文书不会重复登记"
    # the unknown kind goes through the dictionary chooser
    assert dialog.tabs.tabText(1) == "字典对应（1）"
    (key,) = dialog.value_boxes
    assert key == ("notice_kind", "督办")
    box = dialog.value_boxes[key]
    box.setCurrentIndex(box.findData("督办函"))
    dialog.recheck_button.click()
    wait_plan(qtbot, dialog)
    assert "可补录 3 行" in dialog.summary.text()
    rejected = dialog.rejected_model
    assert rejected.rowCount() == 1
    texts = [rejected.index(0, c).data() for c in range(rejected.columnCount())]
    assert texts[:3] == ["第7行", "发文字号", "城纪改2026第5号"] and "无法识别文号" in texts[3]
    notes = [dialog.notes.item(i).text() for i in range(dialog.notes.count())]
    assert "导入后，2026年整改通知书的下一个文号为城纪改〔2026〕5号" in notes

    answers.answer = False  # do not save the rejected row
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10000)
    assert dialog.summary.text().startswith("已导入 3 行（跳过疑似重复 1 行")
    assert numbering.preview_number(store, "整改通知书", 2026) == "城纪改〔2026〕5号"
    assert numbering.preview_number(store, "督办函", 2026) == "城纪督〔2026〕2号"

    # the 文书登记 list shows them; 打印 on one says why it cannot be reprinted
    page = window.select_page("文书登记")
    model = page.model  # type: ignore[attr-defined]
    numbers = [model.row(r)["number"] for r in range(model.rowCount())]
    assert {"城纪改〔2026〕3号", "城纪改〔2026〕4号", "城纪督〔2026〕1号"} <= set(numbers)
    row = numbers.index("城纪改〔2026〕4号")
    tip = model.index(row, model.NUMBER).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "补录登记的文书（从旧文书登记簿导入），没有存档文件"
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    doc_id = int(store.scalar("SELECT id FROM documents WHERE number = '城纪改〔2026〕4号'"))
    [option] = choices(store, "documents", doc_id, store.today())
    assert option.label == "重新打印 城纪改〔2026〕4号"
    assert not option.enabled and option.tip == NO_FILE_TIP
    page.select_row(row)  # type: ignore[attr-defined]
    assert window.print_action.isEnabled()
    dialogs = list(window.printing.dialogs)
    window.print_action.trigger()
    assert window.printing.dialogs == dialogs  # nothing opened, nothing failed
    assert [type(e) for e in answers.errors] == [UserError]
    assert str(answers.errors[0]) == "补录登记的文书没有存档文件，不能重新打印"
