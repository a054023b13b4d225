"""The store: opening, validation, audit, recycle bin, numbering, attachments, faults."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from desktop.store import (
    NewerSchemaError,
    NotFoundError,
    ReferencedError,
    Store,
    StoreError,
    UserError,
    ValidationError,
    attachments,
    audit,
    dictionaries,
    holidays,
    numbering,
    records,
    schema,
)

NOW = dt.datetime(2026, 11, 23, 9, 30)


@pytest.fixture
def store(data_dir: Path):
    s = Store.open(data_dir, operator="王文", clock=lambda: NOW)
    yield s
    s.close()


def make_unit(store: Store, name: str = "城关镇") -> int:
    return records.insert(store, "units", {"name": name, "kind": "乡镇/街道"})


def make_person(store: Store, unit: int, name: str = "李明") -> int:
    return records.insert(
        store, "persons", {"name": name, "unit_id": unit, "post": "副镇长", "rank": "乡科级"}
    )


def make_clue(store: Store, person: int, **extra: object) -> int:
    values = {
        "received_date": "2026-03-01",
        "source": "信访举报",
        "channel": "来信",
        "summary": "反映李明违规吃喝",
        **extra,
    }
    return records.insert(
        store,
        "clues",
        values,
        {"clue_persons": [{"person_id": person, "rank": "乡科级", "filed": 1}]},
    )


def counts(store: Store) -> dict[str, int]:
    tables = [
        r["name"]
        for r in store.query("SELECT name FROM sqlite_master WHERE type='table'")
        if not r["name"].startswith("sqlite_")
    ]
    return {t: store.scalar(f"SELECT COUNT(*) FROM [{t}]") for t in tables}


def assert_refused_and_unchanged(
    store: Store,
    table: str,
    record_id: int,
    changes: dict[str, object],
    field: str,
    text: str,
) -> None:
    """The update is refused with a message naming `field`, and nothing anywhere changed."""
    before = counts(store)
    row = records.get(store, table, record_id)
    with pytest.raises(ValidationError) as info:
        records.update(store, table, record_id, changes)
    assert info.value.field == field
    assert text in str(info.value)
    assert counts(store) == before
    assert records.get(store, table, record_id) == row


def updated_and_audited(
    store: Store, table: str, record_id: int, changes: dict[str, object]
) -> dict[str, object]:
    """Updates the record; the row as its audit entry keeps it afterwards."""
    records.update(store, table, record_id, changes)
    row: dict[str, object] = audit.history(store, table, record_id)[-1]["after"]["row"]
    return row


def assert_survives_the_recycle_bin(store: Store, table: str, record_id: int) -> None:
    """Deleted and restored, the record comes back as it was and the audit chain holds."""
    kept = records.get(store, table, record_id)
    records.restore(store, records.delete(store, table, record_id))
    assert records.get(store, table, record_id) == kept
    assert audit.verify_chain(store).ok


# -- opening -----------------------------------------------------------------------


def test_new_store_is_configured_and_seeded(store: Store) -> None:
    assert store.user_version == schema.LATEST
    assert store.scalar("PRAGMA journal_mode") == "wal"
    assert store.scalar("PRAGMA foreign_keys") == 1
    assert store.scalar("PRAGMA synchronous") == 2  # FULL
    assert "提醒谈话" in dictionaries.labels(store, "talk_kind")
    assert dictionaries.get(store, "outcome", "留党察看二年").extra["form"] == 3
    assert store.setting("doc_code.整改通知书") == "某纪改"
    assert 2026 in holidays.known_years(store)


def test_every_dictionary_of_the_issue_ships(store: Store) -> None:
    shipped = {name for name, _ in dictionaries.names(store)}
    for name in (
        "clue_source",
        "channel",
        "disposition",
        "outcome",
        "discipline",
        "four_winds",
        "talk_kind",
        "talker_role",
        "inspection_kind",
        "notice_kind",
        "unit_kind",
        "rank",
    ):
        assert name in shipped
        assert dictionaries.labels(store, name)


def test_reopen_keeps_data_and_does_not_reseed(data_dir: Path) -> None:
    s = Store.open(data_dir)
    make_unit(s)
    before = counts(s)
    s.close()
    s = Store.open(data_dir)
    assert counts(s) == before
    s.close()


def test_newer_schema_is_refused_and_untouched(data_dir: Path) -> None:
    Store.open(data_dir).close()
    path = data_dir / "qingfeng.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.LATEST + 1}")
    conn.close()
    for extra in data_dir.glob("qingfeng.sqlite3-*"):
        extra.unlink()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    mtime = path.stat().st_mtime_ns
    with pytest.raises(NewerSchemaError, match="更新版本"):
        Store.open(data_dir)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in data_dir.iterdir()) == [
        ".qingfeng-store.lock",
        "qingfeng.sqlite3",
    ]


def test_not_a_database_gives_a_clear_message(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / "qingfeng.sqlite3").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"损坏|不是清风台账"):
        Store.open(data_dir)


def test_a_file_as_data_dir_gives_a_clear_message(tmp_path: Path) -> None:
    taken = tmp_path / "台账"
    taken.write_text("not a folder", encoding="utf-8")
    with pytest.raises(StoreError, match="数据目录不是文件夹"):
        Store.open(taken)
    assert taken.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_data_dir_gives_a_clear_message(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(StoreError, match=r"只读|无法打开|权限"):
            Store.open(folder)
    finally:
        folder.chmod(stat.S_IRWXU)


def test_read_only_database_file_keeps_data(store: Store, data_dir: Path) -> None:
    unit = make_unit(store)
    other = Store.open(data_dir)
    other.db.execute("PRAGMA query_only = ON")  # stands in for a read-only medium
    with pytest.raises(StoreError, match="只读"):
        records.update(other, "units", unit, {"name": "新名"})
    other.close()
    assert records.get(store, "units", unit)["name"] == "城关镇"


def test_full_disk_gives_a_clear_message_and_keeps_data(store: Store) -> None:
    unit = make_unit(store)
    pages = store.scalar("PRAGMA page_count")
    store.db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
    before = store.scalar("SELECT COUNT(*) FROM audit_log")
    with pytest.raises(StoreError, match="磁盘空间已满"):
        records.insert(
            store,
            "persons",
            {"name": "李明", "unit_id": unit, "notes": "很长的备注" * 400},
            {"person_posts": [{"post": f"岗位{i}", "unit_name": "x" * 90} for i in range(200)]},
        )
    assert store.scalar("SELECT COUNT(*) FROM persons") == 0
    assert store.scalar("SELECT COUNT(*) FROM audit_log") == before
    store.db.execute("PRAGMA max_page_count = 1073741823")
    assert records.get(store, "units", unit)["name"] == "城关镇"


def test_locked_database_gives_a_clear_message(store: Store, data_dir: Path, monkeypatch) -> None:
    monkeypatch.setattr("desktop.store.db.BUSY_TIMEOUT_MS", 100)
    other = Store.open(data_dir)
    other.db.execute("PRAGMA busy_timeout = 100")
    other.db.conn.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        with pytest.raises(StoreError, match="占用"):
            store.db.execute("PRAGMA busy_timeout = 100")
            make_unit(store)
    finally:
        other.db.conn.execute("ROLLBACK")
        other.close()
    assert store.scalar("SELECT COUNT(*) FROM units") == 0


# -- validation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"received_date": "2026-02-30"}, "received_date", "收件日期：“2026-02-30”不是有效日期"),
        ({"received_date": "2026/3/1"}, "received_date", "收件日期"),
        ({"source": "道听途说"}, "source", "线索来源：“道听途说”不是有效选项"),
        ({"summary": ""}, "summary", "反映的主要问题：必须填写"),
        ({"disciplines": ["廉洁纪律", "吃饭纪律"]}, "disciplines", "涉及纪律"),
        ({"amount_recovered": -5}, "amount_recovered", "收缴违纪款：金额不能为负数"),
        (
            {"amount_recovered": 10**30},
            "amount_recovered",
            "收缴违纪款：金额过大，请核对（单位：元）",
        ),
        ({"amount_recovered": "9" * 25}, "amount_recovered", "收缴违纪款：金额过大"),
        (
            {"disposition": "初步核实", "disposition_date": "2026-02-01"},
            "disposition_date",
            "处置日期：不能早于收件日期",
        ),
        (
            {
                "disposition": "初步核实",
                "disposition_date": "2026-03-05",
                "case_date": "2026-02-20",
            },
            "case_date",
            "立案日期：不能早于收件日期",
        ),
        ({"closed_date": "2026-06-01"}, "closed_date", "结案日期：尚未立案"),
        (
            {
                "disposition": "谈话函询",
                "disposition_date": "2026-03-05",
                "case_date": "2026-04-01",
            },
            "case_date",
            "初步核实",
        ),
    ],
)
def test_bad_clue_input_is_rejected_with_field_and_nothing_changes(
    store: Store, changes: dict[str, object], field: str, text: str
) -> None:
    person = make_person(store, make_unit(store))
    clue = make_clue(store, person)
    assert_refused_and_unchanged(store, "clues", clue, changes, field, text)


def test_insert_with_a_bad_child_writes_nothing(store: Store) -> None:
    person = make_person(store, make_unit(store))
    before = counts(store)
    with pytest.raises(ValidationError, match="处理结果"):
        records.insert(
            store,
            "clues",
            {"received_date": "2026-03-01", "source": "信访举报", "summary": "x"},
            {
                "clue_persons": [{"person_id": person}],
                "clue_outcomes": [
                    {"person_id": person, "outcome": "罚站", "decided_date": "2026-04-01"}
                ],
            },
        )
    assert counts(store) == before


def test_outcome_for_a_person_not_on_the_clue_is_rejected(store: Store) -> None:
    unit = make_unit(store)
    on_clue, stranger = make_person(store, unit), make_person(store, unit, "赵强")
    clue = make_clue(store, on_clue)
    with pytest.raises(ValidationError, match="赵强不是该线索的被反映人"):
        records.insert(
            store,
            "clue_outcomes",
            {
                "clue_id": clue,
                "person_id": stranger,
                "outcome": "谈话提醒",
                "decided_date": "2026-04-01",
            },
        )
    assert store.scalar("SELECT COUNT(*) FROM clue_outcomes") == 0


def test_outcome_before_receipt_is_rejected(store: Store) -> None:
    person = make_person(store, make_unit(store))
    clue = make_clue(store, person)
    with pytest.raises(ValidationError, match="决定日期：不能早于线索收件日期"):
        records.insert(
            store,
            "clue_outcomes",
            {"clue_id": clue, "person_id": person, "outcome": "诫勉", "decided_date": "2026-01-01"},
        )


def test_rectification_deadline_before_notice_is_rejected(store: Store) -> None:
    unit = make_unit(store)
    with pytest.raises(ValidationError, match="整改时限：不能早于通知下发日期"):
        records.insert(
            store,
            "rectifications",
            {
                "finding": "公车私用",
                "found_date": "2026-05-01",
                "unit_id": unit,
                "status": "待整改",
                "notice_date": "2026-05-10",
                "deadline": "2026-05-09",
            },
        )


def test_closing_a_rectification_needs_a_passed_followup_check(store: Store) -> None:
    unit = make_unit(store)
    rect = records.insert(
        store,
        "rectifications",
        {"finding": "公车私用", "found_date": "2026-05-01", "unit_id": unit, "status": "整改中"},
    )
    closing = {
        "status": "已销号",
        "closed_date": "2026-07-01",
        "closed_by": "张书记",
        "closure_evidence": "现场照片",
    }
    with pytest.raises(ValidationError, match="回头看"):
        records.update(store, "rectifications", rect, closing)
    records.update(
        store,
        "rectifications",
        rect,
        closing,
        {
            "rect_checks": [
                {
                    "date": "2026-06-20",
                    "method": "实地查看",
                    "result": "已整改到位",
                    "passed": True,
                    "evidence": "检查记录及照片",
                }
            ]
        },
    )
    assert records.get(store, "rectifications", rect)["status"] == "已销号"
    check_id = store.scalar("SELECT id FROM rect_checks WHERE rect_id = ?", [rect])
    with pytest.raises(ValidationError, match="回头看"):
        records.delete(store, "rect_checks", check_id)  # the closure would lose its basis


def test_talk_needs_subject_and_talker(store: Store) -> None:
    person = make_person(store, make_unit(store))
    talk = {"kind": "提醒谈话", "date": "2026-05-01", "reason": "苗头性问题"}
    with pytest.raises(ValidationError, match="谈话对象"):
        records.insert(
            store, "talks", talk, {"talk_talkers": [{"name": "张书记", "role": "主要负责人"}]}
        )
    with pytest.raises(ValidationError, match="结束时间：不能早于开始时间"):
        records.insert(store, "talks", {**talk, "start_time": "10:00", "end_time": "09:00"})
    talk_id = records.insert(
        store,
        "talks",
        {**talk, "start_time": "09:00", "end_time": "09:40"},
        {
            "talk_talkers": [{"name": "张书记", "role": "主要负责人"}],
            "talk_subjects": [{"person_id": person, "unit_name": "城关镇", "post": "副镇长"}],
        },
    )
    assert store.scalar("SELECT COUNT(*) FROM talk_subjects WHERE talk_id = ?", [talk_id]) == 1


# -- audit -------------------------------------------------------------------------


def test_every_mutation_is_audited_with_before_and_after(store: Store) -> None:
    unit = make_unit(store)
    records.update(store, "units", unit, {"name": "城关街道"})
    bin_id = records.delete(store, "units", unit)
    records.restore(store, bin_id)
    entries = audit.history(store, "units", unit)
    assert [e["action"] for e in entries] == ["insert", "update", "delete", "restore"]
    assert all(e["operator"] == "王文" and e["at"] == "2026-11-23 09:30:00" for e in entries)
    assert entries[1]["before"]["row"]["name"] == "城关镇"
    assert entries[1]["after"]["row"]["name"] == "城关街道"
    assert audit.verify_chain(store).ok


def test_an_inserts_audit_entry_is_the_record_as_read_back(store: Store) -> None:
    """An insert describes the new record from the rows its INSERTs returned; that is the
    record with all it holds exactly as `snapshot` reads it from the file."""
    unit = make_unit(store)
    person = make_person(store, unit)
    clue = make_clue(store, person)
    talk = records.insert(
        store,
        "talks",
        {"kind": "提醒谈话", "date": "2026-05-01", "reason": "苗头性问题"},
        {
            "talk_talkers": [
                {"name": "张书记", "role": "主要负责人"},
                {"name": "刘洋", "role": "纪检干部"},
            ],
            "talk_subjects": [{"person_id": person, "unit_name": "城关镇", "post": "副镇长"}],
        },
    )
    for table, record_id in (("units", unit), ("persons", person), ("clues", clue)):
        after = audit.history(store, table, record_id)[0]["after"]
        assert after == records.snapshot(store, table, record_id)
    after = audit.history(store, "talks", talk)[0]["after"]
    assert after == records.snapshot(store, "talks", talk)
    assert [t["row"]["name"] for t in after["children"]["talk_talkers"]] == ["张书记", "刘洋"]
    assert "name_pinyin" not in audit.history(store, "persons", person)[0]["after"]["row"]


def test_failed_write_leaves_no_audit_entry(store: Store) -> None:
    before = store.scalar("SELECT COUNT(*) FROM audit_log")
    with pytest.raises(ValidationError):
        records.insert(store, "units", {"name": ""})
    assert store.scalar("SELECT COUNT(*) FROM audit_log") == before


def test_tampering_breaks_the_audit_chain(store: Store) -> None:
    for name in ("甲镇", "乙镇", "丙镇"):
        make_unit(store, name)
    second = store.scalar("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 1")
    store.db.execute("UPDATE audit_log SET operator = '他人' WHERE id = ?", [second])
    report = audit.verify_chain(store)
    assert report.first_broken == second


# -- recycle bin -------------------------------------------------------------------


def test_delete_and_restore_a_clue_exactly(store: Store) -> None:
    person = make_person(store, make_unit(store))
    clue = make_clue(
        store,
        person,
        disposition="初步核实",
        disposition_date="2026-03-05",
        prelim_start="2026-03-06",
        case_date="2026-04-01",
        amount_recovered=1234500,
        disciplines=["廉洁纪律"],
    )
    records.insert(
        store,
        "clue_outcomes",
        {"clue_id": clue, "person_id": person, "outcome": "党纪警告", "decided_date": "2026-06-01"},
    )
    before = records.snapshot(store, "clues", clue)
    bin_id = records.delete(store, "clues", clue)
    with pytest.raises(NotFoundError):
        records.get(store, "clues", clue)
    assert store.scalar("SELECT COUNT(*) FROM clue_persons") == 0
    entry = records.bin_entries(store)[0]
    assert entry["deleted_by"] == "王文" and entry["table_name"] == "clues"
    assert records.restore(store, bin_id) == ("clues", clue)
    assert records.snapshot(store, "clues", clue) == before
    assert records.bin_entries(store) == []
    with pytest.raises(UserError, match="已于"):
        records.restore(store, bin_id)


def test_restored_id_is_never_reused(store: Store) -> None:
    first = make_unit(store, "甲镇")
    bin_id = records.delete(store, "units", first)
    second = make_unit(store, "乙镇")
    assert second != first
    records.restore(store, bin_id)
    assert records.get(store, "units", first)["name"] == "甲镇"


def test_delete_refused_while_referenced(store: Store) -> None:
    unit = make_unit(store)
    make_person(store, unit)
    with pytest.raises(ReferencedError, match="仍被1条人员（所在单位）使用"):
        records.delete(store, "units", unit)
    assert records.get(store, "units", unit)


def test_delete_refusal_names_the_records_a_link_lives_in(store: Store) -> None:
    """A campaign named by two clues is refused with 问题线索, not the link's own label."""
    campaign = records.insert(
        store,
        "campaigns",
        {"name": "节日期间专项检查", "theme": "节日期间", "start_date": "2026-01-01"},
    )
    person = make_person(store, make_unit(store))
    for _ in range(2):
        clue = make_clue(store, person)
        records.update(store, "clues", clue, {}, {"clue_campaigns": [{"campaign_id": campaign}]})
    with pytest.raises(ReferencedError) as refused:
        records.delete(store, "campaigns", campaign)
    assert "仍被2条问题线索（所属专项工作）使用" in str(refused.value)
    assert records.get(store, "campaigns", campaign)


