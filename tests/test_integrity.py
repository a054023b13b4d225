"""Safe keeping, second pass (issue 14, integrity): each hole reproduced, each closed.

An emptied or deleted store is damage, not a first start; a restore never runs under a
writer; a record edited in the file, a cut-off or rewritten log tail and a deleted
password row are named by `check`; a lost -wal is noticed; damaged encrypted backups
are called damaged, not a wrong password; SQLite failures come out in Chinese.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import cli
from desktop.store import (
    Store,
    StoreError,
    access,
    audit,
    backup,
    check,
    conversion,
    dictionaries,
    encryption,
    records,
    restore,
)
from desktop.store.db import explain_sqlite_error
from desktop.store.errors import DamagedStoreError
from desktop.store.schema import audit_entry_hash, rehash_audit_log

REPO = Path(__file__).resolve().parent.parent
T0 = dt.datetime(2026, 3, 2, 17, 30, 0)
DB = "qingfeng.sqlite3"


def _clue(store: Store, reporter: str = "王五") -> int:
    unit = records.insert(store, "units", {"name": f"东关镇{reporter}"})
    person = records.insert(store, "persons", {"name": f"李四{reporter}", "unit_id": unit})
    return records.insert(
        store,
        "clues",
        {
            "received_date": "2026-02-03",
            "source": "上级交办",
            "summary": "反映违规发放津贴补贴",
            "reporter_name": reporter,
        },
        {"clue_persons": [{"person_id": person, "unit_name": "东关镇", "post": "科员"}]},
    )


@pytest.fixture
def kept(data_dir: Path, tmp_path: Path) -> Path:
    """A data dir with a clue, an attachment and the day's automatic backup; closed."""
    store = Store.open(data_dir)
    clue = _clue(store)
    src = tmp_path / "举报信.txt"
    src.write_text("举报材料", encoding="utf-8")
    from desktop.store import attachments

    attachments.add(store, src, "clues", clue)
    assert backup.automatic(store, now=T0) is not None
    store.close()
    return data_dir


def _problems(data_dir: Path, key: bytes | None = None) -> list[str]:
    return check.run(data_dir, key=key).problems


def _backups(data_dir: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((data_dir / "backups").iterdir())
    }


# -- never create over something -------------------------------------------------------


