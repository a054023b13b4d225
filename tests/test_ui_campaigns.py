"""专项工作, 工作活动, 通报, 通报曝光 and 问责 (issue #15) entered through their forms, as the
clerk does, then listed and found: records made here, in a real store in tmp_path."""

from __future__ import annotations

import test_ui_forms
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QTableWidget
from pytestqt.qtbot import QtBot
from test_ui_forms import add_child, choose, click_save, type_into
from ui_helpers import Seeded

from desktop.domain import search
from desktop.queries.campaigns import in_campaign_sql
from desktop.store import Store
from desktop.store import records as rec
from desktop.store.document_kinds import BULLETINS
from desktop.store.kinds import KINDS
from desktop.ui.forms.loader import has_form, load_form
from desktop.ui.forms.record_form import ActivityForm, BulletinForm, RecordForm, form_class
from desktop.ui.main_window import MainWindow
from desktop.ui.models.base import Filters
from desktop.ui.models.lists import (
    AccountabilitiesModel,
    ActivitiesModel,
    BulletinsModel,
    CampaignsModel,
)
from desktop.ui.pages.list_page import ListPage
from desktop.ui.pages.list_tabs import ListTabs

PAGE = "专项工作与通报"
# the main window and the clerk's answers: the form tests' fixtures
user = test_ui_forms.user
window = test_ui_forms.window


def tab(window: MainWindow, table: str) -> ListPage:
    window.select_page(PAGE)
    tabs = window.pages[PAGE]
    assert isinstance(tabs, ListTabs)
    return tabs.show_list(table)


def new_record(window: MainWindow, table: str) -> RecordForm:
    page = tab(window, table)
    assert window.current_list() is page and window.new_action.isEnabled()
    window.new_action.trigger()
    form = window.open_forms[-1]
    assert form.table == table and form.record_id is None
    return form


def save(qtbot: QtBot, form: RecordForm) -> int:
    assert form.save_button.isEnabled(), form.problems()
    click_save(qtbot, form)
    assert not form.isVisible(), form.form_error.text()
    assert form.record_id is not None
    return form.record_id


def campaign(store: Store, name: str = "节日期间作风专项检查", **values: object) -> int:
    row = {"name": name, "theme": "节日期间", "start_date": "2026-01-01", **values}
    return rec.insert(store, "campaigns", row)


def column(page: ListPage, col: int) -> list[str]:
    model = page.model
    return [model.index(r, col).data() for r in range(model.rowCount())]


# -- every row kind has its place in its parent's form ------------------------------------


def test_every_child_of_every_kind_with_a_form_has_its_table(qtbot: QtBot) -> None:
    """A child without its table in the parent's form would be silently left out of it
    (and of its saves): every Child of every kind with a form has the table, its buttons
    and a sub-form of its own."""
    checked = 0
    for k in KINDS.values():
        if not k.children or not has_form(k.table):
            continue
        body = load_form(k.table)
        qtbot.addWidget(body)
        for child in k.children:
            assert body.findChild(QTableWidget, child.table) is not None, (k.table, child)
            for button in ("add", "edit", "remove"):
                found = body.findChild(QPushButton, f"{child.table}_{button}")
                assert found is not None, (k.table, child.table, button)
            assert has_form(child.table), child.table
            checked += 1
    # persons 1, talks 2, clues 4, inspections 2, items 3, proposals 1, campaigns 1,
    # activities 3, 通报 2
    assert checked == 19


# -- 专项工作 ----------------------------------------------------------------------------


