"""Chinese text runs: per-character font choice, line breaking with 禁则, justification."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from desktop.documents.fonts import Face, FontRegistry

# A line may not start with these (closing punctuation, 避头).
NO_LINE_START = frozenset(
    "，。、；：？！）」』》〉】〕〗｝］’”…—·～%‰℃°!),.:;?]}'\"、〃々ー・―\u30fb"
)
# A line may not end with these (opening punctuation, 避尾).
NO_LINE_END = frozenset("（「『《〈【〔〖｛［‘“([{")
# Counters and units stay with the number before them ("10月", "23批次", "15个").
UNITS_AFTER_DIGITS = frozenset("年月日时分秒号个元万亿批次件人名项条页届期岁倍%‰℃")
# Pairs of these are never split ("——", "……").
NO_SPLIT_PAIRS = frozenset("—…")


def is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _is_word_char(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in ".%-/:_+#@&")


@dataclass(frozen=True, slots=True)
class Glyph:
    char: str
    font: str
    width: float  # advance at the run's size, without character spacing


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of text in one logical face."""

    text: str
    face: Face = Face.FANGSONG


def shape(spans: Iterable[Span], size: float, fonts: FontRegistry) -> list[Glyph]:
    glyphs: list[Glyph] = []
    for span in spans:
        for char in span.text:
            if char in "\r\n\t":
                char = " "
            font = fonts.font_for(span.face, char)
            glyphs.append(Glyph(char, font, fonts.width(font, char, size)))
    return glyphs


def glyphs_width(glyphs: Sequence[Glyph], char_space: float = 0.0) -> float:
    """Visible extent: advances plus the spacing between characters (not after the last)."""
    if not glyphs:
        return 0.0
    return sum(g.width for g in glyphs) + char_space * (len(glyphs) - 1)


def _can_break(before: str, after: str) -> bool:
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if before == after and before in NO_SPLIT_PAIRS:
        return False
    if before.isascii() and before.isdigit() and after in UNITS_AFTER_DIGITS:
        return False
    if before == "第" and after.isascii() and after.isdigit():
        return False
    return not (_is_word_char(before) and _is_word_char(after))


def clusters(glyphs: Sequence[Glyph]) -> list[list[Glyph]]:
    """Units that are never split across lines."""
    out: list[list[Glyph]] = []
    for glyph in glyphs:
        if out and not _can_break(out[-1][-1].char, glyph.char):
            out[-1].append(glyph)
        else:
            out.append([glyph])
    return out


@dataclass(frozen=True, slots=True)
class Line:
    glyphs: tuple[Glyph, ...]
    last: bool  # last line of its paragraph (not justified)


def break_lines(
    glyphs: Sequence[Glyph],
    first_width: float,
    width: float,
    char_space: float = 0.0,
) -> list[Line]:
    """Greedy breaking into lines of at most first_width, then width.

    A line fits when the sum of advances plus char_space per character is within the
    width: with char_space = pitch - size, exactly 28 characters fill a body line.
    """
    lines: list[Line] = []
    current: list[Glyph] = []
    used = 0.0
    limit = first_width
    for unit in clusters(glyphs):
        advance = sum(g.width + char_space for g in unit)
        if current and used + advance > limit + 0.01:
            lines.append(Line(tuple(_strip_spaces(current)), last=False))
            current, used, limit = [], 0.0, width
            if unit[0].char == " ":
                continue
        if not current and advance > limit + 0.01:
            # An unbreakable unit longer than a line (a long number, a URL): cut it.
            for glyph in unit:
                step = glyph.width + char_space
                if current and used + step > limit + 0.01:
                    lines.append(Line(tuple(current), last=False))
                    current, used, limit = [], 0.0, width
                current.append(glyph)
                used += step
            continue
        current.extend(unit)
        used += advance
    if current or not lines:
        lines.append(Line(tuple(_strip_spaces(current)), last=True))
    else:
        lines[-1] = Line(lines[-1].glyphs, last=True)
    return lines


def _strip_spaces(glyphs: list[Glyph]) -> list[Glyph]:
    while glyphs and glyphs[-1].char == " ":
        glyphs = glyphs[:-1]
    return glyphs


def justified_space(glyphs: Sequence[Glyph], width: float) -> float:
    """Character spacing that makes glyphs span exactly width."""
    if len(glyphs) < 2:
        return 0.0
    return (width - sum(g.width for g in glyphs)) / (len(glyphs) - 1)


