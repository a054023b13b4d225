"""Application start: one window per data dir, and recovery of a damaged store."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.store import Store, backup, lock, records
from desktop.ui import app
from desktop.ui.main_window import MainWindow


def test_second_start_on_the_same_data_dir_says_in_use(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    held = lock.acquire(data_dir)
    try:
        assert app.run(data_dir) == 1
    finally:
        held.release()
    assert "正在被另一个清风台账" in shown[0]


def _with_backup(data_dir: Path) -> None:
    """A store holding 城关镇, with the day's automatic backup; closed."""
    store = Store.open(data_dir)
    records.insert(store, "units", {"name": "城关镇"})
    assert backup.automatic(store) is not None
    store.close()


def _scribble(data_dir: Path) -> None:
    """Pages 2–30 of the store overwritten: the header is intact, the tables are not."""
    path = data_dir / "qingfeng.sqlite3"
    raw = bytearray(path.read_bytes())
    raw[4096 : 4096 * 30] = b"\xa5" * (4096 * 29)
    path.write_bytes(bytes(raw))


def _agree_to_restore(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The clerk says 是 to 是否恢复; returns the questions asked."""
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _p, _t, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes,
    )
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    return asked


def test_damaged_store_is_kept_aside_and_restored_from_the_newest_backup(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_backup(data_dir)
    _scribble(data_dir)
    asked = _agree_to_restore(monkeypatch)
    assert app.recover_if_damaged(data_dir)
    assert "是否恢复" in asked[0]
    store = Store.open(data_dir)
    try:
        assert store.scalar("SELECT name FROM units") == "城关镇"
    finally:
        store.close()
    kept = list(data_dir.glob("replaced-*/qingfeng.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes()[4096:4100] == b"\xa5" * 4


def _damage_an_index(data_dir: Path) -> int:
    """Scribble over the root page of an index the store's opening never reads: only the
    whole-file check (PRAGMA quick_check) can find it. Returns the page's offset."""
    path = data_dir / "qingfeng.sqlite3"
    with closing(sqlite3.connect(path)) as conn:
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'ix_units_pinyin'"
        ).fetchone()
    raw = bytearray(path.read_bytes())
    raw[(root - 1) * 4096 : root * 4096] = b"\xa5" * 4096
    path.write_bytes(bytes(raw))
    return (root - 1) * 4096


def _session(qtbot, data_dir: Path, windows: list[MainWindow]) -> app.Session:
    def window_for(store: Store) -> MainWindow:
        w = MainWindow(store, offer_drafts=False, confirm=lambda *_: True)
        windows.append(w)  # not qtbot's: the session deletes a window it closes
        return w

    return app.Session(data_dir, unlock=lambda _s: True, make_window=window_for)


def _checked(session: app.Session) -> bool:
    """The background check of the session's window has run: it starts after the window's
    first paint (a finished task deletes itself)."""
    task = session.checking
    return task is not None and (not shiboken6.isValid(task) or task.finished)


def _gone(window: MainWindow) -> bool:
    """Closed (or already deleted by the session that closed it)."""
    return not shiboken6.isValid(window) or not window.isVisible()


def _end(session: app.Session) -> None:
    session.switching = True  # closing the window ends the session, not the test run
    if session.window is not None:
        session.window.close()
        session.window.deleteLater()
    session.finish()


