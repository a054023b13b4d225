"""The import dialog shows the talker roles it inferred from posts and the units it split
from 单位及职务 cells, with their counts; the clerk corrects them before anything is
written, and the import writes what the clerk chose."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from ui_window import Answers, answered_window, wait_plan

from desktop.store import Store
from desktop.ui import ledgers
from desktop.ui.main_window import MainWindow
from tests.ledger_corpus import variants

ROLES, SPLITS = 5, 6


@pytest.fixture
def window(qtbot: QtBot, store: Store) -> Iterator[MainWindow]:
    yield from answered_window(qtbot, store, Answers())


def test_roles_and_splits_reviewed_and_corrected(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    variant = next(v for v in variants() if v.name == "talk_talkers")
    source = variant.write(tmp_path)
    monkeypatch.setattr(ledgers, "choose_xlsx_to_open", lambda _parent: str(source))
    dialog = window.import_ledger()
    dialog.browse()
    plan = wait_plan(qtbot, dialog)
    assert dialog.kind.currentText() == "谈话台账"
    assert "跳过表尾、合计、说明等 1 行" in dialog.summary.text()
    # Roles, as inferred from the posts, with the rows that use each.
    assert dialog.tabs.currentIndex() == ROLES and dialog.tabs.isTabVisible(ROLES)
    assert dialog.tabs.tabText(ROLES) == "谈话人身份（5种，5行）"
    table = dialog.roles
    shown = {}
    for r in range(table.rowCount()):
        box = table.cellWidget(r, 3)
        assert isinstance(box, QComboBox)
        shown[table.item(r, 0).text()] = (table.item(r, 1).text(), box.currentText())
    assert shown == {
        "局党组书记、局长 王建国": ("王建国", "主要负责人"),
        "分管副局长 李强": ("李强", "班子成员"),
        "副局长 赵敏": ("赵敏", "班子成员"),
        "纪委书记 孙红": ("孙红", "纪检干部"),
        "镇长 何峰": ("何峰", "主要负责人"),
    }
    # Units split from the posts, editable.
    assert dialog.tabs.tabText(SPLITS) == "单位及职务（2种，4行）"
    splits = {
        dialog.splits.item(r, 0).text(): (
            dialog.splits.item(r, 2).text(),
            dialog.splits.item(r, 3).text(),
        )
        for r in range(dialog.splits.rowCount())
    }
    assert splits == {
        "市财政局预算科科长": ("市财政局预算科", "科长"),
        "东关镇副镇长": ("东关镇", "副镇长"),
    }
    # The clerk corrects: 何峰 spoke as 上级纪委; 预算科 belongs to 市财政局's post.
    box = dialog.role_boxes["镇长 何峰"]
    box.setCurrentIndex(box.findData("上级纪委"))
    assert not dialog.import_button.isEnabled() and "重新检查" in dialog.summary.text()
    row = next(
        r
        for r in range(dialog.splits.rowCount())
        if dialog.splits.item(r, 0).text() == "市财政局预算科科长"
    )
    dialog.splits.item(row, 2).setText("市财政局")
    dialog.splits.item(row, 3).setText("预算科科长")
    dialog.recheck_button.click()
    plan = wait_plan(qtbot, dialog)
    assert plan.role_overrides["镇长 何峰"] == "上级纪委"
    assert dialog.role_boxes["镇长 何峰"].currentText() == "上级纪委"
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10000)
    assert dialog.result is not None and dialog.result["written"] == 4
    roles = {r["name"]: r["role"] for r in store.query("SELECT name, role FROM talk_talkers")}
    assert roles["何峰"] == "上级纪委" and roles["王建国"] == "主要负责人"
    posts = store.query(
        "SELECT s.unit_name, s.post FROM talk_subjects s JOIN persons p ON p.id = s.person_id"
        " WHERE p.name = '陈静'"
    )
    assert {(p["unit_name"], p["post"]) for p in posts} == {("市财政局", "预算科科长")}