def test_restore_needs_its_parent_back_first(store: Store) -> None:
    unit = make_unit(store)
    person = make_person(store, unit)
    person_bin = records.delete(store, "persons", person)
    unit_bin = records.delete(store, "units", unit)
    with pytest.raises(UserError, match="请先恢复"):
        records.restore(store, person_bin)
    records.restore(store, unit_bin)
    records.restore(store, person_bin)
    assert records.get(store, "persons", person)["unit_id"] == unit


def test_removed_child_rows_go_to_the_bin(store: Store) -> None:
    unit = make_unit(store)
    person = records.insert(
        store,
        "persons",
        {"name": "李明", "unit_id": unit},
        {"person_posts": [{"post": "科员", "start_date": "2015-01-01", "end_date": "2019-12-31"}]},
    )
    records.update(store, "persons", person, {"post": "副镇长"}, {"person_posts": []})
    assert store.scalar("SELECT COUNT(*) FROM person_posts") == 0
    entry = records.bin_entries(store)[0]
    assert entry["table_name"] == "person_posts"
    records.restore(store, entry["id"])
    assert store.scalar("SELECT post FROM person_posts") == "科员"


def test_issued_documents_cannot_be_deleted_or_edited(store: Store) -> None:
    doc = numbering.issue(
        store,
        kind="提醒函",
        title="关于加强公车管理的提醒函",
        issued_date=dt.date(2026, 11, 23),
        addressee="城关镇",
        render=lambda number: b"%PDF-1.4 " + number.encode(),
    )
    with pytest.raises(UserError, match="不能删除"):
        records.delete(store, "documents", doc["id"])
    with pytest.raises(ValidationError, match="不能修改"):
        records.update(store, "documents", doc["id"], {"title": "改过的标题"})
    records.update(store, "documents", doc["id"], {"voided": True, "notes": "文字有误，另行制发"})


