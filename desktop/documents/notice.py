"""Notices and letters (整改通知书, 督办函, 建议书 ...) laid out per GB/T 9704-2012.

``render(notice)`` returns the PDF bytes. Everything sits on the 22 × 28 character grid of
the text block; the header elements (banner, number, red rule) are placed by distance.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from desktop.documents import page as pg
from desktop.documents.fonts import Face, FontRegistry, registry
from desktop.documents.text import (
    Glyph,
    Span,
    balanced_lines,
    break_lines,
    draw_glyphs,
    glyphs_width,
    justified_space,
    shape,
)

MM = pg.MM

_LEVEL_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"^[一二三四五六七八九十百]+、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十百]+[）)]")),
    (3, re.compile(r"^\d+[.．](?!\d)")),
    (4, re.compile(r"^[（(]\d+[）)]")),
)
_HEADING_FACES = {1: Face.HEITI, 2: Face.KAITI}


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph of the body.

    level: 0 plain paragraph; 1 "一、" (黑体); 2 "（一）" (楷体); 3 "1." and 4 "（1）" (仿宋).
    None (the default) detects the level from how the text starts. For levels 1 and 2 the
    heading face covers the text up to the first "。" when more text follows it (the
    heading and its paragraph run on), else the whole paragraph.
    """

    text: str
    level: int | None = None

    @property
    def heading_level(self) -> int:
        if self.level is not None:
            return self.level
        for level, pattern in _LEVEL_PATTERNS:
            if pattern.match(self.text):
                return level
        return 0

    def spans(self) -> list[Span]:
        face = _HEADING_FACES.get(self.heading_level)
        if face is None:
            return [Span(self.text, Face.FANGSONG)]
        stop = self.text.find("。")
        if 0 <= stop < len(self.text) - 1:
            return [Span(self.text[: stop + 1], face), Span(self.text[stop + 1 :], Face.FANGSONG)]
        return [Span(self.text, face)]


@dataclass(frozen=True)
class Notice:
    """A document to print in the GB/T 9704 layout.

    number: the issued 发文字号 ("清纪发〔2026〕5号"), or None for a preview before the
    register allocates it: then number_prefix (代字, "清纪发") and the year of date are
    printed with the serial left blank, and the page carries a grey "预览稿" mark.
    letter: 信函格式 (函) instead of 文件格式.
    banner: lines of the red 发文机关标志; by default issuer, plus "文件" unless a letter.
    seal: the issuer will stamp it (date four characters from the right margin).
    by_issue: a 通报, numbered by 期 (“2026年第3期”) instead of 代字〔年〕序号号.
    """

    issuer: str
    title: str
    body: Sequence[Block]
    date: dt.date
    number: str | None = None
    number_prefix: str = ""
    addressee: str | None = None
    attachments: Sequence[str] = ()
    signer: str | None = None
    cc: Sequence[str] = ()
    printed_by: str | None = None
    printed_date: dt.date | None = None
    letter: bool = False
    seal: bool = True
    banner: Sequence[str] = ()
    kind: str = ""
    by_issue: bool = False

    @property
    def printed_number(self) -> str:
        if self.number:
            return self.number
        if self.by_issue:
            return f"{self.date.year}年第　 期"
        return f"{self.number_prefix}〔{self.date.year}〕　 号"

    @property
    def banner_lines(self) -> tuple[str, ...]:
        if self.banner:
            return tuple(self.banner)
        return (self.issuer if self.letter else f"{self.issuer}文件",)


