"""Cyclic garbage is collected on the GUI thread only (desktop.ui.collecting): a worker's
allocations never start a collection that could free a Qt object there."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from typing import ClassVar

import pytest
from pytestqt.qtbot import QtBot

from desktop.ui.collecting import GuiThreadCollector


class _Cycle:
    """Half of a reference cycle that notes the thread that freed it."""

    freed_on: ClassVar[list[str]] = []

    def __init__(self) -> None:
        self.other: _Cycle | None = None

    def __del__(self) -> None:
        _Cycle.freed_on.append(threading.current_thread().name)


@pytest.fixture
def collector(qtbot: QtBot) -> Iterator[GuiThreadCollector]:
    was_enabled = gc.isenabled()
    gc.collect()
    _Cycle.freed_on.clear()
    collector = GuiThreadCollector(interval_ms=20)
    collector.start()
    yield collector
    collector.stop()
    if not was_enabled:
        gc.disable()


def _garbage_on_a_worker(held: list[list[int]]) -> None:
    """Cycles left unreachable on a worker thread, then far more objects kept (`held`)
    than any threshold: automatic collection would have run on that thread."""

    def work() -> None:
        for _ in range(50):
            a, b = _Cycle(), _Cycle()
            a.other, b.other = b, a
        held.extend([i] for i in range(20 * sum(gc.get_threshold()) + 50_000))

    worker = threading.Thread(target=work, name="qingfeng-work")
    worker.start()
    worker.join()


def test_a_workers_garbage_is_collected_on_the_gui_thread(
    collector: GuiThreadCollector, qtbot: QtBot
) -> None:
    assert not gc.isenabled() and collector.active
    held: list[list[int]] = []
    _garbage_on_a_worker(held)
    assert _Cycle.freed_on == []  # nothing collected on the worker
    qtbot.waitUntil(lambda: len(_Cycle.freed_on) == 100, timeout=5000)
    assert set(_Cycle.freed_on) == {threading.main_thread().name}
    held.clear()


def test_collections_follow_the_thresholds(collector: GuiThreadCollector) -> None:
    collector.stop()  # its timer: checked by hand here, with automatic collection off
    gc.disable()
    gc.collect()
    assert collector.check() == 0  # nothing due right after a full collection
    a, b = _Cycle(), _Cycle()
    a.other, b.other = b, a
    del a, b
    assert collector.check() == 0  # unreachable, but the young count is under the threshold
    young = [[] for _ in range(gc.get_threshold()[0] + 10)]  # lists are tracked
    assert collector.check() >= 2
    del young


def test_stopping_gives_collection_back_to_the_interpreter(collector: GuiThreadCollector) -> None:
    collector.stop()
    assert gc.isenabled() and not collector.active
