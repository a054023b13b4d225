"""A new clue's 线索编号: the office's own pattern continued (XS2026-003 after XS2026-002,
2026-015 after 2026-014), one higher than the highest of the year."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.store.db import Store

_NUMBER = re.compile(
    r"^(?P<head>.*?)(?P<year>\d{4})(?P<sep>[-－_/号第]?)(?P<serial>\d+)(?P<tail>号?)$"
)


def next_ledger_no(store: Store, year: int) -> str:
    """The next free 线索编号 of `year` in the pattern of the latest numbered clue."""
    rows = store.query(
        "SELECT ledger_no FROM clues WHERE ledger_no LIKE ? ORDER BY id DESC",
        [f"%{year}%"],
    )
    best: tuple[int, str, str, str, int] | None = None  # serial, head, sep, tail, width
    for row in rows:
        m = _NUMBER.match(str(row["ledger_no"]).strip())
        if m is None or int(m["year"]) != year:
            continue
        serial = int(m["serial"])
        if best is None or serial > best[0]:
            best = (serial, m["head"], m["sep"], m["tail"], len(m["serial"]))
    if best is None:
        latest = store.scalar(
            "SELECT ledger_no FROM clues WHERE COALESCE(ledger_no, '') != '' ORDER BY id DESC"
        )
        m = _NUMBER.match(str(latest or "").strip())
        head, sep, tail, width = (
            (m["head"], m["sep"], m["tail"], len(m["serial"])) if m else ("", "-", "", 3)
        )
        return f"{head}{year}{sep}{1:0{width}d}{tail}"
    serial, head, sep, tail, width = best
    return f"{head}{year}{sep}{serial + 1:0{width}d}{tail}"
