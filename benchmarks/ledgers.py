"""The 谈话台账 export and import against the openpyxl floors, as interleaved pairs.

    python benchmarks/ledgers.py --data-dir D [--repeat 5] [--only export|import] [--profile]
    python benchmarks/ledgers.py --data-dir D --only export --kind all   # every ledger's export

Export: `ledger_io.export` of the store's 谈话台账, paired with the floor, openpyxl's
write-only workbook writing the same cells (values only: the rows gathered beforehand,
no styles, no layout). Import: `plan_import` + `apply` of that exported file into an
empty store, paired with the floor, openpyxl's read-only workbook reading the same file
(values only); the empty store is made before each import, untimed. Pairs run
A B A B …; each pair gives a ratio and the median of those ratios is the figure (with
the medians of each side). Seed a store first, e.g.
`python -m desktop seed-demo --scale 1 --data-dir D` (scale 1 ≈ 1.2k talks, scale 40 ≈
50k talks). benchmarks/run.py may call export_vs_floor and import_vs_floor. The process
sets the garbage collector's thresholds as the window's and the command line's do
(desktop.collector), both sides of each pair running under them. Never run by the test
suite.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook, load_workbook

from desktop.collector import tune_garbage_collection
from desktop.documents.ledgers import Column, cell_value
from desktop.domain import ledger_import, ledger_io
from desktop.store import Store

KIND = "谈话"


def _pairs(
    measured: Callable[[], Any],
    floor: Callable[[], Any],
    repeat: int,
    prepare: Callable[[], Any] | None = None,
) -> dict[str, Any]:
    """Run measured and floor alternately `repeat` times; ratios per pair and medians.
    `prepare` runs, untimed, before each measured run."""
    times: list[float] = []
    floors: list[float] = []
    cpu: list[float] = []  # this process's CPU time: steadier on a machine others load
    floor_cpu: list[float] = []
    for _ in range(repeat):
        if prepare is not None:
            prepare()
        for fn, wall, used in ((measured, times, cpu), (floor, floors, floor_cpu)):
            t0, c0 = time.perf_counter(), time.process_time()
            fn()
            wall.append(time.perf_counter() - t0)
            used.append(time.process_time() - c0)
    ratios = [t / f for t, f in zip(times, floors, strict=True)]
    cpu_ratios = [t / f for t, f in zip(cpu, floor_cpu, strict=True)]
    return {
        "times": times,
        "floor_times": floors,
        "ratios": ratios,
        "median": statistics.median(times),
        "floor_median": statistics.median(floors),
        "ratio": statistics.median(ratios),
        "cpu_ratios": cpu_ratios,
        "cpu_ratio": statistics.median(cpu_ratios),
    }


def _floor_cells(store: Store, kind: str = KIND) -> tuple[str, list[str], list[list[Any]]]:
    """The title, headers and row values an export writes (序号 first), as cell values."""
    spec = ledger_io.ledger(kind)
    cols = [Column("序号", 6, "int")] + [Column(c.header, c.width, c.kind) for c in spec.exported]
    rows = [
        [cell_value(col.kind, v) for col, v in zip(cols, [n, *values], strict=True)]
        for n, values in enumerate(ledger_io.rows_for(store, kind), start=1)
    ]
    return spec.title, [c.header for c in cols], rows


def _write_floor(path: Path, title: str, headers: list[str], rows: list[list[Any]]) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title)
    ws.append([title])
    ws.append(["统计期间：全部"])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)


def _read_floor(path: Path) -> int:
    wb = load_workbook(path, read_only=True)
    count = 0
    for ws in wb.worksheets:
        for _row in ws.iter_rows(values_only=True):
            count += 1
    wb.close()
    return count


def export_pairs(data_dir: Path | str, repeat: int = 5, kind: str = KIND) -> dict[str, Any]:
    """The ledger's export (the 谈话台账 unless told) ÷ openpyxl write-only writing the
    same cells, as pairs."""
    store = Store.open(Path(data_dir), create=False)
    work = Path(tempfile.mkdtemp(prefix="ledgers-bench-"))
    try:
        # the export's own peak memory: one export before the floor's cells (every row's
        # values at once, 460 MB at 1M) are gathered in this process
        ledger_io.export(store, kind, work / "export.xlsx")
        rss = _peak_mb()
        title, headers, rows = _floor_cells(store, kind)
        out = _pairs(
            lambda: ledger_io.export(store, kind, work / "export.xlsx"),
            lambda: _write_floor(work / "floor.xlsx", title, headers, rows),
            repeat,
        )
        out["rows"], out["rss"] = len(rows), rss
        return out
    finally:
        store.close()
        shutil.rmtree(work, ignore_errors=True)


def _peak_mb() -> float:
    """This process's peak resident memory so far (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Importer:
    """plan_import + apply of `source` into an empty store at `target`: the store is made
    beforehand, untimed (`prepare`: a copy of a store made once, as the clerk's store is
    already open when they import); `run` is the import alone, its two steps timed too."""

    def __init__(self, source: Path, work: Path) -> None:
        self.source = source
        self.empty = work / "empty"
        self.target = work / "store"
        Store.open(self.empty).close()
        self.store: Store | None = None
        self.plan_times: list[float] = []
        self.apply_times: list[float] = []
        self.written = 0

    def prepare(self) -> None:
        self.close()
        shutil.copytree(self.empty, self.target)
        self.store = Store.open(self.target, create=False)

    def run(self) -> None:
        assert self.store is not None
        t0 = time.perf_counter()
        plan = ledger_import.plan_import(self.store, self.source, KIND)
        t1 = time.perf_counter()
        self.written = ledger_import.apply(self.store, plan)["written"]
        self.plan_times.append(t1 - t0)
        self.apply_times.append(time.perf_counter() - t1)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
        shutil.rmtree(self.target, ignore_errors=True)


