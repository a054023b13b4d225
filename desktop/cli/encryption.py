"""The encrypt / decrypt commands (the passphrase itself: common.ask_passphrase).

python -m desktop encrypt [--data-dir D]     加密数据文件、附件和文书存档
python -m desktop decrypt [--data-dir D]     解除加密
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop.cli.common import PASSPHRASE_ENV, ask_passphrase
from desktop.paths import data_dir_for
from desktop.store import DB_FILENAME, UserError, conversion, encryption, lock


def _report(result: conversion.Conversion, data_dir: Path) -> None:
    state = "已加密" if result.encrypted else "已解除加密"
    print(
        f"{state}：{data_dir / DB_FILENAME}（{result.records} 条数据，"
        f"{result.files} 个附件和文书存档文件，已校验）"
    )
    if result.backups:
        print(f"  数据目录中的 {result.backups} 份旧自动备份已用同一口令加密")
    if result.leftovers:
        print("  注意：以下旧副本仍为明文，确认不再需要后请删除：", file=sys.stderr)
        for item in result.leftovers:
            print(f"    {item}", file=sys.stderr)


def cmd_encrypt(args: argparse.Namespace) -> int:
    data_dir = data_dir_for(args)
    if not encryption.available():
        raise UserError(encryption.UNAVAILABLE)
    if not (data_dir / DB_FILENAME).is_file():
        raise UserError(f"数据目录中没有清风台账的数据文件：{data_dir / DB_FILENAME}")
    if encryption.is_encrypted_file(data_dir / DB_FILENAME):
        raise UserError(f"数据文件已经加密，无需再次加密（{data_dir / DB_FILENAME}）")
    passphrase = ask_passphrase("数据口令", confirm=True)
    encryption.check_passphrase(passphrase)
    with lock.acquire(data_dir):  # nobody else may have the store open while it changes
        result = conversion.encrypt_store(data_dir, passphrase)
    _report(result, data_dir)
    print("请牢记口令：忘记口令将无法打开数据，也无法从加密后的备份恢复。")
    return 0


def cmd_decrypt(args: argparse.Namespace) -> int:
    data_dir = data_dir_for(args)
    if not encryption.is_encrypted_file(data_dir / DB_FILENAME):
        raise UserError(f"数据文件未加密，无需解密（{data_dir / DB_FILENAME}）")
    if not encryption.available():
        raise UserError(encryption.UNAVAILABLE)
    passphrase = ask_passphrase("数据口令", confirm=False)
    with lock.acquire(data_dir):
        result = conversion.decrypt_store(data_dir, passphrase)
    _report(result, data_dir)
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    en = sub.add_parser(
        "encrypt",
        parents=[common],
        help=f"加密数据文件、附件和文书存档（口令取自 {PASSPHRASE_ENV} 或输入两次）",
    )
    en.set_defaults(func=cmd_encrypt)
    de = sub.add_parser("decrypt", parents=[common], help="解除数据加密（需要口令）")
    de.set_defaults(func=cmd_decrypt)
