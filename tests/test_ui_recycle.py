"""Delete every record kind through its list (Delete key or the toolbar's 删除) and restore
it from the 回收站 page, asserting on what the lists show the clerk."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_ui_lists_more import More, seed_more
from ui_helpers import seed
from ui_window import Answers, answered_window

from desktop.store import Store
from desktop.store import records as rec
from desktop.store.kinds import KINDS
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.list_page import ListPage
from desktop.ui.pages.list_tabs import ListTabs
from desktop.ui.pages.recycle import RecyclePage


@pytest.fixture
def more(store: Store) -> More:
    return seed_more(store, seed(store))


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def window(qtbot: QtBot, store: Store, more: More, answers: Answers) -> Iterator[MainWindow]:
    yield from answered_window(qtbot, store, answers)


@dataclass(frozen=True)
class Case:
    page: str  # sidebar page
    table: str
    pick: Callable[[Store, More], int]  # the record to delete (nothing refers to it)
    seen: str  # text of its row in the list
    search: str  # what the clerk types to find it


def _new_unit(store: Store, _m: More) -> int:
    return rec.insert(store, "units", {"name": "临时专班", "kind": "其他"})


def _proposal(store: Store, m: More) -> int:
    return rec.insert(
        store,
        "proposals",
        {"kind": "监察建议书", "matter": "关于加强工程款拨付审核的监察建议",
         "unit_id": m.base.units["区水务公司"], "problems": "审核不严",
         "recommendations": "建立复核制度", "reply_due": "2026-04-15", "status": "待回复"},
    )  # fmt: skip


CASES = (
    Case("单位", "units", _new_unit, "临时专班", "临时专班"),
    Case("人员档案", "persons", lambda _s, m: m.base.persons["芳菲"], "芳菲", "芳菲"),
    Case("谈话记录", "talks", lambda _s, m: m.base.talks[1], "报销不规范问题提醒", "报销"),
    Case("问题线索", "clues", lambda _s, m: m.base.clues["new"], "XS2026-003", "村务公开"),
    Case("监督检查与整改", "rectifications", lambda _s, m: m.base.rects["far"], "资产台账", "资产"),
    Case(
        "监督检查与整改",
        "inspections",
        lambda _s, m: m.inspections["daily"],
        "公务用车",
        "公务用车",
    ),
    Case("监督检查与整改", "inquiries", lambda _s, m: m.inquiries["soon"], "张伟", "张伟"),
    Case("监督检查与整改", "proposals", _proposal, "工程款拨付", "工程款"),
)


def open_list(window: MainWindow, case: Case) -> ListPage:
    window.select_page(case.page)
    page = window.pages[case.page]
    if isinstance(page, ListTabs):
        return page.show_list(case.table)
    assert isinstance(page, ListPage)
    return page


def rows(page: ListPage) -> list[str]:
    """Every row as the clerk reads it (the visible columns joined)."""
    model = page.model
    return [
        " ".join(str(model.index(r, c).data() or "") for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]


def showing(page: ListPage, text: str) -> bool:
    return any(text in row for row in rows(page))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.table)
@pytest.mark.parametrize("how", ["key", "toolbar"])
def test_delete_and_restore_each_kind_through_the_ui(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    more: More,
    answers: Answers,
    case: Case,
    how: str,
) -> None:
    record_id = case.pick(store, more)
    window.refresh_all()
    before = rec.snapshot(store, case.table, record_id)
    page = open_list(window, case)
    assert window.current_list() is page
    assert showing(page, case.seen)
    count = page.model.rowCount()

    page.search.setText(case.search)
    page.apply_filters()
    (row,) = [r for r in range(page.model.rowCount()) if page.model.record_id(r) == record_id]
    page.view.selectRow(row)
    assert window.delete_action.isEnabled()
    if how == "key":
        page.view.setFocus()
        qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    else:
        window.delete_action.trigger()
    label = KINDS[case.table].label
    assert answers.asked[-1].startswith(f"确定将{label}“") and "移入回收站" in answers.asked[-1]
    assert not showing(page, case.seen)
    page.reset_filters()
    assert page.model.rowCount() == count - 1 and not showing(page, case.seen)

    bin_page = window.select_page("回收站")
    assert isinstance(bin_page, RecyclePage)
    assert window.count_label.text() == f"共 {bin_page.model.rowCount()} 条"
    found = [r for r in rows(bin_page) if r.startswith(label)]
    assert len(found) == 1 and "李明" in found[0]  # who deleted it
    bin_row = rows(bin_page).index(found[0])
    bin_page.view.selectRow(bin_row)
    assert bin_page.restore_button.isEnabled()
    qtbot.mouseClick(bin_page.restore_button, Qt.MouseButton.LeftButton)
    assert answers.asked[-1].startswith(f"确定恢复{label}“")
    assert not [r for r in rows(bin_page) if r.startswith(label)]

    page = open_list(window, case)
    assert page.model.rowCount() == count and showing(page, case.seen)
    assert rec.snapshot(store, case.table, record_id) == before
    assert answers.errors == []


def test_bin_lists_every_kind_and_its_filter_narrows(
    qtbot: QtBot, window: MainWindow, store: Store, more: More, answers: Answers
) -> None:
    for case in CASES:
        record_id = case.pick(store, more)
        window.refresh_all()
        page = open_list(window, case)
        page.search.setText(case.search)
        page.apply_filters()
        (row,) = [r for r in range(page.model.rowCount()) if page.model.record_id(r) == record_id]
        page.view.selectRow(row)
        assert window.delete_selected()
        page.reset_filters()
    bin_page = window.select_page("回收站")
    assert isinstance(bin_page, RecyclePage)
    kinds = sorted(r.split(" ")[0] for r in rows(bin_page))
    assert kinds == sorted(KINDS[c.table].label for c in CASES)
    assert bin_page.kind_combo is not None
    bin_page.kind_combo.setCurrentIndex(bin_page.kind_combo.findData("inquiries"))
    assert rows(bin_page) and all(r.startswith("函询") for r in rows(bin_page))
    assert "张伟" in rows(bin_page)[0]  # whose 函询 it was, not just a date
    # restoring the talk brings it back to its list with its subject and talker
    bin_page.reset_filters()
    talk = rows(bin_page).index(next(r for r in rows(bin_page) if r.startswith("谈话记录")))
    bin_page.view.selectRow(talk)
    assert bin_page.restore_selected()
    talks = window.select_page("谈话记录")
    assert isinstance(talks, ListPage)
    assert any("张伟" in r and "李强" in r and "报销不规范" in r for r in rows(talks))
