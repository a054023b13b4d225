"""Reporter identity (举报人姓名、联系方式): one masking rule for lists, forms, exports,
printouts and the audit page, so nothing shows it by accident.

Revealing it is an explicit act the audit trail records (`reveal_reporter`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.store.db import Store

REPORTER_FIELDS = ("reporter_name", "reporter_contact")


def mask_name(name: str | None) -> str:
    """张三 → 张*, 欧阳明华 → 欧***."""
    if not name:
        return ""
    name = name.strip()
    return name[:1] + "*" * max(len(name) - 1, 1)


def mask_contact(contact: str | None) -> str:
    """13812345678 → 138****5678; short or other text keeps only its first character."""
    if not contact:
        return ""
    text = contact.strip()
    digits = re.sub(r"\D", "", text)
    if len(digits) >= 7:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    return text[:1] + "*" * max(len(text) - 1, 1)


def is_masked(text: str) -> bool:
    return "*" in text


def is_sensitive(table: str, field: str) -> bool:
    from desktop.store.kinds import KINDS

    k = KINDS.get(table)
    if k is None or field not in k.names:
        return False
    return bool(k.field(field).sensitive)


def mask(field: str, value: Any) -> str:
    """The masked text of a sensitive value (contacts keep their ends, names the surname)."""
    text = "" if value is None else str(value)
    return mask_contact(text) if "contact" in field else mask_name(text)


def masked_row(table: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of `row` with every sensitive field masked (audit before/after, exports)."""
    return {
        key: (mask(key, value) if value and is_sensitive(table, key) else value)
        for key, value in row.items()
    }


def reveal_reporter(store: Store, clue_id: int) -> dict[str, str]:
    """The reporter's name and contact of a clue, with an audit entry saying who looked
    and when (one transaction: no reveal without its trace)."""
    from desktop.store import audit

    with store.transaction():
        rows = store.query(
            "SELECT reporter_name, reporter_contact FROM clues WHERE id = ?", [clue_id]
        )
        if not rows:
            from desktop.store.errors import UserError

            raise UserError(f"问题线索（编号 {clue_id}）不存在或已删除")
        shown = [f for f in REPORTER_FIELDS if rows[0][f]]
        audit.write(store, "reveal", "clues", clue_id, None, {"revealed": shown})
    return {f: str(rows[0][f] or "") for f in REPORTER_FIELDS}
