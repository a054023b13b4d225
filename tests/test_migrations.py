"""Migrations: a committed store of schema version 1 opens and upgrades intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from migration_helpers import FIXTURES, committed, copy_fixture, upgraded_and_fresh

from desktop.store import Store, audit, records, schema

FIXTURE = FIXTURES / "store_v1.sqlite3"


@pytest.fixture
def v1_dir(tmp_path: Path) -> Path:
    return copy_fixture(FIXTURE, tmp_path)


def test_fixture_really_is_version_1() -> None:
    with committed(FIXTURE, 1) as conn:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(audit_log)")}
    assert "hash" not in columns


def test_v1_store_upgrades_with_a_backup_first(v1_dir: Path) -> None:
    store = Store.open(v1_dir)
    try:
        assert store.user_version == schema.LATEST
        assert records.get(store, "persons", 1)["name"] == "李明"
        assert (
            records.snapshot(store, "clues", 1)["children"]["clue_outcomes"][0]["row"]["outcome"]
            == "谈话提醒"
        )
        chain = audit.verify_chain(store)
        assert chain.ok and chain.entries == 2
        # the store keeps working after the upgrade, and the chain continues
        records.update(store, "persons", 1, {"post": "镇长"})
        assert audit.verify_chain(store).ok
    finally:
        store.close()
    backups = list(v1_dir.glob("qingfeng.v1-*.bak"))
    assert len(backups) == 1
    conn = sqlite3.connect(backups[0])
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT name FROM persons").fetchone()[0] == "李明"
    conn.close()


def test_failed_step_rolls_back_to_the_old_version(v1_dir: Path, monkeypatch) -> None:
    def broken(db) -> None:
        db.execute("ALTER TABLE audit_log ADD COLUMN prev_hash TEXT")
        raise RuntimeError("power cut half-way")

    monkeypatch.setattr(schema, "STEPS", [schema.step1_initial, broken])
    with pytest.raises(RuntimeError):
        Store.open(v1_dir)
    conn = sqlite3.connect(v1_dir / "qingfeng.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "prev_hash" not in {r[1] for r in conn.execute("PRAGMA table_info(audit_log)")}
    conn.close()
    monkeypatch.undo()
    Store.open(v1_dir).close()  # and the real upgrade still works afterwards


def test_new_store_schema_equals_upgraded_schema(v1_dir: Path, tmp_path: Path) -> None:
    def shape(store: Store) -> dict[str, list[tuple[str, str]]]:
        tables = [
            r["name"]
            for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not r["name"].startswith("sqlite_")
        ]
        return {
            t: sorted((r["name"], r["type"]) for r in store.query(f"PRAGMA table_info({t})"))
            for t in tables
        }

    upgraded, fresh = upgraded_and_fresh(v1_dir, tmp_path, shape)
    assert upgraded == fresh
