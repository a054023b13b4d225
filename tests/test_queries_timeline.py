"""The timeline's event sources (desktop/queries/timeline.py), read without Qt."""

from __future__ import annotations

import datetime as dt

from ui_helpers import TODAY, Seeded

from desktop.queries import rectification
from desktop.queries.timeline import EVENT_KINDS, SOURCES, EventFilter, Timeline
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
