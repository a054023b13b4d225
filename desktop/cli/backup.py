"""Headless backup commands (registered by desktop.cli.parser).

    python -m desktop backup [--data-dir D] --to DIR [--encrypt]
    python -m desktop restore FILE [--data-dir D]

The passphrase comes from QINGFENG_PASSPHRASE, or is asked for when a terminal is
attached; without either, an encrypted backup/restore stops with a clear message.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from desktop.cli.common import PASSPHRASE_ENV, ask_passphrase, open_store
from desktop.paths import data_dir_for
from desktop.store import backup, lock, restore


def _passphrase(*, confirm: bool) -> str:
    return ask_passphrase("备份密码", confirm=confirm, word="密码")


def cmd_backup(args: argparse.Namespace) -> int:
    store = open_store(data_dir_for(args), create=False)
    try:  # closed also when the passphrase is missing: it holds the shared store lock
        # an encrypted store's backups are always encrypted, with its own key and passphrase
        passphrase = _passphrase(confirm=True) if args.encrypt and store.key is None else None
        started = time.monotonic()
        result = backup.backup_to(store, args.to.expanduser(), passphrase=passphrase)
    finally:
        store.close()
    seconds = time.monotonic() - started
    kind = "加密备份" if result.encrypted else "备份"
    print(f"已完成{kind}并校验：{result.path}（{result.size / 2**20:.1f} MB，{seconds:.1f} 秒）")
    for line in backup.describe(result.manifest):
        print(f"  {line}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    data_dir = data_dir_for(args)
    file: Path = args.file.expanduser()
    passphrase = _passphrase(confirm=False) if backup.is_encrypted(file) else None
    with lock.acquire(data_dir):
        result = restore.restore(file, data_dir, passphrase)
    print(f"已从备份恢复：{file} → {data_dir}")
    for line in backup.describe(result.manifest):
        print(f"  {line}")
    if result.replaced is not None:
        print(f"原有数据已另存到：{result.replaced}（未删除）")
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    bk = sub.add_parser("backup", parents=[common], help="备份到指定文件夹（如 U 盘）")
    bk.add_argument("--to", type=Path, required=True, help="目标文件夹")
    bk.add_argument(
        "--encrypt", action="store_true", help=f"用密码加密（密码取自 {PASSPHRASE_ENV} 或提示输入）"
    )
    bk.set_defaults(func=cmd_backup)

    rs = sub.add_parser("restore", parents=[common], help="从备份文件恢复（原数据先另存，不删除）")
    rs.add_argument("file", metavar="FILE", type=Path, help="备份文件（.qfbak）")
    rs.set_defaults(func=cmd_restore)
