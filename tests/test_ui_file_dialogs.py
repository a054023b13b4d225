"""Qt's own dialogs in Chinese; every file dialog starts in the last folder or Documents."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QLocale, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel
from pytestqt.qtbot import QtBot

from desktop.ui import app, file_dialogs
from desktop.ui.app import configure_application_identity


@pytest.fixture
def chinese(qtbot: QtBot) -> Iterator[None]:
    qapp = QApplication.instance()
    assert qapp is not None
    before = QLocale()
    translator = app.install_qt_translation(qapp)
    assert translator is not None
    yield
    qapp.removeTranslator(translator)
    QLocale.setDefault(before)


@pytest.fixture
def settings() -> Iterator[QSettings]:
    configure_application_identity()
    QSettings().clear()
    yield QSettings()
    QSettings().clear()


def labels(dialog: QFileDialog) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel) if label.text()]


def test_file_dialog_reads_chinese_and_dates_are_chinese(
    qtbot: QtBot, chinese: None, settings: QSettings
) -> None:
    dialog = file_dialogs.make_dialog(
        None, "另存为 PDF", QFileDialog.FileMode.AnyFile, "PDF 文件 (*.pdf)", save=True
    )
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    shown = labels(dialog)
    assert "查找范围：" in shown and "文件类型：" in shown
    assert not [t for t in shown if "Look in" in t or "Files of type" in t]
    day = QLocale().toString(QDate(2026, 12, 3), QLocale.FormatType.ShortFormat)
    assert day != "3 12 2026" and day.startswith("2026")


def test_dialogs_start_in_documents_then_in_the_last_folder(
    qtbot: QtBot, tmp_path: Path, settings: QSettings
) -> None:
    assert file_dialogs.start_folder() == file_dialogs.documents_folder()
    assert file_dialogs.start_folder() != Path.cwd()
    target = tmp_path / "导出"
    target.mkdir()

    def accept_when_shown() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog)
        dialog.setDirectory(str(target))
        dialog.selectFile(str(target / "时间线.pdf"))
        dialog.accept()

    QTimer.singleShot(50, accept_when_shown)
    path = file_dialogs.save_file(None, "导出时间线", "时间线.pdf", "PDF 文件 (*.pdf)")
    assert Path(path) == target / "时间线.pdf"
    assert file_dialogs.start_folder() == target  # remembered, for every dialog
    dialog = file_dialogs.make_dialog(None, "添加附件", QFileDialog.FileMode.ExistingFiles)
    qtbot.addWidget(dialog)
    assert Path(dialog.directory().absolutePath()) == target


def test_print_dialog_reads_chinese(qtbot: QtBot, chinese: None) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from desktop.ui.print_preview import make_print_dialog

    dialog = make_print_dialog(None, QPrinter(), 3)
    qtbot.addWidget(dialog)
    shown = [re.sub(r"\(&\w\)|&", "", t) for t in labels(dialog)]  # mnemonics: 名称(&N)
    assert "页面范围：" in shown
    assert [t for t in shown if any(c.isascii() and c.isalpha() for c in t)] == []
