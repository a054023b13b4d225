"""Grab PNGs of every sidebar page of the main window on the demo office, for review and
docs/screenshots/.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/ui_screenshots.py [OUT_DIR]

Seeds a throw-away store the way `python -m desktop seed-demo` does (the demo office,
清河县纪委监委, dated around today), puts a few records in the 回收站, then shows each page
in a real window and saves `window.grab()`. The 时间线 and 设置 pages have their own,
more detailed screenshots (timeline-*.png, settings_*.png); pass --all to retake them too.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop import demo  # noqa: E402
from desktop.domain.notice_kinds import REMINDER_PERSON_TEMPLATE, WORDINGS  # noqa: E402
from desktop.store import Store, records  # noqa: E402
from desktop.store.errors import UserError  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.pages.list_tabs import ListTabs  # noqa: E402
from scripts.shot_app import start  # noqa: E402

# (sidebar page, tab's record table or None, file name)
SHOTS: tuple[tuple[str, str | None, str], ...] = (
    ("工作台", None, "dashboard"),
    ("谈话记录", None, "talks"),
    ("问题线索", None, "clues"),
    ("监督检查与整改", "rectifications", "rectifications"),
    ("监督检查与整改", "inspections", "inspections"),
    ("监督检查与整改", "inquiries", "inquiries"),
    ("监督检查与整改", "proposals", "proposals"),
    ("人员档案", None, "persons"),
    ("单位", None, "units"),
    ("文书登记", None, "documents"),
    ("统计汇总", None, "stats"),
    ("回收站", None, "recycle"),
)
MORE_SHOTS: tuple[tuple[str, str | None, str], ...] = (
    ("时间线", None, "timeline"),
    ("设置", None, "settings"),
)


def settle(app: QApplication, window: MainWindow, seconds: float = 1.5) -> None:
    """Let layouts, lazy pages and background work finish before the grab."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline or window.work.busy:
        app.processEvents()
        time.sleep(0.02)
        if time.monotonic() > deadline + 30:
            break


def fill_recycle_bin(store: Store) -> None:
    """A few deletions, as a clerk makes them, so the 回收站 page has something to show."""
    for table in ("talks", "inquiries", "rectifications", "proposals"):
        rows = store.query(f"SELECT id FROM {table} ORDER BY id DESC LIMIT 2")
        for row in rows:
            try:
                records.delete(store, table, int(row["id"]))
            except UserError:  # still referenced: it stays, the others will do
                continue


def main(out: Path, every: bool) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = start()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "data", operator="李明")
        demo.seed(store)
        fill_recycle_bin(store)
        window = MainWindow(store, offer_drafts=False)
        window.resize(1440, 900)
        window.show()
        settle(app, window)
        for name, table, slug in SHOTS + (MORE_SHOTS if every else ()):
            window.select_page(name)
            page = window.pages[name]
            if table is not None:
                assert isinstance(page, ListTabs)
                page.show_list(table)
            run = getattr(page, "run_button", None)
            if run is not None:
                run.click()
            settle(app, window)
            path = out / f"{slug}.png"
            window.grab().save(str(path))
            print("saved", path)
        settings = window.select_page("设置")
        for tab, slug in (
            (2, "settings_limits"),
            (3, "settings_dictionaries"),
            (4, "settings_holidays"),
        ):
            settings.tabs.setCurrentIndex(tab)  # type: ignore[attr-defined]
            settle(app, window)
            window.grab().save(str(out / f"{slug}.png"))
            print("saved", out / f"{slug}.png")
        settings.show_tab(settings.wordings)  # type: ignore[attr-defined]
        row = WORDINGS.index(REMINDER_PERSON_TEMPLATE)  # its row, whatever kinds come before
        settings.wordings.names.setCurrentRow(row)  # type: ignore[attr-defined]
        settle(app, window)
        path = out / "settings_wording.png"
        window.grab().save(str(path))
        print("saved", path)
        letter = window.write_letter()
        letter.addressee.setText("各乡镇（街道）党（工）委，县直各单位")
        letter.sample.setCurrentIndex(1)
        letter.sample.activated.emit(1)
        settle(app, window)
        path = out / "letter_dialog.png"
        letter.grab().save(str(path))
        print("saved", path)
        letter.close()
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--all"]
    target = Path(args[0]) if args else ROOT / "docs" / "screenshots"
    sys.exit(main(target, "--all" in sys.argv[1:]))
