"""Key derivation and small-file encryption, written once.

scrypt (hashlib, memory-hard) turns a password or passphrase into a 32-byte key; the
caller records the salt and parameters beside what it protects (the password hash, a
backup's header, the encrypted store's own salt), so they can be raised later without
breaking old values. Subkeys for different uses come from one key through HMAC-SHA256
(HKDF's expand step), so one passphrase never keys two algorithms with the same bytes.
"""

from __future__ import annotations

# hashlib, hmac and secrets are imported where used: they load OpenSSL (~5 ms of CPU),
# which the window's start (a plain store, no password) does not need before its first
# paint (tests/test_startup.py).

KEY_LEN = 32
# scrypt's (log2 N, r, p) for the encrypted store's key and for encrypted backups:
# OWASP's minimum (128 MiB, about 0.3 s), paid once per start. One cost for both, so a
# backup made with the store's key opens with its passphrase through the backup format's
# own derivation. Read at each derivation (backups record it in their header), so tests
# can lower it for the stores they make (tests/conftest.py).
KDF_COST = (17, 8, 1)

# An encrypted file: MAGIC, a 12-byte nonce, then AES-256-GCM(ciphertext + 16-byte tag),
# authenticated together with MAGIC.
FILE_MAGIC = b"QFENCF01"
_NONCE = 12


def scrypt(secret: str, salt: bytes, log_n: int, r: int, p: int) -> bytes:
    """scrypt(N = 2**log_n, r, p) of the UTF-8 secret: a 32-byte key."""
    import hashlib  # where used: see the comment at the top

    return hashlib.scrypt(
        secret.encode("utf-8"),
        salt=salt,
        n=1 << log_n,
        r=r,
        p=p,
        maxmem=128 * r * (1 << log_n) + (64 << 20),
        dklen=KEY_LEN,
    )


def store_key(passphrase: str, salt: bytes) -> bytes:
    """The encrypted store's master key from its passphrase and the store's salt."""
    return scrypt(passphrase, salt, *KDF_COST)


def subkey(master: bytes, purpose: str) -> bytes:
    """A key for one use (`purpose`, e.g. "sqlcipher", "files"), from the master key."""
    import hashlib  # where used: see the comment at the top
    import hmac

    return hmac.new(master, purpose.encode("ascii") + b"\x01", hashlib.sha256).digest()


def is_encrypted_bytes(data: bytes) -> bool:
    return data[: len(FILE_MAGIC)] == FILE_MAGIC


def encrypt_bytes(key: bytes, data: bytes) -> bytes:
    import secrets  # where used: see the comment at the top

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # loaded on first use (start-up)

    nonce = secrets.token_bytes(_NONCE)
    return FILE_MAGIC + nonce + AESGCM(key).encrypt(nonce, data, FILE_MAGIC)


def decrypt_bytes(key: bytes, blob: bytes) -> bytes:
    """The plaintext; raises ValueError when the blob was changed or the key is wrong."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # loaded on first use (start-up)

    if not is_encrypted_bytes(blob) or len(blob) < len(FILE_MAGIC) + _NONCE + 16:
        raise ValueError("not an encrypted file")
    start = len(FILE_MAGIC)
    nonce = blob[start : start + _NONCE]
    try:
        return AESGCM(key).decrypt(nonce, blob[start + _NONCE :], FILE_MAGIC)
    except InvalidTag:
        raise ValueError("authentication failed") from None
