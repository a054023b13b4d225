"""谈话记录 and 廉政档案 printouts."""

from __future__ import annotations

import datetime as dt
import io
import re

import pdfplumber
import pytest

from desktop.documents.archive import (
    ClueEntry,
    IntegrityArchive,
    PostEntry,
    RectificationEntry,
    SanctionEntry,
    TalkEntry,
    render_archive,
    sanction_status,
)
from desktop.documents.fonts import registry
from desktop.documents.talk_record import (
    CONFIRMATION,
    Exchange,
    TalkRecord,
    render_talk_record,
    talk_period,
)

MM = 72 / 25.4


def record(exchanges: int = 12) -> TalkRecord:
    return TalkRecord(
        start=dt.datetime(2026, 11, 27, 9, 0),
        end=dt.datetime(2026, 11, 27, 10, 20),
        place="县纪委监委第二谈话室",
        talkers=["周明（县纪委副书记）", "刘敏（党风政风监督室主任）"],
        recorder="孙悦",
        subject="陈志刚",
        subject_unit="县市场监督管理局",
        subject_post="副局长",
        reason="分管股室执法记录仪使用不规范",
        kind="提醒谈话",
        content=[
            Exchange(
                f"第{n}个问题：请你谈谈分管股室执法记录仪的使用和管理情况。",
                "执法记录仪由大队统一保管，外出执法时领用。今年以来有几次夜间检查没有全程开启，"
                "主要是管理不够严格，我作为分管领导负有责任。" * 2,
            )
            for n in range(1, exchanges + 1)
        ],
        statement="接受组织提醒，认真整改。",
        office="中共望川县纪律检查委员会",
    )


def test_talk_period() -> None:
    start = dt.datetime(2026, 11, 27, 9, 0)
    assert talk_period(start, dt.datetime(2026, 11, 27, 10, 5)) == (
        "2026年11月27日9时00分至10时05分"
    )
    assert talk_period(start, dt.datetime(2026, 11, 28, 1, 0)) == (
        "2026年11月27日9时00分至2026年11月28日1时00分"
    )


def test_talk_record_signature_lines_on_every_page() -> None:
    data = render_talk_record(record(), registry(()))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [p.extract_text() for p in pdf.pages]
        assert len(pages) >= 2
        for number, text in enumerate(pages, start=1):
            compact = re.sub(r"\s", "", text)
            assert re.sub(r"\s", "", CONFIRMATION) in compact
            assert "谈话对象（签名）" in compact
            assert "谈话人（签名）" in compact and "记录人（签名）" in compact
            assert f"第{number}页共{len(pages)}页" in compact
        first = re.sub(r"\s", "", pages[0])
        for field in ("2026年11月27日9时00分至10时20分", "县纪委监委第二谈话", "孙悦"):
            assert field in first
        assert "县市场监督管理局副局长" in first
        assert "问：第1个问题" in first
        assert "谈话对象表态：接受组织提醒" in re.sub(r"\s", "", pages[-1])
        # All text inside the text block, except the page count below it.
        for page in pdf.pages:
            for char in page.chars:
                assert char["x0"] / MM >= 28 - 1 and char["x1"] / MM <= 184 + 1
                if char["size"] > 15 or "页" not in page.extract_text():
                    assert char["top"] / MM >= 37 - 1


def test_talk_record_is_deterministic() -> None:
    assert render_talk_record(record(3), registry(())) == render_talk_record(
        record(3), registry(())
    )


def archive(**extra: object) -> IntegrityArchive:
    return IntegrityArchive(
        name="陈志刚",
        gender="男",
        birth_date=dt.date(1979, 4, 12),
        unit="望川县市场监督管理局",
        post="副局长",
        rank="乡科级",
        political_status="中共党员",
        public_kind="公务员",
        printed=dt.date(2026, 11, 23),
        office="中共望川县纪律检查委员会",
        posts=[PostEntry(dt.date(2019, 1, 1), None, "望川县市场监督管理局", "副局长")],
        talks=[TalkEntry(dt.date(2026, 11, 27), "提醒谈话", "周明", "执法记录仪使用不规范")],
        clues=[
            ClueEntry(
                "WC2025-031", dt.date(2025, 6, 3), "违规接受宴请", "谈话函询", "采信了结", "已了结"
            )
        ],
        sanctions=[
            SanctionEntry(
                "党内警告", dt.date(2026, 5, 9), dt.date(2027, 5, 9), "县纪委", "违规发放津补贴"
            ),
            SanctionEntry(
                "政务警告", dt.date(2024, 1, 5), dt.date(2024, 7, 5), "县监委", "公车私用"
            ),
        ],
        rectifications=[
            RectificationEntry("执法记录仪未全程使用", dt.date(2026, 12, 15), "整改中")
        ],
    )


def test_sanction_status() -> None:
    entry = SanctionEntry("党内警告", dt.date(2026, 5, 9), dt.date(2027, 5, 9))
    assert sanction_status(entry, dt.date(2026, 11, 23)) == "影响期内（至2027年5月9日）"
    assert sanction_status(entry, dt.date(2027, 5, 9)) == "影响期已满（2027年5月9日）"
    assert (
        sanction_status(SanctionEntry("开除党籍", dt.date(2026, 1, 1), None), dt.date(2026, 2, 1))
        == "长期"
    )


def test_archive_printout() -> None:
    data = render_archive(archive(), registry(()))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = re.sub(r"\s", "", "".join(p.extract_text() for p in pdf.pages))
        for page in pdf.pages:
            for char in page.chars:
                assert char["x0"] / MM >= 28 - 1 and char["x1"] / MM <= 184 + 1
    for expected in (
        "陈志刚廉政档案",
        "一、基本情况",
        "二、任职经历",
        "2019年1月—今",
        "三、谈话情况",
        "四、问题线索及处置",
        "WC2025-031",
        "五、处分情况",
        "影响期内（至2027年5月9日）",
        "影响期已满（2024年7月5日）",
        "六、整改事项",
        "执法记录仪未全程使用",
    ):
        assert expected in text, expected


def test_archive_empty_sections_and_long_tables() -> None:
    empty = IntegrityArchive(
        name="李四",
        unit="望川县财政局",
        post="科员",
        printed=dt.date(2026, 11, 23),
        office="县纪委",
    )
    data = render_archive(empty, registry(()))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = re.sub(r"\s", "", "".join(page.extract_text() for page in pdf.pages))
    # 任职经历 … 整改事项, then 测评结果, 通报曝光, 问责情况, 参加的工作活动 (issue #15)
    assert text.count("无。") == 9
    assert "十、参加的工作活动无。" in text
    many = [
        TalkEntry(
            dt.date(2020, 1, 1) + dt.timedelta(days=30 * n), "谈心谈话", "周明", "日常谈心" * 6
        )
        for n in range(60)
    ]
    data = render_archive(IntegrityArchive(**{**empty.__dict__, "talks": many}), registry(()))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 3
        # The table header repeats on every page the table runs onto.
        for page in pdf.pages[1:]:
            compact = re.sub(r"\s", "", page.extract_text())
            if "日常谈心" in compact:
                assert "日期类型谈话人事由表态" in compact


@pytest.mark.parametrize("render", [render_archive])
def test_archive_is_deterministic(render: object) -> None:
    assert render_archive(archive(), registry(())) == render_archive(archive(), registry(()))
