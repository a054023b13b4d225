"""The cyclic garbage collector's thresholds for the program's processes: the window's
(desktop.ui.app.run) and the command line's (desktop.cli.main). Here, below the layers
that use it, so that both set it the one same way."""

from __future__ import annotations

import gc


def tune_garbage_collection() -> None:
    """Collect cycles less often than CPython's default (700, 10, 10).

    The timeline keeps ~100k small event objects alive at a large office; with the
    default thresholds a full collection walks them all every few thousand
    allocations, which showed as 60-200 ms stalls while panning (benchmarks/timeline.py:
    by-person lanes p95 70-80 ms → 13-19 ms at 43k events, same peak memory). A ledger
    import holds its rows' cells and records the same way: ~12 % of its CPU at 125k
    rows went to the collector with the default thresholds. Cycles are still
    collected, only in larger batches.
    """
    gc.set_threshold(10_000, 20, 20)
