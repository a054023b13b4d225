"""Application start: one window per data dir, and recovery of a damaged store."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.store import Store, backup, lock, records
from desktop.ui import app


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


def test_damaged_store_is_kept_aside_and_restored_from_the_newest_backup(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_backup(data_dir)
    path = data_dir / "qingfeng.sqlite3"
    raw = bytearray(path.read_bytes())
    raw[4096 : 4096 * 30] = b"\xa5" * (4096 * 29)
    path.write_bytes(bytes(raw))
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _p, _t, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes,
    )
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    assert app.recover_if_damaged(data_dir)
    assert "是否恢复" in asked[0]
    store = Store.open(data_dir)
    try:
        assert store.scalar("SELECT name FROM units") == "城关镇"
    finally:
        store.close()
    kept = list(data_dir.glob("replaced-*/qingfeng.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes()[4096:4100] == b"\xa5" * 4


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
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open(data_dir).close()
    (data_dir / "qingfeng.sqlite3").write_bytes(b"")
    asked = _answer(monkeypatch, yes=False)
    assert not app.recover_if_damaged(data_dir)
    assert "空的" in asked[0] and "没有找到可用的自动备份" in asked[0]
    assert (data_dir / "qingfeng.sqlite3").stat().st_size == 0
    _answer(monkeypatch, yes=True)
    assert app.recover_if_damaged(data_dir)
    kept = list(data_dir.glob("damaged-*/qingfeng.sqlite3"))
    assert len(kept) == 1 and kept[0].stat().st_size == 0
    Store.open(data_dir).close()  # a new, empty ledger
