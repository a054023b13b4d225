"""Statistics filtered by campaign (专项工作) and by campaign theme (docs/statistics.md §筛选).

The same work — clues through to sanctions, talks, an inspection with its items and
follow-up check, a document, an activity, a 通报 with its 曝光 and a 问责 — is entered
four times: in campaign A (theme 节日期间), in campaign C (also 节日期间), in campaign B
(营商环境) and in no campaign at all. Every figure family, breakdown and the per-unit table
filtered by campaign A must equal the same work entered alone in a store of its own, and
filtered by the theme 节日期间 twice that; the records behind each filtered figure are A's.
Real SQLite files in tmp_path, records through the public API.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest

from desktop.domain import stats, summary
from desktop.queries import figures
from desktop.store import Store, UserError, records
from tests.ui_helpers import copy_data_dir

D = dt.date
Y2026 = (D(2026, 1, 1), D(2026, 12, 31))
TODAY = D(2027, 1, 10)
REPO = Path(__file__).resolve().parents[1]


def _open(path: Path) -> Store:
    return Store.open(
        path, operator="测试", clock=lambda: dt.datetime.combine(TODAY, dt.time(9, 0))
    )


@dataclasses.dataclass
class World:
    """The ids of one copy of the work, per table (as a figure's drill-down names them)."""

    unit: int
    ids: dict[str, set[int]]


def campaign(store: Store, name: str, theme: str) -> int:
    return records.insert(
        store, "campaigns", {"name": name, "theme": theme, "start_date": "2026-01-01"}
    )


def make_world(store: Store, tag: str, campaign_id: int | None) -> World:
    """One office year of work, tied to `campaign_id` through each record's own link or the
    record it comes from (a talk through its clue, a document through its item…)."""
    ids: dict[str, set[int]] = {}

    def add(table: str, record: int) -> int:
        ids.setdefault(table, set()).add(record)
        return record

    def link(table: str) -> dict[str, list[dict[str, Any]]]:
        return {table: [{"campaign_id": campaign_id}]} if campaign_id else {}

    unit = records.insert(store, "units", {"name": f"{tag}局", "kind": "区直部门"})
    if campaign_id:  # the campaign covers the world's unit (the 专项工作 count by unit)
        records.update(store, "campaigns", campaign_id, {}, {"campaign_units": [{"unit_id": unit}]})
    ranks = ("乡科级", "县处级", "一般干部", "乡科级", "一般干部", "一般干部")
    people = [
        records.insert(store, "persons", {"name": f"{tag}{n}", "unit_id": unit, "rank": rank})
        for n, rank in enumerate(ranks)
    ]

    def clue(
        fields: dict[str, Any], who: int, outcomes: list[tuple[str, str]], **flags: int
    ) -> int:
        row = {"source": "信访举报", "summary": f"{tag}反映问题", "reported_unit_id": unit}
        cid = records.insert(
            store,
            "clues",
            {**row, **fields},
            {
                "clue_persons": [{"person_id": who, "rank": ranks[people.index(who)], **flags}],
                "clue_outcomes": [
                    {"person_id": who, "outcome": o, "decided_date": day} for o, day in outcomes
                ],
                **link("clue_campaigns"),
            },
        )
        return add("clues", cid)

    prelim = {"disposition": "初步核实"}
    first = clue(
        {
            **prelim,
            "received_date": "2026-02-01",
            "channel": "来信",
            "petition_kind": "检举控告",
            "disposition_date": "2026-02-05",
            "prelim_start": "2026-02-06",
            "case_date": "2026-03-01",
            "closed_date": "2026-06-01",
            "amount_recovered": 1_000_00,
        },
        people[0],
        [("党纪警告", "2026-06-01"), ("记过", "2026-06-01")],
        filed=1,
        voluntary=1,
    )
    clue(
        {
            **prelim,
            "received_date": "2025-05-01",
            "source": "上级交办",
            "disposition_date": "2025-05-02",
            "case_date": "2025-06-01",
            "closed_date": "2026-04-01",
        },
        people[1],
        [("留党察看一年", "2026-04-01")],
        filed=1,
    )
    third = clue(
        {
            "received_date": "2026-03-01",
            "duplicate_of": first,
            "disposition": "谈话函询",
            "disposition_date": "2026-03-05",
        },
        people[2],
        [("诫勉", "2026-03-20")],
    )
    clue(
        {
            **prelim,
            "received_date": "2026-08-01",
            "disposition_date": "2026-08-02",
            "case_date": "2026-10-01",
        },
        people[3],
        [("移送检察机关", "2026-11-01")],
        filed=1,
    )
    add(
        "inquiries",
        records.insert(
            store,
            "inquiries",
            {"clue_id": third, "person_id": people[2], "sent_date": "2026-03-10"},
        ),
    )
    for kind, role, who in (
        ("提醒谈话", "主要负责人", people[0]),
        ("谈心谈话", "纪检干部", people[4]),
        ("约谈", "主要负责人", people[5]),
        ("函询", "纪检干部", people[0]),
    ):
        talk = records.insert(
            store,
            "talks",
            {"kind": kind, "date": "2026-04-01", "reason": "日常", "clue_id": first},
            {
                "talk_talkers": [{"name": "书记", "role": role}],
                "talk_subjects": [{"person_id": who}],
            },
        )
        add("talks", talk)
    inspection = records.insert(
        store,
        "inspections",
        {"kind": "专项督查", "theme": "公车使用", "start_date": "2026-04-01"},
        {"inspection_units": [{"unit_id": unit}], **link("inspection_campaigns")},
    )
    add("inspections", inspection)
    found = {"unit_id": unit, "requirement": "整改", "deadline": "2026-06-01"}
    done = records.insert(
        store,
        "rectifications",
        {
            **found,
            "finding": f"{tag}公车登记不全",
            "found_date": "2026-04-02",
            "inspection_id": inspection,
            "status": "已销号",
            "closed_date": "2026-05-15",
            "closed_by": "书记",
            "closure_evidence": "销号材料",
        },
        {
            "rect_checks": [
                {
                    "date": "2026-05-10",
                    "method": "实地查看",
                    "result": "已整改",
                    "passed": 1,
                    "evidence": "照片",
                }
            ]
        },
    )
    add("rectifications", done)
    add("rect_checks", int(store.scalar("SELECT id FROM rect_checks WHERE rect_id = ?", [done])))
    late = records.insert(
        store,
        "rectifications",
        {
            **found,
            "finding": f"{tag}台账缺失",
            "found_date": "2026-04-03",
            "deadline": "2026-05-01",
            "status": "整改中",
        },
        link("rect_campaigns"),
    )
    add("rectifications", late)
    for kind, table, linked in (
        ("整改函", "rectifications", done),
        ("督办函", "rectifications", late),
        ("纪律检查建议书", "clues", first),
    ):
        document = store.db.execute(
            "INSERT INTO documents(kind, title, issued_date, addressee, linked_table, linked_id,"
            " voided, created_at, updated_at) VALUES (?, ?, '2026-04-05', ?, ?, ?, 0, 'x', 'x')",
            [kind, f"{tag}{kind}", f"{tag}局", table, linked],
        ).lastrowid
        assert document is not None
        add("documents", int(document))
    # activities of several kinds: 人次 from the persons listed, or as typed
    for kind, day, typed, persons in (
        ("警示教育", "2026-05-01", None, people[4:]),
        ("廉政教育", "2026-05-02", 120, []),
        ("培训/答题", "2026-05-03", 600, []),
        ("述责述廉", "2026-05-04", None, people[:2]),
        ("约谈", "2026-05-05", None, people[5:]),
    ):
        activity = records.insert(
            store,
            "activities",
            {"kind": kind, "title": f"{tag}{kind}", "date": day, "sessions": 2,
             "attendance": typed},
            {
                "activity_units": [{"unit_id": unit}],
                "activity_persons": [{"person_id": p} for p in persons],
                **link("activity_campaigns"),
            },
        )  # fmt: skip
        add("activities", activity)
    add(
        "bulletins",
        records.insert(
            store,
            "bulletins",
            {"kind": "督查通报", "title": f"{tag}督查通报", "date": "2026-06-20"},
            {
                "bulletin_items": [{"summary": "公车登记不全", "rect_id": done, "unit_id": unit}],
                **link("bulletin_campaigns"),
            },
        ),
    )
    add(
        "bulletins",
        records.insert(
            store,
            "bulletins",
            {"kind": "典型案例通报", "title": f"{tag}典型案例通报", "date": "2026-07-01"},
            {
                "bulletin_items": [
                    {"summary": "违规吃喝", "clue_id": first, "person_id": people[0]},
                    {"summary": "台账缺失", "rect_id": late, "unit_id": unit},
                ],
                **link("bulletin_campaigns"),
            },
        ),
    )
    exposure = records.insert(
        store,
        "clue_exposures",
        {"clue_id": first, "person_id": people[0], "date": "2026-07-02", "channel": "门户网站"},
    )
    add("clue_exposures", exposure)
    blame = {"method": "诫勉", "date": "2026-06-10", "reason": "整改不力", "rect_id": late}
    add(
        "accountabilities",
        records.insert(store, "accountabilities", {**blame, "person_id": people[5]}),
    )
    add("accountabilities", records.insert(store, "accountabilities", {**blame, "unit_id": unit}))
    return World(unit, ids)


@dataclasses.dataclass
class Mixed:
    store: Store
    a: int  # campaign A, theme 节日期间
    b: int  # campaign B, theme 营商环境
    c: int  # campaign C, theme 节日期间
    worlds: dict[str, World]


@pytest.fixture(scope="module")
def alone_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Campaign A's work, alone in its store: made once for the module, closed."""
    data = tmp_path_factory.mktemp("alone") / "data"
    store = _open(data)
    make_world(store, "甲", campaign(store, "元旦春节节日期间专项检查", "节日期间"))
    store.close()
    return data


@pytest.fixture
def alone(alone_master: Path, tmp_path: Path) -> Iterator[Store]:
    """Campaign A's work, alone in its store (this test's copy)."""
    store = _open(copy_data_dir(alone_master, tmp_path / "alone"))
    yield store
    store.close()


@pytest.fixture(scope="module")
def mixed_master(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Mixed]:
    """The four copies of the work in one store, made once for the module, closed; the
    `Mixed` it gives names that store (closed: tests open their own copy, `mixed`)."""
    data = tmp_path_factory.mktemp("mixed") / "data"
    store = _open(data)
    a = campaign(store, "元旦春节节日期间专项检查", "节日期间")
    b = campaign(store, "优化营商环境专项监督", "营商环境")
    c = campaign(store, "中秋国庆节日期间专项检查", "节日期间")
    worlds = {
        "A": make_world(store, "甲", a),
        "B": make_world(store, "乙", b),
        "C": make_world(store, "丙", c),
        "none": make_world(store, "丁", None),
    }
    store.close()
    return data, Mixed(store, a, b, c, worlds)


@pytest.fixture
def mixed(mixed_master: tuple[Path, Mixed], tmp_path: Path) -> Iterator[Mixed]:
    """The four copies of the work in one store (this test's copy, open)."""
    data, made = mixed_master
    store = _open(copy_data_dir(data, tmp_path / "mixed"))
    yield dataclasses.replace(made, store=store, worlds=copy.deepcopy(made.worlds))
    store.close()


def values(result: stats.Stats) -> dict[str, Any]:
    """Every figure, breakdown item, rate and amount of a result, as the clerk sees them."""
    data = result.to_dict()
    return {
        "figures": {k: f["value"] for k, f in data["figures"].items()},
        "breakdowns": data["breakdowns"],
        "amount": data["amount_recovered"]["fen"],
        "rates": (data["closure_rate"], data["rectification_rate"], data["form_shares"]),
    }


def times(n: int, counted: dict[str, Any]) -> dict[str, Any]:
    return {
        "figures": {k: n * v for k, v in counted["figures"].items()},
        "breakdowns": {
            name: {k: n * v for k, v in group.items()}
            for name, group in counted["breakdowns"].items()
        },
        "amount": n * counted["amount"],
        "rates": counted["rates"],
    }


def every_family(store: Store, scope: figures.Scope) -> dict[str, int]:
    """Each declared family's figures (every member, reported or not) under `scope`."""
    counted = figures.count(store, scope)
    return {key: fig.value for key, fig in counted.items()}


def test_every_figure_family_counts_only_the_campaign_chosen(alone: Store, mixed: Mixed) -> None:
    """docs/statistics.md §筛选: campaign A in a store holding four copies of the work
    counts exactly what a store holding A's copy alone counts, figure by figure."""
    expected = stats.compute(alone, *Y2026)
    got = stats.compute(mixed.store, *Y2026, campaign_id=mixed.a)
    assert values(got) == values(expected)
    # every family counts something in that copy, so none passes for want of records
    scope = expected.scope
    assert scope is not None
    for family in figures.FAMILIES:
        counted = family.figures(alone, scope)
        assert any(f.value for f in counted.values()), family.members[0].key
    # and every figure over clues, people, talks, inspections and items counts something
    case_work = {"clues", "clue_persons", "inquiries", "talks", "inspections", "rectifications",
                 "rect_checks"}  # fmt: skip
    zero = [k for k, f in expected.figures.items() if f.table in case_work and not f.value]
    assert zero == []
    # the unfiltered store holds four copies: the filter is what made the difference
    # (but for the 专项工作 count: the fourth copy belongs to no campaign, so three)
    unfiltered, fourfold = values(stats.compute(mixed.store, *Y2026)), times(4, values(expected))
    assert unfiltered["figures"].pop("campaigns") == 3
    fourfold["figures"].pop("campaigns")
    assert unfiltered == fourfold
    got_scope = got.scope
    assert got_scope is not None
    assert every_family(mixed.store, got_scope) == every_family(alone, scope)


def test_every_figure_family_counts_the_campaigns_of_the_theme(alone: Store, mixed: Mixed) -> None:
    """docs/statistics.md §筛选: theme 节日期间 = campaigns A and C, twice A's work; a theme
    no campaign has counts nothing; campaign and theme together must both hold."""
    once = values(stats.compute(alone, *Y2026))
    festival = stats.compute(mixed.store, *Y2026, theme="节日期间")
    assert values(festival) == times(2, once)
    assert values(stats.compute(mixed.store, *Y2026, theme="营商环境")) == once
    assert values(stats.compute(mixed.store, *Y2026, campaign_id=mixed.a, theme="节日期间")) == once
    nothing = stats.compute(mixed.store, *Y2026, campaign_id=mixed.a, theme="营商环境")
    assert not any(values(nothing)["figures"].values())
    assert not any(values(stats.compute(mixed.store, *Y2026, theme="疫情防控"))["figures"].values())


def test_campaign_and_unit_filters_hold_together(mixed: Mixed) -> None:
    """A unit and a campaign: only records meeting both (A's unit in C's campaign: none)."""
    a_unit = mixed.worlds["A"].unit
    both = stats.compute(mixed.store, *Y2026, unit_id=a_unit, campaign_id=mixed.a)
    assert values(both) == values(stats.compute(mixed.store, *Y2026, campaign_id=mixed.a))
    crossed = stats.compute(mixed.store, *Y2026, unit_id=a_unit, campaign_id=mixed.c)
    assert not any(values(crossed)["figures"].values())


def test_the_records_behind_each_filtered_figure_are_the_campaigns(mixed: Mixed) -> None:
    """Drilling down from a filtered figure (and from a breakdown item) lists the chosen
    campaign's records only — for the theme, those of its two campaigns."""
    store = mixed.store
    a, c = mixed.worlds["A"].ids, mixed.worlds["C"].ids
    tables = {"clue_persons": "clues"}  # a person on a clue: checked through the clue

    def owner_ids(table: str, ids: list[int]) -> set[int]:
        if table == "clue_persons":
            marks = ",".join("?" * len(ids))
            rows = store.db.execute(f"SELECT clue_id FROM clue_persons WHERE id IN ({marks})", ids)
            return {int(r[0]) for r in rows}
        return set(ids)

    for chosen, allowed in (
        ({"campaign_id": mixed.a}, [a, {"campaigns": {mixed.a}}]),
        ({"theme": "节日期间"}, [a, c, {"campaigns": {mixed.a, mixed.c}}]),
    ):
        result = stats.compute(store, *Y2026, **chosen)  # type: ignore[arg-type]
        shown = [*result.figures.values()]
        shown += [f for group in result.breakdowns.values() for f in group.values()]
        drilled = 0
        for fig in shown:
            ids = fig.record_ids(store)
            if not ids:
                continue
            drilled += 1
            table = tables.get(fig.table, fig.table)
            permitted = set().union(*(world.get(table, set()) for world in allowed))
            assert owner_ids(fig.table, ids) <= permitted, (fig.label, chosen)
        assert drilled > 40


def test_comparison_and_per_unit_table_follow_the_filter(alone: Store, mixed: Mixed) -> None:
    """The page's comparison (上年同期 filtered alike) and the 整改 per-unit table."""
    expected = summary.compare(alone, *Y2026, today=TODAY)
    got = summary.compare(mixed.store, *Y2026, campaign_id=mixed.a, today=TODAY)
    assert [(ln.key, ln.current, ln.previous) for ln in got.lines] == [
        (ln.key, ln.current, ln.previous) for ln in expected.lines
    ]
    # the year before holds A's 2025 case (received and opened in 2025)
    assert got.line("cases").previous == "1"
    assert [(u.unit, u.found, u.rectified, u.overdue) for u in got.rectification_by_unit] == [
        ("甲局", 2, 1, 1)
    ]
    theme = summary.compare(mixed.store, *Y2026, theme="节日期间", today=TODAY)
    assert {u.unit for u in theme.rectification_by_unit} == {"甲局", "丙局"}


def test_report_header_names_the_filter(mixed: Mixed) -> None:
    """The PDF report says what the figures cover: unit, campaign and theme."""
    pdf = summary.render_pdf(
        mixed.store, *Y2026, mixed.worlds["A"].unit, campaign_id=mixed.a, theme="节日期间"
    )
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    squeezed = "".join(text.split())
    assert "统计范围：甲局" in squeezed
    assert "专项工作：元旦春节节日期间专项检查" in squeezed
    assert "主题：节日期间" in squeezed
    plain = summary.render_pdf(mixed.store, *Y2026)
    plain_text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(plain)).pages)
    assert "统计范围：全部单位" in "".join(plain_text.split())
    assert "专项工作：" not in plain_text


