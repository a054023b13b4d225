"""Password to open the program, its settings, and the idle lock."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ui_helpers import open_store

from desktop.store import Store, access, audit
from desktop.ui.app import Session
from desktop.ui.locking import Locker
from desktop.ui.main_window import MainWindow
from desktop.ui.security import PasswordPanel, UnlockDialog


def test_password_is_a_salted_scrypt_hash_with_its_parameters(store: Store) -> None:
    access.set_password(store, None, "qingfeng-2026", "qingfeng-2026")
    stored = store.setting(access.PASSWORD_KEY)
    assert stored is not None and stored.startswith("scrypt$15$8$1$")
    assert "qingfeng-2026" not in stored
    assert access.verify(store, "qingfeng-2026")
    assert not access.verify(store, "qingfeng-2025")
    again = access.hash_password("qingfeng-2026")
    assert again != stored  # a fresh salt each time
    # the audit trail says what happened, never the hash
    last = str(store.scalar("SELECT after FROM audit_log ORDER BY id DESC LIMIT 1"))
    assert stored not in last and "已设置开机密码" in last
    assert audit.verify_chain(store).ok


def test_change_and_remove_need_the_current_password(store: Store) -> None:
    access.set_password(store, None, "first-pass", "first-pass")
    with pytest.raises(access.PasswordError, match="当前密码"):
        access.set_password(store, "wrong-pass", "second-pass", "second-pass")
    with pytest.raises(access.PasswordError, match="两次输入"):
        access.set_password(store, "first-pass", "second-pass", "second-pazz")
    with pytest.raises(access.PasswordError, match="至少 6 位"):
        access.set_password(store, "first-pass", "abc", "abc")
    assert access.verify(store, "first-pass")
    with pytest.raises(access.PasswordError, match="当前密码"):
        access.remove_password(store, "nope")
    access.remove_password(store, "first-pass")
    assert not access.has_password(store)
    assert access.verify(store, "")


def test_settings_panel_sets_changes_and_removes(qtbot: QtBot, store: Store) -> None:
    panel = PasswordPanel(store)
    qtbot.addWidget(panel)
    assert "未设置" in panel.state.text()
    assert not panel.minutes.isEnabled()
    qtbot.keyClicks(panel.new, "abc12")
    assert "太短" in panel.strength.text()
    qtbot.keyClicks(panel.new, "3XYZ!-long")
    assert panel.strength.text() == "强"
    qtbot.keyClicks(panel.repeat, "abc123XYZ!-lonk")
    qtbot.mouseClick(panel.set_button, Qt.MouseButton.LeftButton)
    assert "两次输入的新密码不一致" in panel.message.text()
    assert not access.has_password(store)

    panel.new.setText("abc123XYZ!-long")
    panel.repeat.setText("abc123XYZ!-long")
    panel.operator.setText("赵敏")
    qtbot.mouseClick(panel.set_button, Qt.MouseButton.LeftButton)
    assert "已设置" in panel.message.text()
    assert access.has_password(store)
    assert store.operator == "赵敏" and store.setting("operator") == "赵敏"
    assert panel.set_button.text() == "修改密码" and panel.new.text() == ""

    panel.current.setText("not-it")
    panel.new.setText("another-one")
    panel.repeat.setText("another-one")
    qtbot.mouseClick(panel.set_button, Qt.MouseButton.LeftButton)
    assert "当前密码：不正确" in panel.message.text()
    assert access.verify(store, "abc123XYZ!-long")

    panel.minutes.setValue(3)
    qtbot.mouseClick(panel.minutes_button, Qt.MouseButton.LeftButton)
    assert access.lock_minutes(store) == 3

    panel.current.setText("abc123XYZ!-long")
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert "已取消" in panel.message.text()
    assert not access.has_password(store)


def test_unlock_dialog_refuses_a_wrong_password(qtbot: QtBot, store: Store) -> None:
    access.set_password(store, None, "right-pass", "right-pass")
    dialog = UnlockDialog(store)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.password, "wrong-pass")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "密码不正确" in dialog.message.text()
    assert dialog.result() != UnlockDialog.DialogCode.Accepted and dialog.password.text() == ""
    dialog.operator.setText("王小明")
    qtbot.keyClicks(dialog.password, "right-pass")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == UnlockDialog.DialogCode.Accepted
    assert store.operator == "王小明"  # every change from now on names 王小明


def test_session_does_not_open_without_the_password(qtbot: QtBot, data_dir: Path) -> None:
    s = open_store(data_dir)
    access.set_password(s, None, "right-pass", "right-pass")
    s.close()
    asked: list[bool] = []

    def refuse(store: Store) -> bool:
        asked.append(access.has_password(store))
        return False

    session = Session(data_dir, unlock=refuse)
    assert not session.start()
    assert asked == [True] and session.window is None and session.store is None


def test_idle_lock_hides_everything_and_asks_again(qtbot: QtBot, data_dir: Path) -> None:
    s = open_store(data_dir)
    access.set_password(s, None, "right-pass", "right-pass")
    s.close()

    def window_for(store: Store) -> MainWindow:
        return MainWindow(store, offer_drafts=False)

    session = Session(data_dir, unlock=lambda _s: True, make_window=window_for, lock_ms=50)
    assert session.start()
    window, locker = session.window, session.locker
    assert window is not None and isinstance(locker, Locker)
    qtbot.addWidget(window)
    try:
        assert window.isVisible()
        form = window.open_form("units")  # an entry form left open, with typing in it
        assert form is not None and form.isVisible()
        qtbot.waitUntil(lambda: locker.locked, timeout=5000)
        assert not window.isVisible() and not form.isVisible()
        screen = locker.screen
        assert screen is not None and screen.isVisible()
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        assert shown == [screen]  # nothing but the lock screen
        screen.reject()  # Esc does not get past the lock
        assert locker.locked and screen.isVisible()
        qtbot.keyClicks(screen.password, "wrong-pass")
        qtbot.mouseClick(screen.ok_button, Qt.MouseButton.LeftButton)
        assert locker.locked and "密码不正确" in screen.message.text()
        qtbot.keyClicks(screen.password, "right-pass")
        qtbot.mouseClick(screen.ok_button, Qt.MouseButton.LeftButton)
        assert not locker.locked and window.isVisible() and form.isVisible()
        assert locker.timer.isActive()  # counting again
        form.close()
    finally:
        session.switching = True  # closing here is the test's, not a quit
        window.close()
        session.finish()


def test_no_password_no_lock(qtbot: QtBot, store: Store) -> None:
    locker = Locker(store, interval_ms=10)
    try:
        assert not locker.timer.isActive()
        assert not locker.lock()
    finally:
        locker.stop()
