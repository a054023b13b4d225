"""Names by pinyin: sorting with Qt's QCollator (zh_CN) or with pypinyin, and the one search.

    python benchmarks/search.py --data-dir D [--repeat N] [--json]

Part 1 sorts the store's person names (and the same names repeated to 10× and 100×)
both ways, interleaved (QCollator, pypinyin, QCollator, …) so both see the same machine
load, and reports medians and their ratio; pypinyin is timed cold (its key cache cleared)
since that is what a schema step or a first list pays; after that the key is stored and
SQL sorts by it (ORDER BY name_pinyin, also timed). It also counts the steps of
QCollator's order that go against the stored pinyin (a name read another way), and shows
the polyphonic surnames (曾 单 …) each way.

Part 2 times `desktop.domain.search.search` (the Ctrl+K box and the `search` command)
and the pickers' `matching_ids` for typical queries on the store: a 2-character name,
initials, full pinyin, a ledger-number fragment, one character.

Part 3 (issue #16) pairs the old and the new way in one process, interleaved (old, new,
old, …), and reports each median and the median of the pairs' ratios:
- the 谈话 list's 查找 for a 2-character name, 1 character, initials, a 3+ character
  phrase: the row-by-row instr()/LIKE scan it was (tests/search_scan.py, every match in
  list order) against what the list model reads before it paints now (`core.find`: the
  count from the full-text indexes and the first page's ids by walking the date index);
- opening a record's form (谈话, 问题线索, 整改事项, newest record): the form as it is now
  against the same form with its pickers filled with every row they can point to, as
  they were (`_old_fill`, the old binder.ref_choices).

Make a store with ``python -m desktop seed-demo --scale 10 --data-dir D`` (scale 100 for
125k talks). Never run by the test suite.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent / "tests"))  # search_scan
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _median_ms(times: list[float]) -> float:
    return round(statistics.median(times) * 1000, 2)


def interleaved(
    a: Callable[[], Any], b: Callable[[], Any], repeat: int, cpu: list[float] | None = None
) -> tuple[list[float], list[float]]:
    """Wall times of a and b, run in turn; `cpu` gets b's CPU times (SQLite runs in this
    process, so on a loaded machine they are the steadier figure)."""
    ta: list[float] = []
    tb: list[float] = []
    for _ in range(repeat):
        for fn, out in ((a, ta), (b, tb)):
            start, c0 = time.perf_counter(), time.process_time()
            fn()
            out.append(time.perf_counter() - start)
            if out is tb and cpu is not None:
                cpu.append(time.process_time() - c0)
    return ta, tb


def sorting(names: list[str], repeat: int) -> dict[str, Any]:
    from PySide6.QtCore import QCollator, QLocale
    from PySide6.QtWidgets import QApplication

    from desktop.store import pinyin

    _app = QApplication.instance() or QApplication([])
    collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))

    def by_qt() -> list[str]:
        return sorted(names, key=collator.sortKey)

    def by_pinyin() -> list[str]:
        pinyin.syllables.cache_clear()
        return sorted(names, key=lambda n: (pinyin.person_keys(n)["name_pinyin"] or "", n))

    qt_times, py_times = interleaved(by_qt, by_pinyin, repeat)
    # where QCollator's order goes against the stored pinyin (a name read another way
    # than pypinyin reads it), not the order of names that read alike (张伟/章伟): the
    # neighbours in QCollator's order whose pinyin keys descend
    key = {n: str(pinyin.person_keys(n)["name_pinyin"]) for n in set(names)}
    qt_keys = [key[n] for n in by_qt()]
    differ = sum(1 for x, y in itertools.pairwise(qt_keys) if x > y)
    by_pinyin()
    return {
        "names": len(names),
        "qcollator_ms": _median_ms(qt_times),
        "pypinyin_cold_ms": _median_ms(py_times),
        "ratio_pypinyin_to_qcollator": round(
            statistics.median(py_times) / statistics.median(qt_times), 1
        ),
        "qcollator_steps_against_pinyin": differ,
    }


def surnames() -> dict[str, list[str]]:
    from PySide6.QtCore import QCollator, QLocale

    from desktop.store import pinyin

    names = [
        "曾国强",
        "单立新",
        "解晓东",
        "仇建国",
        "查文",
        "乐小平",
        "陈明",
        "张伟",
        "沈明",
        "邹平",
    ]
    collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    return {
        "qcollator": sorted(names, key=collator.sortKey),
        "pypinyin_keys": sorted(names, key=lambda n: pinyin.person_keys(n)["name_pinyin"] or ""),
    }


def searching(data_dir: Path, repeat: int) -> dict[str, Any]:
    from desktop.domain import search
    from desktop.store import Store

    store = Store.open(data_dir)
    try:
        person = store.query(
            "SELECT name, name_initials, name_pinyin FROM persons WHERE length(name) = 2"
            " ORDER BY id LIMIT 1"
        )[0]
        ledger = str(store.scalar("SELECT ledger_no FROM clues WHERE ledger_no IS NOT NULL"))
        queries = {
            "2-char name": person["name"],
            "initials": person["name_initials"],
            "full pinyin": person["name_pinyin"].replace(" ", ""),
            "ledger no. part": ledger[-6:],
            "1 character": person["name"][0],
        }
        out: dict[str, Any] = {
            "persons": store.scalar("SELECT COUNT(*) FROM persons"),
            "talks": store.scalar("SELECT COUNT(*) FROM talks"),
            "clues": store.scalar("SELECT COUNT(*) FROM clues"),
        }
        for label, text in queries.items():
            grouped, picker = interleaved(
                lambda t=text: search.search(store, t),
                lambda t=text: search.matching_ids(store, "persons", t),
                repeat,
            )
            out[label] = {
                "query": text,
                "search_ms": _median_ms(grouped),
                "picker_ms": _median_ms(picker),
                "search_times": grouped,
            }
        return out
    finally:
        store.close()


def paired(old: Callable[[], Any], new: Callable[[], Any], repeat: int) -> dict[str, Any]:
    """Old and new interleaved: their medians (ms), the median of the pairs' ratios, and
    the new way's samples (s)."""
    cpu: list[float] = []
    old_times, new_times = interleaved(old, new, repeat, cpu)
    ratios = [o / n for o, n in zip(old_times, new_times, strict=True) if n > 0]
    return {
        "old_ms": _median_ms(old_times),
        "new_ms": _median_ms(new_times),
        "ratio_old_to_new": round(statistics.median(ratios), 1),
        "new_times": new_times,
        "new_cpu": cpu,
    }


