"""Notices per GB/T 9704-2012, measured back from the PDF with pdfplumber and pypdf."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterator
from typing import Any

import pdfplumber
import pypdf
import pytest
from reportlab.pdfbase import pdfmetrics

from desktop.documents import fonts as fonts_module
from desktop.documents import page as pg
from desktop.documents.fonts import Face, FontRegistry, gb2312_characters, registry
from desktop.documents.notice import Block, Notice, render
from desktop.documents.text import NO_LINE_END, NO_LINE_START

MM = 72 / 25.4
TOL = 1.0  # mm

FILLER = (
    "各级党组织要切实履行全面从严治党主体责任，把监督执纪问责贯穿于日常管理全过程，"
    "对发现的问题早提醒早纠正，坚决防止小问题演变成大问题，以严明的纪律保障各项工作落实。"
)


@pytest.fixture(scope="module")
def fonts() -> FontRegistry:
    return registry(())  # bundled faces only: the same on every machine


def long_notice(**changes: Any) -> Notice:
    body = [
        Block("近期，我委在开展落实中央八项规定精神专项督查中，发现你单位存在以下问题："),
        Block("一、公务接待管理不规范。2026年1月至9月，你单位公务接待23批次。"),
        Block("（一）接待清单填写不完整。部分接待清单未注明接待对象、事由和费用明细。"),
        Block("1.财务报销把关不严，存在以会议费名义列支接待费用的情况。"),
        Block("（1）对照问题清单逐项制定整改措施，明确责任人和完成时限。"),
    ] + [Block(FILLER * 2) for _ in range(8)]
    notice = Notice(
        issuer="中共望川县纪律检查委员会",
        title="关于督促整改望川县自然资源局落实中央八项规定精神问题的通知",
        body=body,
        date=dt.date(2026, 11, 23),
        number="望纪发〔2026〕5号",
        addressee="县自然资源局党组",
        attachments=["公务接待问题清单", "整改情况报告模板"],
        cc=["县委办公室", "县政府办公室"],
        printed_by="中共望川县纪律检查委员会办公室",
        kind="整改通知书",
    )
    return dataclasses.replace(notice, **changes)


@pytest.fixture(scope="module")
def long_pdf(fonts: FontRegistry) -> bytes:
    return render(long_notice(), fonts)


@pytest.fixture(scope="module")
def letter_pdf(fonts: FontRegistry) -> bytes:
    return render(long_notice(letter=True, number="望纪督函〔2026〕3号", kind="督办函"), fonts)


def open_pdf(data: bytes) -> pdfplumber.PDF:
    return pdfplumber.open(io.BytesIO(data))


def baseline_mm(char: dict[str, Any], height: float) -> float:
    """Baseline of a char, in mm from the top of the page (from its text matrix)."""
    return float((height - char["matrix"][5]) / MM)


def text_lines(page: Any) -> list[list[dict[str, Any]]]:
    """The page's chars grouped by baseline, top to bottom, each line left to right."""
    lines: dict[float, list[dict[str, Any]]] = {}
    for char in page.chars:
        lines.setdefault(round(char["matrix"][5], 1), []).append(char)
    return [sorted(lines[k], key=lambda c: c["x0"]) for k in sorted(lines, reverse=True)]


def line_text(line: list[dict[str, Any]]) -> str:
    return "".join(c["text"] for c in line)


def body_lines(page: Any) -> list[list[dict[str, Any]]]:
    return [line for line in text_lines(page) if round(line[0]["size"]) == 16]


def is_page_number(line: list[dict[str, Any]]) -> bool:
    return re.fullmatch(r"— \d+ —", line_text(line)) is not None


# Fonts -------------------------------------------------------------------------------------


@pytest.mark.parametrize("face", list(Face))
def test_bundled_face_covers_gb2312(fonts: FontRegistry, face: Face) -> None:
    assert fonts.files[face].bundled
    missing = [c for c in gb2312_characters() if not fonts.has_glyph(face, c)]
    assert missing == [], f"{face} lacks {len(missing)} GB 2312 characters: {missing[:20]}"


