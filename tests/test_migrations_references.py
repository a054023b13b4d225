"""Schema step 11: an index behind every reference a record holds. A committed store of
version 10 upgrades to the same indexes as a new store, with its records unchanged; the
lookups that follow a reference backwards (who still uses this record? which items does
this notice list?) search an index instead of reading the whole table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from migration_helpers import (
    FIXTURES,
    committed,
    copy_fixture,
    ix_indexes,
    query_plan,
    read_only,
    upgraded_and_fresh,
)

from desktop.store import Store, audit, schema
from desktop.store.kinds import KINDS

FIXTURE = FIXTURES / "store_v10.sqlite3"
NEW_INDEXES = {re.search(r"INDEX (\w+)", sql).group(1) for sql in schema.V11_INDEXES}  # type: ignore[union-attr]


@pytest.fixture
def v10_dir(tmp_path: Path) -> Path:
    return copy_fixture(FIXTURE, tmp_path)


def test_fixture_really_is_version_10() -> None:
    with committed(FIXTURE, 10) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "campaigns" in names and not NEW_INDEXES & names


def _records(store: Store) -> dict[str, list[tuple[object, ...]]]:
    return {
        table: [tuple(r.values()) for r in store.query(f"SELECT * FROM {table} ORDER BY id")]
        for table in ("units", "persons", "clues", "inquiries", "rectifications", "documents")
    }


def test_v10_store_upgrades_with_its_records_unchanged(v10_dir: Path) -> None:
    conn = read_only(FIXTURE)
    try:
        conn.row_factory = None
        before = {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()
            for t in ("units", "persons", "clues", "inquiries", "rectifications", "documents")
        }
    finally:
        conn.close()
    store = Store.open(v10_dir)
    try:
        assert store.user_version == schema.LATEST >= 11
        assert ix_indexes(store) >= NEW_INDEXES
        assert audit.verify_chain(store).ok
        assert _records(store) == before
    finally:
        store.close()


def test_upgraded_store_has_the_indexes_of_a_new_one(v10_dir: Path, tmp_path: Path) -> None:
    upgraded, fresh = upgraded_and_fresh(v10_dir, tmp_path, ix_indexes)
    assert upgraded == fresh


def test_every_reference_is_led_by_an_index(tmp_path: Path) -> None:
    """Deleting a record asks every ref field that can name it (kinds.references_to): each
    such question must search an index, in every kind there is now and any added later."""
    store = Store.open(tmp_path)
    try:
        for k in KINDS.values():
            for f in k.fields:
                if f.type != "ref":
                    continue
                plan = query_plan(store, f"SELECT id FROM {k.table} WHERE {f.name} = 1 LIMIT 50")
                assert "USING" in plan and "SCAN" not in plan, (k.table, f.name, plan)
    finally:
        store.close()


def test_a_notice_finds_its_items_through_an_index(v10_dir: Path) -> None:
    store = Store.open(v10_dir)
    try:
        for column in ("notice_document_id", "escalation_document_id"):
            plan = query_plan(store, f"SELECT * FROM rectifications WHERE {column} = 1")
            assert "SEARCH rectifications USING INDEX" in plan, plan
        assert [
            r["id"]
            for r in store.query(
                "SELECT id FROM rectifications WHERE notice_document_id = 1"
                " OR escalation_document_id = 2"
            )
        ] == [1]
    finally:
        store.close()
