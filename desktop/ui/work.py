"""The one helper for background work.

The work function runs on a worker thread with its own SQLite connection
(`store.connect_again()`), never touching widgets. It reports through signals that
arrive on the GUI thread, where the success/failure callbacks run. A progress dialog
appears only if the work is still running after `PROGRESS_DELAY_MS`; its 取消 button
sets a cooperative cancel flag that the work function checks via `job.check()`.

    def count(store: Store, job: Job) -> int:
        for i, row in enumerate(rows):
            job.check()                      # raises Cancelled once the clerk cancels
            job.report(i, len(rows), "正在统计…")
        return n

    work.run(count, on_success=show, label="正在统计…")
"""

from __future__ import annotations

import functools
import gc
import logging
import threading
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from desktop import log as applog
from desktop.store.errors import UserError

# The progress dialog and the message box are imported where shown: not at start (their
# Qt classes' enum classes, see desktop/ui/__init__.py).
if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog

    from desktop.store.db import Store

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 500

ErrorReporter = Callable[[QWidget | None, BaseException], None]


class Cancelled(Exception):
    """Raised inside the work function by `Job.check()` after the clerk cancelled."""


class Job:
    """What the work function sees: the cancel flag and a way to report progress."""

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled

    def report(self, done: int, total: int, text: str = "") -> None:
        self._relay.progress.emit(done, total, text)


class _Relay(QObject):
    """Lives on the GUI thread; the worker thread emits, slots run on the GUI thread."""

    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """UserError: a plain message for the clerk. Anything else: reported as a bug."""
    if isinstance(exc, UserError):
        from PySide6.QtWidgets import QMessageBox  # where used: see above

        QMessageBox.warning(parent, "提示", str(exc))
        return
    text = "".join(traceback.format_exception(exc))
    log.error("unexpected error in background work:\n%s", text)
    from desktop.ui.error_dialog import ErrorDialog

    ErrorDialog(text, applog.current_file(), parent).exec()


class Collection:
    """Python's cyclic garbage collector, paused while any background work runs.

    Left on, it collects in whichever thread allocates when a threshold is crossed. On a
    worker that can free a cycle holding a Qt object: its destructor takes a Qt lock and
    waits for the GIL while the GUI thread, holding the GIL, waits for that lock. Both
    wait for good (gdb showed exactly this in hung test runs, CI's among them; the
    timeout's own thread needs the GIL too). The GUI thread pauses collection before a
    worker starts and lets it run again when the last one has ended. Process-wide, as
    the collector itself is; used on the GUI thread only."""

    _threads: ClassVar[set[threading.Thread]] = set()
    _wanted = True  # what gc.isenabled() is to be once no work runs

    @classmethod
    def before_start(cls) -> None:
        if not cls._running():
            cls._wanted = gc.isenabled()
        gc.disable()

    @classmethod
    def started(cls, thread: threading.Thread) -> None:
        cls._threads.add(thread)

    @classmethod
    def ended(cls, thread: threading.Thread) -> None:
        """The worker has reported: once its thread is gone (it only returns after the
        report), collection runs again unless other work still runs."""
        thread.join(0.05)
        cls.settle()

    @classmethod
    def allow(cls) -> None:
        """Automatic collection on (desktop.__main__ pauses it for the start), now or as
        soon as no work runs."""
        cls._wanted = True
        cls.settle()

    @classmethod
    def settle(cls) -> None:
        if not cls._running() and cls._wanted:
            gc.enable()

    @classmethod
    def _running(cls) -> bool:
        cls._threads = {t for t in cls._threads if t.is_alive()}
        return bool(cls._threads)


