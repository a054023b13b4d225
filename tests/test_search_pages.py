"""The 谈话 list's 查找 read from its indexes (`core.find`): the same count, rows and order
as the search that tests every row (`core.ids`), page by page, in every order, whether a
page walks the date index or sorts the matches (issue #16)."""

from __future__ import annotations

import pytest
import search_scan
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.qtbot import QtBot

from desktop.domain import search
from desktop.queries import core, lists
from desktop.queries.core import Filters, Sort
from desktop.store import Store
from desktop.ui.models.base import ID_ROLE
from desktop.ui.models.lists import TalksModel

Fatal = QAbstractItemModelTester.FailureReportingMode.Fatal
# 1, 2 and 3+ characters, a name, initials, pinyin, nothing found
TEXTS = ("王", "张", "会", "谈话", "廉政谈话", "办公室", "zhang", "wf", "z", "XS", "不存在的文字")


@pytest.fixture
def demo(demo_read_only: Store) -> Store:
    """The demo office, one copy for the module (its tests only read)."""
    return demo_read_only


def common_names(store: Store) -> list[str]:
    rows = store.db.execute(
        "SELECT p.name FROM talk_subjects s JOIN persons p ON p.id = s.person_id"
        " GROUP BY p.name ORDER BY COUNT(*) DESC, p.name LIMIT 3"
    ).fetchall()
    return [str(r[0]) for r in rows]


def texts(store: Store) -> list[str]:
    names = common_names(store)
    return [*TEXTS, *names, *(n[0] for n in names), *(n[:2] for n in names)]


def unit_texts(store: Store) -> list[str]:
    """The commonest unit name on talks, whole, cut short and its last character."""
    unit = str(
        store.scalar(
            "SELECT unit_name FROM talk_subjects WHERE unit_name != ''"
            " GROUP BY unit_name ORDER BY COUNT(*) DESC, unit_name LIMIT 1"
        )
    )
    return [unit, unit[:2], unit[-1]]


def scanned(store: Store, text: str) -> list[int]:
    """Every matching talk in list order, each row tested as the search did before its
    indexes (tests/search_scan.py)."""
    persons = f"SELECT id FROM persons WHERE {search_scan.name_condition()}"
    condition = (
        f"{search_scan.text_condition(('t.reason', 't.place', 't.recorder'))}"
        f" OR t.id IN (SELECT talk_id FROM talk_subjects WHERE person_id IN ({persons}))"
        " OR t.id IN (SELECT talk_id FROM talk_talkers WHERE instr(name, :q) > 0)"
        " OR t.id IN (SELECT talk_id FROM talk_subjects WHERE instr(unit_name, :q) > 0)"
    )
    sql = f"SELECT t.id FROM talks t WHERE {condition} ORDER BY t.date DESC, t.id DESC"
    return [int(r[0]) for r in store.db.execute(sql, search_scan.params(text))]


def sorts() -> list[Sort]:
    return [Sort(c, desc) for c in range(len(lists.TALKS.columns)) for desc in (True, False)]


def test_find_counts_and_pages_as_the_row_by_row_search(demo: Store) -> None:
    q = lists.TALKS
    assert demo.scalar("SELECT COUNT(*) FROM talks") > 500  # several pages of 97
    for text in texts(demo):
        f = Filters(search=text)
        for sort in sorts():
            every = core.ids(demo, q, f, sort)
            found = core.find(demo, q, f, sort)
            assert found is not None
            assert found.count == len(every) == core.count(demo, q, f), (text, sort)
            for offset in range(0, len(every) + 97, 97):  # pages in turn, as a view asks
                assert found.page_ids(offset, 97) == every[offset : offset + 97], (text, sort)
            last = core.find(demo, q, f, sort)  # straight to the end, as a jump does
            assert last is not None
            assert last.page_ids(max(0, len(every) - 5), 97) == every[-5:], (text, sort)


def test_find_matches_as_the_scan_did(demo: Store) -> None:
    """Each source read its fastest way (persons straight from the names' index; the
    subjects' units through their distinct names when many rows match) finds the talks
    the row-by-row scan found."""
    q = lists.TALKS
    terms = search.SUBJECT_UNIT_TALK_IDS
    faster = search.SUBJECT_UNIT_TALK_IDS_BY_NAME
    broad, rare = search.params(unit_texts(demo)[-1]), search.params("不存在的文字")
    assert len(demo.db.execute(terms, broad).fetchall()) > search.BY_NAME_FROM
    assert search.id_source(demo, terms, broad) == faster
    assert search.id_source(demo, terms, rare) == terms
    for sql in q.search_own_ids[:-1]:
        assert search.id_source(demo, sql, broad) == sql
    for text in [*texts(demo), *unit_texts(demo)]:
        every = scanned(demo, text)
        found = core.find(demo, q, Filters(search=text), q.default)
        assert found is not None
        assert found.count == len(every), text
        assert found.page_ids(0, len(every) + 1) == every, text
        values = search.params(text)
        by_rows = sorted(r[0] for r in demo.db.execute(terms, values))
        assert sorted(r[0] for r in demo.db.execute(faster, values)) == by_rows, text


