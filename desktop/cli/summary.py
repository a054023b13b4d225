"""Headless 统计汇总 (registered by desktop.cli.parser).

    python -m desktop summary --from 2026-01-01 --to 2026-04-30 [--unit U] --out FILE.pdf
    python -m desktop summary --period "2026年1-4月" [--unit U] --text
    python -m desktop summary --period 2026年 --campaign 节日期间专项检查 --out FILE.pdf
    python -m desktop summary --period 2026年 --theme 节日期间 --xlsx FILE.xlsx

--unit, --campaign and --theme restrict every figure alike (docs/statistics.md §筛选).

--text prints the paragraph offices paste into work reports (the same text as
``stats --from --to``'s first line); --out writes the PDF report with the previous
year's figures beside this period's, and charts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from desktop.cli.common import date_arg, store_for, write_pdf
from desktop.cli.stats import add_scope_options, chosen_scope
from desktop.store import UserError


def _period(args: argparse.Namespace) -> tuple[dt.date, dt.date]:
    from desktop.domain import periods  # here, not at the top: only this command needs it

    if args.period:
        if args.start or args.end:
            raise UserError("--period 与 --from/--to 只能二选一")
        try:
            return periods.parse(args.period)
        except periods.PeriodError as exc:
            raise UserError(str(exc)) from None
    if not (args.start and args.end):
        raise UserError("请用 --from 和 --to 给出统计区间，或用 --period，如“2026年1-4月”")
    if args.end < args.start:
        raise UserError("--to 不能早于 --from")
    return args.start, args.end


def cmd_summary(args: argparse.Namespace) -> int:
    from desktop.domain import stats, summary  # here, not at the top: reportlab (start-up)

    start, end = _period(args)
    if not args.text and args.out is None and args.xlsx is None:
        raise UserError(
            "请用 --out 指定 PDF 文件、用 --xlsx 指定 Excel 文件，或用 --text 只输出汇总段落"
        )
    store = store_for(args, create=False)
    try:
        chosen = chosen_scope(store, args)
        if args.text:
            print(stats.summary_paragraph(stats.compute(store, start, end, **chosen)))
        if args.out is not None or args.xlsx is not None:
            from desktop.documents.summary import render_summary
            from desktop.documents.summary_workbook import render_workbook

            report = summary.report(store, summary.compare(store, start, end, **chosen))
            label = stats.period_label(start, end)
            for path, render in ((args.out, render_summary), (args.xlsx, render_workbook)):
                if path is None:
                    continue
                write_pdf(path, render(report))
                # With --text, stdout carries the paragraph only.
                print(
                    f"已生成{label}统计汇总 → {path}", file=sys.stderr if args.text else sys.stdout
                )
        return 0
    finally:
        store.close()


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    sm = sub.add_parser("summary", parents=[common], help="统计汇总报告（PDF）或汇总段落")
    sm.add_argument("--from", dest="start", type=date_arg, help="开始日期 YYYY-MM-DD")
    sm.add_argument("--to", dest="end", type=date_arg, help="结束日期 YYYY-MM-DD")
    sm.add_argument("--period", help="统计区间，如 2026年1-4月、2026年第三季度、2026年上半年")
    add_scope_options(sm)
    sm.add_argument("--out", type=Path, help="输出 PDF 文件")
    sm.add_argument("--xlsx", type=Path, help="输出 Excel 文件（各项数字、段落、各单位整改进度）")
    sm.add_argument("--text", action="store_true", help="只输出汇总段落（可与 --out 同用）")
    sm.set_defaults(func=cmd_summary)
