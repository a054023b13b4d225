"""The window and an encrypted store: the passphrase is asked before anything is read."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from ui_helpers import open_store, seed

from desktop.store import Store, conversion, encryption, records
from desktop.ui.app import Session
from desktop.ui.main_window import MainWindow
from desktop.ui.security import PassphraseDialog

PASSPHRASE = "数据口令-2026"
DB = "qingfeng.sqlite3"


def _encrypted(data_dir: Path) -> None:
    store = open_store(data_dir)
    seed(store)
    store.close()
    conversion.encrypt_store(data_dir, PASSPHRASE)


def test_passphrase_dialog_says_wrong_in_one_line_and_lets_retry(
    qtbot: QtBot, data_dir: Path
) -> None:
    _encrypted(data_dir)
    dialog = PassphraseDialog(data_dir / DB)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "数据口令：不能为空"
    qtbot.keyClicks(dialog.passphrase, "not-it-at-all")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "口令不正确（第 1 次），请重新输入。"
    assert dialog.result() != PassphraseDialog.DialogCode.Accepted
    assert dialog.passphrase.text() == "" and dialog.key is None
    dialog.passphrase.setText(PASSPHRASE)  # QTest types no Chinese characters
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == PassphraseDialog.DialogCode.Accepted
    assert dialog.key == encryption.unlock(data_dir / DB, PASSPHRASE)
    assert dialog.passphrase.text() == ""  # not kept around


def test_session_asks_the_passphrase_before_opening_the_store(qtbot: QtBot, data_dir: Path) -> None:
    _encrypted(data_dir)
    asked: list[bool] = []

    def leave(folder: Path) -> tuple[bool, bytes | None]:
        asked.append(session.store is None)
        return False, None

    session = Session(data_dir, ask_key=leave)
    assert not session.start()
    assert asked == [True] and session.store is None and session.window is None

    def give(folder: Path) -> tuple[bool, bytes | None]:
        return True, encryption.unlock(folder / DB, PASSPHRASE)

    session = Session(
        data_dir,
        ask_key=give,
        unlock=lambda _s: True,
        make_window=lambda store: MainWindow(store, offer_drafts=False),
    )
    assert session.start()
    window = session.window
    assert window is not None and session.store is not None
    qtbot.addWidget(window)
    try:
        store: Store = session.store
        assert store.key is not None
        assert records.get(store, "units", 1)["name"]  # reads through SQLCipher
        assert window.isVisible()
    finally:
        session.switching = True
        window.close()
        session.finish()
    assert encryption.is_encrypted_file(data_dir / DB)
    # the automatic backup made at exit is encrypted with the store's key
    backups = list((data_dir / "backups").glob("*.qfbak"))
    assert backups and all(p.read_bytes().startswith(b"QFBAKENC") for p in backups)


def test_a_plain_store_is_not_asked_for_a_passphrase(data_dir: Path) -> None:
    from desktop.ui.locking import ask_store_key

    open_store(data_dir).close()
    assert ask_store_key(data_dir) == (True, None)


def test_backup_dialog_of_an_encrypted_store_encrypts_with_the_data_passphrase(
    qtbot: QtBot, data_dir: Path, tmp_path: Path
) -> None:
    from desktop.store import backup
    from desktop.ui.backup_dialogs import BackupDialog
    from desktop.ui.work import Work

    _encrypted(data_dir)
    store = Store.open(data_dir, key=encryption.unlock(data_dir / DB, PASSPHRASE))
    work = Work(store, None, report_error=lambda _p, exc: pytest.fail(str(exc)))
    try:
        usb = tmp_path / "usb"
        usb.mkdir()
        dialog = BackupDialog(store, work, pick_folder=lambda *_: str(usb))
        qtbot.addWidget(dialog)
        assert dialog.encrypt.isChecked() and not dialog.encrypt.isEnabled()
        assert not dialog.passphrase.isEnabled()  # no second password to invent
        qtbot.mouseClick(dialog.browse, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=60000)
        assert "已加密" in dialog.message.text()
        (made,) = usb.glob("*.qfbak")
        assert backup.is_encrypted(made)
        assert backup.inspect(made, PASSPHRASE)["counts"]["units"] > 0
    finally:
        work.cancel_all()
        store.close()


def test_attachments_of_an_encrypted_store_open_decrypted_outside_the_data_dir(
    qtbot: QtBot, data_dir: Path, tmp_path: Path
) -> None:
    from test_ui_forms import User, make_window, open_first_attachment, saved_talk, scan_file
    from ui_helpers import fixed_clock

    _encrypted(data_dir)
    key = encryption.unlock(data_dir / DB, PASSPHRASE)
    store = Store.open(data_dir, operator="李明", clock=fixed_clock, key=key)
    window = make_window(qtbot, store, User())
    try:
        scan = scan_file(tmp_path, "举报信.pdf", b"%PDF-1.4 reporter 13912345678")
        talk = saved_talk(qtbot, window, store, scan)
        stored = data_dir / store.query("SELECT stored_path FROM attachments")[0]["stored_path"]
        assert b"13912345678" not in stored.read_bytes()
        panel, opened = open_first_attachment(qtbot, window, talk)
        assert opened and opened[0].read_bytes() == scan.read_bytes()
        assert data_dir not in opened[0].parents  # the data dir keeps no clear text
        target = tmp_path / "副本.pdf"
        panel.choose_target = lambda _parent, suggested: str(target) if suggested else None
        qtbot.mouseClick(panel.save_as_button, Qt.MouseButton.LeftButton)
        assert target.read_bytes() == scan.read_bytes()
    finally:
        for form in list(window.open_forms):
            form.dirty = False
            form.close()
        window.work.cancel_all()
        qtbot.waitUntil(lambda: not window.work.busy, timeout=5000)
        store.close()


def test_restore_in_the_window_reopens_an_encrypted_store_with_the_passphrase_given(
    qtbot: QtBot, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from desktop.store import backup
    from desktop.ui.backup_dialogs import RestoreRequest

    _encrypted(data_dir)
    key = encryption.unlock(data_dir / DB, PASSPHRASE)
    store = Store.open(data_dir, key=key)
    usb = tmp_path / "usb"
    usb.mkdir()
    archive = backup.backup_to(store, usb).path
    store.close()
    asked: list[Path] = []

    def give(folder: Path) -> tuple[bool, bytes | None]:
        asked.append(folder)
        return True, key

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    session = Session(
        data_dir,
        ask_key=give,
        unlock=lambda _s: True,
        make_window=lambda s: MainWindow(s, offer_drafts=False, confirm=lambda *_: True),
    )
    assert session.start()
    try:
        assert session.store is not None
        records.insert(session.store, "units", {"name": "后来加的单位"})  # not in the backup
        manifest = backup.inspect(archive, PASSPHRASE)
        assert session.restore(RestoreRequest(archive, PASSPHRASE, manifest))
        assert session.store is not None and session.store.key == key
        assert asked == [data_dir]  # the backup's passphrase opened the restored store
        names = [r["name"] for r in session.store.query("SELECT name FROM units")]
        assert "后来加的单位" not in names and names
        assert "已恢复" in told[0]
    finally:
        session.switching = True
        if session.window is not None:
            session.window.close()
        session.finish()
