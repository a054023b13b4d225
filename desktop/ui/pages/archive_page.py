"""廉政档案: everything on record about one person or one unit, section by section.

Opened from the 人员档案 and 单位 lists (查看档案 button, or Ctrl+double-click). On top
the same timeline as the 时间线 page, filtered to the person or unit; below, each
section is a small table. Double-clicking (or Enter on) a row, or clicking an event on
the timeline, opens that record.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
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

from desktop.domain import forms
from desktop.queries.rectification import OPEN as RECT_OPEN
from desktop.store.errors import UserError
from desktop.ui.models.base import DONE
from desktop.ui.models.lists import (
    CLUE_STATUS_SQL,
    INQUIRY_STATUS_SQL,
    RECT_STATUS_SQL,
    _deadline_colours,
)
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
_NAME_SPLIT = re.compile(r"[、，,；;/\s]+")


@dataclass
class Row:
    table: str  # the record a double-click opens
    record_id: int
    cells: Sequence[Any]
    colours: Colours = None


@dataclass
class Section:
    key: str
    title: str
    headers: Sequence[str]
    rows: list[Row] = field(default_factory=list)
    widths: Sequence[int] = ()


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


# -- what goes into a person's archive ---------------------------------------------------


def person_identity(store: Store, person_id: int) -> tuple[str, list[tuple[str, str]]]:
    rows = store.query(
        "SELECT p.*, u.name AS unit FROM persons p LEFT JOIN units u ON u.id = p.unit_id"
        " WHERE p.id = ?",
        [person_id],
    )
    if not rows:
        raise UserError("该人员不存在或已被删除")
    p = rows[0]
    pairs = [
        ("性别", p["gender"]),
        ("出生日期", p["birth_date"]),
        ("政治面貌", p["political_status"]),
        ("所在单位", p["unit"]),
        ("职务", p["post"]),
        ("职级", p["rank"]),
        ("公职人员类别", p["staff_kind"]),
        ("联系电话", p["phone"]),
    ]
    return str(p["name"]), [(k, _text(v) or "—") for k, v in pairs]


def person_sections(store: Store, person_id: int, today: dt.date) -> list[Section]:
    name = str(store.scalar("SELECT name FROM persons WHERE id = ?", [person_id]) or "")
    posts = Section("posts", "任职经历", ("单位", "职务", "职级", "起始日期", "终止日期"))
    posts.widths = (220, 180, 110, 100, 100)
    for r in store.query(
        "SELECT pp.*, COALESCE(u.name, pp.unit_name) AS unit FROM person_posts pp"
        " LEFT JOIN units u ON u.id = pp.unit_id WHERE pp.person_id = ?"
        " ORDER BY pp.start_date IS NULL, pp.start_date DESC, pp.id DESC",
        [person_id],
    ):
        cells = (r["unit"], r["post"], r["rank"], r["start_date"], r["end_date"] or "至今")
        posts.rows.append(Row("persons", person_id, cells))

    talks = Section("talks", "谈话记录", ("谈话日期", "谈话类型", "谈话事由", "谈话人"))
    talks.widths = (100, 110, 360, 160)
    for r in store.query(
        "SELECT t.id, t.date, t.kind, t.reason,"
        " (SELECT group_concat(name, '、') FROM talk_talkers WHERE talk_id = t.id) AS talkers"
        " FROM talks t WHERE t.id IN (SELECT talk_id FROM talk_subjects WHERE person_id = ?)"
        " ORDER BY t.date DESC, t.id DESC",
        [person_id],
    ):
        talks.rows.append(Row("talks", r["id"], (r["date"], r["kind"], r["reason"], r["talkers"])))

    clues = Section(
        "clues",
        "问题线索及处理结果",
        ("线索编号", "收件日期", "反映的主要问题", "处置方式", "办理进度", "处理结果"),
    )
    clues.widths = (110, 100, 300, 100, 90, 200)
    for r in store.query(
        f"SELECT c.id, c.ledger_no, c.received_date, c.summary, c.disposition,"
        f" ({CLUE_STATUS_SQL}) AS status,"
        " (SELECT group_concat(o.outcome || '（' || o.decided_date || '）', '、')"
        "  FROM clue_outcomes o WHERE o.clue_id = c.id AND o.person_id = :pid) AS outcomes"
        " FROM clues c WHERE c.id IN (SELECT clue_id FROM clue_persons WHERE person_id = :pid)"
        " ORDER BY c.received_date DESC, c.id DESC",
        {"pid": person_id},
    ):
        cells = (
            r["ledger_no"],
            r["received_date"],
            r["summary"],
            r["disposition"],
            r["status"],
            r["outcomes"],
        )
        clues.rows.append(Row("clues", r["id"], cells))

    inquiries = Section(
        "inquiries", "函询", ("线索编号", "发函日期", "回复期限", "回复日期", "函询结论")
    )
    inquiries.widths = (110, 100, 100, 100, 160)
    for r in store.query(
        f"SELECT q.id, c.ledger_no, q.sent_date, q.reply_due, q.reply_date, q.conclusion,"
        f" ({INQUIRY_STATUS_SQL}) AS status"
        " FROM inquiries q LEFT JOIN clues c ON c.id = q.clue_id WHERE q.person_id = :pid"
        " ORDER BY q.sent_date DESC, q.id DESC",
        {"pid": person_id, "today": today.isoformat()},
    ):
        cells = (r["ledger_no"], r["sent_date"], r["reply_due"], r["reply_date"], r["conclusion"])
        colours = _deadline_colours(r["reply_due"], r["reply_date"] is not None, today)
        inquiries.rows.append(Row("inquiries", r["id"], cells, colours))

    sanctions = Section(
        "sanctions",
        "处分及影响期",
        ("处分", "类别", "形态", "决定日期", "影响期至", "状态"),
    )
    sanctions.widths = (140, 100, 110, 100, 100, 100)
    for s in forms.sanctions(store, person_id=person_id):
        status = s.status(today)
        cells = (
            s.outcome,
            s.category,
            forms.FORM_LABELS.get(s.form or 0, ""),
            s.decided.isoformat(),
            "无期限" if s.ends is None else s.ends.isoformat(),
            status,
        )
        colours = IN_EFFECT if s.in_effect(today) else DONE
        sanctions.rows.append(Row("clues", s.clue_id, cells, colours))

    rects = Section(
        "rectifications",
        "负责的整改事项",
        ("问题描述", "责任单位", "整改时限", "整改状态"),
    )
    rects.widths = (360, 180, 100, 110)
    if name:
        for r in store.query(
            f"SELECT r.id, r.finding, r.responsible, u.name AS unit, r.deadline, r.status,"
            f" ({RECT_STATUS_SQL}) AS shown_status"
            " FROM rectifications r LEFT JOIN units u ON u.id = r.unit_id"
            " WHERE instr(r.responsible, :name) > 0 ORDER BY r.deadline IS NULL, r.deadline",
            {"name": name, "today": today.isoformat()},
        ):
            if name not in _NAME_SPLIT.split(str(r["responsible"])):
                continue  # 王芳 must not match 王芳菲
            cells = (r["finding"], r["unit"], r["deadline"], r["shown_status"])
            colours = _deadline_colours(r["deadline"], r["status"] not in RECT_OPEN, today)
            rects.rows.append(Row("rectifications", r["id"], cells, colours))
    return [posts, talks, clues, inquiries, sanctions, rects]


# -- what goes into a unit's archive -----------------------------------------------------


def unit_identity(store: Store, unit_id: int) -> tuple[str, list[tuple[str, str]]]:
    rows = store.query(
        "SELECT n.*, pu.name AS parent,"
        " (SELECT group_concat(name, '、') FROM units WHERE parent_id = n.id) AS children"
        " FROM units n LEFT JOIN units pu ON pu.id = n.parent_id WHERE n.id = ?",
        [unit_id],
    )
    if not rows:
        raise UserError("该单位不存在或已被删除")
    u = rows[0]
    pairs = [
        ("单位类别", u["kind"]),
        ("上级单位", u["parent"]),
        ("下属单位", u["children"]),
        ("是否启用", "是" if u["active"] else "否"),
        ("备注", u["notes"]),
    ]
    return str(u["name"]), [(k, _text(v) or "—") for k, v in pairs]


def unit_sections(store: Store, unit_id: int, today: dt.date) -> list[Section]:
    params = {"uid": unit_id, "today": today.isoformat()}
    persons = Section("persons", "本单位人员", ("姓名", "职务", "职级", "政治面貌"))
    persons.widths = (100, 200, 120, 100)
    for r in store.query(
        "SELECT id, name, post, rank, political_status FROM persons WHERE unit_id = :uid"
        " ORDER BY name_pinyin, name",
        params,
    ):
        cells = (r["name"], r["post"], r["rank"], r["political_status"])
        persons.rows.append(Row("persons", r["id"], cells))

    clues = Section(
        "clues", "问题线索", ("线索编号", "收件日期", "被反映人", "反映的主要问题", "办理进度")
    )
    clues.widths = (110, 100, 120, 360, 90)
    for r in store.query(
        f"SELECT c.id, c.ledger_no, c.received_date, c.summary, ({CLUE_STATUS_SQL}) AS status,"
        " (SELECT group_concat(p.name, '、') FROM clue_persons cp JOIN persons p"
        "  ON p.id = cp.person_id WHERE cp.clue_id = c.id) AS persons"
        " FROM clues c WHERE c.reported_unit_id = :uid OR c.id IN (SELECT cp.clue_id"
        "  FROM clue_persons cp JOIN persons p ON p.id = cp.person_id WHERE p.unit_id = :uid)"
        " ORDER BY c.received_date DESC, c.id DESC",
        params,
    ):
        cells = (r["ledger_no"], r["received_date"], r["persons"], r["summary"], r["status"])
        clues.rows.append(Row("clues", r["id"], cells))

    talks = Section("talks", "本单位人员谈话", ("谈话日期", "谈话类型", "谈话对象", "谈话事由"))
    talks.widths = (100, 110, 140, 360)
    for r in store.query(
        "SELECT t.id, t.date, t.kind, t.reason,"
        " (SELECT group_concat(p.name, '、') FROM talk_subjects ts JOIN persons p"
        "  ON p.id = ts.person_id WHERE ts.talk_id = t.id) AS subjects"
        " FROM talks t WHERE t.id IN (SELECT ts.talk_id FROM talk_subjects ts"
        "  JOIN persons p ON p.id = ts.person_id WHERE p.unit_id = :uid)"
        " ORDER BY t.date DESC, t.id DESC",
        params,
    ):
        cells = (r["date"], r["kind"], r["subjects"], r["reason"])
        talks.rows.append(Row("talks", r["id"], cells))

    inspections = Section(
        "inspections", "监督检查", ("开始日期", "结束日期", "检查类型", "检查主题")
    )
    inspections.widths = (100, 100, 120, 360)
    for r in store.query(
        "SELECT i.id, i.start_date, i.end_date, i.kind, i.theme FROM inspections i"
        " WHERE i.id IN (SELECT inspection_id FROM inspection_units WHERE unit_id = :uid)"
        " ORDER BY i.start_date DESC, i.id DESC",
        params,
    ):
        cells = (r["start_date"], r["end_date"], r["kind"], r["theme"])
        inspections.rows.append(Row("inspections", r["id"], cells))

    rects = Section(
        "rectifications",
        "整改事项",
        ("问题描述", "责任人", "发现日期", "整改时限", "整改状态"),
    )
    rects.widths = (360, 90, 100, 100, 110)
    for r in store.query(
        f"SELECT r.id, r.finding, r.responsible, r.found_date, r.deadline, r.status,"
        f" ({RECT_STATUS_SQL}) AS shown_status FROM rectifications r WHERE r.unit_id = :uid"
        " ORDER BY r.deadline IS NULL, r.deadline, r.id",
        params,
    ):
        cells = (r["finding"], r["responsible"], r["found_date"], r["deadline"], r["shown_status"])
        colours = _deadline_colours(r["deadline"], r["status"] not in RECT_OPEN, today)
        rects.rows.append(Row("rectifications", r["id"], cells, colours))
    return [persons, clues, talks, inspections, rects]


# -- the dialog ------------------------------------------------------------------------


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
        hint.setObjectName("hint")
        hint.setStyleSheet("color: #666;")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox()
        self.refresh_button = buttons.addButton("刷新", QDialogButtonBox.ButtonRole.ActionRole)
        self.refresh_button.clicked.connect(self.refresh)
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.close)
        layout.addWidget(buttons)
        fit(self, 1200, 900)
        self._fill()

    def refresh(self) -> None:
        """Read the archive again (records were saved or deleted elsewhere)."""
        self._fill()
        self.timeline.reload()

    def today(self) -> dt.date:
        return self.store.today()

    def _fill(self) -> None:
        if self.table == "persons":
            name, pairs = person_identity(self.store, self.record_id)
            sections = person_sections(self.store, self.record_id, self.today())
            self.heading.setText(f"廉政档案：{name}")
        else:
            name, pairs = unit_identity(self.store, self.record_id)
            sections = unit_sections(self.store, self.record_id, self.today())
            self.heading.setText(f"单位廉政档案：{name}")
        self.setWindowTitle(self.heading.text())
        self._fill_identity(pairs)
        for section in sections:
            self._fill_section(section)

    def _fill_identity(self, pairs: list[tuple[str, str]]) -> None:
        while self.identity_grid.count():
            item = self.identity_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        per_row = 4
        for i, (label, value) in enumerate(pairs):
            r, c = divmod(i, per_row)
            key = QLabel(f"{label}：")
            key.setStyleSheet("color: #666;")
            text = QLabel(value)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setWordWrap(True)
            self.identity_grid.addWidget(key, r, 2 * c)
            self.identity_grid.addWidget(text, r, 2 * c + 1)
        for c in range(per_row):
            self.identity_grid.setColumnStretch(2 * c + 1, 1)

    def _fill_section(self, section: Section) -> None:
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
            for c, value in enumerate(row.cells):
                text = _text(value)
                item = QTableWidgetItem(text if len(text) <= 80 else text[:79] + "…")
                if len(text) > 30:
                    item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, (row.table, row.record_id))
                if row.colours is not None:
                    background, foreground = row.colours
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
            dialog = ArchiveDialog(self.store, table, record_id, self.window)
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
