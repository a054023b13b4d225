"""The desk's action list (desktop.queries.desk): items appear when due and clear when
done or when time moves on. The store's clock is driven by the test."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.domain import deadlines
from desktop.domain.workdays import WorkCalendar, parse_period
from desktop.queries import desk
from desktop.store import Store
from desktop.store import records as rec


class Clock:
    """A settable clock for the store: today is whatever the test says."""

    def __init__(self, day: dt.date) -> None:
        self.day = day

    def __call__(self) -> dt.datetime:
        return dt.datetime.combine(self.day, dt.time(9, 0))


@pytest.fixture
def clock() -> Clock:
    return Clock(dt.date(2026, 3, 16))


@pytest.fixture
def store(data_dir: Path, clock: Clock) -> Iterator[Store]:
    s = Store.open(data_dir, operator="李明", clock=clock)
    yield s
    s.close()


@pytest.fixture
def people(store: Store) -> dict[str, int]:
    unit = rec.insert(store, "units", {"name": "城关镇"})
    ids = {"unit": unit}
    for name in ("王芳", "张伟"):
        ids[name] = rec.insert(store, "persons", {"name": name, "unit_id": unit})
    return ids


def ids(store: Store, key: str) -> list[int]:
    return [i.record_id for i in desk.compute(store).sections[key].items]


def item(store: Store, key: str, record_id: int) -> desk.Item:
    (found,) = [i for i in desk.compute(store).sections[key].items if i.record_id == record_id]
    return found


@pytest.mark.parametrize("text", ["15个工作日", "5个工作日", "10日", "1个月", "3个月"])
def test_latest_start_is_the_last_start_that_fits(text: str) -> None:
    calendar = WorkCalendar.default()
    period = parse_period(text)
    day = dt.date(2026, 9, 1)
    while day < dt.date(2026, 11, 1):  # across 国庆节 and its make-up days
        start = desk.latest_start(period, calendar, day)
        assert period.apply(calendar, start).day <= day
        assert period.apply(calendar, start + dt.timedelta(days=1)).day > day
        day += dt.timedelta(days=3)


def test_rectification_due_then_overdue_then_follow_up_then_closed(
    store: Store, clock: Clock, people: dict[str, int]
) -> None:
    rect = rec.insert(
        store,
        "rectifications",
        {"finding": "食堂账目不清", "found_date": "2026-03-01", "unit_id": people["unit"],
         "deadline": "2026-03-25", "status": "整改中"},
    )  # fmt: skip
    assert rect not in ids(store, desk.RECT_DUE)  # 9 days away
    clock.day = dt.date(2026, 3, 18)
    assert ids(store, desk.RECT_DUE) == [rect]
    assert desk.days_text(item(store, desk.RECT_DUE, rect), clock.day) == "还有7天"
    clock.day = dt.date(2026, 3, 27)
    assert ids(store, desk.RECT_DUE) == [] and ids(store, desk.RECT_OVERDUE) == [rect]
    overdue = item(store, desk.RECT_OVERDUE, rect)
    assert overdue.party == "城关镇" and desk.days_text(overdue, clock.day) == "逾期2天"

    # the unit reports it done: no longer overdue, a 回头看 is due within 10 working days
    rec.update(
        store,
        "rectifications",
        rect,
        {"status": "已整改待验收"},
        {"rect_progress": [{"date": "2026-03-27", "content": "已完成整改"}]},
    )
    assert ids(store, desk.RECT_OVERDUE) == []
    check_due = deadlines.deadline(store, "followup_check", dt.date(2026, 3, 27)).day
    assert check_due == dt.date(2026, 4, 13)  # 清明节 (4月6日) is not counted
    assert rect not in ids(store, desk.FOLLOWUPS)  # 17 days away
    clock.day = dt.date(2026, 4, 7)
    found = item(store, desk.FOLLOWUPS, rect)
    assert found.due == check_due and "待回头看" in found.note

    # checked and passed: still listed until it is closed (销号)
    rec.update(
        store,
        "rectifications",
        rect,
        {},
        {"rect_checks": [{"date": "2026-04-03", "method": "实地查看", "result": "已整改到位",
                          "passed": 1, "evidence": "现场照片"}]},
    )  # fmt: skip
    assert "待销号" in item(store, desk.FOLLOWUPS, rect).note
    rec.update(
        store,
        "rectifications",
        rect,
        {"status": "已销号", "closed_date": "2026-04-03", "closed_by": "李强",
         "closure_evidence": "回头看通过"},
    )  # fmt: skip
    result = desk.compute(store)
    assert all(rect not in [i.record_id for i in s.items] for s in result.sections.values())


def test_inquiry_reply_due_from_delivery_or_recorded(
    store: Store, clock: Clock, people: dict[str, int]
) -> None:
    clue = rec.insert(
        store,
        "clues",
        {"received_date": "2026-02-20", "source": "信访举报", "summary": "反映王芳违规收受礼金",
         "disposition": "谈话函询", "disposition_date": "2026-02-24", "ledger_no": "XS-1"},
        {"clue_persons": [{"person_id": people["王芳"]}]},
    )  # fmt: skip
    # delivered, no reply due typed in: counted from delivery by the 15-working-day limit
    inquiry = rec.insert(
        store,
        "inquiries",
        {"clue_id": clue, "person_id": people["王芳"], "sent_date": "2026-03-01",
         "delivered_date": "2026-03-02"},
    )  # fmt: skip
    # sent but not delivered: no deadline yet
    rec.insert(
        store,
        "inquiries",
        {"clue_id": clue, "person_id": people["王芳"], "sent_date": "2026-03-15"},
    )
    found = item(store, desk.INQUIRIES, inquiry)
    assert found.due == dt.date(2026, 3, 23)
    assert found.party == "王芳" and found.title.startswith("XS-1 ")
    assert "按15个工作日推算" in found.note
    assert len(ids(store, desk.INQUIRIES)) == 1

    rec.update(store, "inquiries", inquiry, {"reply_due": "2026-04-10"})  # an extension
    assert ids(store, desk.INQUIRIES) == []
    clock.day = dt.date(2026, 4, 12)
    assert ids(store, desk.INQUIRIES) == [inquiry]
    rec.update(store, "inquiries", inquiry, {"reply_date": "2026-04-12"})
    assert ids(store, desk.INQUIRIES) == []


def test_clue_disposition_and_prelim_limits(
    store: Store, clock: Clock, people: dict[str, int]
) -> None:
    clue = rec.insert(
        store,
        "clues",
        {"received_date": "2026-03-02", "source": "信访举报", "summary": "反映张伟公车私用"},
        {"clue_persons": [{"person_id": people["张伟"]}]},
    )  # fmt: skip
    # a 重件 follows its original: never listed on its own
    rec.insert(
        store,
        "clues",
        {"received_date": "2026-03-02", "source": "信访举报", "summary": "同上",
         "duplicate_of": clue},
    )  # fmt: skip
    clock.day = dt.date(2026, 3, 10)  # due 2026-03-23, beyond the 7-day horizon
    assert ids(store, desk.CLUES) == []
    clock.day = dt.date(2026, 3, 16)
    found = item(store, desk.CLUES, clue)
    assert found.due == dt.date(2026, 3, 23) and found.party == "张伟"
    assert found.note.startswith("待处置")

    rec.update(
        store,
        "clues",
        clue,
        {"disposition": "初步核实", "disposition_date": "2026-03-16", "prelim_start": "2026-03-16"},
    )
    assert ids(store, desk.CLUES) == []  # 初核 has 15 working days from today
    clock.day = dt.date(2026, 4, 2)
    found = item(store, desk.CLUES, clue)
    assert found.note.startswith("初核中") and found.due == dt.date(2026, 4, 7)

    rec.update(store, "clues", clue, {"due_date": "2026-04-30"})  # approved extension
    assert ids(store, desk.CLUES) == []
    clock.day = dt.date(2026, 4, 24)
    found = item(store, desk.CLUES, clue)
    assert found.due == dt.date(2026, 4, 30) and "按登记的办理时限" in found.note
    rec.update(store, "clues", clue, {"due_date": "2026-03-10"})  # left from before 初核
    assert item(store, desk.CLUES, clue).due == dt.date(2026, 4, 7)

    rec.update(store, "clues", clue, {"prelim_end": "2026-04-24"})
    assert ids(store, desk.CLUES) == []


def test_sanction_effect_period_ending(store: Store, clock: Clock, people: dict[str, int]) -> None:
    clue = rec.insert(
        store,
        "clues",
        {"received_date": "2025-09-01", "source": "信访举报", "summary": "反映王芳违规吃喝"},
        {"clue_persons": [{"person_id": people["王芳"]}]},
    )  # fmt: skip
    rec.insert(
        store,
        "clue_outcomes",
        {"clue_id": clue, "person_id": people["王芳"], "outcome": "政务警告",
         "decided_date": "2025-10-20"},
    )  # fmt: skip
    rec.insert(  # criticism, not a sanction: no effect period
        store,
        "clue_outcomes",
        {"clue_id": clue, "person_id": people["王芳"], "outcome": "批评教育",
         "decided_date": "2025-10-20"},
    )  # fmt: skip
    assert ids(store, desk.SANCTIONS) == []  # ends 2026-04-20, more than 30 days away
    clock.day = dt.date(2026, 3, 25)
    found = item(store, desk.SANCTIONS, clue)
    assert found.due == dt.date(2026, 4, 20) and found.party == "王芳"
    assert found.title.startswith("政务警告") and desk.days_text(found, clock.day) == "26天后期满"
    clock.day = dt.date(2026, 4, 21)
    assert ids(store, desk.SANCTIONS) == []


def test_proposal_reply_due(store: Store, clock: Clock, people: dict[str, int]) -> None:
    proposal = rec.insert(
        store,
        "proposals",
        {"kind": "纪律检查建议书", "matter": "关于规范公务接待的纪律检查建议",
         "unit_id": people["unit"],
         "problems": "超标准接待", "recommendations": "建立接待审批制度",
         "reply_due": "2026-03-20", "status": "待回复"},
    )  # fmt: skip
    found = item(store, desk.PROPOSALS, proposal)
    assert found.party == "城关镇" and found.due == dt.date(2026, 3, 20)
    rec.update(store, "proposals", proposal, {"reply_date": "2026-03-19", "status": "已回复"})
    assert ids(store, desk.PROPOSALS) == []


def test_counts_are_exact_beyond_the_row_limit(store: Store, people: dict[str, int]) -> None:
    for i in range(5):
        rec.insert(
            store,
            "rectifications",
            {"finding": f"问题{i}", "found_date": "2026-01-05", "unit_id": people["unit"],
             "deadline": f"2026-03-0{i + 1}", "status": "待整改"},
        )  # fmt: skip
    result = desk.compute(store, limit=2)
    section = result.sections[desk.RECT_OVERDUE]
    assert section.total == 5 and [i.title for i in section.items] == ["问题0", "问题1"]
    assert result.total == 5
    assert [i.due for i in result.items()] == [dt.date(2026, 3, 1), dt.date(2026, 3, 2)]


def test_a_deadline_past_the_holiday_table_is_flagged_unverified(
    store: Store, clock: Clock, people: dict[str, int]
) -> None:
    """Counted into a year the office has not entered: weekdays only, and the desk says so."""
    clue = rec.insert(
        store,
        "clues",
        {"received_date": "2026-12-28", "source": "信访举报", "summary": "反映张伟违规吃喝"},
        {"clue_persons": [{"person_id": people["张伟"]}]},
    )  # fmt: skip
    clock.day = dt.date(2027, 1, 12)
    found = item(store, desk.CLUES, clue)
    assert found.due == dt.date(2027, 1, 18)  # 15 weekdays: no 2027 schedule to go by
    assert "未核实" in found.note and "节假日安排尚未录入" in found.note

    inside = rec.insert(
        store,
        "clues",
        {"received_date": "2026-12-01", "source": "信访举报", "summary": "反映王芳违规吃喝"},
        {"clue_persons": [{"person_id": people["王芳"]}]},
    )  # fmt: skip
    clock.day = dt.date(2026, 12, 20)
    assert "未核实" not in item(store, desk.CLUES, inside).note  # 2026 is in the table


def test_named_report_waits_for_the_reporter_to_be_told(
    store: Store, clock: Clock, people: dict[str, int]
) -> None:
    """实名举报: the reporter is told within 15 working days of receipt (limit.reporter_reply)."""
    named = rec.insert(
        store,
        "clues",
        {"received_date": "2026-03-02", "source": "信访举报", "channel": "来信",
         "signed": "实名", "reporter_name": "赵敏", "summary": "反映张伟公车私用"},
        {"clue_persons": [{"person_id": people["张伟"]}]},
    )  # fmt: skip
    anonymous = rec.insert(
        store,
        "clues",
        {"received_date": "2026-03-02", "source": "信访举报", "signed": "匿名",
         "summary": "反映王芳违规吃喝"},
    )  # fmt: skip
    clock.day = dt.date(2026, 3, 13)  # due 2026-03-23: beyond the 7-day horizon
    assert ids(store, desk.REPORTER) == []
    clock.day = dt.date(2026, 3, 16)
    found = item(store, desk.REPORTER, named)
    assert found.due == dt.date(2026, 3, 23) and found.party == "张伟"
    assert found.table == "clues" and "应告知举报人受理情况" in found.note
    assert "赵敏" not in found.title + found.note + found.party  # the reporter stays hidden
    assert desk.days_text(found, clock.day) == "还有7天"
    assert anonymous not in ids(store, desk.REPORTER)
    clock.day = dt.date(2026, 3, 25)
    assert desk.days_text(item(store, desk.REPORTER, named), clock.day) == "逾期2天"

    # the office's own limit is the one counted
    store.set_setting("limit.reporter_reply", "20个工作日")
    assert item(store, desk.REPORTER, named).due == dt.date(2026, 3, 30)

    rec.update(
        store,
        "clues",
        named,
        {"reporter_informed_date": "2026-03-25", "reporter_informed_how": "电话告知"},
    )
    assert ids(store, desk.REPORTER) == []
    rec.update(
        store, "clues", named, {"reporter_informed_date": None, "reporter_informed_how": None}
    )
    assert ids(store, desk.REPORTER) == [named]
    assert named in ids(store, desk.CLUES)  # not disposed of either
    # forwarded to the body it belongs to: that body answers the reporter and disposes of it
    rec.update(store, "clues", named, {"forwarded_date": "2026-03-06", "forwarded_to": "县公安局"})
    assert ids(store, desk.REPORTER) == []
    assert named not in ids(store, desk.CLUES)


def test_reports_before_the_offices_start_date_are_not_listed(
    store: Store, clock: Clock, people: dict[str, int]
) -> None:
    """An upgraded store or an imported old ledger has 实名 reports nobody recorded telling."""
    old = rec.insert(
        store,
        "clues",
        {"received_date": "2025-06-02", "source": "信访举报", "signed": "实名",
         "summary": "反映张伟违规吃喝"},
    )  # fmt: skip
    new = rec.insert(
        store,
        "clues",
        {"received_date": "2026-03-02", "source": "信访举报", "signed": "实名",
         "summary": "反映王芳公车私用"},
    )  # fmt: skip
    clock.day = dt.date(2026, 3, 25)
    assert ids(store, desk.REPORTER) == [old, new]
    store.set_setting("reporter_reply_since", "2026-01-01")
    assert ids(store, desk.REPORTER) == [new]
    store.set_setting("reporter_reply_since", "")
    assert ids(store, desk.REPORTER) == [old, new]


def test_the_reporter_section_uses_its_partial_index(store: Store) -> None:
    from desktop.store.schema import REPORTER_OPEN_WHERE

    detail = " ".join(
        str(r["detail"])
        for r in store.query(
            "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM clues c"
            f" WHERE {REPORTER_OPEN_WHERE} AND received_date <= ?",
            ["2026-03-01"],
        )
    )
    assert "ix_clues_reporter_open" in detail


def _talk(store: Store, person: int, clue: int | None, day: str) -> int:
    return rec.insert(
        store,
        "talks",
        {"kind": "提醒谈话", "date": day, "reason": "就反映公车私用问题谈话", "clue_id": clue},
        {"talk_talkers": [{"name": "陈刚", "role": "主要负责人"}],
         "talk_subjects": [{"person_id": person}]},
    )  # fmt: skip


def test_delegated_talk_waits_to_be_held_then_its_record_to_come_back(
    store: Store, clock: Clock, people: dict[str, int]
) -> None:
    """委托谈话: held within 15 working days of delegating it (limit.talk), its signed record
    back within 5 working days of the talk (limit.talk_record)."""
    clue = rec.insert(
        store,
        "clues",
        {"received_date": "2026-03-02", "source": "信访举报", "summary": "反映张伟公车私用",
         "disposition": "谈话函询", "disposition_date": "2026-03-06",
         "talk_delegated_date": "2026-03-09", "talk_delegated_to": "城关镇党委书记陈刚"},
        {"clue_persons": [{"person_id": people["张伟"]}]},
    )  # fmt: skip
    earlier = _talk(store, people["张伟"], clue, "2026-03-05")  # before the delegation
    plain = _talk(store, people["王芳"], None, "2026-03-20")  # not on any clue
    clock.day = dt.date(2026, 3, 20)  # due 2026-03-30: beyond the 7-day horizon
    assert ids(store, desk.DELEGATED) == []
    clock.day = dt.date(2026, 3, 23)
    found = item(store, desk.DELEGATED, clue)
    assert found.due == dt.date(2026, 3, 30) and found.party == "张伟"
    assert found.table == "clues"
    assert found.note == (
        "2026-03-09委托城关镇党委书记陈刚谈话，应于2026-03-30前完成谈话（委托谈话时限15个工作日）"
    )
    assert desk.days_text(found, clock.day) == "还有7天"
    clock.day = dt.date(2026, 3, 31)
    assert desk.days_text(item(store, desk.DELEGATED, clue), clock.day) == "逾期1天"
    store.set_setting("limit.talk", "20个工作日")  # the office's own limit is the one counted
    assert item(store, desk.DELEGATED, clue).due == dt.date(2026, 4, 7)
    store.set_setting("limit.talk", "15个工作日")
    assert ids(store, desk.TALK_RECORD) == []  # the earlier talk is not the delegated one

    talk = _talk(store, people["张伟"], clue, "2026-03-25")
    assert ids(store, desk.DELEGATED) == []
    record = item(store, desk.TALK_RECORD, talk)
    assert (record.table, record.due, record.party) == ("talks", dt.date(2026, 4, 1), "张伟")
    assert "谈话记录应于2026-04-01前报回（谈话记录报回时限5个工作日）" in record.note
    assert earlier not in ids(store, desk.TALK_RECORD)
    assert plain not in ids(store, desk.TALK_RECORD)
    clock.day = dt.date(2026, 4, 3)
    assert desk.days_text(item(store, desk.TALK_RECORD, talk), clock.day) == "逾期2天"
    rec.update(store, "talks", talk, {"record_returned_date": "2026-04-02"})
    assert ids(store, desk.TALK_RECORD) == []

    # the talk taken off the clue: the delegation is open again
    rec.update(store, "talks", talk, {"clue_id": None})
    assert ids(store, desk.DELEGATED) == [clue]
    rec.update(store, "clues", clue, {"talk_delegated_date": None, "talk_delegated_to": None})
    assert ids(store, desk.DELEGATED) == []  # the delegation withdrawn
    closed = rec.insert(
        store,
        "clues",
        {"received_date": "2026-03-02", "source": "信访举报", "summary": "反映王芳违规吃喝",
         "disposition": "初步核实", "disposition_date": "2026-03-06",
         "talk_delegated_date": "2026-03-09", "talk_delegated_to": "城关镇党委",
         "case_date": "2026-03-20", "closed_date": "2026-03-30"},
        {"clue_persons": [{"person_id": people["王芳"], "filed": 1}]},
    )  # fmt: skip
    assert closed not in ids(store, desk.DELEGATED)  # closed: nothing left to wait for


@pytest.mark.parametrize(
    ("source", "index"),
    [
        ("DELEGATED_SOURCE", "ix_clues_talk_delegated"),
        ("TALK_RECORD_SOURCE", "ix_talks_record_open"),
    ],
)
def test_the_delegated_talk_sections_use_their_partial_indexes(
    store: Store, source: str, index: str
) -> None:
    detail = " ".join(
        str(r["detail"])
        for r in store.query(
            f"EXPLAIN QUERY PLAN SELECT COUNT(*) FROM {getattr(desk, source)}", ["2026-03-01"]
        )
    )
    assert index in detail


@pytest.mark.parametrize("cond", ["r.deadline < ?", "r.deadline BETWEEN ? AND ?"])
def test_the_rectification_sections_read_open_items_by_status(store: Store, cond: str) -> None:
    """The page of open items comes from the (status, deadline) index, not from walking
    every item in deadline order (issue #16): with the statistics of a 1M-row store
    (57 594 items, four statuses), where the planner took the deadline index."""
    store.db.execute("ANALYZE")
    store.db.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'rectifications'")
    store.db.execute(
        "INSERT INTO sqlite_stat1 VALUES ('rectifications', 'ix_rect_deadline', '57594 57'),"
        " ('rectifications', 'ix_rect_status_deadline', '57594 14399 49')"
    )
    store.db.execute("ANALYZE sqlite_schema")  # read the statistics again
    days = ["2026-03-01"] * cond.count("?")
    detail = " ".join(
        str(r["detail"])
        for r in store.query(
            "EXPLAIN QUERY PLAN SELECT r.id FROM rectifications r"
            f" WHERE r.status IN (?, ?) AND {cond} ORDER BY {desk.RECT_ORDER} LIMIT ?",
            ["待整改", "整改中", *days, 5],
        )
    )
    assert "ix_rect_status_deadline" in detail
