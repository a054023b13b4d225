"""The 廉政档案 (screen and paper) with issue #15's records: 测评结果, 通报曝光, 问责, the
activities taken part in, and for a unit the 专项工作 covering it; made in the test."""

from __future__ import annotations

import io
import re

import pypdf
from pytestqt.qtbot import QtBot
from ui_helpers import TODAY
from year_records import seed_year

from desktop.queries import archive
from desktop.store import Store, records
from desktop.ui.pages.archive_page import ArchiveDialog
from desktop.ui.print_preview import preview_bytes


def printed_text(store: Store, person: int) -> str:
    data, _notes = preview_bytes(store, "廉政档案", person, TODAY)
    reader = pypdf.PdfReader(io.BytesIO(data))
    return re.sub(r"\s", "", "".join(p.extract_text() for p in reader.pages))


def rows(dialog: ArchiveDialog, key: str) -> list[tuple[str, ...]]:
    view = dialog.tables[key]
    return [
        tuple(view.item(r, c).text() for c in range(view.columnCount()))
        for r in range(view.rowCount())
    ]


def targets(dialog: ArchiveDialog, key: str) -> list[tuple[str, int] | None]:
    return [dialog.row_target(key, r) for r in range(dialog.tables[key].rowCount())]


def test_a_persons_assessments_exposures_accountability_and_activities(
    qtbot: QtBot, store: Store
) -> None:
    y = seed_year(store)
    wang = ArchiveDialog(store, "persons", y.persons["王芳"])
    qtbot.addWidget(wang)
    assert rows(wang, "assessments") == [
        ("2026-01-20", "述责述廉", "2025年度述责述廉会", "好", "92")
    ]
    assert wang.groups["assessments"].title() == "测评结果（1）"
    assert rows(wang, "exposures") == [
        (
            "2026-02-25",
            "典型案例通报",
            "关于节日期间违反中央八项规定精神典型问题的通报（区纪案通〔2026〕1号）",
            "王芳公车私用问题",
        )
    ]
    assert targets(wang, "exposures") == [("bulletins", y.bulletin)]
    assert rows(wang, "accountabilities") == []
    assert rows(wang, "activities") == [
        ("2026-01-20", "述责述廉", "2025年度述责述廉会", "述责述廉对象")
    ]
    assert targets(wang, "activities") == [("activities", y.activities["述责述廉"])]

    zhang = ArchiveDialog(store, "persons", y.persons["张伟"])
    qtbot.addWidget(zhang)
    assert rows(zhang, "assessments") == []  # took part, was not assessed
    # his clue exposed on WeChat and named in the 通报: both, newest first
    assert [r[:2] for r in rows(zhang, "exposures")] == [
        ("2026-02-25", "典型案例通报"),
        ("2026-02-20", "微信公众号"),
    ]
    assert targets(zhang, "exposures") == [("bulletins", y.bulletin), ("clues", y.clue)]
    li = ArchiveDialog(store, "persons", y.persons["李强"])
    qtbot.addWidget(li)
    assert rows(li, "accountabilities") == [("2026-02-15", "诫勉", "落实主体责任不力", "区纪委")]
    assert targets(li, "accountabilities") == [("accountabilities", y.accountabilities["李强"])]
    assert rows(li, "assessments")[0][3] == "较好"
    with qtbot.waitSignal(li.open_record) as opened:
        li._open(li.tables["accountabilities"], 0)
    assert opened.args == ["accountabilities", y.accountabilities["李强"]]


def test_an_exposure_recorded_for_the_bulletin_shows_once(store: Store) -> None:
    """A clue's exposure made by the 通报 that lists it is one exposure, not two."""
    y = seed_year(store)
    records.insert(
        store,
        "clue_exposures",
        {"clue_id": y.clue, "date": "2026-02-25", "channel": "内部通报", "bulletin_id": y.bulletin},
    )
    section = archive.person_archive(store, y.persons["张伟"], TODAY).section("exposures")
    assert [(r.table, r.values["channel"]) for r in section.rows] == [
        ("clues", "内部通报"),
        ("clues", "微信公众号"),
    ]
    assert section.rows[0].values["bulletin"].startswith("关于节日期间")


def test_a_units_campaigns_activities_assessments_exposures_and_accountability(
    qtbot: QtBot, store: Store
) -> None:
    y = seed_year(store)
    town = ArchiveDialog(store, "units", y.units["城关镇"])
    qtbot.addWidget(town)
    assert rows(town, "campaigns") == [
        ("元旦春节期间作风建设专项检查", "节日期间", "2026-01-01", "2026-02-28", "第一纪检监察室")
    ]
    assert targets(town, "campaigns") == [("campaigns", y.campaigns["节日"])]
    assert rows(town, "activities") == [("2026-01-20", "述责述廉", "2025年度述责述廉会", "1", "3")]
    assert [(r[0], r[4]) for r in rows(town, "assessments")] == [("李强", "较好"), ("王芳", "好")]
    assert [r[3] for r in rows(town, "exposures")] == ["王芳公车私用问题"]
    assert rows(town, "accountabilities") == [
        ("李强", "2026-02-15", "诫勉", "落实主体责任不力", "区纪委")
    ]
    finance = ArchiveDialog(store, "units", y.units["区财政局"])
    qtbot.addWidget(finance)
    assert [r[0] for r in rows(finance, "campaigns")] == ["优化营商环境专项监督"]
    # its own 警示教育 (人次 as typed) and the meeting 张伟 of the unit attended (人次 listed)
    assert [(r[2], r[3], r[4]) for r in rows(finance, "activities")] == [
        ("廉政教育基地参观", "3", "80"),
        ("2025年度述责述廉会", "1", "3"),
    ]
    assert [(r[1], r[4]) for r in rows(finance, "exposures")] == [
        ("典型案例通报", "张伟"),
        ("微信公众号", "张伟"),
    ]
    assert rows(finance, "accountabilities") == [
        ("区财政局", "2026-03-05", "通报", "整改推进迟缓", "")
    ]
    assert finance.groups["assessments"].title() == "本单位人员测评结果（0）"


def test_the_printed_archive_carries_them(store: Store) -> None:
    y = seed_year(store)
    wang = printed_text(store, y.persons["王芳"])
    assert "七、测评结果" in wang and "2026年1月20日述责述廉2025年度述责述廉会好92" in wang
    assert "八、通报曝光" in wang and "王芳公车私用问题" in wang
    assert "九、问责情况无。" in wang
    assert "十、参加的工作活动" in wang and "述责述廉对象" in wang
    li = printed_text(store, y.persons["李强"])
    assert "2026年2月15日诫勉落实主体责任不力区纪委" in li
    zhang = printed_text(store, y.persons["张伟"])
    assert "七、测评结果无。" in zhang
    assert "微信公众号" in zhang and "反映节日期间违规收受礼品" in zhang
    assert zhang.index("微信公众号") < zhang.index("张伟违规收受礼品问题")  # oldest first
