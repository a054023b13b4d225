"""Reporter identity masked at store level: the one masking rule (re-exported by
desktop.domain.privacy for lists, forms, exports and the audit page) that the audit log
also applies to what it keeps of a plain store (see `audit.write`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from desktop.store.kinds import KINDS


def mask_name(name: str | None) -> str:
    """张三 → 张*, 欧阳明华 → 欧***."""
    if not name:
        return ""
    name = name.strip()
    return name[:1] + "*" * max(len(name) - 1, 1)


def mask_contact(contact: str | None) -> str:
    """13812345678 → 138****5678; short or other text keeps only its first character."""
    if not contact:
        return ""
    text = contact.strip()
    digits = re.sub(r"\D", "", text)
    if len(digits) >= 7:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    return text[:1] + "*" * max(len(text) - 1, 1)


def is_masked(text: str) -> bool:
    return "*" in text


def is_sensitive(table: str, field: str) -> bool:
    return field in _sensitive_fields(table)


def has_sensitive(table: str) -> bool:
    """Whether any field of the table is masked (most tables have none)."""
    return bool(_sensitive_fields(table))


@functools.cache
def _sensitive_fields(table: str) -> frozenset[str]:
    """The table's sensitive fields, read once from its declaration (every audited row
    of a plain store asks, field by field)."""
    k = KINDS.get(table)
    return frozenset(f.name for f in k.fields if f.sensitive) if k is not None else frozenset()


def mask(field: str, value: Any) -> str:
    """The masked text of a sensitive value (contacts keep their ends, names the surname)."""
    text = "" if value is None else str(value)
    if is_masked(text):  # already masked (a plain store's audit log keeps it so)
        return text
    return mask_contact(text) if "contact" in field else mask_name(text)


def masked_row(table: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of `row` with every sensitive field masked (audit before/after, exports)."""
    return {
        key: (mask(key, value) if value and is_sensitive(table, key) else value)
        for key, value in row.items()
    }
