"""Health check of a data dir: file integrity, schema, audit chain, stored files, and
tamper evidence: every record against its last audit entry, the chain's head against
the anchor file and the backups' manifests, the password row against the log.

The integrity pass reads the file through a read-only connection first, so a
damaged store is reported, never opened for writing or migrated; an emptied or
missing store is reported as damage, never created anew.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.store import audit, backup, encryption, schema
from desktop.store.access import has_password
from desktop.store.db import (
    DB_FILENAME,
    Store,
    check_version,
    damage_reason,
    explain_sqlite_error,
)
from desktop.store.errors import StoreError, UserError
from desktop.store.kinds import KINDS, TOP_LEVEL, kind
from desktop.store.masking import mask
from desktop.store.names import PASSWORD_KEY
from desktop.store.records import _walk

MAX_RECORD_PROBLEMS = 50
SNAPSHOT_ACTIONS = ("insert", "update", "restore", "delete")


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _file_hash(path: Path, key: bytes | None) -> str:
    try:
        return encryption.sha256_plain(key, path)
    except UserError:  # an encrypted file that fails its tag: changed
        return ""


def run(data_dir: Path, key: bytes | None = None) -> Report:
    """`key`: the master key when the store is encrypted (`encryption.unlock`; the audit
    chain is then keyed)."""
    report = Report()
    backups = Report()  # also when the store is damaged: is there a way back?
    manifests = _check_backups(data_dir, backups, key)
    _check_store(data_dir, report, manifests, key)
    report.lines += backups.lines
    report.problems += backups.problems
    return report


def _check_store(
    data_dir: Path, report: Report, manifests: list[tuple[str, dict[str, Any]]], key: bytes | None
) -> None:
    path = data_dir / DB_FILENAME
    report.lines.append(f"数据文件：{path}" + ("（已加密）" if key is not None else ""))
    reason = damage_reason(data_dir)
    if reason is not None:
        report.problems.append(reason + backup.recovery_hint(data_dir))
        return
    if not path.exists():
        report.problems.append(f"数据目录中没有清风台账的数据文件：{path}")
        return
    try:
        anchor: dict[str, Any] | None = audit.read_anchor(data_dir)
        anchor_error = None
    except ValueError as exc:
        anchor, anchor_error = None, str(exc)
    try:
        version = check_version(path, key)
    except StoreError as exc:
        report.problems.append(str(exc))
        return
    report.lines.append(f"数据版本：{version}（程序支持 {schema.LATEST}）")
    try:
        conn = encryption.connect(encryption.read_only_uri(path), key, uri=True)
        try:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            conn.close()
    except encryption.Error as exc:
        report.problems.append(str(explain_sqlite_error(exc, path)))
        return
    if result != ["ok"]:
        report.problems.append("数据库完整性检查未通过：" + "；".join(result[:5]))
        return
    report.lines.append("数据库完整性：正常")
    if fk:
        report.problems.append(f"存在 {len(fk)} 处引用不一致（外键检查未通过）")

    try:
        store = Store.open(data_dir, create=False, key=key)
    except UserError as exc:
        report.problems.append(str(exc))
        return
    try:
        if version < schema.LATEST:
            report.lines.append(
                f"数据文件已从版本 {version} 升级到 {schema.LATEST}（升级前已备份）"
            )
        for table in TOP_LEVEL:
            count = store.scalar(f"SELECT COUNT(*) FROM {table}")
            report.lines.append(f"{kind(table).label}：{count} 条")
        binned = store.scalar("SELECT COUNT(*) FROM recycle_bin WHERE restored_at IS NULL")
        report.lines.append(f"回收站：{binned} 条")
        chain = audit.verify_chain(store)
        if chain.ok:
            report.lines.append(f"操作日志：{chain.entries} 条，校验链完整")
        else:
            report.problems.append(
                f"操作日志校验链在第 {chain.first_broken} 条处断开：该条或其前一条记录被改动或删除"
            )
        if anchor_error is not None:
            report.problems.append(
                f"操作日志锚定文件无法读取（{anchor_error}）：{audit.anchor_path(data_dir)}。"
                "如刚发生过断电，下一次保存时会自动重建；否则锚定文件被人改动过。"
            )
        _check_head(store, anchor, manifests, report)
        _check_password(store, anchor, report)
        _check_settings(store, report)
        _check_records(store, report)
        _check_files(store, report)
    finally:
        store.close()


# -- the chain's head against the anchor file and the backups -----------------------


def _last_id(store: Store) -> int:
    return int(store.scalar("SELECT COALESCE(MAX(id), 0) FROM audit_log"))


def _compare_head(store: Store, head: dict[str, Any], where: str) -> str | None:
    """A problem when the store's log does not hold the head `where` recorded."""
    entries = int(head.get("entries") or 0)
    if not entries:
        return None
    last = _last_id(store)
    if entries > last:
        return (
            f"操作日志末尾少了 {entries - last} 条：{where}记录到第 {entries} 条，"
            f"数据文件中只到第 {last} 条。日志末尾被删除，或 -wal 文件丢失使已保存的操作丢失。"
            "请从备份恢复。"
        )
    if audit.entry_hash_at(store, entries) != head.get("hash"):
        return (
            f"操作日志第 {entries} 条与{where}记录的校验值不同：日志被改写后重新计算了校验链"
            "（或记录被改动）。"
        )
    return None


