"""Health check of a data dir: file integrity, schema, audit chain, stored files.

The integrity pass reads the file through a read-only connection first, so a
damaged store is reported, never opened for writing or migrated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop.store import audit, encryption, schema
from desktop.store.db import DB_FILENAME, Store, check_version, explain_sqlite_error
from desktop.store.errors import StoreError, UserError
from desktop.store.kinds import TOP_LEVEL, kind


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
    """`key`: the master key when the store is encrypted (`encryption.unlock`)."""
    report = Report()
    _check_store(data_dir, report, key)
    _check_backups(data_dir, report, key)  # also when the store is damaged: a way back?
    return report


def _check_store(data_dir: Path, report: Report, key: bytes | None) -> None:
    path = data_dir / DB_FILENAME
    report.lines.append(f"数据文件：{path}" + ("（已加密）" if key is not None else ""))
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

    store = Store.open(data_dir, create=False, key=key)
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
        _check_files(store, report)
    finally:
        store.close()


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


def _check_backups(data_dir: Path, report: Report, key: bytes | None = None) -> None:
    """Verify every archive in data_dir/backups (manifest hashes, database integrity)."""
    from desktop.store import backup

    folder = data_dir / backup.BACKUPS_DIR
    archives = sorted(folder.glob(f"*{backup.SUFFIX}")) if folder.is_dir() else []
    if not archives:
        report.lines.append(f"自动备份：尚无（{folder}）")
        return
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
    if good:
        report.lines.append(f"备份：{len(good)} 份校验通过，最新一份 {max(good)}")
