"""A small office year with a 专项工作, 工作活动, 通报, 通报曝光 and 问责, written through
desktop.store.records, for the timeline and the 廉政档案 tests (issue #15)."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.store import Store
from desktop.store import records as rec


@dataclass
class Year:
    units: dict[str, int] = field(default_factory=dict)
    persons: dict[str, int] = field(default_factory=dict)
    campaigns: dict[str, int] = field(default_factory=dict)
    activities: dict[str, int] = field(default_factory=dict)
    clue: int = 0
    bulletin: int = 0
    bulletin_document: int = 0
    accountabilities: dict[str, int] = field(default_factory=dict)


def seed_year(store: Store) -> Year:
    y = Year()
    for name in ("城关镇", "区财政局"):
        y.units[name] = rec.insert(store, "units", {"name": name, "kind": "乡镇/街道"})
    for name, unit in (("王芳", "城关镇"), ("李强", "城关镇"), ("张伟", "区财政局")):
        y.persons[name] = rec.insert(
            store, "persons", {"name": name, "unit_id": y.units[unit], "post": "干部"}
        )
    y.campaigns["节日"] = rec.insert(
        store,
        "campaigns",
        {
            "name": "元旦春节期间作风建设专项检查",
            "theme": "节日期间",
            "start_date": "2026-01-01",
            "end_date": "2026-02-28",
            "lead_office": "第一纪检监察室",
        },
        {"campaign_units": [{"unit_id": y.units["城关镇"]}]},
    )
    y.campaigns["营商"] = rec.insert(
        store,
        "campaigns",
        {"name": "优化营商环境专项监督", "theme": "营商环境", "start_date": "2026-03-01"},
        {"campaign_units": [{"unit_id": y.units["区财政局"]}]},
    )
    y.activities["述责述廉"] = rec.insert(
        store,
        "activities",
        {"kind": "述责述廉", "title": "2025年度述责述廉会", "date": "2026-01-20"},
        {
            "activity_units": [{"unit_id": y.units["城关镇"]}],
            "activity_persons": [
                {
                    "person_id": y.persons["王芳"],
                    "role": "述责述廉对象",
                    "assessment": "好",
                    "score": "92",
                },
                {"person_id": y.persons["李强"], "role": "测评对象", "assessment": "较好"},
                {"person_id": y.persons["张伟"], "role": "参加人员"},
            ],
            "activity_campaigns": [{"campaign_id": y.campaigns["节日"]}],
        },
    )
    y.activities["警示教育"] = rec.insert(
        store,
        "activities",
        {
            "kind": "警示教育",
            "title": "廉政教育基地参观",
            "date": "2026-02-10",
            "end_date": "2026-02-12",
            "attendance": 80,
            "sessions": 3,
        },
        {"activity_units": [{"unit_id": y.units["区财政局"]}]},
    )
    y.clue = rec.insert(
        store,
        "clues",
        {
            "received_date": "2026-01-10",
            "source": "信访举报",
            "summary": "反映节日期间违规收受礼品",
        },
        {
            "clue_persons": [{"person_id": y.persons["张伟"]}],
            "clue_campaigns": [{"campaign_id": y.campaigns["节日"]}],
        },
    )
    rec.insert(
        store,
        "clue_exposures",
        {"clue_id": y.clue, "date": "2026-02-20", "channel": "微信公众号"},
    )
    y.bulletin_document = int(
        store.db.execute(
            "INSERT INTO documents(kind, number, title, issued_date, created_at, updated_at)"
            " VALUES ('典型案例通报', '区纪案通〔2026〕1号', '典型案例通报', '2026-02-25',"
            " 'x', 'x')"
        ).lastrowid
        or 0
    )
    y.bulletin = rec.insert(
        store,
        "bulletins",
        {
            "kind": "典型案例通报",
            "title": "关于节日期间违反中央八项规定精神典型问题的通报",
            "date": "2026-02-25",
            "document_id": y.bulletin_document,
        },
        {
            "bulletin_items": [
                {"summary": "张伟违规收受礼品问题", "clue_id": y.clue},
                {"summary": "王芳公车私用问题", "person_id": y.persons["王芳"]},
            ],
            "bulletin_campaigns": [{"campaign_id": y.campaigns["节日"]}],
        },
    )
    y.accountabilities["李强"] = rec.insert(
        store,
        "accountabilities",
        {
            "person_id": y.persons["李强"],
            "method": "诫勉",
            "date": "2026-02-15",
            "reason": "落实主体责任不力",
            "decided_by": "区纪委",
            "clue_id": y.clue,
        },
    )
    y.accountabilities["区财政局"] = rec.insert(
        store,
        "accountabilities",
        {
            "unit_id": y.units["区财政局"],
            "method": "通报",
            "date": "2026-03-05",
            "reason": "整改推进迟缓",
        },
    )
    return y
