"""Python's cyclic garbage collector, run on the GUI thread only.

Left automatic, CPython collects in whichever thread happens to allocate when a
threshold is crossed. On a background worker (desktop.ui.work) that can free a cycle
holding a Qt object: its C++ destructor then runs on the worker and takes a Qt lock,
while the GUI thread, holding that lock's other side, waits for the GIL the worker's
collection holds. Both wait for good (seen with gdb: a test run hung deleting a
QComboBox; a CI run hung at 70 %). So the window turns automatic collection off and
collects here, on the GUI thread, by the same thresholds (desktop.collector).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_MS = 250  # a generation-0 collection is ~1 ms: checking 4 times a second is plenty


class GuiThreadCollector(QObject):
    """Collects on a timer on the thread it lives on (the GUI thread), generation by
    generation, when the allocation counts pass the thresholds as the automatic
    collector would. `start` turns automatic collection off; `stop` turns it back on."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = CHECK_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def check(self) -> int:
        """Collect the generations whose counts passed their thresholds; objects found
        unreachable (0 when nothing was due)."""
        first, second, third = gc.get_threshold()
        young, middle, old = gc.get_count()
        if young <= first:
            return 0
        if middle < second:
            return gc.collect(0)
        if old < third:
            return gc.collect(1)
        return gc.collect(2)
