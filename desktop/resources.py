"""The one place that finds bundled resources, from source and from a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def root() -> Path:
    """Directory that holds resources/ and forms/.

    In a PyInstaller bundle the data files sit under sys._MEIPASS; from source they
    sit beside the desktop package.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def resource(*parts: str) -> Path:
    """Path of a file under resources/, e.g. resource("dictionaries", "talk_kind.json")."""
    return root().joinpath("resources", *parts)


def form(name: str) -> Path:
    """Path of a Qt Designer file under forms/."""
    return root().joinpath("forms", name)
