"""操作日志 list: the audit_log table, windowed like every list (it grows without end)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.domain import audit_view
from desktop.domain.audit_view import AuditFilter
from desktop.ui.models.base import Column, Index, Query, SqlListModel

BROKEN = (QColor("#fde4e1"), QColor("#a8201a"))


class AuditModel(SqlListModel):
    """Newest first; filtered by record, operator and date through `set_audit_filter`."""

    ID, AT, OPERATOR, ACTION, TABLE, RECORD, CHANGES = range(7)
    audit_filter = AuditFilter()
    broken_id: int | None = None  # the first entry `verify_chain` found broken

    def query(self) -> Query:
        return Query(
            table="",
            source="audit_log a",
            id_sql="a.id",
            columns=(
                Column("id", "日志号", "a.id", width=70, align_center=True),
                Column("at", "时间", "a.at", width=150),
                Column("operator", "操作人", "a.operator", width=90),
                Column("action", "操作", "a.action", width=120, fmt=audit_view.action_label),
                Column(
                    "table_name", "记录类型", "a.table_name", width=90, fmt=audit_view.table_label
                ),
                Column("record_id", "记录编号", "a.record_id", width=70, align_center=True),
                Column("changes", "变更内容", "NULL", sort_sql="a.id", width=480),
            ),
            extras={"before_json": "a.before", "after_json": "a.after"},
            default_sort=self.ID,
            default_order=Qt.SortOrder.DescendingOrder,
        )

    def _order(self) -> str:
        if self.sort_column in (self.ID, self.CHANGES):  # the primary key: no sort step
            desc = self.sort_order == Qt.SortOrder.DescendingOrder
            return f" ORDER BY a.id {'DESC' if desc else 'ASC'}"
        return super()._order()

    def _where(self) -> tuple[str, dict[str, Any]]:
        return audit_view.where(self.audit_filter)

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
        where, params = self._where()
        if not where:
            where = " WHERE 1"
        present = self.store.scalar(
            f"SELECT COUNT(*) FROM audit_log a{where} AND a.id = :eid", {**params, "eid": entry_id}
        )
        if not present:
            return None
        newer = self.store.scalar(
            f"SELECT COUNT(*) FROM audit_log a{where} AND a.id > :eid", {**params, "eid": entry_id}
        )
        return int(newer)
