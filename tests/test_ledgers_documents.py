"""Importing an office's old 文书登记簿: hand-issued numbers become back-entries without a
PDF, numbering continues after them, duplicates are never written, export round-trips."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from desktop import cli
from desktop.domain import ledger_import, ledger_io, notices
from desktop.domain.ledger_import import parse_document_number
from desktop.store import Store, UserError, check, numbering, records

TODAY = dt.date(2026, 11, 23)
HEADER = ["序号", "文号", "文书种类", "标题", "主送单位/对象", "成文日期", "关联事项", "经办人"]
# how hand-kept registers write a number and a date
NUMBERS = [
    "清纪改〔2026〕{}号",
    "清纪改[2026]{}号",
    "清纪改（2026）第{}号",
    "清纪改【2026】0{}号",
    "清纪改(2026){}号",
    "清纪改［２０２６］{}号",
]
DATES: list[Any] = [
    "2026-01-05",
    "2026.2.3",
    "2026年3月4日",
    "2026/4/5",
    dt.datetime(2026, 5, 6),
    46152,  # an Excel serial number: 2026-05-10
    "２０２６年６月８日",
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "data", create=True, clock=lambda: dt.datetime(2026, 11, 23, 9))
    s.set_setting("office_name", "中共清风县纪律检查委员会")
    s.set_setting("contact_person", "刘敏")
    s.set_setting("contact_phone", "0000-6123456")
    s.set_setting("doc_code.整改通知书", "清纪改")
    yield s
    s.close()


def register_book(path: Path, rows: list[list[Any]], title: str = "2026年文书登记簿") -> Path:
    """A legacy register: a merged title row and a blank row above the header."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append([])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def twelve(extra: list[list[Any]] | None = None) -> list[list[Any]]:
    rows = [
        [
            n,
            NUMBERS[n % len(NUMBERS)].format(n),
            "整改通知书",
            f"关于落实第{n}批检查发现问题整改的通知",
            f"县第{n}局",
            DATES[n % len(DATES)],
            "2026年专项督查" if n == 3 else None,
            "李明" if n % 2 else None,
        ]
        for n in range(1, 13)
    ]
    return rows + (extra or [])


def rectification(store: Store) -> int:
    unit = records.insert(store, "units", {"name": "县自然资源局"})
    return records.insert(
        store,
        "rectifications",
        {
            "finding": "公务接待管理不规范",
            "found_date": "2026-10-15",
            "unit_id": unit,
            "responsible": "陈志刚",
            "requirement": "严格执行公务接待“一函一单”制度",  # a notice prints it
            "status": "待整改",
        },
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("清纪改〔2026〕5号", ("清纪改", 2026, 5)),
        ("清纪改[2026]5号", ("清纪改", 2026, 5)),
        ("清纪改［2026］5号", ("清纪改", 2026, 5)),
        ("清纪改(2026)5号", ("清纪改", 2026, 5)),
        ("清纪改（2026）第5号", ("清纪改", 2026, 5)),
        ("清纪改【2026】005号", ("清纪改", 2026, 5)),
        ("清纪改﹝2026﹞5号", ("清纪改", 2026, 5)),
        (" 清纪改 〔２０２６〕 １２ 号 ", ("清纪改", 2026, 12)),
        ("清纪改〔2026〕5", ("清纪改", 2026, 5)),
        ("清纪改2026-5号", None),
        ("〔2026〕5号", None),
        ("清纪改〔2026〕0号", None),
        ("清纪改〔26〕5号", None),
        ("第5号", None),
    ],
)
def test_document_numbers_as_typed_by_hand(text: str, expected: Any) -> None:
    assert parse_document_number(text) == expected


