"""The Qt application: identity, fonts, the store (opened once here) and the main window."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from desktop import APP_ID, APP_NAME, resources
from desktop import log as applog
from desktop.collector import tune_garbage_collection
from desktop.queries import settings as ledger_settings
from desktop.store import DB_FILENAME, Store, encryption, lock
from desktop.store.damage import cheap_problem
from desktop.store.errors import NewerSchemaError, UserError
from desktop.ui import error_hook
from desktop.ui.fonts import ensure_cjk_font
from desktop.ui.locking import Locker, ask_store_key, ask_unlock
from desktop.ui.main_window import MainWindow
from desktop.ui.palette import use_light_palette
from desktop.ui.screen import (
    fit_windows_shown_after,
    shrink_into_screen,
    shrink_window_into_screen,
)
from desktop.ui.work import Collection, Job, Task
from desktop.version import version

# The backup module (zip, scrypt, manifests) loads where a backup is made or damage found,
# after the window's first paint (start-up time, see desktop/store/damage.py).
if TYPE_CHECKING:
    from desktop.store import backup
    from desktop.ui.backup_dialogs import RestoreRequest

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
    QCoreApplication.setApplicationVersion(version())


def install_qt_translation(app: QCoreApplication) -> QTranslator | None:
    """Qt's own texts in Simplified Chinese (确定/取消 on message boxes, the file and print
    dialogs, a text field's context menu), whatever the machine's language: Qt loads
    no translation by itself. qtbase_zh_CN.qm ships with PySide6 and in the bundle; the
    labels it lacks are set by desktop/ui/file_dialogs.py."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    chinese = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    # dates and numbers Qt formats itself (a file dialog's 修改日期, a calendar's months)
    # in Chinese too, not "3 12 2026" from an English or C locale
    QLocale.setDefault(chinese)
    if not translator.load(chinese, "qtbase", "_", folder):
        log.warning("Qt translation qtbase_zh_CN not found in %s", folder)
        return None
    app.installTranslator(translator)
    return translator


def choose_input_method(env: MutableMapping[str, str], plugins: Path) -> str | None:
    """fcitx5 (UOS, Kylin) sets QT_IM_MODULE=fcitx, but PySide6's wheel, and so the
    bundle, has no fcitx plugin: Qt would then run without any input method and the clerk
    could not type Chinese. fcitx5 also speaks IBus's protocol (its IBus frontend), and
    the ibus plugin is bundled: switch to it. Returns the module chosen, if changed."""
    if env.get("QT_IM_MODULE", "").lower() not in ("fcitx", "fcitx5"):
        return None
    folder = plugins / "platforminputcontexts"
    if any(folder.glob("*fcitx*")) or not any(folder.glob("*ibus*")):
        return None
    env["QT_IM_MODULE"] = "ibus"
    return "ibus"


def run(data_dir: Path, argv: list[str] | None = None) -> int:
    """Create the QApplication, open the store once, show the main window, run."""
    tune_garbage_collection()  # as the command line does (desktop.cli.main)
    configure_application_identity()
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    if sys.platform.startswith("linux") and choose_input_method(os.environ, plugins):
        log.info("QT_IM_MODULE fcitx has no plugin here; using ibus (fcitx5's IBus frontend)")
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationDisplayName(APP_NAME)
    app.setWindowIcon(QIcon(str(resources.resource("icons", "qingfeng.png"))))
    install_qt_translation(app)
    use_light_palette(app)  # readable under a dark system palette
    ensure_cjk_font(app)
    errors = error_hook.install()  # an unexpected error: logged, then one dialog
    try:
        return _run_locked(app, data_dir)
    finally:
        error_hook.uninstall(errors)


