"""统计汇总 report: the period's figures beside the previous year's, with charts.

Plain data in (``SummaryReport``), PDF bytes out; nothing here knows the store. The
page is the GB/T 9704 text block (A4, 37/28 mm margins, 仿宋 body, 小标宋 title,
"— n —" page numbers); charts are reportlab.graphics drawings whose every string is
set in a registered, embedded CJK face. Equal input gives equal bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas

from desktop.documents import page as pg
from desktop.documents.flow import Cell, Flow, finish
from desktop.documents.fonts import Face, FontRegistry, registry
from desktop.documents.text import Span, balanced_lines, glyphs_width, shape

SUFFIX = "监督执纪工作统计汇总"


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the figure table: label, 本期, 上年同期, 增减; level 1 is a "其中" item."""

    label: str
    current: str
    previous: str
    change: str
    level: int = 0


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    rows: Sequence[Row]


@dataclass(frozen=True, slots=True)
class UnitProgress:
    unit: str
    found: int
    rectified: int
    overdue: int


@dataclass(frozen=True)
class SummaryReport:
    office: str  # 清河县纪委监委
    period: str  # 2026年1-4月
    paragraph: str  # stats.summary_paragraph
    sections: Sequence[Section]
    clues_by_source: Sequence[tuple[str, int]]
    disposition: Sequence[tuple[str, int]]
    forms: Sequence[tuple[str, int]]  # (第一种形态, 人次) × 4
    rectification: Sequence[UnitProgress]  # most found first
    day: dt.date  # date of the report (metadata and the date line)
    scope: str = ""  # one unit's name, or "" for all units
    filters: Sequence[str] = ()  # the campaign and theme chosen (stats.filter_parts)
    current_range: str = ""  # 2026年1月1日至2026年4月30日
    previous_range: str = ""

    @property
    def title(self) -> str:
        return f"{self.office}{self.period}{SUFFIX}"


TABLE_SIZE = pg.SIZE_XIAOSI
TABLE_LEADING = 16.0
TABLE_WIDTHS = (13, 4, 4.5, 6.5)  # in characters: 项目, 本期, 上年同期, 增减
NOTE_SIZE = pg.SIZE_SIHAO
CHART_HEIGHT = 62 * pg.MM
MAX_UNITS = 10  # units in the rectification chart (all of them are in the table)
CN_NUMBERS = "一二三四五六七八九十"

# Distinct in colour and still apart when printed in grey.
PALETTE: tuple[Color, ...] = (
    HexColor("#1f4e79"),
    HexColor("#c00000"),
    HexColor("#7f9f3f"),
    HexColor("#e59c2e"),
    HexColor("#7f7f7f"),
    HexColor("#5b9bd5"),
    HexColor("#8e5ea2"),
    HexColor("#bfbfbf"),
)


def render_summary(report: SummaryReport, fonts: FontRegistry | None = None) -> bytes:
    fonts = fonts or registry()
    buffer = io.BytesIO()
    canvas = pg.new_canvas(
        buffer,
        fonts,
        title=report.title,
        author=report.office,
        subject="监督执纪工作统计汇总",
        day=report.day,
        keywords=report.period,
    )
    flow = Flow(fonts)
    _title(flow, report.title)
    note = []
    if report.current_range:
        note.append(f"统计区间：{report.current_range}")
    note.append(f"统计范围：{report.scope or '全部单位'}")
    note.extend(report.filters)
    if report.previous_range:
        note.append(f"上年同期：{report.previous_range}")
    for text in note:
        # a long campaign name wraps, each line centred
        glyphs = flow.glyphs([Span(text, Face.KAITI)], NOTE_SIZE)
        for line in balanced_lines(glyphs, pg.BLOCK_WIDTH):
            x = (pg.BLOCK_WIDTH - glyphs_width(line.glyphs)) / 2
            flow.line(line.glyphs, x, NOTE_SIZE, NOTE_SIZE * 1.6)
    flow.space(3 * pg.MM)

    flow.heading("一、总体情况")
    flow.paragraph(
        [Span(report.paragraph)], pg.BODY_SIZE, pg.LINE_PITCH * 0.9, first_indent=2 * pg.BODY_SIZE
    )
    flow.space(3 * pg.MM)

    flow.heading("二、主要数据")
    _figure_table(flow, report.sections)
    flow.space(4 * pg.MM)

    flow.heading("三、图表")
    charts = [
        ("图1　问题线索来源分布（件）", _source_chart(report, fonts)),
        ("图2　问题线索处置方式（件）", _pie(report.disposition, "件", fonts)),
        ("图3　运用“四种形态”处理人次及占比", _pie(report.forms, "人次", fonts, keep_zero=True)),
        (_rectification_caption(report), _rectification_chart(report, fonts)),
    ]
    for caption, drawing in charts:
        _chart(flow, caption, drawing)

    def decorate(canvas: Canvas, number: int, _total: int) -> None:
        pg.draw_page_number(canvas, fonts, number)

    finish(canvas, flow, decorate)
    return buffer.getvalue()