PAGE = 200  # the list model's page (desktop/ui/models/base.py PAGE_SIZE)


def list_search(data_dir: Path, repeat: int) -> dict[str, Any]:
    """The 谈话 list's 查找: the old scan (every match in list order) against what the
    list reads before it paints (the count and the first page's ids)."""
    import search_scan

    from desktop.queries import core, lists
    from desktop.store import Store

    store = Store.open(data_dir)
    try:
        name = str(
            store.scalar(
                "SELECT p.name FROM talk_subjects s JOIN persons p ON p.id = s.person_id"
                " WHERE length(p.name) = 2 GROUP BY p.name ORDER BY COUNT(*) DESC LIMIT 1"
            )
        )
        initials = str(store.scalar("SELECT name_initials FROM persons WHERE name = ?", [name]))
        order = " ORDER BY t.date DESC, t.id DESC"
        old_persons = f"SELECT id FROM persons WHERE {search_scan.name_condition()}"
        old_where = (
            f"{search_scan.text_condition(('t.reason', 't.place', 't.recorder'))}"
            f" OR t.id IN (SELECT talk_id FROM talk_subjects WHERE person_id IN ({old_persons}))"
            " OR t.id IN (SELECT talk_id FROM talk_talkers WHERE instr(name, :q) > 0)"
            " OR t.id IN (SELECT talk_id FROM talk_subjects WHERE instr(unit_name, :q) > 0)"
        )
        out: dict[str, Any] = {"talks": store.scalar("SELECT COUNT(*) FROM talks")}
        q = lists.TALKS

        def first_page(text: str) -> tuple[int, list[int]]:
            """What the list model reads before it paints: the count and the first
            page's ids (core.find: the indexes, then a walk of the date index)."""
            found = core.find(store, q, core.Filters(search=text), q.default)
            assert found is not None
            return found.count, found.page_ids(0, PAGE)

        for label, text in {
            "2-char name": name,
            "1 character": name[0],
            "initials": initials,
            "3+ characters": "廉政谈话",
        }.items():
            old_sql = f"SELECT t.id FROM talks t WHERE {old_where}{order}"
            old_values = search_scan.params(text)
            every = [int(r[0]) for r in store.db.execute(old_sql, old_values).fetchall()]
            assert first_page(text) == (len(every), every[:PAGE]), label
            out[label] = {
                "query": text,
                "matches": len(every),
                **paired(
                    lambda s=old_sql, v=old_values: store.db.execute(s, v).fetchall(),
                    lambda t=text: first_page(t),
                    repeat,
                ),
            }
        return out
    finally:
        store.close()