def test_filter_label_and_json(mixed: Mixed) -> None:
    result = stats.compute(mixed.store, *Y2026, campaign_id=mixed.b, theme="营商环境")
    assert stats.filter_label(result) == "全部单位；专项工作：优化营商环境专项监督；主题：营商环境"
    data = result.to_dict()
    assert data["campaign"] == {"id": mixed.b, "name": "优化营商环境专项监督"}
    assert data["theme"] == "营商环境"
    assert stats.filter_label(stats.compute(mixed.store, *Y2026)) == "全部单位"


def test_paragraph_says_which_work_it_covers(mixed: Mixed) -> None:
    """A paragraph over one campaign (or theme) names it: pasted into a report it must not
    read as the whole office's work."""
    one = stats.compute(mixed.store, *Y2026, campaign_id=mixed.a)
    text = stats.summary_paragraph(one)
    # the paragraph is that campaign's: no sentence of its own saying the figures twice
    assert text.startswith("2026年，围绕“元旦春节节日期间专项检查”，开展教育培训")
    assert "在元旦春节节日期间专项检查中" not in text and "。共受理问题线索3件" in text
    unit = mixed.worlds["B"].unit
    themed = stats.compute(mixed.store, *Y2026, theme="营商环境", unit_id=unit)
    themed_text = stats.summary_paragraph(themed)
    assert themed_text.startswith("2026年，乙局围绕营商环境专项工作，在")
    assert "。共受理问题线索" in themed_text
    assert stats.summary_paragraph(stats.compute(mixed.store, *Y2026)).startswith("2026年，在")


