"""`qingfeng search TEXT [--limit N]`: the window's 查找 (Ctrl+K) on the command line."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.common import store_for
from desktop.store import UserError


def cmd_search(args: argparse.Namespace) -> int:
    """Matches grouped by kind."""
    from desktop.domain import search  # here, not at the top: only this command needs it

    text = " ".join(args.text).strip()
    if not text:
        raise UserError("请输入要查找的内容（姓名、拼音或首字母、标题、编号）")
    store = store_for(args, create=False)
    try:
        groups = search.search(store, text, limit=args.limit)
    finally:
        store.close()
    if not groups:
        print(f"没有找到与“{text}”相符的记录。")
        return 0
    for line in search.describe(groups):
        print(line)
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    se = sub.add_parser("search", parents=[common], help="查找人员、单位和各类记录（可用拼音）")
    se.add_argument("text", nargs="+", help="姓名或其中的字、全拼或首字母（如 zf）、标题、编号")
    se.add_argument("--limit", type=int, default=20, help="每类最多列出的条数（默认 20）")
    se.set_defaults(func=cmd_search)
