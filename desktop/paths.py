"""Where the clerk's data lives by default.

Normally that is platformdirs' per-user data directory. In portable mode (for a copy
of the program on a USB stick) it is the folder `data` beside the executable instead.
Portable mode is on when a marker file (`portable.txt` or `便携模式.txt`) sits beside
the executable, or when `--portable` is given. `--data-dir` overrides both.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

PORTABLE_MARKERS = ("portable.txt", "便携模式.txt")
PORTABLE_DATA = "data"


def app_dir() -> Path:
    """The folder the program runs from: the executable's folder in a PyInstaller
    bundle; the source tree's root (which holds desktop/) otherwise."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def portable_marker(base: Path | None = None) -> Path | None:
    """The marker file beside the executable that turns portable mode on, if any."""
    folder = app_dir() if base is None else base
    for name in PORTABLE_MARKERS:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def is_portable(base: Path | None = None, *, portable: bool = False) -> bool:
    """`portable` is the --portable flag; a marker file switches it on as well."""
    return portable or portable_marker(base) is not None


def portable_data_dir(base: Path | None = None) -> Path:
    return (app_dir() if base is None else base) / PORTABLE_DATA


def default_data_dir(base: Path | None = None, *, portable: bool = False) -> Path:
    """<exe dir>/data in portable mode, else platformdirs' user data dir.

    `base` stands for the executable's folder (tests pass one)."""
    if is_portable(base, portable=portable):
        return portable_data_dir(base)
    import platformdirs

    return Path(platformdirs.user_data_dir("qingfeng", appauthor=False))


def data_dir_for(args: argparse.Namespace) -> Path:
    """The data dir a command line asks for: --data-dir, else the default, portable when
    --portable was given (PortableAction) or a marker file sits beside the program."""
    given = getattr(args, "data_dir", None)
    if given:
        return Path(given).expanduser()
    return default_data_dir(portable=getattr(args, "portable", False))


class PortableAction(argparse.Action):
    """`--portable`: a flag that leaves no attribute when absent, so that a subcommand's
    parser (sharing the option through `parents`) cannot reset what the main parser
    saw, e.g. in `qingfeng --portable check`."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("help", "便携模式：数据保存在程序所在文件夹的 data 目录中")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        namespace.portable = True
