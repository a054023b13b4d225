"""Deadlines from the office's own settings and holiday table.

The store keeps the holiday table (shipped years plus what the office entered) and
the time limits ("15个工作日"); this module turns them into dates.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from desktop.domain.workdays import Deadline, Period, SpecialDay, WorkCalendar, parse_period
from desktop.store import holidays

if TYPE_CHECKING:
    from desktop.store.db import Store


# Shown beside a deadline counted into a year without the office's holiday schedule.
UNVERIFIED_TEXT = "未核实：该年度节假日安排尚未录入，按周末推算"


def calendar_for(store: Store) -> WorkCalendar:
    """The working-day calendar of this store, built once per connection."""
    cached = store.cache.get("calendar")
    if isinstance(cached, WorkCalendar):
        return cached
    calendar = WorkCalendar(
        (SpecialDay(e.day, e.is_workday, e.name) for e in holidays.entries(store)),
        holidays.known_years(store).keys(),
    )
    store.cache["calendar"] = calendar
    return calendar


def limit(store: Store, key: str) -> Period:
    """A time limit from settings, e.g. limit(store, "inquiry_reply") -> 15个工作日."""
    text = store.setting(f"limit.{key}")
    if not text:
        raise KeyError(f"no time limit setting limit.{key}")
    return parse_period(text)


def deadline(store: Store, key: str, start: dt.date) -> Deadline:
    """The deadline of time limit `key` counted from `start` ("自…之日起")."""
    return limit(store, key).apply(calendar_for(store), start)
