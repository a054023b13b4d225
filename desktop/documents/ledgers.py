"""Excel ledgers (台账) in the layouts offices use: plain rows in, a formatted .xlsx out.

The workbook has a merged title row, a merged line with the office and the period,
one header row (repeated on every printed page and frozen on screen), 序号, thin
borders, wrapped text, real Excel dates and A4 landscape fitted to the page width.
Nothing here knows the store; desktop.domain.ledger_io builds the rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from collections.abc import Callable, Generator, Iterable, Sequence, Sized
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import fromstring

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


# -- the rows as sheet XML ---------------------------------------------------------------
# openpyxl's write-only sheet turns every value into a cell object, looks its style up in
# the workbook and serialises an element tree per cell: with a style on every cell that
# cost about as much again as writing the values. The rows below are written as the same
# XML openpyxl writes for them (inline strings, numbers, dates as serial numbers, every
# cell with its column's style), straight into openpyxl's stream; everything else in the
# file (styles, widths, merges, panes, print setup, filter) is still openpyxl's.


def _escaped(text: str) -> str:
    """Text as XML character data (what xml.etree escapes there: &, < and >)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _number(value: float) -> str:
    """openpyxl's safe_string for numbers: 16 significant digits, NaN and ∞ left out."""
    return "" if math.isnan(value) or math.isinf(value) else f"{value:.16g}"


def _inline(text: str) -> str:
    """An inline string's body, keeping leading or trailing spaces as openpyxl does."""
    stripped = text.strip()
    if stripped and stripped != text:
        return f' t="inlineStr"><is><t xml:space="preserve">{_escaped(text)}</t></is></c>'
    return f' t="inlineStr"><is><t>{_escaped(text)}</t></is></c>'


_MAX_TEXT = 32767  # Excel's limit; openpyxl cuts longer text
_Head = tuple[str, str]  # a cell's XML up to its style: before and after the row number


class UnwritableText(ValueError):
    """Text holding a control character (pasted from another program) that an .xlsx cannot
    hold: refused, named by its row and column, rather than changed or dropped."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text
        self.column = 0  # filled in by the row that holds it
        self.row = 0  # the ledger's row (its 序号) and its column's header: by write_ledger
        self.header = ""

    def __str__(self) -> str:
        found = ILLEGAL_CHARACTERS_RE.search(self.text)
        code = f"U+{ord(found.group()):04X}" if found else ""
        return (
            f"第{self.row}行“{self.header}”中有 Excel 表格不能保存的控制字符（{code}），"
            "多为从其他软件粘贴带入。请在该记录中删去后再导出。"
        )


class _RowXml:
    """Sheet rows as XML, each cell with its column's style id."""

    def __init__(self, ws: Any, epoch: dt.datetime) -> None:
        self._scratch = WriteOnlyCell(ws)  # openpyxl's own typing, for the rare values
        self._epoch = epoch

    def _body(self, value: Any) -> str:
        """What follows `<c r=".." s=".."` for one value: its type and content."""
        kind = type(value)
        if value is None:
            return ' t="n"/>'
        if kind is str:
            # a record's text is text: "=…" is not a formula, "#N/A" not an error code
            if ILLEGAL_CHARACTERS_RE.search(value) is not None:
                raise UnwritableText(value)
            return _inline(value[:_MAX_TEXT])
        elif kind is int or kind is float:
            return f' t="n"><v>{_number(value)}</v></c>'
        elif kind is dt.datetime and value.tzinfo is None:
            return f' t="n"><v>{_number(to_excel(value, self._epoch))}</v></c>'
        return self._typed_by_openpyxl(value)

    def _typed_by_openpyxl(self, value: Any) -> str:
        """Values the fast path leaves to openpyxl: it types them (a formula, an error
        code, a long text cut to 32,767 characters, a boolean, a date) or refuses them
        (IllegalCharacterError for control characters, TypeError for a datetime with a
        time zone) exactly as for its own cells."""
        scratch = self._scratch
        scratch.value = value
        value, data_type = scratch.value, scratch.data_type
        if data_type == "s":
            return _inline(value)
        if data_type == "f":
            return f"><f>{_escaped(value[1:])}</f><v/></c>"
        if data_type == "e":
            return f' t="e"><v>{_escaped(value)}</v></c>'
        if data_type == "b":
            return f' t="b"><v>{_number(value)}</v></c>'
        if data_type == "d":
            if getattr(value, "tzinfo", None) is not None:
                raise TypeError("Excel does not support timezones in datetimes")
            return f' t="n"><v>{_number(to_excel(value, self._epoch))}</v></c>'
        return f' t="n"><v>{_number(value)}</v></c>'

    def row(
        self, number: int, heads: Sequence[_Head], values: Iterable[Any], attrs: str = ""
    ) -> str:
        """One <row>, a cell per head and value."""
        r = str(number)
        body = self._body
        parts = [f'<row r="{r}"{attrs}>']
        for column, ((before, after), value) in enumerate(zip(heads, values, strict=True)):
            try:
                parts.append(before + r + after + body(value))
            except UnwritableText as exc:
                exc.column = column
                raise
        parts.append("</row>")
        return "".join(parts)


