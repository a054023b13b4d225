"""The printed 廉政档案 lists the records the archive dialog shows; 责任人 names match whole.

Both read desktop/queries/archive.py; these tests hold them together on one data set: the
PDF read back against the dialog's rows, record kind by record kind.
"""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from pytestqt.qtbot import QtBot
from test_ui_lists_more import More, seed_more
from ui_helpers import TODAY, seed

from desktop.queries import archive
from desktop.queries.responsible import names
from desktop.store import Store
from desktop.store import records as rec
from desktop.store.kinds import kind
from desktop.ui.pages.archive_page import ArchiveDialog
from desktop.ui.print_preview import preview_bytes


def printed_text(store: Store, person: int) -> str:
    """The text of the 廉政档案 the 打印 menu previews for the person, spaces removed."""
    data, _notes = preview_bytes(store, "廉政档案", person, TODAY)
    reader = pypdf.PdfReader(io.BytesIO(data))
    return re.sub(r"\s", "", "".join(p.extract_text() for p in reader.pages))


@pytest.fixture
def more(store: Store) -> More:
    m = seed_more(store, seed(store))
    s = m.base
    base = {"found_date": "2026-01-08", "unit_id": s.units["城关镇"], "status": "整改中"}
    for finding, responsible in (
        ("公示栏未更新", "王芳、李强"),
        ("值班表缺签", "李强，王芳"),
        ("档案室漏雨", "王芳芳"),
        ("会务费超支", "芳菲 张伟"),
    ):
        rec.insert(
            store,
            "rectifications",
            {**base, "finding": finding, "responsible": responsible, "deadline": "2026-04-30"},
        )
    person = s.persons["王芳"]
    post = {"person_id": person, "unit_name": "城关镇"}
    rec.insert(
        store,
        "person_posts",
        {**post, "post": "党政办主任", "start_date": "2019-05-01", "end_date": "2023-02-28"},
    )
    rec.insert(store, "person_posts", {**post, "post": "团委书记"})  # start not on record
    return m


def test_several_names_in_responsible_each_match_whole(
    qtbot: QtBot, store: Store, more: More
) -> None:
    assert names("王芳、李强") == ["王芳", "李强"]
    assert names(" 芳菲 张伟；李强/王芳 ") == ["芳菲", "张伟", "李强", "王芳"]
    assert names(None) == []
    wang = ArchiveDialog(store, "persons", more.base.persons["王芳"])
    qtbot.addWidget(wang)
    assert set(wang.rows_text("rectifications", 0)) == {"公示栏未更新", "值班表缺签"}
    text = printed_text(store, more.base.persons["王芳"])
    assert "公示栏未更新" in text and "值班表缺签" in text
    assert "档案室漏雨" not in text  # 王芳芳 is someone else
    assert "2019年5月—2023年2月城关镇党政办主任" in text
    assert "〔未填写〕—今城关镇团委书记" in text  # a post without its start date is listed too
    li = ArchiveDialog(store, "persons", more.base.persons["李强"])
    qtbot.addWidget(li)
    assert {"公示栏未更新", "值班表缺签"} <= set(li.rows_text("rectifications", 0))
    fei = ArchiveDialog(store, "persons", more.base.persons["芳菲"])
    qtbot.addWidget(fei)
    assert fei.rows_text("rectifications", 0) == ["会务费超支"]


# record kind -> (archive section, dialog column, the table's column that names a record)
SHARED = {
    "talks": ("talks", 2, "reason"),
    "clues": ("clues", 0, "ledger_no"),
    "rectifications": ("rectifications", 0, "finding"),
    "person_posts": ("posts", 1, "post"),
}


@pytest.mark.parametrize("who", ["王芳", "李强", "欧阳明远", "张伟", "芳菲"])
def test_the_printed_archive_lists_what_the_dialog_shows(
    qtbot: QtBot, store: Store, more: More, who: str
) -> None:
    person = more.base.persons[who]
    dialog = ArchiveDialog(store, "persons", person)
    qtbot.addWidget(dialog)
    text = printed_text(store, person)
    for table, (section, column, name) in SHARED.items():
        shown = set(dialog.rows_text(section, column))
        everything = {str(r[name]) for r in store.query(f"SELECT {name} FROM {table}")}
        printed = {value for value in everything if value in text}
        assert printed == shown, (who, table)
    outcomes = [o.split("（")[0] for o in dialog.rows_text("sanctions", 0)]
    assert all(o in text for o in outcomes)
    assert ("处分情况无。" in text) == (not outcomes)


def test_archive_columns_take_their_labels_from_the_record_kinds(store: Store, more: More) -> None:
    persons, units = more.base.persons, more.base.units
    sections = [
        *archive.person_archive(store, persons["欧阳明远"], TODAY).sections,
        *archive.unit_archive(store, units["城关镇"], TODAY).sections,
    ]
    derived = set()
    for section in sections:
        for column in section.columns:
            if column.field is None:
                derived.add(column.label)
            else:
                assert column.label == kind(column.field[0]).field(column.field[1]).label
    # the columns no single field holds: derived values, and the 任职经历 dates (short)
    sanction = {"处分", "类别", "形态", "影响期至", "状态"}  # the outcome dictionary's extras
    # 通报曝光 rows are exposures or 通报 items, 问责 a person's or a unit's (issue #15)
    mixed = {"日期", "通报曝光的问题", "涉及人员", "问责对象"}
    assert derived == {"起始日期", "终止日期", "办理进度"} | sanction | mixed
