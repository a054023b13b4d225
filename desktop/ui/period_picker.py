"""A statistics period as the clerk types it, with quick choices.

The clerk types any phrase desktop.domain.periods.parse reads (2026年3月, 2026年第一季度,
2026年上半年, 2026年1-4月, 2026-01-01至2026-04-30 …) or picks one of the quick choices
(本月, 上季度, 年初至今 …), or sets the two dates for a custom range. The line under it
says which days the period covers, or what is wrong with the phrase.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.domain import periods, stats

ALL = "全部（不限日期）"
UNBOUNDED = QDate(1900, 1, 1)  # a date box at this value reads 不限 (with 全部)
_NOTE = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")


def phrase_of(text: str) -> str:
    """The period phrase of a choice: '2026年3月（本月）' → '2026年3月'."""
    return _NOTE.sub("", text).strip()


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def quick_choices(today: dt.date) -> list[str]:
    """Periods offices report on, relative to today; each reads back with periods.parse."""
    y, m = today.year, today.month
    q = (m - 1) // 3 + 1
    last_month = (y, m - 1) if m > 1 else (y - 1, 12)
    last_quarter = (y, q - 1) if q > 1 else (y - 1, 4)
    cn = "一二三四"
    choices = [
        f"{periods.year_to_date_phrase(today)}（年初至今）",
        f"{y}年{m}月（本月）",
        f"{last_month[0]}年{last_month[1]}月（上月）",
        f"{y}年第{cn[q - 1]}季度（本季度）",
        f"{last_quarter[0]}年第{cn[last_quarter[1] - 1]}季度（上季度）",
        f"{y}年上半年",
        f"{y}年下半年" if m > 6 else f"{y - 1}年下半年",
        f"{y}年（本年度）",
        f"{y - 1}年（上年度）",
    ]
    return choices


class PeriodPicker(QWidget):
    """Editable period phrase + quick choices + custom dates; `changed` on every edit."""

    changed = Signal()

    def __init__(
        self, today: dt.date, parent: QWidget | None = None, *, allow_all: bool = False
    ) -> None:
        super().__init__(parent)
        self.today = today
        self.allow_all = allow_all
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox(self)
        self.combo.setObjectName("periodText")
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setMinimumContentsLength(16)
        self.combo.setToolTip(
            "可直接输入：2026年、2026年3月、2026年1-4月、2026年第三季度、2026年上半年、"
            "2026-01-01至2026-04-30"
        )
        if allow_all:
            self.combo.addItem(ALL)
        self.combo.addItems(quick_choices(today))
        line = self.combo.lineEdit()
        line.setPlaceholderText("如 2026年1-4月")
        self.start = QDateEdit(self)
        self.end = QDateEdit(self)
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setToolTip("自定义起止日期")
            edit.setMinimumDate(UNBOUNDED)
            edit.setSpecialValueText("不限")
        row.addWidget(self.combo, 1)
        row.addWidget(QLabel("或", self))
        row.addWidget(self.start)
        row.addWidget(QLabel("至", self))
        row.addWidget(self.end)
        layout.addLayout(row)
        self.hint = QLabel(self)
        self.hint.setObjectName("periodHint")
        layout.addWidget(self.hint)
        self._range: tuple[dt.date, dt.date] | None = None
        self._error = ""
        self._syncing = False
        self.combo.editTextChanged.connect(self._text_changed)
        self.start.dateChanged.connect(self._dates_changed)
        self.end.dateChanged.connect(self._dates_changed)
        self.set_text(self.combo.itemText(0))

    # -- reading -------------------------------------------------------------------------

    def text(self) -> str:
        return self.combo.currentText()

    def is_all(self) -> bool:
        return self.allow_all and phrase_of(self.text()) == phrase_of(ALL)

    def period(self) -> tuple[dt.date, dt.date] | None:
        """(start, end) inclusive; None for 全部 or while the phrase cannot be read."""
        return self._range

    def error(self) -> str:
        """What is wrong with the phrase ('' when it reads)."""
        return self._error

    def is_valid(self) -> bool:
        return not self._error

    def label(self) -> str:
        """The period as reports write it ('2026年1-4月'), '' for 全部."""
        return stats.period_label(*self._range) if self._range else ""

    # -- writing -------------------------------------------------------------------------

    def set_text(self, text: str) -> None:
        self.combo.setEditText(text)
        self._text_changed(text)

    def set_range(self, start: dt.date, end: dt.date) -> None:
        self.set_text(stats.period_label(start, end))

    def _text_changed(self, text: str) -> None:
        if self._syncing:
            return
        if self.is_all():
            self._range, self._error = None, ""
            self.hint.setText("导出全部记录，不限日期")
            self._syncing = True
            try:  # not 2000-01-01 至 2000-01-01: the boxes say 不限
                self.start.setDate(UNBOUNDED)
                self.end.setDate(UNBOUNDED)
            finally:
                self._syncing = False
        else:
            try:
                self._range = periods.parse(phrase_of(text))
                self._error = ""
            except periods.PeriodError as exc:
                self._range, self._error = None, str(exc)
        self._show()
        self.changed.emit()

    def _dates_changed(self, _date: QDate) -> None:
        if self._syncing:
            return
        self._fill_unbounded()
        start, end = self.start.date().toPython(), self.end.date().toPython()
        assert isinstance(start, dt.date) and isinstance(end, dt.date)
        if end < start:
            self._range, self._error = None, "结束日期不能早于开始日期"
            self._show()
            self.changed.emit()
            return
        self._syncing = True
        try:
            self.combo.setEditText(stats.period_label(start, end))
        finally:
            self._syncing = False
        self._range, self._error = (start, end), ""
        self._show()
        self.changed.emit()

    def _fill_unbounded(self) -> None:
        """One date set after 全部: the other one becomes that year's first day or today."""
        self._syncing = True
        try:
            if self.start.date() == UNBOUNDED and self.end.date() != UNBOUNDED:
                self.start.setDate(QDate(self.end.date().year(), 1, 1))
            elif self.end.date() == UNBOUNDED and self.start.date() != UNBOUNDED:
                day = max(self.today, self.start.date().toPython())
                self.end.setDate(QDate(day.year, day.month, day.day))
        finally:
            self._syncing = False

    def _show(self) -> None:
        if self._error:
            self.hint.setStyleSheet("color: #b8282e;")
            self.hint.setText(self._error)
            return
        self.hint.setStyleSheet("color: #666;")
        if self._range is None:
            return
        start, end = self._range
        self._syncing = True
        try:
            self.start.setDate(QDate(start.year, start.month, start.day))
            self.end.setDate(QDate(end.year, end.month, end.day))
        finally:
            self._syncing = False
        self.hint.setText(f"{_cn(start)}至{_cn(end)}（共{(end - start).days + 1}天）")
