"""Cold-start launcher: time from process start to the main window's first paint.

    python benchmarks/launch.py --data-dir D [--bare]

Does what ``python -m desktop --data-dir D`` does (desktop.ui.app.run: garbage-collector
tuning, identity, the QApplication and its icon, the CJK font, the data-dir lock, the
store's integrity check, then the Session: Store.open, the password check, the daily
automatic backup, MainWindow, show), or with --bare only a QApplication and an empty
QMainWindow of the same size. When the first Paint event
reaches the window it prints one JSON line {"paint": time.time(), "rss_mb": ...} and
exits; the parent measures from just before it started the process.
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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--bare", action="store_true")
    args = parser.parse_args()

    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QMainWindow

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
                print(json.dumps({"paint": time.time(), "rss_mb": rss_mb()}), flush=True)
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
        # desktop.ui.app.run step by step (the same calls; the session shows the window)
        from PySide6.QtGui import QIcon

        from desktop import APP_NAME, resources
        from desktop.store import lock
        from desktop.ui.app import (
            Session,
            configure_application_identity,
            recover_if_damaged,
            tune_garbage_collection,
        )
        from desktop.ui.fonts import ensure_cjk_font

        tune_garbage_collection()
        configure_application_identity()
        app = QApplication(sys.argv[:1])
        app.setApplicationDisplayName(APP_NAME)
        app.setWindowIcon(QIcon(str(resources.resource("icons", "qingfeng.png"))))
        ensure_cjk_font(app)
        app.installEventFilter(spy)
        held = lock.acquire(args.data_dir)  # one window per data dir
        if not recover_if_damaged(args.data_dir):  # PRAGMA quick_check of the store
            return 1
        app.setQuitOnLastWindowClosed(False)
        session = Session(args.data_dir)
        if not session.start():  # Store.open, password, daily backup, MainWindow, show
            return 1
        app.aboutToQuit.connect(held.release)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
