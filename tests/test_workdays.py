"""Working days and deadlines (desktop.domain.workdays), domain.md §6."""

from __future__ import annotations

import json
import time
from calendar import monthrange
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.workdays import (
    Deadline,
    Period,
    PeriodUnit,
    SpecialDay,
    WorkCalendar,
    format_cn_date,
    parse_period,
)
from desktop.resources import resource

D = date
CAL = WorkCalendar.default()
FIRST_YEAR, LAST_YEAR = 2004, 2026
HOLIDAY_NAMES = {"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节", "抗战胜利纪念日"}


def naive_add_workdays(cal: WorkCalendar, start: date, n: int) -> date:
    """Reference implementation: walk day by day."""
    day = start
    while n:
        day += timedelta(days=1)
        if cal.is_workday(day):
            n -= 1
    return day


def naive_between(cal: WorkCalendar, start: date, end: date) -> int:
    days = (end - start).days
    return sum(cal.is_workday(start + timedelta(days=i)) for i in range(1, days + 1))


# -- the shipped data -------------------------------------------------------------


def test_json_covers_2004_to_2026() -> None:
    document = json.loads(resource("dictionaries", "holidays.json").read_text(encoding="utf-8"))
    assert document["source"].startswith("chinesecalendar ")
    assert list(document["years"]) == [str(y) for y in range(FIRST_YEAR, LAST_YEAR + 1)]
    for year, entry in document["years"].items():
        assert len(entry["holidays"]) >= 10, year
        assert set(entry["holidays"].values()) <= HOLIDAY_NAMES, year
        for iso, name in entry["workdays"].items():
            assert D.fromisoformat(iso).weekday() >= 5, iso
            assert name.endswith("调休上班") and name[: -len("调休上班")] in HOLIDAY_NAMES
    assert CAL.known_years == frozenset(range(FIRST_YEAR, LAST_YEAR + 1))


def test_default_is_cached() -> None:
    assert WorkCalendar.default() is WorkCalendar.default()


def test_special_holiday_2015_is_named() -> None:
    # 抗战胜利70周年: 9月3日至5日放假, 9月6日（星期日）上班.
    for day in (D(2015, 9, 3), D(2015, 9, 4), D(2015, 9, 5)):
        entry = CAL.special_day(day)
        assert entry is not None and entry.name == "抗战胜利纪念日" and not entry.is_workday
    assert CAL.is_workday(D(2015, 9, 6))
    assert CAL.special_days(2015)[0] == SpecialDay(D(2015, 1, 1), False, "元旦")


# -- working days -------------------------------------------------------------------


def test_national_day_2026_is_off() -> None:
    for offset in range(7):
        assert not CAL.is_workday(D(2026, 10, 1) + timedelta(days=offset))
    assert CAL.is_workday(D(2026, 9, 30))
    assert CAL.is_workday(D(2026, 10, 8))
    assert CAL.special_day(D(2026, 10, 5)) == SpecialDay(D(2026, 10, 5), False, "国庆节")


def test_one_workday_after_september_30_is_october_8() -> None:
    assert CAL.add_workdays(D(2026, 9, 30), 1) == Deadline(D(2026, 10, 8), True)
    assert CAL.next_workday(D(2026, 9, 30)) == D(2026, 10, 8)


@pytest.mark.parametrize(
    "day", [D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20)]
)
def test_2026_make_up_weekend_days_are_workdays(day: date) -> None:
    assert day.weekday() >= 5
    assert CAL.is_workday(day)
    entry = CAL.special_day(day)
    assert entry is not None and entry.is_workday and entry.name.endswith("调休上班")


def test_make_up_saturday_counts() -> None:
    saturday = D(2026, 10, 10)  # 国庆节调休上班
    assert saturday.weekday() == 5
    assert CAL.add_workdays(D(2026, 10, 9), 1).day == saturday
    assert CAL.workdays_between(D(2026, 10, 9), D(2026, 10, 12)) == 2
    # An ordinary Saturday does not count.
    assert not CAL.is_workday(D(2026, 10, 17))
    assert CAL.add_workdays(D(2026, 10, 16), 1).day == D(2026, 10, 19)


