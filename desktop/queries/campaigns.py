"""Which records belong to a campaign (专项工作), and the 人次 of an activity: each rule once.

A record belongs to a campaign when it is tied to it through its own link table
(kinds.CAMPAIGN_LINKS) or through the record it comes from: a rectification item through
its inspection or clue as well as its own links; a document through the record it was
issued for; a 问责 through its item or clue; a talk, an outcome or a 函询 through its
clue; a 通报曝光 through its clue. Figures, lists, the timeline, the paragraph and the
ledgers filter with these.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from desktop.store.kinds import CAMPAIGN_LINKS

_LINK = {parent: (table, fk) for parent, table, fk in CAMPAIGN_LINKS}
# records that belong to campaigns only through the clue they come from
_THROUGH_CLUE = ("talks", "clue_outcomes", "clue_persons", "clue_exposures", "inquiries")
# the records a document can be issued for (documents.linked_table), besides 通报 and 建议书
# which name their document themselves (document_id)
_ISSUED_FOR = ("rectifications", "clues", "inspections", "activities")


@dataclass(frozen=True)
class _Path:
    """One way a row reaches a campaign link: the tables joined (beyond the row itself),
    the conditions tying them to the row, and the column holding the campaign's id."""

    tables: tuple[str, ...]
    where: tuple[str, ...]
    column: str

    def joined(self, table: str, alias: str, id_sql: str) -> _Path:
        """This path of the row `alias` of `table` whose id is `id_sql`."""
        return _Path(
            (f"{table} {alias}", *self.tables), (f"{alias}.id = {id_sql}", *self.where), self.column
        )

    def member(self, campaign: str) -> str:
        """SQL: this path reaches the campaign `campaign`."""
        where = " AND ".join((*self.where, f"{self.column} = {campaign}"))
        return f"EXISTS (SELECT 1 FROM {', '.join(self.tables)} WHERE {where})"

    def campaigns(self) -> str:
        """SQL: the ids of the campaigns this path reaches."""
        if not self.tables:
            return f"SELECT {self.column}"
        return (
            f"SELECT {self.column} FROM {', '.join(self.tables)} WHERE {' AND '.join(self.where)}"
        )


def _own(table: str, id_sql: str) -> _Path:
    link, fk = _LINK[table]
    return _Path((link,), (f"{link}.{fk} = {id_sql}",), f"{link}.campaign_id")


def _via(table: str, id_sql: str, alias: str) -> list[_Path]:
    """The row of `table` whose id is `id_sql` belongs to the campaign. Its own links are
    found by `id_sql` itself: a link row references its record (a foreign key, and the
    links leave with their record), so the record is read only for the paths through it."""
    own = _own(table, f"{alias}.id") if table in _LINK else None
    return [
        _own(table, id_sql) if p == own else p.joined(table, alias, id_sql)
        for p in _paths(table, alias)
    ]


def _paths(table: str, alias: str) -> list[_Path]:
    """Every way the row `alias` of `table` belongs to a campaign: the rule itself."""
    a = alias
    if table == "campaigns":  # a campaign belongs to itself (the 专项工作 count)
        return [_Path((), (), f"{a}.id")]
    if table == "rectifications":
        return [
            _own(table, f"{a}.id"),
            _own("inspections", f"{a}.inspection_id"),
            _own("clues", f"{a}.clue_id"),
        ]
    if table in _LINK:
        return [_own(table, f"{a}.id")]
    if table in _THROUGH_CLUE:
        return [_own("clues", f"{a}.clue_id")]
    if table in ("rect_checks", "rect_progress"):
        return _via("rectifications", f"{a}.rect_id", f"{a}_r")
    if table == "accountabilities":
        return [_own("clues", f"{a}.clue_id"), *_via("rectifications", f"{a}.rect_id", f"{a}_r")]
    if table == "documents":
        issued = [
            replace(p, where=(f"{a}.linked_table = '{t}'", *p.where))
            for n, t in enumerate(_ISSUED_FOR)
            for p in _via(t, f"{a}.linked_id", f"{a}_{n}")
        ]
        naming = [  # 通报 and 建议书 name their document themselves
            _Path(
                (f"{t} {a}_{t[0]}", *p.tables),
                (f"{a}_{t[0]}.document_id = {a}.id", *p.where),
                p.column,
            )
            for t in ("bulletins", "proposals")
            for p in _paths(t, f"{a}_{t[0]}")
        ]
        return issued + naming
    raise KeyError(f"{table} does not belong to campaigns")


def in_campaign_sql(table: str, alias: str, campaign: str = ":campaign_id") -> str:
    """A condition: the row `alias` of `table` belongs to the campaign `campaign` (a bound
    parameter or an SQL expression such as `cmp.id`)."""
    paths = _paths(table, alias)
    if table == "campaigns":
        return f"{alias}.id = {campaign}"
    if len(paths) == 1:
        return paths[0].member(campaign)
    return "(" + " OR ".join(p.member(campaign) for p in paths) + ")"


def campaigns_of_sql(table: str, alias: str) -> str:
    """SQL: the ids of the campaigns the row `alias` of `table` belongs to (by the same
    paths as `in_campaign_sql`; an id may come twice). Counting per campaign joins
    campaigns by `cmp.id IN (…)`: each row finds its few campaigns by the links' record
    index, instead of testing every campaign for every row."""
    return " UNION ALL ".join(p.campaigns() for p in _paths(table, alias))


def campaigns_of_id_sql(table: str, id_sql: str, alias: str) -> str:
    """SQL: `campaigns_of_sql` for the row of `table` whose id is `id_sql`. Its own links
    are found by that id, so a record reached only by them (a clue) is not read at all;
    the other paths read it as `alias`."""
    return " UNION ALL ".join(p.campaigns() for p in _via(table, id_sql, alias))


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
