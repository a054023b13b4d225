"""Schema step 4 (date indexes): a committed store of version 3 upgrades and uses them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from migration_helpers import (
    FIXTURES,
    committed,
    copy_fixture,
    ix_indexes,
    query_plan,
    upgraded_and_fresh,
)

from desktop.store import Store, audit, records, schema

FIXTURE = FIXTURES / "store_v3.sqlite3"
NEW_INDEXES = {
    "ix_clues_prelim",
    "ix_inspections_end",
    "ix_inquiries_open",
    "ix_rect_status_deadline",
    "ix_proposals_status",
}


@pytest.fixture
def v3_dir(tmp_path: Path) -> Path:
    return copy_fixture(FIXTURE, tmp_path)


def _indexes(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_fixture_really_is_version_3() -> None:
    with committed(FIXTURE, 3) as conn:
        assert not NEW_INDEXES & _indexes(conn)
        assert conn.execute("SELECT COUNT(*) FROM proposals").fetchone()[0] == 1


def test_v3_store_upgrades_keeps_its_records_and_plans_use_the_indexes(v3_dir: Path) -> None:
    store = Store.open(v3_dir)
    try:
        assert store.user_version == schema.LATEST >= 4
        assert {
            r["name"] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'index'")
        } >= NEW_INDEXES
        assert records.get(store, "clues", 1)["prelim_start"] == "2025-04-10"
        assert records.get(store, "proposals", 1)["status"] == "待回复"
        assert audit.verify_chain(store).ok

        assert "ix_clues_prelim" in query_plan(
            store, "SELECT id FROM clues WHERE prelim_start BETWEEN '2025-01-01' AND '2025-12-31'"
        )
        assert "ix_inspections_end" in query_plan(
            store, "SELECT id FROM inspections WHERE end_date BETWEEN '2025-01-01' AND '2025-12-31'"
        )
        assert "ix_inquiries_open" in query_plan(
            store, "SELECT id FROM inquiries WHERE reply_date IS NULL AND reply_due <= '2025-05-01'"
        )
        records.update(store, "inquiries", 1, {"reply_date": "2025-04-28"})
        assert (
            store.scalar(
                "SELECT COUNT(*) FROM inquiries"
                " WHERE reply_date IS NULL AND reply_due <= '2025-05-01'"
            )
            == 0
        )
    finally:
        store.close()
    assert len(list(v3_dir.glob("qingfeng.v3-*.bak"))) == 1


def test_new_store_has_the_same_indexes_as_an_upgraded_one(v3_dir: Path, tmp_path: Path) -> None:
    upgraded, fresh = upgraded_and_fresh(v3_dir, tmp_path, ix_indexes)
    assert upgraded == fresh
