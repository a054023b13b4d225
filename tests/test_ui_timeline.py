"""The timeline page: zoom, filters, lanes, click-to-open, keyboard, PDF export, windowing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from ui_helpers import TODAY, Seeded, open_store
from year_records import seed_year

from desktop.domain import notices
from desktop.queries.timeline import EVENT_KINDS, EventFilter, Timeline
from desktop.store import Store, records
from desktop.ui.timeline import TimelinePage, TimelineWidget
from desktop.ui.timeline.view import KIND_COLOURS, TimelineView
from desktop.ui.work import Work

# the indexed date column each kind's window is bounded by
DATE_COLUMNS = {
    "talk": {"date"},
    "clue": {"received_date", "disposition_date", "prelim_start", "case_date", "closed_date"},
    "inquiry": {"sent_date"},
    "document": {"issued_date"},
    "deadline": {"deadline"},
    "check": {"date"},
    "inspection": {"start_date"},
    "sanction": {"decided_date"},
    "campaign": {"start_date"},
    "activity": {"date"},
    "accountability": {"date"},
    "bulletin": {"date"},
    "exposure": {"date"},
}
NEVER_ONE_PERSON = {"inspection", "campaign"}  # units only


@pytest.fixture
def store(data_dir: Path) -> Store:
    return open_store(data_dir)


def make_page(qtbot: QtBot, store: Store) -> TimelinePage:
    page = TimelinePage(store)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    qtbot.waitExposed(page)
    page.view.refresh_now()
    return page


def test_events_of_a_window(store: Store, seeded: Seeded) -> None:
    source = Timeline(store)
    events = source.fetch(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    kinds = {e.kind for e in events}
    assert {"talk", "clue", "deadline"} <= kinds
    assert all(e.start <= dt.date(2026, 3, 31) for e in events)
    deadlines = [e for e in events if e.kind == "deadline"]
    assert {e.status for e in deadlines} & {"overdue", "soon", "done"}
    only = source.fetch(
        dt.date(2025, 1, 1), dt.date(2026, 12, 31), EventFilter(person_id=seeded.persons["王芳"])
    )
    assert only and all(e.person_id == seeded.persons["王芳"] for e in only if e.kind == "talk")


def test_a_letter_to_one_reported_person_is_on_that_persons_lane(
    store: Store, seeded: Seeded
) -> None:
    store.set_setting("contact_person", "刘敏")
    store.set_setting("contact_phone", "0000-6123456")
    clue = seeded.clues["overdue"]
    other = seeded.persons["李强"]
    records.update(
        store,
        "clues",
        clue,
        {},
        {
            "clue_persons": [
                *store.query("SELECT id, person_id FROM clue_persons WHERE clue_id = ?", [clue]),
                {"person_id": other},
            ]
        },
    )
    doc = notices.issue(store, "提醒函", clue, store.today(), person=other)
    day = dt.date.fromisoformat(doc["issued_date"])
    events = Timeline(store).fetch(day, day)
    letter = next(e for e in events if e.kind == "document" and e.rid == doc["id"])
    assert letter.person_id == other


def test_zoom_changes_span_and_tick_labels(qtbot: QtBot, store: Store, seeded: Seeded) -> None:
    page = make_page(qtbot, store)
    view = page.view
    spans = []
    for index in range(5):
        view.set_zoom(index)
        first, last = view.visible_range()
        spans.append((last - first).days)
        minor, _major = view.tick_labels()
        assert minor
        if index == 0:
            assert any(label.endswith("日") for label in minor)
        if index == 2:
            assert "3月" in minor
        if index == 3:
            assert any("季度" in label for label in minor)
        if index == 4:
            assert "2026年" in minor
    assert spans == sorted(spans) and spans[0] < 40 < spans[4]
    assert page.timeline.zoom_combo.currentIndex() == 4


def test_filters_reduce_visible_items(qtbot: QtBot, store: Store, seeded: Seeded) -> None:
    page = make_page(qtbot, store)
    view = page.view
    view.set_zoom(3)
    view.center_on(TODAY)
    view.refresh_now()
    everything = len(view.visible_items())
    assert everything >= 10
    page.timeline.kind_checks["clue"].setChecked(False)
    fewer = view.visible_items()
    assert 0 < len(fewer) < everything
    assert all(item.event.kind != "clue" for item in fewer)
    page.timeline.kind_checks["clue"].setChecked(True)
    person = page.timeline.person_combo
    person.setCurrentIndex(person.findData(seeded.persons["王芳"]))
    assert 0 < len(view.visible_items()) < everything
    person.setCurrentIndex(0)
    status = page.timeline.status_combo
    status.setCurrentIndex(status.findData("overdue"))
    overdue = view.visible_items()
    assert overdue and all(item.event.status == "overdue" for item in overdue)
    assert all(item.colour.name() == "#d32f2f" for item in overdue)


def test_lane_switching(qtbot: QtBot, store: Store, seeded: Seeded) -> None:
    page = make_page(qtbot, store)
    view = page.view
    view.set_zoom(3)
    view.refresh_now()
    assert "谈话" in view.lane_labels() and "问题线索" in view.lane_labels()
    combo = page.timeline.lane_combo
    combo.setCurrentIndex(combo.findData("unit"))
    assert "城关镇" in view.lane_labels()
    combo.setCurrentIndex(combo.findData("person"))
    labels = view.lane_labels()
    assert "王芳" in labels and "城关镇" not in labels


def test_click_opens_the_record(qtbot: QtBot, store: Store, seeded: Seeded) -> None:
    page = make_page(qtbot, store)
    view = page.view
    view.set_zoom(2)
    view.center_on(dt.date(2026, 2, 1))
    view.refresh_now()
    talks = [i for i in view.visible_items() if i.event.kind == "talk"]
    assert talks
    item = talks[0]
    assert "谈话" in view.summary(item.event)
    with qtbot.waitSignal(page.open_record, timeout=1000) as blocker:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=item.rect.center().toPoint())
    assert blocker.args == ["talks", item.event.rid]
    assert item.event.rid in seeded.talks


def test_keyboard(qtbot: QtBot, store: Store, seeded: Seeded) -> None:
    page = make_page(qtbot, store)
    view = page.view
    view.set_zoom(2)
    view.setFocus()
    start = view.visible_range()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.visible_range()[0] > start[0]
    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.visible_range()[0] < start[0]
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.zoom == 1
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.zoom == 3
    for _ in range(5):
        qtbot.keyClick(view, Qt.Key.Key_PageDown)
    first, last = view.visible_range()
    assert not first <= TODAY <= last
    qtbot.keyClick(view, Qt.Key.Key_Home)
    first, last = view.visible_range()
    assert first <= TODAY <= last
    assert abs((TODAY - first).days - (last - TODAY).days) <= 2


def test_ctrl_wheel_zooms_around_cursor(qtbot: QtBot, store: Store, seeded: Seeded) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    page = make_page(qtbot, store)
    view = page.view
    view.set_zoom(3)
    x = 400.0
    before = view._left + (x - 132) / view.ppd
    event = QWheelEvent(
        QPointF(x, 200),
        QPointF(view.mapToGlobal(QPoint(int(x), 200))),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view, event)
    assert view.zoom == 2
    after = view._left + (x - 132) / view.ppd
    assert abs(after - before) < 1


def test_export_pdf(qtbot: QtBot, store: Store, seeded: Seeded, tmp_path: Path) -> None:
    from pypdf import PdfReader

    target = tmp_path / "timeline.pdf"
    widget = TimelineWidget(store, ask_path=lambda _w, _s: str(target))
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    for paper, width_mm in (("A4", 297), ("A3", 420)):
        widget.paper_combo.setCurrentText(paper)
        assert widget.export() == target
        reader = PdfReader(str(target))
        assert len(reader.pages) == 1
        box = reader.pages[0].mediabox
        assert float(box.width) > float(box.height)
        assert abs(float(box.width) / 72 * 25.4 - width_mm) < 2


def test_embedded_for_one_person(qtbot: QtBot, store: Store, seeded: Seeded) -> None:
    person = seeded.persons["张伟"]
    widget = TimelineWidget(store, person_id=person)
    qtbot.addWidget(widget)
    widget.resize(1200, 500)
    widget.show()
    widget.view.set_zoom(4)
    widget.view.refresh_now()
    items = widget.view.visible_items()
    assert items
    assert all(i.event.person_id == person for i in items if i.event.kind in ("talk", "clue"))


def test_only_the_visible_window_is_queried(qtbot: QtBot, store: Store) -> None:
    """20k talks over ten years: a month view reads a few hundred rows, not 20k."""
    unit = records.insert(store, "units", {"name": "测试单位", "active": 1})
    person = records.insert(store, "persons", {"name": "测试人", "unit_id": unit})
    base = dt.date(2017, 1, 1)
    now = store.now()
    with store.transaction() as db:
        db.conn.executemany(
            "INSERT INTO talks(kind, date, reason, created_at, updated_at)"
            " VALUES ('谈心谈话', ?, ?, ?, ?)",
            [
                ((base + dt.timedelta(days=i % 3650)).isoformat(), f"谈话{i}", now, now)
                for i in range(20000)
            ],
        )
        db.conn.execute(
            "INSERT INTO talk_subjects(talk_id, person_id, created_at, updated_at)"
            " SELECT id, ?, ?, ? FROM talks",
            [person, now, now],
        )
    view = TimelineView(store, today=dt.date(2024, 6, 15))
    qtbot.addWidget(view)
    view.resize(1200, 500)
    view.show()
    view.set_zoom(2)
    view.refresh_now()
    fetched = view.source.rows_fetched
    first, last = view.visible_range()
    per_day = 20000 / 3650
    assert 0 < fetched < 3 * (last - first).days * per_day
    assert fetched < 20000 / 5
    assert view.visible_items()
    # panning inside the padded window reads nothing more
    view.pan_pixels(50)
    view._ensure_fetched()
    assert not view._fetch_timer.isActive() or view.source.rows_fetched == fetched


@pytest.mark.parametrize("which", ["all", "person", "unit"])
def test_every_window_query_searches_an_index(store: Store, seeded: Seeded, which: str) -> None:
    """No kind's window SELECT scans its table, with or without a person/unit filter."""
    import re

    flt = EventFilter(
        person_id=seeded.persons["王芳"] if which == "person" else None,
        unit_id=seeded.units["城关镇"] if which == "unit" else None,
    )
    source = Timeline(store)
    selects, params = source.window_selects(dt.date(2026, 1, 1), dt.date(2026, 3, 31), flt)
    kinds = {kind for kind, _sql in selects}
    assert kinds == set(EVENT_KINDS) - (NEVER_ONE_PERSON if which == "person" else set())
    # the window is a range on the kind's date column, read from an index (an index that
    # puts an equality first, e.g. the outcome before its decision date, bounds it too)
    date_search = re.compile(r"^SEARCH \w+ USING (COVERING )?INDEX ix_\w+ \((.*)\)")
    for kind, sql in selects:
        plan = store.db.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
        details = [str(row[3]) for row in plan]
        assert not [d for d in details if d.startswith("SCAN")], (kind, details)
        outer = details[0]
        assert outer.startswith("SEARCH") and "USING" in outer, (kind, details)
        if which == "all":
            match = date_search.match(outer)
            assert match is not None, (kind, outer)
            ranges = set(re.findall(r"(\w+)[<>]", match.group(2)))
            assert ranges & set(DATE_COLUMNS[kind]), (kind, outer)


