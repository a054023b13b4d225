"""Issuing documents: the number (代字〔年〕序号号, or “2026年第3期” for a 通报), the stored
PDF and the register entry.

Number, file and register row are made in one transaction, so a failed save
leaves no gap in the numbering and two clerks can never get the same number.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.store import audit, dictionaries, document_kinds, encryption, records
from desktop.store.errors import UserError, ValidationError

if TYPE_CHECKING:
    from desktop.store.db import Store

DOCUMENTS_DIR = "documents"


def format_number(code: str, year: int, serial: int) -> str:
    """GB/T 9704: 代字 + year in 六角括号 + serial without leading zeros + 号."""
    return f"{code}〔{year}〕{serial}号"


def format_issue(year: int, serial: int) -> str:
    """A 通报 is numbered by 期 within the year, without 代字: “2026年第3期”."""
    return f"{year}年第{serial}期"


def number_for(kind: str, code: str, year: int, serial: int) -> str:
    """The number of `kind`: 期 for a 通报, else 代字〔年〕序号号."""
    if document_kinds.numbered_by_issue(kind):
        return format_issue(year, serial)
    return format_number(code, year, serial)


def code_for(store: Store, kind: str) -> str:
    """The kind's 代字; a 通报 prints none (its 期号 has no 代字), so it may be unset."""
    code = (store.setting(f"doc_code.{kind}") or "").strip()
    if not code and not document_kinds.numbered_by_issue(kind):
        raise ValidationError("code", "代字", f"尚未设置“{kind}”的发文代字，请在设置中填写")
    return code


def preview_number(store: Store, kind: str, year: int) -> str:
    """What the next number would be; allocation happens only in `issue`."""
    return number_for(kind, code_for(store, kind), year, _next_serial(store, kind, year))


def _next_serial(store: Store, kind: str, year: int) -> int:
    last = store.scalar("SELECT last FROM doc_counters WHERE kind = ? AND year = ?", [kind, year])
    used = store.scalar(
        "SELECT MAX(serial) FROM documents WHERE kind = ? AND year = ?", [kind, year]
    )
    return max(int(last or 0), int(used or 0)) + 1


BACK_ENTRY_NOTE = "补录：从旧文书登记簿导入，无存档文件"


def register_back_entry(
    store: Store,
    *,
    kind: str,
    code: str,
    year: int,
    serial: int,
    title: str,
    issued_date: str,
    addressee: str | None = None,
    operator: str | None = None,
    voided: bool = False,
    notes: str | None = None,
) -> int:
    """Register a document issued by hand before Qingfeng (no PDF), so its number is
    taken: the counter moves past it and `issue` continues after it, never reusing it."""
    number = number_for(kind, code, year, serial)
    with store.transaction():
        # a 期号 (“2026年第3期”) is the same text for both 通报 kinds: taken only by its own kind
        same_number = (
            "number = ? AND kind = ?"
            if document_kinds.numbered_by_issue(kind)
            else ("number = ? AND ? IS NOT NULL")
        )
        taken = store.query(
            "SELECT number FROM documents WHERE (kind = ? AND year = ? AND serial = ?)"
            f" OR ({same_number}) LIMIT 1",
            [kind, year, serial, number, kind],
        )
        if taken:
            raise ValidationError("number", "文号", f"{taken[0]['number']}已登记，不能重复登记")
        return _register(
            store,
            kind,
            code,
            year,
            serial,
            {
                "title": title,
                "issued_date": issued_date,
                "addressee": addressee,
                "pdf_path": None,
                "sha256": None,
                "operator": operator or store.operator,
                "voided": 1 if voided else 0,
                "notes": notes,
            },
        )


def _register(
    store: Store, kind: str, code: str, year: int, serial: int, values: dict[str, Any]
) -> int:
    """Insert the register row of number `serial` and move the kind's counter past it;
    inside the caller's transaction."""
    number = number_for(kind, code, year, serial)
    row = {"kind": kind, "number": number, "code": code or None, "year": year, "serial": serial}
    doc_id = records.insert(store, "documents", {**row, **values})
    store.db.execute(
        "INSERT INTO doc_counters(kind, year, last) VALUES (?, ?, ?)"
        " ON CONFLICT(kind, year) DO UPDATE SET last = MAX(last, excluded.last)",
        [kind, year, serial],
    )
    return doc_id


def issue(
    store: Store,
    *,
    kind: str,
    title: str,
    issued_date: dt.date,
    addressee: str | None,
    linked_table: str | None = None,
    linked_id: int | None = None,
    render: Callable[[str], bytes],
    notes: str | None = None,
) -> dict[str, Any]:
    """Allocate the next number, render the PDF with it, store it and register it.

    `render(number) -> pdf bytes` runs inside the transaction; if it or anything
    after it fails, the number is not used and no file is left behind.
    """
    if not dictionaries.contains(store, "notice_kind", kind):
        raise ValidationError("kind", "文书种类", f"“{kind}”不是有效的文书种类")
    year = issued_date.year
    folder = store.path.parent / DOCUMENTS_DIR / str(year)
    target: Path | None = None
    try:
        with store.transaction():
            code = code_for(store, kind)
            serial = _next_serial(store, kind, year)
            number = number_for(kind, code, year, serial)
            pdf = render(number)
            digest = hashlib.sha256(pdf).hexdigest()
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"{kind}-{year}-{serial:04d}-{digest[:8]}.pdf"
            encryption.write_file(store.key, target, pdf)
            doc_id = _register(
                store,
                kind,
                code,
                year,
                serial,
                {
                    "title": title,
                    "issued_date": issued_date,
                    "addressee": addressee,
                    "linked_table": linked_table,
                    "linked_id": linked_id,
                    "pdf_path": target.relative_to(store.path.parent).as_posix(),
                    "sha256": digest,
                    "operator": store.operator,
                    "notes": notes,
                },
            )
            audit.write(
                store, "issue", "documents", doc_id, None, {"number": number, "sha256": digest}
            )
            return records.get(store, "documents", doc_id)
    except BaseException:
        if target is not None:
            with contextlib.suppress(OSError):
                target.unlink()
        raise


def stored_pdf(store: Store, document_id: int) -> bytes:
    """The issued PDF exactly as registered; refuses a file whose hash no longer matches."""
    row = records.get(store, "documents", document_id)
    if not row["pdf_path"]:
        raise UserError(f"文书“{row['number'] or row['title']}”没有存档文件")
    path = store.path.parent / row["pdf_path"]
    try:
        data: bytes = encryption.read_file(store.key, path)
    except OSError as exc:
        raise UserError(f"找不到文书存档文件：{path}") from exc
    if hashlib.sha256(data).hexdigest() != row["sha256"]:
        raise UserError(f"文书存档文件已被改动（校验值不符）：{path}")
    return data