def test_gb2312_has_all_code_points() -> None:
    assert len(gb2312_characters()) == 7445


def test_rare_name_character_falls_back_to_songti(fonts: FontRegistry) -> None:
    # 堃 is in GBK but not GB 2312: the body face lacks it, the bundled 宋体 has it.
    assert not fonts.has_glyph(Face.FANGSONG, "堃")
    assert fonts.font_for(Face.FANGSONG, "堃") == fonts.name(Face.SONGTI)
    assert fonts.missing("王堃") == set()


def test_fonts_are_parsed_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    created: list[str] = []
    real = fonts_module.TTFont

    def counting(name: str, path: str, **kwargs: Any) -> Any:
        created.append(path)
        return real(name, path, **kwargs)

    monkeypatch.setattr(fonts_module, "TTFont", counting)
    registry.cache_clear()
    try:
        render(long_notice(), registry(()))
        assert len(created) == len(Face)
        render(long_notice(number="望纪发〔2026〕6号"), registry(()))
        assert len(created) == len(Face), "the second document parsed the fonts again"
        assert registry.cache_info().hits >= 1
    finally:
        registry.cache_clear()


def test_windows_faces_are_preferred(tmp_path: Any, fonts: FontRegistry) -> None:
    # A stand-in "simhei.ttf" in a system font folder wins over the bundled 黑体.
    source = fonts.files[Face.HEITI].path
    (tmp_path / "SimHei.ttf").write_bytes(source.read_bytes())
    found = fonts_module.find_font_files((tmp_path,))
    assert found[Face.HEITI][0].path == tmp_path / "SimHei.ttf"
    assert found[Face.HEITI][-1].bundled
    assert all(files[-1].bundled for files in found.values())


def test_every_font_is_embedded_as_subset(long_pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(long_pdf))
    seen = 0
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert re.fullmatch(r"/[A-Z]{6}\+.+", str(font["/BaseFont"]))
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor
            seen += 1
    assert seen >= 4


# Page 1 of 文件格式 ----------------------------------------------------------------------------


def test_banner_is_red_centred_35mm_below_block_top(long_pdf: bytes) -> None:
    with open_pdf(long_pdf) as pdf:
        page = pdf.pages[0]
        banner = [c for c in page.chars if c["size"] > 30]
        assert line_text(banner) == "中共望川县纪律检查委员会文件"
        size = banner[0]["size"]
        top = baseline_mm(banner[0], page.height) - pg.EM_ASCENT * size / MM
        assert top == pytest.approx(37 + 35, abs=TOL)
        assert all(c["non_stroking_color"] == (0, 1, 1, 0) for c in banner)
        centre = (banner[0]["x0"] + banner[-1]["x1"]) / 2 / MM
        assert centre == pytest.approx(28 + 156 / 2, abs=TOL)
        assert banner[-1]["x1"] / MM <= 184 + TOL


def test_number_rule_title_addressee(long_pdf: bytes) -> None:
    with open_pdf(long_pdf) as pdf:
        page = pdf.pages[0]
        lines = text_lines(page)
        texts = [line_text(line) for line in lines]
        number = lines[texts.index("望纪发〔2026〕5号")]
        assert {round(c["size"]) for c in number} == {16}
        centre = (number[0]["x0"] + number[-1]["x1"]) / 2 / MM
        assert centre == pytest.approx(105, abs=TOL)
        number_bottom = baseline_mm(number[0], page.height) + pg.EM_DESCENT * 16 / MM
        reds = [r for r in page.rects if r["non_stroking_color"] == (0, 1, 1, 0)]
        assert len(reds) == 1
        rule = reds[0]
        assert rule["x0"] / MM == pytest.approx(28, abs=TOL)
        assert rule["width"] / MM == pytest.approx(156, abs=TOL)
        assert rule["top"] / MM - number_bottom == pytest.approx(4, abs=TOL)

        title = [line for line in lines if round(line[0]["size"]) == 22]
        assert [line_text(t) for t in title] == [
            "关于督促整改望川县自然资源局",
            "落实中央八项规定精神问题的通知",
        ]
        for line in title:
            centre = (line[0]["x0"] + line[-1]["x1"]) / 2 / MM
            assert centre == pytest.approx(105, abs=TOL)
        # Two blank grid lines between the rule and the title.
        title_line = pg.next_line(rule["bottom"]) + 2
        expected = pg.line_baseline(title_line, 22) / MM
        assert baseline_mm(title[0][0], page.height) == pytest.approx(expected, abs=0.2)
        # Addressee flush left, one blank line below the title, ending with a colon.
        addressee = lines[texts.index("县自然资源局党组：")]
        assert addressee[0]["x0"] / MM == pytest.approx(28, abs=TOL)
        expected = pg.line_baseline(title_line + len(title) + 1, 16) / MM
        assert baseline_mm(addressee[0], page.height) == pytest.approx(expected, abs=0.2)


