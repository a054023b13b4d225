"""The audit log as the clerk reads it: Chinese labels, before → after per field,
reporter identity masked (the log keeps it; the page and its exports do not show it)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.domain import privacy
from desktop.store.audit import ACTION_LABELS
from desktop.store.errors import UserError
from desktop.store.kinds import KINDS

if TYPE_CHECKING:
    from desktop.store.db import Store

OTHER_TABLES = {
    "settings": "设置",
    "dict_items": "字典",
    "holidays": "节假日安排",
    "doc_counters": "文书编号",
    "backups": "备份",
}
GENERIC_LABELS = {
    "key": "设置项",
    "value": "值",
    "dict": "字典",
    "label": "字典项",
    "active": "启用",
    "revealed": "查看的内容",
    "number": "文号",
    "sha256": "存档校验值",
    "days": "日期",
    "source": "来源",
    "rows": "行数",
    "export": "导出",
    "file": "导出文件",
    "attachment": "附件编号",
    "filename": "文件名",
    "how": "方式",
    "form": "四种形态",
    "category": "类别",
    "effect_months": "影响期（月）",
    "severity": "轻重",
    "aliases": "别名",
    "group": "归类",
    "backup": "备份文件",
    "backup_time": "备份时间",
    "replaced": "原数据另存到",
}
SKIP = {"id", "created_at", "updated_at"}


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def table_label(table: str | None) -> str:
    if not table:
        return ""
    k = KINDS.get(table)
    return k.label if k is not None else OTHER_TABLES.get(table, table)


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def _field_label(table: str, name: str) -> str:
    k = KINDS.get(table)
    if k is not None and name in k.names:
        return k.field(name).label
    return GENERIC_LABELS.get(name, name)


def value_text(table: str, name: str, value: Any) -> str:
    """A stored value as text; sensitive fields masked."""
    if value is None or value == "" or value == []:
        return "—"
    k = KINDS.get(table)
    f = k.field(name) if k is not None and name in k.names else None
    if f is not None and f.sensitive:
        return privacy.mask(name, value)
    if name == "revealed" and isinstance(value, list):
        return "、".join(_field_label("clues", str(v)) for v in value) or "—"
    if f is not None:
        if f.type == "bool":
            return "是" if value else "否"
        if f.type == "money":
            try:
                return f"{int(value) / 100:.2f} 元"
            except (TypeError, ValueError):
                return str(value)
        if f.type == "dict_list":
            try:
                items = json.loads(value) if isinstance(value, str) else list(value)
                return "、".join(str(i) for i in items)
            except (TypeError, ValueError):
                return str(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return f"{len(value)} 项"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _is_snapshot(value: Any) -> bool:
    return isinstance(value, Mapping) and "row" in value and isinstance(value["row"], Mapping)


def _row_changes(
    table: str, before: Mapping[str, Any], after: Mapping[str, Any], prefix: str = ""
) -> list[Change]:
    k = KINDS.get(table)
    order = [f.name for f in k.fields] if k is not None else []
    names = order + sorted((set(before) | set(after)) - set(order))
    out = []
    for name in names:
        if name in SKIP or (name not in before and name not in after):
            continue
        old, new = before.get(name), after.get(name)
        if old == new or (old in (None, "") and new in (None, "")):
            continue
        out.append(
            Change(
                prefix + _field_label(table, name),
                value_text(table, name, old),
                value_text(table, name, new),
            )
        )
    return out


def _snapshot_changes(
    table: str, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> list[Change]:
    out = _row_changes(table, (before or {}).get("row", {}), (after or {}).get("row", {}))
    old_children = (before or {}).get("children", {}) or {}
    new_children = (after or {}).get("children", {}) or {}
    for child in list(dict.fromkeys([*old_children, *new_children])):
        label = table_label(child)
        olds = {c["row"].get("id"): c for c in old_children.get(child, [])}
        news = {c["row"].get("id"): c for c in new_children.get(child, [])}
        for n, cid in enumerate(dict.fromkeys([*olds, *news]), start=1):
            prefix = f"{label}（{n}）·"
            old_row = olds.get(cid, {}).get("row", {})
            new_row = news.get(cid, {}).get("row", {})
            if cid not in olds:
                out.append(Change(f"{label}（{n}）", "—", "新增"))
            elif cid not in news:
                out.append(Change(f"{label}（{n}）", "有", "移除"))
                continue
            out.extend(_row_changes(child, old_row, new_row, prefix))
    return out


def changes(table: str, before: Any, after: Any) -> list[Change]:
    """Field-by-field differences of one entry (JSON text or decoded)."""
    if isinstance(before, str):
        before = json.loads(before)
    if isinstance(after, str):
        after = json.loads(after)
    if _is_snapshot(before) or _is_snapshot(after):
        return _snapshot_changes(table, before, after)
    if isinstance(before, Mapping) or isinstance(after, Mapping):
        return _row_changes(table, before or {}, after or {})
    return []


def summary(table: str, before: Any, after: Any, limit: int = 4) -> str:
    """One line for the list: 字段：旧 → 新；…"""
    found = changes(table, before, after)
    if not found:
        return "（无字段变化）" if before or after else ""
    parts = [f"{c.label}：{c.before} → {c.after}" for c in found[:limit]]
    if len(found) > limit:
        parts.append(f"等 {len(found)} 项")
    return "；".join(parts)


# -- filtering and export ------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    """What the audit page asks for; empty values mean "any"."""

    table: str | None = None
    record_id: int | None = None
    operator: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def describe(self) -> str:
        parts = []
        if self.table:
            parts.append(table_label(self.table))
        if self.record_id is not None:
            parts.append(f"编号 {self.record_id}")
        if self.operator:
            parts.append(f"操作人 {self.operator}")
        if self.date_from or self.date_to:
            start = self.date_from.isoformat() if self.date_from else "最早"
            end = self.date_to.isoformat() if self.date_to else "至今"
            parts.append(f"{start} 至 {end}")
        return "，".join(parts) or "全部"


def where(f: AuditFilter, alias: str = "a") -> tuple[str, dict[str, Any]]:
    """SQL condition (with a leading WHERE, or empty) and its parameters."""
    parts: list[str] = []
    params: dict[str, Any] = {}
    if f.table:
        parts.append(f"{alias}.table_name = :table")
        params["table"] = f.table
    if f.record_id is not None:
        parts.append(f"{alias}.record_id = :record_id")
        params["record_id"] = f.record_id
    if f.operator:
        parts.append(f"{alias}.operator = :operator")
        params["operator"] = f.operator
    if f.date_from:
        parts.append(f"{alias}.at >= :date_from")
        params["date_from"] = f.date_from.isoformat()
    if f.date_to:
        parts.append(f"{alias}.at < :date_end")
        params["date_end"] = (f.date_to + dt.timedelta(days=1)).isoformat()
    return (" WHERE " + " AND ".join(parts) if parts else ""), params


EXPORT_HEADERS = ("日志号", "时间", "操作人", "操作", "记录类型", "记录编号", "变更内容", "校验值")


def export_rows(store: Store, f: AuditFilter) -> Iterator[list[Any]]:
    """The filtered entries, oldest first, as the clerk reads them (identity masked)."""
    sql, params = where(f)
    cursor = store.db.execute(
        "SELECT a.id, a.at, a.operator, a.action, a.table_name, a.record_id, a.before, a.after,"
        f" a.hash FROM audit_log a{sql} ORDER BY a.id",
        params,
    )
    for r in cursor:
        details = "；\n".join(
            f"{c.label}：{c.before} → {c.after}" for c in changes(r[4], r[6], r[7])
        )
        yield [
            r[0],
            r[1],
            r[2],
            action_label(r[3]),
            table_label(r[4]),
            r[5],
            details,
            (r[8] or "")[:16],
        ]


def export(
    store: Store,
    f: AuditFilter,
    path: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the filtered entries to .xlsx (a formatted sheet) or .csv (UTF-8 with BOM,
    which Excel opens in Chinese); returns how many."""

    rows = list(export_rows(store, f))
    path = Path(path)
    try:
        _write(store, f, path, rows, progress, cancelled)
    except OSError as exc:
        raise UserError(f"无法写入导出文件（{path}）：{exc.strerror or exc}") from exc
    return len(rows)


def _write(
    store: Store,
    f: AuditFilter,
    path: Path,
    rows: list[list[Any]],
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> None:
    from desktop.documents.ledgers import Column, write_ledger  # openpyxl: only on export

    if path.suffix.lower() == ".csv":
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            out = csv.writer(fh)
            out.writerow(EXPORT_HEADERS)
            out.writerows(rows)
        return
    widths = (8, 19, 10, 12, 12, 9, 70, 18)
    kinds = ("int", "text", "text", "text", "text", "int", "text", "text")
    columns = [
        Column(h, w, k)  # type: ignore[arg-type]
        for h, w, k in zip(EXPORT_HEADERS, widths, kinds, strict=True)
    ]
    office = store.setting("office_name") or ""
    write_ledger(
        path,
        "操作日志",
        office,
        f"范围：{f.describe()}",
        columns,
        rows,
        serial=False,
        progress=progress,
        cancelled=cancelled,
    )
