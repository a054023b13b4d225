"""The schema step that adds the full-text search indexes: a committed store of version 7
upgrades with its existing names and texts indexed, the same as a new store's."""

from __future__ import annotations

from pathlib import Path

import pytest
from migration_helpers import (
    FIXTURES,
    committed,
    copy_fixture,
    ix_indexes,
    upgraded_and_fresh,
)

from desktop.domain import search
from desktop.store import Store, records, schema

FIXTURE = FIXTURES / "store_v7.sqlite3"


@pytest.fixture
def v7_dir(tmp_path: Path) -> Path:
    return copy_fixture(FIXTURE, tmp_path)


def search_objects(store: Store) -> set[tuple[str, str]]:
    """The indexes, their terms tables and triggers."""
    return {
        (r["type"], r["name"])
        for r in store.query(
            "SELECT type, name FROM sqlite_master WHERE name LIKE '%\\_fts%' ESCAPE '\\'"
            " AND sql IS NOT NULL AND (type = 'trigger' OR sql LIKE 'CREATE VIRTUAL%')"
        )
    }


def test_fixture_really_is_version_7() -> None:
    with committed(FIXTURE, 7) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert not {t for t in tables if "_fts" in t}
        assert conn.execute("SELECT reason FROM talks").fetchone()[0] == "苗头性问题"


def test_v7_store_upgrades_with_what_it_holds_indexed(v7_dir: Path) -> None:
    store = Store.open(v7_dir)
    try:
        assert store.user_version == schema.LATEST
        zhang = search.matching_ids(store, "persons", "张帆")
        assert zhang and search.matching_ids(store, "persons", "zf") == zhang
        assert search.matching_ids(store, "persons", "帆") == zhang  # one character
        condition, values = search.list_condition("talks", "id", "苗头") or ("", {})
        talk = [r[0] for r in store.db.execute(f"SELECT id FROM talks WHERE {condition}", values)]
        assert len(talk) == 1
        # and the index keeps up with the writes from here on
        records.update(store, "persons", zhang[0], {"name": "张一帆"})
        assert search.matching_ids(store, "persons", "一帆") == zhang
        assert search.matching_ids(store, "persons", "张帆") == []
    finally:
        store.close()
    assert list(v7_dir.glob("qingfeng.v7-*.bak"))


def test_upgraded_and_new_stores_have_the_same_indexes(v7_dir: Path, tmp_path: Path) -> None:
    upgraded, fresh = upgraded_and_fresh(
        v7_dir, tmp_path, lambda s: (search_objects(s), ix_indexes(s))
    )
    assert upgraded == fresh
    assert "ix_talk_talkers_person" in fresh[1]
    fresh = fresh[0]
    assert ("table", "talks_fts") in fresh and ("trigger", "talks_fts_update") in fresh
    assert len(fresh) == 5 * (len(schema.V9_TEXT_INDEXES) + len(schema.V10_TEXT_INDEXES))
