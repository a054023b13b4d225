"""督查通报 / 典型案例通报 and 整改函: printed from their records, numbered, registered."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.domain import notices
from desktop.store import Store, UserError, holidays, numbering, records
from desktop.store.errors import ValidationError
from tests.test_notices_service import fill_records, make_store, pdf_text, run

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = make_store(tmp_path / "data")
    try:
        yield s
    finally:
        s.close()


def case_bulletin(store: Store, **changes: Any) -> int:
    """A 典型案例通报 with two cases, each with its 处理情况."""
    unit = store.scalar("SELECT id FROM units WHERE name = '县交通运输局'")
    person = store.scalar("SELECT id FROM persons WHERE name = '王建军'")
    if unit is None:
        unit = records.insert(store, "units", {"name": "县交通运输局"})
        person = records.insert(store, "persons", {"name": "王建军", "unit_id": unit})
    values = {
        "kind": "典型案例通报",
        "title": "关于3起违反中央八项规定精神典型问题的通报",
        "date": "2026-11-20",
        "scope": "各乡镇党委，县直各单位党组（党委）",
        "summary": "近期，县纪委监委查处了一批违反中央八项规定精神问题。",
        "requirements": "各级党组织要引以为戒，举一反三，坚决防止类似问题发生。",
        **changes,
    }
    items = [
        {
            "summary": "县交通运输局原副局长王建军违规收受礼金问题",
            "person_id": person,
            "unit_id": unit,
            "handling": "王建军受到党内警告处分，违纪款已收缴。",
        },
        {
            "summary": "县林业站站长李某公款吃喝问题。2026年5月，李某以接待名义公款宴请亲友",
            "handling": "李某受到政务警告处分。",
        },
    ]
    return records.insert(store, "bulletins", values, {"bulletin_items": items})


def test_a_case_bulletin_prints_what_its_record_holds(store: Store) -> None:
    bulletin = case_bulletin(store)
    pdf, blockers = notices.preview_with_notes(store, "典型案例通报", bulletin, TODAY)
    assert blockers == []
    text = pdf_text(pdf)
    assert "典型案例通报" in text and "2026年第期" in text and "预览稿" in text
    assert "关于3起违反中央八项规定精神典型问题的通报" in text
    assert "各乡镇党委，县直各单位党组（党委）：" in text
    assert "近期，县纪委监委查处了一批违反中央八项规定精神问题。" in text
    assert "现将2起典型案例通报如下：" in text  # 起 as the record holds them
    assert "一、县交通运输局原副局长王建军违规收受礼金问题。王建军受到党内警告处分" in text
    assert "二、县林业站站长李某公款吃喝问题。2026年5月" in text
    assert "李某受到政务警告处分。" in text
    assert "各级党组织要引以为戒" in text
    assert "2026年11月20日" in text  # dated with the record's 通报日期
    assert store.scalar("SELECT COUNT(*) FROM documents") == 0


def test_issuing_numbers_by_issue_per_kind_and_year_and_marks_the_record(store: Store) -> None:
    first = case_bulletin(store)
    doc = notices.issue(store, "典型案例通报", first, TODAY)
    assert doc["number"] == "2026年第1期"
    assert (doc["kind"], doc["year"], doc["serial"]) == ("典型案例通报", 2026, 1)
    assert doc["issued_date"] == "2026-11-20"
    assert (doc["linked_table"], doc["linked_id"]) == ("bulletins", first)
    assert doc["title"] == "关于3起违反中央八项规定精神典型问题的通报"
    assert doc["addressee"] == "各乡镇党委，县直各单位党组（党委）"
    assert records.get(store, "bulletins", first)["document_id"] == doc["id"]
    stored = notices.reprint(store, doc["id"])
    assert hashlib.sha256(stored).hexdigest() == doc["sha256"]
    text = pdf_text(stored)
    assert "2026年第1期" in text and "预览稿" not in text and "〔" not in text
    # the next 期 of that kind; the other kind and another year count on their own
    second = case_bulletin(store, title="关于2起形式主义官僚主义典型问题的通报")
    assert numbering.preview_number(store, "典型案例通报", 2026) == "2026年第2期"
    assert notices.issue(store, "典型案例通报", second, TODAY)["number"] == "2026年第2期"
    other = case_bulletin(store, kind="督查通报", title="关于国庆节期间专项督查情况的通报")
    assert notices.issue(store, "督查通报", other, TODAY)["number"] == "2026年第1期"
    older = case_bulletin(store, date="2025-12-30", title="关于2025年典型问题的通报")
    assert notices.issue(store, "典型案例通报", older, TODAY)["number"] == "2025年第1期"
    with pytest.raises(UserError, match="已制发典型案例通报（2026年第1期"):
        notices.issue(store, "典型案例通报", first, TODAY)
    corrected = notices.issue(store, "典型案例通报", first, TODAY, correction=True)
    assert corrected["number"] == "2026年第3期"
    assert records.get(store, "bulletins", first)["document_id"] == corrected["id"]
    assert records.get(store, "documents", doc["id"])["number"] == "2026年第1期"


def test_a_supervision_bulletin_prints_its_problems_with_what_was_done(store: Store) -> None:
    bulletin = case_bulletin(store, kind="督查通报", title="关于国庆节期间专项督查情况的通报")
    records.insert(
        store, "bulletin_items", {"bulletin_id": bulletin, "summary": "县档案馆值班记录不全"}
    )
    text = pdf_text(notices.preview(store, "督查通报", bulletin, TODAY))
    assert "督查通报" in text and "现将督查发现的3起问题通报如下：" in text
    assert "三、县档案馆值班记录不全。" in text  # no 处理情况 recorded: none printed


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({"summary": None}, "通报情况未填写"),
        ({"requirements": "  "}, "工作要求未填写"),
        ({"scope": None}, "通报范围未填写"),
    ],
)
def test_a_missing_field_is_named_and_blocks_the_issue(
    store: Store, changes: dict[str, Any], missing: str
) -> None:
    bulletin = case_bulletin(store, **changes)
    pdf, blockers = notices.preview_with_notes(store, "典型案例通报", bulletin, TODAY)
    assert blockers == [missing]
    assert f"〔{missing}〕" in pdf_text(pdf)
    with pytest.raises(UserError, match=missing):
        notices.issue(store, "典型案例通报", bulletin, TODAY)
    assert store.scalar("SELECT COUNT(*) FROM documents") == 0
    assert store.scalar("SELECT COUNT(*) FROM doc_counters") == 0
    assert records.get(store, "bulletins", bulletin)["document_id"] is None


def test_a_case_needs_its_handling_and_a_bulletin_needs_an_item(store: Store) -> None:
    bulletin = case_bulletin(store)
    item = store.scalar("SELECT MAX(id) FROM bulletin_items WHERE bulletin_id = ?", [bulletin])
    records.update(store, "bulletin_items", int(item), {"handling": None})
    _pdf, blockers = notices.preview_with_notes(store, "典型案例通报", bulletin, TODAY)
    assert blockers == ["第2起的处理情况未填写"]
    empty = records.insert(
        store,
        "bulletins",
        {
            "kind": "督查通报",
            "title": "关于专项督查情况的通报",
            "date": "2026-11-20",
            "scope": "县直各单位",
            "summary": "开展了专项督查。",
            "requirements": "抓好整改。",
        },
    )
    pdf, blockers = notices.preview_with_notes(store, "督查通报", empty, TODAY)
    assert blockers == ["通报事项未填写（至少一起）"]
    assert "〔通报事项未填写〕" in pdf_text(pdf)


def test_a_bulletin_dated_after_today_is_not_issued(store: Store) -> None:
    bulletin = case_bulletin(store, date="2026-11-30")
    with pytest.raises(UserError, match="晚于今天"):
        notices.issue(store, "典型案例通报", bulletin, TODAY)


def test_the_kind_asked_for_must_be_the_bulletins_own(store: Store) -> None:
    bulletin = case_bulletin(store)
    with pytest.raises(UserError, match="该通报的种类是典型案例通报，不是督查通报"):
        notices.preview(store, "督查通报", bulletin, TODAY)


def test_a_failed_issue_takes_no_issue_number(store: Store, monkeypatch: Any) -> None:
    """The 期号 is allocated in the same transaction as the file and the record's mark."""
    bulletin = case_bulletin(store)

    def broken(*_args: Any) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(notices, "_note_on_records", broken)
    with pytest.raises(RuntimeError):
        notices.issue(store, "典型案例通报", bulletin, TODAY)
    assert store.scalar("SELECT COUNT(*) FROM documents") == 0
    assert store.scalar("SELECT COUNT(*) FROM doc_counters") == 0
    assert not list((store.path.parent / "documents").rglob("*.pdf"))
    assert records.get(store, "bulletins", bulletin)["document_id"] is None
    monkeypatch.undo()
    assert notices.issue(store, "典型案例通报", bulletin, TODAY)["number"] == "2026年第1期"


