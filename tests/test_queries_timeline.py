"""The timeline's event sources (desktop/queries/timeline.py), read without Qt."""

from __future__ import annotations

import datetime as dt

import pytest
from ui_helpers import TODAY, Seeded
from year_records import seed_year

from desktop.queries import rectification
from desktop.queries.timeline import (
    EVENT_KINDS,
    SANCTIONS,
    SOURCES,
    Event,
    EventFilter,
    Timeline,
)
from desktop.store import Store, records
from desktop.store.kinds import kind


def test_lane_and_event_labels_come_from_kinds() -> None:
    """Where the timeline shows kinds.py's words, they are kinds.py's, not retyped."""
    deadline = next(f.label for f in kind("rectifications").fields if f.name == "deadline")
    assert EVENT_KINDS["clue"] == kind("clues").label
    assert EVENT_KINDS["inquiry"] == kind("inquiries").label
    assert EVENT_KINDS["inspection"] == kind("inspections").label
    assert EVENT_KINDS["check"] == kind("rect_checks").label
    assert EVENT_KINDS["deadline"] == deadline
    for key, table in (
        ("campaign", "campaigns"),
        ("activity", "activities"),
        ("bulletin", "bulletins"),
        ("exposure", "clue_exposures"),
        ("accountability", "accountabilities"),
    ):
        assert EVENT_KINDS[key] == kind(table).label
    assert list(EVENT_KINDS) == list(dict.fromkeys(s.kind for s in SOURCES))  # lane order
    assert all(kind(source.table) for source in SOURCES)  # each opens a record kind