# -- numbering ---------------------------------------------------------------------


def issue(store: Store, kind: str = "整改通知书", day: dt.date = dt.date(2026, 3, 1)) -> str:
    doc = numbering.issue(
        store,
        kind=kind,
        title="关于整改的通知",
        issued_date=day,
        addressee="城关镇",
        render=lambda number: f"%PDF-1.4 {number}".encode(),
    )
    return str(doc["number"])


def test_numbers_run_per_kind_and_year(store: Store) -> None:
    assert issue(store) == "某纪改〔2026〕1号"
    assert issue(store) == "某纪改〔2026〕2号"
    assert issue(store, "督办函") == "某纪督〔2026〕1号"
    assert issue(store, day=dt.date(2027, 1, 4)) == "某纪改〔2027〕1号"
    assert numbering.preview_number(store, "整改通知书", 2026) == "某纪改〔2026〕3号"


def test_failed_issue_leaves_no_gap_and_no_file(store: Store, data_dir: Path) -> None:
    assert issue(store) == "某纪改〔2026〕1号"

    def broken(number: str) -> bytes:
        raise RuntimeError("printer on fire")

    with pytest.raises(RuntimeError):
        numbering.issue(
            store,
            kind="整改通知书",
            title="x",
            issued_date=dt.date(2026, 3, 2),
            addressee=None,
            render=broken,
        )
    with pytest.raises(ValidationError):
        numbering.issue(
            store,
            kind="整改通知书",
            title="",
            issued_date=dt.date(2026, 3, 2),
            addressee=None,
            render=lambda n: b"%PDF",
        )
    assert issue(store) == "某纪改〔2026〕2号"
    assert len(list((data_dir / "documents" / "2026").glob("*.pdf"))) == 2


