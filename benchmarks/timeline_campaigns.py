"""What the timeline's issue-#15 sources (专项工作, 工作活动, 问责, 通报, 通报曝光) cost a
window read, and what the 专项工作 filter costs.

    python benchmarks/timeline_campaigns.py --data-dir D [--repeat 15] [--campaigns 40]

D is a seeded store (``python -m desktop seed-demo --data-dir D``); the script copies it
and, unless the demo already holds campaigns, adds ``--campaigns`` campaigns a year with
ten activities (five persons each, one 测评), five 通报 of three items, ten exposures
and ten 问责 each, spread over the demo's years and tied to its clues and units through
desktop.store.records. Then it reads a year window with ``Timeline.fetch`` as the worker
does, in interleaved pairs (A B A B …): the old kinds only against every kind, and every
kind against every kind filtered to one campaign; it prints each side's median and the
median of the pairs' ratios, and the events read. Never run by the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.queries.timeline import EVENT_KINDS, EventFilter, Timeline
from desktop.store import Store, records

NEW = frozenset({"campaign", "activity", "accountability", "bulletin", "exposure"})


def add_campaigns(store: Store, per_year: int) -> None:
    first = int(store.scalar("SELECT MIN(substr(received_date, 1, 4)) FROM clues"))
    last = store.today().year
    units = [int(r["id"]) for r in store.query("SELECT id FROM units ORDER BY id")]
    persons = [int(r["id"]) for r in store.query("SELECT id FROM persons ORDER BY id")]
    n = 0
    for year in range(first, last + 1):
        clues = [
            int(r["id"])
            for r in store.query(
                "SELECT id FROM clues WHERE received_date LIKE ? ORDER BY id", [f"{year}-%"]
            )
        ]
        for c in range(per_year):
            n += 1
            start = dt.date(year, 1 + c % 12, 1)
            day = start.isoformat()
            unit = units[n % len(units)]
            campaign = records.insert(
                store,
                "campaigns",
                {
                    "name": f"专项工作{n}",
                    "theme": "作风建设",
                    "start_date": day,
                    "end_date": (start + dt.timedelta(days=40)).isoformat(),
                },
                {"campaign_units": [{"unit_id": unit}]},
            )
            link = [{"campaign_id": campaign}]
            for i in range(10):
                who = [persons[(n * 50 + i * 5 + k) % len(persons)] for k in range(5)]
                records.insert(
                    store,
                    "activities",
                    {"kind": "述责述廉", "title": f"活动{n}-{i}", "date": day},
                    {
                        "activity_units": [{"unit_id": unit}],
                        "activity_persons": [
                            {"person_id": p, "assessment": "好" if k == 0 else None}
                            for k, p in enumerate(who)
                        ],
                        "activity_campaigns": link,
                    },
                )
            picked = clues[(c * 10) % max(len(clues), 1) :][:10] if clues else []
            for i in range(5):
                records.insert(
                    store,
                    "bulletins",
                    {"kind": "督查通报", "title": f"通报{n}-{i}", "date": day},
                    {
                        "bulletin_items": [
                            {
                                "summary": f"问题{k}",
                                "clue_id": picked[k] if k < len(picked) else None,
                            }
                            for k in range(3)
                        ],
                        "bulletin_campaigns": link,
                    },
                )
            for clue in picked:
                records.insert(
                    store, "clue_exposures", {"clue_id": clue, "date": day, "channel": "内部通报"}
                )
                records.insert(
                    store,
                    "accountabilities",
                    {
                        "person_id": persons[clue % len(persons)],
                        "method": "诫勉",
                        "date": day,
                        "reason": "落实责任不力",
                        "clue_id": clue,
                    },
                )


def pairs(
    a: Callable[[], int], b: Callable[[], int], repeat: int
) -> tuple[list[float], list[float], int, int]:
    ta: list[float] = []
    tb: list[float] = []
    na = nb = 0
    for _ in range(repeat):
        for fn, out in ((a, ta), (b, tb)):
            t0 = time.perf_counter()
            n = fn()
            out.append(time.perf_counter() - t0)
            if out is ta:
                na = n
            else:
                nb = n
    return ta, tb, na, nb


def report(name: str, ta: list[float], tb: list[float], na: int, nb: int) -> None:
    ratio = statistics.median(b / a for a, b in zip(ta, tb, strict=True))
    print(
        f"{name}: {statistics.median(ta) * 1000:.1f} ms ({na} events) vs"
        f" {statistics.median(tb) * 1000:.1f} ms ({nb} events); ratio {ratio:.2f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--campaigns", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(args.data_dir, data)
        store = Store.open(data)
        if not store.scalar("SELECT COUNT(*) FROM campaigns"):
            t0 = time.perf_counter()
            add_campaigns(store, args.campaigns)
            print(f"added campaigns in {time.perf_counter() - t0:.0f} s")
        for table in ("campaigns", "activities", "bulletins", "clue_exposures", "accountabilities"):
            print(table, store.scalar(f"SELECT COUNT(*) FROM {table}"))
        source = Timeline(store)
        source.prepare()
        year = store.today().year - 1
        window = (dt.date(year, 1, 1), dt.date(year, 12, 31))
        old = EventFilter(kinds=frozenset(EVENT_KINDS) - NEW)
        every = EventFilter()
        campaign = int(
            store.scalar(
                "SELECT id FROM campaigns WHERE start_date LIKE ? ORDER BY id LIMIT 1",
                [f"{year}-%"],
            )
        )
        one = EventFilter(campaign_id=campaign)
        source.fetch(*window, every)  # warm the page cache

        def read(flt: EventFilter) -> Callable[[], int]:
            return lambda: len(source.fetch(*window, flt))

        report("year window: old kinds vs every kind", *pairs(read(old), read(every), args.repeat))
        report(
            "year window: every kind vs one campaign", *pairs(read(every), read(one), args.repeat)
        )
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
