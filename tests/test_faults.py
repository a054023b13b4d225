"""Power-loss style faults: writers killed with SIGKILL at random moments.

Each iteration starts two writer processes (records with audit entries, attachments)
and one automatic-backup process on the same data dir, kills them all at a random
moment, then checks that the file passes integrity_check and that everything a
writer reported as committed is there (rows, attachment files, archives). The
default run is short; QINGFENG_KILL_ITERATIONS=500 runs it longer. The same run, a
third as long, is repeated on an encrypted store (SQLCipher, encrypted attachments and
backups). SIGKILL stops the
process, not the machine: the OS still flushes its cache, so this proves the
store's transactions and atomic renames, not the disk's write ordering.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.store import Store, audit, backup, conversion, encryption

REPO = Path(__file__).resolve().parent.parent
ITERATIONS = int(os.environ.get("QINGFENG_KILL_ITERATIONS", "100"))
PASSPHRASE = "kill-test-passphrase"
# the children get the unlocked key (hex) from the environment: no scrypt per process
OPEN = """
key = bytes.fromhex(os.environ["QF_TEST_KEY"]) if os.environ.get("QF_TEST_KEY") else None
store = Store.open(data_dir, key=key)
"""

WRITER = (
    r"""
import hashlib, os, sys
from pathlib import Path
from desktop.store import Store, attachments, records

data_dir, worker = Path(sys.argv[1]), sys.argv[2]
scratch = data_dir.parent / f"src-{worker}-{os.getpid()}"
scratch.mkdir()
"""
    + OPEN
    + r"""
print("R", flush=True)
i = 0
while True:
    i += 1
    name = f"w{worker}-{os.getpid()}-{i}"
    uid = records.insert(store, "units", {"name": name, "kind": "乡镇/街道"})
    print(f"U {uid} {name}", flush=True)
    if i % 3 == 0:
        body = (name * 2000).encode()
        src = scratch / f"{i}.txt"
        src.write_bytes(body)
        aid = attachments.add(store, src, "units", uid)
        print(f"A {aid} {hashlib.sha256(body).hexdigest()}", flush=True)
"""
)

BACKUPER = (
    r"""
import datetime as dt, os, sys
from pathlib import Path
from desktop.store import Store, backup

data_dir, day = Path(sys.argv[1]), int(sys.argv[2])
"""
    + OPEN
    + r"""
print("R", flush=True)
while True:
    day += 1
    now = dt.datetime(2026, 1, 1, 18, 0, 0) + dt.timedelta(days=day)
    result = backup.automatic(store, now=now)
    if result is not None:  # None: that day already has one (days overlap across iterations)
        print(f"B {result.path.name}", flush=True)