def _title(flow: Flow, title: str) -> None:
    width = pg.BLOCK_WIDTH - 2 * pg.TITLE_SIZE
    glyphs = shape([Span(title, Face.XIAOBIAOSONG)], pg.TITLE_SIZE, flow.fonts)
    head, tail = title.removesuffix(SUFFIX), SUFFIX
    parts = [head, tail] if title.endswith(SUFFIX) and head else [title]
    lines = [shape([Span(p, Face.XIAOBIAOSONG)], pg.TITLE_SIZE, flow.fonts) for p in parts]
    if glyphs_width(glyphs) <= width:
        lines = [glyphs]  # one line fits
    elif any(glyphs_width(line) > width for line in lines):
        lines = [list(line.glyphs) for line in balanced_lines(glyphs, width)]
    for line in lines:
        x = (pg.BLOCK_WIDTH - glyphs_width(line)) / 2
        flow.line(line, x, pg.TITLE_SIZE, pg.TITLE_SIZE * 1.5)
    flow.space(2 * pg.MM)


def _figure_table(flow: Flow, sections: Sequence[Section]) -> None:
    """One table per section; its header row names the section and repeats on a new
    page, so a section title never stands alone at the foot of a page."""
    heavy = Face.HEITI
    for n, section in enumerate(sections):
        number = CN_NUMBERS[n] if n < len(CN_NUMBERS) else str(n + 1)
        header = [
            Cell(f"（{number}）{section.title}", face=Face.KAITI),
            Cell("本期", face=heavy, align="centre"),
            Cell("上年同期", face=heavy, align="centre"),
            Cell("增减", face=heavy, align="centre"),
        ]
        rows: list[list[Cell]] = []
        if not section.rows:
            rows.append([Cell("本期及上年同期均无", 4)])
        for row in section.rows:
            label = ("　　" if row.level else "") + row.label
            rows.append(
                [
                    Cell(label),
                    Cell(row.current, align="centre"),
                    Cell(row.previous, align="centre"),
                    Cell(row.change, align="centre"),
                ]
            )
        flow.table(TABLE_WIDTHS, rows, TABLE_SIZE, TABLE_LEADING, header=header)


def _chart(flow: Flow, caption: str, drawing: Drawing | None) -> None:
    caption_height = NOTE_SIZE * 1.8
    height = float(drawing.height) if drawing is not None else NOTE_SIZE * 1.8
    flow.ensure(caption_height + height + 2 * pg.MM)
    flow.centred([Span(caption, Face.HEITI)], NOTE_SIZE, caption_height)
    if drawing is None:
        flow.centred([Span("（本期无数据）")], NOTE_SIZE, NOTE_SIZE * 1.8)
        return
    top = flow.cursor
    x = pg.LEFT + (pg.BLOCK_WIDTH - float(drawing.width)) / 2

    def op(canvas: Canvas) -> None:
        renderPDF.draw(drawing, canvas, x, pg.y(top + height))

    flow.add(op)
    flow.cursor = top + height + 4 * pg.MM


def _label_font(fonts: FontRegistry) -> str:
    return fonts.name(Face.SONGTI)


def _drawing(width: float, height: float, fonts: FontRegistry) -> Drawing:
    """A drawing whose renderer starts in an embedded face, not unembedded Helvetica."""
    drawing = Drawing(width, height)
    drawing.initialFontName = _label_font(fonts)
    return drawing


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _source_chart(report: SummaryReport, fonts: FontRegistry) -> Drawing | None:
    data = [(name, value) for name, value in report.clues_by_source if value]
    if not data:
        return None
    font = _label_font(fonts)
    width = pg.BLOCK_WIDTH
    drawing = _drawing(width, CHART_HEIGHT, fonts)
    chart = VerticalBarChart()
    chart.x, chart.y = 36, 34
    chart.width, chart.height = width - 56, CHART_HEIGHT - 50
    chart.data = [[value for _name, value in data]]
    chart.bars[0].fillColor = PALETTE[0]
    chart.bars[0].strokeColor = None
    chart.barWidth = 10
    chart.groupSpacing = 12
    chart.categoryAxis.categoryNames = [_shorten(name, 8) for name, _value in data]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 9
    chart.categoryAxis.labels.dy = -4
    if len(data) > 5:
        chart.categoryAxis.labels.angle = 20
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = 1
    chart.barLabelFormat = _count_label
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 8
    chart.barLabels.nudge = 6
    drawing.add(chart)
    return drawing


