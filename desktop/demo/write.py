"""Writing copy 0 through the store's public API: validated, audited, and its
documents issued as real notices."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.demo.pdf import _DOCUMENT_REFS, HOLIDAY_LETTER, _pdf_page
from desktop.demo.plan import WRITE_ORDER, Plan, _Rec, _Ref
from desktop.demo.world import _cn_date
from desktop.domain import notice_kinds, notices
from desktop.store import attachments, numbering, records
from desktop.store.kinds import KINDS

if TYPE_CHECKING:
    from desktop.store.db import Store


# -- canonical values -------------------------------------------------------------------

_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    table: tuple((f.name, f.type) for f in k.fields) for table, k in KINDS.items()
}


def _derived(table: str) -> tuple[str, ...]:
    """Columns the write path derives for a table (records.derived_values)."""
    found = KINDS[table].derived
    return found.columns if found is not None else ()


def _canon_value(ftype: str, value: Any) -> Any:
    """The value exactly as `records.normalize` would store it."""
    if value is None:
        return 0 if ftype == "bool" else None
    if isinstance(value, _Ref):
        return value.id
    if ftype == "bool":
        return 1 if value else 0
    if ftype == "date":
        return value.isoformat() if isinstance(value, dt.date) else value
    if ftype == "dict_list":
        return json.dumps([str(v) for v in value], ensure_ascii=False) if value else None
    if ftype == "text":
        text = str(value).strip()
        return text or None
    return value


def _canon(table: str, values: dict[str, Any]) -> dict[str, Any]:
    return {name: _canon_value(ftype, values.get(name)) for name, ftype in _FIELDS[table]}


def _attachment_pdf(rec: _Rec) -> bytes:
    """Scans are stand-ins too: one placeholder per kind of scan (the store keeps files by
    content, so all attachments of a kind share one stored file)."""
    return _scan_pdf(str(rec.values["_title"]))


@functools.lru_cache(maxsize=64)
def _scan_pdf(title: str) -> bytes:
    return _pdf_page(title, ["（签字页扫描件）"])


# -- writing: the validated path --------------------------------------------------------


_VALIDATED_ORDER = (
    *(t for t in WRITE_ORDER if t not in ("documents", "attachments")),
    "documents",
    "attachments",
)


def _write_validated(store: Store, plan: Plan, files: list[Path], tick: Callable[[], None]) -> None:
    """Copy 0 through the public API: validated, rule-checked, audited row by row.

    Documents are issued after the records they concern, each rendered by the real
    notice renderer from those records; the records' references to them are set then.
    """
    root = store.path.parent
    refs: dict[int, list[tuple[str, int, str]]] = {}  # document id -> (table, id, field)
    with tempfile.TemporaryDirectory(prefix="qingfeng-demo-") as tmp:
        for table in _VALIDATED_ORDER:
            for rec in plan.get(table, ()):
                if table == "documents":
                    _issue(store, rec, files, refs)
                elif table == "attachments":
                    source = Path(tmp) / str(rec.values["filename"])
                    data = _attachment_pdf(rec)
                    source.write_bytes(data)
                    digest = hashlib.sha256(data).hexdigest()
                    # scans share stored files (kept by content): remember only new ones
                    existed = any(
                        (root / attachments.ATTACHMENTS_DIR / digest[:2]).glob(f"{digest}*")
                    )
                    attachment_id = attachments.add(
                        store,
                        source,
                        str(rec.values["linked_table"]),
                        int(rec.values["linked_id"].id),
                        str(rec.values["notes"]),
                    )
                    _expect_id(table, attachment_id, rec)
                    if not existed:
                        stored = records.get(store, "attachments", attachment_id)["stored_path"]
                        files.append(root / str(stored))
                elif table in _PARENT:
                    _add_to_parent(store, table, rec)
                else:
                    values = {"id": rec.ref.id, **_canon(table, rec.values)}
                    for name in _DOCUMENT_REFS.get(table, ()):
                        if values.get(name) is not None:
                            refs.setdefault(int(values[name]), []).append((table, rec.ref.id, name))
                            values[name] = None
                    children = {
                        child: [{"id": row["id"], **_canon(child, row)} for row in rows]
                        for child, rows in rec.children.items()
                    }
                    records.insert(store, table, values, children)
                tick()


# child tables planned on their own (after the records they name): table -> (parent, fk)
_PARENT: dict[str, tuple[str, str]] = {
    child.table: (parent.table, child.fk)
    for parent in KINDS.values()
    for child in parent.children
    if child.table in WRITE_ORDER
}


def _add_to_parent(store: Store, table: str, rec: _Rec) -> None:
    """A child row added as the clerk adds it: by saving its parent record with the new
    row listed (one audited update of the parent, which the integrity check compares)."""
    parent, fk = _PARENT[table]
    values = _canon(table, rec.values)
    parent_id = values.pop(fk)
    kept = [
        {"id": r[0]}
        for r in store.db.execute(f"SELECT id FROM {table} WHERE {fk} = ? ORDER BY id", [parent_id])
    ]
    records.update(store, parent, parent_id, {}, {table: [*kept, values]})
    _expect_id(table, int(store.scalar(f"SELECT MAX(id) FROM {table}")), rec)


def _issue(
    store: Store, rec: _Rec, files: list[Path], refs: dict[int, list[tuple[str, int, str]]]
) -> None:
    """Issue one planned document through the real renderer, then point its records at it."""
    values = rec.values
    linked = values["linked_id"]
    linked_id = linked.id if isinstance(linked, _Ref) else linked
    if values["kind"] == "督办函":  # the register notes the deadline the letter prints
        due = notices.supervision_deadline(store, values["issued_date"])
        values["notes"] = f"要求于{_cn_date(due)}前整改到位并书面报告"
    row = numbering.issue(
        store,
        kind=str(values["kind"]),
        title=str(values["title"]),
        issued_date=values["issued_date"],
        addressee=values["addressee"],
        linked_table=values["linked_table"],
        linked_id=linked_id,
        render=lambda number: _render(store, rec, number, lambda d: _planned_items(refs, d)),
        notes=values["notes"],
    )
    files.append(store.path.parent / str(row["pdf_path"]))
    _expect_id("documents", int(row["id"]), rec)
    for table, record_id, name in refs.pop(rec.ref.id, []):
        records.update(store, table, record_id, {name: rec.ref.id})
    if values.get("voided"):
        records.update(store, "documents", int(row["id"]), {"voided": 1})


def _planned_items(refs: Mapping[int, list[tuple[str, int, str]]], doc_id: int) -> list[int]:
    return [rid for table, rid, _ in refs.get(doc_id, []) if table == "rectifications"]


def _stored_items(store: Store, doc_id: int) -> list[int]:
    return [
        int(r[0])
        for r in store.db.execute(
            "SELECT id FROM rectifications WHERE notice_document_id = ?"
            " OR escalation_document_id = ? ORDER BY found_date, id",
            [doc_id, doc_id],
        )
    ]


def _render(store: Store, rec: _Rec, number: str, items_of: Callable[[int], list[int]]) -> bytes:
    """The document's PDF from the records it concerns, by the application's renderer
    (desktop.domain.notices); `items_of(document id)` names the rectification items."""
    values = rec.values
    kind, title = str(values["kind"]), str(values["title"])
    day: dt.date = values["issued_date"]
    addressee = str(values["addressee"] or "")
    doc_id = rec.ref.id
    if values["linked_table"] is None and values.get("voided"):
        doc_id += 1  # a notice voided for its addressee: its replacement follows it
    else:
        addressee = ""
    items = items_of(doc_id)
    letter, person = None, None
    if values["linked_table"] == "clues":  # a 提醒函 to one reported person of the clue
        person = store.scalar(
            "SELECT p.id FROM clue_persons cp JOIN persons p ON p.id = cp.person_id"
            " WHERE cp.clue_id = ? AND p.name || '同志' = ?",
            [values["linked_id"].id, values["addressee"]],
        )
    if values["linked_table"] is None and not items:
        name = re.sub(r"^关于\d{4}年|期间.*$", "", title)
        text = HOLIDAY_LETTER.format(name=name)
        letter = notice_kinds.Letter(str(values["addressee"]), title, text)
    linked = values["linked_id"]
    return notices.render_registered(
        store,
        kind,
        linked.id if isinstance(linked, _Ref) else linked,
        day,
        number,
        title=title,
        addressee=addressee or None,
        items=items or None,
        letter=letter,
        person=int(person) if person is not None else None,
    )


def _expect_id(table: str, got: int, rec: _Rec) -> None:
    if got != rec.ref.id:
        raise RuntimeError(f"demo {table}: expected id {rec.ref.id}, store gave {got}")