"""
)


def _spawn(code: str, *args: str, key: bytes | None = None) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env.pop("QF_TEST_KEY", None)
    if key is not None:
        env["QF_TEST_KEY"] = key.hex()
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_ready(proc: subprocess.Popen[str]) -> None:
    """Read the "R" line byte by byte from the pipe itself.

    proc.stdout.readline() reads ahead into a buffer that communicate() never sees
    (it reads the raw descriptor), which would drop reports and cut a line in two.
    """
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    while os.read(fd, 1) not in (b"\n", b""):
        pass


def _reported(line: str) -> tuple[str, str, str] | None:
    """A whole report line, or None: a half-printed line was never reported as committed.

    Only lines that end in a newline and carry their full shape count; anything else
    (the tail cut by the kill, an empty line) claims nothing.
    """
    if not line.endswith("\n"):
        return None
    parts = line.split()
    if len(parts) == 3 and parts[0] in ("U", "A") and parts[1].isdigit():
        return parts[0], parts[1], parts[2]
    if len(parts) == 2 and parts[0] == "B":
        return "B", parts[1], ""
    return None


@pytest.mark.slow
@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_sigkill_at_random_moments_loses_no_commit_and_corrupts_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    encrypted: bool,
    real_key_derivation: None,  # the child processes' backups are keyed at the real cost
) -> None:
    data_dir = tmp_path / "data"
    Store.open(data_dir).close()  # created once; kills during creation are covered too below
    store_key: bytes | None = None
    iterations = ITERATIONS
    if encrypted:
        conversion.encrypt_store(data_dir, PASSPHRASE)
        store_key = encryption.unlock(data_dir / "qingfeng.sqlite3", PASSPHRASE)
        iterations = max(ITERATIONS // 3, 10)
    rng = random.Random(int(os.environ.get("QINGFENG_KILL_SEED", "20260302")))
    units: dict[int, str] = {}
    files: dict[int, str] = {}
    archives: set[str] = set()
    corruptions = lost = 0
    day = 0
    started = time.monotonic()
    for iteration in range(iterations):
        procs = [_spawn(WRITER, str(data_dir), str(n), key=store_key) for n in range(2)]
        procs.append(_spawn(BACKUPER, str(data_dir), str(day), key=store_key))
        try:
            for proc in procs:  # wait until each has opened the store: a loaded machine is slow
                _wait_ready(proc)
            time.sleep(rng.uniform(0.05, 0.7))
        finally:  # never leave a writer running, whatever failed above
            for proc in procs:
                proc.send_signal(signal.SIGKILL)
        for proc in procs:
            out, err = proc.communicate(timeout=30)
            assert proc.returncode == -signal.SIGKILL, err[-2000:]
            for line in out.splitlines(keepends=True):
                record = _reported(line)
                if record is None:
                    continue
                tag, key, value = record
                if tag == "U":
                    units[int(key)] = value
                elif tag == "A":
                    files[int(key)] = value
                elif tag == "B":
                    archives.add(key)
        day += 400 // max(iterations, 1) + 1
        conn = encryption.connect(str(data_dir / "qingfeng.sqlite3"), store_key)
        try:
            if [r[0] for r in conn.execute("PRAGMA integrity_check")] != ["ok"]:
                corruptions += 1
            present = dict(conn.execute("SELECT id, name FROM units").fetchall())
        finally:
            conn.close()
        lost += sum(1 for uid, name in units.items() if present.get(uid) != name)
        assert corruptions == 0 and lost == 0, f"iteration {iteration}"

    store = Store.open(data_dir, key=store_key)
    try:
        chain = audit.verify_chain(store)
        stored = {r["id"]: r for r in store.query("SELECT * FROM attachments")}
    finally:
        store.close()
    assert chain.ok, f"audit chain broken at {chain.first_broken}"
    for aid, digest in files.items():
        row = stored.get(aid)
        path = data_dir / row["stored_path"] if row else None
        if row is None or row["sha256"] != digest or path is None or not path.is_file():
            lost += 1
        elif hashlib.sha256(encryption.read_file(store_key, path)).hexdigest() != digest:
            corruptions += 1
    folder = data_dir / "backups"
    good_archives = 0
    for archive in sorted(folder.glob(f"*{backup.SUFFIX}")):
        # raises if any archive under a final name is not whole
        backup.inspect(archive, PASSPHRASE if encrypted else None)
        good_archives += 1
    # on a loaded machine every backup process may be killed before it made the folder
    present_names = {p.name for p in folder.iterdir()} if folder.is_dir() else set()
    reported_kept = archives & present_names
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(
            f"\nkill test ({'encrypted' if encrypted else 'plain'}): {iterations} iterations,"
            f" {len(units)} records and {len(files)}"
            f" attachments reported committed, {len(archives)} backups reported"
            f" ({good_archives} kept, all verified; {len(reported_kept)} of them reported),"
            f" audit entries {chain.entries}, lost {lost}, corruptions {corruptions},"
            f" {elapsed:.1f} s"
        )
    assert lost == 0 and corruptions == 0
    assert len(units) > iterations  # the writers did get to write
    if encrypted:
        assert encryption.is_encrypted_file(data_dir / "qingfeng.sqlite3")
        assert all(backup.is_encrypted(p) for p in folder.glob(f"*{backup.SUFFIX}"))


@pytest.mark.slow
def test_sigkill_while_creating_a_new_store(tmp_path: Path) -> None:
    """Killed during creation, migration and seeding: the next start still opens it."""
    rng = random.Random(7)
    for n in range(8):
        data_dir = tmp_path / f"d{n}"
        proc = _spawn(
            "import sys; from desktop.store import Store; Store.open(sys.argv[1])", str(data_dir)
        )
        time.sleep(rng.uniform(0.15, 0.45))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        store = Store.open(data_dir)
        try:
            assert store.scalar("PRAGMA integrity_check") == "ok"
            assert store.scalar("SELECT COUNT(*) FROM dict_names") > 0
        finally:
            store.close()
