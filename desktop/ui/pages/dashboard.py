"""工作台: this year's headline figures and the rectifications that need attention now."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import stats
from desktop.ui.models.base import DUE_SOON, OVERDUE
from desktop.ui.models.lists import DUE_SOON_DAYS

if TYPE_CHECKING:
    from desktop.store.db import Store
    from desktop.ui.work import Job, Work

HEADLINES = (
    "clues_received",
    "clues_disposed",
    "cases",
    "closed",
    "sanctioned",
    "talks",
    "inspections",
    "problems_found",
    "overdue_items",
)


def _card(title: str) -> tuple[QFrame, QLabel]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 10, 14, 10)
    value = QLabel("—")
    value.setObjectName("cardValue")
    label = QLabel(title)
    label.setObjectName("cardLabel")
    layout.addWidget(value)
    layout.addWidget(label)
    return frame, value


class DashboardPage(QWidget):
    open_record = Signal(str, int)

    def __init__(self, store: Store, work: Work, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.work = work
        self.setObjectName("page_dashboard")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        layout.addWidget(self.heading)
        grid = QGridLayout()
        grid.setSpacing(10)
        self.values: dict[str, QLabel] = {}
        self.cards: dict[str, QFrame] = {}
        for i, key in enumerate((*HEADLINES, "rate")):
            frame, value = _card("")
            self.cards[key] = frame
            self.values[key] = value
            grid.addWidget(frame, i // 5, i % 5)
        layout.addLayout(grid)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        lists = QHBoxLayout()
        self.overdue = self._list("逾期未整改的问题")
        self.due_soon = self._list(f"{DUE_SOON_DAYS}日内到期的整改事项")
        for box, _table in (self.overdue, self.due_soon):
            lists.addWidget(box)
        layout.addLayout(lists, 1)
        self.refresh()

    def _list(self, title: str) -> tuple[QGroupBox, QTableWidget]:
        box = QGroupBox(title)
        table = QTableWidget(0, 4)
        table.setHorizontalHeaderLabels(["问题描述", "责任单位", "整改时限", "整改状态"])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2, 3):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        table.itemActivated.connect(lambda item: self._open(table, item.row()))
        table.cellDoubleClicked.connect(lambda row, _c: self._open(table, row))
        QVBoxLayout(box).addWidget(table)
        return box, table

    def _open(self, table: QTableWidget, row: int) -> None:
        item = table.item(row, 0)
        if item is not None:
            self.open_record.emit("rectifications", int(item.data(Qt.ItemDataRole.UserRole)))

    def refresh(self) -> None:
        today = self.store.today()
        start, end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
        self.heading.setText(f"工作台　{stats.period_label(start, end)}工作概况")
        self._fill_lists(today)

        def compute(store: Store, job: Job) -> stats.Stats:
            return stats.compute(store, start, end, today=today)

        self.work.run(compute, on_success=self._show_stats, label="正在统计本年度数据…")

    def _show_stats(self, result: stats.Stats) -> None:
        for key in HEADLINES:
            figure = result.figures[key]
            self.values[key].setText(f"{figure.value}")
            label = self.cards[key].findChild(QLabel, "cardLabel")
            if label is not None:
                label.setText(f"{figure.label}（{figure.unit}）")
        self.values["rate"].setText(result.rectification_rate or "—")
        rate_label = self.cards["rate"].findChild(QLabel, "cardLabel")
        if rate_label is not None:
            rate_label.setText("整改率")
        self.cards["overdue_items"].setProperty("alert", result["overdue_items"] > 0)
        self.cards["overdue_items"].style().polish(self.cards["overdue_items"])
        self.summary.setText(stats.summary_paragraph(result))

    def _fill_lists(self, today: dt.date) -> None:
        base = (
            "SELECT r.id, r.finding, u.name AS unit, r.deadline, r.status FROM rectifications r"
            " LEFT JOIN units u ON u.id = r.unit_id WHERE r.status != '已销号'"
            " AND r.deadline IS NOT NULL AND {cond} ORDER BY r.deadline LIMIT 200"
        )
        overdue = self.store.query(base.format(cond="r.deadline < ?"), [today.isoformat()])
        soon_end = today + dt.timedelta(days=DUE_SOON_DAYS)
        soon = self.store.query(
            base.format(cond="r.deadline BETWEEN ? AND ?"),
            [today.isoformat(), soon_end.isoformat()],
        )
        self._fill(self.overdue[1], overdue, OVERDUE, "逾期")
        self._fill(self.due_soon[1], soon, DUE_SOON, None)
        self.overdue[0].setTitle(f"逾期未整改的问题（{len(overdue)}）")
        self.due_soon[0].setTitle(f"{DUE_SOON_DAYS}日内到期的整改事项（{len(soon)}）")

    def _fill(
        self, table: QTableWidget, rows: list[dict[str, Any]], colours: Any, status: str | None
    ) -> None:
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = [row["finding"], row["unit"] or "", row["deadline"], status or row["status"]]
            for c, value in enumerate(values):
                item = QTableWidgetItem(" ".join(str(value).split()))
                item.setForeground(colours[1])
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, row["id"])
                    item.setToolTip(str(value))
                table.setItem(r, c, item)