def test_two_connections_never_get_the_same_number(store: Store, data_dir: Path) -> None:
    other = Store.open(data_dir, operator="李丽")
    numbers = [issue(store), issue(other), issue(store), issue(other)]
    other.close()
    assert len(set(numbers)) == 4


def test_stored_pdf_is_returned_byte_for_byte_and_checked(store: Store, data_dir: Path) -> None:
    doc = numbering.issue(
        store,
        kind="提醒函",
        title="提醒函",
        issued_date=dt.date(2026, 3, 1),
        addressee="城关镇",
        render=lambda number: f"%PDF-1.4 {number}".encode(),
    )
    assert numbering.stored_pdf(store, doc["id"]) == "%PDF-1.4 某纪提〔2026〕1号".encode()
    (data_dir / doc["pdf_path"]).write_bytes(b"%PDF-1.4 forged")
    with pytest.raises(UserError, match="校验值不符"):
        numbering.stored_pdf(store, doc["id"])


# -- attachments and dictionaries ----------------------------------------------------


def test_attachment_is_copied_with_its_hash(store: Store, tmp_path: Path) -> None:
    person = make_person(store, make_unit(store))
    source = tmp_path / "谈话记录扫描件.PDF"
    source.write_bytes(b"scan" * 1000)
    att = attachments.add(store, source, "persons", person)
    row = records.get(store, "attachments", att)
    assert row["sha256"] == hashlib.sha256(b"scan" * 1000).hexdigest()
    assert row["filename"] == "谈话记录扫描件.PDF" and row["size"] == 4000
    assert attachments.path_of(store, att).read_bytes() == b"scan" * 1000
    source.unlink()
    assert attachments.path_of(store, att).exists()


