"""Statistics offices report (domain.md §4), for any date range and optionally one unit.

Every figure carries the ids of the records behind it, so a view can drill down,
and the rule it counts by is written beside its query. Periods are inclusive.
docs/statistics.md gives each figure's one written definition (what is counted, as at
which date, the seed sentence it serves); the § numbers in the comments below are its
sections. Flow figures count what happened within the period; stock figures (逾期未整改,
未办结, 影响期内) count the state as at the period's end, derived from the records' own
dates, not from today's status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.domain import forms as forms_module
from desktop.domain.forms import GOVERNMENT, ORGANISATIONAL, PARTY, outcome_table
from desktop.queries import rectification

if TYPE_CHECKING:
    from desktop.store.db import Store

RANK_GROUPS = ("县处级", "乡科级", "一般干部", "其他")
# Rectification statuses: the one rule lives in desktop/queries/rectification.py.
RECT_DONE = rectification.DONE
RECT_OPEN = rectification.OPEN
_DONE_SQL = ", ".join(f"'{s}'" for s in RECT_DONE)
# Talk kinds (dictionary labels) the figures name.
REMINDER_TALK = "提醒谈话"  # reported as 谈话提醒
ADMONITION_TALK = "诫勉谈话"
ADMONITION = "诫勉"  # the outcome a 诫勉谈话 on a clue amounts to
HEART_TALK = "谈心谈话"
INQUIRY_TALK = "函询"  # a written inquiry entered in the talk ledger: not a talk


@dataclass
class Figure:
    """One reported number and the records it counts (table, ids)."""

    label: str
    value: int
    unit: str
    table: str
    ids: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "value": self.value, "unit": self.unit, "table": self.table}


def percent(numerator: int, denominator: int) -> str | None:
    """A share as offices print it: one decimal, '.0' dropped (54/72 → '75%', 33/86 → '38.4%')."""
    if denominator <= 0:
        return None
    value = round(numerator * 1000 / denominator) / 10
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text}%"


def yuan(fen: int) -> str:
    return f"{fen / 100:.2f}"


def wan_yuan(fen: int) -> str:
    """Amounts in 万元 with two decimals, as reports give them (28300.00 元 → '2.83')."""
    return f"{fen / 1_000_000:.2f}"


@dataclass
class Stats:
    start: dt.date
    end: dt.date
    unit_id: int | None
    unit_name: str | None
    figures: dict[str, Figure]
    breakdowns: dict[str, dict[str, Figure]]
    amount_fen: int
    closure_rate: str | None
    rectification_rate: str | None
    form_shares: dict[int, str | None]
    as_of: dt.date  # the day stock figures stand at: the period's end, or today while it runs

    def __getitem__(self, key: str) -> int:
        return self.figures[key].value

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": {"from": self.start.isoformat(), "to": self.end.isoformat()},
            "unit": self.unit_name,
            "figures": {k: f.to_dict() for k, f in self.figures.items()},
            "breakdowns": {
                name: {k: f.value for k, f in group.items()}
                for name, group in self.breakdowns.items()
            },
            "amount_recovered": {
                "fen": self.amount_fen,
                "yuan": yuan(self.amount_fen),
                "wan_yuan": wan_yuan(self.amount_fen),
            },
            "closure_rate": self.closure_rate,
            "rectification_rate": self.rectification_rate,
            "form_shares": {str(k): v for k, v in self.form_shares.items()},
        }


class _Query:
    """Shared period/unit filter fragments for one computation."""

    def __init__(self, store: Store, start: dt.date, end: dt.date, unit_id: int | None) -> None:
        self.store = store
        self.start = start.isoformat()
        self.end = end.isoformat()
        self.unit_id = unit_id
        self.units: list[int] = _unit_and_descendants(store, unit_id) if unit_id else []

    def period(self, column: str) -> tuple[str, list[Any]]:
        return f"{column} BETWEEN ? AND ?", [self.start, self.end]

    def unit_filter(self, sql_unit_expr: str) -> tuple[str, list[Any]]:
        if not self.units:
            return "1", []
        marks = ",".join("?" for _ in self.units)
        return f"{sql_unit_expr} IN ({marks})", list(self.units)

    def ids(self, sql: str, params: Sequence[Any]) -> list[int]:
        return [int(r[0]) for r in self.store.db.execute(sql, list(params))]


def _unit_and_descendants(store: Store, unit_id: int) -> list[int]:
    rows = store.db.execute(
        "WITH RECURSIVE tree(id) AS (SELECT ? UNION SELECT u.id FROM units u JOIN tree"
        " ON u.parent_id = tree.id) SELECT id FROM tree",
        [unit_id],
    )
    return [int(r[0]) for r in rows]


# A clue belongs to a unit when the unit is its 涉及单位 or one of its reported
# persons works there now.
_CLUE_UNIT = (
    "(c.reported_unit_id IN ({m}) OR EXISTS (SELECT 1 FROM clue_persons cp2 JOIN persons p2"
    " ON p2.id = cp2.person_id WHERE cp2.clue_id = c.id AND p2.unit_id IN ({m})))"
)


def compute(
    store: Store,
    start: dt.date,
    end: dt.date,
    *,
    unit_id: int | None = None,
    today: dt.date | None = None,
) -> Stats:
    """All figures of domain.md §4 for [start, end], optionally restricted to one unit."""
    if end < start:
        raise ValueError("统计区间的结束日期不能早于开始日期")
    today = today or store.today()
    q = _Query(store, start, end, unit_id)
    figures: dict[str, Figure] = {}
    breakdowns: dict[str, dict[str, Figure]] = {}

    def clue_unit() -> tuple[str, list[Any]]:
        if not q.units:
            return "1", []
        m = ",".join("?" for _ in q.units)
        return _CLUE_UNIT.format(m=m), list(q.units) * 2

    cu_sql, cu_params = clue_unit()

    def clues_where(date_col: str, extra: str = "1", extra_params: Sequence[Any] = ()) -> list[int]:
        p_sql, p_params = q.period(f"c.{date_col}")
        return q.ids(
            f"SELECT c.id FROM clues c WHERE {p_sql} AND {cu_sql} AND {extra} ORDER BY c.id",
            [*p_params, *cu_params, *extra_params],
        )

    def add(key: str, label: str, unit: str, table: str, ids: list[int]) -> Figure:
        fig = Figure(label, len(ids), unit, table, ids)
        figures[key] = fig
        return fig

    # 受理问题线索: every clue received in the period, whatever its source.
    add("clues_received", "受理问题线索", "件", "clues", clues_where("received_date"))

    # 受理信访举报: clues whose source is 信访举报, by received date; split by channel and
    # by 信访类别; 重复件 are those marked as a duplicate of an earlier clue.
    petitions = add(
        "petitions",
        "受理信访举报",
        "件",
        "clues",
        clues_where("received_date", "c.source = ?", ["信访举报"]),
    )
    breakdowns["petitions_by_channel"] = _group(
        store, "clues", petitions.ids, "channel", "件", "来件渠道未填"
    )
    breakdowns["petitions_by_kind"] = _group(
        store, "clues", petitions.ids, "petition_kind", "件", "信访类别未填"
    )
    add(
        "petition_duplicates",
        "重复件",
        "件",
        "clues",
        clues_where("received_date", "c.source = ? AND c.duplicate_of IS NOT NULL", ["信访举报"]),
    )

    # 处置问题线索: clues given a disposition in the period (by disposition date), split by
    # the four dispositions.
    disposed = add("clues_disposed", "处置问题线索", "件", "clues", clues_where("disposition_date"))
    breakdowns["disposed_by_disposition"] = _group(
        store, "clues", disposed.ids, "disposition", "件", "未处置"
    )

    # 谈话函询 件次: each reported person on a clue disposed by 谈话函询 in the period counts
    # once per clue. 函询 件: written inquiries sent in the period.
    talk_inquiry_ids = clues_where("disposition_date", "c.disposition = ?", ["谈话函询"])
    times = _count_persons(store, talk_inquiry_ids)
    figures["talk_inquiry_times"] = Figure("谈话函询", times, "件次", "clues", talk_inquiry_ids)
    p_sql, p_params = q.period("i.sent_date")
    add(
        "inquiries",
        "函询",
        "件",
        "inquiries",
        q.ids(
            f"SELECT i.id FROM inquiries i JOIN clues c ON c.id = i.clue_id"
            f" WHERE {p_sql} AND {cu_sql} ORDER BY i.id",
            [*p_params, *cu_params],
        ),
    )

    # 初核: clues disposed by 初步核实 whose 初核 started in the period (the disposition date
    # stands in when no start date was entered).
    p_sql, p_params = q.period("COALESCE(c.prelim_start, c.disposition_date)")
    add(
        "prelim",
        "初步核实",
        "件",
        "clues",
        q.ids(
            f"SELECT c.id FROM clues c WHERE c.disposition = '初步核实' AND {p_sql} AND {cu_sql}"
            " ORDER BY c.id",
            [*p_params, *cu_params],
        ),
    )

    # 立案 件 / 人: clues with a 立案 date in the period; persons are those marked 立案 on them.
    cases = add("cases", "立案", "件", "clues", clues_where("case_date"))
    filed = _clue_person_ids(store, cases.ids, "cp.filed = 1")
    add("case_persons", "立案", "人", "clue_persons", filed)

    # §结案: clues with a 结案 date in the period. Those opened (立案) before the period are
    # named apart ("含以前年度立案M件"); 结案率 is taken only over the cases opened in the
    # period, so it never exceeds 100%: 结案 of those / 立案 in the period (seed 001).
    closed = add("closed", "结案", "件", "clues", clues_where("closed_date"))
    in_period = set(cases.ids)
    add(
        "closed_of_cases",
        "结案（本期立案）",
        "件",
        "clues",
        [i for i in closed.ids if i in in_period],
    )
    add(
        "closed_earlier_cases",
        "结案（以前立案）",
        "件",
        "clues",
        q.ids(
            f"SELECT c.id FROM clues c WHERE c.closed_date BETWEEN ? AND ? AND {cu_sql}"
            " AND c.case_date < ? ORDER BY c.id",
            [q.start, q.end, *cu_params, q.start],
        ),
    )
    closure_rate = percent(figures["closed_of_cases"].value, cases.value)
    # §未办结 (stock): cases opened (立案) by the period's end and not 结案 as at that end
    # (today, while the period runs).
    as_of = min(q.end, today.isoformat())
    add(
        "cases_open",
        "未办结案件（期末）",
        "件",
        "clues",
        q.ids(
            f"SELECT c.id FROM clues c WHERE c.case_date <= ? AND {cu_sql}"
            " AND (c.closed_date IS NULL OR c.closed_date > ?) ORDER BY c.id",
            [as_of, *cu_params, as_of],
        ),
    )

    # 收缴违纪款: amounts recorded on clues closed in the period.
    amount = int(
        store.scalar(
            f"SELECT COALESCE(SUM(amount_recovered), 0) FROM clues"
            f" WHERE id IN ({','.join('?' * len(closed.ids)) or 'NULL'})",
            closed.ids,
        )
        or 0
    )

    # People dealt with: one count per person per clue. The heaviest outcome on the clue
    # decides the form, and that outcome's decision date decides the period.
    per_person = _heaviest_outcomes(store, q, cu_sql, cu_params)
    table = outcome_table(store)

    decided_in_period = {
        cp: rows for cp, rows in per_person.items() if any(r["in_period"] for r in rows)
    }

    def category_people(category: str, label: str | None = None) -> list[int]:
        return sorted(
            cp
            for cp, rows in decided_in_period.items()
            if any(
                r["in_period"]
                and (table[r["outcome"]].category == category if r["outcome"] in table else False)
                and (label is None or r["outcome"] == label)
                for r in rows
            )
        )

    # §党纪政务处分 人: persons (per clue) given a 党纪处分 or 政务处分 decided in the period;
    # 党纪 and 政务 are counted separately, and one person may have both: the overlap is
    # its own figure ("其中同时给予党纪政务处分N人"), so 党纪 + 政务 − 同时 = 党纪政务处分.
    party = category_people(PARTY)
    government = category_people(GOVERNMENT)
    sanctioned = sorted(set(party) | set(government))
    add("sanctioned", "党纪政务处分", "人", "clue_persons", sanctioned)
    add("party_sanctioned", "党纪处分", "人", "clue_persons", party)
    add("gov_sanctioned", "政务处分", "人", "clue_persons", government)
    add(
        "both_sanctioned",
        "同时给予党纪政务处分",
        "人",
        "clue_persons",
        sorted(set(party) & set(government)),
    )
    breakdowns["sanctioned_by_rank"] = _by_rank(store, sanctioned)
    # §影响期内 (stock): persons (per clue) with a sanction whose effect period covers the
    # period's end (decided on or before it, ending after it or never).
    add(
        "in_effect",
        "处分影响期内（期末）",
        "人",
        "clue_persons",
        _in_effect(store, as_of, cu_sql, cu_params),
    )

    # §诫勉 / 组织处理 人: persons (per clue) with such an outcome in the period; a 诫勉谈话
    # held on a clue with that clue's reported person is the outcome 诫勉 (counted once).
    add("org_handled", "组织处理", "人", "clue_persons", category_people(ORGANISATIONAL))
    add("admonished", "诫勉", "人", "clue_persons", category_people(ORGANISATIONAL, "诫勉"))

    # 主动说清问题 人: reported persons marked 主动说清 on clues received in the period.
    received = figures["clues_received"].ids
    add(
        "voluntary",
        "主动说清问题",
        "人",
        "clue_persons",
        _clue_person_ids(store, received, "cp.voluntary = 1"),
    )

    # 四种形态 人次: each person per clue once, by the heaviest outcome, in the period of that
    # outcome's decision.
    forms: dict[int, list[int]] = {1: [], 2: [], 3: [], 4: []}
    for cp, rows in per_person.items():
        top = rows[0]
        if top["in_period"] and top["form"] in forms:
            forms[int(top["form"])].append(cp)
    total_forms = sorted(cp for ids in forms.values() for cp in ids)
    add("four_forms", "运用“四种形态”处理", "人次", "clue_persons", total_forms)
    form_shares: dict[int, str | None] = {}
    for n, ids in forms.items():
        add(f"form{n}", f"第{'一二三四'[n - 1]}种形态", "人次", "clue_persons", sorted(ids))
        form_shares[n] = percent(len(ids), len(total_forms))

    _talk_figures(store, q, figures, breakdowns, add)
    rect_rate = _inspection_figures(store, q, figures, breakdowns, add, today)
    _document_figures(store, q, breakdowns)

    unit_name = None
    if unit_id is not None:
        unit_name = store.scalar("SELECT name FROM units WHERE id = ?", [unit_id])
    return Stats(
        start=start,
        end=end,
        unit_id=unit_id,
        unit_name=unit_name,
        figures=figures,
        breakdowns=breakdowns,
        amount_fen=amount,
        closure_rate=closure_rate,
        rectification_rate=rect_rate,
        form_shares=form_shares,
        as_of=min(end, today),
    )


def _group(
    store: Store, table: str, ids: list[int], column: str, unit: str, blank: str
) -> dict[str, Figure]:
    result: dict[str, Figure] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        marks = ",".join("?" * len(chunk))
        for rid, value in store.db.execute(
            f"SELECT id, {column} FROM {table} WHERE id IN ({marks})", chunk
        ):
            key = value or blank
            fig = result.setdefault(key, Figure(key, 0, unit, table, []))
            fig.value += 1
            fig.ids.append(int(rid))
    # largest first, then by name: the same data always reads the same way
    return dict(sorted(result.items(), key=lambda kv: (-kv[1].value, kv[0])))


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + 900] for i in range(0, len(ids), 900)]


def _count_persons(store: Store, clue_ids: list[int]) -> int:
    total = 0
    for chunk in _chunks(clue_ids):
        total += int(
            store.scalar(
                "SELECT COUNT(*) FROM clue_persons"
                f" WHERE clue_id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        )
    return total


def _clue_person_ids(store: Store, clue_ids: list[int], condition: str) -> list[int]:
    result: list[int] = []
    for chunk in _chunks(clue_ids):
        result.extend(
            int(r[0])
            for r in store.db.execute(
                f"SELECT cp.id FROM clue_persons cp WHERE {condition}"
                f" AND cp.clue_id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        )
    return sorted(result)


def _heaviest_outcomes(
    store: Store, q: _Query, cu_sql: str, cu_params: list[Any]
) -> dict[int, list[dict[str, Any]]]:
    """clue_person id -> its outcomes, heaviest first, each flagged in_period.

    Only outcomes on clues count (routine talks outside a clue do not); a clue_person
    with outcomes is keyed by its clue_persons id so drill-down shows person and clue.
    A 诫勉谈话 linked to a clue, with one of its reported persons as subject, is that
    person's outcome 诫勉 on the talk's date unless 诫勉 is already recorded on the clue.
    """
    rows = store.query(
        f"""
        WITH o(clue_id, person_id, outcome, decided_date) AS (
            SELECT clue_id, person_id, outcome, decided_date FROM clue_outcomes
            UNION
            SELECT t.clue_id, s.person_id, '{ADMONITION}', MIN(t.date)
            FROM talks t JOIN talk_subjects s ON s.talk_id = t.id
            JOIN clue_persons cp ON cp.clue_id = t.clue_id AND cp.person_id = s.person_id
            WHERE t.kind = '{ADMONITION_TALK}' AND NOT EXISTS (
                SELECT 1 FROM clue_outcomes x WHERE x.clue_id = t.clue_id
                AND x.person_id = s.person_id AND x.outcome = '{ADMONITION}')
            GROUP BY t.clue_id, s.person_id
        )
        SELECT cp.id AS cp_id, o.outcome, o.decided_date,
               CAST(json_extract(d.extra, '$.form') AS INTEGER) AS form,
               COALESCE(CAST(json_extract(d.extra, '$.severity') AS INTEGER), 0) AS severity,
               o.decided_date BETWEEN ? AND ? AS in_period
        FROM o
        JOIN clue_persons cp ON cp.clue_id = o.clue_id AND cp.person_id = o.person_id
        JOIN clues c ON c.id = o.clue_id
        LEFT JOIN dict_items d ON d.dict = 'outcome' AND d.label = o.outcome
        WHERE {cu_sql} AND o.clue_id IN (
            SELECT clue_id FROM o WHERE decided_date BETWEEN ? AND ?)
        ORDER BY cp.id, form DESC, severity DESC, o.decided_date DESC
        """,
        [q.start, q.end, *cu_params, q.start, q.end],
    )
    result: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        result.setdefault(int(row["cp_id"]), []).append(row)
    return result


def _in_effect(store: Store, as_of: str, cu_sql: str, cu_params: list[Any]) -> list[int]:
    """clue_persons ids with a sanction in effect at the period's end (§影响期内)."""
    end = dt.date.fromisoformat(as_of)
    wanted = {(s.clue_id, s.person_id) for s in forms_module.sanctions(store) if s.in_effect(end)}
    if not wanted:
        return []
    rows = store.db.execute(
        f"SELECT cp.id, cp.clue_id, cp.person_id FROM clue_persons cp JOIN clues c"
        f" ON c.id = cp.clue_id WHERE {cu_sql} ORDER BY cp.id",
        cu_params,
    )
    return [int(r[0]) for r in rows if (int(r[1]), int(r[2])) in wanted]


