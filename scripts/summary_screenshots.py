"""Screenshots of 统计汇总 (also filtered by a campaign, and at 1366×768), its drill-down,
导出台账 and 导入台账 for docs/screenshots/.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/summary_screenshots.py [OUT]

The demo office on a fixed day (2026-05-10), so the pictures are the same every run.
The import dialog reads a legacy-style workbook written here with openpyxl.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop import demo  # noqa: E402
from desktop.domain import summary  # noqa: E402
from desktop.store import Store  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.models.summary import CURRENT  # noqa: E402
from desktop.ui.pages.stats_page import StatsPage  # noqa: E402
from scripts.shot_app import start  # noqa: E402

NOW = dt.datetime(2026, 5, 10, 9, 0)


def settle(app: QApplication, until: object = None, seconds: float = 20.0) -> None:
    """Let background work finish and the widgets paint."""
    deadline = dt.datetime.now() + dt.timedelta(seconds=seconds)
    while dt.datetime.now() < deadline:
        app.processEvents()
        if callable(until) and until():
            break
    end = dt.datetime.now() + dt.timedelta(seconds=0.6)
    while dt.datetime.now() < end:
        app.processEvents()


def legacy_workbook(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["2025年东关街道纪工委问题线索处置台账"])
    ws.merge_cells("A1:I1")
    ws.append([])
    headers = ["序号", "收件日期", "来源", "被反映人", "职务", "主要问题", "处置类型"]
    ws.append([*headers, "办结时间", "经办说明"])
    liu = ("刘建国（东关街道）", "社区书记", "反映刘建国违规收受礼金", "谈话函询")
    rows = [
        ("2025.3.5", "信访举报", *liu, "2025年4月20日", "已约谈"),
        ("2025年4月8日", "群众来信转办", "陈志强", "科员", "反映陈志强公车私用", "初步核实"),
        ("2025年13月5日", "信访举报", "李红梅", "副主任", "反映李红梅违规吃喝", "谈话函询"),
        ("45802", "上级交办", "周海", "站长", "反映周海优亲厚友", "予以了结", "2025/6/30"),
        ("2025.3.5", "信访举报", *liu),
        ("２０２５年７月１日", "信访举报", "", "", "", "暂存待查", "", "无具体人员"),
    ]
    for n, row in enumerate(rows, start=1):
        ws.append([n, *row])
    wb.save(path)
    return path


def render_first_page(pdf: bytes, target: Path) -> None:
    """The report's first page as the README shows renders (pdftoppm, 80 dpi)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "report.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(source),
             str(Path(tmp) / "page")],
            check=True,
        )  # fmt: skip
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(tmp) / "page.png", target)


def festival_campaign(store: Store) -> int:
    """The demo's first 节日期间 campaign of 2026; without one (an older demo), one made
    here over the demo's 2026 inspections of that kind, so the picture has something."""
    from desktop.store import records

    found = store.scalar(
        "SELECT id FROM campaigns WHERE theme = '节日期间' AND start_date >= '2026-01-01'"
        " ORDER BY start_date, id LIMIT 1"
    )
    if found is not None:
        return int(found)
    inspections = store.query(
        "SELECT id FROM inspections WHERE start_date BETWEEN '2026-01-01' AND '2026-04-30'"
        " ORDER BY start_date, id LIMIT 4"
    )
    campaign = records.insert(
        store,
        "campaigns",
        {"name": "2026年元旦春节期间作风建设专项检查", "theme": "节日期间",
         "start_date": "2026-01-01", "end_date": "2026-02-28"},
    )  # fmt: skip
    for row in inspections:
        records.update(
            store, "inspections", int(row["id"]),
            {}, children={"inspection_campaigns": [{"campaign_id": campaign}]},
        )  # fmt: skip
    return campaign


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = start()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "data", create=True, clock=lambda: NOW)
        demo.seed(store, today=NOW.date())
        window = MainWindow(store, offer_drafts=False)
        window.resize(1440, 900)
        window.show()

        page = window.select_page("统计汇总")
        assert isinstance(page, StatsPage)
        page.period.set_text("2026年1-4月")
        page.run_button.click()
        settle(app, lambda: page.result is not None)
        window.grab().save(str(out / "stats.png"))
        print("saved stats.png")

        row = page.model.row_of("clues_disposed")
        assert row is not None
        page.drill(page.model.index(row, CURRENT))
        settle(app, lambda: bool(page.drill_dialogs))
        dialog: QWidget = page.drill_dialogs[-1]
        dialog.grab().save(str(out / "stats_drilldown.png"))
        print("saved stats_drilldown.png")
        dialog.close()

        campaign = festival_campaign(store)
        page.theme.setCurrentIndex(page.theme.findData("节日期间"))
        page.campaign.setCurrentIndex(page.campaign.findData(campaign))
        page.run_button.click()
        settle(app, lambda: page.result is not None and page.result.current.campaign_id)
        window.grab().save(str(out / "stats_campaign.png"))
        print("saved stats_campaign.png")
        window.resize(1366, 768)
        settle(app, seconds=0.5)
        window.grab().save(str(out / "fit1366_stats.png"))
        print("saved fit1366_stats.png")
        window.resize(1440, 900)
        render_first_page(
            summary.render_pdf(store, dt.date(2026, 1, 1), dt.date(2026, 4, 30),
                               campaign_id=campaign, theme="节日期间"),
            out.parent / "notices" / "summary-campaign-1.png",
        )  # fmt: skip
        print("saved notices/summary-campaign-1.png")

        window.select_page("问题线索")
        export = window.export_ledger()
        export.period.set_text("2026年1-4月（年初至今）")
        settle(app, seconds=0.5)
        export.grab().save(str(out / "export_ledger.png"))
        print("saved export_ledger.png")
        export.reject()

        source = legacy_workbook(Path(tmp) / "东关街道线索台账.xlsx")
        dialog_ = window.import_ledger()
        dialog_.set_file(source)
        settle(app, lambda: not dialog_.busy and dialog_.plan is not None)
        dialog_.tabs.setCurrentIndex(0)
        settle(app, seconds=0.3)
        dialog_.grab().save(str(out / "import_ledger.png"))
        dialog_.tabs.setCurrentIndex(3)
        settle(app, seconds=0.3)
        dialog_.grab().save(str(out / "import_ledger_rejected.png"))
        print("saved import_ledger.png, import_ledger_rejected.png")
        dialog_.close()
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