@pytest.mark.qt_log_ignore(r"^This plugin does not support raise\(\)$")
def test_page_follows_saves_and_deletes(qtbot: QtBot, store: Store, seeded: Seeded) -> None:
    """A record saved in a form while the page shows moves at once; a deleted one goes."""
    from PySide6.QtCore import QSettings
    from test_ui_forms import click_save, type_into

    from desktop.ui.app import configure_application_identity
    from desktop.ui.main_window import MainWindow
    from desktop.ui.pages.list_page import ListPage

    configure_application_identity()
    QSettings().clear()
    window = MainWindow(store, confirm=lambda *_: True, offer_drafts=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.select_page("时间线")
    assert isinstance(page, TimelinePage)
    view = page.view
    view.set_zoom(2)
    view.center_on(dt.date(2026, 2, 1))
    view.refresh_now()
    talk_id = seeded.talks[1]  # 2026-02-10, 张伟
    talk = next(i for i in view.visible_items() if i.event.rid == talk_id)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=talk.rect.center().toPoint())
    form = window.open_forms[-1]
    assert (form.table, form.record_id) == ("talks", talk_id)
    type_into(qtbot, form, "date", "2026-02-24")
    click_save(qtbot, form)
    assert not form.isVisible(), form.form_error.text()
    # read again on the window's worker; until it is back the old picture stays
    qtbot.waitUntil(
        lambda: any(
            i.event.rid == talk_id and i.event.start == dt.date(2026, 2, 24)
            for i in view.visible_items()
        ),
        timeout=5000,
    )
    moved = next(i for i in view.visible_items() if i.event.rid == talk_id)
    assert moved.rect.center().x() > talk.rect.center().x()  # painted 14 days later

    talks = window.select_page("谈话记录")
    assert isinstance(talks, ListPage)
    row = next(r for r in range(talks.model.rowCount()) if talks.model.record_id(r) == talk_id)
    talks.select_row(row)
    assert talks.delete_selected()
    window.select_page("时间线")
    qtbot.waitUntil(
        lambda: (
            talk_id not in {i.event.rid for i in view.visible_items() if i.event.kind == "talk"}
        ),
        timeout=5000,
    )
    assert [i for i in view.visible_items() if i.event.kind == "talk"]  # the others stay
    window.work.cancel_all()
    qtbot.waitUntil(lambda: not window.work.busy, timeout=5000)


