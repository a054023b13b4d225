"""设置 → 审计日志: browse and filter the audit trail, see each change field by field,
verify the hash chain (the first broken entry is shown), export what is filtered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import audit_view
from desktop.domain.audit_view import AuditFilter
from desktop.domain.dates import parse_date
from desktop.queries import audit as audit_queries
from desktop.store import audit
from desktop.store.kinds import KINDS, TOP_LEVEL
from desktop.ui import file_dialogs
from desktop.ui.models.audit import AuditModel
from desktop.ui.security import ERROR_STYLE, OK_STYLE

if TYPE_CHECKING:
    from desktop.store.db import Store
    from desktop.ui.work import Work

ChooseExport = Callable[[QWidget, str], str]  # "" when cancelled


def choose_export(parent: QWidget, suggested: str) -> str:
    return file_dialogs.save_file(
        parent, "导出操作日志", suggested, "Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)"
    )


def _tables() -> list[str]:
    shown = [*TOP_LEVEL]
    shown += [t for t in KINDS if t not in shown]
    return shown + [t for t in audit_view.OTHER_TABLES if t not in shown]


class AuditPage(QWidget):
    def __init__(
        self,
        store: Store,
        work: Work,
        parent: QWidget | None = None,
        *,
        choose_path: ChooseExport = choose_export,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.work = work
        self.choose_path = choose_path
        self.setObjectName("page_audit")
        self.model = AuditModel(store, self)
        layout = QVBoxLayout(self)

        bar = QHBoxLayout()
        self.table_combo = QComboBox()
        self.table_combo.setObjectName("audit_table")
        self.table_combo.addItem("全部记录类型", None)
        for table in _tables():
            self.table_combo.addItem(audit_view.table_label(table), table)
        self.record = QLineEdit()
        self.record.setObjectName("audit_record")
        self.record.setPlaceholderText("记录编号")
        self.record.setMaximumWidth(90)
        self.operator = QComboBox()
        self.operator.setObjectName("audit_operator")
        self.date_from = QLineEdit()
        self.date_from.setObjectName("audit_from")
        self.date_from.setPlaceholderText("起始日期")
        self.date_from.setMaximumWidth(110)
        self.date_to = QLineEdit()
        self.date_to.setObjectName("audit_to")
        self.date_to.setPlaceholderText("截止日期")
        self.date_to.setMaximumWidth(110)
        for label, w in (
            ("记录：", self.table_combo),
            ("", self.record),
            ("操作人：", self.operator),
            ("日期：", self.date_from),
            ("至", self.date_to),
        ):
            if label:
                bar.addWidget(QLabel(label))
            bar.addWidget(w)
        self.apply_button = QPushButton("查询")
        self.apply_button.setObjectName("audit_apply")
        self.apply_button.clicked.connect(self.apply_filters)
        self.clear_button = QPushButton("清除条件")
        self.clear_button.clicked.connect(self.clear_filters)
        bar.addWidget(self.apply_button)
        bar.addWidget(self.clear_button)
        bar.addStretch(1)
        self.verify_button = QPushButton("校验完整性")
        self.verify_button.setObjectName("audit_verify")
        self.verify_button.setToolTip("逐条核对操作日志的校验链，发现被改动或删除的条目")
        self.verify_button.clicked.connect(self.verify)
        self.export_button = QPushButton("导出…")
        self.export_button.setObjectName("audit_export")
        self.export_button.setToolTip("将当前筛选出的日志导出为 Excel 或 CSV")
        self.export_button.clicked.connect(lambda: self.export())
        bar.addWidget(self.verify_button)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)
        for edit in (self.record, self.date_from, self.date_to):
            edit.returnPressed.connect(self.apply_filters)

        self.message = QLabel()
        self.message.setObjectName("audit_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        self.view = QTableView()
        self.view.setObjectName("audit_view")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(AuditModel.ID, Qt.SortOrder.DescendingOrder)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        for i, column in enumerate(self.model.columns):
            self.view.setColumnWidth(i, column.width)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _p: self.show_entry())

        self.details = QTableWidget(0, 3)
        self.details.setObjectName("audit_details")
        self.details.setHorizontalHeaderLabels(["字段", "修改前", "修改后"])
        self.details.verticalHeader().setVisible(False)
        self.details.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.details.setWordWrap(True)
        self.details.setColumnWidth(0, 160)
        self.details.setColumnWidth(1, 320)
        self.details.horizontalHeader().setStretchLastSection(True)
        self.detail_title = QLabel("选中一条日志，这里显示修改前后的内容")
        self.detail_title.setObjectName("audit_detail_title")
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.detail_title)
        lower_layout.addWidget(self.details, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.reload_operators()
        self._count()

    # -- filters --------------------------------------------------------------------

    def reload_operators(self) -> None:
        current = self.operator.currentData()
        self.operator.clear()
        self.operator.addItem("全部", "")
        for name in audit_queries.operators(self.store):
            self.operator.addItem(name, name)
        index = self.operator.findData(current) if current else 0
        self.operator.setCurrentIndex(max(index, 0))

    def _error(self, text: str) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)

    def _date(self, edit: QLineEdit, label: str) -> dt.date | None:
        text = edit.text().strip()
        if not text:
            return None
        try:
            day = parse_date(text)
        except ValueError as exc:
            raise ValueError(f"{label}：{exc}") from None
        edit.setText(day.isoformat())
        return day

    def read_filter(self) -> AuditFilter:
        """The filter bar as an AuditFilter; ValueError naming the field when one is bad."""
        record_text = self.record.text().strip()
        record_id: int | None = None
        if record_text:
            if not record_text.isdigit():
                raise ValueError(f"记录编号：“{record_text}”应为数字")
            record_id = int(record_text)
        start = self._date(self.date_from, "起始日期")
        end = self._date(self.date_to, "截止日期")
        if start and end and start > end:
            raise ValueError("截止日期：不能早于起始日期")
        table = self.table_combo.currentData()
        return AuditFilter(
            table=str(table) if table else None,
            record_id=record_id,
            operator=str(self.operator.currentData() or ""),
            date_from=start,
            date_to=end,
        )

    def apply_filters(self) -> bool:
        try:
            f = self.read_filter()
        except ValueError as exc:
            self._error(str(exc))
            return False
        self.model.set_audit_filter(f)
        self._count()
        return True

    def clear_filters(self) -> None:
        self.table_combo.setCurrentIndex(0)
        self.record.clear()
        self.operator.setCurrentIndex(0)
        self.date_from.clear()
        self.date_to.clear()
        self.apply_filters()

    def show_record(self, table: str, record_id: int) -> None:
        """The history of one record (from elsewhere in the program)."""
        self.clear_filters()
        self.table_combo.setCurrentIndex(max(self.table_combo.findData(table), 0))
        self.record.setText(str(record_id))
        self.apply_filters()

    def _count(self) -> None:
        self.message.setStyleSheet("")
        self.message.setText(
            f"共 {self.model.rowCount()} 条（{self.model.audit_filter.describe()}）"
        )
        self.details.setRowCount(0)

    def showEvent(self, event: QShowEvent) -> None:
        """Entries written since the page was last shown appear when it is shown again."""
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        self.reload_operators()
        self.model.refresh()
        self._count()

    # -- one entry ------------------------------------------------------------------

    def show_entry(self) -> None:
        index = self.view.currentIndex()
        self.details.setRowCount(0)
        if not index.isValid():
            return
        row = self.model.row(index.row())
        if row is None:
            return
        found = self.model.changes(index.row())
        what = audit_view.table_label(row["table_name"])
        number = f" 编号 {row['record_id']}" if row["record_id"] is not None else ""
        self.detail_title.setText(
            f"第 {row['id']} 号日志：{row['at']}，{row['operator']} "
            f"{audit_view.action_label(row['action'])}：{what}{number}"
            + ("" if found else "（无字段变化）")
        )
        self.details.setRowCount(len(found))
        for i, change in enumerate(found):
            for j, text in enumerate((change.label, change.before, change.after)):
                self.details.setItem(i, j, QTableWidgetItem(text))
        self.details.resizeRowsToContents()

    def select_entry(self, entry_id: int) -> bool:
        """Scroll to and select an entry (after clearing the filters)."""
        self.model.sort(AuditModel.ID, Qt.SortOrder.DescendingOrder)
        self.view.horizontalHeader().setSortIndicator(AuditModel.ID, Qt.SortOrder.DescendingOrder)
        row = self.model.row_of_entry(entry_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    # -- checking and exporting -----------------------------------------------------

    def verify(self) -> None:
        self.verify_button.setEnabled(False)

        def run(store: Store, _job: object) -> audit.ChainReport:
            return audit.verify_chain(store)

        self.work.run(
            run,
            on_success=self.show_report,
            on_failure=self._failed,
            label="正在校验操作日志…",
        )

    def _failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self.export_button.setEnabled(True)
        self.work.report_error(self, exc)

    def show_report(self, report: audit.ChainReport) -> None:
        self.verify_button.setEnabled(True)
        self.model.broken_id = report.first_broken
        if report.ok:
            self.model.refresh()
            self.message.setStyleSheet(OK_STYLE)
            self.message.setText(
                f"校验通过：共 {report.entries} 条操作日志，校验链完整，未被改动。"
            )
            return
        assert report.first_broken is not None
        self.clear_filters()
        self.select_entry(report.first_broken)
        self._error(
            f"校验未通过：第 {report.first_broken} 号日志与校验链不符——该条或它之前的一条"
            "被改动、删除或插入过。从该条起的日志以红色标出，请保留现状并报告。"
        )

    def export(self, path: str | None = None) -> bool:
        try:
            f = self.read_filter()
        except ValueError as exc:
            self._error(str(exc))
            return False
        if path is None:
            suggested = str(Path.home() / f"操作日志-{self.store.today().isoformat()}.xlsx")
            path = self.choose_path(self, suggested)
        if not path:
            return False
        target = Path(path)
        if target.suffix.lower() not in (".xlsx", ".csv"):
            target = target.with_suffix(".xlsx")
        self.export_button.setEnabled(False)

        def run(store: Store, job: object) -> int:
            from desktop.ui.work import Job

            assert isinstance(job, Job)
            return audit_view.export(
                store,
                f,
                target,
                progress=lambda done, total: job.report(done, total, "正在导出操作日志…"),
                cancelled=lambda: job.cancelled,
            )

        def done(count: int) -> None:
            self.export_button.setEnabled(True)
            self.message.setStyleSheet(OK_STYLE)
            self.message.setText(f"已导出 {count} 条操作日志（举报人信息已隐去）→ {target}")

        self.work.run(
            run,
            on_success=done,
            on_failure=self._failed,
            on_cancelled=lambda: self.export_button.setEnabled(True),
            label="正在导出操作日志…",
        )
        return True
