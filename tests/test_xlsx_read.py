"""documents.xlsx_read gives, cell by cell, what openpyxl's read-only mode gives, and
refuses (Unsupported) what it does not read; the import then reads with openpyxl."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest
from ledger_corpus import write_all
from ledger_office import office_activities, office_inspections
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from desktop.documents import xlsx_read
from desktop.documents.ledgers import Column, write_ledger
from desktop.domain import ledger_import
from desktop.store import Store, UserError


def _openpyxl(path: Path) -> list[tuple[str, list[tuple[Any, ...]]]]:
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        return [(ws.title, list(ws.iter_rows(values_only=True))) for ws in wb.worksheets]
    finally:
        wb.close()


def _fast(path: Path) -> list[tuple[str, list[tuple[Any, ...]]]]:
    return [(title, list(rows)) for title, rows in xlsx_read.sheets(path)]


def _same(path: Path) -> None:
    expected, found = _openpyxl(path), _fast(path)
    assert [t for t, _ in found] == [t for t, _ in expected]
    for (title, want), (_, got) in zip(expected, found, strict=True):
        assert len(got) == len(want), title
        for n, (a, b) in enumerate(zip(want, got, strict=True), start=1):
            assert b == a, f"{title} row {n}"
            assert [type(v) for v in b] == [type(v) for v in a], f"{title} row {n}"


def _rewrite(path: Path, edit: dict[str, bytes | None]) -> Path:
    """The workbook with parts replaced (None: removed) or added."""
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    for name, data in edit.items():
        if data is None:
            parts.pop(name, None)
        else:
            parts[name] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def _with_sheet(tmp_path: Path, name: str, sheet_data: str, *, head: str = "") -> Path:
    """A workbook whose first sheet's XML is written by hand (cells as Excel/WPS write
    them: formulas with cached values, error cells, ISO dates, cells without r)."""
    wb = Workbook()
    wb.active["A1"] = "x"  # type: ignore[index]
    path = tmp_path / name
    wb.save(path)
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    xml = f'<worksheet xmlns="{ns}">{head}<sheetData>{sheet_data}</sheetData></worksheet>'
    return _rewrite(path, {"xl/worksheets/sheet1.xml": xml.encode()})


def test_the_corpus_and_office_workbooks_read_alike(tmp_path: Path) -> None:
    """The old ledgers of tests/ledger_corpus.py (merged titles, blank rows, footers,
    dates typed as dates and as text) and the offices' 监督检查/工作活动 books."""
    paths = write_all(tmp_path / "corpus")
    paths.append(office_inspections(tmp_path / "inspections.xlsx"))
    paths.append(office_activities(tmp_path / "activities.xlsx"))
    for path in paths:
        _same(path)


def test_our_export_reads_alike(tmp_path: Path) -> None:
    """A ledger as write_ledger writes it: inline strings, real dates, money, 序号."""
    columns = [Column("日期", 11, "date"), Column("金额", 10, "money"), Column("内容", 30)]
    rows = [
        [dt.date(2024, 3, 5), 12345, "反映其违规吃喝"],
        [None, None, "第二行\n换行"],
        [dt.date(1999, 12, 31), 0, ""],
    ]
    path = tmp_path / "export.xlsx"
    write_ledger(path, "谈话台账", "清河县纪委监委", "统计期间：全部", columns, rows)
    _same(path)


def test_typed_values_shared_strings_and_sheets(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "说明"
    ws.append(["填表说明：请按实际填写"])
    ws2 = wb.create_sheet("台账")
    ws2.append(["问题线索处置台账"])
    ws2.merge_cells("A1:F1")
    ws2.append(["日期", "时间", "数字", "小数", "是否", "文本"])
    ws2.append([dt.date(2024, 1, 2), dt.time(9, 30), 7, 2.5, True, "王芳"])
    ws2.append([dt.datetime(2024, 1, 2, 14, 5), None, -3, 1e20, False, "王芳"])
    ws2.append([])
    ws2.append([None, None, None, None, None, "  前后空格  "])
    ws2["H9"] = dt.timedelta(hours=30)
    ws2["B11"] = 45000
    ws2["B11"].number_format = "yyyy/m/d"
    ws2["C11"] = 45000.5
    ws2["C11"].number_format = "[h]:mm:ss"
    ws2["D11"] = CellRichText(["普通", TextBlock(InlineFont(b=True), "加粗")])
    ws2["E11"] = "=1+1"  # a formula with no cached value: None, read data only
    path = tmp_path / "typed.xlsx"
    wb.save(path)
    _same(path)
    wb.create_chartsheet("图表")  # openpyxl reads its drawings: left to openpyxl
    wb.save(path)
    with pytest.raises(xlsx_read.Unsupported):
        _fast(path)


def test_hand_written_cells(tmp_path: Path) -> None:
    """Formulas' cached values, errors, ISO dates, t="str", cells and rows without r,
    rows left out, out-of-order cells, empty <v>, a rich shared string with phonetics."""
    data = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2"><f>1+1</f><v>2</v></c><c r="B2" t="str"><f>A1</f><v>王芳</v></c>'
        '<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D2" t="b"><v>1</v></c>'
        '<c r="E2" t="d"><v>2024-03-05T00:00:00</v></c><c r="F2"><v></v></c>'
        '<c r="G2" t="inlineStr"><is><r><t>甲</t></r>'
        '<r><t xml:space="preserve"> 乙</t></r></is></c>'
        "</row>"
        "<row><c><v>1</v></c><c><v>2.5E3</v></c><c/><c><v>4</v></c></row>"
        '<row r="7"><c r="C7"><v>3</v></c><c r="A7"><v>1</v></c></row>'
        '<row r="9"><c r="B9" t="inlineStr"/></row>'
    )
    strings = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>序号</t></si>"
        "<si><r><t>来件</t></r><r><rPr><b/></rPr><t>时间_x005F_</t></r>"
        "<rPh sb='0' eb='1'><t>ライ</t></rPh></si>"
        "</sst>"
    )
    path = _with_sheet(tmp_path, "hand.xlsx", data)
    with zipfile.ZipFile(path) as zf:
        types = zf.read("[Content_Types].xml")
    shared = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    if b"sharedStrings" not in types:
        types = types.replace(b"</Types>", shared)
    _rewrite(path, {"xl/sharedStrings.xml": strings.encode(), "[Content_Types].xml": types})
    _same(path)
    assert _fast(path)[0][1][1][:3] == (2, "王芳", "#DIV/0!")  # cached values


