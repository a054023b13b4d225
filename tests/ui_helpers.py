"""A small, known data set for UI tests, written through desktop.store.records."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.store import Store
from desktop.store import records as rec

TODAY = dt.date(2026, 3, 16)

# conftest's session fixture `demo_at(now, dest)`: a copy of the demo office seeded with
# the clock at `now`; returns the counts demo.seed gave.
DemoAt = Callable[[dt.datetime, Path], dict[str, int]]
# The clock the demo office is seeded at for every test that uses it (conftest's
# `demo_master`, test_demo, test_stats_golden, ...): one seeding per run.
DEMO_NOW = dt.datetime(2026, 11, 23, 9, 0)


def copy_data_dir(source: Path, dest: Path) -> Path:
    """A copy of a closed data folder (store, -wal, anchor, attachments, documents)."""
    shutil.copytree(source, dest)
    return dest


def fixed_clock() -> dt.datetime:
    return dt.datetime(2026, 3, 16, 9, 30, 0)


def open_store(data_dir: Path) -> Store:
    return Store.open(data_dir, operator="李明", clock=fixed_clock)


@dataclass
class Seeded:
    units: dict[str, int] = field(default_factory=dict)
    persons: dict[str, int] = field(default_factory=dict)
    talks: list[int] = field(default_factory=list)
    clues: dict[str, int] = field(default_factory=dict)
    rects: dict[str, int] = field(default_factory=dict)
    documents: list[int] = field(default_factory=list)


def seed(store: Store) -> Seeded:
    """The data set, written in one transaction (one commit and one audit anchor update
    instead of ~25: half the time; used by ~300 tests)."""
    with store.transaction():
        return _seed(store)


def _seed(store: Store) -> Seeded:
    s = Seeded()
    for name, kind in (
        ("城关镇", "乡镇/街道"),
        ("区财政局", "区直部门"),
        ("区水务公司", "国有企业"),
    ):
        s.units[name] = rec.insert(store, "units", {"name": name, "kind": kind, "active": 1})
    people = (
        ("王芳", "女", "城关镇", "副镇长", "乡科级", "中共党员"),
        ("张伟", "男", "区财政局", "科员", "一般干部", "中共党员"),
        ("欧阳明远", "男", "区水务公司", "副经理", "其他人员", "群众"),
        ("芳菲", "女", "区财政局", "副局长", "乡科级", "中共党员"),
        ("李强", "男", "城关镇", "党委书记", "乡科级", "中共党员"),
    )
    for name, gender, unit, post, rank, pol in people:
        s.persons[name] = rec.insert(
            store,
            "persons",
            {
                "name": name,
                "gender": gender,
                "unit_id": s.units[unit],
                "post": post,
                "rank": rank,
                "political_status": pol,
            },
        )
    talks = (
        ("2026-01-05", "谈心谈话", "王芳", "节前廉洁提醒"),
        ("2026-02-10", "提醒谈话", "张伟", "报销不规范问题提醒"),
        ("2026-03-01", "诫勉谈话", "欧阳明远", "工程款拨付审核不严"),
    )
    for date, kind, who, reason in talks:
        s.talks.append(
            rec.insert(
                store,
                "talks",
                {"date": date, "kind": kind, "reason": reason, "place": "镇纪委谈话室"},
                {
                    "talk_talkers": [{"name": "李强", "role": "主要负责人"}],
                    "talk_subjects": [{"person_id": s.persons[who], "unit_name": "", "post": ""}],
                },
            )
        )
    # clues: one overdue, one due in 3 days, one closed, one waiting
    s.clues["overdue"] = rec.insert(
        store,
        "clues",
        {
            "ledger_no": "XS2026-001",
            "received_date": "2026-01-10",
            "source": "信访举报",
            "summary": "反映王芳违规收受礼金",
            "reported_unit_id": s.units["城关镇"],
            "disposition": "谈话函询",
            "disposition_date": "2026-01-12",
            "due_date": "2026-02-10",
        },
        {"clue_persons": [{"person_id": s.persons["王芳"]}]},
    )
    s.clues["soon"] = rec.insert(
        store,
        "clues",
        {
            "ledger_no": "XS2026-002",
            "received_date": "2026-03-01",
            "source": "上级交办",
            "summary": "反映区财政局公车私用",
            "reported_unit_id": s.units["区财政局"],
            "disposition": "初步核实",
            "disposition_date": "2026-03-02",
            "prelim_start": "2026-03-03",
            "due_date": "2026-03-19",
        },
        {"clue_persons": [{"person_id": s.persons["张伟"]}]},
    )
    s.clues["closed"] = rec.insert(
        store,
        "clues",
        {
            "ledger_no": "XS2025-031",
            "received_date": "2025-10-08",
            "source": "监督检查发现",
            "summary": "工程款拨付审核不严",
            "disposition": "初步核实",
            "disposition_date": "2025-10-09",
            "prelim_start": "2025-10-10",
            "case_date": "2025-11-01",
            "closed_date": "2026-01-20",
            "due_date": "2026-01-01",
        },
        {"clue_persons": [{"person_id": s.persons["欧阳明远"], "filed": 1}]},
    )
    s.clues["new"] = rec.insert(
        store,
        "clues",
        {
            "ledger_no": "XS2026-003",
            "received_date": "2026-03-15",
            "source": "其他",
            "summary": "反映村务公开不及时",
        },
    )
    # rectifications: overdue, due soon, far, closed
    base = {
        "found_date": "2026-01-05",
        "unit_id": s.units["城关镇"],
        "responsible": "李强",
        "requirement": "立行立改，建立台账，举一反三",
    }
    s.rects["overdue"] = rec.insert(
        store,
        "rectifications",
        {**base, "finding": "食堂账目不清", "deadline": "2026-03-01", "status": "整改中"},
    )
    s.rects["soon"] = rec.insert(
        store,
        "rectifications",
        {**base, "finding": "公务接待超标", "deadline": "2026-03-20", "status": "待整改"},
    )
    s.rects["far"] = rec.insert(
        store,
        "rectifications",
        {
            **base,
            "unit_id": s.units["区财政局"],
            "finding": "资产台账未更新",
            "deadline": "2026-06-30",
            "status": "整改中",
        },
    )
    s.rects["done"] = rec.insert(
        store,
        "rectifications",
        {**base, "finding": "会议室私用", "deadline": "2026-02-01", "status": "已整改待验收"},
        {
            "rect_checks": [
                {
                    "date": "2026-02-05",
                    "method": "实地查看",
                    "result": "已整改到位",
                    "passed": 1,
                    "evidence": "现场照片",
                }
            ]
        },
    )
    rec.update(
        store,
        "rectifications",
        s.rects["done"],
        {
            "status": "已销号",
            "closed_date": "2026-02-06",
            "closed_by": "李强",
            "closure_evidence": "回头看通过",
        },
    )
    for i, (kind, title) in enumerate(
        (("整改通知书", "关于食堂账目问题的整改通知"), ("提醒函", "关于节日廉洁的提醒函")),
        start=1,
    ):
        s.documents.append(
            rec.insert(
                store,
                "documents",
                {
                    "kind": kind,
                    "number": f"城纪改〔2026〕{i}号",
                    "title": title,
                    "issued_date": f"2026-02-0{i}",
                    "addressee": "城关镇党委",
                    "operator": "李明",
                    "year": 2026,
                    "serial": i,
                },
            )
        )
    return s
