"""`qingfeng stats --from D --to D [--unit U] [--json]`: the figures of a period."""

from __future__ import annotations

import argparse
import json
from typing import Any

from desktop.cli.common import date_arg, store_for, unit_id


def cmd_stats(args: argparse.Namespace) -> int:
    from desktop.domain import stats  # here, not at the top: only this command needs it

    store = store_for(args, create=False)
    try:
        unit = unit_id(store, args.unit) if args.unit else None
        result = stats.compute(store, args.start, args.end, unit_id=unit)
        if args.json:
            data = result.to_dict()
            data["paragraph"] = stats.summary_paragraph(result)
            print(json.dumps(data, ensure_ascii=False, indent=2))
            return 0
        print(stats.summary_paragraph(result))
        print()
        for fig in result.figures.values():
            print(f"{fig.label}\t{fig.value}{fig.unit}")
        print(f"结案率\t{result.closure_rate or '—'}")
        print(f"整改率\t{result.rectification_rate or '—'}")
        print(f"收缴违纪款\t{stats.wan_yuan(result.amount_fen)}万元")
        return 0
    finally:
        store.close()


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    st = sub.add_parser("stats", parents=[common], help="统计汇总")
    st.add_argument(
        "--from", dest="start", type=date_arg, required=True, help="开始日期 YYYY-MM-DD"
    )
    st.add_argument("--to", dest="end", type=date_arg, required=True, help="结束日期 YYYY-MM-DD")
    st.add_argument("--unit", help="只统计某单位（名称或编号）")
    st.add_argument("--json", action="store_true", help="以 JSON 输出")
    st.set_defaults(func=cmd_stats)
