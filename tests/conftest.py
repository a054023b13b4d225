"""Shared pytest set-up. Qt must see QT_QPA_PLATFORM before anything imports it."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import atexit
import datetime as dt
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.store import Store, crypto
from tests.once import demo_modules_first, made_once
from tests.ui_helpers import DEMO_NOW, DemoAt, Seeded, copy_data_dir, open_store, seed

# Keep tests away from the real user's settings and ledger: QSettings and platformdirs
# both follow the XDG variables on Linux. Qt caches these paths on first use, so this
# is done once for the whole session, before Qt is imported.
if sys.platform.startswith("linux"):
    _home = Path(tempfile.mkdtemp(prefix="qingfeng-tests-"))
    atexit.register(shutil.rmtree, _home, ignore_errors=True)
    for _name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[_name] = str(_home / _name.lower())
    if not os.environ.get("XDG_RUNTIME_DIR"):
        _runtime = _home / "runtime"
        _runtime.mkdir(mode=0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(_runtime)

REPO_ROOT = Path(__file__).resolve().parent.parent

# Qt messages that the offscreen platform emits by design and that say nothing about
# our code (pyproject sets qt_log_level_fail = WARNING).
OFFSCREEN_NOISE = (r"^This plugin does not support propagateSizeHints\(\)$",)


def pytest_configure(config: pytest.Config) -> None:
    for pattern in OFFSCREEN_NOISE:
        config.addinivalue_line("qt_log_ignore", pattern)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The modules that need the shared demo office run first (tests/once.py)."""
    items[:] = demo_modules_first(items)


# scrypt's real cost (crypto.KDF_COST: 128 MiB, about 0.5 s of CPU a derivation) and the
# one the tests' own stores and backups use (1 MiB; 10 is the least a backup header
# accepts). Tests that need the real one ask for `real_key_derivation`.
REAL_KDF_COST = crypto.KDF_COST
CHEAP_KDF_COST = (10, 8, 1)


@pytest.fixture(scope="session", autouse=True)
def cheap_key_derivation() -> Iterator[None]:
    """Encrypted stores and backups made in this process derive their keys at 1/128 of
    the real cost: the same code path with a smaller N (recorded in each backup's header),
    about 40 s of CPU less per run. Session-wide, so stores made by module fixtures and
    opened by tests agree. A child process (`python -m desktop`) derives at the real cost,
    so a test that hands an encrypted store or backup to one uses `real_key_derivation`.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(crypto, "KDF_COST", CHEAP_KDF_COST)
        yield


@pytest.fixture(autouse=True)
def collection_back_after_each_test() -> Iterator[None]:
    """Background work pauses the cyclic collector until it reports on the GUI thread
    (desktop.ui.work.Collection); a test that ends before its work reported leaves it
    paused: it runs again here once that work's thread has ended."""
    yield
    from desktop.ui.work import Collection

    Collection.settle()


