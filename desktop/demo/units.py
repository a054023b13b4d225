"""Units: the county's departments, towns and villages, with their posts."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


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
