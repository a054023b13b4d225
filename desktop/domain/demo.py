"""Demo office (演示数据): a realistic, deterministic 县纪委监委 ledger.

``seed(store)`` fills an empty store with about four years (``today.year - 3`` up to
``today``) of the work of 清河县纪委监委: ~25 units, ~300 persons with post
histories, talks of every kind, problem clues at every stage with their reported
persons and outcomes (all four forms), written inquiries, inspections with the
rectification items they found (progress reports, 回头看, 销号, 督办), issued and
numbered documents, and a few attachments (signed record scans).

Everything comes from ``random.Random`` seeded with a constant, and every date is
placed relative to ``today``: the same ``today`` gives the same rows, byte for byte.

How it is built: one *copy* is a complete office (persons, talks, clues, ...). The
generator functions below plan a copy as records holding ``_Ref`` placeholders; ids
are given out once a copy is planned (each table in date order, so ids and ledger
numbers follow the calendar), then the copy is written:

* copy 0 goes through the public store API (``records.insert``, ``numbering.issue``,
  ``attachments.add``), so every row is validated, rule-checked and audited;
* with ``scale=N`` the copies 1..N-1 (more persons, talks, clues, inspections, ...;
  a new group of ~25 units every ten copies) come from the same generator functions
  and are written with plain ``executemany`` in chunks, values canonical by
  construction, and one audit entry (action "import") per table summarises them.

The whole seed is one transaction: it happens completely or not at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import io
import json
import random
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from desktop.domain.workdays import WorkCalendar
from desktop.store import attachments, audit, dictionaries, encryption, numbering, records
from desktop.store.errors import UserError
from desktop.store.kinds import KINDS

if TYPE_CHECKING:
    from desktop.store.db import Store

__all__ = ["OFFICE_SETTINGS", "SEED", "seed"]

SEED = "qingfeng-demo-v1"
UNITS_GROUP_COPIES = 10  # a new group of units every this many copies
PERSONS_PER_COPY = 300
FAST_CHUNK_ROWS = 50_000

OFFICE_SETTINGS: dict[str, str] = {
    "office_name": "清河县纪委监委",
    "office_short": "清纪",
    "contact_person": "黄婷",
    "contact_phone": "0319-8123018",
    "contact_department": "党风政风监督室",
    "office_address": "清河县人民路88号县纪委监委",
    "cc.整改通知书": "县委办公室、县政府办公室",
    "cc.纪律检查建议书": "县委办公室",
}

# Tables in the order they are written: every reference points at an earlier table
# (documents only carry linked_table/linked_id, which is not a reference).
WRITE_ORDER = (
    "units",
    "persons",
    "clues",
    "talks",
    "inquiries",
    "inspections",
    "documents",
    "rectifications",
    "proposals",
    "attachments",
)

T = TypeVar("T")
Progress = Callable[[int, int], None]


# -- the placeholder PDF ----------------------------------------------------------------


@functools.cache
def _cid_font() -> str:
    """reportlab's built-in Song face (not embedded): enough for a placeholder page."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    name = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(name))
    return name


