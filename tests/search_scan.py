"""The search as it was before the full-text indexes: every condition read row by row with
instr()/LIKE. The equivalence tests (and benchmarks/search.py) hold the indexed search to
the same matches."""

from __future__ import annotations

from typing import Any

from desktop.domain import search


def params(text: str) -> dict[str, Any]:
    """q as typed, initials, and full pinyin as the LIKE pattern it was."""
    values = search.params(text)
    pinyin = values["q_py"]
    return {
        "q": values["q"],
        "q_ini": values["q_ini"],
        "q_py": f"%{pinyin}%" if pinyin else "",
    }


def name_condition(alias: str = "") -> str:
    a = alias
    return (
        f"(instr(lower({a}name), lower(:q)) > 0"
        f" OR (:q_ini != '' AND instr({a}name_initials, :q_ini) > 0)"
        f" OR (:q_py != '' AND (' ' || {a}name_pinyin) LIKE :q_py))"
    )


def text_condition(columns: tuple[str, ...]) -> str:
    """A list's free text as base.py read it: instr() over each column."""
    return " OR ".join(f"instr(COALESCE({c}, ''), :q) > 0" for c in columns)