def test_preview_prints_blank_serial(fonts: FontRegistry) -> None:
    data = render(long_notice(number=None, number_prefix="望纪发"), fonts)
    with open_pdf(data) as pdf:
        text = pdf.pages[0].extract_text()
    assert re.search(r"望纪发〔2026〕\s+号", text)
    assert "预览稿" in text


# Body grid --------------------------------------------------------------------------------


def test_body_lines_fill_the_text_block(long_pdf: bytes) -> None:
    with open_pdf(long_pdf) as pdf:
        page = pdf.pages[1]
        lines = body_lines(page)
        assert len(lines) == 22, "a full page has 22 lines"
        pitch = 225 / 22
        first = baseline_mm(lines[0][0], page.height)
        assert first == pytest.approx(pg.line_baseline(0, 16) / MM, abs=0.1)
        tops = [baseline_mm(line[0], page.height) - 0.88 * 16 / MM for line in lines]
        bottoms = [baseline_mm(line[0], page.height) + 0.12 * 16 / MM for line in lines]
        assert min(tops) >= 37 - 0.01
        assert max(bottoms) <= 37 + 225 + 0.01
        for upper, lower in itertools.pairwise(lines):
            gap = baseline_mm(lower[0], page.height) - baseline_mm(upper[0], page.height)
            assert gap == pytest.approx(pitch, abs=0.05)
        full = [line for line in lines if line[-1]["x1"] / MM > 180]
        assert len(full) >= 15
        for line in full:
            indent = line[0]["x0"] / MM - 28
            assert indent == pytest.approx(0, abs=TOL) or indent == pytest.approx(
                2 * 156 / 28, abs=TOL
            )
            assert line[-1]["x1"] / MM == pytest.approx(184, abs=TOL)
            assert {round(c["size"], 3) for c in line} == {16}


def test_28_characters_per_line(long_pdf: bytes) -> None:
    with open_pdf(long_pdf) as pdf:
        lines = body_lines(pdf.pages[1])
    plain = [
        line
        for line in lines
        if line[0]["x0"] / MM < 29
        and line[-1]["x1"] / MM > 183
        and line[-1]["text"] not in NO_LINE_START
        and all(c["text"] in FILLER for c in line)
    ]
    assert plain, "expected full lines of filler text"
    assert {len(line) for line in plain} <= {27, 28}
    assert 28 in {len(line) for line in plain}


def test_line_breaking_rules(long_pdf: bytes) -> None:
    with open_pdf(long_pdf) as pdf:
        for page in pdf.pages:
            for line in body_lines(page):
                assert line[0]["text"] not in NO_LINE_START, line_text(line)
                assert line[-1]["text"] not in NO_LINE_END, line_text(line)


def test_punctuation_is_pushed_out_not_left_at_line_start(fonts: FontRegistry) -> None:
    # 26 characters after the two-character indent, then "。" as the 27th: it may not
    # start line 2, so the last character comes down with it.
    text = "甲" * 26 + "。" + "乙" * 10
    data = render(long_notice(body=[Block(text)], attachments=[]), fonts)
    with open_pdf(data) as pdf:
        page = pdf.pages[0]
        lines = [line for line in body_lines(page) if "甲" in line_text(line)]
        assert line_text(lines[0]) == "甲" * 25
        assert lines[0][-1]["x1"] / MM == pytest.approx(184, abs=TOL)
        assert line_text(lines[1]).startswith("甲。乙")


