"""Dates as clerks type them in legacy ledgers (domain.md §5).

2023-04-05, 2023.4.5, 2023/4/5, 2023年4月5日, 20230405, 二〇二三年四月五日,
full-width digits, Excel serial numbers, datetime cells, and 4月5日 or 12-3 with the
year taken from context. Times as clerks type them into a form: 09:30, 9:30, 0930,
9点30, 9时30分, 下午3点.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

EXCEL_EPOCH = dt.date(1899, 12, 30)
MIN_YEAR, MAX_YEAR = 1900, 2200

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS.update({"六": 6, "七": 7, "八": 8, "九": 9})
_FULL = re.compile(r"^(\d{2}|\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*[日号]?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
_MONTH_DAY_SHORT = re.compile(r"^(\d{1,2})\s*[-./]\s*(\d{1,2})$")
_SERIAL = re.compile(r"^\d{4,6}(\.\d+)?$")
_TIME_TAIL = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")


def _cn_number(text: str) -> str:
    """二〇二三 → 2023 (digit by digit); 十二 → 12, 二十五 → 25, 十 → 10."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        value = (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
        return str(value)
    return "".join(str(_CN_DIGITS[ch]) for ch in text)


def _convert_chinese(text: str) -> str:
    chars = "".join(_CN_DIGITS) + "十"
    return re.sub(f"[{chars}]+", lambda m: _cn_number(m.group(0)), text)


def _make(year: int, month: int, day: int, original: Any) -> dt.date:
    if year < 100:
        year += 2000
    try:
        value = dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"“{original}”不是有效日期（{year}年{month}月{day}日不存在）") from None
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"“{original}”的年份 {value.year} 超出合理范围")
    return value


def from_serial(number: float, original: Any = None) -> dt.date:
    """An Excel serial day number (1900 date system) as a date, read as Excel reads it.

    Excel counts 1900 as a leap year: serial 1 is 1900-01-01, 59 is 1900-02-28, 60 is the
    day that never was (1900-02-29, refused) and 61 onwards is EXCEL_EPOCH + serial.
    """
    shown = original if original is not None else number
    if number < 1 or number >= 2958466:
        raise ValueError(f"“{shown}”不是有效日期")
    serial = int(number)
    if serial == 60:
        raise ValueError(f"“{shown}”是 Excel 的日期序号60，即不存在的1900年2月29日，请改为实际日期")
    if serial < 60:
        value = dt.date(1899, 12, 31) + dt.timedelta(days=serial)
    else:
        value = EXCEL_EPOCH + dt.timedelta(days=serial)
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"“{shown}”不是有效日期")
    return value


def parse_date(value: Any, year_hint: int | None = None) -> dt.date:
    """The date a cell means; ValueError with a Chinese message when it means none."""
    if isinstance(value, dt.datetime):
        return _make(value.year, value.month, value.day, value)
    if isinstance(value, dt.date):
        return _make(value.year, value.month, value.day, value)
    if isinstance(value, bool) or value is None:
        raise ValueError("日期为空")
    if isinstance(value, int | float):
        return from_serial(float(value), value)
    original = value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        raise ValueError("日期为空")
    text = "".join(text.split(" ")) if "年" in text or "月" in text else text
    text = _convert_chinese(text)
    text = _TIME_TAIL.sub("", text).strip().rstrip(".")
    if m := _FULL.match(text):
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)), original)
    if m := _COMPACT.match(text):
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)), original)
    if m := _MONTH_DAY.match(text) or _MONTH_DAY_SHORT.match(text):
        if year_hint is None:
            raise ValueError(f"“{original}”缺少年份，请写成“2023年4月5日”的形式")
        return _make(year_hint, int(m.group(1)), int(m.group(2)), original)
    if _SERIAL.match(text):
        return from_serial(float(text), original)
    raise ValueError(f"“{original}”不是可识别的日期（可写作 2023-04-05、2023.4.5、2023年4月5日）")


def parse_date_or_none(value: Any, year_hint: int | None = None) -> dt.date | None:
    """None for an empty cell, else parse_date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_date(value, year_hint)


_TIME_COLON = re.compile(r"^(\d{1,2})\s*[:.]\s*(\d{2})(?::\d{2})?$")
_TIME_COMPACT = re.compile(r"^(\d{1,2})(\d{2})$")
_TIME_WORDS = re.compile(r"^(\d{1,2})\s*[点时]\s*(?:(\d{1,2})\s*分?|半)?$")
_HALF_DAY = {"上午": 0, "早上": 0, "凌晨": 0, "中午": 12, "下午": 12, "晚上": 12, "傍晚": 12}


def parse_time(value: Any) -> dt.time:
    """The time a clerk typed (09:30, 9:30, 0930, 930, 9点30, 9点半, 下午3点); ValueError
    with a Chinese message when it means none."""
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    original = value
    text = unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()
    if not text:
        raise ValueError("时间为空")
    text = _convert_chinese("".join(text.split()))
    shift = 0
    for word, hours in _HALF_DAY.items():
        if text.startswith(word):
            text, shift = text[len(word) :], hours
            break
    hour = minute = -1
    if m := _TIME_COLON.match(text) or _TIME_COMPACT.match(text):
        hour, minute = int(m.group(1)), int(m.group(2))
    elif m := _TIME_WORDS.match(text):
        hour = int(m.group(1))
        minute = 30 if text.endswith("半") else int(m.group(2) or 0)
    elif text.isdigit() and len(text) <= 2:
        hour, minute = int(text), 0
    if shift and 1 <= hour < 12:
        hour += shift
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(f"“{original}”不是可识别的时间（可写作 09:30、0930、9点30）")
    return dt.time(hour, minute)


def tidy_time(text: str) -> str:
    """A typed time as the store keeps it (HH:MM); text that is no time stays as typed."""
    try:
        return parse_time(text).strftime("%H:%M")
    except ValueError:
        return text.strip()


def tidy_date(text: str, year: int) -> str:
    """A typed date as the store keeps it (ISO); `year` fills in 12-3 and 12月3日; text that
    is no date stays as typed, for the store to name the problem."""
    stripped = text.strip()
    if _SERIAL.match(unicodedata.normalize("NFKC", stripped)):
        return stripped  # a bare number in a form is a slip, not an Excel serial
    try:
        return parse_date(stripped, year_hint=year).isoformat()
    except ValueError:
        return stripped