def measure(data_dir: Path, repeat: int) -> dict[str, Any]:
    """For benchmarks/run.py: the 谈话 list's 查找 (new, each the median of `repeat` pairs
    interleaved with the old scan) and Ctrl+K, in the shape run.py reads."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # search_scan
    out: dict[str, Any] = {}
    listed = list_search(Path(data_dir), repeat)
    for label, r in listed.items():
        if isinstance(r, dict):
            out[f"search.list {label}"] = {
                "times": r["new_times"],
                "cpu": r["new_cpu"],
                "note": f"{listed['talks']} talks, {r['matches']} matches; old scan"
                f" {r['old_ms']} ms, old/new {r['ratio_old_to_new']}× (median of pairs)",
            }
    found = searching(Path(data_dir), repeat)
    for label, r in found.items():
        if isinstance(r, dict):
            out[f"search.ctrl-k {label}"] = {
                "times": r["search_times"],
                "note": f"Ctrl+K, median of {repeat}; picker {r['picker_ms']} ms",
            }
    return out


def _old_fill(store: Any, form: Any) -> None:
    """The form's pickers filled with every row they can point to, as they were."""
    from collections import Counter

    from PySide6.QtWidgets import QComboBox

    from desktop.store import records

    for name, widget in form.binder.widgets.items():
        f = form.binder.kind.field(name)
        if f.type != "ref" or not isinstance(widget, QComboBox):
            continue
        table = f.ref
        if table == "persons":
            rows = store.query(
                "SELECT p.id, p.name, u.name AS unit FROM persons p"
                " LEFT JOIN units u ON u.id = p.unit_id ORDER BY p.name_pinyin, p.name, p.id"
            )
            names = Counter(r["name"] for r in rows)
            items = [
                (f"{r['name']}（{r['unit']}）" if names[r["name"]] > 1 and r["unit"] else r["name"])
                for r in rows
            ]
            ids = [r["id"] for r in rows]
        elif table == "units":
            rows = store.query("SELECT id, name FROM units ORDER BY name_pinyin, name")
            items, ids = [r["name"] for r in rows], [r["id"] for r in rows]
        else:
            order = "received_date DESC, id DESC" if table == "clues" else "id DESC"
            rows = store.query(f"SELECT * FROM {table} ORDER BY {order}")
            items = [records.title(store, table, r) for r in rows]
            if table == "clues":
                items = [
                    f"{r['ledger_no'] or ('编号' + str(r['id']))} {t}"
                    for r, t in zip(rows, items, strict=True)
                ]
            ids = [r["id"] for r in rows]
        for text, record_id in zip(items, ids, strict=True):
            widget.addItem(text, record_id)


def form_open(data_dir: Path, repeat: int) -> dict[str, Any]:
    """Opening the newest record's form: now, and with the pickers filled as they were."""
    from PySide6.QtWidgets import QApplication

    from desktop.store import Store
    from desktop.ui.forms.record_form import form_class

    app = QApplication.instance() or QApplication([])
    store = Store.open(data_dir)
    out: dict[str, Any] = {}
    try:
        for table in ("talks", "clues", "rectifications"):
            rid = int(store.scalar(f"SELECT max(id) FROM {table}"))

            def open_form(old: bool, table: str = table, rid: int = rid) -> None:
                form = form_class(table)(store, table, rid, ask_save=lambda *a: None)
                if old:
                    _old_fill(store, form)
                form.show()
                app.processEvents()
                form.close()
                form.deleteLater()
                app.processEvents()

            out[table] = paired(lambda: open_form(True), lambda: open_form(False), repeat)
        return out
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--part", choices=("all", "lists", "forms"), default="all", help="only part 3's lists/forms"
    )
    args = parser.parse_args()
    if args.part != "all":
        part = list_search if args.part == "lists" else form_open
        found = part(args.data_dir, args.repeat)
        print(json.dumps(found, ensure_ascii=False, indent=2 if not args.json else None))
        return
    from desktop.store import Store

    store = Store.open(args.data_dir)
    names = [str(r[0]) for r in store.db.execute("SELECT name FROM persons")]
    start = time.perf_counter()
    store.db.execute("SELECT id FROM persons ORDER BY name_pinyin, name").fetchall()
    sql_ms = round((time.perf_counter() - start) * 1000, 2)
    store.close()
    results: dict[str, Any] = {
        "sort": [sorting(names * n, args.repeat) for n in (1, 10, 100)],
        "sql_order_by_stored_pinyin_ms": sql_ms,
        "surnames": surnames(),
        "search": searching(args.data_dir, args.repeat),
        "list_search": list_search(args.data_dir, args.repeat),
        "form_open": form_open(args.data_dir, args.repeat),
    }
    print(json.dumps(results, ensure_ascii=False, indent=2 if not args.json else None))


if __name__ == "__main__":
    main()
