"""Encryption at rest: a seeded demo office, encrypted as a clerk would (the CLI with
QINGFENG_PASSPHRASE), then read back through every door: the commands, backups, plain
sqlite3, grep over the data dir."""

from __future__ import annotations

import base64
import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import cli
from desktop.store import (
    Store,
    access,
    backup,
    conversion,
    crypto,
    encryption,
    numbering,
    restore,
)
from desktop.store.encryption import PassphraseError
from desktop.store.errors import StoreError
from tests.once import made_once
from tests.ui_helpers import copy_data_dir, open_store, seed

PASSPHRASE = "清风-correct-horse-9"
DB = "qingfeng.sqlite3"


@pytest.fixture
def demo(demo_dir: Path) -> Path:
    """This test's copy of the demo office (plain), seeded once per run (conftest)."""
    return demo_dir


@pytest.fixture(scope="session")
def encrypted_master(demo_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo office encrypted by the `encrypt` command, once per run whichever worker
    asks first (`made_once`), for the tests that start from an encrypted store (each gets
    its own copy); the tests of the conversion itself encrypt their own copy."""

    def make(data: Path) -> dict[str, int]:
        copy_data_dir(demo_master, data)
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("QINGFENG_PASSPHRASE", PASSPHRASE)
            assert cli.main(["encrypt", "--data-dir", str(data)]) == 0
        return {}

    return made_once(tmp_path_factory, "demo-encrypted", make)[0]


@pytest.fixture
def encrypted(encrypted_master: Path, tmp_path: Path) -> Path:
    """This test's copy of the encrypted demo office."""
    return copy_data_dir(encrypted_master, tmp_path / "encrypted")


@pytest.fixture
def secret(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("QINGFENG_PASSPHRASE", PASSPHRASE)
    yield PASSPHRASE


def _plain_rows(data_dir: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(data_dir / DB)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _known_texts(data_dir: Path) -> list[bytes]:
    """Record text and reporter identities that must not be findable once encrypted."""
    found: list[str] = []
    for sql in (
        "SELECT reporter_name FROM clues WHERE reporter_name IS NOT NULL LIMIT 20",
        "SELECT reporter_contact FROM clues WHERE reporter_contact IS NOT NULL LIMIT 5",
        "SELECT name FROM persons LIMIT 20",
        "SELECT name FROM units LIMIT 10",
        "SELECT summary FROM clues WHERE summary IS NOT NULL LIMIT 10",
        "SELECT number FROM documents WHERE number IS NOT NULL LIMIT 5",
    ):
        found += [str(r[0]) for r in _plain_rows(data_dir, sql) if r[0] and len(str(r[0])) >= 2]
    assert len(found) > 40
    # a PDF's whole header: 4 bytes ("%PDF") turn up by chance in ~1 of 100 runs over
    # ~50 MB of ciphertext; 8 bytes never do
    return [t.encode("utf-8") for t in found] + [b"%PDF-1.4", b"SQLite format 3"]


def _every_file(data_dir: Path) -> list[Path]:
    return [p for p in data_dir.rglob("*") if p.is_file()]


def _encrypt(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.main(["encrypt", "--data-dir", str(data_dir)]) == 0
    return capsys.readouterr().out


def _stats(data_dir: Path) -> int:
    return cli.main(
        ["stats", "--data-dir", str(data_dir), "--from", "2026-01-01", "--to", "2026-12-31"]
    )


# -- key derivation written once ------------------------------------------------------


def _old_scrypt(secret: str, salt: bytes, log_n: int, spare_mib: int) -> bytes:
    """Exactly what access.py (spare 16 MiB) and backup.py (64) computed before crypto.py."""
    maxmem = (128 * 8 << log_n) + (spare_mib << 20)
    return hashlib.scrypt(
        secret.encode(), salt=salt, n=1 << log_n, r=8, p=1, maxmem=maxmem, dklen=32
    )


def test_password_hashes_made_before_the_shared_kdf_still_verify() -> None:
    salt = bytes(range(16))
    old = _old_scrypt("旧密码123", salt, 15, 16)
    stored = f"scrypt$15$8$1${base64.b64encode(salt).decode()}${base64.b64encode(old).decode()}"
    assert access.check_hash("旧密码123", stored)
    assert not access.check_hash("旧密码124", stored)


def test_backup_keys_are_the_same_scrypt_as_before() -> None:
    salt = b"s" * 16
    assert crypto.scrypt("backup pass", salt, 17, 8, 1) == _old_scrypt("backup pass", salt, 17, 64)


def test_an_encrypted_backup_made_by_the_old_code_still_restores(
    data_dir: Path, tmp_path: Path, real_key_derivation: None
) -> None:
    """The archive format is the integrity half's (version 2, header checksum), with the
    same scrypt parameters: written with a passphrase, restored with it."""
    store = Store.open(data_dir)
    store.set_setting("office_name", "测试单位纪委")
    result = backup.backup_to(store, tmp_path, passphrase="usb-pass")
    store.close()
    header = result.path.read_bytes()[:12]
    assert header == backup.MAGIC + bytes([backup.ENC_VERSION, 17, 8, 1])
    target = tmp_path / "restored"
    restore.restore(result.path, target, "usb-pass")
    assert _plain_rows(target, "SELECT value FROM settings WHERE key = 'office_name'") == [
        ("测试单位纪委",)
    ]


def test_an_encrypted_store_is_keyed_at_the_real_scrypt_cost(
    data_dir: Path, real_key_derivation: None
) -> None:
    """The application's cost (the other tests' stores derive cheaper keys, conftest): a
    store encrypted with it opens with scrypt(passphrase, its salt, N=2**17, r=8, p=1)."""
    store = Store.open(data_dir)
    store.set_setting("office_name", "测试单位纪委")
    store.close()
    conversion.encrypt_store(data_dir, PASSPHRASE)
    key = encryption.unlock(data_dir / DB, PASSPHRASE)
    assert key == crypto.scrypt(PASSPHRASE, encryption.salt_of(data_dir / DB), 17, 8, 1)
    store = Store.open(data_dir, key=key)
    try:
        assert store.setting("office_name") == "测试单位纪委"
    finally:
        store.close()


# -- encrypting the demo office ----------------------------------------------------


def test_encrypted_data_dir_holds_no_record_text_anywhere(
    demo: Path, secret: str, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = _known_texts(demo)
    files_before = len(_every_file(demo))
    assert any(t in (demo / DB).read_bytes() for t in texts)  # the needles do find plain data
    out = _encrypt(demo, capsys)
    assert "已加密" in out and "已校验" in out
    files = _every_file(demo)
    assert len(files) >= files_before - 1  # every attachment and PDF still there
    for file in files:
        data = file.read_bytes()
        hits = [t.decode() for t in texts if t in data]
        assert not hits, f"{file.relative_to(demo)} holds {hits[:3]}"
    assert not any(p.name.startswith(".before-conversion-") for p in demo.iterdir())


def test_plain_sqlite3_cannot_read_an_encrypted_store(encrypted: Path) -> None:
    conn = sqlite3.connect(encrypted / DB)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        conn.execute("SELECT COUNT(*) FROM clues").fetchone()
    conn.close()


def test_commands_read_the_encrypted_store_with_the_passphrase(
    demo: Path,
    encrypted: Path,
    secret: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """The same demo office, plain and encrypted by `encrypt` (`encrypted_master`)."""
    assert _stats(demo) == 0
    plain_stats = capsys.readouterr().out
    doc = _plain_rows(demo, "SELECT id FROM documents WHERE pdf_path IS NOT NULL LIMIT 1")[0][0]
    assert (
        cli.main(
            [
                "reprint",
                "--data-dir",
                str(demo),
                "--document",
                str(doc),
                "--out",
                str(tmp_path / "a.pdf"),
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert _stats(encrypted) == 0
    assert capsys.readouterr().out == plain_stats
    out = tmp_path / "b.pdf"
    assert (
        cli.main(
            ["reprint", "--data-dir", str(encrypted), "--document", str(doc), "--out", str(out)]
        )
        == 0
    )
    assert out.read_bytes() == (tmp_path / "a.pdf").read_bytes()  # the archived original
    assert cli.main(["check", "--data-dir", str(encrypted)]) == 0
    report = capsys.readouterr().out
    assert "（已加密）" in report and "文书存档与附件文件：完整" in report and "检查通过" in report


def test_attachments_read_back_as_added(demo: Path, encrypted: Path, secret: str) -> None:
    from desktop.store import attachments

    store = Store.open(demo)
    ids = [int(r["id"]) for r in store.query("SELECT id FROM attachments LIMIT 5")]
    before = {i: attachments.content(store, i) for i in ids}
    store.close()
    key = encryption.unlock(encrypted / DB, PASSPHRASE)
    store = Store.open(encrypted, key=key)
    try:
        for i in ids:
            assert attachments.path_of(store, i).read_bytes() != before[i]  # stored encrypted
            assert attachments.content(store, i) == before[i]
            row = store.query("SELECT sha256 FROM attachments WHERE id = ?", [i])[0]
            assert hashlib.sha256(before[i]).hexdigest() == row["sha256"]
    finally:
        store.close()


def test_new_documents_and_attachments_of_an_encrypted_store_are_encrypted(
    encrypted: Path, secret: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from desktop.store import attachments

    store = Store.open(encrypted, key=encryption.unlock(encrypted / DB, PASSPHRASE))
    try:
        scan = tmp_path / "举报信.txt"
        scan.write_text("举报人：赵秘密，电话 13900001111", encoding="utf-8")
        clue = int(store.scalar("SELECT id FROM clues LIMIT 1"))
        att = attachments.add(store, scan, "clues", clue)
        assert b"13900001111" not in attachments.path_of(store, att).read_bytes()
        assert attachments.content(store, att) == scan.read_bytes()
        doc = numbering.issue(
            store,
            kind="整改通知书",
            title="测试通知",
            issued_date=store.today(),
            addressee=None,
            render=lambda number: b"%PDF-1.4 " + number.encode(),
        )
        stored = (encrypted / str(doc["pdf_path"])).read_bytes()
        assert not stored.startswith(b"%PDF")
        assert numbering.stored_pdf(store, int(doc["id"])).startswith(b"%PDF-1.4 ")
    finally:
        store.close()


def test_wrong_or_missing_passphrase_is_one_chinese_line(
    encrypted: Path,
    secret: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("QINGFENG_PASSPHRASE", "not-the-passphrase")
    for args in (
        ["check"],
        ["export-ledger", "问题线索", "--out", str(encrypted.parent / "x.xlsx")],
    ):
        assert cli.main([*args, "--data-dir", str(encrypted)]) == 1
        err = capsys.readouterr().err
        assert err.startswith("错误：口令不正确") and err.count("\n") == 1, err
    assert _stats(encrypted) == 1
    assert "口令不正确" in capsys.readouterr().err
    monkeypatch.delenv("QINGFENG_PASSPHRASE")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert _stats(encrypted) == 1
    err = capsys.readouterr().err
    assert (
        err.startswith("错误：需要口令") and "QINGFENG_PASSPHRASE" in err and err.count("\n") == 1
    )
    with pytest.raises(PassphraseError, match="已加密"):
        Store.open(encrypted)


def test_backups_of_an_encrypted_store_are_encrypted_and_restore_with_its_passphrase(
    encrypted: Path,
    secret: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    assert cli.main(["backup", "--data-dir", str(encrypted), "--to", str(usb)]) == 0  # no --encrypt
    assert "已完成加密备份" in capsys.readouterr().out
    (archive,) = usb.iterdir()
    assert backup.is_encrypted(archive)
    target = tmp_path / "other"
    monkeypatch.delenv("QINGFENG_PASSPHRASE")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert cli.main(["restore", str(archive), "--data-dir", str(target)]) == 1
    assert "需要密码" in capsys.readouterr().err
    monkeypatch.setenv("QINGFENG_PASSPHRASE", "wrong-passphrase")
    assert cli.main(["restore", str(archive), "--data-dir", str(target)]) == 1
    assert "密码不正确" in capsys.readouterr().err
    monkeypatch.setenv("QINGFENG_PASSPHRASE", PASSPHRASE)
    assert cli.main(["restore", str(archive), "--data-dir", str(target)]) == 0
    assert encryption.is_encrypted_file(target / DB)  # restored as it was: encrypted
    assert cli.main(["check", "--data-dir", str(target)]) == 0
    # automatic backups, too
    store = Store.open(encrypted, key=encryption.unlock(encrypted / DB, PASSPHRASE))
    try:
        auto = backup.automatic(store)
    finally:
        store.close()
    assert auto is not None and auto.encrypted and backup.is_encrypted(auto.path)
    assert backup.inspect(auto.path, PASSPHRASE)["counts"]["clues"] > 0
    capsys.readouterr()
    assert cli.main(["check", "--data-dir", str(encrypted)]) == 0  # opens them with the store's key
    assert "备份：1 份校验通过" in capsys.readouterr().out


def test_plain_automatic_backups_are_encrypted_along_with_the_store(
    data_dir: Path, secret: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A small office (tests.ui_helpers.seed: the backup and its encryption are what is
    tested, not the demo office's 60 MB)."""
    store = open_store(data_dir)
    seed(store)
    made = backup.automatic(store)
    store.close()
    assert made is not None and not backup.is_encrypted(made.path)
    out = _encrypt(data_dir, capsys)
    assert "1 份旧自动备份已用同一口令加密" in out
    assert backup.is_encrypted(made.path)
    assert backup.inspect(made.path, PASSPHRASE)["counts"]["clues"] > 0


def test_decrypt_brings_back_a_plain_store_with_everything(
    demo: Path, encrypted: Path, secret: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo office encrypted by `encrypt` (`encrypted_master`), decrypted, is the plain
    demo office again."""
    counts = _plain_rows(demo, "SELECT COUNT(*) FROM clues")
    pdf = next((demo / "documents").rglob("*.pdf"))
    assert cli.main(["decrypt", "--data-dir", str(encrypted)]) == 0
    assert "已解除加密" in capsys.readouterr().out
    assert _plain_rows(encrypted, "SELECT COUNT(*) FROM clues") == counts
    decrypted = encrypted / pdf.relative_to(demo)
    assert decrypted.read_bytes() == pdf.read_bytes()
    conversions = _plain_rows(
        encrypted, "SELECT after FROM audit_log WHERE after LIKE '%encryption%' ORDER BY id"
    )
    assert [str(r[0]) for r in conversions] == [
        '{"key":"encryption","value":"已加密数据文件及附件"}',
        '{"key":"encryption","value":"已解除数据文件及附件的加密"}',
    ]
    assert cli.main(["check", "--data-dir", str(encrypted)]) == 0


def test_a_failed_conversion_leaves_the_store_as_it_was(
    demo: Path, secret: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = sorted(p.relative_to(demo) for p in _every_file(demo))
    db = (demo / DB).read_bytes()
    calls = {"n": 0}
    real = conversion._verify_copy

    def fail_after_swap(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # the copy verified; the swapped-in store "does not open"
            raise StoreError("模拟：转换后的数据文件无法打开")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(conversion, "_verify_copy", fail_after_swap)
    assert cli.main(["encrypt", "--data-dir", str(demo)]) == 1
    assert sorted(p.relative_to(demo) for p in _every_file(demo) if p.name != ".qingfeng.lock") == [
        p for p in before if p.name != ".qingfeng.lock"
    ]
    assert (demo / DB).read_bytes() == db
    assert not encryption.is_encrypted_file(demo / DB)
    assert _plain_rows(demo, "SELECT COUNT(*) FROM clues")[0][0] > 0


def test_encrypt_refuses_a_short_passphrase_and_a_store_in_use(
    demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.store import lock

    monkeypatch.setenv("QINGFENG_PASSPHRASE", "short")
    assert cli.main(["encrypt", "--data-dir", str(demo)]) == 1
    assert "数据口令：至少 8 位" in capsys.readouterr().err
    monkeypatch.setenv("QINGFENG_PASSPHRASE", PASSPHRASE)
    with lock.acquire(demo):
        assert cli.main(["encrypt", "--data-dir", str(demo)]) == 1
    assert "正在被另一个" in capsys.readouterr().err
    assert not encryption.is_encrypted_file(demo / DB)


def test_without_sqlcipher_encryption_says_so_and_plain_stores_work(
    demo: Path, secret: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(encryption, "_cipher", None)
    assert cli.main(["encrypt", "--data-dir", str(demo)]) == 1
    err = capsys.readouterr().err
    assert "不支持数据加密" in err and "未加密的数据可照常使用" in err and err.count("\n") == 1
    assert _stats(demo) == 0


def test_reporter_identity_is_masked_in_the_audit_log_unless_the_store_is_encrypted(
    data_dir: Path, tmp_path: Path
) -> None:
    from desktop.store import audit, records

    def add_clue(store: Store) -> int:
        return records.insert(
            store,
            "clues",
            {
                "ledger_no": "XS2026-050",
                "received_date": "2026-03-02",
                "source": "信访举报",
                "summary": "反映某局长违规收受礼金",
                "reporter_name": "欧阳明华",
                "reporter_contact": "13812345678",
            },
        )

    store = Store.open(data_dir)
    clue = add_clue(store)
    after = audit.history(store, "clues", clue)[-1]["after"]["row"]
    store.close()
    assert after["reporter_name"] == "欧***" and after["reporter_contact"] == "138****5678"
    assert after["summary"] == "反映某局长违规收受礼金"
    assert b"13812345678" not in b"".join(
        str(r).encode() for r in _plain_rows(data_dir, "SELECT * FROM audit_log")
    )

    conversion.encrypt_store(data_dir, PASSPHRASE)
    store = Store.open(data_dir, key=encryption.unlock(data_dir / DB, PASSPHRASE))
    try:
        records.update(store, "clues", clue, {"reporter_contact": "13900001111"})
        entry = audit.history(store, "clues", clue)[-1]
        assert entry["after"]["row"]["reporter_contact"] == "13900001111"  # whole, encrypted
    finally:
        store.close()


def test_encrypt_names_older_plain_copies_and_leaves_them_alone(
    data_dir: Path, secret: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A small office (tests.ui_helpers.seed): the leftover folder is what is tested."""
    store = open_store(data_dir)
    seed(store)
    store.close()
    demo = data_dir
    old = demo / "replaced-20260101-080000"
    old.mkdir()
    shutil.copy(demo / DB, old / DB)
    assert cli.main(["encrypt", "--data-dir", str(demo)]) == 0
    err = capsys.readouterr().err
    assert "仍为明文" in err and str(old) in err
    assert conversion.plain_leftovers(demo) == [old]
    assert (old / DB).read_bytes().startswith(b"SQLite format 3")  # never deleted for the clerk
