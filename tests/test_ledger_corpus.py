"""The messy-ledger corpus (tests/ledger_corpus.py): each old ledger imports with the
default choices and gives exactly the figures its office reported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop.domain import ledger_import, stats
from desktop.store import Store
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
