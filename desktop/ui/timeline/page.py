"""The 时间线 page and the embeddable timeline (toolbar + view)."""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.queries.timeline import EVENT_KINDS, STATUSES, EventFilter
from desktop.ui import file_dialogs
from desktop.ui.name_completer import attach_name_completer
from desktop.ui.timeline.flow import FlowLayout
from desktop.ui.timeline.view import (
    KIND_COLOURS,
    LANE_MODES,
    ZOOMS,
    TimelineView,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from desktop.store.db import Store
    from desktop.ui.work import Work


def ask_pdf_path(parent: QWidget, suggested: str) -> str | None:
    return file_dialogs.save_file(parent, "导出时间线", suggested, "PDF 文件 (*.pdf)") or None


EVERYONE = "全部人员（输入姓名筛选）"
ALL_CAMPAIGNS = "全部专项工作"
# what a deadline's colour says, beside its check box (the legend of the status colours)
DEADLINE_LEGEND = "整改时限为菱形：红色已逾期，黄色7日内到期，灰色已完成"


def swatch(kind: str) -> QIcon:
    """The kind's colour as a small square: the check boxes are the timeline's legend."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(KIND_COLOURS[kind])
    return QIcon(pixmap)


class TimelineWidget(QWidget):
    """Toolbar + timeline; pass person_id or unit_id to show one person's or unit's events."""

    open_record = Signal(str, int)

    def __init__(
        self,
        store: Store,
        person_id: int | None = None,
        unit_id: int | None = None,
        parent: QWidget | None = None,
        *,
        ask_path: Callable[[QWidget, str], str | None] = ask_pdf_path,
        work: Work | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.fixed_person = person_id
        self.fixed_unit = unit_id
        self.ask_path = ask_path
        self.view = TimelineView(store, self, work=work)
        self.view.open_record.connect(self.open_record)

        self.zoom_combo = QComboBox()
        for _key, label, _ppd in ZOOMS:
            self.zoom_combo.addItem(label)
        self.zoom_combo.setCurrentIndex(self.view.zoom)
        self.zoom_combo.setToolTip("缩放（Ctrl+滚轮、+/- 键）")
        self.zoom_combo.currentIndexChanged.connect(self.view.set_zoom)
        self.lane_combo = QComboBox()
        for key, label in LANE_MODES.items():
            if key == "person" and person_id is not None:
                continue  # one person: one lane
            self.lane_combo.addItem(label, key)
        self.lane_combo.currentIndexChanged.connect(
            lambda _i: self.view.set_lane_mode(str(self.lane_combo.currentData()))
        )
        self.unit_combo = QComboBox()
        self.person_combo = QComboBox()
        self.person_combo.setEditable(True)
        self.person_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # "zf" finds 张帆
        self.person_completer = attach_name_completer(self.person_combo, store, "persons")
        self._roomy_person_filter()
        self.status_combo = QComboBox()
        for key, label in STATUSES.items():
            self.status_combo.addItem(label, key)
        self.campaign_combo = QComboBox()
        self.campaign_combo.currentIndexChanged.connect(self._campaign_tip)
        self.campaign_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.campaign_combo.setMinimumContentsLength(16)
        self.range_check = QCheckBox("限定日期")
        self.since_edit = QDateEdit()
        self.until_edit = QDateEdit()
        today = self.view.today
        for edit, day in (
            (self.since_edit, today.replace(month=1, day=1)),
            (self.until_edit, today),
        ):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.setEnabled(False)
        self.today_button = QPushButton("今天")
        self.today_button.setToolTip("回到今天（Home 键）")
        self.today_button.clicked.connect(self.view.go_today)
        self.paper_combo = QComboBox()
        self.paper_combo.addItems(["A4", "A3"])
        self.export_button = QPushButton("导出PDF")
        self.export_button.clicked.connect(self.export)
        self.kind_checks: dict[str, QCheckBox] = {}
        self.range_label = QLabel()
        self.range_label.setObjectName("hint")

        top = QHBoxLayout()
        top.addWidget(QLabel("缩放"))
        top.addWidget(self.zoom_combo)
        top.addWidget(QLabel("分道"))
        top.addWidget(self.lane_combo)
        if unit_id is None and person_id is None:
            top.addWidget(QLabel("单位"))
            top.addWidget(self.unit_combo, 1)
        if person_id is None:
            top.addWidget(QLabel("人员"))
            top.addWidget(self.person_combo, 1)
        top.addWidget(QLabel("状态"))
        top.addWidget(self.status_combo)
        top.addWidget(self.range_check)
        top.addWidget(self.since_edit)
        top.addWidget(QLabel("至"))
        top.addWidget(self.until_edit)
        top.addStretch()
        top.addWidget(self.today_button)
        top.addWidget(self.paper_combo)
        top.addWidget(self.export_button)
        legend = QWidget()
        legend.setObjectName("timeline_kinds")
        flow = FlowLayout(legend)
        flow.addWidget(QLabel("事项"))
        for key, label in EVENT_KINDS.items():
            box = QCheckBox(label)
            box.setIcon(swatch(key))
            if key == "deadline":
                box.setToolTip(DEADLINE_LEGEND)
            box.setChecked(True)
            box.toggled.connect(self.apply_filter)
            self.kind_checks[key] = box
            flow.addWidget(box)
        kinds = QHBoxLayout()
        kinds.addWidget(legend, 1)
        kinds.addWidget(QLabel("专项工作"), 0, Qt.AlignmentFlag.AlignTop)
        kinds.addWidget(self.campaign_combo, 0, Qt.AlignmentFlag.AlignTop)
        kinds.addWidget(self.range_label, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(kinds)
        layout.addWidget(self.view, 1)

        self._choices_signature: object = None
        self.reload_choices()
        for combo in (self.unit_combo, self.person_combo, self.status_combo, self.campaign_combo):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.range_check.toggled.connect(self._range_toggled)
        self.since_edit.dateChanged.connect(self.apply_filter)
        self.until_edit.dateChanged.connect(self.apply_filter)
        self.view.range_changed.connect(self._show_range)
        self.view.range_changed.connect(self._sync_zoom)
        self.apply_filter()
        self._show_range(*self.view.visible_range())

    def _roomy_person_filter(self) -> None:
        """Wide enough for a name and its unit, and empty until a name is typed: 全部人员
        is the placeholder, not text the clerk's typing lands in the middle of."""
        combo = self.person_combo
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(14)
        combo.setMinimumWidth(220)
        line = combo.lineEdit()
        line.setPlaceholderText(EVERYONE)
        line.setClearButtonEnabled(True)

    def reload_choices(self) -> None:
        # thousands of people: refill the combos only when persons or units changed
        signature = self.view.source.choices_signature()
        if signature == self._choices_signature:
            return
        self._choices_signature = signature
        for combo, table, everyone in (
            (self.unit_combo, "units", "全部单位"),
            (self.person_combo, "persons", ""),  # placeholder EVERYONE
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            refilling = (
                self.person_completer.matched.refilling() if table == "persons" else nullcontext()
            )
            rows: dict[int, int] = {}
            with refilling:
                combo.clear()
                combo.addItem(everyone, None)
                within = self.fixed_unit if table == "persons" else None
                for rid, name in self.view.source.choices(table, unit_id=within):
                    rows.setdefault(rid, combo.count())
                    combo.addItem(name, rid)
            if table == "persons":
                self.person_completer.matched.know_rows(rows)
            index = combo.findData(current)
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)
        self._fill_campaigns()

    def _fill_campaigns(self) -> None:
        combo = self.campaign_combo
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(ALL_CAMPAIGNS, None)
        for rid, name in self.view.source.campaign_choices():
            combo.addItem(name, rid)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)
        self._campaign_tip()

    def _campaign_tip(self) -> None:
        """The whole name of the chosen 专项工作: a long one does not fit the box."""
        combo = self.campaign_combo
        chosen = combo.currentData() is not None
        combo.setToolTip(
            f"只显示属于“{combo.currentText()}”的事项" if chosen else "只显示属于所选专项工作的事项"
        )

    def _range_toggled(self, on: bool) -> None:
        self.since_edit.setEnabled(on)
        self.until_edit.setEnabled(on)
        self.apply_filter()
        if on:
            since = self.since_edit.date().toPython()
            assert isinstance(since, dt.date)
            self.view.center_on(since)

    def current_filter(self) -> EventFilter:
        unit = self.fixed_unit if self.fixed_unit is not None else self.unit_combo.currentData()
        person = (
            self.fixed_person if self.fixed_person is not None else self.person_combo.currentData()
        )
        since = until = None
        if self.range_check.isChecked():
            since = self.since_edit.date().toPython()
            until = self.until_edit.date().toPython()
        assert since is None or isinstance(since, dt.date)
        assert until is None or isinstance(until, dt.date)
        return EventFilter(
            kinds=frozenset(k for k, box in self.kind_checks.items() if box.isChecked()),
            unit_id=unit,
            person_id=person,
            status=str(self.status_combo.currentData() or ""),
            since=since,
            until=until,
            campaign_id=self.campaign_combo.currentData(),
        )

    def apply_filter(self) -> None:
        self.view.set_filter(self.current_filter())

    def reload(self) -> None:
        """Query again, keeping the place and zoom: records were saved or deleted."""
        self.reload_choices()
        self.view.today = self.store.today()
        self.view.filter = self.current_filter()  # a chosen person may have gone
        self.view.reload()

    def _show_range(self, first: dt.date, last: dt.date) -> None:
        self.range_label.setText(f"显示 {first.isoformat()} 至 {last.isoformat()}")

    def _sync_zoom(self, *_args: object) -> None:
        if self.zoom_combo.currentIndex() != self.view.zoom:
            self.zoom_combo.blockSignals(True)
            self.zoom_combo.setCurrentIndex(self.view.zoom)
            self.zoom_combo.blockSignals(False)

    def export(self) -> Path | None:
        first, last = self.view.visible_range()
        path = self.ask_path(self, f"时间线_{first.isoformat()}_{last.isoformat()}.pdf")
        if not path:
            return None
        self.view.export_pdf(path, self.paper_combo.currentText())
        return Path(path)


class TimelinePage(QWidget):
    """The 时间线 page of the main window."""

    open_record = Signal(str, int)

    def __init__(
        self, store: Store, work: Work | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        title = QLabel("时间线")
        title.setObjectName("pageTitle")
        hint = QLabel("拖动或方向键滚动，Ctrl+滚轮或 +/- 缩放，Home 回到今天；单击事项打开记录")
        hint.setObjectName("hint")
        self.timeline = TimelineWidget(store, parent=self, work=work)
        self.timeline.open_record.connect(self.open_record)
        self.view = self.timeline.view
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch()
        head.addWidget(hint)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.timeline, 1)
        self._shown = False

    def refresh(self) -> None:
        """Records were saved or deleted: show them now if on screen, else when shown."""
        if self.isVisible():
            self.timeline.reload()

    def showEvent(self, event: QShowEvent) -> None:
        # records may have changed while another page was showing
        if self._shown:
            self.timeline.reload()
        self._shown = True
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        super().showEvent(event)
