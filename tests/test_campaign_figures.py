"""Issue #15 figures and the paragraph that speaks campaign by campaign.

docs/statistics.md §工作活动, §通报, §通报曝光, §问责, §谈话人数, §两函一书, §专项工作 and
§段落: every figure against records made here (a real store in tmp_path), one inside and
one outside the period or the campaign; the paragraph a clerk pastes.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from desktop.domain import stats
from desktop.store import Store, records
from tests.campaign_office import make_office

D = dt.date
Y2026 = (D(2026, 1, 1), D(2026, 12, 31))


@dataclass
class Office:
    store: Store
    ids: dict[str, int]


@pytest.fixture
def office(data_dir: Path) -> Any:
    store = Store.open(data_dir, operator="测试", clock=lambda: dt.datetime(2027, 1, 5, 9, 0))
    ids = make_office(store)
    yield Office(store, ids)
    store.close()


def year(office: Office, **kw: Any) -> stats.Stats:
    return stats.compute(office.store, *Y2026, **kw)


def test_activities_by_kind_with_sessions_and_attendance(office: Office) -> None:
    """§工作活动: 场次 as typed (none: 1); 人次 the persons listed, else the number typed;
    教育培训 = 警示教育 + 廉政教育 + 培训/答题."""
    result = year(office)
    assert result["activities"] == 4
    assert result["activity_sessions"] == 2 + 1 + 1 + 1
    assert result["activity_attendance"] == 120 + 2 + 6000 + 3
    assert (result["education_sessions"], result["education_attendance"]) == (4, 6122)
    sessions = {k: f.value for k, f in result.breakdowns["activity_sessions_by_kind"].items()}
    people = {k: f.value for k, f in result.breakdowns["activity_attendance_by_kind"].items()}
    assert sessions == {"警示教育": 2, "廉政教育": 1, "培训/答题": 1, "述责述廉": 1}
    assert people == {"警示教育": 120, "廉政教育": 2, "培训/答题": 6000, "述责述廉": 3}
    lian = result.breakdowns["activity_attendance_by_kind"]["廉政教育"]
    titles = {
        office.store.scalar("SELECT title FROM activities WHERE id = ?", [i])
        for i in lian.record_ids(office.store)
    }
    assert titles == {"廉政党课"}


def test_bulletins_in_issues_and_cases(office: Office) -> None:
    """§通报: 期 = 通报 dated in the period, 起 = the items they list, by kind."""
    result = year(office)
    assert (result["bulletins"], result["bulletin_items"]) == (2, 4)
    by_kind = {k: f.value for k, f in result.breakdowns["bulletins_by_kind"].items()}
    items = {k: f.value for k, f in result.breakdowns["bulletin_items_by_kind"].items()}
    assert by_kind == {"典型案例通报": 1, "督查通报": 1}
    assert items == {"典型案例通报": 3, "督查通报": 1}


def test_exposures_by_row_or_bulletin_item(office: Office) -> None:
    """§通报曝光: the clue named by a 通报 item (its reported persons when the item names
    none) and the clue with an exposure row; persons counted once."""
    result = year(office)
    assert result["exposed_clues"] == 2
    assert result["exposed_persons"] == 3  # 王芳, 李强 (违规吃喝), 赵敏 (item and row)
    first_half = stats.compute(office.store, D(2026, 1, 1), D(2026, 6, 30))
    assert (first_half["exposed_clues"], first_half["exposed_persons"]) == (2, 3)
    spring = stats.compute(office.store, D(2026, 1, 1), D(2026, 3, 31))
    assert (spring["exposed_clues"], spring["exposed_persons"]) == (1, 2)


def test_accountability_persons_units_and_times(office: Office) -> None:
    """§问责: 人 distinct persons, 单位 units held to account, 次 every decision."""
    result = year(office)
    assert result["accountability_times"] == 4
    assert result["accountability_persons"] == 2  # 王芳 twice, 赵敏
    assert result["accountability_units"] == 1
    times = {k: f.value for k, f in result.breakdowns["accountabilities_by_method"].items()}
    persons = {k: f.value for k, f in result.breakdowns["accountability_persons_by_method"].items()}
    assert times == {"通报": 2, "诫勉": 1, "组织调整": 1}
    assert persons == {"通报": 1, "诫勉": 1, "组织调整": 1}


def test_talks_and_summons_in_persons(office: Office) -> None:
    """§谈话人数: 约谈 2次 2人 (王芳 twice), 谈心谈话 2次 1人."""
    result = year(office)
    assert (result["summons_talks"], result["summons_persons"]) == (2, 2)
    assert (result["heart_talks"], result["heart_persons"]) == (2, 1)
    assert (result["talks"], result["talk_persons"]) == (4, 2)


def test_two_letters_one_book_and_campaigns(office: Office) -> None:
    """§两函一书: 整改函/提醒函/督办函 + 建议书, voided ones not; §专项工作: under way."""
    result = year(office)
    assert result["two_letters_one_book"] == 3  # 整改函, 提醒函, 监察建议书
    assert result["campaigns"] == 2
    assert stats.compute(office.store, D(2024, 6, 1), D(2024, 6, 30))["campaigns"] == 1


def test_unit_and_campaign_filters_apply_to_the_new_figures(office: Office) -> None:
    store, ids = office.store, office.ids
    town = year(office, unit_id=ids["城关镇"])
    assert town["campaigns"] == 1  # the festival campaign covers 城关镇
    assert town["accountability_persons"] == 1  # 王芳
    assert town["activities"] == 3  # 警示片 (unit); 廉政党课, 述责述廉 (persons listed work there)
    start, end = Y2026
    festival = stats.figures_module.Scope.of(
        store, start, end, end, None, campaign_id=ids["festival"]
    )
    counted = stats.figures_module.count(store, festival)
    assert counted["activities"].value == 1
    assert counted["bulletin_items"].value == 3
    assert counted["two_letters_one_book"].value == 2
    assert counted["accountability_times"].value == 1
    assert counted["campaigns"].value == 1
    theme = stats.figures_module.Scope.of(store, start, end, end, None, theme="营商环境")
    counted = stats.figures_module.count(store, theme)
    assert counted["accountability_persons"].value == 1  # 赵敏, through the clue
    assert counted["exposed_clues"].value == 1


def test_campaign_work_per_campaign(office: Office) -> None:
    result = year(office)
    names = [w.name for w in result.campaigns]
    assert names == ["元旦、春节节日期间作风专项检查", "优化营商环境专项监督"]
    festival, business = result.campaigns
    assert festival["inspections"] == 4
    assert festival.kinds["inspections"]["节日期间检查"]["inspections"] == 3
    assert (festival["problems_found"], festival["rectified"]) == (2, 1)
    assert festival["two_letters_one_book"] == 2
    assert (festival["bulletins"], festival["bulletin_items"]) == (1, 3)
    assert festival["accountability_persons"] == 1
    assert (business["clues_received"], business["cases"], business["sanctioned"]) == (1, 1, 1)
    start, end = Y2026
    chosen = stats.figures_module.Scope.of(
        office.store, start, end, end, None, campaign_id=office.ids["business"]
    )
    assert [w.name for w in stats.figures_module.campaign_work(office.store, chosen)] == [
        "优化营商环境专项监督"
    ]
    theme = stats.figures_module.Scope.of(office.store, start, end, end, None, theme="节日期间")
    assert [w.campaign_id for w in stats.figures_module.campaign_work(office.store, theme)] == [
        office.ids["festival"]
    ]


def test_paragraph_speaks_campaign_by_campaign_then_the_cases(office: Office) -> None:
    """§段落: a sentence per campaign with records, zero clauses left out; then activities,
    通报, 通报曝光, 问责; then the case sentence as before."""
    text = stats.summary_paragraph(year(office))
    assert text.startswith(
        "2026年，在元旦、春节节日期间作风专项检查中，开展节日期间检查3次、明察暗访1次，"
        "组织警示教育2场次、120人次，发现并督促问题整改2个，已整改1个，制发“两函一书”2份、"
        "典型案例通报1期3起，问责1人。"
        "在优化营商环境专项监督中，受理问题线索1件，立案1件，党纪政务处分1人，"
        "通报曝光问题线索1件1人，问责1人。"
    ), text
    assert "2024年民生资金专项治理" not in text
    assert (
        "开展教育培训4场次、6122人次（其中警示教育2场次、120人次，廉政教育1场次、2人次，"
        "培训、答题1场次、6000人次）；述责述廉1场次、3人次。"
    ) in text
    assert "制发典型案例通报1期3起、督查通报1期1起。" in text
    assert "通报曝光问题线索2件3人。" in text
    assert "问责2人、单位1个（通报2次、组织调整1次、诫勉1次）。" in text
    assert "共受理问题线索2件" in text
    assert text.index("问责2人") < text.index("共受理问题线索")


def test_paragraph_without_new_records_is_as_before(data_dir: Path) -> None:
    store = Store.open(data_dir, operator="测试", clock=lambda: dt.datetime(2026, 3, 1, 9, 0))
    try:
        unit = records.insert(store, "units", {"name": "某局"})
        who = records.insert(store, "persons", {"name": "甲", "unit_id": unit})
        records.insert(
            store,
            "clues",
            {"received_date": "2026-01-05", "source": "信访举报", "summary": "问题"},
            {"clue_persons": [{"person_id": who}]},
        )
        records.insert(
            store,
            "campaigns",
            {"name": "无记录的专项", "theme": "其他", "start_date": "2026-01-01"},
        )
        text = stats.summary_paragraph(stats.compute(store, *Y2026))
        assert text == "2026年，共受理问题线索1件。"
    finally:
        store.close()


def test_cli_text_and_the_pdf_carry_the_campaign_sentences(
    office: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`summary --text` prints it; the PDF report prints it and the new rows (read back)."""
    from desktop import cli

    folder = str(office.store.path.parent)
    office.store.close()
    assert cli.main(["summary", "--data-dir", folder, "--period", "2026年", "--text"]) == 0
    out = capsys.readouterr().out
    assert "在优化营商环境专项监督中，受理问题线索1件，立案1件，党纪政务处分1人" in out
    pdf = tmp_path / "汇总.pdf"
    args = ["summary", "--data-dir", folder, "--period", "2026年", "--out", str(pdf)]
    assert cli.main(args) == 0
    text = "".join(
        "".join((page.extract_text() or "").split())
        for page in pdfplumber.open(io.BytesIO(pdf.read_bytes())).pages
    )
    assert "制发“两函一书”2份、典型案例通报1期3起" in text
    assert "教育培训人次（人次）6122306092" in text.replace("+", "")
    assert "问责单位（个）1" in text
    office.store = Store.open(Path(folder), operator="测试")  # the fixture closes it


