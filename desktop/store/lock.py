"""Locks on files in the data dir.

Two locks, each on its own file:

* the instance lock (`acquire`, ``.qingfeng.lock``): exclusive, one window per data
  dir; `restore` from the command line takes it too, so it never runs under a window;
* the store lock (`acquire_store`, ``.qingfeng-store.lock``): every open `Store`
  holds it shared (the window, every command, every API writer), while restoring a
  backup (and converting a store) holds it exclusive. A restore therefore waits for no
  writer and runs under none: it is refused while anything has the store open.

POSIX uses flock (released by the kernel when the process dies, even by SIGKILL);
Windows uses LockFileEx on the first byte (shared or exclusive). The files stay; only
the locks matter.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path
from types import TracebackType

from desktop.store.errors import StoreError, explain_sqlite_error

LOCK_FILENAME = ".qingfeng.lock"
STORE_LOCK_FILENAME = ".qingfeng-store.lock"
SHARED_WAIT_S = 10.0  # a writer waits this long for a restore in progress to finish

IN_USE = (
    "该数据目录正在被另一个清风台账窗口（或命令）使用：{path}。"
    "同一份数据不能同时打开两次，请切换到已打开的窗口，或关闭它后再试。"
)
BUSY_FOR_RESTORE = (
    "数据目录中的数据正在被其他窗口或命令使用（可能正在写入）：{path}。"
    "恢复需要独占数据，请先关闭其他清风台账窗口和命令，再恢复。当前数据未被改动。"
)
RESTORING = (
    "数据目录正在从备份恢复（或转换），暂时不能打开：{path}。"
    "请等恢复完成后再试；本次操作没有写入任何数据。"
)


class Lock:
    """Held until `release()` (or the end of a `with` block, or the process)."""

    def __init__(self, path: Path, fd: int, *, shared: bool = False) -> None:
        self.path = path
        self.shared = shared
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


def _open_lock_file(data_dir: Path, name: str) -> tuple[Path, int]:
    path = data_dir / name
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        try:  # a read-only data dir can still be locked through an existing file
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            raise explain_sqlite_error(exc, data_dir) from exc
    return path, fd


def acquire(data_dir: Path | str) -> Lock:
    """Take the data dir's instance lock or raise StoreError saying the store is in use."""
    data_dir = Path(data_dir)
    path, fd = _open_lock_file(data_dir, LOCK_FILENAME)
    try:
        _lock(fd, shared=False)
    except OSError:
        os.close(fd)
        raise StoreError(IN_USE.format(path=data_dir)) from None
    with contextlib.suppress(OSError):  # who holds it, for a curious administrator
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
    return Lock(path, fd)


def acquire_store(data_dir: Path | str, *, exclusive: bool = False) -> Lock:
    """The store lock: shared for everything that opens the store (waiting up to
    SHARED_WAIT_S for a restore to finish), exclusive (no waiting) for restore."""
    data_dir = Path(data_dir)
    path, fd = _open_lock_file(data_dir, STORE_LOCK_FILENAME)
    deadline = time.monotonic() + (0 if exclusive else SHARED_WAIT_S)
    while True:
        try:
            _lock(fd, shared=not exclusive)
            return Lock(path, fd, shared=not exclusive)
        except OSError:
            if time.monotonic() >= deadline:
                os.close(fd)
                message = BUSY_FOR_RESTORE if exclusive else RESTORING
                raise StoreError(message.format(path=data_dir)) from None
            time.sleep(0.05)


if sys.platform == "win32":
    import ctypes
    import msvcrt
    from ctypes import wintypes

    class _Overlapped(ctypes.Structure):
        _fields_ = [
            ("Internal", ctypes.c_void_p),
            ("InternalHigh", ctypes.c_void_p),
            ("Offset", wintypes.DWORD),
            ("OffsetHigh", wintypes.DWORD),
            ("hEvent", wintypes.HANDLE),
        ]

    _kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    _LOCKFILE_FAIL_IMMEDIATELY, _LOCKFILE_EXCLUSIVE_LOCK = 0x1, 0x2

    def _lock(fd: int, *, shared: bool) -> None:
        flags = _LOCKFILE_FAIL_IMMEDIATELY | (0 if shared else _LOCKFILE_EXCLUSIVE_LOCK)
        handle = wintypes.HANDLE(msvcrt.get_osfhandle(fd))
        if not _kernel32.LockFileEx(handle, flags, 0, 1, 0, ctypes.byref(_Overlapped())):
            raise OSError(ctypes.get_last_error(), "LockFileEx failed")

    def _unlock(fd: int) -> None:
        handle = wintypes.HANDLE(msvcrt.get_osfhandle(fd))
        if not _kernel32.UnlockFileEx(handle, 0, 1, 0, ctypes.byref(_Overlapped())):
            raise OSError(ctypes.get_last_error(), "UnlockFileEx failed")

else:
    import fcntl

    def _lock(fd: int, *, shared: bool) -> None:
        fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
