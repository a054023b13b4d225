"""What encryption at rest costs: the same demo office plain and encrypted, in pairs.

    python benchmarks/encryption.py [--scale 3] [--pairs 7] [--cache DIR]

Seeds the demo office at `--scale` once (cached), makes an encrypted copy with
`encrypt`, then runs each measurement as its own process, plain and encrypted in
turn (P E P E …), so a drift of the shared machine's speed hits both alike. Prints
the median of each side and the median of the pairwise ratios (encrypted / plain):

* cold start — a whole `python -m desktop stats --json` process for last year
  (imports, the passphrase's scrypt, opening the store, the statistics, output);
* open — in process: key derivation plus Store.open (plain: Store.open alone);
* list — the 问题线索 and 谈话记录 list models' first page (what the window shows first);
* stats — the year's statistics, warm (a second run in the same process);
* import — the 谈话 ledger (exported from the store) planned and written into an empty
  store of the same kind.

Results go in docs/benchmarks.md ("Encryption at rest").
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSPHRASE = "benchmark-passphrase"
TASKS = ("open", "list", "stats", "import")


def _env() -> dict[str, str]:
    e = dict(os.environ)
    e["QINGFENG_PASSPHRASE"] = PASSPHRASE
    e.setdefault("QT_QPA_PLATFORM", "offscreen")
    return e


def _run(cmd: list[str]) -> str:
    done = subprocess.run(cmd, cwd=ROOT, env=_env(), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{cmd} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def prepare(cache: Path, scale: int) -> tuple[Path, Path, Path]:
    """(plain store, encrypted copy, work folder with the exported talks ledger)."""
    plain, enc, work = cache / f"plain-{scale}", cache / f"enc-{scale}", cache / "work"
    if not (plain / ".complete").exists():
        shutil.rmtree(plain, ignore_errors=True)
        print(f"seeding scale {scale} …", file=sys.stderr)
        _run([sys.executable, "-m", "desktop", "seed-demo", "--data-dir", str(plain)])
        if scale > 1:
            shutil.rmtree(plain)
            seed = [sys.executable, "-m", "desktop", "seed-demo", "--data-dir", str(plain)]
            _run([*seed, "--scale", str(scale)])
        (plain / ".complete").write_text("ok\n")
    if not (enc / ".complete").exists():
        shutil.rmtree(enc, ignore_errors=True)
        shutil.copytree(plain, enc)
        (enc / ".complete").unlink()
        _run([sys.executable, "-m", "desktop", "encrypt", "--data-dir", str(enc)])
        (enc / ".complete").write_text("ok\n")
    work.mkdir(parents=True, exist_ok=True)
    ledger = work / "talks.xlsx"
    if not ledger.exists():
        _run(
            [
                sys.executable,
                "-m",
                "desktop",
                "export-ledger",
                "谈话",
                "--out",
                str(ledger),
                "--data-dir",
                str(plain),
            ]
        )
    for name, encrypted in (("empty-plain", False), ("empty-enc", True)):
        empty = work / name
        if not empty.exists():
            from desktop.store import Store, conversion

            Store.open(empty).close()
            if encrypted:
                conversion.encrypt_store(empty, PASSPHRASE)
    return plain, enc, work


# -- the child: one measurement in its own process -------------------------------------


def _open(data_dir: Path) -> Any:
    from desktop.cli.common import open_store

    return open_store(data_dir, create=False)


def _last_year(store: Any) -> tuple[Any, Any]:
    import datetime as dt

    year = store.today().year - 1
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def child(task: str, data_dir: Path, work: Path, repeat: int) -> float:
    """Median seconds of `task` on `data_dir`."""
    times: list[float] = []
    if task == "open":
        from desktop.store import DB_FILENAME, Store, encryption

        for _ in range(repeat):
            t0 = time.perf_counter()
            path = data_dir / DB_FILENAME
            key = (
                encryption.unlock(path, PASSPHRASE) if encryption.is_encrypted_file(path) else None
            )
            Store.open(data_dir, create=False, key=key).close()
            times.append(time.perf_counter() - t0)
    elif task == "list":
        from PySide6.QtWidgets import QApplication

        from desktop.ui.models import lists

        app = QApplication.instance() or QApplication(sys.argv[:1])
        store = _open(data_dir)
        for _ in range(repeat):
            t0 = time.perf_counter()
            for cls in (lists.CluesModel, lists.TalksModel):
                model = cls(store)
                for r in range(min(40, model.rowCount())):
                    for c in range(model.columnCount()):
                        model.data(model.index(r, c))
            times.append(time.perf_counter() - t0)
        store.close()
        del app
    elif task == "stats":
        from desktop.domain import stats

        store = _open(data_dir)
        start, end = _last_year(store)
        stats.compute(store, start, end)  # warm, like a running window
        for _ in range(repeat):
            t0 = time.perf_counter()
            stats.compute(store, start, end)
            times.append(time.perf_counter() - t0)
        store.close()
    elif task == "import":
        from desktop.domain import ledger_import

        for i in range(repeat):
            target = work / f"import-{os.getpid()}-{i}"
            shutil.copytree(data_dir, target)
            store = _open(target)
            t0 = time.perf_counter()
            plan = ledger_import.plan_import(store, work / "talks.xlsx", "谈话")
            ledger_import.apply(store, plan)
            times.append(time.perf_counter() - t0)
            store.close()
            shutil.rmtree(target, ignore_errors=True)
    return statistics.median(times)


# -- the parent: pairs -------------------------------------------------------------------


def _cold(data_dir: Path) -> float:
    cmd = [sys.executable, "-m", "desktop", "stats", "--data-dir", str(data_dir)]
    cmd += ["--from", "2025-01-01", "--to", "2025-12-31", "--json"]
    t0 = time.perf_counter()
    _run(cmd)
    return time.perf_counter() - t0


def _child(task: str, data_dir: Path, work: Path) -> float:
    cmd = [sys.executable, __file__, "--child", task, "--data-dir", str(data_dir)]
    cmd += ["--work", str(work)]
    return float(json.loads(_run(cmd).strip().splitlines()[-1])["seconds"])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=3)
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/qingfeng-bench-encryption"))
    parser.add_argument("--child", choices=TASKS)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    if args.child:
        seconds = child(args.child, args.data_dir, args.work, repeat=3)
        print(json.dumps({"seconds": seconds}))
        return 0
    plain, enc, work = prepare(args.cache, args.scale)
    rows: dict[str, tuple[list[float], list[float]]] = {}
    for name in ("cold start", *TASKS):
        a: list[float] = []
        b: list[float] = []
        for _ in range(args.pairs + 1):  # the first pair warms the caches, not counted
            if name == "cold start":
                pa, pb = _cold(plain), _cold(enc)
            elif name == "import":
                pa = _child(name, work / "empty-plain", work)
                pb = _child(name, work / "empty-enc", work)
            else:
                pa, pb = _child(name, plain, work), _child(name, enc, work)
            a.append(pa)
            b.append(pb)
        rows[name] = (a[1:], b[1:])
        print(f"{name}: done", file=sys.stderr)
    print(f"scale {args.scale}, {args.pairs} interleaved pairs (plain, encrypted)")
    print("| measurement | plain (median) | encrypted (median) | ratio (median of pairs) |")
    print("|---|---:|---:|---:|")
    for name, (a, b) in rows.items():
        ratio = statistics.median(y / x for x, y in zip(a, b, strict=True))
        print(
            f"| {name} | {1000 * statistics.median(a):.0f} ms | "
            f"{1000 * statistics.median(b):.0f} ms | {ratio:.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
