"""Record access: validated writes with audit, and deletes into the recycle bin.

A record is its row plus the rows that belong to it (a clue's reported persons
and outcomes, a talk's talkers and subjects, ...). Each public call here is one
transaction: it all happens, with its audit entry, or nothing does.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import pickle
import re
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.store import audit, dictionaries, encryption, rules
from desktop.store.errors import NotFoundError, ReferencedError, UserError, ValidationError
from desktop.store.kinds import KINDS, Field, Kind, kind, parent_of, references_to

if TYPE_CHECKING:
    from desktop.store.db import Store

Row = dict[str, Any]
ChildRows = Mapping[str, Sequence[Mapping[str, Any]]]

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Control characters a text may carry in from another program. Word's manual line break
# (Shift+Enter) and page break come as U+000B and U+000C: they are line breaks and are
# kept as one. The others mean nothing in a text, and an .xlsx cannot hold them (the
# ledgers would refuse the record at export): refused at the field, with where they are.
_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_UNSAVABLE = re.compile("[\x00-\x08\x0e-\x1f]")


def _saved_text(f: Field, text: str) -> str:
    """The text with Word's breaks as line breaks; ValidationError naming the field for a
    control character no document can hold."""
    text = text.translate(_LINE_BREAKS)
    found = _UNSAVABLE.search(text)
    if found is not None:
        raise ValidationError(
            f.name,
            f.label,
            f"第{found.start() + 1}个字处有不能保存的控制字符（U+{ord(found.group()):04X}），"
            "多为从其他软件粘贴带入，请删去后再保存",
        )
    return text


# -- field values ------------------------------------------------------------------


def normalize(store: Store, f: Field, value: Any, *, look: bool = True) -> Any:
    """The value as stored, or ValidationError naming the field (a reference is looked
    up unless `look` is False: the caller just wrote the row it names)."""
    if isinstance(value, str):
        value = value.strip()
        if value == "" and f.type != "text":
            value = None
    if value is None or value == "":
        if f.type == "bool":
            return 0
        if f.required:
            raise ValidationError(f.name, f.label, "必须填写")
        return None
    if f.type == "text":
        text = str(value)
        if _CONTROL.search(text) is not None:
            text = _saved_text(f, text)
        if f.max_len is not None and len(text) > f.max_len:
            raise ValidationError(
                f.name, f.label, f"不能超过{f.max_len}个字（现有{len(text)}个字）"
            )
        return text
    if f.type == "date":
        return _date(f, value)
    if f.type == "time":
        if isinstance(value, dt.time):
            return value.strftime("%H:%M")
        if not isinstance(value, str) or not _TIME.match(value):
            raise ValidationError(f.name, f.label, f"“{value}”不是有效时间（格式应为 09:30）")
        return value
    if f.type in ("int", "money", "ref"):
        number = _int(f, value)
        if f.type == "money" and number < 0:
            raise ValidationError(f.name, f.label, "金额不能为负数")
        if f.type == "ref" and look:
            assert f.ref is not None
            if not _exists(store, f.ref, number):
                target = kind(f.ref).label
                raise ValidationError(f.name, f.label, f"所选{target}不存在（可能已被删除）")
        return number
    if f.type == "bool":
        if value in (True, 1, "1", "是"):
            return 1
        if value in (False, 0, "0", "否"):
            return 0
        raise ValidationError(f.name, f.label, f"“{value}”不是有效的是/否值")
    if f.type == "dict":
        assert f.dictionary is not None
        _check_dict(store, f, str(value))
        return str(value)
    if f.type == "dict_list":
        assert f.dictionary is not None
        values = json.loads(value) if isinstance(value, str) else list(value)
        for item in values:
            _check_dict(store, f, str(item))
        return json.dumps([str(v) for v in values], ensure_ascii=False) if values else None
    raise AssertionError(f.type)


def _exists(store: Store, table: str, record_id: int) -> bool:
    """Whether the row is there; inside an import's batch, a row it wrote or saw is known
    without asking again (`audit.Batch.known`, forgotten when a row rolls back)."""
    batch = audit.open_batch(store)
    if batch is not None and record_id in batch.known.get(table, ()):
        return True
    held = batch.buffer if batch is not None else None
    if isinstance(held, Buffer) and held.holds(table, record_id):  # kept, not yet inserted
        return True
    # (a row a Buffer deferred is held: the store's answer is right for any other id)
    with held.asking() if isinstance(held, Buffer) else contextlib.nullcontext():
        found = store.scalar(f"SELECT 1 FROM {table} WHERE id = ?", [record_id]) is not None
    if found and batch is not None:
        batch.known.setdefault(table, set()).add(record_id)
    return found


def _date(f: Field, value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    try:
        if not _DATE.match(text):
            raise ValueError(text)
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            f.name, f.label, f"“{text}”不是有效日期（格式应为 2026-01-31）"
        ) from None
    if not 1900 <= day.year <= 2200:
        raise ValidationError(f.name, f.label, f"年份 {day.year} 超出合理范围")
    return text


# Largest amount taken, in 分 (one trillion 元): far beyond any office's figures, well
# inside SQLite's 64-bit integers, so a slip of the keyboard is named, not a crash.
MAX_MONEY = 10**14
_MAX_INT = 2**63 - 1


def _int(f: Field, value: Any) -> int:
    if isinstance(value, bool):
        raise ValidationError(f.name, f.label, "应为数字")
    if isinstance(value, int):
        number = value
    else:
        try:
            number = int(str(value))
        except ValueError:
            raise ValidationError(f.name, f.label, f"“{value}”不是有效数字") from None
    if f.type == "money" and number > MAX_MONEY:
        raise ValidationError(f.name, f.label, "金额过大，请核对（单位：元）")
    if abs(number) > _MAX_INT:
        raise ValidationError(f.name, f.label, "数字过大，请核对")
    return number


def _check_dict(store: Store, f: Field, value: str) -> None:
    assert f.dictionary is not None
    if not dictionaries.contains(store, f.dictionary, value):
        names = dict(dictionaries.names(store))
        raise ValidationError(
            f.name,
            f.label,
            f"“{value}”不是有效选项（字典“{names.get(f.dictionary, f.dictionary)}”中没有该项）",
        )


@functools.cache
def _writable(table: str) -> frozenset[str]:
    """The names a write may give: the kind's fields, id and timestamps, and the derived
    columns (read back with a row, recomputed)."""
    k = kind(table)
    derived = k.derived.columns if k.derived else ()
    return frozenset((*k.names, "id", "created_at", "updated_at", *derived))


@functools.cache
def _optional(table: str) -> frozenset[str]:
    """The fields an empty value (None) passes as None without a check (`normalize`
    gives a bool 0 and refuses an empty required field)."""
    return frozenset(f.name for f in kind(table).fields if not f.required and f.type != "bool")


@functools.cache
def _fields(table: str) -> tuple[tuple[str, Field, bool, int | None], ...]:
    """(name, field, whether empty passes as None, its longest text) of each field, in
    declared order: what `validate` walks for every row written. The longest text is
    given for a text field (_ANY_LENGTH when it has no limit), None for any other."""
    optional = _optional(table)
    return tuple(
        (
            f.name,
            f,
            f.name in optional,
            (_ANY_LENGTH if f.max_len is None else f.max_len) if f.type == "text" else None,
        )
        for f in kind(table).fields
    )


_ANY_LENGTH = 2**62


def validate(
    store: Store,
    k: Kind,
    values: Mapping[str, Any],
    existing: Row | None,
    *,
    written: str | None = None,
) -> Row:
    """Normalized values to write; raises ValidationError for the first bad field.

    `existing` is the stored row for an update (only changed fields are checked
    for type, but required fields and date orders are checked on the merged row).
    `written` names a reference field whose row was just written in this transaction.
    """
    unknown = values.keys() - _writable(k.table)
    if unknown:
        raise KeyError(f"{k.table} has no fields {sorted(unknown)}")
    clean: Row = {}
    frozen = k.frozen_fields if existing is not None else ()
    for name, f, empty_passes, longest in _fields(k.table):
        if name in values:
            value = values[name]
            if name in frozen:
                assert existing is not None
                if value != existing.get(name):
                    raise ValidationError(name, f.label, "已制发/已登记，不能修改")
                continue
            if value is None and empty_passes:  # empty: nothing to check
                clean[name] = None
                continue
            if longest is not None and type(value) is str:  # most fields: what normalize
                text = value.strip()  # gives a text that is neither empty nor too long,
                # with no control character (most texts: printable, tested first)
                if (
                    text
                    and len(text) <= longest
                    and (text.isprintable() or _CONTROL.search(text) is None)
                ):
                    clean[name] = text
                    continue
            clean[name] = normalize(store, f, value, look=name != written)
        elif existing is None:
            default = f.default
            clean[name] = None if default is None and empty_passes else normalize(store, f, default)
    merged = clean if existing is None else {**existing, **clean}
    for name in k.past_only:
        day = clean.get(name)
        if day and day > store.today().isoformat() and day != (existing or {}).get(name):
            f = k.field(name)
            raise ValidationError(f.name, f.label, f"不能晚于今天（{store.today().isoformat()}）")
    for order in k.orders:
        early, late = merged.get(order.earlier), merged.get(order.later)
        if early and late and late < early:
            e, lf = k.field(order.earlier), k.field(order.later)
            raise ValidationError(lf.name, lf.label, f"不能早于{e.label}（{early}）")
    return clean


# -- reading -----------------------------------------------------------------------


def get(store: Store, table: str, record_id: int) -> Row:
    kind(table)
    rows = store.query(f"SELECT * FROM {table} WHERE id = ?", [record_id])
    if not rows:
        raise NotFoundError(f"{kind(table).label}（编号 {record_id}）不存在，可能已被删除")
    return rows[0]


def snapshot(store: Store, table: str, record_id: int) -> Row:
    """The record with everything that belongs to it, as the recycle bin keeps it."""
    k = kind(table)
    row = get(store, table, record_id)
    if k.derived is not None:  # derived keys are not the clerk's data: kept out of the log
        for column in k.derived.columns:
            row.pop(column, None)
    children: dict[str, list[Row]] = {}
    for child in k.children:
        ids = [
            r[0]
            for r in store.db.execute(
                f"SELECT id FROM {child.table} WHERE {child.fk} = ? ORDER BY id", [record_id]
            )
        ]
        children[child.table] = [snapshot(store, child.table, cid) for cid in ids]
    if table != "attachments":
        ids = [
            r[0]
            for r in store.db.execute(
                "SELECT id FROM attachments WHERE linked_table = ? AND linked_id = ? ORDER BY id",
                [table, record_id],
            )
        ]
        if ids:
            children["attachments"] = [snapshot(store, "attachments", a) for a in ids]
    return {"table": table, "row": row, "children": children}


def _walk(snap: Row) -> list[tuple[str, Row]]:
    """(table, row) for a snapshot and all it holds, parents first."""
    out = [(str(snap["table"]), snap["row"])]
    for items in snap["children"].values():
        for child in items:
            out.extend(_walk(child))
    return out


def title(store: Store, table: str, row: Mapping[str, Any]) -> str:
    """A one-line description of a record for the recycle bin and messages."""
    k = kind(table)
    text = str(row.get(k.title_field) or "")
    if table == "persons" or table == "units":
        return text
    if table == "inquiries":  # a date alone says nothing: whose 函询 it was
        name = store.scalar("SELECT name FROM persons WHERE id = ?", [row.get("person_id")])
        text = f"对{name}的函询" if name else ""
    date_field = next((f.name for f in k.fields if f.type == "date" and row.get(f.name)), None)
    lead = f"{row[date_field]} " if date_field else ""
    if len(text) > 40:
        text = text[:40] + "…"
    return f"{lead}{text}".strip() or f"{k.label} {row.get('id')}"


# -- writing -----------------------------------------------------------------------


def insert(
    store: Store, table: str, values: Mapping[str, Any], children: ChildRows | None = None
) -> int:
    """Create a record (with its child rows); returns its id.

    Inside an import's audit batch the record takes no savepoint of its own: the import
    rolls a refused row back itself (its check) or the whole transaction (its write)."""
    k = kind(table)
    batch = audit.open_batch(store)
    buffer = batch.buffer if batch is not None and isinstance(batch.buffer, Buffer) else None
    with store.transaction() if batch is None else contextlib.nullcontext():
        now = store.now()
        if buffer is None:
            row = _insert_returning(store, k, values, now=now)
        else:
            row = buffer.row(store, k, values, None, now)
        record_id = int(row["id"])
        snap = _fresh(k, row)
        stored = [(table, row)]  # the rows as stored, derived columns too
        given = dict(children or {})
        for child in k.children:  # declared order: persons before their outcomes
            ck = kind(child.table)
            snap["children"][child.table] = []
            for child_values in given.pop(child.table, ()):
                child_values = {**child_values, child.fk: record_id}
                if buffer is None:
                    child_row = _insert_returning(store, ck, child_values, child.fk, now=now)
                else:
                    child_row = buffer.row(store, ck, child_values, child.fk, now)
                stored.append((child.table, child_row))
                snap["children"][child.table].append(_fresh(ck, child_row))
        if given:
            raise KeyError(f"{sorted(given)} are not children of {table}")
        if buffer is None:
            _check_walk(store, snap)
        else:
            buffer.records.append(snap)  # its rules run when its rows are in (Buffer.flush)
        audit.write(store, "insert", table, record_id, None, snap)
        if batch is not None:
            batch.known.setdefault(table, set()).add(record_id)
            if isinstance(batch.recording, Recording):
                batch.recording.add(snap, stored, inserted=buffer is None)
    return record_id


class Buffer:
    """An import check's records held back and inserted together: a check tries every
    ledger row inside a transaction it rolls back, and a savepoint with an
    `INSERT … RETURNING` per row costs more than the row itself. Inside a trial batch
    holding a Buffer, `insert` validates each row as always, gives it the id the table
    would (AUTOINCREMENT: one more than the largest ever given), builds it with the
    values `RETURNING *` would give back, and keeps it; `flush` inserts the rows kept, one
    `executemany` per table (tables referenced first), then runs each record's rules on
    the written state, as `insert` does. When the database or a rule refuses any of them
    the flush rolls back alone and says so: the caller then tries those records one by
    one (its savepoint per row), so a refusal is named for its own row as before.

    A record's rules read the store as it was and the record's own rows (a talk its
    subjects, a clue its persons), never another record of the same flush: run after
    the whole flush they decide as they would right after the record.

    Deferring (a trial's Buffer, `defer`), a flush first asks whether the database and
    the rules would take every row without inserting them (`_certain`: the schema's
    constraints, `rules.holds_unwritten`); when they would, the rows stay deferred and
    the trial never inserts them: its rollback would only have taken them out again.
    They go in (`catch_up`) before a flush that must insert. Meanwhile the connection's
    authorizer watches for anything that reads a table with deferred rows (`misread`):
    its answer could lack them, so the trial then starts again without deferring."""

    def __init__(self, *, defer: bool = False) -> None:
        self.rows: list[tuple[str, Row]] = []  # in the order inserted
        self.records: list[Row] = []  # their snapshots, whose rules run at the flush
        self._next: dict[str, int] = {}  # per table, the id the next row gets
        self._held: dict[str, set[int]] = {}
        # Deferring (`defer`): a flush whose rows the database and the rules would
        # certainly take (`_certain`) leaves them out of the store; they go in
        # (`catch_up`, read back from the trial's Recording, which holds them anyway)
        # before any flush that must insert, and a trial that ends with them still out
        # (its rollback) never pays for their inserts.
        self.defer = defer
        self._deferred: tuple[int, int] | None = None  # their records' span in the Recording
        self._deferring: set[str] = set()  # the tables of the rows deferred
        self._keys: dict[tuple[str, tuple[str, ...]], set[tuple[Any, ...]]] = {}  # theirs
        self._given = False  # a row came with its own id: its uniqueness is not ours to know
        self._constraints: dict[str, _Constraints | None] = {}
        self._asking = False  # a read `_authorize` lets pass (`asking`)
        self.misread = False  # something read a table while it had deferred rows
        self._watching = False

    def row(
        self, store: Store, k: Kind, values: Mapping[str, Any], parent: str | None, now: str
    ) -> Row:
        """Validate a row as `_insert_returning` does and keep it; returns it as stored."""
        clean = validate(store, k, values, None, written=parent)
        clean.update(derived_values(k, clean))
        clean["created_at"] = clean["updated_at"] = now
        table = k.table
        if table not in self._next:
            self._next[table] = _next_id(store, table)
        given = values.get("id")
        if given is not None:
            self._given = True
        record_id = self._next[table] if given is None else int(given)
        self._next[table] = max(self._next[table], record_id + 1)
        clean["id"] = record_id  # every column now (`bufferable`), in its own order
        self.rows.append((table, clean))
        self._held.setdefault(table, set()).add(record_id)
        return clean

    def holds(self, table: str, record_id: int) -> bool:
        return record_id in self._held.get(table, ())

    def mark(self) -> tuple[int, int, dict[str, int]]:
        """A position to drop back to (a row its validation refused)."""
        return len(self.rows), len(self.records), dict(self._next)

    def drop_since(self, mark: tuple[int, int, dict[str, int]]) -> None:
        rows, snaps, ids = mark
        for table, row in self.rows[rows:]:
            self._held[table].discard(row["id"])
        del self.rows[rows:]
        del self.records[snaps:]
        self._next = dict(ids)

    def clear(self) -> None:
        """Forget every row kept and the ids: the next row reads them afresh."""
        self.rows, self.records, self._next, self._held = [], [], {}, {}
        self._given = False

    def flush(self, store: Store, recording: Recording | None = None) -> bool:
        """Insert the rows kept and run their records' rules, in a savepoint; False (and
        nothing left of them) when the database or a rule refused one. Deferring, rows
        that are certain are left out instead (True), the rows deferred before go in
        first otherwise. Either way the buffer is empty after. Misread when something
        read a table while it had deferred rows."""
        if not self.rows:
            return True
        if self.misread:
            raise Misread()
        if self.defer and recording is not None and self._certain(store):
            # the records of the batch are the Recording's last ones (dropped together)
            end = recording.total
            start = end - len(self.records) if self._deferred is None else self._deferred[0]
            self._deferred = (start, end)
            self._deferring.update(table for table, _row in self.rows)
            self.rows, self.records = [], []
            self._watch(store)
            return True
        self.catch_up(store, recording)
        try:
            with store.transaction():
                _insert_rows(store, self.rows, recording)
                _check_walks(store, self.records)
            done = True
        except encryption.IntegrityError:
            done = False
        except ValidationError:
            done = False
        self.clear()
        return done

    def catch_up(self, store: Store, recording: Recording | None = None) -> None:
        """Insert the rows deferred so far (tables referenced first), so that the store
        holds every record the trial took: before a flush that must insert, or anything
        else that reads the store. Misjudged (the trial starts again without deferring)
        when the database refuses one after all: `_certain` was wrong."""
        self.unwatch(store)
        if self._deferred is None:
            return
        assert recording is not None  # deferring needs one (`flush`)
        (start, end), self._deferred = self._deferred, None
        self._keys.clear()
        self._deferring.clear()
        rows = [row for _snap, stored in recording.span(start, end) for row in stored]
        _insert_rows(store, rows, recording, refused=Misjudged)

    @property
    def deferred(self) -> int:
        """The records deferred, not yet in the store."""
        return 0 if self._deferred is None else self._deferred[1] - self._deferred[0]

    def unwatch(self, store: Store) -> None:
        """Stop watching the store's reads (`_watch`); what was seen stays in `misread`."""
        if self._watching:
            store.db.conn.set_authorizer(None)
            self._watching = False

    def _watch(self, store: Store) -> None:
        """Watch every statement prepared from now on for a read of a table that has
        deferred rows (which it would not see): setting the authorizer expires every
        prepared statement, so a statement cached before is authorized again too."""
        store.db.conn.set_authorizer(self._authorize)
        self._watching = True

    def _authorize(self, action: int, table: Any, *_rest: Any) -> int:
        if action == _SQLITE_READ and table in self._deferring and not self._asking:
            self.misread = True
        return _SQLITE_OK

    @contextlib.contextmanager
    def asking(self) -> Iterator[None]:
        """A read that knows of the deferred rows (an id looked up, a key probed)."""
        self._asking = True
        try:
            yield
        finally:
            self._asking = False

    def _certain(self, store: Store) -> bool:
        """Whether the database would take every row kept, and every rule hold for their
        records, without inserting them: each table's NOT NULL, REFERENCES and UNIQUE
        constraints as its schema declares them (`_Constraints`), checked against the
        store and the rows deferred so far; the rules by `rules.holds_unwritten`. False
        whenever that cannot say (a CHECK constraint, an insert trigger, a rule that
        reads the written state): the rows are then inserted and the database decides."""
        if self._given:
            return False
        keys: dict[tuple[str, tuple[str, ...]], set[tuple[Any, ...]]] = {}
        for table, row in self.rows:
            c = self._constraints_of(store, table)
            if c is None:
                return False
            if c.not_null and None in c.not_null_of(row):
                return False
            for column, target in c.refs:
                value = row[column]
                if value is None or value in self._held.get(target, ()):
                    continue
                if not self._known(store, target, int(value)):
                    return False
            for columns in c.unique:
                key = tuple(row[name] for name in columns)
                if None in key:
                    continue  # NULLs are never equal: UNIQUE lets them be
                seen = keys.setdefault((table, columns), set())
                if key in seen or key in self._keys.get((table, columns), ()):
                    return False
                where = " AND ".join(f"{name} = ?" for name in columns)
                with self.asking():
                    if store.scalar(f"SELECT 1 FROM {table} WHERE {where} LIMIT 1", key):
                        return False
                seen.add(key)
        if not all(_holds_unwritten(store, snap) for snap in self.records):
            return False
        for at, seen in keys.items():
            self._keys.setdefault(at, set()).update(seen)
        return True

    def _known(self, store: Store, table: str, record_id: int) -> bool:
        return self.holds(table, record_id) or _exists(store, table, record_id)

    def _constraints_of(self, store: Store, table: str) -> _Constraints | None:
        if table not in self._constraints:
            self._constraints[table] = _Constraints.read(store, table)
        return self._constraints[table]