def test_campaign_entered_listed_and_found(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seeded
) -> None:
    form = new_record(window, "campaigns")
    assert form.binder.raw("start_date") == store.today().isoformat()
    assert not form.save_button.isEnabled()
    assert "必须填写" in form.error_text("name")
    type_into(qtbot, form, "name", "元旦春节期间公车使用专项检查")
    choose(form, "theme", "节日期间")
    type_into(qtbot, form, "start_date", "2026-01-01")
    type_into(qtbot, form, "end_date", "2025-12-01")  # before the start
    assert "结束日期" in form.error_text("end_date") and not form.save_button.isEnabled()
    type_into(qtbot, form, "end_date", "2026/2/28")
    type_into(qtbot, form, "lead_office", "第一纪检监察室")
    add_child(qtbot, form, "campaign_units", {"unit_id": "城关镇"})
    add_child(qtbot, form, "campaign_units", {"unit_id": "区财政局"})
    campaign_id = save(qtbot, form)
    row = store.query("SELECT * FROM campaigns WHERE id = ?", [campaign_id])[0]
    assert (row["theme"], row["end_date"]) == ("节日期间", "2026-02-28")
    units = store.query(
        "SELECT unit_id FROM campaign_units WHERE campaign_id = ? ORDER BY id", [campaign_id]
    )
    assert [u["unit_id"] for u in units] == [seeded.units["城关镇"], seeded.units["区财政局"]]

    page = tab(window, "campaigns")
    model = page.model
    assert isinstance(model, CampaignsModel)
    assert column(page, model.NAME) == ["元旦春节期间公车使用专项检查"]
    assert model.index(0, model.UNITS).data() == "2"
    assert model.index(0, model.STATUS).data() == "已结束"  # today is 2026-03-16
    for text in ("公车", "第一纪检", "财政"):  # its name, lead office, a covered unit
        model.set_filters(Filters(search=text))
        assert model.rowCount() == 1, text
    model.set_filters(Filters(search="疫情"))
    assert model.rowCount() == 0
    model.set_filters(Filters(kind="节日期间", status="已结束"))
    assert model.rowCount() == 1
    model.set_filters(Filters(unit_id=seeded.units["区水务公司"]))
    assert model.rowCount() == 0


def test_records_are_tied_to_campaigns_in_their_own_forms(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seeded
) -> None:
    """The 所属专项工作 table on the inspection, clue, item and proposal forms: one
    record in two campaigns, saved with it; the membership rule then finds it."""
    first = campaign(store)
    second = campaign(store, "营商环境专项整治", theme="营商环境")
    clue_id = next(iter(seeded.clues.values()))
    window.open_form("clues", clue_id)
    form = window.open_forms[-1]
    assert form.table == "clues"
    add_child(qtbot, form, "clue_campaigns", {"campaign_id": "节日期间"})
    add_child(qtbot, form, "clue_campaigns", {"campaign_id": "营商环境"})
    assert form.children["clue_campaigns"].table.item(1, 0).text().endswith("营商环境专项整治")
    save(qtbot, form)
    linked = store.query("SELECT campaign_id FROM clue_campaigns WHERE clue_id = ?", [clue_id])
    assert sorted(r["campaign_id"] for r in linked) == sorted([first, second])
    member = f"SELECT c.id FROM clues c WHERE {in_campaign_sql('clues', 'c')}"
    assert [r["id"] for r in store.query(member, {"campaign_id": second})] == [clue_id]

    # the same sub-form serves the inspection's, the item's and the proposal's links
    links = {"inspections": "inspection_campaigns", "rectifications": "rect_campaigns"}
    for table, link in {**links, "proposals": "proposal_campaigns"}.items():
        form = form_class(table)(store, table)
        qtbot.addWidget(form)
        dialog = form.children[link].add()
        assert dialog.windowTitle() == "添加所属专项工作"
        assert set(dialog.binder.widgets) == {"campaign_id"}
        dialog.reject()
        form.dirty = False
        form.close()

    # a clue in a campaign twice is refused beside the table, and nothing is written
    window.open_form("clues", clue_id)
    form = window.open_forms[-1]
    add_child(qtbot, form, "clue_campaigns", {"campaign_id": "节日期间"})
    click_save(qtbot, form)
    assert form.isVisible() and form.error_text("clue_campaigns")
    assert store.scalar("SELECT COUNT(*) FROM clue_campaigns") == 2


