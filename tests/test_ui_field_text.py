"""A stored value as the record dialog shows it: a reference reads as its record's title."""

from __future__ import annotations

from ui_helpers import seed

from desktop.store import Store
from desktop.ui.dialogs import field_text


def test_a_reference_reads_as_its_title_or_says_it_is_gone(store: Store) -> None:
    s = seed(store)
    assert (
        field_text(store, "talks", "clue_id", s.clues["overdue"])
        == "2026-01-10 反映王芳违规收受礼金"
    )
    assert field_text(store, "talks", "clue_id", 9999) == "（编号 9999，已删除）"
    assert field_text(store, "rectifications", "unit_id", s.units["城关镇"]) == "城关镇"
    assert field_text(store, "talks", "clue_id", None) == "—"
