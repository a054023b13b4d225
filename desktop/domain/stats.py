"""Statistics offices report (domain.md §4), for any date range and optionally one unit.

The figures themselves are declared once, as SQL with the rule beside each, in
desktop/queries/figures.py; each carries the query for the records behind it, read when
a view drills down. This module adds the rates, the shares and the paragraph. Periods are
inclusive. docs/statistics.md gives each figure's one written definition (what is
counted, as at which date, the seed sentence it serves). Flow figures count what happened
within the period; stock figures (逾期未整改, 未办结, 影响期内) count the state as at the
period's end, derived from the records' own dates, not from today's status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.domain import work_sentences
from desktop.queries import figures as figures_module
from desktop.queries import rectification
from desktop.queries.figures import RANK_GROUPS, Figure
from desktop.store.errors import UserError

__all__ = ["RANK_GROUPS", "Figure", "Stats", "compute", "percent", "summary_paragraph"]

if TYPE_CHECKING:
    from desktop.store.db import Store

# Rectification statuses: the one rule lives in desktop/queries/rectification.py.
RECT_DONE = rectification.DONE
RECT_OPEN = rectification.OPEN


def percent(numerator: int, denominator: int) -> str | None:
    """A share as offices print it: one decimal, '.0' dropped (54/72 → '75%', 33/86 → '38.4%')."""
    if denominator <= 0:
        return None
    value = round(numerator * 1000 / denominator) / 10
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text}%"


def yuan(fen: int) -> str:
    return f"{fen / 100:.2f}"


def wan_yuan(fen: int) -> str:
    """Amounts in 万元 with two decimals, as reports give them (28300.00 元 → '2.83')."""
    return f"{fen / 1_000_000:.2f}"


@dataclass
class Stats:
    start: dt.date
    end: dt.date
    unit_id: int | None
    unit_name: str | None
    figures: dict[str, Figure]
    breakdowns: dict[str, dict[str, Figure]]
    amount_fen: int
    closure_rate: str | None
    rectification_rate: str | None
    form_shares: dict[int, str | None]
    as_of: dt.date  # the day stock figures stand at: the period's end, or today while it runs
    scope: figures_module.Scope | None = None  # what the figures were restricted to
    # a campaign (专项工作) and a campaign theme the figures were restricted to
    campaign_id: int | None = None
    campaign_name: str | None = None
    theme: str | None = None
    # the campaigns with records counted in the scope, each with its own figures
    campaigns: list[figures_module.CampaignWork] = field(default_factory=list)

    def __getitem__(self, key: str) -> int:
        return self.figures[key].value

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "period": {"from": self.start.isoformat(), "to": self.end.isoformat()},
            "unit": self.unit_name,
            "figures": {k: f.to_dict() for k, f in self.figures.items()},
            "breakdowns": {
                name: {k: f.value for k, f in group.items()}
                for name, group in self.breakdowns.items()
            },
            "amount_recovered": {
                "fen": self.amount_fen,
                "yuan": yuan(self.amount_fen),
                "wan_yuan": wan_yuan(self.amount_fen),
            },
            "closure_rate": self.closure_rate,
            "rectification_rate": self.rectification_rate,
            "form_shares": {str(k): v for k, v in self.form_shares.items()},
            "campaigns": [c.to_dict() for c in self.campaigns],
        }
        # named only when chosen: the unfiltered output stays as it was
        if self.campaign_id is not None:
            data["campaign"] = {"id": self.campaign_id, "name": self.campaign_name}
        if self.theme is not None:
            data["theme"] = self.theme
        return data


BREAKDOWNS = (
    "petitions_by_channel",
    "petitions_by_kind",
    "disposed_by_disposition",
    "sanctioned_by_rank",
    "talks_by_kind",
    "inspections_by_kind",
    "documents_by_kind",
    # issue #15 (docs/statistics.md §工作活动, §通报, §问责)
    "activities_by_kind",
    "activity_sessions_by_kind",
    "activity_attendance_by_kind",
    "bulletins_by_kind",
    "bulletin_items_by_kind",
    "accountabilities_by_method",
    "accountability_persons_by_method",
)


def compute(
    store: Store,
    start: dt.date,
    end: dt.date,
    *,
    unit_id: int | None = None,
    today: dt.date | None = None,
    campaign_id: int | None = None,
    theme: str | None = None,
) -> Stats:
    """All figures of domain.md §4 for [start, end], optionally restricted to one unit, one
    campaign (专项工作) and one campaign theme (docs/statistics.md §筛选)."""
    if end < start:
        raise ValueError("统计区间的结束日期不能早于开始日期")
    today = today or store.today()
    as_of = min(end, today)
    campaign_name = figures_module.campaign_name(store, campaign_id)
    if campaign_id is not None and campaign_name is None:
        raise UserError("所选专项工作已不存在（可能已删除），请重新选择")
    scope = figures_module.Scope.of(
        store, start, end, as_of, unit_id, campaign_id=campaign_id, theme=theme
    )
    counted, grouped, work = figures_module.count_all(
        store, scope, [n for n in BREAKDOWNS if n != "sanctioned_by_rank"]
    )
    amount = counted["amount_fen"].value
    figures = {key: counted[key] for key in figures_module.REPORTED}
    breakdowns = {
        name: (
            figures_module.sanctioned_by_rank(counted)
            if name == "sanctioned_by_rank"
            else grouped[name]
        )
        for name in BREAKDOWNS
    }
    value = {k: f.value for k, f in figures.items()}
    unit_name = None
    if unit_id is not None:
        unit_name = store.scalar("SELECT name FROM units WHERE id = ?", [unit_id])
    return Stats(
        start=start,
        end=end,
        unit_id=unit_id,
        unit_name=unit_name,
        figures=figures,
        breakdowns=breakdowns,
        amount_fen=int(amount),
        # §结案: 结案率 over the cases opened in the period, so never above 100 %.
        closure_rate=percent(value["closed_of_cases"], value["cases"]),
        # §整改: 整改率 = 已整改 / 发现问题.
        rectification_rate=percent(value["rectified"], value["problems_found"]),
        # §四种形态: each form's share of the persons dealt with.
        form_shares={n: percent(value[f"form{n}"], value["four_forms"]) for n in (1, 2, 3, 4)},
        as_of=as_of,
        scope=scope,
        campaign_id=campaign_id,
        campaign_name=campaign_name,
        theme=theme,
        campaigns=work,
    )


def filter_parts(result: Stats) -> list[str]:
    """The campaign and theme the figures are restricted to, as the report header says them."""
    parts = []
    if result.campaign_name is not None:
        parts.append(f"专项工作：{result.campaign_name}")
    if result.theme is not None:
        parts.append(f"主题：{result.theme}")
    return parts


def filter_label(result: Stats) -> str:
    """What the figures cover, as the page and the CLI say it: '全部单位', or the unit, the
    campaign and the theme chosen ('某局；专项工作：…；主题：…')."""
    return "；".join([result.unit_name or "全部单位", *filter_parts(result)])


def _joined(parts: Sequence[str], sep: str = "，") -> str:
    return sep.join(p for p in parts if p)


def summary_paragraph(stats: Stats) -> str:
    """The sentence offices paste into work reports, in the register of the seed reports.

    Each clause follows docs/statistics.md; a clause whose figures are all zero is left
    out, and a period with nothing to report says so instead of listing zeros.
    """
    f = {k: fig.value for k, fig in stats.figures.items()}
    period = period_label(stats.start, stats.end)
    # figures filtered by a campaign or theme say so: they are not the whole office's work
    work = f"“{stats.campaign_name}”" if stats.campaign_name else ""
    work = work or (f"{stats.theme}专项工作" if stats.theme else "")
    who = (stats.unit_name or "") + (f"围绕{work}，" if work else "")
    disposed = stats.breakdowns["disposed_by_disposition"]

    cases: list[str] = []
    if f["clues_received"]:
        cases.append(f"受理问题线索{f['clues_received']}件")
    if f["clues_disposed"]:
        details = [
            f"{name}{disposed[name].value}件"
            for name in ("谈话函询", "初步核实", "暂存待查", "予以了结")
            if name in disposed and disposed[name].value
        ]
        cases.append(
            f"处置问题线索{f['clues_disposed']}件"
            + (f"（其中{'、'.join(details)}）" if details else "")
        )
    if f["cases"]:
        cases.append(f"立案{f['cases']}件{f['case_persons']}人")
    if f["closed"]:
        closing = f"结案{f['closed']}件"
        if f["closed_earlier_cases"]:
            earlier = "以前年度" if (stats.start.month, stats.start.day) == (1, 1) else "本期以前"
            closing += f"（含{earlier}立案{f['closed_earlier_cases']}件）"
        cases.append(closing)
    if stats.closure_rate and f["cases"]:
        cases.append(f"结案率{stats.closure_rate}")
    if f["sanctioned"]:
        split = [
            f"党纪处分{f['party_sanctioned']}人" if f["party_sanctioned"] else "",
            f"政务处分{f['gov_sanctioned']}人" if f["gov_sanctioned"] else "",
        ]
        both = f"，其中同时给予党纪政务处分{f['both_sanctioned']}人" if f["both_sanctioned"] else ""
        cases.append(f"党纪政务处分{f['sanctioned']}人（{_joined(split, '、')}{both}）")
    if f["org_handled"]:
        admonished = f"（其中诫勉{f['admonished']}人）" if f["admonished"] else ""
        cases.append(f"组织处理{f['org_handled']}人{admonished}")

    # issue #15: campaign by campaign, then activities, 通报, 通报曝光 and 问责
    # one campaign chosen: the whole paragraph is that campaign's (its opening names it),
    # so its own sentence would only say the figures below twice
    chosen = stats.campaign_id is not None
    sentences = [] if chosen else [work_sentences.campaign_sentence(w) for w in stats.campaigns]
    sentences = [s for s in sentences if s]
    sentences += work_sentences.work_sentences(f, stats.breakdowns)
    if cases:
        sentences.append("共" + _joined(cases) + "。")
    if f["four_forms"]:
        shares = []
        for n in (1, 2, 3, 4):
            value, share = f[f"form{n}"], stats.form_shares[n]
            if value:
                label = stats.figures[f"form{n}"].label
                shares.append(f"{label}{value}人次" + (f"，占比{share}" if share else ""))
        sentences.append(
            f"运用监督执纪“四种形态”处理{f['four_forms']}人次，其中{'；'.join(shares)}。"
        )
    extras = [
        f"开展谈话函询{f['talk_inquiry_times']}件次" if f["talk_inquiry_times"] else "",
        f"发出函询{f['inquiries']}件" if f["inquiries"] else "",
        f"{f['voluntary']}人主动说清问题" if f["voluntary"] else "",
        f"收缴违纪款{wan_yuan(stats.amount_fen)}万元" if stats.amount_fen else "",
    ]
    if any(extras):
        sentences.append(_joined(extras, "；") + "。")
    talks = [
        f"开展谈话提醒{f['reminder_talks']}次" if f["reminder_talks"] else "",
        f"主要负责人作为谈话人{f['head_talks']}次" if f["head_talks"] else "",
        f"谈心谈话{f['heart_talks']}次" if f["heart_talks"] else "",
    ]
    if any(talks):
        sentences.append(_joined(talks) + "。")
    inspection = [
        f"开展监督检查{f['inspections']}次" if f["inspections"] else "",
        f"发现问题{f['problems_found']}个" if f["problems_found"] else "",
        f"已整改{f['rectified']}个" if f["rectified"] else "",
        f"整改率{stats.rectification_rate}"
        if stats.rectification_rate and f["problems_found"]
        else "",
    ]
    tail = [
        f"截至{cn_day(stats.as_of)}逾期未整改{f['overdue_items']}个" if f["overdue_items"] else "",
        f"开展整改“回头看”{f['followups']}次，其中实地查看{f['onsite_followups']}次"
        if f["followups"]
        else "",
    ]
    if any(inspection) or any(tail):
        sentences.append(_joined([_joined(inspection), *tail], "；") + "。")
    docs = [(k, v.value) for k, v in stats.breakdowns.get("documents_by_kind", {}).items()]
    listed = "、".join(f"{k}{v}份" for k, v in docs if v)
    if listed:
        sentences.append(f"制发{listed}。")
    if not sentences:
        return f"{period}，{who}无可统计的工作记录。"
    return f"{period}，{who}" + "".join(sentences)


def cn_day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def period_label(start: dt.date, end: dt.date) -> str:
    """'2023年1-4月', '2026年', '2026年3月', or '2025年12月1日至2026年1月31日'."""
    import calendar

    whole_months = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    if start.year == end.year and whole_months:
        if start.month == 1 and end.month == 12:
            return f"{start.year}年"
        if start.month == end.month:
            return f"{start.year}年{start.month}月"
        return f"{start.year}年{start.month}-{end.month}月"
    return f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日"