def test_renaming_a_dictionary_item_follows_into_records(store: Store) -> None:
    person = make_person(store, make_unit(store))
    clue = make_clue(store, person, disciplines=["廉洁纪律", "工作纪律"])
    changed = dictionaries.rename_item(store, "discipline", "工作纪律", "工作纪律（作风）")
    assert changed == 1
    assert "工作纪律（作风）" in records.get(store, "clues", clue)["disciplines"]
    assert dictionaries.resolve(store, "talk_kind", "谈话提醒") == "提醒谈话"


@pytest.mark.parametrize(
    ("name", "label"),
    [("disposition", "初步核实"), ("rect_status", "已销号"), ("talk_kind", "提醒谈话"),
     ("notice_kind", "督办函"), ("outcome", "诫勉")],
)  # fmt: skip
def test_items_the_rules_go_by_cannot_be_renamed_or_retired(
    store: Store, name: str, label: str
) -> None:
    audit_before = store.scalar("SELECT COUNT(*) FROM audit_log")
    with pytest.raises(UserError, match=f"“{label}”是统计、办理规则或文书所依据的.*不能改名"):
        dictionaries.rename_item(store, name, label, label + "（新）")
    with pytest.raises(UserError, match="不能停用"):
        dictionaries.set_active(store, name, label, False)
    assert dictionaries.labels(store, name).count(label) == 1
    assert store.scalar("SELECT COUNT(*) FROM audit_log") == audit_before
    # their properties stay the office's to set
    dictionaries.set_properties(store, name, label, {"aliases": label + "甲"})
    assert dictionaries.resolve(store, name, label + "甲") == label


