"""The records the issue #15 figure, paragraph and campaign-page tests count: two
campaigns with linked inspections, items, documents, activities, 通报, a clue, 曝光, 问责
and talks in 2026, and records outside the year or outside any campaign beside them."""

from __future__ import annotations

from desktop.store import Store, records


def _document(store: Store, kind: str, day: str, table: str, rid: int, voided: int = 0) -> int:
    """A registered document issued for a record (as numbering registers it)."""
    row = store.db.execute(
        "INSERT INTO documents(kind, title, issued_date, linked_table, linked_id, voided,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'x', 'x')",
        [kind, kind, day, table, rid, voided],
    )
    return int(row.lastrowid or 0)


def make_office(store: Store) -> dict[str, int]:
    """Make the records; the ids of the units, persons, campaigns and the clue by name."""
    ins = records.insert
    ids: dict[str, int] = {}
    town = ids["城关镇"] = ins(store, "units", {"name": "城关镇"})
    west = ids["河西镇"] = ins(store, "units", {"name": "河西镇"})
    wang = ids["王芳"] = ins(store, "persons", {"name": "王芳", "unit_id": town})
    li = ids["李强"] = ins(store, "persons", {"name": "李强", "unit_id": town})
    zhao = ids["赵敏"] = ins(store, "persons", {"name": "赵敏", "unit_id": west})
    festival = ids["festival"] = ins(
        store,
        "campaigns",
        {
            "name": "元旦、春节节日期间作风专项检查",
            "theme": "节日期间",
            "start_date": "2026-01-01",
            "end_date": "2026-02-28",
        },
        {"campaign_units": [{"unit_id": town}]},
    )
    business = ids["business"] = ins(
        store,
        "campaigns",
        {"name": "优化营商环境专项监督", "theme": "营商环境", "start_date": "2026-03-01"},
        {"campaign_units": [{"unit_id": west}]},
    )
    ids["old"] = ins(
        store,
        "campaigns",
        {
            "name": "2024年民生资金专项治理",
            "theme": "民生资金",
            "start_date": "2024-01-01",
            "end_date": "2024-12-31",
        },
    )
    link = {"inspection_campaigns": [{"campaign_id": festival}]}
    checks = [
        ins(
            store,
            "inspections",
            {"kind": kind, "theme": "公车使用", "start_date": day},
            {"inspection_units": [{"unit_id": town}], **link},
        )
        for kind, day in (
            ("节日期间检查", "2026-01-10"),
            ("节日期间检查", "2026-01-20"),
            ("节日期间检查", "2026-02-01"),
            ("明察暗访", "2026-02-05"),
        )
    ]
    ins(store, "inspections", {"kind": "日常监督", "theme": "日常", "start_date": "2026-05-01"})
    item = {"unit_id": town, "inspection_id": checks[0]}
    done = ins(
        store,
        "rectifications",
        {**item, "finding": "公车私用", "found_date": "2026-01-10", "status": "已整改待验收"},
        {"rect_progress": [{"date": "2026-02-01", "content": "已收回公车"}]},
    )
    open_item = ins(
        store,
        "rectifications",
        {**item, "finding": "登记不全", "found_date": "2026-01-20", "status": "整改中"},
    )
    loose = ins(
        store,
        "rectifications",
        {"unit_id": west, "finding": "无关", "found_date": "2026-03-01", "status": "待整改"},
    )
    _document(store, "整改函", "2026-01-12", "rectifications", done)
    _document(store, "提醒函", "2026-01-22", "rectifications", open_item)
    _document(store, "督办函", "2026-02-10", "rectifications", open_item, voided=1)
    _document(store, "整改通知书", "2026-01-12", "rectifications", open_item)
    _document(store, "监察建议书", "2026-06-01", "rectifications", loose)
    _document(store, "整改函", "2025-12-01", "rectifications", loose)
    ins(
        store,
        "activities",
        {
            "kind": "警示教育",
            "title": "警示片",
            "date": "2026-02-10",
            "sessions": 2,
            "attendance": 120,
        },
        {"activity_campaigns": [{"campaign_id": festival}], "activity_units": [{"unit_id": town}]},
    )
    ins(
        store,
        "activities",
        {"kind": "廉政教育", "title": "廉政党课", "date": "2026-04-01", "attendance": 50},
        {"activity_persons": [{"person_id": wang}, {"person_id": li}]},
    )
    ins(
        store,
        "activities",
        {"kind": "培训/答题", "title": "网上答题", "date": "2026-05-01", "attendance": 6000},
    )
    ins(
        store,
        "activities",
        {"kind": "述责述廉", "title": "述责述廉大会", "date": "2026-03-20"},
        {
            "activity_persons": [{"person_id": p, "assessment": "好"} for p in (wang, li, zhao)],
            "activity_units": [{"unit_id": west}],
        },
    )
    ins(
        store,
        "activities",
        {"kind": "警示教育", "title": "去年的", "date": "2025-12-20", "attendance": 30},
    )
    clue = ids["clue"] = ins(
        store,
        "clues",
        {
            "received_date": "2026-03-05",
            "source": "信访举报",
            "summary": "反映审批拖延",
            "disposition": "初步核实",
            "disposition_date": "2026-03-06",
            "case_date": "2026-03-20",
        },
        {
            "clue_persons": [{"person_id": zhao, "filed": 1}],
            "clue_outcomes": [
                {"person_id": zhao, "outcome": "党纪警告", "decided_date": "2026-06-01"}
            ],
            "clue_campaigns": [{"campaign_id": business}],
        },
    )
    other = ins(
        store,
        "clues",
        {"received_date": "2026-02-01", "source": "信访举报", "summary": "反映违规吃喝"},
        {"clue_persons": [{"person_id": wang}, {"person_id": li}]},
    )
    ins(
        store,
        "bulletins",
        {"kind": "典型案例通报", "title": "节日期间典型问题通报", "date": "2026-02-15"},
        {
            "bulletin_items": [
                {"summary": "公车私用", "rect_id": done, "unit_id": town},
                {"summary": "违规吃喝", "clue_id": other},
                {"summary": "收送礼品", "person_id": li},
            ],
            "bulletin_campaigns": [{"campaign_id": festival}],
        },
    )
    ins(
        store,
        "bulletins",
        {"kind": "督查通报", "title": "营商环境督查通报", "date": "2026-06-15"},
        {"bulletin_items": [{"summary": "审批拖延", "clue_id": clue, "person_id": zhao}]},
    )
    ins(
        store,
        "bulletins",
        {"kind": "督查通报", "title": "去年的通报", "date": "2025-06-15"},
        {"bulletin_items": [{"summary": "旧事", "unit_id": west}]},
    )
    ins(
        store,
        "clue_exposures",
        {"clue_id": clue, "person_id": zhao, "date": "2026-07-01", "channel": "门户网站"},
    )
    blame = {"reason": "整改不力"}
    ins(
        store,
        "accountabilities",
        {**blame, "person_id": wang, "method": "诫勉", "date": "2026-02-20", "rect_id": done},
    )
    ins(
        store,
        "accountabilities",
        {**blame, "person_id": wang, "method": "通报", "date": "2026-04-01"},
    )
    ins(
        store,
        "accountabilities",
        {**blame, "unit_id": west, "method": "通报", "date": "2026-05-01"},
    )
    ins(
        store,
        "accountabilities",
        {**blame, "person_id": zhao, "method": "组织调整", "date": "2026-06-01", "clue_id": clue},
    )
    ins(
        store,
        "accountabilities",
        {**blame, "person_id": li, "method": "诫勉", "date": "2025-05-01"},
    )

    def talk(kind: str, day: str, *who: int) -> None:
        ins(
            store,
            "talks",
            {"kind": kind, "date": day, "reason": "约谈"},
            {
                "talk_talkers": [{"name": "书记", "role": "主要负责人"}],
                "talk_subjects": [{"person_id": p} for p in who],
            },
        )

    talk("约谈", "2026-03-01", wang, li)
    talk("约谈", "2026-04-01", wang)
    talk("谈心谈话", "2026-04-02", wang)
    talk("谈心谈话", "2026-04-03", wang)
    talk("约谈", "2025-04-01", zhao)
    return ids
