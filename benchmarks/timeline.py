"""Timeline smoothness: frame times while scrolling and zooming a large store.

    python benchmarks/timeline.py --data-dir D [--steps N] [--repeat N] [--json] [--sync]

Opens the 时间线 page (1200×760, offscreen platform) with the window's background
worker on a seeded store (``python -m desktop seed-demo --scale 10 --data-dir D``;
benchmarks/run.py keeps one in benchmarks/.cache/scale-10) and times frames: from the
action (a key press through the widget's own keyPressEvent, a pan of one week, a zoom
step, a person chosen in the filter) until the paint has finished (``repaint()``
paints synchronously; an event filter checks that a Paint event really ran). Actions
come 30 a second, like a held arrow key; in between the event loop runs, so window
queries go to the worker as in the program, and each result's arrival (lanes swapped
in, then a paint) is timed as its own "….arrival" frame. ``--sync`` runs without the
worker: every query then sits inside the frame that needed it (the worst case).

``task_timeline(data_dir, repeat=1, steps=60, background=True)`` returns the shape of
benchmarks/measure.py's tasks, ``{"name": {"times": [seconds, ...], "cpu": [...],
"note": ...}}``, one entry of "times" per frame ("cpu": the GUI thread's own CPU time
per frame, which a loaded machine disturbs less); ``--json`` prints it with "rss_mb"
as measure.py does. Store sizes: ``--scale 10`` holds about 43k timeline events,
``--scale 25`` about 107k. Never run by the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

Results = dict[str, dict[str, Any]]
WIDTH, HEIGHT = 1200, 760


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _app() -> Any:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop.collector import tune_garbage_collection
    from desktop.ui.app import configure_application_identity
    from desktop.ui.fonts import ensure_cjk_font

    tune_garbage_collection()  # as desktop.ui.app.run does
    configure_application_identity()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    ensure_cjk_font(app)
    return app


class Frames:
    """Times action → finished paint of one view, one action per 1/30 s (key repeat).

    Between actions the event loop runs, so the debounced window queries start on the
    worker and their results arrive as they would for the clerk; each arrival (lanes
    swapped in, then a paint) is timed too."""

    RATE = 1 / 30

    def __init__(self, app: Any, view: Any, work: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        self.app = app
        self.view = view
        self.work = work
        self.paints = 0
        self.arrivals: list[float] = []
        self.arrivals_cpu: list[float] = []
        self.cpu: list[float] = []  # the GUI thread's own CPU time per frame
        frames = self

        class PaintCounter(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if watched is view and event.type() == QEvent.Type.Paint:
                    frames.paints += 1
                return False

        self._filter = PaintCounter()
        view.installEventFilter(self._filter)
        arrived = view._arrived

        def timed_arrival(request: Any, result: Any) -> None:
            t0, c0 = time.perf_counter(), time.thread_time()
            arrived(request, result)
            view.repaint()
            frames.arrivals.append(time.perf_counter() - t0)
            frames.arrivals_cpu.append(time.thread_time() - c0)

        view._arrived = timed_arrival

    def frame(self, action: Callable[[], None]) -> float:
        self.app.processEvents()  # the window is exposed; nothing left over
        before = self.paints
        t0, c0 = time.perf_counter(), time.thread_time()
        action()
        if self.work is None and self.view._fetch_timer.isActive():
            self.view._fetch_timer.stop()  # no worker: the query is part of the frame
            self.view.refresh_now()
        self.view.repaint()
        elapsed = time.perf_counter() - t0
        self.cpu.append(time.thread_time() - c0)
        assert self.paints > before, "no paint happened"
        while time.perf_counter() - t0 < self.RATE:
            self.app.processEvents()
            time.sleep(0.002)
        return elapsed

    def settle(self) -> None:
        view = self.view
        while (
            view._fetch_timer.isActive()
            or view._pending is not None
            or (self.work is not None and self.work.busy)
        ):
            self.app.processEvents()
            time.sleep(0.002)


def _key(view: Any, key: Any) -> Callable[[], None]:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    def press() -> None:
        event = QKeyEvent(QKeyEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(view, event)

    return press


def task_timeline(
    data_dir: Path, repeat: int = 1, steps: int = 60, background: bool = True
) -> Results:
    """Frame times of the timeline page; `repeat` runs every sequence that many times.

    `background=False`: no Work, so window queries run inside the frames (worst case)."""
    from PySide6.QtCore import Qt

    from desktop.queries.timeline import EventFilter
    from desktop.store import Store
    from desktop.ui.timeline import TimelinePage
    from desktop.ui.work import Work

    app = _app()
    store = Store.open(data_dir, create=False)
    t0 = time.perf_counter()
    work = Work(store) if background else None
    page = TimelinePage(store, work)
    page.resize(WIDTH, HEIGHT)
    page.show()
    page.view.refresh_now()
    page.view.repaint()
    opened = time.perf_counter() - t0
    view = page.view
    # counted in SQL: fetching all of them only to count them cost ~300 MB at 1M rows
    selects, params = view.source.window_selects(
        dt.date(1900, 1, 1), dt.date(2999, 12, 31), EventFilter()
    )
    total = sum(int(store.scalar(f"SELECT COUNT(*) FROM ({sql})", params)) for _, sql in selects)
    frames = Frames(app, view, work)
    results: Results = {
        "timeline.open": {"times": [opened], "note": f"{total} events in the store"},
    }

    def sequence(name: str, note: str, prepare: Callable[[], None], actions: list) -> None:
        times: list[float] = []
        cpu: list[float] = []
        arrivals: list[float] = []
        arrivals_cpu: list[float] = []
        queries = 0
        for _ in range(repeat):
            prepare()
            frames.settle()
            frames.cpu.clear()
            frames.arrivals.clear()
            frames.arrivals_cpu.clear()
            before = view.source.queries
            times += [frames.frame(a) for a in actions]
            frames.settle()
            queries += view.source.queries - before
            cpu += frames.cpu
            arrivals += frames.arrivals
            arrivals_cpu += frames.arrivals_cpu
        results[name] = {"times": times, "cpu": cpu, "note": note}
        if arrivals:
            results[name + ".arrival"] = {
                "times": arrivals,
                "cpu": arrivals_cpu,
                "note": f"{note}：后台读取 {queries} 次，数据到达后换入并重绘",
            }

    def at(zoom: int, lanes: str = "kind") -> Callable[[], None]:
        def prepare() -> None:
            page.timeline.lane_combo.setCurrentIndex(page.timeline.lane_combo.findData(lanes))
            view.set_zoom(zoom)
            view.go_today()
            view.refresh_now()

        return prepare

    right, left = _key(view, Qt.Key.Key_Right), _key(view, Qt.Key.Key_Left)
    keys = [left] * steps + [right] * steps
    sequence("timeline.keys.month", f"月视图，方向键 {2 * steps} 步", at(2), keys)
    week = 7 * 3.6  # one week in pixels at month zoom

    def pan(dx: float) -> Callable[[], None]:
        return lambda: view.pan_pixels(dx)

    weeks = [pan(-week)] * steps + [pan(week)] * steps
    sequence("timeline.week.month", f"月视图，每次一周 {2 * steps} 次", at(2), weeks)
    sequence(
        "timeline.week.person-lanes",
        f"月视图按人员分道，每次一周 {2 * steps} 次",
        at(2, "person"),
        weeks,
    )
    year_keys = [left] * (steps // 3) + [right] * (steps // 3)
    sequence("timeline.keys.year", f"年视图，方向键 {len(year_keys)} 步", at(4), year_keys)
    plus, minus = _key(view, Qt.Key.Key_Plus), _key(view, Qt.Key.Key_Minus)
    zooms = [minus] * 4 + [plus] * 4
    sequence("timeline.zoom", "日→年→日，+/- 键各 4 次", at(0), zooms * 3)

    # the 人员 filter box: a person chosen → their events painted
    combo = page.timeline.person_combo
    busiest = store.query(
        "SELECT person_id FROM talk_subjects GROUP BY person_id ORDER BY COUNT(*) DESC LIMIT 20"
    )
    people = [combo.findData(int(r["person_id"])) for r in busiest]
    picks = [(lambda i=i: combo.setCurrentIndex(i)) for i in people if i > 0]
    sequence("timeline.person-filter", f"月视图，选定人员 {len(picks)} 次", at(2), picks)
    everyone = [lambda: combo.setCurrentIndex(people[0]), lambda: combo.setCurrentIndex(0)]
    sequence("timeline.person-filter.clear", "月视图，清除人员筛选（回到全部）", at(2), everyone)
    # typing a name into the box (its completer walks all names), then Enter
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    line = combo.lineEdit()
    keys_t: list[float] = []
    enter_t: list[float] = []
    for _ in range(repeat):
        at(2)()
        for i in people:
            name = combo.itemText(i)
            line.clear()
            app.processEvents()
            for ch in name:  # a key event carrying the character, as an input method sends
                t = time.perf_counter()
                for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
                    QApplication.sendEvent(
                        line, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch)
                    )
                app.processEvents()
                keys_t.append(time.perf_counter() - t)
            t = time.perf_counter()
            QTest.keyClick(line, Qt.Key.Key_Return)
            view.repaint()
            enter_t.append(time.perf_counter() - t)
            assert view.filter.person_id is not None
        combo.setCurrentIndex(0)
    results["timeline.person-search.key"] = {
        "times": keys_t,
        "note": f"人员框逐字输入（{combo.count() - 1} 个姓名）",
    }
    results["timeline.person-search"] = {
        "times": enter_t,
        "note": "输入姓名后回车，到该人员的事项画出",
    }
    # a record saved elsewhere: the page reads its window again
    blocked: list[float] = []
    shown: list[float] = []
    for _ in range(max(5, repeat)):
        frames.settle()
        t = time.perf_counter()
        page.refresh()
        view.repaint()
        blocked.append(time.perf_counter() - t)
        frames.settle()
        shown.append(time.perf_counter() - t)
    results["timeline.reload"] = {
        "times": blocked,
        "note": "保存后刷新：界面线程占用（人员筛选列表只在人员/单位变动时重填）",
    }
    results["timeline.reload.shown"] = {
        "times": shown,
        "note": "保存后刷新：到新数据画出为止",
    }
    page.close()
    if work is not None:
        work.cancel_all()
    store.close()
    return results


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "frames": len(ordered),
        "median_ms": statistics.median(ordered) * 1000,
        "p95_ms": p95 * 1000,
        "max_ms": ordered[-1] * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--json", action="store_true", help="one JSON line, as measure.py")
    parser.add_argument(
        "--sync", action="store_true", help="no worker: window queries inside the frames"
    )
    args = parser.parse_args()
    results = task_timeline(args.data_dir, args.repeat, args.steps, not args.sync)
    if args.json:
        print(json.dumps({"results": results, "rss_mb": rss_mb()}, ensure_ascii=False))
        return 0
    print(f"{'':36} {'frames':>6} {'median':>8} {'p95':>8} {'max':>8}   GUI-thread CPU median/p95")
    for name, r in results.items():
        s = summary(r["times"])
        c = summary(r["cpu"]) if r.get("cpu") else None
        cpu = f"{c['median_ms']:6.1f} /{c['p95_ms']:6.1f}ms" if c else " " * 16
        print(
            f"{name:36} {s['frames']:6d} {s['median_ms']:7.1f}ms {s['p95_ms']:7.1f}ms"
            f" {s['max_ms']:7.1f}ms  {cpu}  {r['note']}"
        )
    print(f"peak memory {rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
