"""`qingfeng seed-demo [--scale N]`: the demo office (清河县纪委监委) in a data dir."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from desktop.cli.common import store_for


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from desktop import demo  # here, not at the top: only this command needs it

    store = store_for(args, create=True)
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


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    seed = sub.add_parser("seed-demo", parents=[common], help="写入一个演示单位的数据")
    seed.add_argument("--scale", type=int, default=1, help="数据量倍数（用于性能测试）")
    seed.set_defaults(func=cmd_seed_demo)
