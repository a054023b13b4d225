"""PEOPLE finds each person's heaviest outcome as the greatest text key (`figures._ordered`
parts, then the day): the key must order like ORDER BY form, severity, day does, for any
integer or NULL an office's dictionary could hold, not only the shipped 1–4 and 10–50."""

from __future__ import annotations

import itertools
import random
import sqlite3

from desktop.queries.figures import _ordered

NUMBERS = (
    None,
    -(2**63),
    -(2**63) + 1,
    -1000,
    -1,
    0,
    1,
    2,
    4,
    9,
    10,
    50,
    999,
    10**12,
    2**63 - 1,
)
DAYS = ("2024-12-31", "2025-01-01", "2025-06-30")


def test_the_key_orders_like_the_tuple() -> None:
    rows = list(itertools.product(NUMBERS, NUMBERS, DAYS))
    random.Random(16).shuffle(rows)
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (form INTEGER, severity INTEGER, day TEXT)")
    db.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
    key = f"{_ordered('form')} || {_ordered('severity')} || day"
    by_key = db.execute(f"SELECT form, severity, day FROM t ORDER BY {key}, rowid").fetchall()
    by_tuple = db.execute("SELECT form, severity, day FROM t ORDER BY 1, 2, 3, rowid").fetchall()
    assert by_key == by_tuple
    # a form read back from the greatest key, as PEOPLE reads it (NULL and negative forms
    # count in no form)
    for form in NUMBERS:
        part = db.execute(f"SELECT {_ordered('x')} FROM (SELECT ? AS x)", [form]).fetchone()[0]
        back = db.execute(
            "SELECT CASE WHEN substr(?, 1, 1) = 'b' THEN CAST(substr(?, 2, 19) AS INTEGER) END",
            [part, part],
        ).fetchone()[0]
        assert back == (form if form is not None and form >= 0 else None)
