"""What every command group shares: dates, the store (with its passphrase), output files.

The passphrase of an encrypted store comes from QINGFENG_PASSPHRASE, or is asked for
when a terminal is attached; without either, the command stops with one Chinese line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from desktop.paths import data_dir_for
from desktop.store import DB_FILENAME, Store, UserError, encryption

Command = Callable[[argparse.Namespace], int]
PASSPHRASE_ENV = encryption.PASSPHRASE_ENV


def date_arg(text: str) -> dt.date:
    """argparse type for YYYY-MM-DD, with the message in Chinese."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”格式不正确，应为 YYYY-MM-DD") from None


def ask_passphrase(prompt: str, *, confirm: bool, word: str = "口令") -> str:
    """QINGFENG_PASSPHRASE, else asked on the terminal (twice with `confirm`)."""
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        raise UserError(f"需要{word}：请设置环境变量 {PASSPHRASE_ENV}，或在终端中运行以输入{word}")
    value = getpass.getpass(f"{prompt}：")
    if not value:
        raise UserError(f"{prompt}：不能为空")
    if confirm and getpass.getpass(f"再次输入{prompt}：") != value:
        raise UserError(f"{prompt}：两次输入不一致")
    return value


def store_key(data_dir: Path) -> bytes | None:
    """None for a plain store; for an encrypted one the key its passphrase unlocks."""
    path = data_dir / DB_FILENAME
    if not encryption.is_encrypted_file(path):
        return None
    if not encryption.available():
        raise UserError(encryption.UNAVAILABLE)
    return encryption.unlock(path, ask_passphrase("数据口令", confirm=False))


def open_store(data_dir: Path, *, create: bool = True) -> Store:
    """The store in `data_dir`, asking its passphrase when it is encrypted."""
    return Store.open(data_dir, create=create, key=store_key(data_dir))


def store_for(args: argparse.Namespace, *, create: bool) -> Store:
    """The store of the command's --data-dir (or the default data dir)."""
    return open_store(data_dir_for(args), create=create)


def unit_id(store: Store, text: str) -> int:
    """--unit given as a unit's name or number."""
    if text.isdigit():
        row = store.scalar("SELECT id FROM units WHERE id = ?", [int(text)])
    else:
        row = store.scalar("SELECT id FROM units WHERE name = ?", [text])
    if row is None:
        raise UserError(f"单位“{text}”不存在")
    return int(row)


def campaign_id(store: Store, text: str) -> int:
    """--campaign given as a campaign's (专项工作) name or number."""
    if text.isdigit():
        row = store.scalar("SELECT id FROM campaigns WHERE id = ?", [int(text)])
        if row is not None:
            return int(row)
    rows = store.query("SELECT id FROM campaigns WHERE name = ? ORDER BY id", [text])
    if len(rows) > 1:
        numbers = "、".join(str(r["id"]) for r in rows)
        raise UserError(f"专项工作“{text}”有{len(rows)}项同名（编号 {numbers}），请用编号指定")
    if not rows:
        raise UserError(f"专项工作“{text}”不存在")
    return int(rows[0]["id"])


def theme_arg(store: Store, text: str) -> str:
    """--theme: one of the campaign themes (专项工作主题) the store knows."""
    from desktop.queries.figures import theme_choices

    themes = theme_choices(store)
    if text not in themes:
        raise UserError(f"主题“{text}”不是专项工作主题，可选：{'、'.join(themes)}")
    return text


def write_pdf(path: Path, data: bytes) -> None:
    try:
        path.expanduser().write_bytes(data)
    except OSError as exc:
        raise UserError(f"无法写入文件“{path}”：{exc.strerror or exc}") from exc
