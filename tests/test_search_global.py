"""Ctrl+K (`search.search`) finds what it found before issue #16's fourth pass
(tests/search_before.py): the same hits in the same order with the same `more`, for
names, pinyin, initials, 1-3+ characters and ledger and document numbers in any case,
with a small and the default limit."""

from __future__ import annotations

import json

import pytest
from search_before import search_before

from desktop.domain import search
from desktop.store import Store

FIXED = (
    "张", "王", "会", "谈话", "会议", "谈话提醒", "办公室", "zhang", "zhangf", "wang fang",
    "zf", "wf", "z", "XS", "xs", "xS-20", "2026", "-0", "26-1", "〔2026〕1", "纪谈〔", "号",
    "A", "ab", "aB-1", "ab-12", "不存在的文字", '"', "王 ", " 李", "%", "_",
)  # fmt: skip


@pytest.fixture
def demo(demo_store: Store) -> Store:
    """The demo office, with a few numbers in letters of both cases."""
    store = demo_store
    with store.transaction():
        clues = [r[0] for r in store.db.execute("SELECT id FROM clues ORDER BY id LIMIT 4")]
        for clue_id, number in zip(
            clues, ("XS-2026-001", "xs-2026-002", "Xs2026", "AB-12"), strict=True
        ):
            store.db.execute("UPDATE clues SET ledger_no = ? WHERE id = ?", [number, clue_id])
        docs = [r[0] for r in store.db.execute("SELECT id FROM documents ORDER BY id LIMIT 3")]
        for doc_id, number in zip(docs, ("Ab-12号", "aB-123", "XS〔2026〕9号"), strict=True):
            store.db.execute("UPDATE documents SET number = ? WHERE id = ?", [number, doc_id])
    return store


def _column(store: Store, sql: str, *args: object) -> list[str]:
    return [str(r[0]) for r in store.db.execute(sql, args)]


def texts(store: Store) -> list[str]:
    names = _column(
        store, "SELECT name FROM persons GROUP BY name ORDER BY COUNT(*) DESC, name LIMIT 4"
    )
    numbers = _column(
        store, "SELECT ledger_no FROM clues WHERE ledger_no IS NOT NULL ORDER BY id DESC LIMIT 2"
    ) + _column(
        store, "SELECT number FROM documents WHERE number IS NOT NULL ORDER BY id DESC LIMIT 2"
    )
    initials = _column(
        store,
        "SELECT name_initials FROM persons WHERE name IN (SELECT value FROM json_each(?))",
        json.dumps(names),
    )
    return [
        *FIXED,
        *names,
        *(n[0] for n in names),
        *(n[-1] for n in names),
        *initials,
        *numbers,
        *(n[-6:] for n in numbers),
        *(n[:3] for n in numbers),
        *(n[-2:] for n in numbers),
    ]


def test_ctrl_k_finds_what_it_found(demo: Store) -> None:
    for text in texts(demo):
        for limit in (3, search.DEFAULT_LIMIT):
            assert search.search(demo, text, limit) == search_before(demo, text, limit), (
                text,
                limit,
            )


def test_ctrl_k_over_the_recent_rows_or_all_of_them(
    demo: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether the newest rows hold enough hits or the whole table is read, the hits are
    the same."""
    monkeypatch.setattr(search, "SMALL", 0)  # the demo's tables count as large
    for recent in (1, 7, 100_000):
        monkeypatch.setattr(search, "RECENT", recent)
        for text in ("王", "会", "张", "谈话", "zf", "2026", "不存在的文字"):
            for limit in (1, 3, search.DEFAULT_LIMIT):
                assert search.search(demo, text, limit) == search_before(demo, text, limit), (
                    recent,
                    text,
                    limit,
                )


def test_numbers_are_found_in_any_case(demo: Store) -> None:
    for text in ("xs-2026", "XS-2026", "xS-2026"):
        groups = {g.table: g for g in search.search(demo, text, 50)}
        assert len(groups["clues"].hits) == 2, text
    groups = {g.table: g for g in search.search(demo, "AB-12", 50)}
    assert len(groups["documents"].hits) == 2 and len(groups["clues"].hits) == 1
