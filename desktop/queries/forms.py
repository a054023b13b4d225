"""What the record forms read: the pickers' entries, found as the clerk types and never
listed whole (issue #16: a form at 1M rows loaded every person, unit and record it can
point to), and the few facts a form looks up beside its record."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from desktop.domain import search
from desktop.store import records
from desktop.store.kinds import kind

if TYPE_CHECKING:
    from desktop.store.db import Store

Row = dict[str, Any]

PICKER_LIMIT = 100  # entries a picker's list holds for what was typed
_BATCH = 500

# The person's label in a picker: the unit is added when another person has the same name
# (the pinyin index finds the namesakes).
_PERSON_LABELS = (
    "SELECT p.id, p.name, u.name AS unit, (SELECT COUNT(*) FROM persons o"
    " WHERE o.name_pinyin = p.name_pinyin AND o.name = p.name) AS namesakes"
    " FROM persons p LEFT JOIN units u ON u.id = p.unit_id"
)


def _person_label(row: Row) -> str:
    name = str(row["name"])
    return f"{name}（{row['unit']}）" if row["namesakes"] > 1 and row["unit"] else name


def _record_label(store: Store, table: str, row: Row) -> str:
    title = records.title(store, table, row)
    if table == "clues":
        return f"{row['ledger_no'] or ('编号' + str(row['id']))} {title}"
    return title


def _order(table: str) -> str:
    return "received_date DESC, id DESC" if table == "clues" else "id DESC"


def ref_labels(store: Store, table: str, ids: Iterable[int]) -> list[tuple[str, int]]:
    """The picker entries (label, id) of these records, in the order given; missing ids
    are left out."""
    wanted = [int(i) for i in ids]
    if not wanted:
        return []
    marks = ", ".join("?" for _ in wanted)
    found: dict[int, str] = {}
    if table == "persons":
        for row in store.query(f"{_PERSON_LABELS} WHERE p.id IN ({marks})", wanted):
            found[int(row["id"])] = _person_label(row)
    elif table == "units":
        for row in store.query(f"SELECT id, name FROM units WHERE id IN ({marks})", wanted):
            found[int(row["id"])] = str(row["name"])
    else:
        kind(table)  # a record kind, so the table name is one of ours
        for row in store.query(f"SELECT * FROM {table} WHERE id IN ({marks})", wanted):
            found[int(row["id"])] = _record_label(store, table, row)
    return [(found[i], i) for i in wanted if i in found]


def ref_matches(
    store: Store, table: str, text: str, limit: int = PICKER_LIMIT
) -> list[tuple[str, int]]:
    """The picker entries that match what was typed, best first: persons and units by any
    part of the name, pinyin or initials (the one search); other records whose label holds
    the text (any case), newest first, as the picker's list showed them."""
    typed = text.strip()
    if not typed:
        return []
    if table in ("persons", "units"):
        ids = search.matching_ids(store, table, typed)[:limit]
        return ref_labels(store, table, ids)
    kind(table)
    needle = typed.casefold()
    out: list[tuple[str, int]] = []
    cursor = store.db.execute(f"SELECT * FROM {table} ORDER BY {_order(table)}")
    names = [d[0] for d in cursor.description]
    while len(out) < limit:
        batch = cursor.fetchmany(_BATCH)
        if not batch:
            break
        for values in batch:
            row: dict[str, Any] = dict(zip(names, values, strict=True))
            label = _record_label(store, table, row)
            if needle in label.casefold():
                out.append((label, int(row["id"])))
                if len(out) >= limit:
                    break
    cursor.close()
    return out


def person_now(store: Store, person_id: int) -> Row | None:
    """A person's unit, post, rank and name as recorded today (a sub-form fills them in as
    they were at the time)."""
    rows = store.query(
        "SELECT p.name, p.post, p.rank, u.name AS unit_name FROM persons p"
        " LEFT JOIN units u ON u.id = p.unit_id WHERE p.id = ?",
        [person_id],
    )
    return rows[0] if rows else None


def attachments_of(store: Store, table: str, record_id: int) -> list[Row]:
    """A record's attachments, in the order they were added."""
    return store.query(
        "SELECT id, filename, size, added_by, created_at FROM attachments"
        " WHERE linked_table = ? AND linked_id = ? ORDER BY id",
        [table, record_id],
    )


def first_talk_on_clue(store: Store, clue_id: int, since: str) -> str | None:
    """The date of the first saved talk on a clue on or after `since`."""
    day = store.scalar(
        "SELECT MIN(date) FROM talks WHERE clue_id = ? AND date >= ?", [clue_id, since]
    )
    return str(day) if day else None


def talk_delegated_date(store: Store, clue_id: int) -> str | None:
    """When the clue's talk was delegated (委托谈话), if it was."""
    day = store.scalar("SELECT talk_delegated_date FROM clues WHERE id = ?", [clue_id])
    return str(day) if day else None


def accountabilities_of(store: Store, field: str, record_id: int) -> list[Row]:
    """The 问责 recorded against a rectification item or a clue (`field` rect_id or
    clue_id), oldest first, with whom they named: the rectification and clue forms list
    them under their 登记问责 button."""
    if field not in ("rect_id", "clue_id"):
        raise KeyError(field)
    return store.query(
        "SELECT a.id, a.method, a.date, COALESCE(p.name, u.name) AS target"
        " FROM accountabilities a LEFT JOIN persons p ON p.id = a.person_id"
        f" LEFT JOIN units u ON u.id = a.unit_id WHERE a.{field} = ? ORDER BY a.date, a.id",
        [record_id],
    )