def _check_head(
    store: Store,
    anchor: dict[str, Any] | None,
    manifests: list[tuple[str, dict[str, Any]]],
    report: Report,
) -> None:
    keyed = store.key is not None
    if anchor is None:
        report.lines.append("操作日志锚定文件：尚无（下一次保存时建立）")
    else:
        if audit.anchor_mac_ok(store, anchor) is False:
            report.problems.append("操作日志锚定文件的校验码不符：锚定文件被改动。")
        problem = _compare_head(store, anchor, "锚定文件")
        if problem is None:
            report.lines.append(f"操作日志锚定文件：到第 {anchor.get('entries')} 条一致")
        else:
            report.problems.append(problem)
    restored = str(
        store.scalar("SELECT MAX(at) FROM audit_log WHERE action = 'restore_backup'") or ""
    )
    for name, manifest in manifests:
        head = manifest.get("audit_head")
        created = str(manifest.get("created_at") or "")
        # a backup made before a restore (to an older state) is ahead of the store by design
        if not isinstance(head, dict) or bool(head.get("keyed")) != keyed or created <= restored:
            continue
        problem = _compare_head(store, head, f"备份 {name}（{created}）")
        if problem is not None:
            report.problems.append(problem)


def _check_password(store: Store, anchor: dict[str, Any] | None, report: Report) -> None:
    """A password row deleted behind the program's back is named (the log, and the
    anchor, say that one was set)."""
    if has_password(store):
        return
    last = store.scalar(
        "SELECT after FROM audit_log WHERE table_name = 'settings' AND after LIKE ?"
        " ORDER BY id DESC LIMIT 1",
        [f'%"key":"{PASSWORD_KEY}"%'],
    )
    logged_set = last is not None and json.loads(last).get("value") != "已取消开机密码"
    anchored = anchor is not None and anchor.get("password") is True
    if anchored and anchor is not None:
        removed_since = store.scalar(
            "SELECT 1 FROM audit_log WHERE id > ? AND table_name = 'settings' AND after LIKE ?",
            [int(anchor.get("entries") or 0), '%"value":"已取消开机密码"%'],
        )
        anchored = removed_since is None
    if logged_set or anchored:
        report.problems.append(
            "开机密码被删除：操作日志（或锚定文件）显示设置了开机密码，数据文件中却没有。"
            "有人绕过程序去掉了密码；请在 设置 → 密码与锁定 中重新设置，并查明原因。"
        )


def _check_settings(store: Store, report: Report) -> None:
    """Each setting changed through the program holds the value its last entry logged."""
    logged: dict[str, Any] = {}
    for row in store.query(
        "SELECT after FROM audit_log WHERE table_name = 'settings' AND after IS NOT NULL"
        " AND action IN ('insert', 'update') ORDER BY id"  # not encrypt/decrypt's own entry
    ):
        after = json.loads(row["after"])
        if isinstance(after, dict) and "key" in after and after["key"] != PASSWORD_KEY:
            logged[str(after["key"])] = after.get("value")
    current = {str(r["key"]): r for r in store.query("SELECT key, value, label FROM settings")}
    for key, value in logged.items():
        found = current.get(key)
        if found is None or found["value"] != value:
            label = (found or {}).get("label") or key
            report.problems.append(f"设置“{label}”：与操作日志不一致")