@dataclass(frozen=True, slots=True)
class Piece:
    glyphs: tuple[Glyph, ...]
    x: float  # from the left edge of the text block
    size: float = pg.BODY_SIZE
    char_space: float = pg.BODY_CHAR_SPACE
    color: Color = pg.BLACK


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the grid; no pieces is a blank line."""

    pieces: tuple[Piece, ...] = ()
    keep_with_prev: bool = False

    @property
    def blank(self) -> bool:
        return not self.pieces


def render(notice: Notice, fonts: FontRegistry | None = None) -> bytes:
    """The notice as PDF bytes; the same notice always gives the same bytes."""
    fonts = fonts or registry()
    buffer = io.BytesIO()
    canvas = pg.new_canvas(
        buffer,
        fonts,
        title=notice.title,
        author=notice.issuer,
        subject=notice.kind,
        day=notice.date,
        keywords=notice.number or "",
    )
    first_row = _draw_header(canvas, notice, fonts)
    rows = _title_rows(notice, fonts) + _body_rows(notice, fonts) + _signature_rows(notice, fonts)
    pages = paginate(rows, first_row)
    record = _record_rows(notice, fonts)
    if record:
        free_from = (max(i for i, _ in pages[-1]) + 1) if pages[-1] else 0
        if free_from + 1 + len(record) > pg.LINES_PER_PAGE:
            pages.append([])
    for number, placed in enumerate(pages, start=1):
        if number > 1:
            canvas.showPage()
        if notice.number is None:
            _draw_preview_mark(canvas, fonts)
        draw_rows(canvas, placed)
        if number == len(pages) and record:
            _draw_record(canvas, notice, record)
        if not (notice.letter and number == 1):
            pg.draw_page_number(canvas, fonts, number)
    canvas.save()
    return buffer.getvalue()


# Header -----------------------------------------------------------------------------------

BANNER_TOP_FILE = pg.TOP + 35 * MM
BANNER_TOP_LETTER = 30 * MM
RED_RULE = 1.5  # pt, the rule under the document number
LETTER_RULE_LENGTH = 170 * MM
LETTER_THICK, LETTER_GAP, LETTER_THIN = 2.25, 1.0, 0.75
LETTER_BOTTOM_RULE = pg.PAGE_HEIGHT - 20 * MM  # bottom edge of the lower double rule


def _draw_banner(
    canvas: Canvas, lines: Sequence[str], top: float, size: float, fonts: FontRegistry
) -> float:
    """Red issuer banner, each line centred and compressed to the text block width."""
    canvas.setFillColor(pg.RED)
    baseline = top + pg.EM_ASCENT * size
    for line in lines:
        glyphs = shape([Span(line, Face.XIAOBIAOSONG)], size, fonts)
        width = glyphs_width(glyphs)
        scale = min(1.0, pg.BLOCK_WIDTH / width) if width else 1.0
        x = pg.LEFT + (pg.BLOCK_WIDTH - width * scale) / 2
        draw_glyphs(canvas, glyphs, x, pg.y(baseline), size, 0.0, horizontal_scale=scale * 100)
        baseline += size * 1.2
    return baseline - size * 1.2 + pg.EM_DESCENT * size


def _banner_size(lines: Sequence[str], base: float, fonts: FontRegistry) -> float:
    """Base size, reduced when a line would need squeezing to under 60 % of its width."""
    widest = max(glyphs_width(shape([Span(t, Face.XIAOBIAOSONG)], base, fonts)) for t in lines)
    if widest * 0.6 > pg.BLOCK_WIDTH:
        return base * pg.BLOCK_WIDTH / (widest * 0.6)
    return base


def _draw_header(canvas: Canvas, notice: Notice, fonts: FontRegistry) -> int:
    """Banner, number and rule(s) on page 1; returns the grid line where the title goes."""
    lines = notice.banner_lines
    number = shape([Span(notice.printed_number, Face.FANGSONG)], pg.BODY_SIZE, fonts)
    if notice.letter:
        size = _banner_size(lines, 40.0 if len(lines) == 1 else 30.0, fonts)
        bottom = _draw_banner(canvas, lines, BANNER_TOP_LETTER, size, fonts)
        rule_top = bottom + 4 * MM
        x0 = (pg.PAGE_WIDTH - LETTER_RULE_LENGTH) / 2
        x1 = x0 + LETTER_RULE_LENGTH
        pg.hrule(canvas, rule_top, LETTER_THICK, pg.RED, x0, x1)
        thin_top = rule_top + LETTER_THICK + LETTER_GAP
        pg.hrule(canvas, thin_top, LETTER_THIN, pg.RED, x0, x1)
        low = LETTER_BOTTOM_RULE - LETTER_THICK
        pg.hrule(canvas, low, LETTER_THICK, pg.RED, x0, x1)
        pg.hrule(canvas, low - LETTER_GAP - LETTER_THIN, LETTER_THIN, pg.RED, x0, x1)
        # Number flush right under the double rule, 7/8 of a 三号 character below it.
        number_top = thin_top + LETTER_THIN + pg.BODY_SIZE * 7 / 8
        baseline = number_top + pg.EM_ASCENT * pg.BODY_SIZE
        canvas.setFillColor(pg.BLACK)
        width = glyphs_width(number)
        draw_glyphs(canvas, number, pg.RIGHT - width, pg.y(baseline), pg.BODY_SIZE)
        return pg.next_line(baseline + pg.EM_DESCENT * pg.BODY_SIZE) + 2
    size = _banner_size(lines, 48.0 if len(lines) == 1 else 36.0, fonts)
    bottom = _draw_banner(canvas, lines, BANNER_TOP_FILE, size, fonts)
    baseline = number_baseline(bottom)
    canvas.setFillColor(pg.BLACK)
    pg.draw_centred(canvas, number, baseline, pg.BODY_SIZE)
    rule_top = baseline + pg.EM_DESCENT * pg.BODY_SIZE + 4 * MM
    pg.hrule(canvas, rule_top, RED_RULE, pg.RED)
    return pg.next_line(rule_top + RED_RULE) + 2


def number_baseline(banner_bottom: float) -> float:
    """Baseline of the 发文字号, "编排在发文机关标志下空二行位置" (GB/T 9704-2012 7.2.5).

    Two blank lines of the body (2 × 225/22 mm) lie between the bottom of the banner and
    the line of the number; the number sits in that line as body text sits in its line.
    Snapping that line to the page grid instead (the next whole grid line, then two more)
    left a third, partly blank line in between whenever the banner ended inside a grid
    line: 32 mm from banner to number where the standard gives about 22.7 mm.
    """
    line_top = banner_bottom + 2 * pg.LINE_PITCH
    return line_top + pg.LINE_PITCH / 2 + (pg.EM_ASCENT - 0.5) * pg.BODY_SIZE


def _draw_preview_mark(canvas: Canvas, fonts: FontRegistry) -> None:
    glyphs = shape(
        [Span("预览稿　文号在登记发文时分配，此稿不作正式文件", Face.FANGSONG)], 10.5, fonts
    )
    canvas.setFillColor(pg.GREY)
    draw_glyphs(canvas, glyphs, pg.LEFT, pg.y(15 * MM), 10.5)


# Rows ------------------------------------------------------------------------------------


# A line is justified only when that widens each gap by at most this much: a line ended
# early because an unbreakable run (a phone number, "0000-6123456。") did not fit is
# left on the grid instead of being stretched across the block.
MAX_STRETCH = 0.25 * pg.BODY_SIZE


def line_space(glyphs: Sequence[Glyph], width: float, char_space: float, last: bool) -> float:
    """Character spacing of one line: the grid's, or justified to `width` when close."""
    if last:
        return char_space
    space = justified_space(glyphs, width)
    return space if space - char_space <= MAX_STRETCH else char_space


