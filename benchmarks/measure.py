"""One group of measurements in its own process; prints one JSON object.

    python benchmarks/measure.py TASK --data-dir D [--repeat N] [--work W]

TASK: lists, form, dashboard, archive, stats, summary, notice-first, notice-warm, export,
import.
Each result is {"name": {"times": [seconds, ...], "note": "..."}, ...} plus the
process's peak RSS ("rss_mb", from getrusage). Run by benchmarks/run.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

Results = dict[str, dict[str, Any]]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def qapp() -> Any:
    from PySide6.QtWidgets import QApplication

    from desktop.ui.app import configure_application_identity
    from desktop.ui.fonts import ensure_cjk_font

    configure_application_identity()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    ensure_cjk_font(app)
    return app


def open_store(data_dir: Path) -> Any:
    from desktop.store import Store

    return Store.open(data_dir, create=False)


def last_year(store: Any) -> tuple[dt.date, dt.date]:
    year = store.today().year - 1
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# -- lists --------------------------------------------------------------------------

# model class -> (table, the model's filter field, the column its commonest value is read
# from); the raw side of each measurement replays the model's own statements (`replay`)
RAW: dict[str, tuple[str, str, str]] = {
    "TalksModel": ("talks", "kind", "kind"),
    "CluesModel": ("clues", "kind", "source"),
    "RectificationsModel": ("rectifications", "status", "status"),
    "PersonsModel": ("persons", "kind", "rank"),
    "UnitsModel": ("units", "kind", "kind"),
    "DocumentsModel": ("documents", "kind", "kind"),
}


class _Recorded:
    """A cursor that counts the rows its reader took (a walk stops part-way)."""

    def __init__(self, cursor: sqlite3.Cursor, entry: list[Any]) -> None:
        self._cursor, self._entry = cursor, entry
        self.description = cursor.description

    def _took(self, rows: Any) -> Any:
        self._entry[2] += len(rows) if isinstance(rows, list) else int(rows is not None)
        return rows

    def fetchall(self) -> list[Any]:
        return self._took(self._cursor.fetchall())

    def fetchmany(self, size: int = 1) -> list[Any]:
        return self._took(self._cursor.fetchmany(size))

    def fetchone(self) -> Any:
        return self._took(self._cursor.fetchone())

    def __iter__(self) -> Any:
        for row in self._cursor:
            self._entry[2] += 1
            yield row

    def close(self) -> None:
        self._cursor.close()


class _Recorder:
    """The store's connection, recording each statement run, its parameters and how many
    rows were read from it: the raw side replays exactly that on a plain connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.log: list[list[Any]] = []

    def execute(self, sql: str, params: Any = ()) -> Any:
        entry = [sql, params, 0]
        self.log.append(entry)
        return _Recorded(self._conn.execute(sql, params), entry)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def replay(raw: sqlite3.Connection, log: list[list[Any]]) -> None:
    """The model's statements on a plain connection, each read as far as the model read."""
    for sql, params, taken in log:
        cursor = raw.execute(sql, params)
        cursor.fetchmany(taken)
        cursor.close()


