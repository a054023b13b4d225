"""设置: where the data lives, who is operating, and the office settings in the store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.store.errors import UserError

if TYPE_CHECKING:
    from desktop.store.db import Store
    from desktop.ui.work import Work


class SettingsPage(QWidget):
    def __init__(self, store: Store, work: Work, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.work = work
        self.setObjectName("page_settings")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        heading = QLabel("设置")
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        form = QFormLayout()
        path = QLabel(str(store.path))
        path.setObjectName("dataPath")
        form.addRow("数据文件：", path)
        operator_row = QHBoxLayout()
        self.operator = QLineEdit(store.operator)
        self.operator.setMaxLength(50)
        self.save_operator = QPushButton("保存")
        self.save_operator.clicked.connect(self._save_operator)
        operator_row.addWidget(self.operator)
        operator_row.addWidget(self.save_operator)
        form.addRow("操作员（记入审计日志）：", operator_row)
        layout.addLayout(form)
        layout.addWidget(QLabel("单位与文书设置："))
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["项目", "当前值"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        rows = self.store.query(
            "SELECT key, value, label FROM settings WHERE label IS NOT NULL ORDER BY key"
        )
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(row["label"]))
            self.table.setItem(r, 1, QTableWidgetItem(row["value"] or ""))

    def _save_operator(self) -> None:
        name = self.operator.text().strip()
        if not name:
            self.work.report_error(self, UserError("操作员姓名不能为空"))
            return
        try:
            self.store.set_setting("operator", name, "操作员")
        except UserError as exc:
            self.work.report_error(self, exc)
            return
        self.store.operator = name
        self.refresh()
