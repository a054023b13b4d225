"""What a new store starts with: dictionaries, default settings, the holiday table."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from desktop import resources
from desktop.store import holidays

if TYPE_CHECKING:
    from desktop.store.db import Store


def default_settings() -> dict[str, dict[str, str]]:
    path = resources.resource("settings.json")
    data: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def ensure_seeded(store: Store) -> None:
    """Fill a store that has no dictionaries yet; idempotent, one transaction."""
    if store.scalar("SELECT COUNT(*) FROM dict_names"):
        holidays.add_new_shipped_years(store)
        _add_new_shipped_settings(store)
        return
    from desktop.store import dictionaries  # a new store's: opening one loads none

    with store.transaction():
        dictionaries.load_shipped(store)
        holidays.load_shipped(store)
        for key, spec in default_settings().items():
            store.db.execute(
                "INSERT OR IGNORE INTO settings(key, value, label) VALUES (?, ?, ?)",
                [key, spec["value"], spec["label"]],
            )
        short = default_settings()["office_short"]["value"]
        for item in dictionaries.items(store, "notice_kind"):
            store.db.execute(
                "INSERT OR IGNORE INTO settings(key, value, label) VALUES (?, ?, ?)",
                [
                    f"doc_code.{item.label}",
                    short + str(item.extra.get("code", "")),
                    f"{item.label}代字",
                ],
            )
    dictionaries.invalidate(store)


def _add_new_shipped_settings(store: Store) -> None:
    """Settings a newer version ships (a new time limit) reach stores made before it."""
    have = {r["key"] for r in store.query("SELECT key FROM settings")}
    missing = {k: v for k, v in default_settings().items() if k not in have}
    if not missing:
        return
    with store.transaction():
        for key, spec in missing.items():
            store.db.execute(
                "INSERT OR IGNORE INTO settings(key, value, label) VALUES (?, ?, ?)",
                [key, spec["value"], spec["label"]],
            )
