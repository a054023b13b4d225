"""A year's statistics filtered by campaign and by theme (docs/statistics.md §筛选) beside
the same year unfiltered, timed in interleaved triples in one process.

    python benchmarks/stats_filters.py --data-dir D [--repeat N] [--share 10]

Works on a copy of the store: when it holds no campaign of last year, one is made (theme
节日期间) and every `share`-th clue, inspection and rectification item of that year is
linked to it, as the demo of issue #15 links some of its work. Each round times
`stats.compute` for last calendar year unfiltered, by the campaign and by its theme, on the
same warm connection; prints the medians (wall and CPU) and the medians of the per-round
ratios filtered/unfiltered, as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LINKS = (("clues", "clue_campaigns", "clue_id"), ("inspections", "inspection_campaigns",
         "inspection_id"), ("rectifications", "rect_campaigns", "rect_id"))  # fmt: skip
DATES = {"clues": "received_date", "inspections": "start_date", "rectifications": "found_date"}


def _seconds(fn: Callable[[], Any]) -> tuple[float, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t0, time.process_time() - c0


def campaign_of(store: Any, start: dt.date, end: dt.date, share: int) -> tuple[int, str]:
    """Last year's first campaign, or one made over every `share`-th record of the year."""
    row = store.db.execute(
        "SELECT id, theme FROM campaigns WHERE start_date BETWEEN ? AND ? ORDER BY id LIMIT 1",
        [start.isoformat(), end.isoformat()],
    ).fetchone()
    if row is not None:
        return int(row[0]), str(row[1])
    now = store.now()
    with store.db.conn:
        campaign = store.db.execute(
            "INSERT INTO campaigns(name, theme, start_date, created_at, updated_at)"
            " VALUES ('基准测试专项检查', '节日期间', ?, ?, ?)",
            [start.isoformat(), now, now],
        ).lastrowid
        for table, link, fk in LINKS:
            store.db.execute(
                f"INSERT INTO {link}({fk}, campaign_id, created_at, updated_at)"
                f" SELECT id, ?, ?, ? FROM {table} WHERE {DATES[table]} BETWEEN ? AND ?"
                f" AND id % ? = 0",
                [campaign, now, now, start.isoformat(), end.isoformat(), share],
            )
    return int(campaign or 0), "节日期间"


def measure(data_dir: Path, repeat: int, share: int) -> dict[str, Any]:
    from desktop.domain import stats
    from desktop.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(data_dir, copy)
        store = Store.open(copy, create=False)
        try:
            today = store.today()
            start, end = dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
            campaign, theme = campaign_of(store, start, end, share)
            runs: dict[str, Callable[[], Any]] = {
                "all": lambda: stats.compute(store, start, end, today=today),
                "campaign": lambda: stats.compute(
                    store, start, end, today=today, campaign_id=campaign
                ),
                "theme": lambda: stats.compute(store, start, end, today=today, theme=theme),
            }
            for run in runs.values():
                run()  # warm the page cache like a running app
            times: dict[str, dict[str, list[float]]] = {k: {"wall": [], "cpu": []} for k in runs}
            for _ in range(repeat):
                for name, run in runs.items():
                    wall, cpu = _seconds(run)
                    times[name]["wall"].append(wall)
                    times[name]["cpu"].append(cpu)
            size = {
                t: store.scalar(f"SELECT COUNT(*) FROM {t}")
                for t in ("clues", "talks", "rectifications", "documents")
            }
            linked = {link: store.scalar(f"SELECT COUNT(*) FROM {link}") for _t, link, _f in LINKS}
            result: dict[str, Any] = {"period": f"{start}..{end}", "rows": size, "linked": linked}
            for name, got in times.items():
                result[name] = {
                    "wall_ms": round(statistics.median(got["wall"]) * 1000, 1),
                    "cpu_ms": round(statistics.median(got["cpu"]) * 1000, 1),
                }
                if name != "all":
                    for kind in ("wall", "cpu"):
                        pairs = zip(got[kind], times["all"][kind], strict=True)
                        result[name][f"{kind}_ratio"] = round(
                            statistics.median(f / a for f, a in pairs), 2
                        )
            return result
        finally:
            store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--share", type=int, default=10)
    args = parser.parse_args()
    print(json.dumps(measure(args.data_dir, args.repeat, args.share), ensure_ascii=False))


if __name__ == "__main__":
    main()