def test_start_day_is_not_counted_even_when_it_is_a_holiday() -> None:
    # chinese-calendar's find_workday(15, 2026-09-26) gives 10-23: one too many.
    result = CAL.add_workdays(D(2026, 9, 26), 15)
    assert result == Deadline(D(2026, 10, 22), True)
    assert CAL.workdays_between(D(2026, 9, 26), D(2026, 10, 22)) == 15
    # 09-24 (Thu) is followed by the 中秋节 break: its first working day is 09-28 too.
    assert CAL.add_workdays(D(2026, 9, 24), 15).day == D(2026, 10, 22)
    assert CAL.add_workdays(D(2026, 9, 23), 15).day == D(2026, 10, 21)


def test_chuxi_and_may_2_are_holidays_from_2025() -> None:
    assert not CAL.is_workday(D(2025, 1, 28))  # 除夕 2025, Tuesday
    assert not CAL.is_workday(D(2026, 2, 16))  # 除夕 2026, Monday
    assert not CAL.is_workday(D(2025, 5, 2))  # Friday
    assert CAL.is_workday(D(2024, 2, 9))  # 除夕 2024 (Friday) was still a working day
    assert CAL.special_day(D(2025, 1, 28)) == SpecialDay(D(2025, 1, 28), False, "春节")


def test_year_past_the_table_uses_weekdays_and_is_unverified() -> None:
    assert not CAL.is_verified(D(2027, 3, 1))
    assert CAL.is_verified(D(2026, 12, 31))
    assert CAL.is_workday(D(2027, 1, 1))  # a Friday: plain rule, schedule unknown
    assert not CAL.is_workday(D(2027, 1, 2))
    assert CAL.add_workdays(D(2027, 3, 5), 5) == Deadline(D(2027, 3, 12), False)
    # Crossing into 2027 makes the result unverified ...
    assert CAL.add_workdays(D(2026, 12, 30), 5) == Deadline(D(2027, 1, 6), False)
    # ... staying inside 2026 does not.
    assert CAL.add_workdays(D(2026, 12, 21), 5) == Deadline(D(2026, 12, 28), True)
    assert CAL.add_workdays(D(2026, 12, 30), 2) == Deadline(D(2027, 1, 1), False)
    assert CAL.add_workdays(D(2026, 12, 29), 2) == Deadline(D(2026, 12, 31), True)
    assert CAL.add_workdays(D(2003, 12, 30), 1) == Deadline(D(2003, 12, 31), False)


def test_office_entries_override_shipped_days() -> None:
    entries = [
        SpecialDay(D(2027, 1, 1), False, "元旦"),
        SpecialDay(D(2026, 10, 8), False, "国庆节"),  # a (fictional) extra day off
        SpecialDay(D(2026, 10, 10), False, "国庆节"),  # make-up Saturday cancelled
        SpecialDay(D(2026, 10, 2), True, "更正"),  # shipped holiday cancelled
    ]
    cal = CAL.with_overrides(entries, known_years=[2027])
    assert cal.known_years == frozenset(range(FIRST_YEAR, 2028))
    assert cal.add_workdays(D(2026, 12, 31), 1) == Deadline(D(2027, 1, 4), True)
    assert not cal.is_workday(D(2026, 10, 8))
    assert not cal.is_workday(D(2026, 10, 10))
    assert cal.is_workday(D(2026, 10, 2))
    assert cal.add_workdays(D(2026, 9, 30), 2) == Deadline(D(2026, 10, 9), True)
    # Entries for a year not declared known are used, but the year stays unverified.
    partial = CAL.with_overrides([SpecialDay(D(2027, 1, 1), False, "元旦")])
    assert partial.add_workdays(D(2026, 12, 31), 1) == Deadline(D(2027, 1, 4), False)
    # The shipped calendar itself is untouched.
    assert CAL.is_workday(D(2026, 10, 10))
    # Within one iterable the later entry for a date wins.
    cal = WorkCalendar(
        [SpecialDay(D(2026, 3, 2), False, "x"), SpecialDay(D(2026, 3, 2), True, "y")], [2026]
    )
    assert cal.is_workday(D(2026, 3, 2))
    assert cal.workdays_between(D(2026, 2, 27), D(2026, 3, 2)) == 1


