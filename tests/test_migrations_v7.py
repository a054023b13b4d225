"""Schema step 7 (pinyin search keys beside the names of persons and units): a committed
store of version 6 upgrades, and the write path keeps the keys in step from then on."""

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

FIXTURE = FIXTURES / "store_v6.sqlite3"
KEYS = {"name_pinyin", "name_initials"}
NEW_INDEXES = {"ix_persons_pinyin", "ix_units_pinyin"}


@pytest.fixture
def v6_dir(tmp_path: Path) -> Path:
    return copy_fixture(FIXTURE, tmp_path)


def keys(store: Store, table: str, record_id: int) -> tuple[str, str]:
    row = records.get(store, table, record_id)
    return row["name_pinyin"], row["name_initials"]


def test_fixture_really_is_version_6() -> None:
    with committed(FIXTURE, 6) as conn:
        assert not KEYS & {r[1] for r in conn.execute("PRAGMA table_info(persons)")}
        assert conn.execute("SELECT COUNT(*) FROM persons").fetchone()[0] == 3


def test_v6_store_upgrades_with_pinyin_of_every_name(v6_dir: Path) -> None:
    store = Store.open(v6_dir)
    try:
        assert store.user_version == schema.LATEST >= 7
        assert keys(store, "persons", 1) == ("zhang fan", "zf")
        assert keys(store, "persons", 2) == ("zeng li ping", "zlp")  # 曾 as a surname: zeng
        assert keys(store, "persons", 3) == ("ou yang wen", "oyw")
        assert keys(store, "units", 2) == ("xian cai zheng ju", "xczj")
        assert records.get(store, "clues", 1)["ledger_no"] == "XS-2025-007"
        assert audit.verify_chain(store).ok
        assert "ix_persons_pinyin" in query_plan(
            store, "SELECT id FROM persons ORDER BY name_pinyin, name LIMIT 50"
        )
    finally:
        store.close()
    assert len(list(v6_dir.glob("qingfeng.v6-*.bak"))) == 1


def test_write_path_keeps_the_keys_in_step_and_out_of_the_audit_log(v6_dir: Path) -> None:
    store = Store.open(v6_dir)
    try:
        records.update(store, "persons", 1, {"name": "王芳"})
        assert keys(store, "persons", 1) == ("wang fang", "wf")
        records.update(store, "persons", 1, {"post": "镇长"})  # name untouched: keys kept
        assert keys(store, "persons", 1) == ("wang fang", "wf")
        new = records.insert(store, "units", {"name": "县教育局"})
        assert keys(store, "units", new) == ("xian jiao yu ju", "xjyj")
        logged = store.query(
            "SELECT after FROM audit_log WHERE table_name = 'units' ORDER BY id DESC LIMIT 1"
        )[0]["after"]
        assert "县教育局" in logged and "name_pinyin" not in logged
        # deleted and restored: the keys come back, recomputed
        bin_id = records.delete(store, "units", new)
        records.restore(store, bin_id)
        assert keys(store, "units", new) == ("xian jiao yu ju", "xjyj")
        # a person deleted under version 6 (its bin entry has no keys) gets them on restore
        assert records.restore(store, 1) == ("persons", 4)
        assert keys(store, "persons", 4) == ("shan xiong", "sx")
        assert audit.verify_chain(store).ok
    finally:
        store.close()


def test_new_store_has_the_same_schema_as_an_upgraded_one(v6_dir: Path, tmp_path: Path) -> None:
    def shape(store: Store) -> tuple[set[str], list[str], list[str]]:
        return ix_indexes(store), columns(store, "persons"), columns(store, "units")

    upgraded, fresh = upgraded_and_fresh(v6_dir, tmp_path, shape)
    assert upgraded == fresh
    assert upgraded[0] >= NEW_INDEXES
