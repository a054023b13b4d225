"""Every figure of 统计汇总 declared once, as SQL (docs/statistics.md gives each rule).

A figure is counted by one query (a family of figures over the same rows shares one
``COUNT(*) FILTER (WHERE …)`` query); the records behind it are not read until the clerk drills
down: a Figure carries the query (`Drill`) that yields them. Every query is restricted by
one `Scope` (period, as-at day, unit with its sub-units), whose clause builder is the one
place a new filter (campaign, theme, …) is added for every figure.

Table aliases the rules and the scope clause share: c clues, cp clue_persons, q inquiries,
t talks, i inspections, r rectifications, k rect_checks, d documents, a activities,
b bulletins, ac accountabilities, e clue_exposures (SUBJECTS).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from desktop.domain.forms import GOVERNMENT, ORGANISATIONAL, PARTY, outcome_table
from desktop.domain.workdays import shift_months
from desktop.queries import campaigns, rectification
from desktop.store import document_kinds

if TYPE_CHECKING:
    from desktop.store.db import Store

RANK_GROUPS = ("县处级", "乡科级", "一般干部", "其他")
# Talk kinds (dictionary labels) the figures name.
REMINDER_TALK = "提醒谈话"  # reported as 谈话提醒
ADMONITION_TALK = "诫勉谈话"
ADMONITION = "诫勉"  # the outcome a 诫勉谈话 on a clue amounts to
HEART_TALK = "谈心谈话"
INQUIRY_TALK = "函询"  # a written inquiry entered in the talk ledger: not a talk
HEAD = "主要负责人"

_DONE_SQL = ", ".join(f"'{s}'" for s in rectification.DONE)


# -- scope -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """What every figure is restricted to: the period [start, end] (ISO, inclusive), the
    day stock figures stand at, and optionally a unit with its sub-units."""

    start: str
    end: str
    as_of: str
    units: tuple[int, ...] = ()
    unit_names: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        store: Store,
        start: dt.date,
        end: dt.date,
        as_of: dt.date,
        unit_id: int | None,
        *,
        campaign_id: int | None = None,
        theme: str | None = None,
    ) -> Scope:
        units = unit_and_descendants(store, unit_id) if unit_id is not None else []
        names: list[str] = []
        if units:
            marks = ",".join("?" * len(units))
            names = [
                str(r[0])
                for r in store.db.execute(f"SELECT name FROM units WHERE id IN ({marks})", units)
            ]
        return cls(
            start.isoformat(),
            end.isoformat(),
            as_of.isoformat(),
            tuple(units),
            tuple(names),
            campaign_id,
            theme,
        )

    # a campaign (专项工作) and a campaign theme: records belong to them as
    # desktop/queries/campaigns.py says, the one rule for every figure
    campaign_id: int | None = None
    theme: str | None = None

    def params(self) -> dict[str, Any]:
        names = {f"unit_name{n}": name for n, name in enumerate(self.unit_names)}
        chosen = {"campaign_id": self.campaign_id, "theme": self.theme}
        return {
            "start": self.start,
            "end": self.end,
            "as_of": self.as_of,
            **names,
            **{k: v for k, v in chosen.items() if v is not None},
        }

    def clause(self, subject: str) -> str:
        """The scope condition for one kind of record: unit, campaign and theme together."""
        table, alias = SUBJECTS[subject]
        parts = [self._unit_clause(subject)] if self.units else []
        if self.campaign_id is not None:
            parts.append(campaigns.in_campaign_sql(table, alias, ":campaign_id"))
        if self.theme is not None:
            parts.append(campaigns.in_theme_sql(table, alias, ":theme"))
        return " AND ".join(parts) if parts else "1"

    def _unit_clause(self, subject: str) -> str:
        """docs/statistics.md: with one unit chosen, clues belong to it when it is the 涉及单位
        or a reported person works there now; talks when a subject works there now;
        rectification items and follow-up checks by 责任单位; inspections by the units
        covered; documents by 主送; activities by the units taking part or a person listed
        working there now; 通报 by the units or persons of their items; 问责 by the unit held
        to account or the person's unit now; 通报曝光 by their clue."""
        ids = ",".join(str(int(u)) for u in self.units)
        works_here = f"SELECT id FROM persons WHERE unit_id IN ({ids})"
        if subject == "clue":
            return (
                f"(c.reported_unit_id IN ({ids}) OR EXISTS (SELECT 1 FROM clue_persons cp2"
                " JOIN persons p2 ON p2.id = cp2.person_id"
                f" WHERE cp2.clue_id = c.id AND p2.unit_id IN ({ids})))"
            )
        if subject == "talk":
            return (
                "EXISTS (SELECT 1 FROM talk_subjects s JOIN persons p ON p.id = s.person_id"
                f" WHERE s.talk_id = t.id AND p.unit_id IN ({ids}))"
            )
        if subject == "rect":
            return f"r.unit_id IN ({ids})"
        if subject == "check":
            return f"k.rect_id IN (SELECT id FROM rectifications WHERE unit_id IN ({ids}))"
        if subject == "inspection":
            return (
                "EXISTS (SELECT 1 FROM inspection_units iu"
                f" WHERE iu.inspection_id = i.id AND iu.unit_id IN ({ids}))"
            )
        if subject == "document":
            marks = ",".join(f":unit_name{n}" for n in range(len(self.unit_names)))
            return f"d.addressee IN ({marks or 'NULL'})"
        if subject == "activity":
            return (
                "(EXISTS (SELECT 1 FROM activity_units au WHERE au.activity_id = a.id"
                f" AND au.unit_id IN ({ids})) OR EXISTS (SELECT 1 FROM activity_persons ap2"
                f" WHERE ap2.activity_id = a.id AND ap2.person_id IN ({works_here})))"
            )
        if subject == "bulletin":
            return (
                "EXISTS (SELECT 1 FROM bulletin_items bi2 WHERE bi2.bulletin_id = b.id"
                f" AND (bi2.unit_id IN ({ids}) OR bi2.person_id IN ({works_here})))"
            )
        if subject == "accountability":
            return f"(ac.unit_id IN ({ids}) OR ac.person_id IN ({works_here}))"
        if subject == "campaign":
            return (
                "EXISTS (SELECT 1 FROM campaign_units cu WHERE cu.campaign_id = cm.id"
                f" AND cu.unit_id IN ({ids}))"
            )
        if subject == "exposure":
            return (
                f"(e.person_id IN ({works_here}) OR EXISTS (SELECT 1 FROM clues c3"
                f" WHERE c3.id = e.clue_id AND c3.reported_unit_id IN ({ids})))"
            )
        raise ValueError(subject)


# The record each scope subject stands for, and its alias in the figures' SQL.
SUBJECTS: dict[str, tuple[str, str]] = {
    "clue": ("clues", "c"),
    "talk": ("talks", "t"),
    "rect": ("rectifications", "r"),
    "check": ("rect_checks", "k"),
    "inspection": ("inspections", "i"),
    "document": ("documents", "d"),
    "activity": ("activities", "a"),
    "bulletin": ("bulletins", "b"),
    "accountability": ("accountabilities", "ac"),
    "exposure": ("clue_exposures", "e"),
    "campaign": ("campaigns", "cm"),
}


def unit_choices(store: Store) -> list[tuple[int, str]]:
    """The units a scope can name (with their sub-units), in pinyin order."""
    return [
        (int(r[0]), str(r[1]))
        for r in store.db.execute("SELECT id, name FROM units ORDER BY name_pinyin, name")
    ]


def campaign_choices(store: Store, theme: str | None = None) -> list[tuple[int, str]]:
    """The campaigns (专项工作) a scope can name, of one theme if given, latest first."""
    where, params = ("WHERE theme = ?", [theme]) if theme is not None else ("", [])
    rows = store.db.execute(
        f"SELECT id, name FROM campaigns {where} ORDER BY start_date DESC, name, id", params
    )
    return [(int(r[0]), str(r[1])) for r in rows]


