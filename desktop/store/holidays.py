"""The holiday table: the State Council schedule per year, shipped and office-entered.

Shipped years come from resources/dictionaries/holidays.json (built from the
chinese-calendar package's data); an office enters a new year's schedule itself
when it is published, and that entry replaces whatever the store had for the year.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop import resources
from desktop.store.errors import ValidationError

if TYPE_CHECKING:
    from desktop.store.db import Store


@dataclass(frozen=True)
class HolidayEntry:
    day: dt.date
    is_workday: bool  # True: a make-up working day (调休上班); False: a day off
    name: str


def shipped() -> dict[str, Any]:
    path = resources.resource("dictionaries", "holidays.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def load_shipped(store: Store, only_years: set[int] | None = None) -> None:
    """Copy the shipped schedule into the store (inside the caller's transaction)."""
    data = shipped()
    source = str(data.get("source", "shipped"))
    for year, days in data["years"].items():
        if only_years is not None and int(year) not in only_years:
            continue
        store.db.execute(
            "INSERT INTO holiday_years(year, source) VALUES (?, ?)", [int(year), source]
        )
        for day, name in days.get("holidays", {}).items():
            store.db.execute(
                "INSERT INTO holidays(day, is_workday, name, source) VALUES (?, 0, ?, ?)",
                [day, name, source],
            )
        for day, name in days.get("workdays", {}).items():
            store.db.execute(
                "INSERT INTO holidays(day, is_workday, name, source) VALUES (?, 1, ?, ?)",
                [day, name, source],
            )


def add_new_shipped_years(store: Store) -> None:
    """A newer release may ship more years: add those the store lacks, never touching
    a year the store already has (the office may have corrected it)."""
    shipped_years = {int(y) for y in shipped()["years"]}
    missing = shipped_years - set(known_years(store))
    if missing:
        with store.transaction():
            store.db.execute(
                f"DELETE FROM holidays WHERE substr(day, 1, 4) IN ({','.join('?' * len(missing))})",
                [f"{y:04d}" for y in sorted(missing)],
            )
            load_shipped(store, missing)
        store.cache.pop("calendar", None)


def entries(store: Store) -> list[HolidayEntry]:
    return [
        HolidayEntry(dt.date.fromisoformat(r[0]), bool(r[1]), r[2])
        for r in store.db.execute("SELECT day, is_workday, name FROM holidays ORDER BY day")
    ]


def known_years(store: Store) -> dict[int, str]:
    """Year -> source, for every year whose schedule the store holds."""
    return {
        int(r[0]): str(r[1]) for r in store.db.execute("SELECT year, source FROM holiday_years")
    }


def replace_year(store: Store, year: int, days: Iterable[HolidayEntry]) -> None:
    """Enter (or correct) one year's official schedule, as the office read it."""
    days = list(days)
    seen: set[dt.date] = set()
    for entry in days:
        when = entry.day.isoformat()
        if entry.day.year != year:
            raise ValidationError("day", "日期", f"{when} 不属于 {year} 年")
        if entry.day in seen:
            raise ValidationError("day", "日期", f"{when} 登记了两次，请删去一行")
        seen.add(entry.day)
        if not entry.name.strip():
            raise ValidationError("name", "节日名称", f"{when} 未填写名称")
        if entry.is_workday and entry.day.weekday() < 5:
            weekday = "一二三四五"[entry.day.weekday()]
            raise ValidationError(
                "is_workday",
                "类型",
                f"{when} 是星期{weekday}，本来就上班；调休上班只登记周六、周日",
            )
    from desktop.store import audit  # an edit's: opening the store loads no audit

    with store.transaction():
        before = [
            {"day": e.day.isoformat(), "is_workday": e.is_workday, "name": e.name}
            for e in entries(store)
            if e.day.year == year
        ]
        store.db.execute("DELETE FROM holidays WHERE day LIKE ?", [f"{year:04d}-%"])
        for entry in days:
            store.db.execute(
                "INSERT INTO holidays(day, is_workday, name, source)"
                " VALUES (?, ?, ?, '本单位录入')",
                [entry.day.isoformat(), int(entry.is_workday), entry.name.strip()],
            )
        store.db.execute(
            "INSERT INTO holiday_years(year, source) VALUES (?, '本单位录入')"
            " ON CONFLICT(year) DO UPDATE SET source = excluded.source",
            [year],
        )
        after = [
            {"day": e.day.isoformat(), "is_workday": e.is_workday, "name": e.name} for e in days
        ]
        audit.write(store, "update", "holidays", year, {"days": before}, {"days": after})
    store.cache.pop("calendar", None)
