"""Import speed of an office's old ledgers: rows per second at 1k/10k/50k rows.

    python benchmarks/ledger_import.py [--rows 1000,10000,50000] [--repeat 3]
        [--kinds 问题线索,谈话] [--profile]

Each ledger is written once per size in the corpus's messy form (tests/ledger_corpus.py:
merged title, 单位及职务 in one cell, 处理结果 with compound outcomes, dates typed many
ways; talkers with their posts); then, for each repeat and kind in turn (interleaved),
an empty store is made and the ledger is checked (plan_import, rolled back) and written
(apply, one transaction, one audit entry per record). Prints a Markdown table of
medians with min–max; results are copied by hand into docs/benchmarks.md. Never run by
the test suite.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402

from desktop.domain import ledger_import  # noqa: E402
from desktop.store import Store  # noqa: E402
from tests.ledger_corpus import CLUE_HEADER, POSTS, TALK_HEADER, UNITS, names, written  # noqa: E402

OUTCOMES = ("党纪警告", "批评教育", "开除党籍、开除公职，移送检察机关", "诫勉", "", "政务记大过")
TALKERS = ("局党组书记、局长 王建国", "分管副局长李强", "纪检组长张敏", "党组成员、副局长 赵敏")
TALK_KINDS = ("提醒谈话", "谈心", "廉政提醒谈话", "任前谈话", "诫勉")


def clue_rows(n: int) -> list[list[Any]]:
    people = names(min(n, 3000), 11)
    start = dt.date(2018, 1, 1)
    rows = []
    for i in range(n):
        day = start + dt.timedelta(days=i % 3000)
        filed = i % 3 == 0
        rows.append(
            [
                i + 1,
                written(day, i),
                "信访举报",
                people[i % len(people)],
                f"{UNITS[i % len(UNITS)]}{POSTS[i % len(POSTS)]}",
                f"反映其问题第{i}件",
                "初步核实" if filed else "谈话函询",
                written(day + dt.timedelta(days=5), i) if filed else None,
                written(day + dt.timedelta(days=40), i) if filed else None,
                OUTCOMES[i % len(OUTCOMES)],
            ]
        )
    return rows


def talk_rows(n: int) -> list[list[Any]]:
    people = names(min(n, 3000), 12)
    start = dt.date(2018, 1, 1)
    return [
        [
            i + 1,
            written(start + dt.timedelta(days=i % 3000), i),
            "会议室",
            TALK_KINDS[i % len(TALK_KINDS)],
            TALKERS[i % len(TALKERS)],
            "刘洋",
            people[i % len(people)],
            f"{UNITS[i % len(UNITS)]}{POSTS[i % len(POSTS)]}",
            f"谈话事由第{i}次",
        ]
        for i in range(n)
    ]


def workbook(path: Path, title: str, header: list[str], rows: list[list[Any]]) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append([title])
    ws.append(header)
    for row in rows:
        ws.append(row)
    ws.append(["填表人：刘洋", None, None, "审核人：王建国"])
    wb.save(path)
    return path


def once(path: Path, kind: str, folder: Path) -> tuple[float, float, int]:
    store = Store.open(folder, create=True)
    try:
        t0 = time.perf_counter()
        plan = ledger_import.plan_import(store, path, kind)
        t1 = time.perf_counter()
        counts = ledger_import.apply(store, plan)
        t2 = time.perf_counter()
    finally:
        store.close()
    assert not plan.rejected, plan.summary()[:500]
    return t1 - t0, t2 - t1, counts["written"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", default="1000,10000,50000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kinds", default="问题线索,谈话")
    parser.add_argument("--profile", action="store_true", help="profile one run of each")
    args = parser.parse_args()
    sizes = [int(x) for x in args.rows.split(",")]
    kinds = args.kinds.split(",")
    makers = {
        "问题线索": ("问题线索处置台账", CLUE_HEADER, clue_rows),
        "谈话": ("谈话台账", TALK_HEADER, talk_rows),
    }
    print("| 台账 | 行数 | 检查（秒） | 写入（秒） | 合计（秒） | 行/秒 |")
    print("|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        for n in sizes:
            paths = {}
            for kind in kinds:
                title, header, make = makers[kind]
                paths[kind] = workbook(base / f"{kind}-{n}.xlsx", title, header, make(n))
            if args.profile:
                for kind in kinds:
                    prof = cProfile.Profile()
                    prof.runcall(once, paths[kind], kind, base / f"p-{kind}-{n}")
                    pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
                continue
            runs: dict[str, list[tuple[float, float, int]]] = {k: [] for k in kinds}
            for r in range(args.repeat):  # interleaved: kind after kind, repeat after repeat
                for kind in kinds:
                    runs[kind].append(once(paths[kind], kind, base / f"s-{kind}-{n}-{r}"))
            for kind in kinds:
                checks = [c for c, _w, _n in runs[kind]]
                writes = [w for _c, w, _n in runs[kind]]
                totals = [c + w for c, w, _n in runs[kind]]
                med = statistics.median(totals)

                def fmt(xs: list[float]) -> str:
                    return f"{statistics.median(xs):.2f} ({min(xs):.2f}–{max(xs):.2f})"

                print(
                    f"| {kind} | {n:,} | {fmt(checks)} | {fmt(writes)} | {fmt(totals)} |"
                    f" {n / med:,.0f} |",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