class Misread(Exception):
    """Something read a table while rows of it were deferred (Buffer): what it read may
    lack them, so the trial starts again without deferring."""


class Misjudged(Exception):
    """The database refused a row a Buffer had judged certain: the trial starts again
    without deferring. (Not expected: the judgement follows the schema's constraints.)"""


_SQLITE_READ, _SQLITE_OK = 20, 0  # sqlite3.SQLITE_READ, SQLITE_OK (the same in sqlcipher3)


@dataclass(frozen=True)
class _Constraints:
    """What the database checks when a row goes into a table, read from its schema: the
    columns that must not be NULL, the references (column, table: to its id) and the
    UNIQUE column sets (plain columns, binary collation, not partial). None from `read`
    when the table has more than that (a CHECK, a generated column, an insert trigger,
    a reference not to an id): only an insert can tell then."""

    not_null: tuple[str, ...]
    refs: tuple[tuple[str, str], ...]
    unique: tuple[tuple[str, ...], ...]

    def not_null_of(self, row: Row) -> tuple[Any, ...]:
        """The row's values of the NOT NULL columns."""
        return tuple(map(row.__getitem__, self.not_null))

    @classmethod
    def read(cls, store: Store, table: str) -> _Constraints | None:
        db = store.db
        sql = str(store.scalar("SELECT sql FROM sqlite_master WHERE name = ?", [table]) or "")
        if re.search(r"\bCHECK\b", sql, re.I):
            return None
        info = db.execute(f"PRAGMA table_xinfo({table})").fetchall()
        if any(r[6] != 0 for r in info):  # hidden: generated (or virtual) columns
            return None
        for (trigger,) in db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", [table]
        ).fetchall():
            if re.search(r"\bINSERT\s+ON\b", str(trigger or ""), re.I):
                return None
        not_null = tuple(r[1] for r in info if r[3] and not r[5])  # the id is given
        refs = []
        for r in db.execute(f"PRAGMA foreign_key_list({table})").fetchall():
            if r[1] != 0 or r[4] not in (None, "id"):  # composite, or not to the id
                return None
            refs.append((str(r[3]), str(r[2])))
        unique = []
        for r in db.execute(f"PRAGMA index_list({table})").fetchall():
            if not r[2]:
                continue
            if r[4]:  # partial
                return None
            columns = []
            for x in db.execute(f"PRAGMA index_xinfo({r[1]})").fetchall():
                if not x[5]:
                    continue  # not a key column (the rowid kept beside)
                if x[1] < 0 or str(x[4]).upper() != "BINARY":  # an expression, a collation
                    return None
                columns.append(str(x[2]))
            unique.append(tuple(columns))
        return cls(not_null, tuple(refs), tuple(unique))