def test_emptied_store_is_refused_everywhere_and_the_newest_backup_restores_it(
    kept: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = kept / DB
    for extra in kept.glob(f"{DB}-*"):
        extra.unlink()
    path.write_bytes(b"")  # truncate -s 0
    saved = _backups(kept)
    newest = next((kept / "backups").iterdir())

    with pytest.raises(DamagedStoreError, match="空的") as refused:
        Store.open(kept)
    assert str(newest) in str(refused.value) and "restore" in str(refused.value)
    period = ["--from", "2026-01-01", "--to", "2026-12-31"]
    for argv in (
        ["check"],
        ["stats", *period],
        ["seed-demo"],
        ["export-ledger", "问题线索", "--out", str(kept.parent / "x.xlsx")],
        ["import-ledger", str(kept.parent / "x.xlsx"), "--kind", "问题线索"],
        ["backup", "--to", str(kept.parent)],
    ):
        assert cli.main([*argv, "--data-dir", str(kept)]) == 1, argv
        err = capsys.readouterr().err
        assert "空的" in err and newest.name in err, (argv, err)
    assert path.stat().st_size == 0  # nothing was created over it
    assert _backups(kept) == saved  # and no backup was replaced by one of an empty store

    found = backup.diagnose(kept)
    assert found is not None and found.backup == newest and "空的" in found.message
    result = restore.restore(found.backup, kept)
    store = Store.open(kept)
    try:
        assert store.scalar("SELECT reporter_name FROM clues") == "王五"
    finally:
        store.close()
    assert result.replaced is not None and (result.replaced / DB).stat().st_size == 0
    assert check.run(kept).ok


def test_deleted_store_beside_backups_or_files_is_not_a_first_start(
    kept: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for file in kept.glob(f"{DB}*"):
        file.unlink()
    with pytest.raises(DamagedStoreError, match=r"不存在.*自动备份、附件"):
        Store.open(kept)
    assert cli.main(["seed-demo", "--data-dir", str(kept)]) == 1
    assert "不会在这里新建空的数据文件" in capsys.readouterr().err
    assert cli.main(["check", "--data-dir", str(kept)]) == 1
    assert "最近的完好备份" in capsys.readouterr().err
    assert not (kept / DB).exists()

    # stored files alone (no backups yet) show that a store lived here as well
    shutil.rmtree(kept / "backups")
    with pytest.raises(DamagedStoreError, match="附件"):
        Store.open(kept)
    found = backup.diagnose(kept)
    assert found is not None and found.backup is None
    # the clerk may keep everything aside and start anew (the window asks first)
    aside = backup.start_anew(kept)
    assert aside is not None and (aside / "attachments").is_dir()
    Store.open(kept).close()

    # a data dir that never held anything is a first start, as before
    Store.open(tmp_path / "new").close()
    assert (tmp_path / "new" / DB).stat().st_size > 0


def test_rotation_never_replaces_a_backup_with_a_smaller_one(kept: Path) -> None:
    conn = sqlite3.connect(kept / DB)  # records lost behind the program's back
    conn.execute("DELETE FROM clue_persons")
    conn.execute("DELETE FROM clues")
    conn.commit()
    conn.close()
    store = Store.open(kept)
    try:
        result = backup.automatic(store, now=T0 + dt.timedelta(hours=2), replace_today=True)
    finally:
        store.close()
    assert result is not None
    names = sorted(p.name for p in (kept / "backups").iterdir())
    assert names == ["qingfeng-auto-20260302-193000.qfbak", "qingfeng-kept-20260302-173000.qfbak"]
    kept_one = backup.inspect(kept / "backups" / names[1])
    assert kept_one["counts"]["clues"] == 1
    backup.prune(kept / "backups")  # the generations leave it alone
    assert len(list((kept / "backups").iterdir())) == 2


# -- one lock for all writers -------------------------------------------------------------

WRITER = r"""
import sys
from desktop.store import Store, StoreError, records
store = Store.open(sys.argv[1])
print("R", flush=True)
i = 0
while True:
    i += 1
    try:
        uid = records.insert(store, "units", {"name": f"写入{i}"})
    except StoreError as exc:
        print("STOP", exc, flush=True)
        break
    print(f"U {uid}", flush=True)
"""


def test_restore_is_refused_while_another_process_writes_and_nothing_committed_is_lost(
    kept: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = next((kept / "backups").iterdir())
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(kept)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    seen: list[str] = []
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "R"
        seen += [writer.stdout.readline() for _ in range(20)]
        assert cli.main(["restore", str(archive), "--data-dir", str(kept)]) == 1
        assert "恢复需要独占数据" in capsys.readouterr().err
        with pytest.raises(StoreError, match="正在被其他窗口或命令使用"):
            restore.restore(archive, kept)
    finally:
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate()
    lines = [*seen, *out.splitlines()]
    committed = {int(line.split()[1]) for line in lines if line.startswith("U ")}
    assert not any(p.name.startswith("replaced-") for p in kept.iterdir())
    store = Store.open(kept)
    try:
        live = {int(r[0]) for r in store.db.execute("SELECT id FROM units")}
    finally:
        store.close()
    assert (
        len(committed) >= 20 and committed <= live
    )  # every write reported committed is in the store
    # with the writer gone the restore goes through, and is in the restored log
    assert cli.main(["restore", str(archive), "--data-dir", str(kept)]) == 0
    store = Store.open(kept)
    try:
        last = store.query("SELECT action, after FROM audit_log ORDER BY id DESC LIMIT 1")[0]
    finally:
        store.close()
    assert last["action"] == "restore_backup" and archive.name in last["after"]
    from desktop.domain import audit_view  # as the 审计日志 page shows it

    shown = {
        c.label: c.after for c in audit_view.changes("backups", None, json.loads(last["after"]))
    }
    assert shown["备份文件"] == archive.name and shown["备份时间"] == "2026-03-02 17:30:00"
    assert (audit_view.table_label("backups"), audit_view.action_label("restore_backup")) == (
        "备份",
        "从备份恢复",
    )


def test_a_writer_stops_when_its_store_is_replaced_under_it(kept: Path, tmp_path: Path) -> None:
    store = Store.open(kept)
    try:
        records.insert(store, "units", {"name": "替换前"})
        moved = tmp_path / "moved.sqlite3"
        os.rename(kept / DB, moved)  # what a restore that ignored the lock would do
        shutil.copyfile(moved, kept / DB)
        with pytest.raises(StoreError, match="数据文件已被替换或移走"):
            records.insert(store, "units", {"name": "替换后"})
    finally:
        store.close()
    for file in (moved, kept / DB):
        conn = sqlite3.connect(file)
        assert conn.execute("SELECT 1 FROM units WHERE name = '替换后'").fetchone() is None
        conn.close()


# -- tamper evidence -----------------------------------------------------------------------


def test_direct_edits_of_records_are_named_and_renames_are_not(kept: Path) -> None:
    store = Store.open(kept)
    try:
        dictionaries.rename_item(store, "clue_source", "上级交办", "上级机关交办")
        store.set_setting("office_name", "清河县纪委监委")
        clue = int(store.scalar("SELECT id FROM clues"))
    finally:
        store.close()
    assert check.run(kept).ok  # a rename changes records under the dictionary's entry

    conn = sqlite3.connect(kept / DB)
    conn.execute("UPDATE clues SET reporter_name = '张三' WHERE id = ?", [clue])
    conn.execute("UPDATE clue_persons SET post = '局长'")
    conn.execute("UPDATE settings SET value = '别的机关' WHERE key = 'office_name'")
    conn.execute("INSERT INTO units (name, created_at, updated_at) VALUES ('塞进来的', '', '')")
    unit = conn.execute("SELECT id FROM units WHERE name = '塞进来的'").fetchone()[0]
    conn.commit()
    conn.close()
    problems = _problems(kept)
    assert f"问题线索 {clue}：举报人姓名 与操作日志不一致" in problems
    assert f"问题线索 {clue}：被反映人 与操作日志不一致" in problems
    assert f"单位 {unit}：操作日志中没有它（被直接写入数据文件？）" in problems
    label = _setting_label(kept, "office_name")
    assert f"设置“{label}”：与操作日志不一致" in problems
    assert cli.main(["check", "--data-dir", str(kept)]) == 1


def _setting_label(data_dir: Path, key: str) -> str:
    conn = sqlite3.connect(data_dir / DB)
    try:
        return str(conn.execute("SELECT label FROM settings WHERE key = ?", [key]).fetchone()[0])
    finally:
        conn.close()


def _write_entries(store: Store, n: int) -> None:
    for i in range(n):
        store.set_setting("office_name", f"清河县纪委监委{i}")


def _cut_tail(data_dir: Path, n: int, key: bytes | None = None) -> None:
    conn = encryption.connect(str(data_dir / DB), key)
    conn.execute("DELETE FROM audit_log WHERE id > (SELECT MAX(id) FROM audit_log) - ?", [n])
    conn.commit()
    conn.close()


def test_cut_tail_is_named_by_the_anchor_and_by_the_backups(kept: Path) -> None:
    store = Store.open(kept)
    try:
        _write_entries(store, 505)
        backup.automatic(store, now=T0 + dt.timedelta(days=1))
        entries = audit.head(store)["entries"]
    finally:
        store.close()
    assert json.loads((kept / "qingfeng-anchor.json").read_text())["entries"] == entries
    assert check.run(kept).ok
    for n in (1, 500):
        copy = kept.parent / f"cut{n}"
        shutil.copytree(kept, copy)
        _cut_tail(copy, n)
        store = Store.open(copy)
        try:
            assert audit.verify_chain(store).ok  # the chain alone cannot tell
        finally:
            store.close()
        problems = _problems(copy)
        cut = f"操作日志末尾少了 {n} 条"
        assert any(p.startswith(cut) and "锚定文件" in p for p in problems), problems
        (copy / "qingfeng-anchor.json").unlink()  # the backup's manifest still knows
        problems = _problems(copy)
        assert any(p.startswith(cut) and "备份 qingfeng-auto-20260303" in p for p in problems)


def _rechain_without_key(data_dir: Path, entry_id: int, key: bytes | None = None) -> None:
    """What someone with the file (and an encrypted store's key) and this repository can
    do: edit, then recompute without the chain key."""
    conn = encryption.connect(str(data_dir / DB), key)
    conn.execute("UPDATE audit_log SET operator = '别人' WHERE id = ?", [entry_id])
    rehash_audit_log(conn, audit_entry_hash)
    conn.commit()
    conn.close()


def _cut_tail_and_refit_anchor(
    copy: Path, data_dir: Path, n: int, key: bytes | None = None
) -> None:
    """A copy of `data_dir` with its last `n` entries cut and the anchor rewritten to
    the new head (its own checksum fitted; the MAC cannot be without the chain key)."""
    shutil.copytree(data_dir, copy)
    _cut_tail(copy, n, key)
    conn = encryption.connect(str(copy / DB), key)
    last, digest = conn.execute(
        "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    conn.close()
    path = copy / "qingfeng-anchor.json"
    anchor = json.loads(path.read_text())
    del anchor["sum"]
    anchor |= {"entries": last, "hash": digest}
    anchor["sum"] = audit._anchor_sum(anchor)
    path.write_text(json.dumps(anchor, ensure_ascii=False))


def test_a_rechained_log_is_named_unkeyed_by_the_anchor_keyed_by_the_chain(kept: Path) -> None:
    plain = kept.parent / "plain"
    shutil.copytree(kept, plain)
    _rechain_without_key(plain, 2)
    store = Store.open(plain)
    try:
        assert audit.verify_chain(store).ok  # unkeyed: the recomputed chain holds...
    finally:
        store.close()
    assert any("校验值不同" in p and "锚定文件" in p for p in _problems(plain))  # ...not the anchor

    passphrase = "integrity-passphrase"
    conversion.encrypt_store(kept, passphrase)  # rechains the log with the store's key
    key = encryption.unlock(kept / DB, passphrase)
    store = Store.open(kept, key=key)
    try:
        records.insert(store, "units", {"name": "加密后新增"})
        assert audit.verify_chain(store).ok
    finally:
        store.close()
    assert check.run(kept, key=key).ok
    with pytest.raises(encryption.PassphraseError):  # another key does not even open it
        encryption.unlock(kept / DB, "another-passphrase")
    anchor = json.loads((kept / "qingfeng-anchor.json").read_text())
    assert anchor["keyed"] is True and anchor["mac"]
    # a keyed anchor cannot be rewritten to fit a cut log without the key either
    _cut_tail_and_refit_anchor(kept.parent / "refit", kept, 1, key)
    problems = _problems(kept.parent / "refit", key=key)
    assert "操作日志锚定文件的校验码不符：锚定文件被改动。" in problems, problems
    _rechain_without_key(kept, 2, key)
    (kept / "qingfeng-anchor.json").unlink()  # even with the anchor gone
    problems = _problems(kept, key=key)
    assert any("校验链在第 1 条处断开" in p for p in problems), problems


def test_deleted_password_row_is_named(kept: Path) -> None:
    store = Store.open(kept)
    try:
        access.set_password(store, None, "secret1", "secret1")
        access.set_password(store, "secret1", "secret22", "secret22")  # audited too
        changes = store.query(
            "SELECT after FROM audit_log WHERE after LIKE '%security.password%' ORDER BY id"
        )
    finally:
        store.close()
    assert [json.loads(c["after"])["value"] for c in changes] == [
        "已设置开机密码",
        "已修改开机密码",
    ]
    copy = kept.parent / "both"
    conn = sqlite3.connect(kept / DB)
    conn.execute("DELETE FROM settings WHERE key = 'security.password'")
    conn.commit()
    conn.close()
    shutil.copytree(kept, copy)
    assert any(p.startswith("开机密码被删除") for p in _problems(kept))
    # the row and the entries that set it, cut together: the anchor still knows
    _cut_tail(copy, 2)
    problems = _problems(copy)
    assert any(p.startswith("开机密码被删除") for p in problems)
    assert any(p.startswith("操作日志末尾少了 2 条") for p in problems)

    # a password removed through the program is no problem
    store = Store.open(copy)
    try:
        store.set_setting("security.password", access.hash_password("secret33"))
        access.remove_password(store, "secret33")
    finally:
        store.close()
    assert not any(p.startswith("开机密码") for p in _problems(copy))


def test_a_lost_wal_is_noticed_by_check(kept: Path, tmp_path: Path) -> None:
    store = Store.open(kept)
    try:
        for i in range(3):
            records.insert(store, "units", {"name": f"只在 WAL 中{i}"})
        lost = tmp_path / "lost"  # the store as it is with its -wal deleted
        lost.mkdir()
        for name in (DB, "qingfeng-anchor.json", "attachments", "backups"):
            src = kept / name
            (shutil.copytree if src.is_dir() else shutil.copyfile)(src, lost / name)
    finally:
        store.close()
    problems = _problems(lost)
    assert any(p.startswith("操作日志末尾少了 3 条") and "-wal" in p for p in problems), problems


# -- damaged encrypted backups, errors in Chinese -------------------------------------------


def test_bit_flipped_encrypted_backup_is_damaged_not_a_wrong_passphrase(
    kept: Path, tmp_path: Path
) -> None:
    store = Store.open(kept)
    try:
        result = backup.backup_to(store, tmp_path, passphrase="对的密码", now=T0)
    finally:
        store.close()
    raw = result.path.read_bytes()
    with pytest.raises(backup.PassphraseError, match="密码不正确"):
        backup.inspect(result.path, "错的密码")
    header = len(backup.MAGIC) + 4 + 16 + 7 + 16 + 16  # up to the first data chunk
    flipped = tmp_path / "flipped.qfbak"
    for offset in [*range(len(backup.MAGIC), header), header + 5, len(raw) - 3]:
        damaged = bytearray(raw)
        damaged[offset] ^= 0x10
        flipped.write_bytes(bytes(damaged))
        with pytest.raises(backup.BackupError, match="已损坏") as excinfo:
            backup.inspect(flipped, "对的密码")
        assert not isinstance(excinfo.value, backup.PassphraseError), offset
    assert backup.inspect(result.path, "对的密码")["counts"]["clues"] == 1


def test_sqlite_failures_are_explained_in_chinese_naming_the_file(
    kept: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = kept / DB
    io = str(explain_sqlite_error(sqlite3.OperationalError("disk I/O error"), path))
    assert "磁盘错误" in io and str(path) in io and "-wal" in io and "从备份恢复" in io
    other = str(explain_sqlite_error(sqlite3.OperationalError("something new"), path))
    assert other.startswith("数据库操作失败") and "check" in other

    conn = sqlite3.connect(path)  # a damaged page under the clues
    page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'clues'").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with open(path, "r+b") as fh:
        fh.seek((page - 1) * 4096)
        fh.write(b"\xff" * 64)
    out = kept.parent / "台账.xlsx"
    assert cli.main(["export-ledger", "问题线索", "--out", str(out), "--data-dir", str(kept)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：数据库文件已损坏") and str(path) in err and err.count("\n") == 1
    assert not out.exists()
    store = Store.open(kept)  # the window reads through the same store: a StoreError, in Chinese
    try:
        with pytest.raises(StoreError, match="数据库文件已损坏"):
            store.query("SELECT * FROM clues")
        with pytest.raises(StoreError, match="数据库文件已损坏"):
            records.update(store, "clues", 1, {"summary": "改"})
    finally:
        store.close()


def test_a_new_store_gets_its_name_only_when_complete_and_never_over_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.store import db

    first = tmp_path / "first.sqlite3"
    first.write_bytes(b"the store another process made first")
    late = tmp_path / ".late.sqlite3"
    late.write_bytes(b"ours")
    db._place_new(late, first)
    assert first.read_bytes() == b"the store another process made first" and not late.exists()

    def no_links(*_a: object) -> None:
        raise PermissionError("operation not permitted")  # a FAT-formatted USB stick

    monkeypatch.setattr(os, "link", no_links)
    store = Store.open(tmp_path / "usb")
    store.close()
    assert sorted(p.name for p in (tmp_path / "usb").iterdir()) == [
        ".qingfeng-store.lock",
        DB,
    ]