def test_long_body_breaks_across_pages(long_pdf: bytes) -> None:
    with open_pdf(long_pdf) as pdf:
        assert len(pdf.pages) >= 3
        text = "".join(p.extract_text() for p in pdf.pages)
        compact = re.sub(r"\s", "", text)
        assert compact.count(re.sub(r"\s", "", FILLER)) >= 8
        for page in pdf.pages[1:]:
            lines = body_lines(page)
            if lines:
                first = baseline_mm(lines[0][0], page.height)
                assert first == pytest.approx(pg.line_baseline(0, 16) / MM, abs=0.1)


def test_heading_faces(long_pdf: bytes, fonts: FontRegistry) -> None:
    def ps_name(face: Face) -> str:
        return str(pdfmetrics.getFont(fonts.name(face)).face.name.decode())

    with open_pdf(long_pdf) as pdf:
        lines = text_lines(pdf.pages[0]) + text_lines(pdf.pages[1])
    by_text = {line_text(line)[:4]: line for line in lines}
    level1 = by_text["一、公务"]
    assert level1[0]["fontname"].endswith(ps_name(Face.HEITI))
    assert level1[-1]["fontname"].endswith(ps_name(Face.FANGSONG))  # after the first "。"
    assert by_text["（一）接"][0]["fontname"].endswith(ps_name(Face.KAITI))
    assert by_text["1.财务"][0]["fontname"].endswith(ps_name(Face.FANGSONG))
    assert by_text["（1）对"][0]["fontname"].endswith(ps_name(Face.FANGSONG))


def test_heading_level_detection() -> None:
    assert Block("一、总体要求").heading_level == 1
    assert Block("十二、其他").heading_level == 1
    assert Block("（三）工作措施").heading_level == 2
    assert Block("3.加强监督").heading_level == 3
    assert Block("（2）建立台账").heading_level == 4
    assert Block("2026年11月").heading_level == 0
    assert Block("1.5万元已退缴").heading_level == 0
    assert Block("任意文字", level=1).heading_level == 1


# Attachments, signature, 版记, page numbers --------------------------------------------------


def test_attachments_signature_and_record(long_pdf: bytes) -> None:
    with open_pdf(long_pdf) as pdf:
        page = pdf.pages[-1]
        lines = text_lines(page)
        texts = [line_text(line) for line in lines]
        first = next(i for i, t in enumerate(texts) if t.startswith("附件："))
        assert texts[first] == "附件：1. 公务接待问题清单"
        assert texts[first + 1] == "2. 整改情况报告模板"
        assert lines[first + 1][0]["x0"] == pytest.approx(lines[first][3]["x0"], abs=0.5)
        signer = lines[texts.index("中共望川县纪律检查委员会")]
        date = lines[texts.index("2026年11月23日")]
        # With a seal: date four characters in from the right; issuer centred over it.
        assert date[-1]["x1"] / MM == pytest.approx(184 - 4 * 156 / 28, abs=TOL)
        centre = (signer[0]["x0"] + signer[-1]["x1"]) / 2
        assert centre == pytest.approx((date[0]["x0"] + date[-1]["x1"]) / 2, abs=2)
        gap = baseline_mm(signer[0], page.height) - baseline_mm(lines[first + 1][0], page.height)
        assert gap == pytest.approx(3 * 225 / 22, abs=0.1)  # two blank lines for the seal

        cc = lines[texts.index("抄送：县委办公室，县政府办公室。")]
        printed = next(line for line in lines if line_text(line).endswith("印发"))
        assert line_text(printed).startswith("中共望川县纪律检查委员会办公室")
        assert line_text(printed).endswith("2026年11月23日印发")
        for line in (cc, printed):
            assert {round(c["size"]) for c in line} == {14}
            assert line[0]["x0"] / MM == pytest.approx(28 + 14 / MM, abs=TOL)
        assert printed[-1]["x1"] / MM == pytest.approx(184 - 14 / MM, abs=TOL)
        # The 印发 line is the last line of the text block.
        assert baseline_mm(printed[0], page.height) == pytest.approx(
            pg.line_baseline(21, 14) / MM, abs=0.1
        )
        rules = sorted(
            (r for r in page.rects if r["width"] / MM == pytest.approx(156, abs=TOL)),
            key=lambda r: r["top"],
        )
        heights = [round(r["height"] / MM, 2) for r in rules]
        assert heights == [0.35, 0.25, 0.35]
        assert rules[-1]["bottom"] / MM == pytest.approx(37 + 225, abs=0.05)
        assert rules[0]["bottom"] / MM <= baseline_mm(cc[0], page.height) - 14 / MM * 0.88


