"""An import's check keeps back the records the store would certainly take instead of
inserting them in its trial (ledger_import.DEFER, records.Buffer): a clean ledger is
checked with no trial insert at all. The plan and the store the write leaves are those
of a check that inserts every batch; a check during which anything reads a table with
rows kept back starts again inserting them; no authorizer outlives a check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from ledger_office import refusing_talks
from store_rows import every_row

from desktop.documents.ledgers import Cancelled
from desktop.domain import ledger_import, ledger_io
from desktop.store import Store, records, rules

NOW = dt.datetime(2026, 11, 23, 9, 0)
TALKS = ledger_io.TALKS


def _checked_and_written(
    folder: Path, monkeypatch: pytest.MonkeyPatch, source: Path, *, defer: bool
) -> tuple[Any, dict[str, list[tuple[Any, ...]]], int]:
    """The plan (all a clerk reads of it), the store after its write, and the rows the
    check inserted in its trial."""
    monkeypatch.setattr(ledger_import, "DEFER", defer)
    inserted = []
    real = records._insert_rows

    def spy(store: Store, rows: Any, *args: Any, **kwargs: Any) -> None:
        inserted.append(len(rows))
        real(store, rows, *args, **kwargs)

    monkeypatch.setattr(records, "_insert_rows", spy)
    store = Store.open(folder, clock=lambda: NOW)
    try:
        plan = ledger_import.plan_import(store, source, TALKS)
        seen = (plan, list(plan.rejected.items()), plan.summary())
        trial = sum(inserted)
        ledger_import.apply(store, plan)
        return seen, every_row(store), trial
    finally:
        store.close()
        monkeypatch.undo()


def test_a_clean_talk_ledger_is_checked_without_a_trial_insert(
    demo_ledgers: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = demo_ledgers / f"{TALKS}.xlsx"
    deferred = _checked_and_written(tmp_path / "a", monkeypatch, source, defer=True)
    inserted = _checked_and_written(tmp_path / "b", monkeypatch, source, defer=False)
    assert deferred[:2] == inserted[:2]
    assert deferred[2] == 0 < inserted[2]
    assert len(deferred[0][0].accepted) > 100


def test_refused_rows_among_deferred_batches_make_the_same_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows refused while read (a 地点 too long) between rows kept back, in batches of 3."""
    source = refusing_talks(tmp_path)
    monkeypatch.setattr(ledger_import, "BATCH_ROWS", 3)
    deferred = _checked_and_written(tmp_path / "a", monkeypatch, source, defer=True)
    monkeypatch.setattr(ledger_import, "BATCH_ROWS", 3)
    inserted = _checked_and_written(tmp_path / "b", monkeypatch, source, defer=False)
    assert deferred[:2] == inserted[:2]
    assert deferred[0][0].rejected and deferred[2] == 0


def test_a_read_of_a_table_with_rows_kept_back_starts_the_check_again(
    demo_ledgers: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A parser that counts the persons on every row (as a future one might): it would
    not count those kept back, so the check starts again inserting every batch."""
    source = demo_ledgers / f"{TALKS}.xlsx"
    parse = ledger_import._PARSERS[TALKS]
    runs: list[Any] = []
    real_run = ledger_import._run

    def counting(row: Any) -> Any:
        row.store.scalar("SELECT COUNT(*) FROM persons")
        return parse(row)

    def run(*args: Any, **kwargs: Any) -> dict[str, int]:
        runs.append(kwargs.get("defer"))
        return real_run(*args, **kwargs)

    expected = _checked_and_written(tmp_path / "b", monkeypatch, source, defer=False)
    monkeypatch.setitem(ledger_import._PARSERS, TALKS, counting)
    monkeypatch.setattr(ledger_import, "_run", run)
    again = _checked_and_written(tmp_path / "a", monkeypatch, source, defer=True)
    assert runs == [None, False, None]  # the check, again without deferring; the write
    assert again[:2] == expected[:2]


def test_no_authorizer_outlives_a_check(
    demo_ledgers: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real = records.Buffer._authorize

    def spy(self: records.Buffer, *args: Any) -> int:
        calls.append(args[0])
        return real(self, *args)

    monkeypatch.setattr(records.Buffer, "_authorize", spy)
    source = demo_ledgers / f"{TALKS}.xlsx"
    store = Store.open(tmp_path / "store", clock=lambda: NOW)
    try:
        ledger_import.plan_import(store, source, TALKS)
        steps = []
        with pytest.raises(Cancelled):
            ledger_import.plan_import(
                store,
                source,
                TALKS,
                progress=lambda done, total: steps.append(done),
                cancelled=lambda: len(steps) > 2,
            )
        assert calls  # the checks were watched
        calls.clear()
        store.scalar("SELECT COUNT(*) FROM persons WHERE name != 'x'")
        assert calls == []
    finally:
        store.close()


def test_rows_deferred_before_a_batch_that_must_insert_go_in_first(
    demo_ledgers: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every fourth batch left to the database (its rule's form made to say it cannot
    tell), in batches of 3 rows and records packed 3 at a time: the rows deferred before
    it are read back from the packed Recording and inserted first, and the plan and the
    store are those of a check that inserts every batch."""
    source = demo_ledgers / f"{TALKS}.xlsx"
    flushes = []
    real = records.Buffer.flush

    def flush(self: records.Buffer, store: Store, recording: Any = None) -> bool:
        flushes.append(self.deferred)
        return real(self, store, recording)

    def now_and_then(row: Any, own: Any) -> bool:
        return int(row["id"]) % 12 != 0 and bool(own.get("talk_subjects"))

    def setup(m: pytest.MonkeyPatch) -> None:
        m.setattr(ledger_import, "BATCH_ROWS", 3)
        m.setattr(records.Recording, "CHUNK", 3)

    setup(monkeypatch)
    inserted = _checked_and_written(tmp_path / "b", monkeypatch, source, defer=False)
    setup(monkeypatch)
    monkeypatch.setitem(rules.OWN, "talk_has_subject", now_and_then)
    monkeypatch.setattr(records.Buffer, "flush", flush)
    deferred = _checked_and_written(tmp_path / "a", monkeypatch, source, defer=True)
    assert deferred[:2] == inserted[:2]
    assert 0 < deferred[2] < inserted[2]  # some batches inserted, most not
    assert max(flushes) > 3  # rows of several batches deferred at once, then caught up
