"""备份与恢复 in the window: backup to a folder with a passphrase, restore that shows,
verifies and switches the store (the window reopens), the automatic backups listed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from ui_helpers import open_store, seed

from desktop.store import Store, backup
from desktop.store import records as rec
from desktop.ui.app import Session
from desktop.ui.backup_dialogs import BackupDialog, BackupPanel, RestoreDialog, RestoreRequest
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.settings_page import SettingsPage
from desktop.ui.work import Work

PASS = "Qingfeng-USB 2026!"


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    s = open_store(data_dir)
    seed(s)
    yield s
    s.close()


@pytest.fixture
def work(store: Store) -> Iterator[Work]:
    w = Work(store, None, report_error=lambda _p, exc: pytest.fail(str(exc)))
    yield w
    w.cancel_all()


def _panel(qtbot: QtBot, store: Store, work: Work, usb: Path, **kw: Any) -> BackupPanel:
    panel = BackupPanel(store, work, pick_folder=lambda *_: str(usb), **kw)
    qtbot.addWidget(panel)
    return panel


def test_backup_dialog_checks_its_input_then_writes_a_verified_encrypted_archive(
    qtbot: QtBot, store: Store, work: Work, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    panel = _panel(qtbot, store, work, usb)
    dialog = panel.backup_now()
    assert isinstance(dialog, BackupDialog)
    qtbot.mouseClick(dialog.browse, Qt.MouseButton.LeftButton)
    assert dialog.folder.text() == str(usb)
    assert not dialog.start()  # the stick is not there (yet)
    assert "U 盘是否已拔出" in dialog.message.text()
    usb.mkdir()
    assert not dialog.passphrase.isEnabled()
    dialog.encrypt.setChecked(True)
    qtbot.keyClicks(dialog.passphrase, PASS)
    assert dialog.strength.text() in ("中", "强")
    qtbot.keyClicks(dialog.repeat, PASS + "x")
    assert not dialog.start()
    assert "两次输入的备份密码不一致" in dialog.message.text()
    dialog.repeat.setText(PASS)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=60000)
    assert "备份完成并已校验" in dialog.message.text() and "已加密" in dialog.message.text()
    made = list(usb.glob("*.qfbak"))
    assert len(made) == 1 and backup.is_encrypted(made[0])
    manifest = backup.inspect(made[0], PASS)
    assert manifest["counts"]["clues"] == store.scalar("SELECT COUNT(*) FROM clues")


def test_restore_dialog_shows_what_a_backup_holds_and_explains_failures(
    qtbot: QtBot, store: Store, work: Work, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    made = backup.backup_to(store, usb, passphrase=PASS).path
    chosen: list[RestoreRequest] = []
    dialog = RestoreDialog(store, work, path=made, confirm=lambda *_: True)
    qtbot.addWidget(dialog)
    dialog.chosen.connect(chosen.append)
    assert dialog.passphrase.isEnabled() and "已加密" in dialog.message.text()
    assert not dialog.check()  # no passphrase yet
    assert "请输入密码" in dialog.message.text()

    dialog.passphrase.setText("not the one")
    assert dialog.check()
    qtbot.waitUntil(lambda: not work.busy, timeout=60000)
    assert "密码不正确" in dialog.message.text()
    assert not dialog.restore_button.isEnabled()

    dialog.passphrase.setText(PASS)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not work.busy, timeout=60000)
    text = dialog.contents.toPlainText()
    assert "备份时间：" in text and "问题线索：4 条" in text and "加密：是" in text
    assert "数据版本" in text and "校验通过" in dialog.message.text()
    assert dialog.restore_button.isEnabled()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert len(chosen) == 1 and chosen[0].path == made and chosen[0].passphrase == PASS

    # a damaged copy
    damaged = usb / "damaged.qfbak"
    plain = backup.backup_to(store, usb).path
    raw = bytearray(plain.read_bytes())
    raw[len(raw) // 2 : len(raw) // 2 + 64] = b"\0" * 64
    damaged.write_bytes(bytes(raw))
    dialog = RestoreDialog(store, work, path=damaged)
    qtbot.addWidget(dialog)
    assert dialog.check()
    qtbot.waitUntil(lambda: not work.busy, timeout=60000)
    assert "已损坏" in dialog.message.text() and not dialog.restore_button.isEnabled()

    # the stick pulled out after choosing the file
    gone = usb / "gone.qfbak"
    dialog = RestoreDialog(store, work, path=gone)
    qtbot.addWidget(dialog)
    assert not dialog.check()
    assert "U 盘是否已拔出" in dialog.message.text()


def test_automatic_backups_are_listed_with_their_dates(
    qtbot: QtBot, store: Store, work: Work, tmp_path: Path
) -> None:
    for day in (1, 2):
        backup.automatic(store, now=dt.datetime(2026, 3, day, 18, 0, 0))
    panel = _panel(qtbot, store, work, tmp_path)
    assert panel.table.rowCount() == 2
    assert panel.table.item(0, 0).text() == "2026-03-02 18:00:00"  # newest first
    assert panel.table.item(1, 0).text() == "2026-03-01 18:00:00"
    dialog = panel.restore_selected()
    assert dialog is not None
    assert dialog.file.text().endswith("qingfeng-auto-20260302-180000.qfbak")


def test_restore_in_the_running_program_switches_the_store_and_reopens_the_window(
    qtbot: QtBot, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = open_store(data_dir)
    rec.insert(s, "units", {"name": "城关镇"})
    usb = tmp_path / "usb"
    usb.mkdir()
    archive = backup.backup_to(s, usb).path
    s.close()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    windows: list[MainWindow] = []

    def window_for(store: Store) -> MainWindow:
        w = MainWindow(store, offer_drafts=False, confirm=lambda *_: True)
        qtbot.addWidget(w)
        windows.append(w)
        return w

    session = Session(data_dir, unlock=lambda _s: True, make_window=window_for)
    assert session.start()
    try:
        assert session.store is not None
        rec.insert(session.store, "units", {"name": "后来加的单位"})  # not in the backup
        first = windows[0]
        first.restore_action.trigger()  # 文件 → 从备份恢复…
        settings = first.pages["设置"]
        assert isinstance(settings, SettingsPage)
        assert first.current_page() is settings
        dialog = settings.backup.dialog
        assert isinstance(dialog, RestoreDialog)
        dialog.confirm = lambda *_: True
        dialog.file.setText(str(archive))
        dialog.check()
        qtbot.waitUntil(lambda: dialog.restore_button.isEnabled(), timeout=60000)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

        assert len(windows) == 2 and session.window is windows[1]
        assert windows[1].isVisible() and not first.isVisible()
        assert session.store is not None
        names = [r["name"] for r in session.store.query("SELECT name FROM units ORDER BY id")]
        assert names == ["城关镇"]
        assert "已恢复" in told[0] and "原数据保留在" in told[0]
        kept = list(data_dir.glob("replaced-*/qingfeng.sqlite3"))
        assert len(kept) == 1
        old = Store.open(kept[0].parent, operator="x")
        try:
            assert old.scalar("SELECT COUNT(*) FROM units WHERE name = '后来加的单位'") == 1
        finally:
            old.close()
    finally:
        session.switching = True
        if session.window is not None:
            session.window.close()
        session.finish()


def test_file_menu_backup_opens_the_dialog(qtbot: QtBot, store: Store) -> None:
    window = MainWindow(store, offer_drafts=False)
    qtbot.addWidget(window)
    labels = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "立即备份…" in labels and "从备份恢复…" in labels and "审计日志" in labels
    window.backup_action.trigger()
    settings = window.pages["设置"]
    assert isinstance(settings, SettingsPage)
    assert isinstance(settings.backup.dialog, BackupDialog)
    settings.backup.dialog.close()
    window.audit_action.trigger()
    assert settings.tabs.currentWidget() is settings.audit
