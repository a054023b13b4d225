"""The diagnostics bundle: one zip the clerk can send when something breaks on an office PC.

    qingfeng diagnostics --out 诊断信息.zip        (and 帮助 → 导出诊断信息… in the window)

It holds the program's and the machine's versions (Python, SQLite, Qt through the
self-test), the self-test's output, the `check` output, the store's shape (file sizes,
record counts per table, schema version), the settings without their values where
those could name people or hold secrets, and the last part of the log. It never holds
record content or reporter data: the store is read only for counts, through a read-only
connection, and the check lines name tables and counts, not values.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import platform
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from desktop import APP_NAME
from desktop import log as applog
from desktop.store import encryption
from desktop.store.errors import UserError
from desktop.version import version

DB_FILENAME = "qingfeng.sqlite3"
# Settings whose values are rules of the office, safe to send; every other setting is
# reported only as set or empty (names, phone numbers, the password hash).
SAFE_SETTING_PREFIXES = ("limit.", "doc_code.", "lock", "auto_lock", "idle", "backup")
SECRET_WORDS = ("password", "passphrase", "secret", "hash", "key", "token", "salt")

SelfTest = Callable[[], str]


# a store that cannot be read: SQLite's errors (either driver), or encrypted without a key
def _read_errors() -> tuple[type[Exception], ...]:
    """Read when raised: `encryption.Error` grows when the cipher loads."""
    return (*encryption.Error, UserError)


def summary(data_dir: Path, key: bytes | None = None) -> str:
    """Versions, platform and the data dir's shape, one fact a line."""
    lines = [
        f"程序：{APP_NAME} {version()}",
        f"生成时间：{dt.datetime.now().isoformat(timespec='seconds')}",
        f"Python：{platform.python_version()} ({platform.python_implementation()}, "
        f"{'打包程序' if getattr(sys, 'frozen', False) else '源代码运行'})",
        f"系统：{platform.platform()}；{platform.machine()}",
        f"SQLite：{sqlite3.sqlite_version}",
        f"数据目录：{data_dir}",
    ]
    for name in (DB_FILENAME, f"{DB_FILENAME}-wal", "attachments", "documents", "backups", "logs"):
        lines.append(f"  {name}：{_size(data_dir / name)}")
    lines += _store_shape(data_dir / DB_FILENAME, key)
    return "\n".join(lines) + "\n"


def _size(path: Path) -> str:
    if path.is_file():
        return f"{path.stat().st_size} 字节"
    if path.is_dir():
        files = [p for p in path.rglob("*") if p.is_file()]
        return f"{len(files)} 个文件，{sum(p.stat().st_size for p in files)} 字节"
    return "无"


def _read_only(path: Path, key: bytes | None) -> sqlite3.Connection:
    """Read-only; an encrypted store without its key: UserError (said, not read)."""
    if key is None and encryption.is_encrypted_file(path):
        raise UserError("数据文件已加密（未提供数据口令，未读取）")
    return encryption.connect(encryption.read_only_uri(path), key, uri=True)


def _store_shape(path: Path, key: bytes | None = None) -> list[str]:
    """Schema version and the number of rows of each table: counts only."""
    from desktop.store.schema import STORED_TABLES_SQL  # the report only, not the start

    if not path.is_file():
        return ["数据文件：不存在"]
    try:
        conn = _read_only(path, key)
        try:
            schema = conn.execute("PRAGMA user_version").fetchone()[0]
            lines = [f"数据版本（user_version）：{schema}"]
            tables = [r[0] for r in conn.execute(STORED_TABLES_SQL)]
            for table in tables:
                count = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                lines.append(f"  表 {table}：{count} 行")
            return lines
        finally:
            conn.close()
    except _read_errors() as exc:
        return [f"数据文件：无法读取（{exc}）"]


