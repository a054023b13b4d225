"""The two receipt time limits of a clue (domain.md §2), worded as the clerk reads them.

实名举报: the reporter is told whether the report was accepted within limit.reporter_reply
of receipt. 转交: a report that belongs to another body is forwarded within limit.forward
of receipt. Nothing in a clue says beforehand that it belongs elsewhere, so forwarding is
checked once it is recorded: a late one gets a warning line (form, list tooltip).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.domain import deadlines
from desktop.domain.workdays import Period

if TYPE_CHECKING:
    from desktop.store.db import Store

NAMED = "实名"  # the 署名情况 the reporter rule applies to (a fixed dictionary item)

OK, DUE, LATE = "ok", "due", "late"


@dataclass(frozen=True)
class Check:
    text: str
    level: str  # OK (information), DUE (still open), LATE (past the limit)


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class _Timed:
    """An event measured against limit.<key> from its start: the words each check shares."""

    period: Period
    due: dt.date
    flag: str  # "（未核实…）" when the deadline was counted past the holiday table
    late: int  # days past the deadline: of the event when done, of today when not; 0 in time


def _timed(store: Store, key: str, start: dt.date, done: dt.date | None, today: dt.date) -> _Timed:
    deadline = deadlines.deadline(store, key, start)
    flag = "" if deadline.verified else f"（{deadlines.UNVERIFIED_TEXT}）"
    end = done if done is not None else today
    return _Timed(
        deadlines.limit(store, key), deadline.day, flag, max((end - deadline.day).days, 0)
    )


def reporter_check(store: Store, row: dict[str, Any], today: dt.date) -> Check | None:
    """Where a named report stands on telling its reporter; None when it does not apply."""
    received = _day(row.get("received_date"))
    if row.get("signed") != NAMED or received is None or _day(row.get("forwarded_date")):
        return None
    informed = _day(row.get("reporter_informed_date"))
    t = _timed(store, "reporter_reply", received, informed, today)
    due, period, flag = t.due.isoformat(), t.period, t.flag
    if informed is not None:
        if t.late:
            return Check(f"告知晚于时限：应于{due}前告知（{period}），晚{t.late}天{flag}", LATE)
        return Check(f"已在时限内告知（应于{due}前，{period}）", OK)
    if t.late:
        return Check(
            f"尚未告知举报人受理情况，已逾期{t.late}天（应于{due}前，{period}）{flag}", LATE
        )
    return Check(f"应于{due}前告知举报人受理情况（实名举报，{period}）{flag}", DUE)


def forward_check(store: Store, row: dict[str, Any]) -> Check | None:
    """A recorded 转交 measured against the 转交时限; None when there is none to check."""
    received = _day(row.get("received_date"))
    forwarded = _day(row.get("forwarded_date"))
    if received is None or forwarded is None:
        return None
    t = _timed(store, "forward", received, forwarded, forwarded)
    due, period = t.due.isoformat(), t.period
    if t.late:
        return Check(
            f"转交超过时限：应于{due}前转交（{period}），"
            f"实际{forwarded.isoformat()}转交，晚{t.late}天{t.flag}",
            LATE,
        )
    return Check(f"已在时限内转交（应于{due}前，{period}）", OK)


def delegated_check(
    store: Store, row: dict[str, Any], talked: dt.date | None, today: dt.date
) -> Check | None:
    """A 委托谈话 against limit.talk from the delegation; `talked` is the first talk on the
    clue on or after it (None when none is recorded). None when nothing was delegated."""
    delegated = _day(row.get("talk_delegated_date"))
    if delegated is None:
        return None
    t = _timed(store, "talk", delegated, talked, today)
    due, limit, flag = t.due.isoformat(), f"委托谈话时限{t.period}", t.flag
    if talked is not None:
        if t.late:
            return Check(
                f"谈话晚于时限：应于{due}前完成谈话（{limit}），"
                f"实际{talked.isoformat()}谈话，晚{t.late}天{flag}",
                LATE,
            )
        return Check(f"已于{talked.isoformat()}谈话（应于{due}前，{limit}）", OK)
    if t.late:
        return Check(f"尚未完成谈话，已逾期{t.late}天（应于{due}前，{limit}）{flag}", LATE)
    return Check(f"应于{due}前完成谈话（{limit}）{flag}", DUE)


def record_check(
    store: Store, talk: dict[str, Any], delegated: Any, today: dt.date
) -> Check | None:
    """A delegated talk's signed record against limit.talk_record from the talk. None when
    the talk's clue was not delegated or the talk came before the delegation."""
    talked, since = _day(talk.get("date")), _day(delegated)
    if talked is None or since is None or talked < since:
        return None
    returned = _day(talk.get("record_returned_date"))
    t = _timed(store, "talk_record", talked, returned, today)
    due, period, flag = t.due.isoformat(), t.period, t.flag
    limit = f"谈话记录报回时限{period}"
    if returned is not None:
        if t.late:
            return Check(
                f"谈话记录报回晚于时限：应于{due}前报回（{period}），晚{t.late}天{flag}", LATE
            )
        return Check(f"已在时限内报回（应于{due}前，{limit}）", OK)
    if t.late:
        return Check(f"谈话记录尚未报回，已逾期{t.late}天（应于{due}前，{limit}）{flag}", LATE)
    return Check(f"委托谈话：谈话记录应于{due}前报回（{limit}）{flag}", DUE)