# -- every record against its last audit entry -------------------------------------


def _renames(store: Store) -> list[tuple[int, str, str, str]]:
    """Dictionary renames (entry id, dictionary, old, new): they change records' values
    in bulk, under one dictionary entry, not under each record's."""
    out: list[tuple[int, str, str, str]] = []
    for row in store.query(
        "SELECT id, before, after FROM audit_log WHERE table_name = 'dict_items'"
        " AND action = 'update' AND before IS NOT NULL ORDER BY id"
    ):
        before, after = json.loads(row["before"]), json.loads(row["after"])
        if "label" in before and "label" in after and before["label"] != after["label"]:
            out.append((int(row["id"]), str(after["dict"]), before["label"], after["label"]))
    return out


def _renamed(value: Any, dictionary: str, since: int, renames: list[Any], is_list: bool) -> Any:
    for entry_id, name, old, new in renames:
        if entry_id <= since or name != dictionary or value is None:
            continue
        if is_list:
            items = [new if v == old else v for v in json.loads(value)]
            value = json.dumps(items, ensure_ascii=False)
        elif value == old:
            value = new
    return value


def _differs(
    table: str, logged: dict[str, Any], current: dict[str, Any], since: int, renames: list[Any]
) -> list[str]:
    """Labels of the fields whose stored value is not the logged one."""
    k = kind(table)
    labels = {"created_at": "创建时间", "updated_at": "修改时间"}
    out: list[str] = []
    for name, value in logged.items():
        if name not in current:  # a column a later version dropped
            continue
        f = next((f for f in k.fields if f.name == name), None)
        if f is not None and f.dictionary and f.type in ("dict", "dict_list"):
            value = _renamed(value, f.dictionary, since, renames, f.type == "dict_list")
        if current[name] != value and not _masked_alike(f, value, current[name]):
            out.append(f.label if f is not None else labels.get(name, name))
    return out


def _masked_alike(f: Any, logged: Any, current: Any) -> bool:
    """A reporter field the log keeps masked (an unencrypted store's log holds no
    identity) can only be compared in its masked form."""
    if f is None or not f.sensitive or not isinstance(logged, str) or "*" not in logged:
        return False

    return bool(current) and mask(f.name, current) == logged


def _binned(store: Store) -> set[tuple[str, int]]:
    """(table, id) of every row now in the recycle bin (a deleted record's children)."""
    out: set[tuple[str, int]] = set()
    for row in store.query("SELECT data FROM recycle_bin WHERE restored_at IS NULL"):
        out |= {(t, int(r["id"])) for t, r in _walk(json.loads(row["data"]))}
    return out


def _check_records(store: Store, report: Report) -> None:
    renames = _renames(store)
    found: list[str] = []
    marks = ", ".join("?" for _ in SNAPSHOT_ACTIONS)
    last_entries = store.query(
        "SELECT a.id, a.table_name, a.record_id, a.action, a.after FROM audit_log a JOIN"
        " (SELECT MAX(id) AS id FROM audit_log WHERE record_id IS NOT NULL"
        f" AND action IN ({marks}) GROUP BY table_name, record_id) m ON a.id = m.id",
        list(SNAPSHOT_ACTIONS),
    )
    binned: set[tuple[str, int]] | None = None
    compared = 0
    logged: dict[str, set[int]] = {}
    for entry in last_entries:
        table, record_id = str(entry["table_name"]), int(entry["record_id"])
        if table not in KINDS:
            continue
        logged.setdefault(table, set()).add(record_id)
        k = kind(table)
        rows = store.query(f"SELECT * FROM {table} WHERE id = ?", [record_id])
        if entry["action"] == "delete":
            if rows:
                found.append(f"{k.label} {record_id}：操作日志记为已删除，数据文件中却仍有")
            continue
        if not rows:
            if binned is None:
                binned = _binned(store)
            if (table, record_id) not in binned:
                found.append(
                    f"{k.label} {record_id}：操作日志中有，数据文件中却没有（被直接删除？）"
                )
            continue
        compared += 1
        snap = json.loads(entry["after"])
        since = int(entry["id"])
        labels = _differs(table, snap["row"], rows[0], since, renames)
        for child in k.children:
            before = {int(r["id"]): r for r in _walk_rows(snap, child.table)}
            now = {
                int(r["id"]): r
                for r in store.query(
                    f"SELECT * FROM {child.table} WHERE {child.fk} = ?", [record_id]
                )
            }
            if set(before) != set(now) or any(
                _differs(child.table, before[i], now[i], since, renames) for i in before
            ):
                labels.append(kind(child.table).label)
        found += [f"{k.label} {record_id}：{label} 与操作日志不一致" for label in labels]
    found += _unlogged(store, logged)
    if found:
        report.problems += found[:MAX_RECORD_PROBLEMS]
        if len(found) > MAX_RECORD_PROBLEMS:
            report.problems.append(f"……另有 {len(found) - MAX_RECORD_PROBLEMS} 处与操作日志不一致")
    else:
        report.lines.append(f"记录与操作日志：{compared} 条逐条比对一致")


