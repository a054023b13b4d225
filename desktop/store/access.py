"""The optional password that opens the application, and the idle auto-lock setting.

Kept in the store's own settings table (key ``security.password``), not in a file
beside it: one source of truth that travels with the data — a backup restored on
another machine asks the password it was made with, and copying the store file alone
cannot drop it. Only a scrypt hash is kept (hashlib, memory-hard; salt and parameters
recorded in the value, so they can be raised later without breaking old hashes). The
audit trail records that the password was set, changed or removed, never the hash.

This is a gate against a passer-by at an unlocked desk, not encryption: whoever can
read the file can read the data. Backups to a USB stick have their own passphrase.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from desktop.store.crypto import scrypt
from desktop.store.errors import UserError
from desktop.store.names import PASSWORD_KEY

if TYPE_CHECKING:
    from desktop.store.db import Store

LOCK_KEY = "security.lock_minutes"
SCHEME = "scrypt"
LOG_N, R, P = 15, 8, 1  # 32 MiB, about 0.1 s: a guess costs the same memory every time
MIN_LENGTH = 6
DEFAULT_LOCK_MINUTES = 10
MAX_LOCK_MINUTES = 240


class PasswordError(UserError):
    """Wrong current password, or a new one that is too short or not repeated alike."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    """``scrypt$log2N$r$p$salt$hash`` (base64), a fresh random salt each time."""
    import secrets  # where used: OpenSSL stays off the window's start (see crypto.py)

    salt = secrets.token_bytes(16)
    digest = scrypt(password, salt, LOG_N, R, P)
    return f"{SCHEME}${LOG_N}${R}${P}${_b64(salt)}${_b64(digest)}"


def check_hash(password: str, stored: str) -> bool:
    try:
        scheme, log_n, r, p, salt, digest = stored.split("$")
        if scheme != SCHEME:
            return False
        expected = base64.b64decode(digest)
        got = scrypt(password, base64.b64decode(salt), int(log_n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    import hmac  # where used: OpenSSL stays off the window's start (see crypto.py)

    return hmac.compare_digest(got, expected)


def has_password(store: Store) -> bool:
    return bool(store.setting(PASSWORD_KEY))


def verify(store: Store, password: str) -> bool:
    """True when no password is set, or `password` is it."""
    stored = store.setting(PASSWORD_KEY)
    return not stored or check_hash(password, stored)


def check_new(password: str, repeated: str) -> None:
    if len(password) < MIN_LENGTH:
        raise PasswordError(f"新密码：至少 {MIN_LENGTH} 位")
    if password != repeated:
        raise PasswordError("确认新密码：两次输入的新密码不一致")


def strength(password: str) -> str:
    """A short Chinese hint for the clerk while typing (not a rule)."""
    if not password:
        return ""
    kinds = sum(
        (
            any(c.isdigit() for c in password),
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(not c.isascii() or not c.isalnum() for c in password),
        )
    )
    if len(password) < MIN_LENGTH:
        return f"太短（至少 {MIN_LENGTH} 位）"
    if len(password) >= 12 and kinds >= 3:
        return "强"
    if len(password) >= 8 and kinds >= 2:
        return "中"
    return "弱：建议 8 位以上，混合数字、字母和符号"


def _write(store: Store, value: str | None, what: str) -> None:
    from desktop.store import audit  # a write's: the window's start (the lock) loads no audit

    with store.transaction():
        if value is None:
            store.db.execute("DELETE FROM settings WHERE key = ?", [PASSWORD_KEY])
        else:
            store.db.execute(
                "INSERT INTO settings(key, value, label) VALUES (?, ?, '开机密码')"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [PASSWORD_KEY, value],
            )
        audit.write(store, "update", "settings", None, None, {"key": PASSWORD_KEY, "value": what})


def set_password(store: Store, current: str | None, new: str, repeated: str) -> None:
    """Set or change the password; changing needs the current one."""
    if has_password(store) and not verify(store, current or ""):
        raise PasswordError("当前密码：不正确，密码未修改")
    check_new(new, repeated)
    _write(store, hash_password(new), "已修改开机密码" if current else "已设置开机密码")


def remove_password(store: Store, current: str) -> None:
    if not has_password(store):
        return
    if not verify(store, current):
        raise PasswordError("当前密码：不正确，密码未取消")
    _write(store, None, "已取消开机密码")


def lock_minutes(store: Store) -> int:
    """Idle minutes before the window locks (0: never); only with a password."""
    text = store.setting(LOCK_KEY)
    try:
        return max(0, min(int(text), MAX_LOCK_MINUTES)) if text else DEFAULT_LOCK_MINUTES
    except ValueError:
        return DEFAULT_LOCK_MINUTES


def set_lock_minutes(store: Store, minutes: int) -> None:
    if not 0 <= minutes <= MAX_LOCK_MINUTES:
        raise UserError(f"自动锁定时间：应在 0 到 {MAX_LOCK_MINUTES} 分钟之间（0 表示不自动锁定）")
    store.set_setting(LOCK_KEY, str(minutes), "自动锁定（分钟）")
