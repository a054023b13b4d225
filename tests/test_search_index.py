"""The indexed search finds exactly what the row-by-row search found (schema step 8's
full-text indexes, desktop/domain/search.py), over the demo office and after every kind of
write, in a plain and in an encrypted store."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import search_scan

from desktop.domain import search
from desktop.store import Store, conversion, encryption, records, schema
from desktop.ui.models import lists

# 1, 2 and 3+ characters, names, pinyin, initials, ASCII case, mixed, quotes and spaces
FIXED_QUERIES = (
    "张", "王", "会", "谈话", "会议", "谈话提醒", "会议室", "办公室", "zhang", "zhangf",
    "wang fang", "zf", "wf", "z", "XS", "xs", "2026", "-0", "A", "张f", '"', "王 ", " 李",
    "不存在的文字",
)  # fmt: skip


@pytest.fixture
def demo(demo_store: Store) -> Store:
    return demo_store


def queries(store: Store) -> list[str]:
    """The fixed queries and the demo's commonest names, whole and cut short."""
    common = [
        str(r[0])
        for r in store.db.execute(
            "SELECT name FROM persons GROUP BY name ORDER BY COUNT(*) DESC, name LIMIT 6"
        ).fetchall()
    ]
    return [*FIXED_QUERIES, *common, *(n[:2] for n in common), *(n[-1] for n in common)]


def ids(store: Store, sql: str, text: str, values: dict[str, object]) -> list[int]:
    return sorted({int(r[0]) for r in store.db.execute(sql, values).fetchall()})


def test_list_text_columns_are_the_lists_declared_columns(demo: Store) -> None:
    """search.LIST_TEXT repeats, per indexed table, the columns its list declares."""
    models = (lists.TalksModel, lists.CluesModel, lists.DocumentsModel, lists.InspectionsModel)
    models += (
        lists.CampaignsModel,
        lists.ActivitiesModel,
        lists.BulletinsModel,
        lists.AccountabilitiesModel,
    )
    assert {m(demo).q.table for m in models} == set(search.LIST_TEXT)
    for model in models:
        q = model(demo).q
        declared = tuple(re.sub(r"^(COALESCE\()?\w+\.(\w+).*$", r"\2", e) for e in q.search)
        assert search.LIST_TEXT[q.table] == declared


def test_names_match_as_the_scan_did(demo: Store) -> None:
    for table in ("persons", "units"):
        old_sql = f"SELECT id FROM {table} WHERE {search_scan.name_condition()}"
        for text in queries(demo):
            new = sorted(search.matching_ids(demo, table, text))
            assert new == ids(demo, old_sql, text, search_scan.params(text)), (table, text)


def test_every_indexed_column_matches_as_instr(demo: Store) -> None:
    """`contains` over each indexed source and column finds the rows instr() finds, by
    the key each row is indexed under."""
    plain = {"persons": ("name",), "units": ("name",)}  # names: lower(); tested above
    for table, columns, key in schema.TEXT_INDEXES:
        names = [c for c, _expr in columns if c not in plain.get(table, ())]
        for column in [c for c in names if c not in ("initials", "pinyin")]:
            row_key = (key or "{r}id").format(r="")
            old_sql = f"SELECT {row_key} FROM {table} WHERE {search_scan.text_condition((column,))}"
            new_sql = search.contains(table, (column,))
            for text in queries(demo):
                values = search.params(text)
                assert ids(demo, new_sql, text, values) == ids(demo, old_sql, text, values), (
                    table,
                    column,
                    text,
                )


def test_list_search_matches_as_the_scan_did(demo: Store) -> None:
    for table, columns in search.LIST_TEXT.items():
        old_sql = f"SELECT id FROM {table} WHERE {search_scan.text_condition(columns)}"
        for text in queries(demo):
            found = search.list_condition(table, "id", text)
            assert found is not None
            condition, values = found
            new = ids(demo, f"SELECT id FROM {table} WHERE {condition}", text, values)
            assert new == ids(demo, old_sql, text, values), (table, text)


def talks_found(store: Store, text: str) -> list[int]:
    condition, values = search.list_condition("talks", "id", text) or ("", {})
    return ids(store, f"SELECT id FROM talks WHERE {condition}", text, values)


def test_the_index_follows_insert_update_delete_and_restore(store: Store) -> None:
    person = records.insert(store, "persons", {"name": "欧阳文"})
    talk = records.insert(
        store,
        "talks",
        {
            "kind": "提醒谈话",
            "date": "2026-03-02",
            "reason": "苗头性问题",
            "place": "三楼会议室",
        },
        {
            "talk_subjects": [{"person_id": person, "unit_name": "县财政局", "post": ""}],
            "talk_talkers": [{"name": "张书记", "role": "主要负责人"}],
        },
    )
    talker_talks = f"SELECT id FROM talks WHERE id IN ({search.TALKER_TALK_IDS})"
    unit_talks = f"SELECT id FROM talks WHERE id IN ({search.SUBJECT_UNIT_TALK_IDS})"
    assert ids(store, talker_talks, "书记", search.params("书记")) == [talk]
    assert ids(store, unit_talks, "财政局", search.params("财政局")) == [talk]
    assert talks_found(store, "苗头性") == [talk] and talks_found(store, "会议") == [talk]
    records.update(store, "talks", talk, {"reason": "廉政风险提示"})
    assert talks_found(store, "苗头性") == [] and talks_found(store, "风险") == [talk]
    assert talks_found(store, "室") == [talk]  # a column left alone stays found
    records.update(store, "persons", person, {"name": "欧阳平"})
    assert search.matching_ids(store, "persons", "欧阳文") == []
    assert search.matching_ids(store, "persons", "oyp") == [person]
    records.delete(store, "talks", talk)
    assert talks_found(store, "风险") == []
    bin_id = int(store.scalar("SELECT MAX(id) FROM recycle_bin"))
    records.restore(store, bin_id)
    assert talks_found(store, "风险") == [talk] and talks_found(store, "会议室") == [talk]
    assert ids(store, talker_talks, "张书记", search.params("张书记")) == [talk]
    assert ids(store, unit_talks, "财政", search.params("财政")) == [talk]


def test_an_encrypted_store_searches_its_index_and_leaks_no_text(tmp_path: Path) -> None:
    """sqlcipher's SQLite has FTS5 and the trigram tokenizer; the index lives inside the
    encrypted file, so no text reaches a side file."""
    folder = tmp_path / "data"
    store = Store.open(folder)
    person = records.insert(store, "persons", {"name": "欧阳文"})
    store.close()
    conversion.encrypt_store(folder, "清风-correct-horse-9")
    key = encryption.unlock(folder / "qingfeng.sqlite3", "清风-correct-horse-9")
    store = Store.open(folder, key=key)
    try:
        talk = records.insert(
            store,
            "talks",
            {"kind": "提醒谈话", "date": "2026-03-02", "reason": "独一无二的谈话事由"},
            {
                "talk_subjects": [{"person_id": person, "unit_name": "", "post": ""}],
                "talk_talkers": [{"name": "李强", "role": "主要负责人"}],
            },
        )
        assert search.matching_ids(store, "persons", "oyw") == [person]
        assert talks_found(store, "一无二") == [talk] and talks_found(store, "独") == [talk]
    finally:
        store.close()
    for file in folder.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            assert "一无二".encode() not in data and "欧阳".encode() not in data, file