def _shown_with_worker(
    qtbot: QtBot, store: Store, zoom: int, centre: dt.date
) -> tuple[TimelineWidget, Work]:
    """The timeline widget as the window builds it (with a Work), shown at `zoom`."""
    work = Work(store)
    widget = TimelineWidget(store, work=work)
    qtbot.addWidget(widget)
    widget.resize(1200, 500)
    widget.show()
    qtbot.waitExposed(widget)
    widget.view.set_zoom(zoom)
    widget.view.center_on(centre)
    widget.view.refresh_now()
    return widget, work


def _stop(qtbot: QtBot, work: Work) -> None:
    """Let the worker end before the store closes under it."""
    work.cancel_all()
    qtbot.waitUntil(lambda: not work.busy, timeout=5000)


def test_scrolling_reads_new_windows_in_the_background(
    qtbot: QtBot, store: Store, seeded: Seeded
) -> None:
    """With a Work, a window reached by scrolling is read on a worker's connection: the
    view keeps answering meanwhile and shows the events once they are back."""
    # 周: about three months on screen
    widget, work = _shown_with_worker(qtbot, store, 1, dt.date(2025, 6, 1))
    view = widget.view
    queries = view.source.queries
    assert not [i for i in view.visible_items() if i.event.kind == "talk"]
    for _ in range(3):  # page on to about February 2026, where the talks are
        qtbot.keyClick(view, Qt.Key.Key_PageDown)
    first, last = view.visible_range()
    assert first <= dt.date(2026, 2, 10) <= last
    qtbot.waitUntil(lambda: any(i.event.kind == "talk" for i in view.visible_items()), timeout=5000)
    first, last = view.visible_range()
    assert view._fetched is not None
    assert view._fetched[0] <= first and last <= view._fetched[1]
    assert view.source.queries > queries
    talks = {i.event.rid for i in view.visible_items() if i.event.kind == "talk"}
    assert talks <= set(seeded.talks)
    _stop(qtbot, work)


