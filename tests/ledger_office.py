"""Workbooks of 监督检查台账 and 工作活动台账 as offices write them (tests and screenshots)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ledger_corpus import written
from openpyxl import Workbook

CAMPAIGN = "元旦、春节期间专项检查"  # a name holding 、, as offices name them


def office_inspections(path: Path) -> Path:
    """A 监督检查台账 as an office keeps it: a merged title, one row per finding, 检查时间
    and 检查单位 merged over the rows of one inspection, dates typed every way, a span,
    a 合计 line and a 填表人 line."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["清河县纪委监委2026年节日期间监督检查台账"])
    ws.merge_cells("A1:I1")
    ws.append(["序号", "检查时间", "检查单位", "检查内容", "发现问题", "整改要求", "整改时限",
               "整改情况", "是否销号"])  # fmt: skip
    progress = "2026-01-20：已约谈驾驶员"
    ws.append([1, written(dt.date(2026, 1, 10), 2), "县财政局", "公车使用", "公车私用1次",
               "立即整改", written(dt.date(2026, 2, 10), 1), progress, "否"])  # fmt: skip
    ws.append([None, None, None, None, "公务加油卡未登记", "建立台账", "2026/2/20", None, "否"])
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    ws.merge_cells("C3:C4")
    ws.merge_cells("D3:D4")
    ws.append([2, "2026年2月3日至5日", "东关镇", "食堂管理", None, None, None, None, None])
    ws.append([3, written(dt.date(2026, 3, 2), 6), "县林业局、县水利局", "津补贴发放",
               "超标准发放补贴", "清退", None, None, "否"])  # fmt: skip
    ws.append([4, written(dt.date(2026, 3, 9), 7), "县林业局", "公车使用", "私车公养", None,
               None, None, "否"])  # fmt: skip
    ws.append(["合计", None, None, None, "共4个问题"])
    ws.append(["填表人：李四"])
    wb.save(path)
    return path


def office_activities(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["2026年度工作活动台账"])
    ws.append(["填报单位：县纪委监委"])
    ws.append(["序号", "时间", "活动类型", "活动名称", "地点", "参加单位", "参加人员", "场次",
               "人次", "所属专项", "备注"])  # fmt: skip
    ws.append([1, "2026.3.1", "警示教育", "观看警示教育片", "县委党校", "县财政局、东关镇",
               "全体干部职工", 2, "120人次", None, None])  # fmt: skip
    ws.append([2, written(dt.date(2026, 4, 1), 4), "培训/答题", "党纪法规网上答题", None, None,
               None, None, "6000余人次", None, None])  # fmt: skip
    ws.append([3, "2026年5月6日", "述责述廉", "年度述责述廉", None, None, "王建国、李红", 1, 2,
               CAMPAIGN, None])  # fmt: skip
    ws.append([4, "2026年5月8日", "述责述廉", "二季度述责述廉", None, None, "赵六", 1, 1,
               "八项规定专项", None])  # fmt: skip
    ws.append(["合计", None, None, None, None, None, None, 4, 6123])
    wb.save(path)
    return path


def refusing_talks(folder: Path) -> Path:
    """A 谈话台账 whose rows make persons and units on the way, with rows the check
    refuses while writing them (every sixth 地点 too long: the row's new person rolls
    back with it): for the import's replay and batched checks."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["谈话台账"])
    ws.append(["序号", "谈话时间", "地点", "谈话类型", "谈话人", "谈话对象", "单位职务", "事由"])
    for n in range(1, 21):
        place = "会议室" * 40 if n % 6 == 0 else "会议室"
        ws.append(
            [n, f"2024-03-{n:02d}", place, "提醒谈话", "王建国（主要负责人）", f"对象{n % 7}号",
             f"单位{n % 4} 科员", f"了解情况{n}"]
        )  # fmt: skip
    path = folder / "refusing-talks.xlsx"
    wb.save(path)
    return path