def theme_choices(store: Store) -> list[str]:
    """The campaign themes a scope can name: the dictionary's, then any other a campaign
    still carries (a theme since renamed away or removed)."""
    listed = [
        str(r[0])
        for r in store.db.execute(
            "SELECT label FROM dict_items WHERE dict = 'campaign_theme' ORDER BY sort, label"
        )
    ]
    used = [
        str(r[0]) for r in store.db.execute("SELECT DISTINCT theme FROM campaigns ORDER BY theme")
    ]
    return [*listed, *(t for t in used if t not in listed)]


def campaign_name(store: Store, campaign_id: int | None) -> str | None:
    if campaign_id is None:
        return None
    name = store.db.execute("SELECT name FROM campaigns WHERE id = ?", [campaign_id]).fetchone()
    return str(name[0]) if name else None


def unit_and_descendants(store: Store, unit_id: int) -> list[int]:
    rows = store.db.execute(
        "WITH RECURSIVE tree(id) AS (SELECT ? UNION SELECT u.id FROM units u JOIN tree"
        " ON u.parent_id = tree.id) SELECT id FROM tree",
        [unit_id],
    )
    return [int(r[0]) for r in rows]


# -- figures and their records ---------------------------------------------------------


@dataclass(frozen=True)
class Drill:
    """The query that yields the records behind a figure, run when the clerk drills down."""

    sql: str
    params: Mapping[str, Any]

    def ids(self, store: Store) -> list[int]:
        return [int(r[0]) for r in store.db.execute(self.sql, dict(self.params))]


@dataclass
class Figure:
    """One reported number, and the query for the records it counts (table, ids)."""

    label: str
    value: int
    unit: str
    table: str
    drill: Drill | None = field(default=None, repr=False, compare=False)

    def record_ids(self, store: Store) -> list[int]:
        return self.drill.ids(store) if self.drill is not None else []

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "value": self.value, "unit": self.unit, "table": self.table}


@dataclass(frozen=True)
class Member:
    """One figure of a family: its rule over the family's rows, and what it counts."""

    key: str
    label: str
    unit: str
    rule: str = "1"
    count: str = ""  # a value other than the number of rows meeting the rule (from those only)
    record: str = ""  # the records shown for it, when not the family's
    reported: bool = True  # a figure of its own (not an amount or a breakdown item)


