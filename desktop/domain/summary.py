"""统计汇总: the §4 figures of a period beside the same period a year earlier.

``compare`` gives both Stats, every reported line with its change (+N / −N; rates in
percentage points) and the record ids behind it for drill-down, clues by source and
rectification progress by unit. ``report`` turns a comparison into the plain data the
PDF renderer takes; ``render_pdf`` does both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop.domain import periods, stats
from desktop.domain.stats import Figure, Stats
from desktop.queries import figures
from desktop.queries.campaigns import attendance_sql, sessions_sql
from desktop.queries.figures import Drill, UnitProgress

__all__ = ["Comparison", "Line", "Section", "UnitProgress", "compare", "report"]

if TYPE_CHECKING:
    from desktop.documents.summary import SummaryReport
    from desktop.store.db import Store

MINUS = "-"  # ASCII: no bundled face has U+2212, and the PDF must draw what the UI shows
DISPOSITIONS = ("谈话函询", "初步核实", "暂存待查", "予以了结")
DOCUMENT_KINDS = ("整改通知书", "整改函", "督办函", "提醒函", "纪律检查建议书", "监察建议书")


@dataclass
class Line:
    """One row of the comparison: a figure, a breakdown item, a rate or the amount."""

    key: str
    label: str
    unit: str
    current: str
    previous: str
    change: str
    level: int = 0  # 1 for the items of a breakdown ("其中")
    table: str = ""
    # the queries for the records behind the current and the previous value
    drill: Drill | None = field(default=None, repr=False, compare=False)
    previous_drill: Drill | None = field(default=None, repr=False, compare=False)

    def record_ids(self, store: Store, *, previous: bool = False) -> list[int]:
        """The records behind the value (read now: drilling down is rare)."""
        drill = self.previous_drill if previous else self.drill
        return drill.ids(store) if drill is not None else []


@dataclass
class Section:
    title: str
    lines: list[Line]


@dataclass
class Comparison:
    current: Stats
    previous: Stats
    sections: list[Section]
    clues_by_source: dict[str, Figure]
    rectification_by_unit: list[UnitProgress]

    @property
    def lines(self) -> list[Line]:
        return [line for section in self.sections for line in section.lines]

    def line(self, key: str) -> Line:
        for line in self.lines:
            if line.key == key:
                return line
        raise KeyError(key)


# -- changes ---------------------------------------------------------------------------


def change(current: int, previous: int) -> str:
    """'+3', '-3' or '0'."""
    diff = current - previous
    if diff > 0:
        return f"+{diff}"
    if diff < 0:
        return f"{MINUS}{-diff}"
    return "0"


def point_change(current: tuple[int, int], previous: tuple[int, int]) -> str:
    """Change of a rate in percentage points ('+2.5个百分点'); '—' when either is undefined."""
    (cn, cd), (pn, pd) = current, previous
    if cd <= 0 or pd <= 0:
        return "—"
    diff = round(cn * 1000 / cd - pn * 1000 / pd) / 10
    if diff == 0:
        return "0"
    text = f"{abs(diff):.1f}".removesuffix(".0")
    return f"{'+' if diff > 0 else MINUS}{text}个百分点"


def amount_change(current_fen: int, previous_fen: int) -> str:
    diff = current_fen - previous_fen
    if diff == 0:
        return "0"
    return f"{'+' if diff > 0 else MINUS}{stats.wan_yuan(abs(diff))}"


# -- compare ---------------------------------------------------------------------------


def compare(
    store: Store,
    start: dt.date,
    end: dt.date,
    unit_id: int | None = None,
    *,
    today: dt.date | None = None,
    campaign_id: int | None = None,
    theme: str | None = None,
) -> Comparison:
    """The period [start, end] and the same period a year earlier, side by side (both
    restricted alike: unit, campaign, theme)."""
    today = today or store.today()

    def one(first: dt.date, last: dt.date) -> Stats:
        return stats.compute(
            store, first, last, unit_id=unit_id, today=today, campaign_id=campaign_id, theme=theme
        )

    current = one(start, end)
    previous = one(*periods.previous_year(start, end))
    for result in (current, previous):
        _settle_order(result)
    sources = _by_source(store, current)
    prev_sources = _by_source(store, previous)
    return Comparison(
        current=current,
        previous=previous,
        sections=_sections(current, previous, sources, prev_sources),
        clues_by_source=sources,
        rectification_by_unit=_by_unit(store, current),
    )


def _settle_order(result: Stats) -> None:
    """Put breakdown items in a fixed order (stats keeps SQLite's row order, which may
    change between connections), so the paragraph and the PDF come out the same."""
    orders = {
        "disposed_by_disposition": DISPOSITIONS,
        "sanctioned_by_rank": stats.RANK_GROUPS,
        "documents_by_kind": DOCUMENT_KINDS,
    }
    for name, group in result.breakdowns.items():
        order = orders.get(name, ())

        def key(item: tuple[str, Figure], order: Sequence[str] = order) -> tuple[int, int, str]:
            label, fig = item
            rank = order.index(label) if label in order else len(order)
            return rank, -fig.value, label

        result.breakdowns[name] = dict(sorted(group.items(), key=key))


def _figure_line(cur: Stats, prev: Stats, key: str, label: str | None = None) -> Line:
    c, p = cur.figures[key], prev.figures[key]
    return Line(
        key=key,
        label=label or c.label,
        unit=c.unit,
        current=str(c.value),
        previous=str(p.value),
        change=change(c.value, p.value),
        table=c.table,
        drill=c.drill,
        previous_drill=p.drill,
    )


def _group_lines(
    key: str,
    cur: dict[str, Figure],
    prev: dict[str, Figure],
    unit: str,
    order: Sequence[str] = (),
) -> list[Line]:
    names = [n for n in order if n in cur or n in prev]
    rest = sorted(
        (n for n in {*cur, *prev} if n not in names),
        key=lambda n: (-(cur[n].value if n in cur else 0), n),
    )
    lines = []
    for name in [*names, *rest]:
        c, p = cur.get(name), prev.get(name)
        cv, pv = (c.value if c else 0), (p.value if p else 0)
        lines.append(
            Line(
                key=f"{key}:{name}",
                label=name,
                unit=unit,
                current=str(cv),
                previous=str(pv),
                change=change(cv, pv),
                level=1,
                table=c.table if c else (p.table if p else ""),
                drill=c.drill if c else None,
                previous_drill=p.drill if p else None,
            )
        )
    return lines


def _rate_line(key: str, label: str, cur: tuple[int, int], prev: tuple[int, int]) -> Line:
    return Line(
        key=key,
        label=label,
        unit="",
        current=stats.percent(*cur) or "—",
        previous=stats.percent(*prev) or "—",
        change=point_change(cur, prev),
    )


def _sections(
    cur: Stats, prev: Stats, sources: dict[str, Figure], prev_sources: dict[str, Figure]
) -> list[Section]:
    def fig(key: str, label: str | None = None) -> Line:
        return _figure_line(cur, prev, key, label)

    def group(name: str, unit: str, order: Sequence[str] = ()) -> list[Line]:
        return _group_lines(name, cur.breakdowns[name], prev.breakdowns[name], unit, order)

    def ratio(s: Stats, num: str, den: str) -> tuple[int, int]:
        return s[num], s[den]

    clues = [
        fig("clues_received"),
        *_group_lines("clues_by_source", sources, prev_sources, "件"),
        fig("petitions"),
        *group("petitions_by_channel", "件"),
        *group("petitions_by_kind", "件"),
        fig("petition_duplicates"),
        fig("clues_disposed"),
        *group("disposed_by_disposition", "件", DISPOSITIONS),
        fig("talk_inquiry_times"),
        fig("inquiries"),
        fig("prelim"),
    ]
    cases = [
        fig("cases"),
        fig("case_persons"),
        fig("closed"),
        fig("closed_of_cases"),
        fig("closed_earlier_cases"),
        fig("cases_open"),
        _rate_line(
            "closure_rate",
            "结案率",
            ratio(cur, "closed_of_cases", "cases"),
            ratio(prev, "closed_of_cases", "cases"),
        ),
        Line(
            key="amount",
            label="收缴违纪款",
            unit="万元",
            current=stats.wan_yuan(cur.amount_fen),
            previous=stats.wan_yuan(prev.amount_fen),
            change=amount_change(cur.amount_fen, prev.amount_fen),
            table="clues",
            drill=cur.figures["closed"].drill,
            previous_drill=prev.figures["closed"].drill,
        ),
    ]
    people = [
        fig("sanctioned"),
        fig("party_sanctioned"),
        fig("gov_sanctioned"),
        fig("both_sanctioned"),
        *group("sanctioned_by_rank", "人", stats.RANK_GROUPS),
        fig("org_handled"),
        fig("admonished"),
        fig("voluntary"),
        fig("in_effect"),
    ]
    forms = [fig("four_forms")]
    for n in (1, 2, 3, 4):
        forms.append(fig(f"form{n}"))
        label = f"{cur.figures[f'form{n}'].label}占比"
        forms.append(
            _rate_line(
                f"form{n}_share",
                label,
                ratio(cur, f"form{n}", "four_forms"),
                ratio(prev, f"form{n}", "four_forms"),
            )
        )
    talks = [
        fig("talks"),
        fig("reminder_talks"),
        fig("head_talks"),
        fig("heart_talks"),
        fig("inquiry_talks"),
        # issue #15: in 人 as well as 次; 约谈 (docs/statistics.md §谈话人数)
        fig("talk_persons"),
        fig("reminder_persons"),
        fig("heart_persons"),
        fig("summons_talks"),
        fig("summons_persons"),
    ]
    inspections = [
        fig("inspections"),
        *group("inspections_by_kind", "次"),
        fig("problems_found"),
        fig("rectified"),
        fig("closed_items"),
        _rate_line(
            "rectification_rate",
            "整改率",
            ratio(cur, "rectified", "problems_found"),
            ratio(prev, "rectified", "problems_found"),
        ),
        fig("overdue_items"),
        fig("followups"),
        fig("onsite_followups"),
    ]
    documents = _group_lines(
        "documents_by_kind",
        cur.breakdowns["documents_by_kind"],
        prev.breakdowns["documents_by_kind"],
        "份",
        DOCUMENT_KINDS,
    )
    for line in documents:
        line.level = 0
    documents.append(fig("two_letters_one_book"))
    return [
        Section("信访举报和问题线索", clues),
        Section("审查调查", cases),
        Section("处理处分", people),
        Section("运用监督执纪“四种形态”", forms),
        Section("谈话", talks),
        Section("监督检查和整改", inspections),
        Section("制发文书", documents),
        *_work_sections(fig, group),
    ]


def _work_sections(
    fig: Callable[[str], Line], group: Callable[[str, str, Sequence[str]], list[Line]]
) -> list[Section]:
    """Issue #15: campaigns and activities (by kind, 场次 and 人次), 通报 (期, 起), 通报曝光
    and 问责 (by method), after the figures offices reported before."""
    activities = [
        fig("campaigns"),
        fig("activities"),
        fig("activity_sessions"),
        *group("activity_sessions_by_kind", "场次", figures.EDUCATION_KINDS),
        fig("activity_attendance"),
        *group("activity_attendance_by_kind", "人次", figures.EDUCATION_KINDS),
        fig("education_sessions"),
        fig("education_attendance"),
    ]
    bulletins = [
        fig("bulletins"),
        *group("bulletins_by_kind", "期", ()),
        fig("bulletin_items"),
        *group("bulletin_items_by_kind", "起", ()),
        fig("exposed_clues"),
        fig("exposed_persons"),
    ]
    blame = [
        fig("accountability_persons"),
        fig("accountability_units"),
        fig("accountability_times"),
        *group("accountabilities_by_method", "次", ()),
    ]
    return [
        Section("专项工作和工作活动", activities),
        Section("通报和通报曝光", bulletins),
        Section("问责", blame),
    ]


def _by_source(store: Store, result: Stats) -> dict[str, Figure]:
    """The clues received in the period by source (§受理)."""
    assert result.scope is not None
    return figures.grouped(store, result.scope, "clues_by_source")


def rectification_by_unit(
    store: Store,
    start: dt.date,
    end: dt.date,
    unit_id: int | None = None,
    *,
    today: dt.date | None = None,
) -> list[UnitProgress]:
    """Found / rectified / overdue per unit, counted as stats counts them (one rule:
    desktop/queries/figures.py), most found first; overdue is the stock at the period's end."""
    today = today or store.today()
    scope = figures.Scope.of(store, start, end, min(end, today), unit_id)
    return figures.rectification_by_unit(store, scope)


