"""PNGs of 审计日志, 备份与恢复 (the backup and restore dialogs) and the lock screen,
for review and docs/screenshots/.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/safe_screenshots.py OUT_DIR

Uses a throw-away demo store; the restore dialog reads a real encrypted backup.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop import demo  # noqa: E402
from desktop.domain import privacy  # noqa: E402
from desktop.store import Store, access, backup, records  # noqa: E402
from desktop.ui.app import configure_application_identity  # noqa: E402
from desktop.ui.fonts import ensure_cjk_font  # noqa: E402
from desktop.ui.locking import Locker  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.pages.settings_page import SettingsPage  # noqa: E402

PASS = "Qingfeng-USB 2026!"


def settle(app: QApplication, seconds: float = 1.0, until: object = None) -> None:
    deadline = dt.datetime.now() + dt.timedelta(seconds=seconds)
    while dt.datetime.now() < deadline:
        app.processEvents()
        if callable(until) and until():
            break


def some_history(store: Store) -> None:
    """A few edits by two clerks and a reveal, so the log has something to show."""
    clue = int(store.scalar("SELECT id FROM clues WHERE reporter_name IS NOT NULL LIMIT 1"))
    store.operator = "王芳"
    records.update(store, "clues", clue, {"handler": "第一纪检监察室", "notes": "已电话联系举报人"})
    privacy.reveal_reporter(store, clue)
    unit = int(store.scalar("SELECT id FROM units ORDER BY id LIMIT 1"))
    store.operator = "李明"
    name = str(store.scalar("SELECT name FROM units WHERE id = ?", [unit]))
    records.update(store, "units", unit, {"name": name + "（新）"})


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    configure_application_identity()
    app = QApplication(sys.argv[:1])
    QSettings().clear()
    ensure_cjk_font(app)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        store = Store.open(data_dir)
        demo.seed(store)
        some_history(store)
        for days in (3, 2, 1):
            backup.automatic(store, now=dt.datetime.now() - dt.timedelta(days=days, hours=2))
        usb = Path(tmp) / "U盘"
        usb.mkdir()
        archive = backup.backup_to(store, usb, passphrase=PASS).path
        window = MainWindow(store, offer_drafts=False)
        window.resize(1440, 900)
        window.show()
        settings = window.select_page("设置")
        assert isinstance(settings, SettingsPage)

        settings.show_tab(settings.audit)
        page = settings.audit
        page.verify()
        settle(app, 5, until=lambda: page.verify_button.isEnabled())
        page.view.setCurrentIndex(page.model.index(1, 0))
        settle(app)
        window.grab().save(str(out / "audit.png"))

        settings.show_tab(settings.backup)
        settle(app)
        window.grab().save(str(out / "settings_backup.png"))

        dialog = settings.backup.backup_now()
        dialog.folder.setText(str(usb))
        dialog.encrypt.setChecked(True)
        dialog.passphrase.setText(PASS)
        dialog.repeat.setText(PASS)
        settle(app, 0.5)
        dialog.grab().save(str(out / "backup_dialog.png"))
        dialog.close()

        restore = settings.backup.restore_from(archive)
        restore.passphrase.setText(PASS)
        restore.check()
        settle(app, 30, until=lambda: restore.restore_button.isEnabled())
        settle(app, 0.5)
        restore.grab().save(str(out / "restore_dialog.png"))
        restore.close()

        settings.show_tab(settings.security)
        access.set_password(store, None, PASS, PASS)
        settings.security.refresh()
        settle(app)
        window.grab().save(str(out / "settings_password.png"))
        locker = Locker(store, interval_ms=60_000)
        locker.lock()
        settle(app, 1.0)
        screen = QApplication.primaryScreen()
        screen.grabWindow(0).save(str(out / "lock_screen.png"))
        visible = [w.objectName() for w in QApplication.topLevelWidgets() if w.isVisible()]
        print("visible while locked:", visible)
        locker.stop()
        if locker.screen is not None:
            locker.screen.hide()
        for w in locker.hidden:
            if isinstance(w, QWidget):
                w.show()
        window.close()
        store.close()
    for name in ("audit", "settings_backup", "backup_dialog", "restore_dialog", "lock_screen"):
        print("saved", out / f"{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