def test_signature_without_seal(fonts: FontRegistry) -> None:
    data = render(
        long_notice(seal=False, body=[Block("请按要求抓好整改落实。")], attachments=[]), fonts
    )
    with open_pdf(data) as pdf:
        lines = text_lines(pdf.pages[0])
    texts = [line_text(line) for line in lines]
    signer = lines[texts.index("中共望川县纪律检查委员会")]
    date = lines[texts.index("2026年11月23日")]
    pitch = 156 / 28
    assert signer[-1]["x1"] / MM == pytest.approx(184 - 2 * pitch, abs=TOL)
    assert date[0]["x0"] / MM == pytest.approx(signer[0]["x0"] / MM + 2 * pitch, abs=TOL)


def test_page_numbers_alternate_sides(long_pdf: bytes) -> None:
    with open_pdf(long_pdf) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            marks = [line for line in text_lines(page) if is_page_number(line)]
            assert len(marks) == 1
            mark = marks[0]
            assert line_text(mark) == f"— {number} —"
            assert {round(c["size"]) for c in mark} == {14}
            top = baseline_mm(mark[0], page.height) - 0.88 * 14 / MM
            assert top == pytest.approx(37 + 225 + 7, abs=TOL)
            if number % 2:
                assert mark[-1]["x1"] / MM == pytest.approx(184 - 14 / MM, abs=TOL)
            else:
                assert mark[0]["x0"] / MM == pytest.approx(28 + 14 / MM, abs=TOL)


# Letter format ----------------------------------------------------------------------------


def test_letter_format(letter_pdf: bytes) -> None:
    with open_pdf(letter_pdf) as pdf:
        first = pdf.pages[0]
        assert not [line for line in text_lines(first) if is_page_number(line)]
        assert [line_text(x) for x in text_lines(pdf.pages[1]) if is_page_number(x)] == ["— 2 —"]
        banner = [c for c in first.chars if c["size"] > 25]
        assert line_text(banner) == "中共望川县纪律检查委员会"
        top = baseline_mm(banner[0], first.height) - pg.EM_ASCENT * banner[0]["size"] / MM
        assert top == pytest.approx(30, abs=TOL)
        banner_bottom = baseline_mm(banner[0], first.height) + 0.12 * banner[0]["size"] / MM
        reds = sorted(
            (r for r in first.rects if r["non_stroking_color"] == (0, 1, 1, 0)),
            key=lambda r: r["top"],
        )
        assert len(reds) == 4
        for rule in reds:
            assert rule["width"] / MM == pytest.approx(170, abs=0.1)
            assert rule["x0"] / MM == pytest.approx(20, abs=0.1)
        upper_thick, upper_thin, lower_thin, lower_thick = reds
        assert upper_thick["height"] > upper_thin["height"]
        assert lower_thick["height"] > lower_thin["height"]
        assert upper_thick["top"] / MM - banner_bottom == pytest.approx(4, abs=TOL)
        assert lower_thick["bottom"] / MM == pytest.approx(297 - 20, abs=TOL)
        number = next(x for x in text_lines(first) if line_text(x) == "望纪督函〔2026〕3号")
        assert number[-1]["x1"] / MM == pytest.approx(184, abs=TOL)
        assert not [r for r in pdf.pages[1].rects if r["non_stroking_color"] == (0, 1, 1, 0)]
        # A letter's 版记 has no 印发 line and no rules.
        last = pdf.pages[-1]
        assert not any(line_text(x).endswith("印发") for x in text_lines(last))
        assert not last.rects


