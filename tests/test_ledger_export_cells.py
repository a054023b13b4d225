"""The ledger writer puts each row into the sheet as XML of its own: every value must come
back as openpyxl's own cells would give it (value and type), every cell with its
column's look, and what openpyxl refuses still refused with nothing written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from desktop.documents import ledgers
from desktop.documents.ledgers import (
    DATE_FORMAT,
    FIRST_DATA_ROW,
    HEADER_ROW,
    Column,
    UnwritableText,
    cell_value,
    write_ledger,
)

COLUMNS = [Column("事由", 20), Column("日期", 11, "date"), Column("件数", 6, "int")]
COLUMNS += [Column("金额", 10, "money")]

# Each row: a text, a date, a whole number and an amount, picked where XML or Excel's
# typing has a special case.
ROWS: list[list[Any]] = [
    ["a & b < c > d \"q\" 'a'", "2024-02-29", 0, 0.1],
    ["  前后留空  ", dt.date(1900, 3, 1), -7, 1e20],
    ["   ", dt.datetime(2024, 5, 6, 14, 30, 15), 10**15, 123456789.125],
    ["=1+1", "2024-02-30", "12", "3.5"],
    ["#N/A", 45021, True, float("nan")],
    ["第一行\n第二行\r\n第三行\t制表", "", "", ""],
    ["x" * 40000, None, None, None],
    ["😀 中文 \u00a0 ＆", "不是日期", 3, float("inf")],
    [123, dt.date(2099, 12, 31), 2**40, -0.0],
]


def _openpyxl_cells(path: Path, rows: list[list[Any]]) -> None:
    """The same values through openpyxl's ordinary cells, dates with the ledger's date
    format (which makes a number in a date column read back as a date): what the file
    must match."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    cols = [Column("序号", 6, "int"), *COLUMNS]
    for n, values in enumerate(rows, start=1):
        for c, (col, value) in enumerate(zip(cols, [n, *values], strict=True), start=1):
            cell = ws.cell(HEADER_ROW + n, c, cell_value(col.kind, value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a record's text stays text ("=…", "#N/A")
            if col.kind == "date":
                cell.number_format = DATE_FORMAT
    wb.save(path)


def _read(path: Path) -> list[list[tuple[Any, str]]]:
    ws = load_workbook(path).active
    assert ws is not None
    return [
        [(c.value, c.data_type) for c in row]
        for row in ws.iter_rows(min_row=FIRST_DATA_ROW, max_col=len(COLUMNS) + 1)
    ]


def test_every_value_comes_back_as_openpyxl_would_write_it(tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours.xlsx", tmp_path / "theirs.xlsx"
    write_ledger(ours, "标题 & <表>", "某单位", "统计期间：全部", COLUMNS, ROWS)
    _openpyxl_cells(theirs, ROWS)
    got, expected = _read(ours), _read(theirs)
    assert len(got) == len(ROWS)
    for n, (row, want) in enumerate(zip(got, expected, strict=True), start=1):
        assert row == want, n
    # what a clerk would look at, spelled out for a few of them
    assert got[0][1] == ("a & b < c > d \"q\" 'a'", "s")
    assert got[1][1][0] == "  前后留空  "
    assert got[2][2][0] == dt.datetime(2024, 5, 6, 14, 30, 15)
    assert got[3][1] == ("=1+1", "s")  # a record's text, never a formula Excel would run
    assert got[4][1] == ("#N/A", "s")
    assert got[5][1][0] == "第一行\n第二行\n第三行\t制表"  # XML reads \r\n as \n, as ever
    assert got[6][1][0] == "x" * 32767  # Excel's limit, cut as openpyxl cuts it
    assert got[8][1] == ("123", "s")
    ws = load_workbook(ours).active
    assert ws is not None and ws["A1"].value == "标题 & <表>"


def test_every_cell_of_a_column_looks_alike(tmp_path: Path) -> None:
    """Empty cells framed like filled ones, the headers alike, the title rows their own."""
    path = tmp_path / "l.xlsx"
    write_ledger(path, "标题", "", "统计期间：全部", COLUMNS, ROWS)
    ws = load_workbook(path).active
    assert ws is not None

    def look(c: Any) -> tuple[Any, ...]:
        return (repr(c.font), repr(c.fill), repr(c.border), repr(c.alignment), c.number_format)

    assert ws["A2"].value == "统计期间：全部"
    assert look(ws["A1"]) != look(ws["A2"])
    assert len({look(c) for c in ws[HEADER_ROW]}) == 1
    for column in ws.iter_cols(min_row=FIRST_DATA_ROW):
        assert len(column) == len(ROWS)
        assert len({look(c) for c in column}) == 1
    assert [ws.row_dimensions[r].height for r in (1, 2, 3)] == [32, 20, 30]


def test_an_empty_office_line_and_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "e.xlsx"
    write_ledger(path, "标题", "", "", COLUMNS, [])
    ws = load_workbook(path).active
    assert ws is not None
    assert ws["A2"].value is None and ws["A2"].font.name == "宋体"
    assert [c.value for c in ws[HEADER_ROW]] == ["序号", "事由", "日期", "件数", "金额"]
    assert ws.max_row == HEADER_ROW and not ws.auto_filter.ref


def test_a_control_character_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    """A character an .xlsx cannot hold is named with its row and column, not dropped."""
    path = tmp_path / "c.xlsx"
    rows = [["正常", None, None, None], ["响铃\x07", None, None, None]]
    with pytest.raises(UnwritableText) as refused:
        write_ledger(path, "标题", "", "", COLUMNS, rows)
    assert str(refused.value).startswith("第2行“事由”中有 Excel 表格不能保存的控制字符（U+0007）")
    assert list(tmp_path.iterdir()) == []


def test_a_date_with_a_time_zone_is_refused(tmp_path: Path) -> None:
    day = dt.datetime(2024, 5, 6, tzinfo=dt.UTC)
    with pytest.raises(TypeError):
        write_ledger(tmp_path / "z.xlsx", "标题", "", "", COLUMNS, [["", day, None, None]])
    assert list(tmp_path.iterdir()) == []


def test_the_same_file_through_elements(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With lxml installed openpyxl's stream takes elements only: the rows, parsed back
    into elements, give the same cells."""
    fast, parsed = tmp_path / "fast.xlsx", tmp_path / "parsed.xlsx"
    write_ledger(fast, "标题", "某单位", "统计期间：全部", COLUMNS, ROWS)
    monkeypatch.setattr(ledgers, "_raw_writer", ledgers._element_writer)
    write_ledger(parsed, "标题", "某单位", "统计期间：全部", COLUMNS, ROWS)
    assert _read(parsed) == _read(fast)
    a, b = load_workbook(fast).active, load_workbook(parsed).active
    assert a is not None and b is not None
    assert [(c.value, c.style_id) for row in a.iter_rows() for c in row] == [
        (c.value, c.style_id) for row in b.iter_rows() for c in row
    ]
