"""廉政档案: one person's record on one document.

Sections are numbered as they come (二、三、…): a section with nothing on record prints
"无。" rather than disappearing, so the paper says the office looked."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas

from desktop.documents import page as pg
from desktop.documents.flow import Cell, Flow, finish
from desktop.documents.fonts import Face, FontRegistry, registry
from desktop.documents.text import Span, draw_glyphs, shape

SIZE = pg.SIZE_XIAOSI
LEADING = 18.0
HEAD = Face.HEITI


@dataclass(frozen=True, slots=True)
class PostEntry:
    start: dt.date | None  # None: not on record
    end: dt.date | None  # None: to date
    unit: str
    post: str


@dataclass(frozen=True, slots=True)
class TalkEntry:
    date: dt.date
    kind: str
    talkers: str
    reason: str
    statement: str = ""


@dataclass(frozen=True, slots=True)
class ClueEntry:
    number: str
    received: dt.date
    summary: str
    disposition: str
    outcome: str
    status: str


@dataclass(frozen=True, slots=True)
class SanctionEntry:
    kind: str  # 党纪警告, 政务记过 ...
    decided: dt.date
    effect_until: dt.date | None  # end of the effect period; None: none or permanent
    decided_by: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class RectificationEntry:
    finding: str
    deadline: dt.date | None
    status: str
    closed: dt.date | None = None


@dataclass(frozen=True, slots=True)
class AssessmentEntry:
    """A 测评 result from an activity (述责述廉, 责任制考核/测评 …)."""

    date: dt.date
    kind: str
    title: str
    result: str
    score: str = ""


@dataclass(frozen=True, slots=True)
class ExposureEntry:
    """A 通报曝光 of a clue, or an item (起) of a 通报 naming the person."""

    date: dt.date
    channel: str
    bulletin: str
    summary: str


@dataclass(frozen=True, slots=True)
class AccountabilityEntry:
    date: dt.date
    method: str
    reason: str
    decided_by: str = ""


@dataclass(frozen=True, slots=True)
class ActivityEntry:
    """An activity taken part in, and the part played."""

    date: dt.date
    kind: str
    title: str
    role: str = ""


NUMERALS = "一二三四五六七八九十"


def numeral(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十 (sections stay well under a hundred)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else NUMERALS[tens - 1] + "十")
    return head + (NUMERALS[ones - 1] if ones else "")


@dataclass(frozen=True)
class IntegrityArchive:
    name: str
    unit: str
    post: str
    printed: dt.date
    office: str  # the keeping office, printed under the title and as PDF author
    gender: str = ""
    birth_date: dt.date | None = None
    rank: str = ""
    political_status: str = ""
    public_kind: str = ""
    phone: str = ""
    posts: Sequence[PostEntry] = field(default_factory=tuple)
    talks: Sequence[TalkEntry] = field(default_factory=tuple)
    clues: Sequence[ClueEntry] = field(default_factory=tuple)
    sanctions: Sequence[SanctionEntry] = field(default_factory=tuple)
    rectifications: Sequence[RectificationEntry] = field(default_factory=tuple)
    assessments: Sequence[AssessmentEntry] = field(default_factory=tuple)
    exposures: Sequence[ExposureEntry] = field(default_factory=tuple)
    accountabilities: Sequence[AccountabilityEntry] = field(default_factory=tuple)
    activities: Sequence[ActivityEntry] = field(default_factory=tuple)
    notes: str = ""


def _d(day: dt.date | None) -> str:
    return pg.cn_date(day) if day else ""


def _month(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月" if day else ""


def sanction_status(entry: SanctionEntry, on: dt.date) -> str:
    """ "影响期内（至2027年5月9日）", "影响期已满" or "—" when the record carries no period."""
    if entry.effect_until is None:
        return "长期" if "开除" in entry.kind else "—"
    if on < entry.effect_until:
        return f"影响期内（至{_d(entry.effect_until)}）"
    return f"影响期已满（{_d(entry.effect_until)}）"


def render_archive(archive: IntegrityArchive, fonts: FontRegistry | None = None) -> bytes:
    fonts = fonts or registry()
    buffer = io.BytesIO()
    canvas = pg.new_canvas(
        buffer,
        fonts,
        title=f"{archive.name}廉政档案",
        author=archive.office,
        subject="廉政档案",
        day=archive.printed,
    )
    flow = Flow(fonts)
    flow.centred([Span(f"{archive.name}廉政档案", Face.XIAOBIAOSONG)], pg.TITLE_SIZE, 40.0)
    flow.centred(
        [Span(f"{archive.office}　{_d(archive.printed)}打印")], pg.SIZE_SIHAO, pg.LINE_PITCH
    )
    flow.space(2 * pg.MM)

    def head(*names: str) -> list[Cell]:
        return [Cell(n, face=HEAD, align="centre") for n in names]

    number = 1  # 一、基本情况

    def heading(title: str) -> None:
        nonlocal number
        number += 1
        flow.space(2 * pg.MM)
        flow.heading(f"{numeral(number)}、{title}")

    def section(
        title: str, widths: Sequence[float], header: list[Cell], rows: list[list[Cell]]
    ) -> None:
        heading(title)
        if rows:
            flow.table(widths, rows, SIZE, LEADING, header=header)
        else:
            flow.paragraph([Span("无。")], SIZE, LEADING, first_indent=2 * SIZE)

    flow.heading("一、基本情况")
    label = [Cell(n, face=HEAD, align="centre") for n in ("姓名", "性别", "出生年月", "政治面貌")]
    basics = [
        [label[0], Cell(archive.name), label[1], Cell(archive.gender)],
        [label[2], Cell(_month(archive.birth_date)), label[3], Cell(archive.political_status)],
        [Cell("工作单位", face=HEAD, align="centre"), Cell(archive.unit, 3)],
        [
            Cell("现任职务", face=HEAD, align="centre"),
            Cell(archive.post),
            Cell("职级", face=HEAD, align="centre"),
            Cell(archive.rank),
        ],
        [
            Cell("人员类别", face=HEAD, align="centre"),
            Cell(archive.public_kind),
            Cell("联系电话", face=HEAD, align="centre"),
            Cell(archive.phone),
        ],
    ]
    flow.table([5, 9, 5, 9], basics, SIZE, LEADING)

    section(
        "任职经历",
        [9, 12, 9],
        head("起止时间", "单位", "职务"),
        [
            [
                Cell(f"{_month(p.start) or '〔未填写〕'}—{_month(p.end) or '今'}"),
                Cell(p.unit),
                Cell(p.post),
            ]
            for p in archive.posts
        ],
    )
    section(
        "谈话情况",
        [7.8, 5.5, 6, 9.5, 8],
        head("日期", "类型", "谈话人", "事由", "表态"),
        [
            [Cell(_d(t.date)), Cell(t.kind), Cell(t.talkers), Cell(t.reason), Cell(t.statement)]
            for t in archive.talks
        ],
    )
    section(
        "问题线索及处置",
        [6.5, 7.8, 8.7, 4.8, 5.4, 3.65],
        head("编号", "受理日期", "反映问题", "处置方式", "处理结果", "状态"),
        [
            [
                Cell(c.number),
                Cell(_d(c.received)),
                Cell(c.summary),
                Cell(c.disposition),
                Cell(c.outcome),
                Cell(c.status),
            ]
            for c in archive.clues
        ],
    )
    section(
        "处分情况",
        [6, 7.8, 7, 8, 8],
        head("处分", "决定日期", "决定机关", "事由", "影响期"),
        [
            [
                Cell(s.kind),
                Cell(_d(s.decided)),
                Cell(s.decided_by),
                Cell(s.reason),
                Cell(sanction_status(s, archive.printed)),
            ]
            for s in archive.sanctions
        ],
    )
    section(
        "整改事项",
        [14, 7.8, 5, 7.8],
        head("问题", "整改期限", "状态", "销号日期"),
        [
            [Cell(r.finding), Cell(_d(r.deadline)), Cell(r.status), Cell(_d(r.closed))]
            for r in archive.rectifications
        ],
    )
    section(
        "测评结果",
        [7.8, 6, 12, 5, 4.5],
        head("日期", "类型", "活动", "测评结果", "得分"),
        [
            [Cell(_d(a.date)), Cell(a.kind), Cell(a.title), Cell(a.result), Cell(a.score)]
            for a in archive.assessments
        ],
    )
    section(
        "通报曝光",
        [7.8, 7, 11.5, 10.5],
        head("日期", "方式", "通报", "通报曝光的问题"),
        [
            [Cell(_d(e.date)), Cell(e.channel), Cell(e.bulletin), Cell(e.summary)]
            for e in archive.exposures
        ],
    )
    section(
        "问责情况",
        [7.8, 5.5, 15, 7],
        head("日期", "方式", "事由", "决定机关"),
        [
            [Cell(_d(a.date)), Cell(a.method), Cell(a.reason), Cell(a.decided_by)]
            for a in archive.accountabilities
        ],
    )
    section(
        "参加的工作活动",
        [7.8, 6, 15, 6.5],
        head("日期", "类型", "活动", "参加身份"),
        [[Cell(_d(a.date)), Cell(a.kind), Cell(a.title), Cell(a.role)] for a in archive.activities],
    )
    if archive.notes:
        heading("其他情况")
        flow.paragraph([Span(archive.notes)], SIZE, LEADING, first_indent=2 * SIZE)
    flow.space(4 * pg.MM)
    flow.paragraph(
        [Span(f"以上情况截至{_d(archive.printed)}，据{archive.office}台账记录整理。")],
        SIZE,
        LEADING,
        first_indent=2 * SIZE,
    )

    def decorate(canvas: Canvas, number: int, total: int) -> None:
        if number > 1:
            mark = shape([Span(f"{archive.name}廉政档案（续）")], 10.5, fonts)
            canvas.setFillColor(pg.GREY)
            draw_glyphs(canvas, mark, pg.LEFT, pg.y(pg.TOP - 4 * pg.MM), 10.5)
        pg.draw_page_number(canvas, fonts, number)

    finish(canvas, flow, decorate)
    return buffer.getvalue()
