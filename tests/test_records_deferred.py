"""A trial's Buffer that defers (records.Buffer, `defer`) keeps back the rows the store
would certainly take, judged from the schema's own constraints and the rules' unwritten
forms, and inserts them only when something must: a flush that is not certain, or the
end of deferring (`catch_up`). What the store holds already, or rows deferred earlier,
make a UNIQUE key uncertain; a read of a table with deferred rows is seen (`misread`);
a judgement the database overrules is said (Misjudged), never passed over."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from desktop.store import Store, audit, records


class _Done(Exception):
    pass


def _trial(store: Store, body: Callable[[records.Buffer], Any]) -> Any:
    """body(buffer) inside a trial batch holding a deferring Buffer, rolled back after,
    the full-text indexes' insert triggers set aside as an import's check sets them."""
    out = []
    try:
        with (
            store.transaction(),
            audit.batched(store, trial=True) as batch,
            records.indexed_at_end(store, trial=True),
        ):
            batch.buffer = records.Buffer(defer=True)
            batch.recording = records.Recording()  # where deferred rows are read back
            out.append(body(batch.buffer))
            raise _Done
    except _Done:
        pass
    return out[0]


def _flush(store: Store, buffer: records.Buffer) -> bool:
    return buffer.flush(store, _recording(store))


def _recording(store: Store) -> records.Recording:
    batch = audit.open_batch(store)
    assert batch is not None
    return batch.recording


def _count(buffer: records.Buffer, store: Store, table: str) -> int:
    with buffer.asking():  # a read that knows of the deferred rows
        return int(store.scalar(f"SELECT COUNT(*) FROM {table}"))


def _unit(store: Store, name: str) -> int:
    return records.insert(store, "units", {"name": name, "active": 1})


def test_rows_the_store_would_take_are_kept_back_until_caught_up(store: Store) -> None:
    def body(buffer: records.Buffer) -> tuple[int, ...]:
        before = _count(buffer, store, "persons")
        unit = _unit(store, "城关镇")
        records.insert(store, "persons", {"name": "李明", "unit_id": unit})
        kept = _flush(store, buffer)
        deferred = buffer.deferred
        held = _count(buffer, store, "persons") - before
        buffer.catch_up(store, _recording(store))
        return kept, deferred, held, _count(buffer, store, "persons") - before

    assert _trial(store, body) == (True, 2, 0, 1)
    assert store.scalar("SELECT COUNT(*) FROM units WHERE name = '城关镇'") == 0  # rolled back


def test_a_unique_key_held_by_the_store_or_a_deferred_row_is_left_to_the_database(
    store: Store,
) -> None:
    _unit(store, "城关镇")

    def body(buffer: records.Buffer) -> list[Any]:
        seen = []
        _unit(store, "城关镇")  # in the store already
        seen.append((_flush(store, buffer), buffer.deferred))
        _unit(store, "东关镇")
        seen.append((_flush(store, buffer), buffer.deferred))
        _unit(store, "东关镇")  # deferred just before
        seen.append((_flush(store, buffer), buffer.deferred))
        seen.append(_count(buffer, store, "units"))  # the first 东关镇 went in to decide
        _unit(store, "西关镇")
        _unit(store, "西关镇")  # twice in one batch
        seen.append((_flush(store, buffer), buffer.deferred))
        return seen

    assert _trial(store, body) == [(False, 0), (True, 1), (False, 0), 2, (False, 0)]


def test_a_judgement_the_database_overrules_is_said(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table read as having no UNIQUE key (a wrong judgement, made on purpose): the
    row is deferred, and catching up says the database refused it."""
    _unit(store, "城关镇")
    read = records._Constraints.read

    def no_unique(store: Store, table: str) -> records._Constraints | None:
        c = read(store, table)
        return None if c is None else records._Constraints(c.not_null, c.refs, ())

    monkeypatch.setattr(records._Constraints, "read", no_unique)

    def body(buffer: records.Buffer) -> bool:
        _unit(store, "城关镇")
        assert _flush(store, buffer)
        with pytest.raises(records.Misjudged):
            buffer.catch_up(store, _recording(store))
        return True

    assert _trial(store, body)


def test_a_read_of_a_table_with_deferred_rows_is_seen(store: Store) -> None:
    known = _unit(store, "城关镇")

    def body(buffer: records.Buffer) -> list[bool]:
        seen = []
        unit = _unit(store, "东关镇")
        assert _flush(store, buffer) and buffer.deferred
        records.insert(store, "persons", {"name": "王五", "unit_id": unit})  # held
        records.insert(store, "persons", {"name": "赵六", "unit_id": known})  # looked up
        store.scalar("SELECT COUNT(*) FROM dict_items")  # no deferred rows there
        seen.append(buffer.misread)
        store.scalar("SELECT COUNT(*) FROM units")  # would not count 东关镇
        seen.append(buffer.misread)
        with pytest.raises(records.Misread):
            _flush(store, buffer)
        buffer.unwatch(store)
        return seen

    assert _trial(store, body) == [False, True]


def test_the_schema_read_for_judging(store: Store) -> None:
    """Read inside a trial (its full-text triggers set aside), as a check reads it."""

    def read(table: str) -> records._Constraints | None:
        return _trial(store, lambda _buffer: records._Constraints.read(store, table))

    talks = read("talks")
    assert talks is not None
    assert ("clue_id", "clues") in talks.refs
    assert {"kind", "date", "reason", "created_at"} <= set(talks.not_null)
    units = read("units")
    assert units is not None and units.unique == (("name",),)
    documents = read("documents")
    assert documents is not None and ("kind", "year", "serial") in documents.unique
    assert records._Constraints.read(store, "units") is None  # its index's insert triggers
    with store.transaction():
        store.db.execute("CREATE TRIGGER units_seen AFTER INSERT ON units BEGIN SELECT 1; END")
        store.db.execute("CREATE TABLE checked (id INTEGER PRIMARY KEY, n INTEGER CHECK (n > 0))")
    assert read("units") is None  # an insert trigger of its own
    assert read("checked") is None  # a CHECK constraint


def test_a_span_of_records_is_read_back_across_packed_chunks() -> None:
    recording = records.Recording()
    recording.CHUNK = 3
    for n in range(11):
        recording.add({"n": n}, [("units", {"id": n})], inserted=False)
        if n % 4 == 3:
            recording.pack()  # chunks of 4, 4, then 3 left unpacked
    assert recording.sizes == [4, 4]
    for start, end in [(0, 11), (2, 9), (4, 8), (7, 11), (9, 11), (5, 5)]:
        assert [snap["n"] for snap, _rows in recording.span(start, end)] == list(range(start, end))
