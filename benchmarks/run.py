"""Run every benchmark and write the table to docs/benchmarks.md.

    python benchmarks/run.py [--scales 1,10,100] [--repeat 5] [--out docs/benchmarks.md]
        [--cache DIR]

Stores are generated once per scale with ``python -m desktop seed-demo --scale N`` into
the cache directory (default benchmarks/.cache, reused when present; scale 1 is about
9k rows, 10 about 92k, 100 about 920k). Every measurement group then runs in its own
process (benchmarks/measure.py, benchmarks/launch.py) under QT_QPA_PLATFORM=offscreen,
so imports, caches and peak memory (getrusage ru_maxrss) are its own. Figures are the
median of --repeat runs with the min–max range. Only the part of the output file
between the result markers is replaced; the notes around it are kept.

Never run by the test suite.
"""

from __future__ import annotations

import argparse
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
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' AND name NOT IN ('audit_log', 'settings')"
            )
        ]
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


def cold_start(data_dir: Path, repeat: int, bare: bool, e: dict[str, str]) -> tuple[list, float]:
    """Time `repeat` launches after one untimed launch (bytecode written, files cached)."""
    times, rss = [], 0.0
    for i in range(repeat + 1):
        cmd = [sys.executable, str(HERE / "launch.py"), "--data-dir", str(data_dir)]
        if bare:
            cmd.append("--bare")
        t0 = time.time()
        done = subprocess.run(cmd, cwd=ROOT, env=e, capture_output=True, text=True, check=True)
        line = json.loads(done.stdout.strip().splitlines()[-1])
        if i == 0:
            continue  # the warm-up launch
        times.append(line["paint"] - t0)
        rss = max(rss, line["rss_mb"])
    return times, rss


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


def run_scale(scale: int, repeat: int, cache: Path) -> dict[str, Any]:
    data_dir = store_for(cache, scale)
    rows = row_count(data_dir)
    work = Path(tempfile.mkdtemp(prefix=f"qf-bench-{scale}-"))
    e = env(work / "config", cache / "bytecode")
    started = time.perf_counter()
    res: dict[str, Any] = {"scale": scale, "rows": rows, "repeat": repeat, "items": {}}
    items = res["items"]

    def add(name: str, times: list[float] | None, rss: float | None, note: str = "") -> None:
        items[name] = {"times": times, "rss": rss, "note": note}

    try:
        log(f"[scale {scale}] cold start")
        app_t, app_rss = cold_start(data_dir, repeat, False, e)
        bare_t, bare_rss = cold_start(data_dir, repeat, True, e)
        add("cold.app", app_t, app_rss)
        add("cold.bare", bare_t, bare_rss)
        groups = ["lists", "form", "dashboard", "archive", "stats", "summary", "notice-warm"]
        for task in groups:
            log(f"[scale {scale}] {task}")
            out = measure(task, data_dir, repeat, work, e)
            for name, r in out["results"].items():
                add(name, r["times"], out["rss_mb"], r.get("note", ""))
        if (HERE / "timeline.py").exists():
            log(f"[scale {scale}] timeline frames")
            out = timeline_frames(data_dir, repeat, e)
            for name, r in out["results"].items():
                add(name, r["times"], out["rss_mb"], r.get("note", ""))
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
        if scale >= 10 or scale == 1:
            n = 1 if scale >= 10 else repeat
            log(f"[scale {scale}] ledger export/import ×{n}")
            out = measure("export", data_dir, n, work, e)
            r = out["results"]["export.talks"]
            add("export.talks", r["times"], out["rss_mb"], r["note"])
            out = measure("import", data_dir, n, work, e)
            for name, r in out["results"].items():
                add(name, r["times"], out["rss_mb"], r["note"])
            lo = libreoffice_open(work / "talks.xlsx", n)
            add("libreoffice.open", lo, None, "" if lo else "LibreOffice not installed")
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


def frames(item: dict | None) -> str:
    """Frame times: many samples, so the median, the 95th percentile and the worst."""
    if item is None or not item["times"]:
        return "—"
    t = sorted(item["times"])
    p95 = t[min(len(t) - 1, round(0.95 * (len(t) - 1)))]
    if len(t) == 1:
        return ms(t[0])
    return f"{ms(statistics.median(t))}; {ms(p95)}; {ms(t[-1])} [{len(t)} frames]"


