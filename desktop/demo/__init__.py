"""Demo office (演示数据): a realistic, deterministic 县纪委监委 ledger.

``seed(store)`` fills an empty store with about four years (``today.year - 3`` up to
``today``) of the work of 清河县纪委监委: ~25 units, ~300 persons with post
histories, talks of every kind, problem clues at every stage with their reported
persons and outcomes (all four forms), written inquiries, inspections with the
rectification items they found (progress reports, 回头看, 销号, 督办), issued and
numbered documents, and a few attachments (signed record scans); and each year four
专项工作 (节日期间, 民生资金, 营商环境, 作风建设) that take in the inspections, clues,
items and 建议书 of their theme, with their activities (警示教育 and 网上答题 with 人次
typed, 述责述廉 and 考核 with the persons listed and their 测评), 督查通报 and 典型案例通报
with their items, each issued as a numbered document (“2026年第1期”), the 通报曝光 that
follow a 典型案例通报 (naming it) and 问责 (desktop/demo/campaigns.py, planned on a random
stream of its own so the records planned before it are unchanged).

Everything comes from ``random.Random`` seeded with a constant, and every date is
placed relative to ``today``: the same ``today`` gives the same rows, byte for byte.

How it is built: one *copy* is a complete office (persons, talks, clues, ...). The
generator functions below plan a copy as records holding ``_Ref`` placeholders; ids
are given out once a copy is planned (each table in date order, so ids and ledger
numbers follow the calendar), then the copy is written:

* copy 0 goes through the public store API (``records.insert``, ``numbering.issue``,
  ``attachments.add``), so every row is validated, rule-checked and audited;
* with ``scale=N`` the copies 1..N-1 (more persons, talks, clues, inspections, ...;
  a new group of ~25 units every ten copies) come from the same generator functions
  and are written with plain ``executemany`` in chunks, values canonical by
  construction, and one audit entry (action "import") per table summarises them.

The whole seed is one transaction: it happens completely or not at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.demo.bulk import _Bulk
from desktop.demo.office import _Copy
from desktop.demo.plan import OFFICE_SETTINGS, SEED, Plan, Progress
from desktop.demo.world import _World
from desktop.demo.write import _write_validated
from desktop.domain.workdays import WorkCalendar
from desktop.store import dictionaries
from desktop.store.errors import UserError
from desktop.store.kinds import KINDS

if TYPE_CHECKING:
    from desktop.store.db import Store

__all__ = ["OFFICE_SETTINGS", "SEED", "seed"]


# -- entry point ------------------------------------------------------------------------


def _refuse_if_not_empty(store: Store) -> None:
    for table in (*KINDS, "recycle_bin"):
        if store.scalar(f"SELECT 1 FROM {table} LIMIT 1") is not None:
            raise UserError(
                "当前数据库中已有记录，不能写入演示数据（以免与真实台账混在一起）。"
                "请新建一个空的数据目录后再生成演示数据。"
            )


def _plan_size(plan: Plan) -> int:
    return sum(len(recs) for recs in plan.values())


def seed(
    store: Store,
    *,
    scale: int = 1,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Fill an empty store with the demo office; returns the number of rows per table.

    `scale` multiplies persons, talks, clues, inquiries, inspections and rectification
    items (units grow by ~25 every ten copies). Raises UserError if the store already
    holds records. One transaction: on any failure nothing is written.
    """
    if isinstance(scale, bool) or not isinstance(scale, int) or scale < 1:
        raise UserError(f"演示数据倍数应为正整数（现为 {scale!r}）")
    today = today or store.today()
    world = _World(today, WorkCalendar.default())
    files: list[Path] = []
    done = 0
    total = 0

    def report(step: int = 1) -> None:
        nonlocal done
        done += step
        if progress is not None and (done % 50 == 0 or done >= total):
            progress(min(done, total), total)

    try:
        with store.transaction():
            _refuse_if_not_empty(store)  # inside the write lock: nobody adds records meanwhile
            for key, value in OFFICE_SETTINGS.items():
                store.set_setting(key, value)
            short = OFFICE_SETTINGS["office_short"]
            for item in dictionaries.items(store, "notice_kind"):
                store.set_setting(f"doc_code.{item.label}", short + str(item.extra.get("code", "")))
            plan = _Copy(world, 0).build()
            size = _plan_size(plan)
            total = size * scale
            if progress is not None:
                progress(0, total)
            _write_validated(store, plan, files, report)
            done = size
            if scale > 1:
                bulk = _Bulk(store, files)
                for index in range(1, scale):
                    bulk.add(_Copy(world, index).build())
                    done = size * (index + 1)
                    if progress is not None:
                        progress(done, total)
                bulk.finish(scale)
    except BaseException:
        for path in files:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    if progress is not None:
        progress(total, total)
    return {table: int(store.scalar(f"SELECT COUNT(*) FROM {table}")) for table in KINDS}
