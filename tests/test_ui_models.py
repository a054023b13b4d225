"""The windowed SQL list models: Qt model contract, SQL sorting/filtering, search, colours."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.qtbot import QtBot
from ui_helpers import Seeded, open_store, seed

from desktop.store import Store, pinyin
from desktop.store import records as rec
from desktop.ui.models.base import DONE, DUE_SOON, ID_ROLE, OVERDUE, Filters, SqlListModel
from desktop.ui.models.lists import (
    CluesModel,
    DocumentsModel,
    PersonsModel,
    RectificationsModel,
    RecycleBinModel,
    TalksModel,
    UnitsModel,
)

ALL_MODELS = (
    TalksModel,
    CluesModel,
    RectificationsModel,
    PersonsModel,
    UnitsModel,
    DocumentsModel,
    RecycleBinModel,
)
Fatal = QAbstractItemModelTester.FailureReportingMode.Fatal


@pytest.fixture
def seeded(store: Store) -> Seeded:
    data = seed(store)
    rec.delete(store, "talks", data.talks[0])  # something in the recycle bin
    return data


def column_values(model: SqlListModel, column: int, role: int = Qt.ItemDataRole.UserRole) -> list:
    return [model.index(r, column).data(role) for r in range(model.rowCount())]


def ids(model: SqlListModel) -> set[int]:
    return {model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())}


@pytest.mark.parametrize("model_class", ALL_MODELS, ids=lambda c: c.__name__)
def test_model_contract_sort_and_filter(
    qtbot: QtBot, store: Store, seeded: Seeded, model_class: type[SqlListModel]
) -> None:
    model = model_class(store)
    tester = QAbstractItemModelTester(model, Fatal)
    assert model.rowCount() > 0
    assert model.columnCount() == len(model.columns)
    for c in range(model.columnCount()):
        header = model.headerData(c, Qt.Orientation.Horizontal)
        assert header and all(not ch.isascii() or ch in "/" for ch in header), header
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(c, order)
            values = [v for v in column_values(model, c) if v is not None]
            by_pinyin = "name_pinyin" in (model.columns[c].sort_sql or "")  # names: by pinyin
            expected = sorted(
                values,
                key=(lambda v: str(pinyin.name_keys(str(v))["name_pinyin"])) if by_pinyin else None,
                reverse=order == Qt.SortOrder.DescendingOrder,
            )
            assert values == expected, (model.columns[c].key, order)
            # NULLs last in both directions
            raw = column_values(model, c)
            assert raw[: len(values)] == values
    model.set_filters(Filters(search="不存在的内容xyz"))
    assert model.rowCount() == 0
    model.set_filters(Filters())
    assert model.rowCount() > 0
    del tester


def test_talks_filters(store: Store, seeded: Seeded) -> None:
    model = TalksModel(store)
    QAbstractItemModelTester(model, Fatal)
    assert model.rowCount() == 2  # one of three is in the recycle bin
    model.set_filters(Filters(kind="诫勉谈话"))
    assert model.rowCount() == 1
    assert model.index(0, TalksModel.SUBJECTS).data() == "欧阳明远"
    model.set_filters(Filters(date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 2, 28)))
    assert column_values(model, TalksModel.DATE) == ["2026-02-10"]
    model.set_filters(Filters(person_id=seeded.persons["张伟"]))
    assert ids(model) == {seeded.talks[1]}
    model.set_filters(Filters(unit_id=seeded.units["区水务公司"]))
    assert ids(model) == {seeded.talks[2]}
    model.set_filters(Filters(search="李强"))  # the talker
    assert model.rowCount() == 2


@pytest.mark.parametrize("text", ["芳", "王芳"])
def test_short_chinese_name_search_finds_person(store: Store, seeded: Seeded, text: str) -> None:
    persons = PersonsModel(store)
    QAbstractItemModelTester(persons, Fatal)
    persons.set_filters(Filters(search=text))
    names = set(column_values(persons, PersonsModel.NAME))
    assert "王芳" in names
    assert names <= {"王芳", "芳菲"}
    clues = CluesModel(store)
    clues.set_filters(Filters(search=text))
    assert seeded.clues["overdue"] in ids(clues)


def test_two_character_search_on_talks_and_long_names(store: Store, seeded: Seeded) -> None:
    talks = TalksModel(store)
    talks.set_filters(Filters(search="张伟"))
    assert ids(talks) == {seeded.talks[1]}
    talks.set_filters(Filters(search="欧阳"))
    assert ids(talks) == {seeded.talks[2]}
    talks.set_filters(Filters(search="报销不规范"))  # ≥3 characters in free text
    assert ids(talks) == {seeded.talks[1]}


def test_a_talked_to_clue_is_no_longer_overdue(store: Store, seeded: Seeded) -> None:
    """谈话函询: once the talk is recorded, the clue's 办理时限 no longer shows red."""
    from desktop.store import records

    model = CluesModel(store)
    clue = seeded.clues["overdue"]

    def background() -> object:
        row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(ID_ROLE) == clue)
        return model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole)

    assert background() == OVERDUE[0]
    records.insert(
        store,
        "talks",
        {"date": "2026-03-10", "kind": "函询", "reason": "就反映的问题谈话函询", "clue_id": clue},
        {
            "talk_talkers": [{"name": "李强", "role": "纪检干部"}],
            "talk_subjects": [{"person_id": seeded.persons["王芳"], "unit_name": "", "post": ""}],
        },
    )
    model.refresh()
    assert model.index(0, CluesModel.STATUS).data() is not None
    assert background() is None