def test_sanction_bars_reach_the_screen_from_long_before(
    qtbot: QtBot, store: Store, seeded: Seeded
) -> None:
    """A permanent sanction decided long before the month on screen is a labelled bar
    across it to the right edge; a 6-month one ends on its day."""
    person = seeded.persons["欧阳明远"]  # on the closed clue
    for outcome, day in (("开除党籍", "2025-11-01"), ("政务警告", "2026-03-10")):
        records.insert(
            store,
            "clue_outcomes",
            {
                "clue_id": seeded.clues["closed"],
                "person_id": person,
                "outcome": outcome,
                "decided_date": day,
            },
        )
    view = TimelineView(store, today=dt.date(2026, 12, 1))
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    view.set_zoom(2)
    view.go_today()
    view.refresh_now()
    bars = {i.event.label: i for i in view.visible_items() if i.event.kind == "sanction"}
    assert set(bars) == {"开除党籍", "政务警告"}
    assert bars["开除党籍"].event.forever and bars["开除党籍"].labelled
    assert bars["开除党籍"].rect.right() >= view.width() - 2
    assert bars["政务警告"].event.end == dt.date(2026, 9, 10)
    assert abs(bars["政务警告"].rect.right() - view.x_of(dt.date(2026, 9, 11))) < 2
    hit = view.item_at(bars["开除党籍"].rect.center())
    assert hit is not None and hit.event.label == "开除党籍"