@dataclass(frozen=True)
class Family:
    """Figures counted over the same rows (one query, COUNT with CASE per figure)."""

    table: str  # what the drill-down opens
    source: str  # FROM …; may hold {scope} where the scope must apply inside it
    subject: str  # which scope clause applies
    where: str  # the rows every member counts among (period first, for its index)
    record: str  # the id of a record behind a figure
    members: tuple[Member, ...]
    params: Callable[[Store, Scope], dict[str, Any]] | None = None
    # members counting distinct values of this column (`distinct(rule, per)`) are counted
    # per value first: one sort of the rows instead of a b-tree per member
    per: str = ""
    # a join only the scope's clause reads (the clue of an outcome): in `source` as
    # {scope_join}, left out when the scope restricts nothing (`scoped`)
    scope_join: str = ""

    def scoped(self, text: str, scope: Scope) -> str:
        """`text` with the scope's clause in place of {scope}, and `scope_join` in place of
        {scope_join} when that clause restricts the rows. The rows reach the joined record
        by a foreign key, so without a clause the join drops none and is not read (at 1M,
        the clues of PEOPLE's 5.6k rows and of 影响期内's 3k: 4 ms each)."""
        clause = scope.clause(self.subject)
        join = self.scope_join if clause != "1" else ""
        return text.format(scope=clause, scope_join=join)

    def _from(self, scope: Scope) -> str:
        if "{scope}" in self.source:
            return f"FROM {self.scoped(self.source, scope)} WHERE {self.where}"
        source = self.scoped(self.source, scope) if self.scope_join else self.source
        return f"FROM {source} WHERE {self.where} AND {scope.clause(self.subject)}"

    def _params(self, store: Store, scope: Scope) -> dict[str, Any]:
        return {**scope.params(), **(self.params(store, scope) if self.params else {})}

    def counts(self) -> str:
        """Each member's count over the family's rows, in order."""
        return ", ".join(m.count or rows_meeting(m.rule) for m in self.members)

    def sql(self, scope: Scope) -> str:
        if self.per:
            return self._per_sql(scope)
        return f"SELECT {self.counts()} {self._from(scope)}"

    def _per_sql(self, scope: Scope) -> str:
        """`sql` with the rows grouped by `per`: a member counting distinct `per` values
        is the number of groups with a row meeting its rule; any other member is counted
        over the family's rows by a subquery of its own (its rule in the WHERE)."""
        grouped = [m for m in self.members if m.count == distinct(m.rule, self.per)]
        flags = ", ".join(f"MAX(1) FILTER (WHERE {m.rule}) AS f{n}" for n, m in enumerate(grouped))
        counts = ", ".join(
            f"COALESCE(SUM(f{grouped.index(m)}), 0)"
            if m in grouped
            else f"(SELECT {m.count or 'COUNT(*)'} {self._from(scope)} AND ({m.rule}))"
            for m in self.members
        )
        return f"SELECT {counts} FROM (SELECT {flags} {self._from(scope)} GROUP BY {self.per})"

    def drill_sql(self, member: Member, scope: Scope, extra: str = "1") -> str:
        record = member.record or self.record
        return (
            f"SELECT DISTINCT {record} {self._from(scope)} AND ({member.rule}) AND {extra}"
            f" ORDER BY +{record}"
        )

    def figures(self, store: Store, scope: Scope) -> dict[str, Figure]:
        params = self._params(store, scope)
        row = store.db.execute(self.sql(scope), params).fetchone()
        return self.figures_of(row, scope, params)

    def figures_of(
        self, row: Sequence[Any], scope: Scope, params: dict[str, Any]
    ) -> dict[str, Figure]:
        """The members' figures from their counts (`row`, in order), each with its drill."""
        return {
            m.key: Figure(
                m.label,
                int(row[n] or 0),
                m.unit,
                self.table,
                Drill(self.drill_sql(m, scope), params),
            )
            for n, m in enumerate(self.members)
        }

    def per_campaign_sql(self, scope: Scope, by: str = "") -> str:
        """The members counted per campaign (cmp.id) and per `by` (a column, or none): the
        records of each campaign as desktop/queries/campaigns.py says."""
        if "{scope}" in self.source or self.scope_join:
            raise ValueError("a family with its scope inside is counted per campaign apart")
        table, alias = SUBJECTS[self.subject]
        # each row finds its own few campaigns (by the links' record index): testing every
        # campaign for every row grew with rows × campaigns (seconds at 1M rows)
        member = f"cmp.id IN ({campaigns.campaigns_of_sql(table, alias)})"
        counts = self.counts()
        # a row meeting no member's rule counts for none (a member's own count counts only
        # rows meeting its rule): leave it out before asking which campaigns it belongs to
        rules = " OR ".join(f"({m.rule})" for m in self.members)
        return (
            f"SELECT cmp.id, {by or 'NULL'}, {counts} FROM {self.source} CROSS JOIN campaigns cmp"
            f" WHERE {self.where} AND ({rules}) AND {scope.clause(self.subject)} AND {member}"
            " GROUP BY 1, 2"
        )

    @property
    def counted_with_campaigns(self) -> bool:
        """Its figures and its counts per campaign by one query (`with_campaigns_sql`): the
        counts add up and each member counts rows (no count of its own)."""
        return self.additive and not any(m.count for m in self.members)

    def with_campaigns_sql(self, scope: Scope, by: str = "") -> str:
        """The members' counts (a first row, campaign and `by` NULL), then what
        `per_campaign_sql` gives, in one statement: the family's rows are read once into a
        MATERIALIZED row set holding, per record, what its campaigns are found by, `by`
        and whether it meets each member's rule (a CASE, so a rule's costly part is not
        worked out when its cheap part settles it)."""
        if not self.counted_with_campaigns:
            raise ValueError("only a family counting rows is counted with its campaigns")
        table, alias = SUBJECTS[self.subject]
        member = campaigns.campaigns_of_sql(table, alias)
        # the record's columns its campaigns are found by, under their own names
        columns = sorted(set(re.findall(rf"\b{alias}\.(\w+)", member)))
        kept = ", ".join(f"{alias}.{c} AS {c}" for c in columns)
        flags = ", ".join(
            f"CASE WHEN {m.rule} THEN 1 ELSE 0 END AS m{n}" for n, m in enumerate(self.members)
        )
        sums = ", ".join(f"SUM({alias}.m{n})" for n in range(len(self.members)))
        meets = " OR ".join(f"{alias}.m{n}" for n in range(len(self.members)))
        # a row meeting no member's rule adds nothing to any sum: not kept (两函一书 at 1M,
        # 4.4k of the year's 12.8k documents); a sum over no rows is read as 0
        rules = [m.rule for m in self.members]
        some = "" if "1" in rules else " AND (" + " OR ".join(f"({r})" for r in rules) + ")"
        return (
            f"WITH rows AS MATERIALIZED (SELECT {kept}, {by or 'NULL'} AS by_, {flags}"
            f" {self._from(scope)}{some}) SELECT NULL, NULL, {sums} FROM rows {alias}"
            f" UNION ALL SELECT cmp.id, {alias}.by_, {sums} FROM rows {alias}"
            f" CROSS JOIN campaigns cmp WHERE ({meets}) AND cmp.id IN ({member}) GROUP BY 1, 2"
        )

    def _count_records(self) -> str:
        """The number of records (a join may repeat one)."""
        return f"COUNT(DISTINCT {self.record})" if " JOIN " in self.source else "COUNT(*)"

    def breakdown_sql(self, scope: Scope, key: str, column: str, more: Sequence[str] = ()) -> str:
        """Members `key` (and `more`, counted among key's rows) by `column`: the records,
        or the member's own count when it has one (场次, 人次, distinct persons)."""
        member = self._member(key)
        values = ", ".join(
            m.count or (self._count_records() if m is member else rows_meeting(m.rule))
            for m in (member, *map(self._member, more))
        )
        return (
            f"SELECT {_group(column)}, {values} {self._from(scope)} AND ({member.rule}) GROUP BY 1"
        )

    def _member(self, key: str) -> Member:
        return next(m for m in self.members if m.key == key)

    def breakdown(
        self, store: Store, scope: Scope, key: str, column: str, blank: str
    ) -> dict[str, Figure]:
        """The rows of member `key` by `column` (empty values under `blank`), largest
        first, then by name: the same data always reads the same way."""
        return self.breakdowns(store, scope, (key,), column, blank)[key]

    def breakdowns(
        self, store: Store, scope: Scope, keys: Sequence[str], column: str, blank: str
    ) -> dict[str, dict[str, Figure]]:
        """Several members by `column` in one query (keys[0]'s rows; the others must count
        among them), each as `breakdown` gives it."""
        params = {**self._params(store, scope), "blank": blank}
        rows = store.db.execute(self.breakdown_sql(scope, keys[0], column, keys[1:]), params)
        return self._breakdown_figures(scope, params, keys, column, rows.fetchall())

    def _breakdown_figures(
        self,
        scope: Scope,
        params: dict[str, Any],
        keys: Sequence[str],
        column: str,
        rows: Sequence[Sequence[Any]],
    ) -> dict[str, dict[str, Figure]]:
        """Members `keys` by `column` from `rows` (the item, then each key's count), each
        with its drill, largest first, then by name."""
        group = _group(column)
        result: dict[str, dict[str, Figure]] = {key: {} for key in keys}
        for name, *counts in rows:
            for key, value in zip(keys, counts, strict=True):
                member = self._member(key)
                drill = Drill(
                    self.drill_sql(member, scope, f"{group} = :item"), {**params, "item": name}
                )
                result[key][str(name)] = Figure(
                    str(name), int(value or 0), member.unit, self.table, drill
                )
        return {
            key: dict(sorted(group.items(), key=lambda kv: (-kv[1].value, kv[0])))
            for key, group in result.items()
        }

    @property
    def additive(self) -> bool:
        """Every member a sum over the family's rows, one row a record (`rows_meeting` or
        SUM, no DISTINCT count, no join repeating a record): its counts over the parts of
        the rows add up to its count over them all."""
        plain = " JOIN " not in self.source and "{scope}" not in self.source and not self.per
        return plain and all(
            not m.count or m.count.startswith("COALESCE(SUM(") for m in self.members
        )

    def grouped_sql(self, scope: Scope, columns: Sequence[str]) -> str:
        """The members' counts per combination of the `columns`' values (`_group`, the
        n-th blank as :blank<n>): the family's rows read once for its figures and its
        breakdowns (`additive` only)."""
        groups = [_group(c).replace(":blank", f":blank{n}") for n, c in enumerate(columns)]
        # grouped by the columns themselves, not by their items: no expression per row to
        # sort by, and the planner may read the groups in an index's order (talks by kind:
        # a skip-scan of (kind, date), no sort). An empty value and NULL come apart under
        # the same item; `figures_and_breakdowns` adds the groups up per item.
        return (
            f"SELECT {', '.join(groups)}, {self.counts()} {self._from(scope)}"
            f" GROUP BY {', '.join(columns)}"
        )

    def figures_and_breakdowns(
        self, store: Store, scope: Scope, parts: Sequence[tuple[str, str, str]]
    ) -> tuple[dict[str, Figure], list[dict[str, Figure]]]:
        """The figures and the breakdowns `parts` (key, column, blank: what `breakdown`
        gives for each, its key a member counting rows) by one query (`grouped_sql`): the
        members' counts are the sums of their counts per group, each breakdown its key's
        sums per value of its column (a value counts when one of its rows meets the
        key's rule)."""
        if not self.additive or any(self._member(key).count for key, _, _ in parts):
            raise ValueError("only a family whose counts add up is counted by its groups")
        params = self._params(store, scope)
        bound = {**params, **{f"blank{n}": blank for n, (_, _, blank) in enumerate(parts)}}
        sql = self.grouped_sql(scope, [column for _, column, _ in parts])
        rows = store.db.execute(sql, bound).fetchall()
        width = len(parts)
        totals = [sum(int(r[width + n] or 0) for r in rows) for n in range(len(self.members))]
        breakdowns = []
        for n, (key, column, blank) in enumerate(parts):
            at = width + self.members.index(self._member(key))
            sums: dict[str, int] = {}
            for r in rows:
                sums[r[n]] = sums.get(r[n], 0) + int(r[at] or 0)
            found = [(name, value) for name, value in sums.items() if value]
            own = {**params, "blank": blank}
            breakdowns.append(self._breakdown_figures(scope, own, [key], column, found)[key])
        return self.figures_of(totals, scope, params), breakdowns


def rows_meeting(rule: str) -> str:
    """The number of rows meeting `rule`: a FILTER, so the count is not stepped at all
    for the others (cheaper than COUNT(CASE WHEN …), the same number)."""
    return "COUNT(*)" if rule == "1" else f"COUNT(*) FILTER (WHERE {rule})"


def distinct(rule: str, column: str) -> str:
    """The number of distinct values of `column` among the rows meeting `rule`."""
    return f"COUNT(DISTINCT CASE WHEN {rule} THEN {column} END)"


def _group(column: str) -> str:
    """A breakdown's item: the column's value, or the label for an empty one (:blank)."""
    return f"COALESCE(NULLIF({column}, ''), :blank)"


def _period(column: str) -> str:
    return f"{column} BETWEEN :start AND :end"


