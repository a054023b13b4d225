"""Figures counted by shared queries are the figures counted apart (issue #16, fifth pass).

`figures.count_all` reads rows once where several figures count them: a family with its
breakdowns (`Grouping.with_family`), the people dealt with for PEOPLE and the 党纪政务处分
per campaign. Each figure, breakdown and campaign's figures must be what `count`,
`grouped_all` and `campaign_work` give each by itself, drill-downs included, on the demo
office for the scopes a clerk picks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from desktop.domain import stats
from desktop.queries import figures
from desktop.store import Store

YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
NAMES = [n for n in stats.BREAKDOWNS if n != "sanctioned_by_rank"]


def scope_of(store: Store, chosen: str) -> figures.Scope:
    campaign = store.db.execute(
        "SELECT id, theme FROM campaigns WHERE start_date BETWEEN ? AND ? ORDER BY start_date, id",
        [d.isoformat() for d in YEAR],
    ).fetchone()
    unit = store.scalar("SELECT id FROM units WHERE name = '城关镇'")
    kw: dict[str, Any] = {
        "year": {},
        "unit": {},
        "campaign": {"campaign_id": int(campaign[0])},
        "theme": {"theme": str(campaign[1])},
    }[chosen]
    start, end = YEAR
    return figures.Scope.of(store, start, end, end, unit if chosen == "unit" else None, **kw)


def test_some_breakdowns_are_counted_with_their_family() -> None:
    shared = [g.name for g in figures.GROUPINGS if g.name in NAMES and g.with_family]
    assert {"petitions_by_channel", "disposed_by_disposition", "talks_by_kind"} <= set(shared)
    # a breakdown with a count of its own, or a family whose counts do not add up, apart
    assert not figures.BULLETINS.additive and not figures.TALK_PERSONS.additive
    assert not next(g for g in figures.GROUPINGS if g.name == "activities_by_kind").with_family


@pytest.mark.parametrize("chosen", ["year", "unit", "campaign", "theme"])
def test_count_all_gives_what_each_query_gives_apart(demo_read_only: Store, chosen: str) -> None:
    store = demo_read_only  # one copy for the module: its tests only read
    scope = scope_of(store, chosen)
    counted, grouped, work = figures.count_all(store, scope, NAMES)
    apart = figures.count(store, scope)
    assert list(counted) == list(apart)
    for key, figure in apart.items():
        assert counted[key].value == figure.value, key
        assert counted[key].record_ids(store) == figure.record_ids(store), key
    grouped_apart = figures.grouped_all(store, scope, NAMES)
    assert list(grouped) == NAMES
    for name in NAMES:
        got, want = grouped[name], grouped_apart[name]
        assert [(k, f.value) for k, f in got.items()] == [(k, f.value) for k, f in want.items()]
        for item, figure in want.items():
            assert got[item].record_ids(store) == figure.record_ids(store), (name, item)
    assert [w.to_dict() for w in work] == [w.to_dict() for w in figures.campaign_work(store, scope)]
    if chosen == "year":  # the demo office has something in each shared breakdown
        assert all(grouped[g.name] for g in figures.GROUPINGS if g.with_family and g.name in NAMES)


@pytest.mark.parametrize("chosen", ["year", "unit", "campaign", "theme"])
def test_a_family_counted_with_its_campaigns_is_counted_as_apart(
    demo_read_only: Store, chosen: str
) -> None:
    """`Family.with_campaigns_sql`: the first row is the family's figures, the others
    what `per_campaign_sql` gives (the rows read once, §整改 and §两函一书 among them)."""
    store = demo_read_only  # one copy for the module: its tests only read
    scope = scope_of(store, chosen)
    parts = [(f, by) for f, by in figures.CAMPAIGN_PARTS if f.counted_with_campaigns]
    assert {figures.PROBLEMS, figures.TWO_LETTERS} <= {f for f, _ in parts}
    for family, by in parts:
        params = family._params(store, scope)
        first, *rows = store.db.execute(family.with_campaigns_sql(scope, by), params).fetchall()
        assert first[:2] == (None, None)
        apart = family.figures(store, scope)
        assert [int(v or 0) for v in first[2:]] == [f.value for f in apart.values()]
        want = store.db.execute(family.per_campaign_sql(scope, by), params).fetchall()
        assert sorted(rows, key=repr) == sorted(want, key=repr), family.members[0].key
        if chosen == "year":
            assert rows, family.members[0].key  # the demo office has campaigns' records
