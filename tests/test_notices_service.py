"""Printed notices from records: preview, issue (numbered, registered, stored), reprint, CLI."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest

from desktop.domain import notices
from desktop.store import Store, UserError, holidays, numbering, records

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)  # a Monday


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return re.sub(r"\s", "", "".join(p.extract_text() for p in reader.pages))


def make_store(folder: Path) -> Store:
    store = Store.open(folder, clock=lambda: dt.datetime(2026, 11, 23, 9, 0))
    store.set_setting("office_name", "中共望川县纪律检查委员会")
    store.set_setting("contact_person", "刘敏")
    store.set_setting("contact_phone", "0000-6123456")
    store.set_setting("office_address", "望川县人民路18号")
    return store


def fill_records(store: Store) -> dict[str, int]:
    """Two units, one inspection with findings in both, a clue, a talk and two proposals."""
    ids: dict[str, int] = {}
    ids["unit_a"] = records.insert(store, "units", {"name": "县自然资源局"})
    ids["unit_b"] = records.insert(store, "units", {"name": "县住房和城乡建设局"})
    ids["person"] = records.insert(
        store,
        "persons",
        {"name": "陈志刚", "unit_id": ids["unit_a"], "post": "副局长", "gender": "男"},
    )
    ids["inspection"] = records.insert(
        store,
        "inspections",
        {"kind": "专项督查", "theme": "落实中央八项规定精神专项督查", "start_date": "2026-10-14"},
    )

    def rect(finding: str, unit: int, inspection: int | None) -> int:
        return records.insert(
            store,
            "rectifications",
            {
                "finding": finding,
                "found_date": "2026-10-15",
                "inspection_id": inspection,
                "unit_id": unit,
                "responsible": "陈志刚",
                "requirement": f"针对“{finding[:6]}”问题立行立改，建立台账",
                "status": "待整改",
            },
        )

    ids["rect_a1"] = rect("公务接待管理不规范，8批次无公函", ids["unit_a"], ids["inspection"])
    ids["rect_a2"] = rect("公务用车使用登记不完整", ids["unit_a"], ids["inspection"])
    ids["rect_b"] = rect("工程款拨付台账未建立", ids["unit_b"], ids["inspection"])
    ids["rect_a_daily"] = rect("工作日午间饮酒，群众有所反映", ids["unit_a"], None)
    ids["clue"] = records.insert(
        store,
        "clues",
        {
            "received_date": "2026-03-01",
            "source": "信访举报",
            "summary": "反映陈志刚违规接受管理服务对象宴请",
            "disposition_approver": "县纪委书记",
        },
        {"clue_persons": [{"person_id": ids["person"]}]},
    )
    records.insert(
        store,
        "clue_outcomes",
        {
            "clue_id": ids["clue"],
            "person_id": ids["person"],
            "outcome": "党纪警告",
            "decided_date": "2026-05-09",
        },
    )
    ids["inquiry"] = records.insert(
        store,
        "inquiries",
        {"clue_id": ids["clue"], "person_id": ids["person"], "sent_date": "2026-11-23"},
    )
    ids["talk"] = records.insert(
        store,
        "talks",
        {
            "kind": "提醒谈话",
            "date": "2026-11-27",
            "start_time": "09:00",
            "end_time": "10:20",
            "place": "县纪委监委第二谈话室",
            "recorder": "孙悦",
            "reason": "分管股室执法记录仪使用不规范",
            "content": "问：请谈谈执法记录仪的管理情况。\n答：由大队统一保管。",
            "clue_id": ids["clue"],
        },
        {
            "talk_talkers": [{"name": "周明", "role": "纪检干部"}],
            "talk_subjects": [
                {"person_id": ids["person"], "unit_name": "县自然资源局", "post": "副局长"}
            ],
        },
    )
    for key, kind in (("discipline", "纪律检查建议书"), ("supervision", "监察建议书")):
        ids[key] = records.insert(
            store,
            "proposals",
            {
                "kind": kind,
                "matter": "加强校园食堂食材采购监管",
                "unit_id": ids["unit_a"],
                "source": "在查处县第二中学原总务主任王某违纪违法案件中",
                "area": "食材采购",
                "problems": "食材采购未严格执行招标程序\n食堂账务与学校账务混用",
                "causes": "主体责任落实不到位",
                "recommendations": "1. 开展以案促改专题警示教育\n2. 建立食材集中采购和验收公示制度",
                "reply_due": "2026-12-31",
                "status": "待回复",
            },
        )
    return ids


@contextlib.contextmanager
def filled_store(tmp_path: Path) -> Iterator[Any]:
    """The store of fill_records, its ids as store.ids (shared with test_notices_truth)."""
    s = make_store(tmp_path / "data")
    s.ids = fill_records(s)  # type: ignore[attr-defined]
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Any]:
    with filled_store(tmp_path) as s:
        yield s


def overdue_item(store: Any) -> tuple[int, dt.date]:
    """Issue the notice for unit A and return an item with a date after its deadline."""
    notices.issue(store, "整改通知书", store.ids["rect_a1"], TODAY)
    deadline = dt.date.fromisoformat(
        records.get(store, "rectifications", store.ids["rect_a1"])["deadline"]
    )
    return store.ids["rect_a1"], deadline + dt.timedelta(days=3)


def source(store: Any, kind: str) -> int:
    return int(
        {
            "整改通知书": store.ids["rect_a1"],
            "整改函": store.ids["rect_b"],
            "提醒函": store.ids["rect_a_daily"],
            "函询通知书": store.ids["inquiry"],
            "谈话通知书": store.ids["talk"],
            "纪律检查建议书": store.ids["discipline"],
            "监察建议书": store.ids["supervision"],
        }[kind]
    )


def counts(store: Store) -> tuple[int, int]:
    return (
        int(store.scalar("SELECT COUNT(*) FROM documents")),
        int(store.scalar("SELECT COUNT(*) FROM doc_counters")),
    )


ISSUABLE = (
    "整改通知书",
    "整改函",
    "提醒函",
    "函询通知书",
    "谈话通知书",
    "纪律检查建议书",
    "监察建议书",
)


@pytest.mark.parametrize("kind", ISSUABLE)
def test_preview_has_a_blank_serial_and_allocates_nothing(store: Any, kind: str) -> None:
    pdf = notices.preview(store, kind, source(store, kind), TODAY)
    text = pdf_text(pdf)
    code = numbering.code_for(store, kind)
    assert f"{code}〔2026〕号" in text  # the serial is left blank
    assert "预览稿" in text
    assert counts(store) == (0, 0)
    assert (
        store.scalar("SELECT COUNT(*) FROM rectifications WHERE notice_document_id IS NOT NULL")
        == 0
    )


@pytest.mark.parametrize("kind", ISSUABLE)
def test_issue_registers_and_prints_the_registered_number(store: Any, kind: str) -> None:
    record_id = source(store, kind)
    doc = notices.issue(store, kind, record_id, TODAY)
    code = numbering.code_for(store, kind)
    assert doc["number"] == f"{code}〔2026〕1号"
    assert (doc["kind"], doc["serial"], doc["issued_date"]) == (kind, 1, "2026-11-23")
    assert doc["linked_table"] == notices.SOURCE_TABLE[kind]
    assert doc["linked_id"] == record_id
    assert doc["addressee"]
    stored = (store.path.parent / doc["pdf_path"]).read_bytes()
    assert hashlib.sha256(stored).hexdigest() == doc["sha256"]
    text = pdf_text(stored)
    assert doc["number"] in text
    assert "预览稿" not in text
    assert doc["addressee"].rstrip("：") in text
    assert "刘敏" in text and "0000-6123456" in text
    assert notices.reprint(store, doc["id"]) == stored
    # the next one of the same kind in the same year is number 2, via a correction
    again = notices.issue(store, kind, record_id, TODAY, correction=True)
    assert again["number"] == f"{code}〔2026〕2号"


def test_numbers_are_consecutive_per_kind_and_the_preview_agrees(store: Any) -> None:
    ids = store.ids
    first = notices.issue(store, "整改通知书", ids["rect_a1"], TODAY)
    assert "某纪改〔2026〕号" in pdf_text(
        notices.preview(store, "整改通知书", ids["rect_b"], TODAY)
    )
    second = notices.issue(store, "整改通知书", ids["rect_b"], TODAY)
    third = notices.issue(store, "整改通知书", ids["rect_a_daily"], TODAY)
    assert [d["number"] for d in (first, second, third)] == [
        "某纪改〔2026〕1号",
        "某纪改〔2026〕2号",
        "某纪改〔2026〕3号",
    ]
    other = notices.issue(store, "函询通知书", ids["inquiry"], TODAY)
    assert other["number"] == "某纪函〔2026〕1号"


def test_the_office_code_setting_is_the_code_printed_and_registered(store: Any) -> None:
    store.set_setting("doc_code.整改通知书", "望纪发")
    assert "望纪发〔2026〕号" in pdf_text(
        notices.preview(store, "整改通知书", store.ids["rect_a1"], TODAY)
    )
    doc = notices.issue(store, "整改通知书", store.ids["rect_a1"], TODAY)
    assert doc["number"] == "望纪发〔2026〕1号"
    assert "望纪发〔2026〕1号" in pdf_text(notices.reprint(store, doc["id"]))


def test_rectification_notice_lists_every_finding_of_the_unit_and_marks_them(store: Any) -> None:
    ids = store.ids
    doc = notices.issue(store, "整改通知书", ids["rect_a2"], TODAY)
    text = pdf_text(notices.reprint(store, doc["id"]))
    assert "1.公务接待管理不规范，8批次无公函。" in text
    assert "2.公务用车使用登记不完整。" in text
    assert "工程款拨付台账" not in text  # another unit
    assert "午间饮酒" not in text  # not found by this inspection
    assert "县自然资源局：" in text
    assert "落实中央八项规定精神专项督查" in text
    for rect_id in (ids["rect_a1"], ids["rect_a2"]):
        row = records.get(store, "rectifications", rect_id)
        assert row["notice_document_id"] == doc["id"]
        assert row["notice_kind"] == "整改通知书"
        assert row["notice_date"] == "2026-11-23"
        assert row["deadline"] == "2026-12-23"  # limit.rectification: 1个月
    for rect_id in (ids["rect_b"], ids["rect_a_daily"]):
        assert records.get(store, "rectifications", rect_id)["notice_document_id"] is None
    with pytest.raises(UserError, match="已制发整改通知书"):
        notices.issue(store, "整改通知书", ids["rect_a1"], TODAY)


def test_an_existing_deadline_is_kept_and_printed(store: Any) -> None:
    """Issue 19 §1: the notice prints the item's own 整改时限 and 整改要求; one notice has
    one deadline, so an item of the same unit with another deadline is not folded in."""
    records.update(
        store,
        "rectifications",
        store.ids["rect_a1"],
        {"deadline": "2026-12-24", "requirement": "严格执行一函一单"},
    )
    doc = notices.issue(store, "整改通知书", store.ids["rect_a1"], TODAY)
    text = pdf_text(notices.reprint(store, doc["id"]))
    assert "请于2026年12月24日前书面报送整改情况" in text and "2027年" not in text
    assert "1.严格执行一函一单。" in text
    assert "公务用车" not in text
    assert records.get(store, "rectifications", store.ids["rect_a1"])["deadline"] == "2026-12-24"
    a2 = records.get(store, "rectifications", store.ids["rect_a2"])
    assert (a2["deadline"], a2["notice_document_id"]) == (None, None)


def test_deadlines_follow_the_working_day_rules(store: Any) -> None:
    store.set_setting("limit.rectification", "15个工作日")
    # 15 working days from Thursday 2026-09-24: 中秋 and 国庆 (9/25–10/7) are off,
    # Saturday 10/10 is a make-up working day → Thursday 2026-10-22.
    day = dt.date(2026, 9, 24)
    records.update(store, "rectifications", store.ids["rect_a_daily"], {"found_date": "2026-09-20"})
    doc = notices.issue(store, "提醒函", store.ids["rect_a_daily"], day)
    text = pdf_text(notices.reprint(store, doc["id"]))
    assert "请于2026年10月22日前将整改落实情况书面报送我委" in text
    assert (
        records.get(store, "rectifications", store.ids["rect_a_daily"])["deadline"] == "2026-10-22"
    )
    # the notice writes out the same deadline date
    doc = notices.issue(store, "整改通知书", store.ids["rect_a1"], TODAY)
    assert "请于2026年12月14日前书面报送整改情况" in pdf_text(notices.reprint(store, doc["id"]))
    assert records.get(store, "rectifications", store.ids["rect_a1"])["deadline"] == "2026-12-14"


def test_a_correction_is_a_new_document_and_the_old_entry_stays(store: Any) -> None:
    ids = store.ids
    old = notices.issue(store, "整改通知书", ids["rect_a1"], TODAY)
    old_bytes = notices.reprint(store, old["id"])
    later = dt.date(2026, 11, 25)
    new = notices.issue(store, "整改通知书", ids["rect_a2"], later, correction=True)
    assert new["number"] == "某纪改〔2026〕2号"
    assert new["id"] != old["id"]
    assert "替代某纪改〔2026〕1号" in new["notes"]
    assert records.get(store, "documents", old["id"]) == old
    assert notices.reprint(store, old["id"]) == old_bytes
    for rect_id in (ids["rect_a1"], ids["rect_a2"]):
        row = records.get(store, "rectifications", rect_id)
        assert (row["notice_document_id"], row["notice_date"]) == (new["id"], "2026-11-25")
    with pytest.raises(UserError, match="尚未制发"):
        notices.issue(store, "整改通知书", ids["rect_b"], TODAY, correction=True)


def test_supervision_letter_only_for_an_overdue_item_with_a_notice(store: Any) -> None:
    ids = store.ids
    with pytest.raises(UserError, match="尚未下发整改通知"):
        notices.issue(store, "督办函", ids["rect_a1"], TODAY)
    rect_id, late = overdue_item(store)
    with pytest.raises(UserError, match="未逾期"):
        notices.issue(store, "督办函", rect_id, TODAY)
    # the preview still shows, and says why it cannot be issued
    _pdf, why = notices.preview_with_notes(store, "督办函", rect_id, TODAY)
    assert any("未逾期" in w for w in why)
    assert counts(store)[0] == 1
    records.update(store, "rectifications", ids["rect_a2"], {"status": "已整改待验收"})
    preview = pdf_text(notices.preview(store, "督办函", rect_id, late))
    assert "某纪督〔2026〕号" in preview
    # the new deadline falls in 2027, whose holiday schedule is not entered: refused
    with pytest.raises(UserError, match="2027年节假日安排尚未录入"):
        notices.issue(store, "督办函", rect_id, late)
    holidays.replace_year(store, 2027, [holidays.HolidayEntry(dt.date(2027, 1, 1), False, "元旦")])
    doc = notices.issue(store, "督办函", rect_id, late)
    assert doc["number"] == "某纪督〔2026〕1号"
    text = pdf_text(notices.reprint(store, doc["id"]))
    assert "某纪改〔2026〕1号" in text  # which notice
    assert "2026年12月23日前完成整改" in text  # the old deadline
    assert "公务接待管理不规范" in text and "公务用车" not in text  # only what is outstanding
    new_deadline = dt.date(2027, 1, 26)  # 1个月 from 12/26 → Tuesday 1/26
    assert f"请于{new_deadline.year}年1月26日前完成上述事项整改" in text
    row = records.get(store, "rectifications", rect_id)
    assert (row["escalation_document_id"], row["escalated_date"]) == (doc["id"], late.isoformat())
    assert records.get(store, "rectifications", ids["rect_a2"])["escalation_document_id"] is None
    with pytest.raises(UserError, match="已制发督办函"):
        notices.issue(store, "督办函", rect_id, late)


def test_inquiry_letter_and_talk_notice_wording(store: Any) -> None:
    text = pdf_text(notices.preview(store, "函询通知书", store.ids["inquiry"], TODAY))
    assert "陈志刚同志：" in text
    assert "收到反映你违规接受管理服务对象宴请的问题" in text
    assert "15个工作日内" in text
    text = pdf_text(notices.preview(store, "谈话通知书", store.ids["talk"], TODAY))
    assert "经县纪委书记批准" in text
    assert "2026年11月27日上午9时在县纪委监委第二谈话室与你进行提醒谈话" in text


def test_proposal_numbers_its_paragraphs_and_records_the_document(store: Any) -> None:
    pid = store.ids["discipline"]
    with pytest.raises(UserError, match="种类"):
        notices.preview(store, "监察建议书", pid, TODAY)
    doc = notices.issue(store, "纪律检查建议书", pid, TODAY)
    text = pdf_text(notices.reprint(store, doc["id"]))
    assert "关于加强校园食堂食材采购监管的纪律检查建议" in text
    assert "1.开展以案促改专题警示教育。" in text
    assert "2.建立食材集中采购和验收公示制度。" in text
    assert "于2026年12月31日前将落实情况书面报送我委" in text
    assert records.get(store, "proposals", pid)["document_id"] == doc["id"]
    text = pdf_text(notices.preview(store, "监察建议书", store.ids["supervision"], TODAY))
    assert "自收到本建议书之日起38日内" in text


def test_talk_record_and_archive_print_but_are_not_registered(store: Any) -> None:
    text = pdf_text(notices.preview(store, "谈话记录", store.ids["talk"], TODAY))
    assert "谈话记录" in text and "陈志刚" in text and "周明（纪检干部）" in text
    assert "由大队统一保管" in text
    text = pdf_text(notices.preview(store, "廉政档案", store.ids["person"], TODAY))
    assert "陈志刚廉政档案" in text
    assert "党纪警告" in text and "2027年5月9日" in text  # effect period of the sanction
    assert "公务接待管理不规范" in text
    for kind, rid in (("谈话记录", store.ids["talk"]), ("廉政档案", store.ids["person"])):
        with pytest.raises(UserError, match="不编文号"):
            notices.issue(store, kind, rid, TODAY)
    assert counts(store) == (0, 0)


def test_issue_needs_the_contact_settings(store: Any) -> None:
    store.set_setting("contact_phone", "")
    with pytest.raises(UserError, match="联系电话"):
        notices.issue(store, "整改通知书", store.ids["rect_a1"], TODAY)
    assert counts(store) == (0, 0)


def test_a_failure_after_numbering_leaves_no_number_no_file_no_mark(
    store: Any, monkeypatch
) -> None:
    def broken(*_args: Any) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(notices, "_note_on_records", broken)
    with pytest.raises(RuntimeError):
        notices.issue(store, "整改通知书", store.ids["rect_a1"], TODAY)
    assert counts(store) == (0, 0)
    assert not list((store.path.parent / "documents").rglob("*.pdf"))
    assert records.get(store, "rectifications", store.ids["rect_a1"])["notice_document_id"] is None


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_print_issue_and_reprint(tmp_path: Path) -> None:
    data = tmp_path / "data"
    s = make_store(data)
    ids = fill_records(s)
    s.close()
    assert ids["rect_a1"] == 1
    preview = tmp_path / "preview.pdf"
    done = run(
        "print-notice",
        "整改通知书",
        "--record",
        "1",
        "--out",
        str(preview),
        "--date",
        "2026-11-23",
        "--data-dir",
        str(data),
    )
    assert done.returncode == 0, done.stderr
    assert "某纪改〔2026〕号" in pdf_text(preview.read_bytes())

    out = tmp_path / "x.pdf"
    done = run(
        "print-notice",
        "整改通知书",
        "--record",
        "1",
        "--out",
        str(out),
        "--issue",
        "--date",
        "2026-11-23",
        "--data-dir",
        str(data),
    )
    assert done.returncode == 0, done.stderr
    assert "某纪改〔2026〕1号" in done.stdout
    assert "某纪改〔2026〕1号" in pdf_text(out.read_bytes())

    again = tmp_path / "again.pdf"
    done = run("reprint", "--document", "1", "--out", str(again), "--data-dir", str(data))
    assert done.returncode == 0, done.stderr
    assert again.read_bytes() == out.read_bytes()

    # issue 19 §2: the issued record can still be previewed (marked, no number) ...
    look = tmp_path / "look.pdf"
    common = ["--out", str(look), "--date", "2026-11-24", "--data-dir", str(data)]
    done = run("print-notice", "整改通知书", "--record", "1", *common)
    assert done.returncode == 0, done.stderr
    assert "预览稿" in pdf_text(look.read_bytes()) and "预览稿" not in pdf_text(out.read_bytes())
    # ... and --correction without --issue registers nothing
    done = run("print-notice", "整改通知书", "--record", "1", "--correction", *common)
    assert done.returncode == 1 and "--issue" in done.stderr

    done = run(
        "print-notice",
        "督办函",
        "--record",
        "1",
        "--out",
        str(tmp_path / "d.pdf"),
        "--issue",
        "--date",
        "2026-11-24",
        "--data-dir",
        str(data),
    )
    assert done.returncode == 1
    assert done.stderr.strip().startswith("错误：") and "未逾期" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "d.pdf").exists()

    s = Store.open(data)
    try:
        assert counts(s) == (1, 1)
        assert (
            records.get(s, "documents", 1)["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
        )
    finally:
        s.close()


# -- 提醒函 to a person --------------------------------------------------------------------


def two_person_clue(store: Any) -> tuple[int, int, int]:
    """A clue reporting two persons in one sentence, and a later line naming both."""
    other = records.insert(
        store, "persons", {"name": "林晓东", "unit_id": store.ids["unit_b"], "post": "科长"}
    )
    clue = records.insert(
        store,
        "clues",
        {
            "received_date": "2026-09-01",
            "source": "信访举报",
            "summary": "反映县自然资源局副局长陈志刚、县住房和城乡建设局科长林晓东长期参与赌博。\n"
            "2026年8月，林晓东与陈志刚在农家乐打牌赌博。",
        },
        {"clue_persons": [{"person_id": store.ids["person"]}, {"person_id": other}]},
    )
    return clue, store.ids["person"], other


def test_reminder_letter_to_a_person_never_names_the_other_reported_person(store: Any) -> None:
    clue, person, other = two_person_clue(store)
    text = pdf_text(notices.preview(store, "提醒函", clue, TODAY, person=person))
    assert "关于陈志刚同志有关问题的提醒函" in text
    assert "陈志刚同志：" in text
    assert "1.长期参与赌博。" in text
    assert "2.2026年8月，×××与你在农家乐打牌赌博。" in text
    assert "林晓东" not in text and "住房和城乡建设局" not in text
    # ten working days (limit.reminder_reply) from Monday 23 November
    assert "请于2026年12月7日前将本人对照检查情况书面报送我委" in text
    assert counts(store) == (0, 0)

    doc = notices.issue(store, "提醒函", clue, TODAY, person=person)
    assert (doc["kind"], doc["addressee"]) == ("提醒函", "陈志刚同志")
    assert (doc["linked_table"], doc["linked_id"]) == ("clues", clue)
    assert doc["number"] in pdf_text(notices.reprint(store, int(doc["id"])))
    with pytest.raises(UserError, match="已制发提醒函"):
        notices.issue(store, "提醒函", clue, TODAY, person=person)
    # the other person of the same clue gets a letter of their own, the next number
    second = notices.issue(store, "提醒函", clue, TODAY, person=other)
    assert second["serial"] == doc["serial"] + 1
    assert "陈志刚" not in pdf_text(notices.reprint(store, int(second["id"])))
    corrected = notices.issue(store, "提醒函", clue, TODAY, person=person, correction=True)
    assert corrected["notes"] == f"更正：替代{doc['number']}（2026-11-23）"


def test_reminder_letter_only_to_a_person_reported_on_the_clue(store: Any) -> None:
    stranger = records.insert(store, "persons", {"name": "吴桂兰"})
    with pytest.raises(UserError, match="吴桂兰不是该线索的被反映人"):
        notices.preview(store, "提醒函", store.ids["clue"], TODAY, person=stranger)
    with pytest.raises(UserError, match="函询通知书不能按线索的被反映人制发"):
        notices.preview(store, "函询通知书", store.ids["clue"], TODAY, person=stranger)
    with pytest.raises(UserError, match="尚未制发提醒函，无需更正"):
        notices.issue(
            store, "提醒函", store.ids["clue"], TODAY, person=store.ids["person"], correction=True
        )


def test_the_inquiry_letter_does_not_name_the_other_reported_person(store: Any) -> None:
    clue, person, _other = two_person_clue(store)
    inquiry = records.insert(
        store, "inquiries", {"clue_id": clue, "person_id": person, "sent_date": "2026-11-23"}
    )
    text = pdf_text(notices.preview(store, "函询通知书", inquiry, TODAY))
    assert "收到反映你长期参与赌博的问题" in text
    assert "林晓东" not in text and "×××与你在农家乐打牌赌博" in text


@pytest.mark.parametrize(
    ("line", "name", "expected"),
    [
        ("反映张三违规吃喝", "张三", "违规吃喝"),
        ("反映A局党组成员、副局长张三、B镇镇长李四违规吃喝。", "李四", "违规吃喝。"),
        ("举报李四和张三在农家乐赌博", "张三", "在农家乐赌博"),
        ("2026年3月，张三与李四打牌赌博", "李四", "2026年3月，×××与你打牌赌博"),
        ("反映违规发放津补贴", "张三", "违规发放津补贴"),
    ],
)
def test_a_summary_line_as_said_to_one_person(line: str, name: str, expected: str) -> None:
    assert notices.for_person(line, name, ["张三", "李四"]) == expected


def test_an_older_store_gets_the_new_time_limit(tmp_path: Path) -> None:
    store = make_store(tmp_path / "old")
    with store.transaction():
        store.db.execute("DELETE FROM settings WHERE key = 'limit.reminder_reply'")
    assert store.setting("limit.reminder_reply") is None
    store.close()
    store = Store.open(tmp_path / "old")
    try:
        assert store.setting("limit.reminder_reply") == "10个工作日"
    finally:
        store.close()


def test_cli_prints_a_reminder_letter_to_a_person(tmp_path: Path) -> None:
    data = tmp_path / "data"
    s = make_store(data)
    s.ids = fill_records(s)  # type: ignore[attr-defined]
    clue, person, _other = two_person_clue(s)
    s.close()
    out = tmp_path / "r.pdf"
    common = ["--out", str(out), "--date", "2026-11-23", "--data-dir", str(data)]
    args = ["print-notice", "提醒函", "--record", str(clue), "--person", str(person)]
    done = run(*args, *common, "--issue")
    assert done.returncode == 0, done.stderr
    assert "已制发提醒函：某纪提〔2026〕1号" in done.stdout
    assert "陈志刚同志" in pdf_text(out.read_bytes())
    done = run(*args, *common, "--issue")
    assert done.returncode == 1 and "已制发提醒函（某纪提〔2026〕1号" in done.stderr


# -- 版记, contact details ------------------------------------------------------------------


def test_the_record_block_has_the_copies_and_the_printing_office(store: Any) -> None:
    store.set_setting("cc.整改通知书", "县委办公室、县政府办公室")
    store.set_setting("cc.提醒函", "县委组织部")
    doc = notices.issue(store, "整改通知书", store.ids["rect_a1"], TODAY)
    text = pdf_text(notices.reprint(store, int(doc["id"])))
    assert "抄送：县委办公室，县政府办公室。" in text
    assert "中共望川县纪律检查委员会办公室2026年11月23日印发" in text
    store.set_setting("printed_by", "望川县纪委监委办公室")
    text = pdf_text(notices.preview(store, "纪律检查建议书", store.ids["discipline"], TODAY))
    assert "抄送" not in text  # nothing set for this kind
    assert "望川县纪委监委办公室2026年11月23日印发" in text
    # a letter (信函格式) has the 抄送 line and no 印发 line
    text = pdf_text(notices.preview(store, "提醒函", store.ids["rect_a_daily"], TODAY))
    assert "抄送：县委组织部。" in text and "印发" not in text


def test_an_inquiry_letter_needs_the_office_address(store: Any) -> None:
    store.set_setting("office_address", "")
    text = pdf_text(notices.preview(store, "函询通知书", store.ids["inquiry"], TODAY))
    assert "通讯地址：（尚未设置通讯地址）" in text
    with pytest.raises(UserError, match="尚未设置通讯地址"):
        notices.issue(store, "函询通知书", store.ids["inquiry"], TODAY)
    assert counts(store) == (0, 0)
    store.set_setting("office_address", "望川县人民路18号")
    store.set_setting("contact_department", "党风政风监督室")
    doc = notices.issue(store, "函询通知书", store.ids["inquiry"], TODAY)
    text = pdf_text(notices.reprint(store, int(doc["id"])))
    assert "联系人：党风政风监督室刘敏" in text and "通讯地址：望川县人民路18号" in text


# -- 提醒函（通用） ------------------------------------------------------------------------


def festival_letter(**changes: Any) -> notices.Letter:
    values: dict[str, Any] = {
        "addressee": "各乡镇（街道）党（工）委，县直各单位",
        "matter": "关于2027年元旦春节期间严守纪律规矩的提醒函",
        "content": "元旦、春节将至，现提醒如下：\n\n一、严禁违规吃喝。\n二、严禁违规收送礼品礼金。",
        "cc": "县委办公室",
    }
    values.update(changes)
    return notices.Letter(**values)


def test_a_letter_about_no_record_is_previewed_issued_and_registered(store: Any) -> None:
    text = pdf_text(notices.preview_letter(store, festival_letter(), TODAY))
    assert "关于2027年元旦春节期间严守纪律规矩的提醒函" in text  # no doubled 关于…提醒函
    assert "各乡镇（街道）党（工）委，县直各单位：" in text
    assert "一、严禁违规吃喝。" in text and "抄送：县委办公室。" in text
    assert "联系人：中共望川县纪律检查委员会刘敏；联系电话：0000-6123456。" in text
    assert counts(store) == (0, 0)

    doc = notices.issue_letter(store, festival_letter(), TODAY)
    assert (doc["kind"], doc["linked_table"], doc["linked_id"]) == ("提醒函", None, None)
    assert doc["addressee"] == "各乡镇（街道）党（工）委，县直各单位"
    assert doc["title"] == "关于2027年元旦春节期间严守纪律规矩的提醒函"
    assert doc["number"] in pdf_text(notices.reprint(store, int(doc["id"])))
    # the same series as the letters to units and persons
    other = notices.issue(store, "提醒函", store.ids["rect_a_daily"], TODAY)
    assert other["serial"] == doc["serial"] + 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"addressee": " "}, "主送：不能为空"),
        ({"matter": ""}, "事由：不能为空"),
        ({"content": "\n"}, "正文：不能为空"),
        ({"matter": "节" * 61}, "事由：不能超过60个字"),
    ],
)
def test_a_letter_missing_a_part_is_refused_by_name(
    store: Any, changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(UserError, match=message):
        notices.issue_letter(store, festival_letter(**changes), TODAY)
    assert counts(store) == (0, 0)
