"""Entry point: `python -m desktop` (and the `qingfeng` console script).

With no subcommand it opens the desk window; with a subcommand (or --help, --version) it
hands the arguments to desktop.cli. Either way the process logs to D/logs/ first
(desktop/log.py), except for --help, --version and self-test, which touch no data dir.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import re
import sys
from pathlib import Path

from desktop import log
from desktop.paths import data_dir_for
from desktop.version import version

NO_DISPLAY_MESSAGE = (
    "未检测到图形显示环境（DISPLAY 未设置）。"
    "无显示器的机器上可用：xvfb-run -a bash scripts/start.sh"
)


def _gui_parser() -> argparse.ArgumentParser:
    from desktop.paths import PortableAction  # --portable: data beside the executable

    parser = argparse.ArgumentParser(prog="qingfeng", add_help=False)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--portable", action=PortableAction)
    return parser


def _has_display() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"))


# Commands that write no log: they touch no data dir.
UNLOGGED = {"self-test"}
# Commands that may make the data dir (and so its logs/ folder); the others log only into
# a data dir that exists already.
CREATING = {"window", "seed-demo", "restore", "import-ledger"}


def command_name(rest: list[str]) -> str:
    """The subcommand, for the log: only a plain name, never a file name or other text."""
    for arg in rest:
        if not arg.startswith("-"):
            return arg if re.fullmatch(r"[a-z][a-z-]{0,30}", arg) else "?"
    return "window" if not rest else "?"


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if any(a in ("-h", "--help", "-V", "--version") for a in args):
        return _cli(args)
    ns, rest = _gui_parser().parse_known_args(args)
    if not rest:
        pause_garbage_collection()
    command = command_name(rest)
    session = None
    if command not in UNLOGGED:
        session = log.start(
            data_dir_for(ns), command=command, version=version(), create=command in CREATING
        )
    try:
        if session is None:
            return _cli(args) if rest else _window(ns)
        with log.timed(command):
            status = _cli(args) if rest else _window(ns)  # rest: a subcommand or CLI option
        log.log.info("%s ended with status %s", command, status)
        return status
    finally:
        if session is not None and argv is not None:
            session.stop()  # called from a test: leave the process as it was
        gc.enable()  # the window has ended (or never opened)


def pause_garbage_collection() -> None:
    """No cyclic garbage collection until the window's first paint: a start allocates
    some 500k objects that live on (modules, classes, Qt wrappers), and collecting
    among them as they come costs 8-10 ms of CPU (~5 % of the start). The window turns
    it back on once painted (desktop.ui.app.Session); the little garbage made until
    then is collected with the first collections after."""
    gc.disable()


# The Qt-free modules the window's first page needs (their imports follow). Imported
# before PySide6: its import hook reads the source of every module imported after it,
# looking for "PySide6" (~0.2 ms a module, ~100 of these at start). A name missing here
# costs only that; a name too many, its import.
WINDOW_CORE = (
    "desktop.store",
    "desktop.store.access",
    "desktop.queries.settings",
)


def preload_window_core() -> None:
    for name in WINDOW_CORE:
        importlib.import_module(name)


def _window(ns: argparse.Namespace) -> int:
    if not _has_display():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 2

    preload_window_core()
    from desktop.ui import app  # imports Qt: only now that a display is known to exist

    return app.run(data_dir_for(ns))


def _cli(args: list[str]) -> int:
    from desktop import cli

    return cli.main(args)


if __name__ == "__main__":
    sys.exit(main())
