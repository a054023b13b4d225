"""The messy-ledger corpus (tests/ledger_corpus.py): each old ledger imports with the
default choices and gives exactly the figures its office reported."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from desktop.domain import ledger_import, stats
from desktop.store import Store, dictionaries
from tests.ledger_corpus import Variant, variants

VARIANTS = variants()


@pytest.fixture
def empty(tmp_path: Path) -> Any:
    s = Store.open(tmp_path / "store", create=True)
    yield s
    s.close()


def test_the_corpus_covers_every_kind_with_twelve_variants() -> None:
    kinds = [v.kind for v in VARIANTS]
    assert len(VARIANTS) >= 12 and {"问题线索", "谈话", "整改"} <= set(kinds)
    assert all(kinds.count(k) >= 3 for k in ("问题线索", "谈话", "整改"))


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.name for v in VARIANTS])
def test_variant_imports_with_exact_figures(variant: Variant, empty: Store, tmp_path: Path) -> None:
    path = variant.write(tmp_path)
    plan = ledger_import.plan_import(empty, path, variant.kind)
    text = plan.summary()
    assert not plan.rejected and not plan.unknown and not plan.missing, text
    assert len(plan.accepted) == len(variant.rows), text
    assert len(plan.skipped) == variant.skipped, text
    assert len(plan.duplicates) == variant.duplicates, text
    for words in variant.expected_notes:
        assert any(words in w for w in plan.warnings), text
    counts = ledger_import.apply(empty, plan)  # the default choices
    assert counts["written"] == len(variant.rows)
    figures = stats.compute(empty, *variant.period)
    assert {k: figures[k] for k in variant.expected} == variant.expected, text


def test_a_store_made_before_the_aliases_shipped_reads_them(empty: Store, tmp_path: Path) -> None:
    """An older store's dictionaries hold none of the new spellings, and no 台账列名 at all:
    the shipped ones still apply, so its talk ledger gives the same figures."""
    with empty.transaction():
        empty.db.execute("DELETE FROM dict_items WHERE dict = 'ledger_column'")
        empty.db.execute(
            "UPDATE dict_items SET extra = '{}' WHERE dict IN ('talk_kind', 'talker_role')"
        )
    dictionaries.invalidate(empty)
    variant = next(v for v in VARIANTS if v.name == "talk_seed003")
    plan = ledger_import.plan_import(empty, variant.write(tmp_path), variant.kind)
    assert not plan.rejected and not plan.unknown, plan.summary()
    ledger_import.apply(empty, plan)
    figures = stats.compute(empty, *variant.period)
    assert {k: figures[k] for k in variant.expected} == variant.expected


def test_the_office_extends_the_column_spellings(empty: Store, tmp_path: Path) -> None:
    """A header no shipped alias knows (处理决定) is matched once the office adds it in
    设置 → 字典 → 台账列名; until then it is listed as not imported."""
    shipped = next(v for v in VARIANTS if v.name == "clue_compound")
    header = [h if h != "处理结果" else "处理决定" for h in shipped.header]
    variant = dataclasses.replace(shipped, header=header)
    path = variant.write(tmp_path)
    plan = ledger_import.plan_import(empty, path, variant.kind)
    assert "处理决定" in plan.unmatched
    item = dictionaries.get(empty, "ledger_column", "处理结果")
    assert item is not None
    dictionaries.set_properties(
        empty, "ledger_column", "处理结果", {"aliases": [*item.aliases, "处理决定"]}
    )
    plan = ledger_import.plan_import(empty, path, variant.kind)
    assert "处理决定" not in plan.unmatched
    ledger_import.apply(empty, plan)
    figures = stats.compute(empty, *variant.period)
    assert {k: figures[k] for k in variant.expected} == variant.expected


def test_seed_001_rates_as_the_office_reported(empty: Store, tmp_path: Path) -> None:
    """“结案率75%”, “第一种形态33人，占比38.4%” (seed 001), from its kind of ledger."""
    variant = next(v for v in VARIANTS if v.name == "clue_seed001")
    plan = ledger_import.plan_import(empty, variant.write(tmp_path), variant.kind)
    ledger_import.apply(empty, plan)
    figures = stats.compute(empty, *variant.period)
    assert figures.closure_rate == "75%" and figures.form_shares[1] == "38.4%"
