"""Start-up does only what the first screen needs: the window paints first, its first page
is built right after, the other pages when first shown, and the PDF and workbook
libraries load on the first print or export."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from ui_helpers import Seeded
from ui_window import close_window, open_window

from desktop.queries import desk
from desktop.store import Store
from desktop.store import records as rec
from desktop.ui.app import configure_application_identity
from desktop.ui.main_window import PAGES, MainWindow
from desktop.ui.pages.dashboard import DashboardPage
from desktop.ui.pages.list_page import ListPage


@pytest.fixture
def window(qtbot: QtBot, store: Store, seeded: Seeded) -> Iterator[MainWindow]:
    w = open_window(qtbot, store, confirm=lambda *_: True, offer_drafts=False)
    yield w
    close_window(qtbot, w)


def test_only_the_first_page_is_built_at_start(window: MainWindow) -> None:
    assert [type(p) for p in window.pages.built()] == [DashboardPage]
    assert window.stack.count() == len(PAGES) == len(window.pages)
    assert [window.sidebar.item(i).text() for i in range(window.sidebar.count())] == list(PAGES)


class PaintSpy(QObject):
    """Notes which pages were built when the window painted."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.built_at_paint: list[list[type]] = []
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Paint:
            self.built_at_paint.append([type(p) for p in self.window.pages.built()])
        return False


def unshown_window(qtbot: QtBot, store: Store) -> MainWindow:
    configure_application_identity()
    QSettings().clear()
    w = MainWindow(store, confirm=lambda *_: True, offer_drafts=False)
    qtbot.addWidget(w)
    return w


def test_the_window_paints_first_and_the_desk_follows(
    qtbot: QtBot, store: Store, seeded: Seeded
) -> None:
    """The first paint is the window with its menus, toolbar and sidebar; the 工作台 is
    built right after it, and its figures and action list arrive from the worker."""
    w = unshown_window(qtbot, store)
    spy = PaintSpy(w)
    assert w.pages.built() == [] and not w.settled
    assert [a.text() for a in w.menuBar().actions()][:2] == ["文件(&F)", "编辑(&E)"]
    assert w.sidebar.currentRow() == 0 and w.sidebar.count() == len(PAGES)
    w.show()
    qtbot.waitUntil(lambda: w.settled)
    assert spy.built_at_paint[0] == []  # painted before any page was built
    desk_page = w.pages["工作台"]
    assert isinstance(desk_page, DashboardPage)
    assert w.stack.currentWidget() is desk_page and w.current_page() is desk_page
    qtbot.waitUntil(lambda: desk_page.agenda_box.title().startswith("待办事项（"))
    qtbot.waitUntil(lambda: desk_page.values["talks"].text() != "—")  # the year's figures
    assert [type(p) for p in w.pages.built()] == [DashboardPage]
    close_window(qtbot, w)


def test_a_page_asked_for_before_the_first_paint_is_built_at_once(
    qtbot: QtBot, store: Store, seeded: Seeded
) -> None:
    """A click before the paint (or a refresh) does what it does later: the page chosen is
    built and shown; the desk, no longer on screen, waits until it is shown."""
    w = unshown_window(qtbot, store)
    assert w.current_list() is None and w.new_action.isEnabled()  # 新建 on the desk
    w.refresh_all()
    assert w.pages.built() == []
    units = w.select_page("单位")
    assert isinstance(units, ListPage) and w.stack.currentWidget() is units
    assert w.count_label.text() == f"共 {units.model.rowCount()} 条"
    w.show()
    qtbot.waitUntil(lambda: w.settled)
    assert w.current_list() is units and w.sidebar.currentRow() == PAGES.index("单位")
    assert [type(p) for p in w.pages.built()] == [ListPage]
    desk_page = w.select_page("工作台")
    assert isinstance(desk_page, DashboardPage) and w.stack.currentWidget() is desk_page
    close_window(qtbot, w)


def test_the_current_page_is_built_when_asked_for_before_the_paint(
    qtbot: QtBot, store: Store, seeded: Seeded
) -> None:
    w = unshown_window(qtbot, store)
    desk_page = w.current_page()  # as code asking for the page on screen gets it
    assert isinstance(desk_page, DashboardPage) and w.stack.currentWidget() is desk_page
    w.show()
    qtbot.waitUntil(lambda: w.settled)
    assert w.pages.built() == [desk_page] and w.stack.currentWidget() is desk_page
    close_window(qtbot, w)


