"""导出台账 and 导入台账: Excel ledgers from and into the store, from the main window.

Export: the clerk picks the ledger, the period and whether reporters are shown (masked
unless chosen; showing them is written to the audit trail by ledger_io.export), then a
file; the workbook is written in the background with progress and 取消 (a cancelled
export leaves no file: the writer saves to a side file and renames it at the end).

Import: the clerk picks a workbook; the plan (ledger_import.plan_import) shows how the
columns were matched, the values not in a dictionary, likely duplicates and the rows
that cannot be imported with the reason. Column and value mappings can be changed and
checked again; 导入 writes the accepted rows in one transaction in the background, and
the rejected rows can be saved as a workbook to fix and import again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.documents.ledgers import Cancelled as WriterCancelled
from desktop.domain import ledger_import, ledger_io
from desktop.store import dictionaries
from desktop.store.errors import UserError
from desktop.ui import file_dialogs
from desktop.ui.dialogs import Confirm, ask
from desktop.ui.models.ledgers import RejectedRowsModel, shown_value
from desktop.ui.period_picker import PeriodPicker
from desktop.ui.work import Cancelled

if TYPE_CHECKING:
    from desktop.store.db import Store
    from desktop.ui.work import Job, Work

ChooseSave = Callable[[QWidget, str], str]  # (parent, suggested name) → path, "" if cancelled
ChooseOpen = Callable[[QWidget], str]  # parent → path, "" if cancelled

KIND_OF_TABLE = {
    "clues": ledger_io.CLUES,
    "talks": ledger_io.TALKS,
    "rectifications": ledger_io.RECTS,
    "documents": ledger_io.DOCUMENTS,
    "persons": ledger_io.PERSONS,
    "inspections": ledger_io.INSPECTIONS,
    "activities": ledger_io.ACTIVITIES,
    "campaigns": ledger_io.CAMPAIGNS,
    "accountabilities": ledger_io.ACCOUNTABILITIES,
    "bulletins": ledger_io.BULLETINS,
}
IMPORTABLE = tuple(ledger_io.LEDGERS)
NEVER_TWICE_TIP = "文号已登记的文书不会重复登记"
NOT_IMPORTED = "（不导入）"
LEAVE_EMPTY = "（留空）"
CHOOSE = "请选择…"


def choose_xlsx_to_save(parent: QWidget, suggested: str) -> str:
    return file_dialogs.save_file(parent, "保存为 Excel", suggested, "Excel 工作簿 (*.xlsx)")


def choose_xlsx_to_open(parent: QWidget) -> str:
    return file_dialogs.open_file(parent, "选择要导入的台账", "Excel 工作簿 (*.xlsx);;所有文件 (*)")


def xlsx_path(text: str) -> Path:
    path = Path(text)
    return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")


def _progress(job: Job, text: str) -> Callable[[int, int], None]:
    return lambda done, total: job.report(done, total, text)


# -- export ------------------------------------------------------------------------------


class LedgerExportDialog(QDialog):
    """Which ledger, which period, reporters shown or not; 导出… asks for the file."""

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        *,
        kind: str = ledger_io.CLUES,
        choose_path: ChooseSave = choose_xlsx_to_save,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ledgerExport")
        self.setWindowTitle("导出台账")
        self.store = store
        self.choose_path = choose_path
        self.path: Path | None = None
        form = QFormLayout()
        self.kind = QComboBox(self)
        for name, title in ledger_io.TITLES.items():
            self.kind.addItem(title, name)
        self.kind.setCurrentIndex(max(self.kind.findData(kind), 0))
        self.period = PeriodPicker(store.today(), self, allow_all=True)
        self.reveal = QCheckBox("显示举报人姓名和联系方式", self)
        self.reveal.setToolTip("默认隐去（如 张*、138****5678）；选择显示将记入审计日志")
        self.reveal_note = QLabel(
            "默认隐去举报人信息。选择显示的，每条线索都会记入审计日志。", self
        )
        self.reveal_note.setObjectName("hint")
        self.reveal_note.setWordWrap(True)
        form.addRow("台账种类", self.kind)
        form.addRow("统计期间", self.period)
        form.addRow("举报人信息", self.reveal)
        form.addRow("", self.reveal_note)
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton("导出…", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.export_button.clicked.connect(self._choose)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(lambda _i: self._update())
        self.period.changed.connect(self._update)
        self.resize(620, 0)
        self._update()

    def ledger(self) -> ledger_io.Ledger:
        return ledger_io.ledger(str(self.kind.currentData()))

    def _update(self) -> None:
        spec = self.ledger()
        dated = spec.date_field is not None
        self.period.setEnabled(dated)
        clues = spec.name == ledger_io.CLUES
        self.reveal.setEnabled(clues)
        if not clues:
            self.reveal.setChecked(False)
        self.reveal_note.setVisible(clues)
        self.export_button.setEnabled(not dated or self.period.is_valid())

    def suggested_name(self) -> str:
        spec = self.ledger()
        label = self.period.label() if spec.date_field and not self.period.is_all() else ""
        return f"{spec.title}{label}.xlsx"

    def _choose(self) -> None:
        chosen = self.choose_path(self, self.suggested_name())
        if not chosen:
            return
        self.path = xlsx_path(chosen)
        self.accept()


def export_ledger(
    work: Work,
    store: Store,
    parent: QWidget,
    *,
    kind: str = ledger_io.CLUES,
    choose_path: ChooseSave = choose_xlsx_to_save,
    notify: Callable[[str], None] = lambda _text: None,
) -> LedgerExportDialog:
    """Show the export dialog; on 导出 the workbook is written in the background."""
    dialog = LedgerExportDialog(store, parent, kind=kind, choose_path=choose_path)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def start() -> None:
        path = dialog.path
        if path is None:
            return
        spec = dialog.ledger()
        period = dialog.period.period() if spec.date_field else None
        start_, end = period if period else (None, None)
        reveal = dialog.reveal.isChecked()
        written: dict[str, int] = {}

        def run(store: Store, job: Job) -> int:
            try:
                count = ledger_io.export(
                    store,
                    spec.name,
                    path,
                    start_,
                    end,
                    reveal=reveal,
                    progress=_progress(job, f"正在导出{spec.title}…"),
                    cancelled=lambda: job.cancelled,
                )
            except WriterCancelled:
                raise Cancelled from None
            written["rows"] = count
            return count

        def done(count: int) -> None:
            masked = "（举报人信息已隐去）" if spec.name == ledger_io.CLUES and not reveal else ""
            notify(f"已导出{spec.title} {count} 行{masked}：{path}")

        def cancelled() -> None:
            if "rows" in written:  # 取消 came after the file was complete
                done(written["rows"])
            else:
                notify("已取消导出，未生成文件")

        work.run(run, on_success=done, on_cancelled=cancelled, label=f"正在导出{spec.title}…")

    dialog.accepted.connect(start)
    dialog.open()
    return dialog


# -- import ------------------------------------------------------------------------------


class LedgerImportDialog(QDialog):
    """Pick a workbook, review and adjust the plan, import, save the rejected rows."""

    imported = Signal(dict)

    def __init__(
        self,
        store: Store,
        work: Work,
        parent: QWidget | None = None,
        *,
        kind: str | None = None,
        choose_file: ChooseOpen = choose_xlsx_to_open,
        choose_path: ChooseSave = choose_xlsx_to_save,
        confirm: Confirm = ask,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ledgerImport")
        self.setWindowTitle("导入台账")
        self.store = store
        self.work = work
        self.choose_file = choose_file
        self.choose_path = choose_path
        self.confirm = confirm
        self.plan: ledger_import.ImportPlan | None = None
        self.result: dict[str, int] | None = None
        self.busy = False
        self.dirty = False  # mappings changed since the plan was made
        self.mapping_boxes: dict[int, QComboBox] = {}
        self.value_boxes: dict[tuple[str, str], QComboBox] = {}
        self.value_rows: dict[tuple[str, str], ledger_import.Unknown] = {}
        self.role_boxes: dict[str, QComboBox] = {}  # talker as written -> role chosen
        self.resize(1000, 700)

        top = QGridLayout()
        self.file = QLineEdit(self)
        self.file.setReadOnly(True)
        self.file.setPlaceholderText("选择 Excel 台账（.xlsx）")
        browse = QPushButton("选择文件…", self)
        browse.clicked.connect(self.browse)
        self.kind = QComboBox(self)
        for name in IMPORTABLE:
            self.kind.addItem(ledger_io.TITLES[name], name)
        if kind in IMPORTABLE:
            self.kind.setCurrentIndex(self.kind.findData(kind))
        self.kind.currentIndexChanged.connect(lambda _i: self.check())
        top.addWidget(QLabel("文件", self), 0, 0)
        top.addWidget(self.file, 0, 1)
        top.addWidget(browse, 0, 2)
        top.addWidget(QLabel("台账种类", self), 1, 0)
        top.addWidget(self.kind, 1, 1)
        top.setColumnStretch(1, 1)
        self.summary = QLabel("请选择要导入的 Excel 台账。", self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.tabs = QTabWidget(self)
        self.columns_page = QWidget()
        self.columns_grid = QGridLayout(self.columns_page)
        self.values_page = QWidget()
        self.values_grid = QGridLayout(self.values_page)
        self.tabs.addTab(_scrolled(self.columns_page), "列对应")
        self.tabs.addTab(_scrolled(self.values_page), "字典对应")
        dup_page = QWidget()
        dup_layout = QVBoxLayout(dup_page)
        split = QSplitter(Qt.Orientation.Vertical, dup_page)
        self.duplicates = QListWidget(split)
        self.duplicates.setToolTip("勾选的行导入；取消勾选则不导入该行")
        self.duplicates.currentRowChanged.connect(self._show_duplicate)
        self.duplicate_pair = QTableWidget(0, 3, split)
        self.duplicate_pair.setObjectName("duplicatePair")
        self.duplicate_pair.setHorizontalHeaderLabels(["列", "本行", "对照"])
        self.duplicate_pair.verticalHeader().setVisible(False)
        self.duplicate_pair.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        pair_header = self.duplicate_pair.horizontalHeader()
        pair_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        pair_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.include_duplicates = QCheckBox("勾选的疑似重复行照常导入（默认全部导入）", dup_page)
        self.include_duplicates.setChecked(True)
        dup_layout.addWidget(
            QLabel("同一人（无人员时同一单位）、同一问题、同一日期，或台账标注为重件。", dup_page)
        )
        dup_layout.addWidget(split, 1)
        dup_layout.addWidget(self.include_duplicates)
        self.tabs.addTab(dup_page, "疑似重复")
        rejected_page = QWidget()
        rejected_layout = QVBoxLayout(rejected_page)
        self.rejected_model = RejectedRowsModel(self)
        self.rejected_view = QTableView(rejected_page)
        self.rejected_view.setModel(self.rejected_model)
        self.rejected_view.verticalHeader().setVisible(False)
        self.rejected_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rejected_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rejected_view.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch
        )
        self.rejected_view.setColumnWidth(0, 70)
        self.rejected_view.setColumnWidth(1, 130)
        self.rejected_view.setColumnWidth(2, 200)
        self.save_rejected_button = QPushButton("另存不能导入的行…", rejected_page)
        self.save_rejected_button.clicked.connect(self.save_rejected)
        rejected_layout.addWidget(self.rejected_view, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel("另存为 Excel 后可在表格中修改，再次导入。", rejected_page))
        row.addStretch(1)
        row.addWidget(self.save_rejected_button)
        rejected_layout.addLayout(row)
        self.tabs.addTab(rejected_page, "不能导入的行")
        self.notes = QListWidget(self)
        self.tabs.addTab(self.notes, "提示")
        roles_page = QWidget()
        roles_layout = QVBoxLayout(roles_page)
        self.role_counts = QLabel(roles_page)
        self.role_counts.setObjectName("roleCounts")
        self.role_counts.setWordWrap(True)
        self.roles = QTableWidget(0, 4, roles_page)
        self.roles.setObjectName("talkerRoles")
        self.roles.setHorizontalHeaderLabels(["表格中的谈话人", "姓名", "行数", "谈话人身份"])
        self.roles.verticalHeader().setVisible(False)
        self.roles.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.roles.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        roles_layout.addWidget(self.role_counts)
        roles_layout.addWidget(self.roles, 1)
        self.tabs.addTab(roles_page, "谈话人身份")
        self.splits = QTableWidget(0, 4, self)
        self.splits.setObjectName("unitPosts")
        self.splits.setHorizontalHeaderLabels(["表格中的单位及职务", "行数", "单位", "职务"])
        self.splits.verticalHeader().setVisible(False)
        self.splits.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.splits.itemChanged.connect(self._split_edited)
        self.tabs.addTab(self.splits, "单位及职务")
        self.groups = QListWidget(self)
        self.groups.setObjectName("inspectionGroups")
        self.groups.setToolTip("这些行将归并为以下各项记录（监督检查台账每行一个问题）")
        self.tabs.addTab(self.groups, "归并")
        self.tabs.setTabVisible(7, False)

        self.recheck_button = QPushButton("重新检查", self)
        self.recheck_button.setToolTip("按修改后的列对应和字典对应重新检查")
        self.recheck_button.clicked.connect(self.check)
        self.import_button = QPushButton("导入", self)
        self.import_button.setObjectName("applyImport")
        self.import_button.clicked.connect(self.apply)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.recheck_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    # -- file and plan -------------------------------------------------------------------

    def browse(self) -> None:
        chosen = self.choose_file(self)
        if chosen:
            self.set_file(chosen)

    def set_file(self, path: str | Path) -> None:
        """Take a workbook: guess its ledger kind, then check it."""
        self.file.setText(str(path))
        self.value_rows.clear()
        self.result = None
        try:
            guessed = ledger_import.guess_kind(path)
        except UserError:  # check() reports what is wrong with the file
            guessed = None
        if guessed is not None and guessed != self.kind.currentData():
            self.kind.blockSignals(True)
            self.kind.setCurrentIndex(self.kind.findData(guessed))
            self.kind.blockSignals(False)
        self.check(fresh=True)

    def _overrides(self) -> tuple[dict[str, str | None], dict[tuple[str, str], str]]:
        mapping: dict[str, str | None] = {}
        if self.plan is not None:
            for i, box in self.mapping_boxes.items():
                header = self.plan.headers[i]
                if header:
                    mapping[header] = box.currentData()
        values: dict[tuple[str, str], str] = {}
        for key, box in self.value_boxes.items():
            data = box.currentData()
            if data is not None:
                values[key] = str(data)
        return mapping, values

    def _reviewed(
        self,
    ) -> tuple[dict[str, str], dict[str, tuple[str | None, str | None]]]:
        """The talker roles and unit/post splits as the clerk left them."""
        roles = {text: str(box.currentData()) for text, box in self.role_boxes.items()}
        splits: dict[str, tuple[str | None, str | None]] = {}
        for r in range(self.splits.rowCount()):
            cells = [self.splits.item(r, c) for c in (0, 2, 3)]
            if all(cells):
                text, unit, post = (c.text().strip() if c else "" for c in cells)
                splits[text] = (unit or None, post or None)
        return roles, splits

    def check(self, *, fresh: bool = False) -> None:
        """(Re)make the plan in the background with the current mappings."""
        text = self.file.text()
        if not text or self.busy:
            return
        kind = str(self.kind.currentData())
        same_kind = self.plan is not None and self.plan.ledger.name == kind
        mapping, values = self._overrides() if (same_kind and not fresh) else ({}, {})
        roles, splits = self._reviewed() if (same_kind and not fresh) else ({}, {})
        if not same_kind or fresh:
            self.value_rows.clear()
        path = Path(text)

        def run(store: Store, job: Job) -> ledger_import.ImportPlan:
            try:
                return ledger_import.plan_import(
                    store,
                    path,
                    kind,
                    mapping_overrides=mapping or None,
                    value_overrides=values or None,
                    role_overrides=roles or None,
                    split_overrides=splits or None,
                    progress=_progress(job, "正在检查表格…"),
                    cancelled=lambda: job.cancelled,
                )
            except WriterCancelled:
                raise Cancelled from None

        self._start()
        self.summary.setText("正在检查表格…")
        self.work.run(
            run,
            on_success=self.show_plan,
            on_failure=self._failed,
            on_cancelled=lambda: self._stopped("已取消检查。"),
            label="正在检查表格…",
        )

    def _start(self) -> None:
        self.busy = True
        self._update_buttons()

    def _stopped(self, text: str) -> None:
        self.busy = False
        self.summary.setText(text)
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.plan = None
        self._clear_plan()
        self.summary.setText(f"不能导入：{exc}")
        self._update_buttons()
        self.work.report_error(self, exc)

    def show_plan(self, plan: ledger_import.ImportPlan) -> None:
        self.busy = False
        self.dirty = False
        self.plan = plan
        for u in plan.unknown:
            self.value_rows.setdefault((u.dictionary, u.text), u)
        self._fill_columns(plan)
        self._fill_values(plan)
        self.duplicates.clear()
        for d in plan.duplicates:
            item = QListWidgetItem(f"第{d.row}行：{d.description}")
            item.setData(Qt.ItemDataRole.UserRole, d.row)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.duplicates.addItem(item)
        if plan.duplicates:
            self.duplicates.setCurrentRow(0)
        self._fill_roles(plan)
        self._fill_splits(plan)
        self.rejected_model.set_problems(p for ps in plan.rejected.values() for p in ps)
        self.notes.clear()
        if plan.unmatched:
            self.notes.addItem(f"未识别的列（不导入）：{'、'.join(plan.unmatched)}")
        for w in plan.warnings:
            self.notes.addItem(w)
        pending = sum(1 for u in plan.unknown)
        self.tabs.setTabText(1, f"字典对应（{pending}）" if pending else "字典对应")
        self.tabs.setTabText(2, f"疑似重复（{len(plan.duplicates)}）")
        self.tabs.setTabText(3, f"不能导入的行（{len(plan.rejected)}）")
        self.tabs.setTabText(4, f"提示（{self.notes.count()}）")
        role_rows = sum(len(r.rows) for r in plan.roles.values())
        split_rows = sum(len(r.rows) for r in plan.splits.values())
        self.tabs.setTabText(5, f"谈话人身份（{len(plan.roles)}种，{role_rows}行）")
        self.tabs.setTabText(6, f"单位及职务（{len(plan.splits)}种，{split_rows}行）")
        self.tabs.setTabVisible(5, bool(plan.roles))
        self.tabs.setTabVisible(6, bool(plan.splits))
        self.groups.clear()
        grouping = ledger_import.GROUPED.get(plan.ledger.name)
        if plan.group_of and grouping is not None:
            self.groups.addItems(plan.group_lines())
            count = f"{len(plan.groups())}{grouping.measure}"
            self.tabs.setTabText(7, f"归并为{grouping.record}（{count}）")
        self.tabs.setTabVisible(7, bool(plan.group_of))
        lines = plan.summary().splitlines()
        first = lines[1] if plan.missing else lines[0]
        head = f"{plan.missing_text()}\n" if plan.missing else ""
        skipped = f"跳过表尾、合计、说明等 {len(plan.skipped)} 行。" if plan.skipped else ""
        self.summary.setText(
            f"{head}工作表“{plan.sheet}”，表头在第{plan.header_row}行。{first}{skipped}"
        )
        if pending:
            self.tabs.setCurrentIndex(1)
        elif plan.roles:
            self.tabs.setCurrentIndex(5)
        elif plan.splits:
            self.tabs.setCurrentIndex(6)
        elif plan.group_of:
            self.tabs.setCurrentIndex(7)
        self._update_buttons()

    def _clear_plan(self) -> None:
        for grid in (self.columns_grid, self.values_grid):
            self._clear_grid(grid)
        self.mapping_boxes.clear()
        self.value_boxes.clear()
        self.duplicates.clear()
        self.duplicate_pair.setRowCount(0)
        self.roles.setRowCount(0)
        self.role_boxes.clear()
        self.splits.setRowCount(0)
        self.groups.clear()
        self.notes.clear()
        self.rejected_model.set_problems([])

    def _fill_roles(self, plan: ledger_import.ImportPlan) -> None:
        """Each talker as written, the name read from it and the role inferred from the
        post, which the clerk may change before anything is written."""
        self.roles.setRowCount(0)
        self.role_boxes.clear()
        labels = dictionaries.labels(self.store, "talker_role")
        for r, review in enumerate(plan.roles.values()):
            name, role = plan.role_of(review)
            self.roles.insertRow(r)
            self.roles.setItem(r, 0, QTableWidgetItem(review.text))
            self.roles.setItem(r, 1, QTableWidgetItem(name or ""))
            self.roles.setItem(r, 2, QTableWidgetItem(f"{len(review.rows)} 行"))
            box = QComboBox()
            if role is None:
                box.addItem(CHOOSE, None)
            for label in labels:
                box.addItem(label, label)
            box.setCurrentIndex(max(box.findData(role), 0))
            box.currentIndexChanged.connect(lambda _i: self._changed())
            self.roles.setCellWidget(r, 3, box)
            self.role_boxes[review.text] = box
        self.roles.resizeColumnsToContents()
        per_role: dict[str, int] = {}
        for review in plan.roles.values():
            role = plan.role_of(review)[1] or "未能推断"
            per_role[role] = per_role.get(role, 0) + len(review.rows)
        counts = "，".join(f"{role} {n} 行" for role, n in per_role.items())
        self.role_counts.setText(
            f"按谈话人职务推断的身份：{counts}。可在右侧修改，修改后请点击“重新检查”。"
            if per_role
            else ""
        )

    def _fill_splits(self, plan: ledger_import.ImportPlan) -> None:
        """Each unit-and-post cell as written and how it was split; unit and post are
        editable (a unit not yet known is created when the import is written)."""
        self.splits.blockSignals(True)
        self.splits.setRowCount(0)
        for r, review in enumerate(plan.splits.values()):
            unit, post = plan.split_of(review)
            self.splits.insertRow(r)
            for c, text in enumerate((review.text, f"{len(review.rows)} 行", unit, post)):
                item = QTableWidgetItem(text or "")
                if c < 2:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.splits.setItem(r, c, item)
        self.splits.blockSignals(False)
        self.splits.resizeColumnsToContents()

    def _split_edited(self, _item: QTableWidgetItem) -> None:
        self._changed()

    def _show_duplicate(self, index: int) -> None:
        """The suspected duplicate beside the row or record it may repeat, column by column."""
        self.duplicate_pair.setRowCount(0)
        plan = self.plan
        if plan is None or not 0 <= index < len(plan.duplicates):
            return
        d = plan.duplicates[index]
        cells = dict(plan.raw)
        mine = cells.get(d.row, [])
        other = cells.get(d.earlier_row, []) if d.earlier_row is not None else []
        pairs = [("行", f"第{d.row}行", f"第{d.earlier_row}行" if other else "")]
        for i, header in enumerate(plan.headers):
            if header and i in plan.mapping:
                key = plan.mapping[i]
                left = ledger_import.shown_cell(key, mine[i] if i < len(mine) else None)
                right = ledger_import.shown_cell(key, other[i] if i < len(other) else None)
                pairs.append((header, left, right if other else ""))
        if not other:
            pairs.append(("对照", d.this, d.other))
        for r, (label, left, right) in enumerate(pairs):
            self.duplicate_pair.insertRow(r)
            for c, text in enumerate((label, left, right)):
                item = QTableWidgetItem(text)
                if c and left != right and r:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.duplicate_pair.setItem(r, c, item)

    def _fill_columns(self, plan: ledger_import.ImportPlan) -> None:
        grid = self.columns_grid
        self._clear_grid(grid)
        self.mapping_boxes.clear()
        for c, text in enumerate(("表格中的列", "第一行数据", "导入为")):
            grid.addWidget(_bold(text), 0, c)
        sample = plan.raw[0][1] if plan.raw else []
        targets = [c for c in plan.ledger.columns if not c.export_only]
        r = 1
        for i, header in enumerate(plan.headers):
            if not header:
                continue
            grid.addWidget(QLabel(header), r, 0)
            value = QLabel(shown_value(sample[i]) if i < len(sample) else "")
            value.setObjectName("hint")
            value.setMaximumWidth(360)
            grid.addWidget(value, r, 1)
            box = QComboBox()
            box.addItem(NOT_IMPORTED, None)
            for col in targets:
                box.addItem(col.header, col.key)
            current = plan.mapping.get(i)
            box.setCurrentIndex(max(box.findData(current), 0) if current else 0)
            box.currentIndexChanged.connect(lambda _i: self._changed())
            grid.addWidget(box, r, 2)
            self.mapping_boxes[i] = box
            r += 1
        grid.setRowStretch(r, 1)
        grid.setColumnStretch(1, 1)

    def _fill_values(self, plan: ledger_import.ImportPlan) -> None:
        grid = self.values_grid
        previous = {key: box.currentData() for key, box in self.value_boxes.items()}
        self._clear_grid(grid)
        self.value_boxes.clear()
        if not self.value_rows:
            grid.addWidget(QLabel("表格中的值都能在字典中找到。"), 0, 0)
            grid.setRowStretch(1, 1)
            return
        for c, text in enumerate(("列", "表格中的值", "行数", "对应为字典中的")):
            grid.addWidget(_bold(text), 0, c)
        open_keys = {(u.dictionary, u.text) for u in plan.unknown}
        for r, (key, u) in enumerate(self.value_rows.items(), start=1):
            grid.addWidget(QLabel(u.column), r, 0)
            grid.addWidget(QLabel(u.shown), r, 1)
            grid.addWidget(QLabel(f"{len(u.rows)} 行"), r, 2)
            box = QComboBox()
            box.addItem(CHOOSE, None)
            for label in dictionaries.labels(self.store, u.dictionary):
                box.addItem(label, label)
            box.addItem(LEAVE_EMPTY, "")
            chosen = previous.get(key, plan.value_overrides.get(key))
            if chosen is not None:
                box.setCurrentIndex(max(box.findData(chosen), 0))
            box.setToolTip(f"字典“{u.dictionary_label}”")
            box.currentIndexChanged.connect(lambda _i: self._changed())
            if key in open_keys:
                box.setStyleSheet("QComboBox { border: 1px solid #b8282e; }")
            grid.addWidget(box, r, 3)
            self.value_boxes[key] = box
        grid.setRowStretch(len(self.value_rows) + 1, 1)
        grid.setColumnStretch(1, 1)

    @staticmethod
    def _clear_grid(grid: QGridLayout) -> None:
        while grid.count():
            item = grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def _changed(self) -> None:
        self.dirty = True
        self.summary.setText("对应关系已修改，请点击“重新检查”后再导入。")
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self.plan is not None and not self.busy
        self.recheck_button.setEnabled(ready)
        self.import_button.setEnabled(
            ready
            and not self.dirty
            and self.result is None
            and self.plan is not None
            and bool(self.plan.accepted)
        )
        self.save_rejected_button.setEnabled(ready and bool(self.plan and self.plan.rejected))
        self.kind.setEnabled(not self.busy)
        never_twice = self.kind.currentData() in ledger_import.NEVER_TWICE
        if never_twice:
            self.include_duplicates.setChecked(False)
        self.include_duplicates.setEnabled(not never_twice)
        self.include_duplicates.setToolTip(NEVER_TWICE_TIP if never_twice else "")

    # -- import --------------------------------------------------------------------------

    def apply(self) -> None:
        plan = self.plan
        if plan is None or self.busy or self.dirty:
            return
        include = self.include_duplicates.isEnabled() and self.include_duplicates.isChecked()
        left_out = {
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.duplicates.item(i) for i in range(self.duplicates.count()))
            if item is not None and item.checkState() != Qt.CheckState.Checked
        }

        def run(store: Store, job: Job) -> dict[str, int]:
            try:
                return ledger_import.apply(
                    store,
                    plan,
                    include_duplicates=include,
                    left_out=left_out,
                    progress=_progress(job, "正在导入…"),
                    cancelled=lambda: job.cancelled,
                )
            except WriterCancelled:
                raise Cancelled from None

        self._start()
        self.summary.setText("正在导入…")
        self.work.run(
            run,
            on_success=self._applied,
            on_failure=self._apply_failed,
            on_cancelled=lambda: self._stopped("已取消导入，未写入任何数据。"),
            label=f"正在导入{plan.ledger.title}…",
        )

    def _apply_failed(self, exc: BaseException) -> None:
        self._stopped(f"导入失败，未写入任何数据：{exc}")
        self.work.report_error(self, exc)

    def _applied(self, counts: dict[str, int]) -> None:
        self.busy = False
        self.result = counts
        self.summary.setText(ledger_import.result_text(counts))
        self._update_buttons()
        self.imported.emit(counts)
        plan = self.plan
        if (
            plan is not None
            and plan.rejected
            and self.confirm(
                self,
                "不能导入的行",
                f"有 {len(plan.rejected)} 行不能导入。是否另存为 Excel，修改后再次导入？",
            )
        ):
            self.save_rejected()

    def save_rejected(self) -> None:
        plan = self.plan
        if plan is None or not plan.rejected:
            return
        chosen = self.choose_path(self, f"{plan.path.stem}（未导入的行）.xlsx")
        if not chosen:
            return
        target = xlsx_path(chosen)

        def run(store: Store, job: Job) -> int:
            return ledger_import.save_rejected(plan, target)

        self.work.run(
            run,
            on_success=lambda n: self.notes.addItem(f"已将 {n} 行不能导入的行另存为 {target}"),
            label="正在保存…",
        )


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


def _bold(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def import_ledger(
    work: Work,
    store: Store,
    parent: QWidget,
    *,
    kind: str | None = None,
    on_imported: Callable[[dict[str, Any]], None] = lambda _counts: None,
    confirm: Confirm = ask,
    choose_file: ChooseOpen = choose_xlsx_to_open,
    choose_path: ChooseSave = choose_xlsx_to_save,
) -> LedgerImportDialog:
    dialog = LedgerImportDialog(
        store,
        work,
        parent,
        kind=kind,
        choose_file=choose_file,
        choose_path=choose_path,
        confirm=confirm,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.imported.connect(on_imported)
    dialog.show()
    return dialog
