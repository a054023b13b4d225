"""Encryption at rest: the store file through SQLCipher, its stored files with AES-GCM.

One passphrase opens everything. The master key is scrypt(passphrase, salt) where the
salt is the encrypted store file's own first 16 bytes (SQLCipher keeps its salt there,
in clear), so nothing beside the store is needed to open it and nothing can get lost.
SQLCipher gets a subkey as its raw key (no second slow derivation), attachments and
archived PDFs another (see `crypto`); the master key itself is `Store.key`.

Plain stores keep using the standard library's sqlite3; only an encrypted store is
opened through `sqlcipher3`, so a machine without its wheel still runs plain stores and
says clearly that encryption is unavailable.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import os
import secrets
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import cast

from desktop.store import crypto
from desktop.store.errors import StoreError, UserError


def _load_cipher() -> ModuleType | None:
    try:
        return importlib.import_module("sqlcipher3.dbapi2")
    except ImportError:  # no wheel for this platform: plain stores still work
        return None


_cipher = _load_cipher()

PLAIN_HEADER = b"SQLite format 3\x00"
SALT_LEN = 16
FILE_DIRS = ("attachments", "documents")
PASSPHRASE_ENV = "QINGFENG_PASSPHRASE"
MIN_PASSPHRASE = 8

UNAVAILABLE = (
    "本机的清风台账不支持数据加密（缺少 SQLCipher 组件 sqlcipher3），"
    "无法打开或生成加密的数据文件；未加密的数据可照常使用。"
)


def _errors(name: str) -> tuple[type[Exception], ...]:
    found: list[type[Exception]] = [getattr(sqlite3, name)]
    if _cipher is not None:
        found.append(getattr(_cipher, name))
    return tuple(found)


# Both drivers' exceptions: `except Error` catches a failure from either connection.
Error = _errors("Error")
DatabaseError = _errors("DatabaseError")
OperationalError = _errors("OperationalError")
IntegrityError = _errors("IntegrityError")
ErrorOrOS: tuple[type[Exception], ...] = (*Error, OSError)


class PassphraseError(StoreError):
    """The store is encrypted and the passphrase is missing or wrong."""


def available() -> bool:
    return _cipher is not None


def self_check(folder: Path) -> str:
    """For `self-test`: an encrypted file written and read back in `folder`; one line.
    Without sqlcipher3 it says so (plain stores still work); a broken one raises."""
    if _cipher is None:
        return "数据加密：本机不支持（缺少 sqlcipher3），未加密的数据照常使用"
    key, salt = secrets.token_bytes(crypto.KEY_LEN), secrets.token_bytes(SALT_LEN)
    path = folder / "selftest-encrypted.sqlite3"
    conn = connect(str(path), key, salt=salt)
    try:
        conn.execute("CREATE TABLE t (x TEXT)")
        conn.execute("INSERT INTO t VALUES ('清风')")
        conn.commit()
        version = str(conn.execute("PRAGMA cipher_version").fetchone()[0])
    finally:
        conn.close()
    conn = connect(str(path), key)
    try:
        back = conn.execute("SELECT x FROM t").fetchone()[0]
    finally:
        conn.close()
    if back != "清风" or not is_encrypted_file(path) or "清风".encode() in path.read_bytes():
        raise RuntimeError("加密的示例数据文件读回不一致")
    sample = folder / "selftest-file.bin"
    write_file(key, sample, b"%PDF")
    if read_file(key, sample) != b"%PDF" or sample.read_bytes() == b"%PDF":
        raise RuntimeError("加密的示例文件读回不一致")
    return f"数据加密：SQLCipher {version.split()[0]} 可用（示例数据文件与附件加密后读回一致）"


def wrong_passphrase(path: Path) -> PassphraseError:
    return PassphraseError(
        f"口令不正确，无法打开加密的数据文件（{path}）。若确认口令无误，数据文件可能已损坏，请从备份恢复。"
    )


# Bytes 21-23 of a plain SQLite header (payload fractions 64, 32, 32, fixed by the format);
# in an encrypted file they are ciphertext. A plain file whose first bytes were wrecked
# still has them, so it is called damaged, not encrypted.
_PLAIN_FRACTIONS = (21, b"\x40\x20\x20")


def is_encrypted_file(path: Path) -> bool:
    """True when `path` holds an SQLCipher file: its first 16 bytes are a random salt,
    not SQLite's plain header, and what follows is ciphertext."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(32)
    except OSError:
        return False
    at, fractions = _PLAIN_FRACTIONS
    text = all(32 <= c < 127 or c in b"\t\r\n" for c in head)  # never so for random bytes
    return (
        len(head) == 32
        and not text
        and not head.startswith(PLAIN_HEADER)
        and head[at : at + len(fractions)] != fractions
    )


