"""A rule checked over many rows at once (rules.check_many, rules.MANY) gives the verdict
the rule gives row by row (rules.RULES): every row that holds passes, and among rows
that break it the first (in the order given) is named with the same ValidationError.
An import's check runs its batches' rules this way (records.Buffer)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from desktop.store import Store, records, rules
from desktop.store.errors import ValidationError


def _talk(store: Store, person: int, day: str) -> int:
    return records.insert(
        store,
        "talks",
        {"kind": "提醒谈话", "date": day, "reason": "苗头性问题"},
        {"talk_talkers": [{"name": "张书记", "role": "主要负责人"}],
         "talk_subjects": [{"person_id": person}]},
    )  # fmt: skip


def _talks(store: Store) -> dict[str, dict[str, Any]]:
    """Talks that hold the rule, one without its subjects, one without its talkers, one
    without either: the rows as stored (the rule reads the store, as after a write)."""
    unit = records.insert(store, "units", {"name": "城关镇", "active": 1})
    person = records.insert(store, "persons", {"name": "李明", "unit_id": unit})
    ids = {name: _talk(store, person, f"2026-05-0{n}") for n, name in enumerate(
        ("whole", "whole2", "no_subject", "no_talker", "neither"), start=1
    )}  # fmt: skip
    with store.transaction():
        for name in ("no_subject", "neither"):
            store.db.execute("DELETE FROM talk_subjects WHERE talk_id = ?", [ids[name]])
        for name in ("no_talker", "neither"):
            store.db.execute("DELETE FROM talk_talkers WHERE talk_id = ?", [ids[name]])
    return {name: records.get(store, "talks", i) for name, i in ids.items()}


def _row_by_row(store: Store, name: str, rows: list[dict[str, Any]]) -> tuple[str, ...] | None:
    try:
        for row in rows:
            rules.RULES[name](store, row)
    except ValidationError as exc:
        return (exc.field, exc.label, exc.problem)
    return None


def _at_once(store: Store, name: str, rows: list[dict[str, Any]]) -> tuple[str, ...] | None:
    try:
        rules.check_many(store, name, rows)
    except ValidationError as exc:
        return (exc.field, exc.label, exc.problem)
    return None


def test_every_many_rule_is_a_rule() -> None:
    assert set(rules.MANY) <= set(rules.RULES)


def test_talks_checked_together_give_the_verdicts_of_one_by_one(store: Store) -> None:
    talks = _talks(store)
    checked = 0
    for size in range(len(talks) + 1):
        for names in itertools.permutations(talks, size):
            rows = [talks[n] for n in names]
            expected = _row_by_row(store, "talk_has_subject", rows)
            assert _at_once(store, "talk_has_subject", rows) == expected, names
            checked += 1
    assert checked > 300
    # what the rows above name, spelled out once
    assert _at_once(store, "talk_has_subject", [talks["whole"], talks["whole2"]]) is None
    assert _at_once(store, "talk_has_subject", [talks["whole"], talks["no_talker"]]) == (
        "talkers", "谈话人", "至少需要一名谈话人"
    )  # fmt: skip
    assert _at_once(store, "talk_has_subject", [talks["neither"], talks["no_talker"]]) == (
        "subjects", "谈话对象", "至少需要一名谈话对象"
    )  # fmt: skip


def test_talks_checked_together_see_the_rows_as_written(store: Store) -> None:
    """The rule reads the store: a talk whose subject is added afterwards holds."""
    talks = _talks(store)
    with store.transaction():
        store.db.execute(
            "INSERT INTO talk_subjects (talk_id, person_id, created_at, updated_at)"
            " SELECT ?, person_id, created_at, updated_at FROM talk_subjects LIMIT 1",
            [talks["no_subject"]["id"]],
        )
    rows = [talks["whole"], talks["no_subject"]]
    assert _at_once(store, "talk_has_subject", rows) is None
    assert _row_by_row(store, "talk_has_subject", rows) is None


def test_a_rule_without_a_many_form_runs_row_by_row(store: Store) -> None:
    name = "activity_counts"
    assert name not in rules.MANY
    rows: list[dict[str, Any]] = [{"sessions": 2}, {"sessions": 0}, {"attendance": -1}]
    assert _at_once(store, name, rows) == _row_by_row(store, name, rows)
    assert _at_once(store, name, rows[:1]) is None
    with pytest.raises(ValidationError, match="至少为 1"):
        rules.check_many(store, name, rows)
