"""Grab the screenshots of 专项工作, 工作活动, 通报, 通报曝光 and 问责 on the timeline and
in the 廉政档案 (issue #15) into docs/screenshots/.

    xvfb-run -a -s "-screen 0 1600x1000x24" \
        .venv/bin/python scripts/campaign_timeline_screenshots.py [OUT]

Seeds a throw-away store with ``python -m desktop seed-demo``; when the demo office has
no 专项工作 yet, adds a few (with an activity, a 通报, an exposure and 问责) on its busiest
unit and person through desktop.store.records. Saves timeline-campaigns.png (the 时间线
at month zoom, campaigns as bands), timeline-campaign-filter.png (filtered to one
campaign), fit1366_timeline.png (the page at 1366×768), archive_person_campaigns.png and
archive_unit_campaigns.png (the archives scrolled to the new sections).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QScrollArea  # noqa: E402

from desktop.store import Store, records  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.pages.archive_page import ArchiveDialog  # noqa: E402
from desktop.ui.timeline import TimelinePage  # noqa: E402
from scripts.shot_app import start  # noqa: E402
from scripts.timeline_screenshots import save, settle  # noqa: E402


def busiest(store: Store) -> tuple[int, list[int]]:
    """The unit with the most rectification items, and three of its people."""
    unit = int(
        store.scalar(
            "SELECT unit_id FROM rectifications WHERE unit_id IS NOT NULL GROUP BY unit_id"
            " ORDER BY COUNT(*) DESC LIMIT 1"
        )
    )
    people = [
        int(r["id"])
        for r in store.query("SELECT id FROM persons WHERE unit_id = ? ORDER BY id LIMIT 3", [unit])
    ]
    return unit, people


def add_year(store: Store, today: dt.date) -> None:
    """A few campaigns of the last months with what belongs to them."""
    unit, people = busiest(store)
    day = today - dt.timedelta(days=70)

    def on(offset: int) -> str:
        return (day + dt.timedelta(days=offset)).isoformat()

    festival = records.insert(
        store,
        "campaigns",
        {
            "name": "中秋国庆期间作风建设专项检查",
            "theme": "节日期间",
            "start_date": on(0),
            "end_date": on(25),
            "lead_office": "第一纪检监察室",
        },
        {"campaign_units": [{"unit_id": unit}]},
    )
    business = records.insert(
        store,
        "campaigns",
        {
            "name": "优化营商环境专项监督",
            "theme": "营商环境",
            "start_date": on(30),
            "end_date": on(65),
        },
        {"campaign_units": [{"unit_id": unit}]},
    )
    records.insert(
        store,
        "activities",
        {"kind": "述责述廉", "title": "述责述廉暨现场测评会", "date": on(8), "place": "三楼会议室"},
        {
            "activity_units": [{"unit_id": unit}],
            "activity_persons": [
                {"person_id": p, "role": "述责述廉对象", "assessment": a, "score": s}
                for p, a, s in zip(people, ("好", "较好", "好"), ("93", "86", "90"), strict=False)
            ],
            "activity_campaigns": [{"campaign_id": festival}],
        },
    )
    records.insert(
        store,
        "activities",
        {
            "kind": "警示教育",
            "title": "廉政教育基地参观及警示片观看",
            "date": on(35),
            "end_date": on(37),
            "sessions": 3,
            "attendance": 120,
        },
        {"activity_units": [{"unit_id": unit}], "activity_campaigns": [{"campaign_id": business}]},
    )
    clue = int(
        store.scalar(
            "SELECT cp.clue_id FROM clue_persons cp WHERE cp.person_id = ? ORDER BY cp.clue_id"
            " DESC LIMIT 1",
            [people[0]],
        )
        or 0
    ) or records.insert(
        store,
        "clues",
        {"received_date": on(2), "source": "信访举报", "summary": "反映节日期间违规公车私用"},
        {"clue_persons": [{"person_id": people[0]}]},
    )
    records.insert(store, "clue_campaigns", {"clue_id": clue, "campaign_id": festival})
    bulletin = records.insert(
        store,
        "bulletins",
        {
            "kind": "典型案例通报",
            "title": "关于节日期间违反中央八项规定精神典型问题的通报",
            "date": on(28),
        },
        {
            "bulletin_items": [{"summary": "违规公车私用问题", "clue_id": clue}],
            "bulletin_campaigns": [{"campaign_id": festival}],
        },
    )
    records.insert(
        store,
        "clue_exposures",
        {"clue_id": clue, "date": on(29), "channel": "微信公众号", "bulletin_id": bulletin},
    )
    records.insert(
        store,
        "accountabilities",
        {
            "person_id": people[-1],
            "method": "诫勉",
            "date": on(40),
            "reason": "落实整改主体责任不力",
            "decided_by": "区纪委",
            "clue_id": clue,
        },
    )


def scroll_to_new_sections(dialog: ArchiveDialog) -> None:
    """Show the sections issue #15 added, below the older ones."""
    scroll = dialog.findChild(QScrollArea)
    assert scroll is not None
    scroll.ensureWidgetVisible(dialog.groups["activities"], 0, 0)
    scroll.ensureWidgetVisible(dialog.groups["assessments"], 0, 0)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = start()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        seed = [sys.executable, "-m", "desktop", "seed-demo", "--data-dir", str(data)]
        subprocess.run(seed, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        store = Store.open(data)
        if not store.scalar("SELECT COUNT(*) FROM campaigns"):
            add_year(store, store.today())
        unit, people = busiest(store)
        window = MainWindow(store, offer_drafts=False)
        window.resize(1440, 900)
        window.show()
        page = window.select_page("时间线")
        assert isinstance(page, TimelinePage)
        page.view.set_zoom(2)
        page.view.go_today()
        settle(app)
        save(window, out / "timeline-campaigns.png")
        combo = page.timeline.campaign_combo
        combo.setCurrentIndex(combo.count() - 1)
        settle(app)
        save(window, out / "timeline-campaign-filter.png")
        combo.setCurrentIndex(0)
        window.resize(1366, 768)
        settle(app)
        save(window, out / "fit1366_timeline.png")
        window.resize(1440, 900)
        for table, rid, slug in (
            ("persons", people[0], "archive_person_campaigns"),
            ("units", unit, "archive_unit_campaigns"),
        ):
            dialog = window.archives.open(table, rid)
            assert dialog is not None
            dialog.resize(1300, 960)
            settle(app)
            scroll_to_new_sections(dialog)
            settle(app, 0.5)
            save(dialog, out / f"{slug}.png")
            dialog.close()
        window.close()
        window.work.cancel_all()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
