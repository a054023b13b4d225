"""回收站: every deleted record of every kind, with who deleted it and when; 恢复."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from desktop.store import records
from desktop.store.errors import UserError
from desktop.store.kinds import KINDS
from desktop.ui.dialogs import Confirm, ask
from desktop.ui.models.base import ROW_ROLE
from desktop.ui.models.lists import RecycleBinModel
from desktop.ui.pages.list_page import ListPage

if TYPE_CHECKING:
    from desktop.store.db import Store
    from desktop.ui.work import Work


class RecyclePage(ListPage):
    def __init__(
        self, store: Store, work: Work, *, confirm: Confirm = ask, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            store, work, RecycleBinModel(store), "回收站", confirm=confirm, parent=parent
        )
        hint = QLabel("删除的记录保存在这里，恢复后与删除前完全一致（含其附属记录和附件登记）。")
        hint.setObjectName("hint")
        self.layout().insertWidget(1, hint)
        self.restore_button = QPushButton("恢复", self)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setToolTip("将选中的记录恢复到原来的位置")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_selected)
        self.filter_bar.insertWidget(0, self.restore_button)
        self.selection_changed.connect(
            lambda: self.restore_button.setEnabled(self.selected_id() is not None)
        )
        self.model.modelReset.connect(lambda: self.restore_button.setEnabled(False))

    @property
    def can_delete(self) -> bool:
        return False

    def _open_row(self, row: int) -> None:
        """A deleted record cannot be opened; double-click offers to restore it."""
        self.view.selectRow(row)
        self.restore_selected()

    def restore_selected(self) -> bool:
        row = self.selected_row()
        if row is None:
            return False
        entry = self.model.index(row, 0).data(ROW_ROLE)
        label = KINDS[entry["table_name"]].label if entry["table_name"] in KINDS else ""
        if not self.confirm(self, "恢复记录", f"确定恢复{label}“{entry['title']}”吗？"):
            return False
        try:
            records.restore(self.store, int(entry["_id"]))
        except UserError as exc:
            self.work.report_error(self, exc)
            self.model.refresh()
            return False
        self.model.refresh()
        self.changed.emit()
        return True
