"""Screenshots of the 专项工作 page and of 统计汇总's issue #15 rows, and renders of the
统计汇总 report whose paragraph speaks campaign by campaign, for docs/.

    xvfb-run -a -s "-screen 0 1600x1000x24" \
        .venv/bin/python scripts/campaign_page_screenshots.py
    xvfb-run -a -s "-screen 0 1366x768x24" \
        .venv/bin/python scripts/campaign_page_screenshots.py --fit

The records are the tests' (tests/campaign_office.py: two campaigns of 2026 with their
inspections, items, documents, activities, 通报, a clue, 曝光 and 问责) on a fixed day.
--fit saves only the page at 1366×768 (fit1366_campaign_page.png).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.domain import summary  # noqa: E402
from desktop.store import Store  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.pages.stats_page import StatsPage  # noqa: E402
from scripts.shot_app import start  # noqa: E402
from tests.campaign_office import make_office  # noqa: E402

NOW = dt.datetime(2026, 12, 1, 9, 0)


def settle(app: QApplication, until: object = None, seconds: float = 20.0) -> None:
    deadline = dt.datetime.now() + dt.timedelta(seconds=seconds)
    while dt.datetime.now() < deadline:
        app.processEvents()
        if callable(until) and until():
            break
    end = dt.datetime.now() + dt.timedelta(seconds=0.6)
    while dt.datetime.now() < end:
        app.processEvents()


def main(fit: bool) -> int:
    shots, renders = ROOT / "docs" / "screenshots", ROOT / "docs" / "notices"
    app = start()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "data", create=True, operator="王文", clock=lambda: NOW)
        store.set_setting("office_name", "清河县纪委监委")
        ids = make_office(store)
        window = MainWindow(store, offer_drafts=False)
        pages = window.campaign_pages
        dialog = pages.open("campaigns", ids["festival"])
        assert dialog is not None
        settle(app, seconds=1.0)
        name = "fit1366_campaign_page.png" if fit else "campaign_page.png"
        dialog.grab().save(str(shots / name))
        print("saved", name)
        dialog.close()
        if not fit:
            window.resize(1440, 900)
            window.show()
            page = window.select_page("统计汇总")
            assert isinstance(page, StatsPage)
            page.period.set_text("2026年")
            page.run_button.click()
            settle(app, lambda: page.result is not None)
            row = page.model.row_of("campaigns")
            assert row is not None
            page.table.scrollTo(page.model.index(row, 0), page.table.ScrollHint.PositionAtTop)
            settle(app, seconds=0.5)
            window.grab().save(str(shots / "stats_campaigns.png"))
            print("saved stats_campaigns.png")
            pdf = Path(tmp) / "summary.pdf"
            pdf.write_bytes(summary.render_pdf(store, dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
            for n, out in ((1, "summary_campaigns-1"), (5, "summary_campaigns-5")):
                subprocess.run(
                    ["pdftoppm", "-png", "-r", "80", "-f", str(n), "-l", str(n), "-singlefile",
                     str(pdf), str(renders / out)],
                    check=True,
                )  # fmt: skip
                print("saved", out + ".png")
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main("--fit" in sys.argv[1:]))