def _by_rank(store: Store, clue_person_ids: list[int]) -> dict[str, Figure]:
    result = {rank: Figure(rank, 0, "人", "clue_persons", []) for rank in RANK_GROUPS}
    for chunk in _chunks(clue_person_ids):
        for cp_id, rank in store.db.execute(
            f"SELECT id, rank FROM clue_persons WHERE id IN ({','.join('?' * len(chunk))})", chunk
        ):
            key = rank if rank in RANK_GROUPS else "其他"
            result[key].value += 1
            result[key].ids.append(int(cp_id))
    return result


def _talk_figures(
    store: Store, q: _Query, figures: dict[str, Figure], breakdowns: Any, add: Any
) -> None:
    # §谈话: talks count by talk date; with a unit chosen, talks with a subject now in that
    # unit. A 函询 entered in the talk ledger is a written inquiry, not a talk: it is left
    # out of the talks and counted apart.
    p_sql, p_params = q.period("t.date")
    u_sql, u_params = q.unit_filter("p.unit_id")
    unit_clause = (
        f"AND EXISTS (SELECT 1 FROM talk_subjects s JOIN persons p ON p.id = s.person_id"
        f" WHERE s.talk_id = t.id AND {u_sql})"
        if q.units
        else ""
    )
    every = f"SELECT t.id FROM talks t WHERE {p_sql} {unit_clause}"
    params = [*p_params, *u_params]
    base = every + f" AND t.kind != '{INQUIRY_TALK}'"
    talks = add("talks", "谈话", "次", "talks", q.ids(base + " ORDER BY t.id", params))
    breakdowns["talks_by_kind"] = _group(store, "talks", talks.ids, "kind", "次", "未分类")
    add(
        "inquiry_talks",
        "函询（谈话台账登记）",
        "次",
        "talks",
        q.ids(every + f" AND t.kind = '{INQUIRY_TALK}' ORDER BY t.id", params),
    )
    # §谈话提醒 次: talks of the kind 提醒谈话 (offices also write 谈话提醒).
    reminder = base + f" AND t.kind = '{REMINDER_TALK}'"
    add("reminder_talks", "谈话提醒", "次", "talks", q.ids(reminder, params))
    # §主要负责人作为谈话人 次: of those 谈话提醒, the ones with a talker whose role is
    # 主要负责人 (seed 003: "组织开展谈话提醒12次，主要负责人作为谈话人共8次").
    add(
        "head_talks",
        "主要负责人作为谈话人",
        "次",
        "talks",
        q.ids(
            reminder + " AND EXISTS (SELECT 1 FROM talk_talkers k WHERE k.talk_id = t.id"
            " AND k.role = '主要负责人')",
            params,
        ),
    )
    # §谈心谈话 次.
    add(
        "heart_talks",
        "谈心谈话",
        "次",
        "talks",
        q.ids(base + f" AND t.kind = '{HEART_TALK}'", params),
    )


