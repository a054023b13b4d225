"""At start, the data passphrase of an encrypted store and the password, if one is set;
then the idle lock.

Apart from their dialogs (desktop/ui/security.py) because every start runs these and a
plain store without a password shows none: the dialogs' module, with the Qt classes of
their widgets (and the enum classes PySide6 builds for them), loads only when one is
asked for or the lock screen shows (start-up time, see desktop/ui/__init__.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from desktop import APP_NAME
from desktop.store import access, encryption

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop.store.db import Store
    from desktop.ui.security import UnlockDialog

ACTIVITY = (
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
)


def ask_store_key(data_dir: Path) -> tuple[bool, bytes | None]:
    """(go on, key): the key of an encrypted store, None for a plain one; (False, None)
    when the clerk leaves, or encryption is unavailable here (said in one dialog)."""
    from desktop.store import DB_FILENAME

    path = data_dir / DB_FILENAME
    if not encryption.is_encrypted_file(path):
        return True, None
    from PySide6.QtWidgets import QDialog, QMessageBox  # where used: see the module's doc

    from desktop.ui.security import PassphraseDialog

    if not encryption.available():
        QMessageBox.critical(None, f"{APP_NAME} — 无法打开数据", encryption.UNAVAILABLE)
        return False, None
    dialog = PassphraseDialog(path)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False, None
    return True, dialog.key


def ask_unlock(store: Store) -> bool:
    """At start: True when no password is set or the clerk entered it."""
    if not access.has_password(store):
        return True
    from PySide6.QtWidgets import QDialog  # where used: see the module's doc

    from desktop.ui.security import UnlockDialog

    dialog = UnlockDialog(store)
    return dialog.exec() == QDialog.DialogCode.Accepted


class Locker(QObject):
    """Locks after `minutes` without keyboard or mouse input: every window of the
    application is hidden and the lock screen asks the password again.

    While a modal dialog (a message box, a file chooser) is open the lock waits: hiding
    it would end the dialog and lose the clerk's answer."""

    locked_changed = Signal(bool)
    quit_requested = Signal()

    def __init__(self, store: Store, parent: QObject | None = None, *, interval_ms: int = 0):
        super().__init__(parent)
        self.store = store
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.hidden: list[QWidget] = []
        self.screen: UnlockDialog | None = None
        self._fixed_ms = interval_ms  # tests use a short interval
        self._watching = False  # the application-wide activity filter is installed
        self.configure()

    @property
    def locked(self) -> bool:
        return self.screen is not None

    def interval_ms(self) -> int:
        if not access.has_password(self.store):
            return 0
        return self._fixed_ms or access.lock_minutes(self.store) * 60_000

    def configure(self) -> None:
        """Re-read the settings (after the password or the minutes changed)."""
        interval = self.interval_ms()
        # Watch the clerk's activity only while a lock is set: an application-wide Python
        # filter makes PySide6 wrap every event of every widget (slower start and work).
        self._watch(interval > 0)
        if interval <= 0:
            self.timer.stop()
        elif not self.locked:
            self.timer.start(interval)

    def _watch(self, on: bool) -> None:
        app = QApplication.instance()
        if app is None or on == self._watching:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._watching = on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and not self.locked and self.timer.isActive():
            self.timer.start()  # restart the idle countdown
        return False

    def lock(self) -> bool:
        if self.locked or not access.has_password(self.store):
            return False
        if QApplication.activeModalWidget() is not None:
            self.timer.start(max(self.interval_ms(), 1000))
            return False
        from desktop.ui.security import UnlockDialog  # the lock screen: see the module's doc

        self.hidden = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        for w in self.hidden:
            w.hide()
        screen = UnlockDialog(self.store, locked=True)
        screen.setModal(True)
        screen.resize(460, 300)
        screen.accepted.connect(self.unlock)
        screen.quit_requested.connect(self.quit_requested)
        self.screen = screen
        screen.show()
        self.locked_changed.emit(True)
        return True

    def unlock(self) -> None:
        screen, self.screen = self.screen, None
        if screen is not None:
            screen.deleteLater()
        for w in self.hidden:
            w.show()
        self.hidden = []
        self.configure()
        self.locked_changed.emit(False)

    def stop(self) -> None:
        self.timer.stop()
        self._watch(False)
