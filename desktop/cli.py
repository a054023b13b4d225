"""Command-line interface (placeholder: the CLI engineer replaces this body)."""

from __future__ import annotations

import argparse
from pathlib import Path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="qingfeng", description="清风台账 命令行")
    parser.add_argument("--data-dir", type=Path, default=None, help="数据目录")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    seed = sub.add_parser("seed-demo", help="写入演示数据")
    seed.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help="数据目录")
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    parser.error(f"{args.command}: 尚未实现")
    return 2