def rectified_on(
    row: Mapping[str, Any], last_progress: str | None, recorded: str | None = None
) -> str | None:
    """The day an item counts as 已整改 from (ISO), or None while it is not (§整改).

    Only items whose status is 已整改待验收 or 已销号 are rectified; the day is the earlier
    of its last 整改进展 report (the report of completion) and its 销号 date; with neither,
    the day the audit log first shows it changed to done (`recorded`); else (entered as
    done) its found date: the record says it is done but not since when.
    """
    if row["status"] not in RECT_DONE:
        return None
    days = [d for d in (last_progress, row["closed_date"]) if d]
    return min(days) if days else (recorded or str(row["found_date"]))


def rect_states(
    store: Store, start: str, end: str, as_of: str, units: Sequence[int] = ()
) -> dict[str, list[dict[str, Any]]]:
    """Rectification items by how they stand at the period's end (§整改):

    found: found in the period; rectified / closed: of those, rectified / 销号 on or before
    the period's end; overdue: every item found by `as_of` whose deadline passed before
    `as_of` (the period's end, or today while the period runs) and that was not
    rectified by then. Each list holds the rows (id, unit_id, …).
    """
    where = "r.found_date <= ?"
    params: list[Any] = [end]
    if units:
        where += f" AND r.unit_id IN ({','.join('?' * len(units))})"
        params += list(units)
    rows = store.query(
        "SELECT r.id, r.unit_id, r.found_date, r.deadline, r.status, r.closed_date,"
        " (SELECT MAX(p.date) FROM rect_progress p WHERE p.rect_id = r.id) AS progressed,"
        " (SELECT MIN(substr(a.at, 1, 10)) FROM audit_log a"
        "  WHERE a.table_name = 'rectifications' AND a.record_id = r.id AND a.action = 'update'"
        f" AND json_extract(a.after, '$.row.status') IN ({_DONE_SQL})) AS recorded"
        f" FROM rectifications r WHERE {where} ORDER BY r.id",
        params,
    )
    result: dict[str, list[dict[str, Any]]] = {
        "found": [],
        "rectified": [],
        "closed": [],
        "overdue": [],
    }
    for row in rows:
        done = rectified_on(row, row["progressed"], row["recorded"])
        if start <= row["found_date"] <= end:
            result["found"].append(row)
            if done is not None and done <= end:
                result["rectified"].append(row)
            if row["status"] == "已销号" and row["closed_date"] and row["closed_date"] <= end:
                result["closed"].append(row)
        late = row["deadline"] is not None and row["deadline"] < as_of
        if late and row["found_date"] <= as_of and (done is None or done > as_of):
            result["overdue"].append(row)
    return result


