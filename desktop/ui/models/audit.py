"""操作日志 list: the Qt face of desktop/queries/audit.py (colours, the changes column)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.domain import audit_view
from desktop.domain.audit_view import AuditFilter
from desktop.queries import audit
from desktop.queries.core import Query, Where
from desktop.ui.models.base import Index, SqlListModel

BROKEN = (QColor("#fde4e1"), QColor("#a8201a"))


class AuditModel(SqlListModel):
    """Newest first; filtered by record, operator and date through `set_audit_filter`."""

    ID, AT, OPERATOR, ACTION, TABLE, RECORD, CHANGES = range(7)
    audit_filter = AuditFilter()
    broken_id: int | None = None  # the first entry `verify_chain` found broken

    def query(self) -> Query:
        return audit.AUDIT_LOG

    def condition(self) -> Where:
        return audit.condition(self.audit_filter)

    def set_audit_filter(self, f: AuditFilter) -> None:
        self.audit_filter = f
        self.refresh()

    def changes(self, row: int) -> list[audit_view.Change]:
        data = self.row(row)
        if data is None:
            return []
        return audit_view.changes(
            str(data["table_name"] or ""), data["before_json"], data["after_json"]
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            index.isValid()
            and index.column() == self.CHANGES
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
        ):
            data = self.row(index.row())
            if data is None:
                return None
            table = str(data["table_name"] or "")
            if role == Qt.ItemDataRole.ToolTipRole:
                found = audit_view.changes(table, data["before_json"], data["after_json"])
                return "\n".join(f"{c.label}：{c.before} → {c.after}" for c in found[:30]) or None
            if "_summary" not in data:  # parsed once per fetched row, not per paint
                data["_summary"] = audit_view.summary(
                    table, data["before_json"], data["after_json"]
                )
            return data["_summary"]
        return super().data(index, role)

    def colours(self, row: dict[str, Any]) -> tuple[QColor | None, QColor | None] | None:
        if self.broken_id is not None and int(row["_id"]) >= self.broken_id:
            return BROKEN  # this entry and every later one fail the check
        return None

    def row_of_entry(self, entry_id: int) -> int | None:
        """Row of an entry under the current filter and the default order (id, newest first)."""
        return audit.position(self.store, self.audit_filter, entry_id)
