"""Entry forms driven through their real widgets (offscreen): create, edit, reject, drafts."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from ui_helpers import Seeded

from desktop.store import Store
from desktop.store import records as rec
from desktop.store.kinds import ATTACHABLE, CAMPAIGN_LINKS
from desktop.ui.app import configure_application_identity
from desktop.ui.forms import drafts
from desktop.ui.forms.attachments import AttachmentPanel
from desktop.ui.forms.children import ChildDialog, ChildTable
from desktop.ui.forms.loader import load_form
from desktop.ui.forms.record_form import (
    CANCEL,
    DISCARD,
    ClueForm,
    RecordForm,
    RectificationForm,
    TalkForm,
    form_class,
)
from desktop.ui.main_window import MainWindow
from desktop.ui.name_completer import NameCompleter
from desktop.ui.pages.list_page import ListPage

FORMS = (
    "units",
    "persons",
    "person_posts",
    "talks",
    "talk_talkers",
    "talk_subjects",
    "clues",
    "clue_persons",
    "clue_outcomes",
    "inquiries",
    "inspections",
    "inspection_units",
    "rectifications",
    "rect_progress",
    "rect_checks",
    "proposals",
    "campaigns",
    "campaign_units",
    "activities",
    "activity_units",
    "activity_persons",
    "bulletins",
    "bulletin_items",
    "clue_exposures",
    "accountabilities",
    *(table for _parent, table, _fk in CAMPAIGN_LINKS),
)


class User:
    """Injected answers for the prompts a form may raise."""

    def __init__(self) -> None:
        self.confirm_answer = True
        self.save_answer = DISCARD
        self.asked: list[str] = []
        self.errors: list[BaseException] = []
        self.new_name: str | None = "赵敏"

    def confirm(self, _parent: QWidget | None, _title: str, text: str) -> bool:
        self.asked.append(text)
        return self.confirm_answer

    def report(self, _parent: QWidget | None, exc: BaseException) -> None:
        self.errors.append(exc)

    def ask_save(self, _parent: QWidget, text: str) -> str:
        self.asked.append(text)
        return self.save_answer

    def ask_name(self, _parent: QWidget, suggested: str) -> str | None:
        self.asked.append(f"name:{suggested}")
        return self.new_name


@pytest.fixture
def user() -> User:
    return User()


def make_window(qtbot: QtBot, store: Store, user: User) -> MainWindow:
    configure_application_identity()
    QSettings().clear()
    w = MainWindow(
        store,
        confirm=user.confirm,
        report_error=user.report,
        ask_save=user.ask_save,
        ask_name=user.ask_name,
        offer_drafts=False,
    )
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.settled)  # painted, then its first page built
    return w


@pytest.fixture
def window(qtbot: QtBot, store: Store, seeded: Seeded, user: User) -> Iterator[MainWindow]:
    w = make_window(qtbot, store, user)
    yield w
    for form in list(w.open_forms):
        form.dirty = False
        form.close()
    w.work.cancel_all()
    qtbot.waitUntil(lambda: not w.work.busy, timeout=5000)


# -- helpers acting like the clerk ------------------------------------------------------


def w_(form: RecordForm | ChildDialog, name: str) -> QWidget:
    widget = form.binder.widgets[name]
    return widget


def keys(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type like the clerk: key events for ASCII; CJK arrives committed, as from an IME
    (QTest cannot synthesise key events for characters outside Latin-1)."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
    elif isinstance(widget, QLineEdit):
        widget.insert(text)
    elif isinstance(widget, QPlainTextEdit):
        widget.insertPlainText(text)
    else:
        raise TypeError(type(widget))


def type_into(qtbot: QtBot, form: RecordForm | ChildDialog, name: str, text: str) -> None:
    widget = w_(form, name)
    if isinstance(widget, QLineEdit):
        widget.clear()
        keys(qtbot, widget, text)
        widget.editingFinished.emit()
    elif isinstance(widget, QPlainTextEdit):
        widget.clear()
        keys(qtbot, widget, text)
    elif isinstance(widget, QComboBox):
        line = widget.lineEdit()
        assert line is not None
        line.clear()
        keys(qtbot, line, text)
    else:
        raise TypeError(type(widget))


def choose(form: RecordForm | ChildDialog, name: str, text: str) -> None:
    """Pick the item `text`; a record picker holds only what was looked up, so the text is
    looked up first (as typing it does) and an item containing it is taken."""
    combo = w_(form, name)
    assert isinstance(combo, QComboBox)
    index = combo.findText(text, Qt.MatchFlag.MatchFixedString)
    completer = combo.completer()
    if index < 0 and isinstance(completer, NameCompleter):
        completer.load(text)
        index = combo.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            index = combo.findText(text, Qt.MatchFlag.MatchContains)
    assert index >= 0, f"{text!r} not in {name}"
    combo.setCurrentIndex(index)


def tick(form: RecordForm | ChildDialog, name: str, on: bool = True) -> None:
    box = w_(form, name)
    assert isinstance(box, QCheckBox)
    box.setChecked(on)


def add_child(qtbot: QtBot, form: RecordForm, child: str, fill: dict[str, str | bool]) -> None:
    table: ChildTable = form.children[child]
    before = len(table.rows)
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    dialog = table.dialog
    assert dialog is not None and dialog.isVisible()
    for name, value in fill.items():
        widget = dialog.binder.widgets[name]
        if isinstance(value, bool):
            tick(dialog, name, value)
        elif isinstance(widget, QComboBox):
            choose(dialog, name, value)
        else:
            type_into(qtbot, dialog, name, value)
    assert dialog.ok_button.isEnabled(), dialog.binder.check(None, child=True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert len(table.rows) == before + 1


def new_form(window: MainWindow, page_name: str) -> RecordForm:
    page = window.select_page(page_name)
    assert isinstance(page, ListPage)
    assert window.new_action.isEnabled()
    window.new_action.trigger()
    form = window.open_forms[-1]
    assert form.isVisible() and form.record_id is None
    return form


def click_save(qtbot: QtBot, form: RecordForm) -> None:
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)


def titles(page: QWidget) -> list[str]:
    assert isinstance(page, ListPage)
    model = page.model
    return [
        " ".join(str(model.index(r, c).data() or "") for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]


# -- the forms themselves ----------------------------------------------------------------


@pytest.mark.parametrize("name", FORMS)
def test_every_form_loads_and_names_fields(qtbot: QtBot, name: str) -> None:
    from desktop.store.kinds import KINDS, kind

    widget = load_form(name)
    qtbot.addWidget(widget)
    k = kind(name)
    named = {f.name for f in k.fields if widget.findChild(QWidget, f.name) is not None}
    assert named, name
    for field_name in named:
        assert widget.findChild(QWidget, f"{field_name}_error") is not None, field_name
    # Every field the clerk fills in has its widget; only the link to the parent record of
    # a row inside a record is set by the parent form.
    parent_fk = {c.fk for parent in KINDS.values() for c in parent.children if c.table == name}
    assert {f.name for f in k.fields} - parent_fk <= named, {f.name for f in k.fields} - named
    names = [
        w.objectName()
        for w in widget.findChildren(QWidget)
        if w.objectName() and not w.objectName().startswith("qt_")
    ]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})


def test_unit_create_edit_and_reject(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    form = new_form(window, "单位")
    assert not form.save_button.isEnabled()
    assert "必须填写" in form.error_text("name")
    type_into(qtbot, form, "name", "城关镇")  # already exists
    assert form.save_button.isEnabled()  # uniqueness is the database's, shown at save
    click_save(qtbot, form)
    assert form.isVisible() and form.record_id is None
    assert form.error_text("name") == "单位名称：“城关镇”已存在，不能重复"
    w_(form, "name").clear()  # type: ignore[attr-defined]
    type_into(qtbot, form, "name", "区审计局")
    choose(form, "kind", "区直部门")
    tick(form, "active")
    click_save(qtbot, form)
    assert not form.isVisible()
    row = store.query("SELECT * FROM units WHERE name = '区审计局'")[0]
    assert row["kind"] == "区直部门" and row["active"] == 1
    assert any("区审计局" in t for t in titles(window.pages["单位"]))

    page = window.pages["单位"]
    assert isinstance(page, ListPage)
    window.open_record("units", row["id"])
    form = window.open_forms[-1]
    assert form.record_id == row["id"]
    type_into(qtbot, form, "name", "区审计局（新）")
    click_save(qtbot, form)
    assert rec.get(store, "units", row["id"])["name"] == "区审计局（新）"


def test_a_pasted_control_character_is_named_at_its_field(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    form = new_form(window, "单位")
    type_into(qtbot, form, "name", "新\x07城区")  # pasted in from another program
    choose(form, "kind", "乡镇/街道")
    assert "第2个字处有不能保存的控制字符（U+0007）" in form.error_text("name")
    click_save(qtbot, form)
    assert form.isVisible() and form.record_id is None
    assert store.scalar("SELECT COUNT(*) FROM units WHERE name LIKE '新%'") == 0


def test_person_with_post_history(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    form = new_form(window, "人员档案")
    type_into(qtbot, form, "name", "孙丽")
    choose(form, "gender", "女")
    type_into(qtbot, form, "birth_date", "1985/3/7")
    assert w_(form, "birth_date").text() == "1985-03-07"  # type: ignore[attr-defined]
    choose(form, "unit_id", "区财政局")
    add_child(
        qtbot,
        form,
        "person_posts",
        {"unit_id": "城关镇", "post": "科员", "start_date": "2010-07-01", "end_date": "2015-06-30"},
    )
    type_into(qtbot, form, "birth_date", "1985-13-07")
    assert "不是有效日期" in form.error_text("birth_date")
    assert not form.save_button.isEnabled()
    type_into(qtbot, form, "birth_date", "1985-03-07")
    click_save(qtbot, form)
    person = store.query("SELECT * FROM persons WHERE name = '孙丽'")[0]
    posts = store.query("SELECT * FROM person_posts WHERE person_id = ?", [person["id"]])
    assert [p["post"] for p in posts] == ["科员"]
    assert any("孙丽" in t for t in titles(window.pages["人员档案"]))


def test_child_subform_rejects_bad_dates(qtbot: QtBot, window: MainWindow) -> None:
    form = new_form(window, "人员档案")
    table = form.children["person_posts"]
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    dialog = table.dialog
    assert dialog is not None
    type_into(qtbot, dialog, "post", "科员")
    type_into(qtbot, dialog, "start_date", "2015-01-01")
    type_into(qtbot, dialog, "end_date", "2010-01-01")
    assert "不能早于任职起始日期" in dialog.binder.error_text("end_date")
    assert not dialog.ok_button.isEnabled()
    dialog.reject()


def test_talk_with_talker_and_subject_prefilled(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seeded
) -> None:
    form = new_form(window, "谈话记录")
    choose(form, "kind", "提醒谈话")
    type_into(qtbot, form, "date", "2026-03-10")
    type_into(qtbot, form, "reason", "考勤问题提醒")
    type_into(qtbot, form, "content", "问：近期考勤情况？答：有迟到，今后改正。")
    click_save(qtbot, form)  # no talker / subject yet: the rule refuses, beside the table
    assert form.isVisible()
    assert "谈话对象" in form.error_text("talk_subjects")
    assert not form.save_button.isEnabled()
    add_child(qtbot, form, "talk_talkers", {"name": "李强", "role": "主要负责人"})
    table = form.children["talk_subjects"]
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    dialog = table.dialog
    assert dialog is not None
    choose(dialog, "person_id", "王芳")
    assert w_(dialog, "unit_name").text() == "城关镇"  # type: ignore[attr-defined]
    assert w_(dialog, "post").text() == "副镇长"  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert form.save_button.isEnabled()
    click_save(qtbot, form)
    talk = store.query("SELECT * FROM talks WHERE reason = '考勤问题提醒'")[0]
    assert talk["content"] == "问：近期考勤情况？答：有迟到，今后改正。"
    subjects = store.query("SELECT * FROM talk_subjects WHERE talk_id = ?", [talk["id"]])
    assert subjects[0]["person_id"] == seeded.persons["王芳"]
    assert subjects[0]["post"] == "副镇长"


def test_person_picker_creates_a_person(
    qtbot: QtBot, window: MainWindow, store: Store, user: User
) -> None:
    form = new_form(window, "谈话记录")
    table = form.children["talk_subjects"]
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    dialog = table.dialog
    assert dialog is not None
    combo = w_(dialog, "person_id")
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findText("新建人员…"))
    assert "name:" in user.asked[-1]
    new_id = store.scalar("SELECT id FROM persons WHERE name = '赵敏'")
    assert new_id is not None
    assert combo.currentData() == new_id and combo.currentText() == "赵敏"
    assert dialog.ok_button.isEnabled()
    type_into(qtbot, dialog, "person_id", "查无此人")
    assert "没有找到" in dialog.binder.error_text("person_id")
    assert not dialog.ok_button.isEnabled()
    dialog.reject()


def test_clue_whole_lifecycle(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seeded
) -> None:
    form = new_form(window, "问题线索")
    assert isinstance(form, ClueForm)
    boxes = {n: form.body.findChild(QGroupBox, n) for n in ("prelimBox", "caseBox", "closingBox")}
    assert not any(b.isEnabled() for b in boxes.values() if b is not None)
    type_into(qtbot, form, "ledger_no", "XS2026-010")
    type_into(qtbot, form, "received_date", "2026-02-01")
    choose(form, "source", "信访举报")
    type_into(qtbot, form, "summary", "反映张伟虚报差旅费")
    disciplines = w_(form, "disciplines")
    assert isinstance(disciplines, QListWidget)
    disciplines.item(0).setCheckState(Qt.CheckState.Checked)
    add_child(qtbot, form, "clue_persons", {"person_id": "张伟"})
    click_save(qtbot, form)
    clue_id = form.record_id
    assert clue_id is not None and not form.isVisible()
    assert any("XS2026-010" in t for t in titles(window.pages["问题线索"]))

    # disposition, then 初核 opens
    window.open_record("clues", clue_id)
    form = window.open_forms[-1]
    assert isinstance(form, ClueForm)
    assert form.children["clue_persons"].rows[0]["person_id"] == seeded.persons["张伟"]
    choose(form, "disposition", "初步核实")
    prelim = form.body.findChild(QGroupBox, "prelimBox")
    case = form.body.findChild(QGroupBox, "caseBox")
    assert prelim is not None and case is not None
    assert not prelim.isEnabled()
    type_into(qtbot, form, "disposition_date", "2026-02-03")
    assert prelim.isEnabled() and not case.isEnabled()
    type_into(qtbot, form, "prelim_start", "2026-02-04")
    assert case.isEnabled()
    # bad input: 立案 before 收件
    type_into(qtbot, form, "case_date", "2026-01-20")
    assert "不能早于" in form.error_text("case_date")
    assert not form.save_button.isEnabled()
    type_into(qtbot, form, "case_date", "2026-03-01")
    assert form.save_button.isEnabled()
    click_save(qtbot, form)  # nobody marked 立案: the store's rule, beside the persons table
    assert "立案对象" in form.error_text("clue_persons")
    assert rec.get(store, "clues", clue_id)["case_date"] is None  # nothing written
    persons = form.children["clue_persons"]
    persons.table.selectRow(0)
    qtbot.mouseClick(persons.edit_button, Qt.MouseButton.LeftButton)
    assert persons.dialog is not None
    tick(persons.dialog, "filed")
    qtbot.mouseClick(persons.dialog.ok_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, form, "prelim_end", "2026-02-20")
    closing = form.body.findChild(QGroupBox, "closingBox")
    assert closing is not None and closing.isEnabled()
    type_into(qtbot, form, "hearing_date", "2026-03-10")
    type_into(qtbot, form, "closed_date", "2026-03-12")
    for slip, problem in (("Infinity", "不是有效金额"), ("9" * 20, "金额过大")):
        type_into(qtbot, form, "amount_recovered", slip)  # named beside the field
        assert problem in form.error_text("amount_recovered")
        assert not form.save_button.isEnabled()
    type_into(qtbot, form, "amount_recovered", "1200.50")
    add_child(
        qtbot,
        form,
        "clue_outcomes",
        {"person_id": "张伟", "outcome": "诫勉", "decided_date": "2026-03-12"},
    )
    form_col = persons.table.columnCount() - 1
    assert persons.table.horizontalHeaderItem(form_col).text() == "形态"
    assert persons.table.item(0, form_col).text().startswith("第一种形态")
    add_child(
        qtbot,
        form,
        "clue_outcomes",
        {"person_id": "张伟", "outcome": "党纪警告", "decided_date": "2026-03-12"},
    )
    assert persons.table.item(0, form_col).text().startswith("第二种形态")  # live, heaviest
    click_save(qtbot, form)
    assert not form.isVisible(), form.form_error.text()
    row = rec.get(store, "clues", clue_id)
    assert row["closed_date"] == "2026-03-12" and row["amount_recovered"] == 120050
    outcomes = store.query("SELECT outcome FROM clue_outcomes WHERE clue_id = ?", [clue_id])
    assert sorted(o["outcome"] for o in outcomes) == ["党纪警告", "诫勉"]
    window.open_record("clues", clue_id)
    again = window.open_forms[-1]
    assert again.children["clue_persons"].table.item(0, form_col).text().startswith("第二种形态")


def test_clue_empty_required_field(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    form = new_form(window, "问题线索")
    before = store.scalar("SELECT COUNT(*) FROM clues")
    choose(form, "source", "其他")
    assert "必须填写" in form.error_text("summary")
    assert "反映的主要问题" in form.error_text("summary")
    assert not form.save_button.isEnabled()
    form.save()
    assert store.scalar("SELECT COUNT(*) FROM clues") == before


def test_rectification_closure_needs_a_passed_check(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    form = new_form(window, "监督检查与整改")
    assert isinstance(form, RectificationForm)
    type_into(qtbot, form, "finding", "会议费报销不规范")
    choose(form, "unit_id", "城关镇")
    type_into(qtbot, form, "found_date", "2026-03-02")
    type_into(qtbot, form, "notice_date", "2026-03-03")
    assert form.period is not None
    keys(qtbot, form.period, "15个工作日")
    qtbot.keyClick(form.period, Qt.Key.Key_Return)
    assert w_(form, "deadline").text() == "2026-03-24"  # type: ignore[attr-defined]
    assert not w_(form, "closed_date").isEnabled()
    add_child(qtbot, form, "rect_progress", {"date": "2026-03-10", "content": "已制定整改方案"})
    click_save(qtbot, form)
    rect_id = form.record_id
    assert rect_id is not None

    window.open_record("rectifications", rect_id)
    form = window.open_forms[-1]
    assert isinstance(form, RectificationForm)
    choose(form, "status", "已销号")
    click_save(qtbot, form)
    assert form.isVisible()
    assert "销号" in (form.error_text("closed_date") + form.error_text("status"))
    assert rec.get(store, "rectifications", rect_id)["status"] == "整改中"  # a progress report
    add_child(
        qtbot,
        form,
        "rect_checks",
        {
            "date": "2026-03-20",
            "method": "实地查看",
            "result": "已整改到位",
            "passed": True,
            "evidence": "现场照片3张",
        },
    )
    assert w_(form, "closed_date").isEnabled()
    type_into(qtbot, form, "closed_date", "2026-03-21")
    type_into(qtbot, form, "closed_by", "李强")
    type_into(qtbot, form, "closure_evidence", "回头看通过")
    click_save(qtbot, form)
    assert not form.isVisible(), form.form_error.text()
    row = rec.get(store, "rectifications", rect_id)
    assert row["status"] == "已销号" and row["closed_date"] == "2026-03-21"


def test_inquiry_reply_due_offered(qtbot: QtBot, store: Store, seeded: Seeded, user: User) -> None:
    from desktop.ui.forms.record_form import InquiryForm

    form = InquiryForm(store, "inquiries", ask_save=user.ask_save, ask_name=user.ask_name)
    qtbot.addWidget(form)
    form.show()
    choose(form, "clue_id", "XS2026-001")
    choose(form, "person_id", "王芳")
    type_into(qtbot, form, "sent_date", "2026-03-02")
    type_into(qtbot, form, "delivered_date", "2026-03-03")
    form.suggest_reply_due()
    assert w_(form, "reply_due").text() == "2026-03-24"  # type: ignore[attr-defined]
    assert form.note is not None and form.note.text() == ""
    type_into(qtbot, form, "delivered_date", "2026-12-28")  # counted into 2027: no schedule
    form.suggest_reply_due()
    assert w_(form, "reply_due").text() == "2027-01-18"  # type: ignore[attr-defined]
    assert "未核实" in form.note.text() and "节假日安排尚未录入" in form.note.text()
    type_into(qtbot, form, "delivered_date", "2026-03-03")
    form.suggest_reply_due()
    assert form.note.text() == ""
    click_save(qtbot, form)
    assert store.scalar("SELECT reply_due FROM inquiries") == "2026-03-24"


def _items(combo: QWidget) -> list[str]:
    assert isinstance(combo, QComboBox)
    return [combo.itemText(i) for i in range(combo.count())]


def test_unsaved_changes_prompt(qtbot: QtBot, window: MainWindow, user: User) -> None:
    form = new_form(window, "单位")
    type_into(qtbot, form, "name", "区档案馆")
    assert form.dirty and form.windowTitle().endswith("*")
    user.save_answer = CANCEL
    form.close()
    assert form.isVisible() and user.asked[-1].startswith("单位有尚未保存的修改")
    user.save_answer = DISCARD
    form.close()
    assert not form.isVisible()


def test_draft_written_and_offered_back(
    qtbot: QtBot, window: MainWindow, store: Store, user: User
) -> None:
    form = new_form(window, "问题线索")
    type_into(qtbot, form, "summary", "反映某村干部优亲厚友")
    choose(form, "source", "上级交办")
    path = form.draft_path
    assert path.name == "clues-new.json"
    qtbot.waitUntil(path.exists, timeout=3000)  # debounced ~1 s
    form.dirty = False  # a crash: the form goes away without saving or discarding
    form.close()
    assert path.exists()

    second = make_window(qtbot, store, user)
    user.confirm_answer = True
    opened = second.offer_drafts()
    assert "发现未保存的草稿" in user.asked[-1]
    assert len(opened) == 1
    restored = opened[0]
    assert w_(restored, "summary").toPlainText() == "反映某村干部优亲厚友"  # type: ignore[attr-defined]
    assert w_(restored, "source").currentText() == "上级交办"  # type: ignore[attr-defined]
    assert restored.dirty
    click_save(qtbot, restored)
    assert not path.exists()
    assert store.scalar("SELECT COUNT(*) FROM clues WHERE summary = '反映某村干部优亲厚友'") == 1
    assert drafts.pending(store.path.parent) == []
    second.close()


# -- attachments ---------------------------------------------------------------------------


def new_talk(qtbot: QtBot, window: MainWindow) -> RecordForm:
    form = new_form(window, "谈话记录")
    choose(form, "kind", "提醒谈话")
    type_into(qtbot, form, "date", "2026-03-10")
    type_into(qtbot, form, "reason", "签字扫描件")
    add_child(qtbot, form, "talk_talkers", {"name": "李强", "role": "主要负责人"})
    add_child(qtbot, form, "talk_subjects", {"person_id": "王芳"})
    return form


def attach(qtbot: QtBot, form: RecordForm, *paths: Path) -> AttachmentPanel:
    panel = form.attachments
    assert panel is not None and panel.box.isVisibleTo(form)
    panel.choose_files = lambda _parent: [str(p) for p in paths]
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    return panel


def scan_file(folder: Path, name: str, content: bytes) -> Path:
    """A file as the clerk's scanner left it, to be attached."""
    path = folder / name
    path.write_bytes(content)
    return path