def _run_locked(app: QApplication, data_dir: Path) -> int:
    try:
        held = lock.acquire(data_dir)  # one window per data dir
    except UserError as exc:
        from PySide6.QtWidgets import QMessageBox  # where used: see desktop/ui/__init__.py

        QMessageBox.warning(None, f"{APP_NAME} — 无法打开数据", str(exc))  # in use, or read-only
        return 1
    try:
        # the cheap checks only: the whole-file check runs once the window is painted
        if not recover_if_damaged(data_dir, quick_check=False):
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
    get their chance to save), closes the store, lets `restore.restore` put the current
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
        self.checking: Task | None = None  # the integrity check after the first paint
        self.switching = False

    def start(self) -> bool:
        """Ask the data passphrase of an encrypted store, open it, ask the password if one
        is set, show the window."""
        go_on, key = self.ask_key(self.data_dir)
        if not go_on:
            return False
        try:
            with applog.timed("open the store"):
                self.store = Store.open(self.data_dir, key=key)
        except UserError as exc:
            # damage the cheap checks before the window could not see: the whole-file
            # check now, and recovery offered as for damage found at any other time
            from PySide6.QtWidgets import QMessageBox  # where used: see desktop/ui/__init__.py

            from desktop.store import backup  # damage: see the module's comment above

            damage = key is None and not isinstance(exc, NewerSchemaError)
            found = backup.diagnose(self.data_dir) if damage else None
            if found is None:
                QMessageBox.critical(None, f"{APP_NAME} — 无法打开数据", str(exc))
                return False
            if not recover_if_damaged(self.data_dir, found=found):
                return False
            return self.start()
        if not self.unlock(self.store):
            self.store.close()
            self.store = None
            return False
        self._show_window()
        window = self.window
        assert window is not None
        window.after_first_paint(lambda: self.check_in_background(window))
        return True

    def check_in_background(self, window: MainWindow | None = None) -> None:
        """After the first paint: PRAGMA quick_check on the worker (it reads the whole
        file), then the day's automatic backup. Damage found stops the work and offers
        recovery, as a damaged store found before the window does. `window`: the one it
        was queued for (nothing to check once that window is gone)."""
        if window is not None and window is not self.window:
            return
        assert self.window is not None and self.store is not None
        from desktop.store import backup  # here, not on the worker: after the first paint

        data_dir = self.data_dir

        def check(store: Store, job: Job) -> str | None:
            problem = backup.integrity_problem(data_dir)
            if problem is None:
                _backup_quietly(store, replace_today=False)  # at most daily
            return problem

        def checked(problem: str | None) -> None:
            if problem is not None:
                self.stop_for_damage(problem)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):  # the file could not even be opened again
                self.stop_for_damage(str(exc))
            elif self.window is not None:
                self.window.work.report_error(self.window, exc)  # a bug, not the file

        self.checking = self.window.work.run(
            check,
            on_success=checked,
            on_failure=failed,
            label="正在检查数据文件…",
            cancellable=False,
            progress=False,
        )

    def stop_for_damage(self, problem: str) -> bool:
        """The background check found damage: close the window and the store, explain,
        offer recovery; a recovered store opens in a new window, otherwise the program
        ends with status 1. Returns whether work goes on."""
        from PySide6.QtWidgets import QMessageBox  # where used: see desktop/ui/__init__.py

        window = self.window
        if window is None or self.store is None:
            return False
        self.switching = True
        try:
            if not window.close():  # the clerk kept an unsaved form open
                QMessageBox.critical(
                    window,
                    f"{APP_NAME} — 数据文件异常",
                    f"{problem}\n\n请关闭正在编辑的表单（未保存的内容会留作草稿），"
                    "然后退出程序，再次打开时可从备份恢复。",
                )
                return False
            self._let_go(optimize=False)  # write nothing more into a damaged file
            from desktop.store import backup  # loaded by the check that found the damage

            found = backup.diagnosis(self.data_dir, problem)
            if recover_if_damaged(self.data_dir, found=found) and self.start():
                return True
            QApplication.exit(1)
            return False
        finally:
            self.switching = False

    def _show_window(self) -> None:
        assert self.store is not None
        window = self.make_window(self.store)
        window.closed.connect(self._window_closed)
        window.restore_requested.connect(self.restore)
        self.window = window
        window.after_first_paint(Collection.allow)  # paused for the start (desktop.__main__)
        self.locker = Locker(self.store, self, interval_ms=self.lock_ms)
        self.locker.quit_requested.connect(self._quit_from_lock)
        locker = self.locker

        def watch_security(settings: QWidget) -> None:
            from desktop.ui.pages.settings_page import SettingsPage  # built now: loaded

            if isinstance(settings, SettingsPage):
                settings.security.changed.connect(locker.configure)

        window.pages.when_built("设置", watch_security)  # 设置 is built on first show
        shrink_window_into_screen(window)  # geometry saved on a larger monitor
        window.show()
        fit_windows_shown_after(window)  # every later window inside its screen
        if not ledger_settings.is_set_up(self.store):  # first_start.needs_first_start
            from desktop.ui.first_start import FirstStartDialog  # a new office's only

            guide = FirstStartDialog(self.store, window, import_ledger=window.import_ledger)
            guide.accepted.connect(window.refresh_all)
            guide.show()  # not modal: the idle lock still hides it like any window
            shrink_into_screen(guide)  # shown before FitOnShow is installed

    def _window_closed(self) -> None:
        if not self.switching:
            QApplication.quit()

    def _quit_from_lock(self) -> None:
        """退出程序 on the lock screen: the windows stay hidden; unsaved form text is kept
        as drafts (they are offered back at the next start), nothing is shown."""
        if self.locker is not None:
            self.locker.stop()
        QApplication.quit()

    def _let_go(self, *, optimize: bool = True) -> None:
        """After the window accepted its close: stop the idle lock, drop the window,
        close the store (a restore or a recovery replaces the file next)."""
        assert self.window is not None and self.store is not None
        if self.locker is not None:
            self.locker.stop()
            self.locker.deleteLater()
            self.locker = None
        self.window.deleteLater()
        self.window = None
        self.checking = None  # that window's check (a new window is checked anew)
        self.store.close(optimize=optimize)
        self.store = None

    def restore(self, request: RestoreRequest) -> bool:
        """Switch to a verified backup; the current data goes to replaced-<time>/."""
        from PySide6.QtWidgets import QMessageBox  # where used: see desktop/ui/__init__.py

        window = self.window
        if window is None or self.store is None:
            return False
        self.switching = True
        try:
            if not window.close():  # the clerk kept an unsaved form open
                return False
            self._let_go()
            from PySide6.QtCore import Qt  # where used: see desktop/ui/__init__.py

            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                from desktop.store import restore  # a restore's only: not loaded at start

                result: backup.RestoreResult | None = restore.restore(
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


RESTORE_FROM_FILE, START_ANEW, QUIT = 0, 1, 2


def choose_recovery(text: str) -> int:
    """No good backup beside the store: restore from a file (a USB stick), keep what is
    there aside and start anew, or quit (the default: nothing is touched)."""
    from PySide6.QtWidgets import QMessageBox  # where used: see desktop/ui/__init__.py

    box = QMessageBox(QMessageBox.Icon.Warning, f"{APP_NAME} — 数据文件异常", text)
    buttons = [
        box.addButton("从备份文件恢复…", QMessageBox.ButtonRole.AcceptRole),
        box.addButton("移开现有文件，新建空台账", QMessageBox.ButtonRole.DestructiveRole),
        box.addButton("退出", QMessageBox.ButtonRole.RejectRole),
    ]
    box.setDefaultButton(buttons[QUIT])
    box.setEscapeButton(buttons[QUIT])
    box.exec()
    clicked = box.clickedButton()
    return buttons.index(clicked) if clicked in buttons else QUIT


def pick_backup_file() -> tuple[Path, str | None] | None:
    """A backup file chosen by the clerk, with its passphrase when it is encrypted."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox  # see ui/__init__.py

    from desktop.store import backup  # damage found: see the module's comment above
    from desktop.ui import file_dialogs

    name = file_dialogs.open_file(None, "选择备份文件", f"清风台账备份 (*{backup.SUFFIX})")
    if not name:
        return None
    path = Path(name)
    try:
        encrypted = backup.is_encrypted(path)
    except UserError as exc:
        QMessageBox.critical(None, f"{APP_NAME} — 无法读取备份", str(exc))
        return None
    if not encrypted:
        return path, None
    passphrase, ok = QInputDialog.getText(
        None,
        "备份密码",
        f"该备份已加密，请输入备份密码：\n{path.name}",
        QLineEdit.EchoMode.Password,
    )
    return (path, passphrase) if ok and passphrase else None


def _restore_at_start(data_dir: Path, path: Path, passphrase: str | None) -> bool:
    from PySide6.QtWidgets import QMessageBox  # where used: see desktop/ui/__init__.py

    from desktop.store import restore  # a restore's only: not loaded at start

    try:
        result = restore.restore(path, data_dir, passphrase)
    except UserError as exc:
        QMessageBox.critical(None, f"{APP_NAME} — 恢复失败", f"{exc}\n\n现有文件未被改动。")
        return False
    kept = f"原有文件保留在：{result.replaced}" if result.replaced else ""
    QMessageBox.information(None, APP_NAME, f"已从备份恢复。{kept}")
    return True


def recover_if_damaged(
    data_dir: Path,
    *,
    quick_check: bool = True,
    found: backup.Diagnosis | None = None,
    choose: Callable[[str], int] = choose_recovery,
    pick: Callable[[], tuple[Path, str | None] | None] = pick_backup_file,
) -> bool:
    """A store that fails its check, is emptied, or is missing where backups or stored
    files show there was one, is explained, kept aside and, if the clerk agrees,
    replaced by the newest good backup, or one the clerk picks; never by a new empty
    store without asking. Returns False when the clerk declines to go on.

    `quick_check=False`: the cheap checks only (see `backup.diagnose`); `found`: damage
    found already (by the background check), explained and offered the same way."""
    if found is None and not quick_check:
        # backup.diagnose(quick_check=False) without loading the backup module when the
        # store is sound (every start)
        problem = cheap_problem(data_dir)
        if problem is None:
            return True
    from PySide6.QtWidgets import QMessageBox  # where used: see desktop/ui/__init__.py

    from desktop.store import backup  # damage found (or the whole-file check asked for)

    if found is None:
        found = backup.diagnose(data_dir) if quick_check else backup.diagnosis(data_dir, problem)
    if found is None:
        return True
    if found.backup is None:
        choice = choose(
            f"{found.message}\n\n可以选择一个备份文件（如 U 盘上的）恢复；也可以把现有文件"
            "（连同无法校验的备份）原样移到数据目录下的“damaged-时间”文件夹中保留，"
            "然后新建空的台账。不确定时请选“退出”，什么也不会改动。"
        )
        if choice == RESTORE_FROM_FILE:
            chosen = pick()
            return chosen is not None and _restore_at_start(data_dir, *chosen)
        if choice != START_ANEW:
            return False
        try:
            kept = backup.start_anew(data_dir)
        except UserError as exc:
            QMessageBox.critical(None, f"{APP_NAME} — 无法移开现有文件", str(exc))
            return False
        QMessageBox.information(None, APP_NAME, f"现有文件已保留在：{kept}")
        return True
    lines = "\n".join(backup.describe(found.manifest)) if found.manifest else str(found.backup)
    answer = QMessageBox.question(
        None,
        f"{APP_NAME} — 数据文件异常",
        f"{found.message}\n\n可从最近一次完好的备份恢复：\n{lines}\n\n"
        "恢复前，数据目录中现有的文件会原样移到“replaced-时间”文件夹中保留。是否恢复？",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    return _restore_at_start(data_dir, found.backup, None)


def _backup_quietly(store: Store, *, replace_today: bool) -> None:
    """Automatic backups must never stop the clerk from working; failures are logged."""
    from desktop.store import backup  # after the first paint (the check) or at exit

    try:
        backup.automatic(store, replace_today=replace_today)
    except UserError as exc:
        log.warning("automatic backup failed: %s", exc)
