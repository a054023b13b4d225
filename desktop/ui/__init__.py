"""The Qt desk. Qt is imported only under this package."""

from __future__ import annotations

import ctypes
import sys


def _guard_singleton_refcounts() -> None:
    """Work around PySide6 6.12 on Python 3.11 dropping a reference to None per void call.

    Every call of a Qt method returning void (setObjectName, processEvents, ...) leaves
    None with one reference fewer; after a few thousand calls the interpreter aborts
    with "none_dealloc". Python 3.12 made None/True/False immortal (PEP 683), which
    hides the bug there; on 3.11 we give them a reference count no session can exhaust.
    Remove once PySide6 is fixed or the project requires Python 3.12.
    """
    if sys.version_info >= (3, 12) or hasattr(sys, "gettotalrefcount"):
        return
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40


_guard_singleton_refcounts()
