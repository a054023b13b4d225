"""Print preview, printing, save as PDF, issuing and reprinting from the main window."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from ui_helpers import Seeded, open_store

from desktop.domain import notices
from desktop.store import Store, numbering
from desktop.store import records as rec
from desktop.ui.app import configure_application_identity
from desktop.ui.main_window import MainWindow
from desktop.ui.print_preview import (
    PrintChoice,
    PrintPreviewDialog,
    choices,
    pages_to_print,
)


class Answers:
    def __init__(self) -> None:
        self.answer = True
        self.asked: list[str] = []
        self.errors: list[BaseException] = []
        self.again = "correct"
        self.again_asked: list[str] = []
        self.offered: list[list[PrintChoice]] = []
        self.pick: str | None = None

    def confirm(self, _parent: QWidget | None, _title: str, text: str) -> bool:
        self.asked.append(text)
        return self.answer

    def report(self, _parent: QWidget | None, exc: BaseException) -> None:
        self.errors.append(exc)

    def ask_again(self, _parent: QWidget, text: str) -> str:
        self.again_asked.append(text)
        return self.again

    def choose(self, _parent: QWidget, options: list[PrintChoice]) -> PrintChoice | None:
        self.offered.append(options)
        return next((o for o in options if o.label == self.pick), None)


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    s = open_store(data_dir)
    s.set_setting("office_name", "中共城关镇纪律检查委员会")
    s.set_setting("contact_person", "刘敏")
    s.set_setting("contact_phone", "0000-6123456")
    yield s
    s.close()


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def window(qtbot: QtBot, store: Store, seeded: Seeded, answers: Answers) -> MainWindow:
    configure_application_identity()
    w = MainWindow(store, confirm=answers.confirm, report_error=answers.report, offer_drafts=False)
    w.printing.ask_again = answers.ask_again
    w.printing.choose = answers.choose
    qtbot.addWidget(w)
    return w


def wait_idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.work.busy, timeout=20000)


def pdf_pages(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def preview_dialog(qtbot: QtBot, window: MainWindow, kind: str, record_id: int) -> Any:
    before = list(window.printing.dialogs)
    window.printing.preview(kind, record_id)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.printing.dialogs != before, timeout=5000)
    dialog = window.printing.dialog
    assert dialog is not None
    return dialog


# -- the dialog ----------------------------------------------------------------------------


def test_the_dialog_shows_a_notice_pdf(qtbot: QtBot, store: Store, seeded: Seeded) -> None:
    pdf = notices.preview(store, "整改通知书", seeded.rects["soon"], store.today())
    dialog = PrintPreviewDialog(pdf, "整改通知书（预览）", status="预览：尚未制发，文号空白")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.page_count() == pdf_pages(pdf) > 0
    assert dialog.page_label.text() == f"第 1 页 / 共 {dialog.page_count()} 页"
    assert dialog.status_label.text() == "预览：尚未制发，文号空白"
    assert not dialog.issue_button.isVisible()  # no callback: nothing to issue
    dialog.zoom(1.25)
    dialog.fit_width()


def test_save_as_pdf_writes_the_exact_bytes(
    qtbot: QtBot, store: Store, seeded: Seeded, tmp_path: Path
) -> None:
    pdf = notices.preview(store, "谈话通知书", seeded.talks[0], store.today())
    suggested: list[str] = []

    def pick(_parent: QWidget, name: str) -> str:
        suggested.append(name)
        return str(tmp_path / "out" / "通知")  # no suffix: .pdf is added

    (tmp_path / "out").mkdir()
    dialog = PrintPreviewDialog(pdf, "谈话通知书（预览）", choose_path=pick)
    qtbot.addWidget(dialog)
    saved = dialog.save_pdf()
    assert saved == tmp_path / "out" / "通知.pdf"
    assert saved.read_bytes() == pdf
    assert suggested == ["谈话通知书（预览）.pdf"]
    cancelled = PrintPreviewDialog(pdf, "x", choose_path=lambda _p, _n: "")
    qtbot.addWidget(cancelled)
    assert cancelled.save_pdf() is None


def test_printing_to_a_pdf_printer_prints_every_page(
    qtbot: QtBot, store: Store, seeded: Seeded, tmp_path: Path
) -> None:
    pdf = notices.preview(store, "廉政档案", seeded.persons["王芳"], store.today())
    out = tmp_path / "printed.pdf"

    def accept(_parent: QWidget, printer: QPrinter, pages: int) -> bool:
        assert pages == pdf_pages(pdf)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    dialog = PrintPreviewDialog(pdf, "廉政档案", ask_print=accept)
    qtbot.addWidget(dialog)
    assert dialog.print_pdf() == dialog.page_count()
    assert pdf_pages(out.read_bytes()) == pdf_pages(pdf)
    page = pypdf.PdfReader(str(out)).pages[0]
    assert abs(float(page.mediabox.width) - 595) < 2  # A4 portrait, full page
    assert abs(float(page.mediabox.height) - 842) < 2
    refused = PrintPreviewDialog(pdf, "廉政档案", ask_print=lambda *_: False)
    qtbot.addWidget(refused)
    assert refused.print_pdf() == 0


def test_a_page_range_selects_pages() -> None:
    printer = QPrinter()
    assert pages_to_print(printer, 3) == [0, 1, 2]
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert pages_to_print(printer, 3) == [1, 2]


# -- what can be printed -------------------------------------------------------------------


def test_choices_per_record(store: Store, seeded: Seeded) -> None:
    today = store.today()
    rect = choices(store, "rectifications", seeded.rects["soon"], today)
    assert [c.label for c in rect] == ["整改通知书", "整改函", "提醒函", "督办函"]
    assert not rect[3].enabled and "未逾期" in rect[3].tip
    overdue = choices(store, "rectifications", seeded.rects["overdue"], today)
    assert overdue[3].enabled
    assert [c.kind for c in choices(store, "talks", seeded.talks[0], today)] == [
        "谈话通知书",
        "谈话记录",
    ]
    assert [c.kind for c in choices(store, "persons", seeded.persons["王芳"], today)] == [
        "廉政档案"
    ]
    clue = choices(store, "clues", seeded.clues["overdue"], today)
    assert [(c.label, c.kind, c.person_id) for c in clue] == [
        ("提醒函（致王芳）", "提醒函", seeded.persons["王芳"])
    ]
    doc = choices(store, "documents", seeded.documents[0], today)
    assert doc[0].label == "重新打印 城纪改〔2026〕1号" and doc[0].kind == ""
    assert choices(store, "units", seeded.units["城关镇"], today) == []


# -- from the main window ------------------------------------------------------------------


def test_ctrl_p_on_a_list_offers_the_kinds_and_opens_the_preview(
    qtbot: QtBot, window: MainWindow, seeded: Seeded, answers: Answers
) -> None:
    page = window.select_page("人员档案")
    assert not window.print_action.isEnabled()
    page.select_row(0)  # type: ignore[attr-defined]
    assert window.print_action.isEnabled()
    window.print_action.trigger()  # one printable kind: straight to the preview
    wait_idle(qtbot, window)
    dialog = window.printing.dialog
    assert dialog is not None and dialog.page_count() > 0
    assert "廉政档案" in dialog.windowTitle()
    assert not dialog.issue_button.isVisible()  # a printout, not a registered document

    window.select_page("谈话记录")
    answers.pick = None  # the clerk closes the menu
    window.printing.print_record("talks", seeded.talks[0])
    assert [c.label for c in answers.offered[-1]] == ["谈话通知书", "谈话记录"]
    assert len(window.printing.dialogs) == 1


def test_issuing_registers_the_document_and_reprint_is_byte_identical(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seeded, answers: Answers
) -> None:
    rect_id = seeded.rects["far"]
    dialog = preview_dialog(qtbot, window, "整改通知书", rect_id)
    assert dialog.issue_button.isVisibleTo(dialog)
    assert "尚未制发" in dialog.status_label.text()
    expected = numbering.preview_number(store, "整改通知书", 2026)
    dialog.issue_button.click()
    assert answers.asked[-1].endswith(
        f"制发后将占用文号 {expected}（预计）并登记，不可修改。是否继续？"
    )
    wait_idle(qtbot, window)
    assert not answers.errors
    doc = window.printing.issued[-1]
    assert doc["number"] == expected
    # the dialog now shows the issued document, with its number, and cannot issue again
    assert dialog.pdf == notices.reprint(store, int(doc["id"]))
    assert expected in dialog.windowTitle() and not dialog.issue_button.isVisibleTo(dialog)
    stored = (store.path.parent / doc["pdf_path"]).read_bytes()
    assert dialog.pdf == stored
    assert hashlib.sha256(stored).hexdigest() == doc["sha256"]
    # 文书登记 lists it (refreshed after issuing)
    documents = window.select_page("文书登记")
    model = documents.model  # type: ignore[attr-defined]
    numbers = [model.row(r)["number"] for r in range(model.rowCount())]
    assert expected in numbers
    # 重新打印 from the register: the stored bytes
    row = numbers.index(expected)
    documents.select_row(row)  # type: ignore[attr-defined]
    window.print_action.trigger()
    wait_idle(qtbot, window)
    assert window.printing.dialog is not dialog
    assert window.printing.dialog.pdf == stored  # type: ignore[union-attr]
    assert rec.get(store, "rectifications", rect_id)["notice_document_id"] == doc["id"]


def test_a_correction_gets_a_new_number_and_keeps_the_old(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seeded, answers: Answers
) -> None:
    rect_id = seeded.talks[1]
    first = notices.issue(store, "谈话通知书", rect_id, store.today())
    old_bytes = notices.reprint(store, int(first["id"]))
    answers.again = "reprint"
    reprinted = preview_dialog(qtbot, window, "谈话通知书", rect_id)
    assert reprinted.pdf == old_bytes and not reprinted.issue_button.isVisibleTo(reprinted)
    assert first["number"] in answers.again_asked[-1]

    answers.again = "correct"
    dialog = preview_dialog(qtbot, window, "谈话通知书", rect_id)
    assert "更正" in dialog.windowTitle()
    dialog.issue_button.click()
    wait_idle(qtbot, window)
    assert not answers.errors
    new = window.printing.issued[-1]
    assert new["number"] != first["number"] and new["serial"] == first["serial"] + 1
    assert "更正" in (new["notes"] or "")
    old_row = rec.get(store, "documents", int(first["id"]))
    assert old_row["number"] == first["number"]
    assert notices.reprint(store, int(first["id"])) == old_bytes

    answers.again = "cancel"
    count = len(window.printing.dialogs)
    window.printing.preview("谈话通知书", rect_id)
    wait_idle(qtbot, window)
    assert len(window.printing.dialogs) == count


def test_a_reminder_letter_to_a_reported_person_from_the_clue_list(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seeded, answers: Answers
) -> None:
    clue = seeded.clues["overdue"]
    answers.pick = "提醒函（致王芳）"
    window.select_page("问题线索")
    window.printing.print_record("clues", clue)
    wait_idle(qtbot, window)
    dialog = window.printing.dialog
    assert dialog is not None and "提醒函（预览）" in dialog.windowTitle()
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(dialog.pdf)).pages)
    assert "王芳同志：" in text and "违规收受礼金" in text
    dialog.issue_button.click()
    wait_idle(qtbot, window)
    assert not answers.errors
    doc = window.printing.issued[-1]
    assert (doc["kind"], doc["addressee"], doc["linked_id"]) == ("提醒函", "王芳同志", clue)
    # asked again, the clerk is offered the issued letter back or a correction
    answers.again = "reprint"
    window.printing.print_record("clues", clue)
    wait_idle(qtbot, window)
    assert doc["number"] in answers.again_asked[-1]
    assert window.printing.dialog.pdf == notices.reprint(store, int(doc["id"]))  # type: ignore[union-attr]


def test_declining_the_confirmation_issues_nothing(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seeded, answers: Answers
) -> None:
    dialog = preview_dialog(qtbot, window, "提醒函", seeded.rects["far"])
    before = store.scalar("SELECT COUNT(*) FROM documents")
    answers.answer = False
    dialog.issue_button.click()
    wait_idle(qtbot, window)
    assert store.scalar("SELECT COUNT(*) FROM documents") == before
    assert dialog.issue_button.isVisibleTo(dialog)


def test_supervision_letter_on_an_item_not_overdue_previews_but_cannot_be_issued(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seeded, answers: Answers
) -> None:
    # the notices went out on 2 February: one item is overdue now, the other is not
    notices.issue(store, "整改通知书", seeded.rects["soon"], dt.date(2026, 2, 2))
    notices.issue(store, "整改通知书", seeded.rects["overdue"], dt.date(2026, 2, 2))
    dialog = preview_dialog(qtbot, window, "督办函", seeded.rects["soon"])
    assert dialog.page_count() > 0 and not answers.errors
    assert not dialog.issue_button.isVisibleTo(dialog)
    assert "不能制发" in dialog.status_label.text() and "未逾期" in dialog.status_label.text()
    # the overdue item can be escalated
    dialog = preview_dialog(qtbot, window, "督办函", seeded.rects["overdue"])
    assert dialog.page_count() > 0 and dialog.issue_button.isVisibleTo(dialog)


def test_ctrl_p_in_an_open_entry_form_prints_its_record(
    qtbot: QtBot, window: MainWindow, seeded: Seeded, answers: Answers
) -> None:
    window.select_page("单位")  # nothing printable selected on this list
    assert window.printing.target() is None
    form = window.open_form("talks", seeded.talks[0])
    assert form is not None and window.print_action in form.actions()
    assert window.printing.target() == ("talks", seeded.talks[0])
    assert window.print_action.isEnabled()
    answers.pick = "谈话通知书"
    window.print_action.trigger()
    wait_idle(qtbot, window)
    dialog = window.printing.dialog
    assert dialog is not None and "谈话通知书" in dialog.windowTitle()
    assert dialog.issue_button.isVisibleTo(dialog)
    form.close()


def test_preview_of_a_record_lacking_a_field_names_it_and_offers_no_issue(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seeded, answers: Answers
) -> None:
    """Issue 19: the preview shows 〔整改要求未填写〕 where the requirement goes, the
    dialog says which field is missing, and 正式制发 is not offered until it is filled."""
    rec.update(store, "rectifications", seeded.rects["far"], {"requirement": None})
    dialog = preview_dialog(qtbot, window, "整改通知书", seeded.rects["far"])
    assert dialog.page_count() > 0 and not answers.errors
    assert "整改要求未填写" in dialog.status_label.text()
    assert not dialog.issue_button.isVisibleTo(dialog)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(dialog.pdf)).pages)
    assert "〔整改要求未填写〕" in text and "预览稿" in text


# -- 通报 ----------------------------------------------------------------------------------


def make_bulletin(store: Store, kind: str = "督查通报") -> int:
    return rec.insert(
        store,
        "bulletins",
        {
            "kind": kind,
            "title": "关于春节期间落实中央八项规定精神专项督查情况的通报",
            "date": "2026-03-10",
            "scope": "各村（社区）党组织，镇属各单位",
            "summary": "春节期间，镇纪委组成2个督查组开展专项督查。",
            "requirements": "各单位要对照问题立行立改。",
        },
        {
            "bulletin_items": [
                {"summary": "镇农业服务中心值班记录不全", "handling": "已责令整改"},
                {"summary": "某村公车停放不规范"},
            ]
        },
    )


def test_a_bulletin_prints_its_own_kind_and_is_issued_by_issue_number(
    qtbot: QtBot, window: MainWindow, store: Store, answers: Answers
) -> None:
    bulletin = make_bulletin(store)
    offered = choices(store, "bulletins", bulletin, store.today())
    assert [(c.label, c.kind) for c in offered] == [("督查通报", "督查通报")]
    dialog = preview_dialog(qtbot, window, "督查通报", bulletin)
    assert not answers.errors and dialog.issue_button.isVisibleTo(dialog)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(dialog.pdf)).pages)
    assert "镇农业服务中心值班记录不全" in text.replace("\n", "")
    dialog.issue_button.click()
    assert "将占用文号 2026年第1期（预计）" in answers.asked[-1]
    wait_idle(qtbot, window)
    assert not answers.errors
    doc = window.printing.issued[-1]
    assert doc["number"] == "2026年第1期" and doc["issued_date"] == "2026-03-10"
    assert rec.get(store, "bulletins", bulletin)["document_id"] == doc["id"]
    assert "2026年第1期" in dialog.windowTitle()
    # printing it again offers the issued one (reprint) or a correction
    answers.again = "reprint"
    again = preview_dialog(qtbot, window, "督查通报", bulletin)
    assert "2026年第1期" in answers.again_asked[-1]
    assert again.pdf == notices.reprint(store, int(doc["id"]))


def test_a_bulletin_lacking_its_requirements_is_previewed_not_issued(
    qtbot: QtBot, window: MainWindow, store: Store, answers: Answers
) -> None:
    bulletin = make_bulletin(store, "典型案例通报")
    rec.update(store, "bulletins", bulletin, {"requirements": None})
    dialog = preview_dialog(qtbot, window, "典型案例通报", bulletin)
    status = dialog.status_label.text()
    assert "工作要求未填写" in status and "第2起的处理情况未填写" in status
    assert not dialog.issue_button.isVisibleTo(dialog)
