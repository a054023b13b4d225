"""Schema step 8 (indexes for the statistics' period and status filters): a
committed store of version 7 upgrades with nothing else changed, and every figure's query
(docs/statistics.md, declared in desktop/queries/figures.py) finds its rows through an
index instead of reading a whole table — also filtered by campaign or theme (step 10's
link indexes)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from migration_helpers import (
    FIXTURES,
    committed,
    copy_fixture,
    ix_indexes,
    query_plan,
    upgraded_and_fresh,
)

from desktop.domain import stats
from desktop.queries import figures
from desktop.store import Store, audit, schema

FIXTURE = FIXTURES / "store_v7.sqlite3"
NEW_INDEXES = {
    "ix_clues_prelim_day",
    "ix_clues_case_closed",
    "ix_talks_date_kind",
    "ix_clue_outcomes_outcome",
    "ix_documents_issued_kind",
    "ix_rect_checks_date_method",
    "ix_rect_progress_rect_date",
    "ix_rect_overdue",
    "ix_talks_kind_date",
    "ix_clue_outcomes_cover",
}
# what a store of today holds of them: steps 13 and 14 replaced some with covering indexes
KEPT = NEW_INDEXES - set(schema.V13_DROPPED) - set(schema.V14_DROPPED)
# The tables that grow with the office's work; none may be read whole by a figure.
BIG = (
    "clues|clue_persons|clue_outcomes|talks|talk_subjects|talk_talkers|rectifications"
    "|rect_progress|rect_checks|inquiries|inspections|documents|audit_log"
    # issue #15: the campaign links a figure's campaign or theme filter reads, and the
    # records that grow with the work (campaigns themselves are a few dozen a year)
    "|clue_campaigns|inspection_campaigns|rect_campaigns|activity_campaigns"
    "|bulletin_campaigns|proposal_campaigns|activities|bulletins|accountabilities"
)
ALIASES = "c|cp|q|t|i|r|k|d|o|p|a|s|tk|iu|b|ac|e"
FULL_SCAN = re.compile(rf"\bSCAN ({BIG}|{ALIASES})\b(?! USING)")


@pytest.fixture
def v7_dir(tmp_path: Path) -> Path:
    return copy_fixture(FIXTURE, tmp_path)


def test_fixture_really_is_version_7() -> None:
    with committed(FIXTURE, 7) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert not NEW_INDEXES & names


def test_v7_store_upgrades_with_its_records_and_figures_unchanged(v7_dir: Path) -> None:
    store = Store.open(v7_dir)
    try:
        assert store.user_version == schema.LATEST >= 8
        assert ix_indexes(store) >= KEPT
        assert audit.verify_chain(store).ok
        result = stats.compute(
            store, dt.date(2025, 1, 1), dt.date(2025, 12, 31), today=dt.date(2026, 1, 5)
        )
        # the item found 2025-01-22, reported done: found and rectified; the 提醒谈话 held
        assert (result["problems_found"], result["rectified"]) == (1, 1)
        assert (result["talks"], result["reminder_talks"]) == (1, 1)
        assert result["clues_received"] == store.scalar(
            "SELECT COUNT(*) FROM clues WHERE received_date LIKE '2025%'"
        )
    finally:
        store.close()
    assert len(list(v7_dir.glob("qingfeng.v7-*.bak"))) == 1


def test_new_store_has_the_same_indexes_as_an_upgraded_one(v7_dir: Path, tmp_path: Path) -> None:
    upgraded, fresh = upgraded_and_fresh(v7_dir, tmp_path, ix_indexes)
    assert upgraded == fresh
    assert upgraded >= KEPT


def every_query(store: Store, scope: figures.Scope) -> dict[str, str]:
    """Each figure's count, its drill-down, each breakdown and the per-unit table, as SQL."""
    queries: dict[str, str] = {}
    for family in (*figures.FAMILIES, figures.DOCUMENTS):
        queries[f"count:{family.members[0].key}"] = family.sql(scope)
        for member in family.members:
            queries[f"drill:{member.key}"] = family.drill_sql(member, scope)
    for g in figures.GROUPINGS:
        queries[f"group:{g.name}"] = g.family.breakdown_sql(scope, g.key, g.column)
    effect = figures.in_effect(store, scope)
    assert effect.drill is not None
    queries["drill:in_effect"] = effect.drill.sql
    queries["by_unit"] = figures.by_unit_sql(scope)
    return queries


# docs/statistics.md §筛选: a campaign, a theme, or both with a unit
FILTERS = {
    "all units": {},
    "one unit": {"unit": 1},
    "one campaign": {"campaign_id": 1},
    "one theme": {"theme": "节日期间"},
    "unit, campaign and theme": {"unit": 1, "campaign_id": 1, "theme": "节日期间"},
}


@pytest.mark.parametrize("chosen", FILTERS.values(), ids=FILTERS.keys())
def test_every_figure_searches_an_index(v7_dir: Path, chosen: dict[str, Any]) -> None:
    store = Store.open(v7_dir)
    try:
        day = dt.date(2025, 12, 31)
        unit = chosen.get("unit")
        campaign = {k: v for k, v in chosen.items() if k != "unit"}
        scope = figures.Scope.of(store, dt.date(2025, 1, 1), day, day, unit, **campaign)
        params = {**scope.params(), **figures._effect_starts(store, scope), "blank": "",
                  "item": ""}  # fmt: skip
        assert len(every_query(store, scope)) > 40
        for name, sql in every_query(store, scope).items():
            plan = " | ".join(
                str(r["detail"]) for r in store.query("EXPLAIN QUERY PLAN " + sql, params)
            )
            assert not FULL_SCAN.search(plan), f"{name}: {plan}"
            assert "SEARCH" in plan, f"{name}: {plan}"
        # the campaign filter finds each record's links by (campaign, record); the theme
        # filter finds the theme's campaigns by their theme first
        for name, sql in every_query(store, scope).items():
            if not name.startswith("count:") or name == "count:campaigns":
                continue  # the 专项工作 count finds the campaigns themselves by their key
            plan = query_plan(store, _bound(sql, params))
            if "campaign_id" in chosen:
                assert re.search(r"ix_\w+_campaigns_campaign \(campaign_id=\? AND", plan), name
            if "theme" in chosen:
                assert "ix_campaigns_theme (theme=?)" in plan, name
        prelim = figures.PRELIM.sql(scope)
        # (through the covers of step 14, which begin with these indexes' columns)
        assert "ix_clues_prelim_cover" in query_plan(store, _bound(prelim, params))
        assert "ix_clue_outcomes_outcome" in query_plan(
            store, _bound(every_query(store, scope)["drill:in_effect"], params)
        )
    finally:
        store.close()


def _bound(sql: str, params: dict[str, object]) -> str:
    """`sql` with its named parameters written in, for query_plan (which takes none)."""
    for name in sorted(params, key=len, reverse=True):
        sql = sql.replace(f":{name}", repr(str(params[name])))
    return sql