# Output -----------------------------------------------------------------------------------


def test_identical_input_gives_identical_bytes(fonts: FontRegistry, long_pdf: bytes) -> None:
    assert render(long_notice(), fonts) == long_pdf
    assert render(long_notice(date=dt.date(2026, 11, 24)), fonts) != long_pdf


def test_metadata_and_extractable_text(long_pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(long_pdf))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == long_notice().title
    assert meta.author == "中共望川县纪律检查委员会"
    assert str(meta["/CreationDate"]).startswith("D:20261123")
    text = reader.pages[0].extract_text()
    assert "望纪发〔2026〕5号" in text
    assert "县自然资源局党组" in text


def iter_chars(data: bytes) -> Iterator[tuple[int, dict[str, Any], float]]:
    with open_pdf(data) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for char in page.chars:
                yield number, char, page.height


def test_everything_stays_inside_the_page_layout(long_pdf: bytes) -> None:
    for number, char, height in iter_chars(long_pdf):
        assert char["x0"] / MM >= 28 - TOL and char["x1"] / MM <= 184 + TOL, (number, char)
        base = baseline_mm(char, height)
        if number > 1 and char["size"] < 15:
            continue  # page numbers below the block
        if number > 1:
            assert 37 <= base <= 262, (number, char["text"])


def test_reprint_in_another_process_is_byte_identical(long_pdf: bytes) -> None:
    import hashlib
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    script = (
        "import hashlib, sys\n"
        "sys.path[:0] = [sys.argv[1], sys.argv[1] + '/tests']\n"
        "from test_documents import long_notice\n"
        "from desktop.documents import registry, render\n"
        "print(hashlib.sha256(render(long_notice(), registry(()))).hexdigest())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(root)],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    )
    assert out.stdout.strip() == hashlib.sha256(long_pdf).hexdigest()


# Issue 19: print details, measured ------------------------------------------------------


def test_banner_to_number_is_two_blank_lines_gb9704_7_2_5(long_pdf: bytes) -> None:
    """ "发文字号编排在发文机关标志下空二行位置": two body lines (2 × 225/22 mm) between the
    banner's bottom and the number's line, not the third partly blank line of before."""
    with open_pdf(long_pdf) as pdf:
        page = pdf.pages[0]
        banner = [c for c in page.chars if c["size"] > 30]
        size = banner[0]["size"]
        banner_bottom = baseline_mm(banner[0], page.height) + pg.EM_DESCENT * size / MM
        number = next(line for line in text_lines(page) if line_text(line) == "望纪发〔2026〕5号")
        number_top = baseline_mm(number[0], page.height) - pg.EM_ASCENT * 16 / MM
    pitch = 225 / 22
    expected = 2 * pitch + (pitch - 16 / MM) / 2  # 22.7 mm
    assert number_top - banner_bottom == pytest.approx(expected, abs=0.3)
    assert number_top - banner_bottom < 2.5 * pitch  # was 32.1 mm, over three lines


def test_a_line_ended_early_by_a_phone_number_keeps_the_grid_spacing(fonts: FontRegistry) -> None:
    """The contact line is not stretched across the block when the number goes to the
    next line: its characters stay one grid pitch (156/28 mm) apart."""
    contact = "联系人：党风政风监督室　黄婷；联系电话：0000-6123456。"
    data = render(
        long_notice(body=[Block("请于2026年12月24日前书面报送整改情况。"), Block(contact)])
    )
    with open_pdf(data) as pdf:
        lines = text_lines(pdf.pages[0])
    line = next(line for line in lines if line_text(line).startswith("联系人"))
    assert line_text(line) == "联系人：党风政风监督室　黄婷；联系电话："
    steps = [(b["x0"] - a["x0"]) / MM for a, b in itertools.pairwise(line)]
    assert max(steps) == pytest.approx(156 / 28, abs=0.15)
    assert line[-1]["x1"] / MM < 28 + 156 - 20  # far short of the right margin
    assert any(line_text(other) == "0000-6123456。" for other in lines)
