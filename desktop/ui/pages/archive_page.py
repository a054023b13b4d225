"""廉政档案: everything on record about one person or one unit, section by section.

Opened from the 人员档案 and 单位 lists (查看档案 button, or Ctrl+double-click). On top
the same timeline as the 时间线 page, filtered to the person or unit; below, each
section is a small table. Double-clicking (or Enter on) a row, or clicking an event on
the timeline, opens that record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.queries import archive
from desktop.store.errors import UserError
from desktop.ui.models.base import DONE
from desktop.ui.models.lists import _deadline_colours
from desktop.ui.screen import fit
from desktop.ui.timeline import TimelineWidget

if TYPE_CHECKING:
    from desktop.store.db import Store
    from desktop.ui.pages.list_page import ListPage

Colours = tuple[QColor | None, QColor | None] | None
ROW_HEIGHT = 28
MAX_VISIBLE_ROWS = 8
IN_EFFECT = (QColor("#fde4e1"), QColor("#a8201a"))
ARCHIVE_ZOOM = 3  # 季: about two years of one person's or unit's events at a glance


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def row_colours(row: archive.Row, today: dt.date) -> Colours:
    """Red while a sanction is in effect or a deadline has passed, amber when one is near."""
    if row.in_effect is not None:
        return IN_EFFECT if row.in_effect else DONE
    if row.due is not None:
        deadline, done = row.due
        return _deadline_colours(deadline, done, today)
    return None


# -- the dialog ------------------------------------------------------------------------


def add_footer(
    dialog: QDialog, layout: QVBoxLayout, hint: QLabel, refresh: Callable[[], None]
) -> QPushButton:
    """The foot of a record-overview dialog (廉政档案, 专项工作): its hint in grey, 刷新 and
    关闭; sized to the screen. Returns the 刷新 button (calling `refresh`)."""
    hint.setObjectName("hint")
    hint.setStyleSheet("color: #666;")
    hint.setWordWrap(True)
    layout.addWidget(hint)
    buttons = QDialogButtonBox()
    again = buttons.addButton("刷新", QDialogButtonBox.ButtonRole.ActionRole)
    again.clicked.connect(refresh)
    close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
    close.clicked.connect(dialog.close)
    layout.addWidget(buttons)
    fit(dialog, 1200, 900)
    return again


def fill_identity(grid: QGridLayout, pairs: list[tuple[str, str]], per_row: int) -> None:
    """A record's identity as label/value pairs, `per_row` pairs a row (the archive's
    head, the 专项工作 page's): the old ones taken out first."""
    while grid.count():
        item = grid.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()
    for i, (label, value) in enumerate(pairs):
        r, c = divmod(i, per_row)
        key = QLabel(f"{label}：")
        key.setStyleSheet("color: #666;")
        text = QLabel(value)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setWordWrap(True)
        grid.addWidget(key, r, 2 * c)
        grid.addWidget(text, r, 2 * c + 1)
    for c in range(per_row):
        grid.setColumnStretch(2 * c + 1, 1)