class _WriteFloor:
    """The same rows stored the plain way: the rows the import left in the store (every
    table it added to, audit entries included) inserted again into a copy of the empty
    store, `INSERT … SELECT` per table from the imported file attached, in one
    transaction. The same schema, indexes, foreign keys and full-text triggers (fired
    per row); none of the import's reading, checking, numbering or hashing. Taken from
    the first import (`take`: a copy of its file, nothing held in memory), run after each
    pair."""

    def __init__(self, empty: Path, work: Path) -> None:
        self.empty = empty
        self.target = work / "write-floor"
        self.imported = work / "imported.sqlite3"
        self.tables: dict[str, int] = {}  # table: the empty store's last rowid
        self.rows: dict[str, int] = {}
        self.times: list[float] = []
        self.cpu: list[float] = []

    def take(self, imported: Path) -> None:
        """The tables `imported` added rows to, in the order the foreign keys need
        (parents first, as the import wrote them)."""
        if self.tables:
            return
        shutil.copyfile(imported / "qingfeng.sqlite3", self.imported)
        before = sqlite3.connect(self.empty / "qingfeng.sqlite3")
        after = sqlite3.connect(self.imported)
        try:
            for (table,) in after.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE"
                " 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND name NOT LIKE '%fts%'"
                " ORDER BY rootpage"
            ):
                (last,) = before.execute(f"SELECT COALESCE(MAX(rowid), 0) FROM {table}").fetchone()
                (added,) = after.execute(
                    f"SELECT COUNT(*) FROM {table} WHERE rowid > ?", [last]
                ).fetchone()
                if added:
                    self.tables[table], self.rows[table] = last, added
        finally:
            before.close()
            after.close()
        order = ("units", "persons", "person_posts", "talks", "talk_talkers", "talk_subjects")
        self.tables = dict(
            sorted(self.tables.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
        )

    def run(self) -> None:
        shutil.rmtree(self.target, ignore_errors=True)
        shutil.copytree(self.empty, self.target)
        conn = sqlite3.connect(self.target / "qingfeng.sqlite3", isolation_level=None)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA recursive_triggers = ON")
            conn.execute("ATTACH DATABASE ? AS imported", [str(self.imported)])
            t0, c0 = time.perf_counter(), time.process_time()
            conn.execute("BEGIN")
            for table, last in self.tables.items():
                conn.execute(
                    f"INSERT INTO main.{table} SELECT * FROM imported.{table} WHERE rowid > ?",
                    [last],
                )
            conn.execute("COMMIT")
            self.times.append(time.perf_counter() - t0)
            self.cpu.append(time.process_time() - c0)
        finally:
            conn.close()
            shutil.rmtree(self.target, ignore_errors=True)


def import_pairs(data_dir: Path | str, repeat: int = 5) -> dict[str, Any]:
    """Importing the exported 谈话台账 into an empty store ÷ openpyxl read-only reading
    the same file, as pairs; after each pair, the store's write floor (`_WriteFloor`)."""
    work = Path(tempfile.mkdtemp(prefix="ledgers-bench-"))
    try:
        store = Store.open(Path(data_dir), create=False)
        try:
            source = work / "talks.xlsx"
            rows = ledger_io.export(store, KIND, source)
        finally:
            store.close()
        importer = _Importer(source, work)
        write_floor = _WriteFloor(importer.empty, work)

        def after_a_pair() -> None:
            """The write floor, right after each pair (untimed for the pair): its rows are
            those of the first import."""
            if importer.store is not None:
                importer.store.close()
                importer.store = None
                write_floor.take(importer.target)
                write_floor.run()

        def prepare() -> None:
            after_a_pair()
            importer.prepare()

        try:
            out = _pairs(importer.run, lambda: _read_floor(source), repeat, prepare)
            after_a_pair()
        finally:
            importer.close()
        out["rows"] = rows
        out["written"] = importer.written
        out["plan_times"], out["apply_times"] = importer.plan_times, importer.apply_times
        out["write_floor_times"], out["write_floor_cpu"] = write_floor.times, write_floor.cpu
        out["write_floor_rows"] = write_floor.rows
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _as_result(name: str, r: dict[str, Any], floor: str) -> dict[str, Any]:
    """One pairs measure in the shape benchmarks/run.py reads."""
    return {
        name: {
            "pairs": [[a, b] for a, b in zip(r["times"], r["floor_times"], strict=True)],
            "vs": floor,
            "note": f"{r['rows']} rows; CPU-time ratio {r['cpu_ratio']:.2f}×",
            **({"rss": r["rss"]} if "rss" in r else {}),
        }
    }


def export_vs_floor(data_dir: Path | str, repeat: int = 5) -> dict[str, Any]:
    """For benchmarks/run.py: the export against openpyxl write-only (the same cells)."""
    tune_garbage_collection()  # the process starts as the window's and the CLI's do
    return _as_result("ledger.export", export_pairs(data_dir, repeat), "openpyxl write-only")


def import_vs_floor(data_dir: Path | str, repeat: int = 5) -> dict[str, Any]:
    """For benchmarks/run.py: the import against openpyxl read-only (the same file), and
    its two steps (read + check, write) on their own."""
    tune_garbage_collection()  # the process starts as the window's and the CLI's do
    r = import_pairs(data_dir, repeat)
    return {
        **_as_result("ledger.import", r, "openpyxl read-only"),
        "import.plan": {"times": r["plan_times"], "note": f"{r['rows']} rows"},
        "import.apply": {"times": r["apply_times"], "note": f"{r['written']} written"},
        # the store's own floor, measured right after each pair (`_WriteFloor`): the import
        # both checks (a trial write it rolls back) and writes every row, so it cannot go
        # below reading the file plus two of these
        "import.write_floor": {
            "times": r["write_floor_times"],
            "cpu": r["write_floor_cpu"],
            "note": ", ".join(f"{t} {n}" for t, n in r["write_floor_rows"].items()),
        },
    }


def _profile(data_dir: Path, which: str) -> None:
    work = Path(tempfile.mkdtemp(prefix="ledgers-bench-"))
    store = Store.open(data_dir, create=False)
    source = work / "talks.xlsx"
    profiler = cProfile.Profile()
    try:
        if which == "export":
            profiler.runcall(ledger_io.export, store, KIND, source)
        else:
            ledger_io.export(store, KIND, source)
            importer = _Importer(source, work)
            importer.prepare()
            profiler.runcall(importer.run)
            importer.close()
    finally:
        store.close()
        shutil.rmtree(work, ignore_errors=True)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)


