"""The person filter on the lists: type part of a name, pick from the completer, the list
shows that person's records (SQL filter of the list model)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_ui_lists_more import More, seed_more
from test_ui_main_window import Answers
from test_ui_recycle import Case, open_list, rows
from ui_helpers import seed
from ui_window import answered_window

from desktop.store import Store
from desktop.store import records as rec
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.list_page import ListPage
from desktop.ui.pages.person_filter import NOBODY, PersonFilter, person_choices

# The completer's popup asks the offscreen platform for things it does not do by design.
pytestmark = pytest.mark.qt_log_ignore(
    r"^This plugin does not support (raise\(\)|grabbing the keyboard)$"
)


@pytest.fixture
def more(store: Store) -> More:
    m = seed_more(store, seed(store))
    # a namesake in another unit, and an item two people answer for
    m.base.persons["王芳2"] = rec.insert(
        store, "persons", {"name": "王芳", "unit_id": m.base.units["区财政局"]}
    )
    rec.insert(
        store,
        "rectifications",
        {"finding": "专项资金拨付滞后", "found_date": "2026-02-01", "deadline": "2026-04-30",
         "unit_id": m.base.units["区财政局"], "status": "整改中", "responsible": "芳菲、张伟"},
    )  # fmt: skip
    return m


@pytest.fixture
def window(qtbot: QtBot, store: Store, more: More) -> Iterator[MainWindow]:
    yield from answered_window(qtbot, store, Answers())


def page_of(window: MainWindow, page: str, table: str) -> ListPage:
    return open_list(window, Case(page, table, lambda _s, _m: 0, "", ""))


def picker(page: ListPage) -> PersonFilter:
    assert page.person_filter is not None
    return page.person_filter


def type_name(qtbot: QtBot, box: PersonFilter, text: str) -> list[str]:
    """Type like the clerk (CJK arrives committed, as from an IME); the suggestions shown."""
    box.setFocus()
    box.clear()
    box.insert(text)
    box.textEdited.emit(box.text())
    return [box.suggestions.item(r).text() for r in range(box.suggestions.rowCount())]


def pick(qtbot: QtBot, box: PersonFilter, label: str) -> None:
    """Choose a suggestion in the completer popup with the keyboard."""
    popup = box.completer_.popup()
    assert popup.isVisible()
    model = popup.model()
    (row,) = [r for r in range(model.rowCount()) if model.index(r, 0).data() == label]
    popup.setCurrentIndex(model.index(row, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def test_suggestions_find_short_names_and_tell_namesakes_apart(store: Store, more: More) -> None:
    assert [t for t, _ in person_choices(store, "芳")] == [
        "芳菲",
        "王芳（城关镇）",
        "王芳（区财政局）",
    ]
    assert [t for t, _ in person_choices(store, "欧阳")] == ["欧阳明远"]
    assert person_choices(store, "") == []


def test_lists_with_persons_have_the_filter(window: MainWindow) -> None:
    tabs = "监督检查与整改"
    for name, table in (("谈话记录", "talks"), ("问题线索", "clues"),
                        (tabs, "rectifications"), (tabs, "inquiries")):  # fmt: skip
        assert page_of(window, name, table).person_filter is not None, table
    for name, table in (("人员档案", "persons"), ("单位", "units"), ("文书登记", "documents")):
        assert page_of(window, name, table).person_filter is None, table


def test_pick_a_person_on_talks_and_reset(qtbot: QtBot, window: MainWindow) -> None:
    page = page_of(window, "谈话记录", "talks")
    box = picker(page)
    assert page.model.rowCount() == 3
    assert type_name(qtbot, box, "欧阳") == ["欧阳明远"]
    pick(qtbot, box, "欧阳明远")
    assert box.text() == "欧阳明远"
    assert [r.split(" ")[2] for r in rows(page)] == ["欧阳明远"]
    assert window.count_label.text() == "共 1 条"
    page.reset_filters()
    assert box.text() == "" and page.model.rowCount() == 3


def test_namesakes_on_clues_and_inquiries(qtbot: QtBot, window: MainWindow) -> None:
    clues = page_of(window, "问题线索", "clues")
    box = picker(clues)
    assert type_name(qtbot, box, "王芳") == ["王芳（城关镇）", "王芳（区财政局）"]
    pick(qtbot, box, "王芳（城关镇）")
    assert [r.split(" ")[0] for r in rows(clues)] == ["XS2026-001"]
    type_name(qtbot, box, "王芳")
    pick(qtbot, box, "王芳（区财政局）")
    assert rows(clues) == []  # the other 王芳 is on no clue

    inquiries = page_of(window, "监督检查与整改", "inquiries")
    box = picker(inquiries)
    type_name(qtbot, box, "张")
    pick(qtbot, box, "张伟")
    assert len(rows(inquiries)) == 1 and "张伟" in rows(inquiries)[0]


def test_typed_name_without_picking(qtbot: QtBot, window: MainWindow) -> None:
    page = page_of(window, "问题线索", "clues")
    box = picker(page)
    type_name(qtbot, box, "张伟")
    box.editingFinished.emit()  # Enter or leaving the field
    assert [r.split(" ")[0] for r in rows(page)] == ["XS2026-002"]
    type_name(qtbot, box, "王芳")  # two of them: the clerk must choose
    box.editingFinished.emit()
    assert box.person_id == NOBODY and rows(page) == []
    assert "请从列表中选择" in box.toolTip()
    type_name(qtbot, box, "赵六")
    box.editingFinished.emit()
    assert rows(page) == [] and "没有找到名为“赵六”的人员" in box.toolTip()
    box.clear()  # the clear button
    assert page.model.rowCount() == 4 and box.property("invalid") is False


def test_rectifications_by_responsible_person(qtbot: QtBot, window: MainWindow) -> None:
    page = page_of(window, "监督检查与整改", "rectifications")
    box = picker(page)
    type_name(qtbot, box, "张伟")
    pick(qtbot, box, "张伟")
    assert [r.split(" ")[0] for r in rows(page)] == ["专项资金拨付滞后"]
    type_name(qtbot, box, "李强")
    pick(qtbot, box, "李强")
    assert len(rows(page)) == 4  # every item of the small data set names 李强
    type_name(qtbot, box, "芳")
    pick(qtbot, box, "芳菲")
    assert [r.split(" ")[0] for r in rows(page)] == ["专项资金拨付滞后"]
    type_name(qtbot, box, "王芳")
    pick(qtbot, box, "王芳（城关镇）")
    assert rows(page) == []  # 芳菲 is not 王芳