def test_a_bulletin_registered_by_hand_takes_its_issue_number(store: Store) -> None:
    """An old register's 通报 (补录) keeps its 期 taken: the next one issued follows it."""
    numbering.register_back_entry(
        store,
        kind="典型案例通报",
        code="",
        year=2026,
        serial=4,
        title="关于2起典型问题的通报",
        issued_date="2026-06-01",
    )
    assert store.scalar("SELECT number FROM documents") == "2026年第4期"
    assert notices.issue(store, "典型案例通报", case_bulletin(store), TODAY)["number"] == (
        "2026年第5期"
    )
    # the other 通报 kind counts its own 期: its 第4期 is not taken by this one
    numbering.register_back_entry(
        store,
        kind="督查通报",
        code="",
        year=2026,
        serial=4,
        title="关于节日期间专项督查情况的通报",
        issued_date="2026-06-02",
    )
    with pytest.raises(ValidationError, match="已登记"):
        numbering.register_back_entry(
            store,
            kind="督查通报",
            code="",
            year=2026,
            serial=4,
            title="重复",
            issued_date="2026-06-03",
        )


# -- 整改函 ----------------------------------------------------------------------------------


def rect_items(store: Store) -> tuple[int, int]:
    """Two findings of one unit in one inspection (and others beside them)."""
    ids = fill_records(store)
    return ids["rect_a1"], ids["rect_a2"]