def _raw_writer(xf: Any) -> Callable[[str], Any]:
    """The stream's own write (xml.etree's writer, which openpyxl uses without lxml);
    with lxml installed openpyxl streams through lxml, which takes elements only."""
    write = getattr(xf, "_file", None)
    return write if callable(write) else _element_writer(xf)


def _element_writer(xf: Any) -> Callable[[str], Any]:
    """Each row parsed back into an element and written as openpyxl writes its cells."""
    return lambda row: xf.write(fromstring(row))


def _sheet_data(ws: Any) -> Generator[None, str, None]:
    """openpyxl's row stream (WriteOnlyWorksheet._write_rows) taking each row as its
    finished XML: the sheet's head is written first, the rows inside <sheetData>, and
    the sheet's tail when the workbook is saved (which closes this generator)."""
    ws._get_writer()
    xf = ws._writer.xf.send(True)
    with xf.element("sheetData"):
        write = _raw_writer(xf)
        with contextlib.suppress(GeneratorExit):
            while True:
                write((yield))
    ws._writer.xf.send(None)


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
    letters = [get_column_letter(index) for index in range(1, len(cols) + 1)]
    last = letters[-1]
    if total is None:  # rows given as a list; a stream says how many it will give
        total = len(rows) if isinstance(rows, Sized) else 0

    for letter, col in zip(letters, cols, strict=True):
        ws.column_dimensions[letter].width = col.width
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
    ) -> int:
        """A style's id in the workbook, looked up once: openpyxl hashes every style
        object it is given, so styling each cell one by one cost more than writing the
        cells."""
        template = WriteOnlyCell(ws)
        template.font, template.alignment = font, alignment
        if framed:
            template.border = _BORDER
        if fill is not None:
            template.fill = fill
        if number_format is not None:
            template.number_format = number_format
        return int(template.style_id)

    def head(letter: str, style_id: int) -> _Head:
        return f'<c r="{letter}', f'" s="{style_id}"'

    def height(row: int) -> str:
        return "".join(f' {k}="{v}"' for k, v in ws.row_dimensions[row])

    xml = _RowXml(ws, wb.epoch)
    stream = ws._rows = _sheet_data(ws)
    next(stream)
    tmp = path.with_name(path.name + ".part")
    try:
        title_font = Font(name="方正小标宋简体", size=16, bold=True)
        title_head = head("A", style(title_font, _CENTER, framed=False))
        stream.send(xml.row(TITLE_ROW, [title_head], [title], height(TITLE_ROW)))
        info = "　　".join(p for p in (f"填报单位：{office}" if office else "", period_text) if p)
        left = Alignment(horizontal="left", vertical="center")
        info_head = head("A", style(_FONT, left, framed=False))
        stream.send(xml.row(INFO_ROW, [info_head], [info or None], height(INFO_ROW)))
        header_style = style(_HEADER_FONT, _CENTER, fill=_HEADER_FILL)
        headers = [head(letter, header_style) for letter in letters]
        texts = [col.header for col in cols]
        stream.send(xml.row(HEADER_ROW, headers, texts, height(HEADER_ROW)))

        right = Alignment(vertical="center", horizontal="right")
        kinds: dict[ColumnKind, tuple[Alignment, str | None]] = {
            "date": (_CENTER, DATE_FORMAT),
            "money": (right, MONEY_FORMAT),
            "int": (_CENTER, None),
            "text": (_WRAP, None),
        }
        by_kind = {kind: style(_FONT, *kinds[kind]) for kind in dict.fromkeys(c.kind for c in cols)}
        heads = [head(letter, by_kind[col.kind]) for letter, col in zip(letters, cols, strict=True)]
        convert = [col.kind for col in cols]
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
            cells = [cell_value(kind, value) for kind, value in zip(convert, full, strict=True)]
            try:
                stream.send(xml.row(HEADER_ROW + n, heads, cells))
            except UnwritableText as exc:
                exc.row, exc.header = n, cols[exc.column].header
                raise
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
