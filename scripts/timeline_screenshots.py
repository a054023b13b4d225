"""Grab the timeline PNGs in docs/screenshots/ from the demo office.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/timeline_screenshots.py [OUT]

Seeds a throw-away store with ``python -m desktop seed-demo`` and saves the 时间线 page
at month and year zoom (timeline-month.png, timeline-year.png) and the 廉政档案 of the
person and the unit with the most on record, with their embedded timelines
(archive_person.png, archive_unit.png).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop.store import Store  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.timeline import TimelinePage  # noqa: E402
from scripts.shot_app import start  # noqa: E402


def settle(app: QApplication, seconds: float = 1.5) -> None:
    """Let debounced and background reads land and the widgets paint."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def save(widget: QWidget, path: Path) -> None:
    widget.grab().save(str(path))
    print("saved", path)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = start()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        seed = [sys.executable, "-m", "desktop", "seed-demo", "--data-dir", str(data)]
        subprocess.run(seed, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        store = Store.open(data)
        window = MainWindow(store, offer_drafts=False)
        window.resize(1440, 900)
        window.show()
        page = window.select_page("时间线")
        assert isinstance(page, TimelinePage)
        for zoom, slug in ((2, "timeline-month"), (4, "timeline-year")):
            page.view.set_zoom(zoom)
            page.view.go_today()
            settle(app)
            save(window, out / f"{slug}.png")
        person = store.scalar(
            "SELECT person_id FROM clue_outcomes GROUP BY person_id"
            " ORDER BY COUNT(*) DESC, (SELECT COUNT(*) FROM talk_subjects t"
            " WHERE t.person_id = clue_outcomes.person_id) DESC LIMIT 1"
        )
        unit = store.scalar(
            "SELECT unit_id FROM rectifications WHERE unit_id IS NOT NULL GROUP BY unit_id"
            " ORDER BY COUNT(*) DESC LIMIT 1"
        )
        for table, rid, slug in (
            ("persons", person, "archive_person"),
            ("units", unit, "archive_unit"),
        ):
            dialog = window.archives.open(table, int(rid))
            assert dialog is not None
            dialog.resize(1300, 960)
            settle(app)
            save(dialog, out / f"{slug}.png")
            dialog.close()
        window.close()
        window.work.cancel_all()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
