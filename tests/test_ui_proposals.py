"""建议书: the list model, the tab on 监督检查与整改, and the entry form."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot
from ui_helpers import Seeded, seed

from desktop.store import Store
from desktop.store import records as rec
from desktop.ui.app import configure_application_identity
from desktop.ui.forms.record_form import DISCARD, ProposalForm, RecordForm
from desktop.ui.main_window import MainWindow
from desktop.ui.models.base import DONE, DUE_SOON, ID_ROLE, OVERDUE, Filters
from desktop.ui.models.lists import ProposalsModel
from desktop.ui.name_completer import NameCompleter
from desktop.ui.pages.list_page import ListPage
from desktop.ui.pages.list_tabs import ListTabs

Fatal = QAbstractItemModelTester.FailureReportingMode.Fatal


@dataclass
class Seed:
    base: Seeded
    proposals: dict[str, int] = field(default_factory=dict)
    document: int = 0


def _proposal(s: Seeded, **values: object) -> dict[str, object]:
    return {
        "kind": "纪律检查建议书",
        "matter": "食堂管理",
        "unit_id": s.units["城关镇"],
        "problems": "食堂账目不清",
        "recommendations": "建立食堂台账",
        "status": "待回复",
        **values,
    }


def seed_proposals(store: Store, s: Seeded) -> Seed:
    """Today is 2026-03-16: one overdue, one due in 4 days, one replied, one closed, one far."""
    m = Seed(s)
    m.document = rec.insert(
        store,
        "documents",
        {"kind": "纪律检查建议书", "number": "城纪建〔2026〕1号", "title": "关于食堂管理的建议书",
         "issued_date": "2026-02-01", "addressee": "城关镇党委", "operator": "李明",
         "year": 2026, "serial": 1},
    )  # fmt: skip
    m.proposals["overdue"] = rec.insert(
        store,
        "proposals",
        _proposal(s, reply_due="2026-03-02", document_id=m.document),
    )
    m.proposals["soon"] = rec.insert(
        store,
        "proposals",
        _proposal(s, kind="监察建议书", matter="公车管理", unit_id=s.units["区财政局"],
                  reply_due="2026-03-20"),
    )  # fmt: skip
    m.proposals["replied"] = rec.insert(
        store,
        "proposals",
        _proposal(s, matter="资产管理", reply_due="2026-03-01", reply_date="2026-02-27",
                  status="已回复"),
    )  # fmt: skip
    m.proposals["closed"] = rec.insert(
        store,
        "proposals",
        _proposal(s, matter="会议管理", reply_due="2026-03-10", reply_date="2026-03-06",
                  status="已办结", closed_date="2026-03-11"),
    )  # fmt: skip
    m.proposals["far"] = rec.insert(
        store,
        "proposals",
        _proposal(s, matter="工程管理", unit_id=s.units["区水务公司"], reply_due="2026-06-30"),
    )
    return m


@pytest.fixture
def seeded(store: Store) -> Seed:
    return seed_proposals(store, seed(store))


@pytest.fixture
def window(qtbot: QtBot, store: Store, seeded: Seed) -> Iterator[MainWindow]:
    configure_application_identity()
    QSettings().clear()
    w = MainWindow(store, confirm=lambda *_: True, ask_save=lambda *_: DISCARD, offer_drafts=False)
    qtbot.addWidget(w)
    w.show()
    yield w
    for form in list(w.open_forms):
        form.dirty = False
        form.close()
    w.work.cancel_all()
    qtbot.waitUntil(lambda: not w.work.busy, timeout=5000)


# -- the model ------------------------------------------------------------------------


def test_model_contract_sort_and_filter(qtbot: QtBot, store: Store, seeded: Seed) -> None:
    model = ProposalsModel(store, page_size=2)
    QAbstractItemModelTester(model, Fatal)
    assert model.rowCount() == 5
    headers = [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(model.columnCount())
    ]
    assert headers == ["种类", "事项", "主送单位", "文号", "回复期限", "回复日期", "状态"]
    for column in range(model.columnCount()):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
            assert model.rowCount() == 5
    model.sort(model.DUE, Qt.SortOrder.AscendingOrder)
    assert model.index(0, model.MATTER).data() == "资产管理"
    row = {model.index(r, 0).data(ID_ROLE): r for r in range(model.rowCount())}
    overdue = row[seeded.proposals["overdue"]]
    assert model.index(overdue, model.NUMBER).data() == "城纪建〔2026〕1号"
    assert model.index(overdue, model.UNIT).data() == "城关镇"
    assert model.index(overdue, model.KIND).data() == "纪律检查建议书"
    assert model.index(overdue, model.STATUS).data() == "待回复"
    assert model.index(row[seeded.proposals["soon"]], model.NUMBER).data() in ("", None)

    model.set_filters(Filters(kind="监察建议书"))
    assert model.rowCount() == 1 and model.index(0, model.MATTER).data() == "公车管理"
    model.set_filters(Filters(status="已办结"))
    assert model.rowCount() == 1 and model.index(0, model.MATTER).data() == "会议管理"
    model.set_filters(Filters(unit_id=seeded.base.units["城关镇"]))
    assert model.rowCount() == 3
    model.set_filters(Filters(search="城纪建"))  # the document number
    assert model.rowCount() == 1
    model.set_filters(Filters(search="水务"))  # the unit's name
    assert model.rowCount() == 1 and model.index(0, model.MATTER).data() == "工程管理"


def test_reply_deadline_colours(store: Store, seeded: Seed) -> None:
    model = ProposalsModel(store)
    colour = {
        model.index(r, 0).data(ID_ROLE): (
            model.index(r, model.DUE).data(Qt.ItemDataRole.BackgroundRole),
            model.index(r, model.DUE).data(Qt.ItemDataRole.ForegroundRole),
        )
        for r in range(model.rowCount())
    }
    assert colour[seeded.proposals["overdue"]] == OVERDUE
    assert colour[seeded.proposals["soon"]] == DUE_SOON
    # past the deadline, but replied / closed: grey, not red
    assert colour[seeded.proposals["replied"]][1] == DONE[1]
    assert colour[seeded.proposals["closed"]][1] == DONE[1]
    assert colour[seeded.proposals["far"]] == (None, None)


# -- the tab and the form -------------------------------------------------------------


def _proposals_tab(window: MainWindow) -> ListPage:
    window.select_page("监督检查与整改")
    tabs = window.current_page()
    assert isinstance(tabs, ListTabs)
    assert [tabs.tabs.tabText(i) for i in range(tabs.tabs.count())] == [
        "整改事项",
        "监督检查",
        "函询",
        "建议书",
    ]
    page = tabs.show_list("proposals")
    assert window.current_list() is page
    return page


def _widget(form: RecordForm, name: str) -> QWidget:
    return form.binder.widgets[name]


def _choose(form: RecordForm, name: str, text: str) -> None:
    combo = _widget(form, name)
    assert isinstance(combo, QComboBox)
    index = combo.findText(text, Qt.MatchFlag.MatchFixedString)
    completer = combo.completer()
    if index < 0 and isinstance(completer, NameCompleter):  # a picker: looked up as typed
        completer.load(text)
        index = combo.findText(text, Qt.MatchFlag.MatchFixedString)
    assert index >= 0, f"{text!r} not in {name}"
    combo.setCurrentIndex(index)


def _type(form: RecordForm, name: str, text: str) -> None:
    w = _widget(form, name)
    if isinstance(w, QLineEdit):
        w.setText(text)
        w.editingFinished.emit()
    else:
        assert isinstance(w, QPlainTextEdit)
        w.setPlainText(text)


def _fill(form: RecordForm, unit: str = "区水务公司") -> None:
    _choose(form, "kind", "监察建议书")
    _type(form, "matter", "工程招投标管理")
    _choose(form, "unit_id", unit)
    _type(form, "problems", "招标文件量身定制\n评标专家抽取不规范")
    _type(form, "recommendations", "完善招投标制度")
    _type(form, "reply_due", "2026/4/15")


def test_ctrl_n_creates_a_proposal_seen_in_the_list(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seed
) -> None:
    page = _proposals_tab(window)
    before = page.model.rowCount()
    assert window.count_label.text() == f"共 {before} 条"
    assert window.new_action.isEnabled()
    window.new_action.trigger()  # Ctrl+N
    form = window.open_forms[-1]
    assert isinstance(form, ProposalForm) and form.table == "proposals"
    assert form.record_id is None
    kinds = _widget(form, "kind")
    assert isinstance(kinds, QComboBox)
    assert [kinds.itemText(i) for i in range(1, kinds.count())] == ["纪律检查建议书", "监察建议书"]
    status = _widget(form, "status")
    assert isinstance(status, QComboBox) and status.currentText() == "待回复"
    _fill(form)
    assert form.save_button.isEnabled(), form.problems()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    row = store.query("SELECT * FROM proposals WHERE matter = '工程招投标管理'")[0]
    assert row["kind"] == "监察建议书" and row["reply_due"] == "2026-04-15"
    assert row["status"] == "待回复" and row["unit_id"] == seeded.base.units["区水务公司"]
    assert page.model.rowCount() == before + 1
    texts = [page.model.index(r, page.model.MATTER).data() for r in range(before + 1)]
    assert "工程招投标管理" in texts

    # double-click opens that record's form
    r = texts.index("工程招投标管理")
    page.view.doubleClicked.emit(page.model.index(r, 1))
    form = window.open_forms[-1]
    assert form.table == "proposals" and form.record_id == row["id"]
    assert form.binder.raw("matter") == "工程招投标管理"


def test_missing_required_field_shows_chinese_error_and_saves_nothing(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seed
) -> None:
    _proposals_tab(window)
    window.new_action.trigger()
    form = window.open_forms[-1]
    _fill(form)
    _type(form, "recommendations", "")
    assert not form.save_button.isEnabled()
    assert "必填" in form.error_text("recommendations") or "填写" in form.error_text(
        "recommendations"
    )
    before = store.scalar("SELECT COUNT(*) FROM proposals")
    assert form.save() is False
    assert store.scalar("SELECT COUNT(*) FROM proposals") == before


def test_closed_before_reply_is_refused(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seed
) -> None:
    _proposals_tab(window)
    window.new_action.trigger()
    form = window.open_forms[-1]
    _fill(form)
    _type(form, "reply_date", "2026-04-10")
    _choose(form, "status", "已办结")
    _type(form, "closed_date", "2026-04-01")
    problems = form.revalidate()
    text = form.error_text("closed_date") or form.form_error.text()
    assert problems and text, problems
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text)  # a Chinese message
    before = store.scalar("SELECT COUNT(*) FROM proposals")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.save() is False
    assert store.scalar("SELECT COUNT(*) FROM proposals") == before
    _type(form, "closed_date", "2026-04-12")
    assert form.save() is True
    assert store.scalar("SELECT COUNT(*) FROM proposals") == before + 1


def test_print_knows_the_proposals_tab(window: MainWindow, seeded: Seed) -> None:
    page = _proposals_tab(window)
    page.view.selectRow(0)
    assert window.printing.target() is not None
    assert window.print_action.isEnabled()