def task_lists(data_dir: Path, repeat: int) -> Results:
    qapp()
    from desktop.ui.models import lists
    from desktop.ui.models.base import Filters

    store = open_store(data_dir)
    raw = sqlite3.connect(str(store.path))
    # a 2-character name: the commonest first two characters of a person's name
    name2 = raw.execute(
        "SELECT substr(name, 1, 2) FROM persons WHERE length(name) >= 2"
        " GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()[0]
    out: Results = {"_search": {"times": [], "note": name2}}

    def recorded(fn: Callable[[], Any]) -> list[list[Any]]:
        """The statements one run of `fn` makes the model run (see `_Recorder`)."""
        recorder = _Recorder(store.db.conn)
        store.db.conn = recorder
        try:
            fn()
        finally:
            store.db.conn = recorder._conn
        return recorder.log

    visible = 40  # rows a 860-pixel window shows

    def first_page(model: Any) -> None:
        for r in range(min(visible, model.rowCount())):
            for c in range(model.columnCount()):
                model.data(model.index(r, c))

    classes = (
        lists.TalksModel,
        lists.CluesModel,
        lists.RectificationsModel,
        lists.PersonsModel,
        lists.UnitsModel,
        lists.DocumentsModel,
    )
    for cls in classes:
        name = cls.__name__
        holder: list[Any] = []

        def open_list(cls: Any = cls, holder: list[Any] = holder) -> None:
            holder[:] = [cls(store)]
            first_page(holder[0])

        out[f"{name}.open"] = {"times": timed(open_list, repeat)}
        model = holder[0]
        table, field, column = RAW[name]
        value = raw.execute(
            f"SELECT {column} FROM {table} GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1"
        ).fetchone()[0]

        def apply_filter(model: Any = model, field: str = field, value: Any = value) -> None:
            model.set_filters(Filters().with_(**{field: value}))
            first_page(model)

        def search(model: Any = model) -> None:
            model.set_filters(Filters(search=name2))
            first_page(model)

        out[f"{name}.filter"] = {"times": timed(apply_filter, repeat), "note": f"{value}"}
        out[f"{name}.search"] = {"times": timed(search, repeat)}
        for op, fn in (("open", open_list), ("filter", apply_filter), ("search", search)):
            log = recorded(fn)
            out[f"{name}.{op}.raw"] = {
                "times": timed(lambda log=log: replay(raw, log), repeat),
                "note": f"{len(log)} statements",
            }
    return out


# -- windows --------------------------------------------------------------------------


def settle(app: Any, busy: Callable[[], bool] = lambda: False) -> None:
    app.processEvents()
    while busy():
        app.processEvents()
        time.sleep(0.001)
    app.processEvents()


def task_form(data_dir: Path, repeat: int) -> Results:
    app = qapp()
    from desktop.ui.main_window import MainWindow

    store = open_store(data_dir)
    window = MainWindow(store, offer_drafts=False, confirm=lambda *a, **k: True)
    window.show()
    settle(app, lambda: window.work.busy)
    out: Results = {}
    for table in ("talks", "clues", "rectifications"):
        rid = int(store.scalar(f"SELECT max(id) FROM {table}"))

        times, cpu = [], []
        for _ in range(repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            form = window.open_form(table, rid)
            settle(app)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)  # the load of others' work disturbs it less
            assert form is not None
            form.close()
            form.deleteLater()
            settle(app)
        out[f"form.{table}"] = {"times": times, "cpu": cpu}
    return out


def task_dashboard(data_dir: Path, repeat: int) -> Results:
    app = qapp()
    from desktop.ui.pages.dashboard import DashboardPage
    from desktop.ui.work import Work

    store = open_store(data_dir)
    work = Work(store, None)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        page = DashboardPage(store, work)
        page.resize(1190, 860)
        page.show()
        settle(app, lambda: work.busy)
        times.append(time.perf_counter() - t0)
        page.close()
        page.deleteLater()
        settle(app)
    return {"dashboard": {"times": times, "note": "cards filled (stats of the year)"}}


def task_archive(data_dir: Path, repeat: int) -> Results:
    """A person's archive (廉政档案 dialog, with its timeline where it has one): the person
    with the most talks, built and shown until the event loop is idle."""
    app = qapp()
    from desktop.ui.pages.archive_page import ArchiveDialog

    store = open_store(data_dir)
    pid = int(
        store.scalar(
            "SELECT person_id FROM talk_subjects GROUP BY person_id ORDER BY COUNT(*) DESC LIMIT 1"
        )
    )
    events = store.scalar("SELECT COUNT(*) FROM talk_subjects WHERE person_id = ?", [pid])
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        dialog = ArchiveDialog(store, "persons", pid)
        dialog.resize(1100, 800)
        dialog.show()
        settle(app)
        times.append(time.perf_counter() - t0)
        dialog.close()
        dialog.deleteLater()
        settle(app)
    return {"archive.person": {"times": times, "note": f"{events} talks"}}


# -- domain ---------------------------------------------------------------------------


def task_stats(data_dir: Path, repeat: int) -> Results:
    from desktop.domain import stats

    store = open_store(data_dir)
    start, end = last_year(store)
    stats.compute(store, start, end)  # warm the page cache like a running app
    return {"stats.year": {"times": timed(lambda: stats.compute(store, start, end), repeat)}}


def task_summary(data_dir: Path, repeat: int) -> Results:
    """统计汇总 PDF of last calendar year against the year before (warm process)."""
    from desktop.domain import summary

    store = open_store(data_dir)
    start, end = last_year(store)
    pdf = summary.render_pdf(store, start, end)  # first: imports, fonts
    assert pdf.startswith(b"%PDF")
    times = timed(lambda: summary.render_pdf(store, start, end), repeat)
    return {"summary.year": {"times": times, "note": "warm"}}


def _notice_target(store: Any) -> tuple[str, int]:
    from desktop.domain import notices
    from desktop.store.errors import UserError

    ids = store.query("SELECT id FROM talks ORDER BY id DESC LIMIT 50")
    for row in ids:
        try:
            notices.draft(store, notices.TALK_NOTICE, int(row["id"]), store.today())
        except UserError:
            continue
        return notices.TALK_NOTICE, int(row["id"])
    raise SystemExit("no talk gives a 谈话通知书")


def task_notice(data_dir: Path, repeat: int, *, first: bool) -> Results:
    t0 = time.perf_counter()
    from desktop.domain import notices

    store = open_store(data_dir)
    t_open = time.perf_counter()
    kind, rid = _notice_target(store)
    t_pick = time.perf_counter()
    pdf = notices.preview(store, kind, rid, store.today())
    t_first = time.perf_counter()
    assert pdf.startswith(b"%PDF")
    if first:
        # import + open are reported as a note; the figure is the first preview itself
        note = f"{kind}; imports+open {1000 * (t_open - t0):.0f} ms"
        return {"notice.first": {"times": [t_first - t_pick], "note": note}}
    times = timed(lambda: notices.preview(store, kind, rid, store.today()), repeat)
    return {"notice.warm": {"times": times, "note": kind}}


def task_export(data_dir: Path, repeat: int, work: Path) -> Results:
    from desktop.domain import ledger_io

    store = open_store(data_dir)
    out = work / "talks.xlsx"
    rows = [0]

    def run() -> None:
        rows[0] = ledger_io.export(store, "谈话", out)

    times = timed(run, repeat)
    return {"export.talks": {"times": times, "note": f"{rows[0]} rows", "rows": rows[0]}}


def task_import(data_dir: Path, repeat: int, work: Path) -> Results:
    import shutil

    from desktop.domain import ledger_import
    from desktop.store import Store

    source = work / "talks.xlsx"
    plan_times, apply_times = [], []
    note = ""
    for i in range(repeat):
        target = work / f"import-{i}"
        shutil.rmtree(target, ignore_errors=True)
        store = Store.open(target)
        t0 = time.perf_counter()
        plan = ledger_import.plan_import(store, source, "谈话")
        t1 = time.perf_counter()
        counts = ledger_import.apply(store, plan)
        t2 = time.perf_counter()
        store.close()
        shutil.rmtree(target, ignore_errors=True)
        plan_times.append(t1 - t0)
        apply_times.append(t2 - t1)
        note = f"{counts['written']} rows into an empty store"
    return {
        "import.plan": {"times": plan_times, "note": note},
        "import.apply": {"times": apply_times, "note": note},
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("task")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    d, n = args.data_dir, args.repeat
    tasks: dict[str, Callable[[], Results]] = {
        "lists": lambda: task_lists(d, n),
        "form": lambda: task_form(d, n),
        "dashboard": lambda: task_dashboard(d, n),
        "stats": lambda: task_stats(d, n),
        "archive": lambda: task_archive(d, n),
        "summary": lambda: task_summary(d, n),
        "notice-first": lambda: task_notice(d, n, first=True),
        "notice-warm": lambda: task_notice(d, n, first=False),
        "export": lambda: task_export(d, n, args.work),
        "import": lambda: task_import(d, n, args.work),
    }
    result: dict[str, Any] = {"results": tasks[args.task](), "rss_mb": rss_mb()}
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
