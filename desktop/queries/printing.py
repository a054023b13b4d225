"""What the 打印 menu and a correction need to know about a record's documents."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.store.db import Store


def clue_inquiry_ids(store: Store, clue_id: int) -> list[int]:
    """The clue's 函询, oldest first (each prints its own 函询通知书)."""
    rows = store.query("SELECT id FROM inquiries WHERE clue_id = ? ORDER BY id", [clue_id])
    return [int(r["id"]) for r in rows]


def clue_persons(store: Store, clue_id: int) -> list[tuple[int, str]]:
    """(id, name) of the clue's reported persons, in the order they were entered."""
    rows = store.query(
        "SELECT p.id, p.name FROM clue_persons cp JOIN persons p ON p.id = cp.person_id"
        " WHERE cp.clue_id = ? ORDER BY cp.id",
        [clue_id],
    )
    return [(int(r["id"]), str(r["name"])) for r in rows]


def latest_document_id(store: Store, kind: str, table: str, record_id: int) -> int | None:
    """The last registered document of `kind` linked to the record, if any."""
    value = store.scalar(
        "SELECT id FROM documents WHERE kind = ? AND linked_table = ? AND linked_id = ?"
        " ORDER BY id DESC LIMIT 1",
        [kind, table, record_id],
    )
    return None if value is None else int(value)
