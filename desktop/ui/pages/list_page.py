"""A list page: filter bar, a table over one windowed SQL model, delete to the recycle bin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.queries import core, lists
from desktop.queries.core import Filter, Filters
from desktop.store import records
from desktop.store.errors import UserError
from desktop.store.kinds import KINDS
from desktop.ui.dialogs import Confirm, ask
from desktop.ui.models.base import SqlListModel
from desktop.ui.pages.person_filter import PersonFilter

if TYPE_CHECKING:
    from desktop.store.db import Store
    from desktop.ui.work import Work

SEARCH_DEBOUNCE_MS = 250


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class ListPage(QWidget):
    """One record list. Emits `open_record(table, id)` on double-click or Enter."""

    open_record = Signal(str, int)
    changed = Signal()  # records were deleted/restored: other lists should refresh
    count_changed = Signal(int)
    selection_changed = Signal()

    def __init__(
        self,
        store: Store,
        work: Work,
        model: SqlListModel,
        title: str,
        *,
        confirm: Confirm = ask,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.work = work
        self.model = model
        self.title = title
        self.confirm = confirm
        # what Enter on a row does; None: open the record's form (persons and units: archive)
        self.on_enter: Callable[[], object] | None = None
        self.setObjectName(f"page_{model.table}")
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filters)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.setSpacing(8)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        self.filter_bar = QHBoxLayout()
        self.filter_bar.setSpacing(6)
        layout.addLayout(self.filter_bar)
        self._build_filters()

        self.view = QTableView(self)
        self.view.setObjectName(f"table_{model.table}")
        self.view.setModel(model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(30)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for i, column in enumerate(model.columns):
            self.view.setColumnWidth(i, column.width)
        header.setSortIndicator(model.sort_column, model.sort_order)
        self.view.setSortingEnabled(True)
        self.view.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.view.installEventFilter(self)
        self.view.selectionModel().selectionChanged.connect(
            lambda *_: self.selection_changed.emit()
        )
        model.modelReset.connect(lambda: self.count_changed.emit(model.rowCount()))
        layout.addWidget(self.view, 1)
        self.restore_state()

    # -- filter bar -------------------------------------------------------------------

    def _combo(self, f: Filter | None, every: str) -> QComboBox | None:
        if f is None:
            return None
        combo = QComboBox(self)
        combo.addItem(every, None)
        for choice in core.choices(self.store, f):
            text = KINDS[choice].label if choice in KINDS else choice
            combo.addItem(text, choice)
        combo.currentIndexChanged.connect(self.apply_filters)
        self.filter_bar.addWidget(combo)
        return combo

    def _build_filters(self) -> None:
        q = self.model.q
        today = self.store.today()
        self.date_check: QCheckBox | None = None
        self.date_from: QDateEdit | None = None
        self.date_to: QDateEdit | None = None
        if q.date:
            self.date_check = QCheckBox(q.date_label, self)
            self.date_from = QDateEdit(_qdate(dt.date(today.year, 1, 1)), self)
            self.date_to = QDateEdit(_qdate(today), self)
            for edit in (self.date_from, self.date_to):
                edit.setCalendarPopup(True)
                edit.setDisplayFormat("yyyy-MM-dd")
                edit.setEnabled(False)
                edit.dateChanged.connect(self.apply_filters)
            self.date_check.toggled.connect(self._date_toggled)
            self.filter_bar.addWidget(self.date_check)
            self.filter_bar.addWidget(self.date_from)
            self.filter_bar.addWidget(QLabel("至", self))
            self.filter_bar.addWidget(self.date_to)
        self.kind_combo = self._combo(q.kind, f"全部{q.kind.label}" if q.kind else "")
        self.status_combo = self._combo(q.status, f"全部{q.status.label}" if q.status else "")
        self.unit_combo: QComboBox | None = None
        if q.unit:
            self.unit_combo = QComboBox(self)
            self.unit_combo.setMinimumContentsLength(8)
            self.reload_units()
            self.unit_combo.currentIndexChanged.connect(self.apply_filters)
            self.filter_bar.addWidget(self.unit_combo)
        self.person_filter: PersonFilter | None = None
        if q.person and self.model.table != "persons":  # the persons list has its search box
            self.person_filter = PersonFilter(self.store, self)
            self.person_filter.person_changed.connect(lambda _id: self.apply_filters())
            self.filter_bar.addWidget(self.person_filter)
        self.filter_bar.addStretch(1)
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("搜索姓名（可用拼音或首字母）、单位、内容（Ctrl+F）")
        self.search.setMinimumWidth(240)
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self.search.returnPressed.connect(self.apply_filters)
        self.filter_bar.addWidget(self.search)
        self.reset_button = QPushButton("重置", self)
        self.reset_button.setToolTip("清除所有筛选条件")
        self.reset_button.clicked.connect(self.reset_filters)
        self.filter_bar.addWidget(self.reset_button)

    def reload_units(self) -> None:
        if self.unit_combo is None:
            return
        current = self.unit_combo.currentData()
        self.unit_combo.blockSignals(True)
        self.unit_combo.clear()
        self.unit_combo.addItem("全部单位", None)
        for unit_id, name in lists.unit_choices(self.store):
            self.unit_combo.addItem(name, unit_id)
        index = self.unit_combo.findData(current)
        self.unit_combo.setCurrentIndex(max(index, 0))
        self.unit_combo.blockSignals(False)

    def _date_toggled(self, on: bool) -> None:
        for edit in (self.date_from, self.date_to):
            if edit is not None:
                edit.setEnabled(on)
        self.apply_filters()

    def current_filters(self) -> Filters:
        on = self.date_check is not None and self.date_check.isChecked()
        return Filters(
            date_from=_pydate(self.date_from.date()) if on and self.date_from else None,
            date_to=_pydate(self.date_to.date()) if on and self.date_to else None,
            kind=self.kind_combo.currentData() if self.kind_combo else None,
            status=self.status_combo.currentData() if self.status_combo else None,
            unit_id=self.unit_combo.currentData() if self.unit_combo else None,
            person_id=self.person_filter.person_id if self.person_filter else None,
            search=self.search.text().strip(),
        )

    def apply_filters(self) -> None:
        self._debounce.stop()
        filters = self.current_filters()
        if filters != self.model.filters:
            self.model.set_filters(filters)

    def reset_filters(self) -> None:
        for combo in (self.kind_combo, self.status_combo, self.unit_combo):
            if combo is not None:
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
        if self.person_filter is not None:
            self.person_filter.clear_person()
        if self.date_check is not None:
            self.date_check.blockSignals(True)
            self.date_check.setChecked(False)
            self.date_check.blockSignals(False)
            self._date_toggled(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.apply_filters()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- records ----------------------------------------------------------------------

    def refresh(self) -> None:
        self.reload_units()
        self.model.refresh()

    def selected_row(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            return rows[0].row()
        current = self.view.currentIndex()
        return current.row() if current.isValid() else None

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return None if row is None else self.model.record_id(row)

    def select_row(self, row: int) -> None:
        self.view.selectRow(row)

    def _open_row(self, row: int) -> None:
        record_id = self.model.record_id(row)
        if record_id is not None:
            self.open_record.emit(self.model.table_of(row), record_id)

    def open_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self._open_row(row)

    @property
    def can_delete(self) -> bool:
        table = self.model.table
        return table in KINDS and KINDS[table].deletable

    def delete_selected(self) -> bool:
        """Move the selected record to the recycle bin after the clerk confirms."""
        record_id = self.selected_id()
        if record_id is None or not self.can_delete:
            return False
        table = self.model.table
        try:
            row = records.get(self.store, table, record_id)
            name = records.title(self.store, table, row)
            label = KINDS[table].label
            if not self.confirm(
                self,
                "移入回收站",
                f"确定将{label}“{name}”移入回收站吗？\n移入后可在“回收站”中恢复。",
            ):
                return False
            records.delete(self.store, table, record_id)
        except UserError as exc:
            self.work.report_error(self, exc)
            self.model.refresh()
            return False
        self.model.refresh()
        self.changed.emit()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                (self.on_enter or self.open_selected)()
                return True
        return super().eventFilter(watched, event)

    # -- remembered layout ------------------------------------------------------------

    def _settings_key(self) -> str:
        return f"lists/{self.model.table}/header"

    def save_state(self) -> None:
        QSettings().setValue(self._settings_key(), self.view.horizontalHeader().saveState())

    def restore_state(self) -> None:
        state = QSettings().value(self._settings_key())
        if state is not None:
            header = self.view.horizontalHeader()
            header.restoreState(state)
            if header.sortIndicatorSection() != self.model.sort_column or (
                header.sortIndicatorOrder() != self.model.sort_order
            ):
                self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
