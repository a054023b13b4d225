"""`qingfeng diagnostics --out FILE.zip`: the diagnostics bundle (desktop/diagnostics.py)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop import diagnostics
from desktop.cli.common import store_key
from desktop.paths import data_dir_for
from desktop.store.errors import UserError


def cmd_diagnostics(args: argparse.Namespace) -> int:
    out: Path = args.out.expanduser()
    if out.suffix.lower() != ".zip":
        raise UserError(f"诊断信息文件“{out}”应以 .zip 结尾")
    data_dir = data_dir_for(args)
    key = store_key(data_dir)  # an encrypted store: its passphrase, to check it
    try:
        names = diagnostics.write(out, data_dir, key=key)
    except OSError as exc:
        raise UserError(f"无法写入诊断信息文件“{out}”：{exc.strerror or exc}") from exc
    print(f"已导出诊断信息 → {out}")
    print(f"  内容：{'、'.join(names)}")
    print("  其中没有台账记录内容和举报人信息，可发给维护人员。")
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    dg = sub.add_parser(
        "diagnostics",
        parents=[common],
        help="导出诊断信息（版本、自检、检查结果、日志；不含记录内容）",
    )
    dg.add_argument("--out", type=Path, required=True, help="输出的 .zip 文件")
    dg.set_defaults(func=cmd_diagnostics)
