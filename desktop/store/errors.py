"""Errors the clerk may see, kept apart from bugs.

Every subclass of UserError carries a message in Chinese that names what is
wrong; anything else reaching the top level is a bug and is reported as such.
"""

from __future__ import annotations

import errno
from pathlib import Path


class UserError(Exception):
    """Something the clerk can understand and act on; `str(e)` is the Chinese message."""


class ValidationError(UserError):
    """A field value the store refuses. Nothing was written."""

    def __init__(self, field: str, label: str, problem: str) -> None:
        self.field = field
        self.label = label
        self.problem = problem
        super().__init__(f"{label}：{problem}")


class NotFoundError(UserError):
    pass


class ReferencedError(UserError):
    """A delete refused because other records still point at the record."""


class StoreError(UserError):
    """The store file cannot be used: newer version, locked, read-only, disk full, damaged."""


class NewerSchemaError(StoreError):
    pass


class DamagedStoreError(StoreError):
    """The store file is emptied, unreadable or missing where a store lived: never
    replaced by a new empty one; the message names the newest good backup."""


def explain_sqlite_error(exc: BaseException, path: Path | None = None) -> StoreError:
    """Turn an sqlite3/OS failure into a Chinese message that names the file and what to do."""
    text = str(exc).lower()
    where = f"（{path}）" if path else ""
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "disk is full" in text:
        return StoreError(
            f"磁盘空间已满，无法保存{where}。请清理磁盘后重试，已保存的数据不受影响。"
        )
    if isinstance(exc, PermissionError) or "readonly" in text or "read-only" in text:
        return StoreError(f"数据目录为只读，无法写入{where}。请检查文件夹权限或更换数据目录。")
    if "locked" in text or "busy" in text:
        return StoreError(f"数据库正被其他程序占用{where}，请关闭其他程序后重试。")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError(
            f"数据库文件已损坏或不是清风台账的数据文件{where}。"
            "请不要继续使用它：运行“检查”（check 命令）查看详情，并从备份恢复。"
        )
    if "i/o error" in text or (isinstance(exc, OSError) and exc.errno == errno.EIO):
        return StoreError(
            f"读写数据文件时发生磁盘错误{where}：可能是磁盘或 U 盘故障、被拔出，"
            "或数据文件旁的 -wal 文件被删除或移动。请不要继续写入，关闭程序后运行"
            "“检查”（check 命令），必要时从备份恢复。"
        )
    if "unable to open" in text:
        return StoreError(f"无法打开数据库文件{where}，请检查路径和权限。")
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        return StoreError(f"数据目录不是文件夹{where}：同名的文件已存在，请换一个数据目录。")
    return StoreError(
        f"数据库操作失败{where}（SQLite：{exc}）。请运行“检查”（check 命令），必要时从备份恢复。"
    )