# A clue counts in these figures by one of its dates (docs/statistics.md §受理, §处置,
# §立案, §结案, §主动说清).
CLUES = "clues c"
# Reported persons of the clues a date finds (CROSS JOIN: SQLite then reads the clues by
# that date's index first instead of every person).
CLUE_PERSONS = "clues c CROSS JOIN clue_persons cp ON cp.clue_id = c.id"
RECEIVED = Family(
    "clues",
    CLUES,
    "clue",
    _period("c.received_date"),
    "c.id",
    (
        # §受理: every clue received in the period, whatever its source.
        Member("clues_received", "受理问题线索", "件"),
        # §受理: 信访举报 by source; 重复件 those marked a duplicate of an earlier clue.
        Member("petitions", "受理信访举报", "件", "c.source = '信访举报'"),
        Member(
            "petition_duplicates",
            "重复件",
            "件",
            "c.source = '信访举报' AND c.duplicate_of IS NOT NULL",
        ),
    ),
)
# §主动说清: reported persons marked 主动说清 on clues received in the period.
VOLUNTARY = Family(
    "clue_persons",
    CLUE_PERSONS,
    "clue",
    _period("c.received_date"),
    "cp.id",
    (Member("voluntary", "主动说清问题", "人", "cp.voluntary = 1"),),
)
# §处置: clues given a disposition in the period. 谈话函询 件次 counts each reported person
# once per clue so disposed (the clues are its records).
DISPOSED = Family(
    "clues",
    CLUES,
    "clue",
    _period("c.disposition_date"),
    "c.id",
    (
        Member("clues_disposed", "处置问题线索", "件"),
        Member(
            "talk_inquiry_times",
            "谈话函询",
            "件次",
            "c.disposition = '谈话函询'",
            count="COALESCE(SUM(CASE WHEN c.disposition = '谈话函询' THEN"
            " (SELECT COUNT(*) FROM clue_persons cp WHERE cp.clue_id = c.id) END), 0)",
        ),
    ),
)
# §处置 函询 件: written inquiries sent in the period.
INQUIRIES = Family(
    "inquiries",
    "inquiries q JOIN clues c ON c.id = q.clue_id",
    "clue",
    _period("q.sent_date"),
    "q.id",
    (Member("inquiries", "函询", "件"),),
)
# §处置 初步核实: clues disposed by 初步核实 whose 初核 started in the period (the
# disposition date stands in when no start date was entered).
PRELIM = Family(
    "clues",
    CLUES,
    "clue",
    _period("COALESCE(c.prelim_start, c.disposition_date)"),
    "c.id",
    (Member("prelim", "初步核实", "件", "c.disposition = '初步核实'"),),
)
# §立案: clues with a 立案 date in the period; persons are those marked 立案 on them.
CASES = Family(
    "clues", CLUES, "clue", _period("c.case_date"), "c.id", (Member("cases", "立案", "件"),)
)
CASE_PERSONS = Family(
    "clue_persons",
    CLUE_PERSONS,
    "clue",
    _period("c.case_date"),
    "cp.id",
    (Member("case_persons", "立案", "人", "cp.filed = 1"),),
)
# §结案: clues with a 结案 date in the period; those opened before the period are named
# apart; 结案率 is taken over the cases opened in the period (seed 001). §收缴违纪款:
# amounts recorded on clues closed in the period.
CLOSED = Family(
    "clues",
    CLUES,
    "clue",
    _period("c.closed_date"),
    "c.id",
    (
        Member("closed", "结案", "件"),
        Member("closed_of_cases", "结案（本期立案）", "件", _period("c.case_date")),
        Member("closed_earlier_cases", "结案（以前立案）", "件", "c.case_date < :start"),
        Member(
            "amount_fen",
            "收缴违纪款",
            "分",
            count="COALESCE(SUM(c.amount_recovered), 0)",
            reported=False,
        ),
    ),
)
# §未办结 (stock): cases opened by the period's end and not 结案 as at that end.
CASES_OPEN = Family(
    "clues",
    CLUES,
    "clue",
    "c.case_date <= :as_of",
    "c.id",
    (
        Member(
            "cases_open",
            "未办结案件（期末）",
            "件",
            "(c.closed_date IS NULL OR c.closed_date > :as_of)",
        ),
    ),
)


def _ordered(number: str) -> str:
    """SQL: the integer or NULL `number` as text whose binary order is the number's, NULL
    first as ORDER BY sorts it: a key of such parts compares like the tuple of numbers
    (MAX over it is the greatest tuple). A part is 20 characters, 'b' and 19 digits when
    not negative; NULL is '0' alone, but a part that differs settles the comparison by
    its first character, so the parts after it stay aligned."""
    return (
        f"(CASE WHEN {number} IS NULL THEN '0' WHEN {number} < 0"
        f" THEN printf('a%019d', {number} + 1 + 9223372036854775807)"
        f" ELSE printf('b%019d', {number}) END)"
    )


# People dealt with (§党纪政务处分, §诫勉, §四种形态): one row per person per clue with an
# outcome decided in the period. A 诫勉谈话 held on a clue with one of its reported persons
# is that person's outcome 诫勉 on the talk's date, unless 诫勉 is recorded on the clue.
# The heaviest outcome (form, then severity, then latest) decides the person's form, in
# the period of that outcome's decision date. Only clues with an outcome (or such a talk)
# in the period can count: `near` finds them by date first (and CROSS JOIN reads those
# clues' talks first, not every talk of their persons). Their 诫勉谈话 are the few of that
# kind (the (kind, date, clue) index) whose clue is near, not every talk of each near
# clue read to see its kind (`+` keeps the planner off the clue index).
_PEOPLE_STEPS = f"""near(clue_id) AS (
        SELECT clue_id FROM clue_outcomes WHERE decided_date BETWEEN :start AND :end
        UNION
        SELECT clue_id FROM talks WHERE date BETWEEN :start AND :end
        AND kind = '{ADMONITION_TALK}' AND clue_id IS NOT NULL
    ), dealt(clue_id, person_id, outcome, decided_date) AS (
        SELECT clue_id, person_id, outcome, decided_date FROM clue_outcomes
        WHERE clue_id IN near
        UNION
        SELECT t.clue_id, s.person_id, '{ADMONITION}', MIN(t.date)
        FROM talks t CROSS JOIN talk_subjects s ON s.talk_id = t.id
        CROSS JOIN clue_persons cp ON cp.clue_id = t.clue_id AND cp.person_id = s.person_id
        WHERE t.id IN (SELECT a.id FROM talks a
            WHERE a.kind = '{ADMONITION_TALK}' AND +a.clue_id IN near) AND NOT EXISTS (
            SELECT 1 FROM clue_outcomes x WHERE x.clue_id = t.clue_id
            AND x.person_id = s.person_id AND x.outcome = '{ADMONITION}')
        GROUP BY t.clue_id, s.person_id
    ), graded AS (
        SELECT dealt.clue_id AS clue_id, dealt.person_id AS person_id,
               dealt.outcome AS outcome,
               dealt.decided_date BETWEEN :start AND :end AS in_period,
               json_extract(d.extra, '$.category') AS category,
               CAST(json_extract(d.extra, '$.form') AS INTEGER) AS form,
               COALESCE(CAST(json_extract(d.extra, '$.severity') AS INTEGER), 0) AS severity,
               dealt.decided_date AS decided_date
        FROM dealt LEFT JOIN dict_items d ON d.dict = 'outcome' AND d.label = dealt.outcome
        WHERE dealt.clue_id IN (
            SELECT clue_id FROM dealt WHERE decided_date BETWEEN :start AND :end)
    )"""
# Each person once per clue, by one grouping of their outcomes (no window and its own sort):
# the heaviest outcome (form, then severity, then latest) is the greatest key of `_ordered`
# parts and its day, with its day's in-period flag last (same day, same flag). The key is
# made by the aggregate, after the grouping's sort, so the rows sorted stay narrow. The
# person's row is then read once per group; the scope is the clue's, so it applies to the
# groups as it did to their rows.
_PEOPLE_ROWS = f"""
    SELECT cp.id AS id, cp.clue_id AS clue_id, cp.rank AS rank, g.party AS party,
           g.gov AS gov, g.org AS org, g.admonished AS admonished,
           CASE WHEN substr(g.top, -1) = '1' AND substr(g.top, 1, 1) = 'b'
               THEN CAST(substr(g.top, 2, 19) AS INTEGER) END AS top_form
    FROM (SELECT clue_id, person_id,
           MAX(in_period AND category = '{PARTY}') AS party,
           MAX(in_period AND category = '{GOVERNMENT}') AS gov,
           MAX(in_period AND category = '{ORGANISATIONAL}') AS org,
           MAX(in_period AND category = '{ORGANISATIONAL}' AND outcome = '{ADMONITION}')
               AS admonished,
           MAX({_ordered("form")} || {_ordered("severity")} || decided_date || char(1)
               || in_period) AS top
        FROM graded GROUP BY clue_id, person_id) g
    JOIN clue_persons cp ON cp.clue_id = g.clue_id AND cp.person_id = g.person_id
    {{scope_join}}
    WHERE {{scope}}"""
