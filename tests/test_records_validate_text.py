"""`validate` takes a text field's plain string without calling `normalize` when it is
neither empty nor too long: every text field of every kind, given such a string, an
empty or blank one, one too long, one with control characters or a string of a
subclass, comes out as `normalize` makes it, or is refused with the same error."""

from __future__ import annotations

from typing import Any

from desktop.store import Store, records
from desktop.store.errors import ValidationError
from desktop.store.kinds import KINDS


class _Text(str):
    pass


def _outcome(call: Any) -> Any:
    try:
        return ("ok", call())
    except ValidationError as exc:
        return ("refused", exc.field, exc.label, exc.problem)


def test_every_text_field_validates_as_normalize_makes_it(store: Store) -> None:
    checked = 0
    for table, k in KINDS.items():
        for f in k.fields:
            if f.type != "text" or f.name in k.frozen_fields:
                continue
            longest = f.max_len or 50
            for value in (
                "  李明 ",
                "李明",
                "",
                "   ",
                "字" * longest,
                " " + "字" * longest + " ",
                "字" * (longest + 1),
                _Text(" 李明 "),
                "李明\x0b副镇长\x0c",  # Word's line and page breaks
                "李\x07明",  # a control character no document can hold
                "\x0b李明\x1f",
            ):
                expected = _outcome(lambda f=f, value=value: records.normalize(store, f, value))
                got = _outcome(
                    lambda table=table, f=f, value=value: records.validate(
                        store, KINDS[table], {f.name: value}, {}
                    )[f.name]
                )
                assert got == expected, (table, f.name, value)
                checked += 1
    assert checked > 100