def _line(name: str, r: dict[str, Any]) -> str:
    return (
        f"| {name} | {r['rows']} | {r['median'] * 1000:.0f} | {r['floor_median'] * 1000:.0f} |"
        f" {r['ratio']:.2f}× ({min(r['ratios']):.2f}–{max(r['ratios']):.2f}) |"
        f" {r['cpu_ratio']:.2f}× |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=("export", "import"))
    parser.add_argument("--profile", action="store_true", help="one profiled run instead")
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    parser.add_argument("--kind", default=KIND, help="the ledger to export, or all of them: all")
    args = parser.parse_args()
    tune_garbage_collection()  # the process starts as the window's and the CLI's do
    if args.profile:
        _profile(args.data_dir, args.only or "export")
        return 0
    results: dict[str, Any] = {}
    if args.only != "import":
        kinds = list(ledger_io.LEDGERS) if args.kind == "all" else [args.kind]
        for kind in kinds:
            name = f"export {ledger_io.ledger(kind).title}" if args.kind == "all" else "export"
            results[name] = export_pairs(args.data_dir, args.repeat, kind)
    if args.only != "export":
        results["import"] = import_pairs(args.data_dir, args.repeat)
    if args.json:
        print(json.dumps(results, indent=1))
        return 0
    print(
        "| 谈话台账 | rows | median ms | floor median ms | median of pair ratios (min–max)"
        " | same, CPU time |"
    )
    print("|---|---|---|---|---|---|")
    for name, r in results.items():
        print(_line(name, r))
    if "import" in results:
        r = results["import"]
        print(
            f"\nimport steps, medians: plan_import {statistics.median(r['plan_times']) * 1000:.0f}"
            f" ms, apply {statistics.median(r['apply_times']) * 1000:.0f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