# -- 工作活动 ----------------------------------------------------------------------------


def test_activity_attendance_follows_the_persons_listed(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seeded
) -> None:
    campaign(store)
    form = new_record(window, "activities")
    assert isinstance(form, ActivityForm)
    choose(form, "kind", "警示教育")
    type_into(qtbot, form, "title", "观看警示教育片《蜕变》")
    type_into(qtbot, form, "date", "2026-03-02")
    type_into(qtbot, form, "sessions", "2")
    type_into(qtbot, form, "attendance", "120")
    note = form.body.findChild(QLabel, "attendance_note")
    assert note is not None and note.text() == "未列出人员：人次按所填数计"
    add_child(qtbot, form, "activity_units", {"unit_id": "城关镇"})
    add_child(qtbot, form, "activity_campaigns", {"campaign_id": "节日期间"})
    saved = save(qtbot, form)
    page = tab(window, "activities")
    model = page.model
    assert isinstance(model, ActivitiesModel)
    assert model.index(0, model.SESSIONS).data() == "2"
    assert model.index(0, model.ATTENDANCE).data() == "120"
    assert model.index(0, model.UNITS).data() == "城关镇"
    assert model.index(0, model.CAMPAIGNS).data() == "节日期间作风专项检查"

    # a 述责述廉 with the persons assessed listed: 人次 is their number
    form = new_record(window, "activities")
    choose(form, "kind", "述责述廉")
    type_into(qtbot, form, "title", "2025年度述责述廉会议")
    type_into(qtbot, form, "date", "2026-01-20")
    type_into(qtbot, form, "attendance", "30")
    add_child(qtbot, form, "activity_persons", {"person_id": "王芳", "assessment": "好"})
    add_child(qtbot, form, "activity_persons", {"person_id": "李强", "assessment": "较好"})
    assert not form.binder.widgets["attendance"].isEnabled()
    note = form.body.findChild(QLabel, "attendance_note")
    assert note is not None and note.text() == "已列出2名人员：人次按2计（所填30不计入）"
    assessed = save(qtbot, form)
    rows = store.query(
        "SELECT person_id, assessment FROM activity_persons WHERE activity_id = ? ORDER BY id",
        [assessed],
    )
    assert [(r["person_id"], r["assessment"]) for r in rows] == [
        (seeded.persons["王芳"], "好"),
        (seeded.persons["李强"], "较好"),
    ]
    assert store.scalar("SELECT attendance FROM activities WHERE id = ?", [assessed]) == 30

    model.refresh()
    by_id = {model.row(r)["_id"]: r for r in range(model.rowCount())}
    assert model.index(by_id[assessed], model.ATTENDANCE).data() == "2"
    model.set_filters(Filters(search="wf"))  # a listed person's initials
    assert model.rowCount() == 1 and model.row(0)["_id"] == assessed
    model.set_filters(Filters(search="蜕变"))  # the title, through its index
    assert model.rowCount() == 1 and model.row(0)["_id"] == saved
    model.set_filters(Filters(person_id=seeded.persons["李强"]))
    assert model.rowCount() == 1
    model.set_filters(Filters(kind="警示教育"))
    assert model.rowCount() == 1


# -- 通报 and 通报曝光 --------------------------------------------------------------------