def test_workdays_between() -> None:
    assert CAL.workdays_between(D(2026, 10, 8), D(2026, 10, 8)) == 0
    assert CAL.workdays_between(D(2026, 9, 30), D(2026, 10, 8)) == 1
    assert CAL.workdays_between(D(2026, 10, 22), D(2026, 9, 26)) == -15
    assert CAL.workdays_between(D(2026, 1, 1), D(2026, 12, 31)) == naive_between(
        CAL, D(2026, 1, 1), D(2026, 12, 31)
    )


def test_roll_forward_and_next_workday() -> None:
    assert CAL.roll_forward(D(2026, 10, 8)) == D(2026, 10, 8)
    assert CAL.roll_forward(D(2026, 10, 3)) == D(2026, 10, 8)
    assert CAL.next_workday(D(2026, 10, 8)) == D(2026, 10, 9)
    assert CAL.next_workday(D(2026, 10, 9)) == D(2026, 10, 10)  # make-up Saturday
    assert CAL.next_workday(D(2026, 2, 13)) == D(2026, 2, 14)  # make-up Saturday
    assert CAL.next_workday(D(2026, 2, 14)) == D(2026, 2, 24)


# -- month and calendar-day periods ---------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # Feb 28 2026 is a make-up Saturday: stays
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 9, 1), 1, D(2026, 10, 8)),  # lands on 国庆节: next working day
        (D(2026, 3, 19), 3, D(2026, 6, 22)),  # lands on 端午节 (Fri 06-19)
        (D(2026, 8, 15), 1, D(2026, 9, 15)),
        (D(2025, 11, 30), 3, D(2026, 2, 28)),  # no Feb 30; Feb 28 is a make-up Saturday
        (D(2026, 4, 30), 1, D(2026, 6, 1)),  # 05-30 is a Saturday, 05-31 a Sunday
        (D(2025, 12, 15), 13, D(2027, 1, 15)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert CAL.add_months(start, months).day == expected


def test_add_months_verification() -> None:
    assert CAL.add_months(D(2026, 1, 31), 1).verified
    assert not CAL.add_months(D(2026, 12, 15), 1).verified


def test_add_days() -> None:
    assert CAL.add_days(D(2026, 9, 28), 3) == Deadline(D(2026, 10, 8), True)
    assert CAL.add_days(D(2026, 10, 9), 1) == Deadline(D(2026, 10, 10), True)
    assert CAL.add_days(D(2026, 10, 12), 5) == Deadline(D(2026, 10, 19), True)  # Sat -> Mon
    assert CAL.add_days(D(2026, 12, 25), 10) == Deadline(D(2027, 1, 4), False)


def test_zero_periods() -> None:
    assert CAL.add_workdays(D(2026, 10, 9), 0) == Deadline(D(2026, 10, 9), True)
    assert CAL.add_workdays(D(2026, 10, 3), 0) == Deadline(D(2026, 10, 8), True)
    assert CAL.add_days(D(2026, 10, 3), 0) == Deadline(D(2026, 10, 8), True)
    assert CAL.add_months(D(2026, 10, 9), 0) == Deadline(D(2026, 10, 9), True)
    assert CAL.add_workdays(D(2027, 1, 1), 0) == Deadline(D(2027, 1, 1), False)


@pytest.mark.parametrize("method", ["add_workdays", "add_days", "add_months"])
def test_negative_counts_are_rejected(method: str) -> None:
    with pytest.raises(ValueError, match="不能为负数"):
        getattr(CAL, method)(D(2026, 1, 5), -1)


def test_datetime_arguments_are_treated_as_dates() -> None:
    moment = datetime(2026, 10, 1, 9, 30)
    assert not CAL.is_workday(moment)
    assert CAL.add_workdays(datetime(2026, 9, 26, 15, 0), 15).day == D(2026, 10, 22)
    assert type(CAL.add_workdays(moment, 1).day) is date
    assert SpecialDay(moment, False, "国庆节").day == D(2026, 10, 1)


# -- periods ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count", "unit"),
    [
        ("15个工作日", 15, PeriodUnit.WORKDAYS),
        ("15工作日", 15, PeriodUnit.WORKDAYS),
        ("十五个工作日", 15, PeriodUnit.WORKDAYS),
        (" 15 个工作日内 ", 15, PeriodUnit.WORKDAYS),
        ("１５个工作日", 15, PeriodUnit.WORKDAYS),
        ("5个工作日以内", 5, PeriodUnit.WORKDAYS),
        ("5日", 5, PeriodUnit.DAYS),
        ("10天", 10, PeriodUnit.DAYS),
        ("30个自然日", 30, PeriodUnit.DAYS),
        ("十日", 10, PeriodUnit.DAYS),
        ("1个月", 1, PeriodUnit.MONTHS),
        ("3个月", 3, PeriodUnit.MONTHS),
        ("两个月", 2, PeriodUnit.MONTHS),
        ("一个月", 1, PeriodUnit.MONTHS),
        ("二十个工作日", 20, PeriodUnit.WORKDAYS),
        ("二十五天", 25, PeriodUnit.DAYS),
        ("九十九日", 99, PeriodUnit.DAYS),
        ("一十五日", 15, PeriodUnit.DAYS),
    ],
)
def test_parse_period(text: str, count: int, unit: PeriodUnit) -> None:
    assert parse_period(text) == Period(count, unit)


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "15",
        "个工作日",
        "3月",
        "15个",
        "十十日",
        "一百日",
        "二十零日",
        "1.5个月",
        "-5日",
        "15 工作 日 后",
    ],
)
def test_parse_period_rejects_unknown_text(text: str) -> None:
    with pytest.raises(ValueError, match="无法识别，请填写如“15个工作日”“1个月”"):
        parse_period(text)


