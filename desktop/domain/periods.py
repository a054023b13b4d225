"""Statistics periods as a clerk types them, and the same period a year earlier.

    parse("2026年")            → 2026-01-01 .. 2026-12-31
    parse("2026年3月")         → 2026-03-01 .. 2026-03-31
    parse("2026年1-4月")       → 2026-01-01 .. 2026-04-30   (also 1–4月, 1至4月, 1月-4月)
    parse("2026年第三季度")     → 2026-07-01 .. 2026-09-30   (also 三季度, 第3季度, Q3)
    parse("2026年上半年")       → 2026-01-01 .. 2026-06-30   (下半年: 07-01 .. 12-31)
    parse("2026-01-01至2026-04-30") and "2026年1月1日至2026年4月30日"

Pure: no store, no Qt. Errors are PeriodError with a Chinese message the clerk can act on.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}
_DASHES = "-–—~～至到"


class PeriodError(ValueError):
    """A period phrase that cannot be read; the message says what is expected."""


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _months(year: int, first: int, last: int, text: str) -> tuple[dt.date, dt.date]:
    if not (1 <= first <= 12 and 1 <= last <= 12):
        raise PeriodError(f"“{text}”中的月份应在1到12之间")
    if last < first:
        raise PeriodError(f"“{text}”的结束月份早于开始月份")
    return dt.date(year, first, 1), month_end(year, last)


def _normalise(text: str) -> str:
    # Full-width digits and letters become ASCII; spaces go.
    clean = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", clean).upper()


_YEAR = r"(?P<y>\d{4})年?"
_D = rf"[{_DASHES}]"
_DATE = r"(\d{4})(?:-|/|\.|年)(\d{1,2})(?:-|/|\.|月)(\d{1,2})日?"

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"{_DATE}{_D}{_DATE}"), "range"),
    (re.compile(r"(?P<y>\d{4})年?(?:度|全年)?"), "year"),
    (re.compile(rf"{_YEAR}(?P<m>\d{{1,2}})月(?:份)?"), "month"),
    (re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})"), "month"),
    (re.compile(rf"{_YEAR}(?P<a>\d{{1,2}})月?{_D}(?P<b>\d{{1,2}})月(?:份)?"), "months"),
    (re.compile(rf"{_YEAR}第?(?P<q>[一二三四1-4])季度"), "quarter"),
    (re.compile(rf"{_YEAR}Q(?P<q>[1-4])"), "quarter"),
    (re.compile(rf"{_YEAR}(?P<h>上|下)半年"), "half"),
    (re.compile(rf"{_YEAR}(?P<h>H1|H2)"), "half"),
)


def parse(text: str) -> tuple[dt.date, dt.date]:
    """(start, end), both inclusive, of a period phrase; PeriodError if it is not one."""
    clean = _normalise(text)
    if not clean:
        raise PeriodError("请填写统计区间，如“2026年1-4月”")
    for pattern, kind in _PATTERNS:
        match = pattern.fullmatch(clean)
        if match is None:
            continue
        if kind == "range":
            start = _date(match.group(1), match.group(2), match.group(3), text)
            end = _date(match.group(4), match.group(5), match.group(6), text)
            if end < start:
                raise PeriodError(f"“{text}”的结束日期早于开始日期")
            return start, end
        year = int(match.group("y"))
        if not 1900 <= year <= 2999:
            raise PeriodError(f"“{text}”中的年份不正确")
        if kind == "year":
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if kind == "month":
            month = int(match.group("m"))
            return _months(year, month, month, text)
        if kind == "months":
            return _months(year, int(match.group("a")), int(match.group("b")), text)
        if kind == "quarter":
            q = match.group("q")
            n = _CN_DIGITS.get(q) or int(q)
            return _months(year, 3 * n - 2, 3 * n, text)
        first_half = match.group("h") in ("上", "H1")
        return _months(year, 1, 6, text) if first_half else _months(year, 7, 12, text)
    raise PeriodError(
        f"无法识别统计区间“{text}”，可填写如：2026年、2026年3月、2026年1-4月、"
        "2026年第三季度、2026年上半年、2026-01-01至2026-04-30"
    )


def year_to_date(today: dt.date) -> tuple[dt.date, dt.date]:
    """年初至今: from 1 January up to and including today, not to the end of the month."""
    return dt.date(today.year, 1, 1), today


def year_to_date_phrase(today: dt.date) -> str:
    """年初至今 as a phrase `parse` reads back to `year_to_date(today)`."""
    start, end = year_to_date(today)
    return f"{start.year}年1月1日至{end.year}年{end.month}月{end.day}日"


def _date(year: str, month: str, day: str, text: str) -> dt.date:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise PeriodError(f"“{text}”中的日期{year}-{month}-{day}不存在") from None


def _year_earlier(day: dt.date) -> dt.date:
    if day.month == 2 and day.day == 29:
        return dt.date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def previous_year(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The same period a year earlier (上年同期).

    2月29日 becomes 2月28日; an end on the last day of a month stays on the last day
    of that month, so 2025年2月 compares with all of 2024年2月.
    """
    prev_start = _year_earlier(start)
    if end == month_end(end.year, end.month):
        prev_end = month_end(end.year - 1, end.month)
    else:
        prev_end = _year_earlier(end)
    return prev_start, prev_end
