"""Cold-start launcher: time from process start to the main window's first paint.

    python benchmarks/launch.py --data-dir D [--bare]

Does what ``python -m desktop --data-dir D`` does (desktop.ui.app.run: identity, the
QApplication, the CJK font, Store.open, MainWindow, show), or with --bare only a
QApplication and an empty QMainWindow of the same size. When the first Paint event
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
            if event.type() == QEvent.Type.Paint:
                print(json.dumps({"paint": time.time(), "rss_mb": rss_mb()}), flush=True)
                os._exit(0)
            return False

    if args.bare:
        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.resize(1360, 860)
    else:
        from desktop import APP_NAME
        from desktop.store import Store
        from desktop.ui.app import MainWindow, configure_application_identity
        from desktop.ui.fonts import ensure_cjk_font

        configure_application_identity()
        app = QApplication(sys.argv[:1])
        app.setApplicationDisplayName(APP_NAME)
        ensure_cjk_font(app)
        store = Store.open(args.data_dir)
        window = MainWindow(store, offer_drafts=False)
    spy = FirstPaint()
    window.installEventFilter(spy)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
