"""An import indexes its rows for search in one statement per index at its end
(`records.indexed_at_end`): afterwards every full-text index holds exactly what its
triggers would have put there, search finds the imported rows, the triggers are back as
they were, and a cancelled import leaves the store, its indexes and triggers untouched."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from desktop.documents.ledgers import Cancelled
from desktop.domain import ledger_import, ledger_io, search
from desktop.store import Store, records, schema

NOW = dt.datetime(2026, 11, 23, 9, 0)  # the round-trip test's: the demo is seeded once


def _open(folder: Path) -> Store:
    return Store.open(folder, clock=lambda: NOW)


def _triggers(store: Store) -> list[tuple[Any, ...]]:
    return store.db.execute(
        "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    ).fetchall()


def _terms(store: Store, table: str) -> list[tuple[Any, ...]]:
    return store.db.execute(
        f"SELECT term, doc, col, offset FROM {table}_fts_terms ORDER BY term, doc, col, offset"
    ).fetchall()


def _rebuilt_terms(
    store: Store, table: str, columns: tuple[tuple[str, str], ...], key: str | None
) -> list[Any]:
    """The index's terms as a rebuild from the table's rows makes them (the schema's own
    statement), read inside a transaction that is rolled back."""
    conn = store.db.conn
    conn.execute("BEGIN")
    try:
        conn.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('delete-all')")
        conn.execute(schema.text_index_sql(table, columns, key)[-1])
        return _terms(store, table)
    finally:
        conn.execute("ROLLBACK")


def test_every_ledger_imported_leaves_each_index_as_its_triggers_would(
    demo_ledgers: Path, tmp_path: Path
) -> None:
    store = _open(tmp_path / "store")
    try:
        records.insert(store, "units", {"name": "城关镇"})  # indexed by its trigger, before
        triggers = _triggers(store)
        written = {}
        for kind in (ledger_io.PERSONS, *(k for k in ledger_io.LEDGERS if k != ledger_io.PERSONS)):
            plan = ledger_import.plan_import(store, demo_ledgers / f"{kind}.xlsx", kind)
            assert not plan.missing, plan.summary()
            written[kind] = ledger_import.apply(store, plan)["written"]
            assert _triggers(store) == triggers, kind
        assert all(written.values()), written
        for table, columns, key in schema.TEXT_INDEXES:
            count = store.scalar(f"SELECT COUNT(*) FROM {table}")
            assert count, table
            assert _terms(store, table) == _rebuilt_terms(store, table, columns, key), table
        # search finds what was imported: a talk by its reason, a person by name and pinyin
        talk = store.query("SELECT id, reason FROM talks ORDER BY id DESC LIMIT 1")[0]
        condition, values = search.list_condition("talks", "id", talk["reason"][:6]) or ("", {})
        found = store.db.execute(f"SELECT id FROM talks WHERE {condition}", values).fetchall()
        assert (talk["id"],) in found
        person = store.query("SELECT id, name, name_initials FROM persons ORDER BY id DESC")[0]
        assert person["id"] in search.matching_ids(store, "persons", person["name"])
        assert person["id"] in search.matching_ids(store, "persons", person["name_initials"])
        # a record saved afterwards is indexed by the trigger, as before
        unit = records.insert(store, "units", {"name": "导入后新建的单位"})
        assert unit in search.matching_ids(store, "units", "导入后新建")
    finally:
        store.close()


def test_a_cancelled_import_leaves_rows_indexes_and_triggers_as_they_were(
    demo_ledgers: Path, tmp_path: Path
) -> None:
    store = _open(tmp_path / "store")
    try:
        records.insert(store, "units", {"name": "城关镇"})
        kind = ledger_io.TALKS
        plan = ledger_import.plan_import(store, demo_ledgers / f"{kind}.xlsx", kind)
        assert plan.accepted
        before = (_triggers(store), _terms(store, "units"), _terms(store, "talks"))
        calls = []

        def cancelled() -> bool:
            calls.append(1)
            return len(calls) > 2  # after some rows were written

        with pytest.raises(Cancelled):
            ledger_import.apply(store, plan, cancelled=cancelled)
        assert store.scalar("SELECT COUNT(*) FROM talks") == 0
        assert (_triggers(store), _terms(store, "units"), _terms(store, "talks")) == before
        counts = ledger_import.apply(store, plan)  # and it can be done after all
        assert counts["written"] == len(plan.accepted)
        talks = next(i for i in schema.TEXT_INDEXES if i[0] == "talks")
        assert _terms(store, "talks") == _rebuilt_terms(store, *talks)
    finally:
        store.close()
