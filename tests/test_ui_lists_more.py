"""监督检查 and 函询 lists: Qt model contract, SQL sorting/filtering, colours, the tabs page."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.qtbot import QtBot
from ui_helpers import Seeded, seed
from ui_window import close_window, open_window

from desktop.store import Store
from desktop.store import records as rec
from desktop.ui.forms.record_form import RecordForm
from desktop.ui.main_window import MainWindow
from desktop.ui.models.base import DONE, DUE_SOON, ID_ROLE, OVERDUE, Filters, SqlListModel
from desktop.ui.models.lists import InquiriesModel, InspectionsModel
from desktop.ui.pages.list_page import ListPage
from desktop.ui.pages.list_tabs import ListTabs

Fatal = QAbstractItemModelTester.FailureReportingMode.Fatal


@dataclass
class More:
    base: Seeded
    inspections: dict[str, int] = field(default_factory=dict)
    inquiries: dict[str, int] = field(default_factory=dict)
    outcomes: dict[str, int] = field(default_factory=dict)


def seed_more(store: Store, s: Seeded) -> More:
    """Inspections, inquiries and sanctions on top of the small UI data set (today 2026-03-16)."""
    m = More(s)
    m.inspections["holiday"] = rec.insert(
        store,
        "inspections",
        {"kind": "节日期间检查", "theme": "春节期间纠治四风", "start_date": "2026-01-20",
         "end_date": "2026-02-05", "team": "李明、赵六"},
        {"inspection_units": [{"unit_id": s.units["城关镇"]}, {"unit_id": s.units["区财政局"]}]},
    )  # fmt: skip
    m.inspections["daily"] = rec.insert(
        store,
        "inspections",
        {"kind": "日常监督", "theme": "公务用车管理", "start_date": "2026-03-02"},
        {"inspection_units": [{"unit_id": s.units["区财政局"]}]},
    )
    rec.update(
        store, "rectifications", s.rects["overdue"], {"inspection_id": m.inspections["holiday"]}
    )
    rec.update(
        store, "rectifications", s.rects["soon"], {"inspection_id": m.inspections["holiday"]}
    )
    clue = s.clues["overdue"]  # 王芳's clue, disposed by 谈话函询
    m.inquiries["overdue"] = rec.insert(
        store,
        "inquiries",
        {"clue_id": clue, "person_id": s.persons["王芳"], "sent_date": "2026-01-13",
         "delivered_date": "2026-01-14", "reply_due": "2026-02-04"},
    )  # fmt: skip
    m.inquiries["replied"] = rec.insert(
        store,
        "inquiries",
        {"clue_id": s.clues["closed"], "person_id": s.persons["欧阳明远"],
         "sent_date": "2025-10-10", "delivered_date": "2025-10-11", "reply_due": "2025-10-31",
         "reply_date": "2025-10-28", "conclusion": "采信了结"},
    )  # fmt: skip
    m.inquiries["soon"] = rec.insert(
        store,
        "inquiries",
        {"clue_id": s.clues["soon"], "person_id": s.persons["张伟"], "sent_date": "2026-03-03",
         "delivered_date": "2026-03-04", "reply_due": "2026-03-20"},
    )  # fmt: skip
    # sanctions on 欧阳明远's closed clue: 政务警告 (6 months, to 2026-04-20), 撤职 (24 months)
    m.outcomes["warning"] = rec.insert(
        store,
        "clue_outcomes",
        {"clue_id": s.clues["closed"], "person_id": s.persons["欧阳明远"], "outcome": "政务警告",
         "decided_date": "2025-10-20"},
    )  # fmt: skip
    m.outcomes["dismissal"] = rec.insert(
        store,
        "clue_outcomes",
        {"clue_id": s.clues["closed"], "person_id": s.persons["欧阳明远"], "outcome": "撤职",
         "decided_date": "2026-01-20"},
    )  # fmt: skip
    return m


@pytest.fixture
def more(store: Store) -> More:
    return seed_more(store, seed(store))


def values(model: SqlListModel, column: int, role: int = Qt.ItemDataRole.UserRole) -> list:
    return [model.index(r, column).data(role) for r in range(model.rowCount())]


@pytest.mark.parametrize(
    "model_class", (InspectionsModel, InquiriesModel), ids=lambda c: c.__name__
)
def test_contract_and_sorting(qtbot: QtBot, store: Store, more: More, model_class: type) -> None:
    model = model_class(store)
    QAbstractItemModelTester(model, Fatal)
    assert model.rowCount() > 0
    for c in range(model.columnCount()):
        header = model.headerData(c, Qt.Orientation.Horizontal)
        assert header and not any(ch.isascii() for ch in header), header
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(c, order)
            got = [v for v in values(model, c) if v is not None]
            assert got == sorted(got, reverse=order == Qt.SortOrder.DescendingOrder)
            assert values(model, c)[: len(got)] == got  # NULLs last


def test_inspections_counts_and_filters(store: Store, more: More) -> None:
    model = InspectionsModel(store)
    by_id = {model.index(r, 0).data(ID_ROLE): r for r in range(model.rowCount())}
    row = by_id[more.inspections["holiday"]]
    assert model.index(row, model.UNITS).data() == "2"
    assert model.index(row, model.FINDINGS).data() == "2"
    model.set_filters(Filters(kind="日常监督"))
    assert model.rowCount() == 1 and model.index(0, model.THEME).data() == "公务用车管理"
    model.set_filters(Filters(unit_id=more.base.units["城关镇"]))
    assert model.rowCount() == 1 and model.index(0, 0).data(ID_ROLE) == more.inspections["holiday"]
    model.set_filters(Filters(search="财政"))  # a covered unit's name
    assert model.rowCount() == 2
    model.set_filters(Filters(search="用车"))
    assert model.rowCount() == 1


def test_inquiries_colours_and_filters(store: Store, more: More) -> None:
    model = InquiriesModel(store)
    colour = {
        model.index(r, 0).data(ID_ROLE): model.index(r, model.DUE).data(
            Qt.ItemDataRole.BackgroundRole
        )
        for r in range(model.rowCount())
    }
    assert colour[more.inquiries["overdue"]] == OVERDUE[0]
    assert colour[more.inquiries["soon"]] == DUE_SOON[0]
    assert colour[more.inquiries["replied"]] == DONE[0]
    model.set_filters(Filters(status="逾期未回复"))
    assert model.rowCount() == 1
    assert model.index(0, model.PERSON).data() == "王芳"
    assert model.index(0, model.CLUE).data() == "XS2026-001"
    model.set_filters(Filters(kind="采信了结"))
    assert model.rowCount() == 1 and model.index(0, model.REPLIED).data() == "2025-10-28"
    model.set_filters(Filters(person_id=more.base.persons["张伟"]))
    assert model.rowCount() == 1
    model.set_filters(Filters(search="欧阳"))
    assert model.rowCount() == 1


@pytest.fixture
def window(qtbot: QtBot, store: Store, more: More) -> Iterator[MainWindow]:
    w = open_window(qtbot, store, confirm=lambda *_: True, offer_drafts=False)
    yield w
    close_window(qtbot, w)


@pytest.mark.parametrize("table", ("inspections", "inquiries"))
def test_tabs_new_and_open_forms(qtbot: QtBot, window: MainWindow, more: More, table: str) -> None:
    window.select_page("监督检查与整改")
    tabs = window.current_page()
    assert isinstance(tabs, ListTabs)
    assert window.current_list() is tabs.lists[0]  # 整改事项 first
    page = tabs.show_list(table)
    assert window.current_list() is page
    assert window.count_label.text() == f"共 {page.model.rowCount()} 条"
    assert page in window.list_pages()
    assert window.new_action.isEnabled()
    window.new_action.trigger()  # Ctrl+N
    form = window.open_forms[-1]
    assert isinstance(form, RecordForm) and form.table == table and form.record_id is None
    form.close()
    page.view.doubleClicked.emit(page.model.index(0, 1))
    form = window.open_forms[-1]
    assert form.table == table and form.record_id == page.model.record_id(0)
    form.close()


def test_tabbed_lists_refresh_with_the_rest(window: MainWindow, store: Store, more: More) -> None:
    page = window.select_page("监督检查与整改")
    assert isinstance(page, ListPage) and page.model.table == "rectifications"
    tabs = window.pages["监督检查与整改"]
    assert isinstance(tabs, ListTabs)
    inquiries = tabs.show_list("inquiries")
    before = inquiries.model.rowCount()
    rec.delete(store, "inquiries", more.inquiries["soon"])
    window.refresh_all()
    assert inquiries.model.rowCount() == before - 1
    assert window.count_label.text() == f"共 {before - 1} 条"
