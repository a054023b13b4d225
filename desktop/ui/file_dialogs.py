"""Every open/save/folder dialog of the program goes through here.

They start in the folder the clerk last used (remembered across runs), else in the user's
documents folder, never in the program's own folder; and the few labels Qt's zh_CN
translation leaves in English ("Look in:", "Files of type:") are set in Chinese here. On
Windows the system's own dialog is used and speaks the system's language.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

LAST_FOLDER = "dialogs/last_folder"

_LABELS = {
    QFileDialog.DialogLabel.LookIn: "查找范围：",
    QFileDialog.DialogLabel.FileName: "文件名：",
    QFileDialog.DialogLabel.FileType: "文件类型：",
    QFileDialog.DialogLabel.Reject: "取消",
}


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def start_folder() -> Path:
    """The last folder the clerk used, if it still exists; else the documents folder."""
    last = QSettings().value(LAST_FOLDER)
    if last and Path(str(last)).is_dir():
        return Path(str(last))
    return documents_folder()


def remember(path: str | Path) -> None:
    folder = Path(path)
    if not folder.is_dir():
        folder = folder.parent
    QSettings().setValue(LAST_FOLDER, str(folder))


def make_dialog(
    parent: QWidget | None,
    title: str,
    mode: QFileDialog.FileMode,
    filters: str = "",
    *,
    save: bool = False,
    suggested: str = "",
    start: str = "",
) -> QFileDialog:
    """A file dialog set up as every dialog of the program is (tests look at it unshown)."""
    where = Path(start) if start and Path(start).is_dir() else start_folder()
    target = Path(suggested) if suggested else None
    if target is not None and not target.is_absolute():
        target = where / target  # a bare file name: in the start folder
    dialog = QFileDialog(parent, title, str(target.parent if target else where), filters)
    dialog.setFileMode(mode)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, "保存")
    else:
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, "选择" if not filters else "打开")
    if mode == QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    for label, text in _LABELS.items():
        dialog.setLabelText(label, text)
    if target is not None:
        dialog.selectFile(target.name)
    return dialog


def _run(dialog: QFileDialog) -> list[str]:
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return []
    chosen = [f for f in dialog.selectedFiles() if f]
    if chosen:
        remember(chosen[0])
    return chosen


def save_file(parent: QWidget | None, title: str, suggested: str, filters: str = "") -> str:
    """The path to save to ("" when cancelled); `suggested` is a file name or a full path."""
    mode = QFileDialog.FileMode.AnyFile
    chosen = _run(make_dialog(parent, title, mode, filters, save=True, suggested=suggested))
    return chosen[0] if chosen else ""


def open_file(parent: QWidget | None, title: str, filters: str = "", start: str = "") -> str:
    chosen = _run(
        make_dialog(parent, title, QFileDialog.FileMode.ExistingFile, filters, start=start)
    )
    return chosen[0] if chosen else ""


def open_files(parent: QWidget | None, title: str, filters: str = "") -> list[str]:
    return _run(make_dialog(parent, title, QFileDialog.FileMode.ExistingFiles, filters))


def choose_folder(parent: QWidget | None, title: str, start: str = "") -> str:
    chosen = _run(make_dialog(parent, title, QFileDialog.FileMode.Directory, start=start))
    return chosen[0] if chosen else ""
