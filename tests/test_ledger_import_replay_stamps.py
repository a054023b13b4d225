"""A write that replays its check's records (records.replay) stamps every row, and every
row its audit entries describe, with the time of the write, as a full write does: the
check ran minutes before (the clerk reading its plan). Persons (their snapshots are
copies of the rows stored: derived keys) and talks (the very rows) alike."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from ledger_corpus import variants
from ledger_office import refusing_talks
from store_rows import every_row
from test_ledger_import_replay import replays  # noqa: F401  (the fixture: replays seen)

from desktop.domain import ledger_import, ledger_io
from desktop.store import Store, audit, records

CHECKED = dt.datetime(2026, 11, 23, 9, 0)
WRITTEN = dt.datetime(2026, 11, 23, 9, 7, 30)


def _files(tmp_path: Path) -> list[tuple[Path, str]]:
    files = [(refusing_talks(tmp_path), "谈话")]
    files += [(v.write(tmp_path), v.kind) for v in variants() if v.kind == ledger_io.PERSONS]
    return files


@pytest.mark.parametrize("chunk", [3, 2000])
def test_a_replay_later_than_its_check_is_stamped_as_a_full_write(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    chunk: int,
    replays: list[int],  # noqa: F811
) -> None:
    monkeypatch.setattr(records.Recording, "CHUNK", chunk)
    files = _files(tmp_path)
    dumps = []
    for replay in (True, False):
        now = [CHECKED]
        store = Store.open(tmp_path / f"store-{replay}", clock=lambda now=now: now[0])
        try:
            for path, kind in files:
                now[0] = CHECKED
                plan = ledger_import.plan_import(store, path, kind)
                if not replay:
                    plan.replay = None
                now[0] = WRITTEN
                ledger_import.apply(store, plan)
            assert audit.verify_chain(store).ok
            dumps.append(every_row(store))
            stamps = {
                r[0]
                for (after,) in store.db.execute(
                    "SELECT after FROM audit_log WHERE action = 'insert'"
                )
                for r in _stamps(json.loads(after))
            }
            assert stamps == {str(WRITTEN)}
        finally:
            store.close()
    assert len(replays) == len(files) and all(replays)
    assert dumps[0].keys() == dumps[1].keys()
    for table in dumps[0]:
        assert dumps[0][table] == dumps[1][table], table


def _stamps(snap: dict[str, Any]) -> list[tuple[str, ...]]:
    """The created_at and updated_at of every row a snapshot holds."""
    row = snap["row"]
    found = [(row["created_at"],), (row["updated_at"],)]
    for rows in snap["children"].values():
        for child in rows:
            found += _stamps(child)
    return found
