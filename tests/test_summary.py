"""统计汇总: previous-year comparison on a demo office, the PDF read back, the CLI."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from desktop import cli
from desktop.documents import summary as doc
from desktop.domain import periods, stats, summary
from desktop.store import Store
from tests.ui_helpers import DEMO_NOW, DemoAt

NOW = DEMO_NOW  # the demo office every test sees: seeded once per run
START, END = dt.date(2026, 1, 1), dt.date(2026, 4, 30)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory, demo_at: DemoAt) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("summary") / "data"
    demo_at(NOW, folder)
    store = Store.open(folder, clock=lambda: NOW)
    yield store
    store.close()


@pytest.fixture(scope="module")
def comparison(demo_store: Store) -> summary.Comparison:
    return summary.compare(demo_store, START, END)


@pytest.fixture(scope="module")
def pdf_bytes(demo_store: Store, comparison: summary.Comparison) -> bytes:
    return doc.render_summary(summary.report(demo_store, comparison))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def canonical(paragraph: str) -> str:
    """The paragraph with its 制发… list sorted: stats lists document kinds in the order
    SQLite returns them, which may change between connections."""
    head, sep, tail = paragraph.strip().rpartition("制发")
    if not sep:
        return paragraph.strip()
    return head + sep + "、".join(sorted(tail.rstrip("。").split("、"))) + "。"


# -- changes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "previous", "text"), [(5, 3, "+2"), (3, 5, "-2"), (4, 4, "0"), (0, 7, "-7")]
)
def test_change(current: int, previous: int, text: str) -> None:
    assert summary.change(current, previous) == text


@pytest.mark.parametrize(
    ("current", "previous", "text"),
    [
        ((54, 72), (30, 60), "+25个百分点"),  # 75% vs 50%
        ((33, 86), (1, 2), "-11.6个百分点"),  # 38.4% vs 50%
        ((1, 2), (2, 4), "0"),
        ((1, 2), (0, 0), "—"),
        ((0, 0), (1, 2), "—"),
    ],
)
def test_point_change(current: tuple[int, int], previous: tuple[int, int], text: str) -> None:
    assert summary.point_change(current, previous) == text


def test_amount_change_in_wan_yuan() -> None:
    assert summary.amount_change(3_477_000, 1_200_000) == "+2.28"
    assert summary.amount_change(0, 1_000_000) == "-1.00"
    assert summary.amount_change(5, 5) == "0"


# -- compare -----------------------------------------------------------------------


def test_previous_year_is_the_same_period_a_year_earlier(
    demo_store: Store, comparison: summary.Comparison
) -> None:
    prev = comparison.previous
    assert (prev.start, prev.end) == (dt.date(2025, 1, 1), dt.date(2025, 4, 30))
    expected = stats.compute(demo_store, prev.start, prev.end)
    assert {k: f.value for k, f in prev.figures.items()} == {
        k: f.value for k, f in expected.figures.items()
    }
    assert prev.amount_fen == expected.amount_fen
    cur = comparison.current
    # The demo office has work in both periods.
    assert cur["clues_received"] > 0 and prev["clues_received"] > 0
    for key, fig in cur.figures.items():
        line = comparison.line(key)
        assert line.current == str(fig.value)
        assert line.previous == str(prev.figures[key].value)
        assert line.change == summary.change(fig.value, prev.figures[key].value)
        assert line.record_ids(demo_store) == fig.record_ids(demo_store)
        assert line.record_ids(demo_store, previous=True) == prev.figures[key].record_ids(
            demo_store
        )
        assert line.table == fig.table


def test_rates_and_amount_lines(comparison: summary.Comparison) -> None:
    cur, prev = comparison.current, comparison.previous
    closure = comparison.line("closure_rate")
    assert closure.current == (cur.closure_rate or "—")
    assert closure.previous == (prev.closure_rate or "—")
    assert closure.change == summary.point_change(
        # docs/statistics.md §结案: the rate is over the cases opened in the period
        (cur["closed_of_cases"], cur["cases"]),
        (prev["closed_of_cases"], prev["cases"]),
    )
    assert comparison.line("rectification_rate").current == (cur.rectification_rate or "—")
    for n in (1, 2, 3, 4):
        assert comparison.line(f"form{n}_share").current == (cur.form_shares[n] or "—")
    amount = comparison.line("amount")
    assert amount.current == stats.wan_yuan(cur.amount_fen)
    assert amount.previous == stats.wan_yuan(prev.amount_fen)


def test_breakdown_lines_drill_down(demo_store: Store, comparison: summary.Comparison) -> None:
    cur = comparison.current
    for name, fig in cur.breakdowns["disposed_by_disposition"].items():
        line = comparison.line(f"disposed_by_disposition:{name}")
        assert line.level == 1 and line.current == str(fig.value)
        assert line.record_ids(demo_store) == fig.record_ids(demo_store)
        assert len(fig.record_ids(demo_store)) == fig.value
    by_source = comparison.clues_by_source
    assert sum(f.value for f in by_source.values()) == cur["clues_received"]
    assert sorted(i for f in by_source.values() for i in f.record_ids(demo_store)) == cur.figures[
        "clues_received"
    ].record_ids(demo_store)


def test_rectification_by_unit_adds_up_to_the_stats(
    demo_store: Store, comparison: summary.Comparison
) -> None:
    cur = comparison.current
    items = comparison.rectification_by_unit
    assert items, "the demo office finds problems in 2026"
    assert summary.totals(items) == (
        cur["problems_found"],
        cur["rectified"],
        cur["overdue_items"],
    )
    assert sorted(i for u in items for i in u.ids) == cur.figures["problems_found"].record_ids(
        demo_store
    )
    assert [u.found for u in items] == sorted((u.found for u in items), reverse=True)
    # One unit: only its own items (and those of units under it).
    unit = items[0]
    one = summary.compare(demo_store, START, END, unit.unit_id)
    assert one.current.unit_id == unit.unit_id == one.previous.unit_id
    assert one.current["problems_found"] == sum(u.found for u in one.rectification_by_unit)
    assert unit.unit_id in {u.unit_id for u in one.rectification_by_unit}


# -- the PDF -----------------------------------------------------------------------


def test_pdf_title_paragraph_and_page_numbers(
    pdf_bytes: bytes, comparison: summary.Comparison
) -> None:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        pages = [p.extract_text() for p in pdf.pages]
        assert all(p.width == pytest.approx(595.28, abs=0.1) for p in pdf.pages)
    text = squash("".join(pages))
    assert "清河县纪委监委2026年1-4月监督执纪工作统计汇总" in text
    # a long paragraph runs onto the next page: read it without the page numbers between
    assert squash(stats.summary_paragraph(comparison.current)) in re.sub(r"—\d+—", "", text)
    assert "上年同期：2025年1月1日至2025年4月30日" in text
    for number, page in enumerate(pages, start=1):
        assert f"— {number} —" in page
    assert len(pages) >= 3


def test_pdf_figure_table_equals_the_stats(
    pdf_bytes: bytes, comparison: summary.Comparison
) -> None:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        lines = {squash(line) for p in pdf.pages for line in p.extract_text().splitlines()}
    checked = 0
    for line in comparison.lines:
        label = f"{line.label}（{line.unit}）" if line.unit else line.label
        row = squash(f"{label}{line.current}{line.previous}{line.change}")
        assert row in lines, row
        checked += 1
    assert checked > 40
    cur = comparison.current
    assert squash(f"受理问题线索（件）{cur['clues_received']}") in "".join(lines)


def test_pdf_charts_are_drawn_with_chinese_labels(
    pdf_bytes: bytes, comparison: summary.Comparison
) -> None:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        text = squash("".join(p.extract_text() for p in pdf.pages))
    for caption in ("图1", "问题线索来源分布", "图2", "图3", "图4", "各单位问题整改进度"):
        assert caption in text
    cur = comparison.current
    first = cur["form1"]
    # Pie legend: name, count and share; bar chart: the sources and the unit names.
    assert f"第一种形态{first}人次（{cur.form_shares[1]}）" in text
    for name in comparison.clues_by_source:
        assert name[:7] in text
    assert comparison.rectification_by_unit[0].unit[:10] in text
    assert "逾期未整改" in text


def test_pdf_embeds_every_font(pdf_bytes: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf_bytes))
    seen = 0
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            seen += 1
    assert seen


def test_pdf_is_deterministic(demo_store: Store, comparison: summary.Comparison) -> None:
    report = summary.report(demo_store, comparison)
    assert doc.render_summary(report) == doc.render_summary(report)


def test_pdf_with_an_empty_period_says_so() -> None:
    report = doc.SummaryReport(
        office="某县纪委监委",
        period="2030年",
        paragraph="2030年，共受理问题线索0件。",
        sections=[doc.Section("制发文书", [])],
        clues_by_source=[],
        disposition=[],
        forms=[("第一种形态", 0), ("第二种形态", 0), ("第三种形态", 0), ("第四种形态", 0)],
        rectification=[],
        day=dt.date(2031, 1, 5),
    )
    data = doc.render_summary(report)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = squash("".join(p.extract_text() for p in pdf.pages))
    assert "某县纪委监委2030年监督执纪工作统计汇总" in text
    assert text.count("（本期无数据）") == 4
    assert "统计范围：全部单位" in text
    one = dataclasses.replace(report, scope="县教育局")
    assert "统计范围：县教育局" in squash(
        "".join(
            p.extract_text() for p in pdfplumber.open(io.BytesIO(doc.render_summary(one))).pages
        )
    )


# -- CLI ---------------------------------------------------------------------------


def test_cli_text_prints_the_stats_paragraph(demo_store: Store, capsys) -> None:
    folder = str(demo_store.path.parent)
    start, end = periods.parse("2025年")
    expected = stats.summary_paragraph(stats.compute(demo_store, start, end))
    assert cli.main(["summary", "--data-dir", folder, "--period", "2025年", "--text"]) == 0
    assert canonical(capsys.readouterr().out) == canonical(expected)
    args = ["summary", "--data-dir", folder, "--from", "2025-01-01", "--to", "2025-12-31"]
    assert cli.main([*args, "--text"]) == 0
    assert canonical(capsys.readouterr().out) == canonical(expected)


def test_the_demo_years_paragraph_reads_like_the_offices_reports(demo_store: Store, capsys) -> None:
    """Issue #15's measure: the demo's last whole year, as `summary --text` prints it, speaks
    campaign by campaign in the register of seed 001 (整改 found and pressed, 两函一书, 通报)
    and counts education by 人次."""
    folder = str(demo_store.path.parent)
    last_year = f"{NOW.year - 1}年"
    assert cli.main(["summary", "--data-dir", folder, "--period", last_year, "--text"]) == 0
    text = canonical(capsys.readouterr().out)
    campaign = re.search(r"在[^。，]*专项[^。，]*中，[^。]*。", text)
    assert campaign, text
    sentences = re.findall(r"在[^。，]*(?:专项|整治)[^。，]*中，[^。]*。", text)
    assert any(re.search(r"发现并督促问题整改\d+个", s) for s in sentences), sentences
    assert any(re.search(r"制发“两函一书”\d+份", s) for s in sentences), sentences
    assert re.search(r"(督查|典型案例)通报\d+期\d+起", text)
    assert re.search(r"开展教育培训\d+场次、\d+人次", text)


def test_cli_out_writes_a_pdf(demo_store: Store, tmp_path: Path, capsys) -> None:
    out = tmp_path / "汇总.pdf"
    folder = str(demo_store.path.parent)
    args = ["summary", "--data-dir", folder, "--period", "2025年1-4月", "--out", str(out)]
    assert cli.main(args) == 0
    assert "已生成2025年1-4月统计汇总" in capsys.readouterr().out
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert "2025年1-4月监督执纪工作统计汇总" in squash(pdf.pages[0].extract_text())


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--period", "明年"], "无法识别"),
        (["--period", "2025年", "--from", "2025-01-01"], "二选一"),
        (["--from", "2025-05-01", "--to", "2025-01-01", "--text"], "不能早于"),
        (["--period", "2025年"], "--out"),
        (["--period", "2025年", "--text", "--unit", "不存在的单位"], "不存在"),
    ],
)
def test_cli_errors(demo_store: Store, extra: list[str], message: str, capsys) -> None:
    folder = str(demo_store.path.parent)
    assert cli.main(["summary", "--data-dir", folder, *extra]) == 1
    assert message in capsys.readouterr().err


def test_every_figure_drills_down_to_its_records(
    demo_store: Store, comparison: summary.Comparison
) -> None:
    """Each line with records lists every one of them, opening a record kind that has a
    form or a view (a person counted on a clue opens the clue; a 回头看, its item)."""
    tables = set()
    for line in comparison.lines:
        if not line.table:
            continue
        for ids in (line.record_ids(demo_store), line.record_ids(demo_store, previous=True)):
            rows = summary.drill_down(demo_store, line.table, ids)
            assert len(rows) == len(set(ids)), line.key
            assert all(r.date and r.title for r in rows), line.key
            tables |= {(line.table, r.table) for r in rows}
    assert ("clue_persons", "clues") in tables and ("rect_checks", "rectifications") in tables
    assert {t for _, t in tables} <= {"clues", "talks", "rectifications", "inspections",
                                      "inquiries", "documents", "campaigns", "activities",
                                      "bulletins", "accountabilities"}  # fmt: skip
    assert summary.drill_down(demo_store, "clues", []) == []
    closed = comparison.line("closed")
    rows = summary.drill_down(demo_store, "clues", closed.record_ids(demo_store), "closed")
    assert all("2026-01-01" <= r.date <= "2026-04-30" for r in rows)  # 结案日期, in the period