_OUTCOMES = f"(WITH {_PEOPLE_STEPS} {_PEOPLE_ROWS}) people"
SANCTIONED = "(people.party OR people.gov)"
_RANKS = ", ".join(f"'{r}'" for r in RANK_GROUPS)
RANK = f"(CASE WHEN people.rank IN ({_RANKS}) THEN people.rank ELSE '其他' END)"
PEOPLE = Family(
    "clue_persons",
    _OUTCOMES,
    "clue",
    "1",
    "people.id",
    (
        # §党纪政务处分: 党纪 and 政务 apart; one person may have both (同时), so
        # 党纪 + 政务 − 同时 = 党纪政务处分.
        Member("sanctioned", "党纪政务处分", "人", SANCTIONED),
        Member("party_sanctioned", "党纪处分", "人", "people.party"),
        Member("gov_sanctioned", "政务处分", "人", "people.gov"),
        Member("both_sanctioned", "同时给予党纪政务处分", "人", "people.party AND people.gov"),
        # §诫勉: an outcome of the category 组织处理 in the period; 诫勉 among them.
        Member("org_handled", "组织处理", "人", "people.org"),
        Member("admonished", "诫勉", "人", "people.admonished"),
        # §四种形态: each person once per clue, by the heaviest outcome.
        Member("four_forms", "运用“四种形态”处理", "人次", "people.top_form IN (1, 2, 3, 4)"),
        *(
            Member(f"form{n}", f"第{'一二三四'[n - 1]}种形态", "人次", f"people.top_form = {n}")
            for n in (1, 2, 3, 4)
        ),
        # §党纪政务处分 by rank as recorded on the clue (any other rank: 其他).
        *(
            Member(
                f"rank:{rank}", rank, "人", f"{SANCTIONED} AND {RANK} = '{rank}'", reported=False
            )
            for rank in RANK_GROUPS
        ),
    ),
    scope_join="JOIN clues c ON c.id = g.clue_id",
)


def _effect_starts(store: Store, scope: Scope) -> dict[str, Any]:
    """Per sanction outcome, the earliest decision day still in effect at `as_of`
    (domain.md §3: the effect ends `effect_months` after the decision; '' when permanent)."""
    as_of = dt.date.fromisoformat(scope.as_of)
    params: dict[str, Any] = {}
    for n, info in enumerate(i for i in outcome_table(store).values() if i.is_sanction):
        since = ""
        if info.effect_months is not None:
            day = shift_months(as_of, -info.effect_months) - dt.timedelta(days=5)
            while shift_months(day, info.effect_months) <= as_of:
                day += dt.timedelta(days=1)
            since = day.isoformat()
        params[f"sanction{n}"], params[f"since{n}"] = info.label, since
    return params


def _in_effect_rule(count: int) -> str:
    """Each sanction outcome decided within its own window (by its (outcome, date) index)."""
    windows = [
        f"(o.outcome = :sanction{n} AND o.decided_date BETWEEN :since{n} AND :as_of)"
        for n in range(count)
    ]
    return f"({' OR '.join(windows)})" if windows else "0"


