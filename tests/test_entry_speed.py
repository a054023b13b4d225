"""Keyboard entry as clerks type: dates and times in their own ways, today by default."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot
from ui_helpers import Seeded
from ui_window import close_window, open_window

from desktop.domain.dates import parse_date, parse_time, tidy_date, tidy_time
from desktop.store import Store
from desktop.store.kinds import KINDS, kind
from desktop.ui.forms.loader import has_form, load_form, tab_stops
from desktop.ui.forms.record_form import DISCARD, form_class


@pytest.mark.parametrize(
    "text",
    [
        "12-3",
        "12.3",
        "12/3",
        "2026.12.3",
        "20261203",
        "2026年12月3日",
        "12月3日",
        "２０２６－１２－３",
    ],
)
def test_dates_as_clerks_type_them(text: str) -> None:
    assert tidy_date(text, 2026) == "2026-12-03"
    assert parse_date(text, year_hint=2026) == dt.date(2026, 12, 3)


@pytest.mark.parametrize("text", ["abc", "13-40", "2026-2-30", "1203", ""])
def test_what_is_no_date_stays_for_the_store_to_name(text: str) -> None:
    assert tidy_date(text, 2026) == text


def test_a_date_without_its_year_needs_one() -> None:
    with pytest.raises(ValueError, match="缺少年份"):
        parse_date("12-3")


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("09:30", "09:30"),
        ("9:30", "09:30"),
        ("9：30", "09:30"),
        ("0930", "09:30"),
        ("930", "09:30"),
        ("9点30", "09:30"),
        ("9点30分", "09:30"),
        ("9时30分", "09:30"),
        ("9点半", "09:30"),
        ("九点半", "09:30"),
        ("9点", "09:00"),
        ("下午3点", "15:00"),
        ("14.30", "14:30"),
    ],
)
def test_times_as_clerks_type_them(text: str, time: str) -> None:
    assert tidy_time(text) == time
    assert parse_time(text).strftime("%H:%M") == time


@pytest.mark.parametrize("text", ["25:00", "9:75", "abc", "12345"])
def test_what_is_no_time_is_refused_in_chinese(text: str) -> None:
    with pytest.raises(ValueError, match="不是可识别的时间"):
        parse_time(text)
    assert tidy_time(text) == text


# -- a whole talk, keyboard only ---------------------------------------------------------


NO_MOD = Qt.KeyboardModifier.NoModifier


class Keyboard:
    """Presses keys into whatever has the focus, as the clerk's keyboard does, and counts
    them. Chinese text arrives committed, as from an input method (QTest cannot type
    characters outside Latin-1); each Chinese character counts as one keystroke, which
    is fewer than pinyin takes, so the count is of the form's own cost, not the IME's."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.count = 0
        self.chinese = 0

    @property
    def focus(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def press(self, key: Qt.Key, times: int = 1, modifier: Qt.KeyboardModifier = NO_MOD) -> None:
        for _ in range(times):
            self.qtbot.keyClick(self.focus, key, modifier)
            self.count += 1

    def type(self, text: str) -> None:
        widget = self.focus
        if text.isascii():
            self.qtbot.keyClicks(widget, text)
        else:
            line = widget.lineEdit() if isinstance(widget, QComboBox) else widget
            assert isinstance(line, QLineEdit | QPlainTextEdit), type(widget)
            if isinstance(line, QLineEdit):
                line.insert(text)
            else:
                line.insertPlainText(text)
        self.count += len(text)
        self.chinese += 0 if text.isascii() else len(text)

    def field(self, form: QWidget, text: str | None = None) -> None:
        """Type into the focused field (when `text`), then Tab on."""
        if text:
            self.type(text)
        self.press(Qt.Key.Key_Tab)

    def wait_for(self, name: str) -> QWidget:
        """The focus is on field `name` (a picker's line edit counts as the picker)."""

        def names() -> list[str]:
            widget = QApplication.focusWidget()
            return [widget.objectName(), widget.parentWidget().objectName()] if widget else []

        try:
            self.qtbot.waitUntil(lambda: name in names(), timeout=2000)
        except Exception:
            raise AssertionError(f"focus on {names()}, not on {name}") from None
        return self.focus


@pytest.mark.qt_log_ignore(
    r"^This plugin does not support raise\(\)$",
    r"^This plugin does not support grabbing the keyboard$",
)  # a picker's list popping up on the offscreen platform
def test_a_talk_typed_keyboard_only_is_saved(
    qtbot: QtBot, store: Store, seeded: Seeded, capsys: pytest.CaptureFixture[str]
) -> None:
    window = open_window(qtbot, store, offer_drafts=False, ask_save=lambda *_: DISCARD)
    window.select_page("谈话记录")
    qtbot.waitUntil(window.isActiveWindow)
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_N, modifier=Qt.KeyboardModifier.ControlModifier)  # 新建
    form = window.open_forms[-1]
    qtbot.waitUntil(form.isActiveWindow)
    keys.wait_for("kind")
    keys.press(Qt.Key.Key_Down, 2)  # （请选择）→ 谈心谈话 → 提醒谈话
    keys.press(Qt.Key.Key_Tab)
    keys.wait_for("date")  # today already there
    keys.press(Qt.Key.Key_Tab)
    keys.field(form, "930")
    keys.field(form, "1010")
    keys.field(form, "谈话室")
    keys.field(form, "王文")
    keys.press(Qt.Key.Key_Tab, 3)  # past 关联问题线索 and 报回日期 to 添加谈话人
    keys.wait_for("talk_talkers_add")
    keys.press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: form.children["talk_talkers"].dialog is not None)
    keys.wait_for("person_id")
    keys.type("李强")
    keys.press(Qt.Key.Key_Return)  # chosen; on to 谈话人姓名 (filled in from the person)
    keys.wait_for("name")
    keys.press(Qt.Key.Key_Tab)
    keys.wait_for("role")
    keys.press(Qt.Key.Key_Down)  # 主要负责人
    keys.press(Qt.Key.Key_Return)  # 确定
    qtbot.waitUntil(lambda: len(form.children["talk_talkers"].rows) == 1)
    keys.wait_for("talk_talkers_add")
    keys.press(Qt.Key.Key_Tab, 4)  # 修改, 移除, the subjects table, 添加
    keys.wait_for("talk_subjects_add")
    keys.press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: form.children["talk_subjects"].dialog is not None)
    keys.wait_for("person_id")
    keys.type("张伟")
    keys.press(Qt.Key.Key_Return)  # chosen; 时任单位 and 时任职务 filled in
    keys.press(Qt.Key.Key_Return)  # 确定
    qtbot.waitUntil(lambda: len(form.children["talk_subjects"].rows) == 1)
    keys.wait_for("talk_subjects_add")
    keys.press(Qt.Key.Key_Tab, 3)  # 修改, 移除, 谈话事由
    keys.wait_for("reason")
    keys.field(form, "报销不规范问题提醒")
    keys.field(form, "指出报销单据不全问题")
    keys.type("接受提醒立即整改")
    keys.press(Qt.Key.Key_S, modifier=Qt.KeyboardModifier.ControlModifier)  # 保存
    qtbot.waitUntil(lambda: not form.isVisible())
    talk = store.query("SELECT * FROM talks ORDER BY id DESC LIMIT 1")[0]
    assert (talk["kind"], talk["date"], talk["start_time"], talk["end_time"]) == (
        "提醒谈话",
        "2026-03-16",
        "09:30",
        "10:10",
    )
    assert (talk["place"], talk["recorder"], talk["statement"]) == (
        "谈话室",
        "王文",
        "接受提醒立即整改",
    )
    talkers = store.query("SELECT name, role FROM talk_talkers WHERE talk_id = ?", [talk["id"]])
    assert [(t["name"], t["role"]) for t in talkers] == [("李强", "主要负责人")]
    subjects = store.query(
        "SELECT person_id, unit_name FROM talk_subjects WHERE talk_id = ?", [talk["id"]]
    )
    assert [(s["person_id"], s["unit_name"]) for s in subjects] == [
        (seeded.persons["张伟"], "区财政局")
    ]
    with capsys.disabled():
        print(f"\n一条谈话记录全键盘录入：{keys.count} 次按键（其中汉字 {keys.chinese} 个）")
    assert keys.count <= 80  # README: 73
    close_window(qtbot, window)


