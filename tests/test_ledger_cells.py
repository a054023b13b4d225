"""How old ledgers' hand-filled cells are read: unit and post in one cell, talkers with
their posts, several outcomes in one cell, footer and total lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.domain import ledger_cells

ROLES = [
    (item["label"], [item["label"], *item.get("aliases", [])])
    for item in json.loads(
        Path("resources/dictionaries/talker_role.json").read_text(encoding="utf-8")
    )["items"]
]
WORDS = [w for _, words in ROLES for w in words]


@pytest.mark.parametrize(
    ("text", "known", "expected"),
    [
        ("市住建局副局长", [], ("市住建局", "副局长")),
        ("县委办公室副主任", [], ("县委办公室", "副主任")),
        ("县委办公室副主任", ["县委"], ("县委", "办公室副主任")),  # the longest known unit
        ("镇政府副镇长", [], ("镇政府", "副镇长")),
        ("县财政局预算科科长", [], ("县财政局预算科", "科长")),
        ("西河乡党委委员", [], ("西河乡", "党委委员")),
        ("某村党支部书记", [], ("某村", "党支部书记")),
        ("市住建局 副局长", [], ("市住建局", "副局长")),
        ("县农业农村局", [], ("县农业农村局", None)),
        ("一级科员", [], (None, "一级科员")),
        ("", [], (None, None)),
    ],
)
def test_unit_and_post(text: str, known: list[str], expected: tuple[str | None, ...]) -> None:
    assert ledger_cells.split_unit_post(text, known) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("局党组书记、局长 王建国", [("王建国", "局党组书记、局长", "主要负责人")]),
        ("分管副局长李强", [("李强", "分管副局长", "班子成员")]),
        ("王建国 局长", [("王建国", "局长", "主要负责人")]),
        ("一把手王建国", [("王建国", "一把手", "主要负责人")]),
        ("纪检组长张敏", [("张敏", "纪检组长", "纪检干部")]),
        ("驻局纪检组组长欧阳明月", [("欧阳明月", "驻局纪检组组长", "纪检干部")]),
        ("党组副书记刘明", [("刘明", "党组副书记", "班子成员")]),
        ("赵书记", [("赵书记", "赵书记", "主要负责人")]),
        (
            "局党组书记、局长 王建国、分管副局长李强",
            [("王建国", "局党组书记、局长", "主要负责人"), ("李强", "分管副局长", "班子成员")],
        ),
        (
            "王建国（主要负责人）、李强（班子成员）",
            [("王建国", "主要负责人", "主要负责人"), ("李强", "班子成员", "班子成员")],
        ),
        ("张三", [("张三", None, None)]),
    ],
)
def test_talkers_and_their_roles(text: str, expected: list[tuple[str, ...]]) -> None:
    found = ledger_cells.split_talkers(text, WORDS)
    assert [(n, p, ledger_cells.infer_role(p, ROLES)) for n, p in found] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("开除党籍、开除公职，移送检察机关", ["开除党籍", "开除公职", "移送检察机关"]),
        ("给予党纪警告处分", ["党纪警告"]),
        ("党纪严重警告并政务记大过", ["党纪严重警告", "政务记大过"]),
        ("予以诫勉", ["诫勉"]),
    ],
)
def test_outcomes_in_one_cell(text: str, expected: list[str]) -> None:
    assert ledger_cells.outcome_parts(text) == expected


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["填表人：张三\u3000审核：李四"], ("填表人:张三 审核:李四", False)),
        (["审核人 王五"], ("审核人 王五", False)),
        (["说明：本表按来件时间登记"], ("说明:本表按来件时间登记", False)),
        (["合计", None, 3, 1], ("合计 3 1", True)),
        ([None, "总计", "共12件"], ("总计 共12件", True)),
        (["1", "张三", "说明：见附件"], None),
        (["1", "审核", "科员"], None),
    ],
)
def test_footers_and_totals(cells: list[object], expected: tuple[str, bool] | None) -> None:
    assert ledger_cells.non_data(cells) == expected
