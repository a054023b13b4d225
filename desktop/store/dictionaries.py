"""Dictionaries: the value lists offices edit (sources, outcomes, talk kinds, ...).

They ship as JSON files in resources/dictionaries/, are copied into the store
when it is created, and from then on the store's copy is the one that counts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import resources
from desktop.store import audit
from desktop.store.errors import UserError, ValidationError
from desktop.store.kinds import KINDS

if TYPE_CHECKING:
    from desktop.store.db import Store

NOT_DICTIONARIES = {"holidays.json"}


@dataclass(frozen=True)
class Item:
    name: str
    label: str
    sort: int
    active: bool
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def aliases(self) -> list[str]:
        return [str(a) for a in self.extra.get("aliases", [])]


def shipped() -> list[dict[str, Any]]:
    """The dictionaries as shipped in resources/dictionaries/."""
    folder = resources.resource("dictionaries")
    result = []
    for path in sorted(Path(folder).glob("*.json")):
        if path.name in NOT_DICTIONARIES:
            continue
        result.append(json.loads(path.read_text(encoding="utf-8")))
    return result


def load_shipped(store: Store) -> None:
    """Copy the shipped dictionaries into a new store (inside the caller's transaction)."""
    for spec in shipped():
        store.db.execute(
            "INSERT INTO dict_names(dict, label, note) VALUES (?, ?, ?)",
            [spec["name"], spec["label"], spec.get("note")],
        )
        for sort, raw in enumerate(spec["items"]):
            extra = {k: v for k, v in raw.items() if k != "label"}
            store.db.execute(
                "INSERT INTO dict_items(dict, label, sort, extra, active) VALUES (?, ?, ?, ?, 1)",
                [spec["name"], raw["label"], sort, json.dumps(extra, ensure_ascii=False)],
            )


def _cache(store: Store) -> dict[str, list[Item]]:
    cache: dict[str, list[Item]] | None = store.cache.get("dictionaries")
    if cache is None:
        cache = {}
        for row in store.db.execute(
            "SELECT dict, label, sort, active, extra FROM dict_items ORDER BY dict, sort, id"
        ):
            cache.setdefault(row[0], []).append(
                Item(row[0], row[1], int(row[2]), bool(row[3]), json.loads(row[4] or "{}"))
            )
        store.cache["dictionaries"] = cache
    return cache


def invalidate(store: Store) -> None:
    store.cache.pop("dictionaries", None)


def names(store: Store) -> list[tuple[str, str]]:
    """(name, Chinese label) of every dictionary."""
    return [(r["dict"], r["label"]) for r in store.query("SELECT * FROM dict_names ORDER BY dict")]


def items(store: Store, name: str, *, active_only: bool = False) -> list[Item]:
    found = _cache(store).get(name, [])
    return [i for i in found if i.active] if active_only else list(found)


def labels(store: Store, name: str, *, active_only: bool = True) -> list[str]:
    return [i.label for i in items(store, name, active_only=active_only)]


def get(store: Store, name: str, label: str) -> Item | None:
    for item in items(store, name):
        if item.label == label:
            return item
    return None


def contains(store: Store, name: str, label: str) -> bool:
    return get(store, name, label) is not None


def resolve(store: Store, name: str, text: str) -> str | None:
    """The dictionary label a clerk's free text means: exact, then alias, then unspaced."""
    text = text.strip()
    if not text:
        return None
    compact = "".join(text.split())
    for item in items(store, name):
        if text == item.label or compact == "".join(item.label.split()):
            return item.label
    for item in items(store, name):
        if text in item.aliases or compact in item.aliases:
            return item.label
    return None


def _columns_using(name: str) -> list[tuple[str, str, bool]]:
    """(table, column, is_list) of every field fed by dictionary `name`."""
    return [
        (k.table, f.name, f.type == "dict_list")
        for k in KINDS.values()
        for f in k.fields
        if f.dictionary == name
    ]


def add_item(store: Store, name: str, label: str, extra: dict[str, Any] | None = None) -> None:
    label = label.strip()
    if not label:
        raise ValidationError("label", "名称", "不能为空")
    if contains(store, name, label):
        raise ValidationError("label", "名称", f"“{label}”已存在")
    with store.transaction():
        sort = store.scalar(
            "SELECT COALESCE(MAX(sort), -1) + 1 FROM dict_items WHERE dict = ?", [name]
        )
        store.db.execute(
            "INSERT INTO dict_items(dict, label, sort, extra, active) VALUES (?, ?, ?, ?, 1)",
            [name, label, sort, json.dumps(extra or {}, ensure_ascii=False)],
        )
        audit.write(store, "insert", "dict_items", None, None, {"dict": name, "label": label})
    invalidate(store)


def rename_item(store: Store, name: str, old: str, new: str) -> int:
    """Rename an item and every record that uses it, in one transaction. Returns rows changed."""
    new = new.strip()
    if not new:
        raise ValidationError("label", "名称", "不能为空")
    if not contains(store, name, old):
        raise UserError(f"字典中没有“{old}”")
    if old != new and contains(store, name, new):
        raise ValidationError("label", "名称", f"“{new}”已存在")
    changed = 0
    with store.transaction():
        store.db.execute(
            "UPDATE dict_items SET label = ? WHERE dict = ? AND label = ?", [new, name, old]
        )
        for table, column, is_list in _columns_using(name):
            if is_list:
                for rid, raw in store.db.execute(
                    f"SELECT id, {column} FROM {table} WHERE {column} LIKE ?", [f"%{old}%"]
                ).fetchall():
                    values = [new if v == old else v for v in json.loads(raw)]
                    store.db.execute(
                        f"UPDATE {table} SET {column} = ? WHERE id = ?",
                        [json.dumps(values, ensure_ascii=False), rid],
                    )
                    changed += 1
            else:
                changed += store.db.execute(
                    f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [new, old]
                ).rowcount
        audit.write(
            store,
            "update",
            "dict_items",
            None,
            {"dict": name, "label": old},
            {"dict": name, "label": new},
        )
    invalidate(store)
    return changed


def set_active(store: Store, name: str, label: str, active: bool) -> None:
    """Retire or bring back an item; retired items stay valid on old records."""
    with store.transaction():
        store.db.execute(
            "UPDATE dict_items SET active = ? WHERE dict = ? AND label = ?",
            [int(active), name, label],
        )
        audit.write(
            store,
            "update",
            "dict_items",
            None,
            None,
            {"dict": name, "label": label, "active": active},
        )
    invalidate(store)