def test_office_enters_next_years_holidays(store: Store) -> None:
    from desktop.domain.deadlines import calendar_for

    cal = calendar_for(store)
    assert not cal.is_verified(dt.date(2027, 1, 1))
    holidays.replace_year(
        store,
        2027,
        [
            holidays.HolidayEntry(dt.date(2027, 1, 1), False, "元旦"),
            holidays.HolidayEntry(dt.date(2027, 1, 2), False, "元旦"),
        ],
    )
    cal = calendar_for(store)
    assert cal.is_verified(dt.date(2027, 1, 1))
    assert not cal.is_workday(dt.date(2027, 1, 1))
    with pytest.raises(ValidationError, match="不属于 2027 年"):
        holidays.replace_year(store, 2027, [holidays.HolidayEntry(dt.date(2026, 1, 1), False, "x")])
    E = holidays.HolidayEntry
    audit_before = store.scalar("SELECT COUNT(*) FROM audit_log")
    for days, text in (
        (
            [E(dt.date(2027, 2, 6), False, "春节"), E(dt.date(2027, 2, 6), False, "春节")],
            "日期：2027-02-06 登记了两次，请删去一行",
        ),
        (
            [E(dt.date(2027, 2, 3), True, "春节调休上班")],  # a Wednesday
            "类型：2027-02-03 是星期三，本来就上班；调休上班只登记周六、周日",
        ),
    ):
        with pytest.raises(ValidationError) as caught:
            holidays.replace_year(store, 2027, days)
        assert str(caught.value) == text
    assert store.scalar("SELECT COUNT(*) FROM audit_log") == audit_before
    assert not calendar_for(store).is_workday(dt.date(2027, 1, 2))  # the year as it was


def test_stored_rows_validate_and_unchanged_saves_leave_no_trace(store: Store) -> None:
    unit = make_unit(store)
    row = records.get(store, "units", unit)
    assert row["active"] == 1  # a new unit is in use unless said otherwise
    clean = records.validate(store, records.kind("units"), row, row)
    assert clean == {k: row[k] for k in clean}
    before = store.scalar("SELECT COUNT(*) FROM audit_log")
    records.update(store, "units", unit, {"name": "城关镇"})
    assert store.scalar("SELECT COUNT(*) FROM audit_log") == before


def test_document_codes_follow_the_office_short_name(store: Store) -> None:
    store.set_setting("doc_code.督办函", "专用督")  # customised by the office: stays
    store.set_setting("office_short", "清纪")
    assert store.setting("doc_code.整改通知书") == "清纪改"
    assert store.setting("doc_code.监察建议书") == "清纪监建"
    assert store.setting("doc_code.督办函") == "专用督"


def test_proposal_workflow_keeps_status_and_dates_in_step(store: Store) -> None:
    uid = make_unit(store)
    base = {
        "kind": "纪律检查建议书",
        "matter": "规范公务接待",
        "unit_id": uid,
        "problems": "公务接待无公函",
        "recommendations": "建立接待审批制度",
        "reply_due": "2026-04-30",
        "status": "待回复",
    }
    pid = records.insert(store, "proposals", base)
    with pytest.raises(ValidationError, match="办理状态应为") as info:
        records.update(store, "proposals", pid, {"reply_date": "2026-04-20"})
    assert info.value.field == "status"
    with pytest.raises(ValidationError, match=r"回复日期.*必须填写"):
        records.update(store, "proposals", pid, {"status": "已回复"})
    with pytest.raises(ValidationError, match=r"办结日期.*必须填写"):
        records.update(store, "proposals", pid, {"status": "已办结", "reply_date": "2026-04-20"})
    with pytest.raises(ValidationError, match="不应填写办结日期"):
        records.update(
            store,
            "proposals",
            pid,
            {"status": "已回复", "reply_date": "2026-04-20", "closed_date": "2026-05-06"},
        )
    doc = (
        store.db["documents"]
        .insert(
            {
                "kind": "纪律检查建议书",
                "number": "城纪建〔2026〕1号",
                "year": 2026,
                "code": "城纪建",
                "serial": 1,
                "title": "关于规范公务接待的纪律检查建议",
                "issued_date": "2026-04-10",
                "addressee": "城关镇",
                "linked_table": "proposals",
                "linked_id": pid,
                "created_at": "2026-04-10 09:00:00",
                "updated_at": "2026-04-10 09:00:00",
            }
        )
        .last_pk
    )
    with pytest.raises(ValidationError, match="不能早于建议书的印发日期"):
        records.update(
            store,
            "proposals",
            pid,
            {"document_id": doc, "status": "已回复", "reply_date": "2026-04-08"},
        )
    assert records.get(store, "proposals", pid)["status"] == "待回复"  # nothing half-written
    records.update(
        store,
        "proposals",
        pid,
        {
            "document_id": doc,
            "status": "已办结",
            "reply_date": "2026-04-20",
            "closed_date": "2026-05-06",
        },
    )
    assert records.get(store, "proposals", pid)["status"] == "已办结"


