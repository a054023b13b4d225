"""Headless commands: the same core as the window, without one.

    python -m desktop seed-demo --data-dir D [--scale N]
    python -m desktop stats --data-dir D --from 2026-01-01 --to 2026-12-31 [--unit U] [--json]
    python -m desktop check --data-dir D
    python -m desktop print-notice KIND --record ID [--person ID] --out FILE.pdf [--issue]
        [--correction] [--date YYYY-MM-DD] [--data-dir D]
    python -m desktop reprint --document ID --out FILE.pdf [--data-dir D]

Errors the clerk can act on print one Chinese line to stderr and exit 1; anything
else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path

from desktop.paths import data_dir_for
from desktop.store import DB_FILENAME, Store, UserError, encryption
from desktop.store.errors import StoreError

Command = Callable[[argparse.Namespace], int]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”格式不正确，应为 YYYY-MM-DD") from None


def _open(args: argparse.Namespace, *, create: bool = True) -> Store:
    from desktop.encryption_commands import open_store

    return open_store(data_dir_for(args), create=create)


# -- seed-demo ---------------------------------------------------------------------


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from desktop.domain import demo

    store = _open(args)
    try:
        last = [0.0]

        def progress(done: int, total: int) -> None:
            share = done / total if total else 1.0
            if share - last[0] >= 0.1 or done == total:
                last[0] = share
                print(f"  写入演示数据 {share:.0%}", file=sys.stderr)

        counts = demo.seed(store, scale=args.scale, progress=progress)
    finally:
        store.close()
    total = sum(counts.values())
    print(f"已写入演示数据：共 {total} 条记录（{store.path}）")
    for table, count in counts.items():
        print(f"  {table}\t{count}")
    return 0


# -- stats -------------------------------------------------------------------------


def cmd_stats(args: argparse.Namespace) -> int:
    from desktop.domain import stats

    store = _open(args, create=False)
    try:
        unit_id = _unit_id(store, args.unit) if args.unit else None
        result = stats.compute(store, args.start, args.end, unit_id=unit_id)
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


def _unit_id(store: Store, text: str) -> int:
    if text.isdigit():
        row = store.scalar("SELECT id FROM units WHERE id = ?", [int(text)])
    else:
        row = store.scalar("SELECT id FROM units WHERE name = ?", [text])
    if row is None:
        raise UserError(f"单位“{text}”不存在")
    return int(row)


# -- check -------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    from desktop.store import check
    from desktop.store.db import damage_reason

    data_dir = data_dir_for(args)
    path = data_dir / DB_FILENAME
    if not path.exists() and damage_reason(data_dir) is None:
        raise UserError(f"数据目录中没有清风台账的数据文件：{path}")
    from desktop.encryption_commands import store_key

    report = check.run(data_dir, key=store_key(data_dir))
    for line in report.lines:
        print(line)
    if report.problems:
        print(f"发现 {len(report.problems)} 个问题：", file=sys.stderr)
        for problem in report.problems:
            print(f"  ✗ {problem}", file=sys.stderr)
        return 1
    print("检查通过：未发现问题。")
    return 0


# -- search ------------------------------------------------------------------------


def cmd_search(args: argparse.Namespace) -> int:
    """The window's 查找 (Ctrl+K) on the command line: matches grouped by kind."""
    from desktop.domain import search

    text = " ".join(args.text).strip()
    if not text:
        raise UserError("请输入要查找的内容（姓名、拼音或首字母、标题、编号）")
    store = _open(args, create=False)
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


# -- print-notice / reprint ---------------------------------------------------------


def _write_pdf(path: Path, data: bytes) -> None:
    try:
        path.expanduser().write_bytes(data)
    except OSError as exc:
        raise UserError(f"无法写入文件“{path}”：{exc.strerror or exc}") from exc


def cmd_print_notice(args: argparse.Namespace) -> int:
    from desktop.domain import notices

    if args.kind not in notices.ALL_KINDS:
        raise UserError(f"不支持的文书种类“{args.kind}”，可选：{'、'.join(notices.ALL_KINDS)}")
    if args.correction and not args.issue:
        raise UserError(
            "--correction 会分配新文号并登记发文，须与 --issue 同用；只看文书请去掉 --correction"
        )
    store = _open(args, create=False)
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
            _write_pdf(args.out, notices.reprint(store, int(doc["id"])))
            print(f"已制发{args.kind}：{doc['number']}（登记编号 {doc['id']}）→ {args.out}")
        else:
            pdf, blockers = notices.preview_with_notes(
                store, args.kind, args.record, today, person=args.person
            )
            _write_pdf(args.out, pdf)
            print(f"已生成{args.kind}预览稿（未分配文号）→ {args.out}")
            if blockers:
                print(f"尚不能制发：{'；'.join(blockers)}")
        return 0
    finally:
        store.close()


