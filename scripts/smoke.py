"""Smoke test of a built bundle, shared by scripts/build.sh and scripts/build.ps1.

    python scripts/smoke.py dist/qingfeng [--window-seconds 12] [--no-portable]

Copies the bundle to a temporary folder named like a USB stick (Chinese and a space in
the path) and runs the copy offscreen with an emptied environment: no venv, no source
tree; on Linux no PATH at all, on Windows PATH cut down to System32. Against a temporary
data dir: --version (the version in pyproject.toml), seed-demo, stats --json (non-zero
figures and the summary paragraph), print-notice 整改通知书 (a PDF), check (检查通过),
self-test (自检通过), diagnostics (a zip), the licence file beside the program, the window
(it must come up and keep running, with nothing on stderr, and write its log), and
portable mode both ways (marker file and --portable). Exits non-zero on the first
failure, naming it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WINDOWS = sys.platform == "win32"
# The offscreen platform's only remark; anything else on the window's stderr fails.
HARMLESS_STDERR = re.compile(r"does not support propagateSizeHints")


class SmokeFailure(Exception):
    pass


def say(text: str) -> None:
    print(f"==> smoke: {text}", flush=True)


def project_version() -> str:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    found = re.search(r'^\[project\][^\[]*?^version\s*=\s*"([^"]+)"', text, re.M | re.S)
    if not found:
        raise SmokeFailure("no version in pyproject.toml")
    return found.group(1)


def programs(bundle: Path, windows: bool = WINDOWS) -> tuple[Path, Path]:
    """(console program, window program) of a bundle: one `qingfeng` on Linux."""
    if windows:
        return bundle / "qingfeng-cli.exe", bundle / "qingfeng.exe"
    return bundle / "qingfeng", bundle / "qingfeng"


def clean_env(work: Path, base: dict[str, str], windows: bool = WINDOWS) -> dict[str, str]:
    """An environment with nothing of the build machine's Python in reach."""
    if windows:
        python = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
        env = {k: v for k, v in base.items() if k.upper() not in python}
        env["PATH"] = str(Path(base.get("SystemRoot", r"C:\Windows")) / "System32")
    else:
        home = work / "home"
        env = {
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "XDG_DATA_HOME": str(work / "xdg-data"),
            "XDG_CONFIG_HOME": str(work / "xdg-config"),
            "XDG_RUNTIME_DIR": str(home),  # Qt wants it private
        }
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def check_stats(text: str) -> str:
    data = json.loads(text)
    figures = {key: fig["value"] for key, fig in data["figures"].items()}
    for key in ("clues_received", "talks", "inspections", "problems_found"):
        if not figures.get(key):
            raise SmokeFailure(f"stats --json: {key} is {figures.get(key)}")
    if not data.get("paragraph"):
        raise SmokeFailure("stats --json: no summary paragraph")
    return f"{sum(1 for v in figures.values() if v)} non-zero figures"


def pick_rectification(db: Path) -> list[str]:
    """print-notice arguments: a rectification without a notice gets a preview; else the
    first one a correction (a new number)."""
    conn = sqlite3.connect(db)
    try:
        free = conn.execute(
            "SELECT min(id) FROM rectifications WHERE notice_document_id IS NULL"
        ).fetchone()[0]
        if free is not None:
            return ["--record", str(free), "--date=2026-01-05"]
        first = "SELECT id, notice_date FROM rectifications ORDER BY id LIMIT 1"
        row = conn.execute(first).fetchone()
    finally:
        conn.close()
    if row is None:
        raise SmokeFailure("the demo has no rectification")
    return ["--record", str(row[0]), "--issue", "--correction", f"--date={row[1]}"]


def check_pdf(path: Path) -> str:
    data = path.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise SmokeFailure(f"print-notice: not a PDF: {data[:8]!r}")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    if pages < 1:
        raise SmokeFailure("print-notice: a PDF without pages")
    return f"{len(data)} bytes, {pages} page(s)"


def window_stderr_problems(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip() and not HARMLESS_STDERR.search(line)]


