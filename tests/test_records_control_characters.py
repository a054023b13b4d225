"""Control characters pasted in from another program: Word's manual line and page breaks
(U+000B, U+000C) are kept as line breaks; any other is refused at its field, saying where,
so no record is saved that a ledger could not hold (the .xlsx export refuses them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.domain import ledger_io
from desktop.store import Store, records
from desktop.store.errors import ValidationError


def _talk(store: Store, reason: str) -> int:
    unit = records.insert(store, "units", {"name": "城关镇", "kind": "乡镇/街道"})
    person = records.insert(
        store, "persons", {"name": "李明", "unit_id": unit, "post": "副镇长", "rank": "乡科级"}
    )
    return records.insert(
        store,
        "talks",
        {"kind": "提醒谈话", "date": "2026-05-01", "reason": reason},
        {
            "talk_talkers": [{"name": "张书记", "role": "主要负责人"}],
            "talk_subjects": [{"person_id": person, "unit_name": "城关镇", "post": "副镇长"}],
        },
    )


def test_word_breaks_are_kept_as_line_breaks_and_the_ledger_exports(
    store: Store, tmp_path: Path
) -> None:
    talk = _talk(store, "工作作风方面\x0b苗头性问题\x0c需要提醒")
    assert records.get(store, "talks", talk)["reason"] == "工作作风方面\n苗头性问题\n需要提醒"
    path = tmp_path / "谈话台账.xlsx"
    ledger_io.export(store, "谈话", path)
    cells = [c.value for row in load_workbook(path, read_only=True).active.iter_rows() for c in row]
    assert "工作作风方面\n苗头性问题\n需要提醒" in cells


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x1f"])
def test_other_control_characters_are_refused_at_their_field(store: Store, char: str) -> None:
    with pytest.raises(ValidationError) as refused:
        _talk(store, f"苗头{char}性问题")
    assert refused.value.field == "reason"
    message = str(refused.value)
    assert message.startswith(refused.value.label + "：")
    assert "第3个字处" in message and f"U+{ord(char):04X}" in message
    assert store.scalar("SELECT COUNT(*) FROM talks") == 0  # nothing half-written


def test_an_update_is_refused_the_same_and_leaves_the_record(store: Store) -> None:
    talk = _talk(store, "苗头性问题")
    with pytest.raises(ValidationError, match="U\\+0007"):
        records.update(store, "talks", talk, {"reason": "苗头\x07性问题"})
    assert records.get(store, "talks", talk)["reason"] == "苗头性问题"
