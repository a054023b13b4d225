"""Attachments: a copy of the file in the data dir, named by its SHA-256."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.store import audit, encryption, records
from desktop.store.errors import UserError, explain_sqlite_error

if TYPE_CHECKING:
    from desktop.store.db import Store

ATTACHMENTS_DIR = "attachments"
CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def add(
    store: Store, source: Path | str, linked_table: str, linked_id: int, notes: str | None = None
) -> int:
    """Copy `source` into the data dir and register it against a record; returns its id."""
    source = Path(source)
    if not source.is_file():
        raise UserError(f"附件文件不存在：{source}")
    records.get(store, linked_table, linked_id)
    digest = sha256_of(source)
    relative = Path(ATTACHMENTS_DIR) / digest[:2] / (digest + source.suffix.lower())
    target = store.path.parent / relative
    created = False
    if not target.exists():
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            # encrypted like the store when it is (encryption.py); hashed as the clerk's file
            encryption.write_file(store.key, target, source.read_bytes())
            created = True
        except OSError as exc:
            raise explain_sqlite_error(exc, target) from exc
    try:
        return records.insert(
            store,
            "attachments",
            {
                "filename": source.name,
                "stored_path": relative.as_posix(),
                "sha256": digest,
                "size": source.stat().st_size,
                "added_by": store.operator,
                "linked_table": linked_table,
                "linked_id": linked_id,
                "notes": notes,
            },
        )
    except BaseException:
        if created:
            with contextlib.suppress(OSError):
                target.unlink()
        raise


def path_of(store: Store, attachment_id: int) -> Path:
    """Where the stored copy lives (encrypted when the store is: read it with `content`)."""
    row = records.get(store, "attachments", attachment_id)
    return store.path.parent / str(row["stored_path"])


def content(store: Store, attachment_id: int) -> bytes:
    """The attachment's bytes as the clerk added them (decrypted transparently)."""
    return encryption.read_file(store.key, path_of(store, attachment_id))


# A clue's files (the letter, the call note) may show who reported it: like the reporter's
# name, looking at one leaves a trace of who, when and which.
AUDITED_VIEWS = ("clues",)


def record_view(store: Store, attachment_id: int, how: str) -> None:
    """Audit a look at an attachment of a clue (`how`: 打开 / 另存为); none for others."""
    row = records.get(store, "attachments", attachment_id)
    if row["linked_table"] not in AUDITED_VIEWS:
        return

    with store.transaction():
        audit.write(
            store,
            "view",
            str(row["linked_table"]),
            int(row["linked_id"]),
            None,
            {"attachment": attachment_id, "filename": row["filename"], "how": how},
        )