def paragraph_rows(
    spans: Sequence[Span],
    fonts: FontRegistry,
    first_indent: float = 2 * pg.CHAR_PITCH,
    indent: float = 0.0,
    size: float = pg.BODY_SIZE,
    char_space: float = pg.BODY_CHAR_SPACE,
    keep_first: bool = False,
) -> list[Row]:
    """A justified paragraph on the grid (last line left-aligned)."""
    glyphs = shape(spans, size, fonts)
    lines = break_lines(glyphs, pg.BLOCK_WIDTH - first_indent, pg.BLOCK_WIDTH - indent, char_space)
    rows: list[Row] = []
    for n, line in enumerate(lines):
        x = first_indent if n == 0 else indent
        space = line_space(line.glyphs, pg.BLOCK_WIDTH - x, char_space, line.last)
        piece = Piece(line.glyphs, x, size, space)
        rows.append(Row((piece,), keep_with_prev=keep_first and n == 0))
    return rows


def _title_rows(notice: Notice, fonts: FontRegistry) -> list[Row]:
    size = pg.TITLE_SIZE
    glyphs = shape([Span(notice.title, Face.XIAOBIAOSONG)], size, fonts)
    rows: list[Row] = []
    for n, line in enumerate(balanced_lines(glyphs, pg.BLOCK_WIDTH)):
        width = glyphs_width(line.glyphs)
        piece = Piece(line.glyphs, (pg.BLOCK_WIDTH - width) / 2, size, 0.0)
        rows.append(Row((piece,), keep_with_prev=n > 0))
    if notice.addressee:
        addressee = notice.addressee.rstrip("：:") + "："
        rows.append(Row(keep_with_prev=True))
        rows += paragraph_rows([Span(addressee)], fonts, first_indent=0.0, keep_first=True)
    return rows


