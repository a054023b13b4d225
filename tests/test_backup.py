"""Backups, restore, generations, start-up diagnosis, the single-instance lock."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from desktop import cli
from desktop.store import (
    Store,
    StoreError,
    attachments,
    audit,
    backup,
    check,
    lock,
    numbering,
    records,
    restore,
)

REPO = Path(__file__).resolve().parent.parent
T0 = dt.datetime(2026, 3, 2, 17, 30, 0)


def _fill(store: Store, tmp: Path, tag: str = "") -> None:
    unit = records.insert(store, "units", {"name": f"城关镇{tag}", "kind": "乡镇/街道"})
    records.insert(store, "units", {"name": f"河西乡{tag}", "kind": "乡镇/街道"})
    for i, body in enumerate([b"scan of a letter\x00\xff", "举报材料".encode() * 100]):
        src = tmp / f"材料{tag}{i}.bin"
        src.write_bytes(body)
        attachments.add(store, src, "units", unit)
    numbering.issue(
        store,
        kind="提醒函",
        title=f"关于加强公车管理的提醒函{tag}",
        issued_date=dt.date(2026, 3, 2),
        addressee="城关镇",
        render=lambda number: b"%PDF-1.4 " + number.encode(),
    )
    gone = records.insert(store, "units", {"name": f"临时单位{tag}", "kind": "乡镇/街道"})
    records.delete(store, "units", gone)


def _dump(data_dir: Path) -> dict[str, Any]:
    """Every row of every table, and the hash of every stored file."""
    conn = sqlite3.connect(data_dir / "qingfeng.sqlite3")
    try:
        tables = [
            r[0]
            # ordinary tables (the search indexes' virtual and shadow tables have no rowid)
            for r in conn.execute(
                "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'"
                " ORDER BY name"
            )
        ]
        rows = {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()
    files = {
        p.relative_to(data_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for top in ("attachments", "documents")
        for p in sorted((data_dir / top).rglob("*"))
        if p.is_file()
    }
    return {"rows": rows, "version": version, "files": files}


def _restored(data_dir: Path, archive: Path) -> dict[str, Any]:
    """`_dump` of a data dir just restored from `archive`: its log ends with the restore
    (recorded after the swap), which is taken off so the rest compares with the backup."""
    dump = _dump(data_dir)
    last = dump["rows"]["audit_log"].pop()
    assert last[3:5] == ("restore_backup", "backups")
    assert f'"backup":"{archive.name}"' in last[7]
    return dump


@pytest.fixture
def filled(data_dir: Path, tmp_path: Path) -> Store:
    store = Store.open(data_dir, clock=lambda: T0)
    _fill(store, tmp_path)
    yield store
    store.close()


def test_restore_round_trip_keeps_every_record_file_and_audit_entry(
    filled: Store, data_dir: Path, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    started = time.monotonic()
    result = backup.backup_to(filled, usb, now=T0)
    seconds = time.monotonic() - started
    print(f"backup: {result.size} bytes in {seconds:.3f} s")
    before = _dump(data_dir)
    assert result.path.name == "qingfeng-backup-20260302-173000.qfbak"
    assert list(usb.iterdir()) == [result.path]  # no temporary file left
    manifest = result.manifest
    assert manifest["counts"]["units"] == 2 and manifest["counts"]["attachments"] == 2
    assert manifest["schema_version"] == filled.user_version
    assert manifest["missing_files"] == []
    assert any(n.startswith("documents/") for n in manifest["files"])
    with zipfile.ZipFile(result.path) as zf:  # PDFs are compressed already: kept as they are
        kinds = {i.filename: i.compress_type for i in zf.infolist()}
    assert kinds["qingfeng.sqlite3"] == zipfile.ZIP_DEFLATED
    assert {t for n, t in kinds.items() if n.endswith(".bin")} == {zipfile.ZIP_DEFLATED}
    assert {t for n, t in kinds.items() if n.endswith(".pdf")} == {zipfile.ZIP_STORED}

    # work goes on after the backup, then the clerk restores
    records.insert(filled, "units", {"name": "备份之后新增的单位", "kind": "乡镇/街道"})
    filled.close()
    after_backup = _dump(data_dir)

    shown = backup.inspect(result.path)
    assert shown["counts"] == manifest["counts"]
    assert "备份时间：2026-03-02 17:30:00" in backup.describe(shown)

    restored = restore.restore(result.path, data_dir, now=T0 + dt.timedelta(hours=1))
    assert _restored(data_dir, result.path) == before
    store = Store.open(data_dir)
    try:
        chain = audit.verify_chain(store)
        assert chain.ok and chain.entries == len(before["rows"]["audit_log"]) + 1
    finally:
        store.close()
    assert check.run(data_dir).ok

    # nothing was overwritten: the store as it was before the restore is kept aside
    assert restored.replaced is not None and restored.replaced.name.startswith("replaced-")
    assert _dump(restored.replaced) == after_backup

    # and on a new computer: an empty data dir
    fresh = tmp_path / "new-pc"
    assert restore.restore(result.path, fresh).replaced is None
    assert _restored(fresh, result.path) == before


def test_encrypted_round_trip_and_wrong_passphrase(
    filled: Store, data_dir: Path, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    result = backup.backup_to(filled, usb, passphrase="清风 correct horse", now=T0)
    before = _dump(data_dir)
    filled.close()
    raw = result.path.read_bytes()
    assert raw.startswith(backup.MAGIC) and backup.is_encrypted(result.path)
    assert "城关镇".encode() not in raw and b"manifest" not in raw and b"PK\x03\x04" not in raw

    with pytest.raises(backup.PassphraseError, match="密码不正确"):
        backup.inspect(result.path, "wrong")
    with pytest.raises(backup.PassphraseError, match="已加密"):
        restore.restore(result.path, data_dir)
    assert not any(p.name.startswith("replaced-") for p in data_dir.iterdir())

    assert backup.inspect(result.path, "清风 correct horse")["counts"]["units"] == 2
    fresh = tmp_path / "restored"
    restore.restore(result.path, fresh, "清风 correct horse")
    assert _restored(fresh, result.path) == before

    # a changed byte in the ciphertext is damage, not a wrong passphrase
    damaged = tmp_path / "damaged.qfbak"
    flipped = bytearray(raw)
    flipped[len(flipped) // 2] ^= 0x40
    damaged.write_bytes(bytes(flipped))
    with pytest.raises(backup.BackupError, match="已损坏") as info:
        backup.inspect(damaged, "清风 correct horse")
    assert not isinstance(info.value, backup.PassphraseError)
    # a cut-off file too (the last chunk carries its own flag)
    damaged.write_bytes(raw[: len(raw) - 10])
    with pytest.raises(backup.BackupError, match="已损坏"):
        backup.inspect(damaged, "清风 correct horse")


@pytest.mark.parametrize("damage", ["flip", "truncate", "not-a-zip", "extra-member"])
def test_damaged_archive_is_refused_and_store_untouched(
    filled: Store, data_dir: Path, tmp_path: Path, damage: str
) -> None:
    result = backup.backup_to(filled, tmp_path, now=T0)
    filled.close()
    before = _dump(data_dir)
    raw = bytearray(result.path.read_bytes())
    if damage == "flip":
        with zipfile.ZipFile(result.path) as zf:
            info = zf.getinfo("qingfeng.sqlite3")
        raw[info.header_offset + 200] ^= 0xFF  # inside the compressed database
        result.path.write_bytes(bytes(raw))
    elif damage == "truncate":
        result.path.write_bytes(bytes(raw[: len(raw) // 2]))
    elif damage == "not-a-zip":
        result.path.write_bytes(b"hello" * 100)
    else:
        with zipfile.ZipFile(result.path, "a") as zf:
            zf.writestr("attachments/../../evil.txt", b"x")
    with pytest.raises(backup.BackupError, match="损坏") as excinfo:
        restore.restore(result.path, data_dir)
    assert "\n" not in str(excinfo.value)
    assert _dump(data_dir) == before
    assert sorted(
        p.name for p in data_dir.iterdir() if not p.name.startswith(("qingfeng", ".qingfeng"))
    ) == [
        "attachments",
        "documents",
    ]
    assert not (tmp_path / "evil.txt").exists()


def test_any_flipped_byte_in_the_database_member_is_reported_as_damage(
    filled: Store, tmp_path: Path
) -> None:
    """Deflate fails in several ways (bad distance, bad block type, CRC): all are damage."""
    result = backup.backup_to(filled, tmp_path, now=T0)
    raw = result.path.read_bytes()
    with zipfile.ZipFile(result.path) as zf:
        info = zf.getinfo("qingfeng.sqlite3")
    local = info.header_offset  # the local header's own name and extra lengths
    start = local + 30 + int.from_bytes(raw[local + 26 : local + 28], "little")
    start += int.from_bytes(raw[local + 28 : local + 30], "little")
    damaged = tmp_path / "damaged.qfbak"
    for offset in range(start, start + info.compress_size, max(1, info.compress_size // 40)):
        flipped = bytearray(raw)
        flipped[offset] ^= 0xFF
        damaged.write_bytes(bytes(flipped))
        with pytest.raises(backup.BackupError, match="损坏"):
            backup.inspect(damaged)


def test_generations_over_400_days(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Automatic backups twice a day for 400 days (injected clock): at most one per day,
    and pruning keeps 7 daily, 4 weekly and 12 monthly generations."""
    store = Store.open(data_dir)
    folder = data_dir / "backups"
    written = []

    def fake_write(store: Store, dest: Path, **kw: Any) -> backup.BackupResult:
        dest.write_bytes(b"stand-in")  # the real writer is exercised by the other tests
        written.append(dest)
        return backup.BackupResult(dest, {}, 8, False)

    monkeypatch.setattr(backup, "write_archive", fake_write)
    start = dt.datetime(2026, 1, 1, 9, 0, 0)
    try:
        for day in range(400):
            morning = start + dt.timedelta(days=day)
            assert backup.automatic(store, now=morning) is not None
            assert backup.automatic(store, now=morning + dt.timedelta(hours=8)) is None
            if day % 50 == 0:  # at exit: today's backup rewritten, still one for the day
                assert backup.automatic(
                    store, now=morning + dt.timedelta(hours=9), replace_today=True
                )
    finally:
        store.close()
    assert len(written) == 400 + 8
    kept = [t for t, _ in backup.automatic_backups(folder)]
    last = start + dt.timedelta(days=399)
    days = {t.date() for t in kept}
    assert {(last - dt.timedelta(days=i)).date() for i in range(7)} <= days
    assert len({tuple(t.isocalendar())[:2] for t in kept}) >= 4
    assert len({(t.year, t.month) for t in kept}) == 12
    assert len(kept) <= 7 + 4 + 12
    assert min(kept) < last - dt.timedelta(days=300)
    assert len(days) == len(kept)  # one per day


