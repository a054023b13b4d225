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

Make a store with ``python -m desktop seed-demo --scale 10 --data-dir D``. Never run by
the test suite.
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
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _median_ms(times: list[float]) -> float:
    return round(statistics.median(times) * 1000, 2)


def interleaved(
    a: Callable[[], Any], b: Callable[[], Any], repeat: int
) -> tuple[list[float], list[float]]:
    ta: list[float] = []
    tb: list[float] = []
    for _ in range(repeat):
        for fn, out in ((a, ta), (b, tb)):
            start = time.perf_counter()
            fn()
            out.append(time.perf_counter() - start)
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
            }
        return out
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
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
    }
    print(json.dumps(results, ensure_ascii=False, indent=2 if not args.json else None))


if __name__ == "__main__":
    main()
