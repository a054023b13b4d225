"""谈话记录: the signed record of a talk, with signature lines on every page."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from desktop.documents import page as pg
from desktop.documents.flow import Cell, Flow, finish
from desktop.documents.fonts import Face, FontRegistry, registry
from desktop.documents.text import Span, draw_glyphs, shape

CONFIRMATION = "以上记录我已看过，与我所说一致。"
SIZE = pg.SIZE_SIHAO
LEADING = 24.0
# Reserved at the foot of every page: a rule, the confirmation and two signature lines.
FOOTER_HEIGHT = 3 * LEADING + 3 * pg.MM


@dataclass(frozen=True, slots=True)
class Exchange:
    """One question of the talker and the subject's answer."""

    question: str
    answer: str


@dataclass(frozen=True)
class TalkRecord:
    start: dt.datetime
    end: dt.datetime
    place: str
    talkers: Sequence[str]  # "王建国（县纪委副书记）"
    recorder: str
    subject: str
    subject_unit: str
    subject_post: str
    reason: str
    content: Sequence[Exchange]
    kind: str = ""  # 提醒谈话, 诫勉谈话 ...
    statement: str = ""  # the subject's 表态, when recorded apart from the answers
    office: str = ""  # the office keeping the record, for the PDF metadata
    title: str = "谈话记录"
    period_text: str = ""  # printed instead of start–end (e.g. when the times are missing)


def talk_period(start: dt.datetime, end: dt.datetime) -> str:
    """ "2026年11月27日9时00分至10时20分" (the end date repeated only if it differs)."""
    first = f"{pg.cn_date(start.date())}{start.hour}时{start.minute:02d}分"
    if end.date() != start.date():
        return f"{first}至{pg.cn_date(end.date())}{end.hour}时{end.minute:02d}分"
    return f"{first}至{end.hour}时{end.minute:02d}分"


def render_talk_record(record: TalkRecord, fonts: FontRegistry | None = None) -> bytes:
    fonts = fonts or registry()
    buffer = io.BytesIO()
    canvas = pg.new_canvas(
        buffer,
        fonts,
        title=f"{record.title}（{record.subject}）",
        author=record.office or record.recorder,
        subject=record.kind or record.title,
        day=record.start.date(),
    )
    flow = Flow(fonts, bottom=pg.BOTTOM - FOOTER_HEIGHT)
    flow.centred([Span(record.title, Face.XIAOBIAOSONG)], pg.TITLE_SIZE, pg.LINE_PITCH * 1.5)
    flow.space(2 * pg.MM)

    heavy = Face.HEITI
    rows: list[list[Cell]] = [
        [
            Cell("时间", face=heavy, align="centre"),
            Cell(record.period_text or talk_period(record.start, record.end), 3),
        ],
        [
            Cell("地点", face=heavy, align="centre"),
            Cell(record.place),
            Cell("谈话类型", face=heavy, align="centre"),
            Cell(record.kind or "谈话"),
        ],
        [
            Cell("谈话人", face=heavy, align="centre"),
            Cell("、".join(record.talkers)),
            Cell("记录人", face=heavy, align="centre"),
            Cell(record.recorder),
        ],
        [
            Cell("谈话对象", face=heavy, align="centre"),
            Cell(record.subject),
            Cell("单位及职务", face=heavy, align="centre"),
            Cell(f"{record.subject_unit}{record.subject_post}"),
        ],
        [Cell("谈话事由", face=heavy, align="centre"), Cell(record.reason, 3)],
    ]
    flow.table([4.5, 10, 5.5, 8], rows, SIZE, LEADING)  # widths in characters
    flow.space(3 * pg.MM)
    flow.heading("谈话内容", size=SIZE)
    # 问/答 labels only when the record was taken down as questions and answers; content
    # written as plain paragraphs is printed as such (no empty "问：", no lone "答：").
    labelled = any(e.question.strip() for e in record.content)
    for exchange in record.content:
        if not labelled:
            flow.paragraph([Span(exchange.answer.strip())], SIZE, LEADING, first_indent=2 * SIZE)
            continue
        for mark, text in (("问：", exchange.question), ("答：", exchange.answer)):
            if text.strip() or mark == "答：":
                flow.paragraph([Span(mark, Face.HEITI), Span(text.strip())], SIZE, LEADING)
    if record.statement:
        flow.paragraph(
            [Span("谈话对象表态：", Face.HEITI), Span(record.statement.strip())], SIZE, LEADING
        )
    flow.paragraph([Span("（以下无正文）")], SIZE, LEADING, first_indent=2 * SIZE)

    def decorate(canvas: Canvas, number: int, total: int) -> None:
        _footer(canvas, fonts)
        label = f"第{number}页　共{total}页"
        glyphs = shape([Span(label, Face.SONGTI)], pg.PAGE_NUMBER_SIZE, fonts)
        baseline = pg.BOTTOM + pg.PAGE_NUMBER_GAP_MM * pg.MM + pg.EM_ASCENT * pg.PAGE_NUMBER_SIZE
        canvas.setFillColor(pg.BLACK)
        pg.draw_centred(canvas, glyphs, baseline, pg.PAGE_NUMBER_SIZE)

    finish(canvas, flow, decorate)
    return buffer.getvalue()


def _footer(canvas: Canvas, fonts: FontRegistry) -> None:
    """Confirmation and signature lines at the bottom of the text block."""
    top = pg.BOTTOM - FOOTER_HEIGHT + 2 * pg.MM
    pg.hrule(canvas, top, 0.5)
    lines = (
        CONFIRMATION,
        "谈话对象（签名）：＿＿＿＿＿＿＿＿　　　　年　　月　　日",
        "谈话人（签名）：＿＿＿＿＿＿　记录人（签名）：＿＿＿＿＿＿",
    )
    canvas.setFillColor(pg.BLACK)
    for n, text in enumerate(lines):
        baseline = top + 1 * pg.MM + n * LEADING + (LEADING - SIZE) / 2 + pg.EM_ASCENT * SIZE
        glyphs = shape([Span(text)], SIZE, fonts)
        draw_glyphs(canvas, glyphs, pg.LEFT + SIZE, pg.y(baseline), SIZE)
