"""The four forms (四种形态) and sanction effect periods (domain.md §3).

Each outcome in the `outcome` dictionary carries its form (1–4), its category
(批评教育, 组织处理, 党纪处分, 政务处分, 移送司法), a severity and, for sanctions,
the months its effect lasts. Offices may edit these; nothing here hard-codes them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.domain.workdays import shift_months
from desktop.store import dictionaries

if TYPE_CHECKING:
    from desktop.store.db import Store

FORM_LABELS = {1: "第一种形态", 2: "第二种形态", 3: "第三种形态", 4: "第四种形态"}
PARTY = "党纪处分"
GOVERNMENT = "政务处分"
ORGANISATIONAL = "组织处理"
SANCTION_CATEGORIES = (PARTY, GOVERNMENT)


@dataclass(frozen=True)
class OutcomeInfo:
    label: str
    form: int | None
    category: str
    severity: int
    effect_months: int | None  # None: no fixed end (开除…) for sanctions, not applicable otherwise

    @property
    def is_sanction(self) -> bool:
        return self.category in SANCTION_CATEGORIES

    @property
    def permanent(self) -> bool:
        return self.is_sanction and self.effect_months is None

    @property
    def rank(self) -> tuple[int, int]:
        """Ordering key: heavier form first, then heavier outcome within the form."""
        return (self.form or 0, self.severity)


def outcome_table(store: Store) -> dict[str, OutcomeInfo]:
    result = {}
    for item in dictionaries.items(store, "outcome"):
        form = item.extra.get("form")
        months = item.extra.get("effect_months")
        result[item.label] = OutcomeInfo(
            label=item.label,
            form=int(form) if form else None,
            category=str(item.extra.get("category", "")),
            severity=int(item.extra.get("severity", 0)),
            effect_months=int(months) if months is not None else None,
        )
    return result


def heaviest(outcomes: Iterable[str], table: Mapping[str, OutcomeInfo]) -> OutcomeInfo | None:
    """The outcome that decides a person's form on one clue (counted once, by the heaviest)."""
    known = [table[o] for o in outcomes if o in table]
    return max(known, key=lambda info: info.rank, default=None)


def form_of(outcomes: Iterable[str], table: Mapping[str, OutcomeInfo]) -> int | None:
    top = heaviest(outcomes, table)
    return top.form if top else None


@dataclass(frozen=True)
class Sanction:
    """A sanction decided on a clue, with the end of its effect period."""

    clue_id: int
    person_id: int
    outcome: str
    category: str
    form: int | None
    decided: dt.date
    ends: dt.date | None  # None with permanent=True: no end

    @property
    def permanent(self) -> bool:
        return self.ends is None

    def in_effect(self, today: dt.date) -> bool:
        return self.decided <= today and (self.ends is None or today < self.ends)

    def status(self, today: dt.date) -> str:
        if today < self.decided:
            return "尚未生效"
        return "影响期内" if self.in_effect(today) else "影响期已满"


def effect_end(info: OutcomeInfo, decided: dt.date) -> dt.date | None:
    if info.effect_months is None:
        return None
    return shift_months(decided, info.effect_months)


def sanctions(store: Store, *, person_id: int | None = None) -> list[Sanction]:
    """Every sanction (党纪/政务处分) on record, newest first; optionally one person's."""
    table = outcome_table(store)
    where, params = "", []
    if person_id is not None:
        where, params = "WHERE person_id = ?", [person_id]
    result = []
    for row in store.query(
        f"SELECT clue_id, person_id, outcome, decided_date FROM clue_outcomes {where}"
        " ORDER BY decided_date DESC, id DESC",
        params,
    ):
        info = table.get(row["outcome"])
        if info is None or not info.is_sanction:
            continue
        decided = dt.date.fromisoformat(row["decided_date"])
        result.append(
            Sanction(
                clue_id=row["clue_id"],
                person_id=row["person_id"],
                outcome=info.label,
                category=info.category,
                form=info.form,
                decided=decided,
                ends=effect_end(info, decided),
            )
        )
    return result


def clue_forms(store: Store, clue_id: int) -> dict[int, OutcomeInfo]:
    """person_id -> the heaviest outcome on this clue (what the clue form shows as 形态)."""
    table = outcome_table(store)
    by_person: dict[int, list[str]] = {}
    for row in store.query(
        "SELECT person_id, outcome FROM clue_outcomes WHERE clue_id = ?", [clue_id]
    ):
        by_person.setdefault(int(row["person_id"]), []).append(str(row["outcome"]))
    result = {}
    for person, outcomes in by_person.items():
        top = heaviest(outcomes, table)
        if top is not None:
            result[person] = top
    return result