def _holds_unwritten(store: Store, snap: Row) -> bool:
    """Whether every rule of the record (a snapshot) and of each row it holds certainly
    holds before any of it is written (rules.holds_unwritten)."""
    table = str(snap["table"])
    if not _ruled(table):
        return True
    names = kind(table).rules
    children = snap["children"]
    if names:
        own = {t: [child["row"] for child in items] for t, items in children.items()}
        for name in names:
            if not rules.holds_unwritten(store, name, snap["row"], own):
                return False
    return all(_holds_unwritten(store, child) for items in children.values() for child in items)


# rows to insert by (table, their columns, in the order of their values)
_ByTable = dict[tuple[str, tuple[str, ...]], list[tuple[Any, ...]]]


def _insert_by_table(store: Store, by_table: _ByTable) -> None:
    """One `executemany` per table and columns, tables referenced first."""
    for (table, columns), values in sorted(by_table.items(), key=lambda i: _insert_rank(i[0][0])):
        marks = ", ".join("?" for _ in columns)
        store.db.conn.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", values
        )


@functools.cache
def _ruled(table: str) -> bool:
    """Whether a record of `table` has rules, its own or those of a row it holds."""
    k = kind(table)
    return bool(k.rules) or any(_ruled(child.table) for child in k.children)


def _insert_rows(
    store: Store,
    rows: Sequence[tuple[str, Row]],
    recording: Recording | None,
    *,
    refused: type[Exception] | None = None,
) -> None:
    """Insert rows one `executemany` per table, tables referenced first, in a savepoint;
    `recording` counts them (rolled back or not: Recording.inserted). A refusal raises
    `refused` when given, else the database's own error."""
    by_table: _ByTable = {}
    for table, row in rows:
        by_table.setdefault((table, tuple(row)), []).append(tuple(row.values()))
    conn = store.db.conn
    before = conn.total_changes
    try:
        with store.transaction():
            _insert_by_table(store, by_table)
    except encryption.IntegrityError as exc:
        if refused is None:
            raise
        raise refused() from exc
    finally:
        if recording is not None:
            recording.inserted += conn.total_changes - before