def in_effect(store: Store, scope: Scope) -> Figure:
    """§影响期内 (stock): persons (per clue) with a sanction whose effect period covers
    the as-at day (decided on or before it, ending after it or never)."""
    params = _effect_starts(store, scope)
    family = Family(
        "clue_persons",
        "clue_outcomes o JOIN clue_persons cp ON cp.clue_id = o.clue_id"
        " AND cp.person_id = o.person_id {scope_join}",
        "clue",
        _in_effect_rule(len(params) // 2),
        "cp.id",
        (Member("in_effect", "处分影响期内（期末）", "人", count="COUNT(DISTINCT cp.id)"),),
        lambda _store, _scope: params,
        scope_join="JOIN clues c ON c.id = o.clue_id",
    )
    return family.figures(store, scope)["in_effect"]


def sanctioned_by_rank(counted: Mapping[str, Figure]) -> dict[str, Figure]:
    """The rank groups of the people figures `count` gave, every group shown."""
    return {rank: counted[f"rank:{rank}"] for rank in RANK_GROUPS}


# §谈话: talks by talk date; a 函询 entered in the talk ledger is not a talk (counted apart).
_TALK = f"t.kind != '{INQUIRY_TALK}'"
# a talk of one kind: the kind first, so most rows fail the rule at its first test (counted
# per person at 1M, 4 rules × 42k rows)
_REMINDER = f"t.kind = '{REMINDER_TALK}' AND {_TALK}"
TALKS = Family(
    "talks",
    "talks t",
    "talk",
    _period("t.date"),
    "t.id",
    (
        Member("talks", "谈话", "次", _TALK),
        Member("inquiry_talks", "函询（谈话台账登记）", "次", f"t.kind = '{INQUIRY_TALK}'"),
        # §谈话提醒: talks of the kind 提醒谈话 (offices also write 谈话提醒).
        Member("reminder_talks", "谈话提醒", "次", _REMINDER),
        # §主要负责人作为谈话人: of those 谈话提醒, the ones with a talker whose role is
        # 主要负责人 (seed 003).
        Member(
            "head_talks",
            "主要负责人作为谈话人",
            "次",
            f"{_REMINDER} AND EXISTS (SELECT 1 FROM talk_talkers tk WHERE tk.talk_id = t.id"
            f" AND tk.role = '{HEAD}')",
        ),
        # §谈心谈话.
        Member("heart_talks", "谈心谈话", "次", f"t.kind = '{HEART_TALK}' AND {_TALK}"),
    ),
)
# §监督检查: inspections starting in the period (a unit: those covering it).
INSPECTIONS = Family(
    "inspections",
    "inspections i",
    "inspection",
    _period("i.start_date"),
    "i.id",
    (Member("inspections", "开展监督检查", "次"),),
)

# §整改: the day an item counts as 已整改 from. Only items whose status is 已整改待验收 or
# 已销号 are rectified; the day is the earlier of its last 整改进展 report and its 销号
# date; with neither, the day the audit log first shows it changed to done; else (entered
# as done) its found date.
RECTIFIED_ON = f"""(CASE WHEN r.status IN ({_DONE_SQL}) THEN COALESCE(
    (SELECT CASE WHEN MAX(p.date) IS NULL THEN NULLIF(r.closed_date, '')
                 WHEN NULLIF(r.closed_date, '') IS NULL THEN MAX(p.date)
                 ELSE MIN(MAX(p.date), r.closed_date) END
     FROM rect_progress p WHERE p.rect_id = r.id),
    (SELECT MIN(substr(a.at, 1, 10)) FROM audit_log a
     WHERE a.table_name = 'rectifications' AND a.record_id = r.id AND a.action = 'update'
     AND json_extract(a.after, '$.row.status') IN ({_DONE_SQL})),
    r.found_date) END)"""
# 逾期未整改 (stock): found by the as-at day, its deadline passed before it, and not
# rectified by then.
OVERDUE = (
    # not rectified by then first: most items past their deadline were rectified and closed
    # by then, and fail at its first two tests (the dates after it hold for nearly all)
    f"(r.status NOT IN ({_DONE_SQL})"
    # closed by then: rectified by then too (no later than its 销号), no need to look further
    " OR (COALESCE(NULLIF(r.closed_date, '') > :as_of, 1)"
    f" AND {RECTIFIED_ON} > :as_of))"
    " AND r.found_date <= :as_of AND r.deadline < :as_of"
)
FOUND = _period("r.found_date")
# an item done and closed by the period's end was rectified by then (no later than its
# 销号): no need to read its progress reports and audit entries
RECTIFIED = (
    f"(r.status IN ({_DONE_SQL}) AND NULLIF(r.closed_date, '') <= :end OR {RECTIFIED_ON} <= :end)"
)
CLOSED_ITEM = f"r.status = '{rectification.CLOSED}' AND NULLIF(r.closed_date, '') <= :end"
PROBLEMS = Family(
    "rectifications",
    "rectifications r",
    "rect",
    FOUND,
    "r.id",
    (
        # 发现问题 (flow); 已整改 / 已销号 of them as at the period's end.
        Member("problems_found", "发现问题", "个"),
        Member("rectified", "已整改", "个", RECTIFIED),
        Member("closed_items", "已销号", "个", CLOSED_ITEM),
    ),
)
OVERDUE_ITEMS = Family(
    "rectifications",
    "rectifications r",
    "rect",
    "r.deadline < :as_of",
    "r.id",
    (Member("overdue_items", "逾期未整改", "个", OVERDUE),),
)
# §回头看: follow-up checks carried out in the period (实地查看 among them).
FOLLOWUPS = Family(
    "rect_checks",
    "rect_checks k",
    "check",
    _period("k.date"),
    "k.id",
    (
        Member("followups", "回头看", "次"),
        Member("onsite_followups", "实地查看", "次", "k.method = '实地查看'"),
    ),
)
# §制发文书: documents issued in the period and not voided, by kind.
DOCUMENTS = Family(
    "documents",
    "documents d",
    "document",
    f"{_period('d.issued_date')} AND d.voided = 0",
    "d.id",
    (Member("documents", "制发文书", "份"),),
)

# -- issue #15: activities, 通报, 通报曝光, 问责, talks in 人, 两函一书, 专项工作 --------------
# (docs/statistics.md §工作活动, §通报, §通报曝光, §问责, §谈话人数, §两函一书, §专项工作)

# Activity kinds (dictionary labels) counted together as 教育培训.
EDUCATION_KINDS = ("警示教育", "廉政教育", "培训/答题")
SUMMONS_TALK = "约谈"
_EDUCATION_SQL = ", ".join(f"'{k}'" for k in EDUCATION_KINDS)
_EDUCATION = f"a.kind IN ({_EDUCATION_SQL})"
_SESSIONS = campaigns.sessions_sql("a")
_ATTENDANCE = campaigns.attendance_sql("a")
# §工作活动: activities held in the period (by 日期); 场次 as typed (none typed: 1), 人次 the
# persons listed, else the number typed.
ACTIVITIES = Family(
    "activities",
    "activities a",
    "activity",
    _period("a.date"),
    "a.id",
    (
        Member("activities", "开展工作活动", "次"),
        Member("activity_sessions", "工作活动场次", "场次", count=f"COALESCE(SUM({_SESSIONS}), 0)"),
        Member(
            "activity_attendance", "工作活动人次", "人次", count=f"COALESCE(SUM({_ATTENDANCE}), 0)"
        ),
        Member(
            "education_sessions",
            "教育培训场次",
            "场次",
            _EDUCATION,
            count=f"COALESCE(SUM(CASE WHEN {_EDUCATION} THEN {_SESSIONS} END), 0)",
        ),
        Member(
            "education_attendance",
            "教育培训人次",
            "人次",
            _EDUCATION,
            count=f"COALESCE(SUM(CASE WHEN {_EDUCATION} THEN {_ATTENDANCE} END), 0)",
        ),
    ),
)
# §通报: 通报 dated in the period (期), and the cases or problems they list (起).
BULLETINS = Family(
    "bulletins",
    "bulletins b LEFT JOIN bulletin_items bi ON bi.bulletin_id = b.id",
    "bulletin",
    _period("b.date"),
    "b.id",
    (
        Member("bulletins", "制发通报", "期", count="COUNT(DISTINCT b.id)"),
        Member("bulletin_items", "通报问题", "起", "bi.id IS NOT NULL"),
    ),
)
# §通报曝光: a clue is exposed in the period by a 通报曝光 row dated in it, or by an item of
# a 通报 dated in it that names the clue; the persons exposed are those the row or item
# names, else the clue's reported persons. The clue's scope applies (unit, campaign).
_EXPOSED = (
    "SELECT e.clue_id AS clue_id, e.person_id AS person_id FROM clue_exposures e"
    " WHERE e.date BETWEEN :start AND :end"
    " UNION SELECT bi.clue_id, bi.person_id FROM bulletin_items bi"
    " JOIN bulletins b ON b.id = bi.bulletin_id"
    " WHERE b.date BETWEEN :start AND :end AND bi.clue_id IS NOT NULL"
)
EXPOSURES = Family(
    "clues",
    f"(SELECT x.clue_id, x.person_id FROM ({_EXPOSED}) x WHERE x.person_id IS NOT NULL"
    f" UNION SELECT x.clue_id, cp.person_id FROM ({_EXPOSED}) x"
    " JOIN clue_persons cp ON cp.clue_id = x.clue_id WHERE x.person_id IS NULL"
    f" UNION SELECT x.clue_id, NULL FROM ({_EXPOSED}) x) ex JOIN clues c ON c.id = ex.clue_id",
    "clue",
    "1",
    "c.id",
    (
        Member("exposed_clues", "通报曝光问题线索", "件", count="COUNT(DISTINCT c.id)"),
        Member(
            "exposed_persons",
            "通报曝光",
            "人",
            "ex.person_id IS NOT NULL",
            count="COUNT(DISTINCT ex.person_id)",
        ),
    ),
)
# §问责: 问责 decided in the period (by 日期); 人 the distinct persons held to account, 单位
# the distinct units held to account (rows naming a unit and no person), 次 every row.
ACCOUNTABILITIES = Family(
    "accountabilities",
    "accountabilities ac",
    "accountability",
    _period("ac.date"),
    "ac.id",
    (
        Member("accountability_times", "问责", "次"),
        Member(
            "accountability_persons",
            "问责",
            "人",
            "ac.person_id IS NOT NULL",
            count="COUNT(DISTINCT ac.person_id)",
        ),
        Member(
            "accountability_units",
            "问责单位",
            "个",
            "ac.person_id IS NULL AND ac.unit_id IS NOT NULL",
            count="COUNT(DISTINCT CASE WHEN ac.person_id IS NULL THEN ac.unit_id END)",
        ),
    ),
)


def _talk_persons(rule: str) -> str:
    return distinct(rule, "s.person_id")


_SUMMONS = f"t.kind = '{SUMMONS_TALK}'"
_HEART = f"t.kind = '{HEART_TALK}' AND {_TALK}"
# §谈话人数: the distinct subjects of the talks held in the period (a person talked to
# twice is one 人), for talks, 谈话提醒, 谈心谈话 and 约谈; 约谈 次 beside them. Counted per
# person (each person's rows once: which kinds of talk they had).
TALK_PERSONS = Family(
    "talks",
    "talks t CROSS JOIN talk_subjects s ON s.talk_id = t.id",
    "talk",
    _period("t.date"),
    "t.id",
    (
        Member("talk_persons", "谈话", "人", _TALK, count=_talk_persons(_TALK)),
        Member("reminder_persons", "谈话提醒", "人", _REMINDER, count=_talk_persons(_REMINDER)),
        Member("heart_persons", "谈心谈话", "人", _HEART, count=_talk_persons(_HEART)),
        Member(
            "summons_talks",
            "约谈",
            "次",
            _SUMMONS,
            count=distinct(_SUMMONS, "t.id"),
        ),
        Member("summons_persons", "约谈", "人", _SUMMONS, count=_talk_persons(_SUMMONS)),
    ),
    per="s.person_id",
)
# §两函一书: documents of the kinds offices count as “两函一书” (document_kinds), issued in
# the period and not voided.
_TWO_LETTERS_SQL = ", ".join(f"'{k}'" for k in document_kinds.TWO_LETTERS_ONE_BOOK)
TWO_LETTERS = Family(
    "documents",
    "documents d",
    "document",
    f"{_period('d.issued_date')} AND d.voided = 0",
    "d.id",
    (Member("two_letters_one_book", "制发“两函一书”", "份", f"d.kind IN ({_TWO_LETTERS_SQL})"),),
)
# §专项工作: campaigns under way in the period (begun by its end, not ended before its start).
CAMPAIGNS = Family(
    "campaigns",
    "campaigns cm",
    "campaign",
    "cm.start_date <= :end AND COALESCE(NULLIF(cm.end_date, ''), :end) >= :start",
    "cm.id",
    (Member("campaigns", "开展专项工作", "项"),),
)

# The figures of issue #15, counted with every other.
WORK_FAMILIES: tuple[Family, ...] = (
    CAMPAIGNS,
    ACTIVITIES,
    BULLETINS,
    EXPOSURES,
    ACCOUNTABILITIES,
    TALK_PERSONS,
    TWO_LETTERS,
)


# Every family, in the order the figures are reported.
FAMILIES: tuple[Family, ...] = (
    RECEIVED,
    DISPOSED,
    INQUIRIES,
    PRELIM,
    CASES,
    CASE_PERSONS,
    CLOSED,
    CASES_OPEN,
    PEOPLE,
    VOLUNTARY,
    TALKS,
    INSPECTIONS,
    PROBLEMS,
    OVERDUE_ITEMS,
    FOLLOWUPS,
    *WORK_FAMILIES,
)


@dataclass(frozen=True)
class Grouping:
    """A breakdown: the records of one figure by a column."""

    name: str
    family: Family
    key: str
    column: str
    blank: str
    # more breakdowns of the same rows by the same column, counted in the same query:
    # (breakdown name, member key)
    also: tuple[tuple[str, str], ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *(name for name, _key in self.also))

    @property
    def with_family(self) -> bool:
        """Counted in its family's own query (`Family.figures_and_breakdowns`): the family's
        counts add up, and the breakdown is its key's rows (no count of its own, no more
        breakdowns of the same rows)."""
        return self.family.additive and not self.also and not self.family._member(self.key).count

    def counted(self, store: Store, scope: Scope) -> dict[str, dict[str, Figure]]:
        keys = (self.key, *(key for _name, key in self.also))
        found = self.family.breakdowns(store, scope, keys, self.column, self.blank)
        return dict(zip(self.names, found.values(), strict=True))


GROUPINGS: tuple[Grouping, ...] = (
    Grouping("petitions_by_channel", RECEIVED, "petitions", "c.channel", "来件渠道未填"),
    Grouping("petitions_by_kind", RECEIVED, "petitions", "c.petition_kind", "信访类别未填"),
    Grouping("disposed_by_disposition", DISPOSED, "clues_disposed", "c.disposition", "未处置"),
    Grouping("talks_by_kind", TALKS, "talks", "t.kind", "未分类"),
    Grouping("inspections_by_kind", INSPECTIONS, "inspections", "i.kind", "未分类"),
    Grouping("documents_by_kind", DOCUMENTS, "documents", "d.kind", "未分类"),
    Grouping("clues_by_source", RECEIVED, "clues_received", "c.source", "来源未填"),
    # issue #15: activities by kind with 场次 and 人次, 通报 by kind with 起, 问责 by method
    # with 人 (docs/statistics.md §工作活动, §通报, §问责)
    Grouping(
        "activities_by_kind",
        ACTIVITIES,
        "activities",
        "a.kind",
        "未分类",
        (
            ("activity_sessions_by_kind", "activity_sessions"),
            ("activity_attendance_by_kind", "activity_attendance"),
        ),
    ),
    Grouping(
        "bulletins_by_kind",
        BULLETINS,
        "bulletins",
        "b.kind",
        "未分类",
        (("bulletin_items_by_kind", "bulletin_items"),),
    ),
    Grouping(
        "accountabilities_by_method",
        ACCOUNTABILITIES,
        "accountability_times",
        "ac.method",
        "未分类",
        (("accountability_persons_by_method", "accountability_persons"),),
    ),
)


def grouped(store: Store, scope: Scope, name: str) -> dict[str, Figure]:
    g = next(g for g in GROUPINGS if name in g.names)
    return g.counted(store, scope)[name]


def grouped_all(store: Store, scope: Scope, names: Sequence[str]) -> dict[str, dict[str, Figure]]:
    """The breakdowns `names`, one query per grouping however many of its names are asked."""
    result: dict[str, dict[str, Figure]] = {}
    for g in GROUPINGS:
        if any(name in names for name in g.names):
            result.update(g.counted(store, scope))
    return {name: result[name] for name in names}


@dataclass
class UnitProgress:
    """Rectification items of one unit found in the period."""

    unit_id: int
    unit: str
    found: int
    rectified: int
    overdue: int
    ids: list[int] = field(default_factory=list)


def by_unit_sql(scope: Scope) -> str:
    """Per unit: found in the period, rectified of those, overdue at the as-at day, and
    the ids found (the items of §整改 by 责任单位)."""
    return (
        f"SELECT r.unit_id, u.name,"
        f" {rows_meeting(FOUND)}, {rows_meeting(f'{FOUND} AND {RECTIFIED}')},"
        f" {rows_meeting(OVERDUE)},"
        f" GROUP_CONCAT(CASE WHEN {FOUND} THEN r.id END)"
        " FROM rectifications r LEFT JOIN units u ON u.id = r.unit_id"
        f" WHERE r.found_date <= :end AND ({FOUND} OR r.deadline < :as_of)"
        f" AND {scope.clause('rect')} GROUP BY r.unit_id"
    )


def rectification_by_unit(store: Store, scope: Scope) -> list[UnitProgress]:
    """Found / rectified / overdue per unit by the rules of §整改, most found first."""
    rows = store.db.execute(by_unit_sql(scope), scope.params()).fetchall()
    result = [
        UnitProgress(
            int(uid),
            str(name or ""),
            int(found),
            int(done),
            int(late),
            sorted(int(i) for i in str(ids).split(",")) if ids else [],
        )
        for uid, name, found, done, late, ids in rows
        if found or done or late
    ]
    return sorted(result, key=lambda u: (-u.found, u.unit, u.unit_id))


# The keys of the figures reported on their own, in the order they are declared.
REPORTED = (
    *(m.key for family in FAMILIES for m in family.members if m.reported),
    "in_effect",
)


def count(
    store: Store,
    scope: Scope,
    families: Sequence[Family] = FAMILIES,
    known: Mapping[str, Figure] | None = None,
) -> dict[str, Figure]:
    """Every declared figure of the scope (REPORTED, the amount recovered and the items
    of the breakdowns counted with them), keyed as docs/statistics.md names them.
    `known`: the figures of families already counted (by `count_all`'s shared queries)."""
    known = known or {}
    result: dict[str, Figure] = {}
    for family in families:
        if all(m.key in known for m in family.members):
            result.update({m.key: known[m.key] for m in family.members})
        else:
            result.update(family.figures(store, scope))
    result["in_effect"] = in_effect(store, scope)
    return result


def count_all(
    store: Store, scope: Scope, breakdowns: Sequence[str] = ()
) -> tuple[dict[str, Figure], dict[str, dict[str, Figure]], list[CampaignWork]]:
    """`count`, `grouped_all(breakdowns)` and `campaign_work` of one scope, with rows read
    once where several of them count the same rows (issue #16): a family and its
    breakdowns by one query (`Grouping.with_family`); the people dealt with once for
    PEOPLE and the 党纪政务处分 per campaign (`people_sql`; with a campaign chosen, PEOPLE
    scoped to it is that campaign's 党纪政务处分, see `sanctioned_per_campaign`)."""
    known: dict[str, Figure] = {}
    grouped: dict[str, dict[str, Figure]] = {}
    for family in FAMILIES:
        shared = [g for g in GROUPINGS if g.family is family and g.name in breakdowns]
        shared = [g for g in shared if g.with_family]
        if shared:
            parts = [(g.key, g.column, g.blank) for g in shared]
            counted, found = family.figures_and_breakdowns(store, scope, parts)
            known.update(counted)
            grouped.update(zip((g.name for g in shared), found, strict=True))
    rest = grouped_all(store, scope, [n for n in breakdowns if n not in grouped])
    grouped = {name: rest[name] if name in rest else grouped[name] for name in breakdowns}
    per_campaign: dict[Family, list[Sequence[Any]]] = {}
    for family, by in CAMPAIGN_PARTS:
        if family.counted_with_campaigns and family.members[0].key not in known:
            params = family._params(store, scope)
            sql = family.with_campaigns_sql(scope, by)
            totals, *rows = store.db.execute(sql, params).fetchall()
            known.update(family.figures_of(totals[2:], scope, params))
            per_campaign[family] = rows
    if scope.campaign_id is None:
        people, sanctioned = people_and_sanctioned(store, scope)
        known.update(people)
        counted = count(store, scope, known=known)
    else:
        counted = count(store, scope, known=known)
        sanctioned = {scope.campaign_id: counted["sanctioned"].value}
    return counted, grouped, campaign_work(store, scope, sanctioned, per_campaign)


def count_and_work(store: Store, scope: Scope) -> tuple[dict[str, Figure], list[CampaignWork]]:
    """`count` and `campaign_work` of one scope (`count_all` without breakdowns)."""
    counted, _grouped, work = count_all(store, scope)
    return counted, work


# -- per campaign: what the paragraph says campaign by campaign ------------------------


@dataclass
class CampaignWork:
    """One campaign's figures in the scope: `values` by figure key, and for the families
    counted by kind, `kinds`[first member key][kind][member key]."""

    campaign_id: int
    name: str
    theme: str
    start: str
    values: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)

    def __getitem__(self, key: str) -> int:
        return self.values.get(key, 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.campaign_id,
            "name": self.name,
            "theme": self.theme,
            "figures": dict(self.values),
            "kinds": self.kinds,
        }


