"""The program's version, from its one source: `version` in pyproject.toml.

Read cheaply wherever the program runs: in the PyInstaller bundle from the `VERSION`
file build.spec writes from pyproject.toml; in a source tree (the usual editable
install) from pyproject.toml itself; only otherwise (an installed wheel) from the
package metadata, whose import costs ~40 ms and so stays off the window's start path.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path

VERSION_FILE = "VERSION"  # beside resources/ in the bundle
UNKNOWN = "0.0.0+unknown"
_PROJECT_VERSION = re.compile(r'^\[project\][^\[]*?^version\s*=\s*"([^"]+)"', re.M | re.S)


def from_pyproject(text: str) -> str | None:
    """`version` of the [project] table of a pyproject.toml's text."""
    found = _PROJECT_VERSION.search(text)
    return found.group(1) if found else None


@cache
def version() -> str:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        try:
            return (Path(bundle) / VERSION_FILE).read_text(encoding="utf-8").strip()
        except OSError:
            return UNKNOWN
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    try:
        found = from_pyproject(pyproject.read_text(encoding="utf-8"))
    except OSError:
        found = None
    if found:
        return found
    from importlib import metadata

    try:
        return metadata.version("qingfeng")
    except metadata.PackageNotFoundError:
        return UNKNOWN
