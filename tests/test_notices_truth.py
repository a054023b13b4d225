"""Issue 19: a document prints what its record holds, and nothing made up in its stead.

One test per kind reads the printed text back and compares it with the record; a record
that lacks a field is previewed with 〔…未填写〕 in its place and refused at issue; a
deadline counted into a year without a holiday schedule is refused until it is entered;
a preview always works and is marked, the issued PDF is not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_notices_service import TODAY, filled_store, pdf_text

from desktop.documents import render_talk_record
from desktop.domain import notices
from desktop.store import UserError, holidays, records


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Any]:
    with filled_store(tmp_path) as s:
        yield s


def issued_text(store: Any, kind: str, record_id: int, day: dt.date = TODAY, **kw: Any) -> str:
    doc = notices.issue(store, kind, record_id, day, **kw)
    return pdf_text(notices.reprint(store, int(doc["id"])))


def cn(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


# -- one per kind: the printed text against the record -----------------------------------


def test_rectification_notice_prints_the_items_deadline_and_requirement(store: Any) -> None:
    ids = store.ids
    for key, requirement in (("rect_a1", "严格执行一函一单"), ("rect_a2", "建立用车登记台账")):
        records.update(
            store,
            "rectifications",
            ids[key],
            {"deadline": "2026-12-24", "requirement": requirement},
        )
    text = issued_text(store, "整改通知书", ids["rect_a1"])
    items = [records.get(store, "rectifications", ids[k]) for k in ("rect_a1", "rect_a2")]
    for n, item in enumerate(items, start=1):
        assert f"{n}.{item['finding']}。" in text
        assert f"{n}.{item['requirement']}。" in text
    assert f"请于{cn(items[0]['deadline'])}前书面报送整改情况" in text
    assert "2027年1月4日" not in text  # the office limit from today, which the item overrides
    inspection = records.get(store, "inspections", ids["inspection"])
    assert inspection["theme"] in text and cn(inspection["start_date"]) in text


def test_reminder_letter_prints_the_items_finding_and_deadline(store: Any) -> None:
    rect = store.ids["rect_a_daily"]
    records.update(store, "rectifications", rect, {"deadline": "2026-12-18"})
    item = records.get(store, "rectifications", rect)
    text = issued_text(store, "提醒函", rect)
    assert f"1.{item['finding']}。" in text
    assert f"请于{cn(item['deadline'])}前将整改落实情况书面报送我委" in text


def test_supervision_letter_prints_the_notice_and_the_old_deadline(store: Any) -> None:
    rect = store.ids["rect_a1"]
    records.update(store, "rectifications", rect, {"deadline": "2026-10-30"})
    notice = notices.issue(store, "整改通知书", rect, dt.date(2026, 10, 20))
    late = dt.date(2026, 11, 2)
    text = issued_text(store, "督办函", rect, late)
    item = records.get(store, "rectifications", rect)
    assert f"《{notice['title']}》（{notice['number']}）" in text
    assert f"要求你单位于{cn(item['deadline'])}前完成整改" in text
    assert f"截至{cn(late.isoformat())}" in text and f"1.{item['finding']}。" in text


def test_inquiry_letter_prints_the_allegation_of_the_clue(store: Any) -> None:
    text = issued_text(store, "函询通知书", store.ids["inquiry"])
    person = records.get(store, "persons", store.ids["person"])
    assert f"{person['name']}同志：" in text
    assert "我委收到反映你违规接受管理服务对象宴请的问题" in text  # the clue's summary


def test_reminder_to_a_person_prints_the_clue(store: Any) -> None:
    text = issued_text(store, "提醒函", store.ids["clue"], person=store.ids["person"])
    assert "陈志刚同志：" in text and "1.违规接受管理服务对象宴请。" in text


def test_talk_notice_prints_time_place_and_kind_of_the_talk(store: Any) -> None:
    talk = records.get(store, "talks", store.ids["talk"])
    text = issued_text(store, "谈话通知书", store.ids["talk"])
    assert f"我委定于{cn(talk['date'])}上午9时在{talk['place']}与你进行{talk['kind']}" in text


@pytest.mark.parametrize("key", ["discipline", "supervision"])
def test_proposals_print_the_records_problems_causes_and_reply_date(store: Any, key: str) -> None:
    proposal = records.get(store, "proposals", store.ids[key])
    text = issued_text(store, proposal["kind"], store.ids[key])
    assert proposal["source"] in text and proposal["area"] in text
    for line in ("食材采购未严格执行招标程序", "主体责任落实不到位", "开展以案促改专题警示教育"):
        assert line in text
    if proposal["kind"] == "纪律检查建议书":
        assert f"于{cn(proposal['reply_due'])}前将落实情况书面报送我委" in text


def test_talk_record_prints_questions_and_answers_as_recorded(store: Any) -> None:
    text = pdf_text(notices.preview(store, "谈话记录", store.ids["talk"], TODAY))
    assert "问：请谈谈执法记录仪的管理情况。" in text and "答：由大队统一保管。" in text


def test_talk_record_without_marks_prints_plain_paragraphs(store: Any) -> None:
    """Content written without 问/答 is not printed as an empty 问： and one long 答：."""
    content = "本人对反映的问题作了说明。\n表示今后严格遵守纪律。"
    records.update(store, "talks", store.ids["talk"], {"content": content})
    record = notices.talk_record(store, store.ids["talk"])
    text = pdf_text(render_talk_record(record))
    assert "问：" not in text and "答：" not in text
    assert "本人对反映的问题作了说明。" in text and "表示今后严格遵守纪律。" in text


# -- what the record lacks is named, not invented ------------------------------------------


def test_a_missing_requirement_is_named_in_the_preview_and_stops_the_issue(store: Any) -> None:
    rect = store.ids["rect_b"]
    records.update(store, "rectifications", rect, {"requirement": None})
    pdf, notes = notices.preview_with_notes(store, "整改通知书", rect, TODAY)
    assert "〔整改要求未填写〕" in pdf_text(pdf) and notes == ["整改要求未填写"]
    with pytest.raises(UserError, match="整改要求未填写"):
        notices.issue(store, "整改通知书", rect, TODAY)
    assert store.scalar("SELECT COUNT(*) FROM documents") == 0


@pytest.mark.parametrize(
    ("kind", "key", "table", "field", "label"),
    [
        ("谈话通知书", "talk", "talks", "place", "谈话地点"),
        ("纪律检查建议书", "discipline", "proposals", "reply_due", "回复期限"),
        ("监察建议书", "supervision", "proposals", "causes", "原因分析"),
        ("纪律检查建议书", "discipline", "proposals", "source", "问题来源"),
    ],
)
def test_each_missing_field_is_named(
    store: Any, kind: str, key: str, table: str, field: str, label: str
) -> None:
    records.update(store, table, store.ids[key], {field: None})
    pdf, notes = notices.preview_with_notes(store, kind, store.ids[key], TODAY)
    assert f"〔{label}未填写〕" in pdf_text(pdf) and f"{label}未填写" in notes
    with pytest.raises(UserError, match=f"{label}未填写"):
        notices.issue(store, kind, store.ids[key], TODAY)


def test_an_unverified_deadline_is_refused_until_the_schedule_is_entered(store: Any) -> None:
    """2026-12-31 + 1 working day is 2027-01-01 (元旦) on plain weekdays: not printed
    until the office has entered 2027's holidays."""
    store.set_setting("limit.rectification", "1个工作日")
    rect = store.ids["rect_b"]
    day = dt.date(2026, 12, 31)
    _pdf, notes = notices.preview_with_notes(store, "整改通知书", rect, day)
    assert any("2027年节假日安排尚未录入" in n for n in notes)
    with pytest.raises(UserError, match="2027年节假日安排尚未录入"):
        notices.issue(store, "整改通知书", rect, day)
    holidays.replace_year(
        store,
        2027,
        [holidays.HolidayEntry(dt.date(2027, 1, 1), False, "元旦")],
    )
    store.cache.pop("calendar", None)
    text = issued_text(store, "整改通知书", rect, day)
    assert "请于2027年1月4日前书面报送整改情况" in text  # after 元旦 and the weekend


