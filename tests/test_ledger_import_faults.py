"""Old ledgers that are wrong in some way: a Chinese message naming the field and the
problem, never a traceback, nothing written unless the whole import is accepted, and the
reporter's identity masked in every message unless the clerk reveals it (audited)."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from desktop import cli
from desktop.domain import ledger_import
from desktop.store import Store, UserError, records

CLUE_HEADER = ["序号", "来件时间", "线索来源", "被反映人", "单位及职务", "反映的主要问题"]
CLUE_HEADER += ["举报人", "举报人联系方式", "收缴违纪款（元）"]


def _replace_in_sheet(path: Path, old: bytes, new: bytes) -> None:
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    name = "xl/worksheets/sheet1.xml"
    assert old in parts[name]
    parts[name] = parts[name].replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for part, data in parts.items():
            zf.writestr(part, data)


@pytest.fixture
def empty(tmp_path: Path) -> Any:
    s = Store.open(tmp_path / "store", create=True)
    yield s
    s.close()


def _book(path: Path, header: list[str], rows: list[list[Any]], *, before: int = 0) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for n in range(before):  # a first sheet that is not the ledger
        ws.append([f"填表说明第{n + 1}条：请按实际情况填写"])
        ws = wb.create_sheet("台账")
    ws.append(["问题线索处置台账"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _clue() -> list[Any]:
    """A clue row up to the reporter; callers add the contact and the amount."""
    return [1, "2024-03-05", "信访举报", "王芳", "市财政局科长", "反映其违规吃喝", "张卫东"]


@pytest.mark.parametrize("amount", ["NaN", "inf", "-inf", "1e400", "NUMBER", "１２abc"])
def test_bad_amounts_are_refused_by_name(empty: Store, tmp_path: Path, amount: Any) -> None:
    row = [*_clue(), "13912345678", 777777 if amount == "NUMBER" else amount]
    path = _book(tmp_path / "a.xlsx", CLUE_HEADER, [row])
    if amount == "NUMBER":  # a numeric cell too large for a float, as other programs write
        _replace_in_sheet(path, b"<v>777777</v>", b"<v>1E+400</v>")
    plan = ledger_import.plan_import(empty, path, "问题线索")
    [problem] = plan.rejected[3]
    assert problem.column == "收缴违纪款（元）" and "不是有效金额" in problem.reason
    assert not plan.accepted and ledger_import.apply(empty, plan)["written"] == 0
    assert empty.scalar("SELECT COUNT(*) FROM clues") == 0


def test_missing_required_columns_are_named_with_the_headers_found(
    empty: Store, tmp_path: Path
) -> None:
    path = _book(tmp_path / "m.xlsx", ["序号", "姓名", "单位及职务", "反映问题"], [[1, "王芳"]])
    plan = ledger_import.plan_import(empty, path, "问题线索")
    assert plan.missing == ["来件时间"]
    text = plan.summary()
    assert "缺少必需的列：来件时间" in text and "表中的列：序号、姓名、单位及职务、反映问题" in text
    with pytest.raises(UserError, match="缺少必需的列：来件时间"):
        ledger_import.apply(empty, plan)
    assert empty.scalar("SELECT COUNT(*) FROM clues") == 0


def test_a_clue_ledger_chosen_as_a_talk_ledger(empty: Store, tmp_path: Path) -> None:
    path = _book(tmp_path / "c.xlsx", CLUE_HEADER, [[*_clue(), "13912345678", None]])
    plan = ledger_import.plan_import(empty, path, "谈话")
    assert plan.missing == ["谈话时间", "谈话类型", "谈话人", "谈话对象"]
    assert "该表看起来是问题线索处置台账" in plan.summary()
    with pytest.raises(UserError, match="缺少必需的列"):
        ledger_import.apply(empty, plan)


def test_the_ledger_on_a_second_sheet_is_found(empty: Store, tmp_path: Path) -> None:
    path = _book(tmp_path / "s.xlsx", CLUE_HEADER, [[*_clue(), None, "12.5"]], before=1)
    plan = ledger_import.plan_import(empty, path, "问题线索")
    assert plan.sheet == "台账" and plan.accepted == [3]


def test_a_protected_sheet_imports(empty: Store, tmp_path: Path) -> None:
    path = _book(tmp_path / "p.xlsx", CLUE_HEADER, [[*_clue(), None, None]])
    wb = load_workbook(path)
    ws = wb.active
    assert ws is not None
    ws.protection.sheet = True
    ws.protection.password = "1234"
    wb.save(path)
    plan = ledger_import.plan_import(empty, path, "问题线索")
    assert ledger_import.apply(empty, plan)["written"] == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("old.et", b"\xd0\xcf\x11\xe0" + b"\0" * 600, "不支持 .et 格式"),
        ("old.xls", b"<html>not really</html>", "旧版 Excel 97-2003"),
        ("cut.xlsx", None, "可能已损坏"),
    ],
)
def test_unreadable_files(
    empty: Store, tmp_path: Path, name: str, data: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if data is None:  # a real workbook cut short in the middle
        whole = _book(tmp_path / "whole.xlsx", CLUE_HEADER, [[*_clue(), None, None]])
        data = whole.read_bytes()[:700]
    path.write_bytes(data)
    with pytest.raises(UserError, match=message):
        ledger_import.plan_import(empty, path, "问题线索")


def test_one_bad_row_writes_nothing(empty: Store, tmp_path: Path) -> None:
    rows = [[*_clue(), None, "10"], [2, "2024-13-40", "信访举报", "李平", None, "反映", None]]
    path = _book(tmp_path / "b.xlsx", CLUE_HEADER, rows)
    plan = ledger_import.plan_import(empty, path, "问题线索")
    assert plan.accepted == [3] and 4 in plan.rejected
    plan.accepted.append(4)  # as if the clerk forced the bad row in: the whole import fails
    with pytest.raises(UserError, match="第4行不能导入"):
        ledger_import.apply(empty, plan)
    assert empty.scalar("SELECT COUNT(*) FROM clues") == 0
    assert empty.scalar("SELECT COUNT(*) FROM persons") == 0


def test_reporter_masked_in_messages_and_rejected_file(
    empty: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    row = [1, "2024-02-30", "信访举报", "王芳", "市财政局科长", "反映其违规吃喝", "张卫东"]
    path = _book(tmp_path / "r.xlsx", CLUE_HEADER, [[*row, "13912345678", "NaN"]])
    plan = ledger_import.plan_import(empty, path, "问题线索")
    assert plan.rejected
    assert "张卫东" not in plan.summary() and "13912345678" not in plan.summary()
    out = tmp_path / "rejected.xlsx"
    ledger_import.save_rejected(plan, out)
    cells = [c.value for r in load_workbook(out).worksheets[0].iter_rows() for c in r]
    assert "张卫东" not in cells and "13912345678" not in cells
    assert "张**" in cells or any(str(c).startswith("张") and "*" in str(c) for c in cells)
    # The command line masks too; revealing is the clerk's explicit choice, and audited.
    data = tmp_path / "cli"
    base = ["import-ledger", str(path), "--kind", "问题线索", "--data-dir", str(data)]
    assert cli.main([*base, "--dry-run", "--rejected", str(tmp_path / "cli.xlsx")]) == 0
    shown = capsys.readouterr().out
    assert "张卫东" not in shown and "13912345678" not in shown and "举报人信息已隐去" in shown
    ledger_import.save_rejected(plan, tmp_path / "clear.xlsx", reveal=True, store=empty)
    cells = [
        c.value for r in load_workbook(tmp_path / "clear.xlsx").worksheets[0].iter_rows() for c in r
    ]
    assert "张卫东" in cells and "13912345678" in cells
    entry = empty.query("SELECT * FROM audit_log WHERE action = 'reveal'")[-1]
    assert json.loads(entry["after"])["revealed"] == ["reporter_contact", "reporter_name"]


def test_one_person_across_units_and_name_clashes(empty: Store, tmp_path: Path) -> None:
    old = records.insert(empty, "units", {"name": "市财政局", "active": 1})
    new = records.insert(empty, "units", {"name": "市审计局", "active": 1})
    person = records.insert(
        empty,
        "persons",
        {"name": "王芳", "unit_id": new, "post": "副局长"},
        {
            "person_posts": [
                {
                    "unit_id": old,
                    "unit_name": "市财政局",
                    "post": "科长",
                    "start_date": "2018-01-01",
                    "end_date": "2023-06-30",
                },
                {
                    "unit_id": new,
                    "unit_name": "市审计局",
                    "post": "副局长",
                    "start_date": "2023-07-01",
                },
            ]
        },
    )
    rows = [
        [1, "2022-05-06", "信访举报", "王芳", "市财政局科长", "反映其违规吃喝"],  # the older unit
        [2, "2024-05-06", "信访举报", "王芳", "市审计局副局长", "反映其违规收礼"],
        [3, "2024-05-07", "信访举报", "李平", "东关镇科员", "反映其不作为"],
        [4, "2024-05-08", "信访举报", "李平", "西河乡科员", "反映其不作为"],  # another 李平
        [5, "2016-03-01", "信访举报", "王芳", "市发改委科员", "反映其迟到早退"],  # her past
        [6, "2024-06-01", "信访举报", "王芳", "市教育局教师", "反映其有偿补课"],  # another 王芳
    ]
    path = _book(tmp_path / "p.xlsx", CLUE_HEADER[:6], rows)
    plan = ledger_import.plan_import(empty, path, "问题线索")
    assert not plan.duplicates, plan.summary()
    ledger_import.apply(empty, plan)
    assert [
        r["person_id"]
        for r in empty.query(
            "SELECT cp.person_id FROM clue_persons cp JOIN persons p ON p.id = cp.person_id"
            " WHERE p.name = '王芳'"
        )
    ][:3] == [person, person, person]
    assert empty.scalar("SELECT COUNT(*) FROM persons WHERE name = '李平'") == 2
    assert empty.scalar("SELECT COUNT(*) FROM persons WHERE name = '王芳'") == 2
    units = {r["unit_name"] for r in empty.query("SELECT unit_name FROM clue_persons")}
    assert units == {"市财政局", "市审计局", "东关镇", "西河乡", "市发改委", "市教育局"}
    posts = empty.query(
        "SELECT unit_name, post FROM person_posts WHERE person_id = ? ORDER BY id", [person]
    )
    assert [(p["unit_name"], p["post"]) for p in posts][-1] == ("市发改委", "科员")
    assert any("王芳（市发改委）早于其已有的任职记录" in w for w in plan.warnings)


def test_outcome_cells_in_prose_or_with_an_unknown_part(empty: Store, tmp_path: Path) -> None:
    header = ["序号", "来件时间", "线索来源", "被反映人", "反映的主要问题", "处置方式", "处理情况"]
    rows = [
        [
            1,
            "2024-03-05",
            "信访举报",
            "王芳",
            "反映其违规吃喝",
            "初步核实",
            "经初核，反映问题不属实，予以了结",
        ],
        [2, "2024-03-06", "信访举报", "李平", "反映其违规收礼", "初步核实", "党纪警告、全局通报"],
    ]
    path = _book(tmp_path / "o.xlsx", header, rows)
    plan = ledger_import.plan_import(empty, path, "问题线索")
    assert plan.accepted == [3] and 4 in plan.rejected
    assert any("没有可识别的处理结果，记入查处情况" in w for w in plan.warnings)
    assert [(u.dictionary, u.text) for u in plan.unknown] == [("outcome", "全局通报")]
    ledger_import.apply(empty, plan, value_overrides={("outcome", "全局通报"): "通报批评"})
    clue = empty.query("SELECT * FROM clues WHERE received_date = '2024-03-05'")[0]
    assert clue["result_summary"] == "经初核，反映问题不属实，予以了结"
    assert not empty.query("SELECT * FROM clue_outcomes WHERE clue_id = ?", [clue["id"]])
    outcomes = {r["outcome"] for r in empty.query("SELECT outcome FROM clue_outcomes")}
    assert outcomes == {"党纪警告", "通报批评"}


NASTY: list[Any] = [
    True,
    -1,
    10**20,
    1e300,
    "#DIV/0!",
    "#N/A",
    "NaN",
    "=SUM(A1:A3)",
    "\u3000",
    "２０２４年１３月",
    "null",
    "x" * 5000,
]


@pytest.mark.parametrize("kind", ["问题线索", "谈话", "整改"])
def test_odd_cells_anywhere_give_chinese_reasons(empty: Store, tmp_path: Path, kind: str) -> None:
    """Every cell of every column, in turn, holds something odd: the check never raises,
    and every reason it gives is in Chinese."""
    from tests.ledger_corpus import variants

    variant = next(v for v in variants() if v.kind == kind)
    good = variant.rows[0]
    rows = []
    for column in range(len(good)):
        for odd in NASTY:
            row = list(good)
            row[column] = odd
            rows.append(row)
    variant.rows = rows
    path = variant.write(tmp_path)
    plan = ledger_import.plan_import(empty, path, kind)
    assert plan.accepted or plan.rejected
    for problems in plan.rejected.values():
        for p in problems:
            assert re.search(r"[\u4e00-\u9fff]", p.reason), p.text()
    ledger_import.apply(empty, plan)  # the accepted ones write; no traceback


def test_a_number_cell_written_nan_names_the_row(empty: Store, tmp_path: Path) -> None:
    """Some programs write a numeric cell as NaN, which openpyxl cannot read at all."""
    path = _book(tmp_path / "n.xlsx", CLUE_HEADER, [[*_clue(), None, 777777]])
    _replace_in_sheet(path, b"<v>777777</v>", b"<v>NaN</v>")
    with pytest.raises(UserError, match="第3行有无法读取的单元格"):
        ledger_import.plan_import(empty, path, "问题线索")