def _pdf_page(title: str, lines: Sequence[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = _cid_font()
    buffer = io.BytesIO()
    # invariant: no creation date or random file id, so the same input gives the same bytes
    page = canvas.Canvas(buffer, pagesize=A4, invariant=True, pageCompression=0)
    width, height = A4
    y = height - 150
    page.setFont(font, 16)
    for text in (title, *lines):
        for start in range(0, len(text), 30):
            page.drawCentredString(width / 2, y, text[start : start + 30])
            y -= 26
        page.setFont(font, 12)
    page.setFont(font, 10)
    page.drawCentredString(width / 2, 80, "演示数据占位文件（非正式文书）")
    page.showPage()
    page.save()
    return buffer.getvalue()


# The text of the demo office's festival reminders (提醒函（通用）): what its clerk wrote.
HOLIDAY_LETTER = (
    "{name}将至，为持续巩固拓展落实中央八项规定精神成果，确保节日期间风清气正，现提醒如下：\n"
    "一、严禁违规吃喝，严禁公款吃喝和违规接受宴请。\n"
    "二、严禁违规收送名贵特产、礼品礼金和消费卡。\n"
    "三、严禁公车私用和违规操办婚丧喜庆事宜。\n"
    "各单位要落实主体责任，加强教育提醒和监督检查，发现问题及时报告我委。"
)

# Fields by which records point at the register: the documents are issued after these
# records are written (their PDFs are made from them), then the references are set, as
# issuing does in the application.
_DOCUMENT_REFS: dict[str, tuple[str, ...]] = {
    "rectifications": ("notice_document_id", "escalation_document_id"),
    "proposals": ("document_id",),
}


# -- plan records -----------------------------------------------------------------------


class _Ref:
    """The id a planned row will get; filled in when the copy is finalised."""

    __slots__ = ("id",)

    def __init__(self) -> None:
        self.id = 0


@dataclass(eq=False)
class _Rec:
    table: str
    ref: _Ref
    values: dict[str, Any]
    children: dict[str, list[dict[str, Any]]]
    key: tuple[Any, ...]


Plan = dict[str, list[_Rec]]


@dataclass(eq=False)
class _Unit:
    ref: _Ref
    name: str
    kind: str
    template: str
    weight: float
    parent: _Unit | None = None


@dataclass(eq=False)
class _Post:
    unit: _Unit | None
    unit_name: str
    post: str
    rank: str
    role: str  # head (主要负责人), leader (班子成员), staff
    start: dt.date
    end: dt.date | None = None
    row: dict[str, Any] | None = None  # its person_posts row in the plan


@dataclass(eq=False)
class _Person:
    ref: _Ref
    name: str
    gender: str
    birth: dt.date
    party: str
    staff_kind: str
    posts: list[_Post]
    rec: _Rec | None = None
    left: dt.date | None = None

    def at(self, day: dt.date) -> _Post | None:
        """The post held on `day` (None before the first post or after leaving)."""
        if self.left is not None and day > self.left:
            return None
        for post in reversed(self.posts):
            if post.start <= day and (post.end is None or day <= post.end):
                return post
        return None


@dataclass(eq=False)
class _Clue:
    rec: _Rec
    received: dt.date
    persons: list[tuple[_Person, _Post]]
    template: _Template
    unit: _Unit | None


# -- names ------------------------------------------------------------------------------

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤"
)
_SURNAME_WEIGHTS = tuple(1.0 / (i + 6) for i in range(len(_SURNAMES)))
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛")
_MALE_1 = "建志国海文晓永德立世俊家子明新卫振宏长春庆博浩宇嘉学红保金"
_MALE_2 = "华强明军平伟东林峰波刚杰斌辉勇涛鹏飞超磊鑫宇凯亮成龙生忠民"
_FEMALE_1 = "秀丽晓美玉桂海春雪慧静婷红艳淑雅欣佳丹梦文小月凤"
_FEMALE_2 = "英兰芳娟霞梅燕萍玲丽敏静琴红华洁婷琳颖雪莉云"
_MALE_SINGLE = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌浩凯健俊峰毅"
_FEMALE_SINGLE = "芳敏静丽艳娟霞燕玲婷红梅琳洁颖雪莉萍"


def _name(rng: random.Random, gender: str) -> str:
    if rng.random() < 0.006:
        surname = rng.choice(_COMPOUND_SURNAMES)
    else:
        surname = rng.choices(_SURNAMES, _SURNAME_WEIGHTS)[0]
    male = gender == "男"
    if rng.random() < 0.18:  # single given name: 王芳, 李强
        return surname + rng.choice(_MALE_SINGLE if male else _FEMALE_SINGLE)
    first = rng.choice(_MALE_1 if male else _FEMALE_1)
    second = rng.choice(_MALE_2 if male else _FEMALE_2)
    if second == first:
        second = rng.choice(_MALE_2 if male else _FEMALE_2)
    return surname + first + second


def _mobile(rng: random.Random) -> str:
    prefix = rng.choice(("133", "135", "137", "138", "139", "150", "152", "158", "177", "187"))
    return prefix + f"{rng.randrange(100_000_000):08d}"


# The office's own people (not in the persons register: the office does not supervise itself).
SECRETARY = "周振华"  # 县委常委、县纪委书记、县监委主任
DEPUTIES = ("刘建国", "孙丽")  # 县纪委副书记、县监委副主任
STANDING = "陈志远"  # 县纪委常委
ROOMS = (
    ("第一纪检监察室", "杨帆"),
    ("第二纪检监察室", "吴海燕"),
    ("党风政风监督室", "郑伟"),
    ("案件审理室", "马静"),
)
CADRES = ("黄婷", "李想", "赵宇航", "何晓东", "林芳", "王磊")
TALK_ROOM = "县纪委监委谈话室"


# -- units ------------------------------------------------------------------------------

# name, kind, parent, template, weight (share of the ~300 persons)
_UNITS_0: tuple[tuple[str, str, str | None, str, float], ...] = (
    ("城关镇", "乡镇/街道", None, "town", 22),
    ("河西镇", "乡镇/街道", None, "town", 20),
    ("柳林乡", "乡镇/街道", None, "township", 16),
    ("王庄乡", "乡镇/街道", None, "township", 15),
    ("东关街道", "乡镇/街道", None, "street", 16),
    ("城关镇南关村", "村/社区", "城关镇", "village", 4),
    ("城关镇东街村", "村/社区", "城关镇", "village", 4),
    ("河西镇李家庄村", "村/社区", "河西镇", "village", 4),
    ("柳林乡柳林村", "村/社区", "柳林乡", "village", 4),
    ("王庄乡前屯村", "村/社区", "王庄乡", "village", 4),
    ("东关街道建设路社区", "村/社区", "东关街道", "community", 5),
    ("县财政局", "区直部门", None, "dept", 15),
    ("县自然资源和规划局", "区直部门", None, "dept", 14),
    ("县住房和城乡建设局", "区直部门", None, "dept", 14),
    ("县农业农村局", "区直部门", None, "dept", 14),
    ("县教育局", "区直部门", None, "dept", 13),
    ("县卫生健康局", "区直部门", None, "dept", 12),
    ("县人力资源和社会保障局", "区直部门", None, "dept", 12),
    ("县公安局", "区直部门", None, "police", 18),
    ("县人民医院", "事业单位", "县卫生健康局", "hospital", 12),
    ("县第一中学", "事业单位", "县教育局", "school", 9),
    ("县不动产登记中心", "事业单位", "县自然资源和规划局", "centre", 7),
    ("县城市建设投资有限公司", "国有企业", None, "soe", 8),
    ("县供水有限责任公司", "国有企业", "县住房和城乡建设局", "water", 6),
    ("县粮食储备有限公司", "国有企业", None, "soe", 6),
)
_EXTRA_DEPTS = (
    "县发展和改革局",
    "县民政局",
    "县司法局",
    "县审计局",
    "县水利局",
    "县交通运输局",
    "县市场监督管理局",
    "县应急管理局",
    "县医疗保障局",
    "县文化广电和旅游局",
    "县商务局",
    "县退役军人事务局",
    "县林业局",
    "县行政审批局",
    "县统计局",
    "县信访局",
    "县生态环境分局",
    "县供销合作社联合社",
)
_TOWN_1 = "青石马龙白杨高新黄古双金三长安平太永兴仁南北东西大小桃花梨枣柏"
_TOWN_2 = "山桥集店营庄坡台湾寨沟铺河岭塘园口屯堡"
_VILLAGE_SURNAMES = "张李王刘赵孙马高郭杨"

# post, rank, role, staff kind (None: the unit's default)
PostSpec = tuple[str, str, str, str | None]
_GOV = "公务员"
_TOWN_POSTS: tuple[PostSpec, ...] = (
    ("党委书记", "乡科级", "head", None),
    ("党委副书记、镇长", "乡科级", "leader", None),
    ("党委副书记", "乡科级", "leader", None),
    ("人大主席", "乡科级", "leader", None),
    ("党委委员、纪委书记", "乡科级", "leader", None),
    ("党委委员、副镇长", "乡科级", "leader", None),
    ("党委委员、组织委员", "乡科级", "leader", None),
    ("党委委员、武装部长", "乡科级", "leader", None),
    ("副镇长", "乡科级", "leader", None),
    ("党政办主任", "一般干部", "staff", None),
    ("财政所所长", "一般干部", "staff", "事业单位"),
    ("经济发展办主任", "一般干部", "staff", None),
    ("社会事务办主任", "一般干部", "staff", None),
    ("村镇建设办主任", "一般干部", "staff", None),
    ("农业综合服务中心主任", "一般干部", "staff", "事业单位"),
    ("综合行政执法队队长", "一般干部", "staff", "参公"),
    ("四级主任科员", "乡科级", "staff", None),
    ("一级科员", "一般干部", "staff", None),
    ("科员", "一般干部", "staff", None),
    ("会计", "一般干部", "staff", "事业单位"),
    ("科员", "一般干部", "staff", None),
    ("出纳", "一般干部", "staff", "事业单位"),
)
_STREET_POSTS: tuple[PostSpec, ...] = (
    ("党工委书记", "乡科级", "head", None),
    ("党工委副书记、办事处主任", "乡科级", "leader", None),
    ("党工委副书记", "乡科级", "leader", None),
    ("党工委委员、纪工委书记", "乡科级", "leader", None),
    ("办事处副主任", "乡科级", "leader", None),
    ("党工委委员、武装部长", "乡科级", "leader", None),
    ("党政办主任", "一般干部", "staff", None),
    ("社区建设办主任", "一般干部", "staff", None),
    ("财政所所长", "一般干部", "staff", "事业单位"),
    ("城市管理办主任", "一般干部", "staff", None),
    ("四级主任科员", "乡科级", "staff", None),
    ("一级科员", "一般干部", "staff", None),
    ("科员", "一般干部", "staff", None),
    ("会计", "一般干部", "staff", "事业单位"),
)
_DEPT_POSTS: tuple[PostSpec, ...] = (
    ("党组书记、局长", "乡科级", "head", None),
    ("党组成员、副局长", "乡科级", "leader", None),
    ("副局长", "乡科级", "leader", None),
    ("党组成员、副局长", "乡科级", "leader", None),
    ("四级调研员", "县处级", "staff", None),
    ("办公室主任", "一般干部", "staff", None),
    ("财务股长", "一般干部", "staff", None),
    ("{section}股长", "一般干部", "staff", None),
    ("一级主任科员", "乡科级", "staff", None),
    ("副股长", "一般干部", "staff", None),
    ("四级主任科员", "乡科级", "staff", None),
    ("一级科员", "一般干部", "staff", None),
    ("科员", "一般干部", "staff", None),
    ("会计", "一般干部", "staff", "参公"),
    ("科员", "一般干部", "staff", None),
)
_POLICE_POSTS: tuple[PostSpec, ...] = (
    ("副县长、县公安局局长", "县处级", "head", None),
    ("党委副书记、政委", "乡科级", "leader", None),
    ("党委委员、副局长", "乡科级", "leader", None),
    ("党委委员、副局长", "乡科级", "leader", None),
    ("三级调研员", "县处级", "staff", None),
    ("城关派出所所长", "乡科级", "staff", None),
    ("治安管理大队大队长", "一般干部", "staff", None),
    ("交警大队副大队长", "一般干部", "staff", None),
    ("警务保障室主任", "一般干部", "staff", None),
    ("民警", "一般干部", "staff", None),
    ("民警", "一般干部", "staff", None),
    ("辅警", "其他人员", "staff", "其他"),
)
_HOSPITAL_POSTS: tuple[PostSpec, ...] = (
    ("党委书记、院长", "乡科级", "head", None),
    ("副院长", "乡科级", "leader", None),
    ("副院长", "乡科级", "leader", None),
    ("财务科科长", "一般干部", "staff", None),
    ("医务科科长", "一般干部", "staff", None),
    ("药剂科主任", "一般干部", "staff", None),
    ("设备科科长", "一般干部", "staff", None),
    ("会计", "一般干部", "staff", None),
    ("医生", "一般干部", "staff", None),
    ("护士长", "一般干部", "staff", None),
)
_SCHOOL_POSTS: tuple[PostSpec, ...] = (
    ("党总支书记、校长", "乡科级", "head", None),
    ("副校长", "一般干部", "leader", None),
    ("副校长", "一般干部", "leader", None),
    ("总务处主任", "一般干部", "staff", None),
    ("教务处主任", "一般干部", "staff", None),
    ("报账员", "一般干部", "staff", None),
    ("教师", "一般干部", "staff", None),
)
_CENTRE_POSTS: tuple[PostSpec, ...] = (
    ("主任", "乡科级", "head", None),
    ("副主任", "一般干部", "leader", None),
    ("登记科科长", "一般干部", "staff", None),
    ("档案科科长", "一般干部", "staff", None),
    ("工作人员", "一般干部", "staff", None),
)
_CLINIC_POSTS: tuple[PostSpec, ...] = (
    ("院长", "一般干部", "head", None),
    ("副院长", "一般干部", "leader", None),
    ("会计", "一般干部", "staff", None),
    ("医生", "一般干部", "staff", None),
)
_VSCHOOL_POSTS: tuple[PostSpec, ...] = (
    ("校长", "一般干部", "head", None),
    ("副校长", "一般干部", "leader", None),
    ("报账员", "一般干部", "staff", None),
    ("教师", "一般干部", "staff", None),
)
_SOE_POSTS: tuple[PostSpec, ...] = (
    ("党委书记、董事长", "乡科级", "head", None),
    ("党委副书记、总经理", "乡科级", "leader", None),
    ("副总经理", "其他人员", "leader", None),
    ("财务部经理", "其他人员", "staff", None),
    ("工程部经理", "其他人员", "staff", None),
    ("招标采购部经理", "其他人员", "staff", None),
    ("会计", "其他人员", "staff", None),
    ("出纳", "其他人员", "staff", None),
)
_WATER_POSTS: tuple[PostSpec, ...] = (
    ("党支部书记、总经理", "其他人员", "head", None),
    ("副总经理", "其他人员", "leader", None),
    ("营业所所长", "其他人员", "staff", None),
    ("财务部经理", "其他人员", "staff", None),
    ("抄表员", "其他人员", "staff", None),
)
_VILLAGE_POSTS: tuple[PostSpec, ...] = (
    ("村党支部书记、村委会主任", "其他人员", "head", None),
    ("村委会副主任", "其他人员", "leader", None),
    ("村务监督委员会主任", "其他人员", "leader", None),
    ("村报账员", "其他人员", "staff", None),
    ("村党支部委员", "其他人员", "staff", None),
)
_COMMUNITY_POSTS: tuple[PostSpec, ...] = (
    ("社区党委书记、居委会主任", "其他人员", "head", None),
    ("社区居委会副主任", "其他人员", "leader", None),
    ("社区党委委员", "其他人员", "leader", None),
    ("社区网格员", "其他人员", "staff", None),
)

_POSTS: dict[str, tuple[PostSpec, ...]] = {
    "town": _TOWN_POSTS,
    "township": tuple(
        (p.replace("副镇长", "副乡长").replace("镇长", "乡长"), r, ro, s)
        for p, r, ro, s in _TOWN_POSTS
    ),
    "street": _STREET_POSTS,
    "dept": _DEPT_POSTS,
    "police": _POLICE_POSTS,
    "hospital": _HOSPITAL_POSTS,
    "school": _SCHOOL_POSTS,
    "centre": _CENTRE_POSTS,
    "clinic": _CLINIC_POSTS,
    "vschool": _VSCHOOL_POSTS,
    "soe": _SOE_POSTS,
    "water": _WATER_POSTS,
    "village": _VILLAGE_POSTS,
    "community": _COMMUNITY_POSTS,
}
# The 股室 whose head a department's "{section}股长" is.
_SECTIONS = {
    "县财政局": "预算股",
    "县自然资源和规划局": "耕地保护股",
    "县住房和城乡建设局": "建筑市场监管股",
    "县农业农村局": "农村经济经营管理股",
    "县教育局": "计划财务股",
    "县卫生健康局": "医政医管股",
    "县人力资源和社会保障局": "社会保险股",
}
_DEFAULT_STAFF_KIND = {
    "乡镇/街道": "公务员",
    "区直部门": "公务员",
    "事业单位": "事业单位",
    "国有企业": "国企管理人员",
    "村/社区": "村(社区)干部",
}
# Where someone served before their current post (not every earlier unit is in the register).
_FORMER_UNITS = ("原马庄乡人民政府（已撤并）", "县委党校", "县政府办公室", "市直机关", "部队")


# -- texts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Template:
    """One kind of problem a clue reports."""

    text: str  # {who} = 单位职务姓名; {project}, {subsidy}, {policy}
    fact: str  # what 查实 reads like in the result
    disciplines: tuple[str, ...]
    four_winds: str | None
    target: str  # any, leader (head/leader), village, staff
    weight: float = 1.0
    money: bool = False


_CLUE_TEMPLATES: tuple[_Template, ...] = (
    _Template(
        "反映{who}利用职务便利，在{project}中收受施工方好处费。",
        "利用职务便利为他人谋取利益，收受施工方好处费",
        ("廉洁纪律",),
        None,
        "leader",
        3,
        True,
    ),
    _Template(
        "反映{who}逢年过节收受辖区企业所送购物卡、烟酒等礼品。",
        "违规收受管理服务对象所送购物卡、烟酒等礼品",
        ("廉洁纪律",),
        "违规收送名贵特产和礼品礼金",
        "leader",
        2.5,
        True,
    ),
    _Template(
        "反映{who}多次接受管理服务对象宴请，并饮酒至深夜。",
        "多次接受管理服务对象安排的宴请",
        ("廉洁纪律",),
        "违规吃喝",
        "any",
        2.5,
    ),
    _Template(
        "反映{who}违规操办其子女升学宴，收受下属及管理服务对象礼金。",
        "违规操办子女升学宴并收受礼金",
        ("廉洁纪律",),
        "违规操办婚丧喜庆",
        "leader",
        1.2,
        True,
    ),
    _Template(
        "反映{who}所在单位以加班补贴名义违规发放津补贴。",
        "违规发放津补贴",
        ("廉洁纪律",),
        "违规发放津补贴或福利",
        "leader",
        1.2,
        True,
    ),
    _Template(
        "反映{who}公车私用，周末驾驶公务用车接送家人。",
        "公车私用",
        ("廉洁纪律",),
        "违规配备使用公车",
        "any",
        1.5,
    ),
    _Template(
        "反映{who}接受工程承包商安排的外地旅游活动。",
        "接受管理服务对象安排的旅游活动",
        ("廉洁纪律",),
        "公款旅游及违规接受管理服务对象旅游活动安排",
        "leader",
        0.8,
        True,
    ),
    _Template(
        "反映{who}在单位食堂以公务接待名义违规吃喝。",
        "以公务接待名义违规吃喝",
        ("廉洁纪律",),
        "违规吃喝",
        "leader",
        1,
        True,
    ),
    _Template(
        "反映{who}在{subsidy}发放中优亲厚友、虚报冒领。",
        "在惠民补贴发放中优亲厚友、虚报冒领",
        ("群众纪律",),
        None,
        "village",
        4,
        True,
    ),
    _Template(
        "反映{who}在低保评定中把关不严，违规为亲属办理低保。",
        "违规为亲属办理低保",
        ("群众纪律",),
        None,
        "village",
        2.5,
        True,
    ),
    _Template(
        "反映{who}截留、挪用群众{subsidy}。",
        "截留群众惠民补贴资金",
        ("群众纪律", "廉洁纪律"),
        None,
        "village",
        2,
        True,
    ),
    _Template(
        "反映{who}对群众反映的问题推诿扯皮、态度生硬。",
        "对群众诉求推诿扯皮",
        ("群众纪律",),
        "消极应付冷硬横推",
        "staff",
        1.5,
    ),
    _Template(
        "反映{who}在{project}验收中把关不严，工程存在质量问题。",
        "在工程验收中履职不力",
        ("工作纪律",),
        None,
        "any",
        2,
    ),
    _Template(
        "反映{who}落实{policy}工作不力，搞变通、打折扣。",
        "落实上级决策部署搞变通、打折扣",
        ("工作纪律", "政治纪律"),
        "贯彻落实党中央决策部署打折扣做选择搞变通",
        "leader",
        1,
    ),
    _Template(
        "反映{who}工作时间经常脱岗，不作为、慢作为。",
        "工作时间脱岗、不作为",
        ("工作纪律",),
        "不担当不作为乱作为假作为",
        "staff",
        2,
    ),
    _Template(
        "反映{who}违规插手干预{project}招投标。",
        "违规插手干预工程招投标",
        ("廉洁纪律", "工作纪律"),
        None,
        "leader",
        1.5,
        True,
    ),
    _Template(
        "反映{who}要求村级重复填报各类报表，增加基层负担。",
        "督检考过多、增加基层负担",
        ("工作纪律",),
        "文山会海、督检考过频过多",
        "leader",
        0.6,
    ),
    _Template(
        "反映{who}在干部选拔任用中违规提拔亲信。",
        "在干部选拔任用中违反组织原则",
        ("组织纪律",),
        None,
        "leader",
        0.8,
    ),
    _Template(
        "反映{who}未如实报告个人有关事项。",
        "不如实报告个人有关事项",
        ("组织纪律",),
        None,
        "leader",
        0.8,
    ),
    _Template(
        "反映{who}在村“两委”换届中拉票贿选。",
        "在换届选举中拉票",
        ("组织纪律",),
        None,
        "village",
        0.8,
        True,
    ),
    _Template(
        "反映{who}生活作风不检点，与他人存在不正当关系。",
        "生活作风问题",
        ("生活纪律",),
        None,
        "any",
        1,
    ),
    _Template(
        "反映{who}长期参与赌博，影响工作。",
        "参与赌博",
        ("生活纪律", "涉法行为"),
        None,
        "any",
        0.6,
    ),
    _Template(
        "反映{who}在微信群发表不当言论。",
        "在网络上发表不当言论",
        ("政治纪律",),
        None,
        "any",
        0.4,
    ),
    _Template(
        "反映{who}酒后驾驶机动车被公安机关查处。",
        "醉酒驾驶机动车",
        ("涉法行为",),
        None,
        "any",
        0.8,
    ),
    _Template(
        "反映{who}侵占村集体资金。",
        "侵占村集体资金",
        ("廉洁纪律", "涉法行为"),
        None,
        "village",
        1.2,
        True,
    ),
    _Template(
        "反映{who}在报销中虚开发票套取公款。",
        "虚开发票套取公款",
        ("廉洁纪律",),
        None,
        "staff",
        1,
        True,
    ),
)
_UNIT_ONLY_TEMPLATES: tuple[_Template, ...] = (
    _Template(
        "反映{unit}违规收取服务费用，群众办事负担重。",
        "违规收取服务费用",
        ("群众纪律",),
        None,
        "any",
    ),
    _Template(
        "反映{unit}窗口工作人员服务态度差，办事效率低。",
        "窗口服务作风问题",
        ("工作纪律",),
        "消极应付冷硬横推",
        "any",
    ),
    _Template(
        "反映{unit}{project}资金使用不规范。",
        "项目资金管理不规范",
        ("工作纪律",),
        None,
        "any",
    ),
)
_PROJECTS = (
    "高标准农田建设项目",
    "农村人居环境整治项目",
    "老旧小区改造工程",
    "乡村道路硬化工程",
    "安置房建设项目",
    "河道清淤工程",
    "校舍维修工程",
    "农村饮水安全工程",
    "美丽乡村建设项目",
)
_SUBSIDIES = (
    "耕地地力保护补贴",
    "危房改造补助",
    "低保金",
    "退耕还林补助",
    "残疾人两项补贴",
    "高龄津贴",
    "临时救助金",
)
_POLICIES = ("耕地保护", "安全生产", "生态环境保护", "乡村振兴", "优化营商环境")

_SOURCES = (
    ("信访举报", 55),
    ("上级交办", 9),
    ("巡视巡察移交", 8),
    ("审计移交", 4),
    ("执法司法机关移送", 4),
    ("监督检查发现", 11),
    ("审查调查发现", 5),
    ("其他", 4),
)
_CHANNELS = (("来信", 33), ("来访", 15), ("来电", 14), ("网络", 33), ("其他", 5))
_PETITION_KINDS = (("检举控告", 86), ("批评建议", 7), ("申诉", 4), ("其他", 3))
_LEVELS = (("一般", 70), ("重要", 25), ("重大", 5))
_INFORM_METHODS = (("电话告知", 45), ("书面告知", 30), ("当面告知", 15), ("短信告知", 10))
_FORWARD_TO = (
    "县信访局",
    "县人民法院",
    "县人力资源和社会保障局",
    "县自然资源局",
    "县公安局",
    "县住房和城乡建设局",
)
_DISPOSITIONS: dict[str, tuple[tuple[str, float], ...]] = {
    "信访举报": (("谈话函询", 25), ("初步核实", 38), ("暂存待查", 12), ("予以了结", 25)),
    "上级交办": (("初步核实", 65), ("谈话函询", 25), ("予以了结", 10)),
    "巡视巡察移交": (("初步核实", 60), ("谈话函询", 30), ("予以了结", 10)),
    "审计移交": (("初步核实", 70), ("谈话函询", 20), ("予以了结", 10)),
    "执法司法机关移送": (("初步核实", 92), ("予以了结", 8)),
    "监督检查发现": (("初步核实", 50), ("谈话函询", 40), ("予以了结", 10)),
    "审查调查发现": (("初步核实", 70), ("谈话函询", 20), ("暂存待查", 10)),
    "其他": (("谈话函询", 30), ("初步核实", 30), ("暂存待查", 20), ("予以了结", 20)),
}
_FILE_RATE = {"执法司法机关移送": 0.9, "审计移交": 0.65, "巡视巡察移交": 0.6, "上级交办": 0.6}

# Forms of the persons filed in a case, dealt out in this order per decision year: mostly
# form 2, some form 3, a rare form 4 and the odd form 1 (诫勉) after a case.
_CASE_FORMS = (2, 2, 3, 2, 4, 2, 1, 2, 3, 2, 2, 2, 1, 2, 3, 2, 2, 2, 2, 3)
_PRELIM_FORM1 = (
    ("面对面初核后了结", 30),
    ("谈话提醒", 25),
    ("批评教育", 15),
    ("责令检查", 10),
    ("诫勉", 15),
    ("责令退赔退缴", 5),
)

_TALK_REASONS = {
    "谈心谈话": (
        "年度谈心谈话",
        "了解思想和工作情况",
        "岗位调整后谈心谈话",
        "节前谈心谈话",
        "民主生活会前谈心谈话",
    ),
    "提醒谈话": (
        "请销假制度执行不严格",
        "财务报销审核把关不严",
        "对分管领域党风廉政建设抓得不紧",
        "群众反映工作作风生硬",
        "落实工作任务进度滞后",
        "八小时以外交往不够谨慎",
    ),
    "廉政谈话": (
        "节前集体廉政谈话",
        "重点岗位人员廉政谈话",
        "新提任干部集体廉政谈话",
        "重大项目实施前廉政谈话",
    ),
}
_HOLIDAYS = (
    ("元旦春节", 1, 5, 25),
    ("清明五一", 3, 28, 20),
    ("端午", 5, 25, 15),
    ("中秋国庆", 9, 15, 15),
)

_INSPECTION_THEMES: dict[str, tuple[str, ...]] = {
    "日常监督": (
        "{Y}年度落实全面从严治党主体责任情况日常监督",
        "“三重一大”决策制度执行情况监督检查",
        "财务管理和资金使用情况日常监督",
        "村级“三资”管理情况监督检查",
        "干部作风建设日常监督",
    ),
    "专项督查": (
        "乡村振兴领域不正之风和腐败问题专项督查",
        "惠民惠农财政补贴资金“一卡通”专项治理督查",
        "粮食购销领域腐败问题专项整治督查",
        "工程建设项目招投标专项督查",
        "群众身边不正之风和腐败问题集中整治督查",
        "优化营商环境专项督查",
        "安全生产责任落实专项督查",
        "医保基金使用专项督查",
    ),
    "明察暗访": (
        "机关作风建设明察暗访",
        "窗口单位服务效能明察暗访",
        "公务用车使用情况明察暗访",
        "工作日午间饮酒问题明察暗访",
    ),
    "巡察反馈": ("县委第{N}轮巡察反馈问题整改监督",),
    "审计反馈": ("{U}经济责任审计反馈问题整改督查",),
    "其他": (
        "换届风气监督检查",
        "河长制工作暗访督查",
        "“四下基层”制度落实情况检查",
        "营商环境“体验式”监督",
    ),
}
_INSPECTIONS_PER_YEAR = (
    ("日常监督", 6),
    ("专项督查", 7),
    ("明察暗访", 4),
    ("巡察反馈", 2),
    ("审计反馈", 1),
    ("其他", 2),
)  # plus one 节日期间检查 per holiday in _HOLIDAYS
_FINDINGS_PER_UNIT = {
    "日常监督": (0, 2),
    "专项督查": (0, 3),
    "明察暗访": (0, 2),
    "节日期间检查": (0, 2),
    "巡察反馈": (3, 6),
    "审计反馈": (2, 5),
    "其他": (0, 2),
}
_FINDINGS: tuple[tuple[str, str, str], ...] = (
    # finding, measures, completion standard
    (
        "公务接待未严格执行“一函一单”制度，{n}次接待无公函。",
        "一是补齐接待审批手续；二是修订公务接待管理办法；三是对经办人员进行提醒谈话",
        "接待审批手续齐全，制度修订印发",
    ),
    (
        "{n}笔办公用品采购未履行询价程序。",
        "一是对相关采购逐笔说明情况；二是建立采购询价台账；三是明确采购审批流程",
        "采购程序规范，台账完整",
    ),
    (
        "违规发放节日慰问品，涉及金额{amt}元。",
        "一是全额清退违规发放款物；二是对相关责任人批评教育；三是完善福利发放制度",
        "违规款物全部清退到位",
    ),
    (
        "公务用车使用登记不规范，{n}次出车无审批单。",
        "一是规范派车审批；二是安装公车定位系统；三是每月公示用车情况",
        "派车单与行驶记录一致",
    ),
    (
        "村级财务“白条”入账{n}笔，金额{amt}元。",
        "一是补齐合规票据；二是开展村级财务专项清理；三是加强报账员培训",
        "票据合规，账实相符",
    ),
    (
        "惠民补贴资金公示不到位，{n}户补贴信息未公示。",
        "一是补充公示；二是建立公示台账；三是开展入户核对",
        "补贴信息全部公示，群众无异议",
    ),
    (
        "工作日工作人员脱岗{n}人次。",
        "一是对脱岗人员进行通报批评；二是严格考勤管理；三是建立不定期抽查机制",
        "考勤制度严格执行",
    ),
    (
        "窗口服务“一次性告知”落实不到位，群众反映办事需多次往返。",
        "一是梳理办事指南；二是开展窗口人员业务培训；三是设立意见箱并定期回访",
        "办事指南公开，群众满意度提升",
    ),
    (
        "“三重一大”事项未经集体研究决定{n}项。",
        "一是补充履行集体决策程序；二是修订“三重一大”议事规则；三是开展专题学习",
        "重大事项全部经集体研究",
    ),
    (
        "工程项目未按规定公开招标，存在化整为零规避招标问题。",
        "一是对相关项目进行全面复核；二是规范招投标流程；三是追究相关人员责任",
        "项目程序合规，责任追究到位",
    ),
    (
        "值班值守制度落实不到位，{n}人未按要求在岗值班。",
        "一是通报批评相关人员；二是完善值班制度；三是加强值班抽查",
        "值班值守制度严格落实",
    ),
    (
        "党风廉政建设专题研究缺少会议记录。",
        "一是规范会议记录；二是每季度专题研究党风廉政建设；三是建立责任清单",
        "会议记录完整规范",
    ),
    (
        "项目验收把关不严，部分工程量与实际不符。",
        "一是重新组织验收；二是核减不实工程款；三是约谈监理单位",
        "工程量核实无误，多付款项追回",
    ),
    (
        "低保对象动态管理不到位，{n}户不符合条件人员仍在享受低保。",
        "一是清退不符合条件人员；二是追回违规资金；三是建立动态核查机制",
        "不符合条件人员全部清退",
    ),
    (
        "安全生产隐患排查台账不完整，{n}处隐患未整改闭环。",
        "一是完善隐患排查台账；二是逐项整改销号；三是开展安全生产培训",
        "隐患全部闭环销号",
    ),
    (
        "医保报销存在重复收费、超标准收费问题，涉及金额{amt}元。",
        "一是退还多收费用；二是开展收费专项自查；三是完善收费审核制度",
        "多收费用全部退还",
    ),
)
# What a 建议书 after a case asks the unit to put right (by 四风 category, else discipline).
_AREAS = {
    "违规收送名贵特产和礼品礼金": "礼品礼金管理",
    "违规吃喝": "公务接待管理",
    "违规操办婚丧喜庆": "婚丧喜庆事宜报告管理",
    "违规发放津补贴或福利": "津补贴发放管理",
    "违规配备使用公车": "公务用车管理",
    "公款旅游及违规接受管理服务对象旅游活动安排": "干部八小时以外监督",
    "群众纪律": "惠民惠农资金发放管理",
    "廉洁纪律": "工程项目和资金管理",
    "工作纪律": "干部作风建设",
    "组织纪律": "干部选拔任用和个人有关事项报告管理",
    "生活纪律": "干部日常教育管理",
    "政治纪律": "党员干部政治教育",
    "涉法行为": "干部法治教育",
}
_RULES = (
    "制定《公务接待管理办法》",
    "修订《财务管理制度》",
    "建立《“三重一大”事项集体决策规则》",
    "制定《公务用车使用管理规定》",
    "建立惠民资金发放公示制度",
    "制定《采购管理办法》",
    "完善考勤和请销假制度",
)


# -- helpers ----------------------------------------------------------------------------


def _pick(rng: random.Random, weighted: Sequence[tuple[T, float]]) -> T:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _post_title(post: str, unit: _Unit) -> str:
    return post.replace("{section}", _SECTIONS.get(unit.name, "综合股"))


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _cn_month(day: dt.date) -> str:
    return f"{day.year}年{day.month}月"


def _decision_text(name: str, labels: Sequence[tuple[str, str]]) -> str:
    """'给予张三党纪严重警告、记过处分，并作调整职务处理' from a person's case outcomes."""
    sanctions = [label for label, by in labels if by in ("县纪委常委会", "县监察委员会")]
    referral = "移送检察机关" in sanctions
    sanctions = [label for label in sanctions if label != "移送检察机关"]
    others = [label for label, by in labels if by not in ("县纪委常委会", "县监察委员会")]
    parts = []
    if sanctions:
        parts.append(f"给予{name}{'、'.join(sanctions)}处分")
    if others:
        parts.append(("并" if parts else f"对{name}") + f"作{'、'.join(others)}处理")
    if referral:
        parts.append("将其涉嫌犯罪问题移送检察机关依法审查起诉")
    return "，".join(parts)


class _World:
    """What all copies share: the calendar, the id counters, ledger numbers, unit groups."""

    def __init__(self, today: dt.date, calendar: WorkCalendar) -> None:
        self.today = today
        self.cal = calendar
        self.start = dt.date(today.year - 3, 1, 1)
        self.next_id: dict[str, int] = defaultdict(lambda: 1)
        self.ledger: dict[int, int] = defaultdict(int)
        self.groups: dict[int, list[_Unit]] = {}
        self.unit_names: set[str] = set()

    # -- dates --

    def wd(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after `day` (n ≥ 0)."""
        return self.cal.add_workdays(day, n).day

    def back(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day before `day`."""
        one = dt.timedelta(days=1)
        while n > 0:
            day -= one
            if self.cal.is_workday(day):
                n -= 1
        return day

    def months(self, day: dt.date, n: int) -> dt.date:
        return self.cal.add_months(day, n).day

    def workday_between(self, rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
        day = first + dt.timedelta(days=rng.randint(0, max((last - first).days, 0)))
        rolled = self.cal.roll_forward(day)
        if rolled <= last:
            return rolled
        while day > first and not self.cal.is_workday(day):
            day -= dt.timedelta(days=1)
        return day

    # -- units --

    def units_for(self, copy: int, plan: _PlanBuilder) -> list[_Unit]:
        group = copy // UNITS_GROUP_COPIES
        if group not in self.groups:
            self.groups[group] = self._make_units(group, plan)
        return self.groups[group]

    def _make_units(self, group: int, plan: _PlanBuilder) -> list[_Unit]:
        units: list[_Unit] = []
        by_name: dict[str, _Unit] = {}

        def add(name: str, kind: str, parent: _Unit | None, template: str, weight: float) -> None:
            unit = _Unit(_Ref(), name, kind, template, weight, parent)
            self.unit_names.add(name)
            by_name[name] = unit
            units.append(unit)
            plan.add(
                "units",
                {
                    "name": name,
                    "kind": kind,
                    "parent_id": parent.ref if parent else None,
                    "active": True,
                },
                ref=unit.ref,
            )

        if group == 0:
            for name, kind, parent, template, weight in _UNITS_0:
                add(name, kind, by_name[parent] if parent else None, template, weight)
            return units
        rng = random.Random(f"{SEED}/units/{group}")
        for _ in range(4):
            town = self._fresh(rng, lambda: rng.choice(_TOWN_1) + rng.choice(_TOWN_2) + "镇")
            add(town, "乡镇/街道", None, "town", 20)
            town_unit = by_name[town]

            def village_name(prefix: str = town) -> str:
                return (
                    prefix
                    + rng.choice("东西南北前后大小")
                    + rng.choice(_VILLAGE_SURNAMES)
                    + rng.choice(("庄", "营", "屯", "寨", "家"))
                    + "村"
                )

            for _ in range(3):
                add(self._fresh(rng, village_name), "村/社区", town_unit, "village", 4)
            add(f"{town}卫生院", "事业单位", town_unit, "clinic", 5)
            add(f"{town}中心学校", "事业单位", town_unit, "vschool", 5)
        dept = _EXTRA_DEPTS[(group - 1) % len(_EXTRA_DEPTS)]
        if dept in self.unit_names:
            dept = self._fresh(rng, lambda: rng.choice(_TOWN_1) + rng.choice(_TOWN_2) + "乡")
            add(dept, "乡镇/街道", None, "township", 16)
        else:
            add(dept, "区直部门", None, "dept", 14)
        return units

    def _fresh(self, rng: random.Random, make: Callable[[], str]) -> str:
        for _ in range(200):
            name = make()
            if name not in self.unit_names:
                return name
        base = make()
        n = 2
        while f"{base}{n}" in self.unit_names:
            n += 1
        return f"{base}{n}"

    # -- ids --

    def finalize(self, plan: Plan) -> None:
        """Give out ids, each table in date order, and the clues' ledger numbers."""
        for table in WRITE_ORDER:
            recs = plan.get(table, [])
            recs.sort(key=lambda r: r.key)
            for rec in recs:
                rec.ref.id = self.next_id[table]
                self.next_id[table] += 1
            for child in KINDS[table].children:
                for rec in recs:
                    for row in rec.children.get(child.table, ()):
                        row["id"] = self.next_id[child.table]
                        row[child.fk] = rec.ref
                        self.next_id[child.table] += 1
            if table == "clues":
                for rec in recs:
                    year = rec.values["received_date"].year
                    self.ledger[year] += 1
                    rec.values["ledger_no"] = f"{year}-{self.ledger[year]:03d}"


class _PlanBuilder:
    def __init__(self) -> None:
        self.plan: Plan = defaultdict(list)
        self.seq = 0

    def add(
        self,
        table: str,
        values: dict[str, Any],
        *,
        day: dt.date | None = None,
        children: dict[str, list[dict[str, Any]]] | None = None,
        ref: _Ref | None = None,
        extra_key: Any = "",
    ) -> _Rec:
        self.seq += 1
        key: tuple[Any, ...] = (day or dt.date.min, extra_key, self.seq)
        rec = _Rec(table, ref or _Ref(), values, children or {}, key)
        self.plan[table].append(rec)
        return rec


# -- one copy of the office -------------------------------------------------------------


class _Copy:
    """Plans one complete office: persons, clues, talks, inspections, documents."""

    def __init__(self, world: _World, index: int) -> None:
        self.w = world
        self.index = index
        self.rng = random.Random(f"{SEED}/{index}")
        # 告知举报人 and 转交 draw from their own stream, so adding them left every other
        # figure of the demo as it was.
        self.told = random.Random(f"{SEED}/{index}/reporter")
        # 委托谈话 and its 谈话记录报回 likewise, on a stream of their own.
        self.delegate = random.Random(f"{SEED}/{index}/delegated")
        self.out = _PlanBuilder()
        self.units = world.units_for(index, self.out)
        self.persons: list[_Person] = []
        self.members: dict[int, list[_Person]] = defaultdict(list)  # id(unit) -> persons
        self.former_heads: dict[int, str] = {}  # id(unit) -> head before the register's
        self.outside_heads: dict[str, str] = {}
        self.clues: list[_Clue] = []
        self.deck: dict[int, int] = defaultdict(int)

    def build(self) -> Plan:
        self.make_persons()
        self.make_clues()
        self.make_talks()
        self.make_inspections()
        self.make_holiday_letters()
        self.delegated_lately()
        self.w.finalize(self.out.plan)
        return self.out.plan

    # -- persons ---------------------------------------------------------------------------

    def make_persons(self) -> None:
        rng = self.rng
        total = sum(u.weight for u in self.units)
        for unit in self.units:
            count = max(2, round(unit.weight * PERSONS_PER_COPY / total))
            specs = _POSTS[unit.template]
            for i in range(count):
                spec = specs[i] if i < len(specs) else specs[len(specs) - 1 - (i % 5)]
                if spec[1] == "县处级" and rng.random() < 0.5:
                    spec = ("一级主任科员", "乡科级", "staff", None)
                self.make_person(unit, spec)

    def make_person(self, unit: _Unit, spec: PostSpec) -> None:
        rng, w = self.rng, self.w
        post_name, rank, role, staff_kind = spec
        post_name = _post_title(post_name, unit)
        leader = role in ("head", "leader")
        gender = "男" if rng.random() < (0.8 if leader else 0.56) else "女"
        village = unit.kind == "村/社区"
        low, high = (40, 56) if role == "head" else (33, 55) if leader else (24, 58)
        if village:
            low, high = 32, 62
        age_days = rng.randint(low * 365, high * 365)
        birth = w.today - dt.timedelta(days=age_days)
        if leader or rank == "县处级" or rng.random() < 0.72:
            party = "中共党员"
        else:
            party = _pick(rng, (("群众", 60), ("预备党员", 15), ("民主党派", 25)))
        if unit.kind == "村/社区" and role == "staff" and rng.random() < 0.4:
            party = "群众"
        kind = staff_kind or _DEFAULT_STAFF_KIND.get(unit.kind, "其他")
        tenure_years = (0.1, 6.0) if role == "head" else (0.2, 8.0) if leader else (0.3, 12.0)
        start = w.today - dt.timedelta(days=int(rng.uniform(*tenure_years) * 365))
        start = max(start, birth + dt.timedelta(days=22 * 365))
        start = min(start, w.today)
        posts = [_Post(unit, unit.name, post_name, rank, role, start)]
        for _ in range(
            rng.choice((1, 2, 3)) if role == "head" else rng.choice((1, 1, 2)) if leader else 0
        ):
            earlier = self.earlier_post(posts[0], rng)
            if earlier is None:
                break
            if earlier.start < birth + dt.timedelta(days=21 * 365):
                break
            posts.insert(0, earlier)
        for share in (0.6, 0.25) if role == "staff" and not village else ():
            if rng.random() >= share:
                break
            earlier = self.earlier_post(posts[0], rng)
            if earlier is None or earlier.start < birth + dt.timedelta(days=21 * 365):
                break
            posts.insert(0, earlier)
        person = _Person(_Ref(), _name(rng, gender), gender, birth, party, kind, posts)
        rows: list[dict[str, Any]] = []
        for post in posts:
            row = {
                "unit_id": post.unit.ref if post.unit else None,
                "unit_name": post.unit_name,
                "post": post.post,
                "rank": post.rank,
                "start_date": post.start,
                "end_date": post.end,
            }
            post.row = row
            rows.append(row)
        person.rec = self.out.add(
            "persons",
            {
                "name": person.name,
                "gender": gender,
                "birth_date": birth,
                "unit_id": unit.ref,
                "post": post_name,
                "rank": rank,
                "political_status": party,
                "staff_kind": kind,
                "phone": _mobile(rng) if rng.random() < 0.75 else None,
                "notes": None,
            },
            children={"person_posts": rows},
            ref=person.ref,
        )
        self.persons.append(person)
        for post in posts:
            if post.unit is not None and person not in self.members[id(post.unit)]:
                self.members[id(post.unit)].append(person)

    def earlier_post(self, later: _Post, rng: random.Random) -> _Post | None:
        """The post someone held before `later`: a step down, here or elsewhere."""
        years = rng.uniform(1.5, 6.0)
        end = later.start - dt.timedelta(days=1)
        start = end - dt.timedelta(days=int(years * 365))
        same_kind = [u for u in self.units if later.unit and u.kind == later.unit.kind]
        if later.role == "head" or later.rank == "县处级":
            unit = rng.choice(same_kind) if same_kind else later.unit
            if unit is None:
                return None
            spec = _POSTS[unit.template]
            leaders = [s for s in spec if s[2] == "leader"] or [spec[0]]
            post, rank = rng.choice(leaders)[:2]
            if later.rank == "县处级":
                post, rank = spec[0][0], "乡科级"
            return _Post(unit, unit.name, post, rank, "leader", start, end)
        if later.role == "leader":
            unit = later.unit if rng.random() < 0.5 or not same_kind else rng.choice(same_kind)
            if unit is None:
                return None
            staff = [s for s in _POSTS[unit.template] if s[2] == "staff"]
            post, rank = (rng.choice(staff)[:2]) if staff else ("科员", "一般干部")
            post = _post_title(post, unit)
            return _Post(unit, unit.name, post, rank, "staff", start, end)
        if rng.random() < 0.3:
            place = rng.choice(_FORMER_UNITS)
            return _Post(
                None,
                place,
                "科员" if place != "部队" else "副连职干部",
                "一般干部",
                "staff",
                start,
                end,
            )
        unit = later.unit
        if unit is None:
            return None
        return _Post(
            unit,
            unit.name,
            "科员" if unit.kind != "村/社区" else "村民小组长",
            later.rank if later.rank == "其他人员" else "一般干部",
            "staff",
            start,
            end,
        )

    def holders(self, unit: _Unit, day: dt.date, roles: tuple[str, ...]) -> list[_Person]:
        result = []
        for person in self.members[id(unit)]:
            post = person.at(day)
            if post is not None and post.unit is unit and post.role in roles:
                result.append(person)
        return result

    def head_name(self, unit: _Unit, day: dt.date) -> tuple[str, _Person | None]:
        heads = self.holders(unit, day, ("head",))
        if heads:
            return heads[0].name, heads[0]
        if id(unit) not in self.former_heads:
            self.former_heads[id(unit)] = _name(self.rng, "男")
        return self.former_heads[id(unit)], None

    def dismiss(self, person: _Person, day: dt.date, why: str) -> None:
        if person.left is not None:
            return
        person.left = day
        for post in person.posts:
            if post.end is None or post.end > day:
                post.end = max(day, post.start)
                if post.row is not None:
                    post.row["end_date"] = post.end
        if person.rec is not None:
            person.rec.values["notes"] = f"{_cn_date(day)}{why}"

    # -- clues -----------------------------------------------------------------------------

    def make_clues(self) -> None:
        w, rng = self.w, self.rng
        days = (w.today - w.start).days + 1
        count = round(80 * days / 365)
        received = sorted(w.workday_between(rng, w.start, w.today) for _ in range(count))
        # Recent work in every state, whatever the dice say: a clue just in, an 初核 under
        # way, a 函询 reply not yet due and one overdue.
        forced = [
            (w.back(w.today, 2), {"stage": "undisposed", "source": "信访举报"}),
            (w.back(w.today, 25), {"disposition": "初步核实", "stage": "prelim"}),
            (w.back(w.today, 36), {"disposition": "谈话函询", "inquiry": "overdue"}),
            (w.back(w.today, 14), {"disposition": "谈话函询", "inquiry": "pending"}),
        ]
        # Cases carried over from the half-year before the period, as a real ledger holds them.
        carried = [
            (
                w.workday_between(rng, w.start - dt.timedelta(days=200), w.start - dt.timedelta(1)),
                {"disposition": "初步核实", "file": True},
            )
            for _ in range(round(count * 0.04) + 1)
        ]
        merged: list[tuple[dt.date, dict[str, Any]]] = [(d, {}) for d in received]
        merged.extend(forced)
        merged.extend(carried)
        merged.sort(key=lambda item: item[0])
        for day, force in merged:
            self.make_clue(day, force)

    def pick_persons(self, day: dt.date, target: str, count: int) -> list[tuple[_Person, _Post]]:
        rng = self.rng
        candidates: list[tuple[_Person, _Post]] = []
        weights: list[float] = []
        for person in self.persons:
            post = person.at(day)
            if post is None:
                continue
            village = (
                post.rank == "其他人员" and post.unit is not None and (post.unit.kind == "村/社区")
            )
            if target == "village" and not village:
                continue
            if target == "leader" and post.role == "staff":
                continue
            if target == "staff" and post.role != "staff":
                continue
            weight = {"head": 2.5, "leader": 2.0, "staff": 0.7}[post.role]
            if village:
                weight *= 2.5
            if post.rank == "县处级":
                weight *= 0.5
            candidates.append((person, post))
            weights.append(weight)
        chosen: list[tuple[_Person, _Post]] = []
        for _ in range(min(count, len(candidates))):
            pair = rng.choices(candidates, weights)[0]
            if pair not in chosen:
                chosen.append(pair)
        return chosen

    def fill(self, text: str, rng: random.Random, who: str = "", unit: str = "") -> str:
        return text.format(
            who=who,
            unit=unit,
            project=rng.choice(_PROJECTS),
            subsidy=rng.choice(_SUBSIDIES),
            policy=rng.choice(_POLICIES),
        )

    def make_clue(self, received: dt.date, force: dict[str, Any]) -> None:
        w, rng = self.w, self.rng
        source = force.get("source") or _pick(rng, _SOURCES)
        petition = source == "信访举报"
        channel = _pick(rng, _CHANNELS) if petition else None
        petition_kind = _pick(rng, _PETITION_KINDS) if petition else None
        signed = reporter = contact = None
        if petition:
            named = 0.7 if channel == "来访" else 0.35
            signed = "实名" if rng.random() < named else "匿名"
            if signed == "实名":
                reporter = _name(rng, "男" if rng.random() < 0.6 else "女")
                contact = _mobile(rng)
        level = _pick(rng, _LEVELS)
        original: _Clue | None = None
        if petition and not force and rng.random() < 0.06:
            recent = [c for c in self.clues if 0 < (received - c.received).days <= 90 and c.persons]
            if recent:
                original = rng.choice(recent)
        unit: _Unit | None
        if original is not None:
            template, persons, unit = original.template, original.persons, original.unit
            summary = str(original.rec.values["summary"])
            persons = [(p, p.at(received) or post) for p, post in persons]
        elif not force and rng.random() < 0.07:
            template = rng.choice(_UNIT_ONLY_TEMPLATES)
            unit = rng.choice(self.units)
            persons = []
            summary = self.fill(template.text, rng, unit=unit.name)
        else:
            template = _pick(rng, [(t, t.weight) for t in _CLUE_TEMPLATES])
            count = _pick(rng, ((1, 85), (2, 12), (3, 3)))
            persons = self.pick_persons(received, template.target, count)
            if not persons:
                persons = self.pick_persons(received, "any", 1)
            if not persons:
                return
            who = "、".join(f"{post.unit_name}{post.post}{p.name}" for p, post in persons)
            summary = self.fill(template.text, rng, who=who)
            unit = persons[0][1].unit
        values: dict[str, Any] = {
            "received_date": received,
            "level": level,
            "source": source,
            "channel": channel,
            "petition_kind": petition_kind,
            "signed": signed,
            "reporter_name": reporter,
            "reporter_contact": contact,
            "leader_instruction": None,
            "reported_unit_id": unit.ref if unit else None,
            "summary": summary,
            "disciplines": list(template.disciplines),
            "four_winds": template.four_winds,
            "duplicate_of": original.rec.ref if original else None,
            "clarified": False,
            "amount_recovered": None,
        }
        deputy = rng.choice(DEPUTIES)
        if source == "上级交办":
            values["leader_instruction"] = (
                f"市纪委监委交办件。请{deputy}同志阅处，按期报送办理结果。——{SECRETARY}"
            )
        elif level != "一般" and rng.random() < 0.6:
            values["leader_instruction"] = f"请{deputy}同志牵头办理，及时报告进展。——{SECRETARY}"
        if level != "一般" or values["leader_instruction"]:
            values["supervisor"] = deputy
        cp_rows = [
            {
                "person_id": p.ref,
                "unit_name": post.unit_name,
                "post": post.post,
                "rank": post.rank,
                "filed": False,
                "voluntary": source == "审查调查发现" and rng.random() < 0.3,
                "notes": None,
            }
            for p, post in persons
        ]
        rec = self.out.add(
            "clues",
            values,
            day=received,
            children={"clue_persons": cp_rows, "clue_outcomes": []},
        )
        clue = _Clue(rec, received, persons, template, unit)
        self.clues.append(clue)
        values["due_date"] = w.wd(received, 15)
        if petition and force.get("inquiry") == "pending":
            # a named report received three weeks ago, its reporter not yet told: on the desk
            values["signed"] = "实名"
            values["reporter_name"] = _name(self.told, "男")
            values["reporter_contact"] = _mobile(self.told)
        if values["signed"] == "实名":
            self.tell_reporter(values, received)

        # -- disposition --
        if force.get("stage") == "undisposed":
            return
        disposition = force.get("disposition")
        if disposition is None:
            if original is not None or petition_kind in ("批评建议", "申诉"):
                disposition = "予以了结"
            else:
                disposition = _pick(rng, _DISPOSITIONS[source])
            if not persons and disposition == "谈话函询":
                disposition = "初步核实"
            if (w.today - received).days < 45 and rng.random() < 0.2:
                return  # received lately and not yet disposed of
        disp_date = w.wd(received, rng.randint(2, 12))
        if force:
            disp_date = w.wd(received, 3)
        if disp_date > w.today:
            return
        room, room_head = ROOMS[0] if rng.random() < 0.5 else ROOMS[1]
        if template.four_winds:
            room, room_head = ROOMS[2]
        values.update(
            disposition=disposition,
            disposition_date=disp_date,
            disposition_approver=SECRETARY if disposition == "初步核实" else deputy,
            handler=f"{room} {room_head}",
        )
        if original is not None:
            values["notes"] = "重复件，已并入原件办理"
            values["result_summary"] = "与此前受理的线索反映问题相同，并入原件办理，予以了结。"
            return
        if disposition == "暂存待查":
            values["notes"] = "反映问题较笼统，暂存待查，待条件成熟时再行处置。"
            return
        if disposition == "予以了结":
            self.settle(clue, disp_date)
            if petition_kind in ("申诉", "批评建议") and self.told.random() < 0.5:
                self.forward(values, received)
            return
        if disposition == "谈话函询":
            values["due_date"] = w.wd(disp_date, 15)
            self.talk_inquiry(clue, disp_date, force)
            return
        self.prelim(clue, disp_date, force)

    def tell_reporter(self, values: dict[str, Any], received: dt.date) -> None:
        """实名举报: the reporter is told whether it was accepted, mostly within the 15
        working days, now and then late; the latest few are still waiting."""
        w, told = self.w, self.told
        fresh = w.wd(received, 12) >= w.today
        if fresh and told.random() < 0.6:
            return  # received lately: not told yet
        late = told.random() < 0.12
        day = w.wd(received, told.randint(16, 24) if late else told.randint(3, 14))
        if day > w.today:
            if w.wd(received, 15) >= w.today:
                return  # still within the limit
            day = w.today
        values["reporter_informed_date"] = day
        values["reporter_informed_how"] = _pick(told, _INFORM_METHODS)

    def forward(self, values: dict[str, Any], received: dt.date) -> None:
        """不属于本机关受理: forwarded to the body it belongs to, mostly within 5 working
        days; the reporter is then answered by that body."""
        w, told = self.w, self.told
        day = w.wd(received, told.randint(6, 9) if told.random() < 0.15 else told.randint(1, 5))
        if day > w.today:
            return
        target = told.choice(_FORWARD_TO)
        values["forwarded_date"] = day
        values["forwarded_to"] = target
        values["reporter_informed_date"] = values["reporter_informed_how"] = None
        values["notes"] = f"不属于本机关受理范围，已转{target}处理。"

    def settle(self, clue: _Clue, day: dt.date) -> None:
        rng, values = self.rng, clue.rec.values
        if clue.persons and rng.random() < 0.12:
            person, _post = clue.persons[0]
            self.outcome(clue, person, "谈话提醒", day, "县纪委监委")
            values["result_summary"] = "反映问题部分属实但情节轻微，对其进行谈话提醒，予以了结。"
            if rng.random() < 0.4:
                self.document(
                    "提醒函",
                    f"关于{person.name}同志有关问题的提醒函",
                    day,
                    f"{person.name}同志",
                    "clues",
                    clue.rec.ref,
                )
        else:
            values["result_summary"] = rng.choice(
                (
                    "反映问题笼统、缺乏可查性，予以了结。",
                    "经了解，反映问题已由主管部门依规处理，予以了结。",
                    "属于批评建议类信访，已转相关单位参考，予以了结。",
                )
            )

    def talk_inquiry(self, clue: _Clue, disp: dt.date, force: dict[str, Any]) -> None:
        w, rng, values = self.w, self.rng, clue.rec.values
        outcomes = 0
        # Some talks are delegated (委托谈话) to the head of the person's unit the day after
        # the disposition; talks come 2–10 working days after it, so within the limit.
        lately = force.get("delegated")  # "open" or "record": see delegated_lately
        delegated = w.wd(disp, 1) if lately or self.delegate.random() < 0.35 else None
        for person, post in clue.persons:
            by_letter = not lately and (force.get("inquiry") is not None or rng.random() < 0.5)
            if by_letter:
                outcomes += self.inquiry(clue, person, post, disp, force.get("inquiry"))
                continue
            day = w.wd(disp, rng.randint(2, 10))
            if lately:
                day = w.wd(w.today, 2) if lately == "open" else w.back(w.today, 3)
            if (
                delegated is not None
                and delegated <= w.today
                and not values.get("talk_delegated_to")
            ):
                values["talk_delegated_date"] = delegated
                values["talk_delegated_to"] = self.delegated_to(post, delegated)
            if day > w.today:
                continue  # not held yet: a delegated one waits on the desk
            talker = rng.choice(ROOMS[:3])[1]
            label = _pick(rng, (("谈话函询后了结", 65), ("谈话提醒", 25), ("批评教育", 10)))
            talk = self.talk(
                "函询",
                day,
                [(talker, None, "纪检干部"), self.head_talker(post, day)],
                [(person, post)],
                f"就反映{person.name}同志的有关问题进行谈话函询",
                content=(
                    f"向{person.name}同志说明反映的主要问题，听取其本人说明。{person.name}同志"
                    "对反映问题逐项作了说明，并提供了相关材料。"
                ),
                statement="本人如实向组织说明情况，今后严格要求自己，自觉接受监督。",
                clue=clue.rec.ref,
                place=TALK_ROOM,
                recorder=rng.choice(CADRES),
            )
            self.attach_record(talk, day, person.name, 0.5)
            if values.get("talk_delegated_date") and not lately:
                self.return_record(talk, day)
            self.outcome(clue, person, label, day, "县纪委监委", talk_made=True)
            outcomes += 1
        if outcomes:
            values["result_summary"] = "经谈话函询，本人说明情况基本属实，予以了结。"
            if rng.random() < 0.15:
                values["clarified"] = True
                values["result_summary"] = "经谈话函询，反映问题失实，予以了结并为其澄清正名。"

    def delegated_lately(self) -> None:
        """Two recent 委托谈话 for the desk: one not yet held as its limit nears, one held
        whose record is not back. Planned last, on the delegate stream standing in for the
        main one, so no other figure of the demo moves."""
        w = self.w
        main, self.rng = self.rng, self.delegate
        try:
            self.make_clue(w.back(w.today, 17), {"disposition": "谈话函询", "delegated": "open"})
            self.make_clue(w.back(w.today, 12), {"disposition": "谈话函询", "delegated": "record"})
        finally:
            self.rng = main

    def delegated_to(self, post: _Post, day: dt.date) -> str:
        """The unit head asked to talk (no draw from the main stream, unlike head_talker)."""
        heads = self.holders(post.unit, day, ("head",)) if post.unit is not None else []
        return f"{post.unit_name}主要负责人" + (heads[0].name if heads else "")

    def return_record(self, talk: _Rec, day: dt.date) -> None:
        """A delegated talk's signed record comes back mostly within 5 working days, now
        and then late; a recent one is still on its way."""
        w, rng = self.w, self.delegate
        late = rng.random() < 0.12
        returned = w.wd(day, rng.randint(6, 9) if late else rng.randint(1, 5))
        if returned <= w.today:
            talk.values["record_returned_date"] = returned

    def inquiry(
        self, clue: _Clue, person: _Person, post: _Post, disp: dt.date, force: str | None
    ) -> int:
        """A written inquiry (函询) and its 函询通知书; returns 1 if an outcome followed."""
        w, rng = self.w, self.rng
        sent = w.wd(disp, 2 if force else rng.randint(1, 4))
        if sent > w.today:
            return 0
        delivered: dt.date | None = w.wd(sent, 1 if force else rng.randint(1, 3))
        reply: dt.date | None = None
        if delivered is not None:
            late = rng.random() < 0.08
            reply = w.wd(delivered, rng.randint(16, 20) if late else rng.randint(5, 14))
        if delivered is not None and delivered > w.today:
            delivered = None
            reply = None
        if force in ("overdue", "pending") or (reply is not None and reply > w.today):
            reply = None
        due = w.wd(delivered, 15) if delivered else None
        values: dict[str, Any] = {
            "clue_id": clue.rec.ref,
            "person_id": person.ref,
            "sent_date": sent,
            "delivered_date": delivered,
            "reply_due": due,
            "reply_date": reply,
            "head_opinion": None,
            "conclusion": None,
            "notes": None,
        }
        if force == "overdue":
            values["notes"] = "已电话催办，尚未收到书面说明。"
        outcome = 0
        if reply is not None:
            head, _ = self.head_name(post.unit, reply) if post.unit else ("", None)
            conclusion = _pick(rng, (("采信了结", 80), ("需进一步核实", 12), ("再次函询", 8)))
            values["conclusion"] = conclusion
            values["head_opinion"] = (
                f"经党委（党组）研究，{person.name}同志的说明基本属实，同意其说明。"
                + (f"——{head}" if head else "")
            )
            if conclusion == "采信了结":
                decided = w.wd(reply, rng.randint(1, 5))
                if decided <= w.today:
                    label = _pick(rng, (("谈话函询后了结", 75), ("谈话提醒", 25)))
                    self.outcome(clue, person, label, decided, "县纪委监委")
                    outcome = 1
            else:
                values["notes"] = (
                    "函询说明不够清楚，拟转初步核实。"
                    if conclusion == "需进一步核实"
                    else "拟再次函询。"
                )
        rec = self.out.add("inquiries", values, day=sent)
        self.document(
            "函询通知书",
            "函询通知书",
            sent,
            f"{person.name}同志",
            "inquiries",
            rec.ref,
        )
        if reply is not None and rng.random() < 0.4:
            self.attachment(
                f"函询回复说明-{person.name}.pdf",
                "函询回复说明（扫描件）",
                "inquiries",
                rec.ref,
                reply,
                "本人书面说明及党委（党组）主要负责人签署意见的扫描件",
            )
        return outcome

    def prelim(self, clue: _Clue, disp: dt.date, force: dict[str, Any]) -> None:
        w, rng, values = self.w, self.rng, clue.rec.values
        start = disp if rng.random() < 0.6 else w.wd(disp, rng.randint(1, 3))
        if start > w.today:
            start = disp
        values["prelim_start"] = start
        values["due_date"] = w.wd(start, 15)
        end = w.wd(start, rng.randint(12, 45))
        if end > w.wd(start, 15):
            values["notes"] = "初核情况复杂，经批准延长初核期限。"
        if force.get("stage") == "prelim" or end > w.today:
            return
        values["prelim_end"] = end
        file_rate = _FILE_RATE.get(clue.rec.values["source"], 0.6)
        if clue.rec.values["level"] == "重大":
            file_rate = 0.85
        if not clue.persons or (not force.get("file") and rng.random() >= file_rate):
            self.prelim_settled(clue, end)
            return
        case = w.wd(end, rng.randint(2, 8))
        if case > w.today:
            values["notes"] = "初核结束，拟提请立案审查调查。"
            return
        filed = [clue.persons[0]] + [pp for pp in clue.persons[1:] if rng.random() < 0.6]
        for row in clue.rec.children["clue_persons"]:
            if any(row["person_id"] is p.ref for p, _ in filed):
                row["filed"] = True
                if rng.random() < 0.08:
                    row["voluntary"] = True
                    row["notes"] = "立案后主动说清问题"
        values["case_date"] = case
        values["handler"] = f"{ROOMS[0][0] if rng.random() < 0.5 else ROOMS[1][0]} 审查调查组"
        hearing = w.wd(case, rng.randint(25, 110))
        if hearing > w.today:
            return
        values["hearing_date"] = hearing
        closed = w.wd(hearing, rng.randint(8, 35))
        if closed > w.today:
            return
        values["closed_date"] = closed
        self.close_case(clue, filed, closed)

    def prelim_settled(self, clue: _Clue, end: dt.date) -> None:
        rng, values = self.rng, clue.rec.values
        roll = rng.random()
        if clue.persons and roll < 0.4:
            labels = []
            for person, _ in clue.persons[: 1 + (rng.random() < 0.3)]:
                label = _pick(rng, _PRELIM_FORM1)
                self.outcome(clue, person, label, end, "县纪委监委")
                labels.append(label)
                if label == "责令退赔退缴":
                    values["amount_recovered"] = rng.randint(8, 120) * 100 * 100
            values["result_summary"] = (
                f"经初步核实，反映问题部分属实，情节较轻，给予{'、'.join(labels)}处理，予以了结。"
            )
        elif roll < 0.72:
            values["clarified"] = bool(clue.persons)
            values["result_summary"] = "经初步核实，反映问题失实，予以了结并在一定范围内澄清正名。"
        else:
            values["result_summary"] = "经初步核实，反映问题查无实据，予以了结。"

    def close_case(self, clue: _Clue, filed: list[tuple[_Person, _Post]], closed: dt.date) -> None:
        rng, values = self.rng, clue.rec.values
        parts = []
        heaviest = 0
        for person, post in filed:
            pos = self.deck[closed.year]
            self.deck[closed.year] += 1
            form = _CASE_FORMS[pos % len(_CASE_FORMS)]
            heaviest = max(heaviest, form)
            labels = self.case_outcomes(person, post, form)
            for label, by in labels:
                self.outcome(clue, person, label, closed, by)
            parts.append(_decision_text(person.name, labels))
            if form == 4 or any(label == "开除" for label, _ in labels):
                self.dismiss(person, closed, "受到开除处分")
            elif (
                form == 3
                and post.rank == "其他人员"
                and any(label == "开除党籍" for label, _ in labels)
            ):
                self.dismiss(person, closed, "被开除党籍，已不再担任村（社区）职务")
        for person, _ in clue.persons:
            if all(person is not p for p, _ in filed) and rng.random() < 0.7:
                self.outcome(clue, person, "谈话提醒", closed, "县纪委监委")
        fact = clue.template.fact
        names = "、".join(p.name for p, _ in filed)
        values["result_summary"] = (
            f"经查，{names}{fact}，违反{'、'.join(clue.template.disciplines)}。"
            f"经县纪委常委会会议研究，{'；'.join(parts)}。"
        )
        if clue.template.money and rng.random() < 0.75:
            if heaviest == 4:
                yuan = rng.randint(150_000, 1_200_000)
            elif heaviest == 3:
                yuan = rng.randint(20_000, 300_000)
            else:
                yuan = rng.randint(1_000, 60_000)
            values["amount_recovered"] = yuan * 100 + rng.choice((0, 0, 0, 50, 20))
        if clue.unit is not None and rng.random() < 0.35:
            self.proposal(clue, clue.unit, filed[0], closed)

    def proposal(
        self, clue: _Clue, unit: _Unit, culprit: tuple[_Person, _Post], closed: dt.date
    ) -> None:
        """以案促改: a 纪律检查建议书 (监察建议书 to 事业单位/国企) to the unit after a case."""
        w, rng = self.w, self.rng
        day = w.wd(closed, rng.randint(5, 15))
        if day > w.today:
            return
        supervision = unit.kind in ("事业单位", "国有企业") and rng.random() < 0.6
        kind = "监察建议书" if supervision else "纪律检查建议书"
        template = clue.template
        area = _AREAS.get(template.four_winds or "") or _AREAS[template.disciplines[0]]
        matter = f"进一步加强{unit.name}{area}"
        due = w.cal.roll_forward(day + dt.timedelta(days=30)) if supervision else w.months(day, 1)
        person, post = culprit
        values: dict[str, Any] = {
            "kind": kind,
            "matter": matter,
            "unit_id": unit.ref,
            "source": f"在查办{post.unit_name}{post.post}{person.name}{template.fact}问题中",
            "area": area,
            "problems": "\n".join(
                (
                    f"1. {area}制度不健全，执行不严格。",
                    f"2. 对关键岗位人员监督管理不到位，{template.fact}问题未能及时发现和纠正。",
                    "3. 党风廉政建设主体责任落实不到位，警示教育针对性不强。",
                )
            ),
            "causes": "\n".join(
                (
                    "1. 主体责任意识不强，管党治党宽松软。",
                    "2. 内控制度存在漏洞，监督制约机制缺失。",
                )
            ),
            "recommendations": "\n".join(
                (
                    "1. 召开专题民主生活会，深刻剖析案件暴露出的问题。",
                    f"2. 健全完善{area}相关制度，堵塞管理漏洞。",
                    "3. 以案为鉴开展警示教育，做好以案促改工作。",
                )
            ),
            "reply_due": due,
            "reply_date": None,
            "reply_summary": None,
            "status": "待回复",
            "closed_date": None,
            "notes": None,
        }
        rec = self.out.add("proposals", values, day=day)
        suffix = "监察建议" if supervision else "纪律检查建议"
        doc = self.document(kind, f"关于{matter}的{suffix}", day, unit.name, "proposals", rec.ref)
        values["document_id"] = doc.ref
        reply = w.wd(day, rng.randint(12, 26))
        if reply <= w.today:
            values.update(
                reply_date=reply,
                status="已回复",
                reply_summary=(
                    f"{unit.name}已召开专题会议研究落实，修订完善相关制度{rng.randint(1, 4)}项，"
                    f"开展警示教育{rng.randint(1, 3)}次。"
                ),
            )
            closed_day = w.wd(reply, rng.randint(5, 20))
            if closed_day <= w.today:
                values.update(status="已办结", closed_date=closed_day)
        if rng.random() < 0.4:
            self.rectification(
                unit,
                closed,
                notice=(kind, doc, day),
                deadline=due,
                clue=clue,
                finding=f"{template.fact}问题暴露出{unit.name}在{area}方面存在漏洞。",
            )

    def case_outcomes(self, person: _Person, post: _Post, form: int) -> list[tuple[str, str]]:
        rng = self.rng
        party = person.party in ("中共党员", "预备党员")
        public = person.staff_kind in ("公务员", "参公", "事业单位")
        institution = person.staff_kind == "事业单位"
        party_body, state_body, org_body = "县纪委常委会", "县监察委员会", "县委组织部"
        result: list[tuple[str, str]] = []
        if form == 1:
            return [(rng.choice(("诫勉", "通报批评", "责令检查")), "县纪委监委")]
        if form == 2:
            if person.party == "预备党员" and rng.random() < 0.5:
                return [("取消预备党员资格", party_body)]
            if party:
                result.append((_pick(rng, (("党纪警告", 3), ("党纪严重警告", 2))), party_body))
            if public and (not party or rng.random() < 0.35):
                options = (
                    ("政务警告", "记过", "降低岗位等级")
                    if institution
                    else ("政务警告", "记过", "记大过", "降级")
                )
                result.append((rng.choice(options), state_body))
            if not result:
                result.append((rng.choice(("停职检查", "责令辞职", "免职")), org_body))
            elif rng.random() < 0.15:
                result.append((rng.choice(("调整职务", "免职", "降职")), org_body))
            return result
        if form == 3:
            if party:
                result.append(
                    (
                        _pick(
                            rng,
                            (
                                ("留党察看一年", 3),
                                ("留党察看二年", 2),
                                ("撤销党内职务", 2),
                                ("开除党籍", 1.5),
                            ),
                        ),
                        party_body,
                    )
                )
            if public:
                heavy = bool(result) and result[0][0] == "开除党籍"
                result.append(("开除" if heavy else "撤职", state_body))
            if not result:
                result.append(("重大职务调整", org_body))
            return result
        if party:
            result.append(("开除党籍", party_body))
        if public:
            result.append(("开除", state_body))
        result.append(("移送检察机关", state_body))
        return result

    def outcome(
        self,
        clue: _Clue,
        person: _Person,
        label: str,
        day: dt.date,
        by: str,
        *,
        talk_made: bool = False,
    ) -> None:
        clue.rec.children["clue_outcomes"].append(
            {
                "person_id": person.ref,
                "outcome": label,
                "decided_date": day,
                "decided_by": by,
                "notes": None,
            }
        )
        if talk_made or label not in ("谈话提醒", "诫勉"):
            return
        post = person.at(day)
        if post is None:
            return
        rng, w = self.rng, self.w
        kind = "诫勉谈话" if label == "诫勉" else "提醒谈话"
        talk_day = w.wd(day, rng.randint(1, 6))
        if talk_day > w.today:
            return
        reason = (
            f"经研究决定，对{person.name}同志进行诫勉"
            if kind == "诫勉谈话"
            else f"针对反映{person.name}同志的问题，对其进行谈话提醒"
        )
        talkers: list[tuple[str, _Person | None, str]] = [
            (rng.choice((*DEPUTIES, STANDING)), None, "上级纪委")
        ]
        if rng.random() < 0.6:
            talkers.append(self.head_talker(post, talk_day))
        talk = self.talk(
            kind,
            talk_day,
            talkers,
            [(person, post)],
            reason,
            content=(
                f"指出{person.name}同志存在的问题：{clue.template.fact}。要求其深刻反思，"
                "认真整改，切实增强纪律规矩意识。"
            ),
            statement="诚恳接受组织的批评教育，深刻反思，坚决改正。",
            clue=clue.rec.ref,
            place=TALK_ROOM,
            recorder=rng.choice(CADRES),
            followup=True,
        )
        if kind == "诫勉谈话":
            notice = w.back(talk_day, 1)
            self.document(
                "谈话通知书",
                "谈话通知书",
                max(notice, day),
                f"{person.name}同志",
                "talks",
                talk.ref,
            )
            self.attach_record(talk, talk_day, person.name, 0.7)

    # -- talks -----------------------------------------------------------------------------

    def head_talker(self, post: _Post, day: dt.date) -> tuple[str, _Person | None, str]:
        """The head of the unit of `post` on `day`, as a talker (主要负责人)."""
        if post.unit is None:
            if post.unit_name not in self.outside_heads:
                self.outside_heads[post.unit_name] = _name(self.rng, "男")
            return self.outside_heads[post.unit_name], None, "主要负责人"
        name, person = self.head_name(post.unit, day)
        return name, person, "主要负责人"

    def talk(
        self,
        kind: str,
        day: dt.date,
        talkers: list[tuple[str, _Person | None, str]],
        subjects: list[tuple[_Person, _Post]],
        reason: str,
        *,
        content: str,
        statement: str | None,
        place: str,
        recorder: str,
        clue: _Ref | None = None,
        followup: bool = False,
    ) -> _Rec:
        rng, w = self.rng, self.w
        hour = rng.choice((8, 9, 9, 10, 10, 11, 14, 15, 15, 16))
        minute = rng.choice((0, 0, 10, 20, 30, 30, 40, 50))
        if hour == 8:
            minute = max(minute, 30)
        length = rng.randint(20, 95)
        end_minutes = min(hour * 60 + minute + length, 17 * 60 + 50)
        values: dict[str, Any] = {
            "kind": kind,
            "date": day,
            "start_time": f"{hour:02d}:{minute:02d}",
            "end_time": f"{end_minutes // 60:02d}:{end_minutes % 60:02d}",
            "place": place,
            "recorder": recorder,
            "reason": reason,
            "content": content,
            "statement": statement,
            "followup_required": followup,
            "followup_date": None,
            "followup_result": None,
            "clue_id": clue,
            "notes": None,
        }
        if followup:
            planned = w.months(day, rng.choice((1, 2, 3)))
            values["followup_date"] = planned
            if planned <= w.today:
                values["followup_result"] = rng.choice(
                    (
                        "经回访，谈话对象能够正视问题，整改到位，工作状态良好。",
                        "经回访，相关问题已整改，单位主要负责人反映其表现良好。",
                        "经回访，谈话对象思想认识有明显提高，未发现新的问题。",
                    )
                )
        seen: set[str] = set()
        talker_rows = []
        for name, person, role in talkers:
            if name in seen:
                continue
            seen.add(name)
            talker_rows.append(
                {"name": name, "person_id": person.ref if person else None, "role": role}
            )
        subject_rows = []
        seen_ids: set[int] = set()
        for person, post in subjects:
            if id(person) in seen_ids:
                continue
            seen_ids.add(id(person))
            subject_rows.append(
                {"person_id": person.ref, "unit_name": post.unit_name, "post": post.post}
            )
        return self.out.add(
            "talks",
            values,
            day=day,
            extra_key=values["start_time"],
            children={"talk_talkers": talker_rows, "talk_subjects": subject_rows},
        )

    def attach_record(self, talk: _Rec, day: dt.date, name: str, share: float) -> None:
        if self.rng.random() < share:
            self.attachment(
                f"谈话记录-{day.isoformat()}-{name}.pdf",
                f"{talk.values['kind']}记录（签字扫描件）",
                "talks",
                talk.ref,
                day,
                "谈话双方签字确认的谈话记录扫描件",
            )

    def make_talks(self) -> None:
        w, rng = self.w, self.rng
        days = (w.today - w.start).days + 1
        per_year = (
            ("谈心谈话", 230),
            ("提醒谈话", 40),
            ("约谈", 5),
            ("廉政谈话", 12),
            ("诫勉谈话", 2),
        )
        for kind, rate in per_year:
            for _ in range(round(rate * days / 365)):
                day = w.workday_between(rng, w.start, w.today)
                self.routine_talk(kind, day)
        # 任前廉政谈话: every appointment to a leading post inside the period.
        for person in self.persons:
            for post in person.posts:
                if post.role == "staff" or post.unit is None or not (w.start <= post.start):
                    continue
                day = w.wd(post.start, rng.randint(1, 8))
                if day > w.today:
                    continue
                talkers: list[tuple[str, _Person | None, str]]
                if post.role == "head":
                    talkers = [(rng.choice((SECRETARY, *DEPUTIES)), None, "上级纪委")]
                    place = TALK_ROOM
                else:
                    talkers = [self.head_talker(post, day)]
                    place = f"{post.unit_name}会议室"
                    if talkers[0][1] is person:
                        talkers = [(rng.choice(DEPUTIES), None, "上级纪委")]
                self.talk(
                    "任前廉政谈话",
                    day,
                    talkers,
                    [(person, post)],
                    f"新任{post.post}任前廉政谈话",
                    content=(
                        f"祝贺{person.name}同志走上新的工作岗位，要求其牢记“一岗双责”，"
                        "严格执行中央八项规定精神，带头廉洁自律，管好家属和身边工作人员。"
                    ),
                    statement="一定牢记组织嘱托，守住纪律底线，干净干事。",
                    place=place,
                    recorder=rng.choice(CADRES),
                )

    def routine_talk(self, kind: str, day: dt.date) -> None:
        """A talk a unit (or the office) holds in the ordinary course of the year."""
        rng = self.rng
        unit = rng.choices(self.units, [u.weight for u in self.units])[0]
        present: list[tuple[_Person, _Post]] = []
        for person in self.members[id(unit)]:
            post = person.at(day)
            if post is not None and post.unit is unit:
                present.append((person, post))
        if not present:
            return
        heads = [pp for pp in present if pp[1].role == "head"]
        leaders = [pp for pp in present if pp[1].role == "leader"]
        staff = [pp for pp in present if pp[1].role == "staff"]
        recorder = rng.choice(staff)[0].name if staff else rng.choice(CADRES)
        place = f"{unit.name}会议室"
        office = (SECRETARY, *DEPUTIES, STANDING)
        talker: tuple[str, _Person | None, str]
        if kind == "谈心谈话":
            if heads and (rng.random() < 0.55 or not leaders):
                talker = (heads[0][0].name, heads[0][0], "主要负责人")
            elif leaders:
                chosen = rng.choice(leaders)[0]
                talker = (chosen.name, chosen, "班子成员")
            else:
                return
            pool = [pp for pp in present if pp[0] is not talker[1]]
            if not pool:
                return
            count = min(len(pool), _pick(rng, ((1, 85), (2, 10), (3, 5))))
            self.talk(
                kind,
                day,
                [talker],
                rng.sample(pool, count),
                rng.choice(_TALK_REASONS["谈心谈话"]),
                content=(
                    "了解思想、工作和生活情况，听取对班子建设和党风廉政建设的意见建议，"
                    "提醒严守纪律规矩，管好身边人身边事。"
                ),
                statement=rng.choice(
                    (
                        "感谢组织关心，今后将进一步严格要求自己，认真履职尽责。",
                        "对组织提醒完全接受，将持续加强学习，守住底线。",
                        "工作中还有不足，今后一定改进。",
                    )
                ),
                place=place,
                recorder=recorder,
                followup=rng.random() < 0.05,
            )
            return
        if kind == "提醒谈话":
            pool = leaders + staff
            if not pool:
                return
            subject = rng.choice(pool)
            roll = rng.random()
            if heads and roll < 0.45:
                talker = (heads[0][0].name, heads[0][0], "主要负责人")
            elif leaders and leaders[0] is not subject and roll > 0.85:
                talker = (leaders[0][0].name, leaders[0][0], "班子成员")
            else:
                talker = (rng.choice(CADRES + tuple(r[1] for r in ROOMS[:3])), None, "纪检干部")
            issue = rng.choice(_TALK_REASONS["提醒谈话"])
            by_office = talker[2] == "纪检干部"
            talk = self.talk(
                kind,
                day,
                [talker],
                [subject],
                f"工作中存在{issue}等苗头性问题",
                content=f"指出其{issue}的问题，要求提高认识、立行立改，并举一反三。",
                statement="完全接受组织提醒，立即整改并举一反三。",
                place=TALK_ROOM if by_office else place,
                recorder=rng.choice(CADRES) if by_office else recorder,
                followup=rng.random() < 0.75,
            )
            self.attach_record(talk, day, subject[0].name, 0.1)
            return
        if kind == "约谈":
            if not heads:
                return
            issue = rng.choice(
                (
                    "巡察反馈问题整改推进缓慢",
                    "落实全面从严治党主体责任不到位",
                    "监督检查发现问题整改不到位",
                    "群众反映问题集中、信访量上升",
                )
            )
            talk = self.talk(
                kind,
                day,
                [(rng.choice(office[:3]), None, "上级纪委")],
                [heads[0]],
                f"{unit.name}{issue}",
                content=f"通报{unit.name}{issue}的情况，要求压实责任，限期整改，按时报告整改情况。",
                statement="坚决接受约谈，立即召开专题会议研究整改，按期报告整改结果。",
                place=TALK_ROOM,
                recorder=rng.choice(CADRES),
                followup=True,
            )
            self.document(
                "谈话通知书",
                "谈话通知书",
                self.w.back(day, 2),
                f"{heads[0][0].name}同志",
                "talks",
                talk.ref,
            )
            self.attach_record(talk, day, heads[0][0].name, 0.5)
            return
        if kind == "廉政谈话":
            pool = heads + leaders + staff
            subjects = rng.sample(pool, min(len(pool), rng.randint(3, 8)))
            if heads and heads[0] not in subjects and rng.random() < 0.7:
                talker = (heads[0][0].name, heads[0][0], "主要负责人")
            else:
                talker = (rng.choice(office), None, "上级纪委")
            self.talk(
                kind,
                day,
                [talker],
                subjects,
                rng.choice(_TALK_REASONS["廉政谈话"]),
                content=(
                    "通报近期典型案例，强调严格落实中央八项规定及其实施细则精神，"
                    "严禁收送礼品礼金、违规吃喝，守住廉洁底线。"
                ),
                statement="坚决落实各项纪律要求，以案为鉴，廉洁自律。",
                place=place,
                recorder=recorder,
            )
            return
        # 诫勉谈话 outside a clue (e.g. after a poor annual assessment)
        pool = leaders + staff
        if not pool:
            return
        subject = rng.choice(pool)
        talk = self.talk(
            kind,
            day,
            [(rng.choice(DEPUTIES), None, "上级纪委"), self.head_talker(subject[1], day)],
            [subject],
            "年度考核中发现履职不力问题，经研究决定进行诫勉",
            content="指出其履职不力、作风不实的问题，要求深刻反思，限期整改。",
            statement="诚恳接受诫勉，深刻反思，坚决改正。",
            place=TALK_ROOM,
            recorder=rng.choice(CADRES),
            followup=True,
        )
        self.document(
            "谈话通知书",
            "谈话通知书",
            self.w.back(day, 1),
            f"{subject[0].name}同志",
            "talks",
            talk.ref,
        )

    # -- inspections and rectification -----------------------------------------------------

    def make_inspections(self) -> None:
        w, rng = self.w, self.rng
        round_no = 0
        for year in range(w.start.year, w.today.year + 1):
            planned: list[tuple[str, dt.date, str]] = []
            for name, month, day, span in _HOLIDAYS:
                start = w.workday_between(
                    rng, dt.date(year, month, day), dt.date(year, month, day) + dt.timedelta(span)
                )
                planned.append(
                    ("节日期间检查", start, f"{year}年{name}期间落实中央八项规定精神情况监督检查")
                )
            for kind, count in _INSPECTIONS_PER_YEAR:
                for _ in range(count):
                    start = w.workday_between(rng, dt.date(year, 1, 8), dt.date(year, 12, 20))
                    theme = rng.choice(_INSPECTION_THEMES[kind])
                    if kind == "巡察反馈":
                        round_no += 1
                        theme = theme.format(N="一二三四五六七八九十"[(round_no - 1) % 10])
                    planned.append((kind, start, theme.replace("{Y}", str(year))))
            for kind, start, theme in sorted(planned, key=lambda p: p[1]):
                if start > w.today:
                    continue
                self.inspection(kind, start, theme)
        self.scenario_inspections()

    def covered_units(self, kind: str) -> list[_Unit]:
        rng = self.rng
        if kind in ("巡察反馈", "审计反馈"):
            pool = [u for u in self.units if u.kind != "村/社区"]
            return [rng.choice(pool)]
        count = {"节日期间检查": (4, 6), "明察暗访": (3, 6), "专项督查": (3, 5)}.get(kind, (2, 4))
        weights = [u.weight for u in self.units]
        chosen: list[_Unit] = []
        for _ in range(rng.randint(*count) * 2):
            unit = rng.choices(self.units, weights)[0]
            if unit not in chosen:
                chosen.append(unit)
            if len(chosen) >= count[1]:
                break
        return chosen

    def inspection(
        self,
        kind: str,
        start: dt.date,
        theme: str,
        *,
        units: list[_Unit] | None = None,
        force: str | None = None,
    ) -> None:
        w, rng = self.w, self.rng
        units = units or self.covered_units(kind)
        if kind == "审计反馈":
            theme = theme.replace("{U}", units[0].name)
        leader = rng.choice(ROOMS)[1]
        team = [f"{leader}（组长）", *rng.sample(CADRES, rng.randint(1, 3))]
        length = rng.randint(10, 25) if kind == "巡察反馈" else rng.randint(1, 8)
        end: dt.date | None = w.wd(start, length)
        if force:
            end = start
        assert end is not None
        if end > w.today:
            end = None
        rec = self.out.add(
            "inspections",
            {
                "kind": kind,
                "theme": theme,
                "start_date": start,
                "end_date": end,
                "team": "、".join(team),
                "notes": None if end else "检查正在进行中",
            },
            day=start,
            children={"inspection_units": [{"unit_id": u.ref} for u in units]},
        )
        if end is None:
            return
        low, high = _FINDINGS_PER_UNIT[kind]
        first = True
        for unit in units:
            count = rng.randint(low, high)
            if force:
                count = max(count, 1 if not first else 2)
            if count:
                self.findings(unit, rec, kind, theme, end, count, force if first else None)
            first = False

    def findings(
        self,
        unit: _Unit,
        inspection: _Rec,
        kind: str,
        theme: str,
        found: dt.date,
        count: int,
        force: str | None,
    ) -> None:
        """The items one inspection found in one unit, the notice that lists them, and the
        督办函 that chases those still open well past the deadline."""
        w, rng = self.w, self.rng
        if kind in ("巡察反馈", "审计反馈", "专项督查") or force:
            notice_kind = "整改通知书"
        else:
            notice_kind = _pick(rng, (("整改通知书", 60), ("提醒函", 28), ("整改函", 12)))
        if force == "due_soon":
            notice_day = self.notice_day_due_within_week()
        elif force == "overdue":
            notice_day = w.back(w.today, 55)
        else:
            notice_day = w.wd(found, rng.randint(2, 7))
        if notice_day > w.today:  # found lately: items entered, notice not yet issued
            for _ in range(count):
                self.rectification(unit, found, notice=None, deadline=None, inspection=inspection)
            return
        if kind in ("巡察反馈", "审计反馈"):
            deadline = w.months(notice_day, rng.choice((2, 3)))
        elif force:
            deadline = w.wd(notice_day, 15)
        elif rng.random() < 0.6:
            deadline = w.months(notice_day, 1)
        else:
            deadline = w.wd(notice_day, rng.choice((15, 20, 30)))
        title = {
            "整改通知书": f"关于{theme}发现问题的整改通知",
            "提醒函": f"关于{theme}发现问题的提醒函",
            "整改函": f"关于{theme}发现问题的整改函",
        }[notice_kind]
        if self.index % 5 == 0 and not force and rng.random() < 0.01:
            voided = self.document(notice_kind, title, notice_day, unit.name, None, None)
            voided.values["voided"] = True
            voided.values["notes"] = "主送单位有误，已作废，另行制发。"
        doc = self.document(notice_kind, title, notice_day, unit.name, "rectifications", None)
        items = [
            self.rectification(
                unit,
                found,
                notice=(notice_kind, doc, notice_day),
                deadline=deadline,
                inspection=inspection,
                force=force,
            )
            for _ in range(count)
        ]
        doc.values["linked_id"] = items[0][0].ref
        self.escalate(unit, items, deadline, force)

    def notice_day_due_within_week(self) -> dt.date:
        """A notice date whose 15-working-day deadline falls in the coming week."""
        w = self.w
        week = w.today + dt.timedelta(days=7)
        for n in (13, 14, 12, 11, 10):
            day = w.back(w.today, n)
            if w.today < w.wd(day, 15) <= week:
                return day
        return w.back(w.today, 13)

    def escalate(
        self,
        unit: _Unit,
        items: list[tuple[_Rec, dt.date | None]],
        deadline: dt.date,
        force: str | None,
    ) -> None:
        """One 督办函 for the items of a notice still open ten working days past the deadline."""
        w, rng = self.w, self.rng
        esc = w.wd(deadline, 8 if force else rng.randint(5, 10))
        if esc > w.today or w.wd(deadline, 10) > w.today:
            return
        late = [(rec, done) for rec, done in items if done is None or done > esc]
        if not late or not (force == "overdue" or rng.random() < 0.6):
            return
        new_deadline = w.wd(esc, 10)
        letter = self.document(
            "督办函",
            f"关于督促{unit.name}加快问题整改的督办函",
            esc,
            unit.name,
            "rectifications",
            late[0][0].ref,
            notes=f"要求于{_cn_date(new_deadline)}前整改到位并书面报告",
        )
        talk_day = w.wd(esc, rng.randint(3, 8))
        summoned = (force == "overdue" or rng.random() < 0.35) and talk_day <= w.today
        for rec, _ in late:
            rec.values["escalation_document_id"] = letter.ref
            rec.values["escalated_date"] = esc
            if summoned:
                rec.values["accountability"] = f"约谈{unit.name}主要负责人，责令限期整改"
        if not summoned:
            return
        name, head = self.head_name(unit, talk_day)
        post = head.at(talk_day) if head else None
        if head is None or post is None:
            return
        talk = self.talk(
            "约谈",
            talk_day,
            [(rng.choice(DEPUTIES), None, "上级纪委")],
            [(head, post)],
            f"{unit.name}监督检查发现问题逾期未整改",
            content=(
                f"通报{unit.name}整改事项逾期未完成的情况，要求切实履行整改主体责任，"
                f"于{_cn_date(new_deadline)}前整改到位并书面报告。"
            ),
            statement="深刻认识问题，立即召开专题会议部署，确保按期完成整改。",
            place=TALK_ROOM,
            recorder=rng.choice(CADRES),
            followup=True,
        )
        self.document(
            "谈话通知书", "谈话通知书", w.back(talk_day, 2), f"{name}同志", "talks", talk.ref
        )

    def scenario_inspections(self) -> None:
        """Rectification items due within the week and one long overdue, whatever the dice."""
        w, rng = self.w, self.rng
        towns = [u for u in self.units if u.kind == "乡镇/街道"] or self.units
        due_start = w.back(w.today, 15)
        self.inspection(
            "明察暗访",
            due_start,
            f"{_cn_month(due_start)}机关作风建设明察暗访",
            units=[rng.choice(towns)],
            force="due_soon",
        )
        over_start = w.back(w.today, 58)
        depts = [u for u in self.units if u.kind == "区直部门"] or self.units
        self.inspection(
            "专项督查",
            over_start,
            "惠民惠农财政补贴资金“一卡通”专项治理督查",
            units=[rng.choice(depts)],
            force="overdue",
        )

    def rectification(
        self,
        unit: _Unit,
        found: dt.date,
        *,
        notice: tuple[str, _Rec, dt.date] | None,
        deadline: dt.date | None,
        inspection: _Rec | None = None,
        clue: _Clue | None = None,
        finding: str | None = None,
        force: str | None = None,
    ) -> tuple[_Rec, dt.date | None]:
        """One item with its progress, 回头看 and 销号 as far as `today`; returns the item
        and the day it was reported done (None: not done)."""
        w, rng = self.w, self.rng
        text, measures, standard = rng.choice(_FINDINGS)
        if finding is None:
            finding = text.format(n=rng.randint(2, 12), amt=f"{rng.randint(3, 90) * 100:,}")
            finding = finding.replace(",", "")
        else:
            measures = "一是深入剖析问题根源；二是健全完善相关制度；三是开展警示教育"
            standard = "制度健全，问题整改到位"
        head, _ = self.head_name(unit, found)
        values: dict[str, Any] = {
            "finding": finding,
            "found_date": found,
            "inspection_id": inspection.ref if inspection else None,
            "clue_id": clue.rec.ref if clue else None,
            "unit_id": unit.ref,
            "responsible": head,
            "requirement": None,
            "measures": measures,
            "standard": standard,
            "notice_kind": None,
            "notice_document_id": None,
            "notice_date": None,
            "deadline": deadline,
            "status": "待整改",
        }
        children: dict[str, list[dict[str, Any]]] = {"rect_progress": [], "rect_checks": []}
        rec = self.out.add("rectifications", values, day=found, children=children)
        if notice is None or deadline is None:
            values["notes"] = "整改通知书待制发"
            return rec, None
        notice_kind, doc, notice_day = notice
        values.update(
            notice_kind=notice_kind,
            notice_document_id=doc.ref,
            notice_date=notice_day,
            requirement=(
                f"立即整改，举一反三，自收到本通知之日起认真落实，于{_cn_date(deadline)}前"
                "书面报送整改情况。"
            ),
        )
        span = max((deadline - notice_day).days, 5)
        roll = rng.random()
        recent = (w.today - notice_day).days < 150
        if force in ("due_soon", "overdue"):
            done: dt.date | None = None
        elif roll < 0.78:
            done = w.cal.roll_forward(
                notice_day + dt.timedelta(days=int(span * rng.uniform(0.3, 1.0)))
            )
            done = min(done, deadline)
        elif roll < 0.92 or not recent:
            done = w.wd(deadline, rng.randint(2, 25))
        else:
            done = None
        self.follow_up(unit, rec, notice_day, deadline, done)
        return rec, done

    def follow_up(
        self, unit: _Unit, rec: _Rec, notice_day: dt.date, deadline: dt.date, done: dt.date | None
    ) -> None:
        """Progress reports, 回头看 and 销号 of one item, up to today."""
        w, rng = self.w, self.rng
        values, children = rec.values, rec.children
        # progress reports
        cursor = w.wd(notice_day, rng.randint(3, 10))
        finished = done is not None and done <= w.today
        stop = done if done is not None and finished else w.today
        reports = 0
        while cursor <= stop and reports < 3:
            last = finished and (reports == 2 or w.wd(cursor, 15) > stop)
            if last:
                cursor = stop
            children["rect_progress"].append(
                {
                    "date": cursor,
                    "content": (
                        "已完成整改并建立长效机制，申请验收。"
                        if last
                        else rng.choice(
                            (
                                "已召开专题会议研究部署整改工作，制定整改方案，明确责任人和完成时限。",
                                "整改工作正在推进，已完成部分整改任务。",
                                "已清退相关款项，正在完善相关制度。",
                            )
                        )
                    ),
                    "materials": rng.choice(
                        ("整改方案、会议记录", "退款凭证、收据", "整改报告及相关制度文件", None)
                    ),
                }
            )
            reports += 1
            if last:
                break
            cursor = w.wd(cursor, rng.randint(8, 20))
        if done is None or done > w.today:
            values["status"] = "整改中" if children["rect_progress"] else "待整改"
            if deadline < w.today or rng.random() < 0.5:
                values["unfinished_reason"] = rng.choice(
                    (
                        "涉及资金追缴，部分款项尚未退回，计划于本月底前完成。",
                        "涉及多个部门协调，正在推进，计划下月完成。",
                        "相关制度正在履行审议程序，审议通过后即印发。",
                    )
                )
            return
        values["status"] = "已整改待验收"
        check = w.wd(done, rng.randint(3, 15))
        passed_day: dt.date | None = None
        tries = 0
        while check <= w.today and tries < 2:
            tries += 1
            onsite = rng.random() < 0.3
            passed = tries == 2 or rng.random() < 0.88
            result = (
                f"实地查看{unit.name}相关台账和现场，问题已整改到位。"
                if onsite
                else f"审阅{unit.name}报送的整改报告及佐证材料，整改措施落实到位。"
            )
            if not passed:
                result = (
                    "实地查看发现部分问题仍未整改到位，责令继续整改。"
                    if onsite
                    else "报送材料不完整，部分整改措施未落实，责令继续整改。"
                )
            children["rect_checks"].append(
                {
                    "date": check,
                    "method": "实地查看" if onsite else "书面材料",
                    "result": result,
                    "passed": passed,
                    "checker": rng.choice(tuple(r[1] for r in ROOMS[:3]) + CADRES),
                    "evidence": (
                        ("现场照片、整改台账" if onsite else "整改报告、退款凭证复印件")
                        if passed
                        else None
                    ),
                }
            )
            if passed:
                passed_day = check
                break
            values["status"] = "整改中"
            values["unfinished_reason"] = "回头看发现整改不彻底，已责令继续整改。"
            check = w.wd(check, rng.randint(10, 20))
        if passed_day is None:
            return
        values["status"] = "已整改待验收"
        values["unfinished_reason"] = None
        closed = w.wd(passed_day, rng.randint(0, 4))
        if closed > w.today:
            return
        values.update(
            status="已销号",
            closed_date=closed,
            closed_by=rng.choice((ROOMS[2][1], *DEPUTIES)),
            closure_evidence="回头看检查通过，整改资料齐全，同意销号。",
        )
        if rng.random() < 0.3:
            values["rules_made"] = rng.choice(_RULES)
        if rng.random() < 0.25:
            self.attachment(
                f"整改报告-{unit.name}-{done.isoformat()}.pdf",
                "整改情况报告（扫描件）",
                "rectifications",
                rec.ref,
                done,
                "责任单位报送的整改情况报告",
            )

    def make_holiday_letters(self) -> None:
        w = self.w
        for year in range(w.start.year, w.today.year + 1):
            for name, month, day in (("元旦春节", 1, 2), ("中秋国庆", 9, 10)):
                issued = w.cal.roll_forward(dt.date(year, month, day) + dt.timedelta(days=5))
                if issued > w.today:
                    continue
                self.document(
                    "提醒函",
                    f"关于{year}年{name}期间严守纪律规矩的提醒函",
                    issued,
                    "各乡镇（街道）、县直各单位",
                    None,
                    None,
                )

    # -- documents and attachments --------------------------------------------------------

    def document(
        self,
        kind: str,
        title: str,
        day: dt.date,
        addressee: str | None,
        linked_table: str | None,
        linked: _Ref | None,
        *,
        notes: str | None = None,
    ) -> _Rec:
        return self.out.add(
            "documents",
            {
                "kind": kind,
                "title": title[:200],
                "issued_date": day,
                "addressee": addressee,
                "linked_table": linked_table,
                "linked_id": linked,
                "notes": notes,
                "voided": False,
            },
            day=day,
        )

    def attachment(
        self,
        filename: str,
        title: str,
        linked_table: str,
        linked: _Ref,
        day: dt.date,
        notes: str,
    ) -> None:
        self.out.add(
            "attachments",
            {
                "filename": filename,
                "linked_table": linked_table,
                "linked_id": linked,
                "notes": notes,
                "_title": title,
            },
            day=day,
        )


# -- canonical values -------------------------------------------------------------------

_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    table: tuple((f.name, f.type) for f in k.fields) for table, k in KINDS.items()
}


def _derived(table: str) -> tuple[str, ...]:
    """Columns the write path derives for a table (records.derived_values)."""
    found = KINDS[table].derived
    return found.columns if found is not None else ()


def _canon_value(ftype: str, value: Any) -> Any:
    """The value exactly as `records.normalize` would store it."""
    if value is None:
        return 0 if ftype == "bool" else None
    if isinstance(value, _Ref):
        return value.id
    if ftype == "bool":
        return 1 if value else 0
    if ftype == "date":
        return value.isoformat() if isinstance(value, dt.date) else value
    if ftype == "dict_list":
        return json.dumps([str(v) for v in value], ensure_ascii=False) if value else None
    if ftype == "text":
        text = str(value).strip()
        return text or None
    return value


def _canon(table: str, values: dict[str, Any]) -> dict[str, Any]:
    return {name: _canon_value(ftype, values.get(name)) for name, ftype in _FIELDS[table]}


def _attachment_pdf(rec: _Rec) -> bytes:
    """Scans are stand-ins too: one placeholder per kind of scan (the store keeps files by
    content, so all attachments of a kind share one stored file)."""
    return _scan_pdf(str(rec.values["_title"]))


@functools.lru_cache(maxsize=64)
def _scan_pdf(title: str) -> bytes:
    return _pdf_page(title, ["（签字页扫描件）"])


# -- writing: the validated path --------------------------------------------------------


_VALIDATED_ORDER = (
    *(t for t in WRITE_ORDER if t not in ("documents", "attachments")),
    "documents",
    "attachments",
)


def _write_validated(store: Store, plan: Plan, files: list[Path], tick: Callable[[], None]) -> None:
    """Copy 0 through the public API: validated, rule-checked, audited row by row.

    Documents are issued after the records they concern, each rendered by the real
    notice renderer from those records; the records' references to them are set then.
    """
    root = store.path.parent
    refs: dict[int, list[tuple[str, int, str]]] = {}  # document id -> (table, id, field)
    with tempfile.TemporaryDirectory(prefix="qingfeng-demo-") as tmp:
        for table in _VALIDATED_ORDER:
            for rec in plan.get(table, ()):
                if table == "documents":
                    _issue(store, rec, files, refs)
                elif table == "attachments":
                    source = Path(tmp) / str(rec.values["filename"])
                    data = _attachment_pdf(rec)
                    source.write_bytes(data)
                    digest = hashlib.sha256(data).hexdigest()
                    # scans share stored files (kept by content): remember only new ones
                    existed = any(
                        (root / attachments.ATTACHMENTS_DIR / digest[:2]).glob(f"{digest}*")
                    )
                    attachment_id = attachments.add(
                        store,
                        source,
                        str(rec.values["linked_table"]),
                        int(rec.values["linked_id"].id),
                        str(rec.values["notes"]),
                    )
                    _expect_id(table, attachment_id, rec)
                    if not existed:
                        stored = records.get(store, "attachments", attachment_id)["stored_path"]
                        files.append(root / str(stored))
                else:
                    values = {"id": rec.ref.id, **_canon(table, rec.values)}
                    for name in _DOCUMENT_REFS.get(table, ()):
                        if values.get(name) is not None:
                            refs.setdefault(int(values[name]), []).append((table, rec.ref.id, name))
                            values[name] = None
                    children = {
                        child: [{"id": row["id"], **_canon(child, row)} for row in rows]
                        for child, rows in rec.children.items()
                    }
                    records.insert(store, table, values, children)
                tick()


def _issue(
    store: Store, rec: _Rec, files: list[Path], refs: dict[int, list[tuple[str, int, str]]]
) -> None:
    """Issue one planned document through the real renderer, then point its records at it."""
    from desktop.domain import notices

    values = rec.values
    linked = values["linked_id"]
    linked_id = linked.id if isinstance(linked, _Ref) else linked
    if values["kind"] == "督办函":  # the register notes the deadline the letter prints
        due = notices.supervision_deadline(store, values["issued_date"])
        values["notes"] = f"要求于{_cn_date(due)}前整改到位并书面报告"
    row = numbering.issue(
        store,
        kind=str(values["kind"]),
        title=str(values["title"]),
        issued_date=values["issued_date"],
        addressee=values["addressee"],
        linked_table=values["linked_table"],
        linked_id=linked_id,
        render=lambda number: _render(store, rec, number, lambda d: _planned_items(refs, d)),
        notes=values["notes"],
    )
    files.append(store.path.parent / str(row["pdf_path"]))
    _expect_id("documents", int(row["id"]), rec)
    for table, record_id, name in refs.pop(rec.ref.id, []):
        records.update(store, table, record_id, {name: rec.ref.id})
    if values.get("voided"):
        records.update(store, "documents", int(row["id"]), {"voided": 1})


def _planned_items(refs: Mapping[int, list[tuple[str, int, str]]], doc_id: int) -> list[int]:
    return [rid for table, rid, _ in refs.get(doc_id, []) if table == "rectifications"]


def _stored_items(store: Store, doc_id: int) -> list[int]:
    return [
        int(r[0])
        for r in store.db.execute(
            "SELECT id FROM rectifications WHERE notice_document_id = ?"
            " OR escalation_document_id = ? ORDER BY found_date, id",
            [doc_id, doc_id],
        )
    ]


def _render(store: Store, rec: _Rec, number: str, items_of: Callable[[int], list[int]]) -> bytes:
    """The document's PDF from the records it concerns, by the application's renderer
    (desktop.domain.notices); `items_of(document id)` names the rectification items."""
    from desktop.domain import notice_kinds, notices

    values = rec.values
    kind, title = str(values["kind"]), str(values["title"])
    day: dt.date = values["issued_date"]
    addressee = str(values["addressee"] or "")
    doc_id = rec.ref.id
    if values["linked_table"] is None and values.get("voided"):
        doc_id += 1  # a notice voided for its addressee: its replacement follows it
    else:
        addressee = ""
    items = items_of(doc_id)
    letter, person = None, None
    if values["linked_table"] == "clues":  # a 提醒函 to one reported person of the clue
        person = store.scalar(
            "SELECT p.id FROM clue_persons cp JOIN persons p ON p.id = cp.person_id"
            " WHERE cp.clue_id = ? AND p.name || '同志' = ?",
            [values["linked_id"].id, values["addressee"]],
        )
    if values["linked_table"] is None and not items:
        name = re.sub(r"^关于\d{4}年|期间.*$", "", title)
        text = HOLIDAY_LETTER.format(name=name)
        letter = notice_kinds.Letter(str(values["addressee"]), title, text)
    linked = values["linked_id"]
    return notices.render_registered(
        store,
        kind,
        linked.id if isinstance(linked, _Ref) else linked,
        day,
        number,
        title=title,
        addressee=addressee or None,
        items=items or None,
        letter=letter,
        person=int(person) if person is not None else None,
    )


def _expect_id(table: str, got: int, rec: _Rec) -> None:
    if got != rec.ref.id:
        raise RuntimeError(f"demo {table}: expected id {rec.ref.id}, store gave {got}")


# -- writing: the bulk path -------------------------------------------------------------


class _Bulk:
    """Copies 1..N-1: rows canonical by construction, written with executemany."""

    def __init__(self, store: Store, files: list[Path]) -> None:
        self.store = store
        self.files = files
        self.now = store.now()
        self.rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        self.pending = 0
        self.counts: dict[str, int] = defaultdict(int)
        self.first: dict[str, int] = {}
        self.last: dict[str, int] = {}
        self.serials: dict[tuple[str, int], int] = {}
        for kind, year, last in store.db.execute(
            "SELECT kind, year, MAX(serial) FROM documents GROUP BY kind, year"
        ):
            self.serials[(str(kind), int(year))] = int(last)
        for kind, year, last in store.db.execute("SELECT kind, year, last FROM doc_counters"):
            key = (str(kind), int(year))
            self.serials[key] = max(self.serials.get(key, 0), int(last))
        self.codes: dict[str, str] = {}
        self.documents: list[tuple[_Rec, str, str]] = []
        self.columns = {
            table: (
                "id",
                *(name for name, _ in _FIELDS[table]),
                *_derived(table),
                "created_at",
                "updated_at",
            )
            for table in _FIELDS
        }

    def add(self, plan: Plan) -> None:
        for table in WRITE_ORDER:
            for rec in plan.get(table, ()):
                if table == "documents":
                    values = self.document(rec)
                elif table == "attachments":
                    values = self.attachment(rec)
                else:
                    values = _canon(table, rec.values)
                self.push(table, rec.ref.id, values)
                for child in KINDS[table].children:
                    for row in rec.children.get(child.table, ()):
                        self.push(child.table, int(row["id"]), _canon(child.table, row))
        if self.pending >= FAST_CHUNK_ROWS:
            self.flush()

    def push(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        derived = records.derived_values(KINDS[table], values)  # a name's pinyin keys
        self.rows[table].append(
            (
                row_id,
                *(values[name] for name, _ in _FIELDS[table]),
                *(derived[name] for name in _derived(table)),
                self.now,
                self.now,
            )
        )
        self.pending += 1
        self.counts[table] += 1
        self.first.setdefault(table, row_id)
        self.last[table] = row_id

    def flush(self) -> None:
        for table in _ORDER_WITH_CHILDREN:
            rows = self.rows.pop(table, None)
            if not rows:
                continue
            columns = self.columns[table]
            self.store.db.conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)})"
                f" VALUES ({', '.join('?' for _ in columns)})",
                rows,
            )
        self.pending = 0

    def document(self, rec: _Rec) -> dict[str, Any]:
        values = _canon("documents", rec.values)
        kind = str(values["kind"])
        day = rec.values["issued_date"]
        if kind == "督办函":  # the register notes the deadline the letter prints
            from desktop.domain import notices

            due = notices.supervision_deadline(self.store, day)
            values["notes"] = f"要求于{_cn_date(due)}前整改到位并书面报告"
        year = int(day.year)
        serial = self.serials.get((kind, year), 0) + 1
        self.serials[(kind, year)] = serial
        if kind not in self.codes:
            self.codes[kind] = numbering.code_for(self.store, kind)
        code = self.codes[kind]
        number = numbering.format_number(code, year, serial)
        # the PDF is made in finish(), once the records it concerns are written
        self.documents.append((rec, number, f"{kind}-{year}-{serial:04d}"))
        values.update(
            number=number,
            code=code,
            year=year,
            serial=serial,
            pdf_path=None,
            sha256=None,
            operator=self.store.operator,
        )
        return values

    def render_documents(self) -> None:
        """Each document's PDF by the application's renderer, from its stored records."""
        for rec, number, stem in self.documents:
            pdf = _render(self.store, rec, number, lambda d: _stored_items(self.store, d))
            digest = hashlib.sha256(pdf).hexdigest()
            year = rec.values["issued_date"].year
            relative = Path(numbering.DOCUMENTS_DIR) / str(year) / f"{stem}-{digest[:8]}.pdf"
            self.write_file(relative, pdf)
            self.store.db.execute(
                "UPDATE documents SET pdf_path = ?, sha256 = ? WHERE id = ?",
                [relative.as_posix(), digest, rec.ref.id],
            )
        self.documents.clear()

    def attachment(self, rec: _Rec) -> dict[str, Any]:
        data = _attachment_pdf(rec)
        digest = hashlib.sha256(data).hexdigest()
        filename = str(rec.values["filename"])
        relative = (
            Path(attachments.ATTACHMENTS_DIR)
            / digest[:2]
            / (digest + Path(filename).suffix.lower())
        )
        self.write_file(relative, data)
        values = _canon("attachments", rec.values)
        values.update(
            stored_path=relative.as_posix(),
            sha256=digest,
            size=len(data),
            added_by=self.store.operator,
        )
        return values

    def write_file(self, relative: Path, data: bytes) -> None:
        target = self.store.path.parent / relative
        if target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(encryption.seal(self.store.key, data))  # encrypted if the store is
        self.files.append(target)

    def finish(self, scale: int) -> None:
        self.flush()
        self.render_documents()
        for (kind, year), last in sorted(self.serials.items()):
            self.store.db.execute(
                "INSERT INTO doc_counters(kind, year, last) VALUES (?, ?, ?)"
                " ON CONFLICT(kind, year) DO UPDATE SET last = MAX(last, excluded.last)",
                [kind, year, last],
            )
        for table in _ORDER_WITH_CHILDREN:
            if not self.counts.get(table):
                continue
            audit.write(
                self.store,
                "import",
                table,
                None,
                None,
                {
                    "source": "演示数据（批量生成）",
                    "scale": scale,
                    "copies": f"2-{scale}",
                    "rows": self.counts[table],
                    "first_id": self.first[table],
                    "last_id": self.last[table],
                },
            )


