"""Where the clerk's data lives by default."""

from __future__ import annotations

from pathlib import Path


def default_data_dir() -> Path:
    """platformdirs' user data dir; `--data-dir` overrides it."""
    import platformdirs

    return Path(platformdirs.user_data_dir("qingfeng", appauthor=False))
