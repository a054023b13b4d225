"""Audit log: one entry per mutation, written in the mutation's own transaction.

Each entry carries the hash of the one before it, so an edit or removal of any
entry breaks the chain from that point on (see `verify_chain`). When the store has a
key (an encrypted store) the hash is an HMAC-SHA256 with a key derived from it, so
an entry edited and the chain recomputed without the key fails verification; an
unencrypted store uses plain SHA-256, which anyone can recompute.

The chain's head (last entry's id and hash) is also kept outside the store: in the
anchor file beside it (`update_anchor`, after every audited commit) and in every
backup's manifest, so a cut-off tail, or a recomputed chain, is named by `check`.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.store import masking
from desktop.store.names import ANCHOR_FILENAME, PASSWORD_KEY
from desktop.store.schema import audit_entry_hash, audit_entry_payload, rehash_audit_log

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
    "restore_backup": "从备份恢复",
    "encryption": "加密或解除加密",
}
ANCHOR_FORMAT = "qingfeng-anchor"
CHAIN_KEY_LABEL = b"qingfeng audit chain"
ANCHOR_SIZE = 512  # bytes, padded: every write overwrites the whole file in place


def chain_key(store: Store) -> bytes | None:
    """The chain's HMAC key, derived from the store's key; None for an unencrypted store."""
    if store.key is None:
        return None
    return hmac.new(store.key, CHAIN_KEY_LABEL, hashlib.sha256).digest()


def entry_hash(key: bytes | None, prev_hash: str, entry: dict[str, Any]) -> str:
    if key is None:
        return audit_entry_hash(prev_hash, entry)
    return hmac.new(key, audit_entry_payload(prev_hash, entry), hashlib.sha256).hexdigest()


# json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")), made once
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def dumps(value: Any) -> str | None:
    if value is None:
        return None
    return _ENCODER.encode(value)


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
    batch = store.cache.get(_BATCH)
    if isinstance(batch, Batch) and batch.trial:
        return batch.first_id  # a trial run: rolled back, its entries never kept
    if store.key is None:
        before, after = _masked(table, before), _masked(table, after)
    entry: dict[str, Any] = {
        "at": store.now(),
        "operator": store.operator or "系统",
        "action": action,
        "table_name": table,
        "record_id": record_id,
        "before": dumps(before),
        "after": dumps(after),
    }
    if isinstance(batch, Batch):
        batch.entries.append(entry)
        return batch.first_id + len(batch.entries) - 1
    _append(store, _last(store), [entry])
    return int(entry["id"])


def _last(store: Store) -> tuple[int, str]:
    """The chain's last entry: (id, hash); (0, "") before the first."""
    last = store.db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return (int(last[0]), last[1] or "") if last else (0, "")


def _append(store: Store, last: tuple[int, str], entries: list[dict[str, Any]]) -> None:
    """Chain the entries on after `last` (id, prev_hash, hash) and insert them."""
    if not entries:
        return
    key = chain_key(store)
    last_id, prev_hash = last
    for n, entry in enumerate(entries, start=last_id + 1):
        entry["id"], entry["prev_hash"] = n, prev_hash
        entry["hash"] = prev_hash = entry_hash(key, prev_hash, entry)
    store.db.conn.executemany(
        "INSERT INTO audit_log (id, at, operator, action, table_name, record_id, before, after,"
        " prev_hash, hash) VALUES (:id, :at, :operator, :action, :table_name, :record_id,"
        " :before, :after, :prev_hash, :hash)",
        entries,
    )
    store.audited = True  # the anchor follows after the commit (Store.transaction)


_BATCH = "audit.batch"  # the open Batch, in store.cache
FLUSH_EVERY = 2000  # entries a batch keeps before inserting them (Batch.flush)


@dataclass
class Batch:
    """Entries written while a batch is open, chained and inserted together when it
    closes. A caller that rolls a savepoint back inside it drops the entries written
    since (`mark`, `drop_since`): their records went with the savepoint."""

    first_id: int
    entries: list[dict[str, Any]]
    trial: bool = False  # the transaction is always rolled back: no entries are made
    prev_hash: str = ""  # the hash the first of `entries` chains on
    # ids per table written or found inside the batch (records need not look them up
    # again); forgotten when a savepoint rolls back, since its rows went with it
    known: dict[str, set[int]] = field(default_factory=dict)
    recording: Any = None  # a trial's records.Recording: what its write may replay
    buffer: Any = None  # a trial's records.Buffer: its rows inserted together

    def mark(self) -> int:
        return len(self.entries)

    def drop_since(self, mark: int) -> None:
        del self.entries[mark:]
        self.known.clear()

    def flush(self, store: Store, *, every: int | None = None) -> None:
        """Insert the entries kept so far once there are `every` of them (between records,
        never inside one a savepoint may still roll back): a large import does not hold
        every entry until its end. The chain is the same either way."""
        if self.trial or len(self.entries) < (FLUSH_EVERY if every is None else every):
            return
        _append(store, (self.first_id - 1, self.prev_hash), self.entries)
        last = self.entries[-1]
        self.first_id, self.prev_hash = int(last["id"]) + 1, str(last["hash"])
        self.entries = []


def open_batch(store: Store) -> Batch | None:
    """The batch open on the store, if any (an import is writing)."""
    batch = store.cache.get(_BATCH)
    return batch if isinstance(batch, Batch) else None