def _body_rows(notice: Notice, fonts: FontRegistry) -> list[Row]:
    rows: list[Row] = []
    after_heading = True  # the first paragraph stays with the title/addressee
    for block in notice.body:
        spans = block.spans()
        rows += paragraph_rows(spans, fonts, keep_first=after_heading)
        after_heading = block.heading_level in (1, 2) and len(spans) == 1
    if notice.attachments:
        rows.append(Row())
        rows += _attachment_rows(notice.attachments, fonts)
    return rows


def _attachment_rows(names: Sequence[str], fonts: FontRegistry) -> list[Row]:
    """ "附件：1. 名称", numbers aligned under each other, long names hanging."""
    label = shape([Span("附件：")], pg.BODY_SIZE, fonts)
    start = 2 * pg.CHAR_PITCH
    name_x = start + glyphs_width(label) + pg.BODY_CHAR_SPACE * len(label)
    rows: list[Row] = []
    numbered = len(names) > 1
    for n, name in enumerate(names, start=1):
        prefix = f"{n}. " if numbered else ""
        prefix_glyphs = shape([Span(prefix)], pg.BODY_SIZE, fonts)
        hang = name_x + sum(g.width + pg.BODY_CHAR_SPACE for g in prefix_glyphs)
        glyphs = prefix_glyphs + shape([Span(name.rstrip("。；;,，"))], pg.BODY_SIZE, fonts)
        lines = break_lines(
            glyphs, pg.BLOCK_WIDTH - name_x, pg.BLOCK_WIDTH - hang, pg.BODY_CHAR_SPACE
        )
        for i, line in enumerate(lines):
            x = name_x if i == 0 else hang
            space = line_space(line.glyphs, pg.BLOCK_WIDTH - x, pg.BODY_CHAR_SPACE, line.last)
            pieces = [Piece(line.glyphs, x, char_space=space)]
            if n == 1 and i == 0:
                pieces.insert(0, Piece(tuple(label), start))
            rows.append(Row(tuple(pieces), keep_with_prev=i > 0))
    return rows


def _signature_rows(notice: Notice, fonts: FontRegistry) -> list[Row]:
    """Issuer and date (GB/T 9704 7.3.5), kept on the page of the last body line."""
    signer = shape([Span(notice.signer or notice.issuer)], pg.BODY_SIZE, fonts)
    date = shape([Span(pg.cn_date(notice.date))], pg.BODY_SIZE, fonts)
    cs = pg.BODY_CHAR_SPACE
    signer_w, date_w = glyphs_width(signer, cs), glyphs_width(date, cs)
    width = pg.BLOCK_WIDTH
    if notice.seal:
        # Date four characters in from the right; issuer centred over the date.
        date_x = width - 4 * pg.CHAR_PITCH - date_w
        signer_x = max(0.0, date_x + (date_w - signer_w) / 2)
        if signer_x + signer_w > width:
            signer_x = width - signer_w
        blanks = 2  # room for the seal, whose top stays within a line of the body
    else:
        # Issuer two characters in from the right, date starting two characters further right.
        signer_x = width - 2 * pg.CHAR_PITCH - signer_w
        date_x = signer_x + 2 * pg.CHAR_PITCH
        if date_x + date_w > width - 2 * pg.CHAR_PITCH:
            date_x = width - 2 * pg.CHAR_PITCH - date_w
            signer_x = date_x - 2 * pg.CHAR_PITCH
        blanks = 1
    rows = [Row(keep_with_prev=True) for _ in range(blanks)]
    rows.append(Row((Piece(tuple(signer), signer_x),), keep_with_prev=True))
    rows.append(Row((Piece(tuple(date), date_x),), keep_with_prev=True))
    return rows


