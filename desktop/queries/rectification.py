"""The one rule for a rectification item's state (docs/statistics.md §整改).

Lists, archives, the desk, notices and statistics all import it: an item is *open*
while 待整改 or 整改中; reported done (已整改待验收) or closed (已销号) it counts as
已整改 and can no longer be 逾期. Only an open item past its 整改时限 is 逾期.
"""

from __future__ import annotations

CLOSED = "已销号"
DONE = ("已整改待验收", CLOSED)  # counted as 已整改
OPEN = ("待整改", "整改中")  # what can be 逾期
OVERDUE = "逾期"  # the shown state of an open item past its deadline

_OPEN_SQL = ", ".join(f"'{s}'" for s in OPEN)


def shown_status_sql(alias: str = "r", today: str = ":today") -> str:
    """SQL for the state a list shows: 逾期 for an open item past its deadline, else its status."""
    return (
        f"CASE WHEN {alias}.status IN ({_OPEN_SQL}) AND {alias}.deadline IS NOT NULL"
        f" AND {alias}.deadline < {today} THEN '{OVERDUE}' ELSE {alias}.status END"
    )


def is_overdue(status: str | None, deadline: str | None, today: str) -> bool:
    """The same rule in Python, for rows already read (ISO dates compare as text)."""
    return status in OPEN and deadline is not None and deadline < today
