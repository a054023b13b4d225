"""What the migration tests share: a committed old store copied into a test's data folder,
looked at read-only, compared with a fresh store, and its query plans."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from desktop.store import Store, audit

FIXTURES = Path(__file__).parent / "fixtures"
T = TypeVar("T")


def copy_fixture(fixture: Path, tmp_path: Path) -> Path:
    """A data folder holding a copy of the committed store, so the upgrade never touches it."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(fixture, folder / "qingfeng.sqlite3")
    return folder


def read_only(fixture: Path) -> sqlite3.Connection:
    """The committed store opened so that not even a journal can be written beside it."""
    return sqlite3.connect(f"{fixture.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


@contextlib.contextmanager
def committed(fixture: Path, version: int) -> Iterator[sqlite3.Connection]:
    """The committed store, read-only, after checking it really is at `version`: what its
    own test then says it lacks is what the step under test adds."""
    conn = read_only(fixture)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version
        yield conn
    finally:
        conn.close()


def described(folder: Path, describe: Callable[[Store], T]) -> T:
    """What `describe` sees in the store of `folder`, opened (and upgraded or created) here."""
    store = Store.open(folder)
    try:
        return describe(store)
    finally:
        store.close()


def upgraded_and_fresh(
    upgraded: Path, tmp_path: Path, describe: Callable[[Store], T]
) -> tuple[T, T]:
    """The same description of the upgraded old store and of a brand-new one."""
    return described(upgraded, describe), described(tmp_path / "fresh", describe)


def ix_indexes(store: Store) -> set[str]:
    """The store's own indexes (the ix_ ones, not SQLite's automatic ones)."""
    return {
        r["name"]
        for r in store.query(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%'"
        )
    }


def columns(store: Store, table: str) -> list[str]:
    return [r["name"] for r in store.query(f"PRAGMA table_info({table})")]


def query_plan(store: Store, sql: str) -> str:
    """SQLite's plan for `sql` as one line, to see which index it uses."""
    return " ".join(str(r["detail"]) for r in store.query("EXPLAIN QUERY PLAN " + sql))


def upgrade_keeps_records(fixture: Path, folder: Path, tables: tuple[str, ...]) -> set[str]:
    """Open (and so upgrade) the copy of `fixture` in `folder`: its audit chain holds and
    the rows of `tables` are those of the committed file. The upgraded store's indexes."""
    conn = read_only(fixture)
    try:
        before = {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in tables}
    finally:
        conn.close()
    store = Store.open(folder)
    try:
        assert audit.verify_chain(store).ok
        after = {
            t: [tuple(r.values()) for r in store.query(f"SELECT * FROM {t} ORDER BY id")]
            for t in tables
        }
        assert after == before
        return ix_indexes(store)
    finally:
        store.close()


def analysed_after_upgrade(folder: Path) -> set[str]:
    """The indexes the planner has statistics for once the copy in `folder`, analysed as
    its old version (PRAGMA optimize at a close does it), is upgraded."""
    conn = sqlite3.connect(folder / "qingfeng.sqlite3")
    conn.execute("ANALYZE")
    conn.close()
    store = Store.open(folder)
    try:
        return {str(r["idx"]) for r in store.query("SELECT idx FROM sqlite_stat1")}
    finally:
        store.close()


def index_columns(conn: sqlite3.Connection | Store, index: str) -> list[str | None]:
    """An index's columns in order (None for an expression)."""
    sql = f"SELECT name FROM pragma_index_info('{index}') ORDER BY seqno"
    if isinstance(conn, Store):
        return [r["name"] for r in conn.query(sql)]
    return [r[0] for r in conn.execute(sql)]


def uncovered(
    fixture: Path, version: int, folder: Path, dropped: tuple[str, ...], new: set[str]
) -> list[str]:
    """The indexes a step drops that none of its `new` ones covers in their own order:
    a cover begins with the dropped one's columns, then the id, so what walked the old
    index (rows in its order, then by id) meets the rows in the same order. `folder`
    holds a copy of `fixture`, upgraded here."""
    with committed(fixture, version) as conn:
        old = {name: index_columns(conn, name) for name in dropped}
    store = Store.open(folder)
    try:
        covers = [index_columns(store, name) for name in new]
    finally:
        store.close()
    return [
        name
        for name, cols in old.items()
        if not any(c[: len(cols) + 1] == [*cols, "id"] for c in covers)
    ]
