"""Audit log: one entry per mutation, written in the mutation's own transaction.

Each entry carries the hash of the one before it, so an edit or removal of any
entry breaks the chain from that point on (see `verify_chain`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.store import masking
from desktop.store.schema import audit_entry_hash

if TYPE_CHECKING:
    from desktop.store.db import Store

ACTION_LABELS = {
    "insert": "新增",
    "update": "修改",
    "delete": "删除（移入回收站）",
    "restore": "从回收站恢复",
    "issue": "制发文书",
    "reveal": "查看举报人信息",
    "view": "查看附件",
    "import": "导入",
}


def dumps(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def write(
    store: Store,
    action: str,
    table: str,
    record_id: int | None,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> int:
    """Append an entry; must run inside `store.transaction()`.

    A plain store keeps reporter identity masked in its log (anyone who can read the
    file can read the log); an encrypted one keeps it whole, like the record itself."""
    if not store.db.conn.in_transaction:
        raise RuntimeError("audit.write outside a transaction")
    if store.key is None:
        before, after = _masked(table, before), _masked(table, after)
    last = store.db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    entry: dict[str, Any] = {
        "id": (last[0] + 1) if last else 1,
        "at": store.now(),
        "operator": store.operator or "系统",
        "action": action,
        "table_name": table,
        "record_id": record_id,
        "before": dumps(before),
        "after": dumps(after),
    }
    prev_hash = (last[1] or "") if last else ""
    entry["prev_hash"] = prev_hash
    entry["hash"] = audit_entry_hash(prev_hash, entry)
    store.db.execute(
        "INSERT INTO audit_log (id, at, operator, action, table_name, record_id, before, after,"
        " prev_hash, hash) VALUES (:id, :at, :operator, :action, :table_name, :record_id,"
        " :before, :after, :prev_hash, :hash)",
        entry,
    )
    return int(entry["id"])


def _masked(table: str, value: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """An entry's before/after with reporter identity masked: a record snapshot
    ({"table", "row", "children"}) or a plain mapping of fields."""
    if value is None:
        return None
    row = value.get("row")
    if not isinstance(row, Mapping):
        return masking.masked_row(table, value)
    children = value.get("children") or {}
    return {
        **value,
        "row": masking.masked_row(str(value.get("table") or table), row),
        "children": {
            child: [masking.masked_row(child, r) for r in rows] for child, rows in children.items()
        },
    }


@dataclass(frozen=True)
class ChainReport:
    entries: int
    first_broken: int | None  # id of the first entry whose hash does not match

    @property
    def ok(self) -> bool:
        return self.first_broken is None


def verify_chain(store: Store) -> ChainReport:
    prev = ""
    count = 0
    cursor = store.db.execute(
        "SELECT id, at, operator, action, table_name, record_id, before, after, prev_hash, hash"
        " FROM audit_log ORDER BY id"
    )
    columns = [c[0] for c in cursor.description]
    for values in cursor:
        entry = dict(zip(columns, values, strict=True))
        count += 1
        if entry["prev_hash"] != prev or entry["hash"] != audit_entry_hash(prev, entry):
            return ChainReport(count, int(entry["id"]))
        prev = entry["hash"]
    return ChainReport(count, None)


def history(store: Store, table: str, record_id: int) -> list[dict[str, Any]]:
    """Entries for one record, oldest first, with before/after decoded."""
    rows = store.query(
        "SELECT * FROM audit_log WHERE table_name = ? AND record_id = ? ORDER BY id",
        [table, record_id],
    )
    for row in rows:
        for key in ("before", "after"):
            row[key] = json.loads(row[key]) if row[key] else None
    return rows