def _next_id(store: Store, table: str) -> int:
    """The id an INSERT without one gives next: AUTOINCREMENT, one more than the largest
    ever given (sqlite_sequence) or held."""
    held = store.scalar(f"SELECT MAX(id) FROM {table}") or 0
    given = store.scalar("SELECT seq FROM sqlite_sequence WHERE name = ?", [table]) or 0
    return max(int(held), int(given)) + 1


def bufferable(store: Store) -> bool:
    """Whether every record table holds exactly the columns a write gives (its fields,
    id, timestamps, derived keys), all of them INTEGER or TEXT: a row built in Python is
    then the row `RETURNING *` would give back (no default, no conversion left to the
    database)."""
    for table in KINDS:
        info = store.db.execute(f"PRAGMA table_info({table})").fetchall()
        if {r[1] for r in info} != _writable(table):
            return False
        if any(str(r[2]).upper() not in ("INTEGER", "TEXT") for r in info):
            return False
    return True


@functools.cache
def _insert_rank(table: str) -> int:
    """The table's place in an order where every table comes after those it references
    (its parent, its reference fields), so rows inserted table by table meet their
    foreign keys."""
    k = kind(table)
    needs = {f.ref for f in k.fields if f.type == "ref" and f.ref and f.ref != table}
    owner = parent_of(table)
    if owner is not None:
        needs.add(owner[0].table)
    return 1 + max((_insert_rank(t) for t in needs), default=0)


