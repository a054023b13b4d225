"""The program's log: D/logs/qingfeng.log, for the clerk's IT person when something breaks.

The windowed Windows build has no console, so without a file every warning and unhandled
error would be lost. `start()` is called once per process by desktop/__main__.py (the
window and every command): it adds a rotating file handler to the root logger (1 MB a
file, 5 files, files older than a week removed at start), installs sys.excepthook and
threading.excepthook (the traceback goes to the log, then to the previous hook) and
faulthandler (a hard crash's stack goes to logs/crash.log). No Qt here: the window puts
its error dialog on top of these hooks (desktop/ui/error_hook.py).

What is written: start, version, data dir, the command's name (never its arguments: they
can hold file names and record text), how long each command took, slow operations,
warnings and errors with tracebacks. Every line passes a filter that blanks the
passphrase given in QINGFENG_PASSPHRASE, should a message or traceback carry it. Record
content is not logged by the program; tracebacks name code and exception messages.
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

LOG_DIR = "logs"
LOG_FILE = "qingfeng.log"
CRASH_FILE = "crash.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 4  # qingfeng.log.1 … .4: at most 5 MB
KEEP_DAYS = 7
SLOW_SECONDS = 2.0  # an operation taking longer is logged as slow
PASSPHRASE_ENV = "QINGFENG_PASSPHRASE"
MASK = "******"
FORMAT = "%(asctime)s %(levelname)s [%(process)d %(threadName)s] %(name)s: %(message)s"

log = logging.getLogger("qingfeng")


def log_dir(data_dir: Path) -> Path:
    return Path(data_dir) / LOG_DIR


class SecretFilter(logging.Filter):
    """Blanks the given secrets wherever they appear in a formatted line (message,
    arguments and traceback), so that no passphrase reaches the file."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        text = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        exc_text = record.exc_text or ""
        if any(s in text or s in exc_text for s in self.secrets):
            for secret in self.secrets:
                text = text.replace(secret, MASK)
                exc_text = exc_text.replace(secret, MASK)
            record.msg, record.args = text, None
            record.exc_text = exc_text or None
        return True


@dataclass
class LogSession:
    """What `start` installed, to be undone by `stop` (tests; the process end needs none)."""

    path: Path
    handler: logging.Handler
    crash_file: IO[str] | None
    previous_excepthook: Callable[..., Any]
    previous_threading_hook: Callable[..., Any]
    previous_level: int

    def excepthook(
        self,
        kind: type[BaseException],
        value: BaseException,
        tb: TracebackType | None,
    ) -> None:
        """sys.excepthook: log with traceback, tell the window (if any), then the old hook."""
        if issubclass(kind, KeyboardInterrupt):
            self.previous_excepthook(kind, value, tb)
            return
        log.critical("unhandled error", exc_info=(kind, value, tb))
        self.previous_excepthook(kind, value, tb)

    def threading_hook(self, args: threading.ExceptHookArgs) -> None:
        name = args.thread.name if args.thread is not None else "?"
        if args.exc_value is not None:
            log.critical(
                "unhandled error in thread %s",
                name,
                exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
            )
        self.previous_threading_hook(args)

    def stop(self) -> None:
        """Remove the handler and put the previous hooks back."""
        root = logging.getLogger()
        root.removeHandler(self.handler)
        root.setLevel(self.previous_level)
        self.handler.close()
        if sys.excepthook == self.excepthook:
            sys.excepthook = self.previous_excepthook
        if threading.excepthook == self.threading_hook:
            threading.excepthook = self.previous_threading_hook
        if self.crash_file is not None:
            faulthandler.disable()
            self.crash_file.close()
            self.crash_file = None


class RotatingLog(logging.FileHandler):
    """The log file, renamed to .1 (and .1 to .2, …, `backups` kept) once it holds
    `max_bytes`: logging.handlers.RotatingFileHandler's rule, without importing
    logging.handlers (socket, pickle, queue: ~5 ms of every start)."""

    def __init__(self, path: Path, *, max_bytes: int, backups: int) -> None:
        super().__init__(path, encoding="utf-8")
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is not None and self.stream.tell() >= self.max_bytes:
                self.rotate()
        except OSError:
            self.handleError(record)
        super().emit(record)

    def rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None  # FileHandler reopens it
        name = self.baseFilename
        for number in range(self.backups - 1, 0, -1):
            if os.path.exists(f"{name}.{number}"):
                os.replace(f"{name}.{number}", f"{name}.{number + 1}")
        if self.backups > 0 and os.path.exists(name):
            os.replace(name, f"{name}.1")
        self.stream = self._open()