def _by_unit(store: Store, result: Stats) -> list[UnitProgress]:
    """rectification_by_unit within the scope the figures were counted in."""
    assert result.scope is not None
    return figures.rectification_by_unit(store, result.scope)


# -- report ----------------------------------------------------------------------------


def _range_text(start: dt.date, end: dt.date) -> str:
    return f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日"


def report(store: Store, comparison: Comparison, day: dt.date | None = None) -> SummaryReport:
    """Plain data for desktop.documents.summary.render_summary."""
    from desktop.documents import summary as doc

    cur, prev = comparison.current, comparison.previous
    disposed = cur.breakdowns["disposed_by_disposition"]
    disposition = [(name, disposed[name].value) for name in DISPOSITIONS if name in disposed]
    disposition += [(n, f.value) for n, f in disposed.items() if n not in DISPOSITIONS]
    return doc.SummaryReport(
        office=(store.setting("office_name") or "").strip(),
        period=stats.period_label(cur.start, cur.end),
        scope=cur.unit_name or "",
        filters=stats.filter_parts(cur),
        current_range=_range_text(cur.start, cur.end),
        previous_range=_range_text(prev.start, prev.end),
        paragraph=stats.summary_paragraph(cur),
        sections=[
            doc.Section(
                s.title,
                [
                    doc.Row(_row_label(line), line.current, line.previous, line.change, line.level)
                    for line in s.lines
                ],
            )
            for s in comparison.sections
        ],
        clues_by_source=[(n, f.value) for n, f in comparison.clues_by_source.items()],
        disposition=disposition,
        forms=[(cur.figures[f"form{n}"].label, cur[f"form{n}"]) for n in (1, 2, 3, 4)],
        rectification=[
            doc.UnitProgress(u.unit, u.found, u.rectified, u.overdue)
            for u in comparison.rectification_by_unit
        ],
        day=day or store.today(),
    )


