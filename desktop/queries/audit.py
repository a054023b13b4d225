"""The 操作日志 list: the audit_log table, read like every list (it grows without end)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.domain import audit_view
from desktop.domain.audit_view import AuditFilter
from desktop.queries.core import Column, Query, Where

if TYPE_CHECKING:
    from desktop.store.db import Store

# The log's headers name the log's own columns, not a record kind's fields.
AUDIT_LOG = Query(
    table="",
    source="audit_log a",
    id_sql="a.id",
    columns=(
        Column("id", "日志号", "a.id", width=70, align_center=True),
        Column("at", "时间", "a.at", width=150),
        Column("operator", "操作人", "a.operator", width=90),
        Column("action", "操作", "a.action", width=120, fmt=audit_view.action_label),
        Column("table_name", "记录类型", "a.table_name", width=90, fmt=audit_view.table_label),
        Column("record_id", "记录编号", "a.record_id", width=70, align_center=True),
        # parsed from before/after per row (audit_view.summary); sorted as the log's order
        Column("changes", "变更内容", "NULL", sort_sql="a.id", width=480),
    ),
    extras={"before_json": "a.before", "after_json": "a.after"},
    default_sort="id",
    default_desc=True,
)


def condition(f: AuditFilter) -> Where:
    """The log filter (record, operator, dates) as a list condition."""
    sql, params = audit_view.where(f)
    return Where(sql, params)


def position(store: Store, f: AuditFilter, entry_id: int) -> int | None:
    """Row of an entry under this filter, newest first (None: the filter hides it)."""
    sql, params = audit_view.where(f)
    sql = sql or " WHERE 1"
    params = {**params, "eid": entry_id}
    if not store.scalar(f"SELECT COUNT(*) FROM audit_log a{sql} AND a.id = :eid", params):
        return None
    return int(store.scalar(f"SELECT COUNT(*) FROM audit_log a{sql} AND a.id > :eid", params))


def operators(store: Store) -> list[str]:
    """Everyone who appears in the log, for the operator filter."""
    rows = store.db.execute("SELECT DISTINCT operator FROM audit_log ORDER BY operator")
    return [str(name) for (name,) in rows]