def saved_talk(qtbot: QtBot, window: MainWindow, store: Store, *paths: Path) -> int:
    """A new talk saved through its form with `paths` attached; its id."""
    form = new_talk(qtbot, window)
    attach(qtbot, form, *paths)
    click_save(qtbot, form)
    talk: int = store.query("SELECT id FROM talks WHERE reason = '签字扫描件'")[0]["id"]
    return talk


def open_first_attachment(
    qtbot: QtBot, window: MainWindow, talk: int
) -> tuple[AttachmentPanel, list[Path]]:
    """The talk's form reopened and its first attachment opened; the paths the viewer got."""
    window.open_record("talks", talk)
    panel = window.open_forms[-1].attachments
    assert panel is not None
    opened: list[Path] = []
    panel.open_file = lambda path: opened.append(path) or True
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    return panel, opened


def panel_rows(panel: AttachmentPanel) -> list[tuple[str, str]]:
    view = panel.view
    return [(view.item(r, 0).text(), view.item(r, 3).text()) for r in range(view.rowCount())]


def test_talk_saved_with_its_signed_scan(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    scan = scan_file(tmp_path, "谈话记录签字页.pdf", b"%PDF-1.4 signed page")
    form = new_talk(qtbot, window)
    panel = attach(qtbot, form, scan)
    assert panel_rows(panel) == [("谈话记录签字页.pdf", "保存后添加")]
    assert form.dirty
    click_save(qtbot, form)
    talk = store.query("SELECT id FROM talks WHERE reason = '签字扫描件'")[0]["id"]
    rows = store.query("SELECT * FROM attachments WHERE linked_table = 'talks'")
    assert [(r["filename"], r["linked_id"], r["size"]) for r in rows] == [
        ("谈话记录签字页.pdf", talk, scan.stat().st_size)
    ]
    stored = store.path.parent / rows[0]["stored_path"]
    assert stored.read_bytes() == scan.read_bytes()
    assert (
        store.scalar(
            "SELECT COUNT(*) FROM audit_log WHERE table_name = 'attachments' AND action = 'insert'"
        )
        == 1
    )

    window.open_record("talks", talk)  # reopened: listed as stored
    again = window.open_forms[-1]
    assert again.attachments is not None
    assert panel_rows(again.attachments) == [("谈话记录签字页.pdf", "已保存")]
    assert "KB" in again.attachments.view.item(0, 1).text() or "字节" in (
        again.attachments.view.item(0, 1).text()
    )


def test_opened_attachment_is_a_read_only_copy_under_its_name(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    scan = scan_file(tmp_path, "来信原件.jpg", b"\xff\xd8 jpeg bytes")
    talk = saved_talk(qtbot, window, store, scan)
    panel, opened = open_first_attachment(qtbot, window, talk)
    assert opened and opened[0].name == "来信原件.jpg"
    assert opened[0].read_bytes() == scan.read_bytes()
    stored = (
        store.path.parent / store.query("SELECT stored_path FROM attachments")[0]["stored_path"]
    )
    assert opened[0] != stored  # the viewer never gets the stored file itself
    assert not (opened[0].stat().st_mode & stat.S_IWUSR)
    assert stored.read_bytes() == scan.read_bytes()

    target = tmp_path / "导出" / "副本.jpg"
    target.parent.mkdir()
    panel.choose_target = lambda _parent, suggested: str(target) if suggested else None
    qtbot.mouseClick(panel.save_as_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes() == scan.read_bytes()

    assert store.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'view'") == 0  # a talk's

    panel.open_file = lambda _path: False  # no viewer for the file type
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert "没有可以打开" in panel.error.text() and panel.error.isVisibleTo(panel.box)


def test_removed_attachment_goes_to_the_bin_on_save(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    first = scan_file(tmp_path, "一.pdf", b"one")
    second = scan_file(tmp_path, "二.pdf", b"two")
    talk = saved_talk(qtbot, window, store, first, second)

    window.open_record("talks", talk)
    form = window.open_forms[-1]
    panel = form.attachments
    assert panel is not None
    panel.view.selectRow(0)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert panel_rows(panel) == [("一.pdf", "保存时删除"), ("二.pdf", "已保存")]
    assert panel.remove_button.text() == "撤销删除"
    assert store.scalar("SELECT COUNT(*) FROM attachments") == 2  # nothing until 保存
    click_save(qtbot, form)
    assert [r["filename"] for r in store.query("SELECT filename FROM attachments")] == ["二.pdf"]
    binned = store.query("SELECT title FROM recycle_bin WHERE table_name = 'attachments'")
    assert [b["title"] for b in binned] == ["一.pdf"]


def test_missing_file_at_save_writes_nothing(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    gone = scan_file(tmp_path, "已移走.pdf", b"soon gone")
    form = new_talk(qtbot, window)
    attach(qtbot, form, gone)
    gone.unlink()  # the USB stick was pulled before 保存
    talks_before = store.scalar("SELECT COUNT(*) FROM talks")
    audit_before = store.scalar("SELECT COUNT(*) FROM audit_log")
    click_save(qtbot, form)
    assert form.isVisible() and form.record_id is None
    assert "已移走.pdf" in form.form_error.text() and "不存在" in form.form_error.text()
    assert store.scalar("SELECT COUNT(*) FROM talks") == talks_before
    assert store.scalar("SELECT COUNT(*) FROM audit_log") == audit_before
    assert store.scalar("SELECT COUNT(*) FROM attachments") == 0


@pytest.mark.parametrize("table", ATTACHABLE)
def test_every_attachable_form_has_the_attachment_box(
    qtbot: QtBot, store: Store, table: str
) -> None:
    form = form_class(table)(store, table)
    qtbot.addWidget(form)
    assert form.attachments is not None
    assert form.findChild(QGroupBox, "attachmentsBox") is form.attachments.box
    assert not form.attachments.remove_button.isEnabled()  # nothing to remove yet
    form.dirty = False


def test_opening_a_clues_letter_leaves_a_trace(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seeded, tmp_path: Path
) -> None:
    from desktop.store import attachments

    clue = next(iter(seeded.clues.values()))
    letter = scan_file(tmp_path, "举报信原件.jpg", b"letter")
    attachments.add(store, letter, "clues", clue)
    window.open_record("clues", clue)
    panel = window.open_forms[-1].attachments
    assert panel is not None and panel_rows(panel) == [("举报信原件.jpg", "已保存")]
    panel.open_file = lambda _path: True
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    entry = store.query("SELECT * FROM audit_log WHERE action = 'view'")
    assert [(e["table_name"], e["record_id"], e["operator"]) for e in entry] == [
        ("clues", clue, store.operator)
    ]
    assert "举报信原件.jpg" in entry[0]["after"] and "打开" in entry[0]["after"]


def note(form: RecordForm, name: str) -> str:
    """A form's time-limit line as shown; empty while hidden."""
    label = form.body.findChild(QLabel, name)
    assert label is not None
    return label.text() if not label.isHidden() else ""


def test_clue_reporter_told_and_forwarding(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seeded
) -> None:
    """告知举报人 beside 署名情况, 转交 beside the disposition, each with its time-limit line."""
    form = new_form(window, "问题线索")
    assert isinstance(form, ClueForm)

    type_into(qtbot, form, "received_date", "2026-03-02")
    choose(form, "source", "信访举报")
    type_into(qtbot, form, "summary", "反映张伟违规收受礼金")
    assert note(form, "reporter_informed_note") == ""  # not a named report
    choose(form, "signed", "实名")
    type_into(qtbot, form, "reporter_name", "赵敏")
    # today is 2026-03-16: 15 working days from 03-02 end on 03-23
    assert note(form, "reporter_informed_note").startswith("应于2026-03-23前告知举报人受理情况")
    choose(form, "reporter_informed_how", "电话告知")
    click_save(qtbot, form)  # a way of telling without the day: refused beside the date
    assert "请填写告知举报人日期" in form.error_text("reporter_informed_date")
    assert store.scalar("SELECT COUNT(*) FROM clues WHERE summary = '反映张伟违规收受礼金'") == 0
    type_into(qtbot, form, "reporter_informed_date", "2026-02-27")
    assert "不能早于收件日期" in form.error_text("reporter_informed_date")
    type_into(qtbot, form, "reporter_informed_date", "2026-03-10")
    assert note(form, "reporter_informed_note").startswith("已在时限内告知")
    click_save(qtbot, form)
    assert not form.isVisible(), form.form_error.text()
    clue_id = form.record_id
    assert clue_id is not None
    row = rec.get(store, "clues", clue_id)
    assert (row["reporter_informed_date"], row["reporter_informed_how"]) == (
        "2026-03-10",
        "电话告知",
    )

    window.open_record("clues", clue_id)
    form = window.open_forms[-1]
    assert isinstance(form, ClueForm)
    assert note(form, "forwarded_note") == ""
    type_into(qtbot, form, "forwarded_date", "2026-03-12")
    # 5 working days from 03-02 end on 03-09
    assert note(form, "forwarded_note") == (
        "转交超过时限：应于2026-03-09前转交（5个工作日），实际2026-03-12转交，晚3天"
    )
    click_save(qtbot, form)
    assert "请填写转交单位" in form.error_text("forwarded_to")
    assert rec.get(store, "clues", clue_id)["forwarded_date"] is None
    keys(qtbot, w_(form, "forwarded_to"), "县公安局")
    click_save(qtbot, form)
    assert not form.isVisible(), form.form_error.text()

    page = window.select_page("问题线索")
    assert isinstance(page, ListPage)
    model = page.model
    (r,) = [r for r in range(model.rowCount()) if model.record_id(r) == clue_id]
    status = model.index(r, model.STATUS)
    assert status.data() == "已转交"
    tip = status.data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("2026-03-12转交县公安局") and "转交超过时限" in tip


def test_a_long_linked_title_shows_its_beginning(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seeded
) -> None:
    inspection = rec.insert(
        store,
        "inspections",
        {
            "kind": "专项督查",
            "theme": "落实中央八项规定精神情况监督检查暨节日期间作风建设专项督查",
            "start_date": "2026-03-01",
        },
    )
    rect = rec.insert(
        store,
        "rectifications",
        {
            "finding": "会议费报销不规范",
            "found_date": "2026-03-02",
            "status": "待整改",
            "unit_id": seeded.units["城关镇"],
            "inspection_id": inspection,
        },
    )
    window.open_record("rectifications", rect)
    combo = w_(window.open_forms[-1], "inspection_id")
    assert isinstance(combo, QComboBox) and "落实中央八项规定" in combo.currentText()
    assert combo.lineEdit().cursorPosition() == 0


def test_delegated_talk_and_its_returned_record(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seeded
) -> None:
    """委托谈话 in 处置 with its time-limit line; the talk form's 谈话记录报回日期 with its own."""
    clue_id = rec.insert(
        store,
        "clues",
        {"received_date": "2026-03-02", "source": "信访举报", "summary": "反映张伟公车私用",
         "disposition": "谈话函询", "disposition_date": "2026-03-06"},
        {"clue_persons": [{"person_id": seeded.persons["张伟"]}]},
    )  # fmt: skip

    window.open_record("clues", clue_id)
    form = window.open_forms[-1]
    assert isinstance(form, ClueForm)
    assert note(form, "talk_delegated_note") == ""
    type_into(qtbot, form, "talk_delegated_date", "2026-03-05")
    assert "不能早于处置日期" in form.error_text("talk_delegated_date")
    type_into(qtbot, form, "talk_delegated_date", "2026-03-09")
    # today is 2026-03-16: 15 working days from 03-09 end on 03-30
    assert note(form, "talk_delegated_note") == "应于2026-03-30前完成谈话（委托谈话时限15个工作日）"
    click_save(qtbot, form)
    assert "请填写受托谈话人/单位" in form.error_text("talk_delegated_to")
    assert rec.get(store, "clues", clue_id)["talk_delegated_date"] is None
    keys(qtbot, w_(form, "talk_delegated_to"), "区财政局党组书记")
    click_save(qtbot, form)
    assert not form.isVisible(), form.form_error.text()
    row = rec.get(store, "clues", clue_id)
    assert (row["talk_delegated_date"], row["talk_delegated_to"]) == (
        "2026-03-09",
        "区财政局党组书记",
    )

    talk_id = rec.insert(
        store,
        "talks",
        {"kind": "提醒谈话", "date": "2026-03-12", "reason": "就反映公车私用问题谈话",
         "clue_id": clue_id},
        {"talk_talkers": [{"name": "刘书记", "role": "主要负责人"}],
         "talk_subjects": [{"person_id": seeded.persons["张伟"]}]},
    )  # fmt: skip
    window.open_record("clues", clue_id)
    form = window.open_forms[-1]
    assert note(form, "talk_delegated_note") == (
        "已于2026-03-12谈话（应于2026-03-30前，委托谈话时限15个工作日）"
    )
    form.close()

    window.open_record("talks", talk_id)
    talk = window.open_forms[-1]
    assert isinstance(talk, TalkForm)
    assert note(talk, "record_returned_note") == (
        "委托谈话：谈话记录应于2026-03-19前报回（谈话记录报回时限5个工作日）"
    )
    type_into(qtbot, talk, "record_returned_date", "2026-03-11")
    assert "不能早于谈话日期" in talk.error_text("record_returned_date")
    type_into(qtbot, talk, "record_returned_date", "2026-03-20")
    assert note(talk, "record_returned_note") == (
        "谈话记录报回晚于时限：应于2026-03-19前报回（5个工作日），晚1天"
    )
    click_save(qtbot, talk)
    assert not talk.isVisible(), talk.form_error.text()
    assert rec.get(store, "talks", talk_id)["record_returned_date"] == "2026-03-20"

    window.open_record("talks", seeded.talks[0])  # not on a delegated clue: no line
    other = window.open_forms[-1]
    assert isinstance(other, TalkForm)
    assert note(other, "record_returned_note") == ""