def _row_label(line: Line) -> str:
    return f"{line.label}（{line.unit}）" if line.unit else line.label


def render_pdf(
    store: Store,
    start: dt.date,
    end: dt.date,
    unit_id: int | None = None,
    *,
    day: dt.date | None = None,
    campaign_id: int | None = None,
    theme: str | None = None,
) -> bytes:
    from desktop.documents.summary import render_summary

    comparison = compare(store, start, end, unit_id, campaign_id=campaign_id, theme=theme)
    return render_summary(report(store, comparison, day=day))


def totals(items: Iterable[UnitProgress]) -> tuple[int, int, int]:
    found = rectified = overdue = 0
    for item in items:
        found, rectified, overdue = (
            found + item.found,
            rectified + item.rectified,
            overdue + item.overdue,
        )
    return found, rectified, overdue


# -- drill-down ------------------------------------------------------------------------


@dataclass(frozen=True)
class DrillRow:
    """One record behind a figure, as the drill-down list shows it."""

    table: str  # the record to open (a clue for a clue person, a rectification for a check)
    record_id: int
    date: str
    title: str
    who: str
    state: str


_DRILL_SQL = {
    "clues": """SELECT 'clues' AS tbl, c.id AS rid, COALESCE(c.{date}, c.received_date) AS date,
            TRIM(COALESCE(c.ledger_no || ' ', '') || c.summary) AS title,
            (SELECT group_concat(p.name, '、') FROM clue_persons cp JOIN persons p
             ON p.id = cp.person_id WHERE cp.clue_id = c.id) AS who,
            CASE WHEN c.closed_date IS NOT NULL THEN '已结案'
                 WHEN c.case_date IS NOT NULL THEN '已立案'
                 WHEN c.prelim_start IS NOT NULL THEN '初核'
                 ELSE COALESCE(c.disposition, '待处置') END AS state, c.id AS k
        FROM clues c WHERE c.id IN ({marks})""",
    "clue_persons": """SELECT 'clues' AS tbl, c.id AS rid,
            COALESCE((SELECT max(o.decided_date) FROM clue_outcomes o
                      WHERE o.clue_id = c.id AND o.person_id = cp.person_id),
                     c.received_date) AS date,
            TRIM(COALESCE(c.ledger_no || ' ', '') || c.summary) AS title,
            p.name || COALESCE('（' || NULLIF(TRIM(COALESCE(cp.unit_name, '') || ' '
                || COALESCE(cp.post, '')), '') || '）', '') AS who,
            COALESCE((SELECT group_concat(o.outcome, '、') FROM clue_outcomes o
                      WHERE o.clue_id = c.id AND o.person_id = cp.person_id),
                     CASE WHEN cp.filed THEN '立案' ELSE '' END) AS state, cp.id AS k
        FROM clue_persons cp JOIN clues c ON c.id = cp.clue_id
        JOIN persons p ON p.id = cp.person_id WHERE cp.id IN ({marks})""",
    "talks": """SELECT 'talks' AS tbl, t.id AS rid, t.date AS date, t.reason AS title,
            (SELECT group_concat(p.name, '、') FROM talk_subjects s JOIN persons p
             ON p.id = s.person_id WHERE s.talk_id = t.id) AS who, t.kind AS state, t.id AS k
        FROM talks t WHERE t.id IN ({marks})""",
    "rectifications": """SELECT 'rectifications' AS tbl, r.id AS rid, r.found_date AS date,
            r.finding AS title, u.name AS who,
            r.status || COALESCE('（时限 ' || r.deadline || '）', '') AS state, r.id AS k
        FROM rectifications r JOIN units u ON u.id = r.unit_id WHERE r.id IN ({marks})""",
    "rect_checks": """SELECT 'rectifications' AS tbl, r.id AS rid, k.date AS date,
            r.finding AS title, u.name AS who,
            k.method || CASE WHEN k.passed THEN '（通过）' ELSE '（未通过）' END AS state,
            k.id AS k
        FROM rect_checks k JOIN rectifications r ON r.id = k.rect_id
        JOIN units u ON u.id = r.unit_id WHERE k.id IN ({marks})""",
    "inspections": """SELECT 'inspections' AS tbl, i.id AS rid, i.start_date AS date,
            i.theme AS title,
            (SELECT group_concat(u.name, '、') FROM inspection_units iu JOIN units u
             ON u.id = iu.unit_id WHERE iu.inspection_id = i.id) AS who, i.kind AS state,
            i.id AS k
        FROM inspections i WHERE i.id IN ({marks})""",
    "inquiries": """SELECT 'inquiries' AS tbl, q.id AS rid, q.sent_date AS date,
            TRIM(COALESCE(c.ledger_no || ' ', '') || c.summary) AS title, p.name AS who,
            CASE WHEN q.reply_date IS NOT NULL
                 THEN '已回复' || COALESCE('（' || q.conclusion || '）', '')
                 ELSE '待回复' || COALESCE('（' || q.reply_due || '前）', '') END AS state,
            q.id AS k
        FROM inquiries q JOIN clues c ON c.id = q.clue_id JOIN persons p ON p.id = q.person_id
        WHERE q.id IN ({marks})""",
    "documents": """SELECT 'documents' AS tbl, d.id AS rid, d.issued_date AS date,
            d.title AS title, d.addressee AS who,
            d.kind || COALESCE(' ' || d.number, '') ||
                CASE WHEN d.voided THEN '（已作废）' ELSE '' END AS state, d.id AS k
        FROM documents d WHERE d.id IN ({marks})""",
    # issue #15's records: each opens its own form
    "campaigns": """SELECT 'campaigns' AS tbl, cm.id AS rid, cm.start_date AS date,
            cm.name AS title, cm.lead_office AS who,
            cm.theme || COALESCE('（至 ' || cm.end_date || '）', '') AS state, cm.id AS k
        FROM campaigns cm WHERE cm.id IN ({marks})""",
    "activities": f"""SELECT 'activities' AS tbl, a.id AS rid, a.date AS date,
            a.title AS title, a.place AS who,
            a.kind || '，' || {sessions_sql("a")} || '场次、' || {attendance_sql("a")}
                || '人次' AS state, a.id AS k
        FROM activities a WHERE a.id IN ({{marks}})""",
    "bulletins": """SELECT 'bulletins' AS tbl, b.id AS rid, b.date AS date, b.title AS title,
            b.scope AS who,
            b.kind || COALESCE(' ' || (SELECT number FROM documents WHERE id = b.document_id),
                '') || '，' || (SELECT COUNT(*) FROM bulletin_items bi
                WHERE bi.bulletin_id = b.id) || '起' AS state, b.id AS k
        FROM bulletins b WHERE b.id IN ({marks})""",
    "accountabilities": """SELECT 'accountabilities' AS tbl, ac.id AS rid, ac.date AS date,
            ac.reason AS title,
            TRIM(COALESCE((SELECT name FROM persons WHERE id = ac.person_id), '') || ' '
                || COALESCE((SELECT name FROM units WHERE id = ac.unit_id), '')) AS who,
            ac.method AS state, ac.id AS k
        FROM accountabilities ac WHERE ac.id IN ({marks})""",
}


