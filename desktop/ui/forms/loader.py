"""Load a Qt Designer file from forms/ at runtime (no generated Python to keep in sync)."""

from __future__ import annotations

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

from desktop import resources


def has_form(table: str) -> bool:
    return resources.form(f"{table}.ui").is_file()


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """The widget tree of forms/<name>.ui; raises RuntimeError if it cannot be read."""
    path = resources.form(f"{name}.ui")
    file = QFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise RuntimeError(f"cannot open form {path}")
    try:
        loader = QUiLoader()
        widget = loader.load(file, parent)
    finally:
        file.close()
    if widget is None:
        raise RuntimeError(f"cannot load form {path}: {loader.errorString()}")
    return widget