def balanced_lines(glyphs: Sequence[Glyph], width: float, char_space: float = 0.0) -> list[Line]:
    """Break a title into the fewest lines, of lengths as equal as the 禁则 allow.

    Upper lines come out no longer than lower ones (a trapezoid), and a break after
    "的", "于", "、", "，" or "和" is preferred so that words stay whole.
    """
    units = clusters(glyphs)
    total = sum(g.width + char_space for g in glyphs)
    if total <= width + 0.01:
        return [Line(tuple(glyphs), last=True)]
    count = int(total // width) + 1
    while True:
        result = _balance(units, width, char_space, count)
        if result is not None:
            return result
        count += 1


# Places where a title line may end without splitting a word: after these characters ...
GOOD_BREAK_CHARS = frozenset("的于和及与、，年度局委院办会室所站队组厅处部")
# ... or after these common words of official titles.
GOOD_BREAK_WORDS = frozenset(
    [
        "精神",
        "问题",
        "工作",
        "情况",
        "建设",
        "管理",
        "督查",
        "检查",
        "落实",
        "专项",
        "有关",
        "事项",
        "资金",
        "项目",
        "制度",
        "责任",
        "纪律",
        "作风",
        "监督",
        "单位",
        "加快",
        "推进",
        "加强",
        "规范",
        "开展",
        "深化",
        "整治",
        "关于",
        "督促",
        "进一步",
        "整改",
        "同志",
        "期间",
        "以来",
        "之际",
        "前夕",
    ]
)


# Suffixes that belong to the word before them (县住房和城乡建设局, 问题的).
NO_BREAK_BEFORE = frozenset("局委院会室站所处部厅办队组的中")


def _good_break(text: str, following: str) -> bool:
    if following[:1] in NO_BREAK_BEFORE:
        return False
    if text[-1:] in GOOD_BREAK_CHARS:
        return True
    return any(text.endswith(word) for word in GOOD_BREAK_WORDS)


def _balance(
    units: list[list[Glyph]], width: float, char_space: float, count: int
) -> list[Line] | None:
    lines: list[Line] = []
    start = 0
    remaining = sum(g.width + char_space for unit in units for g in unit)
    for line_no in range(count - 1):
        target = remaining / (count - line_no)
        best: tuple[float, int] | None = None
        used = 0.0
        text = ""
        for i in range(start, len(units)):
            used += sum(g.width + char_space for g in units[i])
            text += "".join(g.char for g in units[i])
            if used > width + 0.01:
                break
            if i == len(units) - 1:
                break
            # A break inside a word costs as much as three characters off the balance;
            # an upper line longer than the lower ones costs a little (trapezoid).
            following = units[i + 1][0].char
            penalty = 0.0 if _good_break(text, following) else width * 0.15
            score = abs(used - target) + penalty + (0.0 if used <= target else width * 0.02)
            if best is None or score < best[0]:
                best = (score, i + 1)
        if best is None:
            return None
        end = best[1]
        chunk = [g for unit in units[start:end] for g in unit]
        lines.append(Line(tuple(chunk), last=False))
        remaining -= sum(g.width + char_space for g in chunk)
        start = end
    rest = [g for unit in units[start:] for g in unit]
    if not rest or sum(g.width + char_space for g in rest) > width + 0.01:
        return None
    lines.append(Line(tuple(rest), last=True))
    return lines


def draw_glyphs(
    canvas: Canvas,
    glyphs: Sequence[Glyph],
    x: float,
    baseline: float,
    size: float,
    char_space: float = 0.0,
    horizontal_scale: float = 100.0,
) -> None:
    """Draw one line as a single text object, switching fonts only where needed."""
    if not glyphs:
        return
    scaled = horizontal_scale != 100.0
    if scaled:
        canvas.saveState()  # Tz is graphics state: keep it from leaking into later text
    text = canvas.beginText(x, baseline)
    text.setCharSpace(char_space)
    if scaled:
        text.setHorizScale(horizontal_scale)
    run: list[str] = []
    font: str | None = None
    for glyph in glyphs:
        if glyph.font != font:
            if run and font is not None:
                text.textOut("".join(run))
            run = []
            font = glyph.font
            text.setFont(font, size)
        run.append(glyph.char)
    if run:
        text.textOut("".join(run))
    canvas.drawText(text)
    if scaled:
        canvas.restoreState()
