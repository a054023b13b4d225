"""Which records belong to a campaign (专项工作), and the 人次 of an activity: each rule once.

A record belongs to a campaign when it is tied to it through its own link table
(kinds.CAMPAIGN_LINKS) or through the record it comes from: a rectification item through
its inspection or clue as well as its own links; a document through the record it was
issued for; a 问责 through its item or clue; a talk, an outcome or a 函询 through its
clue; a 通报曝光 through its clue. Figures, lists, the timeline, the paragraph and the
ledgers filter with these.
"""

from __future__ import annotations

from desktop.store.kinds import CAMPAIGN_LINKS

_LINK = {parent: (table, fk) for parent, table, fk in CAMPAIGN_LINKS}
# records that belong to campaigns only through the clue they come from
_THROUGH_CLUE = ("talks", "clue_outcomes", "clue_persons", "clue_exposures", "inquiries")
# the records a document can be issued for (documents.linked_table), besides 通报 and 建议书
# which name their document themselves (document_id)
_ISSUED_FOR = ("rectifications", "clues", "inspections", "activities")


def _own(table: str, id_sql: str, campaign: str) -> str:
    link, fk = _LINK[table]
    return f"EXISTS (SELECT 1 FROM {link} WHERE {fk} = {id_sql} AND campaign_id = {campaign})"


def _via(table: str, id_sql: str, alias: str, campaign: str) -> str:
    """The row of `table` whose id is `id_sql` belongs to the campaign."""
    inner = in_campaign_sql(table, alias, campaign)
    return f"EXISTS (SELECT 1 FROM {table} {alias} WHERE {alias}.id = {id_sql} AND {inner})"


def in_campaign_sql(table: str, alias: str, campaign: str = ":campaign_id") -> str:
    """A condition: the row `alias` of `table` belongs to the campaign `campaign` (a bound
    parameter or an SQL expression such as `cmp.id`)."""
    a = alias
    if table == "campaigns":  # a campaign belongs to itself (the 专项工作 count)
        return f"{a}.id = {campaign}"
    if table == "rectifications":
        return (
            f"({_own(table, f'{a}.id', campaign)}"
            f" OR {_own('inspections', f'{a}.inspection_id', campaign)}"
            f" OR {_own('clues', f'{a}.clue_id', campaign)})"
        )
    if table in _LINK:
        return _own(table, f"{a}.id", campaign)
    if table in _THROUGH_CLUE:
        return _own("clues", f"{a}.clue_id", campaign)
    if table in ("rect_checks", "rect_progress"):
        return _via("rectifications", f"{a}.rect_id", f"{a}_r", campaign)
    if table == "accountabilities":
        return (
            f"({_own('clues', f'{a}.clue_id', campaign)}"
            f" OR {_via('rectifications', f'{a}.rect_id', f'{a}_r', campaign)})"
        )
    if table == "documents":
        parts = [
            f"({a}.linked_table = '{t}' AND {_via(t, f'{a}.linked_id', f'{a}_{n}', campaign)})"
            for n, t in enumerate(_ISSUED_FOR)
        ]
        parts += [
            f"EXISTS (SELECT 1 FROM {t} {a}_{t[0]} WHERE {a}_{t[0]}.document_id = {a}.id"
            f" AND {in_campaign_sql(t, f'{a}_{t[0]}', campaign)})"
            for t in ("bulletins", "proposals")
        ]
        return "(" + " OR ".join(parts) + ")"
    raise KeyError(f"{table} does not belong to campaigns")


def in_theme_sql(table: str, alias: str, theme: str = ":theme") -> str:
    """A condition: the row belongs to a campaign whose theme is `theme`."""
    inner = in_campaign_sql(table, alias, "cmp.id")
    return f"EXISTS (SELECT 1 FROM campaigns cmp WHERE cmp.theme = {theme} AND {inner})"


# 人次 of an activity: the persons listed when there are any, else the number typed.
ATTENDANCE_SQL = (
    "COALESCE(NULLIF((SELECT COUNT(*) FROM activity_persons ap WHERE ap.activity_id = {a}.id),"
    " 0), {a}.attendance, 0)"
)
# 场次 of an activity: as typed; an activity with none typed counts as one.
SESSIONS_SQL = "COALESCE({a}.sessions, 1)"


def attendance_sql(alias: str) -> str:
    return ATTENDANCE_SQL.format(a=alias)


def sessions_sql(alias: str) -> str:
    return SESSIONS_SQL.format(a=alias)


def attendance(listed: int, typed: int | None) -> int:
    """The Python twin of ATTENDANCE_SQL, for a form that has not been saved yet."""
    return listed if listed else int(typed or 0)
