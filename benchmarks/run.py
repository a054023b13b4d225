"""Run the benchmarks and write the table to docs/benchmarks.md.

    python benchmarks/run.py [--scales 1,10,100] [--repeat 5] [--only start,lists]
        [--out docs/benchmarks.md] [--cache DIR] [--json FILE] [--render FILE]

Stores are generated once per scale with ``python -m desktop seed-demo --scale N`` into
the cache directory (default benchmarks/.cache, reused when present; scale 1 is about
9k rows, 10 about 92k, 100 about 920k). Every measurement group runs in processes of its
own (benchmarks/measure.py, launch.py, timeline.py, or a group module's function) under
QT_QPA_PLATFORM=offscreen, so imports, caches and peak memory (getrusage ru_maxrss) are
its own. Groups (``--only`` picks some, by name): start, lists, form, dashboard, archive,
stats, summary, notice, ledgers, search, timeline.

A ratio (the start against a bare QMainWindow, an export against openpyxl's write-only
floor, …) is measured as interleaved pairs, A B A B …, so both sides see the same machine
load; the table gives each side's median and the median of the pairs' ratios. Other
figures are the median of --repeat runs with the min–max range.

Group modules written beside this file are called when present, each function in a
process of its own, with the arguments it names among (data_dir, repeat, work):
benchmarks/ledgers.py (`export_vs_floor`, `import_vs_floor`), benchmarks/stats.py
(`measure`), benchmarks/search.py (`measure`). Each returns {name: {"times": [s, …],
"note": "…"}} or, for a ratio, {name: {"pairs": [[a_s, b_s], …], "vs": "the floor",
"note": "…"}}. A module or function not present is skipped with a line saying so (in the
log and under the table). Only the part of the output file between the result markers is
replaced; the notes around it are kept.

Never run by the test suite.
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
START = "<!-- results:start -->"
END = "<!-- results:end -->"
LIST_NAMES = {
    "TalksModel": "谈话记录",
    "CluesModel": "问题线索",
    "RectificationsModel": "整改事项",
    "PersonsModel": "人员档案",
    "UnitsModel": "单位",
    "DocumentsModel": "文书登记",
}


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def env(config_home: Path, bytecode: Path) -> dict[str, str]:
    e = dict(os.environ)
    e["QT_QPA_PLATFORM"] = "offscreen"
    e["XDG_CONFIG_HOME"] = str(config_home)  # no QSettings of the user's own window
    # An installed copy (wheel, bundle) runs from compiled bytecode; a shell that sets
    # PYTHONDONTWRITEBYTECODE would make every launch compile the sources again. Keep the
    # bytecode outside the source tree instead.
    e.pop("PYTHONDONTWRITEBYTECODE", None)
    e["PYTHONPYCACHEPREFIX"] = str(bytecode)
    return e


# -- stores ---------------------------------------------------------------------------


def store_for(cache: Path, scale: int) -> Path:
    target = cache / f"scale-{scale}"
    if (target / ".complete").exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    log(f"seeding scale {scale} into {target} …")
    t0 = time.perf_counter()
    seed = [sys.executable, "-m", "desktop", "seed-demo", "--data-dir", str(target)]
    subprocess.run(
        [*seed, "--scale", str(scale)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    (target / ".complete").write_text(f"{time.perf_counter() - t0:.1f}\n")
    return target


def row_count(data_dir: Path) -> int:
    con = sqlite3.connect(f"file:{data_dir / 'qingfeng.sqlite3'}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' AND name NOT IN ('audit_log', 'settings')"
        ).fetchall()
        # records only: not the search indexes (virtual tables and their shadow tables)
        virtual = [n for n, sql in rows if str(sql).startswith("CREATE VIRTUAL TABLE")]
        tables = [n for n, _ in rows if not any(n == v or n.startswith(v + "_") for v in virtual)]
        return sum(con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables)
    finally:
        con.close()


# -- measuring ------------------------------------------------------------------------


def measure(task: str, data_dir: Path, repeat: int, work: Path, e: dict[str, str]) -> dict:
    cmd = [sys.executable, str(HERE / "measure.py"), task, "--data-dir", str(data_dir)]
    cmd += ["--repeat", str(repeat), "--work", str(work)]
    done = subprocess.run(cmd, cwd=ROOT, env=e, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{task} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def timeline_frames(data_dir: Path, repeat: int, e: dict[str, str]) -> dict:
    cmd = [sys.executable, str(HERE / "timeline.py"), "--data-dir", str(data_dir), "--json"]
    cmd += ["--repeat", str(max(1, min(repeat, 3)))]  # every frame is a sample already
    done = subprocess.run(cmd, cwd=ROOT, env=e, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"timeline failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def launch(data_dir: Path, bare: bool, e: dict[str, str]) -> tuple[float, float]:
    """One cold start: seconds from just before the process started to its first paint,
    and the process's peak RSS."""
    cmd = [sys.executable, str(HERE / "launch.py"), "--data-dir", str(data_dir)]
    if bare:
        cmd.append("--bare")
    t0 = time.time()
    done = subprocess.run(cmd, cwd=ROOT, env=e, capture_output=True, text=True, check=True)
    line = json.loads(done.stdout.strip().splitlines()[-1])
    return line["paint"] - t0, line["rss_mb"]