def salt_of(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(SALT_LEN)


def connect(
    target: str, key: bytes | None, *, uri: bool = False, timeout: float = 5.0, salt: bytes = b""
) -> sqlite3.Connection:
    """A connection to a plain (key None) or encrypted store file.

    `salt` is only needed when the file is new: SQLCipher then writes it as the file's
    salt, the one the master key was derived with.
    """
    if key is None:
        return sqlite3.connect(target, uri=uri, timeout=timeout)
    if _cipher is None:
        raise StoreError(UNAVAILABLE)
    conn = _cipher.connect(target, uri=uri, timeout=timeout)
    conn.execute("PRAGMA cipher_log_level = NONE")  # failures are ours to explain, not stderr's
    conn.execute(f'PRAGMA key = "{_raw_key(key, salt)}"')
    return cast(sqlite3.Connection, conn)


def _raw_key(key: bytes, salt: bytes = b"") -> str:
    return f"x'{(crypto.subkey(key, 'sqlcipher') + salt).hex()}'"


def read_only_uri(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"


def unlock(path: Path, passphrase: str) -> bytes:
    """The master key of the encrypted store at `path`; PassphraseError when wrong."""
    if _cipher is None:
        raise StoreError(UNAVAILABLE)
    if not passphrase:
        raise PassphraseError(f"数据文件已加密，请输入口令（{path}）")
    key = crypto.store_key(passphrase, salt_of(path))
    try:
        conn = connect(read_only_uri(path), key, uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except DatabaseError:
        raise wrong_passphrase(path) from None
    return key


def key_for(path: Path, passphrase: str | None) -> bytes | None:
    """None for a plain (or absent) store; the unlocked key for an encrypted one."""
    if not is_encrypted_file(path):
        return None
    if passphrase is None:
        raise PassphraseError(f"数据文件已加密，需要口令才能打开（{path}）")
    return unlock(path, passphrase)


# -- stored files (attachments, archived PDFs) ----------------------------------------


def _files_key(key: bytes) -> bytes:
    return crypto.subkey(key, "files")


def seal(key: bytes | None, data: bytes) -> bytes:
    """What to write for `data`: encrypted when the store is, else the bytes themselves."""
    return data if key is None else crypto.encrypt_bytes(_files_key(key), data)


def open_bytes(key: bytes | None, data: bytes, path: Path) -> bytes:
    """The plaintext of a stored file's bytes (encrypted or not)."""
    if not crypto.is_encrypted_bytes(data):
        return data
    if key is None:
        raise UserError(f"文件已加密，需要数据口令才能读取：{path}")
    try:
        return crypto.decrypt_bytes(_files_key(key), data)
    except ValueError:
        raise UserError(f"文件已损坏或被改动（解密校验失败）：{path}") from None


def read_file(key: bytes | None, path: Path) -> bytes:
    """A stored file's content, decrypted transparently."""
    return open_bytes(key, path.read_bytes(), path)


def write_file(key: bytes | None, path: Path, data: bytes) -> None:
    """Write a stored file fully and durably (encrypted when the store is) under a
    temporary name, then rename it into place."""
    tmp = path.with_name(path.name + ".part")
    try:
        with open(tmp, "wb") as fh:
            fh.write(seal(key, data))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


# -- converting a store ---------------------------------------------------------------


@dataclass
class Conversion:
    encrypted: bool  # the state the store is in now
    records: int  # rows copied, all tables
    files: int  # attachments and archived PDFs converted
    backups: int  # automatic backups encrypted along with the store
    leftovers: list[Path] = field(default_factory=list)  # older copies still in clear


def check_passphrase(passphrase: str, repeated: str | None = None) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError(f"数据口令：至少 {MIN_PASSPHRASE} 位")
    if repeated is not None and repeated != passphrase:
        raise UserError("确认数据口令：两次输入的口令不一致")


def encrypt_store(data_dir: Path, passphrase: str) -> Conversion:
    """Convert the plain store in `data_dir` (and its files) to an encrypted one.

    The caller holds the data dir's one-program lock; the store lock is taken exclusive
    here (refused while any window, command or worker has the store open). The
    converted copy is written and verified beside the store first; only then are they
    swapped, and the plain original is removed once the encrypted one opens with the
    passphrase.
    """
    from desktop.store import lock
    from desktop.store.db import DB_FILENAME

    path = Path(data_dir) / DB_FILENAME
    _require_store(path)
    if is_encrypted_file(path):
        raise UserError(f"数据文件已经加密，无需再次加密（{path}）")
    if _cipher is None:
        raise StoreError(UNAVAILABLE)
    check_passphrase(passphrase)
    salt = secrets.token_bytes(SALT_LEN)
    key = crypto.store_key(passphrase, salt)
    with lock.acquire_store(data_dir, exclusive=True):
        result = _convert(Path(data_dir), None, key, salt, "已加密数据文件及附件")
        result.backups = _encrypt_old_backups(Path(data_dir), key, salt)
    result.leftovers = plain_leftovers(Path(data_dir))
    return result


def decrypt_store(data_dir: Path, passphrase: str) -> Conversion:
    """Convert the encrypted store in `data_dir` back to a plain one (same safeguards)."""
    from desktop.store import lock
    from desktop.store.db import DB_FILENAME

    path = Path(data_dir) / DB_FILENAME
    _require_store(path)
    if not is_encrypted_file(path):
        raise UserError(f"数据文件未加密，无需解密（{path}）")
    key = unlock(path, passphrase)
    with lock.acquire_store(data_dir, exclusive=True):
        return _convert(Path(data_dir), key, None, b"", "已解除数据文件及附件的加密")


def _require_store(path: Path) -> None:
    if not path.is_file() or path.stat().st_size == 0:
        raise UserError(f"数据目录中没有可用的清风台账数据文件：{path}")


def _stored_files(data_dir: Path) -> Iterator[tuple[str, Path]]:
    for top in FILE_DIRS:
        root = data_dir / top
        if root.is_dir():
            for file in sorted(root.rglob("*")):
                if file.is_file() and not file.name.endswith(".part"):
                    yield file.relative_to(data_dir).as_posix(), file


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    from desktop.store import schema  # only a conversion needs it, not the start

    names = [r[0] for r in conn.execute(schema.STORED_TABLES_SQL)]
    return {n: int(conn.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0]) for n in names}


def _convert(
    data_dir: Path, old: bytes | None, new: bytes | None, salt: bytes, what: str
) -> Conversion:
    """Copy the store and its files from key `old` to key `new` (None: plain) into a work
    folder, verify the copy, swap it in, and remove the original only when it opens."""
    from desktop.store import backup
    from desktop.store.db import ANCHOR_FILENAME, DB_FILENAME, explain_sqlite_error

    assert _cipher is not None
    path = data_dir / DB_FILENAME
    work = Path(tempfile.mkdtemp(prefix=".qingfeng-convert-", dir=data_dir))
    try:
        target = work / DB_FILENAME
        try:
            src = _cipher.connect(str(path))
            try:
                src.execute("PRAGMA cipher_log_level = NONE")
                if old is not None:
                    src.execute(f'PRAGMA key = "{_raw_key(old)}"')
                version = int(src.execute("PRAGMA user_version").fetchone()[0])
                before = _counts(src)
                attach_key = "''" if new is None else f'"{_raw_key(new, salt)}"'
                src.execute(f"ATTACH DATABASE ? AS converted KEY {attach_key}", [str(target)])
                src.execute("SELECT sqlcipher_export('converted')")
                src.execute(f"PRAGMA converted.user_version = {version}")
                src.execute("DETACH DATABASE converted")
            finally:
                src.close()
        except _cipher.Error as exc:
            raise explain_sqlite_error(exc, path) from exc
        files = 0
        for name, file in _stored_files(data_dir):
            plain = read_file(old, file)
            (work / name).parent.mkdir(parents=True, exist_ok=True)
            write_file(new, work / name, plain)
            if read_file(new, work / name) != plain:
                raise StoreError(f"转换后的文件回读不一致：{name}，未做任何改动。")
            files += 1
        _audit_conversion(work, new, what)
        _verify_copy(target, new, version, before)
        for name in FILE_DIRS:
            (work / name).mkdir(exist_ok=True)
        # the original goes aside (not deleted) until the converted store is in place
        aside = backup.set_aside(data_dir, ".before-conversion-")
        moved: list[str] = []
        try:
            for name in (DB_FILENAME, ANCHOR_FILENAME, *FILE_DIRS):
                os.rename(work / name, data_dir / name)
                moved.append(name)
            _verify_copy(path, new, version, before)
        except BaseException:
            backup.undo_swap(data_dir, work, moved, aside)
            raise
        if aside is not None:  # the old form must not stay beside the converted store
            shutil.rmtree(aside, ignore_errors=True)
        return Conversion(new is not None, sum(before.values()), files, 0)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _audit_conversion(work: Path, key: bytes | None, what: str) -> None:
    """The conversion is an entry in the converted store's own audit log."""
    from desktop.store import audit
    from desktop.store.db import Store

    store = Store.open(work, create=False, key=key)
    try:
        with store.transaction():
            audit.write(
                store, "encryption", "settings", None, None, {"key": "encryption", "value": what}
            )
        # the chain is keyed with the store's key (none for a plain store): the key
        # changed, the entries did not, so every hash is recomputed (and the anchor)
        audit.rechain(store)
    finally:
        store.close()


def _verify_copy(target: Path, key: bytes | None, version: int, before: dict[str, int]) -> None:
    from desktop.store.db import explain_sqlite_error

    try:
        conn = connect(str(target), key)
        try:
            ok = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            got = int(conn.execute("PRAGMA user_version").fetchone()[0])
            after = _counts(conn)
        finally:
            conn.close()
    except Error as exc:
        raise explain_sqlite_error(exc, target) from exc
    after["audit_log"] = after.get("audit_log", 0) - 1  # the conversion's own entry
    if ok != ["ok"] or got != version or after != before:
        raise StoreError(f"转换后的数据文件校验未通过（{target}），原数据未做任何改动。")


def _encrypt_old_backups(data_dir: Path, key: bytes, salt: bytes) -> int:
    """Automatic backups made before encryption are encrypted with the store's key."""
    from desktop.store import backup

    count = 0
    for _, archive in backup.automatic_backups(data_dir / backup.BACKUPS_DIR):
        if not backup.is_encrypted(archive):
            backup.encrypt_in_place(archive, key, salt)
            count += 1
    return count


def plain_leftovers(data_dir: Path) -> list[Path]:
    """Older copies in the data dir that hold data in clear (set-aside stores,
    pre-upgrade copies, plain backups, copies opened for a viewer)."""
    from desktop.store import backup

    found: list[Path] = []
    for item in sorted(data_dir.iterdir()):
        name = item.name
        if name.startswith((backup.REPLACED_PREFIX, backup.DAMAGED_PREFIX, "opened")) or (
            name.endswith(".bak") and ".v" in name
        ):
            found.append(item)
    folder = data_dir / backup.BACKUPS_DIR
    if folder.is_dir():
        found += [p for p in sorted(folder.glob(f"*{backup.SUFFIX}")) if not backup.is_encrypted(p)]
    return found


def sha256_plain(key: bytes | None, path: Path) -> str:
    """SHA-256 of a stored file's content (what the register records), decrypted."""
    return hashlib.sha256(read_file(key, path)).hexdigest()
