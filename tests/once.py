"""`made_once`: something made once per test run and shared by the pytest-xdist workers
(the demo office at a given clock, its encrypted copy), whichever worker asks first."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest


def made_once(
    factory: pytest.TempPathFactory, name: str, make: Callable[[Path], dict[str, int]]
) -> tuple[Path, dict[str, int]]:
    """`make(folder)` run once per test run, whichever pytest-xdist worker asks first (the
    others wait for it, then share the folder); returns the folder and what `make` gave.

    The claim is an atomic mkdir in the run's temporary root, which all workers share; it
    holds the maker's pid, so a waiting worker fails at once when the maker has died (a
    crashed or timed-out worker never writes `.done`) instead of waiting out its deadline
    test after test.
    """
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the workers' basetemps are popen-gwN under one root
    folder, claim, done = root / name, root / f"{name}.claim", root / f"{name}.done"
    try:
        claim.mkdir()
    except FileExistsError:
        deadline = time.monotonic() + 1800
        while not done.exists():
            maker = _maker_pid(claim)
            if maker is not None and not _alive(maker):
                if done.exists():
                    break
                done.write_text("failed", encoding="utf-8")
                pytest.fail(f"{name}: the worker making it (pid {maker}) died")
            if time.monotonic() > deadline:
                done.write_text("failed", encoding="utf-8")
                pytest.fail(f"{name}: another worker did not finish making it")
            time.sleep(0.2)
        text = done.read_text(encoding="utf-8")
        if text == "failed":
            pytest.fail(f"{name}: another worker failed to make it (see its error)")
        return folder / "data", json.loads(text)
    (claim / "pid").write_text(str(os.getpid()), encoding="utf-8")
    try:
        result = make(folder / "data")
    except BaseException:
        done.write_text("failed", encoding="utf-8")
        raise
    done.write_text(json.dumps(result), encoding="utf-8")
    return folder / "data", result


def _maker_pid(claim: Path) -> int | None:
    """The pid the claiming worker wrote, or None while it has not written it yet."""
    try:
        return int((claim / "pid").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def _alive(pid: int) -> bool:
    """Whether process `pid` still exists (POSIX; on Windows os.kill would end it)."""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def demo_modules_first(items: list[pytest.Item], fixture: str = "demo_at") -> list[pytest.Item]:
    """`items` with the modules that need the shared demo office (a test of theirs asks,
    through any fixture, for `fixture`) first, each module's tests together and in their
    order, the other modules after them in theirs.

    pytest-xdist's worksteal hands the first half of the run to one worker and the second
    half to the other: the first starts by seeding the demo office while the second runs
    tests that never wait for it, and no worker meets the seed late in the run (with the
    modules in name order both workers reached them early and one of them waited).
    """
    needs = {item.path for item in items if fixture in getattr(item, "fixturenames", ())}
    return sorted(items, key=lambda item: item.path not in needs)  # stable: order kept
