"""Schema step 6 (委托谈话 on clues, 谈话记录报回 on talks): a committed store of version 5
upgrades."""

from __future__ import annotations

from pathlib import Path

import pytest
from migration_helpers import (
    FIXTURES,
    columns,
    committed,
    copy_fixture,
    ix_indexes,
    query_plan,
    upgraded_and_fresh,
)

from desktop.store import Store, audit, records, schema

FIXTURE = FIXTURES / "store_v5.sqlite3"
CLUE_COLUMNS = {"talk_delegated_date", "talk_delegated_to"}
TALK_COLUMNS = {"record_returned_date"}
NEW_INDEXES = {"ix_clues_talk_delegated", "ix_talks_record_open"}


@pytest.fixture
def v5_dir(tmp_path: Path) -> Path:
    return copy_fixture(FIXTURE, tmp_path)


def test_fixture_really_is_version_5() -> None:
    with committed(FIXTURE, 5) as conn:
        assert not CLUE_COLUMNS & {r[1] for r in conn.execute("PRAGMA table_info(clues)")}
        assert not TALK_COLUMNS & {r[1] for r in conn.execute("PRAGMA table_info(talks)")}
        assert conn.execute("SELECT COUNT(*) FROM talks WHERE clue_id = 1").fetchone()[0] == 1


def test_v5_store_upgrades_keeps_its_records_and_takes_the_new_fields(v5_dir: Path) -> None:
    store = Store.open(v5_dir)
    try:
        assert store.user_version == schema.LATEST >= 6
        assert {r["name"] for r in store.query("PRAGMA table_info(clues)")} >= CLUE_COLUMNS
        assert {r["name"] for r in store.query("PRAGMA table_info(talks)")} >= TALK_COLUMNS
        clue = records.get(store, "clues", 1)
        assert (
            clue["reporter_informed_date"] == "2025-04-10" and clue["talk_delegated_date"] is None
        )
        talk = records.get(store, "talks", 1)
        assert talk["clue_id"] == 1 and talk["record_returned_date"] is None
        assert audit.verify_chain(store).ok
        # nothing old was delegated: the desk's two sections start empty
        assert store.scalar(f"SELECT COUNT(*) FROM clues WHERE {schema.DELEGATED_OPEN_WHERE}") == 0

        assert "ix_clues_talk_delegated" in query_plan(
            store,
            f"SELECT id FROM clues WHERE {schema.DELEGATED_OPEN_WHERE}"
            " AND talk_delegated_date <= '2025-05-01'",
        )
        assert "ix_talks_record_open" in query_plan(
            store, f"SELECT id FROM talks WHERE {schema.RECORD_OPEN_WHERE} AND date <= '2025-05-01'"
        )
        records.update(
            store,
            "clues",
            1,
            {"talk_delegated_date": "2025-04-12", "talk_delegated_to": "城关镇党委"},
        )
        records.update(store, "talks", 1, {"record_returned_date": "2025-04-24"})
        assert records.get(store, "clues", 1)["talk_delegated_to"] == "城关镇党委"
        assert records.get(store, "talks", 1)["record_returned_date"] == "2025-04-24"
        assert audit.verify_chain(store).ok
    finally:
        store.close()
    assert len(list(v5_dir.glob("qingfeng.v5-*.bak"))) == 1


def test_new_store_has_the_same_schema_as_an_upgraded_one(v5_dir: Path, tmp_path: Path) -> None:
    def shape(store: Store) -> tuple[set[str], list[str], list[str]]:
        return ix_indexes(store), columns(store, "clues"), columns(store, "talks")

    upgraded, fresh = upgraded_and_fresh(v5_dir, tmp_path, shape)
    assert upgraded == fresh
    assert upgraded[0] >= NEW_INDEXES
