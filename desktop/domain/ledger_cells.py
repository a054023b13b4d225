"""Reading the cells old ledgers (台账) fill by hand: a unit and a post in one cell, a
talker's post beside the name, several outcomes in one cell, footer and total lines.

Pure functions over text: the words they go by (units known, role keywords, outcome
names) come from the caller, i.e. from the store and its dictionaries.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from desktop.domain.dates import parse_date

# How Chinese unit names end (局, 委, 办, 镇, 村, ...) and how posts end (长, 书记, 主任,
# 科员, ...): structure of the language, not office data.
UNIT_ENDINGS = (
    *tuple("局委办院所站司镇乡村部厅会队校馆室府处科组行社厂场园署庭"),
    "中心",
    "街道",
    "社区",
    "公司",
)
PARTY_BODIES = ("党委", "党组", "党工委", "党支部", "党总支")  # begin posts: 党委委员, 党支部书记
POST_ENDINGS = tuple("长记任员理席人导手事官监师计书干")
_SPACE = re.compile(r"\s+")
_PARTS = re.compile(r"[；;，,\n/]+")
_NAME_ROLE = re.compile(r"^(.+?)\s*[（(](.*)[）)]$")  # 王建国（主要负责人）
_NON_DATA = re.compile(
    r"^(?:(?P<total>合计|总计|小计|共计)|(?:填表人|填报人|制表人|制表|审核人|审核|审批人|统计人"
    r"|联系人|负责人)(?=[:：\s]|$)|(?:说明|注|备注|填表说明)[:：])"
)
_COUNT = re.compile(r"共\s*(\d+)\s*(?:件|条|次|个|人次|人|行|项|起|期)")
# Words wrapped around an outcome in a cell: "给予党纪警告处分", "予以诫勉".
_OUTCOME_WRAP = re.compile(r"^(?:给予|予以|对其|作出|进行|并|同时)+|(?:处分|处理|决定)+$")
_OUTCOME_SPLIT = re.compile(r"[、，,；;。\n]+|[并和及]")


def clean(text: Any) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", str(text or ""))).strip()


def split_unit_post(text: str, known_units: Iterable[str]) -> tuple[str | None, str | None]:
    """Unit and post of a cell such as "市住建局副局长": the longest known unit name that
    begins the text; otherwise the longest beginning that reads as a unit name and leaves
    a post of two characters or more; otherwise the whole text is a post (or a unit)."""
    value = clean(text)
    if not value:
        return None, None
    if " " in value:
        unit, post = value.split(" ", 1)
        return unit, post.strip() or None
    best = max((u for u in known_units if u and value.startswith(u)), key=len, default=None)
    if best is not None:
        return best, value[len(best) :] or None
    for end in range(len(value) - 2, 0, -1):
        unit, post = value[:end], value[end:]
        if unit.endswith(UNIT_ENDINGS) and not post.endswith(UNIT_ENDINGS):
            for body in PARTY_BODIES:  # "西河乡党委委员": 西河乡, 党委委员
                if unit.endswith(body) and len(unit) > len(body) and len(post) <= 3:
                    return unit[: -len(body)], body + post
            return unit, post
    if value.endswith(UNIT_ENDINGS):
        return value, None
    return None, value


def _has_word(text: str, words: Iterable[str]) -> bool:
    return any(w and w in text for w in words)


def _name_after_post(text: str, words: Sequence[str]) -> tuple[str, str] | None:
    """("分管副局长", "李强") from "分管副局长李强": a post ending as posts end and naming
    a role word, then a name of two to four characters."""
    for k in (2, 3, 4):
        if len(text) <= k:
            break
        post, name = text[:-k], text[-k:]
        if (
            post.endswith(POST_ENDINGS)
            and _has_word(post, words)
            and not _has_word(name, words)
            and not name.endswith(POST_ENDINGS)
        ):
            return post, name
    return None


def split_talkers(text: str, words: Sequence[str]) -> list[tuple[str, str | None]]:
    """(name, post or role text) of each talker in a cell: "王建国（局长）、李强（班子成员）",
    "局党组书记、局长 王建国", "分管副局长李强"; `words` are the role keywords."""
    found: list[tuple[str, str | None]] = []
    for group in _PARTS.split(clean(text)):
        pending = ""  # a post written before the name, split from it by 、
        for piece in (p.strip() for p in group.split("、")):
            if not piece:
                continue
            whole = f"{pending}、{piece}" if pending else piece
            m = _NAME_ROLE.match(piece)
            if m and not pending:
                found.append((m.group(1).strip(), m.group(2).strip() or None))
                continue
            if " " in piece:
                head, tail = piece.rsplit(" ", 1)
                name, post = (head, tail) if _has_word(tail, words) else (tail, head)
                found.append((name, f"{pending}、{post}" if pending else post))
                pending = ""
                continue
            split = _name_after_post(piece, words)
            if split is not None:
                post, name = split
                found.append((name, f"{pending}、{post}" if pending else post))
                pending = ""
            elif _has_word(piece, words):
                pending = whole  # a post alone: the name follows in the next piece
            else:
                found.append((piece, pending or None))
                pending = ""
        if pending and "、" not in pending:
            found.append((pending, pending))  # "赵书记": how the office calls its head
        elif pending:
            found.append(("", pending))  # a post with no name: reported by the caller
    return found


def infer_role(post: str | None, roles: Sequence[tuple[str, Sequence[str]]]) -> str | None:
    """The talker role a post implies. `roles` are (role, keywords) in dictionary order;
    the later role wins when several match ("副局长" is 班子成员, not 主要负责人)."""
    if not post:
        return None
    text = clean(post)
    for role, words in reversed(roles):
        if text == role or _has_word(text, words):
            return role
    return None


def outcome_parts(text: str) -> list[str]:
    """The outcomes named in one cell: "开除党籍、开除公职，移送检察机关" → three."""
    parts = []
    for part in _OUTCOME_SPLIT.split(clean(text)):
        bare = _OUTCOME_WRAP.sub("", part.strip()).strip()
        if bare:
            parts.append(bare)
    return parts


def non_data(cells: Sequence[Any]) -> tuple[str, bool] | None:
    """(the line's text, is a 合计 line) when a row is a footer, a total or a note.
    A data row is told by its first filled cell alone (every row of a ledger asks)."""
    first_at, first = next(((i, t) for i, t in enumerate(map(clean, cells)) if t), (0, ""))
    if not first:
        return None
    m = _NON_DATA.match(first.replace(" ", "") if len(first) < 6 else first)
    if m is None:
        return None
    filled = [t for t in map(clean, cells) if t]
    if first_at > 1 and len(filled) > 3:
        return None
    return " ".join(filled), bool(m.group("total"))


def stated_count(text: str) -> int | None:
    """N of "共N件" in a 合计 line."""
    m = _COUNT.search(text)
    return int(m.group(1)) if m else None


def unwrap(text: str) -> str:
    """An outcome without the words around it: "给予党纪警告处分" → "党纪警告"."""
    return _OUTCOME_WRAP.sub("", clean(text)).strip()


_SPAN_SEP = re.compile(r"\s*(?:至|到|~|～|—+|－|-{1,2})\s*")
_DAY_ONLY = re.compile(r"^(\d{1,2})\s*[日号]?$")


def date_span(value: Any, year_hint: int | None) -> tuple[dt.date, dt.date | None]:
    """A date or a span of dates as ledgers type them in one cell: "2026.3.2",
    "2026年3月2日至5日", "2026.3.2-3.5", "2026-03-02~2026-03-05". The end takes the year
    (and month) of the start when it leaves them out; an end before the start is refused.
    ValueError (Chinese) when the cell is neither."""
    try:
        return parse_date(value, year_hint), None
    except ValueError as whole:
        if not isinstance(value, str):
            raise
        error = whole
    text = clean(value)
    for m in _SPAN_SEP.finditer(text):
        left, right = text[: m.start()], text[m.end() :]
        try:
            start = parse_date(left, year_hint)
        except ValueError:
            continue
        day = _DAY_ONLY.match(right)
        try:
            if day:
                end = dt.date(start.year, start.month, int(day.group(1)))
            else:
                end = parse_date(right, start.year)
        except ValueError:
            continue
        if end < start:
            raise ValueError(f"“{value}”的结束日期早于开始日期")
        return start, end
    raise error