def _walk_rows(snap: dict[str, Any], table: str) -> list[dict[str, Any]]:
    return [dict(c["row"]) for c in snap.get("children", {}).get(table, [])]


def _unlogged(store: Store, logged: dict[str, set[int]]) -> list[str]:
    """Records in no audit entry at all and in no bulk import's id range: written into
    the file directly."""
    ranges: dict[str, list[tuple[int, int]]] = {}
    for row in store.query(
        "SELECT table_name, after FROM audit_log WHERE action = 'import' AND record_id IS NULL"
    ):
        after = json.loads(row["after"] or "{}")
        if "first_id" in after and "last_id" in after:
            ranges.setdefault(str(row["table_name"]), []).append(
                (int(after["first_id"]), int(after["last_id"]))
            )
    out: list[str] = []
    for table in TOP_LEVEL:
        seen = logged.get(table, set())
        spans = ranges.get(table, [])
        for (record_id,) in store.db.execute(f"SELECT id FROM {table} ORDER BY id"):
            if record_id in seen or any(a <= record_id <= b for a, b in spans):
                continue
            out.append(f"{kind(table).label} {record_id}：操作日志中没有它（被直接写入数据文件？）")
    return out


def _check_files(store: Store, report: Report) -> None:
    root = store.path.parent
    bad = 0
    for row in store.query(
        "SELECT id, number, title, pdf_path, sha256 FROM documents WHERE pdf_path IS NOT NULL"
    ):
        file = root / row["pdf_path"]
        name = row["number"] or row["title"]
        if not file.exists():
            report.problems.append(f"文书“{name}”的存档文件缺失：{file}")
            bad += 1
        elif _file_hash(file, store.key) != row["sha256"]:
            report.problems.append(f"文书“{name}”的存档文件校验值不符（文件被改动）：{file}")
            bad += 1
    for row in store.query("SELECT id, filename, stored_path, sha256 FROM attachments"):
        file = root / row["stored_path"]
        if not file.exists():
            report.problems.append(f"附件“{row['filename']}”的文件缺失：{file}")
            bad += 1
        elif _file_hash(file, store.key) != row["sha256"]:
            report.problems.append(f"附件“{row['filename']}”的文件校验值不符：{file}")
            bad += 1
    if not bad:
        report.lines.append("文书存档与附件文件：完整")


def _check_backups(
    data_dir: Path, report: Report, key: bytes | None = None
) -> list[tuple[str, dict[str, Any]]]:
    """Verify every archive in data_dir/backups (manifest hashes, database integrity);
    returns (name, manifest) of the good ones. An encrypted store's key opens its own
    backups; others need their password."""
    folder = data_dir / backup.BACKUPS_DIR
    archives = sorted(folder.glob(f"*{backup.SUFFIX}")) if folder.is_dir() else []
    verified: list[tuple[str, dict[str, Any]]] = []
    if not archives:
        report.lines.append(f"自动备份：尚无（{folder}）")
        return verified
    good: list[str] = []
    for path in archives:
        try:
            # an encrypted store's key opens its own backups; others need their password
            manifest = backup.inspect(path, scratch=data_dir, key=key)
        except backup.PassphraseError:
            report.lines.append(f"加密备份（未校验内容，需要密码）：{path.name}")
            continue
        except UserError as exc:
            report.problems.append(f"备份文件校验未通过：{exc}")
            continue
        good.append(str(manifest.get("created_at", "")))
        verified.append((path.name, manifest))
    if good:
        report.lines.append(f"备份：{len(good)} 份校验通过，最新一份 {max(good)}")
    return verified
