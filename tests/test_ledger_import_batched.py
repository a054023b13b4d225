"""An import's check inserts its rows' records in batches (records.Buffer) instead of a
savepoint and an INSERT per row; when the database or a rule refuses a record, that
batch is tried again one row at a time. The plan it makes is the one the check one row
at a time makes: the same rows accepted, the same rows refused with the same messages
and row numbers, in the same order; the same duplicates, warnings, values to map and
reviews; and the write after it leaves the same store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from ledger_corpus import variants
from ledger_office import refusing_talks
from openpyxl import Workbook
from store_rows import every_row

from desktop.domain import ledger_import, ledger_io
from desktop.store import Store, dictionaries, records

NOW = dt.datetime(2026, 11, 23, 9, 0)
# one row at a time (the reference), the default batches, and batches of 3 rows
MODES = (0, ledger_import.BATCH_ROWS, 3)


def _open(folder: Path) -> Store:
    return Store.open(folder, clock=lambda: NOW)


def _seen(plan: ledger_import.ImportPlan) -> tuple[Any, ...]:
    """Everything a check puts in its plan, with the order of what the clerk reads."""
    return (
        plan,  # every field (the dataclass's equality)
        list(plan.rejected.items()),
        list(plan.roles.items()),
        list(plan.splits.items()),
        plan.summary(),
    )


def _first(store: Store, dictionary: str, *, but: str | None = None) -> str:
    return next(x for x in dictionaries.labels(store, dictionary) if x != but)


def _dirty_clues(folder: Path, store: Store, *, joined: bool = False) -> Path:
    """A 问题线索台账 with rows the database refuses (a person named twice: clue_persons
    is UNIQUE per clue) and rows a rule refuses (初核 dates on a clue not disposed by
    初步核实), among rows that make persons and units on the way. `joined`: the 单位及职务
    cells run unit and post together (read against the units known so far)."""
    source = _first(store, "clue_source")
    other = _first(store, "disposition", but="初步核实")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["问题线索处置台账"])
    ws.append(
        ["来件时间", "线索来源", "被反映人（单位）", "单位及职务", "反映的主要问题",
         "处置方式", "处置日期", "初核开始日期"]
    )  # fmt: skip
    for n in range(1, 31):
        who = f"对象{n % 6}号"
        persons = f"{who}、{who}" if n % 5 == 0 else who
        unit_post = f"单位{n % 4}{'科员' if joined else ' 科员'}"
        if n % 5 == 0:
            unit_post = f"{unit_post}；{unit_post}"
        prelim = f"2024-05-{n:02d}" if n % 7 == 0 else None
        ws.append(
            [f"2024-04-{n:02d}", source, persons, unit_post, f"反映问题{n}", other,
             f"2024-04-{n:02d}", prelim]
        )  # fmt: skip
    path = folder / f"dirty-clues{'-joined' if joined else ''}.xlsx"
    wb.save(path)
    return path


def _checked_and_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: list[tuple[Path, str]], rows: int
) -> tuple[list[tuple[Any, ...]], dict[str, list[tuple[Any, ...]]]]:
    """Each file checked and written in turn into one store, batches of `rows` rows."""
    monkeypatch.setattr(ledger_import, "BATCH_ROWS", rows)
    store = _open(tmp_path / f"store-{rows}")
    try:
        plans = []
        for path, kind in files:
            plan = ledger_import.plan_import(store, path, kind)
            plans.append(_seen(plan))
            ledger_import.apply(store, plan)
        return plans, every_row(store)
    finally:
        store.close()


def test_every_demo_ledger_checked_in_batches_makes_the_plan_of_one_row_at_a_time(
    demo_ledgers: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kinds = (ledger_io.PERSONS, *(k for k in ledger_io.LEDGERS if k != ledger_io.PERSONS))
    files = [(demo_ledgers / f"{k}.xlsx", k) for k in kinds]
    modes = MODES[:2]  # (batches of 3 in the tests below: ~4 s less of the default run)
    results = [_checked_and_written(tmp_path, monkeypatch, files, rows) for rows in modes]
    for plans, dump in results[1:]:
        assert plans == results[0][0]
        assert dump == results[0][1]
    assert sum(len(p[0].accepted) for p in results[0][0]) > 1000


def test_rows_the_database_or_a_rule_refuses_are_named_as_one_row_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refusals inside a batch: the batch is tried again row by row; the corpus's old
    ledgers (combined cells, merged rows) the same."""
    store = _open(tmp_path / "dictionaries")
    clues = _dirty_clues(tmp_path, store)
    store.close()
    files = [(clues, "问题线索"), (refusing_talks(tmp_path), "谈话")]
    files += [(v.write(tmp_path), v.kind) for v in variants()]
    flushes: list[bool] = []
    real = records.Buffer.flush

    def spy(self: records.Buffer, store: Store, recording: Any = None) -> bool:
        done = real(self, store, recording)
        flushes.append(done)
        return done

    monkeypatch.setattr(records.Buffer, "flush", spy)
    results = [_checked_and_written(tmp_path, monkeypatch, files, rows) for rows in MODES]
    for plans, dump in results[1:]:
        assert plans == results[0][0]
        assert dump == results[0][1]
    plan = results[0][0][0][0]
    refused = {n: [p.reason for p in ps] for n, ps in plan.rejected.items()}
    unique, rule = "已在本问题线索中，不能重复添加", "处置方式为“初步核实”的线索才能填写"
    assert refused == {  # sheet rows: the data start on row 3
        7: [unique], 9: [rule], 12: [unique], 16: [rule], 17: [unique],
        22: [unique], 23: [rule], 27: [unique], 30: [rule], 32: [unique],
    }  # fmt: skip
    assert False in flushes and True in flushes  # batches refused, and batches taken


def test_a_batch_read_against_units_a_refused_row_made_is_checked_again_one_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unit and post written together are split against the units known so far: a row
    read after a refused row that made a unit would have been read without it, so the
    check starts again one row at a time, and its plan is that one."""
    store = _open(tmp_path / "dictionaries")
    clues = _dirty_clues(tmp_path, store, joined=True)
    store.close()
    runs: list[bool | None] = []
    real = ledger_import._run

    def spy(*args: Any, **kwargs: Any) -> dict[str, int]:
        runs.append(kwargs.get("buffered"))
        return real(*args, **kwargs)

    monkeypatch.setattr(ledger_import, "_run", spy)
    results = [
        _checked_and_written(tmp_path, monkeypatch, [(clues, "问题线索")], rows) for rows in MODES
    ]
    for plans, dump in results[1:]:
        assert plans == results[0][0]
        assert dump == results[0][1]
    assert runs.count(False) == 2  # the default batch and the batch of 3, started again
    assert results[0][0][0][0].splits  # there were splits to review