_ORDER_WITH_CHILDREN: tuple[str, ...] = tuple(
    name
    for table in WRITE_ORDER
    for name in (table, *(child.table for child in KINDS[table].children))
)


# -- entry point ------------------------------------------------------------------------


def _refuse_if_not_empty(store: Store) -> None:
    for table in (*KINDS, "recycle_bin"):
        if store.scalar(f"SELECT 1 FROM {table} LIMIT 1") is not None:
            raise UserError(
                "当前数据库中已有记录，不能写入演示数据（以免与真实台账混在一起）。"
                "请新建一个空的数据目录后再生成演示数据。"
            )


def _plan_size(plan: Plan) -> int:
    return sum(len(recs) for recs in plan.values())


def seed(
    store: Store,
    *,
    scale: int = 1,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Fill an empty store with the demo office; returns the number of rows per table.

    `scale` multiplies persons, talks, clues, inquiries, inspections and rectification
    items (units grow by ~25 every ten copies). Raises UserError if the store already
    holds records. One transaction: on any failure nothing is written.
    """
    if isinstance(scale, bool) or not isinstance(scale, int) or scale < 1:
        raise UserError(f"演示数据倍数应为正整数（现为 {scale!r}）")
    today = today or store.today()
    world = _World(today, WorkCalendar.default())
    files: list[Path] = []
    done = 0
    total = 0

    def report(step: int = 1) -> None:
        nonlocal done
        done += step
        if progress is not None and (done % 50 == 0 or done >= total):
            progress(min(done, total), total)

    try:
        with store.transaction():
            _refuse_if_not_empty(store)  # inside the write lock: nobody adds records meanwhile
            for key, value in OFFICE_SETTINGS.items():
                store.set_setting(key, value)
            short = OFFICE_SETTINGS["office_short"]
            for item in dictionaries.items(store, "notice_kind"):
                store.set_setting(f"doc_code.{item.label}", short + str(item.extra.get("code", "")))
            plan = _Copy(world, 0).build()
            size = _plan_size(plan)
            total = size * scale
            if progress is not None:
                progress(0, total)
            _write_validated(store, plan, files, report)
            done = size
            if scale > 1:
                bulk = _Bulk(store, files)
                for index in range(1, scale):
                    bulk.add(_Copy(world, index).build())
                    done = size * (index + 1)
                    if progress is not None:
                        progress(done, total)
                bulk.finish(scale)
    except BaseException:
        for path in files:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    if progress is not None:
        progress(total, total)
    return {table: int(store.scalar(f"SELECT COUNT(*) FROM {table}")) for table in KINDS}
