"""One search over the whole ledger: names by any part, by full pinyin or by initials.

The matcher is SQL over the keys stored beside each name (`name_pinyin` "zhang fan",
`name_initials` "zf"; see desktop/store/pinyin.py), so the global search (Ctrl+K, the
`search` command), the lists' 查找, the pickers and the timeline's person filter all ask
the same question of SQLite, and none scans rows in Python.

What the clerk types is read three ways at once:
- as it is: any part of a name, title or ledger number (instr(), so 1- and 2-character
  names match, which a trigram index would miss);
- as initials, when it is all letters: "zf" is a part of 张帆's "zf";
- as full pinyin, when it splits into syllables ("zhangf", "zhang fan", "fan"): they must
  start at a syllable of the name, the last may be cut short, so "an" does not find 张帆.

At a large office (issue #16) an FTS5 trigram index can take over the 3+ character text
part of `text_condition`; the name keys stay as they are.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.store.pinyin import SYLLABLES

if TYPE_CHECKING:
    from desktop.store.db import Store

# The named parameters every condition below reads; `params(text)` fills them.
PARAMS = ("q", "q_ini", "q_py")
DEFAULT_LIMIT = 20
_LETTERS = re.compile(r"^[a-z' ]+$")


@functools.cache
def _prefixes() -> frozenset[str]:
    """Every beginning of a syllable: the last typed syllable may be unfinished."""
    return frozenset(s[:n] for s in SYLLABLES for n in range(1, len(s) + 1))


def split_syllables(letters: str) -> list[str] | None:
    """ "zhangf" -> ["zhang", "f"]; None when the letters are not pinyin. Spaces and
    apostrophes the clerk types are syllable breaks; longer syllables are tried first."""
    pieces = [p for p in re.split(r"[ ']+", letters) if p]
    out: list[str] = []
    for i, piece in enumerate(pieces):
        found = _split(piece, last=i == len(pieces) - 1)
        if found is None:
            return None
        out.extend(found)
    return out or None


def _split(text: str, *, last: bool) -> list[str] | None:
    if not text:
        return []
    if last and text in _prefixes():
        return [text]
    for n in range(min(6, len(text)), 0, -1):
        head = text[:n]
        if head in SYLLABLES:
            rest = _split(text[n:], last=last)
            if rest is not None:
                return [head, *rest]
    return None


def params(text: str) -> dict[str, str]:
    """The parameters of the conditions below for what the clerk typed."""
    q = text.strip()
    lowered = q.lower()
    initials = pinyin = ""
    if lowered and _LETTERS.match(lowered):
        initials = re.sub(r"[ ']", "", lowered)
        parts = split_syllables(lowered)
        if parts:
            pinyin = "% " + " ".join(parts) + "%"  # LIKE against ' ' || name_pinyin
    return {"q": q, "q_ini": initials, "q_py": pinyin}


def name_condition(alias: str = "") -> str:
    """SQL: the row's name matches (any part, initials or pinyin). `alias` is "p." etc."""
    a = alias
    return (
        f"(instr(lower({a}name), lower(:q)) > 0"
        f" OR (:q_ini != '' AND instr({a}name_initials, :q_ini) > 0)"
        f" OR (:q_py != '' AND (' ' || {a}name_pinyin) LIKE :q_py))"
    )


def name_order(alias: str = "") -> str:
    """SQL ORDER BY terms: the exact name, then exact initials, then by pinyin."""
    a = alias
    return f"{a}name != :q, {a}name_initials IS NOT :q_ini, {a}name_pinyin, {a}name, {a}id"


PERSON_IDS = f"SELECT id FROM persons WHERE {name_condition()}"
UNIT_IDS = f"SELECT id FROM units WHERE {name_condition()}"


def matching_ids(store: Store, table: str, text: str) -> list[int]:
    """Ids of the persons or units whose name matches, best first (pickers, filters)."""
    if table not in ("persons", "units"):
        raise KeyError(table)
    if not text.strip():
        return []
    sql = f"SELECT id FROM {table} WHERE {name_condition()} ORDER BY {name_order()}"
    return [int(r[0]) for r in store.db.execute(sql, params(text)).fetchall()]


# -- the global search ------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    table: str
    record_id: int
    title: str
    detail: str = ""


@dataclass
class Group:
    table: str
    label: str
    hits: list[Hit] = field(default_factory=list)
    more: bool = False  # there are more than the hits shown


def _text(*exprs: str) -> str:
    """Free text holds the typed part as it is (no lower(): it costs on long Chinese text)."""
    return " OR ".join(f"instr({e}, :q) > 0" for e in exprs)


def _code(*exprs: str) -> str:
    """Ledger and document numbers: "xs-2026" finds XS-2026-001."""
    return " OR ".join(f"instr(lower({e}), lower(:q)) > 0" for e in exprs)


