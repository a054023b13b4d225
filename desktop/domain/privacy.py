"""Reporter identity (举报人姓名、联系方式): one masking rule for lists, forms, exports,
printouts and the audit page, so nothing shows it by accident.

Revealing it is an explicit act the audit trail records (`reveal_reporter`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.store import audit
from desktop.store.errors import UserError
from desktop.store.masking import (
    is_masked,
    is_sensitive,
    mask,
    mask_contact,
    mask_name,
    masked_row,
)

if TYPE_CHECKING:
    from desktop.store.db import Store

REPORTER_FIELDS = ("reporter_name", "reporter_contact")

__all__ = [
    "REPORTER_FIELDS",
    "is_masked",
    "is_sensitive",
    "mask",
    "mask_contact",
    "mask_name",
    "masked_row",
    "reveal_reporter",
]


def reveal_reporter(store: Store, clue_id: int) -> dict[str, str]:
    """The reporter's name and contact of a clue, with an audit entry saying who looked
    and when (one transaction: no reveal without its trace)."""
    with store.transaction():
        rows = store.query(
            "SELECT reporter_name, reporter_contact FROM clues WHERE id = ?", [clue_id]
        )
        if not rows:
            raise UserError(f"问题线索（编号 {clue_id}）不存在或已删除")
        shown = [f for f in REPORTER_FIELDS if rows[0][f]]
        audit.write(store, "reveal", "clues", clue_id, None, {"revealed": shown})
    return {f: str(rows[0][f] or "") for f in REPORTER_FIELDS}