def med(item: dict | None) -> float | None:
    if item is None or not item["times"]:
        return None
    return statistics.median(item["times"])


def ratio(a: dict | None, b: dict | None) -> str:
    x, y = med(a), med(b)
    if x is None or y is None or y == 0:
        return "—"
    return f"{x / y:.1f}×"


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
    # benchmarks/timeline.py: frame times of the 时间线 page (what each sequence does is
    # listed under the table)
    timeline_keys = list(
        dict.fromkeys(k for r in runs for k in r["items"] if k.startswith("timeline."))
    )
    for key in timeline_keys:
        label = "时间线 page opened and painted" if key == "timeline.open" else f"时间线 `{key}`"
        row(f"{label} (median; p95; max)", lambda it, key=key: frames(it.get(key)))
    if not timeline_keys:
        row("时间线 page frames", lambda it: "benchmarks/timeline.py not present")
    row("open a record's form: 谈话", lambda it: cell(it.get("form.talks")))
    row("open a record's form: 问题线索", lambda it: cell(it.get("form.clues")))
    row("open a record's form: 整改事项", lambda it: cell(it.get("form.rectifications")))
    row("dashboard (built, year's cards filled)", lambda it: cell(it.get("dashboard")))
    row(
        "a person's archive (廉政档案 dialog) with its timeline",
        lambda it: cell(it.get("archive.person")),
    )
    row("a year's statistics (stats.compute)", lambda it: cell(it.get("stats.year")))
    row("notice PDF preview, first in a fresh process", lambda it: cell(it.get("notice.first")))
    row("notice PDF preview, warm", lambda it: cell(it.get("notice.warm")))
    row("a year's summary PDF (统计汇总, warm)", lambda it: cell(it.get("summary.year")))
    row(
        "ledger export 谈话台账 (.xlsx)",
        lambda it: (
            f"{cell(it.get('export.talks'))} [{(it.get('export.talks') or {}).get('note', '')}]"
        ),
    )
    row("ledger import: read + check (plan_import)", lambda it: cell(it.get("import.plan")))
    row("ledger import: write (apply)", lambda it: cell(it.get("import.apply")))
    row(
        "LibreOffice headless opening the exported ledger",
        lambda it: (
            cell(it.get("libreoffice.open")) if med(it.get("libreoffice.open")) else "not installed"
        ),
    )

    def against_office(it: dict) -> str:
        plan, apply = med(it.get("import.plan")), med(it.get("import.apply"))
        office = med(it.get("libreoffice.open"))
        if plan is None or apply is None or not office:
            return "—"
        export = ratio(it.get("export.talks"), it.get("libreoffice.open"))
        return f"import {(plan + apply) / office:.1f}×; export {export}"

    row("ledger import (read + check + write) and export ÷ LibreOffice", against_office)
    if timeline_keys:
        lines.append("")
        lines.append("时间线 sequences (benchmarks/timeline.py; every frame is one sample):")
        lines.append("")
        for key in timeline_keys:
            notes = {r["scale"]: r["items"][key]["note"] for r in runs if key in r["items"]}
            if len(set(notes.values())) > 1:  # e.g. the number of events: one per scale
                note = "; ".join(f"scale {scale}: {n}" for scale, n in notes.items())
            else:
                note = next(iter(notes.values()), "")
            lines.append(f"- `{key}`: {note}")
    lines.append("")
    lines.append("Peak memory (max RSS of the measuring process, MB):")
    lines.append("")
    lines.append("| process | " + " | ".join(f"scale {r['scale']}" for r in runs) + " |")
    lines.append("|---|" + "---|" * len(runs))
    for key, label in MEMORY_ROWS:
        cells = []
        for r in runs:
            item = r["items"].get(key)
            cells.append(f"{item['rss']:.0f}" if item and item.get("rss") else "—")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