def cold_start_pairs(data_dir: Path, repeat: int, e: dict[str, str]) -> dict[str, Any]:
    """`repeat` pairs (main window, bare window), interleaved, after one untimed launch of
    each (bytecode written, files cached)."""
    launch(data_dir, False, e)
    launch(data_dir, True, e)
    pairs, rss_app, rss_bare = [], 0.0, 0.0
    for _ in range(repeat):
        app, rss_a = launch(data_dir, False, e)
        bare, rss_b = launch(data_dir, True, e)
        pairs.append([app, bare])
        rss_app, rss_bare = max(rss_app, rss_a), max(rss_bare, rss_b)
    return {"pairs": pairs, "vs": "bare QMainWindow", "rss_app": rss_app, "rss_bare": rss_bare}


def call_module(module: str, function: str, data_dir: Path, repeat: int, work: Path) -> dict:
    """benchmarks/<module>.py's `function` in a process of its own; its results."""
    cmd = [sys.executable, str(HERE / "run.py"), "--call", f"{module}:{function}"]
    cmd += ["--data-dir", str(data_dir), "--repeat", str(repeat), "--work", str(work)]
    e = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(cmd, cwd=ROOT, env=e, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{module}.{function} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_call(spec: str, data_dir: Path, repeat: int, work: Path) -> int:
    """The child side of `call_module`: import, call with the arguments it names, print."""
    import resource

    module, function = spec.split(":")
    loaded = importlib.util.spec_from_file_location(f"bench_{module}", HERE / f"{module}.py")
    assert loaded is not None and loaded.loader is not None
    mod = importlib.util.module_from_spec(loaded)
    sys.path.insert(0, str(ROOT))
    loaded.loader.exec_module(mod)
    fn = getattr(mod, function)
    given = {"data_dir": data_dir, "repeat": repeat, "work": work}
    wanted = inspect.signature(fn).parameters
    results = fn(**{k: v for k, v in given.items() if k in wanted})
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"results": results, "rss_mb": rss}, ensure_ascii=False))
    return 0


def module_function(module: str, function: str) -> str | None:
    """Why benchmarks/<module>.py's `function` cannot be called, or None when it can."""
    path = HERE / f"{module}.py"
    if not path.exists():
        return f"benchmarks/{module}.py not present"
    text = path.read_text(encoding="utf-8")
    if f"def {function}(" not in text:
        return f"benchmarks/{module}.py has no {function}()"
    return None


def libreoffice_open(xlsx: Path, repeat: int) -> list[float] | None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None or not xlsx.exists():
        return None
    times = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as out:
            t0 = time.perf_counter()
            subprocess.run(
                [office, "--headless", "--convert-to", "csv", "--outdir", out, str(xlsx)],
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - t0)
    return times


GROUPS = (
    "start",
    "lists",
    "form",
    "dashboard",
    "archive",
    "stats",
    "summary",
    "notice",
    "ledgers",
    "search",
    "timeline",
)
# group -> (module, functions) of the group modules other parts of the work provide
MODULES = {
    "ledgers": ("ledgers", ("export_vs_floor", "import_vs_floor")),
    "stats": ("stats", ("measure",)),
    "search": ("search", ("measure",)),
}


# groups that take minutes a repeat at scale 100 (a 124k-row ledger written and read in
# every pair; the 时间线's sequences, 360 paced frames a repeat): `--repeat-100 N` gives
# them N repeats there instead of --repeat
SLOW_AT_100 = ("ledgers", "timeline")