def settings(data_dir: Path, key: bytes | None = None) -> dict[str, str]:
    """Every setting's key; the value only for the office's rules (time limits, document
    codes, locking), otherwise whether it is set."""
    path = data_dir / DB_FILENAME
    if not path.is_file():
        return {}
    try:
        conn = _read_only(path, key)
        try:
            rows = conn.execute("SELECT key, value FROM settings ORDER BY key").fetchall()
        finally:
            conn.close()
    except _read_errors() as exc:
        return {"（无法读取）": str(exc)}
    shown: dict[str, str] = {}
    for name, value in rows:
        secret = any(word in name.lower() for word in SECRET_WORDS)
        if name.startswith(SAFE_SETTING_PREFIXES) and not secret:
            shown[name] = str(value)
        else:
            shown[name] = "（已设置）" if value not in (None, "") else "（空）"
    return shown


def check_output(data_dir: Path, key: bytes | None = None) -> str:
    """What `qingfeng check` prints (an encrypted store's needs its key)."""
    from desktop.store import check

    if key is None and encryption.is_encrypted_file(data_dir / DB_FILENAME):
        return "数据文件已加密：未提供数据口令，未检查。\n"
    try:
        report = check.run(data_dir, key=key)
    except Exception as exc:  # the bundle reports a failing check, it does not stop there
        return f"检查未能完成：{type(exc).__name__}: {exc}\n"
    lines = list(report.lines)
    lines += [f"✗ {p}" for p in report.problems]
    lines.append("检查通过：未发现问题。" if report.ok else f"发现 {len(report.problems)} 个问题")
    return "\n".join(lines) + "\n"


def self_test_in_child(timeout: float = 180) -> str:
    """`qingfeng self-test` in a child process (it needs Qt; this module does not), its
    output and exit status. The frozen Windows window has no console: its twin
    qingfeng-cli.exe runs the test."""
    if getattr(sys, "frozen", False):
        exe = Path(sys.executable)
        cli = exe.with_name(f"{exe.stem}-cli{exe.suffix}")
        command = [str(cli if cli.is_file() else exe), "self-test"]
    else:
        command = [sys.executable, "-m", "desktop", "self-test"]
    env = dict(os.environ, PYTHONUTF8="1")
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            timeout=timeout,
            env=env,
            cwd=Path(__file__).resolve().parent.parent,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"自检未能运行：{exc}\n"
    out = done.stdout.decode("utf-8", errors="replace")
    err = done.stderr.decode("utf-8", errors="replace")
    return f"{out}{err}\n（退出状态 {done.returncode}）\n"


def write(
    out: Path,
    data_dir: Path,
    *,
    self_test: SelfTest = self_test_in_child,
    key: bytes | None = None,
) -> list[str]:
    """Write the bundle to `out` (replaced only once complete); returns its member names.
    `key`: an encrypted store's key (without it its contents are not read). The output
    file is opened first: an unwritable folder fails at once, not after the self-test."""
    out = Path(out)
    part = out.with_name(out.name + ".part")
    try:
        with part.open("wb") as sink:
            names = _write_members(sink, data_dir, self_test, key)
        os.replace(part, out)
    finally:
        with contextlib.suppress(OSError):
            part.unlink()
    return names


def _write_members(
    sink: IO[bytes], data_dir: Path, self_test: SelfTest, key: bytes | None
) -> list[str]:
    members = {
        "summary.txt": summary(data_dir, key),
        "self-test.txt": self_test(),
        "check.txt": check_output(data_dir, key),
        "settings.json": json.dumps(settings(data_dir, key), ensure_ascii=False, indent=2) + "\n",
        "logs/qingfeng.log": applog.tail(data_dir),
    }
    crash = applog.log_dir(data_dir) / applog.CRASH_FILE
    if crash.is_file() and crash.stat().st_size:
        members["logs/crash.log"] = crash.read_bytes()[-100_000:].decode("utf-8", "replace")
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, applog.redact(text))
    return list(members)
