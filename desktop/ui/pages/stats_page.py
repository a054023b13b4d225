"""统计汇总: every §4 figure of a period (optionally one unit, one campaign 专项工作 or one
campaign theme) beside the same period a year earlier, the records behind each figure, the
report paragraph and the PDF report.

Statistics, drill-down lists and the PDF are computed through desktop.ui.work, off the
GUI thread; the page only shows plain results.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import stats, summary
from desktop.queries import figures
from desktop.store.errors import UserError
from desktop.ui import file_dialogs
from desktop.ui.models.summary import (
    CHANGE,
    CURRENT,
    LABEL,
    PREVIOUS,
    TABLE_ROLE,
    UNIT,
    ComparisonModel,
    DrillDownModel,
)
from desktop.ui.period_picker import PeriodPicker
from desktop.ui.print_preview import (
    ChooseSavePath,
    PrintPreviewDialog,
    choose_save_path,
    safe_file_name,
)

if TYPE_CHECKING:
    from desktop.store.db import Store
    from desktop.ui.work import Job, Work

T = TypeVar("T")
# what a statistics run is asked for: period, unit, campaign, theme
Inputs = tuple[tuple[dt.date, dt.date] | None, int | None, int | None, str | None]


def _forget(items: list[T], item: T) -> None:
    if item in items:
        items.remove(item)


def choose_xlsx_path(parent: QWidget, suggested: str) -> str:
    return file_dialogs.save_file(parent, "导出 Excel", suggested, "Excel 工作簿 (*.xlsx)")


def _refill(box: QComboBox, everything: str, choices: Iterable[tuple[Any, str]]) -> None:
    """`everything` (no filter) and the choices, keeping the one chosen while still offered;
    each name is its own tooltip (a long campaign name shows whole)."""
    current = box.currentData()
    box.blockSignals(True)
    box.clear()
    box.addItem(everything, None)
    for data, text in choices:
        box.addItem(text, data)
        box.setItemData(box.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
    box.setCurrentIndex(max(box.findData(current), 0))
    box.blockSignals(False)


def _on_enter(view: QTableView, slot: Callable[[], None]) -> None:
    """Enter does what a double-click does (`activated` would also fire on the
    double-click itself, and on a single click under some desktop styles)."""
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        shortcut = QShortcut(QKeySequence(key), view)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(slot)


class DrillDownDialog(QDialog):
    """The records behind one figure; double-click (or Enter) opens a record."""

    def __init__(
        self,
        title: str,
        rows: list[summary.DrillRow],
        open_record: Callable[[str, int], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("drillDown")
        self.setWindowTitle(title)
        self.resize(900, 520)
        self.open_record = open_record
        self.model = DrillDownModel(rows, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Sortable by a header click; until then the figure's own order.
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.setColumnWidth(0, 96)
        self.view.setColumnWidth(2, 200)
        self.view.setColumnWidth(3, 170)
        self.view.doubleClicked.connect(self.open_index)
        _on_enter(self.view, lambda: self.open_index(self.view.currentIndex()))
        layout = QVBoxLayout(self)
        heading = QLabel(f"{title}　共 {len(rows)} 条，双击打开记录", self)
        heading.setObjectName("hint")
        layout.addWidget(heading)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def open_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        table = self.model.data(index, TABLE_ROLE)
        row = self.model.drill_row(index.row())
        if table and row is not None:
            self.open_record(str(table), row.record_id)


class StatsPage(QWidget):
    open_record = Signal(str, int)

    def __init__(
        self,
        store: Store,
        work: Work,
        parent: QWidget | None = None,
        *,
        choose_path: ChooseSavePath = choose_save_path,
        choose_xlsx: ChooseSavePath = choose_xlsx_path,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.work = work
        self.choose_path = choose_path
        self.choose_xlsx = choose_xlsx
        self.result: summary.Comparison | None = None
        self.computing = False
        self.generated = ""  # the paragraph as generated (to undo the clerk's edits)
        self.drill_dialogs: list[DrillDownDialog] = []
        self.previews: list[PrintPreviewDialog] = []
        self.setObjectName("page_stats")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        heading = QLabel("统计汇总")
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)

        bar = QHBoxLayout()
        self.period = PeriodPicker(store.today(), self)
        self.period.setMaximumWidth(640)
        self.unit = QComboBox()
        self.unit.setObjectName("statsUnit")
        self.unit.setMinimumContentsLength(12)
        self.run_button = QPushButton("统计")
        self.run_button.setObjectName("runStats")
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.compute)
        self.period.changed.connect(self._inputs_changed)
        self.period.combo.lineEdit().returnPressed.connect(self.compute)
        self.unit.currentIndexChanged.connect(lambda _i: self._inputs_changed())
        # 专项工作: the theme narrows the campaigns offered; either restricts every figure
        self.theme = QComboBox()
        self.theme.setObjectName("statsTheme")
        self.theme.setMinimumContentsLength(6)
        self.theme.setToolTip("只统计某一主题的专项工作（所有该主题的专项工作合计）")
        self.campaign = QComboBox()
        self.campaign.setObjectName("statsCampaign")
        # narrow on a small screen, wider where there is room (names run long)
        self.campaign.setMinimumContentsLength(12)
        self.campaign.setMaximumWidth(360)
        self.campaign.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.campaign.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.campaign.setToolTip(
            "只统计某项专项工作：与其关联的线索、监督检查、整改事项、活动、通报、文书，"
            "以及由它们产生的谈话、函询、处理、问责等"
        )
        self.theme.currentIndexChanged.connect(lambda _i: self._theme_changed())
        self.campaign.currentIndexChanged.connect(lambda _i: self._inputs_changed())
        period_label = QLabel("统计期间")
        bar.addWidget(period_label, 0, Qt.AlignmentFlag.AlignTop)
        bar.addWidget(self.period, 3)
        bar.addSpacing(8)
        filters = QGridLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.setVerticalSpacing(4)
        filters.addWidget(QLabel("单位"), 0, 0)
        filters.addWidget(self.unit, 0, 1, 1, 2)
        filters.addWidget(QLabel("专项工作"), 1, 0)
        filters.addWidget(self.theme, 1, 1)
        filters.addWidget(self.campaign, 1, 2)
        bar.addLayout(filters, 2)
        bar.addWidget(self.run_button, 0, Qt.AlignmentFlag.AlignTop)
        bar.addStretch(1)
        layout.addLayout(bar)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter = splitter
        self.model = ComparisonModel(self)
        self.table = QTableView()
        self.table.setObjectName("statsTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Stretch)
        for column, width in ((CURRENT, 130), (PREVIOUS, 130), (CHANGE, 130), (UNIT, 60)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self.drill)
        _on_enter(self.table, lambda: self.drill(self.table.currentIndex()))
        self.table.setToolTip("双击某项查看其对应的记录；双击“上年同期”一栏查看上年的记录")

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        caption = QLabel("工作报告段落（可直接修改，复制后粘贴到工作报告）")
        caption.setObjectName("hint")
        lower_layout.addWidget(caption)
        self.paragraph = QPlainTextEdit()
        self.paragraph.setObjectName("statsParagraph")
        self.paragraph.setPlaceholderText("点击“统计”后，这里给出可直接用于工作报告的段落。")
        lower_layout.addWidget(self.paragraph, 1)
        buttons = QHBoxLayout()
        self.copy_button = QPushButton("复制段落")
        self.copy_button.clicked.connect(self.copy_paragraph)
        self.reset_button = QPushButton("恢复生成的段落")
        self.reset_button.clicked.connect(self.reset_paragraph)
        self.preview_button = QPushButton("预览报告…")
        self.preview_button.clicked.connect(self.preview_pdf)
        self.export_button = QPushButton("导出 PDF 报告…")
        self.export_button.setObjectName("exportSummary")
        self.export_button.clicked.connect(self.export_pdf)
        self.excel_button = QPushButton("导出 Excel…")
        self.excel_button.setObjectName("exportSummaryExcel")
        self.excel_button.setToolTip("各项数字、段落和各单位整改进度导出为 Excel 工作簿")
        self.excel_button.clicked.connect(self.export_excel)
        self.status = QLabel()
        self.status.setObjectName("hint")
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.excel_button)
        lower_layout.addLayout(buttons)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([520, 200])
        layout.addWidget(splitter, 1)
        self.paragraph.textChanged.connect(self._update_buttons)
        self.reload_units()
        self.reload_campaigns()
        self._update_buttons()

    # -- inputs ------------------------------------------------------------------------

    def reload_units(self) -> None:
        _refill(self.unit, "全部单位", figures.unit_choices(self.store))

    def reload_campaigns(self) -> None:
        """The themes, and the campaigns of the theme chosen (every campaign under 全部主题)."""
        _refill(self.theme, "全部主题", [(t, t) for t in figures.theme_choices(self.store)])
        self._reload_campaign_list()

    def _reload_campaign_list(self) -> None:
        theme = self.theme.currentData()
        _refill(self.campaign, "全部专项工作", figures.campaign_choices(self.store, theme))
        # the list shows whole names, however narrow the box
        view = self.campaign.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth() + 8)

    def _theme_changed(self) -> None:
        self._reload_campaign_list()
        self._inputs_changed()

    def showEvent(self, event: QShowEvent) -> None:
        """Units and campaigns added elsewhere (a form, an import) are offered when the page
        comes back."""
        self.reload_units()
        self.reload_campaigns()
        super().showEvent(event)

    def _inputs_changed(self) -> None:
        self._update_buttons()
        if self.result is not None and self._shown_inputs() != self._inputs():
            self.status.setText("统计条件已更改，点击“统计”更新")

    def _inputs(self) -> Inputs:
        return (
            self.period.period(),
            self.unit.currentData(),
            self.campaign.currentData(),
            self.theme.currentData(),
        )

    def _shown_inputs(self) -> Inputs:
        if self.result is None:
            return None, None, None, None
        cur = self.result.current
        return (cur.start, cur.end), cur.unit_id, cur.campaign_id, cur.theme

    def _update_buttons(self) -> None:
        self.run_button.setEnabled(self.period.is_valid() and not self.computing)
        has = self.result is not None
        self.copy_button.setEnabled(bool(self.paragraph.toPlainText().strip()))
        self.reset_button.setEnabled(has and self.paragraph.toPlainText() != self.generated)
        self.preview_button.setEnabled(has)
        self.export_button.setEnabled(has)
        self.excel_button.setEnabled(has)

    # -- statistics --------------------------------------------------------------------

    def compute(self) -> None:
        period = self.period.period()
        if period is None:
            self.status.setText(self.period.error() or "请填写统计期间")
            return
        start, end = period
        _period, unit_id, campaign_id, theme = self._inputs()
        today = self.store.today()

        def work(store: Store, job: Job) -> summary.Comparison:
            return summary.compare(
                store, start, end, unit_id, today=today, campaign_id=campaign_id, theme=theme
            )

        self.computing = True
        self._update_buttons()
        self.status.setText("正在统计…")
        self.work.run(
            work,
            on_success=self.show_result,
            on_failure=self._failed,
            on_cancelled=self._cancelled,
            label="正在统计…",
        )

    def _failed(self, exc: BaseException) -> None:
        self.computing = False
        self._update_buttons()
        self.status.setText("")
        self.work.report_error(self, exc)

    def _cancelled(self) -> None:
        self.computing = False
        self._update_buttons()
        self.status.setText("已取消统计")

    def show_result(self, result: summary.Comparison) -> None:
        self.computing = False
        self.result = result
        self.model.set_comparison(result)
        self.generated = stats.summary_paragraph(result.current)
        self.paragraph.setPlainText(self.generated)
        cur = result.current
        scope = "".join(
            f"，{part}" for part in [cur.unit_name or "", *stats.filter_parts(cur)] if part
        )
        self.status.setText(f"已统计 {stats.period_label(cur.start, cur.end)}{scope}")
        self._update_buttons()

    # -- drill-down --------------------------------------------------------------------

    def drill(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        line = self.model.line(index.row())
        table, drill = self.model.drill_at(index.row(), index.column())
        if line is None:
            return
        if not table:
            self.status.setText(f"“{line.label}”是比率，请查看其分子、分母各项的明细")
            return
        assert self.result is not None
        stats_ = self.result.previous if index.column() == PREVIOUS else self.result.current
        when = stats.period_label(stats_.start, stats_.end)
        title = f"{line.label} — {when}"
        key = line.key
        if drill is None:
            self.status.setText(f"{title}：没有记录")
            return

        def load(store: Store, job: Job) -> list[summary.DrillRow]:
            # the records are read only now, when the clerk asks for them
            return summary.drill_down(store, table, drill.ids(store), key)

        self.work.run(
            load,
            on_success=lambda rows: self._show_drill(title, rows),
            label="正在读取明细…",
        )

    def _show_drill(self, title: str, rows: list[summary.DrillRow]) -> DrillDownDialog | None:
        if not rows:
            self.status.setText(f"{title}：没有记录")
            return None
        dialog = DrillDownDialog(title, rows, self.open_record.emit, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.drill_dialogs.append(dialog)
        dialog.destroyed.connect(lambda *_: _forget(self.drill_dialogs, dialog))
        dialog.show()
        return dialog

    # -- paragraph ---------------------------------------------------------------------

    def copy_paragraph(self) -> None:
        text = self.paragraph.toPlainText().strip()
        if not text:
            return
        QGuiApplication.clipboard().setText(text)
        self.status.setText("段落已复制，可粘贴到工作报告中")

    def reset_paragraph(self) -> None:
        self.paragraph.setPlainText(self.generated)
        self.status.setText("已恢复为生成的段落")

    # -- PDF report --------------------------------------------------------------------

    def _report_title(self) -> str:
        assert self.result is not None
        cur = self.result.current
        office = (self.store.setting("office_name") or "").strip()
        scope = cur.unit_name or ""
        # a campaign's name, or the theme's campaigns: in the preview's title and file name
        work = cur.campaign_name or (f"{cur.theme}专项工作" if cur.theme else "")
        return f"{office}{scope}{stats.period_label(cur.start, cur.end)}{work}统计汇总"

    def _render(self, excel: bool = False) -> Callable[[Store, Job], bytes]:
        """The report as PDF (or as an Excel workbook), with the clerk's wording."""
        comparison = self.result
        assert comparison is not None
        text = self.paragraph.toPlainText().strip()

        def render(store: Store, job: Job) -> bytes:
            # here, not at the top: reportlab and openpyxl load when a report is asked for
            from desktop.documents.summary import render_summary
            from desktop.documents.summary_workbook import render_workbook

            report = summary.report(store, comparison)
            if text:  # the clerk's wording, if edited, goes into the report
                report = dataclasses.replace(report, paragraph=text)
            job.check()
            return render_workbook(report) if excel else render_summary(report)

        return render

    def preview_pdf(self) -> None:
        if self.result is None:
            return
        title = self._report_title()
        self.work.run(
            self._render(),
            on_success=lambda pdf: self._show_preview(pdf, title),
            label="正在生成统计汇总报告…",
        )

    def _show_preview(self, pdf: bytes, title: str) -> PrintPreviewDialog | None:
        try:
            dialog = PrintPreviewDialog(pdf, title, self, choose_path=self.choose_path)
        except UserError as exc:
            self.work.report_error(self, exc)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.previews.append(dialog)
        dialog.destroyed.connect(lambda *_: _forget(self.previews, dialog))
        dialog.show()
        return dialog

    def export_pdf(self) -> None:
        self._export(".pdf", self.choose_path, "统计汇总报告")

    def export_excel(self) -> None:
        self._export(".xlsx", self.choose_xlsx, "统计汇总表")

    def _export(self, suffix: str, choose: ChooseSavePath, what: str) -> None:
        """Write the report to the file the clerk names, whole or not at all (.part)."""
        if self.result is None:
            return
        chosen = choose(self, f"{safe_file_name(self._report_title())}{suffix}")
        if not chosen:
            return
        target = Path(chosen)
        if target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
        render = self._render(excel=suffix == ".xlsx")

        def run(store: Store, job: Job) -> Path:
            data = render(store, job)
            job.check()
            part = target.with_name(target.name + ".part")
            try:
                part.write_bytes(data)
                part.replace(target)
            except OSError as exc:
                raise UserError(f"无法保存到“{target}”：{exc.strerror or exc}") from exc
            finally:
                part.unlink(missing_ok=True)
            return target

        self.work.run(
            run,
            on_success=lambda path: self.status.setText(f"{what}已保存到 {path}"),
            label=f"正在生成{what}…",
        )
