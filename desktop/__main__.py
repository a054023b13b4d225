"""Entry point: `python -m desktop` (and the `qingfeng` console script).

With no subcommand it opens the desk window; with a subcommand (or --help) it hands
the arguments to desktop.cli.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from desktop.paths import data_dir_for

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


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if any(a in ("-h", "--help") for a in args):
        return _cli(args)
    ns, rest = _gui_parser().parse_known_args(args)
    if rest:  # a subcommand (or an option only the CLI knows)
        return _cli(args)

    if not _has_display():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 2

    from desktop.ui import app  # imports Qt: only now that a display is known to exist

    return app.run(data_dir_for(ns))


def _cli(args: list[str]) -> int:
    from desktop import cli

    return cli.main(args)


if __name__ == "__main__":
    sys.exit(main())
