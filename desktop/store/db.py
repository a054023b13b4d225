"""The store: one SQLite file in the data dir, opened through sqlite-utils.

Open it once (in main, in a CLI command, or in a background worker with its own
connection) and hand it down. Every write goes through `Store.transaction()`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop.store import encryption, schema
from desktop.store.errors import NewerSchemaError, StoreError

DB_FILENAME = "qingfeng.sqlite3"
BUSY_TIMEOUT_MS = 5000

Clock = Callable[[], dt.datetime]


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def explain_sqlite_error(exc: BaseException, path: Path | None = None) -> StoreError:
    """Turn an sqlite3/OS failure into a message the clerk can act on."""
    text = str(exc).lower()
    where = f"（{path}）" if path else ""
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "disk is full" in text:
        return StoreError(
            f"磁盘空间已满，无法保存{where}。请清理磁盘后重试，已保存的数据不受影响。"
        )
    if isinstance(exc, PermissionError) or "readonly" in text or "read-only" in text:
        return StoreError(f"数据目录为只读，无法写入{where}。请检查文件夹权限或更换数据目录。")
    if "locked" in text or "busy" in text:
        return StoreError(f"数据库正被其他程序占用{where}，请关闭其他程序后重试。")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError(f"数据库文件已损坏或不是清风台账的数据文件{where}。请从备份恢复。")
    if "unable to open" in text:
        return StoreError(f"无法打开数据库文件{where}，请检查路径和权限。")
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        return StoreError(f"数据目录不是文件夹{where}：同名的文件已存在，请换一个数据目录。")
    return StoreError(f"数据库操作失败{where}：{exc}")


class Store:
    """A connection to the store file plus the operator name and clock used for audit."""

    def __init__(
        self, db: Database, path: Path, operator: str, clock: Clock, key: bytes | None = None
    ) -> None:
        self.db = db
        self.path = path
        self.operator = operator
        self.clock = clock
        self.key = key  # the 32-byte master key of an encrypted store (encryption.py), else None
        self.cache: dict[str, Any] = {}  # per-connection lookups (dictionaries), cleared on edit

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(
        cls,
        data_dir: Path | str,
        *,
        operator: str | None = None,
        clock: Clock | None = None,
        create: bool = True,
        key: bytes | None = None,
    ) -> Store:
        """Open (creating and migrating if needed) the store in `data_dir`.

        An encrypted store needs its master key (`encryption.unlock`); a plain one none.
        """
        data_dir = Path(data_dir)
        path = data_dir / DB_FILENAME
        if not path.exists() and not create:
            raise StoreError(f"数据目录中没有清风台账的数据文件：{path}")
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise explain_sqlite_error(exc, data_dir) from exc
        if encryption.is_encrypted_file(path):
            if key is None:
                raise encryption.PassphraseError(f"数据文件已加密，需要口令才能打开（{path}）")
        elif key is not None:
            raise StoreError(f"数据文件未加密，不能用口令打开（{path}）")
        if path.exists():
            check_version(path, key)
        db = cls._connect(path, key)
        try:
            migrate(db, path, key)
            store = cls(db, path, operator or "", clock or _now, key)
            from desktop.store import seed  # local: seed imports records, which imports db

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

    @staticmethod
    def _connect(path: Path, key: bytes | None = None) -> Database:
        try:
            conn = encryption.connect(str(path), key, timeout=BUSY_TIMEOUT_MS / 1000)
            db = Database(conn, execute_plugins=False)
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
        """A second connection to the same file, for a background worker's thread."""
        return Store(
            self._connect(self.path, self.key), self.path, self.operator, self.clock, self.key
        )

    def close(self) -> None:
        with contextlib.suppress(*encryption.Error):
            self.db.execute("PRAGMA optimize")
        self.db.close()

    # -- transactions ------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """All-or-nothing: commits at the end of the block, rolls back on any exception.

        The outermost level takes the write lock at once (BEGIN IMMEDIATE), so a
        transaction that reads then writes cannot fail half-way on a busy file;
        nested levels are savepoints through sqlite-utils' atomic().
        """
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield self.db
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except encryption.Error as exc:
            raise explain_sqlite_error(exc, self.path) from exc
        try:
            yield self.db
        except encryption.OperationalError as exc:  # disk full, read-only, locked, I/O error
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise explain_sqlite_error(exc, self.path) from exc
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except encryption.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise explain_sqlite_error(exc, self.path) from exc

    # -- small reads used everywhere -------------------------------------------

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        return list(self.db.query(sql, params))

    def scalar(self, sql: str, params: Any = ()) -> Any:
        row = self.db.execute(sql, params).fetchone()
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
        from desktop.store import audit

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
        conn = db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            step(db)
            conn.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


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
