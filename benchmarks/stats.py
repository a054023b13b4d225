"""A year's statistics (`stats.compute`), and optionally the same against an older version
of desktop/domain/stats.py, timed in interleaved pairs in one process.

    python benchmarks/stats.py --data-dir D [--repeat N] [--against GIT-REV]

`measure(data_dir, repeat)` returns {"stats.year": {"times": [...], "cpu_times": [...]},
"stats.ytd": …}
(last calendar year; this year to today, as the desk shows it), the format of
benchmarks/measure.py. With `against` (a git revision, e.g. the commit before the
statistics rewrite) each timing of the current code is followed by one of the old module,
loaded from `git show REV:desktop/domain/stats.py`, on the same warm connection; the
result then also holds the old times and the median of the per-pair ratios new/old.
Both versions' figures are compared before timing: a difference is an error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def old_module(rev: str) -> types.ModuleType:
    """desktop/domain/stats.py as it was at `rev`, importable beside the current one."""
    source = subprocess.run(
        ["git", "show", f"{rev}:desktop/domain/stats.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    module = types.ModuleType(f"stats_at_{rev}")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, f"stats.py@{rev}", "exec"), module.__dict__)
    return module


def _seconds(fn: Callable[[], Any]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one call (SQLite runs in this process: on a busy
    machine the CPU time is the steadier of the two)."""
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t0, time.process_time() - c0


def measure(data_dir: Path, repeat: int, against: str | None = None) -> dict[str, Any]:
    from desktop.domain import stats
    from desktop.store import Store

    store = Store.open(Path(data_dir), create=False)
    try:
        today = store.today()
        periods = {
            "stats.year": (dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)),
            "stats.ytd": (dt.date(today.year, 1, 1), today),
        }
        old = old_module(against) if against else None
        size = ", ".join(
            f"{store.scalar(f'SELECT COUNT(*) FROM {table}')} {table}"
            for table in ("clues", "talks", "rectifications")
        )
        results: dict[str, Any] = {}
        for name, (start, end) in periods.items():

            def new(start: dt.date = start, end: dt.date = end) -> Any:
                return stats.compute(store, start, end, today=today)

            first = new()  # warm the page cache like a running app
            entry: dict[str, Any] = {
                "times": [],
                "cpu_times": [],
                "note": f"{start}..{end}; {size}",
            }
            if old is not None:

                def before(start: dt.date = start, end: dt.date = end) -> Any:
                    return old.compute(store, start, end, today=today)

                if before().to_dict() != first.to_dict():
                    raise SystemExit(f"{name}: the figures differ from those of {against}")
                entry["old_times"], entry["old_cpu_times"] = [], []
            for _ in range(repeat):
                wall, cpu = _seconds(new)
                entry["times"].append(wall)
                entry["cpu_times"].append(cpu)
                if old is not None:
                    wall, cpu = _seconds(before)
                    entry["old_times"].append(wall)
                    entry["old_cpu_times"].append(cpu)
            if old is not None:
                for kind, new_key, old_key in (
                    ("ratio", "times", "old_times"),
                    ("cpu_ratio", "cpu_times", "old_cpu_times"),
                ):
                    pairs = zip(entry[new_key], entry[old_key], strict=True)
                    entry[kind] = statistics.median(n / o for n, o in pairs)
            results[name] = entry
        return results
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--against", help="git revision of the stats module to compare with")
    args = parser.parse_args()
    results = measure(args.data_dir, args.repeat, args.against)
    for name, entry in results.items():

        def ms(key: str, entry: dict[str, Any] = entry) -> str:
            return f"{statistics.median(entry[key]) * 1000:.0f} ms"

        line = f"{name}: median {ms('times')} (CPU {ms('cpu_times')})"
        if "old_times" in entry:
            line += (
                f", before {ms('old_times')} (CPU {ms('old_cpu_times')}),"
                f" median ratio new/old {entry['ratio']:.3f} (CPU {entry['cpu_ratio']:.3f})"
            )
        print(f"{line} ({entry['note']})", file=sys.stderr)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