def _inspection_figures(
    store: Store,
    q: _Query,
    figures: dict[str, Figure],
    breakdowns: Any,
    add: Any,
    today: dt.date,
) -> str | None:
    # §监督检查 次: inspections starting in the period (a unit: those covering it), by kind.
    p_sql, p_params = q.period("i.start_date")
    u_sql, u_params = q.unit_filter("iu.unit_id")
    unit_clause = (
        f"AND EXISTS (SELECT 1 FROM inspection_units iu WHERE iu.inspection_id = i.id AND {u_sql})"
        if q.units
        else ""
    )
    inspections = add(
        "inspections",
        "开展监督检查",
        "次",
        "inspections",
        q.ids(
            f"SELECT i.id FROM inspections i WHERE {p_sql} {unit_clause} ORDER BY i.id",
            [*p_params, *u_params],
        ),
    )
    breakdowns["inspections_by_kind"] = _group(
        store, "inspections", inspections.ids, "kind", "次", "未分类"
    )
    # §整改: 发现问题 (flow), 已整改 / 已销号 of them as at the period's end, 整改率 =
    # 已整改 / 发现问题; 逾期未整改 (stock) as at the period's end (today while it runs).
    states = rect_states(store, q.start, q.end, min(q.end, today.isoformat()), q.units)

    def ids(name: str) -> list[int]:
        return [int(r["id"]) for r in states[name]]

    found = add("problems_found", "发现问题", "个", "rectifications", ids("found"))
    done = add("rectified", "已整改", "个", "rectifications", ids("rectified"))
    add("closed_items", "已销号", "个", "rectifications", ids("closed"))
    add("overdue_items", "逾期未整改", "个", "rectifications", ids("overdue"))
    # §回头看 次 (实地查看 among them): follow-up checks carried out in the period.
    u_sql, u_params = q.unit_filter("r.unit_id")
    p_sql, p_params = q.period("k.date")
    base = (
        f"SELECT k.id FROM rect_checks k JOIN rectifications r ON r.id = k.rect_id"
        f" WHERE {p_sql} AND {u_sql}"
    )
    add("followups", "回头看", "次", "rect_checks", q.ids(base, [*p_params, *u_params]))
    add(
        "onsite_followups",
        "实地查看",
        "次",
        "rect_checks",
        q.ids(base + " AND k.method = '实地查看'", [*p_params, *u_params]),
    )
    return percent(done.value, found.value)


