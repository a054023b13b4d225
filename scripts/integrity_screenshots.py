"""PNGs of what the window says when the store is missing or emptied (issue 14): the
offer of the newest good backup, and the question asked when no backup verifies.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/integrity_screenshots.py OUT

Uses a throw-away store; each message box is grabbed as shown, then declined.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from desktop.store import Store, backup, records  # noqa: E402
from desktop.ui.app import (  # noqa: E402
    configure_application_identity,
    install_qt_translation,
    recover_if_damaged,
)
from desktop.ui.fonts import ensure_cjk_font  # noqa: E402


def grab_and_decline(app: QApplication, target: Path) -> None:
    """When the message box is up: save it as `target`, then decline (否 / 退出)."""

    def shoot() -> None:
        box = app.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(100, shoot)
            return
        box.grab().save(str(target))
        (box.escapeButton() or box.button(QMessageBox.StandardButton.No)).click()

    QTimer.singleShot(300, shoot)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    configure_application_identity()
    app = QApplication(sys.argv[:1])
    install_qt_translation(app)
    ensure_cjk_font(app)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        store = Store.open(data_dir)
        records.insert(store, "units", {"name": "城关镇"})
        backup.automatic(store, now=dt.datetime(2026, 3, 2, 17, 30))
        store.close()
        for file in data_dir.glob("qingfeng.sqlite3*"):
            file.unlink()
        grab_and_decline(app, out / "damaged_store_offer.png")
        recover_if_damaged(data_dir)

        empty = Path(tmp) / "empty"
        Store.open(empty).close()
        (empty / "qingfeng.sqlite3").write_bytes(b"")
        grab_and_decline(app, out / "damaged_store_no_backup.png")
        recover_if_damaged(empty)
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