def run_scale(
    scale: int,
    repeat: int,
    cache: Path,
    only: tuple[str, ...] = GROUPS,
    repeat_100: int | None = None,
    save: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """One scale's groups; `save` gets the results so far after each group (an interrupted
    run keeps what it measured)."""
    data_dir = store_for(cache, scale)
    rows = row_count(data_dir)
    work = Path(tempfile.mkdtemp(prefix=f"qf-bench-{scale}-"))
    e = env(work / "config", cache / "bytecode")
    started = time.perf_counter()
    res: dict[str, Any] = {"scale": scale, "rows": rows, "repeat": repeat, "items": {}}
    slow_repeat = repeat
    if scale >= 100 and repeat_100 is not None and repeat_100 != repeat:
        slow_repeat = res["repeat_100"] = repeat_100
        res["slow_groups"] = [g for g in only if g in SLOW_AT_100]
    res["skipped"] = skipped = []
    items = res["items"]

    def add(name: str, times: list[float] | None, rss: float | None, note: str = "") -> None:
        items[name] = {"times": times, "rss": rss, "note": note}

    def add_results(out: dict) -> None:
        for name, r in out["results"].items():
            # a measure may give its own peak (the export's, before its floor's data)
            rss = r.get("rss") or out.get("rss_mb")
            item = {"times": r.get("times"), "rss": rss, "note": r.get("note", "")}
            cpu = r.get("cpu") or r.get("cpu_times")  # the GUI thread's / the process's
            if cpu:
                item["cpu"] = cpu
            if "pairs" in r:
                item["pairs"], item["vs"] = r["pairs"], r.get("vs", "")
                item["times"] = [a for a, _ in r["pairs"]]
            items[name] = item

    def skip(group: str, why: str) -> None:
        log(f"[scale {scale}] {group}: skipped ({why})")
        skipped.append(f"{group}: {why}")

    def from_module(group: str) -> bool:
        """Run the group's module functions; False when there is none to run."""
        module, functions = MODULES[group]
        n = slow_repeat if group in SLOW_AT_100 else repeat
        ran = False
        for function in functions:
            why = module_function(module, function)
            if why is not None:
                skip(f"{group} ({function})", why)
                continue
            log(f"[scale {scale}] {group}: {module}.{function}")
            add_results(call_module(module, function, data_dir, n, work))
            ran = True
        return ran

    def run_group(group: str) -> None:
        if group == "start":
            log(f"[scale {scale}] cold start, {repeat} interleaved pairs")
            out = cold_start_pairs(data_dir, repeat, e)
            items["cold.app"] = {
                "times": [a for a, _ in out["pairs"]],
                "rss": out["rss_app"],
                "note": "",
                "pairs": out["pairs"],
                "vs": out["vs"],
            }
            add("cold.bare", [b for _, b in out["pairs"]], out["rss_bare"])
        elif group in ("lists", "form", "dashboard", "archive", "summary"):
            log(f"[scale {scale}] {group}")
            add_results(measure(group, data_dir, repeat, work, e))
        elif group == "stats":
            if not from_module("stats"):
                log(f"[scale {scale}] stats (measure.py)")
                add_results(measure("stats", data_dir, repeat, work, e))
        elif group == "notice":
            add_results(measure("notice-warm", data_dir, repeat, work, e))
            log(f"[scale {scale}] notice-first ×{repeat} (fresh processes)")
            first: list[float] = []
            rss_first = 0.0
            note = ""
            for _ in range(repeat):
                out = measure("notice-first", data_dir, 1, work, e)
                first += out["results"]["notice.first"]["times"]
                note = out["results"]["notice.first"]["note"]
                rss_first = max(rss_first, out["rss_mb"])
            add("notice.first", first, rss_first, note)
        elif group == "ledgers":
            if not from_module("ledgers"):
                n = 1 if scale >= 10 else repeat
                log(f"[scale {scale}] ledger export/import ×{n} (measure.py)")
                add_results(measure("export", data_dir, n, work, e))
                add_results(measure("import", data_dir, n, work, e))
            lo = libreoffice_open(work / "talks.xlsx", 1 if scale >= 10 else repeat)
            office = shutil.which("soffice") or shutil.which("libreoffice")
            why = "LibreOffice not installed" if office is None else "no exported ledger kept"
            add("libreoffice.open", lo, None, "" if lo else why)
        elif group == "search":
            from_module("search")
        elif group == "timeline":
            if (HERE / "timeline.py").exists():
                log(f"[scale {scale}] timeline frames")
                add_results(timeline_frames(data_dir, slow_repeat, e))  # one of SLOW_AT_100
            else:
                skip("timeline", "benchmarks/timeline.py not present")

    res["group_seconds"] = group_seconds = {}
    try:
        for group in only:
            group_started = time.perf_counter()
            run_group(group)
            group_seconds[group] = round(time.perf_counter() - group_started, 1)
            if save is not None:
                save(res)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    res["seconds"] = time.perf_counter() - started
    return res


# -- the table ------------------------------------------------------------------------


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def cell(item: dict | None) -> str:
    if item is None or not item["times"]:
        return "—"
    t = item["times"]
    med = statistics.median(t)
    if len(t) == 1:
        return f"{ms(med)}"
    return f"{ms(med)} ({ms(min(t))}–{ms(max(t))})"


def p95(times: list[float]) -> float:
    t = sorted(times)
    return t[min(len(t) - 1, round(0.95 * (len(t) - 1)))]


def frames(item: dict | None) -> str:
    """Frame times: many samples, so the median, the 95th percentile and the worst; then
    the GUI thread's own CPU time per frame (median; p95), which the load disturbs less."""
    if item is None or not item["times"]:
        return "—"
    t = sorted(item["times"])
    if len(t) == 1:
        return ms(t[0])
    text = f"{ms(statistics.median(t))}; {ms(p95(t))}; {ms(t[-1])} [{len(t)} frames]"
    if item.get("cpu"):
        text += f"; GUI CPU {ms(statistics.median(item['cpu']))}; {ms(p95(item['cpu']))}"
    return text


def med(item: dict | None) -> float | None:
    if item is None or not item["times"]:
        return None
    return statistics.median(item["times"])


def pair_ratio(item: dict | None) -> float | None:
    """The median of the interleaved pairs' ratios (A ÷ B of each pair)."""
    if item is None or not item.get("pairs"):
        return None
    return statistics.median(a / b for a, b in item["pairs"] if b > 0)


def against_floor(item: dict | None) -> str:
    """A measurement paired with its floor, in one cell: its median (min–max), the floor's
    median and the median of the pairs' ratios, from the same pairs as the ratio table."""
    if item is None or not item.get("times"):
        return "—"
    note = item.get("note", "")
    if not item.get("pairs"):
        return f"{cell(item)} [{note}]" if note else cell(item)
    floor = statistics.median(b for _, b in item["pairs"])
    return (
        f"{cell(item)}; floor {ms(floor)}; **{pair_ratio(item):.2f}×**"
        f" [{len(item['pairs'])} pairs; {note}]"
    )


def cpu_med(item: dict | None) -> float | None:
    """The median CPU time (the GUI thread's for frames, the process's for statistics)."""
    if item is None or not item.get("cpu"):
        return None
    return statistics.median(item["cpu"])


def against_write_floor(item: dict | None, imported: dict | None) -> str:
    """The write floor's median, and the import ÷ (read-only floor + 2 × write floor) of
    each pair (the floor run right after it), median: the import checks every row with a
    trial write it rolls back, then writes it."""
    if item is None or not item.get("times"):
        return "—"
    pairs = (imported or {}).get("pairs") or []
    both = [a / (b + 2 * w) for (a, b), w in zip(pairs, item["times"], strict=False) if b + w]
    floors = f"; import ÷ (read floor + 2 × write floor) **{statistics.median(both):.2f}×**"
    return f"{with_cpu(item, cell(item))}{floors if both else ''} [{item.get('note', '')}]"


def with_cpu(item: dict | None, text: str) -> str:
    c = cpu_med(item)
    if c is None:
        return text
    return f"{text}; CPU {ms(c)}"


def ratio(a: dict | None, b: dict | None) -> str:
    """A ÷ B: the median of the pairs' ratios when A was measured in pairs, else the ratio
    of the medians (marked ≈: the two were not measured side by side)."""
    paired = pair_ratio(a)
    if paired is not None:
        return f"{paired:.1f}×"
    x, y = med(a), med(b)
    if x is None or y is None or y == 0:
        return "—"
    return f"≈{x / y:.1f}×"


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    import PySide6
    from PySide6.QtCore import qVersion

    return [
        f"- CPU: {cpu}, {os.cpu_count()} logical cores",
        f"- RAM: {ram}",
        f"- OS: {platform.platform()}",
        f"- Python {platform.python_version()}, PySide6 {PySide6.__version__} (Qt {qVersion()}),"
        f" SQLite {sqlite3.sqlite_version}",
        "- Qt platform: offscreen (no GPU, no window manager)",
    ]


def table(runs: list[dict[str, Any]], repeat: int) -> list[str]:
    heads = [f"scale {r['scale']} ({r['rows']:,} rows)" for r in runs]
    lines = [
        "| measurement (ms: median (min–max)) | " + " | ".join(heads) + " |",
        "|---|" + "---|" * len(runs),
    ]

    def row(label: str, f: Any) -> None:
        lines.append(f"| {label} | " + " | ".join(f(r["items"]) for r in runs) + " |")

    def with_ratio(key: str, base: str) -> Any:
        return lambda it: f"{cell(it.get(key))}; {ratio(it.get(key), it.get(base))}"

    row("cold start to first paint: main window", lambda it: cell(it.get("cold.app")))
    row("cold start: bare QMainWindow", lambda it: cell(it.get("cold.bare")))
    row(
        "cold start ratio (target ≤ 1.5×)",
        lambda it: ratio(it.get("cold.app"), it.get("cold.bare")),
    )
    for model, label in LIST_NAMES.items():
        for op, what in (("open", "open"), ("filter", "filter"), ("search", "2-char name search")):
            key = f"{model}.{op}"
            if f"{key}.raw" in (runs[0]["items"] if runs else {}):
                row(
                    f"{label}: {what} (raw SQL; ratio)",
                    lambda it, key=key: (
                        f"{cell(it.get(key))} ({cell(it.get(key + '.raw'))}; "
                        f"{ratio(it.get(key), it.get(key + '.raw'))})"
                    ),
                )
            else:
                row(f"{label}: {what}", lambda it, key=key: cell(it.get(key)))
    # benchmarks/search.py: the 谈话 list's 查找 (full-text indexes) and the Ctrl+K search
    search_keys = list(
        dict.fromkeys(k for r in runs for k in r["items"] if k.startswith("search."))
    )
    for key in search_keys:
        kind, what = key.split(" ", 1)
        label = (
            f"谈话 list 查找: {what} (target ≤ 20 ms at 125k talks)"
            if kind == "search.list"
            else f"Ctrl+K search: {what}"
        )
        row(label, lambda it, key=key: with_cpu(it.get(key), cell(it.get(key))))
    # benchmarks/timeline.py: frame times of the 时间线 page (what each sequence does is
    # listed under the table)
    timeline_keys = list(
        dict.fromkeys(k for r in runs for k in r["items"] if k.startswith("timeline."))
    )
    for key in timeline_keys:
        label = "时间线 page opened and painted" if key == "timeline.open" else f"时间线 `{key}`"
        row(
            f"{label} (median; p95; max; GUI-thread CPU median; p95)",
            lambda it, key=key: frames(it.get(key)),
        )
    if not timeline_keys:
        row("时间线 page frames", lambda it: "not measured in this run")
    row(
        "open a record's form: 谈话 (target ≤ 150 ms at 1M)",
        lambda it: with_cpu(it.get("form.talks"), cell(it.get("form.talks"))),
    )
    row(
        "open a record's form: 问题线索",
        lambda it: with_cpu(it.get("form.clues"), cell(it.get("form.clues"))),
    )
    row(
        "open a record's form: 整改事项",
        lambda it: with_cpu(it.get("form.rectifications"), cell(it.get("form.rectifications"))),
    )
    row("dashboard (built, year's cards filled)", lambda it: cell(it.get("dashboard")))
    row(
        "a person's archive (廉政档案 dialog) with its timeline",
        lambda it: cell(it.get("archive.person")),
    )
    row(
        "a year's statistics (stats.compute, last year; target ≤ 200 ms at 1M)",
        lambda it: with_cpu(it.get("stats.year"), cell(it.get("stats.year"))),
    )
    if any("stats.ytd" in r["items"] for r in runs):
        row(
            "this year's statistics to today (stats.compute, as the desk shows it)",
            lambda it: with_cpu(it.get("stats.ytd"), cell(it.get("stats.ytd"))),
        )
    row("notice PDF preview, first in a fresh process", lambda it: cell(it.get("notice.first")))
    row("notice PDF preview, warm", lambda it: cell(it.get("notice.warm")))
    row("a year's summary PDF (统计汇总, warm)", lambda it: cell(it.get("summary.year")))
    row(
        "ledger export 谈话台账 (.xlsx); openpyxl write-only floor; ratio (target ≤ 1.5×)",
        lambda it: against_floor(it.get("ledger.export") or it.get("export.talks")),
    )
    row(
        "ledger import 谈话台账 (plan + apply, empty store); openpyxl read-only floor;"
        " ratio (target ≤ 2×)",
        lambda it: against_floor(it.get("ledger.import")),
    )
    if any("import.write_floor" in r["items"] for r in runs):
        row(
            "ledger import: the store's write floor (the import's rows, INSERT … SELECT per"
            " table from its file, after each pair)",
            lambda it: against_write_floor(it.get("import.write_floor"), it.get("ledger.import")),
        )
    if any("import.plan" in r["items"] for r in runs):  # measure.py's, without ledgers.py
        row("ledger import: read + check (plan_import)", lambda it: cell(it.get("import.plan")))
        row("ledger import: write (apply)", lambda it: cell(it.get("import.apply")))
    row(
        "LibreOffice headless opening the exported ledger",
        lambda it: (
            cell(it.get("libreoffice.open"))
            if med(it.get("libreoffice.open"))
            else (it.get("libreoffice.open") or {}).get("note") or "—"
        ),
    )
    for keys, title in (
        (search_keys, "Searches (benchmarks/search.py; per scale: the store's size, matches):"),
        (timeline_keys, "时间线 sequences (benchmarks/timeline.py; every frame is one sample):"),
    ):
        if not keys:
            continue
        lines.append("")
        lines.append(title)
        lines.append("")
        for key in keys:
            notes = {r["scale"]: r["items"][key]["note"] for r in runs if key in r["items"]}
            if len(set(notes.values())) > 1:  # e.g. the number of events: one per scale
                note = "; ".join(f"scale {scale}: {n}" for scale, n in notes.items())
            else:
                note = next(iter(notes.values()), "")
            lines.append(f"- `{key}`: {note}")
    paired = list(dict.fromkeys(k for r in runs for k, v in r["items"].items() if v.get("pairs")))
    if paired:
        lines.append("")
        lines.append(
            "Ratios measured as interleaved pairs (A B A B …): medians of A and B, and the"
            " median of the pairs' ratios:"
        )
        lines.append("")
        lines.append("| A ÷ B | " + " | ".join(f"scale {r['scale']}" for r in runs) + " |")
        lines.append("|---|" + "---|" * len(runs))
        for key in paired:
            vs = next((r["items"][key].get("vs") for r in runs if key in r["items"]), "")
            cells = []
            for r in runs:
                item = r["items"].get(key)
                if not item or not item.get("pairs"):
                    cells.append("—")
                    continue
                a = statistics.median(p[0] for p in item["pairs"])
                b = statistics.median(p[1] for p in item["pairs"])
                cells.append(f"{ms(a)} ÷ {ms(b)}: {pair_ratio(item):.2f}× [{len(item['pairs'])}]")
            lines.append(f"| `{key}` ÷ {vs} | " + " | ".join(cells) + " |")
    skipped = list(dict.fromkeys(line for r in runs for line in r.get("skipped", [])))
    if skipped:
        lines.append("")
        lines.append("Not measured in this run:")
        lines.append("")
        lines.extend(f"- {line}" for line in skipped)
    lines.append("")
    lines.append("Peak memory (max RSS of the measuring process, MB):")
    lines.append("")
    lines.append("| process | " + " | ".join(f"scale {r['scale']}" for r in runs) + " |")
    lines.append("|---|" + "---|" * len(runs))
    for keys, label in MEMORY_ROWS:
        cells = []
        for r in runs:
            rss = memory(r["items"], keys)
            cells.append(f"{rss:.0f}" if rss else "—")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


# (the items each process reports, the first present) -> the process
MEMORY_ROWS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("cold.app",), "main window at first paint"),
    (("cold.bare",), "bare window at first paint"),
    (("TalksModel.open",), "all lists, filters and searches"),
    (("form.talks",), "main window + record forms"),
    (("dashboard",), "dashboard"),
    (("archive.person",), "a person's archive"),
    (("timeline.open",), "时间线 frames"),
    (("summary.year",), "summary PDF"),
    (("stats.year",), "year's statistics"),
    (("notice.first",), "notice preview (first)"),
    (("ledger.export", "export.talks"), "ledger export (before the floor's cells)"),
    (("ledger.import", "import.plan"), "ledger import"),
    (("search.list 2-char name",), "谈话 list 查找 and Ctrl+K searches"),
)