class Recording:
    """The records a trial import inserted (its check), in order, so that its write can
    insert the same rows again instead of validating and inserting each record anew
    (`replay`) when nothing it depends on has changed since (`state`). Kept in chunks
    of CHUNK records, pickled and compressed: a 125k-row ledger's records stay small.

    `inserted` counts every row the trial inserted through `insert`, also those a refused
    row then rolled back: when it differs from the connection's changes in the trial,
    something else wrote there (a document's number) or a record was refused halfway
    (its first rows written, not recorded), and the write does not replay."""

    CHUNK = 2000

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.sizes: list[int] = []  # records per chunk
        # per record: its snapshot (the audit entry's) and its rows as stored, in order
        self.current: list[tuple[Row, list[tuple[str, Row]]]] = []
        self.records = 0  # in the chunks
        self.inserted = 0

    def add(self, snap: Row, stored: list[tuple[str, Row]], *, inserted: bool = True) -> None:
        """Keep a record; `inserted`: its rows went in now (a Buffer counts them when it
        inserts them)."""
        self.current.append((snap, stored))
        if inserted:
            self.inserted += len(stored)

    def pack(self) -> None:
        """Pack the records kept since the last chunk once there are CHUNK of them: called
        where nothing will be rolled back into them (between rows, after a flush)."""
        if len(self.current) >= self.CHUNK:
            self.chunks.append(zlib.compress(pickle.dumps(self.current, protocol=5), 1))
            self.sizes.append(len(self.current))
            self.records += len(self.current)
            self.current = []

    def mark(self) -> int:
        """A position to roll back to (before an import row), inside the current chunk."""
        return len(self.current)

    def drop_since(self, mark: int) -> None:
        del self.current[mark:]

    @property
    def total(self) -> int:
        return self.records + len(self.current)

    def packed(self) -> Iterator[list[tuple[Row, list[tuple[str, Row]]]]]:
        for chunk in self.chunks:
            yield pickle.loads(zlib.decompress(chunk))
        if self.current:
            yield self.current

    def span(self, start: int, end: int) -> Iterator[tuple[Row, list[tuple[str, Row]]]]:
        """The records from the `start`th to before the `end`th, in order (unpacking only
        the chunks that hold them)."""
        at = 0
        for chunk, size in zip(self.chunks, self.sizes, strict=True):
            if at < end and start < at + size:
                records = pickle.loads(zlib.decompress(chunk))
                yield from records[max(start - at, 0) : end - at]
            at += size
        if at < end:
            yield from self.current[max(start - at, 0) : end - at]


