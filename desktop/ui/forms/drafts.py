"""Unsaved drafts of open forms, kept as JSON beside the store so a crash loses nothing.

<data_dir>/drafts/<table>-<id or new>.json holds {"table", "record_id", "values",
"children", "saved_at"}; it is written atomically and removed on save or discard.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

FOLDER = "drafts"


def folder(data_dir: Path) -> Path:
    return data_dir / FOLDER


def path_for(data_dir: Path, table: str, record_id: int | None) -> Path:
    return folder(data_dir) / f"{table}-{record_id if record_id is not None else 'new'}.json"


def write(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.stem, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(payload, out, ensure_ascii=False, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def pending(data_dir: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every readable draft, oldest first; unreadable files are skipped (left in place)."""
    found = []
    base = folder(data_dir)
    if not base.is_dir():
        return []
    for path in sorted(base.glob("*.json"), key=lambda p: p.stat().st_mtime):
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(payload, dict) and isinstance(payload.get("table"), str):
            found.append((path, payload))
    return found