def test_parse_period_error_messages() -> None:
    with pytest.raises(ValueError) as info:
        parse_period("abc")
    assert str(info.value) == "期限“abc”无法识别，请填写如“15个工作日”“1个月”"
    with pytest.raises(ValueError, match="不能为空"):
        parse_period("  ")
    with pytest.raises(ValueError, match="数值须在1至999之间"):
        parse_period("0日")
    with pytest.raises(ValueError, match="数值须在1至999之间"):
        parse_period("1000个工作日")
    with pytest.raises(ValueError, match="数值须在1至999之间"):
        Period(0, PeriodUnit.DAYS)


def test_period_apply_and_describe() -> None:
    assert parse_period("15个工作日").apply(CAL, D(2026, 9, 26)) == Deadline(D(2026, 10, 22), True)
    assert parse_period("1个月").apply(CAL, D(2026, 1, 31)).day == D(2026, 2, 28)
    assert parse_period("10天").apply(CAL, D(2026, 9, 21)).day == D(2026, 10, 8)
    assert parse_period("十五个工作日").describe() == "15个工作日"
    assert parse_period("10天").describe() == "10日"
    assert str(parse_period("两个月")) == "2个月"


@given(st.integers(1, 999), st.sampled_from(list(PeriodUnit)))
@settings(database=None)
def test_describe_round_trips(count: int, unit: PeriodUnit) -> None:
    period = Period(count, unit)
    assert parse_period(period.describe()) == period


# -- formatting --------------------------------------------------------------------------


def test_format_cn_date() -> None:
    assert format_cn_date(D(2026, 12, 15)) == "2026年12月15日"
    assert format_cn_date(D(2026, 1, 5)) == "2026年1月5日"
    deadline = CAL.add_workdays(D(2026, 11, 23), 15)
    notice = f"请于{format_cn_date(deadline.day)}前书面报送整改情况"
    assert notice == "请于2026年12月14日前书面报送整改情况"


def test_deadline_display() -> None:
    assert Deadline(D(2026, 10, 22), True).display() == "2026年10月22日"
    assert Deadline(D(2027, 1, 15), False).display() == "2027年1月15日（未核实）"


# -- loading -------------------------------------------------------------------------------


def test_from_json(tmp_path: Path) -> None:
    path = tmp_path / "h.json"
    document = {
        "source": "test",
        "years": {"2030": {"holidays": {"2030-10-01": "国庆节"}, "workdays": {"2030-10-12": "x"}}},
    }
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    cal = WorkCalendar.from_json(path)
    assert cal.known_years == frozenset({2030})
    assert not cal.is_workday(D(2030, 10, 1))
    assert cal.is_workday(D(2030, 10, 12))


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        '{"years": {"20x6": {}}}',
        '{"years": {"2026": {"holidays": {"2026-13-01": "x"}}}}',
        '{"years": {"2026": {"holidays": {"2025-10-01": "x"}}}}',
        '{"years": {"2026": {"holidays": ["2026-10-01"]}}}',
    ],
)
def test_from_json_rejects_bad_files(tmp_path: Path, content: str) -> None:
    path = tmp_path / "h.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match="节假日数据文件"):
        WorkCalendar.from_json(path)