def test_clue_status_and_deadline_colours(store: Store, seeded: Seeded) -> None:
    model = CluesModel(store)
    by_id = {model.index(r, 0).data(ID_ROLE): r for r in range(model.rowCount())}
    status = {k: model.index(by_id[v], CluesModel.STATUS).data() for k, v in seeded.clues.items()}
    assert status == {"overdue": "谈话函询", "soon": "初核中", "closed": "已结案", "new": "待处置"}
    bg = Qt.ItemDataRole.BackgroundRole
    fg = Qt.ItemDataRole.ForegroundRole
    assert model.index(by_id[seeded.clues["overdue"]], 0).data(bg) == OVERDUE[0]
    assert model.index(by_id[seeded.clues["overdue"]], 0).data(fg) == OVERDUE[1]
    assert model.index(by_id[seeded.clues["soon"]], 3).data(bg) == DUE_SOON[0]
    assert model.index(by_id[seeded.clues["closed"]], 0).data(bg) is None  # closed: not overdue
    assert model.index(by_id[seeded.clues["new"]], 0).data(bg) is None
    model.set_filters(Filters(status="初核中"))
    assert ids(model) == {seeded.clues["soon"]}
    model.set_filters(Filters(kind="信访举报"))
    assert ids(model) == {seeded.clues["overdue"]}
    model.set_filters(Filters(unit_id=seeded.units["区水务公司"]))  # via the reported person
    assert ids(model) == {seeded.clues["closed"]}


