"""What the settings page and the first-start dialog read (writes go through Store)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.store.db import Store


def setting_labels(store: Store) -> dict[str, str]:
    """key -> the label the clerk sees (the key itself where none is stored), by key."""
    rows = store.query("SELECT key, label FROM settings ORDER BY key")
    return {str(r["key"]): str(r["label"] or r["key"]) for r in rows}


def is_set_up(store: Store) -> bool:
    """A ledger holding neither units nor persons has not been set up yet."""
    return bool(store.scalar("SELECT EXISTS(SELECT 1 FROM units) OR EXISTS(SELECT 1 FROM persons)"))


def unit_ids_by_name(store: Store) -> dict[str, int]:
    """Every unit's id under its name (what the first-start lists refer to by name)."""
    return {str(r["name"]): int(r["id"]) for r in store.query("SELECT id, name FROM units")}
