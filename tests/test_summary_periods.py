"""Period phrases a clerk types, and the same period a year earlier."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain import periods

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026年", D(2026, 1, 1), D(2026, 12, 31)),
        ("2026年度", D(2026, 1, 1), D(2026, 12, 31)),
        ("2026", D(2026, 1, 1), D(2026, 12, 31)),
        ("2026年3月", D(2026, 3, 1), D(2026, 3, 31)),
        ("2024年2月", D(2024, 2, 1), D(2024, 2, 29)),
        ("2026-03", D(2026, 3, 1), D(2026, 3, 31)),
        ("2026年1-4月", D(2026, 1, 1), D(2026, 4, 30)),
        ("2026年1–4月", D(2026, 1, 1), D(2026, 4, 30)),
        ("2026年1—4月", D(2026, 1, 1), D(2026, 4, 30)),
        ("2026年1至4月", D(2026, 1, 1), D(2026, 4, 30)),
        ("2026年1月-4月", D(2026, 1, 1), D(2026, 4, 30)),
        ("２０２６年１－４月", D(2026, 1, 1), D(2026, 4, 30)),
        (" 2026年 1-4月 ", D(2026, 1, 1), D(2026, 4, 30)),
        ("2026年第一季度", D(2026, 1, 1), D(2026, 3, 31)),
        ("2026年第三季度", D(2026, 7, 1), D(2026, 9, 30)),
        ("2026年三季度", D(2026, 7, 1), D(2026, 9, 30)),
        ("2026年第4季度", D(2026, 10, 1), D(2026, 12, 31)),
        ("2026年Q3", D(2026, 7, 1), D(2026, 9, 30)),
        ("2026q2", D(2026, 4, 1), D(2026, 6, 30)),
        ("2026年上半年", D(2026, 1, 1), D(2026, 6, 30)),
        ("2026年下半年", D(2026, 7, 1), D(2026, 12, 31)),
        ("2026-01-01至2026-04-30", D(2026, 1, 1), D(2026, 4, 30)),
        ("2025-12-01~2026-01-31", D(2025, 12, 1), D(2026, 1, 31)),
        ("2026/1/5至2026/2/3", D(2026, 1, 5), D(2026, 2, 3)),
        ("2026年1月1日至2026年4月30日", D(2026, 1, 1), D(2026, 4, 30)),
    ],
)
def test_parse(text: str, start: dt.date, end: dt.date) -> None:
    assert periods.parse(text) == (start, end)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "请填写"),
        ("去年", "无法识别"),
        ("2026年13月", "1到12"),
        ("2026年5-4月", "早于"),
        ("2026年第五季度", "无法识别"),
        ("2026-04-30至2026-01-01", "早于"),
        ("2026-02-30至2026-03-01", "不存在"),
    ],
)
def test_parse_rejects_with_a_chinese_message(text: str, message: str) -> None:
    with pytest.raises(periods.PeriodError, match=message):
        periods.parse(text)


@pytest.mark.parametrize(
    ("start", "end", "prev_start", "prev_end"),
    [
        (D(2026, 1, 1), D(2026, 4, 30), D(2025, 1, 1), D(2025, 4, 30)),
        (D(2024, 2, 29), D(2024, 3, 15), D(2023, 2, 28), D(2023, 3, 15)),
        (D(2024, 1, 10), D(2024, 2, 29), D(2023, 1, 10), D(2023, 2, 28)),
        # A whole February compares with a whole February, leap day included.
        (D(2025, 2, 1), D(2025, 2, 28), D(2024, 2, 1), D(2024, 2, 29)),
        (D(2025, 12, 1), D(2026, 1, 31), D(2024, 12, 1), D(2025, 1, 31)),
        (D(2026, 3, 5), D(2026, 3, 20), D(2025, 3, 5), D(2025, 3, 20)),
    ],
)
def test_previous_year(
    start: dt.date, end: dt.date, prev_start: dt.date, prev_end: dt.date
) -> None:
    assert periods.previous_year(start, end) == (prev_start, prev_end)


@pytest.mark.parametrize("text", ["2026年", "2026年3月", "2026年1-4月", "2026年第三季度"])
def test_parse_round_trips_through_period_label(text: str) -> None:
    from desktop.domain.stats import period_label

    start, end = periods.parse(text)
    assert periods.parse(period_label(start, end)) == (start, end)


def test_year_to_date_ends_today_not_at_the_end_of_the_month() -> None:
    """docs/statistics.md §期间: 年初至今 covers 1 January up to and including today."""
    today = D(2026, 3, 15)
    assert periods.year_to_date(today) == (D(2026, 1, 1), today)
    assert periods.parse(periods.year_to_date_phrase(today)) == (D(2026, 1, 1), today)
