"""Backups: one archive file holding a consistent copy of the store and its files.

An archive (``*.qfbak``) is a zip with

* ``manifest.json`` — application and schema version, time, record counts per
  table and the SHA-256 and size of every other member;
* ``qingfeng.sqlite3`` — a copy taken through SQLite's online backup API (consistent
  while the application writes), checked with ``PRAGMA integrity_check``;
* ``attachments/…`` and ``documents/…`` — the stored files, as in the data dir.

With a passphrase the whole zip is encrypted (see `_encrypt`): AES-256-GCM from
the `cryptography` package in 1 MiB chunks, key from scrypt (hashlib).

Every archive is written under a temporary name, read back and verified, then
renamed; a failure (disk full, USB stick pulled, read-only target) removes the
partial file and raises a UserError in Chinese. Restore never deletes the current
store: it is moved into ``replaced-<time>/`` in the data dir first.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import logging
import os
import secrets
import shutil
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING, Any

from desktop import APP_NAME, __version__
from desktop.store import audit, crypto, encryption, lock, schema
from desktop.store.crypto import scrypt
from desktop.store.damage import cheap_problem, damage_reason
from desktop.store.errors import NewerSchemaError, StoreError, UserError, explain_sqlite_error
from desktop.store.fileversion import check_version
from desktop.store.kinds import TOP_LEVEL, kind
from desktop.store.names import ANCHOR_FILENAME, DB_FILENAME
from desktop.store.names import BACKUPS_DIR as BACKUPS_DIR  # backup.BACKUPS_DIR, as ever
from desktop.store.names import SUFFIX as SUFFIX

if TYPE_CHECKING:
    from desktop.store.db import Store

FILE_DIRS = ("attachments", "documents")
MANIFEST = "manifest.json"
FORMAT = "qingfeng-backup"
FORMAT_VERSION = 1
AUTO_PREFIX = "qingfeng-auto-"
MANUAL_PREFIX = "qingfeng-backup-"
KEPT_PREFIX = "qingfeng-kept-"  # an automatic backup kept because its successor holds less
REPLACED_PREFIX = "replaced-"
DAMAGED_PREFIX = "damaged-"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
CHUNK = 1 << 20
# Members kept as they are in the archive, not deflated: formats that are compressed
# already (the office's PDFs shrink by ~6 % at level 6, for 1.4 s per 44 MB). An
# encrypted store's files and database are ciphertext, so none of its members is deflated.
STORED_SUFFIXES = frozenset(
    {".pdf", ".ofd", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".zip", ".rar", ".7z", ".gz"}
    | {".docx", ".xlsx", ".pptx", ".wps", ".et", ".mp3", ".mp4", ".m4a", ".wma", ".amr"}
)

# Encrypted file: MAGIC, version, log2(N), r, p, salt(16), nonce prefix(7), check tag(16),
# (version 2:) SHA-256 of all that, first 16 bytes; then chunks of AES-GCM(ciphertext +
# 16-byte tag) over CHUNK plaintext bytes each. The checksum tells a damaged header (bit
# rot, a bad copy) from a wrong passphrase: both fail the check tag, only damage fails it.
MAGIC = b"QFBAKENC"
ENC_VERSION = 2
_HEADER_LEN = len(MAGIC) + 4 + 16 + 7
_TAG = 16
_SUM = 16

Manifest = dict[str, Any]
log = logging.getLogger(__name__)


class BackupError(UserError):
    """A backup could not be written, read or verified; nothing was left half-done."""


class PassphraseError(BackupError):
    """The archive is encrypted and the passphrase is missing or wrong."""


# -- errors ------------------------------------------------------------------------


def _explain_write(exc: BaseException, where: Path) -> BackupError:
    code = exc.errno if isinstance(exc, OSError) else None
    text = str(exc).lower()
    if code == errno.ENOSPC or "disk is full" in text:
        return BackupError(
            f"备份目标磁盘空间不足（{where}），备份未完成，未留下不完整的备份文件。"
            "请换用空间更大的磁盘或清理后重试。"
        )
    if code in (errno.ENOENT, errno.ENODEV, errno.EIO, errno.ENXIO, errno.ESTALE):
        return BackupError(
            f"写入过程中备份位置已不可用（U 盘被拔出或文件夹被删除？）：{where}。"
            "备份未完成，未留下不完整的备份文件，请重新插入后再备份。"
        )
    if isinstance(exc, PermissionError) or code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return BackupError(f"备份目标位置不可写（只读或没有权限）：{where}。请更换文件夹。")
    if "locked" in text or "busy" in text:
        return BackupError(f"文件正被其他程序占用，无法完成备份：{where}。请关闭其他程序后重试。")
    return BackupError(f"备份失败（{where}）：{exc}")


def _damaged(path: Path, detail: str) -> BackupError:
    return BackupError(f"备份文件已损坏或不是清风台账的备份（{path.name}）：{detail}")


# -- small file helpers ------------------------------------------------------------


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%d-%H%M%S")


def _unique(path: Path) -> Path:
    if not path.exists():
        return path
    for n in range(2, 1000):
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        if not candidate.exists():
            return candidate
    raise BackupError(f"无法生成不重名的文件名：{path}")


@contextlib.contextmanager
def _scratch(near: Path | None) -> Iterator[Path]:
    """A private temporary folder, preferably beside the data (same disk, same protection)."""
    folder: Path | None = None
    if near is not None:
        with contextlib.suppress(OSError):
            folder = Path(tempfile.mkdtemp(prefix=".qingfeng-work-", dir=near))
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="qingfeng-work-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# -- snapshot ----------------------------------------------------------------------


def snapshot(store: Store, dest: Path) -> None:
    """A consistent copy of the store file at `dest`, checked with PRAGMA integrity_check.

    Uses the online backup API in one step (one read transaction), so writers in
    other connections carry on and the copy is a single committed state.
    """
    dest = Path(dest)
    salt = encryption.salt_of(store.path) if store.key is not None else b""
    try:
        target = encryption.connect(str(dest), store.key, salt=salt)
        try:
            store.db.conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # a lone file, no -wal beside it
            result = [r[0] for r in target.execute("PRAGMA integrity_check")]
        finally:
            target.close()
        _fsync_file(dest)
    except encryption.ErrorOrOS as exc:
        with contextlib.suppress(OSError):
            dest.unlink()
        if isinstance(exc, OSError):
            raise _explain_write(exc, dest) from exc
        raise explain_sqlite_error(exc, store.path) from exc
    if result != ["ok"]:
        with contextlib.suppress(OSError):
            dest.unlink()
        raise StoreError(
            "数据库完整性检查未通过，未生成备份：" + "；".join(result[:3]) + "。请运行“检查”。"
        )


def _table_counts(db_file: Path, key: bytes | None = None) -> dict[str, int]:
    conn = encryption.connect(encryption.read_only_uri(db_file), key, uri=True)
    try:
        return schema.table_counts(conn)
    finally:
        conn.close()


def _schema_version(db_file: Path, key: bytes | None = None) -> int:
    conn = encryption.connect(encryption.read_only_uri(db_file), key, uri=True)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def _audit_head(db_file: Path, key: bytes | None = None) -> dict[str, Any]:
    """The copy's audit chain head, kept in the manifest: `check` compares the store
    with it, so a cut-off or rewritten log tail is named even if the anchor is gone."""
    conn = encryption.connect(encryption.read_only_uri(db_file), key, uri=True)
    try:
        return audit.head_of(conn, keyed=key is not None)
    finally:
        conn.close()


def _referenced_files(db_file: Path, key: bytes | None = None) -> list[str]:
    conn = encryption.connect(encryption.read_only_uri(db_file), key, uri=True)
    try:
        found: list[str] = []
        for sql in (
            "SELECT stored_path FROM attachments",
            "SELECT pdf_path FROM documents WHERE pdf_path IS NOT NULL",
        ):
            with contextlib.suppress(*encryption.Error):
                found += [str(r[0]) for r in conn.execute(sql)]
        return found
    finally:
        conn.close()


def _data_files(data_dir: Path) -> list[tuple[str, Path]]:
    """(archive name, path) of every stored file under attachments/ and documents/."""
    out: list[tuple[str, Path]] = []
    for top in FILE_DIRS:
        root = data_dir / top
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.name.endswith(".part"):
                out.append((path.relative_to(data_dir).as_posix(), path))
    return out


# -- writing an archive -------------------------------------------------------------


def _build_zip(store: Store, out: Path, work: Path, kind: str, now: dt.datetime) -> Manifest:
    """Write the plain archive to `out` (created, fsynced); returns its manifest."""
    db_copy = work / DB_FILENAME
    snapshot(store, db_copy)
    data_dir = store.path.parent
    files = _data_files(data_dir)
    referenced = _referenced_files(db_copy, store.key)
    manifest: Manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app": APP_NAME,
        "app_version": __version__,
        "schema_version": _schema_version(db_copy, store.key),
        "created_at": now.isoformat(sep=" ", timespec="seconds"),
        "kind": kind,
        "counts": _table_counts(db_copy, store.key),
        "audit_head": _audit_head(db_copy, store.key),
        "files": {},
    }
    members: dict[str, dict[str, Any]] = manifest["files"]
    try:
        with zipfile.ZipFile(out, "w") as zf:
            for name, path in [(DB_FILENAME, db_copy), *files]:
                digest = hashlib.sha256()
                size = 0
                member = _member(name, deflate=store.key is None)
                with open(path, "rb") as src, zf.open(member, "w", force_zip64=True) as dst:
                    while chunk := src.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        dst.write(chunk)
                members[name] = {"sha256": digest.hexdigest(), "size": size}
            present = set(members)
            manifest["missing_files"] = sorted(set(referenced) - present)
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        _fsync_file(out)
    except OSError as exc:
        raise _explain_write(exc, out) from exc
    return manifest


def _member(name: str, *, deflate: bool) -> zipfile.ZipInfo:
    """The archive entry for `name`: deflated at level 6 unless its bytes are compressed
    or encrypted already (`STORED_SUFFIXES`)."""
    info = zipfile.ZipInfo(name, date_time=time.localtime(time.time())[:6])
    if deflate and PurePosixPath(name).suffix.lower() not in STORED_SUFFIXES:
        info.compress_type = zipfile.ZIP_DEFLATED  # zlib's default level: 6
    else:
        info.compress_type = zipfile.ZIP_STORED
    return info


def _estimate(store: Store) -> int:
    size = store.path.stat().st_size
    wal = store.path.with_name(store.path.name + "-wal")
    if wal.exists():
        size += wal.stat().st_size
    return size + sum(p.stat().st_size for _, p in _data_files(store.path.parent))


def _check_space(folder: Path, needed: int) -> None:
    try:
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        raise _explain_write(exc, folder) from exc
    if free < needed + (8 << 20):
        raise BackupError(
            f"备份目标磁盘空间不足（{folder}）：约需 {needed / 2**20:.1f} MB，"
            f"剩余 {free / 2**20:.1f} MB。请换用空间更大的磁盘或清理后重试。"
        )


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: Manifest
    size: int
    encrypted: bool


def write_archive(
    store: Store,
    dest: Path,
    *,
    passphrase: str | None = None,
    kind: str = "manual",
    now: dt.datetime | None = None,
) -> BackupResult:
    """Write a verified archive to the file `dest` (must not exist); atomic by rename.

    An encrypted store's archive is always encrypted, with the store's own key: it
    opens with the store's passphrase (`passphrase` is then not used)."""
    dest = Path(dest)
    now = now or dt.datetime.now().replace(microsecond=0)
    folder = dest.parent
    if not folder.is_dir():
        raise BackupError(f"备份目标文件夹不存在或不可用：{folder}")
    if dest.exists():
        raise BackupError(f"目标位置已有同名文件，不会覆盖：{dest}")
    _check_space(folder, _estimate(store) // 2)  # zip shrinks the database a lot
    part = folder / f".{dest.name}.part"
    data_dir = store.path.parent
    try:
        with _scratch(data_dir) as work:
            if passphrase is None and store.key is None:
                manifest = _build_zip(store, part, work, kind, now)
                _verify_zip(part, work)
            else:
                plain = work / "plain.zip"
                manifest = _build_zip(store, plain, work, kind, now)
                _verify_zip(plain, work, key=store.key)
                if store.key is not None:
                    key_source = _encrypt_with(
                        plain, part, store.key, encryption.salt_of(store.path), crypto.KDF_COST
                    )
                else:
                    assert passphrase is not None
                    key_source = _encrypt(plain, part, passphrase)
                # read back what reached the target and compare with what we meant to write
                if _decrypt_digest(part, key_source) != sha256_file(plain):
                    raise BackupError(f"备份写入后回读校验不一致：{dest}。请更换磁盘后重试。")
        try:
            os.replace(part, dest)
            _fsync_dir(folder)
        except OSError as exc:
            raise _explain_write(exc, dest) from exc
    except OSError as exc:
        with contextlib.suppress(OSError):
            part.unlink()
        raise _explain_write(exc, dest) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink()
        raise
    encrypted = passphrase is not None or store.key is not None
    return BackupResult(dest, manifest, dest.stat().st_size, encrypted)


def backup_to(
    store: Store, folder: Path, *, passphrase: str | None = None, now: dt.datetime | None = None
) -> BackupResult:
    """Manual backup into `folder` (a USB stick, say) under a dated name."""
    now = now or dt.datetime.now().replace(microsecond=0)
    folder = Path(folder)
    if not folder.is_dir():
        raise BackupError(f"备份目标文件夹不存在或不可用：{folder}")
    tail = "-encrypted" if passphrase is not None or store.key is not None else ""
    dest = _unique(folder / f"{MANUAL_PREFIX}{_stamp(now)}{tail}{SUFFIX}")
    return write_archive(store, dest, passphrase=passphrase, kind="manual", now=now)


# -- encryption --------------------------------------------------------------------


@dataclass(frozen=True)
class _Key:
    key: bytes
    header: bytes
    data_at: int  # offset of the first data chunk


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def _check_nonce(prefix: bytes) -> bytes:
    return prefix + b"\xff\xff\xff\xff\x02"


def _encrypt(src: Path, dest: Path, passphrase: str) -> _Key:
    if not passphrase:
        raise PassphraseError("加密密码不能为空")
    salt = secrets.token_bytes(16)
    params = crypto.KDF_COST  # scrypt's cost, recorded in the header
    return _encrypt_with(src, dest, scrypt(passphrase, salt, *params), salt, params)


def _encrypt_with(
    src: Path, dest: Path, key: bytes, salt: bytes, params: tuple[int, int, int]
) -> _Key:
    """Encrypt with `key`, which is scrypt(passphrase, salt, *params): the header records
    salt and params, so the passphrase alone opens the file (an encrypted store's key
    is such a key, made from the store's salt)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # loaded on first use (start-up)

    prefix = secrets.token_bytes(7)
    header = MAGIC + bytes([ENC_VERSION, *params]) + salt + prefix
    aead = AESGCM(key)
    check = aead.encrypt(_check_nonce(prefix), b"", header)
    checksum = hashlib.sha256(header + check).digest()[:_SUM]
    with open(src, "rb") as fin, open(dest, "wb") as fout:
        fout.write(header + check + checksum)
        counter = 0
        chunk = fin.read(CHUNK)
        while True:
            following = fin.read(CHUNK)
            last = not following
            fout.write(aead.encrypt(_nonce(prefix, counter, last), chunk, header))
            if last:
                break
            chunk = following
            counter += 1
        fout.flush()
        os.fsync(fout.fileno())
    return _Key(key, header, _HEADER_LEN + _TAG + _SUM)


def encrypt_in_place(path: Path, key: bytes, salt: bytes) -> None:
    """Encrypt a plain archive with an encrypted store's key, verified, then renamed over."""
    part = path.with_name(f".{path.name}.part")
    try:
        k = _encrypt_with(path, part, key, salt, crypto.KDF_COST)
        if _decrypt_digest(part, k) != sha256_file(path):
            raise BackupError(f"备份加密后回读校验不一致：{path}")
        os.replace(part, path)
        _fsync_dir(path.parent)
    except OSError as exc:
        raise _explain_write(exc, path) from exc
    finally:
        with contextlib.suppress(OSError):
            part.unlink()


def is_encrypted(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(MAGIC)) == MAGIC
    except OSError as exc:
        raise BackupError(f"无法读取备份文件：{path}（{exc.strerror or exc}）") from exc


def _open_key(fh: IO[bytes], path: Path, passphrase: str | None, key: bytes | None = None) -> _Key:
    """The archive's key from its passphrase, or `key` (an encrypted store's own key,
    which opens the store's backups) when the archive's check tag accepts it."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # loaded on first use (start-up)

    header = fh.read(_HEADER_LEN)
    check = fh.read(_TAG)
    if len(header) < _HEADER_LEN or len(check) < _TAG or not header.startswith(MAGIC):
        raise _damaged(path, "加密文件头不完整")
    version, log_n, r, p = header[8:12]
    if version not in (1, ENC_VERSION):
        raise _damaged(path, "加密文件头已损坏或来自更新版本的程序")
    if version >= 2 and fh.read(_SUM) != hashlib.sha256(header + check).digest()[:_SUM]:
        raise _damaged(path, "加密文件头校验失败（文件被改动或复制不完整），与密码无关")
    if not 10 <= log_n <= 22 or not 1 <= r <= 32 or not 1 <= p <= 4:
        raise _damaged(path, "加密参数无法识别（可能来自更新版本的程序）")
    if key is not None:
        with contextlib.suppress(InvalidTag):
            AESGCM(key).decrypt(_check_nonce(header[28:35]), check, header)
            return _Key(key, header, fh.tell())
    if not passphrase:
        raise PassphraseError(f"备份文件已加密，请输入密码：{path.name}")
    key = scrypt(passphrase, header[12:28], log_n, r, p)
    try:
        AESGCM(key).decrypt(_check_nonce(header[28:35]), check, header)
    except InvalidTag:
        if version == 1:  # no header checksum in these: damage cannot be told apart
            raise PassphraseError(
                "密码不正确，无法打开该加密备份（如确认密码无误，则是该备份的文件头已损坏）。"
            ) from None
        raise PassphraseError("密码不正确，无法打开该加密备份。") from None
    return _Key(key, header, fh.tell())


def _decrypt_chunks(fh: IO[bytes], path: Path, k: _Key) -> Iterator[bytes]:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # loaded on first use (start-up)

    aead = AESGCM(k.key)
    prefix = k.header[28:35]
    counter = 0
    block = fh.read(CHUNK + _TAG)
    while True:
        following = fh.read(CHUNK + _TAG)
        last = not following
        try:
            yield aead.decrypt(_nonce(prefix, counter, last), block, k.header)
        except InvalidTag:
            raise _damaged(path, f"第 {counter + 1} 段数据校验失败（文件被改动或不完整）") from None
        if last:
            return
        block = following
        counter += 1


def _decrypt_digest(path: Path, k: _Key) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        fh.seek(k.data_at)
        for chunk in _decrypt_chunks(fh, path, k):
            digest.update(chunk)
    return digest.hexdigest()


def _decrypt_to(path: Path, out: Path, passphrase: str | None, key: bytes | None) -> None:
    with open(path, "rb") as fh:
        k = _open_key(fh, path, passphrase, key)
        with open(out, "wb") as dst:
            for chunk in _decrypt_chunks(fh, path, k):
                dst.write(chunk)


@contextlib.contextmanager
def _plain(
    path: Path, passphrase: str | None, work: Path, key: bytes | None = None
) -> Iterator[Path]:
    """The archive as a plain zip (decrypted into `work` when it is encrypted)."""
    if not path.is_file():
        raise BackupError(f"备份文件不存在：{path}")
    if not is_encrypted(path):
        yield path
        return
    out = work / "decrypted.zip"
    try:
        _decrypt_to(path, out, passphrase, key)
        yield out
    finally:
        with contextlib.suppress(OSError):
            out.unlink()


# -- reading and verifying ----------------------------------------------------------


def _safe_member(name: str) -> bool:
    pure = PurePosixPath(name)
    if pure.is_absolute() or ".." in pure.parts or "\\" in name or ":" in name:
        return False
    return name in (DB_FILENAME, MANIFEST) or (len(pure.parts) >= 2 and pure.parts[0] in FILE_DIRS)


def _read_manifest(zf: zipfile.ZipFile, path: Path) -> Manifest:
    try:
        manifest: Manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
    except KeyError:
        raise _damaged(path, "缺少清单 manifest.json") from None
    except (ValueError, UnicodeDecodeError, zipfile.BadZipFile, zlib.error, OSError) as exc:
        raise _damaged(path, f"清单无法读取（{exc}）") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _damaged(path, "清单格式不符")
    if int(manifest.get("format_version", 0)) > FORMAT_VERSION:
        raise BackupError(f"该备份由更新版本的清风台账创建，请升级程序后再恢复：{path.name}")
    if not isinstance(manifest.get("files"), dict):
        raise _damaged(path, "清单缺少文件列表")
    return manifest


def _verify_zip(
    path: Path,
    work: Path,
    extract_to: Path | None = None,
    display: Path | None = None,
    *,
    key: bytes | None = None,
    passphrase: str | None = None,
) -> Manifest:
    """Check every member's hash and size against the manifest, and the database's
    integrity; with `extract_to`, leave the verified members there. An encrypted
    store's database is read with `key`, or the key `passphrase` unlocks."""
    shown = display or path
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _damaged(shown, f"无法作为备份打开（{exc}）") from None
    with zf:
        manifest = _read_manifest(zf, shown)
        files: dict[str, Any] = manifest["files"]
        names = set(zf.namelist()) - {MANIFEST}
        if DB_FILENAME not in files:
            raise _damaged(shown, "不含数据库文件")
        if names != set(files):
            extra = sorted(names - set(files))[:3]
            missing = sorted(set(files) - names)[:3]
            raise _damaged(shown, f"成员与清单不符（多出 {extra}，缺少 {missing}）")
        for name, meta in files.items():
            if not _safe_member(name):
                raise _damaged(shown, f"含有不安全的文件名：{name}")
            if extract_to is not None:
                target = extract_to / name
            elif name == DB_FILENAME:
                target = work / "verify.sqlite3"
            else:
                target = None
            digest = hashlib.sha256()
            size = 0
            try:
                out: IO[bytes] | None = None
                if target is not None:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    out = open(target, "wb")  # noqa: SIM115 - closed below
                try:
                    with zf.open(name) as src:
                        while chunk := src.read(CHUNK):
                            digest.update(chunk)
                            size += len(chunk)
                            if out is not None:
                                out.write(chunk)
                finally:
                    if out is not None:
                        out.close()
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
                if isinstance(exc, OSError) and exc.errno is not None:
                    raise _explain_write(exc, target or work) from exc
                raise _damaged(shown, f"{name} 无法读取（{exc}）") from None
            if digest.hexdigest() != meta.get("sha256") or size != meta.get("size"):
                raise _damaged(shown, f"{name} 校验值不符")
    db_file = (extract_to or work) / (DB_FILENAME if extract_to else "verify.sqlite3")
    try:
        db_key = None
        if encryption.is_encrypted_file(db_file):
            db_key = key or encryption.unlock(db_file, passphrase or "")
        conn = encryption.connect(encryption.read_only_uri(db_file), db_key, uri=True)
        try:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        finally:
            conn.close()
    except encryption.Error as exc:
        raise _damaged(shown, f"数据库无法打开（{exc}）") from None
    finally:
        if extract_to is None:
            with contextlib.suppress(OSError):
                db_file.unlink()
    if result != ["ok"]:
        raise _damaged(shown, "数据库完整性检查未通过")
    return manifest


def inspect(
    path: Path,
    passphrase: str | None = None,
    *,
    scratch: Path | None = None,
    key: bytes | None = None,
) -> Manifest:
    """Verify an archive completely and return its manifest (time, versions, counts).

    Encrypted archives are decrypted into a temporary folder under `scratch`
    (default: the system's temporary folder) and removed afterwards; `key`, an
    encrypted store's key, opens that store's backups without the passphrase.
    """
    path = Path(path)
    with _scratch(scratch) as work, _plain(path, passphrase, work, key) as plain:
        return _verify_zip(plain, work, display=path, key=key, passphrase=passphrase)


def describe(manifest: Manifest) -> list[str]:
    """What an archive holds, in lines the clerk can read (for the restore dialog)."""
    counts: dict[str, int] = manifest.get("counts", {})
    files: dict[str, Any] = manifest.get("files", {})
    lines = [
        f"备份时间：{manifest.get('created_at', '未知')}",
        f"程序版本：{manifest.get('app_version', '未知')}，"
        f"数据版本：{manifest.get('schema_version')}",
    ]
    for table in TOP_LEVEL:
        if table in counts:
            lines.append(f"{kind(table).label}：{counts[table]} 条")
    attachments = sum(1 for n in files if n.startswith("attachments/"))
    documents = sum(1 for n in files if n.startswith("documents/"))
    lines.append(f"附件文件：{attachments} 个，文书存档：{documents} 个")
    lines.append(f"操作日志：{counts.get('audit_log', 0)} 条")
    missing = manifest.get("missing_files") or []
    if missing:
        lines.append(f"注意：备份时已有 {len(missing)} 个登记的文件缺失")
    return lines


# -- restore -----------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    manifest: Manifest
    replaced: Path | None  # where the previous store and files were put; None if there were none
    key: bytes | None = None  # the restored store's key when it is encrypted


def _store_items(data_dir: Path) -> list[str]:
    names = [DB_FILENAME, DB_FILENAME + "-wal", DB_FILENAME + "-shm", DB_FILENAME + "-journal"]
    return [n for n in [*names, ANCHOR_FILENAME, *FILE_DIRS] if (data_dir / n).exists()]


def set_aside(
    data_dir: Path, prefix: str, now: dt.datetime | None = None, *, extra: tuple[str, ...] = ()
) -> Path | None:
    """Move the store file (with -wal/-shm, the anchor), its folders and `extra` items
    into data_dir/<prefix><time>/."""
    now = now or dt.datetime.now()
    items = _store_items(data_dir) + [n for n in extra if (data_dir / n).exists()]
    if not items:
        return None
    aside = _unique(data_dir / f"{prefix}{_stamp(now)}")
    aside.mkdir()
    moved: list[str] = []
    try:
        for name in items:
            os.rename(data_dir / name, aside / name)
            moved.append(name)
        _fsync_dir(aside)
        _fsync_dir(data_dir)
    except OSError as exc:
        for name in reversed(moved):
            with contextlib.suppress(OSError):
                os.rename(aside / name, data_dir / name)

        raise explain_sqlite_error(exc, data_dir) from exc
    return aside


def start_anew(data_dir: Path) -> Path | None:
    """The clerk's choice when a damaged store has no good backup to restore from: keep
    everything (the store, its files and the backups that did not verify) in
    damaged-<time>/ and let a new, empty store be created."""
    with lock.acquire_store(data_dir, exclusive=True):
        return set_aside(Path(data_dir), DAMAGED_PREFIX, extra=(BACKUPS_DIR,))


def undo_swap(data_dir: Path, back_to: Path, moved: list[str], aside: Path | None) -> None:
    """Put everything back as it was: what was moved in goes back to `back_to`, what
    `set_aside` moved out returns to the data dir."""
    for name in reversed(moved):
        with contextlib.suppress(OSError):
            os.rename(data_dir / name, back_to / name)
    if aside is not None:
        for item in aside.iterdir():
            with contextlib.suppress(OSError):
                os.rename(item, data_dir / item.name)


def swap_in(
    path: Path, data_dir: Path, passphrase: str | None, now: dt.datetime | None
) -> RestoreResult:
    """Verify the backup at `path` and switch it in for the data dir's store (the current
    one set aside); the caller holds the store lock exclusive (restore.restore)."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=data_dir))
    except OSError as exc:
        raise explain_sqlite_error(exc, data_dir) from exc
    try:
        with _scratch(data_dir) as work, _plain(path, passphrase, work) as plain:
            manifest = _verify_zip(
                plain, work, extract_to=staging, display=path, passphrase=passphrase
            )
        db_file = staging / DB_FILENAME
        key = encryption.key_for(db_file, passphrase)
        version = _schema_version(db_file, key)
        if version > schema.LATEST:
            raise BackupError(
                f"该备份的数据版本（{version}）高于本程序支持的 {schema.LATEST}，"
                "请升级程序后再恢复。"
            )
        for name in FILE_DIRS:
            (staging / name).mkdir(exist_ok=True)
        for file in staging.rglob("*"):
            if file.is_file():
                _fsync_file(file)
        replaced = set_aside(data_dir, REPLACED_PREFIX, now)
        incoming = [DB_FILENAME, *FILE_DIRS]
        moved: list[str] = []
        try:
            for name in incoming:
                os.rename(staging / name, data_dir / name)
                moved.append(name)
            _fsync_dir(data_dir)
        except OSError as exc:
            undo_swap(data_dir, staging, moved, replaced)
            raise explain_sqlite_error(exc, data_dir) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return RestoreResult(manifest, replaced, key)


# -- automatic backups ----------------------------------------------------------------


def _auto_time(path: Path) -> dt.datetime | None:
    name = path.name
    if not (name.startswith(AUTO_PREFIX) and name.endswith(SUFFIX)):
        return None
    text = name[len(AUTO_PREFIX) : len(AUTO_PREFIX) + 15]
    try:
        return dt.datetime.strptime(text, "%Y%m%d-%H%M%S")
    except ValueError:
        return None


def automatic_backups(backups_dir: Path) -> list[tuple[dt.datetime, Path]]:
    """The automatic archives in `backups_dir`, oldest first."""
    if not backups_dir.is_dir():
        return []
    found = [(t, p) for p in backups_dir.iterdir() if (t := _auto_time(p)) is not None]
    return sorted(found)


def keep_set(times: list[dt.datetime]) -> set[dt.datetime]:
    """Generations to keep: the newest of each of the last 7 days, 4 ISO weeks and
    12 months that have a backup (a backup may count for several)."""
    keep: set[dt.datetime] = set()
    rules: list[tuple[int, Callable[[dt.datetime], tuple[int, ...]]]] = [
        (KEEP_DAILY, lambda t: (t.year, t.month, t.day)),
        (KEEP_WEEKLY, lambda t: tuple(t.isocalendar())[:2]),
        (KEEP_MONTHLY, lambda t: (t.year, t.month)),
    ]
    for count, bucket in rules:
        seen: set[tuple[int, ...]] = set()
        for t in sorted(times, reverse=True):
            b = bucket(t)
            if b in seen:
                continue
            seen.add(b)
            keep.add(t)
            if len(seen) >= count:
                break
    return keep


def prune(backups_dir: Path) -> list[Path]:
    """Delete automatic archives outside the generations; returns what was deleted."""
    found = automatic_backups(backups_dir)
    keep = keep_set([t for t, _ in found])
    removed: list[Path] = []
    for t, p in found:
        if t not in keep:
            with contextlib.suppress(OSError):
                p.unlink()
                removed.append(p)
    for stale in backups_dir.glob(f".{AUTO_PREFIX}*.part"):  # left by a killed process
        with contextlib.suppress(OSError):
            stale.unlink()
    return removed


def clean_stale(data_dir: Path, older_than: dt.timedelta = dt.timedelta(days=1)) -> None:
    """Remove work folders a killed backup or restore, and the file a killed store
    creation, left in the data dir (after a day, so that one still running in another
    process is never touched)."""
    limit = dt.datetime.now().timestamp() - older_than.total_seconds()
    for pattern in (".qingfeng-work-*", ".restore-*"):
        for folder in data_dir.glob(pattern):
            with contextlib.suppress(OSError):
                if folder.is_dir() and folder.stat().st_mtime < limit:
                    shutil.rmtree(folder, ignore_errors=True)
    for part in data_dir.glob(".qingfeng-new-*"):  # a store whose creation was killed
        with contextlib.suppress(OSError):
            if part.is_file() and part.stat().st_mtime < limit:
                part.unlink()


def automatic(
    store: Store,
    backups_dir: Path | None = None,
    now: dt.datetime | None = None,
    *,
    replace_today: bool = False,
) -> BackupResult | None:
    """At most one automatic backup per day, kept by generations (7 daily, 4 weekly,
    12 monthly). Returns None when today's already exists and `replace_today` is
    false; with it (at exit), today's backup is rewritten: the new one first, then
    the older one of the same day removed."""
    now = (now or store.clock()).replace(microsecond=0)
    backups_dir = Path(backups_dir or store.path.parent / BACKUPS_DIR)
    try:
        backups_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _explain_write(exc, backups_dir) from exc
    today = [p for t, p in automatic_backups(backups_dir) if t.date() == now.date()]
    if today and not replace_today:
        return None
    dest = _unique(backups_dir / f"{AUTO_PREFIX}{_stamp(now)}{SUFFIX}")
    result = write_archive(store, dest, kind="auto", now=now)
    for old in today:
        if old == dest:
            continue
        with contextlib.suppress(OSError):
            if holds_less(result.manifest, old):  # keep it: the store lost records today
                os.replace(old, _unique(old.with_name(KEPT_PREFIX + old.name[len(AUTO_PREFIX) :])))
            else:
                old.unlink()
    prune(backups_dir)
    clean_stale(store.path.parent)
    return result


def _peek_manifest(path: Path) -> Manifest | None:
    """An unencrypted archive's manifest, unverified (None if it cannot be read)."""
    try:
        with zipfile.ZipFile(path) as zf:
            data = json.loads(zf.read(MANIFEST).decode("utf-8"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, zlib.error):
        return None
    return data if isinstance(data, dict) else None


def _totals(manifest: Manifest) -> tuple[int, int]:
    """(records incl. the recycle bin, audit entries): both only grow in normal use."""
    counts: dict[str, int] = manifest.get("counts") or {}
    records = sum(int(counts.get(t, 0)) for t in (*TOP_LEVEL, "recycle_bin"))
    return records, int(counts.get("audit_log", 0))


def holds_less(new: Manifest, old_archive: Path) -> bool:
    """Whether `new` holds fewer records or audit entries than the archive (an
    unreadable or encrypted one counts as holding more: keep it)."""
    old = _peek_manifest(old_archive)
    if old is None:
        return True
    (new_records, new_audit), (old_records, old_audit) = _totals(new), _totals(old)
    return new_records < old_records or new_audit < old_audit


def newest_good(backups_dir: Path, *, scratch: Path | None = None) -> tuple[Path, Manifest] | None:
    """The newest archive in `backups_dir` that verifies completely (unencrypted ones;
    automatic and manual alike), for the start-up recovery offer."""
    if not backups_dir.is_dir():
        return None
    candidates = [p for p in backups_dir.glob(f"*{SUFFIX}") if p.is_file()]
    candidates.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for path in candidates:
        try:
            if is_encrypted(path):
                continue
            return path, inspect(path, scratch=scratch)
        except UserError:
            continue
    return None


# -- start-up diagnosis -------------------------------------------------------------


@dataclass(frozen=True)
class Diagnosis:
    message: str  # Chinese: what is wrong with the store
    backup: Path | None  # newest good backup to offer
    manifest: Manifest | None


def diagnose(data_dir: Path, *, quick_check: bool = True) -> Diagnosis | None:
    """None for a first start (no store, nothing that shows there was one) or a store
    that opens and passes quick_check; otherwise what is wrong (also an emptied store,
    or a missing one beside backups or stored files) and the newest good backup.

    `quick_check=False` leaves out the one check that reads the whole file (0.5 s at
    1M rows): the window runs it in the background once painted (`integrity_problem`).
    The UI shows `message`, then on consent calls `restore(backup, data_dir)`,
    which keeps whatever is there in replaced-<time>/.
    """
    data_dir = Path(data_dir)
    if quick_check:
        message = damage_reason(data_dir) or integrity_problem(data_dir)
    else:
        message = cheap_problem(data_dir)
    if message is None:
        return None
    return diagnosis(data_dir, message)


def diagnosis(data_dir: Path, message: str) -> Diagnosis:
    """What is wrong (`message`) with the newest good backup to restore, if any."""
    found = newest_good(Path(data_dir) / BACKUPS_DIR, scratch=Path(data_dir))
    if found is None:
        return Diagnosis(message + "没有找到可用的自动备份。", None, None)
    return Diagnosis(
        message + f"可以从最近的完好备份（{found[1].get('created_at')}）恢复，"
        "现有文件会先另存，不会删除。",
        found[0],
        found[1],
    )


def integrity_problem(data_dir: Path) -> str | None:
    """PRAGMA quick_check of the store file, read-only: what is wrong, or None (also for
    no file, and for an encrypted store, which is checked once its passphrase is given)."""
    path = Path(data_dir) / DB_FILENAME
    if not path.exists() or encryption.is_encrypted_file(path):
        return None
    return _quick_check(path)


def _quick_check(path: Path) -> str | None:
    try:
        check_version(path)
        conn = encryption.connect(encryption.read_only_uri(path), None, uri=True)
        try:
            result = [r[0] for r in conn.execute("PRAGMA quick_check")]
        finally:
            conn.close()
    except NewerSchemaError:
        raise
    except StoreError as exc:
        return str(exc)
    except encryption.Error as exc:
        return str(explain_sqlite_error(exc, path))
    if result != ["ok"]:
        return "数据文件未通过完整性检查（" + "；".join(result[:2]) + "），继续使用可能丢失数据。"
    return None


def recovery_hint(data_dir: Path) -> str:
    """What the clerk can do about a damaged store, naming the newest good backup."""
    data_dir = Path(data_dir)
    found = newest_good(data_dir / BACKUPS_DIR, scratch=data_dir if data_dir.is_dir() else None)
    if found is None:
        return (
            "数据目录的 backups 文件夹中没有可用的备份；如有 U 盘上的备份，"
            "请在窗口中用“从备份恢复”，或运行 restore 命令恢复。"
        )
    path, manifest = found
    return (
        f"最近的完好备份：{path}（{manifest.get('created_at', '')}）。"
        "请启动窗口按提示恢复，或运行："
        f'python -m desktop restore "{path}" --data-dir "{data_dir}"'
        "（现有文件会先移到 replaced-时间 文件夹保留）。"
    )
