"""The list read model (desktop/queries): headers from kinds.py, the one 责任人 rule, the
reading API without Qt, and an item reported done that can no longer be 逾期 anywhere."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_ui_main_window import Answers
from test_ui_recycle import Case, open_list
from ui_helpers import Seeded
from ui_window import answered_window

from desktop.domain import stats
from desktop.queries import audit, core, lists, rectification
from desktop.queries import desk as agenda
from desktop.queries.responsible import is_responsible, names, responsible_is_person_sql
from desktop.store import Store
from desktop.store import records as rec
from desktop.store.kinds import KINDS
from desktop.ui.main_window import MainWindow
from desktop.ui.models.base import DONE, OVERDUE
from desktop.ui.models.lists import RectificationsModel

QUERIES = (*lists.ALL, audit.AUDIT_LOG)


def _aliases(q: core.Query) -> dict[str, str]:
    """alias -> table of a list's source ("rectifications r LEFT JOIN units u ON …")."""
    found = {}
    for part in re.split(r" (?:LEFT )?JOIN ", q.source):
        table, alias = part.split()[:2]
        found[alias] = table
    return found


def _field_of(q: core.Query, sql: str | None) -> tuple[str, str] | None:
    """(table, field) when `sql` is a bare kinds field of the list's source, e.g. "r.deadline"."""
    m = re.fullmatch(r"(\w+)\.(\w+)", sql or "")
    if m is None:
        return None
    table = _aliases(q).get(m[1])
    if table in KINDS and m[2] in KINDS[table].names:
        return table, m[2]
    return None


@pytest.mark.parametrize("q", QUERIES, ids=lambda q: q.table or "audit_log")
def test_every_column_showing_a_field_has_that_fields_label(q: core.Query) -> None:
    for column in q.columns:
        bare = _field_of(q, column.sql)
        if bare is not None:  # a joined table's field (u.name) may show the reference
            assert column.field is not None, f"{column.key}: say which field it shows"
            if column.sql.split(".")[0] == q.id_sql.split(".")[0]:  # the list's own table
                assert column.field == ".".join(bare), column.key
        if column.field is None:
            continue
        table, name = column.field.split(".")
        if column.relabelled:
            assert column.label != core.label_of(table, name), column.key
            continue
        assert column.label == core.label_of(table, name), column.key
    for f in (q.status, q.kind):
        m = f and re.fullmatch(r"(\w+\.\w+) = :\w+", f.condition)
        bare = _field_of(q, m[1]) if m else None
        if f is not None and bare is not None:
            assert f.label == core.label_of(*bare), f.condition
    bare = _field_of(q, q.date)
    if bare is not None:
        assert q.date_label == core.label_of(*bare)


def test_a_relabelled_column_says_why() -> None:
    relabelled = [c for q in QUERIES for c in q.columns if c.relabelled]
    assert relabelled and all(c.field and len(c.relabelled) > 20 for c in relabelled)


# -- 责任人: one rule, SQL and Python ------------------------------------------------------

TEXTS = (
    "王芳",
    "王芳、李强",
    "李强，王芳",
    "王芳,李强",
    "李强；王芳",
    "李强;王芳",
    "李强/王芳",
    "李强 王芳",
    "李强\u3000王芳",
    "李强\n王芳",
    " 王芳 ",
    "王芳芳",
    "芳菲、王芳芳",
    "欧阳王芳",
    "王芳（城关镇）",
    "",
    None,
)


def test_names_splits_on_every_separator() -> None:
    assert names("王芳、李强，张伟,赵六；钱七;孙八/周九 吴十\u3000郑一\n冯二") == [
        "王芳", "李强", "张伟", "赵六", "钱七", "孙八", "周九", "吴十", "郑一", "冯二",
    ]  # fmt: skip
    assert names(" 王芳、、李强 ") == ["王芳", "李强"]
    assert names(None) == [] and names("") == []


def test_sql_and_python_agree_on_who_is_responsible() -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE persons (id INTEGER PRIMARY KEY, name TEXT)")
    db.execute("CREATE TABLE r (id INTEGER PRIMARY KEY, responsible TEXT)")
    people = ("王芳", "李强", "芳", "王芳芳", "欧阳")
    db.executemany("INSERT INTO persons (name) VALUES (?)", [(n,) for n in people])
    db.executemany("INSERT INTO r (responsible) VALUES (?)", [(t,) for t in TEXTS])
    condition = responsible_is_person_sql("r", ":person_id")
    for person_id, name in enumerate(people, start=1):
        found = {
            row[0]
            for row in db.execute(
                f"SELECT responsible FROM r WHERE {condition}", {"person_id": person_id}
            )
        }
        assert found == {t for t in TEXTS if is_responsible(t, name)}, name
    # whole names only
    assert is_responsible("王芳、李强", "王芳") and not is_responsible("王芳芳", "王芳")
    assert not is_responsible("欧阳王芳", "王芳")


