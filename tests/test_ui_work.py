"""The background-work helper: callbacks on the GUI thread, errors, cancel, progress dialog."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.store import Store, UserError
from desktop.ui.work import Job, Work


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    s = Store.open(data_dir)
    yield s
    s.close()


def _work(qtbot: QtBot, store: Store, errors: list[BaseException], delay_ms: int = 500) -> Work:
    """A Work owned by a window, as in the application, so Qt tears it down in order."""
    window = QWidget()
    qtbot.addWidget(window)
    return Work(store, window, report_error=lambda _w, e: errors.append(e), delay_ms=delay_ms)


def test_success_runs_on_gui_thread_with_own_connection(qtbot: QtBot, store: Store) -> None:
    errors: list[BaseException] = []
    work = _work(qtbot, store, errors)
    seen: dict[str, Any] = {}

    def fn(s: Store, job: Job) -> int:
        seen["conn"] = s.db.conn
        seen["thread"] = threading.current_thread()
        return int(s.scalar("SELECT COUNT(*) FROM dict_names"))

    def ok(result: int) -> None:
        seen["result"] = result
        seen["callback_thread"] = threading.current_thread()

    task = work.run(fn, on_success=ok)
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] > 0
    assert seen["conn"] is not store.db.conn
    assert seen["thread"] is not threading.main_thread()
    assert seen["callback_thread"] is threading.main_thread()
    assert task.dialog is None  # fast work: no progress dialog
    assert errors == []
    qtbot.waitUntil(lambda: not work.busy, timeout=2000)


def test_the_worker_connection_is_closed_before_the_gui_thread_hears(
    qtbot: QtBot, store: Store
) -> None:
    """The GUI thread never waits for the worker thread: by the time a callback runs the
    worker's connection is closed (and its store lock released), whatever the thread is
    still doing on its way out."""
    errors: list[BaseException] = []
    work = _work(qtbot, store, errors)
    seen: dict[str, Any] = {}

    def fn(s: Store, job: Job) -> int:
        seen["store"] = s
        assert s._lock is not None  # the worker's shared store lock, held while it reads
        return 1

    def ok(_result: int) -> None:
        seen["closed"] = seen["store"]._lock is None  # released by Store.close

    work.run(fn, on_success=ok)
    qtbot.waitUntil(lambda: "closed" in seen, timeout=5000)
    assert seen["closed"] and errors == []
    qtbot.waitUntil(lambda: not work.busy, timeout=2000)


def test_user_error_goes_to_reporter(qtbot: QtBot, store: Store) -> None:
    errors: list[BaseException] = []
    work = _work(qtbot, store, errors)

    def fn(s: Store, job: Job) -> None:
        raise UserError("单位名称：必须填写")

    work.run(fn, on_success=lambda r: pytest.fail("must not succeed"))
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], UserError)
    assert str(errors[0]) == "单位名称：必须填写"


def test_failure_callback_gets_bug(qtbot: QtBot, store: Store) -> None:
    errors: list[BaseException] = []
    failures: list[BaseException] = []
    work = _work(qtbot, store, errors)

    def fn(s: Store, job: Job) -> None:
        raise ZeroDivisionError

    work.run(fn, on_failure=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert isinstance(failures[0], ZeroDivisionError)
    assert errors == []


def test_quiet_work_never_shows_a_dialog(qtbot: QtBot, store: Store) -> None:
    """What the clerk did not ask for (the integrity check after start) runs unseen."""
    errors: list[BaseException] = []
    work = _work(qtbot, store, errors, delay_ms=50)
    results: list[str] = []

    def fn(s: Store, job: Job) -> str:
        time.sleep(1.0)  # twenty times the delay after which a dialog would appear
        return "checked"

    task = work.run(fn, on_success=results.append, progress=False)
    qtbot.wait(300)
    assert not results and task.dialog is None  # still running, nothing shown
    qtbot.waitUntil(lambda: results == ["checked"], timeout=5000)
    assert errors == []


def test_slow_work_shows_dialog_and_can_be_cancelled(qtbot: QtBot, store: Store) -> None:
    errors: list[BaseException] = []
    work = _work(qtbot, store, errors, delay_ms=100)
    cancelled: list[bool] = []
    steps: list[int] = []

    def fn(s: Store, job: Job) -> str:
        for i in range(400):
            job.check()
            job.report(i, 400, f"第 {i} 步")
            steps.append(i)
            time.sleep(0.01)
        return "done"

    task = work.run(
        fn,
        on_success=lambda r: pytest.fail("cancelled work must not succeed"),
        on_cancelled=lambda: cancelled.append(True),
        label="正在处理…",
    )
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.isVisible(), timeout=3000)
    assert task.dialog is not None
    task.dialog.canceled.emit()  # what the 取消 button does
    qtbot.waitUntil(lambda: bool(cancelled), timeout=5000)
    assert len(steps) < 400
    assert errors == []
    assert task.dialog is None


class _Cycle:
    """Half of a reference cycle that notes the thread that freed it."""

    def __init__(self, freed_on: list[str]) -> None:
        self.other: _Cycle | None = None
        self.freed_on = freed_on

    def __del__(self) -> None:
        self.freed_on.append(threading.current_thread().name)


def test_no_garbage_collection_on_a_worker_thread(qtbot: QtBot, store: Store) -> None:
    """While work runs the cyclic collector is paused, so a worker's allocations never
    start a collection there (one that freed a widget deadlocked with the GUI thread);
    once the work has reported, collection runs again, on whatever thread, as before."""
    import gc

    gc.enable()
    gc.collect()
    errors: list[BaseException] = []
    work = _work(qtbot, store, errors)
    freed_on: list[str] = []
    seen: dict[str, Any] = {}

    def fn(_s: Store, _job: Job) -> int:
        seen["enabled"] = gc.isenabled()
        for _ in range(50):
            a, b = _Cycle(freed_on), _Cycle(freed_on)
            a.other, b.other = b, a
        held = [[i] for i in range(20 * sum(gc.get_threshold()) + 50_000)]
        return len(held)

    work.run(fn, on_success=lambda n: seen.setdefault("result", n))
    assert not gc.isenabled()  # paused before the worker starts
    qtbot.waitUntil(lambda: "result" in seen, timeout=10000)
    qtbot.waitUntil(lambda: not work.busy, timeout=2000)
    assert seen["enabled"] is False
    assert "qingfeng-work" not in freed_on  # nothing was collected on the worker
    assert gc.isenabled()  # on again once the work has reported
    gc.collect()
    assert len(freed_on) == 100 and set(freed_on) == {threading.main_thread().name}
    assert errors == []