@dataclass
class Smoke:
    bundle: Path
    work: Path
    window_seconds: int = 12
    portable: bool = True
    windows: bool = WINDOWS
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.stick = self.work / "U盘 备份" / "qingfeng"
        self.data = self.work / "data"
        self.env = clean_env(self.work, dict(os.environ), self.windows)
        self.had_user_data = (Path(self.env.get("LOCALAPPDATA", "")) / "qingfeng").exists()
        (self.work / "home").mkdir(mode=0o700, parents=True, exist_ok=True)

    @property
    def cli(self) -> Path:
        return programs(self.stick, self.windows)[0]

    @property
    def gui(self) -> Path:
        return programs(self.stick, self.windows)[1]

    def run(self, *args: str, expect: str = "") -> str:
        say(f"qingfeng {' '.join(args)}")
        done = subprocess.run(
            [str(self.cli), *args],
            cwd=self.work,
            env=self.env,
            capture_output=True,
            timeout=600,
        )
        out = done.stdout.decode("utf-8", errors="replace")
        err = done.stderr.decode("utf-8", errors="replace")
        if done.returncode != 0:
            raise SmokeFailure(f"qingfeng {args[0]} exited {done.returncode}:\n{out}{err}")
        if expect and expect not in out:
            raise SmokeFailure(f"qingfeng {args[0]}: no “{expect}” in its output:\n{out}{err}")
        return out

    def all(self) -> None:
        shutil.copytree(self.bundle, self.stick, symlinks=True)
        version = project_version()
        self.run("--version", expect=version)
        licences = self.stick / "THIRD_PARTY_LICENSES.txt"
        if not licences.is_file() or "PySide6" not in licences.read_text(encoding="utf-8"):
            raise SmokeFailure(f"no licence file naming PySide6 at {licences}")
        d = ["--data-dir", str(self.data)]
        self.run("seed-demo", *d, expect="已写入演示数据")
        stats = self.run("stats", "--json", *d, "--from", "2000-01-01", "--to", "2099-12-31")
        say(f"stats: {check_stats(stats)}")
        pdf = self.work / "x.pdf"
        picked = pick_rectification(self.data / "qingfeng.sqlite3")
        self.run("print-notice", "整改通知书", *picked, "--out", str(pdf), *d, expect="整改通知书")
        say(f"print-notice: {check_pdf(pdf)}")
        self.run("check", *d, expect="检查通过")
        self.run("self-test", expect="自检通过")
        diag = self.work / "诊断信息.zip"
        self.run("diagnostics", "--out", str(diag), *d, expect="已导出诊断信息")
        with zipfile.ZipFile(diag) as archive:
            if "self-test.txt" not in archive.namelist():
                raise SmokeFailure(f"diagnostics: {archive.namelist()}")
        self.window()
        log = self.data / "logs" / "qingfeng.log"
        if not log.is_file() or "start window" not in log.read_text(encoding="utf-8"):
            raise SmokeFailure(f"the window left no “start window” in {log}")
        if self.portable:
            self.portable_mode()

    def window(self) -> None:
        say(f"the window, {self.window_seconds} s")
        err_path = self.work / "window.err"
        with open(err_path, "wb") as err:
            proc = subprocess.Popen(
                [str(self.gui), "--data-dir", str(self.data)],
                cwd=self.work,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=err,
            )
            try:
                for _ in range(self.window_seconds):
                    time.sleep(1)
                    if proc.poll() is not None:
                        text = err_path.read_text(encoding="utf-8", errors="replace")
                        status = proc.returncode
                        raise SmokeFailure(f"the window exited by itself ({status}):\n{text}")
            finally:
                if proc.poll() is None:
                    proc.terminate()
                    proc.wait(timeout=30)
        problems = window_stderr_problems(err_path.read_text(encoding="utf-8", errors="replace"))
        if problems:
            raise SmokeFailure("the window wrote to stderr:\n" + "\n".join(problems))

    def portable_mode(self) -> None:
        beside = self.stick / "data" / "qingfeng.sqlite3"
        marker = self.stick / "portable.txt"
        marker.write_text("便携模式\n", encoding="utf-8")
        self.run("seed-demo", expect="已写入演示数据")
        if not beside.is_file():
            raise SmokeFailure(f"portable mode: no {beside}")
        marker.unlink()
        shutil.rmtree(self.stick / "data")
        self.run("seed-demo", "--portable", expect="已写入演示数据")
        self.run("check", "--portable", expect="检查通过")
        if not beside.is_file():
            raise SmokeFailure(f"--portable: no {beside}")
        if self.windows:
            user = Path(self.env.get("LOCALAPPDATA", "")) / "qingfeng"
            if not self.had_user_data and user.exists():
                raise SmokeFailure(f"portable mode wrote to {user}")
        else:  # the user's folder is XDG_DATA_HOME, here a temporary one
            user = self.work / "xdg-data" / "qingfeng"
            if user.exists():
                raise SmokeFailure(f"portable mode wrote to {user}")
            self.run("seed-demo", expect="已写入演示数据")
            if not (user / "qingfeng.sqlite3").is_file():
                raise SmokeFailure(f"no data in {user}")
        say("portable mode keeps the data beside the program, otherwise in the user's folder")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="smoke", description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--window-seconds", type=int, default=12)
    parser.add_argument("--no-portable", dest="portable", action="store_false")
    args = parser.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="qingfeng-smoke-") as tmp:
        smoke = Smoke(args.bundle.resolve(), Path(tmp), args.window_seconds, args.portable)
        try:
            smoke.all()
        except (SmokeFailure, subprocess.TimeoutExpired, OSError) as exc:
            print(f"!!  smoke test FAILED: {exc}", file=sys.stderr, flush=True)
            return 1
    say(f"passed in {time.monotonic() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