# -- properties ----------------------------------------------------------------------------

verified_starts = st.dates(D(FIRST_YEAR, 1, 1), D(LAST_YEAR, 10, 31))


@given(verified_starts, st.integers(1, 40))
@settings(database=None, max_examples=300)
def test_add_workdays_lands_on_the_nth_workday(start: date, n: int) -> None:
    result = CAL.add_workdays(start, n)
    assert result.verified
    assert CAL.is_workday(result.day)
    assert CAL.workdays_between(start, result.day) == n
    assert CAL.workdays_between(start, result.day - timedelta(days=1)) == n - 1


@given(st.dates(D(2000, 1, 1), D(2032, 12, 31)), st.integers(0, 120))
@settings(database=None, max_examples=300)
def test_add_workdays_matches_day_by_day_walk(start: date, n: int) -> None:
    result = CAL.add_workdays(start, n)
    expected = naive_add_workdays(CAL, start, n) if n else CAL.roll_forward(start)
    assert result.day == expected
    first = start + timedelta(days=1) if n else start
    years = range(first.year, result.day.year + 1)
    assert result.verified == all(FIRST_YEAR <= y <= LAST_YEAR for y in years)


@given(
    st.lists(
        st.builds(SpecialDay, st.dates(D(2026, 1, 1), D(2026, 3, 31)), st.booleans(), st.just("x")),
        max_size=60,
    ),
    st.dates(D(2025, 12, 1), D(2026, 3, 31)),
    st.integers(1, 60),
)
@settings(database=None, max_examples=300)
def test_counting_agrees_with_is_workday_on_any_schedule(
    special: list[SpecialDay], start: date, n: int
) -> None:
    cal = WorkCalendar(special, [2026])
    result = cal.add_workdays(start, n)
    assert result.day == naive_add_workdays(cal, start, n)
    assert cal.workdays_between(start, result.day) == n
    assert cal.workdays_between(start, start + timedelta(days=70)) == naive_between(
        cal, start, start + timedelta(days=70)
    )


@given(st.dates(D(FIRST_YEAR, 1, 1), D(LAST_YEAR, 9, 30)), st.integers(0, 3))
@settings(database=None, max_examples=200)
def test_month_deadline_is_the_first_workday_on_or_after_the_landing_day(
    start: date, months: int
) -> None:
    year, month0 = divmod(start.month - 1 + months, 12)
    year += start.year
    landing = D(year, month0 + 1, min(start.day, monthrange(year, month0 + 1)[1]))
    result = CAL.add_months(start, months)
    assert result.verified
    assert CAL.is_workday(result.day)
    assert landing <= result.day <= landing + timedelta(days=12)
    assert CAL.workdays_between(landing - timedelta(days=1), result.day) == 1


def test_deadlines_are_fast() -> None:
    starts = [D(2026, 1, 1) + timedelta(days=i % 365) for i in range(10_000)]
    began = time.perf_counter()
    for start in starts:
        CAL.add_workdays(start, 15)
        CAL.add_months(start, 1)
    assert time.perf_counter() - began < 2.0


# -- cross-check against chinese-calendar (dev-only) ------------------------------------------


def test_matches_chinese_calendar() -> None:
    cc = pytest.importorskip("chinese_calendar")
    day = D(FIRST_YEAR, 1, 1)
    while day.year <= LAST_YEAR:
        assert CAL.is_workday(day) == cc.is_workday(day), day
        day += timedelta(days=1)
    # On a working-day start find_workday agrees; on a day off it counts one too many.
    assert cc.find_workday(15, D(2026, 9, 24)) == CAL.add_workdays(D(2026, 9, 24), 15).day
    assert cc.find_workday(15, D(2026, 9, 23)) == CAL.add_workdays(D(2026, 9, 23), 15).day
    assert cc.find_workday(15, D(2026, 9, 26)) == D(2026, 10, 23)
