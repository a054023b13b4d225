"""THE rule for "is this person the 责任人 of this item", shared by every reader.

责任人 is typed text and may hold several names ("王芳、李强", "王芳,李强", "王芳 李强"):
a person is the 责任人 when their name is one of those names, whole — 王芳 is not the
责任人 of "王芳芳". The names are separated by 、，,；;/ or whitespace. The list's person
filter, the archive page and the printed 廉政档案 all use this module: the SQL expression
for queries, `names` for rows already read.
"""

from __future__ import annotations

import re

SEPARATORS = ("、", "，", ",", "；", ";", "/")
SPACES = (" ", "\u3000", "\t", "\n", "\r")  # ASCII and full-width spaces, tabs, line breaks
_SPLIT = re.compile("[" + re.escape("".join(SEPARATORS + SPACES)) + "]+")


def names(text: str | None) -> list[str]:
    """The names a 责任人 text holds, in order ("王芳、李强 " -> ["王芳", "李强"])."""
    return [name for name in _SPLIT.split(text or "") if name]


def is_responsible(text: str | None, name: str) -> bool:
    """The Python twin of `responsible_is_person_sql`: `name` is one of the names."""
    return bool(name.strip()) and name.strip() in names(text)


def responsible_is_person_sql(alias: str = "r", person_param: str = ":person_id") -> str:
    """SQL: the person whose id is `person_param` is a 责任人 of `alias`.responsible.

    Every separator and space becomes 、, the text is fenced with 、 on both sides, and
    the fenced name must occur in it.
    """
    text = f"COALESCE({alias}.responsible, '')"
    for sep in SEPARATORS[1:] + SPACES:
        text = f"replace({text}, {_literal(sep)}, '、')"
    person = f"(SELECT name FROM persons WHERE id = {person_param})"
    return f"instr('、' || {text} || '、', '、' || {person} || '、') > 0"


def _literal(sep: str) -> str:
    if sep in ("\t", "\n", "\r"):
        return f"char({ord(sep)})"
    return f"'{sep}'"
