"""Ctrl+K's queries as they were before issue #16's fourth pass (a copy of
desktop/domain/search.py's `_KINDS` for the groups whose SQL that pass changed): the
equivalence tests hold the faster queries to the same hits, in the same order, with the
same `more`. The groups it left as they were (`UNCHANGED`) are read from the live module,
in the live order: a copy of them would only compare a query with itself."""

from __future__ import annotations

from desktop.domain import search
from desktop.domain.search import (
    DEFAULT_LIMIT,
    TALKER_TALK_IDS,
    Group,
    Hit,
    _one_line,
    contains,
    name_condition,
    name_order,
    params,
)
from desktop.store.db import Store

# The names' matches as they were: each id looked up in its table
PERSON_IDS = f"SELECT id FROM persons WHERE {name_condition()}"
UNIT_IDS = f"SELECT id FROM units WHERE {name_condition(table='units')}"


def _text(id_sql: str, table: str, *columns: str) -> str:
    """Free text holds the typed part as it is, found in the table's index."""
    return f"{id_sql} IN ({contains(table, columns)})"


def _scan(*exprs: str) -> str:
    """Free text of a table without an index, read row by row (no lower(): it costs on
    long Chinese text)."""
    return " OR ".join(f"instr({e}, :q) > 0" for e in exprs)


def _code(*exprs: str) -> str:
    """Ledger and document numbers: "xs-2026" finds XS-2026-001."""
    return " OR ".join(f"instr(lower({e}), lower(:q)) > 0" for e in exprs)


# The first matches in the group's order, chosen before the details of each are read
# (their correlated subqueries would otherwise run for every match before the sort).
_FIRST = "ORDER BY {order} LIMIT :limit) ORDER BY {order}"

UNCHANGED = ("units", "inspections", "rectifications", "proposals", "campaigns")

# Per kind: (label, SQL giving id, title, detail, with the WHERE and the order). A record
# is found by its own text and by the names of the persons and units it is about.
_CHANGED: tuple[tuple[str, str, str], ...] = (
    (
        "persons",
        "人员",
        "SELECT p.id, p.name AS title,"
        " TRIM(COALESCE(u.name, '') || ' ' || COALESCE(p.post, '')) AS detail"
        f" FROM persons p LEFT JOIN units u ON u.id = p.unit_id WHERE {name_condition('p.')}"
        f" ORDER BY {name_order('p.')}",
    ),
    (
        "talks",
        "谈话记录",
        "SELECT t.id, t.reason AS title, t.date || ' ' || t.kind || '　谈话对象：' ||"
        " COALESCE((SELECT GROUP_CONCAT(p.name, '、') FROM talk_subjects s"
        " JOIN persons p ON p.id = s.person_id WHERE s.talk_id = t.id), '') ||"
        " COALESCE('　谈话人：' || (SELECT GROUP_CONCAT(name, '、') FROM talk_talkers"
        " WHERE talk_id = t.id), '') AS detail"
        " FROM talks t WHERE t.id IN (SELECT t.id FROM talks t"
        f" WHERE {_text('t.id', 'talks', 'reason', 'place')}"
        f" OR t.id IN (SELECT talk_id FROM talk_subjects WHERE person_id IN ({PERSON_IDS}))"
        f" OR t.id IN ({TALKER_TALK_IDS})"
        f" OR t.id IN (SELECT talk_id FROM talk_talkers WHERE person_id IN ({PERSON_IDS}))"
        f" {_FIRST.format(order='t.date DESC, t.id DESC')}",
    ),
    (
        "clues",
        "问题线索",
        "SELECT c.id, c.summary AS title,"
        " TRIM(COALESCE(c.ledger_no, '') || ' ' || c.received_date || '　被反映人：' ||"
        " COALESCE((SELECT GROUP_CONCAT(p.name, '、') FROM clue_persons cp"
        " JOIN persons p ON p.id = cp.person_id WHERE cp.clue_id = c.id), '')) AS detail"
        " FROM clues c WHERE c.id IN (SELECT c.id FROM clues c"
        f" WHERE {_code('c.ledger_no')} OR {_text('c.id', 'clues', 'summary')}"
        f" OR c.id IN (SELECT clue_id FROM clue_persons WHERE person_id IN ({PERSON_IDS}))"
        f" OR c.reported_unit_id IN ({UNIT_IDS})"
        f" {_FIRST.format(order='c.received_date DESC, c.id DESC')}",
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
        "activities",
        "工作活动",
        "SELECT a.id, a.title AS title, a.date || ' ' || a.kind AS detail"
        " FROM activities a WHERE a.id IN (SELECT a.id FROM activities a"
        f" WHERE {_text('a.id', 'activities', 'title', 'place', 'organizer')}"
        " OR a.id IN (SELECT activity_id FROM activity_persons"
        f" WHERE person_id IN ({PERSON_IDS}))"
        f" OR a.id IN (SELECT activity_id FROM activity_units WHERE unit_id IN ({UNIT_IDS}))"
        f" {_FIRST.format(order='a.date DESC, a.id DESC')}",
    ),
    (
        "bulletins",
        "通报",
        "SELECT b.id, b.title AS title, b.date || ' ' || b.kind AS detail"
        f" FROM bulletins b WHERE {_text('b.id', 'bulletins', 'title', 'scope')}"
        " OR b.id IN (SELECT bulletin_id FROM bulletin_items"
        f" WHERE person_id IN ({PERSON_IDS}) OR unit_id IN ({UNIT_IDS}))"
        " ORDER BY b.date DESC, b.id DESC",
    ),
    (
        "accountabilities",
        "问责",
        "SELECT ac.id, ac.reason AS title, ac.date || ' ' || ac.method || ' ' ||"
        " COALESCE((SELECT name FROM persons WHERE id = ac.person_id),"
        " (SELECT name FROM units WHERE id = ac.unit_id), '') AS detail"
        f" FROM accountabilities ac WHERE {_text('ac.id', 'accountabilities', 'reason')}"
        f" OR ac.person_id IN ({PERSON_IDS}) OR ac.unit_id IN ({UNIT_IDS})"
        " ORDER BY ac.date DESC, ac.id DESC",
    ),
    (
        "documents",
        "文书",
        "SELECT d.id, d.title AS title,"
        " TRIM(COALESCE(d.number, '') || ' ' || d.issued_date) AS detail"
        f" FROM documents d WHERE {_code('d.number')}"
        f" OR {_text('d.id', 'documents', 'title', 'addressee')}"
        " ORDER BY d.issued_date DESC, d.id DESC",
    ),
)


_OLD = {table: (table, label, sql) for table, label, sql in _CHANGED}
_KINDS = tuple(kind if kind[0] in UNCHANGED else _OLD[kind[0]] for kind in search._KINDS)
assert {k[0] for k in _KINDS} == set(UNCHANGED) | set(_OLD), "a group was added or removed"


def search_before(store: Store, text: str, limit: int = DEFAULT_LIMIT) -> list[Group]:
    """The records that match, grouped by kind (only kinds with a match), at most `limit`
    of each."""
    if not text.strip():
        return []
    values = params(text)
    groups: list[Group] = []
    for table, label, sql in _KINDS:
        rows = store.db.execute(
            f"{sql} LIMIT {int(limit) + 1}", {**values, "limit": int(limit) + 1}
        ).fetchall()
        if not rows:
            continue
        hits = [Hit(table, int(r[0]), _one_line(r[1]), _one_line(r[2])) for r in rows[:limit]]
        groups.append(Group(table, label, hits, more=len(rows) > limit))
    return groups