def cmd_reprint(args: argparse.Namespace) -> int:
    from desktop.domain import notices
    from desktop.store import records

    store = _open(args, create=False)
    try:
        data = notices.reprint(store, args.document)
        row = records.get(store, "documents", args.document)
        _write_pdf(args.out, data)
        print(f"已重印{row['kind']}：{row['number']} → {args.out}")
        return 0
    finally:
        store.close()


def cmd_self_test(_args: argparse.Namespace) -> int:
    import os

    if sys.platform.startswith("linux") and not any(
        os.environ.get(n) for n in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no screen here: test the rest
    from desktop.ui import selftest  # Qt: only for this command

    return 1 if selftest.run() else 0


# -- wiring ------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    from desktop.argparse_zh import ChineseParser  # usage, titles and errors in Chinese
    from desktop.version import version

    common = ChineseParser(add_help=False)
    common.add_argument(
        "--data-dir",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="目录",
        help="数据目录（默认：用户数据目录）",
    )
    from desktop.paths import PortableAction  # --portable: data beside the executable

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

    seed = sub.add_parser("seed-demo", parents=[common], help="写入一个演示单位的数据")
    seed.add_argument("--scale", type=int, default=1, help="数据量倍数（用于性能测试）")
    seed.set_defaults(func=cmd_seed_demo)

    st = sub.add_parser("stats", parents=[common], help="统计汇总")
    st.add_argument("--from", dest="start", type=_date, required=True, help="开始日期 YYYY-MM-DD")
    st.add_argument("--to", dest="end", type=_date, required=True, help="结束日期 YYYY-MM-DD")
    st.add_argument("--unit", help="只统计某单位（名称或编号）")
    st.add_argument("--json", action="store_true", help="以 JSON 输出")
    st.set_defaults(func=cmd_stats)

    ck = sub.add_parser("check", parents=[common], help="检查数据完整性")
    ck.set_defaults(func=cmd_check)

    pn = sub.add_parser("print-notice", parents=[common], help="打印文书（预览或制发登记）")
    pn.add_argument(
        "kind", metavar="KIND", help="文书种类，如 整改通知书、督办函、谈话记录、廉政档案"
    )
    pn.add_argument("--record", type=int, required=True, help="来源记录编号")
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
    pn.add_argument("--date", type=_date, help="成文日期 YYYY-MM-DD（默认今天）")
    pn.set_defaults(func=cmd_print_notice)

    rp = sub.add_parser("reprint", parents=[common], help="按存档原样重印已制发的文书")
    rp.add_argument("--document", type=int, required=True, help="文书登记编号")
    rp.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
    rp.set_defaults(func=cmd_reprint)

    se = sub.add_parser("search", parents=[common], help="查找人员、单位和各类记录（可用拼音）")
    se.add_argument("text", nargs="+", help="姓名或其中的字、全拼或首字母（如 zf）、标题、编号")
    se.add_argument("--limit", type=int, default=20, help="每类最多列出的条数（默认 20）")
    se.set_defaults(func=cmd_search)

    sub.add_parser(
        "self-test", parents=[common], help="自检：界面、字体、打印预览、打印组件和表单能否使用"
    ).set_defaults(func=cmd_self_test)

    from desktop import ledger_commands  # export-ledger KIND --out F, import-ledger FILE --kind K

    ledger_commands.register(sub, common)

    from desktop import summary_commands  # summary --from/--to | --period P [--unit U] --out F

    summary_commands.register(sub, common)

    from desktop import backup_commands  # backup --to DIR [--encrypt], restore FILE

    backup_commands.register(sub, common)

    from desktop import diagnostics_commands  # diagnostics --out FILE.zip

    diagnostics_commands.register(sub, common)

    from desktop import encryption_commands  # encrypt, decrypt

    encryption_commands.register(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
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
    except encryption.Error as exc:
        from desktop.store.db import explain_sqlite_error

        store_file = data_dir_for(args) / DB_FILENAME  # name the file (read errors too)
        print(f"错误：{explain_sqlite_error(exc, store_file)}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"错误：{StoreError(f'文件操作失败：{exc}')}", file=sys.stderr)
        return 1