def test_office_sets_an_outcomes_form_category_and_effect_period(store: Store) -> None:
    """Outcome properties are the office's data: a new outcome gets its form and category,
    an effect period changes, and the four forms and sanctions follow at once."""
    from desktop.domain import forms

    dictionaries.add_item(store, "outcome", "责令作出书面检查")
    assert forms.outcome_table(store)["责令作出书面检查"].form is None  # not counted yet
    audit_before = store.scalar("SELECT COUNT(*) FROM audit_log")
    dictionaries.set_properties(
        store,
        "outcome",
        "责令作出书面检查",
        {"form": 1, "category": "批评教育", "severity": "12", "aliases": "书面检查、作出检查"},
    )
    info = forms.outcome_table(store)["责令作出书面检查"]
    assert (info.form, info.category, info.severity) == (1, "批评教育", 12)
    assert dictionaries.resolve(store, "outcome", "书面检查") == "责令作出书面检查"
    assert forms.form_of(["责令作出书面检查", "诫勉"], forms.outcome_table(store)) == 1
    assert store.scalar("SELECT COUNT(*) FROM audit_log") == audit_before + 1

    dictionaries.set_properties(store, "outcome", "记过", {"effect_months": "12"})
    dictionaries.set_properties(store, "outcome", "记大过", {"effect_months": 24})
    big = forms.outcome_table(store)["记大过"]
    assert forms.effect_end(big, dt.date(2025, 1, 10)) == dt.date(2027, 1, 10)
    dictionaries.set_properties(store, "outcome", "记大过", {"effect_months": ""})
    assert forms.outcome_table(store)["记大过"].effect_months is None  # no fixed end

    before = dictionaries.get(store, "outcome", "记过")
    for values, text in (
        ({"effect_months": "十二"}, "影响期（月）：“十二”不是整数"),
        ({"effect_months": 9999}, "影响期（月）：应在 0 到 600 之间"),
        ({"category": ""}, "类别：必须选择"),
        ({"category": "批评"}, "类别：“批评”不是有效选项"),
        ({"form": 5}, "四种形态：“5”不是有效选项"),
        ({"aliases": "诫勉谈话"}, "别名：“诫勉谈话”已是“诫勉”的写法"),
    ):
        with pytest.raises(ValidationError) as caught:
            dictionaries.set_properties(store, "outcome", "记过", values)
        assert str(caught.value) == text
    assert dictionaries.get(store, "outcome", "记过") == before
    with pytest.raises(UserError, match="没有“不存在的处理”"):
        dictionaries.set_properties(store, "outcome", "不存在的处理", {"form": 1})


def test_a_value_held_once_is_refused_naming_the_field(store: Store) -> None:
    """The database's own uniqueness (a unit's name, a person twice on one clue, a unit
    twice on one inspection) reaches the clerk as a Chinese message, nothing written."""
    unit = make_unit(store)
    audit_before = store.scalar("SELECT COUNT(*) FROM audit_log")
    with pytest.raises(ValidationError) as caught:
        records.insert(store, "units", {"name": "城关镇"})
    assert (caught.value.field, str(caught.value)) == ("name", "单位名称：“城关镇”已存在，不能重复")
    other = records.insert(store, "units", {"name": "区财政局"})
    with pytest.raises(ValidationError, match="单位名称：“城关镇”已存在"):
        records.update(store, "units", other, {"name": "城关镇"})

    person = records.insert(store, "persons", {"name": "王芳", "unit_id": unit})
    with pytest.raises(ValidationError) as caught:
        records.insert(
            store,
            "clues",
            {"received_date": "2026-03-01", "source": "信访举报", "summary": "重复的被反映人"},
            {"clue_persons": [{"person_id": person}, {"person_id": person}]},
        )
    assert (caught.value.field, str(caught.value)) == (
        "person_id",
        "被反映人：已在本问题线索中，不能重复添加",
    )
    inspection = records.insert(
        store,
        "inspections",
        {"kind": "日常监督", "theme": "节前检查", "start_date": "2026-02-01"},
        {"inspection_units": [{"unit_id": unit}]},
    )
    with pytest.raises(ValidationError, match="被检查单位：已在本监督检查中"):
        records.update(
            store,
            "inspections",
            inspection,
            {},
            {"inspection_units": [{"unit_id": unit}, {"unit_id": other}, {"unit_id": other}]},
        )
    assert store.scalar("SELECT COUNT(*) FROM clues") == 0
    assert store.scalar("SELECT COUNT(*) FROM inspection_units") == 1
    assert store.scalar("SELECT name FROM units WHERE id = ?", [other]) == "区财政局"
    # only 区财政局, 王芳 and the inspection were written
    assert store.scalar("SELECT COUNT(*) FROM audit_log") == audit_before + 3


def test_every_fixed_item_ships(store: Store) -> None:
    for name, labels in dictionaries.FIXED_ITEMS.items():
        assert set(labels) <= set(dictionaries.labels(store, name)), name


def test_looking_at_a_clues_attachment_is_audited(store: Store, tmp_path: Path) -> None:
    """A clue's letter may name its reporter: opening it leaves who, when and which."""
    from desktop.domain import audit_view

    person = make_person(store, make_unit(store))
    clue = make_clue(store, person)
    letter = tmp_path / "举报信原件.jpg"
    letter.write_bytes(b"letter")
    att = attachments.add(store, letter, "clues", clue)
    other = attachments.add(store, letter, "persons", person)
    before = store.scalar("SELECT COUNT(*) FROM audit_log")
    attachments.record_view(store, att, "打开")
    attachments.record_view(store, other, "打开")  # not a clue's: no entry
    rows = store.query("SELECT * FROM audit_log WHERE id > (SELECT MAX(id) - 1 FROM audit_log)")
    assert store.scalar("SELECT COUNT(*) FROM audit_log") == before + 1
    assert (rows[0]["action"], rows[0]["table_name"], rows[0]["record_id"]) == (
        "view",
        "clues",
        clue,
    )
    assert audit.verify_chain(store).ok
    assert audit_view.action_label("view") == "查看附件"
    assert audit_view.value_text("clues", "filename", "举报信原件.jpg") == "举报信原件.jpg"


