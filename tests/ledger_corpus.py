"""A corpus of messy ledgers (台账) as offices really keep them, generated, not hand-made.

Each Variant writes one workbook: merged title rows, a 填报单位 line, blank rows, header
spellings of many offices, dates typed every way, unit and post in one cell, talkers
with their posts, compound outcomes, footers (填表人/审核/说明) and 合计 lines; and says
the exact statistics (desktop.domain.stats) the store must give after importing it with
the default choices. Run it to write the corpus into a folder and look at it:

    python tests/ledger_corpus.py OUT_DIR
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰海峰"
UNITS = ("市住建局", "市财政局", "市农业农村局", "市教育局", "东关镇", "西河乡", "市卫健委")
POSTS = ("副局长", "科长", "科员", "主任", "副主任", "党委委员", "站长", "会计")


def names(count: int, seed: int) -> list[str]:
    """`count` distinct Chinese names, the same ones for the same seed."""
    rng = random.Random(seed)
    found: list[str] = []
    while len(found) < count:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        if name not in found:
            found.append(name)
    return found


def written(day: dt.date, i: int) -> Any:
    """The date as the i-th office types it: every form old ledgers hold."""
    forms: list[Callable[[dt.date], Any]] = [
        lambda d: d.isoformat(),
        lambda d: f"{d.year}.{d.month}.{d.day}",
        lambda d: f"{d.year}年{d.month}月{d.day}日",
        lambda d: f"{d.year}/{d.month}/{d.day}",
        lambda d: d.isoformat().translate(str.maketrans("0123456789-", "０１２３４５６７８９－")),
        lambda d: dt.datetime(d.year, d.month, d.day),
        lambda d: (d - dt.date(1899, 12, 30)).days,  # an Excel serial number
        lambda d: f"{d.year}{d.month:02d}{d.day:02d}",
    ]
    return forms[i % len(forms)](day)


def spread(start: dt.date, end: dt.date, count: int, seed: int) -> list[dt.date]:
    rng = random.Random(seed)
    days = (end - start).days
    return sorted(start + dt.timedelta(days=rng.randint(0, days)) for _ in range(count))


@dataclass
class Variant:
    name: str
    kind: str  # 问题线索, 谈话, 整改
    title: str
    header: list[str]
    rows: list[list[Any]]
    period: tuple[dt.date, dt.date]
    expected: dict[str, int]  # stats figure key -> value
    footers: list[list[Any]] = field(default_factory=list)
    skipped: int = 0  # non-data lines the import must report as skipped
    duplicates: int = 0  # rows it must flag as suspected duplicates (and still import)
    expected_notes: tuple[str, ...] = ()  # words the plan's notes must hold
    blank_every: int = 0  # a blank row after every n data rows
    two_title_rows: bool = False

    def write(self, folder: Path) -> Path:
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "台账"
        ws.append([self.title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(self.header))
        if self.two_title_rows:
            ws.append([f"（{self.period[0].year}年度）"])
            ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(self.header))
        ws.append(["填报单位：市纪委监委派驻第三纪检监察组", None, None, "单位：件、人"])
        ws.append([])
        ws.append(self.header)
        for n, row in enumerate(self.rows, start=1):
            ws.append([n, *row])
            if self.blank_every and n % self.blank_every == 0:
                ws.append([])
        for line in self.footers:
            ws.append(line)
        path = folder / f"{self.name}.xlsx"
        wb.save(path)
        return path


FOOTER = [["填表人：刘洋", None, None, "审核人：王建国", None, "填报日期：2023年5月6日"]]
NOTE = [["说明：本表按来件时间顺序登记，处理结果以处分决定为准。"]]


# -- 问题线索 -----------------------------------------------------------------------------

CLUE_HEADER = [
    "序号",
    "来件时间",
    "线索来源",
    "被反映人",
    "单位及职务",
    "反映的主要问题",
    "处置方式",
    "立案时间",
    "结案时间",
    "处理结果",
]
PROBLEMS = ("违规收受礼品礼金", "违规吃喝", "违规发放津补贴", "不担当不作为", "公车私用")


def _seed_001() -> Variant:
    """Seed 001's office, 2023年1-4月: 处置 112 件, 立案 72 件, 结案 54 件 (结案率 75%),
    党纪政务处分 53 人, 四种形态 86 人次 of which 第一种形态 33 (38.4%)."""
    start, end = dt.date(2023, 1, 1), dt.date(2023, 4, 30)
    days = spread(start, dt.date(2023, 3, 31), 112, 1)
    people = names(112, 1)
    heavy = [
        "党纪警告",
        "政务记大过",
        "党纪严重警告、政务记过",
        "给予党纪警告处分",
        "开除党籍、开除公职",
        "政务撤职",
        "开除党籍、开除公职，移送检察机关",
        "留党察看一年",
    ]
    light = ["批评教育", "诫勉", "谈话提醒", "责令检查", "通报批评"]
    rows = []
    for i, (day, name) in enumerate(zip(days, people, strict=True)):
        unit, post = UNITS[i % len(UNITS)], POSTS[i % len(POSTS)]
        filed = i < 72
        closed = i < 54
        outcome = ""
        if i < 53:
            outcome = heavy[i % len(heavy)]
        elif i == 53 or 72 <= i < 104:
            outcome = light[i % len(light)]
        disposition = "初步核实" if filed else ("谈话函询", "予以了结", "暂存待查")[i % 3]
        if 72 <= i < 104:
            disposition = "谈话函询"
        case_day = day + dt.timedelta(days=10) if filed else None
        closed_day = case_day + dt.timedelta(days=20) if closed and case_day else None
        rows.append(
            [
                written(day, i),
                "信访举报",
                name,
                f"{unit}{post}",
                f"反映其{PROBLEMS[i % len(PROBLEMS)]}问题",
                disposition,
                written(case_day, i + 1) if case_day else None,
                written(closed_day, i + 2) if closed_day else None,
                outcome,
            ]
        )
    return Variant(
        "clue_seed001",
        "问题线索",
        "2023年1-4月问题线索处置台账",
        CLUE_HEADER,
        rows,
        (start, end),
        {
            "clues_disposed": 112,
            "cases": 72,
            "closed": 54,
            "sanctioned": 53,
            "four_forms": 86,
            "form1": 33,
            "form4": 6,
        },
        footers=[["合计", "共112件"], *FOOTER, *NOTE],
        skipped=3,
        blank_every=9,
        two_title_rows=True,
        expected_notes=("合计为 112 条，与本次可导入的行数一致",),
    )


def _compound() -> Variant:
    """Compound outcomes in one cell: every one stored, the heaviest sets the form."""
    rows = [
        [
            "2024-03-05",
            "信访举报",
            "孙立新",
            "市住建局副局长",
            "反映其收受工程老板财物",
            "初步核实",
            "2024-03-20",
            "2024-06-18",
            "开除党籍、开除公职，移送检察机关",
        ],
        [
            "2024年3月8日",
            "上级交办",
            "钱大伟",
            "市财政局科长",
            "反映其违规发放津补贴",
            "初步核实",
            "2024.3.25",
            "2024.6.30",
            "党纪严重警告并政务记大过",
        ],
        [
            "2024/3/9",
            "信访举报",
            "李平",
            "东关镇党委委员",
            "反映其违规吃喝",
            "谈话函询",
            None,
            None,
            "诫勉",
        ],
    ]
    return Variant(
        "clue_compound",
        "问题线索",
        "问题线索处置台账",
        CLUE_HEADER,
        rows,
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        {
            "sanctioned": 2,
            "party_sanctioned": 2,
            "gov_sanctioned": 2,
            "four_forms": 3,
            "form1": 1,
            "form2": 1,
            "form3": 0,
            "form4": 1,
            "admonished": 1,
            "cases": 2,
            "closed": 2,
        },
        footers=FOOTER,
        skipped=1,
    )


def _other_headers() -> Variant:
    """Other offices' headers: 收件日期, 被举报人, 工作单位及职务, 处分情况; serial and
    full-width dates."""
    header = [
        "序号",
        "收件日期",
        "来源",
        "被举报人",
        "工作单位及职务",
        "反映问题",
        "处置类型",
        "立案时间",
        "办结时间",
        "处分情况",
    ]
    days = spread(dt.date(2022, 2, 1), dt.date(2022, 11, 30), 20, 3)
    people = names(20, 3)
    outcomes = ["给予政务警告处分", "批评教育", "", "降级", "予以诫勉"]
    rows = []
    for i, (day, name) in enumerate(zip(days, people, strict=True)):
        filed = i % 2 == 0
        rows.append(
            [
                written(day, i),
                "信访举报",
                name,
                f"{UNITS[i % 3]}{POSTS[i % 4]}",
                f"反映其{PROBLEMS[i % 2]}",
                "初步核实" if filed else "谈话函询",
                written(day + dt.timedelta(days=7), i + 3) if filed else None,
                written(day + dt.timedelta(days=30), i + 5) if filed else None,
                outcomes[i % len(outcomes)],
            ]
        )
    # i % 5: 0 政务警告 (filed when even), 1 批评教育, 2 none, 3 降级, 4 诫勉
    return Variant(
        "clue_other_headers",
        "问题线索",
        "2022年度信访举报问题线索登记表",
        header,
        rows,
        (dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
        {
            "clues_received": 20,
            "cases": 10,
            "closed": 10,
            "sanctioned": 8,
            "gov_sanctioned": 8,
            "four_forms": 16,
            "form1": 8,
            "form2": 8,
            "admonished": 4,
        },
        footers=NOTE,
        skipped=1,
        blank_every=4,
    )


def _forms_columns() -> Variant:
    """The §5 layout: 第一种形态 … 第四种形态 columns naming the person and outcome,
    处分人数, and a 合计 line whose figures the import checks."""
    header = [
        "序号",
        "来件时间",
        "线索来源",
        "被反映人（单位）",
        "职务",
        "反映的主要问题",
        "处置方式",
        "立案时间",
        "结案时间",
        "处分人数",
        "第一种形态",
        "第二种形态",
        "第三种形态",
        "第四种形态",
    ]
    rows = [
        [
            "2023-05-06",
            "信访举报",
            "周明（市教育局）",
            "科长",
            "反映其违规收受礼金",
            "初步核实",
            "2023-05-20",
            "2023-07-01",
            1,
            None,
            "周明：党纪警告（2023-07-01）",
            None,
            None,
        ],
        [
            "2023-05-06",
            "信访举报",
            "吴涛（市教育局）",
            "科员",
            "反映其违规收受礼金",
            "谈话函询",
            None,
            None,
            None,
            "吴涛：批评教育",
            None,
            None,
            None,
        ],
        [
            "2023-06-01",
            "巡视巡察移交",
            "郑强（西河乡）、冯军（西河乡）",
            "乡长；副乡长",
            "反映其违规发放津补贴",
            "初步核实",
            "2023-06-10",
            "2023-08-01",
            2,
            None,
            "冯军：政务记过",
            "郑强：撤职、开除党籍",
            None,
        ],
    ]
    return Variant(
        "clue_forms_columns",
        "问题线索",
        "问题线索处置台账",
        header,
        rows,
        (dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        {"four_forms": 4, "form1": 1, "form2": 2, "form3": 1, "sanctioned": 3, "cases": 2},
        footers=[["合计", None, None, None, None, None, None, None, None, 3, 1, 2, 1, 0]],
        skipped=1,
        expected_notes=("合计“第二种形态”为 2，与导入计得一致", "合计“处分人数”为 3"),
    )


def _same_day() -> Variant:
    """Clues received the same day about the same kind of problem but about different
    persons are different clues; only a repeat about the same person, or one the
    ledger marks 重件, is a suspected duplicate, and even those are imported."""
    header = [*CLUE_HEADER, "重件情况"]
    people = names(10, 7)
    rows: list[list[Any]] = []
    for i, name in enumerate(people):
        rows.append(
            [
                "2024-04-01",
                "信访举报",
                name,
                "市农业农村局科员",
                "反映其违规领取惠农补贴",
                "谈话函询",
                None,
                None,
                "批评教育" if i < 4 else None,
                None,
            ]
        )
    rows.append(
        [
            "2024-04-01",
            "信访举报",
            people[0],
            "市农业农村局科员",
            "反映其违规领取惠农补贴",
            "谈话函询",
            None,
            None,
            None,
            None,
        ]
    )  # the same person, problem and day: a suspected duplicate
    rows.append(
        [
            "2024-04-02",
            "信访举报",
            people[1],
            "市农业农村局科员",
            "反映其违规领取惠农补贴，再次来信",
            "暂存待查",
            None,
            None,
            None,
            "重件",
        ]
    )
    return Variant(
        "clue_same_day",
        "问题线索",
        "问题线索处置台账",
        header,
        rows,
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        {"clues_received": 12, "clues_disposed": 12, "four_forms": 4, "form1": 4},
        duplicates=2,
    )


def _several_persons() -> Variant:
    """Two reported persons in one row, each with their own outcomes in one cell."""
    header = ["序号", "来件时间", "线索来源", "被反映人", "单位职务", "反映问题", "处置方式"]
    header += ["立案时间", "结案时间", "处理结果", "收缴违纪款（元）"]
    rows = [
        [
            "2025年2月3日",
            "上级交办",
            "马超、罗敏",
            "市卫健委副主任；市卫健委科长",
            "反映二人违规收受药品回扣",
            "初步核实",
            "2025年2月20日",
            "2025年5月6日",
            "马超：开除党籍、开除公职；罗敏：党纪严重警告",
            "12,500.50",
        ]
    ]
    return Variant(
        "clue_several_persons",
        "问题线索",
        "问题线索处置台账",
        header,
        rows,
        (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        {"sanctioned": 2, "four_forms": 2, "form2": 1, "form3": 1, "case_persons": 2},
        footers=FOOTER,
        skipped=1,
    )


# -- 谈话 ---------------------------------------------------------------------------------

TALK_HEADER = ["序号", "谈话时间", "地点", "谈话类型", "谈话人", "记录人", "谈话对象"]
TALK_HEADER += ["单位及职务", "谈话事由"]


def _seed_003() -> Variant:
    """Seed 003's office, 2020-2023: 谈话提醒 12 次, 主要负责人作为谈话人 8 次 (all eight
    within the 谈话提醒), 谈心谈话 6 次; talkers written with their posts."""
    heads = ["局党组书记、局长 王建国", "局长王建国", "王建国 局长", "一把手王建国"]
    members = ["分管副局长李强", "党组成员、副局长 赵敏"]
    reminder_kinds = ["提醒谈话", "廉政提醒谈话", "谈话提醒"]
    days = spread(dt.date(2020, 3, 1), dt.date(2023, 11, 30), 21, 4)
    subjects = names(21, 4)
    rows = []
    for i, (day, who) in enumerate(zip(days, subjects, strict=True)):
        if i < 8:
            kind, talker = reminder_kinds[i % 3], heads[i % 4]
        elif i < 12:
            kind, talker = reminder_kinds[i % 3], members[i % 2]
        elif i < 18:
            kind, talker = "谈心", members[i % 2]
        elif i < 20:
            kind, talker = "任前谈话", "纪检组长张敏"
        else:
            kind, talker = "诫勉", "驻局纪检组组长张敏"
        rows.append(
            [
                written(day, i),
                "局党组会议室",
                kind,
                talker,
                "刘洋",
                who,
                f"{UNITS[0]}{POSTS[i % len(POSTS)]}",
                "日常监督中发现苗头性问题" if i < 12 else "了解思想工作情况",
            ]
        )
    return Variant(
        "talk_seed003",
        "谈话",
        "2020-2023年谈话台账",
        TALK_HEADER,
        rows,
        (dt.date(2020, 1, 1), dt.date(2023, 12, 31)),
        {"talks": 21, "reminder_talks": 12, "head_talks": 8, "heart_talks": 6},
        footers=[*FOOTER, *NOTE],
        skipped=2,
        blank_every=5,
        two_title_rows=True,
    )


def _talkers() -> Variant:
    """Several talkers in one cell, a 谈话领导 header, and the kinds offices write."""
    header = ["序号", "谈话日期", "谈话方式", "谈话领导", "被谈话人", "工作单位及职务", "事由"]
    rows = [
        [
            "2024.5.6",
            "廉政提醒谈话",
            "局党组书记、局长 王建国、分管副局长李强",
            "陈静",
            "市财政局预算科科长",
            "预算执行中发现问题",
        ],
        ["2024.5.7", "谈心", "副局长赵敏", "陈静", "市财政局预算科科长", "思想状况"],
        ["2024.6.1", "任前廉政谈话", "纪委书记孙红", "黄海", "东关镇副镇长", "任前"],
        ["2024.6.2", "提醒谈话", "镇长何峰", "黄海", "东关镇副镇长", "履职不力"],
    ]
    return Variant(
        "talk_talkers",
        "谈话",
        "谈话登记表",
        header,
        rows,
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        {"talks": 4, "reminder_talks": 2, "head_talks": 2, "heart_talks": 1},
        footers=FOOTER,
        skipped=1,
    )


def _talk_dates() -> Variant:
    """Every written date form in one talk ledger."""
    days = spread(dt.date(2021, 1, 1), dt.date(2021, 12, 31), 16, 5)
    subjects = names(16, 5)
    rows = [
        [
            written(day, i),
            "办公室",
            "谈心谈话" if i % 2 else "提醒谈话",
            "纪检组长张敏",
            "刘洋",
            who,
            f"{UNITS[i % len(UNITS)]} {POSTS[i % len(POSTS)]}",
            "日常谈心",
        ]
        for i, (day, who) in enumerate(zip(days, subjects, strict=True))
    ]
    return Variant(
        "talk_dates",
        "谈话",
        "2021年谈话台账",
        TALK_HEADER,
        rows,
        (dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
        {"talks": 16, "reminder_talks": 8, "heart_talks": 8, "head_talks": 0},
        blank_every=3,
    )


# -- 整改 ---------------------------------------------------------------------------------

RECT_HEADER = ["序号", "问题描述", "整改要求", "整改措施", "责任单位", "责任人", "整改时限"]
RECT_HEADER += ["是否完成", "是否销号", "检查时间"]


def _rect_basic() -> Variant:
    findings = ["公务接待超标准", "车辆使用登记不全", "会议费列支不规范", "惠民资金发放滞后"]
    rows = []
    for i in range(12):
        found = dt.date(2024, 3, 1) + dt.timedelta(days=7 * i)
        rows.append(
            [
                f"{findings[i % 4]}（第{i + 1}项）",
                "限期整改",
                "建立台账逐项整改",
                UNITS[i % 4],
                names(12, 9)[i],
                written(found + dt.timedelta(days=30), i),
                "是" if i < 7 else "否",
                "否",
                written(found, i + 1),
            ]
        )
    return Variant(
        "rect_basic",
        "整改",
        "2024年整改问题台账",
        RECT_HEADER,
        rows,
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        {"problems_found": 12, "rectified": 7, "closed_items": 0},
        footers=[["合计", "共12项"], *FOOTER],
        skipped=2,
        blank_every=4,
        two_title_rows=True,
    )


def _rect_other_headers() -> Variant:
    header = ["序号", "存在问题", "责任部门", "整改责任人", "完成时限", "整改情况", "交办时间"]
    header += ["完成情况"]
    rows = [
        [
            "食堂采购无比价记录",
            "东关镇",
            "高峰",
            "2023年6月30日",
            "2023-05-10：已建立比价制度",
            "2023年5月4日",
            "已完成",
        ],
        ["村务公开不及时", "西河乡", "林芳", "2023.7.31", None, "2023.5.6", "未完成"],
        ["固定资产账实不符", "市教育局", "梁勇", "2023/8/31", None, "2023/5/8", None],
    ]
    return Variant(
        "rect_other_headers",
        "整改",
        "巡察反馈问题整改清单",
        header,
        rows,
        (dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        {"problems_found": 3, "rectified": 1},
        footers=[["合计", "共3个问题"], *NOTE],
        skipped=2,
    )


def _rect_same_finding() -> Variant:
    """The same finding at two units, and at one unit on two dates: four items."""
    rows = [
        ["未按规定公示补贴名单", "公示", "补公示", unit, "责任人", day, "否", "否", found]
        for unit in ("东关镇", "西河乡")
        for found, day in (("2025-01-06", "2025-02-06"), ("2025-03-03", "2025-04-03"))
    ]
    return Variant(
        "rect_same_finding",
        "整改",
        "整改问题台账",
        RECT_HEADER,
        rows,
        (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        {"problems_found": 4, "rectified": 0},
    )


def variants() -> list[Variant]:
    return [
        _seed_001(),
        _compound(),
        _other_headers(),
        _forms_columns(),
        _same_day(),
        _several_persons(),
        _seed_003(),
        _talkers(),
        _talk_dates(),
        _rect_basic(),
        _rect_other_headers(),
        _rect_same_finding(),
    ]


def write_all(folder: Path, chosen: Sequence[Variant] | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [v.write(folder) for v in chosen or variants()]


if __name__ == "__main__":
    for written_path in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")):
        print(written_path)