def test_bulletin_with_its_items_and_a_clue_exposed(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seeded
) -> None:
    form = new_record(window, "bulletins")
    assert isinstance(form, BulletinForm)
    kinds = form.binder.widgets["kind"]
    assert isinstance(kinds, QComboBox)
    assert [kinds.itemText(i) for i in range(1, kinds.count())] == list(BULLETINS)
    choose(form, "kind", "典型案例通报")
    type_into(qtbot, form, "title", "关于几起违反中央八项规定精神典型问题的通报")
    type_into(qtbot, form, "scope", "全区各单位")
    add_child(qtbot, form, "bulletin_items", {"summary": "违规公款吃喝", "person_id": "张伟"})
    add_child(qtbot, form, "bulletin_items", {"summary": "违规使用公车", "unit_id": "城关镇"})
    title = form.body.findChild(QLabel, "bulletin_items_title")
    assert title is not None and "共2起" in title.text()
    bulletin_id = save(qtbot, form)
    window.open_form("bulletins", bulletin_id)  # opened again: its 起 counted as saved
    form = window.open_forms[-1]
    title = form.body.findChild(QLabel, "bulletin_items_title")
    assert title is not None and title.text() == "通报事项（每项为一起；共2起）"
    form.close()

    page = tab(window, "bulletins")
    model = page.model
    assert isinstance(model, BulletinsModel)
    assert model.index(0, model.ITEMS).data() == "2"
    assert model.index(0, model.KIND).data() == "典型案例通报"
    for text in ("八项规定", "全区", "张伟", "zw"):
        model.set_filters(Filters(search=text))
        assert model.rowCount() == 1, text
    model.set_filters(Filters(kind="督查通报"))
    assert model.rowCount() == 0

    # the clue it reports carries the 通报曝光, for one of its reported persons
    clue_id = next(iter(seeded.clues.values()))
    window.open_form("clues", clue_id)
    form = window.open_forms[-1]
    assert any(r.get("person_id") for r in form.children["clue_persons"].rows)
    exposures = form.children["clue_exposures"]
    dialog = exposures.add()
    assert dialog.binder.raw("date") == store.today().isoformat()
    choose(dialog, "channel", "内部通报")
    choose(dialog, "bulletin_id", "典型问题")
    assert dialog.binder.raw("person_id") is not None  # the clue's only reported person
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    save(qtbot, form)
    row = store.query("SELECT * FROM clue_exposures WHERE clue_id = ?", [clue_id])[0]
    assert (row["channel"], row["bulletin_id"]) == ("内部通报", bulletin_id)


# -- 问责 ------------------------------------------------------------------------------


def test_accountability_from_an_item_prefilled_and_counted_there(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seeded
) -> None:
    rect_id = next(iter(seeded.rects.values()))
    finding = store.scalar("SELECT finding FROM rectifications WHERE id = ?", [rect_id])
    window.open_form("rectifications", rect_id)
    item = window.open_forms[-1]
    listed = item.body.findChild(QLabel, "accountability_list")
    assert listed is not None and listed.text() == "尚未登记问责"
    button = item.body.findChild(QPushButton, "add_accountability")
    assert button is not None and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    form = window.open_forms[-1]
    assert form.table == "accountabilities" and form.record_id is None
    assert form.binder.raw("rect_id") == rect_id
    assert form.binder.raw("reason") == finding
    assert form.binder.raw("date") == store.today().isoformat()
    choose(form, "method", "诫勉")
    click_save(qtbot, form)  # nobody held to account yet: refused, in Chinese
    assert form.isVisible() and "请选择被问责人或被问责单位" in form.error_text("person_id")
    choose(form, "person_id", "王芳")
    accountability_id = save(qtbot, form)
    row = store.query("SELECT * FROM accountabilities WHERE id = ?", [accountability_id])[0]
    assert (row["rect_id"], row["person_id"], row["method"]) == (
        rect_id,
        seeded.persons["王芳"],
        "诫勉",
    )
    assert listed.text() == "已登记问责1次：2026-03-16 王芳（诫勉）"

    page = tab(window, "accountabilities")
    model = page.model
    assert isinstance(model, AccountabilitiesModel)
    assert model.rowCount() == 1
    assert model.index(0, model.TARGET).data() == "王芳"
    assert model.index(0, model.SOURCE).data() == "整改事项"
    model.set_filters(Filters(unit_id=seeded.units["城关镇"]))  # 王芳's unit
    assert model.rowCount() == 1
    model.set_filters(Filters(search="wangf"))
    assert model.rowCount() == 1
    item.dirty = False
    item.close()


