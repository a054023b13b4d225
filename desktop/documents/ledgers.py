"""Excel ledgers (台账) in the layouts offices use: plain rows in, a formatted .xlsx out.

The workbook has a merged title row, a merged line with the office and the period,
one header row (repeated on every printed page and frozen on screen), 序号, thin
borders, wrapped text, real Excel dates and A4 landscape fitted to the page width.
Nothing here knows the store; desktop.domain.ledger_io builds the rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Sequence, Sized
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

ColumnKind = Literal["text", "date", "int", "money"]

DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00"
TITLE_ROW, INFO_ROW, HEADER_ROW = 1, 2, 3
FIRST_DATA_ROW = 4
CHECK_EVERY = 200  # rows between cancel checks and progress reports


class Cancelled(Exception):
    """The caller's cancelled() returned True; nothing was written."""


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 12
    kind: ColumnKind = "text"


_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
_FONT = Font(name="宋体", size=10)
_HEADER_FONT = Font(name="黑体", size=10, bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")


def _sheet_title(title: str) -> str:
    bad = set("[]:*?/\\")
    clean = "".join("_" if ch in bad else ch for ch in title).strip("'") or "台账"
    return clean[:31]


def cell_value(kind: ColumnKind, value: Any) -> Any:
    """The value as the sheet holds it: real dates, numbers, text (the benchmark floor too)."""
    if value is None or value == "":
        return None
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, dt.date):
            return dt.datetime(value.year, value.month, value.day)
        if isinstance(value, str):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                return value
            return dt.datetime(day.year, day.month, day.day)
        return value
    if kind == "int":
        return int(value)
    if kind == "money":
        return float(value)
    return str(value)


def write_ledger(
    path: Path | str,
    title: str,
    office: str,
    period_text: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    total: int | None = None,
    serial: bool = True,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write one ledger sheet. `rows` hold one value per column (序号 is added when serial).

    Raises Cancelled (and writes nothing) when `cancelled()` turns True.
    """
    path = Path(path)
    cols = [Column("序号", 6, "int"), *columns] if serial else list(columns)
    # write-only: rows stream to a temporary file instead of living as cell objects
    # (a 124k-row ledger took about 1 GB the ordinary way); everything above the rows
    # (widths, heights, frozen panes, merges) is declared before the first row
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_sheet_title(title))
    last = get_column_letter(len(cols))
    if total is None:  # rows given as a list; a stream says how many it will give
        total = len(rows) if isinstance(rows, Sized) else 0

    for index, col in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(index)].width = col.width
    ws.row_dimensions[TITLE_ROW].height = 32
    ws.row_dimensions[INFO_ROW].height = 20
    ws.row_dimensions[HEADER_ROW].height = 30
    ws.merged_cells.add(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    ws.merged_cells.add(f"A{INFO_ROW}:{last}{INFO_ROW}")
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"

    def style(
        font: Font,
        alignment: Alignment,
        number_format: str | None = None,
        *,
        framed: bool = True,
        fill: PatternFill | None = None,
    ) -> StyleArray:
        """A cell's style, looked up once: openpyxl hashes every style object it is
        given, so styling each cell one by one cost more than writing the cells."""
        template = WriteOnlyCell(ws)
        template.font, template.alignment = font, alignment
        if framed:
            template.border = _BORDER
        if fill is not None:
            template.fill = fill
        if number_format is not None:
            template.number_format = number_format
        return template._style

    def cell(value: Any, styled: StyleArray) -> Cell:
        return Cell(ws, row=1, column=1, value=value, style_array=styled)

    tmp = path.with_name(path.name + ".part")
    try:
        title_font = Font(name="方正小标宋简体", size=16, bold=True)
        ws.append([cell(title, style(title_font, _CENTER, framed=False))])
        info = "　　".join(p for p in (f"填报单位：{office}" if office else "", period_text) if p)
        left = Alignment(horizontal="left", vertical="center")
        ws.append([cell(info or None, style(_FONT, left, framed=False))])
        header_style = style(_HEADER_FONT, _CENTER, fill=_HEADER_FILL)
        ws.append([cell(col.header, header_style) for col in cols])

        right = Alignment(vertical="center", horizontal="right")
        by_kind = {
            "date": style(_FONT, _CENTER, DATE_FORMAT),
            "money": style(_FONT, right, MONEY_FORMAT),
            "int": style(_FONT, _CENTER),
            "text": style(_FONT, _WRAP),
        }
        # One cell per column, styled once and given each row's value in turn: a
        # write-only sheet writes an appended row out before append returns
        row_cells = [(col.kind, cell(None, by_kind[col.kind])) for col in cols]
        line = [c for _kind, c in row_cells]
        written = 0
        for n, values in enumerate(rows, start=1):
            if n % CHECK_EVERY == 1 or CHECK_EVERY == 1:
                if cancelled is not None and cancelled():
                    raise Cancelled()
                if progress is not None:
                    progress(n - 1, total)
            full = [n, *values] if serial else list(values)
            if len(full) != len(cols):
                raise ValueError(f"row {n} has {len(full)} values for {len(cols)} columns")
            for (kind, c), value in zip(row_cells, full, strict=True):
                c.value = cell_value(kind, value)
            ws.append(line)
            written = n
        if cancelled is not None and cancelled():
            raise Cancelled()
        if written:  # the filter is written after the rows, so the real count is known
            ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{FIRST_DATA_ROW + written - 1}"

        wb.save(tmp)
        tmp.replace(path)
    except BaseException:
        # finish the half-written stream so its temporary file is closed, then drop it
        with contextlib.suppress(Exception):
            wb.save(tmp)
        raise
    finally:
        tmp.unlink(missing_ok=True)
    if progress is not None:
        progress(written, max(total, written))
    return path