@pytest.mark.parametrize("chosen", ["none", "campaign", "theme", "unit"])
def test_people_read_once_count_as_apart(office: Office, chosen: str) -> None:
    """count_and_work (the people dealt with read once for PEOPLE and the 党纪政务处分 per
    campaign; with a campaign chosen, PEOPLE's own) gives what count and campaign_work
    give each by itself, drill-downs included (issue #16)."""
    figures = stats.figures_module
    store, ids = office.store, office.ids
    start, end = Y2026
    kw: dict[str, Any] = {
        "none": {},
        "campaign": {"campaign_id": ids["business"]},
        "theme": {"theme": "营商环境"},
        "unit": {},
    }[chosen]
    unit = ids["城关镇"] if chosen == "unit" else None
    scope = figures.Scope.of(store, start, end, end, unit, **kw)
    counted, work = figures.count_and_work(store, scope)
    apart = figures.count(store, scope)
    assert {k: f.value for k, f in counted.items()} == {k: f.value for k, f in apart.items()}
    for key, figure in apart.items():
        assert counted[key].record_ids(store) == figure.record_ids(store), key
    assert [w.to_dict() for w in work] == [w.to_dict() for w in figures.campaign_work(store, scope)]
    if chosen != "campaign":
        rows = store.db.execute(
            figures.people_sql(scope), figures.PEOPLE._params(store, scope)
        ).fetchall()
        assert rows[0][0] is None
        assert {int(r[0]): int(r[1]) for r in rows[1:]} == figures.sanctioned_per_campaign(
            store, scope
        )
    if chosen == "none":
        assert any(w["sanctioned"] for w in work)  # the shared count is exercised


def test_talk_persons_counted_per_person_as_distinct_persons(office: Office) -> None:
    """§谈话人数 is counted per person first (Family.per); the same as the distinct persons
    and talks of the rows, rule by rule."""
    figures = stats.figures_module
    family = figures.TALK_PERSONS
    start, end = Y2026
    scope = figures.Scope.of(office.store, start, end, end, None)
    plain = f"SELECT {family.counts()} FROM {family.source} WHERE {family.where}"
    params = scope.params()
    expected = office.store.db.execute(plain, params).fetchone()
    assert "GROUP BY s.person_id" in family.sql(scope)
    assert tuple(office.store.db.execute(family.sql(scope), params).fetchone()) == tuple(expected)
    assert any(expected)