def test_damage_found_after_the_first_paint_stops_the_work_and_offers_recovery(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_backup(data_dir)
    _damage_an_index(data_dir)
    asked = _agree_to_restore(monkeypatch)
    # before the window: the cheap checks only, so the window paints without waiting
    assert app.recover_if_damaged(data_dir, quick_check=False) and not asked
    windows: list[MainWindow] = []
    session = _session(qtbot, data_dir, windows)
    assert session.start()
    try:
        assert windows[0].isVisible()  # painted first ...
        qtbot.waitUntil(lambda: len(windows) == 2, timeout=20000)  # ... checked, restored
        assert "未通过完整性检查" in asked[0] and "是否恢复" in asked[0]
        assert _gone(windows[0]) and windows[1].isVisible()
        assert session.store is not None
        assert session.store.scalar("SELECT name FROM units") == "城关镇"
        kept = list(data_dir.glob("replaced-*/qingfeng.sqlite3"))
        assert len(kept) == 1  # the damaged file, kept aside
        qtbot.waitUntil(lambda: _checked(session), timeout=20000)  # checked again
        assert len(windows) == 2 and len(asked) == 1
    finally:
        _end(session)


def test_damage_that_stops_the_store_opening_is_checked_and_offered_recovery_at_once(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages the opening reads are scribbled over: the cheap checks before the window see
    nothing (the header is intact), opening fails, and the whole-file check and the
    recovery follow at once, before any window."""
    _with_backup(data_dir)
    _scribble(data_dir)
    asked = _agree_to_restore(monkeypatch)
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: pytest.fail(f"{a[2]}"))
    assert app.recover_if_damaged(data_dir, quick_check=False) and not asked
    windows: list[MainWindow] = []
    session = _session(qtbot, data_dir, windows)
    assert session.start()
    try:
        assert "是否恢复" in asked[0]
        assert session.store is not None
        assert session.store.scalar("SELECT name FROM units") == "城关镇"
        qtbot.waitUntil(lambda: _checked(session), timeout=20000)
        assert len(asked) == 1 and windows[-1].isVisible()
    finally:
        _end(session)


def test_damage_found_after_the_first_paint_ends_the_program_when_the_clerk_declines(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_backup(data_dir)
    page = _damage_an_index(data_dir)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    exits: list[int] = []
    monkeypatch.setattr(QApplication, "exit", lambda code=0: exits.append(code))
    windows: list[MainWindow] = []
    session = _session(qtbot, data_dir, windows)
    assert session.start()
    try:
        qtbot.waitUntil(lambda: exits == [1], timeout=20000)
        assert session.window is None and session.store is None  # the work stopped
        assert _gone(windows[0])
        raw = (data_dir / "qingfeng.sqlite3").read_bytes()
        assert raw[page : page + 4096] == b"\xa5" * 4096  # the file left where it was
        assert not list(data_dir.glob("replaced-*")) and not list(data_dir.glob("damaged-*"))
    finally:
        _end(session)


def test_healthy_store_needs_no_recovery(data_dir: Path) -> None:
    Store.open(data_dir).close()
    assert app.recover_if_damaged(data_dir)


def test_qt_own_dialog_texts_are_in_chinese(qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    qapp = QApplication.instance()
    assert qapp is not None
    translator = app.install_qt_translation(qapp)
    assert translator is not None
    try:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "清风台账",
            "数据目录为只读",
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        )
        qtbot.addWidget(box)
        assert sorted(button.text() for button in box.buttons()) == sorted(["确定", "取消"])
    finally:
        qapp.removeTranslator(translator)


def _answer(monkeypatch: pytest.MonkeyPatch, yes: bool) -> list[str]:
    asked: list[str] = []
    button = QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No
    monkeypatch.setattr(
        QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text) or button
    )
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    return asked


def test_deleted_store_beside_backups_is_not_opened_empty_but_restored(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_backup(data_dir)
    for file in data_dir.glob("qingfeng.sqlite3*"):
        file.unlink()
    asked = _answer(monkeypatch, yes=False)
    assert app.run(data_dir) == 1  # the clerk declined: nothing is created
    assert "数据文件不存在" in asked[0] and "自动备份" in asked[0] and "是否恢复" in asked[0]
    assert not (data_dir / "qingfeng.sqlite3").exists()
    _answer(monkeypatch, yes=True)
    assert app.recover_if_damaged(data_dir)
    store = Store.open(data_dir)
    try:
        assert store.scalar("SELECT name FROM units") == "城关镇"
    finally:
        store.close()


def test_emptied_store_without_a_backup_is_kept_aside_only_when_the_clerk_agrees(
    qtbot, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_backup(data_dir)
    usb = tmp_path / "usb"
    shutil.move(data_dir / "backups", usb)  # the only backup is on a USB stick
    (data_dir / "qingfeng.sqlite3").write_bytes(b"")
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    asked: list[str] = []

    def choose(answer: int) -> Callable[[str], int]:
        return lambda text: asked.append(text) or answer

    assert not app.recover_if_damaged(data_dir, choose=choose(app.QUIT))
    assert "空的" in asked[0] and "没有找到可用的自动备份" in asked[0]
    assert (data_dir / "qingfeng.sqlite3").stat().st_size == 0
    # picking no file changes nothing either
    assert not app.recover_if_damaged(
        data_dir, choose=choose(app.RESTORE_FROM_FILE), pick=lambda: None
    )
    assert (data_dir / "qingfeng.sqlite3").stat().st_size == 0

    archive = next(usb.iterdir())
    assert app.recover_if_damaged(
        data_dir, choose=choose(app.RESTORE_FROM_FILE), pick=lambda: (archive, None)
    )
    store = Store.open(data_dir)
    try:
        assert store.scalar("SELECT name FROM units") == "城关镇"
    finally:
        store.close()

    (data_dir / "qingfeng.sqlite3").write_bytes(b"")
    for extra in data_dir.glob("qingfeng.sqlite3-*"):
        extra.unlink()
    assert app.recover_if_damaged(data_dir, choose=choose(app.START_ANEW))
    kept = list(data_dir.glob("damaged-*/qingfeng.sqlite3"))
    assert len(kept) == 1 and kept[0].stat().st_size == 0
    Store.open(data_dir).close()  # a new, empty ledger


def test_the_recovery_choice_defaults_to_quit(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "exec", lambda box: box.escapeButton().click())
    assert app.choose_recovery("数据文件是空的") == app.QUIT
