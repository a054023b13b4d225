"""Download every wheel a lock set needs for one target platform into a folder, so that
an office PC without network can install with `pip install --no-index --find-links`.

    python scripts/wheelhouse.py [--platform win_amd64|manylinux_x86_64|manylinux_aarch64]
                                 [--python 3.11] [--set runtime|test|build ...] [--out wheelhouse]

Called by scripts/wheelhouse.sh and scripts/wheelhouse.ps1. pip evaluates a lock's
environment markers (`; sys_platform == 'win32'`) for the machine it runs on, not for
--platform, so this script evaluates them for the target itself and hands pip a plain
list of pinned, hashed requirements with --no-deps (the lock already holds every
dependency). The wheels are checked against the lock's hashes as they are downloaded.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

try:
    from packaging.markers import Marker
except ImportError:  # a bare Python: pip carries its own copy
    from pip._vendor.packaging.markers import Marker  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ROOT / "requirements"
SETS = ("runtime", "test", "build")


@dataclass(frozen=True)
class Target:
    """A platform the bundle or an install from source is made for."""

    pip_platforms: tuple[str, ...]  # pip download --platform, each tag taken as it is
    sys_platform: str
    platform_system: str
    machine: str
    os_name: str


def _manylinux(arch: str) -> tuple[str, ...]:
    """Every manylinux tag up to glibc 2.39: pip's --platform matches a tag exactly, so
    each is named. PySide6 6.11 needs glibc 2.34 on x86_64 and 2.39 on aarch64 (its
    wheels' tags); the rest of the lock runs on 2.17."""
    tags = [f"manylinux_2_{minor}_{arch}" for minor in range(39, 16, -1)]
    return (*tags, f"manylinux2014_{arch}")


TARGETS = {
    "win_amd64": Target(("win_amd64",), "win32", "Windows", "AMD64", "nt"),
    "manylinux_x86_64": Target(_manylinux("x86_64"), "linux", "Linux", "x86_64", "posix"),
    "manylinux_aarch64": Target(_manylinux("aarch64"), "linux", "Linux", "aarch64", "posix"),
}


def environment(target: Target, python: str) -> dict[str, str]:
    """The marker environment of CPython `python` (e.g. "3.11") on `target`."""
    return {
        "implementation_name": "cpython",
        "implementation_version": f"{python}.0",
        "os_name": target.os_name,
        "platform_machine": target.machine,
        "platform_python_implementation": "CPython",
        "platform_release": "",
        "platform_system": target.platform_system,
        "platform_version": "",
        "python_full_version": f"{python}.0",
        "python_version": python,
        "sys_platform": target.sys_platform,
    }


def requirements(lock_text: str, env: dict[str, str]) -> list[str]:
    """The lock's requirements that apply in `env`, each one line `name==version --hash=…`
    without its marker (pip would evaluate it for the wrong machine)."""
    joined = lock_text.replace("\\\n", " ")
    wanted: list[str] = []
    for raw in joined.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-")):
            continue
        spec, _, hashes = line.partition(" --hash")
        hashes = f"--hash{hashes}" if hashes else ""
        pin, _, marker = spec.partition(";")
        if marker.strip() and not Marker(marker.strip()).evaluate(env):
            continue
        wanted.append(f"{pin.strip()} {hashes}".strip())
    return wanted


def merged(sets: list[str], env: dict[str, str]) -> list[str]:
    """Every set's requirements, each pin once (the sets are compiled against runtime.txt,
    so a package has the same pin in each)."""
    seen: dict[str, str] = {}
    for name in sets:
        for line in requirements((LOCKS / f"{name}.txt").read_text(encoding="utf-8"), env):
            seen.setdefault(line.split("==", 1)[0].lower(), line)
    return list(seen.values())


def pip_command(target: Target, python: str, listing: Path, out: Path) -> list[str]:
    abi = "cp" + python.replace(".", "")
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
    for tag in target.pip_platforms:
        cmd += ["--platform", tag]
    cmd += ["--python-version", python, "--implementation", "cp", "--abi", abi, "--abi", "abi3"]
    cmd += ["--abi", "none", "--require-hashes", "-r", str(listing), "-d", str(out)]
    return cmd


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="wheelhouse", description=__doc__.split("\n\n")[0])
    parser.add_argument("--platform", choices=sorted(TARGETS), default=None)
    parser.add_argument("--python", default="{}.{}".format(*sys.version_info[:2]))
    parser.add_argument("--set", dest="sets", action="append", choices=SETS)
    parser.add_argument("--out", type=Path, default=ROOT / "wheelhouse")
    args = parser.parse_args(argv)
    platform = args.platform or native_platform()
    target = TARGETS[platform]
    sets = args.sets or ["test", "build"]
    wanted = merged(sets, environment(target, args.python))
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "requirements.txt"
        listing.write_text("\n".join(wanted) + "\n", encoding="utf-8")
        print(f"==> {len(wanted)} wheels for {platform}, Python {args.python} → {args.out}")
        env = dict(os.environ)
        env.pop("PIP_FIND_LINKS", None)  # only what the lock names, from the index
        done = subprocess.run(pip_command(target, args.python, listing, args.out), env=env)
    return done.returncode


def native_platform() -> str:
    import platform

    machine = platform.machine().lower()
    if sys.platform == "win32":
        return "win_amd64"
    return "manylinux_aarch64" if machine in ("aarch64", "arm64") else "manylinux_x86_64"


if __name__ == "__main__":
    sys.exit(main())
