"""The scale option: copies 1..N-1 written in chunks, one audit entry per table."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.demo.plan import FAST_CHUNK_ROWS, WRITE_ORDER, Plan, _Rec
from desktop.demo.world import _cn_date
from desktop.demo.write import _FIELDS, _attachment_pdf, _canon, _derived, _render, _stored_items
from desktop.domain import notices
from desktop.store import attachments, audit, encryption, numbering, records
from desktop.store.kinds import KINDS

if TYPE_CHECKING:
    from desktop.store.db import Store


# -- writing: the bulk path -------------------------------------------------------------


class _Bulk:
    """Copies 1..N-1: rows canonical by construction, written with executemany."""

    def __init__(self, store: Store, files: list[Path]) -> None:
        self.store = store
        self.files = files
        self.now = store.now()
        self.rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        self.pending = 0
        self.counts: dict[str, int] = defaultdict(int)
        self.first: dict[str, int] = {}
        self.last: dict[str, int] = {}
        self.serials: dict[tuple[str, int], int] = {}
        for kind, year, last in store.db.execute(
            "SELECT kind, year, MAX(serial) FROM documents GROUP BY kind, year"
        ):
            self.serials[(str(kind), int(year))] = int(last)
        for kind, year, last in store.db.execute("SELECT kind, year, last FROM doc_counters"):
            key = (str(kind), int(year))
            self.serials[key] = max(self.serials.get(key, 0), int(last))
        self.codes: dict[str, str] = {}
        self.documents: list[tuple[_Rec, str, str]] = []
        self.columns = {
            table: (
                "id",
                *(name for name, _ in _FIELDS[table]),
                *_derived(table),
                "created_at",
                "updated_at",
            )
            for table in _FIELDS
        }

    def add(self, plan: Plan) -> None:
        for table in WRITE_ORDER:
            for rec in plan.get(table, ()):
                if table == "documents":
                    values = self.document(rec)
                elif table == "attachments":
                    values = self.attachment(rec)
                else:
                    values = _canon(table, rec.values)
                self.push(table, rec.ref.id, values)
                for child in KINDS[table].children:
                    for row in rec.children.get(child.table, ()):
                        self.push(child.table, int(row["id"]), _canon(child.table, row))
        if self.pending >= FAST_CHUNK_ROWS:
            self.flush()

    def push(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        derived = records.derived_values(KINDS[table], values)  # a name's pinyin keys
        self.rows[table].append(
            (
                row_id,
                *(values[name] for name, _ in _FIELDS[table]),
                *(derived[name] for name in _derived(table)),
                self.now,
                self.now,
            )
        )
        self.pending += 1
        self.counts[table] += 1
        self.first.setdefault(table, row_id)
        self.last[table] = row_id

    def flush(self) -> None:
        for table in _ORDER_WITH_CHILDREN:
            rows = self.rows.pop(table, None)
            if not rows:
                continue
            columns = self.columns[table]
            self.store.db.conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)})"
                f" VALUES ({', '.join('?' for _ in columns)})",
                rows,
            )
        self.pending = 0

    def document(self, rec: _Rec) -> dict[str, Any]:
        values = _canon("documents", rec.values)
        kind = str(values["kind"])
        day = rec.values["issued_date"]
        if kind == "督办函":  # the register notes the deadline the letter prints
            due = notices.supervision_deadline(self.store, day)
            values["notes"] = f"要求于{_cn_date(due)}前整改到位并书面报告"
        year = int(day.year)
        serial = self.serials.get((kind, year), 0) + 1
        self.serials[(kind, year)] = serial
        if kind not in self.codes:
            self.codes[kind] = numbering.code_for(self.store, kind)
        code = self.codes[kind]
        number = numbering.number_for(kind, code, year, serial)
        # the PDF is made in finish(), once the records it concerns are written
        self.documents.append((rec, number, f"{kind}-{year}-{serial:04d}"))
        values.update(
            number=number,
            code=code,
            year=year,
            serial=serial,
            pdf_path=None,
            sha256=None,
            operator=self.store.operator,
        )
        return values

    def render_documents(self) -> None:
        """Each document's PDF by the application's renderer, from its stored records."""
        for rec, number, stem in self.documents:
            pdf = _render(self.store, rec, number, lambda d: _stored_items(self.store, d))
            digest = hashlib.sha256(pdf).hexdigest()
            year = rec.values["issued_date"].year
            relative = Path(numbering.DOCUMENTS_DIR) / str(year) / f"{stem}-{digest[:8]}.pdf"
            self.write_file(relative, pdf)
            self.store.db.execute(
                "UPDATE documents SET pdf_path = ?, sha256 = ? WHERE id = ?",
                [relative.as_posix(), digest, rec.ref.id],
            )
        self.documents.clear()

    def attachment(self, rec: _Rec) -> dict[str, Any]:
        data = _attachment_pdf(rec)
        digest = hashlib.sha256(data).hexdigest()
        filename = str(rec.values["filename"])
        relative = (
            Path(attachments.ATTACHMENTS_DIR)
            / digest[:2]
            / (digest + Path(filename).suffix.lower())
        )
        self.write_file(relative, data)
        values = _canon("attachments", rec.values)
        values.update(
            stored_path=relative.as_posix(),
            sha256=digest,
            size=len(data),
            added_by=self.store.operator,
        )
        return values

    def write_file(self, relative: Path, data: bytes) -> None:
        target = self.store.path.parent / relative
        if target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(encryption.seal(self.store.key, data))  # encrypted if the store is
        self.files.append(target)

    def finish(self, scale: int) -> None:
        self.flush()
        self.render_documents()
        for (kind, year), last in sorted(self.serials.items()):
            self.store.db.execute(
                "INSERT INTO doc_counters(kind, year, last) VALUES (?, ?, ?)"
                " ON CONFLICT(kind, year) DO UPDATE SET last = MAX(last, excluded.last)",
                [kind, year, last],
            )
        for table in _ORDER_WITH_CHILDREN:
            if not self.counts.get(table):
                continue
            audit.write(
                self.store,
                "import",
                table,
                None,
                None,
                {
                    "source": "演示数据（批量生成）",
                    "scale": scale,
                    "copies": f"2-{scale}",
                    "rows": self.counts[table],
                    "first_id": self.first[table],
                    "last_id": self.last[table],
                },
            )


# a child table planned on its own (clue_exposures) is written in its own place
_ORDER_WITH_CHILDREN: tuple[str, ...] = tuple(
    name
    for table in WRITE_ORDER
    for name in (table, *(child.table for child in KINDS[table].children))
    if name == table or name not in WRITE_ORDER
)
