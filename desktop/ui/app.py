"""The Qt application: identity, fonts, the store (opened once here) and the main window."""

from __future__ import annotations

import contextlib
import gc
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, Qt, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop import APP_ID, APP_NAME, __version__, resources
from desktop.store import DB_FILENAME, Store, backup, encryption, lock
from desktop.store.errors import UserError
from desktop.ui.backup_dialogs import RestoreRequest
from desktop.ui.fonts import ensure_cjk_font
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.settings_page import SettingsPage
from desktop.ui.security import Locker, ask_store_key, ask_unlock

ORGANIZATION = "Qingfeng"
log = logging.getLogger(__name__)

__all__ = [
    "ORGANIZATION",
    "MainWindow",
    "Session",
    "configure_application_identity",
    "run",
]


def configure_application_identity() -> None:
    """Names QSettings and the desktop use; call before the first QSettings()."""
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_ID)
    QCoreApplication.setApplicationVersion(__version__)


def install_qt_translation(app: QCoreApplication) -> QTranslator | None:
    """Qt's own texts in Simplified Chinese (确定/取消 on message boxes, the file and print
    dialogs, a text field's context menu), whatever the machine's language: Qt loads
    no translation by itself. qtbase_zh_CN.qm ships with PySide6 and in the bundle."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    chinese = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    if not translator.load(chinese, "qtbase", "_", folder):
        log.warning("Qt translation qtbase_zh_CN not found in %s", folder)
        return None
    app.installTranslator(translator)
    return translator


def tune_garbage_collection() -> None:
    """Collect cycles less often than CPython's default (700, 10, 10).

    The timeline keeps ~100k small event objects alive at a large office; with the
    default thresholds a full collection walks them all every few thousand
    allocations, which showed as 60-200 ms stalls while panning (benchmarks/timeline.py:
    by-person lanes p95 70-80 ms → 13-19 ms at 43k events, same peak memory). Cycles
    are still collected, only in larger batches.
    """
    gc.set_threshold(10_000, 20, 20)


def run(data_dir: Path, argv: list[str] | None = None) -> int:
    """Create the QApplication, open the store once, show the main window, run."""
    tune_garbage_collection()
    configure_application_identity()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationDisplayName(APP_NAME)
    app.setWindowIcon(QIcon(str(resources.resource("icons", "qingfeng.png"))))
    install_qt_translation(app)
    ensure_cjk_font(app)
    try:
        held = lock.acquire(data_dir)  # one window per data dir
    except UserError as exc:
        QMessageBox.warning(None, f"{APP_NAME} — 无法打开数据", str(exc))  # in use, or read-only
        return 1
    try:
        if not recover_if_damaged(data_dir):
            return 1
        app.setQuitOnLastWindowClosed(False)  # Session decides (a restore closes the window)
        session = Session(data_dir)
        if not session.start():
            return 1
        try:
            return app.exec()
        finally:
            session.finish()
    finally:
        held.release()


class Session(QObject):
    """The open store and its window, for the life of the program.

    A restore from a backup needs the store closed: the session closes the window (forms
    get their chance to save), closes the store, lets `backup.restore` put the current
    data aside, reopens the store and shows a new window. The process keeps the data
    dir's lock throughout, so no second window can slip in.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        unlock: Callable[[Store], bool] = ask_unlock,
        ask_key: Callable[[Path], tuple[bool, bytes | None]] = ask_store_key,
        make_window: Callable[[Store], MainWindow] = MainWindow,
        lock_ms: int = 0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.unlock = unlock
        self.ask_key = ask_key
        self.make_window = make_window
        self.lock_ms = lock_ms
        self.store: Store | None = None
        self.window: MainWindow | None = None
        self.locker: Locker | None = None
        self.switching = False

    def start(self) -> bool:
        """Ask the data passphrase of an encrypted store, open it, ask the password if one
        is set, show the window."""
        go_on, key = self.ask_key(self.data_dir)
        if not go_on:
            return False
        try:
            self.store = Store.open(self.data_dir, key=key)
        except UserError as exc:
            QMessageBox.critical(None, f"{APP_NAME} — 无法打开数据", str(exc))
            return False
        if not self.unlock(self.store):
            self.store.close()
            self.store = None
            return False
        _backup_quietly(self.store, replace_today=False)  # at most daily
        self._show_window()
        return True

    def _show_window(self) -> None:
        assert self.store is not None
        window = self.make_window(self.store)
        window.closed.connect(self._window_closed)
        window.restore_requested.connect(self.restore)
        self.window = window
        self.locker = Locker(self.store, self, interval_ms=self.lock_ms)
        self.locker.quit_requested.connect(self._quit_from_lock)
        locker = self.locker

        def watch_security(settings: QWidget) -> None:
            if isinstance(settings, SettingsPage):
                settings.security.changed.connect(locker.configure)

        window.pages.when_built("设置", watch_security)  # 设置 is built on first show
        window.show()

    def _window_closed(self) -> None:
        if not self.switching:
            QApplication.quit()

    def _quit_from_lock(self) -> None:
        """退出程序 on the lock screen: the windows stay hidden; unsaved form text is kept
        as drafts (they are offered back at the next start), nothing is shown."""
        if self.locker is not None:
            self.locker.stop()
        QApplication.quit()

    def restore(self, request: RestoreRequest) -> bool:
        """Switch to a verified backup; the current data goes to replaced-<time>/."""
        window = self.window
        if window is None or self.store is None:
            return False
        self.switching = True
        try:
            if not window.close():  # the clerk kept an unsaved form open
                return False
            if self.locker is not None:
                self.locker.stop()
                self.locker.deleteLater()
                self.locker = None
            window.deleteLater()
            self.window = None
            self.store.close()
            self.store = None
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                result: backup.RestoreResult | None = backup.restore(
                    request.path, self.data_dir, request.passphrase
                )
                failure = None
            except UserError as exc:
                result, failure = None, exc
            finally:
                QApplication.restoreOverrideCursor()
            try:
                self.store = self._reopen(request.passphrase)
            except UserError as exc:
                QMessageBox.critical(None, f"{APP_NAME} — 无法打开数据", str(exc))
                QApplication.quit()
                return False
            self._show_window()
            assert self.window is not None
            if failure is not None:
                QMessageBox.warning(self.window, "恢复未完成", f"{failure}\n\n当前数据未被改动。")
                return False
            assert result is not None
            kept = f"原数据保留在：{result.replaced}" if result.replaced else ""
            QMessageBox.information(
                self.window,
                "已从备份恢复",
                f"已恢复 {result.manifest.get('created_at', '')} 的备份，窗口已重新打开。\n{kept}",
            )
            return True
        finally:
            self.switching = False

    def _reopen(self, passphrase: str | None) -> Store:
        """After a restore: an encrypted backup of an encrypted store opens with the
        passphrase just given; otherwise the passphrase dialog asks."""
        path = self.data_dir / DB_FILENAME
        key = None
        if passphrase and encryption.is_encrypted_file(path):
            with contextlib.suppress(UserError):
                key = encryption.unlock(path, passphrase)
        if key is None:
            go_on, key = self.ask_key(self.data_dir)
            if not go_on:
                raise UserError("未输入数据口令，程序退出。")
        return Store.open(self.data_dir, key=key)

    def finish(self) -> None:
        """At exit: the day's backup holds today's work; then the store is closed."""
        if self.locker is not None:
            self.locker.stop()
        if self.store is not None:
            _backup_quietly(self.store, replace_today=True)
            self.store.close()
            self.store = None


