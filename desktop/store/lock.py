"""One instance per data dir: an exclusive lock on a file in it, held while the app runs.

POSIX uses flock (released by the kernel when the process dies, even by SIGKILL);
Windows uses msvcrt.locking on the first byte. The file stays; only the lock matters.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from types import TracebackType

from desktop.store.errors import StoreError

LOCK_FILENAME = ".qingfeng.lock"

IN_USE = (
    "该数据目录正在被另一个清风台账窗口（或命令）使用：{path}。"
    "同一份数据不能同时打开两次，请切换到已打开的窗口，或关闭它后再试。"
)


class Lock:
    """Held until `release()` (or the end of a `with` block, or the process)."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)

    def __enter__(self) -> Lock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def acquire(data_dir: Path | str) -> Lock:
    """Take the data dir's lock or raise StoreError saying the store is in use."""
    data_dir = Path(data_dir)
    path = data_dir / LOCK_FILENAME
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        try:  # a read-only data dir can still be locked through an existing file
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            from desktop.store.db import explain_sqlite_error

            raise explain_sqlite_error(exc, data_dir) from exc
    try:
        _lock(fd)
    except OSError:
        os.close(fd)
        raise StoreError(IN_USE.format(path=data_dir)) from None
    with contextlib.suppress(OSError):  # who holds it, for a curious administrator
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
    return Lock(path, fd)


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
