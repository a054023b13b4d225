"""Render every printed document kind with made-up demo data to docs/notices/*.png.

    .venv/bin/python scripts/render_notices.py [--pdf]   (needs pdftoppm from poppler-utils)

One PNG per kind, first page at 60 dpi; with --pdf the PDFs are kept beside them.
All names, units and numbers are invented (望川县 does not exist).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.documents.archive import (  # noqa: E402
    AccountabilityEntry,
    ActivityEntry,
    AssessmentEntry,
    ClueEntry,
    ExposureEntry,
    IntegrityArchive,
    PostEntry,
    RectificationEntry,
    SanctionEntry,
    TalkEntry,
    render_archive,
)
from desktop.documents.notice import render  # noqa: E402
from desktop.documents.talk_record import Exchange, TalkRecord, render_talk_record  # noqa: E402
from desktop.documents.templates import fill  # noqa: E402

OUT = ROOT / "docs" / "notices"

JIWEI = "中共望川县纪律检查委员会"
JIANWEI = "望川县监察委员会"
OFFICE = {
    "issuer": JIWEI,
    "abbr": "望",
    "date": dt.date(2026, 11, 23),
    "office": "县纪委监委党风政风监督室",
    "contact": "刘敏",
    "phone": "0000-6123456",
    "address": "望川县人民路18号县纪委监委",
    "printed_by": "中共望川县纪律检查委员会办公室",
}

DEMOS: dict[str, dict[str, object]] = {
    "整改通知书": {
        "number": "望纪发〔2026〕5号",
        "unit": "县自然资源局党组",
        "matter": "2026年第三季度落实中央八项规定精神专项督查",
        "basis": "县纪委监委2026年度监督检查工作计划",
        "inspection_date": dt.date(2026, 10, 14),
        "deadline": dt.date(2026, 11, 20),
        "problems": [
            "公务接待管理不规范。2026年1月至9月共接待23批次，其中8批次无公函，"
            "3批次陪餐人数超过规定标准",
            "公务用车使用登记不完整，部分派车单未注明用车事由和行驶里程",
            "财务报销审核把关不严，存在以会议费名义列支接待费用的情况，涉及金额4860元",
            "落实整改“回头看”要求不到位，上一轮巡察反馈的2个问题仍未销号",
        ],
        "requirements": [
            "严格执行公务接待“一函一单”制度，逐批次补齐公函和接待清单",
            "完善公务用车派车登记，逐单注明用车事由和行驶里程",
            "清理以会议费名义列支的接待费用，按规定调账并追回违规款项",
            "逐项对账上一轮巡察反馈问题，限期完成整改并申请销号",
        ],
        "cc": ["县委办公室", "县政府办公室", "县财政局"],
    },
    "整改函": {
        "number": "望纪改函〔2026〕4号",
        "unit": "县交通运输局",
        "matter": "2026年国庆节期间落实中央八项规定精神专项检查",
        "inspection_date": dt.date(2026, 10, 3),
        "deadline": dt.date(2026, 11, 13),
        "problems": [
            "公务用车停放管理不严，2辆公务用车节日期间未按规定封存停放",
            "值班值守制度落实不到位，10月3日带班领导不在岗",
        ],
        "requirements": [
            "严格执行公务用车节假日封存停放制度，逐车建立停放登记",
            "严肃值班纪律，对带班领导脱岗问题作出说明并追究相关责任",
        ],
    },
    "督办函": {
        "number": "望纪督函〔2026〕3号",
        "unit": "县住房和城乡建设局",
        "notice_date": dt.date(2026, 9, 8),
        "notice_title": "关于巡察反馈问题整改的通知",
        "notice_number": "望纪发〔2026〕2号",
        "old_deadline": dt.date(2026, 10, 31),
        "check_date": dt.date(2026, 11, 20),
        "problems": [
            "老旧小区改造项目工程款拨付台账未建立，资金支付审批流程不完整",
            "违规出借公租房2套的问题尚未清退到位",
        ],
        "deadline": dt.date(2026, 12, 15),
        "cc": ["县委巡察办"],
    },
    "提醒函": {
        "number": "望纪提函〔2026〕7号",
        "addressee": "县市场监督管理局",
        "matter": "加强节日期间廉洁自律",
        "problems": [
            "个别干部在工作日午间饮酒，群众有所反映",
            "执法记录仪使用管理不规范，部分执法活动未全程记录",
        ],
        "deadline": dt.date(2026, 12, 10),
    },
    "提醒函（个人）": {
        "number": "望纪提函〔2026〕8号",
        "person": "李卫东",
        "addressee": "李卫东同志",
        "problems": [
            "在工作日午间与管理服务对象一同饮酒",
            "多次在工作时间使用手机玩网络游戏，群众有所反映",
        ],
        "deadline": dt.date(2026, 12, 7),
    },
    "提醒函（通用）": {
        "number": "望纪提函〔2026〕9号",
        "addressee": "各乡镇（街道）党（工）委，县直各单位",
        "matter": "2027年元旦春节期间严守纪律规矩",
        "content": (ROOT / "resources" / "templates" / "samples" / "元旦春节期间廉洁提醒.txt")
        .read_text(encoding="utf-8")
        .strip(),
        "cc": ["县委办公室", "县政府办公室"],
    },
    "函询通知书": {
        "number": "望纪函询〔2026〕12号",
        "person": "张立新",
        "allegation": "在担任城关镇党委副书记期间违规接受管理服务对象宴请",
        "problems": [
            "2025年春节前后，是否接受辖区内企业负责人宴请，宴请的时间、地点、参加人员及费用承担情况",
            "是否收受上述企业负责人赠送的购物卡或礼品",
        ],
    },
    "谈话通知书": {
        "number": "望纪谈〔2026〕9号",
        "person": "陈志刚",
        "approver": "县纪委主要负责同志",
        "talk_time": dt.datetime(2026, 11, 27, 9, 0),
        "talk_time_cn": "2026年11月27日上午9时",
        "place": "县纪委监委第二谈话室（人民路18号4楼）",
        "talk_kind": "提醒谈话",
    },
    "纪律检查建议书": {
        "number": "望纪建〔2026〕2号",
        "unit": "县教育体育局党组",
        "matter": "加强校园食堂食材采购监管",
        "source": "在查处县第二中学原总务主任王某违纪违法案件中",
        "area": "校园食堂食材采购和资金管理",
        "problems": [
            "食材采购未严格执行招标程序，部分学校长期向同一供应商采购，未开展询价比价",
            "食堂账务与学校账务混用，伙食费结余资金未按规定核算和公示",
            "对学校后勤岗位人员的日常监督流于形式，廉政风险点排查不深入",
        ],
        "causes": [
            "主体责任落实不到位，对学校后勤管理重视不够",
            "制度执行不严格，采购、验收、结算岗位未有效分离",
        ],
        "recommendations": [
            "在全系统开展以案促改专题警示教育，组织召开专题民主生活会",
            "建立食材集中采购和验收公示制度，实行采购、验收、结算岗位分离",
            "开展食堂财务专项检查，对发现的问题建立台账、限期整改",
        ],
        "deadline": dt.date(2027, 1, 15),
        "cc": ["县委教育工委"],
    },
    "监察建议书": {
        "issuer": JIANWEI,
        "number": "望监建〔2026〕1号",
        "unit": "县农业农村局",
        "matter": "规范农机购置补贴资金管理",
        "source": "在办理县农机推广站原站长李某涉嫌职务违法案件中",
        "problems": [
            "补贴申请材料审核流于形式，未按规定进行实地核验",
            "补贴资金发放信息未按要求公开，群众监督渠道不畅",
        ],
        "causes": ["内部监督制约机制不健全，关键岗位长期未轮岗交流"],
        "recommendations": [
            "全面清查2023年以来农机购置补贴发放情况，对违规发放的资金依法追回",
            "完善补贴申请实地核验和公示制度，推行补贴信息网上查询",
            "对关键岗位人员实行定期轮岗交流",
        ],
        "printed_by": "望川县监察委员会办公室",
        "cc": ["县财政局"],
    },
    "督查通报": {
        "number": "2026年第3期",
        "title": "关于2026年国庆节期间落实中央八项规定精神专项督查情况的通报",
        "scope": "各乡镇（街道）党（工）委，县直各单位党组（党委）",
        "summary": "国庆节期间，县纪委监委组成4个督查组，采取明察暗访方式，对全县12个乡镇和"
        "23个县直单位落实中央八项规定精神情况开展专项督查，发现问题3起。",
        "count": 3,
        "items": "\n".join(
            [
                "一、县交通运输局公务用车未按规定封存问题。10月3日，督查组发现该局2辆公务用车"
                "未在指定地点封存停放。已向该局下发整改函，责令限期整改。",
                "二、清河镇值班值守不到位问题。10月4日上午，清河镇带班领导不在岗，值班电话无人接听。"
                "已对带班领导进行提醒谈话。",
                "三、县档案馆值班记录不全问题。该馆10月1日至3日值班记录缺失。已责令整改。",
            ]
        ),
        "requirements": "各级党组织要切实履行主体责任，对照通报问题举一反三、立行立改，"
        "于2026年11月13日前将整改情况报县纪委监委党风政风监督室。",
        "printed_by": "中共望川县纪律检查委员会办公室",
    },
    "典型案例通报": {
        "number": "2026年第2期",
        "title": "关于5起能力作风建设反面典型案例的通报",
        "scope": "各乡镇（街道）党（工）委，县直各单位党组（党委）",
        "summary": "为进一步严明纪律要求，持续深化能力作风建设，现将近期查处的5起反面典型案例"
        "予以通报。",
        "count": 5,
        "items": "\n".join(
            [
                "一、县自然资源局原副局长陈某违规收受礼金问题。2025年春节期间，陈某收受管理服务"
                "对象所送礼金共计6000元。陈某受到党内警告处分，违纪款已收缴。",
                "二、清河镇农业服务中心主任李某履职不力问题。李某在耕地保护工作中敷衍塞责，"
                "致使辖区内违法占地问题未及时发现制止。李某受到政务警告处分。",
                "三、县住房和城乡建设局干部王某推诿扯皮问题。王某对群众反映的物业问题推诿拖延。"
                "王某受到诫勉处理。",
                "四、城关镇财政所所长赵某违规发放津补贴问题。赵某受到党内严重警告处分。",
                "五、县市场监督管理局执法大队违规吃喝问题。相关责任人受到批评教育，费用已退缴。",
            ]
        ),
        "requirements": "各级党组织要以案为鉴、以案促改，深入开展警示教育，"
        "对照案例查找能力作风方面的突出问题，切实把纪律要求落到实处。",
        "printed_by": "中共望川县纪律检查委员会办公室",
    },
}

SLUGS = {
    "整改通知书": "rectification_notice",
    "整改函": "rectification_letter",
    "督办函": "supervision_letter",
    "提醒函": "reminder_letter",
    "提醒函（个人）": "reminder_letter_person",
    "提醒函（通用）": "reminder_letter_general",
    "函询通知书": "inquiry_letter",
    "谈话通知书": "talk_notice",
    "纪律检查建议书": "discipline_proposal",
    "监察建议书": "supervision_proposal",
    "督查通报": "supervision_bulletin",
    "典型案例通报": "case_bulletin",
}


def talk_record() -> TalkRecord:
    return TalkRecord(
        start=dt.datetime(2026, 11, 27, 9, 0),
        end=dt.datetime(2026, 11, 27, 10, 20),
        place="县纪委监委第二谈话室",
        talkers=["周明（县纪委副书记）", "刘敏（党风政风监督室主任）"],
        recorder="孙悦",
        subject="陈志刚",
        subject_unit="县市场监督管理局",
        subject_post="副局长",
        reason="群众反映其分管股室执法记录仪使用不规范、个别干部工作日午间饮酒",
        kind="提醒谈话",
        content=[
            Exchange(
                "我们是县纪委监委的工作人员，今天受委托与你进行提醒谈话。你要如实回答问题，"
                "你听清楚了吗？",
                "听清楚了。",
            ),
            Exchange(
                "请你谈谈分管股室执法记录仪的使用和管理情况。",
                "我分管市场监管执法大队和食品安全股。执法记录仪由大队统一保管，外出执法时领用。"
                "今年以来有几次夜间检查没有全程开启记录仪，主要是设备电量不足、管理不够严格，"
                "我作为分管领导负有责任。",
            ),
            Exchange(
                "群众反映你单位个别干部工作日午间饮酒，你是否了解？",
                "我了解到10月中旬有一次，执法大队两名同志在外检查结束后在农家乐吃饭时饮了酒，"
                "局党组已经对他们进行了批评教育，并责令写出书面检查。",
            ),
            Exchange(
                "对这些问题，你下一步打算怎么整改？",
                "一是立即修订执法记录仪管理办法，实行领用登记和每周检查；二是在全局开展"
                "纪律作风专项整顿，重申工作日禁酒规定；三是我本人带头严格要求，"
                "加强对分管股室干部的日常教育管理。",
            ),
        ]
        * 2,
        statement="我完全接受组织的提醒，一定认真整改，并于12月15日前将整改情况书面报告县纪委监委。",
        office=JIWEI,
    )


def archive() -> IntegrityArchive:
    return IntegrityArchive(
        name="陈志刚",
        gender="男",
        birth_date=dt.date(1979, 4, 12),
        unit="望川县市场监督管理局",
        post="党组成员、副局长",
        rank="乡科级",
        political_status="中共党员",
        public_kind="公务员",
        phone="139****2851",
        printed=dt.date(2026, 11, 23),
        office=JIWEI,
        posts=[
            PostEntry(dt.date(2004, 8, 1), dt.date(2012, 3, 1), "望川县工商行政管理局", "科员"),
            PostEntry(dt.date(2012, 3, 1), dt.date(2019, 1, 1), "望川县城关镇人民政府", "副镇长"),
            PostEntry(dt.date(2019, 1, 1), None, "望川县市场监督管理局", "党组成员、副局长"),
        ],
        talks=[
            TalkEntry(dt.date(2019, 1, 10), "任前廉政谈话", "周明", "提任副局长", "严守纪律"),
            TalkEntry(
                dt.date(2026, 11, 27),
                "提醒谈话",
                "周明、刘敏",
                "分管股室执法记录仪使用不规范",
                "接受提醒，限期整改",
            ),
        ],
        clues=[
            ClueEntry(
                "WC2025-031",
                dt.date(2025, 6, 3),
                "反映其在城关镇任职期间违规接受宴请",
                "谈话函询",
                "函询后采信了结",
                "已了结",
            ),
        ],
        sanctions=[
            SanctionEntry(
                "党内警告",
                dt.date(2026, 5, 9),
                dt.date(2027, 5, 9),
                "中共望川县纪律检查委员会",
                "违规发放津补贴",
            ),
        ],
        rectifications=[
            RectificationEntry("分管执法大队执法记录仪未全程使用", dt.date(2026, 12, 15), "整改中"),
        ],
        assessments=[
            AssessmentEntry(dt.date(2026, 1, 20), "述责述廉", "2025年度述责述廉会", "较好", "88"),
        ],
        exposures=[
            ExposureEntry(
                dt.date(2026, 6, 2),
                "典型案例通报",
                "关于违规发放津补贴典型问题的通报（望纪案通〔2026〕2号）",
                "陈志刚违规发放津补贴问题",
            ),
        ],
        accountabilities=[
            AccountabilityEntry(
                dt.date(2026, 9, 15), "诫勉", "分管领域整改推进迟缓", "中共望川县纪律检查委员会"
            ),
        ],
        activities=[
            ActivityEntry(dt.date(2026, 1, 20), "述责述廉", "2025年度述责述廉会", "述责述廉对象"),
            ActivityEntry(dt.date(2026, 4, 8), "警示教育", "廉政教育基地参观", "参加人员"),
        ],
    )


def documents() -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for kind, values in DEMOS.items():
        out[SLUGS[kind]] = render(fill(kind, {**OFFICE, **values}))
    out["talk_record"] = render_talk_record(talk_record())
    out["integrity_archive"] = render_archive(archive())
    return out


def main(argv: list[str]) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    keep_pdf = "--pdf" in argv
    with tempfile.TemporaryDirectory() as tmp:
        for slug, pdf in documents().items():
            path = (OUT if keep_pdf else Path(tmp)) / f"{slug}.pdf"
            path.write_bytes(pdf)
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "60",
                    "-png",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(path),
                    str(OUT / slug),
                ],
                check=True,
            )
            print(OUT / f"{slug}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
