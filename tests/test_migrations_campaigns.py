"""The schema step that adds campaigns, activities, 通报, 通报曝光 and 问责 (issue #15): a
committed store of version 9 upgrades to the same tables, dictionaries and 代字 as a new
store, and keeps what it held."""

from __future__ import annotations

from pathlib import Path

import pytest
from migration_helpers import (
    FIXTURES,
    columns,
    committed,
    copy_fixture,
    upgraded_and_fresh,
)

from desktop.store import Store, dictionaries, document_kinds, records, schema
from desktop.store.kinds import CAMPAIGN_LINKS, KINDS

FIXTURE = FIXTURES / "store_v9.sqlite3"
NEW_DICTIONARIES = (
    "campaign_theme",
    "activity_kind",
    "activity_role",
    "assessment_result",
    "exposure_channel",
    "accountability_method",
)


@pytest.fixture
def v9_dir(tmp_path: Path) -> Path:
    return copy_fixture(FIXTURE, tmp_path)


def test_fixture_really_is_version_9() -> None:
    with committed(FIXTURE, 9) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "campaigns" not in tables and "talks_fts" in tables
        names = {r[0] for r in conn.execute("SELECT dict FROM dict_names")}
        assert not names & set(NEW_DICTIONARIES)


def describe(store: Store) -> tuple[object, ...]:
    new_tables = [
        k
        for k in KINDS
        if k not in schema.V9_TEXT_INDEXES
        and k
        in {
            "campaigns",
            "campaign_units",
            "activities",
            "activity_units",
            "activity_persons",
            "bulletins",
            "bulletin_items",
            "clue_exposures",
            "accountabilities",
            *(t for _p, t, _fk in CAMPAIGN_LINKS),
        }
    ]
    return (
        {t: columns(store, t) for t in new_tables},
        {n: [i.label for i in dictionaries.items(store, n)] for n in NEW_DICTIONARIES},
        [i.label for i in dictionaries.items(store, "notice_kind")][-2:],
        {k: store.setting(f"doc_code.{k}") for k in document_kinds.BULLETINS},
    )


def test_v9_store_upgrades_like_a_new_one(v9_dir: Path, tmp_path: Path) -> None:
    upgraded, fresh = upgraded_and_fresh(v9_dir, tmp_path, describe)
    assert upgraded == fresh
    assert fresh[2] == list(document_kinds.BULLETINS)
    assert all(code for code in fresh[3].values())
    for table, cols in fresh[0].items():  # every declared field has its column
        assert set(KINDS[table].names) <= set(cols), table


def test_every_new_kind_writes_and_its_rules_speak_chinese(v9_dir: Path) -> None:
    store = Store.open(v9_dir)
    try:
        assert store.user_version == schema.LATEST
        assert store.scalar("SELECT reason FROM talks") == "苗头性问题"  # kept
        campaign = records.insert(
            store,
            "campaigns",
            {
                "name": "元旦春节期间作风建设专项检查",
                "theme": "节日期间",
                "start_date": "2025-01-01",
                "end_date": "2025-02-28",
            },
            {"campaign_units": [{"unit_id": 1}]},
        )
        records.update(
            store, "inspections", 1, {}, {"inspection_campaigns": [{"campaign_id": campaign}]}
        )
        with pytest.raises(Exception, match="已关联该专项工作"):
            records.update(
                store,
                "inspections",
                1,
                {},
                {"inspection_campaigns": [{"campaign_id": campaign}, {"campaign_id": campaign}]},
            )
        activity = records.insert(
            store,
            "activities",
            {
                "kind": "警示教育",
                "title": "观看警示教育片",
                "date": "2025-01-10",
                "attendance": 120,
            },
            {
                "activity_persons": [{"person_id": 1, "role": "测评对象", "assessment": "好"}],
                "activity_campaigns": [{"campaign_id": campaign}],
            },
        )
        assert records.get(store, "activities", activity)["sessions"] == 1  # the default
        with pytest.raises(Exception, match="场次"):
            records.update(store, "activities", activity, {"sessions": 0})
        with pytest.raises(Exception, match="通报种类"):
            records.insert(
                store, "bulletins", {"kind": "督办函", "title": "t", "date": "2025-02-01"}
            )
        records.insert(
            store,
            "bulletins",
            {
                "kind": "典型案例通报",
                "title": "关于违反中央八项规定精神典型问题的通报",
                "date": "2025-02-01",
            },
            {
                "bulletin_items": [
                    {"summary": "张帆违规发放津补贴问题", "clue_id": 1, "person_id": 1}
                ]
            },
        )
        with pytest.raises(Exception, match="被问责人或被问责单位"):
            records.insert(
                store,
                "accountabilities",
                {"method": "通报", "date": "2025-02-02", "reason": "整改不力"},
            )
        records.insert(
            store,
            "accountabilities",
            {
                "method": "诫勉",
                "date": "2025-02-02",
                "reason": "整改不力",
                "person_id": 1,
                "rect_id": 1,
            },
        )
        records.update(
            store,
            "clues",
            1,
            {},
            {"clue_exposures": [{"date": "2025-02-03", "channel": "门户网站", "person_id": 1}]},
        )
        # the search indexes of the new tables keep up
        assert (
            store.scalar(
                "SELECT COUNT(*) FROM activities_fts WHERE activities_fts MATCH '警示教育'"
            )
            == 1
        )
    finally:
        store.close()


def test_the_declared_link_tables_are_the_ones_step_10_made() -> None:
    """kinds.CAMPAIGN_LINKS declares them; step 10 spells them out frozen. A later step that
    adds a link table adds it to this comparison."""
    assert CAMPAIGN_LINKS == schema.V10_CAMPAIGN_LINKS