def test_automatic_backup_real_files_verified_and_checked(data_dir: Path, tmp_path: Path) -> None:
    store = Store.open(data_dir)
    _fill(store, tmp_path)
    stale, fresh = data_dir / ".qingfeng-work-killed", data_dir / ".restore-running"
    stale.mkdir()
    fresh.mkdir()
    os.utime(stale, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    try:
        for day in range(3):
            assert backup.automatic(store, now=T0 + dt.timedelta(days=day))
        assert backup.automatic(store, now=T0 + dt.timedelta(days=2, hours=1)) is None
        at_exit = backup.automatic(
            store, now=T0 + dt.timedelta(days=2, hours=2), replace_today=True
        )
        assert at_exit is not None
    finally:
        store.close()
    assert not stale.exists() and fresh.exists()  # left by a killed process / still in use
    fresh.rmdir()
    names = sorted(p.name for p in (data_dir / "backups").iterdir())
    assert names == [
        "qingfeng-auto-20260302-173000.qfbak",
        "qingfeng-auto-20260303-173000.qfbak",
        "qingfeng-auto-20260304-193000.qfbak",
    ]
    report = check.run(data_dir)
    assert report.ok, report.problems
    assert any("3 份校验通过" in line for line in report.lines)

    # a damaged backup is reported by check
    victim = data_dir / "backups" / names[0]
    victim.write_bytes(victim.read_bytes()[:-100])
    report = check.run(data_dir)
    assert any(names[0] in p and "损坏" in p for p in report.problems)


def test_damaged_store_is_explained_and_newest_good_backup_offered(
    data_dir: Path, tmp_path: Path
) -> None:
    store = Store.open(data_dir)
    _fill(store, tmp_path)
    backup.automatic(store, now=T0)
    good = _dump(data_dir)
    newer = backup.automatic(store, now=T0 + dt.timedelta(days=1))
    store.close()
    assert newer is not None
    newer.path.write_bytes(b"broken")  # the newest one is bad: the older one is offered
    assert backup.diagnose(data_dir) is None

    db = data_dir / "qingfeng.sqlite3"
    with open(db, "r+b") as fh:  # wreck the header: "not a database"
        fh.write(b"garbage garbage!")
    found = backup.diagnose(data_dir)
    assert found is not None and found.backup is not None
    assert "损坏" in found.message and "2026-03-02 17:30:00" in found.message
    result = restore.restore(found.backup, data_dir)
    assert _restored(data_dir, found.backup) == good
    assert result.replaced is not None
    assert (result.replaced / "qingfeng.sqlite3").read_bytes().startswith(b"garbage")
    Store.open(data_dir).close()


# -- faults while writing a backup ---------------------------------------------------


class _FailingWriter:
    """A zip member writer that fails on its first write, like a device going away."""

    def __init__(self, inner: Any, fail: Any) -> None:
        self.inner, self.fail, self.calls = inner, fail, 0

    def write(self, data: bytes) -> int:
        self.calls += 1
        if self.calls == 1:
            self.fail()
        return int(self.inner.write(data))

    def __enter__(self) -> _FailingWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.inner.__exit__(*exc)


def _patch_zip_writes(monkeypatch: pytest.MonkeyPatch, fail: Any) -> None:
    real_open = zipfile.ZipFile.open

    def fake_open(
        self: zipfile.ZipFile, name: Any, mode: str = "r", pwd: Any = None, **kw: Any
    ) -> Any:
        handle = real_open(self, name, mode, pwd, **kw)
        member = name.filename if isinstance(name, zipfile.ZipInfo) else name
        if mode == "w" and member == "qingfeng.sqlite3":
            return _FailingWriter(handle, fail)
        return handle

    monkeypatch.setattr(zipfile.ZipFile, "open", fake_open)


def test_target_removed_mid_write_leaves_nothing_and_says_so(
    filled: Store, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    before = _dump(data_dir)

    def pulled() -> None:
        shutil.rmtree(usb)  # the stick is gone; on Linux the open file still takes writes

    _patch_zip_writes(monkeypatch, pulled)
    with pytest.raises(backup.BackupError, match="U 盘") as info:
        backup.backup_to(filled, usb, now=T0)
    assert "未留下不完整的备份文件" in str(info.value)
    assert not usb.exists()

    usb.mkdir()

    def vanished() -> None:
        raise OSError(errno.EIO, "Input/output error")

    _patch_zip_writes(monkeypatch, vanished)
    with pytest.raises(backup.BackupError, match="U 盘"):
        backup.backup_to(filled, usb, now=T0)
    assert list(usb.iterdir()) == []
    assert _dump(data_dir) == before
    assert not [p for p in data_dir.iterdir() if p.name.startswith(".qingfeng-work")]


def test_disk_full_while_writing_a_backup(
    filled: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()

    def full() -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    _patch_zip_writes(monkeypatch, full)
    with pytest.raises(backup.BackupError, match="空间不足"):
        backup.backup_to(filled, usb, now=T0)
    assert list(usb.iterdir()) == []
    monkeypatch.undo()

    # and when the free space is known to be too small, it says so before writing
    monkeypatch.setattr(shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(1, 1, 0))  # type: ignore[attr-defined]
    with pytest.raises(backup.BackupError, match="空间不足"):
        backup.backup_to(filled, usb, now=T0)
    assert list(usb.iterdir()) == []


def test_read_only_or_missing_target(
    filled: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(backup.BackupError, match="不存在"):
        backup.backup_to(filled, tmp_path / "nowhere", now=T0)
    usb = tmp_path / "usb"
    usb.mkdir()
    real_open = zipfile.ZipFile.__init__

    def read_only(self: zipfile.ZipFile, file: Any, mode: str = "r", *a: Any, **kw: Any) -> None:
        if mode == "w":
            raise OSError(errno.EROFS, "Read-only file system", str(file))
        real_open(self, file, mode, *a, **kw)

    monkeypatch.setattr(zipfile.ZipFile, "__init__", read_only)
    with pytest.raises(backup.BackupError, match="不可写"):
        backup.backup_to(filled, usb, now=T0)
    assert list(usb.iterdir()) == []


def test_backup_of_a_store_in_use_by_another_writer(data_dir: Path, tmp_path: Path) -> None:
    """The online backup API copies one committed state while another connection writes."""
    store = Store.open(data_dir)
    other = store.connect_again()
    try:
        with other.transaction():  # an open, uncommitted write elsewhere
            other.db.execute(
                "INSERT INTO units(name, created_at, updated_at) VALUES ('未提交', 'x', 'x')"
            )
            result = backup.backup_to(store, tmp_path, now=T0)
        assert result.manifest["counts"]["units"] == 0
    finally:
        other.close()
        store.close()


# -- CLI -----------------------------------------------------------------------------


def test_cli_backup_and_restore(
    filled: Store, data_dir: Path, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    filled.close()
    before = _dump(data_dir)
    usb = tmp_path / "usb"
    usb.mkdir()
    assert cli.main(["backup", "--data-dir", str(data_dir), "--to", str(usb)]) == 0
    out = capsys.readouterr().out
    assert "已完成备份并校验" in out and "单位：2 条" in out

    monkeypatch.delenv("QINGFENG_PASSPHRASE", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    assert cli.main(["backup", "--data-dir", str(data_dir), "--to", str(usb), "--encrypt"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：需要密码") and err.count("\n") == 1

    monkeypatch.setenv("QINGFENG_PASSPHRASE", "秘密 pass")
    time.sleep(1.01)  # a new name (names carry the second)
    assert cli.main(["backup", "--data-dir", str(data_dir), "--to", str(usb), "--encrypt"]) == 0
    assert "已完成加密备份并校验" in capsys.readouterr().out
    encrypted = next(usb.glob("*-encrypted.qfbak"))

    fresh = tmp_path / "fresh"
    assert cli.main(["restore", str(encrypted), "--data-dir", str(fresh)]) == 0
    assert _restored(fresh, encrypted) == before

    monkeypatch.setenv("QINGFENG_PASSPHRASE", "wrong")
    assert cli.main(["restore", str(encrypted), "--data-dir", str(fresh)]) == 1
    err = capsys.readouterr().err
    assert "密码不正确" in err and err.count("\n") == 1

    plain = next(p for p in usb.glob("*.qfbak") if p != encrypted)
    with lock.acquire(data_dir):
        assert cli.main(["restore", str(plain), "--data-dir", str(data_dir)]) == 1
        assert "正在被另一个清风台账" in capsys.readouterr().err
    assert cli.main(["restore", str(plain), "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "原有数据已另存到" in out
    assert _restored(data_dir, plain) == before

    assert cli.main(["check", "--data-dir", str(data_dir)]) == 0
    assert cli.main(["restore", str(tmp_path / "nope.qfbak"), "--data-dir", str(data_dir)]) == 1
    assert "备份文件" in capsys.readouterr().err


# -- single instance -------------------------------------------------------------------


def test_second_instance_is_refused_while_another_process_holds_the_lock(
    data_dir: Path,
) -> None:
    data_dir.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from desktop.store import lock;"
            f" l = lock.acquire({str(data_dir)!r}); print('held', flush=True); time.sleep(60)",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreError, match="正在被另一个清风台账窗口"):
            lock.acquire(data_dir)
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    # the kernel drops the lock of a killed process: the next start gets it
    with lock.acquire(data_dir) as held:
        assert held.held
        with pytest.raises(StoreError, match="正在被另一个"):
            lock.acquire(data_dir)  # twice in one process is refused as well
    assert not held.held
    lock.acquire(data_dir).release()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_lock_in_a_read_only_data_dir(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir.mkdir()
    real = os.open

    def deny(path: Any, flags: int, *a: Any) -> int:
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, flags, *a)

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(StoreError, match="只读"):
        lock.acquire(data_dir)
    monkeypatch.undo()
    lock.acquire(data_dir).release()  # creates the file
    monkeypatch.setattr(os, "open", deny)
    with lock.acquire(data_dir):  # an existing lock file can still be locked read-only
        pass
