"""Keyboard entry as clerks type: dates and times in their own ways, today by default."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.dates import parse_date, parse_time, tidy_date, tidy_time


@pytest.mark.parametrize(
    "text",
    [
        "12-3",
        "12.3",
        "12/3",
        "2026.12.3",
        "20261203",
        "2026年12月3日",
        "12月3日",
        "２０２６－１２－３",
    ],
)
def test_dates_as_clerks_type_them(text: str) -> None:
    assert tidy_date(text, 2026) == "2026-12-03"
    assert parse_date(text, year_hint=2026) == dt.date(2026, 12, 3)


@pytest.mark.parametrize("text", ["abc", "13-40", "2026-2-30", "1203", ""])
def test_what_is_no_date_stays_for_the_store_to_name(text: str) -> None:
    assert tidy_date(text, 2026) == text


def test_a_date_without_its_year_needs_one() -> None:
    with pytest.raises(ValueError, match="缺少年份"):
        parse_date("12-3")


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("09:30", "09:30"),
        ("9:30", "09:30"),
        ("9：30", "09:30"),
        ("0930", "09:30"),
        ("930", "09:30"),
        ("9点30", "09:30"),
        ("9点30分", "09:30"),
        ("9时30分", "09:30"),
        ("9点半", "09:30"),
        ("九点半", "09:30"),
        ("9点", "09:00"),
        ("下午3点", "15:00"),
        ("14.30", "14:30"),
    ],
)
def test_times_as_clerks_type_them(text: str, time: str) -> None:
    assert tidy_time(text) == time
    assert parse_time(text).strftime("%H:%M") == time


@pytest.mark.parametrize("text", ["25:00", "9:75", "abc", "12345"])
def test_what_is_no_time_is_refused_in_chinese(text: str) -> None:
    with pytest.raises(ValueError, match="不是可识别的时间"):
        parse_time(text)
    assert tidy_time(text) == text
