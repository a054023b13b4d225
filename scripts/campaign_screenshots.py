"""Grab PNGs of the 专项工作与通报 page (its four lists) and of the entry forms of issue #15
(专项工作, 工作活动, 通报, 问责, and the 所属专项工作/通报曝光 box of the clue form), for
docs/screenshots/.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/campaign_screenshots.py [OUT]

Seeds a throw-away demo office; when the demo has no campaigns of its own, adds a few
records the way a clerk would enter them, so the lists and forms have something to show.
The activity form is also taken at 1366×768 (fit1366_activity.png).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QGroupBox, QScrollArea  # noqa: E402

from desktop import demo  # noqa: E402
from desktop.store import Store, records  # noqa: E402
from desktop.ui.forms.record_form import RecordForm  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.pages.list_tabs import ListTabs  # noqa: E402
from scripts.shot_app import start  # noqa: E402

PAGE = "专项工作与通报"
LISTS = (
    ("campaigns", "campaigns"),
    ("activities", "activities"),
    ("bulletins", "bulletins"),
    ("accountabilities", "accountabilities"),
)


def settle(app: QApplication, window: MainWindow, seconds: float = 1.5) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline or window.work.busy:
        app.processEvents()
        time.sleep(0.02)
        if time.monotonic() > deadline + 30:
            break


def some_records(store: Store) -> None:
    """A campaign with an activity, a 通报 and a 问责 tied to it (the demo's own, when it
    has them, are left as they are)."""
    if store.scalar("SELECT COUNT(*) FROM campaigns"):
        return
    year = store.today().year
    units = [int(r["id"]) for r in store.query("SELECT id FROM units ORDER BY id LIMIT 4")]
    persons = [int(r["id"]) for r in store.query("SELECT id FROM persons ORDER BY id LIMIT 6")]
    rect = store.query("SELECT id, clue_id FROM rectifications ORDER BY id LIMIT 1")[0]
    clue = store.query("SELECT id FROM clues ORDER BY id LIMIT 1")[0]
    campaign = records.insert(
        store,
        "campaigns",
        {
            "name": f"{year}年元旦春节期间纠治“四风”专项检查",
            "theme": "节日期间",
            "start_date": f"{year}-01-01",
            "end_date": f"{year}-02-28",
            "lead_office": "党风政风监督室",
        },
        {"campaign_units": [{"unit_id": u} for u in units]},
    )
    records.insert(
        store,
        "campaigns",
        {
            "name": f"{year}年优化营商环境专项监督",
            "theme": "营商环境",
            "start_date": f"{year}-03-01",
            "lead_office": "第一纪检监察室",
        },
        {"campaign_units": [{"unit_id": units[0]}]},
    )
    link = [{"campaign_id": campaign}]
    records.update(store, "rectifications", int(rect["id"]), {}, {"rect_campaigns": link})
    records.update(store, "clues", int(clue["id"]), {}, {"clue_campaigns": link})
    records.insert(
        store,
        "activities",
        {
            "kind": "警示教育",
            "title": "节前警示教育大会暨观看警示教育片",
            "date": f"{year}-01-20",
            "place": "县委党校报告厅",
            "organizer": "宣传部",
            "sessions": 2,
            "attendance": 260,
        },
        {"activity_units": [{"unit_id": u} for u in units], "activity_campaigns": link},
    )
    records.insert(
        store,
        "activities",
        {
            "kind": "述责述廉",
            "title": "乡镇党委书记述责述廉会议",
            "date": f"{year}-01-28",
            "place": "县委常委会议室",
        },
        {
            "activity_persons": [
                {"person_id": p, "role": "测评对象", "assessment": a}
                for p, a in zip(persons[:4], ("好", "好", "较好", "一般"), strict=True)
            ],
            "activity_campaigns": link,
        },
    )
    bulletin = records.insert(
        store,
        "bulletins",
        {
            "kind": "典型案例通报",
            "title": "关于节日期间违反中央八项规定精神典型问题的通报",
            "date": f"{year}-02-20",
            "scope": "全县各级党组织",
        },
        {
            "bulletin_items": [
                {"summary": "违规公款吃喝问题", "person_id": persons[1]},
                {"summary": "公车私用问题", "person_id": persons[2]},
                {"summary": "违规收受礼品礼金问题", "unit_id": units[1]},
            ],
            "bulletin_campaigns": link,
        },
    )
    records.update(
        store,
        "clues",
        int(clue["id"]),
        {},
        {
            "clue_exposures": [
                {"date": f"{year}-02-20", "channel": "内部通报", "bulletin_id": bulletin}
            ]
        },
    )
    records.insert(
        store,
        "accountabilities",
        {
            "person_id": persons[1],
            "method": "诫勉",
            "date": f"{year}-02-25",
            "reason": "落实节日期间作风建设要求不力",
            "rect_id": int(rect["id"]),
            "decided_by": "县纪委常委会",
        },
    )
    records.insert(
        store,
        "accountabilities",
        {
            "unit_id": units[2],
            "method": "通报",
            "date": f"{year}-02-26",
            "reason": "整改落实不到位",
            "decided_by": "县纪委监委",
        },
    )


def first_id(store: Store, table: str) -> int:
    return int(store.scalar(f"SELECT MAX(id) FROM {table}"))


def form_shot(app: QApplication, window: MainWindow, form: RecordForm, path: Path) -> None:
    settle(app, window)
    form.grab().save(str(path))
    print("saved", path)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = start()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "data", operator="李明")
        demo.seed(store)
        some_records(store)
        window = MainWindow(store, offer_drafts=False)
        window.resize(1440, 900)
        window.show()
        settle(app, window)
        for table, slug in LISTS:
            window.select_page(PAGE)
            page = window.pages[PAGE]
            assert isinstance(page, ListTabs)
            page.show_list(table)
            settle(app, window)
            window.grab().save(str(out / f"{slug}.png"))
            print("saved", out / f"{slug}.png")

        activity = store.scalar(
            "SELECT activity_id FROM activity_persons GROUP BY activity_id"
            " ORDER BY COUNT(*) DESC LIMIT 1"
        )
        shots = (
            ("campaigns", first_id(store, "campaigns"), "form_campaign"),
            ("activities", int(activity), "form_activity"),
            ("bulletins", first_id(store, "bulletins"), "form_bulletin"),
            ("accountabilities", first_id(store, "accountabilities"), "form_accountability"),
        )
        for table, record_id, slug in shots:
            form = window.open_form(table, record_id)
            assert form is not None
            form_shot(app, window, form, out / f"{slug}.png")
            if table == "activities":
                form.resize(1366 - 40, 768 - 60)
                form_shot(app, window, form, out / "fit1366_activity.png")
            form.close()

        clue = store.scalar("SELECT clue_id FROM clue_exposures ORDER BY id LIMIT 1")
        form = window.open_form("clues", int(clue))
        assert form is not None
        box = form.body.findChild(QGroupBox, "campaignBox")
        scroll = form.findChild(QScrollArea)
        assert box is not None and scroll is not None
        settle(app, window)
        scroll.ensureWidgetVisible(box, 0, 0)
        form_shot(app, window, form, out / "form_clue_campaigns.png")
        form.close()
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    sys.exit(main(target))
