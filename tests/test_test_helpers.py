"""The suite's own shortcuts: `made_once` (tests/once.py; a worker waiting for another's demo
store must not wait out its deadline when the maker has died) and the template every new
plain store is copied from (it must hold exactly what a store built the real way holds)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.once import demo_modules_first, made_once


class _Factory:
    def __init__(self, root: Path) -> None:
        self.root = root

    def getbasetemp(self) -> Path:
        return self.root


@pytest.fixture
def factory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> _Factory:
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    return _Factory(tmp_path)


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_first_caller_makes_and_the_next_shares(factory: _Factory) -> None:
    calls: list[Path] = []

    def make(folder: Path) -> dict[str, int]:
        calls.append(folder)
        return {"n": 1}

    first = made_once(factory, "thing", make)  # type: ignore[arg-type]
    second = made_once(factory, "thing", make)  # type: ignore[arg-type]
    assert first == second == (factory.root / "thing" / "data", {"n": 1})
    assert len(calls) == 1


@pytest.mark.skipif(sys.platform == "win32", reason="pid probe is POSIX only")
def test_a_dead_maker_fails_the_waiter_at_once(factory: _Factory) -> None:
    claim = factory.root / "thing.claim"
    claim.mkdir()
    (claim / "pid").write_text(str(_dead_pid()), encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(pytest.fail.Exception, match="died"):
        made_once(factory, "thing", lambda folder: {})  # type: ignore[arg-type]
    assert time.monotonic() - started < 60
    # and the next caller hears of the failure without probing again
    assert (factory.root / "thing.done").read_text(encoding="utf-8") == "failed"
    with pytest.raises(pytest.fail.Exception, match="failed to make it"):
        made_once(factory, "thing", lambda folder: {})  # type: ignore[arg-type]


def test_a_finished_maker_is_read_back(factory: _Factory) -> None:
    claim = factory.root / "thing.claim"
    claim.mkdir()
    (claim / "pid").write_text(str(_dead_pid()), encoding="utf-8")
    (factory.root / "thing.done").write_text(json.dumps({"n": 2}), encoding="utf-8")
    assert made_once(factory, "thing", lambda folder: {})[1] == {"n": 2}  # type: ignore[arg-type]


class _Item:
    def __init__(self, module: str, *fixtures: str) -> None:
        self.path = Path(module)
        self.fixturenames = ["request", *fixtures]

    def __repr__(self) -> str:
        return f"{self.path}{self.fixturenames[1:]}"


def test_the_modules_that_need_the_demo_office_run_first() -> None:
    a1, a2 = _Item("test_a.py"), _Item("test_a.py", "tmp_path")
    b1, b2 = _Item("test_b.py"), _Item("test_b.py", "demo_master", "demo_at")
    c1 = _Item("test_c.py", "demo_at")
    d1, d2 = _Item("test_d.py"), _Item("test_d.py")
    ordered = demo_modules_first([a1, a2, b1, b2, c1, d1, d2])  # type: ignore[list-item]
    assert ordered == [b1, b2, c1, a1, a2, d1, d2]


def test_this_run_has_them_first(request: pytest.FixtureRequest) -> None:
    """conftest's collection hook sorts this very run so."""
    items = request.session.items
    needs = {i.path for i in items if "demo_at" in i.fixturenames}  # type: ignore[attr-defined]
    first = [i.path in needs for i in items]
    assert first == sorted(first, reverse=True)


def test_a_store_from_the_template_holds_what_a_store_built_the_real_way_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """conftest's `new_stores_from_a_template` is only a shortcut: same content."""
    import sqlite3

    from desktop.store import Store, seed

    def dump(data_dir: Path) -> list[str]:
        conn = sqlite3.connect(data_dir / "qingfeng.sqlite3")
        try:
            return list(conn.iterdump())
        finally:
            conn.close()

    Store.open(tmp_path / "copied", operator="甲").close()
    Store.open(tmp_path / "copied-again", operator="乙").close()
    shipped = seed.default_settings
    monkeypatch.setattr(seed, "default_settings", lambda: shipped())  # the real build
    Store.open(tmp_path / "built", operator="丙").close()
    assert dump(tmp_path / "copied") == dump(tmp_path / "built")
    assert dump(tmp_path / "copied-again") == dump(tmp_path / "built")