class ArchiveDialog(QDialog):
    """One person's or one unit's archive. Emits `open_record(table, id)`."""

    open_record = Signal(str, int)

    def __init__(
        self, store: Store, table: str, record_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        if table not in ("persons", "units"):
            raise ValueError(table)
        self.store = store
        self.table = table
        self.record_id = record_id
        self.setObjectName(f"archive_{table}")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.tables: dict[str, QTableWidget] = {}
        self.groups: dict[str, QGroupBox] = {}

        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.heading.setStyleSheet("font-size: 15pt; font-weight: bold; color: #8c1d22;")
        layout.addWidget(self.heading)
        self.identity = QGroupBox("基本信息" if table == "persons" else "单位信息")
        self.identity_grid = QGridLayout(self.identity)
        self.identity_grid.setHorizontalSpacing(16)
        layout.addWidget(self.identity)

        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(0, 0, 6, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        # the 时间线 page's widget, fixed to this person or unit
        self.timeline = TimelineWidget(
            store,
            person_id=record_id if table == "persons" else None,
            unit_id=record_id if table == "units" else None,
        )
        self.timeline.setObjectName("archive_timeline")
        self.timeline.view.hide_empty_lanes = True
        self.timeline.view.today_at = 0.85  # an archive is mostly what happened
        self.timeline.view.set_zoom(ARCHIVE_ZOOM)
        self.timeline.view.go_today()
        self.timeline.open_record.connect(self.open_record)
        timeline_box = QGroupBox("时间线")
        timeline_box.setObjectName("section_timeline")
        QVBoxLayout(timeline_box).addWidget(self.timeline)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("archive_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(timeline_box)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([380, 460])
        layout.addWidget(self.splitter, 1)
        hint = QLabel(
            "双击某一行或单击时间线上的事项打开该记录。"
            "红色：逾期或处分影响期内；黄色：7日内到期；灰色：已办结。"
        )
        self.refresh_button = add_footer(self, layout, hint, self.refresh)
        self._fill()

    def refresh(self) -> None:
        """Read the archive again (records were saved or deleted elsewhere)."""
        self._fill()
        self.timeline.reload()

    def today(self) -> dt.date:
        return self.store.today()

    def _fill(self) -> None:
        today = self.today()
        if self.table == "persons":
            self.contents = archive.person_archive(self.store, self.record_id, today)
            self.heading.setText(f"廉政档案：{self.contents.name}")
        else:
            self.contents = archive.unit_archive(self.store, self.record_id, today)
            self.heading.setText(f"单位廉政档案：{self.contents.name}")
        self.setWindowTitle(self.heading.text())
        fill_identity(
            self.identity_grid, [(k, _text(v) or "—") for k, v in self.contents.identity], 4
        )
        for section in self.contents.sections:
            self._fill_section(section, today)

    def _fill_section(self, section: archive.Section, today: dt.date) -> None:
        view = self.tables.get(section.key)
        if view is None:
            group = QGroupBox()
            group.setObjectName(f"section_{section.key}")
            box = QVBoxLayout(group)
            view = QTableWidget(0, len(section.headers))
            view.setObjectName(f"archive_{section.key}")
            view.setHorizontalHeaderLabels(list(section.headers))
            view.verticalHeader().setVisible(False)
            view.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            view.setWordWrap(False)
            header = view.horizontalHeader()
            header.setStretchLastSection(True)
            header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            for i, width in enumerate(section.widths):
                view.setColumnWidth(i, width)
            view.cellDoubleClicked.connect(lambda row, _c, v=view: self._open(v, row))
            view.installEventFilter(self)
            box.addWidget(view)
            self.body_layout.addWidget(group)
            self.tables[section.key] = view
            self.groups[section.key] = group
        group = self.groups[section.key]
        group.setTitle(f"{section.title}（{len(section.rows)}）")
        view.setRowCount(len(section.rows))
        for r, row in enumerate(section.rows):
            colours = row_colours(row, today)
            for c, value in enumerate(row.cells(section.columns)):
                text = _text(value)
                item = QTableWidgetItem(text if len(text) <= 80 else text[:79] + "…")
                if len(text) > 30:
                    item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, (row.table, row.record_id))
                if colours is not None:
                    background, foreground = colours
                    if background is not None:
                        item.setBackground(background)
                    if foreground is not None:
                        item.setForeground(foreground)
                view.setItem(r, c, item)
        shown = min(max(len(section.rows), 1), MAX_VISIBLE_ROWS)
        view.setFixedHeight(view.horizontalHeader().sizeHint().height() + shown * ROW_HEIGHT + 4)

    def row_target(self, key: str, row: int) -> tuple[str, int] | None:
        item = self.tables[key].item(row, 0)
        if item is None:
            return None
        table, record_id = item.data(Qt.ItemDataRole.UserRole)
        return str(table), int(record_id)

    def rows_text(self, key: str, column: int) -> list[str]:
        """The texts of one column of a section (tests, print)."""
        view = self.tables[key]
        return [view.item(r, column).text() for r in range(view.rowCount())]

    def _open(self, view: QTableWidget, row: int) -> None:
        item = view.item(row, 0)
        if item is not None:
            table, record_id = item.data(Qt.ItemDataRole.UserRole)
            self.open_record.emit(str(table), int(record_id))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QTableWidget) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if watched.currentRow() >= 0:
                    self._open(watched, watched.currentRow())
                return True
        return super().eventFilter(watched, event)


# -- wiring into the lists -------------------------------------------------------------


class Archives(QObject):
    """Opens archives from the 人员档案 and 单位 lists and keeps the open ones fresh."""

    def __init__(
        self,
        store: Store,
        parent: QWidget,
        open_record: Callable[[str, int], None],
        report_error: Callable[[QWidget, Exception], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.window = parent
        self.open_record = open_record
        self.report_error = report_error
        self.open_dialogs: list[ArchiveDialog] = []
        self.buttons: dict[str, QPushButton] = {}
        self._pages: dict[QObject, ListPage] = {}  # list viewport -> its page

    def attach(self, page: ListPage) -> QPushButton:
        """Give a persons/units list a 查看档案 button and Ctrl+double-click."""
        table = page.model.table
        button = QPushButton("查看档案", page)
        button.setObjectName("open_archive")
        button.setToolTip("查看选中人员或单位的廉政档案（Enter，也可按住 Ctrl 双击）")
        button.setEnabled(False)
        button.clicked.connect(lambda: self.open_selected(page))
        page.selection_changed.connect(lambda: button.setEnabled(page.selected_id() is not None))
        page.model.modelReset.connect(lambda: button.setEnabled(page.selected_id() is not None))
        page.filter_bar.addWidget(button)
        page.on_enter = lambda: self.open_selected(page)  # the archive is what one looks up
        page.view.viewport().installEventFilter(self)
        self._pages[page.view.viewport()] = page
        self.buttons[table] = button
        return button

    def open_selected(self, page: ListPage) -> ArchiveDialog | None:
        record_id = page.selected_id()
        if record_id is None:
            return None
        return self.open(page.model.table, record_id)

    def open(self, table: str, record_id: int) -> ArchiveDialog | None:
        for dialog in self.open_dialogs:
            if dialog.table == table and dialog.record_id == record_id:
                dialog.refresh()
                dialog.raise_()
                dialog.activateWindow()
                return dialog
        try:
            dialog = self.dialog(table, record_id)
        except UserError as exc:
            if self.report_error is not None:
                self.report_error(self.window, exc)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open_record.connect(self.open_record)
        dialog.destroyed.connect(lambda *_: self._forget(dialog))
        self.open_dialogs.append(dialog)
        dialog.show()
        return dialog

    def dialog(self, table: str, record_id: int) -> ArchiveDialog:
        """The page opened for a record (the 专项工作 pages open theirs the same way)."""
        return ArchiveDialog(self.store, table, record_id, self.window)

    def _forget(self, dialog: ArchiveDialog) -> None:
        if dialog in self.open_dialogs:
            self.open_dialogs.remove(dialog)

    def refresh(self) -> None:
        for dialog in list(self.open_dialogs):
            try:
                dialog.refresh()
            except UserError:
                dialog.close()  # the person or unit went to the recycle bin

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        page = self._pages.get(watched)
        if page is not None and event.type() == QEvent.Type.MouseButtonDblClick:
            assert isinstance(event, QMouseEvent)
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                index = page.view.indexAt(event.position().toPoint())
                if index.isValid():
                    record_id = page.model.record_id(index.row())
                    if record_id is not None:
                        self.open(page.model.table, record_id)
                        return True
        return super().eventFilter(watched, event)
