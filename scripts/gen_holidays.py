"""Generate resources/dictionaries/holidays.json from the chinesecalendar package.

Developer tool, not part of the app: chinesecalendar is a dev-only dependency
(``pip install chinesecalendar``). The app reads only the generated JSON plus the
days the office enters itself.

Output layout::

    {"source": "chinesecalendar 1.11.0",
     "years": {"2026": {"holidays": {"2026-10-01": "国庆节", ...},
                        "workdays": {"2026-10-10": "国庆节调休上班", ...}}, ...}}

``holidays`` lists every day off for a holiday, weekday or weekend (days in lieu
included); ``workdays`` lists the weekend days that are make-up working days. Dates
are filed under their own calendar year.

Usage: python scripts/gen_holidays.py [--output PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Mapping
from pathlib import Path

import chinese_calendar

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO_ROOT / "resources" / "dictionaries" / "holidays.json"

# The package's English holiday keys -> the names the office uses.
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}

# Days off the State Council notices list but the package leaves out because they
# fall on a weekend at the edge of a holiday run (weekends inside a run are filled
# in by fill_weekend_gaps). Working-day arithmetic is unaffected; these only give
# the day its holiday name.
SUPPLEMENT_HOLIDAYS = {
    # 国务院关于抗战胜利70周年纪念日调休放假的通知: 9月3日至5日调休放假，共3天。
    dt.date(2015, 9, 5): "Anti-Fascist 70th Day",
}

ONE_DAY = dt.timedelta(days=1)


def chinese_name(key: str) -> str:
    """Office name for one of the package's holiday keys."""
    if key in NAMES:
        return NAMES[key]
    # A holiday added in a newer package version: take the package's own Chinese
    # name and say so, so that someone can add a short name to NAMES.
    for member in chinese_calendar.Holiday:
        if member.value == key:
            print(f"warning: no short name for {key!r}, using {member.chinese!r}", file=sys.stderr)
            return str(member.chinese)
    raise SystemExit(f"unknown holiday key {key!r} in chinesecalendar data")


def fill_weekend_gaps(
    holidays: dict[dt.date, str], workdays: Mapping[dt.date, str]
) -> dict[dt.date, str]:
    """Add weekend days that sit between two days off of the same holiday.

    The package sometimes leaves such a day out (e.g. 2012-06-23 inside 端午节
    06-22..06-24) since a weekend is a day off anyway.
    """
    result = dict(holidays)
    for day, key in holidays.items():
        gap = day + ONE_DAY
        while gap.weekday() >= 5 and gap not in holidays and gap not in workdays:
            gap += ONE_DAY
        if gap != day + ONE_DAY and holidays.get(gap) == key:
            filler = day + ONE_DAY
            while filler < gap:
                result[filler] = key
                filler += ONE_DAY
    return result


def build(first_year: int | None = None, last_year: int | None = None) -> dict[str, object]:
    """The JSON document, as plain data."""
    holidays: dict[dt.date, str] = dict(chinese_calendar.holidays)
    for day, key in getattr(chinese_calendar, "in_lieu_days", {}).items():
        holidays.setdefault(day, key)
    for day, key in SUPPLEMENT_HOLIDAYS.items():
        if day in chinese_calendar.holidays or day in chinese_calendar.workdays:
            continue
        holidays[day] = key
    workdays: dict[dt.date, str] = dict(chinese_calendar.workdays)
    holidays = fill_weekend_gaps(holidays, workdays)

    clash = sorted(set(holidays) & set(workdays))
    if clash:
        raise SystemExit(f"days listed both as holiday and as working day: {clash}")
    odd = sorted(d for d in workdays if d.weekday() < 5)
    if odd:
        raise SystemExit(f"make-up working days that are not weekend days: {odd}")

    data_years = {d.year for d in holidays}
    first = first_year if first_year is not None else min(data_years)
    last = last_year if last_year is not None else max(data_years)
    missing = [y for y in range(first, last + 1) if y not in data_years]
    if missing:
        raise SystemExit(f"chinesecalendar has no holidays for {missing}")

    years: dict[str, object] = {}
    for year in range(first, last + 1):
        years[str(year)] = {
            "holidays": {
                d.isoformat(): chinese_name(holidays[d]) for d in sorted(holidays) if d.year == year
            },
            "workdays": {
                d.isoformat(): chinese_name(workdays[d]) + "调休上班"
                for d in sorted(workdays)
                if d.year == year
            },
        }
    return {"source": f"chinesecalendar {chinese_calendar.__version__}", "years": years}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--first-year", type=int, default=None)
    parser.add_argument("--last-year", type=int, default=None)
    args = parser.parse_args(argv)

    document = build(args.first_year, args.last_year)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    args.output.write_text(text, encoding="utf-8")
    years = document["years"]
    assert isinstance(years, dict)
    print(f"wrote {args.output} ({min(years)}-{max(years)}, {document['source']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
