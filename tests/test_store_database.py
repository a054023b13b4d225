"""The store's connection wrapper keeps sqlite-utils' transaction rules: what a write
means must not change because the store stopped importing sqlite-utils at start."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.store.database import Database, first_keyword, unique_keys


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(sqlite3.connect(tmp_path / "t.sqlite3"))
    database.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)")
    yield database
    database.close()


def names(path: Path) -> list[str]:
    """What another connection sees: only committed rows."""
    other = sqlite3.connect(path)
    try:
        return [r[0] for r in other.execute("SELECT name FROM t ORDER BY id")]
    finally:
        other.close()


def test_a_lone_write_is_committed_at_once(db: Database, tmp_path: Path) -> None:
    db.execute("INSERT INTO t (name) VALUES (?)", ["甲"])
    assert not db.conn.in_transaction
    assert names(tmp_path / "t.sqlite3") == ["甲"]


def test_a_failed_lone_write_leaves_no_transaction_open(db: Database, tmp_path: Path) -> None:
    db.execute("INSERT INTO t (name) VALUES ('甲')")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO t (name) VALUES ('甲')")
    assert not db.conn.in_transaction
    db.execute("INSERT INTO t (name) VALUES ('乙')")
    assert names(tmp_path / "t.sqlite3") == ["甲", "乙"]


def test_atomic_commits_or_rolls_back_and_nests_as_savepoints(db: Database, tmp_path: Path) -> None:
    with db.atomic():
        db.execute("INSERT INTO t (name) VALUES ('甲')")
        assert names(tmp_path / "t.sqlite3") == []  # not before the end of the block
        with pytest.raises(RuntimeError), db.atomic():
            db.execute("INSERT INTO t (name) VALUES ('乙')")
            raise RuntimeError
        with db.atomic():
            db.execute("INSERT INTO t (name) VALUES ('丙')")
    assert names(tmp_path / "t.sqlite3") == ["甲", "丙"]
    with pytest.raises(RuntimeError), db.atomic():
        db.execute("INSERT INTO t (name) VALUES ('丁')")
        raise RuntimeError
    assert not db.conn.in_transaction
    assert names(tmp_path / "t.sqlite3") == ["甲", "丙"]


def test_query_gives_dicts_with_every_column_and_refuses_writes(db: Database) -> None:
    db.execute("INSERT INTO t (name) VALUES ('甲')")
    rows = list(db.query("SELECT id, name, id FROM t WHERE name = :n", {"n": "甲"}))
    assert rows == [{"id": 1, "name": "甲", "id_2": 1}]
    assert list(db.query("-- comment\nPRAGMA user_version")) == [{"user_version": 0}]
    with pytest.raises(ValueError, match="execute"):
        db.query("DELETE FROM t")
    assert [r["name"] for r in db.query("SELECT name FROM t")] == ["甲"]


def test_recursive_triggers_are_on(db: Database) -> None:
    """A REPLACE fires delete triggers (the search indexes depend on it)."""
    assert db.execute("PRAGMA recursive_triggers").fetchone()[0] == 1


def test_helpers() -> None:
    assert first_keyword("  /* x */ -- y\n with a as (select 1) select 1") == "WITH"
    assert first_keyword(";;BEGIN IMMEDIATE") == "BEGIN"
    assert first_keyword("") == ""
    assert unique_keys(["a", "a", "a_2", "b"]) == ["a", "a_3", "a_2", "b"]