def memory(items: dict[str, Any], keys: tuple[str, ...]) -> float | None:
    """Peak RSS (MB) of the process that measured the first of `keys` present."""
    item = next((items[k] for k in keys if k in items), None)
    return item["rss"] if item and item.get("rss") else None


def targets(runs: list[dict[str, Any]]) -> list[str]:
    """One line per target of issue #16, with the figure it was judged on."""
    by = {r["scale"]: r["items"] for r in runs}
    out = []

    def verdict(ok: bool | None) -> str:
        return "n/a" if ok is None else ("met" if ok else "**missed**")

    def not_run(what: str, scale: int) -> str:
        return f"- {what}: not measured in this run (scale {scale} not run)"

    mid = by.get(10)
    if mid is not None:
        worst = []
        for model in LIST_NAMES:
            for op in ("filter", "search"):
                m = med(mid.get(f"{model}.{op}"))
                raw = med(mid.get(f"{model}.{op}.raw"))
                ok = m is not None and m <= 0.050 and (raw is None or m <= 2 * raw)
                if not ok:
                    extra = f" = {ratio(mid.get(f'{model}.{op}'), mid.get(f'{model}.{op}.raw'))}"
                    worst.append(f"{LIST_NAMES[model]} {op} {ms(m or 0)} ms{extra if raw else ''}")
        if any(f"{model}.filter" in mid for model in LIST_NAMES):
            out.append(
                "- List filter and search ≤ 50 ms and ≤ 2× raw SQL at 100k: "
                + verdict(not worst)
                + (f" ({'; '.join(worst)})" if worst else "")
            )
    for scale, label in ((10, "100k"), (100, "1M")):
        items = by.get(scale)
        if items is None:
            out.append(not_run(f"A year's statistics ≤ 200 ms at {label}", scale))
            continue
        s = med(items.get("stats.year"))
        c = cpu_med(items.get("stats.year"))
        out.append(
            f"- A year's statistics ≤ 200 ms at {label}: {verdict(s <= 0.2 if s else None)}"
            + (f" ({ms(s)} ms" + (f", CPU {ms(c)} ms" if c else "") + ")" if s else "")
        )
    big = by.get(100)
    if big is None:
        out.append(not_run("谈话 list 查找 ≤ 20 ms at 125k talks", 100))
        out.append(not_run("Open a record form ≤ 150 ms at 1M", 100))
    else:
        found = {k: med(v) for k, v in big.items() if k.startswith("search.list ")}
        if found:
            slow = max(found, key=lambda k: found[k] or 0)
            talks = big[slow].get("note", "").split(",")[0]
            c = cpu_med(big[slow])
            out.append(
                f"- 谈话 list 查找 ≤ 20 ms at 125k talks ({talks}):"
                f" {verdict(all(v is not None and v <= 0.020 for v in found.values()))}"
                f" (slowest: {slow.split(' ', 1)[1]} {ms(found[slow] or 0)} ms"
                + (f", CPU {ms(c)} ms" if c is not None else "")
                + "; every query in the table)"
            )
        else:
            out.append("- 谈话 list 查找 ≤ 20 ms at 125k talks: n/a (search group not run)")
        forms = {k: med(v) for k, v in big.items() if k.startswith("form.")}
        if forms:
            slow = max(forms, key=lambda k: forms[k] or 0)
            out.append(
                "- Open a record form ≤ 150 ms at 1M: "
                + verdict(all(v is not None and v <= 0.150 for v in forms.values()))
                + f" (slowest: {slow} {ms(forms[slow] or 0)} ms"
                + (f", CPU {ms(c)} ms" if (c := cpu_med(big[slow])) is not None else "")
                + ")"
            )
        else:
            out.append("- Open a record form ≤ 150 ms at 1M: n/a (form group not run)")
    for scale, items in sorted(by.items()):
        zoom = items.get("timeline.zoom")
        c = cpu_med(zoom)
        if c is not None and zoom is not None:
            out.append(
                f"- 时间线 zoom step ≤ 50 ms GUI time (scale {scale}, {zoom.get('note', '')}):"
                f" {verdict(c <= 0.050)} (GUI-thread CPU median {ms(c)} ms,"
                f" p95 {ms(p95(zoom['cpu']))} ms; wall median {ms(med(zoom) or 0)} ms)"
            )
    for key, limit, what in (
        ("cold.app", 1.5, "Cold start ≤ 1.5× bare window"),
        ("ledger.export", 1.5, "谈话台账 export ≤ 1.5× openpyxl write-only"),
        ("ledger.import", 2.0, "谈话台账 import ≤ 2× openpyxl read-only"),
    ):
        for scale, items in sorted(by.items()):
            r = pair_ratio(items.get(key))
            if r is not None:
                out.append(
                    f"- {what} (scale {scale}): {verdict(r <= limit)}"
                    f" ({r:.2f}×, median of {len(items[key]['pairs'])} interleaved pairs)"
                )
    for scale, items in sorted(by.items()):
        wf, imported = items.get("import.write_floor"), items.get("ledger.import")
        if wf and wf.get("times") and imported and imported.get("pairs"):
            both = [
                a / (b + 2 * w)
                for (a, b), w in zip(imported["pairs"], wf["times"], strict=False)
                if b + w
            ]
            out.append(
                f"- 谈话台账 import against its own floor (scale {scale}): openpyxl read-only"
                f" + 2 × the store's write floor (a trial write and the write of the same rows,"
                f" `INSERT … SELECT`): {statistics.median(both):.2f}×"
            )
    warm = [med(items["notice.warm"]) for items in by.values() if "notice.warm" in items]
    warm_ok = all(w is not None and w <= 0.1 for w in warm) if warm else None
    out.append(
        f"- Warm notice ≤ 100 ms: {verdict(warm_ok)} (worst "
        f"{ms(max(w for w in warm if w is not None))} ms)"
        if warm
        else "- Warm notice: n/a"
    )
    if big is not None:
        window = memory(big, ("cold.app",))
        peak = max((i.get("rss") or 0) for i in big.values())
        over = [
            f"{label} {rss:.0f} MB"
            for keys, label in MEMORY_ROWS
            if (rss := memory(big, keys)) is not None and rss > 300
        ]
        missing = [label for keys, label in MEMORY_ROWS if memory(big, keys) is None]
        out.append(
            f"- Memory ≤ 300 MB at 1M: {verdict(peak <= 300)}"
            + (f" in the processes measured (not run: {', '.join(missing)})" if missing else "")
            + " (main window at first paint "
            + (f"{window:.0f} MB" if window else "not measured")
            + f"; largest process {peak:.0f} MB"
            + (f"; over 300 MB: {', '.join(over)}" if over else "")
            + ")"
        )
    else:
        out.append(not_run("Memory ≤ 300 MB at 1M", 100))
    return out


