"""Converting a store in place between plain and encrypted (SQLCipher), with its files.

Above db.py and backup.py: the converted copy is opened as a Store to record the
conversion in its own audit log, and the original goes aside as a restore would put it.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from desktop.store import audit, backup, crypto, encryption, lock, schema
from desktop.store.db import Store
from desktop.store.errors import StoreError, UserError, explain_sqlite_error
from desktop.store.names import ANCHOR_FILENAME, DB_FILENAME


@dataclass
class Conversion:
    encrypted: bool  # the state the store is in now
    records: int  # rows copied, all tables
    files: int  # attachments and archived PDFs converted
    backups: int  # automatic backups encrypted along with the store
    leftovers: list[Path] = field(default_factory=list)  # older copies still in clear


def encrypt_store(data_dir: Path, passphrase: str) -> Conversion:
    """Convert the plain store in `data_dir` (and its files) to an encrypted one.

    The caller holds the data dir's one-program lock; the store lock is taken exclusive
    here (refused while any window, command or worker has the store open). The
    converted copy is written and verified beside the store first; only then are they
    swapped, and the plain original is removed once the encrypted one opens with the
    passphrase.
    """
    path = Path(data_dir) / DB_FILENAME
    _require_store(path)
    if encryption.is_encrypted_file(path):
        raise UserError(f"数据文件已经加密，无需再次加密（{path}）")
    if encryption.cipher() is None:
        raise StoreError(encryption.UNAVAILABLE)
    encryption.check_passphrase(passphrase)
    salt = secrets.token_bytes(encryption.SALT_LEN)
    key = crypto.store_key(passphrase, salt)
    with lock.acquire_store(data_dir, exclusive=True):
        result = _convert(Path(data_dir), None, key, salt, "已加密数据文件及附件")
        result.backups = _encrypt_old_backups(Path(data_dir), key, salt)
    result.leftovers = plain_leftovers(Path(data_dir))
    return result


def decrypt_store(data_dir: Path, passphrase: str) -> Conversion:
    """Convert the encrypted store in `data_dir` back to a plain one (same safeguards)."""
    path = Path(data_dir) / DB_FILENAME
    _require_store(path)
    if not encryption.is_encrypted_file(path):
        raise UserError(f"数据文件未加密，无需解密（{path}）")
    key = encryption.unlock(path, passphrase)
    with lock.acquire_store(data_dir, exclusive=True):
        return _convert(Path(data_dir), key, None, b"", "已解除数据文件及附件的加密")


def _require_store(path: Path) -> None:
    if not path.is_file() or path.stat().st_size == 0:
        raise UserError(f"数据目录中没有可用的清风台账数据文件：{path}")


def _stored_files(data_dir: Path) -> Iterator[tuple[str, Path]]:
    for top in encryption.FILE_DIRS:
        root = data_dir / top
        if root.is_dir():
            for file in sorted(root.rglob("*")):
                if file.is_file() and not file.name.endswith(".part"):
                    yield file.relative_to(data_dir).as_posix(), file


def _convert(
    data_dir: Path, old: bytes | None, new: bytes | None, salt: bytes, what: str
) -> Conversion:
    """Copy the store and its files from key `old` to key `new` (None: plain) into a work
    folder, verify the copy, swap it in, and remove the original only when it opens."""
    cipher = encryption.cipher()
    assert cipher is not None
    path = data_dir / DB_FILENAME
    work = Path(tempfile.mkdtemp(prefix=".qingfeng-convert-", dir=data_dir))
    try:
        target = work / DB_FILENAME
        try:
            src = cipher.connect(str(path))
            try:
                src.execute("PRAGMA cipher_log_level = NONE")
                if old is not None:
                    src.execute(f'PRAGMA key = "{encryption._raw_key(old)}"')
                version = int(src.execute("PRAGMA user_version").fetchone()[0])
                before = schema.table_counts(src)
                attach_key = "''" if new is None else f'"{encryption._raw_key(new, salt)}"'
                src.execute(f"ATTACH DATABASE ? AS converted KEY {attach_key}", [str(target)])
                src.execute("SELECT sqlcipher_export('converted')")
                src.execute(f"PRAGMA converted.user_version = {version}")
                src.execute("DETACH DATABASE converted")
            finally:
                src.close()
        except cipher.Error as exc:
            raise explain_sqlite_error(exc, path) from exc
        files = 0
        for name, file in _stored_files(data_dir):
            plain = encryption.read_file(old, file)
            (work / name).parent.mkdir(parents=True, exist_ok=True)
            encryption.write_file(new, work / name, plain)
            if encryption.read_file(new, work / name) != plain:
                raise StoreError(f"转换后的文件回读不一致：{name}，未做任何改动。")
            files += 1
        _audit_conversion(work, new, what)
        _verify_copy(target, new, version, before)
        for name in encryption.FILE_DIRS:
            (work / name).mkdir(exist_ok=True)
        # the original goes aside (not deleted) until the converted store is in place
        aside = backup.set_aside(data_dir, ".before-conversion-")
        moved: list[str] = []
        try:
            for name in (DB_FILENAME, ANCHOR_FILENAME, *encryption.FILE_DIRS):
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
    try:
        conn = encryption.connect(str(target), key)
        try:
            ok = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            got = int(conn.execute("PRAGMA user_version").fetchone()[0])
            after = schema.table_counts(conn)
        finally:
            conn.close()
    except encryption.Error as exc:
        raise explain_sqlite_error(exc, target) from exc
    after["audit_log"] = after.get("audit_log", 0) - 1  # the conversion's own entry
    if ok != ["ok"] or got != version or after != before:
        raise StoreError(f"转换后的数据文件校验未通过（{target}），原数据未做任何改动。")


def _encrypt_old_backups(data_dir: Path, key: bytes, salt: bytes) -> int:
    """Automatic backups made before encryption are encrypted with the store's key."""
    count = 0
    for _, archive in backup.automatic_backups(data_dir / backup.BACKUPS_DIR):
        if not backup.is_encrypted(archive):
            backup.encrypt_in_place(archive, key, salt)
            count += 1
    return count


def plain_leftovers(data_dir: Path) -> list[Path]:
    """Older copies in the data dir that hold data in clear (set-aside stores,
    pre-upgrade copies, plain backups, copies opened for a viewer)."""
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
