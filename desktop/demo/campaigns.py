"""The office's campaigns (专项工作) of each year and what belongs to them: the inspections,
clues, rectification items and 建议书 already planned are tied to them, and their
activities (警示教育, 网上答题, 述责述廉 with 测评), 通报 with their items (each issued as a
numbered document, its wording derived from the records it reports), 通报曝光 and 问责
are planned here.

Planned after the rest of a copy, on a random stream of its own, so every record the demo
held before (and every figure counted from them) is as it was.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.demo.people import ROOMS, SECRETARY
from desktop.demo.plan import SEED, _Clue, _Person, _Rec, _Unit
from desktop.demo.world import _cn_date, _decision_text, _pick

if TYPE_CHECKING:
    from desktop.demo.office import _Copy


@dataclass(frozen=True)
class _Activity:
    kind: str
    title: str  # {year}
    month: int
    day: int
    place: str
    units: str  # towns, depts, all, none
    sessions: tuple[int, int] = (1, 1)
    attendance: tuple[int, int] | None = None  # typed 人次 (None: the persons listed)
    persons: str | None = None  # towns or depts: their heads are listed, with 测评 results
    results: str = ""


@dataclass(frozen=True)
class _CampaignSpec:
    name: str  # {year}
    theme: str
    start: tuple[int, int]
    lead: str
    inspections: tuple[str, ...]  # words of the inspection themes it takes in
    findings: tuple[str, ...]  # words of the findings it takes in from other inspections
    clues: Callable[[_Clue], bool]
    activities: tuple[_Activity, ...]
    bulletin: str  # 督查通报 (its items are rectification items) or 典型案例通报 (cases)
    bulletin_title: str  # {year}; a 督查通报 is titled after the inspection it reports
    notes: str


_PUBLICITY = "县纪委监委宣传部"
_ASSESSMENT = (("好", 62), ("较好", 30), ("一般", 8))
_RATING = (("优秀", 25), ("称职", 68), ("基本称职", 7))

CAMPAIGNS: tuple[_CampaignSpec, ...] = (
    _CampaignSpec(
        "{year}年元旦春节等节日期间纠治“四风”专项检查",
        "节日期间",
        (1, 1),
        ROOMS[2][0],
        ("期间落实中央八项规定精神",),
        (),
        lambda clue: False,
        (
            _Activity(
                "警示教育",
                "{year}年元旦春节前全县警示教育大会",
                1,
                12,
                "县委党校报告厅",
                "all",
                attendance=(1000, 1400),
                results="通报近年来查处的节日期间违规吃喝、收送礼品礼金典型案例，观看警示教育片。",
            ),
            _Activity(
                "廉政教育",
                "{year}年中秋国庆节前集体廉政谈话暨廉政教育",
                9,
                8,
                "县委党校报告厅",
                "towns",
                attendance=(260, 360),
                results="节前集中开展廉政教育，重申节日期间“十个严禁”纪律要求。",
            ),
        ),
        "督查通报",
        "",
        "紧盯元旦、春节、清明、五一、端午、中秋、国庆等重要节点，开展明察暗访和专项检查，"
        "严查违规吃喝、违规收送礼品礼金、公车私用等问题。",
    ),
    _CampaignSpec(
        "{year}年整治群众身边不正之风和腐败问题专项工作",
        "民生资金",
        (3, 1),
        ROOMS[0][0],
        ("群众身边", "惠民惠农", "乡村振兴", "粮食购销", "医保基金", "三资"),
        ("惠民补贴", "低保", "村级财务", "医保报销"),
        lambda clue: "群众纪律" in clue.template.disciplines or clue.template.target == "village",
        (
            _Activity(
                "警示教育",
                "群众身边腐败问题警示教育片集中观看",
                4,
                18,
                "各乡镇（街道）会议室",
                "towns",
                sessions=(12, 18),
                attendance=(1100, 1500),
                results="组织基层党员干部集中观看警示教育片《蝇贪之害》，开展以案说纪。",
            ),
            _Activity(
                "培训/答题",
                "{year}年党章党规党纪知识网上答题",
                6,
                10,
                "网上答题平台",
                "all",
                attendance=(6000, 6800),
                results="全县党员干部参与党章党规党纪知识网上答题。",
            ),
        ),
        "典型案例通报",
        "关于{year}年群众身边不正之风和腐败问题典型案例的通报",
        "聚焦惠民惠农资金、村级“三资”管理、粮食购销、医保基金等领域，"
        "督促职能部门自查自纠，严查群众身边“蝇贪蚁腐”。",
    ),
    _CampaignSpec(
        "{year}年优化营商环境专项监督",
        "营商环境",
        (4, 1),
        ROOMS[2][0],
        ("营商环境", "窗口单位", "招投标"),
        ("窗口服务", "一次性告知"),
        lambda clue: False,
        (
            _Activity(
                "走访/抽查",
                "优化营商环境监督走访",
                5,
                20,
                "县政务服务中心及相关企业",
                "depts",
                sessions=(6, 10),
                results="走访企业，抽查窗口单位办事流程，收集企业反映问题并督促相关部门整改。",
            ),
            _Activity(
                "会议",
                "优化营商环境专项监督推进会",
                7,
                15,
                "县纪委监委会议室",
                "depts",
                attendance=(60, 90),
                results="通报前期监督发现问题，部署下一阶段重点任务。",
            ),
        ),
        "督查通报",
        "",
        "围绕窗口服务、招投标、涉企检查等环节开展监督，督促职能部门转变作风、提升效能。",
    ),
    _CampaignSpec(
        "{year}年机关作风建设专项整治",
        "作风建设",
        (2, 1),
        ROOMS[2][0],
        ("作风建设", "午间饮酒", "公务用车"),
        ("脱岗", "值班值守"),
        lambda clue: clue.template.four_winds is not None,
        (
            _Activity(
                "述责述廉",
                "{year}年乡镇（街道）党（工）委书记述责述廉",
                2,
                20,
                "县委常委会议室",
                "none",
                persons="towns",
                results="听取各乡镇（街道）党（工）委书记上年度履行全面从严治党主体责任情况汇报，"
                "现场书面质询，开展民主测评。",
            ),
        ),
        "典型案例通报",
        "关于{year}年违反中央八项规定精神和作风问题典型案例的通报",
        "针对“慵懒散慢浮”等作风问题开展明察暗访，对发现的问题督促立行立改、严肃问责。",
    ),
)

# Outside any campaign: the year's 党风廉政建设责任制考核 of the county departments.
_YEARLY = _Activity(
    "责任制考核/测评",
    "{year}年度县直单位党风廉政建设责任制考核",
    12,
    10,
    "各被考核单位",
    "none",
    persons="depts",
    results="听取汇报、查阅资料、个别谈话，对各单位主要负责人履行第一责任人职责情况进行测评。",
)


class _CampaignPlanner:
    """Plans one copy's campaigns from the records the copy already holds."""

    def __init__(self, copy: _Copy) -> None:
        self.c = copy
        self.w = copy.w
        self.rng = random.Random(f"{SEED}/{copy.index}/campaigns")
        self.out = copy.out
        self.unit_of = {id(u.ref): u for u in copy.units}
        self.towns = [u for u in copy.units if u.kind == "乡镇/街道"]
        self.depts = [u for u in copy.units if u.kind == "区直部门"]
        self.taken: set[int] = set()  # clues already named in a 典型案例通报
        # the copies of a scaled demo run their campaigns in batches of their own, so that
        # a campaign's name (which the statistics filter by) stays one campaign's
        self.batch = f"（第{copy.index + 1}批）" if copy.index else ""

    def build(self) -> None:
        for year in range(self.w.start.year, self.w.today.year + 1):
            for spec in CAMPAIGNS:
                self.campaign(spec, year)
            self.activity(_YEARLY, year, None)
        self.escalated_accountability()

    # -- a campaign ----------------------------------------------------------------------

    def campaign(self, spec: _CampaignSpec, year: int) -> None:
        w = self.w
        start = dt.date(year, *spec.start)
        if start > w.today:
            return
        end: dt.date | None = dt.date(year, 12, 31)
        if end is not None and end > w.today:
            end = None  # still running
        last = end or w.today
        inspections = [
            rec
            for rec in self.out.plan["inspections"]
            if start <= rec.values["start_date"] <= last
            and any(word in rec.values["theme"] for word in spec.inspections)
        ]
        taken = {id(rec.ref) for rec in inspections}
        items = [
            rec
            for rec in self.out.plan["rectifications"]
            if start <= rec.values["found_date"] <= last
            and id(rec.values["inspection_id"]) not in taken
            and any(word in rec.values["finding"] for word in spec.findings)
        ]
        clues = [c for c in self.c.clues if start <= c.received <= last and spec.clues(c)]
        chosen = {id(c.rec.ref) for c in clues}
        proposals = [p for p, clue in self.c.proposals if id(clue.rec.ref) in chosen]
        units = {id(u): u for rec in inspections for u in self.inspected(rec)}
        rec = self.out.add(
            "campaigns",
            {
                "name": spec.name.format(year=year) + self.batch,
                "theme": spec.theme,
                "start_date": start,
                "end_date": end,
                "lead_office": spec.lead,
                "notes": spec.notes,
            },
            day=start,
            children={"campaign_units": [{"unit_id": u.ref} for u in units.values()]},
        )
        for linked, table in (
            *((r, "inspection_campaigns") for r in inspections),
            *((r, "rect_campaigns") for r in items),
            *((c.rec, "clue_campaigns") for c in clues),
            *((r, "proposal_campaigns") for r in proposals),
        ):
            linked.children.setdefault(table, []).append({"campaign_id": rec.ref})
        for activity in spec.activities:
            self.activity(activity, year, rec)
        if spec.bulletin == "督查通报":
            self.inspection_bulletin(spec, rec, inspections)
        else:
            self.case_bulletin(spec, year, rec, clues)

    def inspected(self, inspection: _Rec) -> list[_Unit]:
        return [self.unit_of[id(row["unit_id"])] for row in inspection.children["inspection_units"]]

    # -- activities ----------------------------------------------------------------------

    def activity(self, spec: _Activity, year: int, campaign: _Rec | None) -> None:
        w, rng = self.w, self.rng
        day = w.cal.roll_forward(dt.date(year, spec.month, spec.day))
        if day > w.today:
            return
        units = {
            "towns": self.towns,
            "depts": self.depts,
            "all": self.towns + self.depts,
            "none": [],
        }[spec.units]
        persons: list[dict[str, Any]] = []
        if spec.persons is not None:
            for unit in self.towns if spec.persons == "towns" else self.depts:
                for head in self.c.holders(unit, day, ("head",))[:1]:
                    persons.append(self.assessed(head, spec.kind))
        attendance = None
        if spec.attendance is not None:
            attendance = rng.randint(*spec.attendance) // 10 * 10
        children: dict[str, list[dict[str, Any]]] = {
            "activity_units": [{"unit_id": u.ref} for u in units],
            "activity_persons": persons,
            "activity_campaigns": [{"campaign_id": campaign.ref}] if campaign else [],
        }
        rec = self.out.add(
            "activities",
            {
                "kind": spec.kind,
                "title": spec.title.format(year=year),
                "date": day,
                "end_date": None,
                "place": spec.place,
                "organizer": _PUBLICITY if spec.attendance else ROOMS[2][0],
                "sessions": rng.randint(*spec.sessions),
                "attendance": attendance,
                "results": spec.results,
                "notes": None,
            },
            day=day,
            children=children,
        )
        if persons:
            self.c.attachment(
                f"测评汇总表-{day.isoformat()}.pdf",
                "民主测评汇总表（扫描件）",
                "activities",
                rec.ref,
                day,
                "现场测评票汇总表",
            )

    def assessed(self, person: _Person, kind: str) -> dict[str, Any]:
        rng = self.rng
        if kind == "述责述廉":
            role, result = "述责述廉对象", _pick(rng, _ASSESSMENT)
        else:
            role, result = "测评对象", _pick(rng, _RATING)
        return {
            "person_id": person.ref,
            "role": role,
            "assessment": result,
            "score": f"{rng.uniform(82, 98):.1f}",
            "notes": None,
        }

    # -- 通报 ----------------------------------------------------------------------------

    def inspection_bulletin(
        self, spec: _CampaignSpec, campaign: _Rec, inspections: list[_Rec]
    ) -> None:
        """A 督查通报 of the problems the campaign's first inspection with two or more
        findings found, titled after that inspection."""
        w, rng = self.w, self.rng
        for inspection in sorted(inspections, key=lambda r: r.values["start_date"]):
            found = [
                r
                for r in self.out.plan["rectifications"]
                if r.values["inspection_id"] is inspection.ref
            ]
            if len(found) >= 2:
                break
        else:
            return
        items = found[: rng.randint(2, 5)]
        day = w.wd(max(r.values["found_date"] for r in items), rng.randint(8, 15))
        if day > w.today:
            return
        rows = []
        for item in items:
            unit = self.unit_of[id(item.values["unit_id"])]
            rows.append(
                {
                    "summary": f"{unit.name}：{item.values['finding']}",
                    "clue_id": None,
                    "rect_id": item.ref,
                    "person_id": None,
                    "unit_id": unit.ref,
                    "handling": "已下发整改通知，责令限期整改。"
                    if item.values["notice_document_id"] is not None
                    else "责令立行立改。",
                }
            )
        theme = str(inspection.values["theme"])
        start: dt.date = inspection.values["start_date"]
        end: dt.date | None = inspection.values["end_date"]
        year = start.year
        title = f"关于{'' if str(year) in theme else f'{year}年'}{theme}发现问题的通报"
        units = self.inspected(inspection)
        named = "、".join(u.name for u in units[:3]) + ("等" if len(units) > 3 else "")
        when = f"{_cn_date(start)}至{_cn_date(end)}" if end else f"{_cn_date(start)}起"
        summary = (
            f"按照{campaign.values['name']}工作部署，{when}，县纪委监委对{named}"
            f"{len(units)}个单位开展{theme}，共发现问题{len(found)}个。"
        )
        deadlines = [r.values["deadline"] for r in items if r.values.get("deadline")]
        due = max(deadlines) if deadlines and max(deadlines) > day else w.wd(day, 15)
        requirements = (
            f"被通报单位要认真对照问题立行立改，于{_cn_date(due)}前将整改情况书面报告"
            f"县纪委监委{spec.lead}。各单位要举一反三，深入开展自查自纠，坚决防止类似问题发生。"
        )
        self.bulletin(spec, title, campaign, day, rows, summary, requirements)

    def case_bulletin(
        self, spec: _CampaignSpec, year: int, campaign: _Rec, clues: list[_Clue]
    ) -> None:
        """A 典型案例通报 of the campaign's cases closed by then, each exposed on the
        website afterwards, and the 问责 of the unit heads who answer for them."""
        w, rng = self.w, self.rng
        day = w.cal.roll_forward(dt.date(year, 11, 20))
        if day > w.today:
            day = w.back(w.today, 10)
        closed = [
            c
            for c in clues
            if c.rec.values.get("closed_date") is not None
            and c.rec.values["closed_date"] <= w.back(day, 5)
            and id(c.rec.ref) not in self.taken
        ]
        if len(closed) < 2:
            return
        cases = closed[-rng.randint(2, 5) :]
        rows = []
        exposures: list[dict[str, Any]] = []  # written after the 通报 they follow
        for clue in cases:
            self.taken.add(id(clue.rec.ref))
            person, post = clue.persons[0]
            labels = [
                (o["outcome"], o["decided_by"])
                for o in clue.rec.children["clue_outcomes"]
                if o["person_id"] is person.ref
            ]
            rows.append(
                {
                    "summary": f"{post.unit_name}{post.post}{person.name}"
                    f"{clue.template.fact}问题。",
                    "clue_id": clue.rec.ref,
                    "rect_id": None,
                    "person_id": person.ref,
                    "unit_id": post.unit.ref if post.unit else None,
                    "handling": f"{_decision_text(person.name, labels)}。" if labels else None,
                }
            )
            exposed = w.wd(day, rng.randint(1, 5))
            if exposed <= w.today:
                exposures.append(
                    {
                        "clue_id": clue.rec.ref,
                        "person_id": person.ref,
                        "date": exposed,
                        "channel": _pick(rng, (("门户网站", 60), ("微信公众号", 40))),
                        "notes": "典型案例通报后公开曝光",
                    }
                )
            self.head_accountable(clue, person, post.unit)
        bulletin = self.bulletin(
            spec,
            spec.bulletin_title.format(year=year),
            campaign,
            day,
            rows,
            self.case_summary(campaign, clues, day),
            "各级党组织要把本通报作为警示教育的重要内容，及时传达到全体党员干部，"
            "以案为鉴、以案促改，举一反三开展自查自纠，坚决防止类似问题发生。",
        )
        for exposure in exposures:
            self.out.add(
                "clue_exposures", {**exposure, "bulletin_id": bulletin.ref}, day=exposure["date"]
            )

    @staticmethod
    def case_summary(campaign: _Rec, clues: list[_Clue], day: dt.date) -> str:
        """通报情况 of a 典型案例通报: what the campaign's cases came to by its date."""
        received = [c for c in clues if c.received <= day]
        closed = [
            c
            for c in received
            if c.rec.values.get("closed_date") is not None and c.rec.values["closed_date"] <= day
        ]
        punished = {
            id(o["person_id"])
            for c in closed
            for o in c.rec.children["clue_outcomes"]
            if o["decided_by"] in ("县纪委常委会", "县监察委员会")
        }
        done = f"，给予党纪政务处分{len(punished)}人" if punished else ""
        return (
            f"{campaign.values['name']}开展以来，截至{_cn_date(day)}，县纪委监委共受理相关问题"
            f"线索{len(received)}件，办结{len(closed)}件{done}。为发挥典型案例警示教育作用，"
            "推动以案促改、以案促治，经研究，决定予以通报。"
        )

    def bulletin(
        self,
        spec: _CampaignSpec,
        title: str,
        campaign: _Rec,
        day: dt.date,
        rows: list[dict[str, Any]],
        summary: str,
        requirements: str,
    ) -> _Rec:
        """The 通报 record and the numbered document issued from it on its date."""
        scope = "各乡镇（街道）党（工）委，县直各单位党组（党委）"
        rec = self.out.add(
            "bulletins",
            {
                "kind": spec.bulletin,
                "title": title,
                "date": day,
                "scope": scope,
                "summary": summary,
                "requirements": requirements,
                "document_id": None,
                "notes": None,
            },
            day=day,
            children={
                "bulletin_items": rows,
                "bulletin_campaigns": [{"campaign_id": campaign.ref}],
            },
        )
        document = self.c.document(spec.bulletin, title, day, scope, "bulletins", rec.ref)
        rec.values["document_id"] = document.ref
        return rec

    # -- 问责 ------------------------------------------------------------------------------

    def head_accountable(self, clue: _Clue, culprit: _Person, unit: _Unit | None) -> None:
        """The head of the culprit's unit answers for it (领导责任), now and then."""
        w, rng = self.w, self.rng
        closed: dt.date = clue.rec.values["closed_date"]
        day = w.wd(closed, rng.randint(5, 20))
        if unit is None or day > w.today or rng.random() >= 0.5:
            return
        heads = [h for h in self.c.holders(unit, closed, ("head",)) if h is not culprit]
        if not heads:
            return
        self.accountability(
            person=heads[0],
            unit=None,
            method=_pick(rng, (("诫勉", 50), ("责令检查", 35), ("通报", 15))),
            day=day,
            reason=f"对{unit.name}发生{clue.template.fact}问题负有主要领导责任，"
            "落实全面从严治党主体责任不力",
            clue=clue.rec,
            decided_by="县纪委监委",
        )

    def escalated_accountability(self) -> None:
        """A unit whose items stayed open after a 督办函 is 通报 (问责), now and then."""
        w, rng = self.w, self.rng
        seen: set[int] = set()
        for item in self.out.plan["rectifications"]:
            letter = item.values.get("escalation_document_id")
            if letter is None or id(letter) in seen:
                continue
            seen.add(id(letter))
            day = w.wd(item.values["escalated_date"], rng.randint(10, 20))
            if day > w.today or rng.random() >= 0.4:
                continue
            unit = self.unit_of[id(item.values["unit_id"])]
            self.accountability(
                person=None,
                unit=unit,
                method="通报",
                day=day,
                reason=f"{unit.name}对监督检查发现问题整改不力，"
                f"{_cn_date(item.values['escalated_date'])}督办后仍未按期整改到位",
                rect=item,
                decided_by=f"县纪委监委（{SECRETARY}签批）",
            )

    def accountability(
        self,
        *,
        person: _Person | None,
        unit: _Unit | None,
        method: str,
        day: dt.date,
        reason: str,
        decided_by: str,
        clue: _Rec | None = None,
        rect: _Rec | None = None,
    ) -> None:
        self.out.add(
            "accountabilities",
            {
                "person_id": person.ref if person else None,
                "unit_id": unit.ref if unit else None,
                "method": method,
                "date": day,
                "reason": reason,
                "rect_id": rect.ref if rect else None,
                "clue_id": clue.ref if clue else None,
                "decided_by": decided_by,
                "notes": None,
            },
            day=day,
        )
