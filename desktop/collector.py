"""The cyclic garbage collector's thresholds for the program's processes: the window's
(desktop.ui.app.run) and the command line's (desktop.cli.main). Here, below the layers
that use it, so that both set it the one same way."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


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


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The cyclic collector off for the block, back as it was after (also when the block
    raises). For work that builds a great many objects that all live until it ends (a
    ledger import holds every row's cells and records): each full collection walks all
    of them again, so their count makes the collections cost more than linear. What the
    block leaves in cycles is collected after it, at the next collection. Process-wide,
    as the collector is: inside the window the import runs on a worker while the
    collector is already paused (desktop.ui.work.Collection), and this leaves it so."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
