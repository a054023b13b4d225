"""`qingfeng print-notice KIND --record ID …` (preview or issue) and `reprint --document ID`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.common import date_arg, store_for, write_pdf
from desktop.domain.notice_kinds import ALL_KINDS, SOURCE_TABLE
from desktop.store import UserError, records
from desktop.store.kinds import KINDS


def cmd_print_notice(args: argparse.Namespace) -> int:
    from desktop.domain import notices  # here, not at the top: it loads reportlab (start-up)

    if args.kind not in ALL_KINDS:
        raise UserError(f"不支持的文书种类“{args.kind}”，可选：{'、'.join(ALL_KINDS)}")
    if args.correction and not args.issue:
        raise UserError(
            "--correction 会分配新文号并登记发文，须与 --issue 同用；只看文书请去掉 --correction"
        )
    store = store_for(args, create=False)
    try:
        today = args.date or store.today()
        if args.issue:
            doc = notices.issue(
                store,
                args.kind,
                args.record,
                today,
                correction=args.correction,
                person=args.person,
            )
            write_pdf(args.out, notices.reprint(store, int(doc["id"])))
            print(f"已制发{args.kind}：{doc['number']}（登记编号 {doc['id']}）→ {args.out}")
        else:
            pdf, blockers = notices.preview_with_notes(
                store, args.kind, args.record, today, person=args.person
            )
            write_pdf(args.out, pdf)
            print(f"已生成{args.kind}预览稿（未分配文号）→ {args.out}")
            if blockers:
                print(f"尚不能制发：{'；'.join(blockers)}")
        return 0
    finally:
        store.close()


def cmd_reprint(args: argparse.Namespace) -> int:
    from desktop.domain import notices  # here, not at the top: it loads reportlab (start-up)

    store = store_for(args, create=False)
    try:
        data = notices.reprint(store, args.document)
        row = records.get(store, "documents", args.document)
        write_pdf(args.out, data)
        print(f"已重印{row['kind']}：{row['number']} → {args.out}")
        return 0
    finally:
        store.close()


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    pn = sub.add_parser("print-notice", parents=[common], help="打印文书（预览或制发登记）")
    pn.add_argument("kind", metavar="KIND", help=f"文书种类：{'、'.join(ALL_KINDS)}")
    sources = "；".join(
        f"{'、'.join(k for k in ALL_KINDS if SOURCE_TABLE[k] == table)}为{KINDS[table].label}"
        for table in dict.fromkeys(SOURCE_TABLE[k] for k in ALL_KINDS)
    )
    pn.add_argument("--record", type=int, required=True, help=f"来源记录编号（{sources}的编号）")
    pn.add_argument(
        "--person",
        type=int,
        help="提醒函发给个人时：该线索被反映人的人员编号（--record 为线索编号）",
    )
    pn.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
    pn.add_argument("--issue", action="store_true", help="制发：分配文号并登记（默认只出预览稿）")
    pn.add_argument(
        "--correction",
        action="store_true",
        help="更正（与 --issue 同用）：以新文号重新制发，原文书登记不变",
    )
    pn.add_argument(
        "--date", type=date_arg, help="成文日期 YYYY-MM-DD（默认今天；通报的成文日期为其通报日期）"
    )
    pn.set_defaults(func=cmd_print_notice)

    rp = sub.add_parser("reprint", parents=[common], help="按存档原样重印已制发的文书")
    rp.add_argument("--document", type=int, required=True, help="文书登记编号")
    rp.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
    rp.set_defaults(func=cmd_reprint)