def test_a_page_is_built_on_first_show_and_kept(window: MainWindow) -> None:
    page = window.select_page("单位")
    assert isinstance(page, ListPage)
    assert window.stack.currentWidget() is page
    assert window.stack.indexOf(page) == PAGES.index("单位")
    assert window.count_label.text() == f"共 {page.model.rowCount()} 条"
    window.select_page("工作台")
    assert window.select_page("单位") is page  # built once
    assert window.stack.count() == len(PAGES)


def test_refresh_leaves_unbuilt_pages_alone_and_they_open_fresh(
    window: MainWindow, store: Store, seeded: Seeded
) -> None:
    talks = window.pages["谈话记录"]  # asked for, not shown: built in its slot
    assert isinstance(talks, ListPage)
    assert window.stack.indexOf(talks) == PAGES.index("谈话记录")
    before = talks.model.rowCount()
    rec.delete(store, "talks", seeded.talks[0])
    window.refresh_all()
    assert talks.model.rowCount() == before - 1
    assert [type(p) for p in window.pages.built()] == [DashboardPage, ListPage]
    persons = window.select_page("人员档案")
    assert isinstance(persons, ListPage)
    assert persons.model.rowCount() == len(seeded.persons)


# Opening a sound plain store needs none of these: the backup module (zip, manifests)
# loads when a backup is made or damage found, the audit trail (with kinds) and the
# dictionaries with the first write or page, OpenSSL (hashlib, hmac, secrets) with the
# first hash or key; the error dialog with the first error, the first-start guide for an
# office not set up, the password dialogs when asked.
AFTER_THE_PAINT = (
    *("desktop.store.backup", "desktop.store.audit", "desktop.store.kinds"),
    *("desktop.store.dictionaries", "hashlib", "hmac", "secrets"),
    *("desktop.ui.error_dialog", "desktop.ui.first_start", "desktop.ui.security"),
)


