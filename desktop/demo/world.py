"""The world every copy shares (calendar, units, today) and the helpers that plan with it."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from desktop.demo.plan import SEED, UNITS_GROUP_COPIES, WRITE_ORDER, Plan, T, _Rec, _Ref, _Unit
from desktop.demo.units import (
    _EXTRA_DEPTS,
    _SECTIONS,
    _TOWN_1,
    _TOWN_2,
    _UNITS_0,
    _VILLAGE_SURNAMES,
)
from desktop.domain.workdays import WorkCalendar
from desktop.store.kinds import KINDS

if TYPE_CHECKING:
    pass


# -- helpers ----------------------------------------------------------------------------


def _pick(rng: random.Random, weighted: Sequence[tuple[T, float]]) -> T:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _post_title(post: str, unit: _Unit) -> str:
    return post.replace("{section}", _SECTIONS.get(unit.name, "综合股"))


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _cn_month(day: dt.date) -> str:
    return f"{day.year}年{day.month}月"


def _decision_text(name: str, labels: Sequence[tuple[str, str]]) -> str:
    """'给予张三党纪严重警告、记过处分，并作调整职务处理' from a person's case outcomes."""
    sanctions = [label for label, by in labels if by in ("县纪委常委会", "县监察委员会")]
    referral = "移送检察机关" in sanctions
    sanctions = [label for label in sanctions if label != "移送检察机关"]
    others = [label for label, by in labels if by not in ("县纪委常委会", "县监察委员会")]
    parts = []
    if sanctions:
        parts.append(f"给予{name}{'、'.join(sanctions)}处分")
    if others:
        parts.append(("并" if parts else f"对{name}") + f"作{'、'.join(others)}处理")
    if referral:
        parts.append("将其涉嫌犯罪问题移送检察机关依法审查起诉")
    return "，".join(parts)


class _World:
    """What all copies share: the calendar, the id counters, ledger numbers, unit groups."""

    def __init__(self, today: dt.date, calendar: WorkCalendar) -> None:
        self.today = today
        self.cal = calendar
        self.start = dt.date(today.year - 3, 1, 1)
        self.next_id: dict[str, int] = defaultdict(lambda: 1)
        self.ledger: dict[int, int] = defaultdict(int)
        self.groups: dict[int, list[_Unit]] = {}
        self.unit_names: set[str] = set()

    # -- dates --

    def wd(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after `day` (n ≥ 0)."""
        return self.cal.add_workdays(day, n).day

    def back(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day before `day`."""
        one = dt.timedelta(days=1)
        while n > 0:
            day -= one
            if self.cal.is_workday(day):
                n -= 1
        return day

    def months(self, day: dt.date, n: int) -> dt.date:
        return self.cal.add_months(day, n).day

    def workday_between(self, rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
        day = first + dt.timedelta(days=rng.randint(0, max((last - first).days, 0)))
        rolled = self.cal.roll_forward(day)
        if rolled <= last:
            return rolled
        while day > first and not self.cal.is_workday(day):
            day -= dt.timedelta(days=1)
        return day

    # -- units --

    def units_for(self, copy: int, plan: _PlanBuilder) -> list[_Unit]:
        group = copy // UNITS_GROUP_COPIES
        if group not in self.groups:
            self.groups[group] = self._make_units(group, plan)
        return self.groups[group]

    def _make_units(self, group: int, plan: _PlanBuilder) -> list[_Unit]:
        units: list[_Unit] = []
        by_name: dict[str, _Unit] = {}

        def add(name: str, kind: str, parent: _Unit | None, template: str, weight: float) -> None:
            unit = _Unit(_Ref(), name, kind, template, weight, parent)
            self.unit_names.add(name)
            by_name[name] = unit
            units.append(unit)
            plan.add(
                "units",
                {
                    "name": name,
                    "kind": kind,
                    "parent_id": parent.ref if parent else None,
                    "active": True,
                },
                ref=unit.ref,
            )

        if group == 0:
            for name, kind, parent, template, weight in _UNITS_0:
                add(name, kind, by_name[parent] if parent else None, template, weight)
            return units
        rng = random.Random(f"{SEED}/units/{group}")
        for _ in range(4):
            town = self._fresh(rng, lambda: rng.choice(_TOWN_1) + rng.choice(_TOWN_2) + "镇")
            add(town, "乡镇/街道", None, "town", 20)
            town_unit = by_name[town]

            def village_name(prefix: str = town) -> str:
                return (
                    prefix
                    + rng.choice("东西南北前后大小")
                    + rng.choice(_VILLAGE_SURNAMES)
                    + rng.choice(("庄", "营", "屯", "寨", "家"))
                    + "村"
                )

            for _ in range(3):
                add(self._fresh(rng, village_name), "村/社区", town_unit, "village", 4)
            add(f"{town}卫生院", "事业单位", town_unit, "clinic", 5)
            add(f"{town}中心学校", "事业单位", town_unit, "vschool", 5)
        dept = _EXTRA_DEPTS[(group - 1) % len(_EXTRA_DEPTS)]
        if dept in self.unit_names:
            dept = self._fresh(rng, lambda: rng.choice(_TOWN_1) + rng.choice(_TOWN_2) + "乡")
            add(dept, "乡镇/街道", None, "township", 16)
        else:
            add(dept, "区直部门", None, "dept", 14)
        return units

    def _fresh(self, rng: random.Random, make: Callable[[], str]) -> str:
        for _ in range(200):
            name = make()
            if name not in self.unit_names:
                return name
        base = make()
        n = 2
        while f"{base}{n}" in self.unit_names:
            n += 1
        return f"{base}{n}"

    # -- ids --

    def finalize(self, plan: Plan) -> None:
        """Give out ids, each table in date order, and the clues' ledger numbers."""
        for table in WRITE_ORDER:
            recs = plan.get(table, [])
            recs.sort(key=lambda r: r.key)
            for rec in recs:
                rec.ref.id = self.next_id[table]
                self.next_id[table] += 1
            for child in KINDS[table].children:
                for rec in recs:
                    for row in rec.children.get(child.table, ()):
                        row["id"] = self.next_id[child.table]
                        row[child.fk] = rec.ref
                        self.next_id[child.table] += 1
            if table == "clues":
                for rec in recs:
                    year = rec.values["received_date"].year
                    self.ledger[year] += 1
                    rec.values["ledger_no"] = f"{year}-{self.ledger[year]:03d}"


class _PlanBuilder:
    def __init__(self) -> None:
        self.plan: Plan = defaultdict(list)
        self.seq = 0

    def add(
        self,
        table: str,
        values: dict[str, Any],
        *,
        day: dt.date | None = None,
        children: dict[str, list[dict[str, Any]]] | None = None,
        ref: _Ref | None = None,
        extra_key: Any = "",
    ) -> _Rec:
        self.seq += 1
        key: tuple[Any, ...] = (day or dt.date.min, extra_key, self.seq)
        rec = _Rec(table, ref or _Ref(), values, children or {}, key)
        self.plan[table].append(rec)
        return rec
