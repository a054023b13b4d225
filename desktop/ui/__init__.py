"""The Qt desk. Qt is imported only under this package.

Start-up time: the modules the first paint of the main window runs (app, main_window,
work, screen, palette, locking, error_hook, fonts) import `PySide6.QtCore.Qt` only
inside the functions that use it, after that paint; likewise the message box and the
progress dialog (PySide6 builds a Qt class's enum classes when the class is first taken
from its module, ~0.1-0.2 ms each). The error dialog, the first-start guide and the
password dialogs (security.py) load when shown (tests/test_startup.py). The first
access to the `Qt` namespace makes PySide6 build its 93 Python enum classes (~18 ms of
CPU, a sixth of a bare window's whole start); before the paint an enum of it is set by
name instead (`setProperty("toolButtonStyle", "ToolButtonTextOnly")`).
tests/test_startup.py checks that the first paint builds no `Qt` namespace.
"""