# -- 告知举报人 and 转交 (schema step 5) ------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"reporter_informed_date": "2026-02-27"}, "reporter_informed_date",
         "告知举报人日期：不能早于收件日期（2026-03-01）"),
        ({"forwarded_date": "2026-02-28", "forwarded_to": "县公安局"}, "forwarded_date",
         "转交日期：不能早于收件日期（2026-03-01）"),
        ({"forwarded_date": "2026-03-04"}, "forwarded_to",
         "转交单位：已填写转交日期，请填写转交单位"),
        ({"forwarded_to": "县公安局"}, "forwarded_date",
         "转交日期：已填写转交单位，请填写转交日期"),
        ({"reporter_informed_how": "电话告知"}, "reporter_informed_date",
         "告知举报人日期：已选择告知方式，请填写告知举报人日期"),
        ({"signed": "匿名", "reporter_informed_date": "2026-03-10"}, "reporter_informed_date",
         "署名情况为“实名”的线索才能填写"),
        ({"reporter_informed_how": "托人转告"}, "reporter_informed_how", "告知方式"),
    ],
)  # fmt: skip
def test_bad_reporter_or_forwarding_input_names_the_field_and_changes_nothing(
    store: Store, changes: dict[str, object], field: str, text: str
) -> None:
    person = make_person(store, make_unit(store))
    clue = make_clue(store, person, signed="实名", reporter_name="赵敏")
    assert_refused_and_unchanged(store, "clues", clue, changes, field, text)


def test_reporter_told_and_forwarding_are_audited_and_survive_the_recycle_bin(
    store: Store,
) -> None:
    person = make_person(store, make_unit(store))
    clue = make_clue(store, person, signed="实名", reporter_name="赵敏")
    after = updated_and_audited(
        store,
        "clues",
        clue,
        {
            "reporter_informed_date": "2026-03-12",
            "reporter_informed_how": "书面告知",
            "forwarded_date": "2026-03-05",
            "forwarded_to": "县公安局",
        },
    )
    assert after["reporter_informed_date"] == "2026-03-12"
    assert after["reporter_informed_how"] == "书面告知" and after["forwarded_to"] == "县公安局"
    assert_survives_the_recycle_bin(store, "clues", clue)


# -- 委托谈话 and 谈话记录报回 (schema step 6) ----------------------------------------------


def make_delegated_talk(store: Store, person: int, clue: int, day: str = "2026-03-20") -> int:
    return records.insert(
        store,
        "talks",
        {"kind": "提醒谈话", "date": day, "reason": "就反映问题谈话", "clue_id": clue},
        {
            "talk_talkers": [{"name": "陈书记", "role": "主要负责人"}],
            "talk_subjects": [{"person_id": person, "unit_name": "城关镇", "post": "副镇长"}],
        },
    )


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"talk_delegated_date": "2026-02-27", "talk_delegated_to": "城关镇党委"},
         "talk_delegated_date", "委托谈话日期：不能早于收件日期（2026-03-01）"),
        ({"talk_delegated_date": "2026-03-05", "talk_delegated_to": "城关镇党委"},
         "talk_delegated_date", "委托谈话日期：不能早于处置日期（2026-03-06）"),
        ({"talk_delegated_date": "2026-03-09"}, "talk_delegated_to",
         "受托谈话人/单位：已填写委托谈话日期，请填写受托谈话人/单位"),
        ({"talk_delegated_to": "城关镇党委"}, "talk_delegated_date",
         "委托谈话日期：已填写受托谈话人/单位，请填写委托谈话日期"),
        ({"talk_delegated_date": "2026-03-09", "talk_delegated_to": "   "}, "talk_delegated_to",
         "请填写受托谈话人/单位"),
    ],
)  # fmt: skip
def test_bad_delegated_talk_input_names_the_field_and_changes_nothing(
    store: Store, changes: dict[str, object], field: str, text: str
) -> None:
    person = make_person(store, make_unit(store))
    clue = make_clue(store, person, disposition="谈话函询", disposition_date="2026-03-06")
    assert_refused_and_unchanged(store, "clues", clue, changes, field, text)


def test_talk_record_cannot_come_back_before_the_talk(store: Store) -> None:
    person = make_person(store, make_unit(store))
    clue = make_clue(store, person)
    talk = make_delegated_talk(store, person, clue)
    assert_refused_and_unchanged(
        store,
        "talks",
        talk,
        {"record_returned_date": "2026-03-19"},
        "record_returned_date",
        "谈话记录报回日期：不能早于谈话日期（2026-03-20）",
    )


def test_delegated_talk_and_returned_record_are_audited_and_survive_the_recycle_bin(
    store: Store,
) -> None:
    person = make_person(store, make_unit(store))
    clue = make_clue(store, person, disposition="谈话函询", disposition_date="2026-03-06")
    after = updated_and_audited(
        store,
        "clues",
        clue,
        {"talk_delegated_date": "2026-03-09", "talk_delegated_to": "城关镇党委书记陈刚"},
    )
    assert after["talk_delegated_date"] == "2026-03-09"
    assert after["talk_delegated_to"] == "城关镇党委书记陈刚"
    talk = make_delegated_talk(store, person, clue)
    returned = updated_and_audited(store, "talks", talk, {"record_returned_date": "2026-03-24"})
    assert returned["record_returned_date"] == "2026-03-24"
    assert_survives_the_recycle_bin(store, "talks", talk)
