"""argparse in Chinese: usage line, section titles, -h/--help and the common errors.

argparse writes its own words ("usage:", "options", "show this help message and exit",
"the following arguments are required") in English; the clerk and the IT person read
Chinese. `ChineseParser` is the parser class of `qingfeng` and, through
add_subparsers (which takes the parent's class), of every subcommand.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

USAGE_PREFIX = "用法："
HELP_TEXT = "显示本帮助并退出"

# argparse's English error messages (Python 3.11-3.13) and their Chinese.
_ERRORS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"the following arguments are required: (.+)"), r"缺少必需的参数：\1"),
    (re.compile(r"unrecognized arguments: (.+)"), r"无法识别的参数：\1"),
    (re.compile(r"argument (.+?): expected one argument"), r"参数 \1 需要一个值"),
    (re.compile(r"argument (.+?): expected at least one argument"), r"参数 \1 至少需要一个值"),
    (
        re.compile(r"argument (.+?): invalid choice: (.+?) \(choose from (.+)\)"),
        r"参数 \1 的值 \2 无效（可选：\3）",
    ),
    (re.compile(r"argument (.+?): invalid int value: (.+)"), r"参数 \1 应为整数，而不是 \2"),
    (re.compile(r"argument (.+?): invalid float value: (.+)"), r"参数 \1 应为数字，而不是 \2"),
    (
        re.compile(r"argument (.+?): not allowed with argument (.+)"),
        r"参数 \1 不能与参数 \2 同时使用",
    ),
    (re.compile(r"argument (.+?): ignored explicit argument (.+)"), r"参数 \1 不接受值 \2"),
    (re.compile(r"ambiguous option: (.+?) could match (.+)"), r"选项 \1 不明确，可能是：\2"),
    (re.compile(r"argument (.+?): (.+)"), r"参数 \1：\2"),
]


def translate_error(message: str) -> str:
    for pattern, chinese in _ERRORS:
        if pattern.fullmatch(message):
            return pattern.sub(chinese, message)
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, USAGE_PREFIX if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words are Chinese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        add_help = kwargs.pop("add_help", True)
        parents = kwargs.pop("parents", [])
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        # Titled before the parents' options are copied in, so that theirs join these.
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", help=HELP_TEXT)
        for parent in parents:  # as argparse.ArgumentParser does with parents=
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{translate_error(message)}\n")