MEMORY_ROWS = (
    ("cold.app", "main window at first paint"),
    ("cold.bare", "bare window at first paint"),
    ("TalksModel.open", "all lists, filters and searches"),
    ("form.talks", "main window + record forms"),
    ("dashboard", "dashboard"),
    ("archive.person", "a person's archive"),
    ("timeline.open", "时间线 frames"),
    ("summary.year", "summary PDF"),
    ("stats.year", "year's statistics"),
    ("notice.first", "notice preview (first)"),
    ("export.talks", "ledger export"),
    ("import.plan", "ledger import"),
)


def targets(runs: list[dict[str, Any]]) -> list[str]:
    by = {r["scale"]: r["items"] for r in runs}
    out = []

    def verdict(ok: bool | None) -> str:
        return "n/a" if ok is None else ("met" if ok else "**missed**")

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
        out.append(
            "- List filter and search ≤ 50 ms and ≤ 2× raw SQL at 100k: "
            + verdict(not worst)
            + (f" ({'; '.join(worst)})" if worst else "")
        )
        s = med(mid.get("stats.year"))
        out.append(
            f"- A year's statistics ≤ 200 ms at 100k: {verdict(s <= 0.2 if s else None)}"
            + (f" ({ms(s)} ms)" if s else "")
        )
    for scale, items in sorted(by.items()):
        a, b = med(items.get("cold.app")), med(items.get("cold.bare"))
        if a and b:
            out.append(
                f"- Cold start ≤ 1.5× bare window (scale {scale}): {verdict(a <= 1.5 * b)}"
                f" ({a / b:.1f}×)"
            )
    warm = [med(items.get("notice.warm")) for items in by.values()]
    warm_ok = all(w is not None and w <= 0.1 for w in warm) if warm else None
    out.append(
        f"- Warm notice ≤ 100 ms: {verdict(warm_ok)} (worst "
        f"{ms(max(w for w in warm if w is not None))} ms)"
        if warm
        else "- Warm notice: n/a"
    )
    big = by.get(100)
    if big is not None:
        peak = max((i["rss"] or 0) for i in big.values())
        over = [
            f"{label} {big[key]['rss']:.0f} MB"
            for key, label in MEMORY_ROWS
            if key in big and (big[key]["rss"] or 0) > 300
        ]
        out.append(
            f"- Memory ≤ 300 MB at 1M: {verdict(peak <= 300)} (largest process {peak:.0f} MB"
            + (f"; over 300 MB: {', '.join(over)}" if over else "")
            + ")"
        )
    else:
        out.append("- Memory ≤ 300 MB at 1M: not measured in this run (scale 100 not run)")
    return out


def commands(runs: list[dict[str, Any]], repeat: int) -> str:
    """The run.py command line(s) that made `runs` (scales run with different repeats
    are separate runs whose --json files were joined for --render)."""
    by_repeat: dict[int, list[str]] = {}
    for r in runs:
        by_repeat.setdefault(r.get("repeat", repeat), []).append(str(r["scale"]))
    return " and ".join(
        f"`python benchmarks/run.py --scales {','.join(scales)} --repeat {n}`"
        for n, scales in by_repeat.items()
    )


def write(out: Path, runs: list[dict[str, Any]], repeat: int, seconds: float) -> None:
    body = [
        START,
        "",
        f"Generated by {commands(runs, repeat)} on {time.strftime('%Y-%m-%d')}"
        f" ({(seconds or sum(r.get('seconds', 0) for r in runs)) / 60:.0f} min).",
        "",
        *machine(),
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
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--cache", type=Path, default=HERE / ".cache")
    parser.add_argument("--json", type=Path, help="also save the raw results here")
    parser.add_argument("--render", type=Path, help="only write the table from a saved --json")
    args = parser.parse_args()
    t0 = time.perf_counter()
    if args.render:
        runs = json.loads(args.render.read_text())
        write(args.out, runs, args.repeat, 0.0)
        log(f"wrote {args.out}")
        return 0
    runs = []
    for scale in (int(s) for s in args.scales.split(",") if s.strip()):
        runs.append(run_scale(scale, args.repeat, args.cache))
        if args.json:
            args.json.write_text(json.dumps(runs, ensure_ascii=False, indent=1))
    write(args.out, runs, args.repeat, time.perf_counter() - t0)
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
