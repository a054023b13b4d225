"""工作台: this year's headline figures and what needs the clerk's action now (待办事项)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QHideEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import stats
from desktop.queries import desk
from desktop.ui.models.agenda import DUE, HEADERS, TITLE, AgendaModel
from desktop.ui.models.base import OVERDUE

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
DAY_CHECK_MS = 60_000
HINT = "双击或按回车打开记录；红色为已逾期，黄色为7日内到期。"
COLUMN_WIDTHS = (110, 300, 140, 95, 80, 300)
URGENT = (  # sections listed in red
    desk.RECT_OVERDUE,
    desk.INQUIRIES,
    desk.CLUES,
    desk.REPORTER,
    desk.DELEGATED,
    desk.TALK_RECORD,
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
        self.agenda_box = QGroupBox("待办事项")
        self.agenda_box.setObjectName("agendaBox")
        box_layout = QVBoxLayout(self.agenda_box)
        box_layout.setContentsMargins(8, 6, 8, 8)
        self.sections = QListWidget()
        self.sections.setObjectName("agendaSections")
        self.sections.setMinimumWidth(190)
        self.sections.currentRowChanged.connect(self._section_chosen)
        self.agenda = AgendaModel(self)
        self.table = QTableView()
        self.table.setObjectName("agendaTable")
        self.table.setModel(self.agenda)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in zip(range(len(HEADERS)), COLUMN_WIDTHS, strict=True):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)  # takes the rest
        self.table.setSortingEnabled(True)
        header.setSortIndicator(DUE, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self.table.installEventFilter(self)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("agendaSplitter")
        splitter.addWidget(self.sections)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 1000])
        box_layout.addWidget(splitter, 1)
        self.hint = QLabel(HINT)
        self.hint.setObjectName("hint")
        box_layout.addWidget(self.hint)
        layout.addWidget(self.agenda_box, 1)
        self.shown_day: dt.date | None = None
        self.row_limit = desk.ROW_LIMIT  # rows per section; the counts are always exact
        self._seen = False  # shown on screen at least once
        self._left = False  # hidden since then (another page was shown)
        self._agenda_generation = 0  # the newest read of the action list
        self._agenda_reads = 0  # reads under way
        # the desk may stay open overnight: roll the action list over to the new day
        self._day_timer = QTimer(self)
        self._day_timer.setInterval(DAY_CHECK_MS)
        self._day_timer.timeout.connect(self._check_day)
        self._day_timer.start()
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        """Coming back to the desk: time limits, holidays or the date may have changed."""
        super().showEvent(event)
        if self.shown_day is not None and not event.spontaneous() and self._left:
            if self.store.today() != self.shown_day:
                self.refresh()
            else:
                self._fill_agenda(self.shown_day)
        self._left = False
        self._seen = True

    def hideEvent(self, event: QHideEvent) -> None:
        """Left for another page: the next show refills (the first show needs no second
        read of what the constructor just filled)."""
        super().hideEvent(event)
        if not event.spontaneous() and self._seen:
            self._left = True

    def _check_day(self) -> None:
        if self.isVisible() and self.store.today() != self.shown_day:
            self.refresh()

    def _section_chosen(self, row: int) -> None:
        item = self.sections.item(row)
        if item is not None:
            self.agenda.show_section(item.data(Qt.ItemDataRole.UserRole))

    def select_section(self, key: str | None) -> None:
        """Show one section of the action list (None: all of them)."""
        for row in range(self.sections.count()):
            if self.sections.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.sections.setCurrentRow(row)
                return

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                index = self.table.currentIndex()
                if index.isValid():
                    self._open(index.row())
                    return True
        return super().eventFilter(watched, event)

    def _open(self, row: int) -> None:
        item = self.agenda.item(row)
        if item is not None:
            self.open_record.emit(item.table, item.record_id)

    def refresh(self) -> None:
        today = self.store.today()
        start, end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
        self.heading.setText(f"工作台　{stats.period_label(start, end)}工作概况")
        self.shown_day = today
        self._fill_agenda(today)

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

    @property
    def agenda_pending(self) -> bool:
        """A read of the action list is under way (the list shown may be older)."""
        return self._agenda_reads > 0

    def _fill_agenda(self, today: dt.date) -> None:
        """Read the action list on the worker (0.2 s at a large office, never on the GUI
        thread); only the newest read is shown when reads overlap."""
        limit = self.row_limit
        self._agenda_generation += 1
        generation = self._agenda_generation
        self._agenda_reads += 1

        def read(store: Store, job: Job) -> desk.Agenda:
            return desk.compute(store, today, limit=limit)

        def done() -> None:
            self._agenda_reads -= 1

        def show(result: desk.Agenda) -> None:
            done()
            if generation == self._agenda_generation:
                self._show_agenda(result)

        def failed(exc: BaseException) -> None:
            done()
            self.work.report_error(self, exc)

        self.work.run(
            read,
            on_success=show,
            on_failure=failed,
            on_cancelled=done,
            label="正在读取待办事项…",
        )

    def _show_agenda(self, result: desk.Agenda) -> None:
        current = self.agenda.section
        self.sections.blockSignals(True)
        self.sections.clear()
        entries = [(None, "全部待办", result.total)]
        entries += [(key, s.title, s.total) for key, s in result.sections.items()]
        for key, title, total in entries:
            entry = QListWidgetItem(f"{title}（{total}）", self.sections)
            entry.setData(Qt.ItemDataRole.UserRole, key)
            if key in URGENT and total:
                entry.setForeground(OVERDUE[1])
            elif key is not None and not total:
                entry.setForeground(QColor("#8c8c8c"))
        self.sections.blockSignals(False)
        self.agenda.set_agenda(result)
        self.select_section(current)
        self.agenda_box.setTitle(f"待办事项（{result.total}）")
        cut = [s.title for s in result.sections.values() if s.total > len(s.items)]
        more = f"“{'”“'.join(cut)}”仅列出最紧迫的{self.row_limit}项，" if cut else ""
        self.hint.setText(more + HINT)