def test_choices_offer_campaigns_by_theme_and_every_theme(mixed: Mixed) -> None:
    store = mixed.store
    assert [name for _id, name in figures.campaign_choices(store, "节日期间")] == [
        "中秋国庆节日期间专项检查",
        "元旦春节节日期间专项检查",
    ]
    assert len(figures.campaign_choices(store)) == 3
    themes = figures.theme_choices(store)
    assert themes[:4] == ["节日期间", "八项规定", "四风", "营商环境"]
    # a campaign keeps a theme the dictionary no longer has: still offered
    store.db.execute("UPDATE campaigns SET theme = '旧主题' WHERE id = ?", [mixed.b])
    assert figures.theme_choices(store)[-1] == "旧主题"


# -- the commands ------------------------------------------------------------------------


def _cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def cli_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("cli") / "data"
    store = _open(data)
    a = campaign(store, "元旦春节节日期间专项检查", "节日期间")
    make_world(store, "甲", a)
    make_world(store, "乙", campaign(store, "优化营商环境专项监督", "营商环境"))
    make_world(store, "丁", None)
    store.close()
    return data


@pytest.fixture
def cli_store(cli_master: Path, tmp_path: Path) -> Path:
    """The store the commands read (this test's copy)."""
    return copy_data_dir(cli_master, tmp_path / "cli")


