"""Which records belong to a campaign (desktop/queries/campaigns.py): own links, and the
records they come from, for every table the figures filter."""

from __future__ import annotations

from desktop.queries import campaigns
from desktop.store import Store, records


def _ids(store: Store, table: str, condition: str, **params: object) -> set[int]:
    rows = store.query(f"SELECT x.id FROM {table} x WHERE {condition} ORDER BY x.id", params)
    return {int(r["id"]) for r in rows}


def test_membership_through_links_and_sources(store: Store) -> None:
    unit = records.insert(store, "units", {"name": "城关镇"})
    person = records.insert(store, "persons", {"name": "王芳", "unit_id": unit})
    festival = records.insert(
        store,
        "campaigns",
        {"name": "节日期间专项检查", "theme": "节日期间", "start_date": "2026-01-01"},
    )
    business = records.insert(
        store,
        "campaigns",
        {"name": "优化营商环境专项监督", "theme": "营商环境", "start_date": "2026-03-01"},
    )
    inspection = records.insert(
        store,
        "inspections",
        {"kind": "专项督查", "theme": "公车使用", "start_date": "2026-01-20"},
        {
            "inspection_units": [{"unit_id": unit}],
            "inspection_campaigns": [{"campaign_id": festival}],
        },
    )
    clue = records.insert(
        store,
        "clues",
        {"received_date": "2026-03-02", "source": "信访举报", "summary": "反映审批拖延"},
        {"clue_persons": [{"person_id": person}], "clue_campaigns": [{"campaign_id": business}]},
    )
    found = {"found_date": "2026-01-22", "unit_id": unit, "status": "待整改"}
    by_inspection = records.insert(
        store, "rectifications", {**found, "finding": "公车登记不全", "inspection_id": inspection}
    )
    by_clue = records.insert(
        store, "rectifications", {**found, "finding": "审批超时", "clue_id": clue}
    )
    own = records.insert(
        store,
        "rectifications",
        {**found, "finding": "台账缺失"},
        {"rect_campaigns": [{"campaign_id": business}]},
    )
    loose = records.insert(store, "rectifications", {**found, "finding": "无关事项"})
    blame = records.insert(
        store,
        "accountabilities",
        {
            "person_id": person,
            "method": "诫勉",
            "date": "2026-02-01",
            "reason": "整改不力",
            "rect_id": by_inspection,
        },
    )
    talk = records.insert(
        store,
        "talks",
        {"kind": "提醒谈话", "date": "2026-03-05", "reason": "提醒", "clue_id": clue},
        {
            "talk_talkers": [{"name": "李强", "role": "主要负责人"}],
            "talk_subjects": [{"person_id": person}],
        },
    )
    doc = store.db.execute(
        "INSERT INTO documents(kind, title, issued_date, linked_table, linked_id, created_at,"
        " updated_at) VALUES ('整改函', '整改函', '2026-01-25', 'rectifications', ?, 'x', 'x')",
        [by_inspection],
    ).lastrowid

    def members(table: str, campaign: int) -> set[int]:
        return _ids(store, table, campaigns.in_campaign_sql(table, "x"), campaign_id=campaign)

    assert members("rectifications", festival) == {by_inspection}
    assert members("rectifications", business) == {by_clue, own}
    assert loose not in members("rectifications", business) | members("rectifications", festival)
    assert members("accountabilities", festival) == {blame}
    assert members("talks", business) == {talk}
    assert members("documents", festival) == {doc}
    assert members("documents", business) == set()
    theme = campaigns.in_theme_sql("rectifications", "x")
    assert _ids(store, "rectifications", theme, theme="营商环境") == {by_clue, own}
    # the same rule read the other way, from a row to its campaigns (figures per campaign)
    for table in (
        "rectifications",
        "accountabilities",
        "talks",
        "documents",
        "inspections",
        "clues",
    ):
        for campaign in (festival, business):
            of = f":campaign_id IN ({campaigns.campaigns_of_sql(table, 'x')})"
            assert _ids(store, table, of, campaign_id=campaign) == members(table, campaign)
            # and from the row's id alone (its own links without reading it)
            by_id = f":campaign_id IN ({campaigns.campaigns_of_id_sql(table, 'x.id', 'y')})"
            assert _ids(store, table, by_id, campaign_id=campaign) == members(table, campaign)


def test_attendance_is_the_persons_listed_else_the_number_typed(store: Store) -> None:
    unit = records.insert(store, "units", {"name": "城关镇"})
    people = [records.insert(store, "persons", {"name": n, "unit_id": unit}) for n in "甲乙"]
    typed = records.insert(
        store,
        "activities",
        {"kind": "培训/答题", "title": "网上答题", "date": "2026-04-01", "attendance": 6000},
    )
    listed = records.insert(
        store,
        "activities",
        {
            "kind": "述责述廉",
            "title": "述责述廉会",
            "date": "2026-04-02",
            "attendance": 3,
            "sessions": 2,
        },
        {"activity_persons": [{"person_id": p} for p in people]},
    )
    got = {
        r["id"]: (r["n"], r["s"])
        for r in store.query(
            f"SELECT a.id, {campaigns.attendance_sql('a')} AS n,"
            f" {campaigns.sessions_sql('a')} AS s FROM activities a"
        )
    }
    assert got == {typed: (6000, 1), listed: (2, 2)}
    assert campaigns.attendance(2, 3) == 2 and campaigns.attendance(0, 6000) == 6000
