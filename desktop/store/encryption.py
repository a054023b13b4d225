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
import importlib
import os
import sqlite3
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


class _Unloaded:
    """`_cipher` before its first use."""


_cipher: ModuleType | _Unloaded | None = _Unloaded()

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
    if isinstance(_cipher, ModuleType):
        found.append(getattr(_cipher, name))
    return tuple(found)


# Both drivers' exceptions: `except Error` catches a failure from either connection (the
# cipher's are added when it loads, before its first connection: read them at the
# `except`, as `encryption.Error`, not copied at import).
Error = _errors("Error")
DatabaseError = _errors("DatabaseError")
OperationalError = _errors("OperationalError")
IntegrityError = _errors("IntegrityError")
ErrorOrOS: tuple[type[Exception], ...] = (*Error, OSError)


def cipher() -> ModuleType | None:
    """sqlcipher3's DB-API module, None without its wheel. Loaded on first use (~5 ms,
    which a plain store's start does not pay); its exceptions then join `Error` & co."""
    global _cipher, Error, DatabaseError, OperationalError, IntegrityError, ErrorOrOS
    if isinstance(_cipher, _Unloaded):
        _cipher = _load_cipher()
        Error = _errors("Error")
        DatabaseError = _errors("DatabaseError")
        OperationalError = _errors("OperationalError")
        IntegrityError = _errors("IntegrityError")
        ErrorOrOS = (*Error, OSError)
    return _cipher


class PassphraseError(StoreError):
    """The store is encrypted and the passphrase is missing or wrong."""


def available() -> bool:
    return cipher() is not None


def self_check(folder: Path) -> str:
    """For `self-test`: an encrypted file written and read back in `folder`; one line.
    Without sqlcipher3 it says so (plain stores still work); a broken one raises."""
    if cipher() is None:
        return "数据加密：本机不支持（缺少 sqlcipher3），未加密的数据照常使用"
    import secrets  # where used: OpenSSL stays off the window's start (see crypto.py)

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
    driver = cipher()
    if driver is None:
        raise StoreError(UNAVAILABLE)
    conn = driver.connect(target, uri=uri, timeout=timeout)
    conn.execute("PRAGMA cipher_log_level = NONE")  # failures are ours to explain, not stderr's
    conn.execute(f'PRAGMA key = "{_raw_key(key, salt)}"')
    return cast(sqlite3.Connection, conn)


def _raw_key(key: bytes, salt: bytes = b"") -> str:
    return f"x'{(crypto.subkey(key, 'sqlcipher') + salt).hex()}'"


def read_only_uri(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"


def unlock(path: Path, passphrase: str) -> bytes:
    """The master key of the encrypted store at `path`; PassphraseError when wrong."""
    if cipher() is None:
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


def check_passphrase(passphrase: str, repeated: str | None = None) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError(f"数据口令：至少 {MIN_PASSPHRASE} 位")
    if repeated is not None and repeated != passphrase:
        raise UserError("确认数据口令：两次输入的口令不一致")


def sha256_plain(key: bytes | None, path: Path) -> str:
    """SHA-256 of a stored file's content (what the register records), decrypted."""
    import hashlib  # where used: OpenSSL stays off the window's start (see crypto.py)

    return hashlib.sha256(read_file(key, path)).hexdigest()
