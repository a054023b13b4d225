"""统计汇总: the office's figures for any period and unit, with the report paragraph."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import stats

if TYPE_CHECKING:
    from desktop.store.db import Store
    from desktop.ui.work import Job, Work


class StatsPage(QWidget):
    def __init__(self, store: Store, work: Work, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.work = work
        self.result: stats.Stats | None = None
        self.setObjectName("page_stats")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        heading = QLabel("统计汇总")
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        bar = QHBoxLayout()
        today = store.today()
        self.start = QDateEdit(QDate(today.year, 1, 1))
        self.end = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.unit = QComboBox()
        self.run_button = QPushButton("统计")
        self.run_button.setObjectName("runStats")
        self.run_button.clicked.connect(self.compute)
        for widget in (QLabel("统计期间"), self.start, QLabel("至"), self.end, self.unit):
            bar.addWidget(widget)
        bar.addWidget(self.run_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter = splitter
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["统计项目", "数量", "单位"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.paragraph = QPlainTextEdit()
        self.paragraph.setReadOnly(True)
        self.paragraph.setPlaceholderText("点击“统计”后，这里给出可直接用于工作报告的段落。")
        splitter.addWidget(self.table)
        splitter.addWidget(self.paragraph)
        splitter.setSizes([500, 160])
        layout.addWidget(splitter, 1)
        self.reload_units()

    def reload_units(self) -> None:
        current = self.unit.currentData()
        self.unit.clear()
        self.unit.addItem("全部单位", None)
        for row in self.store.query("SELECT id, name FROM units ORDER BY name"):
            self.unit.addItem(row["name"], row["id"])
        self.unit.setCurrentIndex(max(self.unit.findData(current), 0))

    def compute(self) -> None:
        start = self.start.date().toPython()
        end = self.end.date().toPython()
        unit_id = self.unit.currentData()
        today = self.store.today()
        assert isinstance(start, dt.date) and isinstance(end, dt.date)
        if end < start:
            self.paragraph.setPlainText("统计区间的结束日期不能早于开始日期。")
            return

        def work(store: Store, job: Job) -> stats.Stats:
            return stats.compute(store, start, end, unit_id=unit_id, today=today)

        self.run_button.setEnabled(False)
        self.work.run(
            work,
            on_success=self.show_result,
            on_failure=self._failed,
            label="正在统计…",
        )

    def _failed(self, exc: BaseException) -> None:
        self.run_button.setEnabled(True)
        self.work.report_error(self, exc)

    def show_result(self, result: stats.Stats) -> None:
        self.run_button.setEnabled(True)
        self.result = result
        figures = list(result.figures.values())
        extra = [
            ("整改率", result.rectification_rate or "—", ""),
            ("结案率", result.closure_rate or "—", ""),
        ]
        self.table.setRowCount(len(figures) + len(extra))
        rows = [(f.label, str(f.value), f.unit) for f in figures] + extra
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        self.paragraph.setPlainText(stats.summary_paragraph(result))