def test_a_rectification_letter_is_issued_from_the_items_of_a_unit(store: Store) -> None:
    first, second = rect_items(store)
    preview = pdf_text(notices.preview(store, "整改函", first, TODAY))
    assert "某纪改函〔2026〕号" in preview
    doc = notices.issue(store, "整改函", first, TODAY)
    assert doc["number"] == "某纪改函〔2026〕1号"
    assert doc["addressee"] == "县自然资源局"
    assert doc["linked_table"] == "rectifications"
    text = pdf_text(notices.reprint(store, doc["id"]))
    assert "关于落实中央八项规定精神专项督查发现问题的整改函" in text
    assert "2026年10月14日，我委在落实中央八项规定精神专项督查中发现" in text
    assert "1.公务接待管理不规范，8批次无公函。" in text and "2.公务用车使用登记不完整。" in text
    assert "1.针对“公务接待管理”问题立行立改，建立台账。" in text
    assert "2.针对“公务用车使用”问题立行立改，建立台账。" in text
    assert "工程款拨付台账未建立" not in text  # another unit's finding
    for item in (first, second):
        row = records.get(store, "rectifications", item)
        assert (row["notice_document_id"], row["notice_kind"]) == (doc["id"], "整改函")
        assert row["notice_date"] == "2026-11-23" and row["deadline"]
    with pytest.raises(UserError, match="已制发整改函"):
        notices.issue(store, "整改函", second, TODAY)


def test_a_rectification_letter_names_a_missing_requirement(store: Store) -> None:
    first, _second = rect_items(store)
    records.update(store, "rectifications", first, {"requirement": None})
    _pdf, blockers = notices.preview_with_notes(store, "整改函", first, TODAY)
    assert blockers == ["整改要求未填写"]


def test_an_overdue_item_of_a_rectification_letter_gets_a_supervision_letter(
    store: Store,
) -> None:
    first, _second = rect_items(store)
    records.update(store, "rectifications", first, {"deadline": "2026-12-01"})
    holidays.replace_year(store, 2027, [holidays.HolidayEntry(dt.date(2027, 1, 1), False, "元旦")])
    letter = notices.issue(store, "整改函", first, TODAY)
    doc = notices.issue(store, "督办函", first, dt.date(2026, 12, 4))
    text = pdf_text(notices.reprint(store, doc["id"]))
    assert f"《{letter['title']}》（某纪改函〔2026〕1号）" in text
    assert "1.公务接待管理不规范，8批次无公函。" in text


# -- CLI ---------------------------------------------------------------------------------


def test_print_notice_offers_the_bulletins_and_the_rectification_letter(tmp_path: Path) -> None:
    data = tmp_path / "data"
    s = make_store(data)
    bulletin = case_bulletin(s)
    first, _second = rect_items(s)
    s.close()
    helped = run("print-notice", "--help")
    assert "整改函" in helped.stdout and "督查通报" in helped.stdout
    assert "典型案例通报" in helped.stdout
    out = tmp_path / "b.pdf"
    common = ["--date", "2026-11-23", "--data-dir", str(data)]
    done = run(
        "print-notice",
        "典型案例通报",
        "--record",
        str(bulletin),
        "--out",
        str(out),
        "--issue",
        *common,
    )
    assert done.returncode == 0, done.stderr
    assert "2026年第1期" in done.stdout and "2026年第1期" in pdf_text(out.read_bytes())
    letter = tmp_path / "l.pdf"
    done = run("print-notice", "整改函", "--record", str(first), "--out", str(letter), *common)
    assert done.returncode == 0, done.stderr
    assert "预览稿" in pdf_text(letter.read_bytes())
    wrong = run("print-notice", "督查通报", "--record", str(bulletin), "--out", str(out), *common)
    assert wrong.returncode == 1 and "不是督查通报" in wrong.stderr