# The date a clue figure counts by (default: received), shown in its drill-down.
_CLUE_DATES = {
    "clues_disposed": "disposition_date",
    "disposed_by_disposition": "disposition_date",
    "talk_inquiry_times": "disposition_date",
    "prelim": "prelim_start",
    "cases": "case_date",
    "closed": "closed_date",
    "amount": "closed_date",
}


def drill_down(store: Store, table: str, ids: Sequence[int], key: str = "") -> list[DrillRow]:
    """The records behind a figure (its ids in `table`), in the order of the ids.

    A figure counted per person per clue (人, 人次) lists the person on the clue, opening
    the clue; a 回头看 opens its rectification. `key` (the Line's) picks the date shown
    for clues: the one the figure counts by (处置, 立案, 结案…).
    """
    sql = _DRILL_SQL.get(table)
    if sql is None or not ids:
        return []
    found: dict[int, DrillRow] = {}
    unique = list(dict.fromkeys(int(i) for i in ids))
    for n in range(0, len(unique), 900):
        chunk = unique[n : n + 900]
        date = _CLUE_DATES.get(key.split(":")[0], "received_date")
        for r in store.query(sql.format(marks=",".join("?" * len(chunk)), date=date), chunk):
            found[int(r["k"])] = DrillRow(
                table=str(r["tbl"]),
                record_id=int(r["rid"]),
                date=r["date"] or "",
                title=" ".join(str(r["title"] or "").split()),
                who=r["who"] or "",
                state=r["state"] or "",
            )
    return [found[i] for i in unique if i in found]