def test_stats_and_summary_commands_take_campaign_and_theme(cli_store: Path) -> None:
    by_name = _cli(
        cli_store, "stats", "--from", "2026-01-01", "--to", "2026-12-31",
        "--campaign", "元旦春节节日期间专项检查", "--json",
    )  # fmt: skip
    assert by_name.returncode == 0, by_name.stderr
    data = json.loads(by_name.stdout)
    assert data["campaign"]["name"] == "元旦春节节日期间专项检查"
    assert data["figures"]["problems_found"]["value"] == 2
    assert data["figures"]["clues_received"]["value"] == 3
    by_id = _cli(
        cli_store, "stats", "--from", "2026-01-01", "--to", "2026-12-31",
        "--campaign", str(data["campaign"]["id"]), "--json",
    )  # fmt: skip
    assert json.loads(by_id.stdout)["figures"] == data["figures"]
    theme = _cli(
        cli_store, "stats", "--from", "2026-01-01", "--to", "2026-12-31", "--theme", "营商环境"
    )
    assert theme.returncode == 0, theme.stderr
    assert "统计范围\t全部单位；主题：营商环境" in theme.stdout
    assert "发现问题\t2个" in theme.stdout
    everything = _cli(cli_store, "stats", "--from", "2026-01-01", "--to", "2026-12-31")
    assert "发现问题\t6个" in everything.stdout
    text = _cli(cli_store, "summary", "--period", "2026年", "--theme", "节日期间", "--text")
    assert text.returncode == 0, text.stderr
    assert "发现问题2个" in text.stdout and "发现问题6个" not in text.stdout
    pdf = cli_store.parent / "汇总.pdf"
    out = _cli(
        cli_store, "summary", "--period", "2026年", "--campaign", "优化营商环境专项监督",
        "--out", str(pdf),
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    pages = pypdf.PdfReader(pdf).pages
    assert "专项工作：优化营商环境专项监督" in "".join(
        "".join(p.extract_text().split()) for p in pages
    )


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--campaign", "没有这项工作", "专项工作“没有这项工作”不存在"),
        ("--campaign", "999", "专项工作“999”不存在"),
        ("--theme", "无此主题", "主题“无此主题”不是专项工作主题，可选：节日期间、"),
    ],
)
def test_unknown_campaign_or_theme_is_one_chinese_line(
    cli_store: Path, option: str, value: str, message: str
) -> None:
    run = _cli(cli_store, "stats", "--from", "2026-01-01", "--to", "2026-12-31", option, value)
    assert run.returncode == 1
    assert message in run.stderr
    assert "Traceback" not in run.stderr