def test_filters_are_read_in_the_background_with_a_worker(
    qtbot: QtBot, store: Store, seeded: Seeded
) -> None:
    """Choosing and clearing a person reads on the worker; the screen follows when back."""
    widget, work = _shown_with_worker(qtbot, store, 3, TODAY)
    view = widget.view
    everything = len(view.visible_items())
    person = widget.person_combo
    person.setCurrentIndex(person.findData(seeded.persons["王芳"]))
    qtbot.waitUntil(lambda: 0 < len(view.visible_items()) < everything, timeout=5000)
    assert view._fetched_filter == view.filter
    person.setCurrentIndex(0)  # back to everyone
    qtbot.waitUntil(lambda: len(view.visible_items()) == everything, timeout=5000)
    _stop(qtbot, work)


def _painted(view: TimelineView) -> set[tuple[str, int, dt.date, int, int]]:
    """What a clerk sees: each item's event and where it is painted (whole pixels)."""
    return {
        (i.event.kind, i.event.rid, i.event.start, round(i.rect.left()), round(i.rect.top()))
        for i in view.visible_items()
    }


def test_zooming_lays_out_on_the_worker_and_paints_what_it_has(
    qtbot: QtBot, store: Store, seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a Work, a zoom step neither reads nor lays out lanes on the GUI thread: the
    lanes it has are painted stretched to the new zoom until the worker's are back, and
    then the screen is what the same view without a worker paints."""
    import threading

    from desktop.ui.timeline import view as view_module

    gui = threading.get_ident()
    laid_out: list[int] = []
    build = view_module.build_lanes

    def spy(*args: object, **kwargs: object) -> view_module.LaneSet:
        laid_out.append(threading.get_ident())
        return build(*args, **kwargs)  # type: ignore[arg-type]

    widget, work = _shown_with_worker(qtbot, store, 2, TODAY)
    view = widget.view
    monkeypatch.setattr(view_module, "build_lanes", spy)
    reads = view.source.queries

    def settled() -> bool:
        return view._pending is None and not view._fetch_timer.isActive() and not work.busy

    for steps in ((view.zoom_out, view.zoom_out), (view.zoom_in, view.zoom_in, view.zoom_in)):
        for step in steps:
            step()
            assert view.visible_items()  # the previous lanes, stretched, until the new are back
            view.repaint()
        qtbot.waitUntil(lambda: settled() and not view._lanes_stale(), timeout=5000)
        assert laid_out and gui not in laid_out
    assert view.source.queries > reads  # zoomed out past what was read: read on the worker

    plain = TimelineView(store, today=view.today)
    qtbot.addWidget(plain)
    plain.resize(view.size())
    plain.show()
    plain.zoom = view.zoom
    plain._left = view._left
    plain.refresh_now()
    assert view.zoom == 1 and _painted(view) == _painted(plain)
    _stop(qtbot, work)


def test_campaigns_band_legend_and_campaign_filter(qtbot: QtBot, store: Store) -> None:
    """专项工作 is the first lane, a bar whose period is shaded behind every lane; the
    kind check boxes carry their colours (the legend); the 专项工作 filter keeps what
    belongs to the chosen campaign."""
    y = seed_year(store)
    page = make_page(qtbot, store)
    view, timeline = page.view, page.timeline
    view.set_zoom(3)
    view.center_on(dt.date(2026, 2, 15))
    view.refresh_now()
    labels = view.lane_labels()
    assert labels[0] == "专项工作"
    assert {"工作活动", "问责", "通报", "通报曝光"} <= set(labels)
    for key, box in timeline.kind_checks.items():
        icon = box.icon().pixmap(12, 12).toImage()
        assert icon.pixelColor(6, 6).name() == KIND_COLOURS[key].name(), key
    kinds = {item.event.kind for item in view.visible_items()}
    assert {"campaign", "activity", "bulletin", "exposure", "accountability"} <= kinds

    band = next(i for i in view.visible_items() if i.event.rid == y.campaigns["节日"])
    image = view.grab().toImage()
    bottom = view.height() - 4
    inside = image.pixelColor(int(band.rect.center().x()), bottom)
    outside = image.pixelColor(int(band.rect.right()) + 25, bottom)
    assert outside.name() == "#ffffff" and inside.name() != "#ffffff"
    assert inside.red() > inside.blue()  # the campaign's gold, faint

    combo = timeline.campaign_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "全部专项工作",
        "优化营商环境专项监督（2026年）",
        "元旦春节期间作风建设专项检查（2026年）",
    ]
    combo.setCurrentIndex(combo.findData(y.campaigns["节日"]))
    assert "元旦春节期间作风建设专项检查（2026年）" in combo.toolTip()  # the box may cut it
    kept = {(i.event.kind, i.event.rid) for i in view.visible_items()}
    assert ("activity", y.activities["警示教育"]) not in kept
    assert ("campaign", y.campaigns["营商"]) not in kept
    assert {
        ("campaign", y.campaigns["节日"]),
        ("activity", y.activities["述责述廉"]),
        ("bulletin", y.bulletin),
        ("exposure", y.clue),
        ("accountability", y.accountabilities["李强"]),
    } <= kept
    records.insert(
        store,
        "campaigns",
        {"name": "民生资金专项整治", "theme": "民生资金", "start_date": "2026-03-10"},
    )
    page.timeline.reload()
    assert combo.findText("民生资金专项整治（2026年）") > 0
    assert combo.currentData() == y.campaigns["节日"]  # the choice is kept


def test_exported_pdf_carries_the_legend_of_the_kinds_shown(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    """By unit, a lane mixes kinds: the PDF says under its title which colour is which."""
    from pypdf import PdfReader

    seed_year(store)
    target = tmp_path / "timeline.pdf"
    widget = TimelineWidget(store, ask_path=lambda _w, _s: str(target))
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    widget.lane_combo.setCurrentIndex(widget.lane_combo.findData("unit"))
    widget.kind_checks["talk"].setChecked(False)
    widget.view.center_on(dt.date(2026, 2, 1))
    assert widget.export() == target
    text = PdfReader(str(target)).pages[0].extract_text()
    legend = text[: text.index("城关镇")]  # above the lanes
    for label in ("专项工作", "工作活动", "问责", "通报曝光", "整改时限"):
        assert label in legend
    assert "谈话" not in legend


def test_the_kinds_wrap_rather_than_widen_the_window(qtbot: QtBot, store: Store) -> None:
    """Thirteen kinds: one row where the room is wide, two where it is narrow, every check
    box inside the room either way (the legend's layout, laid out at each width: a
    top-level window's size is up to the platform and whatever ran before)."""
    widget = TimelineWidget(store)
    qtbot.addWidget(widget)
    legend = widget.findChild(QWidget, "timeline_kinds")
    assert legend is not None
    flow = legend.layout()
    assert flow is not None and flow.hasHeightForWidth()
    rows = {}
    for width in (2200, 1000):
        flow.setGeometry(QRect(0, 0, width, flow.heightForWidth(width)))
        tops = {box.geometry().top() for box in widget.kind_checks.values()}
        rows[width] = len(tops)
        for box in widget.kind_checks.values():
            assert box.geometry().right() <= width, (width, box.text())
    assert rows == {2200: 1, 1000: 2}


def test_by_person_only_the_lanes_in_view_are_sliced(qtbot: QtBot, store: Store) -> None:
    """300 persons' lanes: the index finds the lanes with something on screen (the rule
    each lane's own marks and bars give), and only those the height shows are laid out;
    scrolled down, the stripes still alternate from the first lane."""
    from desktop.ui.timeline.view import LANE_PAD, POINT_ROW, LaneData

    unit = records.insert(store, "units", {"name": "测试单位", "active": 1})
    now = store.now()
    base = dt.date(2024, 1, 1)
    with store.transaction() as db:
        for i in range(300):
            person = db.conn.execute(
                "INSERT INTO persons(name, unit_id, created_at, updated_at) VALUES (?, ?, ?, ?)",
                (f"人员{i:03d}", unit, now, now),
            ).lastrowid
            for k in range(3):
                day = base + dt.timedelta(days=(i * 7 + k * 150) % 900)
                talk = db.conn.execute(
                    "INSERT INTO talks(kind, date, reason, created_at, updated_at)"
                    " VALUES ('谈心谈话', ?, '事由', ?, ?)",
                    (day.isoformat(), now, now),
                ).lastrowid
                db.conn.execute(
                    "INSERT INTO talk_subjects(talk_id, person_id, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?)",
                    (talk, person, now, now),
                )
    view = TimelineView(store, today=dt.date(2025, 1, 1))
    qtbot.addWidget(view)
    view.resize(1200, 500)
    view.show()
    view.set_zoom(2)
    view.set_lane_mode("person")
    view.refresh_now()
    lanes, _ppd = view._lane_data(view.ppd)

    def has_content(lane: LaneData, lo: float, hi: float) -> bool:
        return any(lo <= x <= hi for x in lane.xs) or any(
            b.x0 <= hi and b.x1 >= lo for b in lane.bars
        )

    for lo, hi in ((0.0, 1e9), (base.toordinal() * 3.6, (base.toordinal() + 100) * 3.6)):
        expected = [i for i, lane in enumerate(lanes) if has_content(lane, lo, hi)]
        assert lanes.with_content(lo, hi) == expected
    layout = view.layout_now()
    labels = view.lane_labels()
    assert len(labels) > 40  # more than the height shows
    assert len(layout.lanes) < 30
    assert layout.content_height == len(labels) * (POINT_ROW + LANE_PAD)
    view.scroll_lanes(POINT_ROW + LANE_PAD)  # one lane down: the first is out of view
    first, second = view.layout_now().lanes[:2]
    assert first.label == labels[1] and first.shaded
    assert second.label == labels[2] and not second.shaded
    view.scroll_lanes(10 * (POINT_ROW + LANE_PAD))
    shown = view.layout_now().lanes
    assert [lane.label for lane in shown] == labels[labels.index(shown[0].label) :][: len(shown)]
    assert all(lane.shaded == (labels.index(lane.label) % 2 == 1) for lane in shown)


def test_a_filter_chosen_scrolled_down_paints_from_the_top_lane(
    qtbot: QtBot, store: Store, seeded: Seeded
) -> None:
    """Scrolled down the lanes, choosing a filter goes back to the top: what is painted
    while the worker reads is the top lanes, not those that were in view."""
    widget, work = _shown_with_worker(qtbot, store, 3, TODAY)
    widget.resize(1200, 260)
    view = widget.view
    labels = view.lane_labels()  # by kind: every kind a lane
    assert view.layout_now().content_height > view.height()
    view.scroll_lanes(10_000)
    assert view.layout_now().lanes[0].label != labels[0]
    widget.status_combo.setCurrentIndex(widget.status_combo.findData("open"))
    assert view.vscroll == 0
    assert view.layout_now().lanes[0].label == labels[0]
    _stop(qtbot, work)
