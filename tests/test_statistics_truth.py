"""Issue 19: each figure follows its one written definition in docs/statistics.md.

Every test names the section it checks. Real store in tmp_path, records through the
public API, figures read from stats.compute and the paragraph a clerk pastes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from desktop.domain import stats, summary
from desktop.store import Store, records

D = dt.date
Y2025 = (D(2025, 1, 1), D(2025, 12, 31))
Y2026 = (D(2026, 1, 1), D(2026, 12, 31))


@pytest.fixture
def store(data_dir: Path) -> Any:
    s = Store.open(data_dir, operator="测试", clock=lambda: dt.datetime(2026, 3, 1, 9, 0))
    s.unit = records.insert(s, "units", {"name": "某局", "kind": "区直部门"})  # type: ignore[attr-defined]
    yield s
    s.close()


def person(store: Any, name: str) -> int:
    return records.insert(store, "persons", {"name": name, "unit_id": store.unit, "rank": "乡科级"})


def clue(store: Any, who: int, outcomes: tuple[tuple[str, str], ...] = (), **dates: str) -> int:
    """A clue received on 2024-10-01; a 立案 date implies the 初步核实 disposition."""
    if dates.get("case_date"):
        dates = {"disposition": "初步核实", "disposition_date": "2024-10-10", **dates}
    return records.insert(
        store,
        "clues",
        {"received_date": "2024-10-01", "source": "信访举报", "summary": "问题", **dates},
        {
            "clue_persons": [{"person_id": who, "filed": 1 if dates.get("case_date") else 0}],
            "clue_outcomes": [
                {"person_id": who, "outcome": o, "decided_date": day} for o, day in outcomes
            ],
        },
    )


def talk(store: Any, kind: str, role: str, who: int, day: str, clue_id: int | None = None) -> int:
    return records.insert(
        store,
        "talks",
        {"kind": kind, "date": day, "reason": "日常", "clue_id": clue_id},
        {
            "talk_talkers": [{"name": "书记", "role": role}],
            "talk_subjects": [{"person_id": who}],
        },
    )


def test_head_as_talker_is_counted_within_reminder_talks(store: Any) -> None:
    """docs/statistics.md §主要负责人作为谈话人 (seed 003: "组织开展谈话提醒12次，
    主要负责人作为谈话人共8次")."""
    who = person(store, "王芳")
    talk(store, "提醒谈话", "主要负责人", who, "2025-03-01")
    talk(store, "提醒谈话", "纪检干部", who, "2025-03-02")
    for kind in ("谈心谈话", "诫勉谈话", "廉政谈话", "任前廉政谈话"):
        talk(store, kind, "主要负责人", who, "2025-03-03")
    result = stats.compute(store, *Y2025)
    assert (result["reminder_talks"], result["head_talks"]) == (2, 1)
    assert result["head_talks"] <= result["reminder_talks"]
    text = stats.summary_paragraph(result)
    assert "开展谈话提醒2次，主要负责人作为谈话人1次，谈心谈话1次。" in text


def test_inquiry_in_the_talk_ledger_is_not_a_talk(store: Any) -> None:
    """docs/statistics.md §谈话: a 函询 entered as a talk is counted apart."""
    who = person(store, "王芳")
    talk(store, "函询", "纪检干部", who, "2025-04-01")
    talk(store, "谈心谈话", "纪检干部", who, "2025-04-02")
    result = stats.compute(store, *Y2025)
    assert (result["talks"], result["inquiry_talks"]) == (1, 1)
    assert "函询" not in result.breakdowns["talks_by_kind"]


def test_overdue_items_stand_as_at_the_period_end(store: Any) -> None:
    """docs/statistics.md §整改: three items found in 2025, overdue on 31 December and
    closed in January 2026 read 逾期未整改3 for 2025, not 0, and are not 已整改 then."""
    for n in range(3):
        records.insert(
            store,
            "rectifications",
            {
                "finding": f"问题{n}",
                "found_date": "2025-10-10",
                "unit_id": store.unit,
                "deadline": "2025-11-30",
                "status": "已销号",
                "closed_date": "2026-01-20",
                "closed_by": "李强",
                "closure_evidence": "回头看通过",
            },
            {
                "rect_progress": [{"date": "2026-01-12", "content": "已整改完毕"}],
                "rect_checks": [
                    {
                        "date": "2026-01-18",
                        "method": "实地查看",
                        "result": "整改到位",
                        "passed": 1,
                        "evidence": "现场照片",
                    }
                ],
            },
        )
    year = stats.compute(store, *Y2025, today=D(2026, 3, 1))
    assert (year["problems_found"], year["rectified"], year["overdue_items"]) == (3, 0, 3)
    assert year.rectification_rate == "0%"
    assert "截至2025年12月31日逾期未整改3个" in stats.summary_paragraph(year)
    # while the period still runs, the stock stands at today, and the sentence says so
    running = stats.compute(store, *Y2025, today=D(2025, 12, 15))
    assert running.as_of == D(2025, 12, 15)
    assert "截至2025年12月15日逾期未整改3个" in stats.summary_paragraph(running)
    units = summary.rectification_by_unit(store, *Y2025, today=D(2026, 3, 1))
    assert [(u.found, u.rectified, u.overdue) for u in units] == [(3, 0, 3)]
    # by 31 January 2026 they were rectified: not overdue then, and 2026 found none
    january = stats.compute(store, D(2026, 1, 1), D(2026, 1, 31), today=D(2026, 3, 1))
    assert (january["problems_found"], january["overdue_items"]) == (0, 0)
    # December alone: the stock at its end is the same three
    december = stats.compute(store, D(2025, 12, 1), D(2025, 12, 31), today=D(2026, 3, 1))
    assert december["overdue_items"] == 3


def test_closure_rate_is_over_cases_opened_in_the_period(store: Any) -> None:
    """docs/statistics.md §结案: 结案 includes earlier cases, named apart; the rate never
    exceeds 100 %."""
    for n in range(2):  # opened in 2024, closed in 2025
        clue(store, person(store, f"甲{n}"), case_date="2024-11-01", closed_date="2025-03-01")
    clue(store, person(store, "乙"), case_date="2025-02-01", closed_date="2025-06-01")
    clue(store, person(store, "丙"), case_date="2025-05-01")
    result = stats.compute(store, *Y2025)
    assert (result["cases"], result["closed"], result["closed_earlier_cases"]) == (2, 3, 2)
    assert result.closure_rate == "50%"  # 1 of the 2 opened in 2025
    text = stats.summary_paragraph(result)
    assert "结案3件（含以前年度立案2件），结案率50%" in text
    quarter = stats.compute(store, D(2025, 4, 1), D(2025, 6, 30))
    assert "结案1件（含本期以前立案1件）" in stats.summary_paragraph(quarter)
    assert quarter.closure_rate == "0%"  # one opened (丙), none of it closed


def test_party_and_government_overlap_is_written_out(store: Any) -> None:
    """docs/statistics.md §党纪政务处分: one person with both counts once in the total."""
    both = person(store, "甲")
    clue(store, both, (("党纪警告", "2025-05-01"), ("记过", "2025-05-01")), case_date="2025-03-01")
    clue(store, person(store, "乙"), (("党纪严重警告", "2025-06-01"),), case_date="2025-03-01")
    result = stats.compute(store, *Y2025)
    counts = (result["sanctioned"], result["party_sanctioned"], result["gov_sanctioned"])
    assert counts == (2, 2, 1) and result["both_sanctioned"] == 1
    assert result["party_sanctioned"] + result["gov_sanctioned"] - result["both_sanctioned"] == 2
    text = stats.summary_paragraph(result)
    assert "党纪政务处分2人（党纪处分2人、政务处分1人，其中同时给予党纪政务处分1人）" in text


def test_an_admonition_talk_on_a_clue_is_the_outcome_admonition_once(store: Any) -> None:
    """docs/statistics.md §诫勉: three 诫勉谈话 on clues make 诫勉3人, not 0; a clue with
    both the talk and the outcome counts once."""
    for n in range(3):
        who = person(store, f"丁{n}")
        cid = clue(store, who, disposition="谈话函询", disposition_date="2024-10-10")
        talk(store, "诫勉谈话", "纪检干部", who, "2025-02-10", clue_id=cid)
    who = person(store, "戊")
    cid = clue(store, who, (("诫勉", "2025-02-12"),))
    talk(store, "诫勉谈话", "纪检干部", who, "2025-02-11", clue_id=cid)
    talk(store, "诫勉谈话", "纪检干部", person(store, "己"), "2025-02-11")  # on no clue
    result = stats.compute(store, *Y2025)
    assert result["admonished"] == 4
    assert (result["four_forms"], result["form1"]) == (4, 4)
    assert "组织处理4人（其中诫勉4人）" in stats.summary_paragraph(result)


def test_open_cases_and_sanctions_in_effect_stand_at_the_period_end(store: Any) -> None:
    """docs/statistics.md §未办结 and §影响期内 (stock figures)."""
    clue(store, person(store, "甲"), case_date="2025-02-01", closed_date="2026-01-10")
    sanction = (("政务警告", "2025-03-01"),)
    clue(store, person(store, "乙"), sanction, case_date="2025-02-01", closed_date="2025-04-01")
    result = stats.compute(store, *Y2025)
    assert result["cases_open"] == 1  # 甲's case was still open on 31 December
    assert result["in_effect"] == 0  # 政务警告 of March: six months, over by then
    mid = stats.compute(store, D(2025, 1, 1), D(2025, 6, 30))
    assert (mid["cases_open"], mid["in_effect"]) == (1, 1)
    before = stats.compute(store, D(2025, 1, 1), D(2025, 1, 31))
    assert (before["cases_open"], before["in_effect"]) == (0, 0)
    # a period still running stands as at today: on 5 January 2026 甲's case is open
    running = stats.compute(store, *Y2026, today=D(2026, 1, 5))
    assert running["cases_open"] == 1


def test_an_empty_period_lists_no_zeros(store: Any) -> None:
    """docs/statistics.md §段落: clauses whose figures are all zero are left out."""
    text = stats.summary_paragraph(stats.compute(store, *Y2026))
    assert text == "2026年，无可统计的工作记录。"
    who = person(store, "甲")
    talk(store, "谈心谈话", "纪检干部", who, "2026-02-01")
    text = stats.summary_paragraph(stats.compute(store, *Y2026))
    assert text == "2026年，谈心谈话1次。"
    assert "0件" not in text and "0人" not in text and "0次" not in text


def test_without_report_or_closure_the_audit_log_dates_the_rectification(store: Any) -> None:
    """docs/statistics.md §整改: an item set 已整改待验收 on 1 March 2026 with no 整改进展
    report counts as rectified from the day the audit log shows, not from its found date."""
    rect = records.insert(
        store,
        "rectifications",
        {
            "finding": "台账不全",
            "found_date": "2025-10-10",
            "unit_id": store.unit,
            "deadline": "2025-11-30",
            "status": "整改中",
        },
    )
    records.update(store, "rectifications", rect, {"status": "已整改待验收"})  # on 2026-03-01
    year = stats.compute(store, *Y2025, today=D(2026, 3, 5))
    assert (year["rectified"], year["overdue_items"]) == (0, 1)
    now = stats.compute(store, D(2026, 1, 1), D(2026, 3, 31), today=D(2026, 3, 5))
    assert now["overdue_items"] == 0