def state(store: Store) -> str:
    """A digest of what an import's write depends on, to tell that nothing changed since
    its check: the audit chain's head (every change of a record is audited), and every
    table whose changes are not (settings, dictionaries, holidays, document counters,
    and sqlite_sequence, which moves with any insert into the record tables), and the
    day (a date may not be later than today)."""
    digest = hashlib.sha256(repr((audit.head(store), store.today().isoformat())).encode())
    for (table,) in store.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'audit_log'"
        " AND COALESCE(sql, '') NOT LIKE '%AUTOINCREMENT%'"
        " AND name NOT LIKE '%\\_fts%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_stat%' ESCAPE '\\'"
        " ORDER BY name"
    ).fetchall():
        digest.update(table.encode())
        for row in store.db.execute(f"SELECT * FROM {table} ORDER BY rowid"):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


STEP = 200  # records between a replay's progress reports (and chances to cancel)


def replay(
    store: Store, recording: Recording, step: Callable[[int, int], None] | None = None
) -> None:
    """Insert the records of a trial again, inside the caller's transaction and audit
    batch: the same rows with the same ids (nothing changed since, see `state`), stamped
    now, one INSERT per table per chunk (references checked at the commit), one audit
    entry per record as `insert` writes it. `step(done, total)` runs every STEP records and
    may raise to stop (the caller's transaction then rolls back)."""
    store.db.execute("PRAGMA defer_foreign_keys = ON")  # rows by table, checked at commit
    done, total = 0, recording.total
    for chunk in recording.packed():
        now = store.now()
        by_table: _ByTable = {}
        batch = audit.open_batch(store)
        for snap, stored in chunk:
            if step is not None and done % STEP == 0:
                step(done, total)
            done += 1
            for t, row in stored:
                row["created_at"] = row["updated_at"] = now
                by_table.setdefault((t, tuple(row)), []).append(tuple(row.values()))
            if _copied(str(snap["table"])):  # the snapshot's rows are the ones stored, but
                for _table, row in _walk(snap):  # a copy where a row has derived keys
                    row["created_at"] = row["updated_at"] = now
            audit.write(store, "insert", str(snap["table"]), int(snap["row"]["id"]), None, snap)
        _insert_by_table(store, by_table)
        if batch is not None:
            batch.flush(store)


@functools.cache
def _copied(table: str) -> bool:
    """Whether a record of `table` has a row whose snapshot is a copy of the row stored
    (`_fresh`: a row with derived keys), itself or a row it holds."""
    k = kind(table)
    return k.derived is not None or any(_copied(c.table) for c in k.children)


# A full-text index's insert trigger as schema.text_index_sql writes it: one INSERT of the
# new row's values into the index.
_INDEX_TRIGGER = re.compile(
    r"^CREATE TRIGGER (\w+)_fts_insert AFTER INSERT ON (\1) BEGIN (INSERT INTO \1_fts\([^)]*\))"
    r" VALUES \((.*)\); END$",
    re.S,
)


