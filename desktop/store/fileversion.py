"""The schema version of a store file, read without writing anything.

Below db.py and backup.py: opening a store and checking a backup's copy both ask it.
"""

from __future__ import annotations

from pathlib import Path

from desktop.store import encryption, schema
from desktop.store.errors import NewerSchemaError, explain_sqlite_error


def _non_empty(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def _read_user_version(path: Path, *, immutable: bool, key: bytes | None = None) -> int:
    """PRAGMA user_version, read-only.

    immutable leaves no trace at all (no lock, no -wal/-shm created) but reads the bare
    file, so it is only right when no WAL holds newer pages: while another process has
    the store open (a non-empty -wal), read through its WAL with the usual locks.
    """
    flags = "mode=ro&immutable=1" if immutable else "mode=ro"
    conn = encryption.connect(f"{path.resolve().as_uri()}?{flags}", key, uri=True)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def check_version(path: Path, key: bytes | None = None) -> int:
    """Read the schema version without writing anything; refuse a file from a newer app."""
    wal = path.with_name(path.name + "-wal")
    try:
        try:
            version = _read_user_version(path, immutable=not _non_empty(wal), key=key)
        except encryption.DatabaseError:
            # another process started writing (and checkpointing) while we read the
            # bare file: read again through the WAL with the usual locks
            if not _non_empty(wal):
                raise
            version = _read_user_version(path, immutable=False, key=key)
    except encryption.Error as exc:
        raise explain_sqlite_error(exc, path) from exc
    if version > schema.LATEST:
        raise NewerSchemaError(
            f"该数据文件由更新版本的清风台账创建（数据版本 {version}，"
            f"本程序支持到 {schema.LATEST}）。为保护数据，本程序不会打开或修改它，请升级程序。"
        )
    return version
