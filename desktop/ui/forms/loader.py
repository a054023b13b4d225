"""Load a Qt Designer file from forms/ at runtime (no generated Python to keep in sync)."""

from __future__ import annotations

import functools
from xml.etree import ElementTree

from PySide6.QtCore import QFile, QIODevice, Qt
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

from desktop import resources
from desktop.store.kinds import CAMPAIGN_LINKS

# The six tables tying records to campaigns share one sub-form: each has the same one
# field the clerk fills in, 所属专项工作 (campaign_id); the link to its parent is set by
# the parent's form.
SHARED_FORMS = {table: "campaign_links" for _parent, table, _fk in CAMPAIGN_LINKS}


def form_file(table: str) -> str:
    """The name of the Designer file (without .ui) that enters rows of `table`."""
    return SHARED_FORMS.get(table, table)


def has_form(table: str) -> bool:
    return resources.form(f"{form_file(table)}.ui").is_file()


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """The widget tree of the form of table `name`; raises RuntimeError if it cannot be
    read."""
    path = resources.form(f"{form_file(name)}.ui")
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


def tab_stops(name: str) -> list[str]:
    """The Tab order forms/<name>.ui declares (its <tabstops>), first field first."""
    return list(_tab_stops(name))


@functools.cache
def _tab_stops(name: str) -> tuple[str, ...]:
    """Read once per form file (parsing the .ui took a tenth of opening a form)."""
    root = ElementTree.parse(resources.form(f"{form_file(name)}.ui")).getroot()
    return tuple(stop.text or "" for stop in root.iter("tabstop"))


def focus_first_field(name: str, body: QWidget) -> QWidget | None:
    """Give the first open field of the form the focus (shown: at once; else when shown)."""
    for stop in tab_stops(name):
        widget = body.findChild(QWidget, stop)
        if widget is not None and widget.isEnabled():
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return widget
    return None
