"""The store: one SQLite file in the data dir, opened through `database.Database`
(sqlite-utils' transaction rules without its imports).

Open it once (in main, in a CLI command, or in a background worker with its own
connection) and hand it down. Every write goes through `Store.transaction()`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from desktop.store import encryption, schema, seed
from desktop.store import lock as locks
from desktop.store.damage import damage_reason, traces
from desktop.store.database import Database
from desktop.store.errors import (
    DamagedStoreError,
    NewerSchemaError,
    StoreError,
    explain_sqlite_error,
)
from desktop.store.fileversion import check_version
from desktop.store.names import ANCHOR_FILENAME, DB_FILENAME

# Names other modules and tests have long imported from here; they live below the store.
__all__ = [
    "ANCHOR_FILENAME",
    "DB_FILENAME",
    "NewerSchemaError",
    "Store",
    "check_version",
    "damage_reason",
    "explain_sqlite_error",
    "traces",
]
BUSY_TIMEOUT_MS = 5000

Clock = Callable[[], dt.datetime]


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def refuse_damaged(data_dir: Path) -> None:
    """Raise DamagedStoreError (naming the newest good backup) when `damage_reason` says so."""
    reason = damage_reason(data_dir)
    if reason is None:
        return
    from desktop.store import backup  # damage found: not loaded by a start without it

    raise DamagedStoreError(
        reason
        + "为免覆盖原有数据，程序不会在这里新建空的数据文件。"
        + backup.recovery_hint(data_dir)
    )


class Store:
    """A connection to the store file plus the operator name and clock used for audit."""

    def __init__(
        self,
        db: Database,
        path: Path,
        operator: str,
        clock: Clock,
        key: bytes | None = None,
        *,
        lock: locks.Lock | None = None,
    ) -> None:
        self.db = db
        self.path = path
        self.operator = operator
        self.clock = clock
        # The 32-byte master key of an encrypted store (encryption.py), else None. The
        # audit chain is then keyed (HMAC) with a key derived from it (audit.chain_key).
        self.key = key
        self.cache: dict[str, Any] = {}  # per-connection lookups (dictionaries), cleared on edit
        self.audited = False  # an audit entry was written in the open transaction
        self._lock = lock  # the store lock held shared by this connection (released on close)
        self._identity = _identity(path)

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(
        cls,
        data_dir: Path | str,
        *,
        operator: str | None = None,
        clock: Clock | None = None,
        create: bool = True,
        lock: locks.Lock | None = None,
        key: bytes | None = None,
    ) -> Store:
        """Open (creating and migrating if needed) the store in `data_dir`.

        An encrypted store needs its master key (`encryption.unlock`); a plain one none.
        Holds the data dir's store lock shared until `close()`, so a restore cannot
        swap the file under this connection; `lock`: one already held (by restore,
        exclusive), used instead and left to its owner. A missing store is created only
        where nothing shows that a store lived before (see `damage_reason`).
        """
        data_dir = Path(data_dir)
        path = data_dir / DB_FILENAME
        refuse_damaged(data_dir)
        if not path.exists() and not create:
            raise StoreError(f"数据目录中没有清风台账的数据文件：{path}")
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise explain_sqlite_error(exc, data_dir) from exc
        held = lock if lock is not None else locks.acquire_store(data_dir)
        try:
            return cls._open_locked(
                data_dir, path, operator, clock, held if lock is None else None, key
            )
        except BaseException:
            if lock is None:
                held.release()
            raise

    @classmethod
    def _open_locked(
        cls,
        data_dir: Path,
        path: Path,
        operator: str | None,
        clock: Clock | None,
        own_lock: locks.Lock | None,
        key: bytes | None = None,
    ) -> Store:
        refuse_damaged(data_dir)  # again, under the lock: a restore may have just finished
        if encryption.is_encrypted_file(path):
            if key is None:
                raise encryption.PassphraseError(f"数据文件已加密，需要口令才能打开（{path}）")
        elif key is not None:
            raise StoreError(f"数据文件未加密，不能用口令打开（{path}）")
        if not path.exists():
            cls._create(path, operator, clock, key)
        check_version(path, key)
        db = cls._connect(path, key)
        try:
            migrate(db, path, key)
            store = cls(db, path, operator or "", clock or _now, key, lock=own_lock)
            seed.ensure_seeded(store)
            if operator is None:
                store.operator = store.setting("operator") or "系统管理员"
            return store
        except encryption.Error as exc:
            db.close()
            raise explain_sqlite_error(exc, path) from exc
        except BaseException:
            db.close()
            raise

    @classmethod
    def _create(
        cls, path: Path, operator: str | None, clock: Clock | None, key: bytes | None = None
    ) -> None:
        """Build a new store under a temporary name and give it the store's name only
        when complete: a process killed while creating leaves no empty or half-made
        store (which the next start would rightly take for damage), and of two
        processes creating at once, the first one's store stays."""
        tmp = path.with_name(f".{path.stem}-new-{os.getpid()}{path.suffix}")
        for stale in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
            stale.unlink(missing_ok=True)
        try:
            db = cls._connect(tmp, key)
            try:
                migrate(db, tmp, key)
                seed.ensure_seeded(cls(db, tmp, operator or "", clock or _now, key))
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                db.close()
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            _place_new(tmp, path)
            if os.name == "posix":
                fd = os.open(path.parent, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
        except encryption.ErrorOrOS as exc:
            for part in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
                with contextlib.suppress(OSError):
                    part.unlink()
            raise explain_sqlite_error(exc, path) from exc

    @staticmethod
    def _connect(path: Path, key: bytes | None = None) -> Database:
        try:
            conn = encryption.connect(str(path), key, timeout=BUSY_TIMEOUT_MS / 1000)
            db = Database(conn)
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA foreign_keys = ON")
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"无法启用数据库日志模式（WAL），当前为 {mode}")
            db.execute("PRAGMA synchronous = FULL")
            return db
        except encryption.Error as exc:
            raise explain_sqlite_error(exc, path) from exc

    def connect_again(self) -> Store:
        """A second connection to the same file, for a background worker's thread
        (with its own shared store lock, so a restore waits for the worker too)."""
        held = locks.acquire_store(self.path.parent)
        try:
            conn = self._connect(self.path, self.key)
            return Store(conn, self.path, self.operator, self.clock, self.key, lock=held)
        except BaseException:
            held.release()
            raise

    def close(self, *, optimize: bool = True) -> None:
        """`optimize=False` writes nothing on the way out (a store found damaged)."""
        if optimize:
            with contextlib.suppress(*encryption.Error):
                self.db.execute("PRAGMA optimize")
        self.db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _check_same_file(self) -> None:
        """Stop before writing when the file at our path is no longer the one we opened
        (replaced by a restore in a program that ignored the lock): the write would go
        to the set-aside copy and be lost."""
        if _identity(self.path) != self._identity:
            raise StoreError(
                f"数据文件已被替换或移走（例如另一个程序从备份恢复了数据）：{self.path}。"
                "本次操作没有保存。请关闭本程序（或命令）后重新打开，再核对后重做。"
            )

    # -- transactions ------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """All-or-nothing: commits at the end of the block, rolls back on any exception.

        The outermost level takes the write lock at once (BEGIN IMMEDIATE), so a
        transaction that reads then writes cannot fail half-way on a busy file;
        nested levels are savepoints (`Database.atomic`).
        """
        if self.db.conn.in_transaction:
            with self.db.atomic():
                yield self.db
            return
        self.audited = False
        try:
            with self.db.atomic(immediate=True):
                self._check_same_file()
                yield self.db
        except encryption.IntegrityError:  # a constraint: a bug, not the file
            raise
        except encryption.DatabaseError as exc:  # disk full, read-only, locked, I/O, malformed
            raise explain_sqlite_error(exc, self.path) from exc
        if self.audited:
            from desktop.store import audit  # loaded by the audit.write that set `audited`

            self.audited = False
            audit.update_anchor(self)

    # -- small reads used everywhere -------------------------------------------

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        try:
            return list(self.db.query(sql, params))
        except encryption.IntegrityError:
            raise
        except encryption.DatabaseError as exc:  # a damaged page, a lost -wal: said in Chinese
            raise explain_sqlite_error(exc, self.path) from exc

    def scalar(self, sql: str, params: Any = ()) -> Any:
        try:
            row = self.db.execute(sql, params).fetchone()
        except encryption.IntegrityError:
            raise
        except encryption.DatabaseError as exc:
            raise explain_sqlite_error(exc, self.path) from exc
        return None if row is None else row[0]

    @property
    def user_version(self) -> int:
        return int(self.scalar("PRAGMA user_version"))

    def now(self) -> str:
        return self.clock().isoformat(sep=" ", timespec="seconds")

    def today(self) -> dt.date:
        return self.clock().date()

    def setting(self, key: str) -> str | None:
        value = self.scalar("SELECT value FROM settings WHERE key = ?", [key])
        return None if value is None else str(value)

    def _follow_office_short(self, old: str, new: str) -> None:
        """代字 built from the old 机关简称 follow a new one; customised ones stay."""
        for row in self.query("SELECT key, value FROM settings WHERE key LIKE 'doc_code.%'"):
            code = str(row["value"] or "")
            if code.startswith(old):
                self.set_setting(row["key"], new + code[len(old) :])

    def set_setting(self, key: str, value: str, label: str | None = None) -> None:
        from desktop.store import audit  # a write's: opening the store loads no audit

        with self.transaction():
            before = self.query("SELECT key, value FROM settings WHERE key = ?", [key])
            if key == "office_short" and before and before[0]["value"]:
                self._follow_office_short(str(before[0]["value"]), value)
            self.db.execute(
                "INSERT INTO settings(key, value, label) VALUES (?, ?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value,"
                " label = COALESCE(excluded.label, settings.label)",
                [key, value, label],
            )
            audit.write(
                self,
                "update" if before else "insert",
                "settings",
                None,
                before[0] if before else None,
                {"key": key, "value": value},
            )


def _place_new(tmp: Path, path: Path) -> None:
    """Give a complete new store its name, never over an existing one: of two processes
    creating at once, the first one's store stays and the other uses it."""
    try:
        if os.name == "posix":
            try:
                os.link(tmp, path)  # fails if it exists
            except FileExistsError:
                raise
            except OSError:  # no hard links (a FAT-formatted USB stick): rename if absent
                if path.exists():
                    raise FileExistsError(path) from None
                os.rename(tmp, path)
        else:
            os.rename(tmp, path)  # Windows: fails if it exists, too
    except FileExistsError:
        pass
    tmp.unlink(missing_ok=True)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def migrate(db: Database, path: Path, key: bytes | None = None) -> None:
    """Bring the file to the latest schema, one step per transaction, after a copy."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > schema.LATEST:
        raise NewerSchemaError(f"数据版本 {version} 高于本程序支持的 {schema.LATEST}")
    if version == schema.LATEST:
        return
    if version > 0:
        backup_before_migration(db, path, version, key)
    for number in range(version + 1, schema.LATEST + 1):
        step = schema.STEPS[number - 1]
        with db.atomic(immediate=True):
            step(db)
            db.conn.execute(f"PRAGMA user_version = {number}")


def backup_before_migration(
    db: Database, path: Path, version: int, key: bytes | None = None
) -> Path:
    """A consistent copy of the file as it was, beside it, before any step runs."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.v{version}-{stamp}.bak")
    try:
        salt = encryption.salt_of(path) if key is not None else b""
        dest = encryption.connect(str(target), key, salt=salt)
        try:
            db.conn.backup(dest)
        finally:
            dest.close()
    except encryption.ErrorOrOS as exc:
        with contextlib.suppress(OSError):
            target.unlink()
        raise explain_sqlite_error(exc, target) from exc
    return target