def paginate(rows: Sequence[Row], first_row: int) -> list[list[tuple[int, Row]]]:
    """Place rows on grid lines, page by page.

    A row marked keep_with_prev moves to the next page together with the rows it hangs on
    (so the signature never stands alone); blank rows are dropped at the top of a page.
    """
    pages: list[list[tuple[int, int]]] = [[]]
    line = first_row
    i = 0
    while i < len(rows):
        current = pages[-1]
        if line >= pg.LINES_PER_PAGE:
            group = i
            while group > 0 and rows[group].keep_with_prev:
                group -= 1
            placed = [k for _, k in current]
            if placed and group > placed[0] and group <= i:
                # Move rows group..i-1 to the new page with row i.
                pages[-1] = [(li, k) for li, k in current if k < group]
                i = group
            pages.append([])
            line = 0
            continue
        if line == 0 and len(pages) > 1 and rows[i].blank:
            i += 1
            continue
        current.append((line, i))
        line += 1
        i += 1
    return [[(li, rows[k]) for li, k in placed_rows] for placed_rows in pages]


def draw_rows(canvas: Canvas, placed: Sequence[tuple[int, Row]]) -> None:
    for line, row in placed:
        for piece in row.pieces:
            canvas.setFillColor(piece.color)
            baseline = pg.line_baseline(line, piece.size)
            draw_glyphs(
                canvas,
                piece.glyphs,
                pg.LEFT + piece.x,
                pg.y(baseline),
                piece.size,
                piece.char_space,
            )


# 版记 ---------------------------------------------------------------------------------------

RECORD_SIZE = pg.SIZE_SIHAO
RECORD_THICK = 0.35 * MM
RECORD_THIN = 0.25 * MM


@dataclass(frozen=True, slots=True)
class _RecordLine:
    pieces: tuple[Piece, ...]
    printed: bool  # the 印发机关/印发日期 line


def _record_rows(notice: Notice, fonts: FontRegistry) -> list[_RecordLine]:
    """抄送 lines and the 印发 line in 四号仿宋; a letter has only 抄送."""
    size = RECORD_SIZE
    one = size  # "左右各空一字"
    lines: list[_RecordLine] = []
    if notice.cc:
        label = shape([Span("抄送：")], size, fonts)
        label_w = glyphs_width(label) + 0
        names = "，".join(c.strip("，。,. ") for c in notice.cc) + "。"
        glyphs = shape([Span(names)], size, fonts)
        avail = pg.BLOCK_WIDTH - 2 * one - label_w
        for n, line in enumerate(break_lines(glyphs, avail, avail)):
            space = 0.0 if line.last else justified_space(line.glyphs, avail)
            pieces = [Piece(line.glyphs, one + label_w, size, space)]
            if n == 0:
                pieces.insert(0, Piece(tuple(label), one, size, 0.0))
            lines.append(_RecordLine(tuple(pieces), printed=False))
    if notice.printed_by and not notice.letter:
        org = shape([Span(notice.printed_by)], size, fonts)
        day = notice.printed_date or notice.date
        when = shape([Span(pg.cn_date(day) + "印发")], size, fonts)
        right = pg.BLOCK_WIDTH - one - glyphs_width(when)
        lines.append(
            _RecordLine(
                (Piece(tuple(org), one, size, 0.0), Piece(tuple(when), right, size, 0.0)), True
            )
        )
    return lines


def _draw_record(canvas: Canvas, notice: Notice, lines: Sequence[_RecordLine]) -> None:
    """版记 on the last lines of the last page; its last rule lies on the block's bottom edge."""
    first = pg.LINES_PER_PAGE - len(lines)
    draw_rows(canvas, [(first + n, Row(line.pieces)) for n, line in enumerate(lines)])
    if notice.letter:
        return
    top = pg.line_top(first)
    pg.hrule(canvas, top, RECORD_THICK)
    for n, line in enumerate(lines):
        if line.printed and n > 0:
            pg.hrule(canvas, pg.line_top(first + n) - RECORD_THIN / 2, RECORD_THIN)
    pg.hrule(canvas, pg.BOTTOM - RECORD_THICK, RECORD_THICK)