def test_start_up_does_not_load_the_pdf_or_workbook_libraries(repo_root: Path) -> None:
    """Nor importlib.metadata (~40 ms): the version comes from desktop.version; nor
    sqlite-utils (~60 ms with click, pluggy and dateutil): the store has its own wrapper;
    nor the entry forms and the print preview (Qt PDF, print support): first use; nor
    the pages, their models and what they compute: after the first paint."""
    unwanted = (
        *("reportlab", "openpyxl", "importlib.metadata", "sqlite_utils", "click"),
        *("desktop.ui.forms.record_form", "desktop.ui.print_preview", "PySide6.QtPdf"),
        *("desktop.ui.pages.dashboard", "desktop.ui.pages.list_page", "desktop.ui.models"),
        *("desktop.ui.dialogs", "desktop.domain.stats", "desktop.queries.desk"),
        *("sqlcipher3", "logging.handlers", "desktop.store.records", "desktop.store.restore"),
        *AFTER_THE_PAINT,
    )
    code = (
        "import sys; import desktop.__main__, desktop.ui.app, desktop.ui.main_window;"
        "from desktop.version import version; version();"
        f"print(sorted(m for m in {unwanted!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=repo_root, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_store_domain_and_documents_import_without_qt(repo_root: Path) -> None:
    """The layers below the UI and the read side (desktop.queries) are plain Python:
    importing every module of them (and the command line) loads no Qt, so they run and
    test without a QApplication."""
    code = (
        "import importlib, pkgutil, sys\n"
        "import desktop.store, desktop.domain, desktop.documents, desktop.queries, desktop.cli\n"
        "for pkg in (desktop.store, desktop.domain, desktop.documents, desktop.queries):\n"
        "    for m in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(pkg.__name__ + '.' + m.name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=repo_root, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_the_desk_reads_its_action_list_once_at_start_and_again_on_return(
    qtbot: QtBot, store: Store, seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    real = desk.compute

    def counted(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(desk, "compute", counted)
    configure_application_identity()
    QSettings().clear()
    w = MainWindow(store, confirm=lambda *_: True, offer_drafts=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    page = w.pages["工作台"]
    assert isinstance(page, DashboardPage)
    qtbot.waitUntil(lambda: not page.agenda_pending, timeout=10000)
    assert len(threads) == 1  # built and shown: one read
    assert page.agenda_box.title().startswith("待办事项（")  # and it is on screen
    w.select_page("单位")
    w.select_page("工作台")
    qtbot.waitUntil(lambda: not page.agenda_pending, timeout=10000)
    assert len(threads) == 2  # back at the desk: read again (deadlines may have passed)
    assert threading.main_thread() not in threads  # on the worker, never the GUI thread
    w.work.cancel_all()
    qtbot.waitUntil(lambda: not w.work.busy, timeout=5000)


def test_a_connection_to_a_page_waits_until_it_is_built(window: MainWindow) -> None:
    seen: list[object] = []
    window.pages.when_built("设置", seen.append)
    assert seen == [] and not window.pages.is_built("设置")
    page = window.select_page("设置")
    assert seen == [page]
    window.pages.when_built("设置", seen.append)  # already built: at once
    assert seen == [page, page]


def test_application_wide_filters_wait_for_the_paint_or_a_lock(
    qtbot: QtBot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An application-wide Python event filter makes PySide6 wrap every event: the screen
    fitter is installed after the first paint, the idle lock's only while a lock is set."""

    from desktop.store import access
    from desktop.ui.app import Session
    from desktop.ui.locking import Locker
    from desktop.ui.screen import FitOnShow

    installed: list[str] = []
    real_install = QApplication.installEventFilter

    def install(app: QApplication, watcher: QObject) -> None:
        installed.append(type(watcher).__name__)
        real_install(app, watcher)

    monkeypatch.setattr(QApplication, "installEventFilter", install)
    configure_application_identity()
    QSettings().clear()
    session = Session(
        data_dir,
        unlock=lambda _s: True,
        make_window=lambda s: MainWindow(s, confirm=lambda *_: True, offer_drafts=False),
    )
    assert session.start()
    window, locker = session.window, session.locker
    assert window is not None and isinstance(locker, Locker) and session.store is not None
    try:
        assert installed == []  # the window is built and shown without either
        qtbot.waitUntil(lambda: window.findChild(FitOnShow) is not None, timeout=10000)
        assert installed == ["FitOnShow"]  # after the paint
        big = QWidget()
        big.resize(5000, 5000)
        big.show()
        assert big.width() < 5000  # later windows fit the screen
        big.close()
        access.set_password(session.store, None, "right-pass", "right-pass")
        locker.configure()
        assert installed == ["FitOnShow", "Locker"]  # a lock set: the clerk's activity
        assert locker.timer.isActive()
    finally:
        session.switching = True
        window.close()
        window.deleteLater()
        session.finish()


def test_the_window_core_preloaded_before_qt_is_qt_free(repo_root: Path) -> None:
    """`python -m desktop` imports these before PySide6 (whose import hook would read
    every later module's source): they must not import Qt themselves."""
    code = (
        "import sys; from desktop.__main__ import WINDOW_CORE, preload_window_core;"
        "preload_window_core();"
        "print(len(WINDOW_CORE), sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=repo_root, capture_output=True, text=True, check=True
    )
    assert done.stdout.split(" ", 1)[1].strip() == "[]"


def test_the_first_paint_builds_no_qt_namespace(
    repo_root: Path, data_dir: Path, store: Store, seeded: Seeded
) -> None:
    """The start as `python -m desktop` runs it, up to the main window's first paint
    (benchmarks/launch.py): PySide6's `Qt` namespace (93 enum classes, a sixth of a bare
    window's start) is not built before it, nor the pages' modules loaded, nor what
    opening a sound store does not need (AFTER_THE_PAINT)."""
    store.close()  # a ledger set up (units, persons): no first-start guide
    done = subprocess.run(
        [sys.executable, "benchmarks/launch.py", "--data-dir", str(data_dir)],
        cwd=repo_root,
        capture_output=True,
        text=True,
        check=True,
    )
    painted = json.loads(done.stdout.strip().splitlines()[-1])
    assert painted["qt_namespace"] is False
    assert painted["pages"] == []
    assert sorted(set(AFTER_THE_PAINT) & set(painted["modules"])) == []  # the store opened


def test_garbage_collection_paused_for_the_start_resumes_after_the_first_paint(
    qtbot: QtBot, data_dir: Path
) -> None:
    """`python -m desktop` pauses the cyclic collector for the start
    (desktop.__main__.pause_garbage_collection); the window's first paint resumes it."""
    from desktop.__main__ import pause_garbage_collection
    from desktop.ui.app import Session

    configure_application_identity()
    QSettings().clear()
    pause_garbage_collection()
    session = Session(
        data_dir,
        unlock=lambda _s: True,
        make_window=lambda s: MainWindow(s, confirm=lambda *_: True, offer_drafts=False),
    )
    try:
        assert session.start()
        assert not gc.isenabled()  # shown, not yet painted
        qtbot.waitUntil(gc.isenabled, timeout=10000)
        assert session.window is not None and session.window.settled
    finally:
        gc.enable()
        session.switching = True
        if session.window is not None:
            session.window.close()
            session.window.deleteLater()
        session.finish()
