"""Grab PNGs of the main window's pages, for review and docs/screenshots/.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/ui_screenshots.py OUT_DIR

Seeds a throw-away store with desktop.domain.demo when it exists, else with the
small UI test data set (tests/ui_helpers.py).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.store import Store  # noqa: E402
from desktop.ui.app import configure_application_identity  # noqa: E402
from desktop.ui.fonts import ensure_cjk_font  # noqa: E402
from desktop.ui.main_window import PAGES, MainWindow  # noqa: E402

SHOTS = {
    "工作台": "dashboard",
    "问题线索": "clues",
    "监督检查与整改": "rectifications",
    "谈话记录": "talks",
    "回收站": "recycle",
    "统计汇总": "stats",
    "时间线": "timeline",
    "人员档案": "persons",
}


def seeded_store(data_dir: Path) -> Store:
    try:
        from desktop.domain import demo  # type: ignore[attr-defined]
    except ImportError:
        demo = None
    if demo is not None:
        store = Store.open(data_dir)
        demo.seed(store)
        return store
    sys.path.insert(0, str(ROOT / "tests"))
    import ui_helpers

    store = ui_helpers.open_store(data_dir)
    data = ui_helpers.seed(store)
    from desktop.store import records

    records.delete(store, "talks", data.talks[0])
    return store


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    configure_application_identity()
    app = QApplication(sys.argv[:1])
    QSettings().clear()
    print("font:", ensure_cjk_font(app))
    with tempfile.TemporaryDirectory() as tmp:
        store = seeded_store(Path(tmp) / "data")
        window = MainWindow(store)
        window.resize(1440, 900)
        window.show()
        for name, slug in SHOTS.items():
            page = window.select_page(name)
            if name == "统计汇总":
                page.run_button.click()  # type: ignore[attr-defined]
            deadline = dt.datetime.now() + dt.timedelta(seconds=1.5)
            while dt.datetime.now() < deadline:
                app.processEvents()
            path = out / f"{slug}.png"
            window.grab().save(str(path))
            print("saved", path, PAGES.index(name))
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