# every table entered through a form (the campaign links share theirs, forms/README.md)
@pytest.mark.parametrize("name", sorted(t for t in KINDS if has_form(t)))
def test_every_form_declares_its_tab_order_over_all_its_fields(qtbot: QtBot, name: str) -> None:
    stops = tab_stops(name)
    widget = load_form(name)
    qtbot.addWidget(widget)
    fields = [f.name for f in kind(name).fields if widget.findChild(QWidget, f.name) is not None]
    assert set(fields) <= set(stops), set(fields) - set(stops)
    assert stops[0] in fields  # the first Tab stop is a field, not a scroll area or button


def test_a_form_takes_dates_and_times_as_typed_and_opens_on_today(
    qtbot: QtBot, store: Store, seeded: Seeded
) -> None:
    form = form_class("talks")(store, "talks", ask_save=lambda *_: DISCARD)
    qtbot.addWidget(form)
    assert form.binder.raw("date") == "2026-03-16"  # today, the talk just happened
    for name, typed, stored in (
        ("date", "3-2", "2026-03-02"),
        ("start_time", "9点", "09:00"),
        ("end_time", "1030", "10:30"),
    ):
        edit = form.binder.widgets[name]
        assert isinstance(edit, QLineEdit)
        edit.setText(typed)
        edit.editingFinished.emit()
        assert edit.text() == stored and form.binder.raw(name) == stored
