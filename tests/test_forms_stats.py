"""Four forms, sanction periods and the statistics offices report (seed 001's figures)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.domain import forms, stats
from desktop.store import Store, records

NOW = dt.datetime(2023, 5, 10, 9, 0)
PERIOD = (dt.date(2023, 1, 1), dt.date(2023, 4, 30))


@pytest.fixture
def store(data_dir: Path):
    s = Store.open(data_dir, operator="测试", clock=lambda: NOW)
    yield s
    s.close()


def test_form_is_the_heaviest_outcome(store: Store) -> None:
    table = forms.outcome_table(store)
    assert forms.form_of(["谈话提醒"], table) == 1
    assert forms.form_of(["谈话提醒", "党纪警告"], table) == 2
    assert forms.form_of(["记大过", "撤职", "诫勉"], table) == 3
    assert forms.form_of(["开除党籍", "移送检察机关"], table) == 4
    assert forms.form_of([], table) is None
    assert forms.heaviest(["政务警告", "党纪严重警告"], table).label == "党纪严重警告"


@pytest.mark.parametrize(
    ("outcome", "decided", "ends"),
    [
        ("政务警告", "2026-01-31", "2026-07-31"),
        ("记过", "2025-02-28", "2026-02-28"),
        ("记大过", "2024-08-31", "2026-02-28"),  # no 31 Feb: the month's last day
        ("党纪严重警告", "2025-01-15", "2026-07-15"),
        ("党纪警告", "2024-02-29", "2025-02-28"),  # Party 警告: one year
        ("降级", "2025-03-31", "2027-03-31"),
        ("撤职", "2025-06-30", "2027-06-30"),
        ("降低岗位等级", "2025-05-31", "2027-05-31"),  # 事业单位 staff: 24 months
        ("开除党籍", "2020-01-01", None),
        ("开除", "2020-01-01", None),  # permanent
    ],
)
def test_sanction_effect_periods(
    store: Store, outcome: str, decided: str, ends: str | None
) -> None:
    info = forms.outcome_table(store)[outcome]
    end = forms.effect_end(info, dt.date.fromisoformat(decided))
    assert end == (dt.date.fromisoformat(ends) if ends else None)


def _office(store: Store) -> dict[str, int]:
    unit = records.insert(store, "units", {"name": "某市直单位", "kind": "区直部门"})
    return {"unit": unit}


def _clue(store: Store, unit: int, n: int, outcomes: list[str], **dates: str) -> int:
    person = records.insert(
        store, "persons", {"name": f"干部{n:03d}", "unit_id": unit, "rank": "乡科级"}
    )
    filed = 1 if dates.get("case_date") else 0
    return records.insert(
        store,
        "clues",
        {"source": "信访举报", "channel": "来信", "summary": f"问题{n}", **dates},
        {
            "clue_persons": [{"person_id": person, "rank": "乡科级", "filed": filed}],
            "clue_outcomes": [
                {"person_id": person, "outcome": o, "decided_date": "2023-04-20"} for o in outcomes
            ],
        },
    )


def seed_001(store: Store) -> None:
    """The figures of seed report 001: 2023年1-4月 112 clues, 72 cases, 54 closed,
    53 sanctioned, 86 persons by the four forms of whom 33 in the first."""
    unit = _office(store)["unit"]
    # outcome sets: 33 first form, 40 second (党纪/政务), 12 third, 1 fourth
    plans = (
        [["谈话提醒"]] * 20
        + [["诫勉"]] * 13
        + [["谈话提醒", "党纪警告"]] * 20  # two outcomes, counted once by the heaviest
        + [["记过"]] * 20
        + [["留党察看一年"]] * 12
        + [["开除党籍", "移送检察机关"]]
    )
    assert len(plans) == 86
    n = 0
    for i, plan in enumerate(plans):
        n += 1
        if i < 72:  # 72 cases opened in the period, 54 of them closed in it
            dates = {
                "received_date": "2023-01-05",
                "disposition": "初步核实",
                "disposition_date": "2023-01-10",
                "case_date": "2023-02-01",
            }
            if i < 54:
                dates["closed_date"] = "2023-04-15"
        else:
            dates = {
                "received_date": "2023-01-05",
                "disposition": "谈话函询",
                "disposition_date": "2023-01-12",
            }
        _clue(store, unit, n, plan, **dates)
    for disposition in ["暂存待查"] * 10 + ["予以了结"] * 16:  # 112 disposed in all
        n += 1
        _clue(
            store,
            unit,
            n,
            [],
            received_date="2023-02-01",
            disposition=disposition,
            disposition_date="2023-02-10",
        )
    # outside the period: must not count
    n += 1
    _clue(
        store,
        unit,
        n,
        [],
        received_date="2022-11-01",
        disposition="初步核实",
        disposition_date="2022-11-05",
        case_date="2022-12-01",
        closed_date="2023-05-06",  # after the period, not after today,
    )


def test_seed_001_figures_come_out_as_printed(store: Store) -> None:
    seed_001(store)
    result = stats.compute(store, *PERIOD)
    assert result["clues_disposed"] == 112
    assert result["cases"] == 72
    assert result["closed"] == 54
    assert result.closure_rate == "75%"
    assert result["sanctioned"] == 53
    assert result["four_forms"] == 86
    assert result["form1"] == 33
    assert result.form_shares[1] == "38.4%"
    assert [result[f"form{n}"] for n in (2, 3, 4)] == [40, 12, 1]
    disposed = result.breakdowns["disposed_by_disposition"]
    assert {k: v.value for k, v in disposed.items()} == {
        "初步核实": 72,
        "谈话函询": 14,
        "暂存待查": 10,
        "予以了结": 16,
    }
    text = stats.summary_paragraph(result)
    assert text.startswith("2023年1-4月，")
    assert "处置问题线索112件" in text
    assert "立案72件72人，结案54件，结案率75%，党纪政务处分53人" in text
    assert "运用监督执纪“四种形态”处理86人次，其中第一种形态33人次，占比38.4%" in text


def test_drill_down_ids_lead_to_the_records(store: Store) -> None:
    seed_001(store)
    result = stats.compute(store, *PERIOD)
    closed = result.figures["closed"]
    ids = closed.record_ids(store)
    assert closed.table == "clues" and len(ids) == 54
    assert all(records.get(store, "clues", i)["closed_date"] == "2023-04-15" for i in ids)
    form1 = result.figures["form1"]
    assert form1.table == "clue_persons" and len(form1.record_ids(store)) == 33


def test_stats_for_one_unit(store: Store) -> None:
    seed_001(store)
    other = records.insert(store, "units", {"name": "另一单位"})
    _clue(
        store,
        other,
        999,
        ["谈话提醒"],
        received_date="2023-03-01",
        disposition="谈话函询",
        disposition_date="2023-03-02",
    )
    whole = stats.compute(store, *PERIOD)
    only = stats.compute(store, *PERIOD, unit_id=other)
    assert whole["clues_disposed"] == 113
    assert only["clues_disposed"] == 1 and only["four_forms"] == 1 and only["cases"] == 0
    assert only.closure_rate is None
    assert stats.summary_paragraph(only).startswith("2023年1-4月，另一单位共受理问题线索1件")


def test_talk_and_inspection_figures(store: Store) -> None:
    unit = _office(store)["unit"]
    person = records.insert(store, "persons", {"name": "王芳", "unit_id": unit})
    for kind, role in [
        ("提醒谈话", "主要负责人"),
        ("提醒谈话", "纪检干部"),
        ("谈心谈话", "主要负责人"),
    ]:
        records.insert(
            store,
            "talks",
            {"kind": kind, "date": "2023-03-01", "reason": "日常"},
            {
                "talk_talkers": [{"name": "书记", "role": role}],
                "talk_subjects": [{"person_id": person}],
            },
        )
    insp = records.insert(
        store,
        "inspections",
        {"kind": "明察暗访", "theme": "作风建设", "start_date": "2023-02-01"},
        {"inspection_units": [{"unit_id": unit}]},
    )
    base = {"found_date": "2023-02-02", "unit_id": unit, "inspection_id": insp}
    records.insert(store, "rectifications", {**base, "finding": "a", "status": "已整改待验收"})
    records.insert(
        store,
        "rectifications",
        {**base, "finding": "b", "status": "整改中", "deadline": "2023-03-01"},
    )
    records.insert(
        store,
        "rectifications",
        {**base, "finding": "c", "status": "待整改", "deadline": "2023-12-01"},
        {"rect_checks": [{"date": "2023-04-01", "method": "实地查看", "result": "未完成"}]},
    )
    result = stats.compute(store, *PERIOD)
    # docs/statistics.md §主要负责人作为谈话人: counted within 谈话提醒 (seed 003), so the
    # 谈心谈话 held by the head is not among them
    assert (result["reminder_talks"], result["head_talks"], result["heart_talks"]) == (2, 1, 1)
    assert result["inspections"] == 1
    assert result.breakdowns["inspections_by_kind"]["明察暗访"].value == 1
    assert (result["problems_found"], result["rectified"], result["overdue_items"]) == (3, 1, 1)
    assert result.rectification_rate == "33.3%"
    assert (result["followups"], result["onsite_followups"]) == (1, 1)


@pytest.mark.parametrize(
    ("n", "d", "text"),
    [
        (54, 72, "75%"),
        (33, 86, "38.4%"),
        (1, 3, "33.3%"),
        (2, 3, "66.7%"),
        (0, 5, "0%"),
        (1, 0, None),
    ],
)
def test_percent_as_offices_print_it(n: int, d: int, text: str | None) -> None:
    assert stats.percent(n, d) == text


def test_money_and_period_labels() -> None:
    assert stats.wan_yuan(2_830_000) == "2.83"
    assert stats.period_label(dt.date(2023, 1, 1), dt.date(2023, 4, 30)) == "2023年1-4月"
    assert stats.period_label(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == "2026年"
    assert stats.period_label(dt.date(2026, 3, 1), dt.date(2026, 3, 31)) == "2026年3月"
    assert (
        stats.period_label(dt.date(2025, 12, 1), dt.date(2026, 1, 15))
        == "2025年12月1日至2026年1月15日"
    )
