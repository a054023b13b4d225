"""The store's connection wrapper: the few calls of sqlite-utils' `Database` the store uses.

sqlite-utils imports click, pluggy and dateutil (about 60 ms, a sixth of the cold start
to the first paint), and the store needs only `execute`, `query`, `atomic`, `close` and
`conn`. This class gives them with sqlite-utils' transaction rules, so every write keeps
its meaning: a lone write outside a transaction is committed at once, a write inside one
joins it, a nested `atomic()` is a savepoint, and the connection has recursive triggers
on (a REPLACE fires the delete triggers that keep the search indexes in step).
sqlite-utils itself stays a dependency for the tools and tests that build files with it;
`db[table]` hands one of its `Table`s over this connection, importing it only then.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils.db import Table, View

Params = Sequence[Any] | Mapping[str, Any] | None

# Statements that open or close a transaction themselves: execute() leaves them alone.
_TRANSACTION_CONTROL = frozenset({"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"})
# What query() runs: statements that only read and return rows.
_READS = frozenset({"SELECT", "WITH", "VALUES", "PRAGMA", "EXPLAIN"})
_FIRST_KEYWORD = re.compile(r"(?:\s|;|\ufeff|--[^\n]*(?:\n|$)|/\*.*?\*/)*([A-Za-z_]*)", re.S)


def first_keyword(sql: str) -> str:
    """The statement's first keyword, upper-cased, after blanks and comments."""
    found = _FIRST_KEYWORD.match(sql)
    return found.group(1).upper() if found else ""


def unique_keys(names: Sequence[str]) -> list[str]:
    """Column names made unique as sqlite-utils does (a repeated `id` becomes `id_2`), so
    a row dict never silently loses a column."""
    keys = list(names)
    taken = set(keys)
    if len(taken) == len(keys):
        return keys
    seen: set[str] = set()
    out = []
    for key in keys:
        if key in seen:
            n = 2
            while f"{key}_{n}" in taken:
                n += 1
            key = f"{key}_{n}"
            taken.add(key)
        seen.add(key)
        out.append(key)
    return out


class Database:
    """A sqlite3 connection with sqlite-utils' `execute`/`query`/`atomic` semantics."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._savepoints = itertools.count(1)
        self.execute("PRAGMA recursive_triggers = on")

    def close(self) -> None:
        self.conn.close()

    def execute(self, sql: str, parameters: Params = None) -> sqlite3.Cursor:
        """Run one statement. A write outside a transaction is committed at once (the
        implicit transaction the driver opened for it would otherwise capture every
        later write); a failed one is rolled back; inside a transaction it joins it."""
        conn = self.conn
        was_in_transaction = conn.in_transaction
        try:
            cursor = conn.execute(sql) if parameters is None else conn.execute(sql, parameters)
        except Exception:
            if not was_in_transaction and conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        if (
            not was_in_transaction
            and conn.in_transaction
            and cursor.description is None
            and first_keyword(sql) not in _TRANSACTION_CONTROL
        ):
            conn.execute("COMMIT")
        return cursor

    def query(self, sql: str, params: Params = None) -> Iterator[dict[str, Any]]:
        """The rows of a reading statement as dicts, fetched lazily. Writes go through
        `execute` (a write here raises ValueError before it runs)."""
        if first_keyword(sql) not in _READS:
            raise ValueError("query() only runs statements that read rows; use execute()")
        cursor = self.execute(sql, params)
        if cursor.description is None:
            raise ValueError("query() only runs statements that return rows; use execute()")
        keys = unique_keys([d[0] for d in cursor.description])
        return (dict(zip(keys, row, strict=True)) for row in cursor)

    @contextlib.contextmanager
    def atomic(self, *, immediate: bool = False) -> Iterator[Database]:
        """All or nothing: a transaction, or a savepoint inside an open one. `immediate`:
        the outermost level takes the write lock at once (BEGIN IMMEDIATE), so a block that
        reads then writes cannot fail half-way on a busy file. The one place that begins,
        commits and rolls back (Store.transaction and the schema steps come here)."""
        conn = self.conn
        if conn.in_transaction:
            savepoint = f"qf_atomic_{next(self._savepoints)}"
            conn.execute(f"SAVEPOINT {savepoint}")
            try:
                yield self
            except BaseException:
                # a RAISE(ROLLBACK) trigger may have ended the transaction, savepoint and all
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                raise
            conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            return
        conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
        try:
            yield self
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def __getitem__(self, table: str) -> Table | View:
        """sqlite-utils' Table over this connection, for tools and tests (imports it)."""
        from sqlite_utils import Database as Utils

        return Utils(self.conn, execute_plugins=False)[table]
