"""设置 → 文书模板: the office edits a document's wording; the next document uses it."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pypdf
import pytest
from pytestqt.qtbot import QtBot
from ui_helpers import Seeded

from desktop.domain import notices
from desktop.store import Store, UserError
from desktop.ui.pages.wording_page import EDITED, WordingEditor
from desktop.ui.work import Work


class Answers:
    def __init__(self) -> None:
        self.answer = True
        self.asked: list[str] = []
        self.errors: list[BaseException] = []

    def ask(self, _parent: object, _title: str, text: str) -> bool:
        self.asked.append(text)
        return self.answer

    def report(self, _parent: object, exc: BaseException) -> None:
        self.errors.append(exc)


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def editor(qtbot: QtBot, store: Store, answers: Answers) -> Iterator[WordingEditor]:
    store.set_setting("office_name", "中共城关镇纪律检查委员会")
    work = Work(store, None, report_error=answers.report)
    w = WordingEditor(store, work, ask=answers.ask)
    qtbot.addWidget(w)
    wait_idle(qtbot, w)
    yield w
    work.cancel_all()
    assert not answers.errors


def wait_idle(qtbot: QtBot, w: WordingEditor) -> None:
    qtbot.waitUntil(lambda: not w.work.busy, timeout=20000)


def choose(qtbot: QtBot, w: WordingEditor, name: str) -> None:
    w.names.setCurrentRow([w.names.item(i).text() for i in range(w.names.count())].index(name))
    wait_idle(qtbot, w)


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return re.sub(r"\s", "", "".join(p.extract_text() for p in reader.pages))


def test_every_wording_is_listed_and_shows_its_shipped_text(
    qtbot: QtBot, editor: WordingEditor
) -> None:
    names = [editor.names.item(i).text() for i in range(editor.names.count())]
    assert names[0] == "整改通知书" and "提醒函（个人）" in names and "监察建议书" in names
    assert "[种类]\n整改通知书" in editor.editor.toPlainText()
    assert "默认模板" in editor.state.text()
    assert not editor.save_button.isEnabled() and not editor.reset_button.isEnabled()
    choose(qtbot, editor, "提醒函（个人）")
    assert "[对象]\n个人" in editor.editor.toPlainText()


def test_saved_wording_is_used_by_the_next_notice_and_reset_goes_back(
    qtbot: QtBot, editor: WordingEditor, store: Store, seeded: Seeded, answers: Answers
) -> None:
    store.set_setting("contact_person", "刘敏")
    store.set_setting("contact_phone", "0000-6123456")
    rect = seeded.rects["far"]
    text = editor.editor.toPlainText()
    editor.editor.setPlainText(text.replace("[正文]\n", "[正文]\n请高度重视本通知所列问题。\n", 1))
    assert editor.save_button.isEnabled()
    editor.save_button.click()
    wait_idle(qtbot, editor)
    assert "已保存" in editor.message.text()
    assert editor.names.item(0).text() == "整改通知书" + EDITED
    assert "本单位修改" in editor.state.text()
    assert not editor.save_button.isEnabled() and editor.reset_button.isEnabled()
    assert "请高度重视本通知所列问题" in store.setting("template.整改通知书")  # type: ignore[operator]

    doc = notices.issue(store, "整改通知书", rect, store.today())
    issued = notices.reprint(store, int(doc["id"]))
    assert "请高度重视本通知所列问题。" in pdf_text(issued)

    editor.reset_button.click()
    wait_idle(qtbot, editor)
    assert "恢复为程序自带的默认模板" in answers.asked[-1]
    assert editor.names.item(0).text() == "整改通知书"
    assert "请高度重视" not in editor.editor.toPlainText()
    assert "默认模板" in editor.state.text()
    assert store.setting("template.整改通知书") == ""
    # the issued document keeps the wording it was issued with
    assert notices.reprint(store, int(doc["id"])) == issued
    changes = store.query(
        "SELECT action FROM audit_log WHERE table_name = 'settings' AND after LIKE ?",
        ["%template.整改通知书%"],
    )
    assert [c["action"] for c in changes] == ["insert", "update"]


def test_a_wrong_placeholder_is_named_and_nothing_is_saved(
    qtbot: QtBot, editor: WordingEditor, store: Store
) -> None:
    editor.editor.setPlainText(editor.editor.toPlainText().replace("{unit}", "{unti}", 1))
    editor.save_button.click()
    wait_idle(qtbot, editor)
    assert "未保存" in editor.message.text() and "{unti}" in editor.message.text()
    assert store.setting("template.整改通知书") is None
    assert editor.names.item(0).text() == "整改通知书"

    editor.editor.setPlainText("[种类]\n督办函\n[标题]\n督办\n[正文]\n请办理。")
    editor.save_button.click()
    wait_idle(qtbot, editor)
    assert "[种类]/[对象]应为“整改通知书”" in editor.message.text()
    editor.preview_button.click()
    wait_idle(qtbot, editor)
    assert "无法预览" in editor.message.text() and not editor.previews


def test_leaving_unsaved_changes_asks_first(
    qtbot: QtBot, editor: WordingEditor, answers: Answers
) -> None:
    editor.editor.appendPlainText("多写的一行")
    answers.answer = False
    editor.names.setCurrentRow(1)
    assert "尚未保存" in answers.asked[-1]
    assert editor.names.currentRow() == 0 and editor.editor.toPlainText().endswith("多写的一行")
    answers.answer = True
    choose(qtbot, editor, "督办函")
    assert "[种类]\n督办函" in editor.editor.toPlainText()


def test_preview_shows_the_text_on_screen_with_sample_values(
    qtbot: QtBot, editor: WordingEditor
) -> None:
    editor.editor.setPlainText(
        editor.editor.toPlainText().replace("问题的整改通知", "问题的限期整改通知", 1)
    )
    editor.preview_button.click()
    wait_idle(qtbot, editor)
    assert len(editor.previews) == 1
    dialog = editor.previews[0]
    assert dialog.page_count() >= 1 and "模板预览" in dialog.windowTitle()
    assert "限期整改通知" in pdf_text(dialog.pdf)
    dialog.reject()
    assert not editor.previews


def test_an_edited_wording_that_no_longer_fits_is_a_clear_error(
    store: Store, seeded: Seeded
) -> None:
    """A text put in the store some other way (a hand edit) fails in Chinese, naming it."""
    store.set_setting("office_name", "中共城关镇纪律检查委员会")
    store.set_setting(
        "template.整改通知书", "[种类]\n整改通知书\n[标题]\n关于{thing}的通知\n[正文]\n请整改。"
    )
    with pytest.raises(UserError, match="“整改通知书”模板缺少占位符“thing”的值"):
        notices.preview(store, "整改通知书", seeded.rects["far"], store.today())
