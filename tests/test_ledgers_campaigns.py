"""监督检查台账 and 工作活动台账 (issue #15): export, import of our own files (round trip)
and of workbooks written as offices write them (one row per finding, merged cells, header
spellings, dates typed every way, 合计 lines), the grouping shown to the clerk."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ledger_office import CAMPAIGN, office_activities, office_inspections
from openpyxl import Workbook, load_workbook

from desktop import cli
from desktop.documents.ledgers import FIRST_DATA_ROW
from desktop.domain import ledger_import, ledger_io
from desktop.queries.campaigns import attendance_sql
from desktop.store import Store, records


def _store(folder: Path) -> Store:
    return Store.open(folder, create=True, clock=lambda: dt.datetime(2026, 11, 23, 9, 0))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = _store(tmp_path / "a")
    yield s
    s.close()


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Store]:
    """An empty store that knows the campaign (the import names campaigns, never makes them)."""
    s = _store(tmp_path / "b")
    records.insert(
        s, "campaigns", {"name": CAMPAIGN, "theme": "节日期间", "start_date": "2026-01-01"}
    )
    yield s
    s.close()


def _fill(s: Store) -> None:
    """Two inspections (one of two units with two findings, one without any), a closed
    item with its 回头看, a 问责 and a 通报 naming an item; two activities."""
    unit = {n: records.insert(s, "units", {"name": n}) for n in ("县财政局", "东关镇", "县林业局")}
    wang = records.insert(s, "persons", {"name": "王建国", "unit_id": unit["县财政局"]})
    li = records.insert(s, "persons", {"name": "李红", "unit_id": unit["东关镇"]})
    campaign = records.insert(
        s, "campaigns", {"name": CAMPAIGN, "theme": "节日期间", "start_date": "2026-01-01"}
    )
    holiday = records.insert(
        s,
        "inspections",
        {
            "kind": "节日期间检查",
            "theme": "公车使用",
            "start_date": "2026-01-10",
            "end_date": "2026-01-12",
            "team": "张三、李四",
            "notes": "夜间抽查",
        },
        {
            "inspection_units": [{"unit_id": unit["县财政局"]}, {"unit_id": unit["东关镇"]}],
            "inspection_campaigns": [{"campaign_id": campaign}],
        },
    )
    records.insert(
        s,
        "inspections",
        {"kind": "日常监督", "theme": "食堂管理", "start_date": "2026-02-03"},
        {"inspection_units": [{"unit_id": unit["县林业局"]}]},
    )
    used = records.insert(
        s,
        "rectifications",
        {
            "finding": "公车私用1次",
            "found_date": "2026-01-10",
            "inspection_id": holiday,
            "unit_id": unit["县财政局"],
            "status": "整改中",
            "requirement": "立即整改",
            "deadline": "2026-02-10",
            "responsible": "王建国",
            "notes": "车辆已封存",
        },
        {"rect_progress": [{"date": "2026-01-20", "content": "已约谈驾驶员"}]},
    )
    records.insert(
        s,
        "rectifications",
        {
            "finding": "加油卡管理不规范",
            "found_date": "2026-01-11",
            "inspection_id": holiday,
            "unit_id": unit["东关镇"],
            "status": "已销号",
            "closed_date": "2026-03-01",
            "closed_by": "赵书记",
            "closure_evidence": "加油卡台账",
        },
        {
            "rect_checks": [
                {
                    "date": "2026-02-28",
                    "method": "实地查看",
                    "result": "已建台账",
                    "passed": 1,
                    "evidence": "照片3张",
                }
            ]
        },
    )
    records.insert(
        s,
        "accountabilities",
        {
            "person_id": wang,
            "method": "诫勉",
            "date": "2026-02-01",
            "reason": "公车私用",
            "rect_id": used,
        },
    )
    records.insert(
        s,
        "bulletins",
        {"kind": "督查通报", "title": "节日期间公车使用情况", "date": "2026-02-05"},
        {"bulletin_items": [{"summary": "县财政局公车私用", "rect_id": used}]},
    )
    records.insert(
        s,
        "activities",
        {
            "kind": "述责述廉",
            "title": "年度述责述廉",
            "date": "2026-03-01",
            "place": "县委党校",
            "sessions": 2,
            "results": "现场测评",
        },
        {
            "activity_units": [{"unit_id": unit["县财政局"]}, {"unit_id": unit["东关镇"]}],
            "activity_persons": [
                {"person_id": wang, "role": "述责述廉对象", "assessment": "好", "score": "95"},
                {"person_id": li},
            ],
            "activity_campaigns": [{"campaign_id": campaign}],
        },
    )
    records.insert(
        s,
        "activities",
        {
            "kind": "培训/答题",
            "title": "党纪法规网上答题",
            "date": "2026-04-01",
            "end_date": "2026-04-30",
            "attendance": 6000,
        },
    )


INSPECTIONS_SQL = (
    "SELECT i.kind, i.theme, i.start_date, i.end_date, i.team, i.notes,"
    " (SELECT group_concat(n, '、') FROM (SELECT u.name AS n FROM inspection_units iu JOIN units u"
    "  ON u.id = iu.unit_id WHERE iu.inspection_id = i.id ORDER BY iu.id)) AS units,"
    " (SELECT group_concat(c.name, '；') FROM inspection_campaigns l JOIN campaigns c"
    "  ON c.id = l.campaign_id WHERE l.inspection_id = i.id) AS campaigns,"
    " (SELECT group_concat(x, '|') FROM (SELECT r.finding || '/' || u.name || '/'"
    "  || r.found_date || '/' || r.status || '/' || COALESCE(r.deadline, '') || '/'"
    "  || COALESCE(r.requirement, '') || '/' || COALESCE(r.closed_date, '') || '/'"
    "  || COALESCE(r.responsible, '') || '/' || (SELECT COUNT(*) FROM rect_progress p"
    "  WHERE p.rect_id = r.id) || '/' || (SELECT COUNT(*) FROM rect_checks k"
    "  WHERE k.rect_id = r.id) AS x FROM rectifications r JOIN units u ON u.id = r.unit_id"
    "  WHERE r.inspection_id = i.id ORDER BY r.id)) AS findings"
    " FROM inspections i"
)
ACTIVITIES_SQL = (
    "SELECT a.kind, a.title, a.date, a.end_date, a.place, a.sessions, a.results,"
    f" {attendance_sql('a')} AS people,"
    " (SELECT group_concat(n, '、') FROM (SELECT u.name AS n FROM activity_units au JOIN units u"
    "  ON u.id = au.unit_id WHERE au.activity_id = a.id ORDER BY au.id)) AS units,"
    " (SELECT group_concat(x, '、') FROM (SELECT p.name || '/' || ap.role || '/'"
    "  || COALESCE(ap.assessment, '') || '/' || COALESCE(ap.score, '') AS x"
    "  FROM activity_persons ap JOIN persons p ON p.id = ap.person_id"
    "  WHERE ap.activity_id = a.id ORDER BY ap.id)) AS persons,"
    " (SELECT group_concat(c.name, '；') FROM activity_campaigns l JOIN campaigns c"
    "  ON c.id = l.campaign_id WHERE l.activity_id = a.id) AS campaigns"
    " FROM activities a"
)


def _rows(s: Store, sql: str) -> Counter[tuple[Any, ...]]:
    return Counter(tuple(r.values()) for r in s.query(sql))


def _import(s: Store, path: Path, kind: str) -> ledger_import.ImportPlan:
    plan = ledger_import.plan_import(s, path, kind)
    assert not plan.rejected and not plan.unknown and not plan.missing, plan.summary()
    counts = ledger_import.apply(s, plan)
    assert counts["written"] == len(plan.raw)
    return plan


def test_both_ledgers_round_trip_into_an_empty_store(
    store: Store, other: Store, tmp_path: Path
) -> None:
    _fill(store)
    for kind in (ledger_io.INSPECTIONS, ledger_io.ACTIVITIES):
        ledger_io.export(store, kind, tmp_path / f"{kind}.xlsx")
    plan = _import(other, tmp_path / "监督检查.xlsx", ledger_io.INSPECTIONS)
    assert plan.group_lines() == [
        "第4、5行 → 1 次监督检查（2026-01-10至2026-01-12 县财政局、东关镇 节日期间检查："
        "公车使用），问题 2 个",
        "第6行 → 1 次监督检查（2026-02-03 县林业局 日常监督：食堂管理），问题 0 个",
    ]
    assert _rows(other, INSPECTIONS_SQL) == _rows(store, INSPECTIONS_SQL)
    # the 问责 and the 通报 that name an item come back as its text, not lost
    (item,) = other.query("SELECT * FROM rectifications WHERE finding = '公车私用1次'")
    assert item["accountability"] == "王建国：诫勉（2026-02-01）"
    assert "通报情况：2026-02-05 督查通报《节日期间公车使用情况》" in item["notes"]
    assert "车辆已封存" in item["notes"]
    _import(other, tmp_path / "工作活动.xlsx", ledger_io.ACTIVITIES)
    assert _rows(other, ACTIVITIES_SQL) == _rows(store, ACTIVITIES_SQL)
    people = {
        r[0]: r[1]
        for r in other.db.execute(f"SELECT title, {attendance_sql('a')} FROM activities a")
    }
    assert people == {"年度述责述廉": 2, "党纪法规网上答题": 6000}


def test_the_inspection_ledger_has_a_row_per_finding(store: Store, tmp_path: Path) -> None:
    _fill(store)
    path = tmp_path / "x.xlsx"
    assert ledger_io.export(store, "监督检查台账", path) == 3
    assert ledger_io.count_rows(store, ledger_io.INSPECTIONS) == 3
    assert ledger_io.count_rows(store, ledger_io.INSPECTIONS, dt.date(2026, 2, 1)) == 1
    ws = load_workbook(path).active
    assert ws is not None and ws["A1"].value == "监督检查台账"
    headers = [c.value for c in ws[3]]
    assert headers[:6] == ["序号", "检查时间", "结束日期", "检查类型", "检查主题", "被检查单位"]
    rows = [
        dict(zip(headers, (c.value for c in r), strict=True)) for r in ws.iter_rows(FIRST_DATA_ROW)
    ]
    assert [r["发现问题"] for r in rows] == ["公车私用1次", "加油卡管理不规范", None]
    assert rows[0]["被检查单位"] == rows[1]["被检查单位"] == "县财政局、东关镇"
    assert (
        rows[0]["所属专项工作"] == CAMPAIGN and rows[0]["问责情况"] == "王建国：诫勉（2026-02-01）"
    )
    assert rows[1]["是否销号"] == "是" and rows[0]["整改情况"] == "2026-01-20：已约谈驾驶员"
    assert rows[0]["通报情况"].startswith("2026-02-05 督查通报《节日期间公车使用情况》")


def test_the_activity_ledger_counts_people_by_the_one_rule(store: Store, tmp_path: Path) -> None:
    _fill(store)
    path = tmp_path / "a.xlsx"
    assert ledger_io.export(store, "工作活动", path) == 2
    ws = load_workbook(path).active
    assert ws is not None and ws["A1"].value == "工作活动台账"
    headers = [c.value for c in ws[3]]
    rows = [
        dict(zip(headers, (c.value for c in r), strict=True)) for r in ws.iter_rows(FIRST_DATA_ROW)
    ]
    first, second = rows
    assert first["参加人员"] == "王建国（县财政局）、李红（东关镇）"
    assert first["参加身份"] == "王建国：述责述廉对象" and first["测评结果"] == "王建国：好（95）"
    assert (first["场次"], first["人次"], second["人次"]) == (2, 2, 6000)
    assert first["参加单位"] == "县财政局、东关镇" and first["所属专项工作"] == CAMPAIGN


def test_an_office_inspection_ledger_is_grouped_and_what_it_cannot_tell_is_asked(
    store: Store, tmp_path: Path
) -> None:
    path = office_inspections(tmp_path / "检查.xlsx")
    assert ledger_import.guess_kind(path) == ledger_io.INSPECTIONS
    plan = ledger_import.plan_import(store, path, "监督检查")
    assert plan.header_row == 2 and plan.year_hint == 2026
    assert set(plan.mapping.values()) >= {"start_date", "units", "theme", "finding", "closed"}
    # 检查类型 is not in the ledger: one choice for every row, not a guess
    (unknown,) = plan.unknown
    assert (unknown.dictionary, unknown.text, unknown.rows) == (
        "inspection_kind",
        "",
        [3, 4, 5, 6, 7],
    )
    plan = ledger_import.plan_import(
        store, path, "监督检查", value_overrides={("inspection_kind", ""): "专项督查"}
    )
    assert plan.accepted == [3, 4, 5, 7] and plan.continued == [4]
    # two units inspected and no 责任单位: the row is refused, naming what is missing
    (problem,) = plan.rejected[6]
    assert problem.column == "责任单位" and "检查了2个单位" in problem.reason
    assert [s[0] for s in plan.skipped] == [8, 9]
    assert "第8行合计为 4 条，本次可导入 3 条，相差 -1" in plan.warnings
    text = plan.summary()
    assert "归并为 3 次监督检查" in text and "第4行未填检查时间（合并单元格）" in text
    assert "第3、4行 → 1 次监督检查（2026-01-10 县财政局 专项督查：公车使用），问题 2 个" in text
    counts = ledger_import.apply(store, plan)
    assert counts["written"] == 4 and counts["inspections_created"] == 3
    assert "新建监督检查 3 次" in ledger_import.result_text(counts)
    found = store.query(
        "SELECT i.start_date, i.end_date, r.finding, r.deadline, r.status, u.name AS unit"
        " FROM inspections i LEFT JOIN rectifications r ON r.inspection_id = i.id"
        " LEFT JOIN units u ON u.id = r.unit_id ORDER BY i.start_date, r.id"
    )
    assert [tuple(r.values()) for r in found] == [
        ("2026-01-10", None, "公车私用1次", "2026-02-10", "整改中", "县财政局"),
        ("2026-01-10", None, "公务加油卡未登记", "2026-02-20", "待整改", "县财政局"),
        ("2026-02-03", "2026-02-05", None, None, None, None),
        ("2026-03-09", None, "私车公养", None, "待整改", "县林业局"),
    ]


def test_an_office_activity_ledger_keeps_what_is_not_a_name(other: Store, tmp_path: Path) -> None:
    path = office_activities(tmp_path / "活动.xlsx")
    assert ledger_import.guess_kind(path) == ledger_io.ACTIVITIES
    plan = ledger_import.plan_import(other, path, "工作活动")
    assert plan.accepted == [4, 5, 6]
    (problem,) = plan.rejected[7]  # an unknown campaign is refused, not made up
    assert problem.value == "八项规定专项" and "先在“专项工作”中新建" in problem.reason
    assert any("不是逐人列出的姓名" in w for w in plan.warnings)
    assert any("“6000余人次”按 6000 计" in w for w in plan.warnings)
    # the 合计 line's 场次 and 人次 against what the import counts (人次 by the one rule)
    assert "第8行合计“场次”为 4，与导入计得一致" in plan.warnings
    assert "第8行合计“人次”为 6123，导入计得 6122，相差 -1" in plan.warnings
    ledger_import.apply(other, plan)
    got = {
        r["title"]: r
        for r in other.query(
            f"SELECT a.*, {attendance_sql('a')} AS people, (SELECT COUNT(*) FROM"
            " activity_persons p WHERE p.activity_id = a.id) AS listed FROM activities a"
        )
    }
    education = got["观看警示教育片"]
    assert (education["people"], education["listed"], education["sessions"]) == (120, 0, 2)
    assert education["notes"] == "参加人员：全体干部职工"
    assert got["党纪法规网上答题"]["people"] == 6000
    assert got["年度述责述廉"]["people"] == 2 and got["年度述责述廉"]["attendance"] is None
    assert other.scalar("SELECT COUNT(*) FROM activity_campaigns") == 1


def test_importing_our_export_again_flags_every_row(store: Store, tmp_path: Path) -> None:
    _fill(store)
    for kind in (ledger_io.INSPECTIONS, ledger_io.ACTIVITIES):
        ledger_io.export(store, kind, tmp_path / f"{kind}.xlsx")
        plan = ledger_import.plan_import(store, tmp_path / f"{kind}.xlsx", kind)
        assert plan.duplicate_rows == set(plan.accepted) and plan.accepted
        before = store.scalar(f"SELECT COUNT(*) FROM {ledger_io.LEDGERS[kind].table}")
        counts = ledger_import.apply(store, plan, include_duplicates=False)
        assert counts["written"] == 0
        assert store.scalar(f"SELECT COUNT(*) FROM {ledger_io.LEDGERS[kind].table}") == before


def test_the_command_line_offers_both(
    store: Store, other: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _fill(store)
    store.close()
    other.close()
    out = tmp_path / "检查.xlsx"
    argv = ["export-ledger", "监督检查", "--out", str(out), "--data-dir", str(tmp_path / "a")]
    assert cli.main(argv) == 0
    assert "已导出监督检查台账：3 行" in capsys.readouterr().out
    base = ["import-ledger", str(out), "--kind", "监督检查台账", "--data-dir", str(tmp_path / "b")]
    assert cli.main([*base, "--dry-run"]) == 0
    text = capsys.readouterr().out
    assert "归并为 2 次监督检查" in text and "未写入任何数据" in text
    assert cli.main(base) == 0
    assert "新建监督检查 2 次" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli.main(["export-ledger", "--help"])
    assert "监督检查、工作活动、专项工作、问责、通报" in capsys.readouterr().out


def test_other_spellings_of_the_new_columns_are_read(store: Store, tmp_path: Path) -> None:
    """台账列名 aliases shipped for the new columns, in a store made before they shipped."""
    store.db.execute("DELETE FROM dict_items WHERE dict = 'ledger_column' AND label = '人次'")
    store.cache.clear()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["开展时间", "开展形式", "活动主题", "参学人员", "开展场次", "参学人次"])
    ws.append(["２０２６．５．６", "警示教育", "旁听庭审", None, "1场", "45"])
    wb.save(tmp_path / "x.xlsx")
    plan = ledger_import.plan_import(store, tmp_path / "x.xlsx", "工作活动")
    assert sorted(plan.mapping.values()) == sorted(
        ["date", "kind", "title", "persons", "sessions", "attendance"]
    )
    ledger_import.apply(store, plan)
    (row,) = store.query("SELECT date, kind, title, sessions, attendance FROM activities")
    assert tuple(row.values()) == ("2026-05-06", "警示教育", "旁听庭审", 1, 45)


CAMPAIGNS_SQL = (
    "SELECT c.name, c.theme, c.start_date, c.end_date, c.lead_office, c.notes,"
    " (SELECT group_concat(n, '、') FROM (SELECT u.name AS n FROM campaign_units cu JOIN units u"
    "  ON u.id = cu.unit_id WHERE cu.campaign_id = c.id ORDER BY cu.id)) AS units FROM campaigns c"
)
HELD_SQL = (
    "SELECT a.date, a.method, a.reason, a.decided_by, p.name AS person, u.name AS unit,"
    " cl.ledger_no, r.finding FROM accountabilities a LEFT JOIN persons p ON p.id = a.person_id"
    " LEFT JOIN units u ON u.id = a.unit_id LEFT JOIN clues cl ON cl.id = a.clue_id"
    " LEFT JOIN rectifications r ON r.id = a.rect_id"
)


def test_an_empty_store_takes_campaigns_first_then_what_names_them(
    store: Store, tmp_path: Path
) -> None:
    """专项工作台账 before the ledgers that name campaigns; the 问责台账 finds its clue by
    线索编号 and its item by the finding, once those are in."""
    _fill(store)
    unit = store.scalar("SELECT id FROM units WHERE name = '东关镇'")
    clue = records.insert(
        store,
        "clues",
        {
            "ledger_no": "XS2026-007",
            "received_date": "2026-01-05",
            "source": "信访举报",
            "summary": "反映东关镇违规发放补贴",
        },
        {"clue_campaigns": []},
    )
    records.insert(
        store,
        "accountabilities",
        {
            "unit_id": unit,
            "method": "通报",
            "date": "2026-03-15",
            "reason": "主体责任落实不力",
            "clue_id": clue,
            "decided_by": "县纪委常委会",
        },
    )
    records.insert(
        store,
        "campaign_units",
        {"campaign_id": store.scalar("SELECT id FROM campaigns"), "unit_id": unit},
    )
    order = (ledger_io.CAMPAIGNS, ledger_io.CLUES, ledger_io.INSPECTIONS, ledger_io.ACTIVITIES,
             ledger_io.ACCOUNTABILITIES)  # fmt: skip
    empty = _store(tmp_path / "empty")
    try:
        for kind in order:
            ledger_io.export(store, kind, tmp_path / f"{kind}.xlsx")
            _import(empty, tmp_path / f"{kind}.xlsx", kind)
        assert _rows(empty, CAMPAIGNS_SQL) == _rows(store, CAMPAIGNS_SQL)
        assert _rows(empty, HELD_SQL) == _rows(store, HELD_SQL)
        assert _rows(empty, INSPECTIONS_SQL) == _rows(store, INSPECTIONS_SQL)
        assert _rows(empty, ACTIVITIES_SQL) == _rows(store, ACTIVITIES_SQL)
    finally:
        empty.close()
    ws = load_workbook(tmp_path / "问责.xlsx").active
    assert ws is not None and ws["A1"].value == "问责台账"
    headers = [c.value for c in ws[3]]
    rows = [dict(zip(headers, (c.value for c in r), strict=True)) for r in ws.iter_rows(4)]
    assert [(r["被问责人"], r["被问责单位"], r["所属专项工作"]) for r in rows] == [
        ("王建国（县财政局）", None, CAMPAIGN),  # through its item's inspection
        (None, "东关镇", None),
    ]


BULLETINS_SQL = (
    "SELECT b.kind, b.title, b.date, b.scope, b.summary, b.requirements, b.notes, d.number,"
    " (SELECT group_concat(c.name, '；') FROM bulletin_campaigns l JOIN campaigns c"
    "  ON c.id = l.campaign_id WHERE l.bulletin_id = b.id) AS campaigns,"
    " (SELECT group_concat(x, '|') FROM (SELECT i.summary || '/' || COALESCE(p.name, '') || '/'"
    "  || COALESCE(u.name, '') || '/' || COALESCE(cl.ledger_no, '') || '/'"
    "  || COALESCE(r.finding, '') || '/' || COALESCE(i.handling, '') AS x FROM bulletin_items i"
    "  LEFT JOIN persons p ON p.id = i.person_id LEFT JOIN units u ON u.id = i.unit_id"
    "  LEFT JOIN clues cl ON cl.id = i.clue_id LEFT JOIN rectifications r ON r.id = i.rect_id"
    "  WHERE i.bulletin_id = b.id ORDER BY i.id)) AS items"
    " FROM bulletins b LEFT JOIN documents d ON d.id = b.document_id"
)


def test_the_bulletin_ledger_has_a_row_per_case_and_groups_them_back(
    store: Store, tmp_path: Path
) -> None:
    """通报台账: one row per 起; the import makes one 通报 of the rows that share its
    columns, finds its document by 文号, its clue by 线索编号 and its item by the finding."""
    _fill(store)
    unit = store.scalar("SELECT id FROM units WHERE name = '东关镇'")
    li = store.scalar("SELECT id FROM persons WHERE name = '李红'")
    clue = records.insert(
        store,
        "clues",
        {
            "ledger_no": "XS2026-009",
            "received_date": "2026-01-05",
            "source": "信访举报",
            "summary": "反映李红违规操办宴席",
        },
    )
    document = records.insert(
        store,
        "documents",
        {
            "kind": "典型案例通报",
            "number": "清纪案通〔2026〕1号",
            "title": "典型案例通报",
            "issued_date": "2026-04-01",
        },
    )
    records.insert(
        store,
        "bulletins",
        {
            "kind": "典型案例通报",
            "title": "违规操办婚丧喜庆事宜典型问题",
            "date": "2026-04-01",
            "scope": "全县各单位",
            "document_id": document,
        },
        {
            "bulletin_items": [
                {
                    "summary": "李红违规操办宴席",
                    "person_id": li,
                    "clue_id": clue,
                    "handling": "党纪警告",
                },
                {"summary": "东关镇监管不力", "unit_id": unit},
            ],
            "bulletin_campaigns": [{"campaign_id": store.scalar("SELECT id FROM campaigns")}],
        },
    )
    records.insert(
        store, "bulletins", {"kind": "督查通报", "title": "空的一期", "date": "2026-05-01"}
    )
    assert ledger_io.count_rows(store, ledger_io.BULLETINS) == 4  # 1 + 2 + 1
    empty = _store(tmp_path / "empty")
    try:
        records.insert(
            empty,
            "documents",
            {
                "kind": "典型案例通报",
                "number": "清纪案通〔2026〕1号",
                "title": "典型案例通报",
                "issued_date": "2026-04-01",
            },
        )
        for kind in (ledger_io.CAMPAIGNS, ledger_io.CLUES, ledger_io.INSPECTIONS, "通报"):
            ledger_io.export(store, kind, tmp_path / f"{kind}.xlsx")
            plan = _import(empty, tmp_path / f"{kind}.xlsx", kind)
        assert plan.group_lines() == [
            "第4行 → 1 期通报（2026-02-05 督查通报《节日期间公车使用情况》），1 起",
            "第5、6行 → 1 期通报（2026-04-01 典型案例通报《违规操办婚丧喜庆事宜典型问题》），2 起",
            "第7行 → 1 期通报（2026-05-01 督查通报《空的一期》），0 起",
        ]
        assert _rows(empty, BULLETINS_SQL) == _rows(store, BULLETINS_SQL)
    finally:
        empty.close()


def test_an_office_bulletin_ledger_under_merged_cells(store: Store, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["2026年通报曝光台账"])
    ws.append(
        ["序号", "通报时间", "通报名称", "通报类型", "文号", "通报对象", "主要问题", "处理结果"]
    )
    ws.append([1, "2026.4.1", "典型问题通报", "典型案例通报", "清纪案通〔2026〕2号",
               "刘强（西河乡）", "违规收受礼金", "诫勉"])  # fmt: skip
    ws.append([None, None, None, None, None, "陈明", "公车私用", "批评教育"])
    ws.merge_cells("B3:B4")
    ws.merge_cells("C3:C4")
    ws.append(["合计", None, None, None, None, None, "共2起"])
    wb.save(tmp_path / "通报.xlsx")
    assert ledger_import.guess_kind(tmp_path / "通报.xlsx") == ledger_io.BULLETINS
    plan = ledger_import.plan_import(store, tmp_path / "通报.xlsx", "通报")
    assert plan.accepted == [3, 4] and plan.continued == [4]
    assert "第3行：文号“清纪案通〔2026〕2号”未在文书登记簿中，记入备注" in plan.warnings
    assert "第5行合计为 2 条，与本次可导入的行数一致" in plan.warnings
    counts = ledger_import.apply(store, plan)
    assert "新建通报 1 期" in ledger_import.result_text(counts)
    (bulletin,) = store.query("SELECT * FROM bulletins")
    assert bulletin["notes"] == "文号：清纪案通〔2026〕2号"
    items = store.query(
        "SELECT i.summary, p.name, i.handling FROM bulletin_items i"
        " JOIN persons p ON p.id = i.person_id ORDER BY i.id"
    )
    assert [tuple(i.values()) for i in items] == [
        ("违规收受礼金", "刘强", "诫勉"),
        ("公车私用", "陈明", "批评教育"),
    ]


def test_an_office_accountability_ledger_keeps_what_it_cannot_link(
    store: Store, tmp_path: Path
) -> None:
    _fill(store)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["2026年追责问责台账"])
    ws.append(["序号", "问责时间", "问责对象", "问责单位", "问责方式", "问责原因", "线索编号",
               "关联整改事项"])  # fmt: skip
    ws.append([1, "2026年6月3日", "王建国", None, "诫勉", "公车私用", "XS-无此号", "公车私用1次"])
    ws.append([2, "2026.6.4", None, "县林业局", "通报", "整改不力", None, "没有这个问题"])
    ws.append([3, "2026.6.5", None, None, "通报", "对象漏填", None, None])
    wb.save(tmp_path / "问责.xlsx")
    assert ledger_import.guess_kind(tmp_path / "问责.xlsx") == ledger_io.ACCOUNTABILITIES
    plan = ledger_import.plan_import(store, tmp_path / "问责.xlsx", "问责")
    assert plan.accepted == [3, 4]
    (problem,) = plan.rejected[5]
    assert "被问责人或被问责单位" in problem.reason
    assert "第3行：没有找到线索编号“XS-无此号”，记入备注" in plan.warnings
    assert "第4行：没有找到关联整改事项“没有这个问题”，记入备注" in plan.warnings
    ledger_import.apply(store, plan)
    got = store.query(
        "SELECT a.reason, a.rect_id IS NOT NULL AS linked, a.notes, p.name FROM accountabilities a"
        " LEFT JOIN persons p ON p.id = a.person_id WHERE a.date >= '2026-06-01' ORDER BY a.date"
    )
    assert [tuple(r.values()) for r in got] == [
        ("公车私用", 1, "线索编号：XS-无此号", "王建国"),
        ("整改不力", 0, "关联整改事项：没有这个问题", None),
    ]


def test_the_seven_columns_offices_keep_are_enough(store: Store, tmp_path: Path) -> None:
    """检查时间/检查单位/发现问题/整改要求/整改时限/整改情况/是否销号 and nothing else: the
    clerk chooses the 检查类型 once; the theme is the type, and the plan says so."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["检查时间", "检查单位", "发现问题", "整改要求", "整改时限", "整改情况", "是否销号"])
    ws.append(["2026年1月20日", "县交通局", "值班记录不全", "补齐", "2026年2月1日", None, "否"])
    ws.append(
        [None, None, "公车停放不规范", "规范停放", "2026年2月1日", "2026-01-25：已整改", "否"]
    )
    wb.save(tmp_path / "x.xlsx")
    plan = ledger_import.plan_import(
        store,
        tmp_path / "x.xlsx",
        "监督检查",
        value_overrides={("inspection_kind", ""): "明察暗访"},
    )
    assert plan.accepted == [2, 3] and not plan.missing
    assert "2 行未填检查主题，以检查类型为主题（第2、3行）" in plan.warnings
    ledger_import.apply(store, plan)
    (inspection,) = store.query("SELECT kind, theme FROM inspections")
    assert tuple(inspection.values()) == ("明察暗访", "明察暗访")
    assert store.scalar("SELECT COUNT(*) FROM rectifications WHERE status = '整改中'") == 1
