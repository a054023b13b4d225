"""One copy of the office: persons, clues, talks, inquiries, inspections,
rectifications, documents."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from desktop.demo.campaigns import _CampaignPlanner
from desktop.demo.people import (
    CADRES,
    DEPUTIES,
    ROOMS,
    SECRETARY,
    STANDING,
    TALK_ROOM,
    _mobile,
    _name,
)
from desktop.demo.plan import (
    PERSONS_PER_COPY,
    SEED,
    Plan,
    _Clue,
    _Person,
    _Post,
    _Rec,
    _Ref,
    _Unit,
)
from desktop.demo.texts import (
    _AREAS,
    _CASE_FORMS,
    _CHANNELS,
    _CLUE_TEMPLATES,
    _DISPOSITIONS,
    _FILE_RATE,
    _FINDINGS,
    _FINDINGS_PER_UNIT,
    _FORWARD_TO,
    _HOLIDAYS,
    _INFORM_METHODS,
    _INSPECTION_THEMES,
    _INSPECTIONS_PER_YEAR,
    _LEVELS,
    _PETITION_KINDS,
    _POLICIES,
    _PRELIM_FORM1,
    _PROJECTS,
    _RULES,
    _SOURCES,
    _SUBSIDIES,
    _TALK_REASONS,
    _UNIT_ONLY_TEMPLATES,
)
from desktop.demo.units import _DEFAULT_STAFF_KIND, _FORMER_UNITS, _POSTS, PostSpec
from desktop.demo.world import (
    _cn_date,
    _cn_month,
    _decision_text,
    _pick,
    _PlanBuilder,
    _post_title,
    _World,
)

if TYPE_CHECKING:
    pass


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
        self.proposals: list[tuple[_Rec, _Clue]] = []  # each 建议书 and the case it follows
        self.deck: dict[int, int] = defaultdict(int)

    def build(self) -> Plan:
        self.make_persons()
        self.make_clues()
        self.make_talks()
        self.make_inspections()
        self.make_holiday_letters()
        self.delegated_lately()
        _CampaignPlanner(self).build()
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
        self.proposals.append((rec, clue))
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