# The families the campaign sentences speak of, and the column each is told by (or none).
CAMPAIGN_PARTS: tuple[tuple[Family, str], ...] = (
    (INSPECTIONS, "i.kind"),
    (ACTIVITIES, "a.kind"),
    (PROBLEMS, ""),
    (TWO_LETTERS, ""),
    (BULLETINS, "b.kind"),
    (RECEIVED, ""),
    (CASES, ""),
    (EXPOSURES, ""),
    (ACCOUNTABILITIES, ""),
)


def _sanctioned_by_campaign_sql(people: str) -> str:
    """PEOPLE's 党纪政务处分 per campaign over the rows `people` (FROM …)."""
    # the clue's campaigns by its id: the clue itself is not read
    of_clue = campaigns.campaigns_of_id_sql("clues", "people.clue_id", "pc")
    return (
        f"SELECT cmp.id, COUNT(*) FROM {people} CROSS JOIN campaigns cmp"
        f" WHERE {SANCTIONED} AND cmp.id IN ({of_clue}) GROUP BY 1"
    )


def people_sql(scope: Scope) -> str:
    """PEOPLE's counts (a first row, id NULL), then its 党纪政务处分 per campaign (what
    `sanctioned_per_campaign` gives) in one statement: the people dealt with are read once
    (a MATERIALIZED CTE) instead of once for each (issue #16). A scope without a campaign."""
    if scope.campaign_id is not None:
        raise ValueError("with a campaign chosen its 党纪政务处分 is PEOPLE's own")
    steps = PEOPLE.scoped(_PEOPLE_STEPS, scope)
    rows = PEOPLE.scoped(_PEOPLE_ROWS, scope)
    blanks = ", NULL" * (len(PEOPLE.members) - 1)
    per_campaign = _sanctioned_by_campaign_sql("people").replace("COUNT(*)", f"COUNT(*){blanks}", 1)
    return (
        f"WITH {steps}, people AS MATERIALIZED ({rows})"
        f" SELECT NULL, {PEOPLE.counts()} FROM people UNION ALL {per_campaign}"
    )


