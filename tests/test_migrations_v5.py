"""Schema step 5 (告知举报人, 转交 on clues): a committed store of version 4 upgrades."""

from __future__ import annotations

import datetime as dt
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

from desktop.store import Store, audit, dictionaries, records, schema

FIXTURE = FIXTURES / "store_v4.sqlite3"
NEW_COLUMNS = {"reporter_informed_date", "reporter_informed_how", "forwarded_date", "forwarded_to"}
NEW_INDEXES = {"ix_clues_reporter_open", "ix_clues_forwarded"}


@pytest.fixture
def v4_dir(tmp_path: Path) -> Path:
    return copy_fixture(FIXTURE, tmp_path)


def test_fixture_really_is_version_4() -> None:
    with committed(FIXTURE, 4) as conn:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(clues)")}
        assert not NEW_COLUMNS & columns
        assert not conn.execute(
            "SELECT COUNT(*) FROM dict_names WHERE dict = 'inform_method'"
        ).fetchone()[0]
        assert conn.execute("SELECT COUNT(*) FROM clues").fetchone()[0] == 2


def test_v4_store_upgrades_keeps_its_records_and_takes_the_new_fields(v4_dir: Path) -> None:
    store = Store.open(v4_dir)
    try:
        assert store.user_version == schema.LATEST >= 5
        columns = {r["name"] for r in store.query("PRAGMA table_info(clues)")}
        assert columns >= NEW_COLUMNS
        clue = records.get(store, "clues", 1)
        assert clue["reporter_name"] == "张华" and clue["signed"] == "实名"
        assert clue["reporter_informed_date"] is None and clue["forwarded_date"] is None
        assert records.get(store, "inquiries", 1)["reply_due"] == "2025-04-30"
        assert audit.verify_chain(store).ok
        # its reports predate the 告知 record: the desk starts with the upgrade day
        assert store.setting("reporter_reply_since") == dt.date.today().isoformat()
        # the new dictionary reached the old store
        assert dictionaries.labels(store, "inform_method") == [
            label for label, _ in schema.V5_INFORM_METHOD
        ]
        assert dictionaries.resolve(store, "inform_method", "电话") == "电话告知"

        assert "ix_clues_reporter_open" in query_plan(
            store,
            f"SELECT id FROM clues WHERE {schema.REPORTER_OPEN_WHERE}"
            " AND received_date <= '2025-05-01'",
        )
        records.update(
            store,
            "clues",
            1,
            {"reporter_informed_date": "2025-04-10", "reporter_informed_how": "电话告知"},
        )
        assert store.scalar(f"SELECT COUNT(*) FROM clues WHERE {schema.REPORTER_OPEN_WHERE}") == 0
        records.update(
            store, "clues", 2, {"forwarded_date": "2025-04-07", "forwarded_to": "县信访局"}
        )
        assert records.get(store, "clues", 2)["forwarded_to"] == "县信访局"
        assert audit.verify_chain(store).ok
    finally:
        store.close()
    assert len(list(v4_dir.glob("qingfeng.v4-*.bak"))) == 1


def test_new_store_has_the_same_schema_as_an_upgraded_one(v4_dir: Path, tmp_path: Path) -> None:
    def shape(store: Store) -> tuple[set[str], list[str], list[str]]:
        return (
            ix_indexes(store),
            columns(store, "clues"),
            dictionaries.labels(store, "inform_method"),
        )

    upgraded, fresh = upgraded_and_fresh(v4_dir, tmp_path, shape)
    assert upgraded == fresh