def test_old_register_is_back_entered_and_numbering_continues(store: Store, tmp_path: Path) -> None:
    path = register_book(
        tmp_path / "登记簿.xlsx",
        twelve(
            [
                [13, "清纪改2026-13", "整改通知书", "文号写错的一行", "县财政局", "2026-06-01"],
                [14, "清纪改〔2026〕3号", "整改通知书", "重抄的一行", "县财政局", "2026-06-02"],
            ]
        ),
    )
    plan = ledger_import.plan_import(store, path, "文书登记簿")
    assert plan.header_row == 3 and len(plan.accepted) == 12
    assert plan.summary().splitlines()[0] == (
        "文书登记簿：共 14 行，可补录 12 行，文号重复（不再导入）1 行，不能导入 1 行。"
    )
    [bad] = plan.rejected[16]
    assert bad.column == "文号" and bad.value == "清纪改2026-13"
    assert "无法识别文号" in bad.text()
    [dup] = plan.duplicates
    assert (dup.row, dup.earlier_row) == (17, 6) and "清纪改〔2026〕3号" in dup.description
    assert "导入后，2026年整改通知书的下一个文号为清纪改〔2026〕13号" in plan.warnings
    assert store.scalar("SELECT COUNT(*) FROM documents") == 0  # checking writes nothing

    counts = ledger_import.apply(store, plan, include_duplicates=True)
    assert (counts["written"], counts["duplicates_skipped"]) == (12, 1)
    docs = store.query("SELECT * FROM documents ORDER BY serial")
    assert [d["number"] for d in docs] == [f"清纪改〔2026〕{n}号" for n in range(1, 13)]
    assert {(d["kind"], d["code"], d["year"]) for d in docs} == {("整改通知书", "清纪改", 2026)}
    assert all(d["pdf_path"] is None and d["sha256"] is None for d in docs)
    assert [d["issued_date"] for d in docs[:7]] == [
        "2026-02-03",
        "2026-03-04",
        "2026-04-05",
        "2026-05-06",
        "2026-05-10",
        "2026-06-08",
        "2026-01-05",
    ]
    assert docs[0]["operator"] == "李明" and docs[1]["operator"] == store.operator
    assert docs[0]["notes"] == "补录：从旧文书登记簿导入，无存档文件"
    assert docs[2]["notes"] == "补录：从旧文书登记簿导入，无存档文件；关联事项：2026年专项督查"
    assert docs[2]["title"] == "关于落实第3批检查发现问题整改的通知"
    assert docs[2]["linked_table"] is None

    assert numbering.preview_number(store, "整改通知书", 2026) == "清纪改〔2026〕13号"
    issued = notices.issue(store, "整改通知书", rectification(store), TODAY)
    assert issued["number"] == "清纪改〔2026〕13号" and issued["serial"] == 13
    with pytest.raises(UserError, match="没有存档文件"):
        notices.reprint(store, int(docs[0]["id"]))
    data_dir = store.path.parent
    store.close()
    report = check.run(data_dir)
    assert report.ok, report.problems


def test_export_round_trips_as_all_duplicates(store: Store, tmp_path: Path) -> None:
    ledger_import.apply(
        store,
        ledger_import.plan_import(store, register_book(tmp_path / "a.xlsx", twelve()), "文书"),
    )
    notices.issue(store, "整改通知书", rectification(store), TODAY)
    out = tmp_path / "export.xlsx"
    assert ledger_io.export(store, "文书", out) == 13
    assert ledger_import.guess_kind(out) == ledger_io.DOCUMENTS
    plan = ledger_import.plan_import(store, out, "文书")
    assert not plan.accepted and not plan.rejected and len(plan.duplicates) == 13
    assert all(d.existing_id is not None for d in plan.duplicates)
    before = store.scalar("SELECT COUNT(*) FROM audit_log")
    counts = ledger_import.apply(store, plan, include_duplicates=True)
    assert (counts["written"], counts["duplicates_skipped"]) == (0, 13)
    assert store.scalar("SELECT COUNT(*) FROM documents") == 13
    assert store.scalar("SELECT COUNT(*) FROM audit_log") == before

    # another office's store takes the export as back-entries, notes not doubled
    other = Store.open(tmp_path / "other", create=True)
    try:
        plan = ledger_import.plan_import(other, out, "文书")
        assert len(plan.accepted) == 13
        ledger_import.apply(other, plan)
        notes = {r["number"]: r["notes"] for r in other.query("SELECT * FROM documents")}
        assert notes["清纪改〔2026〕1号"] == "补录：从旧文书登记簿导入，无存档文件"
        assert notes["清纪改〔2026〕13号"] == (
            "补录：从旧文书登记簿导入，无存档文件；关联事项：整改事项 1"
        )
    finally:
        other.close()


def test_same_number_text_or_serial_is_a_duplicate(store: Store, tmp_path: Path) -> None:
    numbering.register_back_entry(
        store,
        kind="整改函",
        code="清纪改",
        year=2026,
        serial=3,
        title="已登记",
        issued_date="2026-03-01",
    )
    numbering.register_back_entry(
        store,
        kind="整改通知书",
        code="旧纪改",
        year=2026,
        serial=4,
        title="已登记",
        issued_date="2026-03-01",
    )
    path = register_book(
        tmp_path / "r.xlsx",
        [
            [1, "清纪改[2026]第03号", "整改通知书", "同一文号", "x", "2026-03-01"],
            [2, "清纪改〔2026〕4号", "整改通知书", "同一序号", "x", "2026-03-01"],
            [3, "清纪改〔2026〕5号", "整改通知书", "新的", "x", "2026-03-01"],
        ],
    )
    plan = ledger_import.plan_import(store, path, "文书")
    assert plan.accepted == [6]
    assert sorted(d.row for d in plan.duplicates) == [4, 5]
    with pytest.raises(UserError, match="已登记"):
        numbering.register_back_entry(
            store,
            kind="整改通知书",
            code="清纪改",
            year=2026,
            serial=4,
            title="再登记一次",
            issued_date="2026-03-01",
        )


