"""The cheap checks of a data dir before its store is opened: a store emptied, lost beside
what shows there was one, or whose header cannot be read.

Apart from backup.py (which offers the recovery) because every start runs these and
nothing else of it: opening the store (`db.refuse_damaged`) and the window's check
before it (`desktop.ui.app.recover_if_damaged`) import this module alone, and the
backup module (zip, scrypt, manifests, ~4 ms) loads only once damage is found or a
backup is made. The whole-file check (`backup.integrity_problem`) runs after the
window's first paint.
"""

from __future__ import annotations

from pathlib import Path

from desktop.store import encryption
from desktop.store.errors import NewerSchemaError, StoreError, explain_sqlite_error
from desktop.store.fileversion import check_version
from desktop.store.names import ANCHOR_FILENAME, BACKUPS_DIR, DB_FILENAME, SUFFIX


def traces(data_dir: Path) -> list[str]:
    """What in `data_dir` shows that a store has lived there (Chinese, for messages)."""
    found: list[str] = []
    backups = data_dir / BACKUPS_DIR
    if backups.is_dir() and any(backups.glob(f"*{SUFFIX}")):
        found.append("自动备份")
    for name, label in (("attachments", "附件"), ("documents", "文书存档")):
        folder = data_dir / name
        if folder.is_dir() and any(p.is_file() for p in folder.rglob("*")):
            found.append(label)
    if (data_dir / ANCHOR_FILENAME).exists():
        found.append("操作日志锚定文件")
    return found


def damage_reason(data_dir: Path) -> str | None:
    """Why the data dir must not be taken for a first start, or None.

    An emptied store file, or a missing one where backups, stored files or the anchor
    show that there was a store, is damage: creating a new store there would hide the
    loss (and the day's automatic backup would then be one of an empty store).
    """
    path = data_dir / DB_FILENAME
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        found = traces(data_dir)
        if not found:
            return None
        return (
            f"数据文件不存在：{path}，但数据目录中还有{'、'.join(found)}，"
            "说明这里原来有数据，数据文件可能被删除或移走。"
        )
    except OSError as exc:
        return str(explain_sqlite_error(exc, path))
    if size == 0:
        return f"数据文件是空的（0 字节）：{path}。数据文件被清空或损坏。"
    return None


def cheap_problem(data_dir: Path) -> str | None:
    """`damage_reason`, then whether a plain store's header can be read (one page, not
    the whole file); NewerSchemaError passes through (not damage: a newer program's)."""
    data_dir = Path(data_dir)
    message = damage_reason(data_dir)
    if message is not None:
        return message
    path = data_dir / DB_FILENAME
    if path.exists() and not encryption.is_encrypted_file(path):
        try:
            check_version(path)  # the header alone: reads one page
        except NewerSchemaError:
            raise
        except StoreError as exc:
            return str(exc)
    return None
