"""Cold-start launcher: time from process start to the main window's first paint.

    python benchmarks/launch.py --data-dir D [--bare]

Runs what ``python -m desktop --data-dir D`` runs (desktop.__main__.main: the log, then
desktop.ui.app.run: garbage-collector tuning, identity, translation, palette, icon, the
CJK font, the data-dir lock, the cheap store checks, the Session: Store.open, the
password check, MainWindow, show; the whole-file check and the daily backup follow on
the worker), or with --bare only a QApplication and an empty QMainWindow of the same
size. When the first Paint event reaches the window it prints one JSON line
{"paint": time.time(), "rss_mb": ..., "qt_namespace": ..., "pages": [...],
"modules": [...]} and exits; the parent measures from just before it started the process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def built() -> dict[str, object]:
    """What the start had built at its first paint, beyond the time: whether the `Qt`
    namespace's enum classes were made (see desktop/ui/__init__.py), which page modules,
    every module loaded."""
    core = sys.modules.get("PySide6.QtCore")
    pages = sorted(m for m in sys.modules if m.startswith("desktop.ui.pages."))
    return {
        "qt_namespace": core is not None and "Qt" in vars(core),
        "pages": pages,
        "modules": sorted(sys.modules),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--bare", action="store_true")
    args = parser.parse_args()
    if not args.bare:  # as `python -m desktop` does before it imports Qt
        from desktop.__main__ import pause_garbage_collection, preload_window_core

        pause_garbage_collection()
        preload_window_core()

    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QMainWindow

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
                print(json.dumps({"paint": time.time(), "rss_mb": rss_mb(), **built()}), flush=True)
                os._exit(0)
            return False

    spy = FirstPaint()
    if args.bare:
        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.resize(1360, 860)
        window.installEventFilter(spy)
        window.show()
    else:
        # exactly `python -m desktop --data-dir D` (desktop.__main__.main: the log, then
        # desktop.ui.app.run, which takes the QApplication made here). The spy watches
        # the main window only, as with --bare: an application-wide Python filter would
        # make PySide6 wrap every event of every widget (and build the Python enum classes
        # of ~100 Qt classes it meets so), a cost the program itself does not pay.
        app = QApplication(sys.argv[:1])
        from desktop.ui.main_window import MainWindow

        shown = MainWindow.show

        def show_watched(window: MainWindow) -> None:
            window.installEventFilter(spy)
            shown(window)

        MainWindow.show = show_watched  # type: ignore[method-assign]
        from desktop.__main__ import main as desktop_main

        return desktop_main(["--data-dir", str(args.data_dir)])
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