def test_accountability_on_its_own_needs_a_person_or_a_unit(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seeded
) -> None:
    form = new_record(window, "accountabilities")
    button = form.body.findChild(QPushButton, "add_accountability")
    assert button is None  # only the item and clue forms start a 问责 from themselves
    choose(form, "method", "通报")
    type_into(qtbot, form, "reason", "落实主体责任不力")
    click_save(qtbot, form)
    assert form.isVisible() and "被问责单位" in form.error_text("person_id")
    assert store.scalar("SELECT COUNT(*) FROM accountabilities") == 0
    choose(form, "unit_id", "区水务公司")
    save(qtbot, form)
    assert store.scalar("SELECT unit_id FROM accountabilities") == seeded.units["区水务公司"]


def test_a_new_item_offers_accountability_once_saved(qtbot: QtBot, store: Store) -> None:
    form = form_class("rectifications")(store, "rectifications")
    qtbot.addWidget(form)
    button = form.body.findChild(QPushButton, "add_accountability")
    listed = form.body.findChild(QLabel, "accountability_list")
    assert button is not None and listed is not None
    assert not button.isEnabled() and listed.text() == "保存本记录后可登记问责"
    form.dirty = False


# -- the global search ----------------------------------------------------------------


def test_the_global_search_finds_the_new_kinds(store: Store, seeded: Seeded) -> None:
    campaign(store, "民生资金专项整治", theme="民生资金", lead_office="党风政风监督室")
    rec.insert(
        store,
        "activities",
        {"kind": "廉政教育", "title": "民生资金廉政党课", "date": "2026-03-01"},
        {"activity_persons": [{"person_id": seeded.persons["芳菲"]}]},
    )
    rec.insert(
        store,
        "bulletins",
        {"kind": "督查通报", "title": "民生资金督查情况通报", "date": "2026-03-05"},
    )
    rec.insert(
        store,
        "accountabilities",
        {"method": "诫勉", "date": "2026-03-06", "reason": "民生资金监管不力",
         "person_id": seeded.persons["芳菲"]},
    )  # fmt: skip
    groups = {g.table: g for g in search.search(store, "民生资金")}
    assert {"campaigns", "activities", "bulletins", "accountabilities"} <= set(groups)
    assert groups["campaigns"].label == "专项工作"
    assert groups["activities"].hits[0].detail == "2026-03-01 廉政教育"
    by_name = {g.table for g in search.search(store, "芳菲")}
    assert {"activities", "accountabilities"} <= by_name


def test_accountability_from_a_clue_names_its_only_reported_person(
    qtbot: QtBot, window: MainWindow, store: Store, seeded: Seeded
) -> None:
    clue_id = int(
        store.scalar(
            "SELECT clue_id FROM clue_persons GROUP BY clue_id HAVING COUNT(*) = 1 LIMIT 1"
        )
    )
    person = store.scalar("SELECT person_id FROM clue_persons WHERE clue_id = ?", [clue_id])
    summary = store.scalar("SELECT summary FROM clues WHERE id = ?", [clue_id])
    window.open_form("clues", clue_id)
    clue = window.open_forms[-1]
    button = clue.body.findChild(QPushButton, "add_accountability")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    form = window.open_forms[-1]
    assert form.table == "accountabilities"
    assert (form.binder.raw("clue_id"), form.binder.raw("person_id")) == (clue_id, person)
    assert form.binder.raw("reason") == summary and form.binder.raw("rect_id") is None
    choose(form, "method", "党纪政务处分")
    save(qtbot, form)
    listed = clue.body.findChild(QLabel, "accountability_list")
    assert listed is not None and listed.text().startswith("已登记问责1次：")
    assert "党纪政务处分" in listed.text()
    clue.dirty = False
    clue.close()