def test_the_unit_names_are_read_from_their_index_alone(demo: Store) -> None:
    """The distinct names are steps along the index and the matching names' talks come
    from it: no talk_subjects row is read."""
    sql = search.SUBJECT_UNIT_TALK_IDS_BY_NAME
    plan = demo.db.execute(f"EXPLAIN QUERY PLAN {sql}", search.params("镇")).fetchall()
    reads = [str(r[-1]) for r in plan if "talk_subjects" in str(r[-1])]
    assert len(reads) == 3, reads  # the names' first, the next name, the matches' talks
    for read in reads:
        assert f"USING COVERING INDEX {search.SUBJECT_UNIT_INDEX}" in read, reads


def test_a_walk_past_its_budget_sorts_the_matches(
    demo: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A walk that reads too many rows per match gives up and sorts the matches: the
    page is the same either way."""
    q = lists.TALKS
    f = Filters(search="王")
    every = core.ids(demo, q, f, q.default)
    assert len(every) > 200
    walked = core.find(demo, q, f, q.default)
    assert walked is not None and walked.page_ids(100, 50) == every[100:150]
    assert walked._ordered is None  # the walk served it
    monkeypatch.setattr(core, "WALK_PER_MATCH", 0)
    monkeypatch.setattr(core, "WALK_CHUNK", 1)
    sorted_ = core.find(demo, q, f, q.default)
    assert sorted_ is not None and sorted_.page_ids(100, 50) == every[100:150]
    assert sorted_._ordered == every


def test_find_leaves_other_filters_to_the_row_by_row_search(demo: Store) -> None:
    q = lists.TALKS
    assert core.find(demo, q, Filters(), q.default) is None
    assert core.find(demo, q, Filters(search="  "), q.default) is None
    assert core.find(demo, q, Filters(search="王", kind="提醒谈话"), q.default) is None
    assert core.find(demo, lists.PERSONS, Filters(search="王"), q.default) is None


def test_the_walk_reads_the_date_index_without_sorting(demo: Store) -> None:
    q = lists.TALKS
    for key in q.walk:
        for desc in (True, False):
            by = core.order(q, Sort(q.column_index(key), desc))
            plan = demo.db.execute(
                f"EXPLAIN QUERY PLAN SELECT {q.id_sql} AS _id FROM {q.source}{by}"
            ).fetchall()
            details = " ".join(str(r[-1]) for r in plan)
            assert "USING" in details and "INDEX" in details, details
            assert "TEMP B-TREE" not in details, details


def test_the_search_condition_still_names_every_source() -> None:
    """The search's WHERE (count, the other filters' path) holds each id source."""
    found = core.search_clause(lists.TALKS, "王")
    assert found is not None
    for sql in lists.TALKS.search_own_ids:
        assert f"t.id IN ({sql})" in found[0]


def test_the_talks_model_shows_the_same_rows(qtbot: QtBot, demo: Store) -> None:
    """The model (pages of 50) over `find` and over the plain query show the same cells."""
    model = TalksModel(demo, page_size=50)
    tester = QAbstractItemModelTester(model, Fatal)
    for text in ("王", "zhang", common_names(demo)[0]):
        for sort in (Sort(0, True), Sort(0, False), Sort(2, False)):
            model.sort(sort.column, Qt.SortOrder(int(sort.desc)))
            model.set_filters(Filters(search=text))
            assert model._found is not None
            plain = core.page(demo, model.q, Filters(search=text), sort, 0, 100_000)
            assert model.rowCount() == len(plain), text
            shown = [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]
            assert shown == [r["_id"] for r in plain], (text, sort)
            for r in (0, model.rowCount() // 2, model.rowCount() - 1):
                if r >= 0:
                    row = plain[r]
                    for c, column in enumerate(model.columns):
                        got = model.index(r, c).data(Qt.ItemDataRole.UserRole)
                        assert got == row[column.key], (text, r, column.key)
    del tester
