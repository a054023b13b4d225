"""The pickers' completer: a list of the combo's rows that matched, not a filter over all
of them (30k names at a large office), kept right as the combo's items change."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from ui_helpers import Seeded

from desktop.store import Store
from desktop.store import records as rec
from desktop.ui.name_completer import NameCompleter, attach_name_completer

pytestmark = pytest.mark.qt_log_ignore(
    r"^This plugin does not support (raise\(\)|grabbing the keyboard)$"
)

NEW_PERSON = -1  # an action item, as the forms' 新建人员…


def _picker(qtbot: QtBot, store: Store, names: list[tuple[str, int]]) -> QComboBox:
    combo = QComboBox()
    qtbot.addWidget(combo)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItem("", None)
    for name, rid in names:
        combo.addItem(name, rid)
    combo.addItem("新建人员…", NEW_PERSON)
    attach_name_completer(combo, store, "persons")
    return combo


def _listed(completer: NameCompleter) -> list[str]:
    model = completer.matched
    return [str(model.index(r, 0).data()) for r in range(model.rowCount())]


def test_matches_are_the_combos_rows_best_first(qtbot: QtBot, store: Store, seeded: Seeded) -> None:
    persons = seeded.persons
    other = rec.insert(store, "persons", {"name": "王芳", "unit_id": seeded.units["区财政局"]})
    everyone = [(name, rid) for name, rid in persons.items()] + [("王芳", other)]
    combo = _picker(qtbot, store, everyone)
    completer = combo.completer()
    assert isinstance(completer, NameCompleter)
    matched = completer.matched
    QAbstractItemModelTester(matched, QAbstractItemModelTester.FailureReportingMode.Fatal)
    assert matched.rowCount() == 0  # nothing typed: nothing listed, no row read
    combo.lineEdit().setText("wf")
    combo.lineEdit().setModified(True)
    completer.splitPath("wf")
    assert _listed(completer) == ["王芳", "王芳"]  # namesakes: both rows, each its own id
    ids = [matched.mapToSource(matched.index(r, 0)).data(Qt.ItemDataRole.UserRole)
           for r in range(matched.rowCount())]  # fmt: skip
    assert sorted(ids) == sorted([persons["王芳"], other])
    for r in range(matched.rowCount()):
        source = matched.mapToSource(matched.index(r, 0))
        assert matched.mapFromSource(source).row() == r
    completer.splitPath("新建")
    assert _listed(completer) == ["新建人员…"]  # an action when its own text is typed
    assert matched.row_of(persons["张伟"]) == combo.findData(persons["张伟"])
    assert matched.row_of(10_000) == -1


def test_a_name_looked_up_is_added_once_before_the_actions(
    qtbot: QtBot, store: Store, seeded: Seeded
) -> None:
    combo = _picker(qtbot, store, [("李强", seeded.persons["李强"])])
    completer = combo.completer()
    assert isinstance(completer, NameCompleter)
    QAbstractItemModelTester(completer.matched, QAbstractItemModelTester.FailureReportingMode.Fatal)
    combo.lineEdit().setModified(True)
    assert completer.load("zw") == [seeded.persons["张伟"]]
    assert completer.load("zw") == [seeded.persons["张伟"]]  # not twice
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert texts == ["", "李强", "张伟", "新建人员…"]
    completer.splitPath("zw")  # rows moved by the insert: read again
    assert _listed(completer) == ["张伟"]
    assert completer.matched.row_of(seeded.persons["张伟"]) == 2
    combo.removeItem(1)
    assert completer.matched.rowCount() == 0  # the combo changed: listed again when typed
    assert completer.matched.row_of(seeded.persons["张伟"]) == 1


def test_choosing_from_the_popup_sets_the_combo_to_that_row(
    qtbot: QtBot, store: Store, seeded: Seeded
) -> None:
    other = rec.insert(store, "persons", {"name": "王芳", "unit_id": seeded.units["区财政局"]})
    combo = _picker(qtbot, store, [("王芳", seeded.persons["王芳"]), ("王芳", other)])
    combo.show()
    combo.setFocus()
    qtbot.keyClicks(combo.lineEdit(), "wangf")
    completer = combo.completer()
    assert isinstance(completer, NameCompleter)
    popup = completer.popup()
    model = completer.completionModel()
    assert model.rowCount() == 2
    chosen = completer.matched.mapToSource(completer.matched.index(1, 0)).row()
    popup.setCurrentIndex(model.index(1, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert combo.currentIndex() == chosen  # the row chosen, not the first of that name


def test_a_refill_is_followed_once_it_is_done(qtbot: QtBot, store: Store, seeded: Seeded) -> None:
    """The timeline refills its box with thousands of names without a call per item;
    what is typed afterwards finds the rows where they now are."""
    people = list(seeded.persons.items())
    combo = _picker(qtbot, store, people)
    completer = combo.completer()
    assert isinstance(completer, NameCompleter)
    QAbstractItemModelTester(completer.matched, QAbstractItemModelTester.FailureReportingMode.Fatal)
    combo.lineEdit().setModified(True)
    completer.splitPath("zw")
    assert _listed(completer) == ["张伟"]
    with completer.matched.refilling():
        combo.clear()
        combo.addItem("", None)
        for name, rid in reversed(people):
            combo.addItem(name, rid)
    assert completer.matched.rowCount() == 0
    completer.splitPath("zw")
    assert _listed(completer) == ["张伟"]
    row = completer.matched.mapToSource(completer.matched.index(0, 0)).row()
    assert combo.itemData(row) == seeded.persons["张伟"]


def test_the_timeline_tells_its_box_where_each_person_is(
    qtbot: QtBot, store: Store, seeded: Seeded
) -> None:
    """The 时间线 fills its person box and says which row holds whom (not read back from
    30k items on the first key): what it says is where they are."""
    from desktop.ui.timeline import TimelineWidget

    widget = TimelineWidget(store)
    qtbot.addWidget(widget)
    combo = widget.person_combo
    matched = widget.person_completer.matched
    told = matched.rows_by_id()
    assert len(told) == combo.count() - 1 == len(seeded.persons)
    for record_id, row in told.items():
        assert combo.itemData(row) == record_id
    rec.insert(store, "persons", {"name": "张帆", "unit_id": seeded.units["城关镇"]})
    widget.reload_choices()
    assert all(combo.itemData(row) == rid for rid, row in matched.rows_by_id().items())
    assert len(matched.rows_by_id()) == combo.count() - 1