def _document_figures(store: Store, q: _Query, breakdowns: Any) -> None:
    # 制发文书 份 by kind: documents issued in the period and not voided. With a unit chosen,
    # documents addressed to it.
    p_sql, p_params = q.period("d.issued_date")
    extra, params = "", list(p_params)
    if q.units:
        names = [
            r[0]
            for r in store.db.execute(
                f"SELECT name FROM units WHERE id IN ({','.join('?' * len(q.units))})", q.units
            )
        ]
        extra = f" AND d.addressee IN ({','.join('?' * len(names))})"
        params += names
    ids = [
        int(r[0])
        for r in store.db.execute(
            f"SELECT d.id FROM documents d WHERE {p_sql} AND d.voided = 0{extra} ORDER BY d.id",
            params,
        )
    ]
    breakdowns["documents_by_kind"] = _group(store, "documents", ids, "kind", "份", "未分类")


def _joined(parts: Sequence[str], sep: str = "，") -> str:
    return sep.join(p for p in parts if p)


def summary_paragraph(stats: Stats) -> str:
    """The sentence offices paste into work reports, in the register of the seed reports.

    Each clause follows docs/statistics.md; a clause whose figures are all zero is left
    out, and a period with nothing to report says so instead of listing zeros.
    """
    f = {k: fig.value for k, fig in stats.figures.items()}
    period = period_label(stats.start, stats.end)
    who = stats.unit_name or ""
    disposed = stats.breakdowns["disposed_by_disposition"]

    cases: list[str] = []
    if f["clues_received"]:
        cases.append(f"受理问题线索{f['clues_received']}件")
    if f["clues_disposed"]:
        details = [
            f"{name}{disposed[name].value}件"
            for name in ("谈话函询", "初步核实", "暂存待查", "予以了结")
            if name in disposed and disposed[name].value
        ]
        cases.append(
            f"处置问题线索{f['clues_disposed']}件"
            + (f"（其中{'、'.join(details)}）" if details else "")
        )
    if f["cases"]:
        cases.append(f"立案{f['cases']}件{f['case_persons']}人")
    if f["closed"]:
        closing = f"结案{f['closed']}件"
        if f["closed_earlier_cases"]:
            earlier = "以前年度" if (stats.start.month, stats.start.day) == (1, 1) else "本期以前"
            closing += f"（含{earlier}立案{f['closed_earlier_cases']}件）"
        cases.append(closing)
    if stats.closure_rate and f["cases"]:
        cases.append(f"结案率{stats.closure_rate}")
    if f["sanctioned"]:
        split = [
            f"党纪处分{f['party_sanctioned']}人" if f["party_sanctioned"] else "",
            f"政务处分{f['gov_sanctioned']}人" if f["gov_sanctioned"] else "",
        ]
        both = f"，其中同时给予党纪政务处分{f['both_sanctioned']}人" if f["both_sanctioned"] else ""
        cases.append(f"党纪政务处分{f['sanctioned']}人（{_joined(split, '、')}{both}）")
    if f["org_handled"]:
        admonished = f"（其中诫勉{f['admonished']}人）" if f["admonished"] else ""
        cases.append(f"组织处理{f['org_handled']}人{admonished}")

    sentences: list[str] = []
    if cases:
        sentences.append("共" + _joined(cases) + "。")
    if f["four_forms"]:
        shares = []
        for n in (1, 2, 3, 4):
            value, share = f[f"form{n}"], stats.form_shares[n]
            if value:
                label = stats.figures[f"form{n}"].label
                shares.append(f"{label}{value}人次" + (f"，占比{share}" if share else ""))
        sentences.append(
            f"运用监督执纪“四种形态”处理{f['four_forms']}人次，其中{'；'.join(shares)}。"
        )
    extras = [
        f"开展谈话函询{f['talk_inquiry_times']}件次" if f["talk_inquiry_times"] else "",
        f"发出函询{f['inquiries']}件" if f["inquiries"] else "",
        f"{f['voluntary']}人主动说清问题" if f["voluntary"] else "",
        f"收缴违纪款{wan_yuan(stats.amount_fen)}万元" if stats.amount_fen else "",
    ]
    if any(extras):
        sentences.append(_joined(extras, "；") + "。")
    talks = [
        f"开展谈话提醒{f['reminder_talks']}次" if f["reminder_talks"] else "",
        f"主要负责人作为谈话人{f['head_talks']}次" if f["head_talks"] else "",
        f"谈心谈话{f['heart_talks']}次" if f["heart_talks"] else "",
    ]
    if any(talks):
        sentences.append(_joined(talks) + "。")
    inspection = [
        f"开展监督检查{f['inspections']}次" if f["inspections"] else "",
        f"发现问题{f['problems_found']}个" if f["problems_found"] else "",
        f"已整改{f['rectified']}个" if f["rectified"] else "",
        f"整改率{stats.rectification_rate}"
        if stats.rectification_rate and f["problems_found"]
        else "",
    ]
    tail = [
        f"截至{cn_day(stats.as_of)}逾期未整改{f['overdue_items']}个" if f["overdue_items"] else "",
        f"开展整改“回头看”{f['followups']}次，其中实地查看{f['onsite_followups']}次"
        if f["followups"]
        else "",
    ]
    if any(inspection) or any(tail):
        sentences.append(_joined([_joined(inspection), *tail], "；") + "。")
    docs = [(k, v.value) for k, v in stats.breakdowns.get("documents_by_kind", {}).items()]
    listed = "、".join(f"{k}{v}份" for k, v in docs if v)
    if listed:
        sentences.append(f"制发{listed}。")
    if not sentences:
        return f"{period}，{who}无可统计的工作记录。"
    return f"{period}，{who}" + "".join(sentences)


def cn_day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def period_label(start: dt.date, end: dt.date) -> str:
    """'2023年1-4月', '2026年', '2026年3月', or '2025年12月1日至2026年1月31日'."""
    import calendar

    whole_months = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    if start.year == end.year and whole_months:
        if start.month == 1 and end.month == 12:
            return f"{start.year}年"
        if start.month == end.month:
            return f"{start.year}年{start.month}月"
        return f"{start.year}年{start.month}-{end.month}月"
    return f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日"
