"""collector.paused: the cyclic collector off inside the block and as it was after it,
also when the block raises; an import (plan_import, check, apply) runs inside it and
leaves the collector as it found it, written, refused or cancelled."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from ledger_office import refusing_talks

from desktop import collector
from desktop.documents.ledgers import Cancelled
from desktop.domain import ledger_import
from desktop.store import Store
from desktop.store.errors import UserError


@pytest.fixture
def enabled() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_paused_inside_and_back_after(enabled: None) -> None:
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():  # nested: still off, and off again after the inner one
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_back_after_the_block_raises(enabled: None) -> None:
    with pytest.raises(ZeroDivisionError), collector.paused():
        _ = 1 / 0
    assert gc.isenabled()


def test_left_off_when_it_was_off(enabled: None) -> None:
    """The window pauses collection while any worker runs (ui.work.Collection): an
    import on a worker leaves it paused for the window to turn back on."""
    gc.disable()
    with collector.paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_an_import_runs_paused_and_leaves_it_as_it_was(
    enabled: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    real = ledger_import._run

    def spy(*args: object, **kwargs: object) -> dict[str, int]:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ledger_import, "_run", spy)
    path = refusing_talks(tmp_path)
    store = Store.open(tmp_path / "store")
    try:
        plan = ledger_import.plan_import(store, path, "谈话")
        assert gc.isenabled()
        ledger_import.check(store, plan)
        assert gc.isenabled()
        with pytest.raises(Cancelled):
            ledger_import.apply(store, plan, cancelled=lambda: True)
        assert gc.isenabled()
        counts = ledger_import.apply(store, plan)
        assert counts["written"] == len(plan.accepted) > 0
        assert gc.isenabled()
        plan.missing = ["谈话对象"]  # a plan without a required column is refused
        with pytest.raises(UserError):
            ledger_import.apply(store, plan)
        assert gc.isenabled()
    finally:
        store.close()
    assert seen == [False] * 4
