"""The Qt desk. Qt is imported only under this package.

Start-up time: the modules the first paint of the main window runs (app, main_window,
work, screen, palette, security, error_dialog, fonts, first_start) import
`PySide6.QtCore.Qt` only inside the functions that use it, after that paint. The first
access to the `Qt` namespace makes PySide6 build its 93 Python enum classes (~18 ms of
CPU, a sixth of a bare window's whole start); before the paint an enum of it is set by
name instead (`setProperty("toolButtonStyle", "ToolButtonTextOnly")`).
tests/test_startup.py checks that the first paint builds no `Qt` namespace.
"""
