"""Reading an .xlsx workbook's cell values as openpyxl's read-only mode gives them, faster.

The ledger import reads every cell of a sheet once. openpyxl's read-only reader builds
a dict and descriptor objects per cell (and, for a sheet without a <dimension>, parses
the whole sheet a second time to size it): about three times what reading the XML
costs. `sheets` reads the sheet XML itself and gives each worksheet's rows as
`ws.iter_rows(values_only=True)` does: numbers, dates by the cell's number format (and
the workbook's 1904 calendar), shared and inline strings, booleans, the cached values
of formulas, empty cells as None, rows sized by the sheet's <dimension> when it has one.
The workbook's parts (which sheets, their order and names, the styles' date formats)
are read with openpyxl's own parsers, so they mean what they mean to openpyxl.

Whatever it does not know (an unexpected cell type, a serial date out of range, XML it
cannot parse) raises `Unsupported`, and the caller reads the file with openpyxl
instead: a value is never guessed, a cell never dropped. Writing stays with openpyxl.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, iterparse

from openpyxl.packaging.manifest import Manifest
from openpyxl.reader.excel import _find_workbook_part
from openpyxl.reader.workbook import WorkbookParser
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.cell import column_index_from_string, range_boundaries
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import fromstring

_NS = f"{{{SHEET_MAIN_NS}}}"
_ROW, _CELL, _VALUE = f"{_NS}row", f"{_NS}c", f"{_NS}v"
_INLINE, _TEXT, _RUN = f"{_NS}is", f"{_NS}t", f"{_NS}r"
_SHARED, _DIMENSION, _DATA = f"{_NS}si", f"{_NS}dimension", f"{_NS}sheetData"

Row = tuple[Any, ...]


class Unsupported(Exception):
    """The workbook has something this reader does not read as openpyxl would: read it
    with openpyxl."""


def sheets(path: Path | str) -> Iterator[tuple[str, Iterator[Row | list[Any]]]]:
    """(title, rows) of each worksheet in the workbook's order, as openpyxl's
    `load_workbook(read_only=True, data_only=True)` and `iter_rows(values_only=True)`
    give them. Raises Unsupported (also while rows are read) where it cannot."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise Unsupported(str(exc)) from exc
    with archive:
        try:
            book = _Book(archive)
        except Unsupported:
            raise
        except Exception as exc:  # openpyxl's parsers raise many kinds on odd parts
            raise Unsupported(f"workbook: {exc!r}") from exc
        for title, part in book.worksheets:
            yield title, book.rows(part)


def _text(node: Element) -> str:
    """A <si> or <is> element's text as openpyxl's Text.content reads it: its own <t>
    (the last, when several) then each run's <t>; phonetic runs (<rPh>) left out."""
    plain: str | None = None
    runs: list[str] = []
    for child in node:
        if child.tag == _TEXT:
            plain = child.text
        elif child.tag == _RUN:
            text: str | None = None
            for part in child:
                if part.tag == _TEXT:
                    text = part.text
            if text is not None:
                runs.append(text)
    if plain is None:
        return "".join(runs)
    return plain + "".join(runs) if runs else plain


