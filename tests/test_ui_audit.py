"""审计日志: filter by record, operator and date; changes in Chinese; the chain checked
with its first broken entry shown; the filtered entries exported and read back."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.qtbot import QtBot

from desktop.domain import audit_view
from desktop.store import Store
from desktop.store import records as rec
from desktop.ui.models.audit import AuditModel
from desktop.ui.pages.audit_page import AuditPage
from desktop.ui.work import Work

Fatal = QAbstractItemModelTester.FailureReportingMode.Fatal


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 1, 9, 0, 0)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    clock = Clock()
    s = Store.open(data_dir, operator="李明", clock=clock)
    s.cache["test_clock"] = clock
    yield s
    s.close()


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    clock: Clock = store.cache["test_clock"]
    unit = rec.insert(store, "units", {"name": "城关镇", "kind": "乡镇/街道"})
    clock.now = dt.datetime(2026, 3, 5, 10, 0, 0)
    clue = rec.insert(
        store,
        "clues",
        {
            "ledger_no": "XS2026-001",
            "received_date": "2026-03-05",
            "source": "信访举报",
            "summary": "反映违规收受礼金",
            "reporter_name": "欧阳明华",
            "reporter_contact": "13812345678",
        },
    )
    clock.now = dt.datetime(2026, 3, 10, 15, 30, 0)
    store.operator = "王芳"
    rec.update(
        store,
        "clues",
        clue,
        {"disposition": "初步核实", "disposition_date": "2026-03-10", "summary": "反映收受购物卡"},
    )
    rec.update(store, "units", unit, {"name": "城关街道"})
    return {"unit": unit, "clue": clue}


@pytest.fixture
def page(qtbot: QtBot, store: Store, ids: dict[str, int]) -> Iterator[AuditPage]:
    work = Work(store, None, report_error=lambda _p, exc: pytest.fail(str(exc)))
    p = AuditPage(store, work)
    qtbot.addWidget(p)
    p.refresh()
    yield p
    work.cancel_all()


def _column(page: AuditPage, column: int) -> list[str]:
    m = page.model
    return [str(m.index(r, column).data()) for r in range(m.rowCount())]


def test_model_contract_newest_first(qtbot: QtBot, store: Store, ids: dict[str, int]) -> None:
    model = AuditModel(store)
    QAbstractItemModelTester(model, Fatal)
    assert model.rowCount() == store.scalar("SELECT COUNT(*) FROM audit_log")
    got = [model.index(r, AuditModel.ID).data(Qt.ItemDataRole.UserRole) for r in range(3)]
    assert got == sorted(got, reverse=True)
    model.sort(AuditModel.AT, Qt.SortOrder.AscendingOrder)
    assert model.index(0, AuditModel.AT).data() <= model.index(1, AuditModel.AT).data()


def test_filters_and_readable_changes(page: AuditPage, ids: dict[str, int]) -> None:
    page.table_combo.setCurrentIndex(page.table_combo.findData("clues"))
    page.record.setText(str(ids["clue"]))
    assert page.apply_filters()
    assert _column(page, AuditModel.ACTION) == ["修改", "新增"]
    assert set(_column(page, AuditModel.TABLE)) == {"问题线索"}
    summary = _column(page, AuditModel.CHANGES)[0]
    assert "处置方式：— → 初步核实" in summary
    assert "反映的主要问题" in summary or "主要问题" in summary

    page.view.setCurrentIndex(page.model.index(1, 0))  # the insert
    details = {
        page.details.item(r, 0).text(): page.details.item(r, 2).text()
        for r in range(page.details.rowCount())
    }
    assert details["举报人姓名"] == "欧***"  # masked here too
    assert details["举报人联系方式"] == "138****5678"
    assert "新增：问题线索" in page.detail_title.text()

    page.clear_filters()
    page.operator.setCurrentIndex(page.operator.findData("王芳"))
    page.apply_filters()
    assert set(_column(page, AuditModel.OPERATOR)) == {"王芳"} and page.model.rowCount() == 2

    page.clear_filters()
    page.date_from.setText("2026.3.5")
    page.date_to.setText("2026年3月5日")
    assert page.apply_filters()
    assert page.date_from.text() == "2026-03-05"
    assert _column(page, AuditModel.RECORD) == [str(ids["clue"])]
    assert "共 1 条" in page.message.text()

    page.date_to.setText("2026-02-01")
    assert not page.apply_filters()
    assert "截止日期：不能早于起始日期" in page.message.text()
    page.date_to.clear()
    page.record.setText("十二")
    assert not page.apply_filters()
    assert "记录编号" in page.message.text()


def test_verify_shows_the_first_broken_entry(
    qtbot: QtBot, page: AuditPage, store: Store, ids: dict[str, int]
) -> None:
    page.verify()
    qtbot.waitUntil(lambda: page.verify_button.isEnabled(), timeout=10000)
    assert "校验通过" in page.message.text()
    # someone edits an old entry behind the program's back
    target = int(store.scalar("SELECT MIN(id) FROM audit_log WHERE table_name = 'clues'"))
    with store.transaction():
        store.db.execute("UPDATE audit_log SET operator = '张三' WHERE id = ?", [target])
    page.record.setText("999")
    page.apply_filters()
    page.verify()
    qtbot.waitUntil(lambda: page.verify_button.isEnabled(), timeout=10000)
    assert f"第 {target} 号日志" in page.message.text()
    assert page.record.text() == ""  # filters cleared to show it
    current = page.view.currentIndex()
    assert page.model.index(current.row(), AuditModel.ID).data() == str(target)
    assert page.model.index(current.row(), 0).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_export_filtered_entries_to_xlsx_and_csv(
    qtbot: QtBot, page: AuditPage, store: Store, ids: dict[str, int], tmp_path: Path
) -> None:
    page.table_combo.setCurrentIndex(page.table_combo.findData("clues"))
    page.apply_filters()
    target = tmp_path / "日志.xlsx"
    page.choose_path = lambda *_: str(target)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.export_button.isEnabled(), timeout=20000)
    assert "已导出 2 条" in page.message.text()
    ws = load_workbook(target).active
    assert ws is not None
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = rows.index(list(audit_view.EXPORT_HEADERS))
    body = [r for r in rows[header + 1 :] if r[0] is not None]
    assert [r[3] for r in body] == ["新增", "修改"]
    assert all(r[4] == "问题线索" for r in body)
    assert "举报人姓名：— → 欧***" in str(body[0][6])
    assert "欧阳明华" not in str(rows) and "13812345678" not in str(rows)
    assert "问题线索" in str(rows[1])  # the range line names the filter

    csv_path = tmp_path / "日志.csv"
    assert page.export(str(csv_path))
    qtbot.waitUntil(lambda: page.export_button.isEnabled(), timeout=20000)
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh))
    assert lines[0] == list(audit_view.EXPORT_HEADERS)
    assert [r[2] for r in lines[1:]] == ["李明", "王芳"]
    assert "处置方式：— → 初步核实" in lines[2][6]