def people_and_sanctioned(store: Store, scope: Scope) -> tuple[dict[str, Figure], dict[int, int]]:
    """PEOPLE's figures and its 党纪政务处分 per campaign, by `people_sql`."""
    params = PEOPLE._params(store, scope)
    rows = store.db.execute(people_sql(scope), params).fetchall()
    counted = PEOPLE.figures_of(rows[0][1:], scope, params)
    return counted, {int(r[0]): int(r[1]) for r in rows[1:]}


def sanctioned_per_campaign(store: Store, scope: Scope) -> dict[int, int]:
    """PEOPLE's 党纪政务处分 per campaign, in one query: what PEOPLE scoped to each campaign
    gives (the campaign filter keeps or drops a person with their clue, so counting the
    people of the scope without it by their clue's campaigns is the same count)."""
    base = replace(scope, campaign_id=None)
    sql = _sanctioned_by_campaign_sql(PEOPLE.scoped(PEOPLE.source, base))
    rows = store.db.execute(sql, PEOPLE._params(store, base)).fetchall()
    return {int(r[0]): int(r[1]) for r in rows}


def campaign_work(
    store: Store,
    scope: Scope,
    sanctioned: Mapping[int, int] | None = None,
    per_campaign: Mapping[Family, Sequence[Sequence[Any]]] | None = None,
) -> list[CampaignWork]:
    """Every campaign with a record counted in the scope (one query per family for all
    campaigns; 党纪政务处分 per campaign whose clues have an outcome decided in the
    period), in the order the campaigns began. Nothing is read in a store without one.
    `sanctioned`: the 党纪政务处分 per campaign when already counted (`count_and_work`);
    `per_campaign`: the rows of `Family.per_campaign_sql` of families already counted."""
    # with a campaign or a theme chosen, only that campaign, or the campaigns of that theme
    found = store.db.execute(
        "SELECT id, name, theme, start_date FROM campaigns"
        " WHERE (:campaign_id IS NULL OR id = :campaign_id) AND (:theme IS NULL OR theme = :theme)",
        {"campaign_id": scope.campaign_id, "theme": scope.theme},
    ).fetchall()
    if not found:
        return []
    # each campaign's figures made when a count names it (a store may hold thousands)
    named = {int(r[0]): r for r in found}
    work: dict[int, CampaignWork] = {}
    per_campaign = per_campaign or {}
    for family, by in CAMPAIGN_PARTS:
        if family in per_campaign:
            rows = per_campaign[family]
        else:
            sql = family.per_campaign_sql(scope, by)
            rows = store.db.execute(sql, family._params(store, scope)).fetchall()
        keys = [m.key for m in family.members]
        for campaign_id, kind, *counts in rows:
            item = work.get(int(campaign_id))
            if item is None:
                row = named.get(int(campaign_id))
                if row is None:
                    continue  # another campaign sharing records with the one chosen
                item = work[int(row[0])] = CampaignWork(
                    int(row[0]), str(row[1]), str(row[2]), str(row[3])
                )
            values = item.values
            for key, value in zip(keys, counts, strict=True):
                values[key] = values.get(key, 0) + int(value or 0)
            if by:
                kinds = item.kinds.setdefault(keys[0], {}).setdefault(str(kind or ""), {})
                kinds.update(zip(keys, (int(v or 0) for v in counts), strict=True))
    # (a first sieve: campaigns with a linked clue given a 党纪/政务 sanction in the period;
    # PEOPLE, scoped to each, then counts by its own rule)
    decided = store.db.execute(
        "SELECT DISTINCT cc.campaign_id FROM clue_outcomes o"
        " JOIN clue_campaigns cc ON cc.clue_id = o.clue_id"
        " JOIN dict_items d ON d.dict = 'outcome' AND d.label = o.outcome"
        " WHERE o.decided_date BETWEEN :start AND :end"
        f" AND json_extract(d.extra, '$.category') IN ('{PARTY}', '{GOVERNMENT}')",
        scope.params(),
    ).fetchall()
    sieved = {int(r[0]) for r in decided} & named.keys()
    if sieved:
        counted = sanctioned if sanctioned is not None else sanctioned_per_campaign(store, scope)
        for campaign_id in sieved:
            if campaign_id not in work and not counted.get(campaign_id, 0):
                continue  # nothing counted for it: it stays out
            row = named[campaign_id]
            item = work.setdefault(
                campaign_id, CampaignWork(int(row[0]), str(row[1]), str(row[2]), str(row[3]))
            )
            item.values["sanctioned"] = counted.get(campaign_id, 0)
    active = [w for w in work.values() if any(w.values.values())]
    return sorted(active, key=lambda w: (w.start, w.campaign_id))
