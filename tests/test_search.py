"""The one search: any part of a name, full pinyin or initials, in SQL; grouped by kind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop import cli
from desktop.domain import search
from desktop.store import Store, pinyin, records

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def office(store: Store) -> Store:
    unit = records.insert(store, "units", {"name": "县财政局"})
    for name in ("张帆", "王芳", "李平", "连杰", "曾丽萍", "欧阳文", "安然", "Alice王"):
        records.insert(store, "persons", {"name": name, "unit_id": unit})
    return store


def names(store: Store, text: str) -> list[str]:
    ids = search.matching_ids(store, "persons", text)
    return [records.get(store, "persons", i)["name"] for i in ids]


def test_syllable_list_is_pypinyins() -> None:
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.pinyin_dict import pinyin_dict

    readings = {to_normal(r) for v in pinyin_dict.values() for r in v.split(",")}
    assert {r for r in readings if r.isascii() and r.isalpha()} == pinyin.SYLLABLES


def test_name_keys() -> None:
    assert pinyin.person_keys("张帆") == {"name_pinyin": "zhang fan", "name_initials": "zf"}
    assert pinyin.person_keys("曾丽萍")["name_pinyin"] == "zeng li ping"
    assert pinyin.unit_keys("清河县第1中学（西区）") == {
        "name_pinyin": "qing he xian di 1 zhong xue xi qu",
        "name_initials": "qhxd1zxxq",
    }
    assert pinyin.person_keys("  ") == {"name_pinyin": None, "name_initials": None}


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("zf", ["张帆"]),
        ("ZF", ["张帆"]),
        ("wf", ["王芳"]),
        ("lp", ["李平", "曾丽萍"]),  # initials anywhere: zlp
        ("zhangfan", ["张帆"]),
        ("zhang f", ["张帆"]),
        ("fan", ["王芳", "张帆"]),  # a given name's syllable, maybe unfinished (fang)
        ("zeng", ["曾丽萍"]),  # 曾 as a surname
        ("oy", ["欧阳文"]),
        ("帆", ["张帆"]),
        ("an", ["安然"]),  # a syllable's start, not its middle: 张帆 (zhang fan) is not found
        ("li", ["Alice王", "李平", "连杰", "曾丽萍"]),  # any part; by pinyin
        ("alice", ["Alice王"]),
        ("qq", []),
    ],
)
def test_a_name_is_found_by_any_part_pinyin_or_initials(
    office: Store, typed: str, found: list[str]
) -> None:
    assert names(office, typed) == found


def test_the_exact_name_comes_first(office: Store) -> None:
    records.insert(office, "persons", {"name": "张"})
    assert names(office, "张")[0] == "张"


def test_split_syllables() -> None:
    assert search.split_syllables("zhangf") == ["zhang", "f"]
    assert search.split_syllables("xi'an") == ["xi", "an"]
    assert search.split_syllables("zf") is None


def test_search_groups_records_by_kind_and_the_query_is_sql(office: Store) -> None:
    person = search.matching_ids(office, "persons", "张帆")[0]
    clue = records.insert(
        office,
        "clues",
        {
            "ledger_no": "XS-2026-001",
            "received_date": "2026-03-01",
            "source": "信访举报",
            "summary": "反映违规发放津补贴",
        },
        children={"clue_persons": [{"person_id": person}]},
    )
    groups = search.search(office, "zf")
    assert [g.label for g in groups] == ["人员", "问题线索"]
    assert groups[1].hits[0].record_id == clue and "张帆" in groups[1].hits[0].detail
    assert [g.label for g in search.search(office, "xs-2026")] == ["问题线索"]  # ledger no.
    assert [g.label for g in search.search(office, "czj")] == ["单位"]  # 县财政局 xczj
    assert search.search(office, "  ") == []


def test_search_command_finds_a_demo_person_by_name_and_initials(
    demo_dir: Path,
) -> None:
    store = Store.open(demo_dir)
    try:  # a demo person with both talks and clues, two characters long, the only one
        # whose initials contain those letters (else the first 20 talks may be others')
        row = store.query(
            "SELECT p.name, p.name_initials FROM persons p WHERE length(p.name) = 2"
            " AND EXISTS (SELECT 1 FROM talk_subjects s WHERE s.person_id = p.id)"
            " AND EXISTS (SELECT 1 FROM clue_persons c WHERE c.person_id = p.id)"
            " AND (SELECT COUNT(*) FROM persons q"
            "      WHERE instr(q.name_initials, p.name_initials) > 0) = 1"
            " ORDER BY p.id LIMIT 1"
        )[0]
    finally:
        store.close()
    for typed in (row["name"], row["name_initials"]):
        done = subprocess.run(
            [sys.executable, "-m", "desktop", "search", typed, "--data-dir", str(demo_dir)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        out = done.stdout
        assert "【人员】" in out and "【谈话记录】" in out and "【问题线索】" in out
        assert f"　{row['name']}　" in out.split("【谈话记录】")[0]
        assert f"谈话对象：{row['name']}" in out or f"、{row['name']}" in out
        assert row["name"] in out.split("【问题线索】")[1]


def test_search_command_says_when_nothing_matches(demo_dir: Path, capsys) -> None:
    assert cli.main(["search", "没有这个人", "--data-dir", str(demo_dir)]) == 0
    assert "没有找到与“没有这个人”相符的记录" in capsys.readouterr().out