def _pie(
    items: Sequence[tuple[str, int]], unit: str, fonts: FontRegistry, keep_zero: bool = False
) -> Drawing | None:
    """A pie with a legend of name, count and share (zero items listed when keep_zero)."""
    if not any(value for _name, value in items):
        return None
    data = [(name, value) for name, value in items if value or keep_zero]
    font = _label_font(fonts)
    total = sum(value for _name, value in data)
    width = pg.BLOCK_WIDTH
    drawing = _drawing(width, CHART_HEIGHT - 8 * pg.MM, fonts)
    size = float(drawing.height) - 16
    pie = Pie()
    pie.x, pie.y = 40, 8
    pie.width = pie.height = size
    pie.data = [value for _name, value in data]
    pie.startAngle = 90
    pie.direction = "clockwise"
    pie.sideLabels = 0
    pie.simpleLabels = 1
    pie.labels = None
    pie.slices.strokeColor = HexColor("#ffffff")
    pie.slices.strokeWidth = 0.8
    for n in range(len(data)):
        pie.slices[n].fillColor = PALETTE[n % len(PALETTE)]
    drawing.add(pie)

    legend = Legend()
    legend.x = 40 + size + 36
    legend.y = 8 + size / 2 + len(data) * 9
    legend.fontName = font
    legend.fontSize = 10.5
    legend.dy = 8
    legend.dx = 8
    legend.deltay = 18
    legend.alignment = "right"
    legend.columnMaximum = 8
    legend.colorNamePairs = [
        (PALETTE[n % len(PALETTE)], f"{name}　{value}{unit}（{_share(value, total)}）")
        for n, (name, value) in enumerate(data)
    ]
    drawing.add(legend)
    return drawing


def _share(value: int, total: int) -> str:
    share = round(value * 1000 / total) / 10
    return f"{share:.1f}".removesuffix(".0") + "%"


def _rectification_chart(report: SummaryReport, fonts: FontRegistry) -> Drawing | None:
    units = [u for u in report.rectification if u.found][:MAX_UNITS]
    if not units:
        return None
    font = _label_font(fonts)
    units = list(reversed(units))  # the chart draws its first category at the bottom
    width = pg.BLOCK_WIDTH
    band = 30.0
    height = len(units) * band + 46
    drawing = _drawing(width, height, fonts)
    chart = HorizontalBarChart()
    label_width = 128
    chart.x, chart.y = label_width, 30
    chart.width, chart.height = width - label_width - 24, height - 40
    # Series are drawn bottom-up within a unit's band: found on top, overdue last.
    chart.data = [
        [u.overdue for u in units],
        [u.rectified for u in units],
        [u.found for u in units],
    ]
    names = ("发现问题", "已整改", "逾期未整改")
    colours = (PALETTE[0], PALETTE[2], PALETTE[1])
    for n, colour in enumerate(reversed(colours)):
        chart.bars[n].fillColor = colour
        chart.bars[n].strokeColor = None
    chart.barWidth = 7
    chart.groupSpacing = 6
    chart.barSpacing = 0.5
    chart.categoryAxis.categoryNames = [_shorten(u.unit, 11) for u in units]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 9
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = 1
    chart.barLabelFormat = _count_label
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 5
    drawing.add(chart)

    legend = Legend()
    legend.x = label_width
    legend.y = 10
    legend.fontName = font
    legend.fontSize = 9
    legend.dx = 8
    legend.dy = 8
    legend.columnMaximum = 1
    legend.deltax = 80
    legend.alignment = "right"
    legend.colorNamePairs = list(zip(colours, names, strict=True))
    drawing.add(legend)
    return drawing


def _rectification_caption(report: SummaryReport) -> str:
    caption = "图4　各单位问题整改进度（个"
    if len([u for u in report.rectification if u.found]) > MAX_UNITS:
        caption += f"，发现问题最多的{MAX_UNITS}个单位"
    return caption + "）"


def _count_label(value: float) -> str:
    return str(int(value)) if value else ""
