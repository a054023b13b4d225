"""An import's write inserts again the records its check inserted (records.replay) when
the store and the plan are as the check left them; the store it leaves is the one a
full write leaves, row for row and audit entry for audit entry. Anything changed in
between (the store, the plan, rows left out) makes it validate and insert anew."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ledger_corpus import variants
from ledger_office import refusing_talks
from store_rows import every_row

from desktop.documents.ledgers import Cancelled
from desktop.domain import ledger_import, ledger_io
from desktop.store import Store, audit, dictionaries, records

NOW = dt.datetime(2026, 11, 23, 9, 0)


def _open(folder: Path) -> Store:
    return Store.open(folder, clock=lambda: NOW)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty store of this test, at the demo's clock."""
    opened = _open(tmp_path / "store")
    yield opened
    opened.close()


@pytest.fixture
def replays(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many records each replay inserted, in order."""
    seen: list[int] = []
    real = records.replay

    def spy(store: Store, recording: records.Recording, step: Any = None) -> None:
        seen.append(recording.total)
        real(store, recording, step)

    monkeypatch.setattr(records, "replay", spy)
    return seen


def _import(store: Store, path: Path, kind: str, *, replay: bool, **apply: Any) -> dict[str, int]:
    plan = ledger_import.plan_import(store, path, kind)
    if not replay:
        plan.replay = None
    return ledger_import.apply(store, plan, **apply)


def test_every_ledger_replayed_leaves_the_store_a_full_write_leaves(
    demo_ledgers: Path, tmp_path: Path, replays: list[int]
) -> None:
    kinds = (ledger_io.PERSONS, *(k for k in ledger_io.LEDGERS if k != ledger_io.PERSONS))
    dumps, counts = [], []
    for replay in (True, False):
        store = _open(tmp_path / f"store-{replay}")
        try:
            counts.append(
                [_import(store, demo_ledgers / f"{k}.xlsx", k, replay=replay) for k in kinds]
            )
            dumps.append(every_row(store))
            assert audit.verify_chain(store).ok
        finally:
            store.close()
    assert counts[0] == counts[1]
    assert sum(c["written"] for c in counts[0]) > 1000
    assert dumps[0].keys() == dumps[1].keys()
    for table in dumps[0]:
        assert dumps[0][table] == dumps[1][table], table
    # the ledgers whose check makes only records replayed (the 文书登记簿 numbers its
    # documents: written anew)
    assert len(replays) >= len(kinds) - 1
    assert all(replays)


def _talks(tmp_path: Path) -> Path:
    variant = next(v for v in variants() if v.kind == "谈话")
    return variant.write(tmp_path)


@pytest.mark.parametrize("chunk", [3, 2000])
def test_a_check_with_refused_rows_replays_as_a_full_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, replays: list[int], chunk: int
) -> None:
    """Rows the check refused (rolled back alone) and persons made on the way, and the
    corpus's old ledgers; chunks of 3 records pack and roll back across their bounds."""
    monkeypatch.setattr(records.Recording, "CHUNK", chunk)
    files = [(refusing_talks(tmp_path), "谈话")]
    files += [(v.write(tmp_path), v.kind) for v in variants()]
    dumps = []
    for replay in (True, False):
        store = _open(tmp_path / f"store-{replay}")
        try:
            for path, kind in files:
                plan = ledger_import.plan_import(store, path, kind)
                if path.stem == "refusing":
                    assert sorted(plan.rejected) == [8, 14, 20]
                if not replay:
                    plan.replay = None
                ledger_import.apply(store, plan)
            dumps.append(every_row(store))
        finally:
            store.close()
    assert dumps[0] == dumps[1]
    assert len(replays) == len(files)


def test_a_store_changed_since_the_check_is_written_anew(
    tmp_path: Path, store: Store, replays: list[int]
) -> None:
    path = _talks(tmp_path)
    for change in (
        lambda: records.insert(store, "units", {"name": "新设单位"}),
        lambda: store.set_setting("office_name", "清河县纪委监委"),
        lambda: dictionaries.add_item(store, "talk_kind", "廉政谈话甲"),
    ):
        plan = ledger_import.plan_import(store, path, "谈话")
        assert plan.replay is not None
        change()
        written = ledger_import.apply(store, plan)["written"]
        assert written == len(plan.accepted) > 0
        assert replays == []
    plan = ledger_import.plan_import(store, path, "谈话")
    ledger_import.apply(store, plan)
    assert len(replays) == 1
    assert audit.verify_chain(store).ok


def test_a_store_changed_by_another_connection_is_written_anew(
    tmp_path: Path, store: Store, replays: list[int]
) -> None:
    """The window checks and writes on two worker connections; a third may write between."""
    path = _talks(tmp_path)
    plan = ledger_import.plan_import(store, path, "谈话")
    other = store.connect_again()
    try:
        records.insert(other, "units", {"name": "新设单位"})
    finally:
        other.close()
    writer = store.connect_again()
    try:
        ledger_import.apply(writer, plan)
    finally:
        writer.close()
    assert replays == []
    plan = ledger_import.plan_import(store, path, "谈话")
    writer = store.connect_again()
    try:
        ledger_import.apply(writer, plan)  # unchanged: another connection replays it
    finally:
        writer.close()
    assert len(replays) == 1


def test_a_plan_changed_or_rows_left_out_is_written_anew(
    tmp_path: Path, store: Store, replays: list[int]
) -> None:
    path = _talks(tmp_path)
    plan = ledger_import.plan_import(store, path, "谈话")
    plan.role_overrides["x"] = "主要负责人"  # set on the plan, never checked
    ledger_import.apply(store, plan)
    plan = ledger_import.plan_import(store, path, "谈话")  # all duplicates now
    assert plan.duplicate_rows
    counts = ledger_import.apply(store, plan, include_duplicates=False)
    assert counts["duplicates_skipped"] == len(plan.duplicate_rows)
    assert replays == []


def test_a_cancelled_replay_writes_nothing(
    tmp_path: Path, store: Store, replays: list[int]
) -> None:
    path = _talks(tmp_path)
    before = every_row(store)
    plan = ledger_import.plan_import(store, path, "谈话")
    with pytest.raises(Cancelled):
        ledger_import.apply(store, plan, cancelled=lambda: True)
    assert replays
    assert every_row(store) == before
    counts = ledger_import.apply(store, plan)  # and then it can still be written
    assert counts["written"] == len(plan.accepted)
    assert len(replays) == 2 and plan.replay is None  # spent, its chunks let go


def test_entries_flushed_as_they_come_make_the_same_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, replays: list[int]
) -> None:
    """The audit batch inserts its entries every FLUSH_EVERY (here 2) between records:
    the log and chain are those of one insert at the end, replayed or written anew."""
    path = refusing_talks(tmp_path)
    dumps = []
    for every, replay in ((2000, False), (2, False), (2, True)):
        monkeypatch.setattr(audit, "FLUSH_EVERY", every)
        store = _open(tmp_path / f"store-{every}-{replay}")
        try:
            records.insert(store, "units", {"name": "城关镇"})  # the chain has entries before
            _import(store, path, "谈话", replay=replay)
            assert audit.verify_chain(store).ok
            dumps.append(every_row(store))
        finally:
            store.close()
    assert dumps[0] == dumps[1] == dumps[2]
    assert len(replays) == 1


def test_a_replay_the_database_refuses_is_written_anew(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch, replays: list[int]
) -> None:
    """A change the state digest would miss (here: the digest made blind) makes the
    database refuse the replayed rows; the write then validates and inserts anew."""
    monkeypatch.setattr(records, "state", lambda store: "blind")
    path = refusing_talks(tmp_path)
    plan = ledger_import.plan_import(store, path, "谈话")
    unit = records.insert(store, "units", {"name": "单位1"})  # takes a replayed id
    counts = ledger_import.apply(store, plan)
    assert replays  # tried, refused, rolled back
    assert counts["written"] == len(plan.accepted) == 17
    assert counts["units_created"] == 3  # 单位1 is the one made in between
    assert store.scalar("SELECT COUNT(*) FROM talks") == 17
    assert store.scalar("SELECT COUNT(*) FROM units WHERE name = '单位1'") == 1
    assert unit in {r["id"] for r in store.query("SELECT id FROM units")}
    assert audit.verify_chain(store).ok