@pytest.mark.parametrize(
    "ref", ["A1:C3", "A1", "B2:D5", "A1:Z2"], ids=["fits", "a1", "offset", "short"]
)
def test_a_dimension_sizes_rows_as_openpyxl_does(tmp_path: Path, ref: str) -> None:
    """A sheet's <dimension> pads rows to its width and stops at its last row, even when
    it is wrong (openpyxl's read-only reading; the import's behaviour is unchanged)."""
    data = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in "ABC") + "</row>"
        for r in (1, 2, 4)
    )
    path = _with_sheet(tmp_path, "dim.xlsx", data, head=f'<dimension ref="{ref}"/>')
    _same(path)


def test_a_1904_workbook_reads_its_dates_alike(tmp_path: Path) -> None:
    wb = Workbook()
    wb.epoch = dt.datetime(1904, 1, 1)  # type: ignore[assignment]
    ws = wb.active
    assert ws is not None
    ws.append([dt.date(2024, 3, 5), dt.datetime(2000, 1, 1, 8, 0)])
    path = tmp_path / "mac.xlsx"
    wb.save(path)
    _same(path)


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="A2" t="x"><v>1</v></c>',  # a type openpyxl does not know
        '<c r="A2"><v>NaN</v></c>',  # openpyxl cannot read it either: it names the row
        '<c r="$A$2"><v>1</v></c>',
    ],
)
def test_what_it_does_not_read_is_refused_not_guessed(tmp_path: Path, cell: str) -> None:
    rows = f'<row r="1"><c r="A1"><v>1</v></c></row><row r="2">{cell}</row>'
    path = _with_sheet(tmp_path, "odd.xlsx", rows)
    with pytest.raises(xlsx_read.Unsupported):
        _fast(path)


def _talk_ledger(path: Path, *rows: list[object]) -> Path:
    """A small 谈话台账 as an office keeps it: a title row, the headers, `rows`."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["谈话台账"])
    ws.append(["序号", "谈话时间", "谈话类型", "谈话人", "谈话对象", "事由"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_the_import_reads_with_openpyxl_what_the_fast_reader_refuses(tmp_path: Path) -> None:
    """A cell type the fast reader does not know: the import reads the file with openpyxl
    and gets the same plan it would have had."""
    path = _talk_ledger(
        tmp_path / "talks.xlsx",
        [1, "2024-03-05", "提醒谈话", "王建国（主要负责人）", "李四", "了解情况"],
        [2, "2024-03-06", "提醒谈话", "王建国（主要负责人）", "赵六", "了解情况"],
    )
    store = Store.open(tmp_path / "store", create=True)
    try:
        before = ledger_import.plan_import(store, path, "谈话")
        with zipfile.ZipFile(path) as zf:
            sheet = zf.read("xl/worksheets/sheet1.xml")
        # the 序号 of the last row as a type only openpyxl reads (as its text)
        odd = sheet.replace(b'<c r="A4" t="n"><v>2</v></c>', b'<c r="A4" t="x"><v>2</v></c>')
        assert odd != sheet
        _rewrite(path, {"xl/worksheets/sheet1.xml": odd})
        with pytest.raises(xlsx_read.Unsupported):
            _fast(path)
        after = ledger_import.plan_import(store, path, "谈话")
        assert after.accepted == before.accepted == [3, 4]
        assert ledger_import.guess_kind(path) == "谈话"
    finally:
        store.close()


def test_a_broken_cell_still_names_its_row(tmp_path: Path) -> None:
    """The fast reader refuses, openpyxl fails on the cell: the clerk is told the row."""
    path = _talk_ledger(
        tmp_path / "nan.xlsx", [777777, "2024-03-05", "提醒谈话", "王建国", "李四", "了解情况"]
    )
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    _rewrite(path, {"xl/worksheets/sheet1.xml": sheet.replace(b"777777", b"NaN")})
    store = Store.open(tmp_path / "store", create=True)
    try:
        with pytest.raises(UserError, match="第3行有无法读取的单元格"):
            ledger_import.plan_import(store, path, "谈话")
    finally:
        store.close()
