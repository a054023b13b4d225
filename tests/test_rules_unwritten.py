"""Rules asked of a record not yet written (rules.holds_unwritten, for an import's check
that defers its inserts): a rule in ALONE reads nothing but its row, so it decides as
it would after the write; a rule's OWN form says it holds only when the rule, run on the
written state, does hold."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from desktop.store import Store, records, rules
from desktop.store.errors import ValidationError

DENY = 1  # sqlite3.SQLITE_DENY


def _rows(store: Store, table: str) -> list[dict[str, Any]]:
    """Rows of `table` that pass and break its rules: an empty row, and rows with each
    field given a date, a text, a number or nothing, alone and all together."""
    k = records.kind(table)
    samples: dict[str, list[Any]] = {
        "date": ["2026-05-01", "2026-04-01"],
        "text": ["县财政局", " "],
        "int": [0, 3, -1],
        "money": [100],
        "bool": [0, 1],
        "ref": [1],
        "dict": [next(iter(rules.document_kinds.BULLETINS)), "其他", "实名"],
        "time": ["09:30"],
        "dict_list": ['["x"]'],
    }
    rows: list[dict[str, Any]] = [{"id": 1}]
    for f in k.fields:
        for value in samples.get(f.type, [None]):
            rows.append({"id": 1, f.name: value})
    full = {"id": 1}
    for f in k.fields:
        full[f.name] = samples.get(f.type, [None])[0]
    rows.append(full)
    return rows


def _verdict(store: Store, name: str, row: dict[str, Any]) -> str | None:
    try:
        rules.RULES[name](store, row)
    except ValidationError as exc:
        return str(exc)
    return None


@pytest.mark.parametrize("name", sorted(rules.ALONE))
def test_a_rule_alone_decides_without_reading_the_store(store: Store, name: str) -> None:
    table = next(t for t, k in records.KINDS.items() if name in k.rules)
    verdicts = set()
    for row in _rows(store, table):
        expected = _verdict(store, name, row)
        store.db.conn.set_authorizer(lambda *_: DENY)  # every read refused
        try:
            assert _verdict(store, name, row) == expected
            assert rules.holds_unwritten(store, name, row, {}) is (expected is None)
        except sqlite3.DatabaseError as exc:  # pragma: no cover - what the test is for
            pytest.fail(f"{name} read the store: {exc}")
        finally:
            store.db.conn.set_authorizer(None)
        verdicts.add(expected is None)
    assert verdicts == {True, False}  # rows that hold it and rows that break it


def test_every_unwritten_form_is_of_a_rule_and_declared_once() -> None:
    assert set(rules.RULES) >= rules.ALONE
    assert rules.OWN.keys() <= rules.RULES.keys()
    assert not rules.ALONE & rules.OWN.keys()


def _talk(store: Store, person: int, subjects: bool, talkers: bool) -> dict[str, Any]:
    """A talk written whole, then stripped of its subjects or talkers: the rule reads the
    store, and a form that says it holds must see the same."""
    talk = records.insert(
        store,
        "talks",
        {"kind": "提醒谈话", "date": "2026-05-01", "reason": "苗头性问题"},
        {"talk_talkers": [{"name": "张书记", "role": "主要负责人"}],
         "talk_subjects": [{"person_id": person}]},
    )  # fmt: skip
    with store.transaction():
        if not subjects:
            store.db.execute("DELETE FROM talk_subjects WHERE talk_id = ?", [talk])
        if not talkers:
            store.db.execute("DELETE FROM talk_talkers WHERE talk_id = ?", [talk])
    return records.snapshot(store, "talks", talk)


def test_an_own_rows_form_holds_only_when_the_written_rule_holds(store: Store) -> None:
    unit = records.insert(store, "units", {"name": "城关镇", "active": 1})
    person = records.insert(store, "persons", {"name": "李明", "unit_id": unit})
    seen = set()
    for subjects in (True, False):
        for talkers in (True, False):
            snap = _talk(store, person, subjects, talkers)
            own = {t: [c["row"] for c in items] for t, items in snap["children"].items()}
            holds = rules.holds_unwritten(store, "talk_has_subject", snap["row"], own)
            written = _verdict(store, "talk_has_subject", snap["row"]) is None
            assert holds == written
            seen.add(holds)
    assert seen == {True, False}
