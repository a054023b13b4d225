"""The window's hook for an unexpected error: the log first, then one Chinese dialog
(desktop/ui/error_dialog.py).

`install` puts a hook in front of sys.excepthook (desktop/log.py's, which writes the
traceback to the log): PySide6 hands an exception raised in a slot or an event handler
to sys.excepthook and carries on, so without this the clerk would see nothing at all.
While one error dialog is open, further errors are only logged: one dialog, not a
cascade.

Apart from the dialog because every start installs the hook before the window, and the
dialog's module (its widgets' Qt classes) loads only with the first error: start-up time,
see desktop/ui/__init__.py.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtWidgets import QApplication

from desktop import log as applog

ShowDialog = Callable[[str, Path | None], None]


def show_error_dialog(details: str, log_file: Path | None) -> None:
    """`error_dialog.show_error_dialog`, its module loaded with the first error."""
    from desktop.ui import error_dialog

    error_dialog.show_error_dialog(details, log_file)


class ErrorHook:
    """sys.excepthook for the window: the previous hook (the log) first, then the dialog,
    on the GUI thread only and one at a time."""

    def __init__(self, previous: Callable[..., Any], show: ShowDialog = show_error_dialog):
        self.previous = previous
        self.show = show
        self.showing = False
        self.shown = 0

    def __call__(
        self, kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        from PySide6.QtCore import QThread  # with the first error: see the module's doc

        self.previous(kind, value, tb)
        app = QApplication.instance()
        if (
            self.showing
            or app is None
            or QThread.currentThread() is not app.thread()
            or issubclass(kind, KeyboardInterrupt)
        ):
            return
        self.showing = True
        try:
            self.shown += 1
            self.show("".join(traceback.format_exception(kind, value, tb)), applog.current_file())
        finally:
            self.showing = False


def install(show: ShowDialog = show_error_dialog) -> ErrorHook:
    hook = ErrorHook(sys.excepthook, show)
    sys.excepthook = hook
    return hook


def uninstall(hook: ErrorHook) -> None:
    if sys.excepthook is hook:
        sys.excepthook = hook.previous
