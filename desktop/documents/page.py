"""Page geometry of GB/T 9704-2012 and the drawing helpers every document shares.

Distances are in points (1/72 inch) unless a name ends in _MM. Vertical positions are
measured downwards from the top edge of the page ("from_top") and converted to PDF
coordinates (upwards from the bottom edge) only when drawing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from desktop.documents.fonts import Face, FontRegistry
from desktop.documents.text import Glyph, Span, draw_glyphs, glyphs_width, shape

MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = float(A4[0]), float(A4[1])

TOP_MM = 37.0
LEFT_MM = 28.0
BLOCK_WIDTH_MM = 156.0
BLOCK_HEIGHT_MM = 225.0
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28

TOP = TOP_MM * MM
LEFT = LEFT_MM * MM
BLOCK_WIDTH = BLOCK_WIDTH_MM * MM
BLOCK_HEIGHT = BLOCK_HEIGHT_MM * MM
BOTTOM = TOP + BLOCK_HEIGHT  # bottom edge of the text block, from the top of the page
RIGHT = LEFT + BLOCK_WIDTH
LINE_PITCH = BLOCK_HEIGHT / LINES_PER_PAGE  # 10.227 mm
CHAR_PITCH = BLOCK_WIDTH / CHARS_PER_LINE  # 5.571 mm

# Chinese type sizes (字号) in points.
SIZE_CHUHAO = 42.0
SIZE_XIAOCHU = 36.0
SIZE_YIHAO = 26.0
SIZE_ERHAO = 22.0
SIZE_XIAOER = 18.0
SIZE_SANHAO = 16.0
SIZE_SIHAO = 14.0
SIZE_XIAOSI = 12.0

BODY_SIZE = SIZE_SANHAO
TITLE_SIZE = SIZE_ERHAO
PAGE_NUMBER_SIZE = SIZE_SIHAO
# Character spacing that puts 28 三号 characters on a 156 mm line (the character grid).
BODY_CHAR_SPACE = CHAR_PITCH - BODY_SIZE

# Ideographic em box: from 0.12 em below the baseline to 0.88 em above it.
EM_ASCENT = 0.88
EM_DESCENT = 0.12

PAGE_NUMBER_GAP_MM = 7.0  # from the bottom of the text block to the top of the page number

RED: Color = CMYKColor(0, 1, 1, 0)
BLACK: Color = CMYKColor(0, 0, 0, 1)
GREY: Color = CMYKColor(0, 0, 0, 0.45)


def y(from_top: float) -> float:
    """PDF y coordinate of a position given from the top edge of the page."""
    return PAGE_HEIGHT - from_top


def line_top(index: int) -> float:
    """Top of grid line index (0..21) of the text block, from the top of the page."""
    return TOP + index * LINE_PITCH


def line_baseline(index: int, size: float) -> float:
    """Baseline (from the top) of text of the given size centred in grid line index."""
    centre = line_top(index) + LINE_PITCH / 2
    return centre + (EM_ASCENT - 0.5) * size


def next_line(from_top: float) -> int:
    """First grid line whose top is at or below from_top."""
    index = 0
    while line_top(index) < from_top - 0.01:
        index += 1
    return index


def cn_date(day: dt.date) -> str:
    """ "2026年11月23日": Arabic numerals, no leading zeros (GB/T 9704 7.3.5)."""
    return f"{day.year}年{day.month}月{day.day}日"


def new_canvas(
    buffer: object,
    fonts: FontRegistry,
    title: str,
    author: str,
    subject: str,
    day: dt.date,
    keywords: str = "",
) -> Canvas:
    """A4 canvas with fixed metadata and dates, so that equal input gives equal bytes.

    Its initial font is an embedded face, so no unembedded Helvetica is referenced.
    """
    canvas = Canvas(
        buffer,
        pagesize=A4,
        invariant=1,
        pageCompression=1,
        initialFontName=fonts.name(Face.FANGSONG),
    )
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setSubject(subject)
    canvas.setCreator("清风台账")
    if keywords:
        canvas.setKeywords(keywords)
    stamp = f"D:{day.year:04d}{day.month:02d}{day.day:02d}000000+08'00'"
    canvas.setDateFormatter(lambda *_parts: stamp)
    return canvas


def draw_page_number(canvas: Canvas, fonts: FontRegistry, number: int, text: str = "") -> None:
    """ "— 1 —" in 四号宋体 half-width digits, 7 mm below the text block.

    Odd pages: right, one character in from the right edge; even pages: left, one in.
    """
    label = text or f"— {number} —"
    glyphs = shape([Span(label, Face.SONGTI)], PAGE_NUMBER_SIZE, fonts)
    width = glyphs_width(glyphs)
    x = RIGHT - PAGE_NUMBER_SIZE - width if number % 2 else LEFT + PAGE_NUMBER_SIZE
    baseline = BOTTOM + PAGE_NUMBER_GAP_MM * MM + EM_ASCENT * PAGE_NUMBER_SIZE
    canvas.setFillColor(BLACK)
    draw_glyphs(canvas, glyphs, x, y(baseline), PAGE_NUMBER_SIZE)


def hrule(
    canvas: Canvas,
    from_top: float,
    thickness: float,
    color: Color = BLACK,
    x0: float = LEFT,
    x1: float = RIGHT,
) -> None:
    """A filled rule whose top edge is at from_top."""
    canvas.setFillColor(color)
    canvas.rect(x0, y(from_top + thickness), x1 - x0, thickness, stroke=0, fill=1)


def draw_centred(
    canvas: Canvas,
    glyphs: Sequence[Glyph],
    baseline: float,
    size: float,
    char_space: float = 0.0,
    x0: float = LEFT,
    x1: float = RIGHT,
) -> None:
    width = glyphs_width(glyphs, char_space)
    draw_glyphs(canvas, glyphs, x0 + (x1 - x0 - width) / 2, y(baseline), size, char_space)