def commands(runs: list[dict[str, Any]], repeat: int, only: tuple[str, ...] = GROUPS) -> str:
    """The run.py command line(s) that made `runs` (scales run with different repeats
    are separate runs whose --json files were joined for --render)."""
    by_repeat: dict[int, list[str]] = {}
    for r in runs:
        by_repeat.setdefault(r.get("repeat", repeat), []).append(str(r["scale"]))
    picked = "" if only == GROUPS else f" --only {','.join(only)}"
    slow = next((r["repeat_100"] for r in runs if r.get("repeat_100")), None)
    picked += f" --repeat-100 {slow}" if slow is not None else ""
    return " and ".join(
        f"`python benchmarks/run.py --scales {','.join(scales)} --repeat {n}{picked}`"
        for n, scales in by_repeat.items()
    )


def durations(runs: list[dict[str, Any]]) -> list[str]:
    """How long each scale and each group took (to plan the next full run)."""
    return [
        f"- Scale {r['scale']}: {r.get('seconds', 0) / 60:.1f} min ("
        + ", ".join(f"{g} {sec:.0f} s" for g, sec in r["group_seconds"].items())
        + ")"
        for r in runs
        if r.get("group_seconds")
    ]


def fewer_repeats(runs: list[dict[str, Any]]) -> list[str]:
    """The line saying which groups ran fewer repeats at scale 100, if any did."""
    return [
        f"At scale {r['scale']} the slow group(s) {', '.join(r['slow_groups'])} ran"
        f" {r['repeat_100']} repeats (pairs) instead of {r['repeat']} (`--repeat-100`);"
        " their rows and ratios say how many."
        for r in runs
        if r.get("slow_groups")
    ]