def test_a_name_two_campaigns_share_asks_for_the_number(mixed: Mixed) -> None:
    from desktop.cli.common import campaign_id

    campaign(mixed.store, "优化营商环境专项监督", "营商环境")
    with pytest.raises(UserError, match="有2项同名"):
        campaign_id(mixed.store, "优化营商环境专项监督")
    assert campaign_id(mixed.store, str(mixed.b)) == mixed.b


# -- the Excel workbook ------------------------------------------------------------------


def test_workbook_holds_the_figures_and_says_the_filter(mixed: Mixed, tmp_path: Path) -> None:
    """统计汇总 as Excel: the header names unit, campaign and theme like the PDF; every line
    of the comparison is a row (counts as numbers); the paragraph and progress per unit."""
    from openpyxl import load_workbook

    from desktop.documents.summary_workbook import render_workbook

    comparison = summary.compare(mixed.store, *Y2026, campaign_id=mixed.a, today=TODAY)
    report = summary.report(mixed.store, comparison)
    data = render_workbook(report)
    assert render_workbook(report) == data  # equal input, equal bytes
    path = tmp_path / "汇总.xlsx"
    path.write_bytes(data)
    wb = load_workbook(path)
    assert wb.sheetnames == ["统计汇总", "各单位整改进度"]
    ws = wb["统计汇总"]
    cells = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    firsts = [row[0] for row in cells]
    assert firsts[0] == report.title
    assert "统计区间：2026年1月1日至2026年12月31日" in firsts
    assert "统计范围：全部单位" in firsts and "专项工作：元旦春节节日期间专项检查" in firsts
    assert "上年同期：2025年1月1日至2025年12月31日" in firsts
    rows = {row[0]: row[1:4] for row in cells if row[0]}
    assert rows["受理问题线索（件）"] == [3, 1, 2]  # the change: a number shown signed
    change = ws.cell(firsts.index("受理问题线索（件）") + 1, 4)
    assert change.number_format == "+0;-0;0"
    assert rows["发现问题（个）"][:2] == [2, 0]
    assert rows["整改率"][0] == "50%"
    assert rows["收缴违纪款（万元）"][0] == 0.1
    for line in comparison.lines:  # every line of the page is a row of the sheet
        label = f"{line.label}（{line.unit}）" if line.unit else line.label
        assert ("　　" + label if line.level else label) in rows, label
    assert "总体情况" in firsts
    assert firsts[firsts.index("总体情况") + 1] == report.paragraph
    progress = [list(r) for r in wb["各单位整改进度"].iter_rows(values_only=True)]
    assert progress == [["责任单位", "发现问题", "已整改", "逾期未整改"], ["甲局", 2, 1, 1],
                        ["合计", 2, 1, 1]]  # fmt: skip


def test_summary_command_writes_the_workbook(cli_store: Path) -> None:
    from openpyxl import load_workbook

    target = cli_store.parent / "节日专项.xlsx"
    run = _cli(
        cli_store, "summary", "--period", "2026年", "--theme", "节日期间", "--xlsx", str(target)
    )
    assert run.returncode == 0, run.stderr
    assert "已生成2026年统计汇总" in run.stdout
    ws = load_workbook(target)["统计汇总"]
    firsts = [row[0] for row in ws.iter_rows(values_only=True)]
    assert "主题：节日期间" in firsts
    missing = _cli(cli_store, "summary", "--period", "2026年")
    assert missing.returncode == 1 and "--xlsx" in missing.stderr


def test_a_campaign_deleted_meanwhile_is_a_clear_message(mixed: Mixed) -> None:
    """The page offered it, then it went to the recycle bin: say so, count nothing."""
    gone = campaign(mixed.store, "未开展的专项", "四风")
    records.delete(mixed.store, "campaigns", gone)
    with pytest.raises(UserError, match="所选专项工作已不存在"):
        stats.compute(mixed.store, *Y2026, campaign_id=gone)
