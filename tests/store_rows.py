"""Every row a store holds, to compare two stores table by table (two ways of writing the
same import must leave the same store)."""

from __future__ import annotations

from typing import Any

from desktop.store import Store


def every_row(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in rowid order (the full-text indexes' own tables and ANALYZE's
    left out: they follow the rows)."""
    tables = [
        r[0]
        for r in store.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE '%\\_fts%' ESCAPE '\\'"
            " AND name NOT LIKE 'sqlite\\_stat%' ESCAPE '\\'"
        )
    ]
    return {t: store.db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}