@contextlib.contextmanager
def indexed_at_end(store: Store, *, trial: bool = False) -> Iterator[None]:
    """Inside one transaction that only inserts (an import): the full-text indexes' insert
    triggers are set aside and the rows inserted meanwhile are indexed in one statement
    per index at the end, with the triggers' own expressions, before the triggers are put
    back. A trigger firing per row makes FTS5 write its pending terms to disk after every
    statement; once at the end they go in together. Nothing outside the transaction sees
    the triggers gone. When the block raises, or for a `trial` (always rolled back), the
    rollback puts the triggers back and drops the rows, so nothing is indexed here."""
    if not store.db.conn.in_transaction:
        raise RuntimeError("indexed_at_end outside a transaction")
    deferred = []
    for name, table, sql in store.db.execute(
        "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'"
        " AND name LIKE '%\\_fts\\_insert' ESCAPE '\\' ORDER BY name"
    ).fetchall():
        found = _INDEX_TRIGGER.match(sql or "")
        if found is None or found.group(2) != table:
            continue  # not of the shape above: it fires as usual
        row_values = re.sub(r"\bNEW\.", "", found.group(4))
        index = f"{found.group(3)} SELECT {row_values} FROM {table} WHERE id > ? ORDER BY id"
        last = store.scalar(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # AUTOINCREMENT
        deferred.append((name, sql, index, int(last)))
    for name, _sql, _index, _last in deferred:
        store.db.execute(f"DROP TRIGGER {name}")
    yield
    if trial:
        raise RuntimeError("a trial must end by rolling its transaction back")
    for _name, sql, index, last in deferred:
        store.db.execute(index, [last])
        store.db.execute(sql)


def _fresh(k: Kind, row: Row) -> Row:
    """The snapshot of a row just inserted, as `snapshot` would read it back: built from
    the row the INSERT returned, so a new record costs no queries to describe. It holds
    no attachments: ids are AUTOINCREMENT, never given twice, and an attachment is only
    added to a record that exists (attachments.add)."""
    if k.derived is not None:
        row = {c: v for c, v in row.items() if c not in k.derived.columns}
    return {"table": k.table, "row": row, "children": {c.table: [] for c in k.children}}


def update(
    store: Store,
    table: str,
    record_id: int,
    changes: Mapping[str, Any],
    children: ChildRows | None = None,
) -> None:
    """Change fields of a record; `children`, where given, replaces that child list.

    Child rows carrying an "id" are updated, those without are added, and those no
    longer listed go to the recycle bin (restorable on their own).
    """
    k = kind(table)
    with store.transaction():
        before = snapshot(store, table, record_id)
        _update_row(store, k, record_id, changes, before["row"])
        for child_table, rows in (children or {}).items():
            child = _child(k, child_table)
            ck = kind(child_table)
            keep: set[int] = set()
            for child_values in rows:
                child_id = child_values.get("id")
                if child_id is None:
                    keep.add(_insert_row(store, ck, {**child_values, child.fk: record_id}))
                else:
                    current = get(store, child_table, int(child_id))
                    if current[child.fk] != record_id:
                        raise UserError(f"{ck.label}（编号 {child_id}）不属于该{k.label}")
                    values = {key: v for key, v in child_values.items() if key != "id"}
                    _update_row(store, ck, int(child_id), values, current)
                    keep.add(int(child_id))
            for old in before["children"].get(child_table, []):
                if old["row"]["id"] not in keep:
                    _to_bin(store, child_table, int(old["row"]["id"]), check_parent=False)
        _check_record(store, table, record_id)
        after = snapshot(store, table, record_id)
        if after != before:  # saving an unchanged record leaves no trace
            audit.write(store, "update", table, record_id, before, after)


def delete(store: Store, table: str, record_id: int) -> int:
    """Move a record and everything that belongs to it to the recycle bin; returns the bin id."""
    with store.transaction():
        return _to_bin(store, table, record_id, check_parent=True)


def _child(k: Kind, child_table: str) -> Any:
    for child in k.children:
        if child.table == child_table:
            return child
    raise KeyError(f"{child_table} is not a child of {k.table}")


def _insert_row(store: Store, k: Kind, values: Mapping[str, Any]) -> int:
    return int(_insert_returning(store, k, values)["id"])


def _insert_returning(
    store: Store,
    k: Kind,
    values: Mapping[str, Any],
    parent: str | None = None,
    *,
    now: str | None = None,
) -> Row:
    """Validate and insert one row; returns the row as stored (RETURNING *). `parent`
    names the field holding the id of the parent row just inserted (no need to look)."""
    clean = validate(store, k, values, None, written=parent)
    clean.update(derived_values(k, clean))
    clean["created_at"] = clean["updated_at"] = now or store.now()
    if "id" in values and values["id"] is not None:
        clean["id"] = int(values["id"])
    cursor = _write(store, k, _insert_sql(k.table, tuple(clean)), clean)
    names = [c[0] for c in cursor.description]
    stored = cursor.fetchone()
    cursor.fetchall()  # finish the statement
    return dict(zip(names, stored, strict=True))


@functools.lru_cache(maxsize=256)
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    marks = ", ".join(f":{c}" for c in columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) RETURNING *"


_UNIQUE = re.compile(r"UNIQUE constraint failed: (.+)$")


def _write(store: Store, k: Kind, sql: str, params: dict[str, Any]) -> Any:
    """Run one INSERT/UPDATE; a value the table holds once already (a unit's name, a
    person listed twice on a clue) comes back as a ValidationError naming the field."""
    try:
        return store.db.execute(sql, params)
    except encryption.IntegrityError as exc:
        found = _UNIQUE.search(str(exc))
        if found is None:
            raise
        columns = [c.strip().split(".")[-1] for c in found.group(1).split(",")]
        parents = {
            c.fk: parent.label
            for parent in KINDS.values()
            for c in parent.children
            if c.table == k.table
        }
        named = [c for c in columns if c in k.names and c not in parents] or columns
        if named == ["id"]:
            raise UserError(f"{k.label}（编号 {params.get('id')}）已存在") from exc
        f = k.field(named[-1])
        if len(columns) == 1:
            shown = params.get(f.name)
            raise ValidationError(f.name, f.label, f"“{shown}”已存在，不能重复") from exc
        within = next((parents[c] for c in columns if c in parents), k.label)
        raise ValidationError(f.name, f.label, f"已在本{within}中，不能重复添加") from exc


def derived_values(k: Kind, values: Mapping[str, Any]) -> Row:
    """The kind's derived columns for a write that sets their source field (else none)."""
    if k.derived is None or k.derived.source not in values:
        return {}
    return k.derived.values(values[k.derived.source])


def _update_row(
    store: Store, k: Kind, record_id: int, values: Mapping[str, Any], existing: Row
) -> None:
    clean = validate(store, k, values, existing)
    if not clean:
        return
    clean.update(derived_values(k, clean))
    clean["updated_at"] = store.now()
    sets = ", ".join(f"{c} = :{c}" for c in clean)
    _write(store, k, f"UPDATE {k.table} SET {sets} WHERE id = :_id", {**clean, "_id": record_id})


def _owner_key(k: Kind) -> str:
    """The column naming the record a row of `k` belongs to: its parent's key, else its id."""
    owner = parent_of(k.table)
    return owner[1].fk if owner else "id"


def _to_bin(store: Store, table: str, record_id: int, *, check_parent: bool) -> int:
    k = kind(table)
    if not k.deletable:
        raise UserError(f"{k.label}不能删除。已制发的文书如有错误，请作废后另行制发。")
    snap = snapshot(store, table, record_id)
    walk = _walk(snap)
    inside = {(t, int(r["id"])) for t, r in walk}
    for t, row in walk:
        for ref_kind, ref_field in references_to(t):
            blocking = [
                (r[0], r[1])
                for r in store.db.execute(
                    f"SELECT id, {_owner_key(ref_kind)} FROM {ref_kind.table}"
                    f" WHERE {ref_field.name} = ? LIMIT 50",
                    [row["id"]],
                )
                if (ref_kind.table, r[0]) not in inside
            ]
            if blocking:
                # a child row (a clue's 所属专项工作) is named by the record it lives in
                owner = parent_of(ref_kind.table)
                owners = len({o for _, o in blocking})
                raise ReferencedError(
                    f"不能删除：{kind(t).label}“{title(store, t, row)}”仍被"
                    f"{owners}条{(owner[0] if owner else ref_kind).label}"
                    f"（{ref_field.label}）使用。请先修改或删除这些记录。"
                )
    for t, row in reversed(walk):
        store.db.execute(f"DELETE FROM {t} WHERE id = ?", [row["id"]])
    cursor = store.db.execute(
        "INSERT INTO recycle_bin (table_name, record_id, title, data, deleted_at, deleted_by)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            table,
            record_id,
            title(store, table, snap["row"]),
            audit.dumps(snap),
            store.now(),
            store.operator or "系统",
        ],
    )
    bin_id = int(cursor.lastrowid or 0)
    audit.write(store, "delete", table, record_id, snap, None)
    if check_parent:
        _check_parent_of(store, table, snap["row"])
    return bin_id


