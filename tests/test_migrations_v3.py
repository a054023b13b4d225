"""Schema step 3 (建议书): a committed store of version 2 upgrades and keeps working."""

from __future__ import annotations

from pathlib import Path

import pytest
from migration_helpers import FIXTURES, committed, copy_fixture, upgraded_and_fresh

from desktop.store import Store, audit, dictionaries, records, schema

FIXTURE = FIXTURES / "store_v2.sqlite3"


@pytest.fixture
def v2_dir(tmp_path: Path) -> Path:
    return copy_fixture(FIXTURE, tmp_path)


def test_fixture_really_is_version_2() -> None:
    with committed(FIXTURE, 2) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "proposals" not in tables
        assert not conn.execute(
            "SELECT 1 FROM dict_names WHERE dict = 'proposal_status'"
        ).fetchone()


def test_v2_store_upgrades_to_3_and_takes_proposals(v2_dir: Path) -> None:
    store = Store.open(v2_dir)
    try:
        assert schema.LATEST >= 3
        assert store.user_version == schema.LATEST
        assert records.get(store, "rectifications", 1)["finding"] == "公务接待无公函"
        assert dictionaries.labels(store, "proposal_status") == list(schema.V3_PROPOSAL_STATUS)
        assert audit.verify_chain(store).ok
        pid = records.insert(
            store,
            "proposals",
            {
                "kind": "纪律检查建议书",
                "matter": "规范公务接待",
                "unit_id": 1,
                "problems": "公务接待无公函",
                "recommendations": "建立接待审批制度",
                "reply_due": "2025-06-30",
                "status": "待回复",
            },
        )
        assert records.get(store, "proposals", pid)["status"] == "待回复"
        assert audit.verify_chain(store).ok
    finally:
        store.close()
    backups = list(v2_dir.glob("qingfeng.v2-*.bak"))
    assert len(backups) == 1


def test_upgraded_v2_has_the_same_dictionary_as_a_new_store(v2_dir: Path, tmp_path: Path) -> None:
    def items(store: Store) -> list[tuple[str, int]]:
        return [(i.label, i.sort) for i in dictionaries.items(store, "proposal_status")]

    upgraded, fresh = upgraded_and_fresh(v2_dir, tmp_path, items)
    assert upgraded == fresh
