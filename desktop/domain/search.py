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

Every part is looked up in the trigram full-text indexes of schema step 8 (a phrase of
3+ characters by MATCH; 1 or 2 characters by the index's terms that begin with them, see
`contains`), so a search at 125k talks reads the index, not the rows (issue #16).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.store.pinyin import SYLLABLES
from desktop.store.schema import TALKER_KEY_BITS

if TYPE_CHECKING:
    from desktop.store.db import Store

# The values every condition below reads; `params(text)` fills them (and, for each,
# the `_m`, `_lo`, `_hi` parameters of `contains`).
PARAMS = ("q", "q_name", "q_ini", "q_py")
DEFAULT_LIMIT = 20
_LETTERS = re.compile(r"^[a-z' ]+$")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_TRIGRAM = 3
_LAST_CHAR = "\U0010ffff"
# A number's 3-character pieces looked up in the index (the rest is left to instr): at
# most this many, with at most this many spellings in all (letters: 2 each)
CODE_PIECES = 4
CODE_SPELLINGS = 12


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
            pinyin = " " + " ".join(parts)  # a part of ' ' || name_pinyin
    values = {"q": q, "q_name": q.translate(_ASCII_LOWER), "q_ini": initials, "q_py": pinyin}
    out = dict(values)
    for key, value in values.items():
        out.update(_index_keys(key, value))
    out.update(_code_keys(values["q_name"]))
    return out


def _cases(text: str) -> list[str]:
    """Every spelling of lower-cased text that SQLite's lower() folds to it (ASCII)."""
    spellings = [""]
    for ch in text:
        both = (ch, ch.upper()) if "a" <= ch <= "z" else (ch,)
        spellings = [s + c for s in spellings for c in both]
    return spellings


def _code_keys(lowered: str) -> dict[str, str]:
    """What `code_contains` reads for a number typed in any case (`lowered`: ASCII
    lower-cased). 3+ characters: each 3-character piece in any of its spellings, all
    pieces (the fewest spellings first, see CODE_PIECES) in the row; 1-2 characters:
    index terms that begin with one of its spellings (at most four)."""
    out = {f"q_code_{i}_{end}": "" for i in range(4) for end in ("lo", "hi")}
    out["q_code_m"] = '""'
    if len(lowered) >= _TRIGRAM:
        pieces = {lowered[i : i + _TRIGRAM] for i in range(len(lowered) - _TRIGRAM + 1)}
        chosen: list[str] = []
        for piece in sorted(pieces, key=lambda p: (len(_cases(p)), lowered.index(p))):
            spelt = sum(len(_cases(p)) for p in chosen) + len(_cases(piece))
            if chosen and (len(chosen) == CODE_PIECES or spelt > CODE_SPELLINGS):
                break
            chosen.append(piece)
        out["q_code_m"] = " AND ".join(
            "(" + " OR ".join('"' + s.replace('"', '""') + '"' for s in _cases(p)) + ")"
            for p in chosen
        )
    elif lowered:
        for i, spelling in enumerate(_cases(lowered)):
            out[f"q_code_{i}_lo"] = spelling
            out[f"q_code_{i}_hi"] = spelling + _LAST_CHAR
    return out


def _index_keys(key: str, value: str) -> dict[str, str]:
    """A value as `contains` reads it: the phrase to MATCH (finds nothing under 3
    characters), and the range of index terms that begin with a 1- or 2-character value
    (empty otherwise)."""
    short = 0 < len(value) < _TRIGRAM
    return {
        f"{key}_m": '"' + value.replace('"', '""') + '"',
        f"{key}_lo": value if short else "",
        f"{key}_hi": value + _LAST_CHAR if short else "",
    }


def contains(source: str, columns: tuple[str, ...], key: str = "q") -> str:
    """SQL: the keys (`doc`: the ids, the talkers' keyed by talk, see TALKER_TALK_IDS) of
    `source` rows whose `columns` (in its step-9 index) hold the value `:key` as a part,
    as `instr(column, :key) > 0` would find them. A trigram index finds
    3+ characters by MATCH; every indexed value ends in two padding characters, so each 1-
    or 2-character part of it begins one of its trigrams, read from the terms table."""
    fts = f"{source}_fts"
    names = ", ".join(f"'{c}'" for c in columns)
    return (
        f"SELECT rowid AS doc FROM {fts} WHERE {fts} MATCH '{{{' '.join(columns)}}} : ' || :{key}_m"
        f" UNION ALL SELECT doc FROM {fts}_terms WHERE term >= :{key}_lo AND term < :{key}_hi"
        f" AND col IN ({names})"
    )


def code_contains(table: str, column: str) -> str:
    """SQL: the ids of `table` rows whose number `column` holds the typed value in any
    case, as `instr(lower(column), lower(:q)) > 0` finds them: the rows the index gives
    for its pieces in every spelling (all of them for 1-3 characters, a few for more),
    then that very test on those rows only."""
    fts = f"{table}_fts"
    terms = " UNION ALL ".join(
        f"SELECT doc FROM {fts}_terms WHERE term >= :q_code_{i}_lo AND term < :q_code_{i}_hi"
        f" AND col = '{column}'"
        for i in range(4)
    )
    return (
        f"SELECT id FROM {table} WHERE id IN (SELECT rowid FROM {fts}"
        f" WHERE {fts} MATCH '{{{column}}} : (' || :q_code_m || ')' UNION ALL {terms})"
        f" AND instr(lower({column}), lower(:q)) > 0"
    )


def name_ids(table: str = "persons") -> str:
    """SQL: the ids of the persons or units whose name matches (any part, initials or
    pinyin), straight from the names' index (an id may come more than once)."""
    return (
        f"{contains(table, ('name',), 'q_name')}"
        f" UNION ALL {contains(table, ('initials',), 'q_ini')}"
        f" UNION ALL {contains(table, ('pinyin',), 'q_py')}"
    )


def name_condition(alias: str = "", table: str = "persons") -> str:
    """SQL: the row's name matches (any part, initials or pinyin). `alias` is "p." etc.,
    `table` persons or units."""
    return f"{alias}id IN ({name_ids(table)})"


def name_order(alias: str = "") -> str:
    """SQL ORDER BY terms: the exact name, then exact initials, then by pinyin."""
    a = alias
    return f"{a}name != :q, {a}name_initials IS NOT :q_ini, {a}name_pinyin, {a}name, {a}id"


# The persons and units whose name matches, for `IN (…)`: their ids as the names' index
# gives them, not looked up in their table first (the lookups only said the row exists,
# which the ids' users check anyway; 1,297 persons for one character at scale 100: 2.4 ms)
PERSON_IDS = name_ids()
UNIT_IDS = name_ids("units")
# Talks by the name of a subject
SUBJECT_TALK_IDS = f"SELECT talk_id FROM talk_subjects WHERE person_id IN ({PERSON_IDS})"
# Talks by the name of a talker, from the talkers' index alone: it keys each talker by its
# talk (schema step 14), so the talk id is the key shifted back, not read from the row.
TALKER_TALK_IDS = f"SELECT doc >> {TALKER_KEY_BITS} FROM ({contains('talk_talkers', ('name',))})"
# Talks by the name of a subject's unit as recorded on the talk.
SUBJECT_UNIT_TALK_IDS = (
    f"SELECT talk_id FROM talk_subjects WHERE id IN ({contains('talk_subjects', ('unit_name',))})"
)
# The same talks read through the distinct unit names, along the index on
# talk_subjects(unit_name, id, talk_id) (schema step 13): the index terms above
# give subject ids, each read in its row for the talk id (3,433 rows for one common
# character at 125k talks); the names are few (a few hundred however many talks), each is
# one step along that index (the next name after the last), and the matching names'
# talk ids come from the index alone. `instr` is what `contains` finds through the index.
SUBJECT_UNIT_INDEX = "ix_talk_subjects_unit_talk"
SUBJECT_UNIT_TALK_IDS_BY_NAME = (
    "SELECT talk_id FROM talk_subjects WHERE unit_name IN (WITH RECURSIVE names(name) AS"
    " (SELECT min(unit_name) FROM talk_subjects UNION ALL SELECT (SELECT min(unit_name)"
    " FROM talk_subjects WHERE unit_name > name) FROM names WHERE name IS NOT NULL)"
    " SELECT name FROM names WHERE instr(name, :q) > 0)"
)
# Stepping through every name costs about as much as looking up this many rows: fewer
# matching rows (a name, a rare character) are read through the index terms
BY_NAME_FROM = 256


@dataclass(frozen=True)
class _Faster:
    """An id source's faster form, and when it pays."""

    sql: str
    many: str  # a row when the plain form would read enough rows for `sql` to pay


_BY_INDEX = {
    SUBJECT_UNIT_TALK_IDS: _Faster(
        SUBJECT_UNIT_TALK_IDS_BY_NAME,
        f"SELECT 1 FROM ({contains('talk_subjects', ('unit_name',))})"
        f" LIMIT 1 OFFSET {BY_NAME_FROM}",
    )
}


def id_source(store: Store, sql: str, values: dict[str, Any]) -> str:
    """A list's id source (`Query.search_own_ids`) in the form that reads fastest for
    these search values: its form along an index, when the plain form would read many
    rows. The same ids either way."""
    faster = _BY_INDEX.get(sql)
    if faster is None:
        return sql
    return faster.sql if store.db.execute(faster.many, values).fetchone() else sql


# The lists' free text (their declared `search` columns) that the indexes hold, per table.
LIST_TEXT: dict[str, tuple[str, ...]] = {
    "talks": ("reason", "place", "recorder"),
    "clues": ("summary", "ledger_no", "handler"),
    "documents": ("title", "number", "addressee", "operator"),
    "inspections": ("theme", "team", "notes"),
    "campaigns": ("name", "lead_office"),
    "activities": ("title", "place", "organizer"),
    "bulletins": ("title", "scope"),
    "accountabilities": ("reason", "decided_by"),
}


def list_condition(table: str, id_sql: str, text: str) -> tuple[str, dict[str, Any]] | None:
    """A list's 查找 over its own free text through the index (None: the table has no
    index, the list reads its columns); the parameters include the name lookups'."""
    columns = LIST_TEXT.get(table)
    if columns is None:
        return None
    return f"{id_sql} IN ({contains(table, columns)})", params(text)


def matching_ids(store: Store, table: str, text: str) -> list[int]:
    """Ids of the persons or units whose name matches, best first (pickers, filters)."""
    if table not in ("persons", "units"):
        raise KeyError(table)
    if not text.strip():
        return []
    sql = f"SELECT id FROM {table} WHERE {name_condition('', table)} ORDER BY {name_order()}"
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


def _text(id_sql: str, table: str, *columns: str) -> str:
    """Free text holds the typed part as it is, found in the table's index."""
    return f"{id_sql} IN ({contains(table, columns)})"


def _scan(*exprs: str) -> str:
    """Free text of a table without an index, read row by row (no lower(): it costs on
    long Chinese text)."""
    return " OR ".join(f"instr({e}, :q) > 0" for e in exprs)


def _code(id_sql: str, table: str, column: str) -> str:
    """Ledger and document numbers: "xs-2026" finds XS-2026-001, through the index."""
    return f"{id_sql} IN ({code_contains(table, column)})"


# The first matches in the group's order, chosen before the details of each are read
# (their correlated subqueries would otherwise run for every match before the sort).
_FIRST = "ORDER BY {order} LIMIT :limit) ORDER BY {order}"

# Ctrl+K reads a kind's newest RECENT rows first, each tested on the row itself: when they
# hold more hits than the group shows, those are its first hits (the order is the same)
# and no index is read (a character common in names: 17k talks). Else the whole table
# is searched through the indexes.
RECENT = 500
SMALL = 4  # a table of at most SMALL × RECENT rows is searched whole at once


def _large(store: Store, table: str) -> bool:
    """Whether reading the newest rows first can pay: the highest id (one index step;
    at least the number of rows) is above SMALL × RECENT."""
    top = store.db.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
    return int(top or 0) > SMALL * RECENT


def _text_rows(*exprs: str) -> str:
    """Indexed free text read from the row itself, as `contains` finds it."""
    return " OR ".join(f"instr(COALESCE({e}, ''), :q) > 0" for e in exprs)


def _newest(table: str, alias: str, order: str, columns: str) -> str:
    """FROM item: the newest RECENT rows of `table` in the group's order (only the
    `columns` the test reads: a talk's long texts stay unread)."""
    bare = order.replace(f"{alias}.", "")
    return f"(SELECT {columns} FROM {table} ORDER BY {bare} LIMIT :recent) {alias}"


# The persons whose name matches, found once per search (`search`) for every kind that
# asks: reading the names' index for each of them cost a few ms apiece (1 character).
_PERSONS_FOUND = "SELECT value FROM json_each(:person_ids)"
_TALK_ORDER = "t.date DESC, t.id DESC"
_TALK_HIT = (
    "SELECT t.id, t.reason AS title, t.date || ' ' || t.kind || '　谈话对象：' ||"
    " COALESCE((SELECT GROUP_CONCAT(p.name, '、') FROM talk_subjects s"
    " JOIN persons p ON p.id = s.person_id WHERE s.talk_id = t.id), '') ||"
    " COALESCE('　谈话人：' || (SELECT GROUP_CONCAT(name, '、') FROM talk_talkers"
    " WHERE talk_id = t.id), '') AS detail"
    " FROM talks t WHERE t.id IN (SELECT t.id FROM "
)
_TALKS = (
    f"{_TALK_HIT}talks t WHERE {_text('t.id', 'talks', 'reason', 'place')}"
    f" OR t.id IN (SELECT talk_id FROM talk_subjects WHERE person_id IN ({_PERSONS_FOUND}))"
    f" OR t.id IN ({TALKER_TALK_IDS})"
    f" OR t.id IN (SELECT talk_id FROM talk_talkers WHERE person_id IN ({_PERSONS_FOUND}))"
    f" {_FIRST.format(order=_TALK_ORDER)}"
)
_TALKS_RECENT = (
    f"{_TALK_HIT}{_newest('talks', 't', _TALK_ORDER, 'id, date, reason, place')}"
    f" WHERE {_text_rows('t.reason', 't.place')}"
    " OR EXISTS (SELECT 1 FROM talk_subjects s WHERE s.talk_id = t.id"
    f" AND +s.person_id IN ({_PERSONS_FOUND}))"
    # a talker by the name recorded or as a person of the office
    " OR EXISTS (SELECT 1 FROM talk_talkers tt WHERE tt.talk_id = t.id"
    f" AND (instr(tt.name, :q) > 0 OR +tt.person_id IN ({_PERSONS_FOUND})))"
    f" {_FIRST.format(order=_TALK_ORDER)}"
)
_CLUE_ORDER = "c.received_date DESC, c.id DESC"
_CLUE_HIT = (
    "SELECT c.id, c.summary AS title,"
    " TRIM(COALESCE(c.ledger_no, '') || ' ' || c.received_date || '　被反映人：' ||"
    " COALESCE((SELECT GROUP_CONCAT(p.name, '、') FROM clue_persons cp"
    " JOIN persons p ON p.id = cp.person_id WHERE cp.clue_id = c.id), '')) AS detail"
    " FROM clues c WHERE c.id IN (SELECT c.id FROM "
)
_CLUES = (
    f"{_CLUE_HIT}clues c"
    f" WHERE {_code('c.id', 'clues', 'ledger_no')} OR {_text('c.id', 'clues', 'summary')}"
    f" OR c.id IN (SELECT clue_id FROM clue_persons WHERE person_id IN ({_PERSONS_FOUND}))"
    f" OR c.reported_unit_id IN ({UNIT_IDS})"
    # + : sort the matches the indexes give; walking the date index instead tests
    # every clue, row by row, when few match (the planner's pick)
    f" ORDER BY +{_CLUE_ORDER} LIMIT :limit) ORDER BY {_CLUE_ORDER}"
)
_CLUE_COLUMNS = "id, received_date, ledger_no, summary, reported_unit_id"
_CLUES_RECENT = (
    f"{_CLUE_HIT}{_newest('clues', 'c', _CLUE_ORDER, _CLUE_COLUMNS)}"
    f" WHERE instr(lower(c.ledger_no), lower(:q)) > 0 OR {_text_rows('c.summary')}"
    # + : test each of the clue's persons against the set, not look up every person
    " OR EXISTS (SELECT 1 FROM clue_persons cp WHERE cp.clue_id = c.id"
    f" AND +cp.person_id IN ({_PERSONS_FOUND}))"
    f" OR c.reported_unit_id IN ({UNIT_IDS})"
    f" {_FIRST.format(order=_CLUE_ORDER)}"
)
# The kinds read through their newest rows first.
_RECENT = {"talks": _TALKS_RECENT, "clues": _CLUES_RECENT}

# Per kind: (label, SQL giving id, title, detail, with the WHERE and the order). A record
# is found by its own text and by the names of the persons and units it is about.
_KINDS: tuple[tuple[str, str, str], ...] = (
    (
        "persons",
        "人员",
        "SELECT p.id, p.name AS title,"
        " TRIM(COALESCE(u.name, '') || ' ' || COALESCE(p.post, '')) AS detail"
        f" FROM persons p LEFT JOIN units u ON u.id = p.unit_id WHERE p.id IN ({_PERSONS_FOUND})"
        f" ORDER BY {name_order('p.')}",
    ),
    (
        "units",
        "单位",
        "SELECT n.id, n.name AS title, COALESCE(n.kind, '') AS detail FROM units n"
        f" WHERE {name_condition('n.', 'units')} ORDER BY {name_order('n.')}",
    ),
    ("talks", "谈话记录", _TALKS),
    ("clues", "问题线索", _CLUES),
    (
        "inquiries",
        "函询",
        "SELECT i.id, '对' || p.name || '的函询' AS title,"
        " i.sent_date || ' ' || COALESCE(c.ledger_no, '') AS detail"
        " FROM inquiries i JOIN persons p ON p.id = i.person_id"
        " LEFT JOIN clues c ON c.id = i.clue_id"
        f" WHERE i.person_id IN ({_PERSONS_FOUND}) OR {_code('i.clue_id', 'clues', 'ledger_no')}"
        " ORDER BY i.sent_date DESC, i.id DESC",
    ),
    (
        "inspections",
        "监督检查",
        "SELECT i.id, i.theme AS title, i.start_date || ' ' || i.kind AS detail"
        f" FROM inspections i WHERE {_text('i.id', 'inspections', 'theme')}"
        " OR i.id IN (SELECT inspection_id FROM inspection_units"
        f" WHERE unit_id IN ({UNIT_IDS})) ORDER BY i.start_date DESC, i.id DESC",
    ),
    (
        "rectifications",
        "整改事项",
        "SELECT r.id, r.finding AS title,"
        " r.found_date || ' ' || u.name || ' ' || r.status AS detail"
        " FROM rectifications r JOIN units u ON u.id = r.unit_id"
        f" WHERE {_scan('r.finding', 'r.responsible')} OR r.unit_id IN ({UNIT_IDS})"
        " ORDER BY r.found_date DESC, r.id DESC",
    ),
    (
        "proposals",
        "建议书",
        "SELECT b.id, b.matter AS title, b.kind || ' ' || u.name || ' ' || b.status AS detail"
        " FROM proposals b JOIN units u ON u.id = b.unit_id"
        f" WHERE {_scan('b.matter')} OR b.unit_id IN ({UNIT_IDS})"
        " ORDER BY b.id DESC",
    ),
    (
        "campaigns",
        "专项工作",
        "SELECT m.id, m.name AS title, m.start_date || ' ' || m.theme AS detail"
        f" FROM campaigns m WHERE {_text('m.id', 'campaigns', 'name', 'lead_office')}"
        " OR m.id IN (SELECT campaign_id FROM campaign_units"
        f" WHERE unit_id IN ({UNIT_IDS})) ORDER BY m.start_date DESC, m.id DESC",
    ),
    (
        "activities",
        "工作活动",
        "SELECT a.id, a.title AS title, a.date || ' ' || a.kind AS detail"
        " FROM activities a WHERE a.id IN (SELECT a.id FROM activities a"
        f" WHERE {_text('a.id', 'activities', 'title', 'place', 'organizer')}"
        " OR a.id IN (SELECT activity_id FROM activity_persons"
        f" WHERE person_id IN ({_PERSONS_FOUND}))"
        f" OR a.id IN (SELECT activity_id FROM activity_units WHERE unit_id IN ({UNIT_IDS}))"
        f" {_FIRST.format(order='a.date DESC, a.id DESC')}",
    ),
    (
        "bulletins",
        "通报",
        "SELECT b.id, b.title AS title, b.date || ' ' || b.kind AS detail"
        f" FROM bulletins b WHERE {_text('b.id', 'bulletins', 'title', 'scope')}"
        " OR b.id IN (SELECT bulletin_id FROM bulletin_items"
        f" WHERE person_id IN ({_PERSONS_FOUND}) OR unit_id IN ({UNIT_IDS}))"
        " ORDER BY b.date DESC, b.id DESC",
    ),
    (
        "accountabilities",
        "问责",
        "SELECT ac.id, ac.reason AS title, ac.date || ' ' || ac.method || ' ' ||"
        " COALESCE((SELECT name FROM persons WHERE id = ac.person_id),"
        " (SELECT name FROM units WHERE id = ac.unit_id), '') AS detail"
        f" FROM accountabilities ac WHERE {_text('ac.id', 'accountabilities', 'reason')}"
        f" OR ac.person_id IN ({_PERSONS_FOUND}) OR ac.unit_id IN ({UNIT_IDS})"
        " ORDER BY ac.date DESC, ac.id DESC",
    ),
    (
        "documents",
        "文书",
        "SELECT d.id, d.title AS title,"
        " TRIM(COALESCE(d.number, '') || ' ' || d.issued_date) AS detail"
        f" FROM documents d WHERE {_code('d.id', 'documents', 'number')}"
        f" OR {_text('d.id', 'documents', 'title', 'addressee')}"
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
    wanted = int(limit) + 1  # one more than shown says there are more
    persons = list(dict.fromkeys(r[0] for r in store.db.execute(PERSON_IDS, values)))
    args = {**values, "limit": wanted, "recent": RECENT, "person_ids": json.dumps(persons)}
    for table, label, sql in _KINDS:
        rows: list[Any] = []
        if table in _RECENT and _large(store, table):
            rows = store.db.execute(f"{_RECENT[table]} LIMIT {wanted}", args).fetchall()
        if len(rows) < wanted:
            rows = store.db.execute(f"{sql} LIMIT {wanted}", args).fetchall()
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
