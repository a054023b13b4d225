"""设置: office settings persist, time limits are validated, dictionaries and holidays edit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QTableWidgetItem
from pytestqt.qtbot import QtBot
from ui_helpers import Seeded

from desktop.domain.deadlines import calendar_for
from desktop.store import Store, dictionaries
from desktop.ui.pages.settings_page import SettingsPage
from desktop.ui.work import Work


class Answers:
    def __init__(self) -> None:
        self.texts: list[str | None] = []

    def ask(self, *_args: object) -> str | None:
        return self.texts.pop(0)


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def page(qtbot: QtBot, store: Store, answers: Answers) -> Iterator[SettingsPage]:
    work = Work(store, None, report_error=lambda *_: None)
    p = SettingsPage(store, work, ask=answers.ask)
    qtbot.addWidget(p)
    yield p
    work.cancel_all()


def test_office_settings_persist(qtbot: QtBot, page: SettingsPage, data_dir: Path) -> None:
    page.office.edits["office_name"].setText("某某县纪委监委")
    page.office.edits["contact_person"].setText("赵敏")
    page.office.edits["contact_phone"].setText("0571-12345678")
    page.office.edits["operator"].setText("王小明")
    page.codes.edits["doc_code.提醒函"].setText("某纪提")
    page.codes.edits["cc.整改通知书"].setText("县委办公室、县政府办公室")
    page.office.edits["office_address"].setText("某某县人民路1号")
    page.limits.edits["limit.inquiry_reply"].setText("10个工作日")
    assert page.office.save() and page.codes.save() and page.limits.save()
    assert page.store.operator == "王小明"
    again = Store.open(data_dir)
    try:
        assert again.setting("office_name") == "某某县纪委监委"
        assert again.setting("contact_person") == "赵敏"
        assert again.setting("contact_phone") == "0571-12345678"
        assert again.setting("operator") == "王小明"
        assert again.setting("doc_code.提醒函") == "某纪提"
        assert again.setting("cc.整改通知书") == "县委办公室、县政府办公室"
        assert again.setting("office_address") == "某某县人民路1号"
        assert again.setting("limit.inquiry_reply") == "10个工作日"
    finally:
        again.close()


def test_bad_time_limit_shows_the_error_and_saves_nothing(page: SettingsPage, store: Store) -> None:
    before = store.setting("limit.prelim")
    page.limits.edits["limit.prelim"].setText("半个月左右")
    page.limits.edits["limit.talk"].setText("20个工作日")
    assert not page.limits.save()
    error = page.limits.errors["limit.prelim"].text()
    assert "无法识别" in error and "半个月左右" in error
    assert page.limits.errors["limit.talk"].text() == ""
    assert store.setting("limit.prelim") == before
    assert store.setting("limit.talk") == "15个工作日"  # nothing saved while one is wrong
    assert "未保存" in page.limits.status.text()
    page.limits.edits["limit.prelim"].setText(before or "15个工作日")
    page.limits.edits["reporter_reply_since"].setText("2026年1月")
    assert not page.limits.save()
    assert "如 2026-01-01" in page.limits.errors["reporter_reply_since"].text()
    page.limits.edits["reporter_reply_since"].setText("2026-01-01")
    assert page.limits.save() and store.setting("reporter_reply_since") == "2026-01-01"
    page.office.edits["office_name"].setText("  ")
    assert not page.office.save()
    assert page.office.errors["office_name"].text() == "不能为空"


def test_dictionary_rename_updates_records(
    page: SettingsPage, store: Store, seeded: Seeded, answers: Answers
) -> None:
    editor = page.dictionaries
    editor.combo.setCurrentIndex(editor.combo.findData("talk_kind"))
    editor.select("提醒谈话")  # the reports count it by name: locked
    assert not editor.rename_button.isEnabled() and not editor.retire_button.isEnabled()
    assert editor.items.currentItem().text() == "提醒谈话（固定项）"
    editor.combo.setCurrentIndex(editor.combo.findData("unit_kind"))
    editor.select("区直部门")
    assert editor.rename_button.isEnabled()
    answers.texts.append("县直部门")
    assert editor.rename()
    assert "更新了 1 条记录" in editor.message.text()
    assert store.scalar("SELECT COUNT(*) FROM units WHERE kind = '县直部门'") == 1
    assert editor.current_label() == "县直部门"
    editor.combo.setCurrentIndex(editor.combo.findData("talk_kind"))
    answers.texts.append("离任提醒谈话（试行）")
    assert editor.add()
    assert dictionaries.contains(store, "talk_kind", "离任提醒谈话（试行）")
    answers.texts.append("离任提醒谈话（试行）")  # a duplicate is refused with a message
    assert not editor.add()
    assert "已存在" in editor.message.text()
    editor.select("离任提醒谈话（试行）")
    assert editor.toggle_active()
    assert "离任提醒谈话（试行）" not in dictionaries.labels(store, "talk_kind")
    assert editor.retire_button.text() == "恢复启用"
    assert editor.toggle_active()
    assert "离任提醒谈话（试行）" in dictionaries.labels(store, "talk_kind")


def test_entering_a_holiday_year_makes_it_verified(
    page: SettingsPage, store: Store, answers: Answers
) -> None:
    year = max(store.query("SELECT MAX(year) AS y FROM holiday_years")[0]["y"], 2026) + 3
    assert not calendar_for(store).is_verified(dt.date(year, 1, 1))
    editor = page.holidays
    answers.texts.append(str(year))
    assert editor.new_year() == year
    assert editor.table.rowCount() == 0
    row = editor.add_row(f"{year}-01-01", False, "元旦")
    assert row == 0
    saturday = dt.date(year, 1, 2)
    while saturday.weekday() != 5:
        saturday += dt.timedelta(days=1)
    row = editor.add_row()
    editor.table.setItem(row, 0, QTableWidgetItem(saturday.isoformat()))
    kind = editor.table.cellWidget(row, 1)
    assert isinstance(kind, QComboBox)
    kind.setCurrentText("调休上班")
    editor.table.setItem(row, 2, QTableWidgetItem("元旦"))
    assert editor.save()
    calendar = calendar_for(store)
    assert calendar.is_verified(dt.date(year, 6, 1))
    assert not calendar.is_workday(dt.date(year, 1, 1))
    assert calendar.is_workday(saturday)  # the make-up Saturday
    assert "本单位录入" in editor.year.currentText()
    # a weekday entered as 调休上班 is refused, naming the day
    wednesday = saturday + dt.timedelta(weeks=8, days=4)
    assert wednesday.weekday() == 2
    weekday = editor.add_row(wednesday.isoformat(), True, "调休")
    assert not editor.save()
    assert f"{wednesday.isoformat()} 是星期三" in editor.message.text()
    editor.table.removeRow(weekday)
    # a bad date is named and nothing changes
    editor.add_row("明年元旦", False, "元旦")
    assert not editor.save()
    assert "第 3 行" in editor.message.text()
    assert len([e for e in dictionaries_days(store) if e.year == year]) == 2


def dictionaries_days(store: Store) -> list[dt.date]:
    from desktop.store import holidays

    return [e.day for e in holidays.entries(store)]


def test_shipped_years_are_marked(page: SettingsPage) -> None:
    texts = [page.holidays.year.itemText(i) for i in range(page.holidays.year.count())]
    assert texts and all("内置" in t for t in texts)
    assert page.holidays.table.rowCount() > 0


def test_outcome_properties_edited_in_settings(
    page: SettingsPage, store: Store, answers: Answers
) -> None:
    """The office sets a penalty's effect period and a new outcome's form on the page."""
    from PySide6.QtWidgets import QLineEdit

    from desktop.domain import forms

    editor = page.dictionaries
    editor.combo.setCurrentIndex(editor.combo.findData("outcome"))
    editor.select("记大过")
    form = editor.property_widgets["form"]
    category = editor.property_widgets["category"]
    months = editor.property_widgets["effect_months"]
    assert isinstance(form, QComboBox) and isinstance(category, QComboBox)
    assert isinstance(months, QLineEdit)
    assert (form.currentText(), category.currentText(), months.text()) == (
        "第二种形态",
        "政务处分",
        "18",
    )
    assert editor.properties.title() == "属性：记大过"

    months.setText("十八")  # refused, beside the buttons, nothing stored
    assert not editor.save_properties()
    assert "影响期（月）：“十八”不是整数" in editor.message.text()
    assert forms.outcome_table(store)["记大过"].effect_months == 18
    months.setText("24")
    assert editor.save_properties()
    assert forms.outcome_table(store)["记大过"].effect_months == 24

    answers.texts.append("责令作出书面检查")
    assert editor.add()
    assert "请在下方设置其属性" in editor.message.text()
    assert editor.current_label() == "责令作出书面检查"
    assert form.currentText() == "不计形态"
    form.setCurrentIndex(form.findText("第一种形态"))
    category.setCurrentIndex(category.findText("批评教育"))
    assert editor.save_properties()
    info = forms.outcome_table(store)["责令作出书面检查"]
    assert (info.form, info.category) == (1, "批评教育")

    editor.select("记大过")  # moving between items shows each one's own values
    assert months.text() == "24" and form.currentText() == "第二种形态"
    editor.combo.setCurrentIndex(editor.combo.findData("talk_kind"))
    assert set(editor.property_widgets) == {"aliases"}