def load() -> str:
    """The machine's load while the run ended (other work skews every figure)."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "?"
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f} (1 / 5 / 15 min)"


def write(
    out: Path,
    runs: list[dict[str, Any]],
    repeat: int,
    seconds: float,
    only: tuple[str, ...] = GROUPS,
) -> None:
    body = [
        START,
        "",
        f"Generated by {commands(runs, repeat, only)} on {time.strftime('%Y-%m-%d')}"
        f" ({(seconds or sum(r.get('seconds', 0) for r in runs)) / 60:.0f} min).",
        "",
        *[line for text in fewer_repeats(runs) for line in (text, "")],
        *machine(),
        f"- Load average at the end of the run: {load()}",
        *durations(runs),
        "",
        *table(runs, repeat),
        "",
        "Targets:",
        "",
        *targets(runs),
        "",
        END,
    ]
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    if START in text and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1]
        text = head + "\n".join(body) + tail
    else:
        text = "# Benchmarks\n\n" + "\n".join(body) + "\n" + text
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default=",".join(GROUPS), help="groups, comma-separated")
    parser.add_argument(
        "--repeat-100",
        type=int,
        help=f"repeats of the slow groups ({', '.join(SLOW_AT_100)}) at scale 100",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--cache", type=Path, default=HERE / ".cache")
    parser.add_argument("--json", type=Path, help="also save the raw results here")
    parser.add_argument("--render", type=Path, help="only write the table from a saved --json")
    parser.add_argument("--call", help=argparse.SUPPRESS)  # module:function, in a child
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.call:
        return run_call(args.call, args.data_dir, args.repeat, args.work)
    only = tuple(g.strip() for g in args.only.split(",") if g.strip())
    unknown = [g for g in only if g not in GROUPS]
    if unknown:
        parser.error(f"unknown group(s) {', '.join(unknown)}; groups: {', '.join(GROUPS)}")
    t0 = time.perf_counter()
    if args.render:
        runs = json.loads(args.render.read_text())
        write(args.out, runs, args.repeat, 0.0)
        log(f"wrote {args.out}")
        return 0
    runs = []
    for scale in (int(s) for s in args.scales.split(",") if s.strip()):

        def save(partial: dict[str, Any]) -> None:
            if args.json:
                args.json.write_text(json.dumps([*runs, partial], ensure_ascii=False, indent=1))

        runs.append(run_scale(scale, args.repeat, args.cache, only, args.repeat_100, save))
        if args.json:
            args.json.write_text(json.dumps(runs, ensure_ascii=False, indent=1))
    write(args.out, runs, args.repeat, time.perf_counter() - t0, only)
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