def test_kind_from_the_code_unknown_kinds_and_notes(store: Store, tmp_path: Path) -> None:
    path = register_book(
        tmp_path / "r.xlsx",
        [
            [1, "清纪改〔2026〕1号", None, "种类空着，按代字", "x", "2026-01-02"],
            [2, "清纪督〔2026〕1号", "督办", "种类写法不同", "x", "2026-01-03"],
            [3, "清纪改〔2026〕3号", "整改通知书", "跳过了2号", "x", "2025-12-30"],
            [4, "清纪改〔2026〕4号", "整改通知书", None, "x", None],
        ],
    )
    plan = ledger_import.plan_import(store, path, "文书")
    assert plan.accepted == [4, 6]
    assert [(u.column, u.text) for u in plan.unknown] == [("文书种类", "督办")]
    reasons = {p.column: p.reason for p in plan.rejected[7]}
    assert reasons == {"标题": "必须填写标题", "成文日期": "必须填写日期"}
    assert any("文号年份（2026）与成文日期（2025-12-30）不一致" in w for w in plan.warnings)
    assert any("2026年整改通知书缺少 2号" in w for w in plan.warnings)
    counts = ledger_import.apply(store, plan, value_overrides={("notice_kind", "督办"): "督办函"})
    assert counts["written"] == 3
    kinds = {r["number"]: r["kind"] for r in store.query("SELECT * FROM documents")}
    assert kinds == {
        "清纪改〔2026〕1号": "整改通知书",
        "清纪督〔2026〕1号": "督办函",
        "清纪改〔2026〕3号": "整改通知书",
    }
    # 督办函's code is still the default: the plan said so; numbering continues at 2
    assert numbering.preview_number(store, "督办函", 2026).endswith("〔2026〕2号")


def test_a_code_other_than_the_setting_is_pointed_out(store: Store, tmp_path: Path) -> None:
    store.set_setting("doc_code.整改通知书", "某纪改")
    path = register_book(tmp_path / "r.xlsx", twelve())
    plan = ledger_import.plan_import(store, path, "文书")
    assert any("代字为“清纪改”，设置中为“某纪改”" in w for w in plan.warnings)
    assert "导入后，2026年整改通知书的下一个文号为某纪改〔2026〕13号" in plan.warnings


def test_cli_imports_the_register(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = store.path.parent
    store.close()
    path = register_book(
        tmp_path / "r.xlsx",
        twelve([[13, "清纪改2026-13", "整改通知书", "坏文号", "x", "2026-06-01"]]),
    )
    base = ["import-ledger", str(path), "--kind", "文书登记簿", "--data-dir", str(data_dir)]
    assert cli.main([*base, "--dry-run"]) == 0
    text = capsys.readouterr().out
    assert "可补录 12 行" in text and "无法识别文号" in text and "未写入任何数据" in text
    assert "下一个文号为清纪改〔2026〕13号" in text
    assert cli.main(base) == 0
    assert "已导入 12 行" in capsys.readouterr().out
    assert cli.main([*base, "--include-duplicates"]) == 0  # again: nothing is written twice
    text = capsys.readouterr().out
    assert "文号重复（不再导入）12 行" in text and "已导入 0 行（跳过疑似重复 12 行）" in text
    assert cli.main(["check", "--data-dir", str(data_dir)]) == 0
    reopened = Store.open(data_dir)
    try:
        assert reopened.scalar("SELECT COUNT(*) FROM documents") == 12
        assert numbering.preview_number(reopened, "整改通知书", 2026) == "清纪改〔2026〕13号"
    finally:
        reopened.close()


def test_a_bulletin_s_issue_number_is_back_entered_within_its_kind(
    store: Store, tmp_path: Path
) -> None:
    """A 通报 is numbered by 期 (“2026年第1期”) per kind: both 通报 kinds may hold the same
    期号, the same kind may not, and a 期号 on another kind is named as the problem."""
    rows: list[list[Any]] = [
        [1, "2026年第1期", "督查通报", "关于国庆节期间专项督查情况的通报", "各乡镇", "2026-10-12"],
        [2, "2026年第1期", "典型案例通报", "关于3起典型问题的通报", "各乡镇", "2026-11-02"],
        [3, "2026年 第 2 期", "典型案例通报", "关于2起典型问题的通报", "各乡镇", "2026-11-10"],
        [4, "2026年第1期", "督查通报", "重抄的一行", "各乡镇", "2026-10-12"],
        [5, "2026年第2期", "整改通知书", "期号写在整改通知书上", "县财政局", "2026-10-20"],
    ]
    plan = ledger_import.plan_import(
        store, register_book(tmp_path / "通报.xlsx", rows), "文书登记簿"
    )
    assert len(plan.accepted) == 3
    [dup] = plan.duplicates
    assert (dup.row, dup.earlier_row) == (7, 4)
    [bad] = plan.rejected[8]
    assert bad.column == "文号" and "期号只用于通报" in bad.text()
    counts = ledger_import.apply(store, plan)
    assert counts["written"] == 3
    docs = store.query("SELECT kind, number, year, serial FROM documents ORDER BY id")
    assert [tuple(d.values()) for d in docs] == [
        ("督查通报", "2026年第1期", 2026, 1),
        ("典型案例通报", "2026年第1期", 2026, 1),
        ("典型案例通报", "2026年第2期", 2026, 2),
    ]
    assert numbering.preview_number(store, "典型案例通报", 2026) == "2026年第3期"
    assert numbering.preview_number(store, "督查通报", 2026) == "2026年第2期"
