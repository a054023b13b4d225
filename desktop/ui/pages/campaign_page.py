"""专项工作 page: one campaign, everything tied to it, its figures and its paragraph.

Opened from the 专项工作 list (查看专项工作 button, Enter, or Ctrl+double-click), like the
廉政档案. On top the campaign's particulars and the paragraph for the work report (the
campaign's sentence, as 统计汇总 gives it); then its figures over its period; then a table
per kind of record linked to it (desktop/queries/campaign_view.py). Double-clicking (or
Enter on) a row opens that record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.queries import campaign_view
from desktop.queries.archive import Section
from desktop.ui.pages.archive_page import Archives, add_footer, fill_identity

if TYPE_CHECKING:
    from desktop.store.db import Store
    from desktop.ui.pages.list_page import ListPage

ROW_HEIGHT = 28
MAX_VISIBLE_ROWS = 8


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _table(headers: list[str], widths: list[int], name: str) -> QTableWidget:
    view = QTableWidget(0, len(headers))
    view.setObjectName(name)
    view.setHorizontalHeaderLabels(headers)
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
    for i, width in enumerate(widths):
        view.setColumnWidth(i, width)
    return view


def _fill(view: QTableWidget, rows: list[tuple[list[str], tuple[str, int] | None]]) -> None:
    """Rows of texts, each with the record it opens (or none)."""
    view.setRowCount(len(rows))
    for r, (texts, target) in enumerate(rows):
        for c, text in enumerate(texts):
            item = QTableWidgetItem(text if len(text) <= 80 else text[:79] + "…")
            if len(text) > 30:
                item.setToolTip(text)
            item.setData(Qt.ItemDataRole.UserRole, target)
            view.setItem(r, c, item)
    shown = min(max(len(rows), 1), MAX_VISIBLE_ROWS)
    view.setFixedHeight(view.horizontalHeader().sizeHint().height() + shown * ROW_HEIGHT + 4)


class CampaignDialog(QDialog):
    """One campaign's page. Emits `open_record(table, id)`."""

    open_record = Signal(str, int)

    def __init__(self, store: Store, campaign_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.table = "campaigns"
        self.campaign_id = self.record_id = campaign_id
        self.setObjectName("campaign_page")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.tables: dict[str, QTableWidget] = {}
        self.groups: dict[str, QGroupBox] = {}

        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.heading.setStyleSheet("font-size: 15pt; font-weight: bold; color: #8c1d22;")
        layout.addWidget(self.heading)
        self.identity = QGroupBox("专项工作信息")
        self.identity_grid = QGridLayout(self.identity)
        self.identity_grid.setHorizontalSpacing(16)
        layout.addWidget(self.identity)

        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(0, 0, 6, 0)
        self.paragraph_box = QGroupBox("工作报告段落")
        paragraph_layout = QHBoxLayout(self.paragraph_box)
        self.paragraph = QPlainTextEdit()
        self.paragraph.setObjectName("campaignParagraph")
        self.paragraph.setReadOnly(True)
        self.paragraph.setFixedHeight(96)
        paragraph_layout.addWidget(self.paragraph, 1)
        self.copy_button = QPushButton("复制段落")
        self.copy_button.setObjectName("copy_campaign_paragraph")
        self.copy_button.clicked.connect(self.copy_paragraph)
        paragraph_layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        self.body_layout.addWidget(self.paragraph_box)
        self.figures_box = QGroupBox()
        self.figures = _table(["统计项目", "数值", "单位"], [260, 90, 60], "campaign_figures")
        QVBoxLayout(self.figures_box).addWidget(self.figures)
        self.body_layout.addWidget(self.figures_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        hint = QLabel(
            "双击某一行打开该记录。统计数自专项工作开始日期计至今天（含结束后的整改、问责等）。"
        )
        self.refresh_button = add_footer(self, layout, hint, self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Read the campaign again (records were saved or deleted elsewhere)."""
        view = campaign_view.campaign_view(self.store, self.campaign_id, self.store.today())
        self.contents = view
        self.heading.setText(f"专项工作：{view.name}")
        self.setWindowTitle(self.heading.text())
        fill_identity(self.identity_grid, [(k, _text(v) or "—") for k, v in view.identity], 3)
        self.paragraph.setPlainText(view.paragraph)
        self.figures_box.setTitle(f"统计（{view.paragraph.split('，', 1)[0]}）")
        _fill(self.figures, [([f.label, str(f.value), f.unit], None) for f in view.figures])
        for section in view.sections:
            self._fill_section(section)

    def _fill_section(self, section: Section) -> None:
        view = self.tables.get(section.key)
        if view is None:
            group = QGroupBox()
            group.setObjectName(f"section_{section.key}")
            view = _table(list(section.headers), list(section.widths), f"campaign_{section.key}")
            view.cellDoubleClicked.connect(lambda row, _c, v=view: self._open(v, row))
            view.installEventFilter(self)
            QVBoxLayout(group).addWidget(view)
            self.body_layout.addWidget(group)
            self.tables[section.key] = view
            self.groups[section.key] = group
        self.groups[section.key].setTitle(f"{section.title}（{len(section.rows)}）")
        _fill(
            view,
            [
                ([_text(v) for v in row.cells(section.columns)], (row.table, row.record_id))
                for row in section.rows
            ],
        )

    def rows_text(self, key: str, column: int) -> list[str]:
        """The texts of one column of a section (tests)."""
        return self.rows_text_of(self.tables[key], column)

    @staticmethod
    def rows_text_of(view: QTableWidget, column: int) -> list[str]:
        items = (view.item(r, column) for r in range(view.rowCount()))
        return [item.text() if item is not None else "" for item in items]

    def copy_paragraph(self) -> None:
        QGuiApplication.clipboard().setText(self.paragraph.toPlainText())

    def _open(self, view: QTableWidget, row: int) -> None:
        item = view.item(row, 0)
        target = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if target:
            table, record_id = target
            self.open_record.emit(str(table), int(record_id))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QTableWidget) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if watched.currentRow() >= 0:
                    self._open(watched, watched.currentRow())
                return True
        return super().eventFilter(watched, event)


class CampaignPages(Archives):
    """Opens campaign pages from the 专项工作 list and keeps the open ones fresh, as the
    廉政档案 are (raised when open, refreshed with the window, Ctrl+double-click)."""

    def attach(self, page: ListPage) -> QPushButton:
        """Give the 专项工作 list a 查看专项工作 button, Enter and Ctrl+double-click."""
        button = super().attach(page)
        button.setText("查看专项工作")
        button.setObjectName("open_campaign")
        button.setToolTip("查看选中专项工作关联的全部记录、统计和段落（Enter，也可按住 Ctrl 双击）")
        return button

    def dialog(self, table: str, record_id: int) -> CampaignDialog:  # type: ignore[override]
        if table != "campaigns":
            raise ValueError(table)
        return CampaignDialog(self.store, record_id, self.window)