@pytest.fixture(scope="session", autouse=True)
def new_stores_from_a_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A new plain store is a copy of one this process built the real way (schema steps,
    dictionaries, holidays, settings: ~35 ms, 700 times a run), placed as `_create` places
    its own. What a new store holds depends on none of its arguments (no clock, operator
    or random value is written), so the copy is byte-for-byte what `_create` would make.

    The real `_create` still runs for an encrypted store, and whenever a test has replaced
    any part of how a store is built (a broken schema step, another dictionary): the
    parts are compared by identity at each creation.
    """
    from desktop.store import db, dictionaries, holidays, schema, seed

    def parts() -> tuple[object, ...]:
        return (
            db.migrate,
            schema.LATEST,
            tuple(schema.STEPS),
            seed.ensure_seeded,
            seed.default_settings,
            dictionaries.load_shipped,
            holidays.load_shipped,
            db.Store._connect,
            db._place_new,
        )

    original = db.Store._create.__func__  # type: ignore[attr-defined]
    as_built = parts()
    template: list[Path] = []

    def create(
        cls: type[Store], path: Path, operator: str | None, clock: object, key: bytes | None = None
    ) -> None:
        if key is not None or parts() != as_built:
            original(cls, path, operator, clock, key)
            return
        if not template:
            made = tmp_path_factory.mktemp("store-template") / path.name
            original(cls, made, None, None, None)
            template.append(made)
        tmp = path.with_name(f".{path.stem}-new-{os.getpid()}{path.suffix}")
        shutil.copyfile(template[0], tmp)
        db._place_new(tmp, path)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(db.Store, "_create", classmethod(create))
        yield


@pytest.fixture
def real_key_derivation(monkeypatch: pytest.MonkeyPatch) -> None:
    """This test's keys at the real scrypt cost, as the application derives them."""
    monkeypatch.setattr(crypto, "KDF_COST", REAL_KDF_COST)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh, not yet existing, data directory for one test."""
    return tmp_path / "data"


@pytest.fixture
def repo_root() -> Path:
    """The repository root (holds resources/ and forms/)."""
    return REPO_ROOT


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    """The store most UI tests use: fixed clock, operator 王文 (tests.ui_helpers.open_store).

    Modules that need another clock or operator define their own `store`.
    """
    s = open_store(data_dir)
    yield s
    s.close()


@pytest.fixture
def seeded(store: Store) -> Seeded:
    """A few units, persons and records of every kind (tests.ui_helpers.seed)."""
    return seed(store)


@pytest.fixture(scope="session")
def demo_master(demo_at: DemoAt, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo office seeded at `DEMO_NOW` (the clock of test_demo and the statistics'
    golden fingerprint, so seeded once per run for all of them, `demo_at`), this worker's
    copy; the tests that use it open it with the real clock, as the clerk's program would
    a few days later.

    Tests never use it directly: `demo_dir` hands each test its own copy, so no test
    sees another's changes.
    """
    folder = tmp_path_factory.mktemp("demo-master") / "data"
    demo_at(DEMO_NOW, folder)
    return folder


@pytest.fixture
def demo_dir(demo_master: Path, tmp_path: Path) -> Path:
    """A data folder holding the demo office, this test's own copy."""
    return copy_data_dir(demo_master, tmp_path / "demo")


@pytest.fixture
def demo_store(demo_dir: Path) -> Iterator[Store]:
    """This test's copy of the demo office, open (real clock, as the clerk's program)."""
    store = Store.open(demo_dir)
    yield store
    store.close()


@pytest.fixture(scope="module")
def demo_read_only(demo_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One copy of the demo office for a whole module whose tests only read it, open (real
    clock, as `demo_store`): one copy of the ~60 MB folder instead of one a test."""
    store = Store.open(copy_data_dir(demo_master, tmp_path_factory.mktemp("demo-read") / "data"))
    yield store
    store.close()


@pytest.fixture(scope="session")
def demo_ledgers(demo_at: DemoAt, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding every ledger of the demo office (`DEMO_NOW`) as `<kind>.xlsx`,
    exported once per worker with the reporters revealed, for the import tests."""
    from desktop.domain import ledger_io

    folder = tmp_path_factory.mktemp("demo-ledgers")
    demo_at(DEMO_NOW, folder / "data")
    store = Store.open(folder / "data", clock=lambda: DEMO_NOW)
    try:
        for kind in ledger_io.LEDGERS:
            ledger_io.export(store, kind, folder / f"{kind}.xlsx", reveal=True)
    finally:
        store.close()
    return folder


@pytest.fixture(scope="session")
def demo_at(tmp_path_factory: pytest.TempPathFactory) -> DemoAt:
    """`demo_at(now, dest)`: the demo office as `demo.seed` makes it on a store whose
    clock says `now`, copied to `dest` (a data folder to open with that clock); returns
    the counts `demo.seed` gave.

    Each `now` is seeded once per test run (`made_once`); every caller gets its own copy.
    """
    from desktop import demo

    masters: dict[dt.datetime, tuple[Path, dict[str, int]]] = {}

    def copy(now: dt.datetime, dest: Path) -> dict[str, int]:
        if now not in masters:

            def make(folder: Path) -> dict[str, int]:
                store = Store.open(folder, clock=lambda: now)
                try:
                    return demo.seed(store)
                finally:
                    store.close()

            masters[now] = made_once(tmp_path_factory, f"demo-at-{now:%Y%m%d%H%M}", make)
        folder, counts = masters[now]
        copy_data_dir(folder, dest)
        return dict(counts)

    return copy
