"""Statistics unchanged by the rewrite (issue #16): every figure, breakdown, rate, the
records behind each figure, the report paragraph and the 统计汇总 comparison, for several
periods and units of the demo office, against a fingerprint recorded before the rewrite.

Regenerate (only when a counting rule is deliberately changed, with docs/statistics.md):
`QINGFENG_REGEN_GOLDEN=1 pytest tests/test_stats_golden.py`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.domain import stats, summary
from desktop.queries import figures
from desktop.store import Store
from tests.ui_helpers import DEMO_NOW, DemoAt

NOW = DEMO_NOW  # the demo office every test sees: seeded once per run
GOLDEN = Path(__file__).parent / "fixtures" / "stats_golden.json"
D = dt.date
PERIODS = [
    (D(2026, 1, 1), D(2026, 4, 30), None),
    (D(2025, 1, 1), D(2025, 12, 31), None),
    (D(2025, 1, 1), D(2025, 12, 31), D(2025, 12, 15)),  # still running: stock as at today
    (D(2026, 1, 1), D(2026, 12, 31), None),
    (D(2025, 12, 1), D(2026, 1, 31), None),
    (D(2025, 4, 1), D(2025, 6, 30), None),
    (D(2024, 1, 1), D(2024, 12, 31), None),
]
UNITS = [None, "城关镇", "县人民医院", "县财政局", "河西镇"]


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory, demo_at: DemoAt) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("golden") / "data"
    demo_at(NOW, folder)  # demo.seed at NOW, seeded once per run (test_summary shares it)
    store = Store.open(folder, clock=lambda: NOW)
    yield store
    store.close()


def digest(ids: list[int]) -> str:
    return f"{len(ids)}:{hashlib.sha1(json.dumps(ids).encode()).hexdigest()[:16]}"


def figure_ids(store: Store, figure: stats.Figure) -> list[int]:
    return figure.record_ids(store)


def line_ids(store: Store, line: summary.Line, previous: bool = False) -> list[int]:
    return line.record_ids(store, previous=previous)


def fingerprint_stats(store: Store, result: stats.Stats) -> dict[str, Any]:
    return {
        "dict": result.to_dict(),
        "as_of": result.as_of.isoformat(),
        "labels": {k: [f.label, f.unit, f.table] for k, f in result.figures.items()},
        "ids": {k: digest(figure_ids(store, f)) for k, f in result.figures.items()},
        "breakdowns": {
            name: [
                [k, f.label, f.value, f.unit, f.table, digest(figure_ids(store, f))]
                for k, f in group.items()
            ]
            for name, group in result.breakdowns.items()
        },
        "paragraph": stats.summary_paragraph(result),
    }


def fingerprint_comparison(store: Store, comparison: summary.Comparison) -> dict[str, Any]:
    return {
        "lines": [
            [
                line.key,
                line.label,
                line.unit,
                line.current,
                line.previous,
                line.change,
                line.level,
                line.table,
                digest(line_ids(store, line)),
                digest(line_ids(store, line, previous=True)),
            ]
            for line in comparison.lines
        ],
        "sections": [s.title for s in comparison.sections],
        "by_source": [
            [k, f.value, digest(figure_ids(store, f))]
            for k, f in comparison.clues_by_source.items()
        ],
        "by_unit": [
            [u.unit_id, u.unit, u.found, u.rectified, u.overdue, digest(u.ids)]
            for u in comparison.rectification_by_unit
        ],
        "paragraph": stats.summary_paragraph(comparison.current),
    }


def fingerprint(store: Store) -> dict[str, Any]:
    unit_ids = {
        name: store.scalar("SELECT id FROM units WHERE name = ?", [name]) for name in UNITS if name
    }
    result: dict[str, Any] = {}
    for start, end, today in PERIODS:
        for name in UNITS:
            uid = unit_ids[name] if name else None
            key = f"{start}..{end}@{today or NOW.date()}/{name or '全部'}"
            day = today or NOW.date()
            result[key] = fingerprint_stats(
                store, stats.compute(store, start, end, unit_id=uid, today=day)
            )
            if name in (None, "城关镇"):
                result[key + "/compare"] = fingerprint_comparison(
                    store, summary.compare(store, start, end, uid, today=day)
                )
    return result


def test_statistics_match_the_recorded_fingerprint(demo_store: Store) -> None:
    got = fingerprint(demo_store)
    if os.environ.get("QINGFENG_REGEN_GOLDEN"):
        GOLDEN.write_text(_dump(got), encoding="utf-8")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert sorted(got) == sorted(want)
    for key in want:
        assert json.loads(json.dumps(got[key])) == want[key], key


def _dump(data: dict[str, Any]) -> str:
    """One line per period and unit, so a changed figure shows as a short diff."""
    lines = [
        f"{json.dumps(k, ensure_ascii=False)}: "
        + json.dumps(data[k], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        for k in sorted(data)
    ]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def test_figures_are_counted_in_sql_and_records_read_only_on_drill_down(
    demo_store: Store,
) -> None:
    """One counting query per family of figures (and per breakdown), none reading the
    records' ids; a figure's records are read when asked for, and match its count."""
    statements: list[str] = []
    demo_store.db.conn.set_trace_callback(statements.append)
    try:
        result = stats.compute(demo_store, D(2025, 1, 1), D(2025, 12, 31), unit_id=1)
    finally:
        demo_store.db.conn.set_trace_callback(None)
    selects = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    # issue #15: its families, its breakdowns (one query per grouping) and the campaigns
    # read for the paragraph; with campaigns, a query per campaign part, one for those with
    # outcomes decided and one for each one's sanctions
    campaigns = demo_store.scalar("SELECT COUNT(*) FROM campaigns")
    per_campaign = len(figures.CAMPAIGN_PARTS) + 1 + campaigns if campaigns else 0
    extra = len(figures.WORK_FAMILIES) + 3 + 1 + per_campaign
    assert len(selects) <= 30 + extra, len(selects)
    # no drill-down query ran (the campaigns with sanctions are chosen by their ids: not
    # records behind a figure)
    drills = [s for s in selects if "SELECT DISTINCT" in s and "campaign_id FROM" not in s]
    assert not drills
    for key in ("clues_received", "cases", "closed", "talks", "problems_found", "followups"):
        figure = result.figures[key]
        assert len(figure.record_ids(demo_store)) == figure.value > 0, key