def redact(text: str) -> str:
    """`text` with the passphrase from the environment blanked."""
    secret = os.environ.get(PASSPHRASE_ENV, "")
    return text.replace(secret, MASK) if secret else text


def prune(folder: Path, *, now: float | None = None, keep_days: int = KEEP_DAYS) -> list[Path]:
    """Remove log files not written to for `keep_days` days; returns what went."""
    limit = (time.time() if now is None else now) - keep_days * 86400
    removed = []
    for path in folder.glob(f"{LOG_FILE}*"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < limit:
                path.unlink()
                removed.append(path)
    return removed


def start(
    data_dir: Path,
    *,
    command: str,
    version: str,
    create: bool = True,
) -> LogSession | None:
    """Log to `data_dir`/logs for the rest of the process; None when that folder cannot
    be made or written (a read-only stick): the program then runs without a log file.
    `create` False: do not make the data dir just for its log (a command that only reads
    a data dir that is not there)."""
    folder = log_dir(data_dir)
    try:
        if not create and not Path(data_dir).is_dir():
            return None
        folder.mkdir(parents=True, exist_ok=True)
        prune(folder)
        handler = RotatingLog(folder / LOG_FILE, max_bytes=MAX_BYTES, backups=BACKUP_COUNT)
        crash_file = open(folder / CRASH_FILE, "a", encoding="utf-8")  # noqa: SIM115
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(SecretFilter([os.environ.get(PASSPHRASE_ENV, "")]))
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    session = LogSession(
        path=folder / LOG_FILE,
        handler=handler,
        crash_file=crash_file,
        previous_excepthook=sys.excepthook,
        previous_threading_hook=threading.excepthook,
        previous_level=root.level,
    )
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    sys.excepthook = session.excepthook
    threading.excepthook = session.threading_hook
    faulthandler.enable(crash_file, all_threads=True)
    log.info(
        "start %s: version %s, Python %s, %s, data dir %s",
        command,
        version,
        sys.version.split()[0],
        system_name(),
        data_dir,
    )
    return session


def system_name() -> str:
    """The system, its release and machine, as `platform.platform()` begins, without the
    processor lookup it makes (on Linux a `uname -p` child process: 15-30 ms of every
    start) and, where os.uname exists, without importing `platform` (~2 ms)."""
    if hasattr(os, "uname"):
        posix = os.uname()
        return f"{posix.sysname}-{posix.release}-{posix.machine}"
    import platform  # Windows

    uname = platform.uname()
    return f"{uname.system}-{uname.release}-{uname.machine}"


@contextlib.contextmanager
def timed(operation: str, *, slow: float = SLOW_SECONDS) -> Iterator[None]:
    """Log how long `operation` took: INFO, or WARNING ("slow") past `slow` seconds."""
    began = time.perf_counter()
    try:
        yield
    finally:
        took = time.perf_counter() - began
        if took >= slow:
            log.warning("slow: %s took %.1f s", operation, took)
        else:
            log.info("%s took %.2f s", operation, took)


def tail(data_dir: Path, *, max_bytes: int = 200_000) -> str:
    """The last `max_bytes` of the log (with the previous file when the current one is
    short), for the diagnostics bundle."""
    folder = log_dir(data_dir)
    parts: list[bytes] = []
    budget = max_bytes
    for path in [folder / LOG_FILE, folder / f"{LOG_FILE}.1"]:
        if budget <= 0 or not path.is_file():
            continue
        data = path.read_bytes()[-budget:]
        parts.insert(0, data)
        budget -= len(data)
    return b"".join(parts).decode("utf-8", errors="replace")


def current_file() -> Path | None:
    """The log file this process writes, if `start` found a place for one."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, RotatingLog):
            path = Path(handler.baseFilename)
            if path.name == LOG_FILE:
                return path
    return None