# Per kind: (label, SQL giving id, title, detail, with the WHERE and the order). A record
# is found by its own text and by the names of the persons and units it is about.
_KINDS: tuple[tuple[str, str, str], ...] = (
    (
        "persons",
        "人员",
        "SELECT p.id, p.name AS title,"
        " TRIM(COALESCE(u.name, '') || ' ' || COALESCE(p.post, '')) AS detail"
        f" FROM persons p LEFT JOIN units u ON u.id = p.unit_id WHERE {name_condition('p.')}"
        f" ORDER BY {name_order('p.')}",
    ),
    (
        "units",
        "单位",
        "SELECT n.id, n.name AS title, COALESCE(n.kind, '') AS detail FROM units n"
        f" WHERE {name_condition('n.')} ORDER BY {name_order('n.')}",
    ),
    (
        "talks",
        "谈话记录",
        "SELECT t.id, t.reason AS title, t.date || ' ' || t.kind || '　谈话对象：' ||"
        " COALESCE((SELECT GROUP_CONCAT(p.name, '、') FROM talk_subjects s"
        " JOIN persons p ON p.id = s.person_id WHERE s.talk_id = t.id), '') ||"
        " COALESCE('　谈话人：' || (SELECT GROUP_CONCAT(name, '、') FROM talk_talkers"
        " WHERE talk_id = t.id), '') AS detail"
        f" FROM talks t WHERE {_text('t.reason', 't.place')}"
        f" OR t.id IN (SELECT talk_id FROM talk_subjects WHERE person_id IN ({PERSON_IDS}))"
        " OR t.id IN (SELECT talk_id FROM talk_talkers WHERE instr(name, :q) > 0"
        f" OR person_id IN ({PERSON_IDS}))"
        " ORDER BY t.date DESC, t.id DESC",
    ),
    (
        "clues",
        "问题线索",
        "SELECT c.id, c.summary AS title,"
        " TRIM(COALESCE(c.ledger_no, '') || ' ' || c.received_date || '　被反映人：' ||"
        " COALESCE((SELECT GROUP_CONCAT(p.name, '、') FROM clue_persons cp"
        " JOIN persons p ON p.id = cp.person_id WHERE cp.clue_id = c.id), '')) AS detail"
        f" FROM clues c WHERE {_code('c.ledger_no')} OR {_text('c.summary')}"
        f" OR c.id IN (SELECT clue_id FROM clue_persons WHERE person_id IN ({PERSON_IDS}))"
        f" OR c.reported_unit_id IN ({UNIT_IDS})"
        " ORDER BY c.received_date DESC, c.id DESC",
    ),
    (
        "inquiries",
        "函询",
        "SELECT i.id, '对' || p.name || '的函询' AS title,"
        " i.sent_date || ' ' || COALESCE(c.ledger_no, '') AS detail"
        " FROM inquiries i JOIN persons p ON p.id = i.person_id"
        " LEFT JOIN clues c ON c.id = i.clue_id"
        f" WHERE i.person_id IN ({PERSON_IDS}) OR {_code('c.ledger_no')}"
        " ORDER BY i.sent_date DESC, i.id DESC",
    ),
    (
        "inspections",
        "监督检查",
        "SELECT i.id, i.theme AS title, i.start_date || ' ' || i.kind AS detail"
        f" FROM inspections i WHERE {_text('i.theme')}"
        " OR i.id IN (SELECT inspection_id FROM inspection_units"
        f" WHERE unit_id IN ({UNIT_IDS})) ORDER BY i.start_date DESC, i.id DESC",
    ),
    (
        "rectifications",
        "整改事项",
        "SELECT r.id, r.finding AS title,"
        " r.found_date || ' ' || u.name || ' ' || r.status AS detail"
        " FROM rectifications r JOIN units u ON u.id = r.unit_id"
        f" WHERE {_text('r.finding', 'r.responsible')} OR r.unit_id IN ({UNIT_IDS})"
        " ORDER BY r.found_date DESC, r.id DESC",
    ),
    (
        "proposals",
        "建议书",
        "SELECT b.id, b.matter AS title, b.kind || ' ' || u.name || ' ' || b.status AS detail"
        " FROM proposals b JOIN units u ON u.id = b.unit_id"
        f" WHERE {_text('b.matter')} OR b.unit_id IN ({UNIT_IDS})"
        " ORDER BY b.id DESC",
    ),
    (
        "documents",
        "文书",
        "SELECT d.id, d.title AS title,"
        " TRIM(COALESCE(d.number, '') || ' ' || d.issued_date) AS detail"
        f" FROM documents d WHERE {_code('d.number')} OR {_text('d.title', 'd.addressee')}"
        " ORDER BY d.issued_date DESC, d.id DESC",
    ),
)

LABELS = {table: label for table, label, _sql in _KINDS}


def search(store: Store, text: str, limit: int = DEFAULT_LIMIT) -> list[Group]:
    """The records that match, grouped by kind (only kinds with a match), at most `limit`
    of each."""
    if not text.strip():
        return []
    values = params(text)
    groups: list[Group] = []
    for table, label, sql in _KINDS:
        rows = store.db.execute(f"{sql} LIMIT {int(limit) + 1}", values).fetchall()
        if not rows:
            continue
        hits = [Hit(table, int(r[0]), _one_line(r[1]), _one_line(r[2])) for r in rows[:limit]]
        groups.append(Group(table, label, hits, more=len(rows) > limit))
    return groups


def _one_line(value: Any, width: int = 60) -> str:
    text = " ".join(str(value or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def describe(groups: list[Group]) -> list[str]:
    """The groups as lines of text (the `search` command; copying a result)."""
    lines: list[str] = []
    for group in groups:
        count = f"{len(group.hits)}{'+' if group.more else ''}"
        lines.append(f"【{group.label}】{count}条")
        for hit in group.hits:
            detail = f"　{hit.detail}" if hit.detail else ""
            lines.append(f"  {group.label}#{hit.record_id}　{hit.title}{detail}")
    return lines
