"""`qingfeng stats --from D --to D [--unit U] [--campaign C] [--theme T] [--json]`: the
figures of a period."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from desktop.cli.common import campaign_id, date_arg, store_for, theme_arg, unit_id

if TYPE_CHECKING:
    from desktop.store import Store


def cmd_stats(args: argparse.Namespace) -> int:
    from desktop.domain import stats  # here, not at the top: only this command needs it

    store = store_for(args, create=False)
    try:
        result = stats.compute(store, args.start, args.end, **chosen_scope(store, args))
        if args.json:
            data = result.to_dict()
            data["paragraph"] = stats.summary_paragraph(result)
            print(json.dumps(data, ensure_ascii=False, indent=2))
            return 0
        print(stats.summary_paragraph(result))
        print()
        print(f"统计范围\t{stats.filter_label(result)}")
        for fig in result.figures.values():
            print(f"{fig.label}\t{fig.value}{fig.unit}")
        print(f"结案率\t{result.closure_rate or '—'}")
        print(f"整改率\t{result.rectification_rate or '—'}")
        print(f"收缴违纪款\t{stats.wan_yuan(result.amount_fen)}万元")
        return 0
    finally:
        store.close()


def chosen_scope(store: Store, args: argparse.Namespace) -> dict[str, Any]:
    """--unit, --campaign and --theme as stats.compute's keywords (None when not given)."""
    return {
        "unit_id": unit_id(store, args.unit) if args.unit else None,
        "campaign_id": campaign_id(store, args.campaign) if args.campaign else None,
        "theme": theme_arg(store, args.theme) if args.theme else None,
    }


def add_scope_options(parser: argparse.ArgumentParser) -> None:
    """The filters `stats` and `summary` share (docs/statistics.md §筛选)."""
    parser.add_argument("--unit", help="只统计某单位（名称或编号）")
    parser.add_argument("--campaign", help="只统计某项专项工作（名称或编号）")
    parser.add_argument("--theme", help="只统计某一主题的专项工作，如 节日期间、营商环境")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    st = sub.add_parser("stats", parents=[common], help="统计汇总")
    st.add_argument(
        "--from", dest="start", type=date_arg, required=True, help="开始日期 YYYY-MM-DD"
    )
    st.add_argument("--to", dest="end", type=date_arg, required=True, help="结束日期 YYYY-MM-DD")
    add_scope_options(st)
    st.add_argument("--json", action="store_true", help="以 JSON 输出")
    st.set_defaults(func=cmd_stats)
