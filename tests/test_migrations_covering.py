"""Schema step 12: a talk's persons and a person's talks read from an index alone. A
committed store of version 11 upgrades to the same indexes as a new store, with its
records unchanged; the lookups the list search, the 谈话人数 figure and the 时间线 make
between talks and their persons never read the table's rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from migration_helpers import (
    FIXTURES,
    analysed_after_upgrade,
    committed,
    copy_fixture,
    ix_indexes,
    query_plan,
    upgrade_keeps_records,
    upgraded_and_fresh,
)

from desktop.queries import core, lists
from desktop.store import Store, schema

FIXTURE = FIXTURES / "store_v11.sqlite3"
NEW_INDEXES = {"ix_talk_subjects_talk_person", "ix_talk_subjects_person_talk"}
TABLES = ("talks", "talk_subjects", "persons")


@pytest.fixture
def v11_dir(tmp_path: Path) -> Path:
    return copy_fixture(FIXTURE, tmp_path)


def test_fixture_really_is_version_11() -> None:
    with committed(FIXTURE, 11) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert set(schema.V12_DROPPED) <= names and not NEW_INDEXES & names
        # entered out of id order both ways (what the next test needs)
        assert conn.execute("SELECT talk_id, person_id FROM talk_subjects ORDER BY id").fetchall()[
            1:
        ] == [(1, 3), (1, 1)]


def test_the_step_names_the_indexes_it_makes() -> None:
    assert {sql.split()[2] for sql in schema.V12_INDEXES} == NEW_INDEXES


def test_v11_store_upgrades_with_its_records_unchanged(v11_dir: Path) -> None:
    indexes = upgrade_keeps_records(FIXTURE, v11_dir, TABLES)
    assert indexes >= NEW_INDEXES and not indexes & set(schema.V12_DROPPED)


def test_an_analysed_store_keeps_statistics_for_the_new_indexes(v11_dir: Path) -> None:
    analysed = analysed_after_upgrade(v11_dir)
    assert analysed >= NEW_INDEXES and not analysed & set(schema.V12_DROPPED)


def test_a_new_store_is_not_analysed_by_the_step(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    try:
        assert not store.scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
    finally:
        store.close(optimize=False)


def test_upgraded_store_has_the_indexes_of_a_new_one(v11_dir: Path, tmp_path: Path) -> None:
    upgraded, fresh = upgraded_and_fresh(v11_dir, tmp_path, ix_indexes)
    assert upgraded == fresh


@pytest.mark.parametrize(
    ("sql", "index", "rows"),
    [
        # a talk's persons (the 时间线's first person of a talk, the list's names)
        (
            "SELECT MIN(person_id) FROM talk_subjects WHERE talk_id = 1",
            "ix_talk_subjects_talk_person",
            [(1,)],
        ),
        (
            "SELECT COUNT(DISTINCT person_id) FROM talk_subjects WHERE talk_id IN (1, 2)",
            "ix_talk_subjects_talk_person",
            [(2,)],
        ),
        # a person's talks (谈话人数, a person's archive, the list's name search), in the
        # order they were entered
        (
            "SELECT talk_id FROM talk_subjects WHERE person_id = 1",
            "ix_talk_subjects_person_talk",
            [(2,), (1,)],
        ),
    ],
)
def test_talks_and_their_persons_are_read_from_the_index_alone(
    v11_dir: Path, sql: str, index: str, rows: list[tuple[object, ...]]
) -> None:
    store = Store.open(v11_dir)
    try:
        plan = query_plan(store, sql)
        assert f"USING COVERING INDEX {index}" in plan, plan
        assert [tuple(r.values()) for r in store.query(sql)] == rows
    finally:
        store.close()


def test_a_talks_persons_are_listed_in_the_order_entered(v11_dir: Path) -> None:
    """The 谈话 list (and the desk, Ctrl+K, summaries) join a talk's names without an ORDER
    BY: the index they read keeps the entry order, not the persons' ids."""
    store = Store.open(v11_dir)
    try:
        q = lists.TALKS
        [row] = core.rows_of(store, q, [1], q.default)
        assert row["subjects"] == "欧阳文、张帆"
    finally:
        store.close()