class Task(QObject):
    """One running piece of work; keeps itself alive until it has reported."""

    done = Signal()

    def __init__(
        self,
        parent: QObject,
        widget: QWidget | None,
        fn: Callable[[Store, Job], Any],
        store: Store,
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[BaseException], None] | None,
        on_cancelled: Callable[[], None] | None,
        label: str,
        cancellable: bool,
        report_error: ErrorReporter,
        delay_ms: int | None,
    ) -> None:
        super().__init__(parent)
        self._widget = widget
        self._fn = fn
        self._store = store
        self._on_success = on_success
        self._on_failure = on_failure
        self._on_cancelled = on_cancelled
        self._label = label
        self._cancellable = cancellable
        self._report_error = report_error
        self.finished = False
        self.dialog: QProgressDialog | None = None
        self._relay = _Relay(self)
        self.job = Job(self._relay)
        self._relay.progress.connect(self._on_progress)
        self._relay.succeeded.connect(self._succeeded)
        self._relay.failed.connect(self._failed)
        self._relay.cancelled.connect(self._cancelled)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_dialog)
        if delay_ms is not None:  # None: no progress dialog at all
            self._timer.start(delay_ms)
        self._progress: tuple[int, int, str] | None = None
        self._thread = threading.Thread(target=self._work, name="qingfeng-work", daemon=True)
        Collection.before_start()
        self._thread.start()
        Collection.started(self._thread)

    # -- worker thread -------------------------------------------------------------

    def _work(self) -> None:
        try:
            store = self._store.connect_again()
        except BaseException as exc:
            self._relay.failed.emit(exc)
            return
        tell: Callable[[], None]
        failed = False
        try:
            # The function's name in the log (slow past 2 s), never the label's text.
            with applog.timed(f"background work {getattr(self._fn, '__qualname__', '?')}"):
                result = self._fn(store, self.job)
        except Cancelled:
            tell = self._relay.cancelled.emit
        except BaseException as exc:
            tell, failed = functools.partial(self._relay.failed.emit, exc), True
        else:
            if self.job.cancelled:
                tell = self._relay.cancelled.emit
            else:
                tell = functools.partial(self._relay.succeeded.emit, result)
        # The connection is closed (its store lock released) before the GUI thread hears,
        # so the GUI thread never waits for this thread: it used to join it there, and a
        # test run hung for minutes with the GUI thread in that join.
        try:
            store.close()
        except BaseException as exc:
            if not failed:  # the work's own failure is the one to report
                tell = functools.partial(self._relay.failed.emit, exc)
        tell()

    # -- GUI thread ----------------------------------------------------------------

    def cancel(self) -> None:
        self.job.cancel()

    def wait(self, timeout: float | None = None) -> bool:
        """Join the worker thread (tests, shutdown); the callbacks still need the event loop."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _show_dialog(self) -> None:
        if self.finished:
            return
        from PySide6.QtWidgets import QProgressDialog  # where used: see above

        dialog = QProgressDialog(
            self._label, "取消" if self._cancellable else "", 0, 0, self._widget
        )
        dialog.setWindowTitle("请稍候")
        from PySide6.QtCore import Qt  # where used: see desktop/ui/__init__.py

        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not self._cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(self._user_cancelled)
        self.dialog = dialog
        if self._progress is not None:
            self._on_progress(*self._progress)
        dialog.show()

    def _user_cancelled(self) -> None:
        self.job.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText("正在取消…")

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self._progress = (done, total, text)
        # setValue on a modal progress dialog processes events, and the job's end among
        # them clears self.dialog: keep the one we started with
        dialog = self.dialog
        if dialog is None:
            return
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total > 0 else 0)
        if text and not self.job.cancelled and self.dialog is dialog:
            dialog.setLabelText(text)

    def _finish(self) -> None:
        self.finished = True
        Collection.ended(self._thread)
        self._timer.stop()
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.canceled.disconnect(self._user_cancelled)
            dialog.close()
            if dialog.parent() is not None:  # owned by Qt; a parentless one dies with Python
                dialog.deleteLater()

    def _succeeded(self, result: Any) -> None:
        self._finish()
        try:
            if self._on_success is not None:
                self._on_success(result)
        finally:
            self.done.emit()

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        try:
            if self._on_failure is not None:
                self._on_failure(exc)
            else:
                self._report_error(self._widget, exc)
        finally:
            self.done.emit()

    def _cancelled(self) -> None:
        self._finish()
        try:
            if self._on_cancelled is not None:
                self._on_cancelled()
        finally:
            self.done.emit()


class Work(QObject):
    """Starts background tasks for one window; created once and passed down."""

    def __init__(
        self,
        store: Store,
        widget: QWidget | None = None,
        *,
        report_error: ErrorReporter = show_error,
        delay_ms: int = PROGRESS_DELAY_MS,
    ) -> None:
        super().__init__(widget)
        self.store = store
        self.widget = widget
        self.report_error = report_error
        self.delay_ms = delay_ms
        self.tasks: list[Task] = []

    def run(
        self,
        fn: Callable[[Store, Job], Any],
        *,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        label: str = "正在处理，请稍候…",
        cancellable: bool = True,
        progress: bool = True,
    ) -> Task:
        """Run `fn(store, job)` off the GUI thread; callbacks run on the GUI thread.

        Without `on_failure`, a UserError is shown to the clerk in a message box and
        any other exception is reported as a bug. `progress=False`: quiet work the
        clerk did not ask for (no 请稍候 dialog, however long it takes).
        """
        task = Task(
            self,
            self.widget,
            fn,
            self.store,
            on_success,
            on_failure,
            on_cancelled,
            label,
            cancellable,
            self.report_error,
            self.delay_ms if progress else None,
        )
        self.tasks.append(task)
        task.done.connect(lambda: self._forget(task))
        return task

    def _forget(self, task: Task) -> None:
        if task in self.tasks:
            self.tasks.remove(task)
        task.deleteLater()

    @property
    def busy(self) -> bool:
        return bool(self.tasks)

    def cancel_all(self, timeout: float = 5.0) -> None:
        """Ask every task to stop and wait for the threads (window closing)."""
        for task in list(self.tasks):
            task.cancel()
        for task in list(self.tasks):
            task.wait(timeout)
