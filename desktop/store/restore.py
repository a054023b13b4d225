"""Restoring a backup: switch it in for the store, then record that in its own audit log.

Above db.py (it opens the restored store to write the entry); backup.py, below db.py,
verifies and swaps the files.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from desktop.store import audit, backup, lock
from desktop.store.db import Store
from desktop.store.errors import StoreError, explain_sqlite_error

log = logging.getLogger(__name__)


def restore(
    path: Path,
    data_dir: Path,
    passphrase: str | None = None,
    *,
    now: dt.datetime | None = None,
) -> backup.RestoreResult:
    """Verify `path`, move the current store aside (never deleted), switch the backup in,
    and record the restore in the restored store's audit log.

    The caller must have closed its Store. The store lock is taken exclusive here, so
    the restore is refused while any window, command or worker has the store open
    (their writes would otherwise go to the set-aside copy).
    """
    data_dir = Path(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise explain_sqlite_error(exc, data_dir) from exc
    with lock.acquire_store(data_dir, exclusive=True) as held:
        result = backup.swap_in(Path(path), data_dir, passphrase, now)
        _audit_restore(data_dir, Path(path), result, held)
    return result


def _audit_restore(data_dir: Path, path: Path, result: backup.RestoreResult, held: Any) -> None:
    """The restore, in the restored store's own log (after the swap: the log it keeps)."""
    try:
        store = Store.open(data_dir, lock=held, create=False, key=result.key)
    except StoreError as exc:  # the data is back; the clerk will meet this on opening it
        log.warning("restored store could not be opened to record the restore: %s", exc)
        return
    try:
        with store.transaction():
            audit.write(
                store,
                "restore_backup",
                "backups",
                None,
                None,
                {
                    "backup": path.name,
                    "backup_time": result.manifest.get("created_at"),
                    "replaced": result.replaced.name if result.replaced else None,
                },
            )
    finally:
        store.close()
