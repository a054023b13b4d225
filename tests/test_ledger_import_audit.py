"""An import's audit entries, written together at the end of its one transaction: one
entry per record, each the record as read back, the chain intact for `check` (plain and
encrypted stores); a row refused during the check leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.domain import ledger_import
from desktop.store import Store, audit, check, conversion, encryption, records

HEADER = ["序号", "谈话时间", "谈话类型", "谈话人", "谈话对象", "单位职务", "谈话事由"]
HEADER += ["开始时间", "结束时间"]
ROWS = [
    ["2025-03-01", "提醒谈话", "张书记（主要负责人）", "李明", "城关镇 副镇长", "苗头性问题"],
    ["2025-03-02", "谈心谈话", "刘洋（纪检干部）", "王芳", "东关镇 科员", "日常谈心"],
    # ends before it starts: the new person 赵强 is written, then the talk is refused
    ["2025-03-03", "提醒谈话", "刘洋（纪检干部）", "赵强", "西关镇 站长", "反映问题"],
    ["2025-03-04", "诫勉谈话", "张书记（主要负责人）", "李明", "城关镇 副镇长", "再次提醒"],
]
TIMES = [("09:00", "09:40"), ("10:00", "10:30"), ("10:00", "09:00"), ("", "")]


def _ledger(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["谈话台账"])
    ws.append(HEADER)
    for n, (row, times) in enumerate(zip(ROWS, TIMES, strict=True), start=1):
        ws.append([n, *row, *times])
    wb.save(path)
    return path


def _import(store: Store, source: Path) -> dict[str, int]:
    records.insert(store, "units", {"name": "城关镇"})  # the chain has entries before
    plan = ledger_import.plan_import(store, source, "谈话")
    assert plan.accepted == [3, 4, 6] and list(plan.rejected) == [5]
    assert "不能早于开始时间" in plan.rejected[5][0].reason
    return ledger_import.apply(store, plan)


def _assert_audited(store: Store, counts: dict[str, int]) -> None:
    entries = store.query(  # (an encrypted store's log begins with its encryption)
        "SELECT action, table_name, record_id FROM audit_log WHERE action != 'encryption'"
        " ORDER BY id"
    )
    assert [e["action"] for e in entries] == ["insert"] * len(entries)
    written = {
        t: [r["id"] for r in store.query(f"SELECT id FROM {t} ORDER BY id")]
        for t in ("units", "persons", "talks")
    }
    assert counts["written"] == len(written["talks"]) == 3
    assert "赵强" not in {r["name"] for r in store.query("SELECT name FROM persons")}
    for table, ids in written.items():
        assert [e["record_id"] for e in entries if e["table_name"] == table] == ids
        for record_id in ids:
            (entry,) = audit.history(store, table, record_id)
            assert entry["after"] == records.snapshot(store, table, record_id)
    assert audit.verify_chain(store).ok


def test_import_writes_one_entry_per_record_and_check_passes(
    data_dir: Path, tmp_path: Path
) -> None:
    store = Store.open(data_dir)
    try:
        _assert_audited(store, _import(store, _ledger(tmp_path / "talks.xlsx")))
    finally:
        store.close()
    assert check.run(data_dir).ok


def test_import_into_an_encrypted_store_keeps_the_keyed_chain(
    data_dir: Path, tmp_path: Path
) -> None:
    if not encryption.available():
        pytest.skip("sqlcipher3 not installed")
    Store.open(data_dir).close()
    conversion.encrypt_store(data_dir, "import-passphrase")
    key = encryption.unlock(data_dir / "qingfeng.sqlite3", "import-passphrase")
    store = Store.open(data_dir, key=key)
    try:
        _assert_audited(store, _import(store, _ledger(tmp_path / "talks.xlsx")))
    finally:
        store.close()
    assert check.run(data_dir, key=key).ok
