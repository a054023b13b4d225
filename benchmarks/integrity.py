"""What the integrity half of issue 14 costs (run on demand; figures in docs/benchmarks.md).

    python benchmarks/integrity.py [--rounds 7] [--batch 50] [--scale 1]

1. An audited write with the anchor file updated after its commit, against the same
   write with the anchor update switched off: interleaved batches, per-write medians.
2. `check` of a demo store with the record-by-record comparison with the audit log,
   against `check` without it: interleaved runs, medians.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from desktop.store import Store, audit, check, records  # noqa: E402


def _pairs(rounds: int, a: Callable[[], float], b: Callable[[], float]) -> tuple[float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for i in range(rounds):  # alternate which goes first
        if i % 2:
            ys.append(b())
            xs.append(a())
        else:
            xs.append(a())
            ys.append(b())
    return statistics.median(xs), statistics.median(ys)


def writes(rounds: int, batch: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "d")
        counter = [0]
        real = audit.update_anchor

        def run(anchor: bool) -> float:
            audit.update_anchor = real if anchor else (lambda _store: None)  # type: ignore[assignment]
            started = time.perf_counter()
            for _ in range(batch):
                counter[0] += 1
                records.insert(store, "units", {"name": f"单位{counter[0]}"})
            audit.update_anchor = real  # type: ignore[assignment]
            return (time.perf_counter() - started) / batch * 1000

        with_anchor, without = _pairs(rounds, lambda: run(True), lambda: run(False))
        store.close()
    print(
        f"audited insert: {with_anchor:.2f} ms with the anchor, {without:.2f} ms without "
        f"(ratio {with_anchor / without:.2f}; {rounds} interleaved batches of {batch})"
    )


def checks(rounds: int, scale: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "d"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "desktop",
                "seed-demo",
                "--scale",
                str(scale),
                "--data-dir",
                str(data),
            ],
            cwd=REPO,
            check=True,
            capture_output=True,
        )
        real = check._check_records

        def run(compare: bool) -> float:
            check._check_records = real if compare else (lambda _s, _r: None)  # type: ignore[assignment]
            started = time.perf_counter()
            report = check.run(data)
            check._check_records = real  # type: ignore[assignment]
            assert report.ok, report.problems
            return time.perf_counter() - started

        full, bare = _pairs(rounds, lambda: run(True), lambda: run(False))
    print(
        f"check, demo scale {scale}: {full:.2f} s with the record comparison, {bare:.2f} s "
        f"without (ratio {full / bare:.2f}; {rounds} interleaved runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    writes(args.rounds, args.batch)
    checks(args.rounds, args.scale)


if __name__ == "__main__":
    main()