def test_rectification_overdue_amber_done(store: Store, seeded: Seeded) -> None:
    model = RectificationsModel(store)
    QAbstractItemModelTester(model, Fatal)
    rows = {model.index(r, 0).data(ID_ROLE): r for r in range(model.rowCount())}
    bg, fg = Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole

    def cell(key: str, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return model.index(rows[seeded.rects[key]], column).data(role)

    assert cell("overdue", RectificationsModel.STATUS) == "逾期"
    assert cell("overdue", 0, bg) == OVERDUE[0]
    assert cell("soon", RectificationsModel.STATUS) == "待整改"
    assert cell("soon", 0, bg) == DUE_SOON[0]
    assert cell("far", 0, bg) is None
    assert cell("done", RectificationsModel.STATUS) == "已销号"
    assert cell("done", 0, fg) == DONE[1]
    model.set_filters(Filters(status="逾期"))
    assert ids(model) == {seeded.rects["overdue"]}
    model.set_filters(Filters(unit_id=seeded.units["区财政局"]))
    assert ids(model) == {seeded.rects["far"]}


def test_today_comes_from_store_clock(data_dir: Path) -> None:
    store = open_store(data_dir)
    try:
        data = seed(store)
        store.clock = lambda: dt.datetime(2026, 1, 1, 8, 0)
        model = RectificationsModel(store)
        row = next(
            r
            for r in range(model.rowCount())
            if model.index(r, 0).data(ID_ROLE) == data.rects["overdue"]
        )
        assert model.index(row, RectificationsModel.STATUS).data() == "整改中"
        assert model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    finally:
        store.close()


def test_recycle_bin_lists_who_and_when(store: Store, seeded: Seeded) -> None:
    rec.delete(store, "persons", seeded.persons["芳菲"])
    model = RecycleBinModel(store)
    QAbstractItemModelTester(model, Fatal)
    assert model.rowCount() == 2
    assert model.index(0, RecycleBinModel.KIND).data() == "人员"
    assert model.index(0, RecycleBinModel.TITLE).data() == "芳菲"
    assert model.index(0, RecycleBinModel.DELETED_BY).data() == "李明"
    assert model.index(0, RecycleBinModel.DELETED_AT).data() == "2026-03-16 09:30:00"
    assert model.index(1, RecycleBinModel.KIND).data() == "谈话记录"
    rec.restore(store, model.index(0, 0).data(ID_ROLE))
    model.refresh()
    assert model.rowCount() == 1


def test_windowing_fetches_only_pages_it_shows(store: Store) -> None:
    """25 pages of persons (the model tester walks every row at each reset: 5 000 rows
    show what 20 000 did at a quarter of the cost); the view reads 4 of them."""
    unit = rec.insert(store, "units", {"name": "大数据镇"})
    now = store.now()
    with store.transaction():
        store.db.conn.executemany(
            "INSERT INTO persons (name, unit_id, post, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?)",
            ((f"人员{i:05d}", unit, "干部", now, now) for i in range(5_000)),
        )
    model = PersonsModel(store)
    tester = QAbstractItemModelTester(model, Fatal)
    assert model.rowCount() == 5_000
    page = model.page_size
    assert 25 * page <= 5_000
    for r in range(60):  # what a view shows on screen
        for c in range(model.columnCount()):
            model.index(r, c).data()
    model.index(4_999, 0).data()  # jump to the end
    assert model.index(4_999, PersonsModel.NAME).data() == "人员04999"
    assert model.rows_fetched <= 4 * page, model.rows_fetched
    model.sort(PersonsModel.NAME, Qt.SortOrder.DescendingOrder)
    fetched = model.rows_fetched
    assert model.index(0, PersonsModel.NAME).data() == "人员04999"
    assert model.rows_fetched - fetched <= page
    model.set_filters(Filters(search="人员0499"))
    assert model.rowCount() == 10
    assert model.rowCount(QModelIndex()) == 10
    del tester


@pytest.mark.parametrize("model_class", ALL_MODELS, ids=lambda c: c.__name__)
def test_page_by_ids_shows_what_the_plain_query_shows(
    store: Store, seeded: Seeded, model_class: type[SqlListModel]
) -> None:
    """Pages pick their ids first and compute display columns for those rows only; the
    rows, their order (NULLs last) and every cell must be those of one plain query."""
    model = model_class(store, page_size=2)  # several pages, even on the small seed
    plain = model_class(store, page_size=2)
    plain.q = replace(plain.q, unique_id=False)
    filters = [Filters(), Filters(search="王"), Filters(search="区"), Filters(search="张伟")]
    if model.q.unit:
        filters.append(Filters(unit_id=seeded.units["区水务公司"]))

    def cells(m: SqlListModel) -> list[list[object]]:
        return [
            [m.index(r, c).data(role) for c in range(m.columnCount()) for role in ROLES]
            for r in range(m.rowCount())
        ]

    for f in filters:
        for column in range(model.columnCount()):
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                for m in (model, plain):
                    m.set_filters(f)
                    m.sort(column, order)
                assert cells(model) == cells(plain), (f, model.columns[column].key, order)


ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.UserRole,
    ID_ROLE,
    Qt.ItemDataRole.BackgroundRole,
)


def test_roles_no_list_uses_read_no_rows(store: Store, seeded: Seeded) -> None:
    """A view asks font, decoration, size hint… of every cell it paints: answered
    without reading a page."""
    model = TalksModel(store)
    unused = (
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.SizeHintRole,
        Qt.ItemDataRole.CheckStateRole,
    )
    for role in unused:
        assert model.index(0, 0).data(role) is None
    assert model.page_queries == 0
    assert model.index(0, 0).data() and model.page_queries == 1