class _Book:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        names = set(archive.namelist())
        package = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
        part = _find_workbook_part(package)
        parser = WorkbookParser(archive, part.PartName[1:])
        parser.parse()
        wb = parser.wb
        apply_stylesheet(archive, wb)
        self.epoch = wb.epoch
        self.date_formats: set[int] = set(wb._date_formats)
        self.timedelta_formats: set[int] = set(wb._timedelta_formats)
        self.worksheets: list[tuple[str, str]] = []
        for sheet, rel in parser.find_sheets():
            if rel.target not in names:
                continue
            if "chartsheet" in rel.Type:  # openpyxl reads its drawings (and may fail there)
                raise Unsupported("a chartsheet")
            self.worksheets.append((sheet.name, rel.target))
        self.strings: list[str] = []
        found = package.find(SHARED_STRINGS)
        if found is not None:
            with archive.open(found.PartName[1:]) as src:
                self.strings = _string_table(src)

    def rows(self, part: str) -> Iterator[Row | list[Any]]:
        """The rows of one sheet as openpyxl's ReadOnlyWorksheet._cells_by_row gives
        them from row 1, column 1 (values only)."""
        try:
            max_col, max_row = self._size(part)
        except Exception as exc:
            raise Unsupported(f"{part}: {exc!r}") from exc
        # a row the file leaves out: as wide as the dimension, else [] (as openpyxl gives)
        empty: Row | None = (None,) * max_col if max_col is not None else None
        counter = index = 1
        try:
            with self.archive.open(part) as src:
                for index, row in self._parsed(src):
                    if max_row is not None and index > max_row:
                        break
                    for _ in range(counter, index):  # rows the file leaves out
                        counter += 1
                        yield [] if empty is None else empty
                    if counter <= index:
                        counter += 1
                        yield _sized(row, max_col)
        except Unsupported:
            raise
        except Exception as exc:  # a broken part: openpyxl names the row
            raise Unsupported(f"{part}: {exc!r}") from exc
        if max_row is not None and max_row < index:
            for _ in range(counter, max_row + 1):
                yield [] if empty is None else empty

    def _size(self, part: str) -> tuple[int | None, int | None]:
        """The sheet's <dimension>, read as openpyxl reads it (up to <sheetData>)."""
        with self.archive.open(part) as src:
            for _event, element in iterparse(src, events=("start",)):
                if element.tag == _DIMENSION:
                    ref = element.get("ref")
                    if ref is None:
                        raise Unsupported("a <dimension> without ref")
                    _c1, _r1, max_col, max_row = range_boundaries(ref)
                    return max_col, max_row
                if element.tag == _DATA:
                    break
        return None, None

    def _parsed(self, src: IO[bytes]) -> Iterator[tuple[int, list[tuple[int, Any]]]]:
        """(row number, [(column, value)]) per <row>, as openpyxl's WorkSheetParser."""
        strings, dates, durations = self.strings, self.date_formats, self.timedelta_formats
        epoch = self.epoch
        columns: dict[str, int] = {}
        row_counter = 0
        for _event, row in iterparse(src):
            if row.tag != _ROW:
                continue
            number = row.get("r")
            row_counter = int(number) if number is not None else row_counter + 1
            col_counter = 0
            cells: list[tuple[int, Any]] = []
            for cell in row:
                if cell.tag != _CELL:  # openpyxl would count it as a cell
                    raise Unsupported(f"<{cell.tag}> in a row")
                ref = cell.get("r")
                if ref:
                    letters = ref.rstrip("0123456789")
                    column = columns.get(letters)
                    if column is None:
                        if not letters.isalpha() or not ref[len(letters) :].isdigit():
                            raise Unsupported(f"cell reference {ref!r}")
                        column = columns[letters] = column_index_from_string(letters)
                    col_counter = column
                else:
                    col_counter += 1
                    column = col_counter
                kind = cell.get("t", "n")
                value: Any = None
                if kind == "inlineStr":
                    child = cell.find(_INLINE)
                    if child is not None:
                        value = _text(child)
                else:
                    found = cell.find(_VALUE)
                    raw = found.text if found is not None else None
                    if raw:
                        if kind == "n":
                            if "." in raw or "E" in raw or "e" in raw:
                                value = float(raw)
                            else:
                                value = int(raw)
                            style = cell.get("s")
                            if style and int(style) in dates:
                                try:
                                    value = from_excel(
                                        value, epoch, timedelta=int(style) in durations
                                    )
                                except (OverflowError, ValueError) as exc:
                                    raise Unsupported(f"date out of range in {ref}") from exc
                        elif kind == "s":
                            value = strings[int(raw)]
                        elif kind == "str" or kind == "e":
                            value = raw
                        elif kind == "b":
                            value = bool(int(raw))
                        elif kind == "d":
                            value = from_ISO8601(raw)
                        else:
                            raise Unsupported(f"cell type {kind!r} in {ref}")
                cells.append((column, value))
            row.clear()
            yield row_counter, cells


def _sized(cells: list[tuple[int, Any]], max_col: int | None) -> Row:
    """A row's values in a tuple as wide as the sheet's dimension, else up to its last
    cell (openpyxl's ReadOnlyWorksheet._get_row)."""
    if not cells and not max_col:
        return ()
    width = max_col or cells[-1][0]
    values: list[Any] = [None] * width
    for column, value in cells:
        if column <= width:
            values[column - 1] = value
    return tuple(values)


def _string_table(src: IO[bytes]) -> list[str]:
    """The shared strings as openpyxl's read_string_table reads them."""
    strings = []
    for _event, node in iterparse(src):
        if node.tag == _SHARED:
            strings.append(_text(node).replace("x005F_", ""))
            node.clear()
    return strings
