"""统计汇总 as an Excel workbook: the same report the PDF prints, for offices that keep
their figures in Excel (the figure table, the paragraph, progress per unit).

Plain data in (``desktop.documents.summary.SummaryReport``), .xlsx bytes out; the header
says what the figures cover (period, unit, campaign, theme) as the PDF's does. Numbers are
numbers (counts as integers), shown values ('75%', '+2', '—') stay as printed. Equal input
gives equal bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from desktop.documents.summary import SummaryReport

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = Font(name="宋体", size=11)
_BOLD = Font(name="黑体", size=11, bold=True)
_TITLE = Font(name="方正小标宋简体", size=16, bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_SECTION_FILL = PatternFill("solid", fgColor="EFE9E1")
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
WIDTHS = (40, 14, 14, 16)  # 统计项目, 本期, 上年同期, 增减
PARAGRAPH_CHARS = 44  # characters per line of the merged paragraph cell (row height)


def _value(text: str, signed: bool = False) -> tuple[int | float | str, str]:
    """A count or an amount as a number (so Excel can add it up), with its format (a change
    keeps its sign); anything else ('75%', '—', '+2.5个百分点') as shown."""
    match = _NUMBER.match(text)
    if match is None:
        return text, "General"
    if match.group(1):
        return float(text), "+0.00;-0.00;0" if signed else "0.00"
    return int(text), "+0;-0;0" if signed else "0"


def _merged_line(ws: Worksheet, row: int, text: str, font: Font = _FONT) -> None:
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(WIDTHS))
    cell = ws.cell(row, 1, text)
    cell.font, cell.alignment = font, _LEFT


def _figures_sheet(ws: Worksheet, report: SummaryReport) -> None:
    ws.title = "统计汇总"
    for n, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions["ABCD"[n - 1]].width = width
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(WIDTHS))
    title = ws.cell(1, 1, report.title)
    title.font, title.alignment = _TITLE, _CENTER
    ws.row_dimensions[1].height = 36
    notes = [f"统计区间：{report.current_range}"] if report.current_range else []
    notes.append(f"统计范围：{report.scope or '全部单位'}")
    notes.extend(report.filters)
    if report.previous_range:
        notes.append(f"上年同期：{report.previous_range}")
    row = 2
    for text in notes:
        _merged_line(ws, row, text)
        row += 1
    row += 1
    header = row
    for n, text in enumerate(("统计项目", "本期", "上年同期", "增减"), start=1):
        cell = ws.cell(row, n, text)
        cell.font, cell.alignment, cell.fill, cell.border = _BOLD, _CENTER, _HEADER_FILL, _BORDER
    for section in report.sections:
        row += 1
        for n in range(1, len(WIDTHS) + 1):
            cell = ws.cell(row, n, section.title if n == 1 else None)
            cell.font, cell.fill, cell.border = _BOLD, _SECTION_FILL, _BORDER
        for line in section.rows:
            row += 1
            label = ws.cell(row, 1, ("　　" if line.level else "") + line.label)
            label.font, label.alignment, label.border = _FONT, _LEFT, _BORDER
            for n, text in enumerate((line.current, line.previous, line.change), start=2):
                value, shown = _value(text, signed=n == 4)
                cell = ws.cell(row, n, value)
                cell.font, cell.alignment, cell.border = _FONT, _RIGHT, _BORDER
                cell.number_format = shown
    ws.freeze_panes = ws.cell(header + 1, 1)
    ws.print_title_rows = f"{header}:{header}"
    row += 2
    _merged_line(ws, row, "总体情况", _BOLD)
    row += 1
    _merged_line(ws, row, report.paragraph)
    lines = max(1, -(-len(report.paragraph) // PARAGRAPH_CHARS))
    ws.row_dimensions[row].height = 16 * lines
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _progress_sheet(ws: Worksheet, report: SummaryReport) -> None:
    """各单位整改进度, as the PDF's table (most found first), with the total."""
    ws.title = "各单位整改进度"
    headers = ("责任单位", "发现问题", "已整改", "逾期未整改")
    for n, (text, width) in enumerate(zip(headers, (30, 12, 12, 14), strict=True), start=1):
        ws.column_dimensions["ABCD"[n - 1]].width = width
        cell = ws.cell(1, n, text)
        cell.font, cell.alignment, cell.fill, cell.border = _BOLD, _CENTER, _HEADER_FILL, _BORDER
    rows: list[tuple[str, int, int, int]] = [
        (u.unit, u.found, u.rectified, u.overdue) for u in report.rectification
    ]
    total = (
        "合计",
        sum(r[1] for r in rows),
        sum(r[2] for r in rows),
        sum(r[3] for r in rows),
    )
    for r, values in enumerate([*rows, total], start=2):
        for n, value in enumerate(values, start=1):
            cell = ws.cell(r, n, value)
            cell.font = _BOLD if values is total else _FONT
            cell.alignment, cell.border = (_LEFT if n == 1 else _RIGHT), _BORDER
    ws.freeze_panes = "A2"


def render_workbook(report: SummaryReport) -> bytes:
    wb = Workbook()
    first = wb.active
    assert first is not None
    _figures_sheet(first, report)
    _progress_sheet(wb.create_sheet(), report)
    moment = dt.datetime.combine(report.day, dt.time())
    wb.properties.creator = wb.properties.lastModifiedBy = report.office or "清风台账"
    wb.properties.title = report.title
    wb.properties.created = wb.properties.modified = moment
    buffer = io.BytesIO()
    wb.save(buffer)
    return _fixed_times(buffer.getvalue(), moment)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_times(data: bytes, moment: dt.datetime) -> bytes:
    """The same bytes for the same report: the zip entries and the 'modified' property
    (openpyxl sets it to now when saving) carry the report's day."""
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
            fixed = zipfile.ZipInfo(info.filename, moment.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()