# -- preview always works and is marked ---------------------------------------------------


def test_an_issued_record_can_still_be_previewed_marked_as_such(store: Any) -> None:
    for kind, key in (("整改通知书", "rect_a1"), ("函询通知书", "inquiry"), ("谈话通知书", "talk")):
        issued = issued_text(store, kind, store.ids[key])
        preview = pdf_text(notices.preview(store, kind, store.ids[key], TODAY))
        assert "预览稿" in preview and "预览稿" not in issued


def test_a_field_the_wording_does_not_print_is_not_required(store: Any) -> None:
    """The 提醒函 to a unit does not print the 整改要求: its absence does not stop it."""
    rect = store.ids["rect_a_daily"]
    records.update(store, "rectifications", rect, {"requirement": None})
    _pdf, notes = notices.preview_with_notes(store, "提醒函", rect, TODAY)
    assert notes == []
    notices.issue(store, "提醒函", rect, TODAY)


def test_a_talk_record_without_times_is_printed_with_the_gap_named(store: Any) -> None:
    """Preview works for any record: the 谈话记录 of a talk with no start/end time."""
    records.update(store, "talks", store.ids["talk"], {"start_time": None, "end_time": None})
    text = pdf_text(notices.preview(store, "谈话记录", store.ids["talk"], TODAY))
    assert "2026年11月27日〔开始和结束时间未填写〕" in text