def _check_record(store: Store, table: str, record_id: int) -> None:
    """Run the rules of the record and of every row it holds, on the written state."""
    _check_walk(store, snapshot(store, table, record_id))


def _check_walk(store: Store, snap: Row) -> None:
    for t, row in _walk(snap):
        for name in kind(t).rules:
            rules.RULES[name](store, row)


def _check_walks(store: Store, snaps: Sequence[Row]) -> None:
    """`_check_walk` for many records at once: each rule over all their rows of a table
    together (rules.check_many). Whether any row breaks a rule is the same; which one is
    named first may differ (a Buffer only asks whether all hold)."""
    by_rule: dict[tuple[str, str], list[Row]] = {}
    for snap in snaps:
        for t, row in _walk(snap):
            for name in kind(t).rules:
                by_rule.setdefault((t, name), []).append(row)
    for (_table, name), rows in by_rule.items():
        rules.check_many(store, name, rows)


def _check_parent_of(store: Store, table: str, row: Mapping[str, Any]) -> None:
    """After a child row changes on its own, its parent's rules must still hold."""
    for parent in KINDS.values():
        for child in parent.children:
            if child.table == table and row.get(child.fk) is not None:
                parent_id = int(row[child.fk])
                if store.scalar(f"SELECT 1 FROM {parent.table} WHERE id = ?", [parent_id]):
                    _check_record(store, parent.table, parent_id)


# -- recycle bin -------------------------------------------------------------------


def bin_entries(store: Store, *, include_restored: bool = False) -> list[Row]:
    where = "" if include_restored else "WHERE restored_at IS NULL"
    return store.query(
        "SELECT id, table_name, record_id, title, deleted_at, deleted_by, restored_at, restored_by"
        f" FROM recycle_bin {where} ORDER BY id DESC"
    )


def restore(store: Store, bin_id: int) -> tuple[str, int]:
    """Put a deleted record back exactly as it was; returns (table, record id)."""
    rows = store.query("SELECT * FROM recycle_bin WHERE id = ?", [bin_id])
    if not rows:
        raise NotFoundError(f"回收站中没有编号为 {bin_id} 的记录")
    entry = rows[0]
    if entry["restored_at"]:
        raise UserError(f"该记录已于 {entry['restored_at']} 恢复")
    snap = json.loads(entry["data"])
    with store.transaction():
        for t, row in _walk(snap):
            _restore_row(store, t, row)
        table, record_id = str(snap["table"]), int(snap["row"]["id"])
        _check_record(store, table, record_id)
        _check_parent_of(store, table, snap["row"])
        store.db.execute(
            "UPDATE recycle_bin SET restored_at = ?, restored_by = ? WHERE id = ?",
            [store.now(), store.operator or "系统", bin_id],
        )
        audit.write(store, "restore", table, record_id, None, snapshot(store, table, record_id))
    return table, record_id


def _restore_row(store: Store, table: str, row: Mapping[str, Any]) -> None:
    k = kind(table)
    for f in k.fields:
        value = row.get(f.name)
        if f.type == "ref" and value is not None:
            assert f.ref is not None
            if store.scalar(f"SELECT 1 FROM {f.ref} WHERE id = ?", [value]) is None:
                raise UserError(
                    f"无法恢复：{k.label}的“{f.label}”所指的{kind(f.ref).label}已不存在"
                    "（可能也在回收站中），请先恢复它。"
                )
    if table == "units":
        clash = store.scalar(
            "SELECT id FROM units WHERE name = ? AND id != ?", [row["name"], row["id"]]
        )
        if clash is not None:
            raise UserError(f"无法恢复：已有同名单位“{row['name']}”，请先将其改名。")
    row = {**row, **derived_values(k, row)}  # bin entries carry no derived keys
    cols = list(row)
    store.db.execute(
        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
        [row[c] for c in cols],
    )