def test_only_an_open_item_past_its_deadline_is_overdue(store: Store, seeded: Seeded) -> None:
    """The one rectification rule: an item reported done (已整改待验收) past its 整改时限
    is done on the timeline, not 已逾期, as the lists, the archive and the desk say."""
    reported = {
        "finding": "办公用房超标",
        "found_date": "2026-01-05",
        "unit_id": seeded.units["城关镇"],
        "deadline": "2026-02-01",
        "status": "已整改待验收",  # reported done, not yet closed (no 销号日期)
    }
    done = records.insert(store, "rectifications", reported)
    assert not rectification.is_overdue("已整改待验收", "2026-02-01", TODAY.isoformat())
    source = Timeline(store)
    window = (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    status = {e.rid: e.status for e in source.fetch(*window) if e.kind == "deadline"}
    assert status[done] == "done"
    assert status[seeded.rects["overdue"]] == "overdue"  # 整改中, past its deadline
    assert status[seeded.rects["soon"]] == "soon"
    overdue = source.fetch(*window, EventFilter(status="overdue"))
    assert done not in {e.rid for e in overdue}
    records.update(store, "rectifications", done, {"status": "整改中"})  # sent back
    status = {e.rid: e.status for e in source.fetch(*window) if e.kind == "deadline"}
    assert status[done] == "overdue"


def _events(store: Store, flt: EventFilter | None = None) -> dict[str, set[tuple[int, str]]]:
    """kind -> {(record id, label)} of the first half of 2026."""
    got: dict[str, set[tuple[int, str]]] = {}
    for e in Timeline(store).fetch(dt.date(2026, 1, 1), dt.date(2026, 6, 30), flt):
        got.setdefault(e.kind, set()).add((e.rid, e.label))
    return got


def test_campaigns_activities_bulletins_exposures_and_accountabilities(store: Store) -> None:
    """Issue #15's records on the timeline: a 专项工作 a bar over its period, an activity
    of several days a bar, one of a day a point, 通报 with its number, 曝光 opening its
    clue, 问责 with its method; each on its person's and unit's lanes."""
    y = seed_year(store)
    source = Timeline(store)
    events = source.fetch(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    by = {(e.kind, e.rid): e for e in events}
    festival = by[("campaign", y.campaigns["节日"])]
    assert (festival.start, festival.end) == (dt.date(2026, 1, 1), dt.date(2026, 2, 28))
    assert (festival.label, festival.text) == ("节日期间", "元旦春节期间作风建设专项检查")
    assert festival.unit_id == y.units["城关镇"] and festival.person_id is None
    open_ended = by[("campaign", y.campaigns["营商"])]
    assert open_ended.end == open_ended.start == dt.date(2026, 3, 1)  # no end on record
    meeting = by[("activity", y.activities["述责述廉"])]
    assert not meeting.is_bar and meeting.label == "述责述廉"
    visit = by[("activity", y.activities["警示教育"])]
    assert (visit.start, visit.end) == (dt.date(2026, 2, 10), dt.date(2026, 2, 12))
    assert visit.text == "廉政教育基地参观" and visit.unit_id == y.units["区财政局"]
    bulletin = by[("bulletin", y.bulletin)]
    assert bulletin.table == "bulletins"
    assert bulletin.label == "典型案例通报（区纪案通〔2026〕1号）"
    issued = store.db.execute("SELECT document_id FROM bulletins WHERE id = ?", [y.bulletin])
    document = issued.fetchone()[0]
    assert document and ("document", document) not in by  # once, on the 通报 lane
    exposure = by[("exposure", y.clue)]
    assert exposure.table == "clues" and exposure.label == "通报曝光（微信公众号）"
    assert exposure.person_id == y.persons["张伟"] and exposure.start == dt.date(2026, 2, 20)
    blamed = by[("accountability", y.accountabilities["李强"])]
    assert blamed.label == "问责（诫勉）" and blamed.text == "落实主体责任不力"
    assert blamed.unit_id == y.units["城关镇"]  # the person's unit
    assert by[("accountability", y.accountabilities["区财政局"])].unit_id == y.units["区财政局"]

    # one person's lane: what names him, directly or through his clue
    zhang = _events(store, EventFilter(person_id=y.persons["张伟"]))
    assert zhang["activity"] == {(y.activities["述责述廉"], "述责述廉")}
    assert zhang["bulletin"] == {(y.bulletin, bulletin.label)}  # the item naming his clue
    assert zhang["exposure"] == {(y.clue, "通报曝光（微信公众号）")}
    assert "accountability" not in zhang and "campaign" not in zhang
    li = _events(store, EventFilter(person_id=y.persons["李强"]))
    assert li["accountability"] == {(y.accountabilities["李强"], "问责（诫勉）")}
    assert "bulletin" not in li and "exposure" not in li
    # one unit's: the campaigns covering it, its activities, its and its people's 问责
    finance = _events(store, EventFilter(unit_id=y.units["区财政局"]))
    assert finance["campaign"] == {(y.campaigns["营商"], "营商环境")}
    assert {rid for rid, _l in finance["activity"]} == {
        y.activities["警示教育"],
        y.activities["述责述廉"],  # 张伟 of 区财政局 took part
    }
    assert {rid for rid, _l in finance["accountability"]} == {y.accountabilities["区财政局"]}
    assert finance["exposure"] == {(y.clue, "通报曝光（微信公众号）")}
    town = _events(store, EventFilter(unit_id=y.units["城关镇"]))
    assert town["bulletin"] == {(y.bulletin, bulletin.label)}  # the item naming 王芳


def test_filtered_to_one_campaign_by_the_membership_rule(store: Store) -> None:
    """专项工作 filter: the campaign itself and what belongs to it (own links and through
    the clue it comes from: queries/campaigns.py), nothing else."""
    y = seed_year(store)
    festival = _events(store, EventFilter(campaign_id=y.campaigns["节日"]))
    assert festival["campaign"] == {(y.campaigns["节日"], "节日期间")}
    assert {rid for rid, _l in festival["activity"]} == {y.activities["述责述廉"]}
    assert {rid for rid, _l in festival["bulletin"]} == {y.bulletin}
    assert festival["exposure"] == {(y.clue, "通报曝光（微信公众号）")}  # through its clue
    assert {rid for rid, _l in festival["accountability"]} == {y.accountabilities["李强"]}
    assert {rid for rid, _l in festival["clue"]} == {y.clue}
    business = _events(store, EventFilter(campaign_id=y.campaigns["营商"]))
    assert business == {"campaign": {(y.campaigns["营商"], "营商环境")}}
    assert Timeline(store).campaign_choices() == [
        (y.campaigns["营商"], "优化营商环境专项监督（2026年）"),
        (y.campaigns["节日"], "元旦春节期间作风建设专项检查（2026年）"),
    ]


def test_a_campaign_begun_long_before_the_window_still_shows(store: Store) -> None:
    """A bar is read while it runs into the window, however long before it began."""
    y = seed_year(store)
    records.update(store, "campaigns", y.campaigns["节日"], {"start_date": "2024-06-01"})
    events = Timeline(store).fetch(dt.date(2026, 2, 1), dt.date(2026, 2, 5))
    kept = [e for e in events if e.kind == "campaign"]
    assert [(e.rid, e.start) for e in kept] == [(y.campaigns["节日"], dt.date(2024, 6, 1))]
    assert not Timeline(store).fetch(
        dt.date(2026, 3, 2), dt.date(2026, 3, 5), EventFilter(kinds=frozenset({"campaign"}))
    )


def test_the_table_leaves_points_texts_for_hover(store: Store, seeded: Seeded) -> None:
    """The view's read holds no point's text; Timeline.text reads it, the same as
    fetch() gives (a check's by the check, not its item); bars keep theirs."""
    source = Timeline(store)
    window = (dt.date(2025, 1, 1), dt.date(2026, 12, 31))
    full = source.fetch(*window)
    table = source.fetch_table(*window)
    assert len(table) == len(full) > 10
    assert {e.kind for e in full} >= {"talk", "clue", "deadline", "check"}
    for i, event in enumerate(full):
        if table.is_bar(i):
            assert table.text[i] == event.text
        else:
            assert table.text[i] is None
            assert source.text(table.kind_of(i), table.key[i]) == event.text
        assert table.event(i, source.text(table.kind_of(i), table.key[i])) == event
    narrow = table.within(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert 0 < len(narrow) < len(table)
    assert list(narrow.events()) == [
        table.event(i) for i in range(len(table))
        if table.start[i] <= dt.date(2026, 3, 31).toordinal()
        and (table.forever[i] or table.last_day(i) >= dt.date(2026, 3, 1).toordinal())
    ]  # fmt: skip


def test_sanctions_left_in_the_database_are_only_those_never_shown(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's SQL skips outcomes decided before it that cannot reach into it (了结,
    谈话提醒, sanctions whose effect is over): the events are those of reading every
    outcome since the longest effect back and deciding each in Python, as before."""
    tl = Timeline(demo_store)
    flt = EventFilter(kinds=("sanction",))
    today = demo_store.today()
    windows = [
        (today - dt.timedelta(days=days), today + dt.timedelta(days=days // 3))
        for days in (7, 45, 120, 400, 1500)
    ] + [(dt.date(year, 1, 1), dt.date(year, 12, 31)) for year in range(today.year - 6, today.year)]
    persons = [
        int(r["person_id"])
        for r in demo_store.query(
            "SELECT person_id FROM clue_outcomes GROUP BY person_id ORDER BY COUNT(*) DESC LIMIT 3"
        )
    ]
    filters = [flt, *(EventFilter(kinds=flt.kinds, person_id=p) for p in persons)]

    def read() -> list[list[Event]]:
        return [list(tl.fetch(s, e, f)) for s, e in windows for f in filters]

    skipped = read()
    rows = tl.rows_fetched
    monkeypatch.setattr(Timeline, "_sanctions_in_effect", staticmethod(lambda *_a: SANCTIONS))
    tl.rows_fetched = 0
    assert read() == skipped
    assert sum(map(len, skipped)) > 100
    assert tl.rows_fetched > rows  # the rows left out were there to leave
