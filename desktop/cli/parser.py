"""The command line's parser and its main(): every group registers its subcommands here.

Errors the clerk can act on print one Chinese line to stderr and exit 1; anything
else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.argparse_zh import ChineseParser  # usage, titles and errors in Chinese
from desktop.cli import (
    backup,
    check,
    demo,
    diagnostics,
    encryption,
    ledgers,
    notices,
    search,
    stats,
    summary,
)
from desktop.cli.common import Command
from desktop.collector import tune_garbage_collection
from desktop.paths import PortableAction, data_dir_for  # --portable: data beside the executable
from desktop.store import DB_FILENAME, UserError
from desktop.store import encryption as store_encryption
from desktop.store.errors import StoreError, explain_sqlite_error
from desktop.version import version


def build_parser() -> argparse.ArgumentParser:
    common = ChineseParser(add_help=False)
    common.add_argument(
        "--data-dir",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="目录",
        help="数据目录（默认：用户数据目录）",
    )
    common.add_argument("--portable", action=PortableAction)
    parser = ChineseParser(
        prog="qingfeng",
        description="清风台账：不带参数启动窗口；带子命令时在命令行下运行。",
        parents=[common],
    )
    parser.add_argument(
        "-V",
        "--version",
        action="version",
        version=f"清风台账 {version()}",
        help="显示版本号并退出",
    )
    sub = parser.add_subparsers(dest="command", metavar="子命令")
    # the order of `qingfeng --help`
    demo.register(sub, common)  # seed-demo [--scale N]
    stats.register(sub, common)  # stats --from --to [--unit] [--json]
    check.register(sub, common)  # check
    notices.register(sub, common)  # print-notice KIND --record ID …, reprint --document ID
    search.register(sub, common)  # search TEXT [--limit N]
    check.register_self_test(sub, common)  # self-test
    ledgers.register(sub, common)  # export-ledger KIND --out F, import-ledger FILE --kind K
    summary.register(sub, common)  # summary --from/--to | --period P [--unit U] --out F
    backup.register(sub, common)  # backup --to DIR [--encrypt], restore FILE
    diagnostics.register(sub, common)  # diagnostics --out FILE.zip
    encryption.register(sub, common)  # encrypt, decrypt
    return parser


def main(argv: list[str] | None = None) -> int:
    tune_garbage_collection()  # as the window does (desktop.ui.app.run)
    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if not hasattr(args, "data_dir"):
        args.data_dir = None
    if getattr(args, "func", None) is None:
        parser.print_help()
        return 2
    if getattr(args, "scale", 1) < 1:
        parser.error("--scale 须为正整数")
    if args.command == "stats" and args.end < args.start:
        parser.error("--to 不能早于 --from")
    func: Command = args.func
    try:
        return func(args)
    except UserError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except store_encryption.Error as exc:
        store_file = data_dir_for(args) / DB_FILENAME  # name the file (read errors too)
        print(f"错误：{explain_sqlite_error(exc, store_file)}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"错误：{StoreError(f'文件操作失败：{exc}')}", file=sys.stderr)
        return 1