# -- reading without Qt ----------------------------------------------------------------


def test_count_ids_and_page_tell_the_same_list(store: Store, seeded: Seeded) -> None:
    for q in lists.ALL:
        for f in (core.Filters(), core.Filters(search="王"), core.Filters(search="城关")):
            for desc in (False, True):
                sort = core.Sort(q.default.column, desc)
                found = core.ids(store, q, f, sort)
                rows = core.page(store, q, f, sort, 0, 1000)
                assert core.count(store, q, f) == len(found), (q.table, f)
                assert [r["_id"] for r in rows] == found, (q.table, f)
                assert core.rows_of(store, q, found, sort) == rows, (q.table, f)
    assert core.search_clause(lists.TALKS, "  ") is None


# -- #18 bug 1: an item reported done is not 逾期 ------------------------------------------


@pytest.fixture
def window(qtbot: QtBot, store: Store) -> Iterator[MainWindow]:
    yield from answered_window(qtbot, store, Answers())


def test_an_item_reported_done_past_its_deadline_is_not_overdue(
    qtbot: QtBot, store: Store, seeded: Seeded, window: MainWindow
) -> None:
    """整改中 past its 整改时限, then reported 已整改待验收 (today 2026-03-16): the list
    shows 已整改待验收 in grey, the 逾期 filter leaves it out, and the list, the desk's
    逾期未整改 and the statistics' 逾期未整改 all count the same items."""
    reported = rec.insert(
        store,
        "rectifications",
        {"finding": "公车停放不规范", "found_date": "2026-01-10", "deadline": "2026-02-28",
         "unit_id": seeded.units["城关镇"], "responsible": "王芳", "status": "整改中"},
    )  # fmt: skip
    rec.update(
        store,
        "rectifications",
        reported,
        {"status": "已整改待验收"},
        {"rect_progress": [{"date": "2026-03-10", "content": "已完成整改，待验收"}]},
    )
    page = open_list(window, Case("监督检查与整改", "rectifications", lambda *_: 0, "", ""))
    page.refresh()
    model = page.model
    assert isinstance(model, RectificationsModel)

    def row_of(finding: str) -> int:
        (row,) = [
            r
            for r in range(model.rowCount())
            if model.index(r, RectificationsModel.FINDING).data() == finding
        ]
        return row

    row = row_of("公车停放不规范")
    assert model.index(row, RectificationsModel.STATUS).data() == "已整改待验收"
    background = model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole)
    foreground = model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole)
    assert (background, foreground) == DONE and background != OVERDUE[0]
    still_open = row_of("食堂账目不清")  # 整改中, deadline 2026-03-01: the real 逾期
    assert model.index(still_open, RectificationsModel.STATUS).data() == "逾期"
    assert model.index(still_open, 0).data(Qt.ItemDataRole.BackgroundRole) == OVERDUE[0]

    def shown_under(status: str) -> set[str]:
        assert page.status_combo is not None
        page.status_combo.setCurrentIndex(page.status_combo.findData(status))
        return {model.index(r, RectificationsModel.FINDING).data() for r in range(model.rowCount())}

    overdue = shown_under(rectification.OVERDUE)
    assert overdue == {"食堂账目不清"}
    assert "公车停放不规范" in shown_under("已整改待验收")

    desk = agenda.compute(store).sections[agenda.RECT_OVERDUE]
    figures = stats.compute(store, dt.date(2026, 1, 1), dt.date(2026, 3, 16))
    assert desk.total == len(overdue) == figures["overdue_items"] == 1
    assert [i.record_id for i in desk.items] == figures.figures["overdue_items"].record_ids(store)
    assert reported not in figures.figures["overdue_items"].record_ids(store)


def test_urgency_in_sql_and_python_agree() -> None:
    today = dt.date(2026, 3, 16)
    db = sqlite3.connect(":memory:")
    sql = core.urgency_sql(":deadline", ":done")
    for offset in range(-3, 12):
        for done in (False, True):
            deadline = (today + dt.timedelta(days=offset)).isoformat()
            params = {"deadline": deadline, "done": done, "today": today.isoformat()}
            (found,) = db.execute(f"SELECT {sql}", params).fetchone()
            assert found == core.urgency(deadline, done, today), (offset, done)
    for done in (False, True):
        params = {"deadline": None, "done": done, "today": today.isoformat()}
        (found,) = db.execute(f"SELECT {sql}", params).fetchone()
        assert found == core.urgency(None, done, today)
    assert core.urgency("2026-03-23", False, today) == core.DUE_SOON  # 7 days: amber
    assert core.urgency("2026-03-24", False, today) is None
    assert core.urgency("2026-03-15", False, today) == core.PAST_DUE
