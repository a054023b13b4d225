"""`qingfeng check` (the store's integrity, log chain, files, backups) and `self-test`."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from desktop.cli.common import store_key
from desktop.paths import data_dir_for
from desktop.store import DB_FILENAME, UserError, backup, check


def cmd_check(args: argparse.Namespace) -> int:
    data_dir = data_dir_for(args)
    path = data_dir / DB_FILENAME
    if not path.exists() and backup.damage_reason(data_dir) is None:
        raise UserError(f"数据目录中没有清风台账的数据文件：{path}")
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


def cmd_self_test(_args: argparse.Namespace) -> int:
    if sys.platform.startswith("linux") and not any(
        os.environ.get(n) for n in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no screen here: test the rest
    from desktop.ui import selftest  # Qt: only for this command (CLI start-up)

    return 1 if selftest.run() else 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    ck = sub.add_parser("check", parents=[common], help="检查数据完整性")
    ck.set_defaults(func=cmd_check)


def register_self_test(sub: Any, common: argparse.ArgumentParser) -> None:
    sub.add_parser(
        "self-test", parents=[common], help="自检：界面、字体、打印预览、打印组件和表单能否使用"
    ).set_defaults(func=cmd_self_test)