@contextlib.contextmanager
def batched(store: Store, *, trial: bool = False) -> Iterator[Batch]:
    """Inside one transaction: audit entries are kept and inserted in one statement at
    the end (one entry per mutation still, the chain as entry-by-entry writes make it).
    Nothing is inserted when the block raises (the transaction rolls back anyway).
    `trial`: the caller always rolls the transaction back (an import's check), so no
    entry is even made; the block must raise."""
    if not store.db.conn.in_transaction:
        raise RuntimeError("audit.batched outside a transaction")
    if _BATCH in store.cache:
        raise RuntimeError("audit.batched inside another batch")
    last = _last(store)
    batch = Batch(last[0] + 1, [], trial, last[1])
    store.cache[_BATCH] = batch
    try:
        yield batch
    finally:
        del store.cache[_BATCH]
    if trial:
        raise RuntimeError("a trial batch must end by rolling its transaction back")
    batch.flush(store, every=1)


def _masked(table: str, value: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """An entry's before/after with reporter identity masked: a record snapshot
    ({"table", "row", "children"}) or a plain mapping of fields."""
    if value is None:
        return None
    row = value.get("row")
    if not isinstance(row, Mapping):
        return masking.masked_row(table, value) if masking.has_sensitive(table) else value
    if not masking.has_sensitive(str(value.get("table") or table)):
        return value  # nothing to mask: the entry's text is the same (an import's 125k)
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


_COLUMNS = "id, at, operator, action, table_name, record_id, before, after, prev_hash, hash"


def verify_chain(store: Store) -> ChainReport:
    prev = ""
    count = 0
    key = chain_key(store)
    cursor = store.db.execute(f"SELECT {_COLUMNS} FROM audit_log ORDER BY id")
    columns = [c[0] for c in cursor.description]
    for values in cursor:
        entry = dict(zip(columns, values, strict=True))
        count += 1
        if entry["prev_hash"] != prev or entry["hash"] != entry_hash(key, prev, entry):
            return ChainReport(count, int(entry["id"]))
        prev = entry["hash"]
    return ChainReport(count, None)


def rechain(store: Store) -> None:
    """Recompute the whole chain with the store's current key, in one transaction
    (after the store is encrypted or decrypted: the key changed, the entries did not)."""
    key = chain_key(store)
    with store.transaction():
        rehash_audit_log(store.db, lambda prev, entry: entry_hash(key, prev, entry))
    _write_anchor(store, force=True)


# -- the head kept outside the store ------------------------------------------------


def head(store: Store) -> dict[str, Any]:
    """The chain's head: entries (ids run 1..n), last hash, keyed, password set."""
    return head_of(store.db.conn, keyed=store.key is not None)


def head_of(conn: sqlite3.Connection, *, keyed: bool) -> dict[str, Any]:
    """`head` read through any connection (a backup's snapshot, say)."""
    last = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    password = conn.execute(
        "SELECT 1 FROM settings WHERE key = ? AND value != ''", [PASSWORD_KEY]
    ).fetchone()
    return {
        "entries": int(last[0]) if last else 0,
        "hash": (last[1] or "") if last else "",
        "keyed": keyed,
        "password": password is not None,
    }


def anchor_path(data_dir: Path) -> Path:
    return Path(data_dir) / ANCHOR_FILENAME


def _anchor_mac(key: bytes, fields: Mapping[str, Any]) -> str:
    body = json.dumps(dict(fields), sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key, b"anchor" + body, hashlib.sha256).hexdigest()


def read_anchor(data_dir: Path) -> dict[str, Any] | None:
    """The anchor file's content; None when there is none; ValueError when unreadable."""
    path = anchor_path(data_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ValueError(str(exc)) from exc
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("format") != ANCHOR_FORMAT:
        raise ValueError("格式不符")
    if data.pop("sum", None) != _anchor_sum(data):
        raise ValueError("内容不完整或被改动")
    return data


def _anchor_sum(data: Mapping[str, Any]) -> str:
    body = json.dumps(dict(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def update_anchor(store: Store) -> None:
    """After an audited commit: the anchor file takes the new head (never a lower one:
    another process may already have written a newer head)."""
    _write_anchor(store, force=False)


def _write_anchor(store: Store, *, force: bool) -> None:
    data_dir = store.path.parent
    current = head(store)
    if not force:
        with contextlib.suppress(ValueError, OSError):
            old = read_anchor(data_dir)
            if old is not None and int(old.get("entries", 0)) > current["entries"]:
                return
    data: dict[str, Any] = {"format": ANCHOR_FORMAT, **current, "at": store.now()}
    key = chain_key(store)
    if key is not None:
        data["mac"] = _anchor_mac(key, current)
    data["sum"] = _anchor_sum(data)
    body = json.dumps(data, ensure_ascii=False).encode("utf-8").ljust(ANCHOR_SIZE)
    # Overwritten in place, one small write of a fixed size: a rename per commit costed
    # more than the commit (benchmarks/integrity.py); a torn write (power loss) fails
    # its sum and is named by check. A failed write loses nothing (the anchor is only
    # ever behind), so it never fails the clerk's saved work.
    path = anchor_path(data_dir)
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        try:
            os.write(fd, body)
        finally:
            os.close(fd)


def anchor_mac_ok(store: Store, anchor: Mapping[str, Any]) -> bool | None:
    """None when there is no key to check with; else whether the anchor's MAC holds."""
    key = chain_key(store)
    if key is None:
        return None
    fields = {k: anchor.get(k) for k in ("entries", "hash", "keyed", "password")}
    return hmac.compare_digest(str(anchor.get("mac", "")), _anchor_mac(key, fields))


def entry_hash_at(store: Store, entry_id: int) -> str | None:
    value = store.scalar("SELECT hash FROM audit_log WHERE id = ?", [entry_id])
    return None if value is None else str(value)


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
