"""文件 → 制发通用提醒函: write a letter about no record, preview it, issue it."""

from __future__ import annotations

import io

import pypdf
from pytestqt.qtbot import QtBot
from ui_helpers import Seeded
from ui_window import Answers, close_window, open_window

from desktop.store import Store
from desktop.ui.letter_dialog import NO_SAMPLE, LetterDialog, samples


def text_of(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_a_festival_letter_from_a_model_text_is_issued_from_its_preview(
    qtbot: QtBot, store: Store, seeded: Seeded
) -> None:
    store.set_setting("office_name", "中共城关镇纪律检查委员会")
    store.set_setting("contact_person", "刘敏")
    store.set_setting("contact_phone", "0000-6123456")
    store.set_setting("cc.提醒函", "镇党委办公室")
    answers = Answers()
    window = open_window(
        qtbot, store, confirm=answers.confirm, report_error=answers.report, offer_drafts=False
    )
    window.letter_action.trigger()
    letter = window.findChild(LetterDialog)
    assert letter is not None and letter.isVisible()
    assert letter.cc.text() == "镇党委办公室"

    letter.preview_button.click()  # nothing written yet
    assert letter.message.text() == "主送：不能为空"
    assert not window.printing.dialogs

    names = list(samples())
    assert "元旦春节期间廉洁提醒" in names
    letter.sample.setCurrentIndex(names.index("元旦春节期间廉洁提醒") + 1)
    letter.sample.activated.emit(letter.sample.currentIndex())
    assert letter.content.toPlainText().startswith("元旦、春节将至")
    assert letter.matter.text() == "元旦春节期间严守纪律规矩"
    assert letter.title.text() == "标题：关于元旦春节期间严守纪律规矩的提醒函"
    letter.addressee.setText("各村（社区）党组织，镇属各单位")
    letter.preview_button.click()
    qtbot.waitUntil(lambda: bool(window.printing.dialogs), timeout=20000)
    preview = window.printing.dialog
    assert preview is not None and "尚未制发" in preview.status_label.text()
    assert "各村（社区）党组织，镇属各单位：" in text_of(preview.pdf)

    preview.issue_button.click()
    qtbot.waitUntil(lambda: bool(window.printing.issued), timeout=20000)
    doc = window.printing.issued[-1]
    assert doc["kind"] == "提醒函" and doc["linked_table"] is None
    assert doc["number"] in preview.windowTitle()
    assert doc["number"] in text_of(preview.pdf) and "抄送：镇党委办公室。" in text_of(preview.pdf)
    assert letter.sample.itemText(0) == NO_SAMPLE
    assert not answers.errors
    close_window(qtbot, window)