def recover_if_damaged(data_dir: Path) -> bool:
    """A store that fails its check is explained, kept aside and, if the clerk agrees,
    replaced by the newest good backup. Returns False when the clerk declines to go on."""
    found = backup.diagnose(data_dir)
    if found is None:
        return True
    if found.backup is None:
        QMessageBox.critical(None, f"{APP_NAME} — 数据文件异常", found.message)
        return False
    lines = "\n".join(backup.describe(found.manifest)) if found.manifest else str(found.backup)
    answer = QMessageBox.question(
        None,
        f"{APP_NAME} — 数据文件异常",
        f"{found.message}\n\n可从最近一次完好的备份恢复：\n{lines}\n\n"
        "恢复前，当前数据文件会原样移到数据目录下的“replaced-时间”文件夹中保留。是否恢复？",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        result = backup.restore(found.backup, data_dir)
    except UserError as exc:
        QMessageBox.critical(None, f"{APP_NAME} — 恢复失败", str(exc))
        return False
    QMessageBox.information(None, APP_NAME, f"已从备份恢复。原数据保留在：{result.replaced}")
    return True


def _backup_quietly(store: Store, *, replace_today: bool) -> None:
    """Automatic backups must never stop the clerk from working; failures are logged."""
    try:
        backup.automatic(store, replace_today=replace_today)
    except UserError as exc:
        log.warning("automatic backup failed: %s", exc)
