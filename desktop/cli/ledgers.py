"""Headless ledger commands (registered by desktop.cli.parser):

    python -m desktop export-ledger KIND --out FILE.xlsx [--from D --to D] [--reveal] [--data-dir D]
    python -m desktop import-ledger FILE --kind KIND [--dry-run] [--rejected OUT.xlsx]
        [--skip-duplicates] [--reveal] [--data-dir D]

KIND: 问题线索, 谈话, 整改, 文书, 人员, 监督检查, 工作活动, 专项工作, 问责, 通报
(or the full ledger titles).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.common import date_arg, store_for
from desktop.store import UserError


def cmd_export_ledger(args: argparse.Namespace) -> int:
    from desktop.domain import ledger_io  # here, not at the top: openpyxl (start-up)

    spec = ledger_io.ledger(args.kind)
    if args.start and args.end and args.end < args.start:
        raise UserError("--to 不能早于 --from")
    store = store_for(args, create=False)
    try:
        count = ledger_io.export(
            store, spec.name, args.out, args.start, args.end, reveal=args.reveal
        )
    finally:
        store.close()
    masked = "" if args.reveal or spec.name != ledger_io.CLUES else "（举报人信息已隐去）"
    print(f"已导出{spec.title}：{count} 行{masked} → {args.out}")
    return 0


def cmd_import_ledger(args: argparse.Namespace) -> int:
    from desktop.domain import ledger_import  # here, not at the top: openpyxl (start-up)

    store = store_for(args, create=True)  # moving from Excel may start a new store
    try:
        plan = ledger_import.plan_import(store, args.file, args.kind)
        print(plan.summary())
        if args.rejected and plan.rejected:
            ledger_import.save_rejected(plan, args.rejected, reveal=args.reveal, store=store)
            masked = "" if args.reveal else "（举报人信息已隐去）"
            print(f"不能导入的行已另存为 {args.rejected}{masked}，修改后可再次导入")
        if args.dry_run:
            print("试导入（--dry-run）：未写入任何数据。")
            return 0
        counts = ledger_import.apply(store, plan, include_duplicates=not args.skip_duplicates)
    finally:
        store.close()
    print(ledger_import.result_text(counts))
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    ex = sub.add_parser("export-ledger", parents=[common], help="导出台账（Excel）")
    ex.add_argument(
        "kind",
        metavar="KIND",
        help="台账种类：问题线索、谈话、整改、文书、人员、监督检查、工作活动、专项工作、问责、通报",
    )
    ex.add_argument("--out", type=Path, required=True, help="输出 .xlsx 文件")
    ex.add_argument("--from", dest="start", type=date_arg, help="开始日期 YYYY-MM-DD")
    ex.add_argument("--to", dest="end", type=date_arg, help="结束日期 YYYY-MM-DD")
    ex.add_argument("--reveal", action="store_true", help="显示举报人姓名和联系方式（默认隐去）")
    ex.set_defaults(func=cmd_export_ledger)

    im = sub.add_parser("import-ledger", parents=[common], help="从 Excel 台账导入")
    im.add_argument("file", type=Path, metavar="FILE", help=".xlsx 文件")
    im.add_argument(
        "--kind",
        required=True,
        help="台账种类：问题线索、谈话、整改、文书、人员、监督检查、工作活动、专项工作、问责、通报",
    )
    im.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    im.add_argument("--rejected", type=Path, help="把不能导入的行另存为 .xlsx")
    im.add_argument(
        "--skip-duplicates",
        action="store_true",
        help="不导入疑似重复的行（默认导入；文书登记簿中已登记的文号始终不再导入）",
    )
    im.add_argument(
        "--include-duplicates",
        action="store_true",
        help="疑似重复的行也导入（现为默认，保留以兼容旧脚本）",
    )
    im.add_argument(
        "--reveal",
        action="store_true",
        help="另存的不能导入的行中显示举报人姓名和联系方式（记入审计日志）",
    )
    im.set_defaults(func=cmd_import_ledger)
