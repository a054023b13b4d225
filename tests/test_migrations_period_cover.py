"""Schema step 13: the statistics' period reads and the list search by unit name read an
index alone. A committed store of version 12 upgrades to the same indexes as a new store,
with its records unchanged; each index step 13 drops is covered by one that begins with
the same columns and then the id, so a walk of it meets the rows in the same order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from migration_helpers import (
    FIXTURES,
    analysed_after_upgrade,
    committed,
    copy_fixture,
    ix_indexes,
    query_plan,
    uncovered,
    upgrade_keeps_records,
    upgraded_and_fresh,
)

from desktop.store import Store, schema

FIXTURE = FIXTURES / "store_v12.sqlite3"
NEW_INDEXES = {re.search(r"INDEX (\w+)", sql).group(1) for sql in schema.V13_INDEXES}  # type: ignore[union-attr]
TABLES = ("clues", "rectifications", "documents", "talk_subjects")


@pytest.fixture
def v12_dir(tmp_path: Path) -> Path:
    return copy_fixture(FIXTURE, tmp_path)


def test_fixture_really_is_version_12() -> None:
    with committed(FIXTURE, 12) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert set(schema.V13_DROPPED) <= names and not NEW_INDEXES & names


def test_each_dropped_index_is_covered_in_its_own_order(v12_dir: Path) -> None:
    """What walked a dropped index (rows in its order, then by id) walks its cover the
    same way: the cover begins with the dropped one's columns, then the id."""
    assert not uncovered(FIXTURE, 12, v12_dir, schema.V13_DROPPED, NEW_INDEXES)


def test_v12_store_upgrades_with_its_records_unchanged(v12_dir: Path) -> None:
    indexes = upgrade_keeps_records(FIXTURE, v12_dir, TABLES)
    assert indexes >= NEW_INDEXES and not indexes & set(schema.V13_DROPPED)


def test_upgraded_store_has_the_indexes_of_a_new_one(v12_dir: Path, tmp_path: Path) -> None:
    upgraded, fresh = upgraded_and_fresh(v12_dir, tmp_path, ix_indexes)
    assert upgraded == fresh


def test_an_analysed_store_keeps_statistics_for_the_new_indexes(v12_dir: Path) -> None:
    analysed = analysed_after_upgrade(v12_dir)
    assert analysed >= NEW_INDEXES and not analysed & set(schema.V13_DROPPED)


@pytest.mark.parametrize(
    ("sql", "index"),
    [
        (
            "SELECT source, channel, petition_kind, COUNT(*) FROM clues WHERE received_date"
            " BETWEEN '2025-01-01' AND '2025-12-31' AND duplicate_of IS NULL"
            " GROUP BY source, channel, petition_kind",
            "ix_clues_received_cover",
        ),
        (
            "SELECT disposition, COUNT(*) FROM clues WHERE disposition_date"
            " BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY disposition",
            "ix_clues_disposition_cover",
        ),
        (
            "SELECT status, closed_date, inspection_id, clue_id FROM rectifications"
            " WHERE found_date BETWEEN '2025-01-01' AND '2025-12-31'",
            "ix_rect_found_cover",
        ),
        (
            "SELECT kind, linked_table, linked_id FROM documents WHERE issued_date"
            " BETWEEN '2025-01-01' AND '2025-12-31' AND voided = 0",
            "ix_documents_issued_cover",
        ),
        (
            "SELECT talk_id FROM talk_subjects WHERE unit_name = '城关镇'",
            "ix_talk_subjects_unit_talk",
        ),
        (
            "SELECT id, unit_id FROM rectifications WHERE instr(finding, '公车') > 0"
            " OR instr(responsible, '张帆') > 0 ORDER BY found_date DESC, id DESC LIMIT 20",
            "ix_rect_found_text",
        ),
    ],
)
def test_the_period_reads_come_from_the_index_alone(v12_dir: Path, sql: str, index: str) -> None:
    store = Store.open(v12_dir)
    try:
        assert f"USING COVERING INDEX {index}" in query_plan(store, sql)
    finally:
        store.close()
