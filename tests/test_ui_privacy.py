"""Reporter identity: masked in the clue form and the record view until 显示举报人,
which writes an audit entry; a save while masked keeps the stored identity."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from desktop.domain import privacy
from desktop.store import Store, audit
from desktop.store import records as rec
from desktop.ui.dialogs import RecordDialog
from desktop.ui.forms.record_form import ClueForm


@pytest.fixture
def clue_id(store: Store) -> int:
    return rec.insert(
        store,
        "clues",
        {
            "ledger_no": "XS2026-050",
            "received_date": "2026-03-02",
            "source": "信访举报",
            "summary": "反映某站长优亲厚友",
            "reporter_name": "欧阳明华",
            "reporter_contact": "13812345678",
        },
    )


def _line(form: ClueForm, name: str) -> QLineEdit:
    w = form.body.findChild(QLineEdit, name)
    assert w is not None
    return w


def test_masking_rule_is_shared() -> None:
    assert privacy.mask("reporter_name", "欧阳明华") == "欧***"
    assert privacy.mask("reporter_contact", "13812345678") == "138****5678"
    row = privacy.masked_row("clues", {"reporter_name": "张三", "summary": "x"})
    assert row == {"reporter_name": "张*", "summary": "x"}


def test_clue_form_masks_and_reveal_is_audited(qtbot: QtBot, store: Store, clue_id: int) -> None:
    form = ClueForm(store, "clues", clue_id)
    qtbot.addWidget(form)
    assert _line(form, "reporter_name").text() == "欧***"
    assert _line(form, "reporter_contact").text() == "138****5678"
    assert _line(form, "reporter_name").isReadOnly()
    entries = store.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'reveal'")
    assert entries == 0

    # a save while masked leaves the identity untouched
    summary = form.body.findChild(QPlainTextEdit, "summary")
    assert summary is not None
    summary.setPlainText("反映某站长优亲厚友、违规发放补贴")
    assert form.save()
    row = rec.get(store, "clues", clue_id)
    assert row["reporter_name"] == "欧阳明华" and row["reporter_contact"] == "13812345678"

    form = ClueForm(store, "clues", clue_id)
    qtbot.addWidget(form)
    qtbot.mouseClick(form.reveal_button, Qt.MouseButton.LeftButton)
    assert _line(form, "reporter_name").text() == "欧阳明华"
    assert _line(form, "reporter_contact").text() == "13812345678"
    assert not form.reveal_button.isEnabled()
    last = audit.history(store, "clues", clue_id)[-1]
    assert last["action"] == "reveal" and last["operator"] == "李明"
    assert last["at"] == "2026-03-16 09:30:00"
    assert set(last["after"]["revealed"]) == {"reporter_name", "reporter_contact"}
    assert audit.verify_chain(store).ok

    # revealed, the fields edit like any other
    _line(form, "reporter_contact").setText("0571-88886666")
    assert form.save()
    assert rec.get(store, "clues", clue_id)["reporter_contact"] == "0571-88886666"


def test_new_clue_has_nothing_to_reveal(qtbot: QtBot, store: Store) -> None:
    form = ClueForm(store, "clues", None)
    qtbot.addWidget(form)
    assert form.reveal_button.isHidden()
    assert not _line(form, "reporter_name").isReadOnly()


def test_record_view_shows_masked_identity(qtbot: QtBot, store: Store, clue_id: int) -> None:
    dialog = RecordDialog(store, "clues", clue_id)
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "欧***" in texts and "138****5678" in texts
    assert not any("欧阳明华" in t or "13812345678" in t for t in texts)


def test_ledger_export_masks_unless_revealed_and_reveal_is_audited(
    store: Store, clue_id: int, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from desktop.domain import ledger_io

    masked = tmp_path / "masked.xlsx"
    ledger_io.export(store, "问题线索", masked)
    cells = str([[c.value for c in r] for r in load_workbook(masked).active.iter_rows()])
    assert "欧***" in cells and "欧阳明华" not in cells
    assert store.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'reveal'") == 0

    shown = tmp_path / "shown.xlsx"
    ledger_io.export(store, "问题线索", shown, reveal=True)
    cells = str([[c.value for c in r] for r in load_workbook(shown).active.iter_rows()])
    assert "欧阳明华" in cells
    entry = store.query("SELECT * FROM audit_log WHERE action = 'reveal'")
    assert len(entry) == 1 and "shown.xlsx" in entry[0]["after"]
    assert entry[0]["operator"] == "李明"
