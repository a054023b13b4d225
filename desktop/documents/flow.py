"""Free-flowing pages (forms, tables) inside the GB/T 9704 text block.

Used by the 谈话记录 and 廉政档案 printouts, which are not letters but keep the same
margins and faces. Drawing is recorded per page first, so that the page count is known
("第1页 共3页") before anything is drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from desktop.documents import page as pg
from desktop.documents.fonts import Face, FontRegistry
from desktop.documents.text import (
    Glyph,
    Span,
    break_lines,
    draw_glyphs,
    glyphs_width,
    justified_space,
    shape,
)

Op = Callable[[Canvas], None]

CELL_PAD_X = 1.2 * pg.MM
CELL_PAD_Y = 1.0 * pg.MM
RULE = 0.5  # pt, table borders


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    span: int = 1
    face: Face = Face.FANGSONG
    align: str = "left"  # left, centre


class Flow:
    """A cursor running down the text block, page after page."""

    def __init__(self, fonts: FontRegistry, bottom: float = pg.BOTTOM) -> None:
        self.fonts = fonts
        self.top = pg.TOP
        self.bottom = bottom  # lowest position content may reach, from the top of the page
        self.pages: list[list[Op]] = [[]]
        self.cursor = self.top

    # -- pages
    def new_page(self) -> None:
        self.pages.append([])
        self.cursor = self.top

    def room(self) -> float:
        return self.bottom - self.cursor

    def ensure(self, height: float) -> None:
        if height > self.room() and self.cursor > self.top + 0.01:
            self.new_page()

    def add(self, op: Op) -> None:
        self.pages[-1].append(op)

    def space(self, height: float) -> None:
        if self.cursor > self.top + 0.01:
            self.cursor = min(self.cursor + height, self.bottom)

    # -- text
    def glyphs(self, spans: Sequence[Span], size: float) -> list[Glyph]:
        return shape(spans, size, self.fonts)

    def line(
        self,
        glyphs: Sequence[Glyph],
        x: float,
        size: float,
        leading: float,
        char_space: float = 0.0,
    ) -> None:
        """One line of text at x (from the left of the block), leading tall."""
        self.ensure(leading)
        baseline = self.cursor + (leading - size) / 2 + pg.EM_ASCENT * size
        chunk = tuple(glyphs)

        def op(canvas: Canvas) -> None:
            canvas.setFillColor(pg.BLACK)
            draw_glyphs(canvas, chunk, pg.LEFT + x, pg.y(baseline), size, char_space)

        self.add(op)
        self.cursor += leading

    def centred(self, spans: Sequence[Span], size: float, leading: float) -> None:
        glyphs = self.glyphs(spans, size)
        self.line(glyphs, (pg.BLOCK_WIDTH - glyphs_width(glyphs)) / 2, size, leading)

    def paragraph(
        self,
        spans: Sequence[Span],
        size: float,
        leading: float,
        first_indent: float = 0.0,
        indent: float = 0.0,
    ) -> None:
        glyphs = self.glyphs(spans, size)
        width = pg.BLOCK_WIDTH
        lines = break_lines(glyphs, width - first_indent, width - indent)
        for n, line in enumerate(lines):
            x = first_indent if n == 0 else indent
            space = 0.0 if line.last else justified_space(line.glyphs, width - x)
            self.line(line.glyphs, x, size, leading, space)

    def heading(self, text: str, face: Face = Face.HEITI, size: float = pg.BODY_SIZE) -> None:
        """A section heading, kept with at least two lines of what follows."""
        leading = size * 1.8
        self.ensure(leading + 3 * size * 1.6)
        self.paragraph([Span(text, face)], size, leading)

    # -- tables
    def table(
        self,
        widths: Sequence[float],
        rows: Sequence[Sequence[Cell]],
        size: float,
        leading: float,
        header: Sequence[Cell] | None = None,
    ) -> None:
        """A bordered table; widths in points sum to the block width. Rows never split
        unless one is taller than a page; the header repeats on every page."""
        scale = pg.BLOCK_WIDTH / sum(widths)
        cols = [w * scale for w in widths]
        head = self._layout_row(header, cols, size, leading) if header else None
        head_height = head.height if head else 0.0
        for n, cells in enumerate(rows):
            row = self._layout_row(cells, cols, size, leading)
            if n == 0:
                # Keep the header with the first row (or with a page's worth of it).
                self.ensure(min(head_height + row.height, self.bottom - self.top))
                if head:
                    self._draw_row(head, size, leading)
            while True:
                fit = int((self.room() - 2 * CELL_PAD_Y + 0.01) // leading)
                if fit >= row.lines:
                    self._draw_row(row, size, leading)
                    break
                if fit >= 2 and row.lines - fit >= 2:
                    first, row = row.split(fit, leading)
                    self._draw_row(first, size, leading)
                self.new_page()
                if head:
                    self._draw_row(head, size, leading)

    def _layout_row(
        self, cells: Sequence[Cell], cols: Sequence[float], size: float, leading: float
    ) -> _LaidRow:
        laid: list[_LaidCell] = []
        x = 0.0
        col = 0
        for cell in cells:
            width = sum(cols[col : col + cell.span])
            inner = width - 2 * CELL_PAD_X
            glyphs = shape([Span(cell.text, cell.face)], size, self.fonts)
            lines = [line.glyphs for line in break_lines(glyphs, inner, inner)] if glyphs else []
            laid.append(_LaidCell(x, width, inner, tuple(lines), cell))
            x += width
            col += cell.span
        most = max([1, *(len(c.lines) for c in laid)])
        return _LaidRow(tuple(laid), most, most * leading + 2 * CELL_PAD_Y)

    def _draw_row(self, row: _LaidRow, size: float, leading: float) -> None:
        top = self.cursor
        for cell in row.cells:
            placed: list[tuple[float, float, tuple[Glyph, ...]]] = []
            for n, glyphs in enumerate(cell.lines):
                baseline = top + CELL_PAD_Y + n * leading + (leading - size) / 2
                baseline += pg.EM_ASCENT * size
                offset = CELL_PAD_X
                if cell.cell.align == "centre":
                    offset += (cell.inner - glyphs_width(glyphs)) / 2
                placed.append((cell.x + offset, baseline, glyphs))
            self.add(_cell_op(cell.x, top, cell.width, row.height, placed, size))
        self.cursor = top + row.height


@dataclass(frozen=True, slots=True)
class _LaidCell:
    x: float
    width: float
    inner: float
    lines: tuple[tuple[Glyph, ...], ...]
    cell: Cell


@dataclass(frozen=True, slots=True)
class _LaidRow:
    cells: tuple[_LaidCell, ...]
    lines: int
    height: float

    def split(self, count: int, leading: float) -> tuple[_LaidRow, _LaidRow]:
        """The first count lines of every cell, and the rest (a row cut at a page end)."""
        head = tuple(_LaidCell(c.x, c.width, c.inner, c.lines[:count], c.cell) for c in self.cells)
        tail = tuple(_LaidCell(c.x, c.width, c.inner, c.lines[count:], c.cell) for c in self.cells)
        rest = self.lines - count
        return (
            _LaidRow(head, count, count * leading + 2 * CELL_PAD_Y),
            _LaidRow(tail, rest, rest * leading + 2 * CELL_PAD_Y),
        )


def _cell_op(
    x: float,
    top: float,
    width: float,
    height: float,
    lines: list[tuple[float, float, tuple[Glyph, ...]]],
    size: float,
) -> Op:
    def op(canvas: Canvas) -> None:
        canvas.setStrokeColor(pg.BLACK)
        canvas.setLineWidth(RULE)
        canvas.rect(pg.LEFT + x, pg.y(top + height), width, height, stroke=1, fill=0)
        canvas.setFillColor(pg.BLACK)
        for left, baseline, glyphs in lines:
            draw_glyphs(canvas, glyphs, pg.LEFT + left, pg.y(baseline), size)

    return op


def finish(canvas: Canvas, flow: Flow, decorate: Callable[[Canvas, int, int], None]) -> None:
    """Draw the recorded pages; decorate(canvas, page_number, page_count) adds footers."""
    total = len(flow.pages)
    for number, ops in enumerate(flow.pages, start=1):
        if number > 1:
            canvas.showPage()
        for op in ops:
            op(canvas)
        decorate(canvas, number, total)
    canvas.save()
