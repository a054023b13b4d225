"""Excel serial dates read as Excel reads them (1900 date system, its fictitious 1900-02-29)."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.dates import from_serial, parse_date


@pytest.mark.parametrize(
    ("serial", "day"),
    [
        (1, dt.date(1900, 1, 1)),
        (31, dt.date(1900, 1, 31)),
        (59, dt.date(1900, 2, 28)),
        (61, dt.date(1900, 3, 1)),
        (46152, dt.date(2026, 5, 10)),
    ],
)
def test_serials_read_as_excel_shows_them(serial: int, day: dt.date) -> None:
    assert from_serial(serial) == day
    assert parse_date(str(serial)) == day if serial >= 1000 else parse_date(serial) == day


@pytest.mark.parametrize("value", [60, 60.5, "60"])
def test_serial_60_the_day_that_never_was_is_refused_naming_the_value(value: object) -> None:
    with pytest.raises(ValueError, match="1900年2月29日") as caught:
        from_serial(float(value), value)  # type: ignore[arg-type]
    assert f"“{value}”" in str(caught.value)
