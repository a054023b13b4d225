"""A campaign's page (专项工作): everything tied to it, section by section, its figures and
its paragraph.

Which records belong is `queries/campaigns.in_campaign_sql` (the one rule: own links, and
the record each comes from); the figures are those of 统计汇总 restricted to the campaign
(`figures.Scope` with `campaign_id`) over the campaign's period, and the paragraph is the
campaign's sentence as the work report's paragraph gives it. Sections reuse the archive's
Column/Row/Section, so the dialog draws them the way it draws an archive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.domain import stats, work_sentences
from desktop.queries import figures
from desktop.queries.archive import Column, Row, Section
from desktop.queries.campaigns import attendance_sql, in_campaign_sql, sessions_sql
from desktop.store.errors import NotFoundError
from desktop.store.kinds import kind

if TYPE_CHECKING:
    from desktop.store.db import Store


@dataclass(frozen=True, slots=True)
class CampaignView:
    campaign_id: int
    name: str
    identity: tuple[tuple[str, Any], ...]  # (label, value) as the page's top box shows them
    start: dt.date
    end: dt.date  # the figures' period: the campaign's, to today while it runs
    sections: tuple[Section, ...]
    figures: tuple[figures.Figure, ...]  # the non-zero figures of the campaign
    paragraph: str

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def _col(table: str, field: str, width: int, key: str | None = None) -> Column:
    return Column(key or field, kind(table).field(field).label, width, (table, field))


# key, title, table, alias, columns, the query's columns and joins, order
_SECTIONS: tuple[tuple[str, str, str, str, tuple[Column, ...], str, str], ...] = (
    (
        "inspections",
        "监督检查",
        "inspections",
        "i",
        (
            _col("inspections", "start_date", 100),
            _col("inspections", "kind", 110),
            _col("inspections", "theme", 260),
            Column("units", "检查单位", 260),
        ),
        "i.start_date, i.kind, i.theme, (SELECT group_concat(u.name, '、') FROM"
        " inspection_units iu JOIN units u ON u.id = iu.unit_id WHERE iu.inspection_id = i.id)"
        " AS units FROM inspections i",
        "i.start_date, i.id",
    ),
    (
        "rectifications",
        "整改事项",
        "rectifications",
        "r",
        (
            _col("rectifications", "found_date", 100),
            _col("rectifications", "finding", 300),
            _col("rectifications", "unit_id", 140, "unit"),
            _col("rectifications", "status", 110),
            _col("rectifications", "deadline", 100),
        ),
        "r.found_date, r.finding, u.name AS unit, r.status, r.deadline FROM rectifications r"
        " LEFT JOIN units u ON u.id = r.unit_id",
        "r.found_date, r.id",
    ),
    (
        "clues",
        "问题线索",
        "clues",
        "c",
        (
            _col("clues", "received_date", 100),
            _col("clues", "ledger_no", 110),
            _col("clues", "summary", 300),
            Column("persons", "被反映人", 140),
            _col("clues", "disposition", 100),
        ),
        "c.received_date, c.ledger_no, c.summary, (SELECT group_concat(p.name, '、') FROM"
        " clue_persons cp JOIN persons p ON p.id = cp.person_id WHERE cp.clue_id = c.id)"
        " AS persons, c.disposition FROM clues c",
        "c.received_date, c.id",
    ),
    (
        "activities",
        "工作活动",
        "activities",
        "a",
        (
            _col("activities", "date", 100),
            _col("activities", "kind", 110),
            _col("activities", "title", 300),
            _col("activities", "sessions", 70),
            _col("activities", "attendance", 80),
        ),
        f"a.date, a.kind, a.title, {sessions_sql('a')} AS sessions,"
        f" {attendance_sql('a')} AS attendance FROM activities a",
        "a.date, a.id",
    ),
    (
        "bulletins",
        "通报",
        "bulletins",
        "b",
        (
            _col("bulletins", "date", 100),
            _col("bulletins", "kind", 120),
            _col("bulletins", "title", 320),
            Column("items", "起数", 70),
        ),
        "b.date, b.kind, b.title, (SELECT COUNT(*) FROM bulletin_items bi"
        " WHERE bi.bulletin_id = b.id) AS items FROM bulletins b",
        "b.date, b.id",
    ),
    (
        "documents",
        "制发文书",
        "documents",
        "d",
        (
            _col("documents", "issued_date", 100),
            _col("documents", "kind", 120),
            _col("documents", "number", 150),
            _col("documents", "title", 260),
            _col("documents", "addressee", 160),
        ),
        "d.issued_date, d.kind || CASE WHEN d.voided THEN '（已作废）' ELSE '' END AS kind,"
        " d.number, d.title, d.addressee FROM documents d",
        "d.issued_date, d.id",
    ),
    (
        "accountabilities",
        "问责",
        "accountabilities",
        "ac",
        (
            _col("accountabilities", "date", 100),
            _col("accountabilities", "method", 110),
            Column("target", "问责对象", 160),
            _col("accountabilities", "reason", 300),
        ),
        "ac.date, ac.method, COALESCE(p.name, u.name) AS target, ac.reason"
        " FROM accountabilities ac LEFT JOIN persons p ON p.id = ac.person_id"
        " LEFT JOIN units u ON u.id = ac.unit_id",
        "ac.date, ac.id",
    ),
    (
        "talks",
        "谈话",
        "talks",
        "t",
        (
            _col("talks", "date", 100),
            _col("talks", "kind", 110),
            Column("subjects", "谈话对象", 160),
            _col("talks", "reason", 300),
        ),
        "t.date, t.kind, (SELECT group_concat(p.name, '、') FROM talk_subjects s JOIN"
        " persons p ON p.id = s.person_id WHERE s.talk_id = t.id) AS subjects, t.reason"
        " FROM talks t",
        "t.date, t.id",
    ),
)


def _section(
    store: Store,
    spec: tuple[str, str, str, str, tuple[Column, ...], str, str],
    campaign_id: int,
) -> Section:
    key, title, table, alias, columns, select, order = spec
    sql = (
        f"SELECT {alias}.id AS id, {select} WHERE {in_campaign_sql(table, alias)} ORDER BY {order}"
    )
    rows = [Row(table, int(r["id"]), r) for r in store.query(sql, {"campaign_id": campaign_id})]
    return Section(key, title, columns, tuple(rows))


def _reported(counted: dict[str, figures.Figure], keys: Sequence[str]) -> list[figures.Figure]:
    return [counted[k] for k in keys if k in counted and counted[k].value]


def campaign_view(store: Store, campaign_id: int, today: dt.date) -> CampaignView:
    """The campaign's page as of `today`."""
    rows = store.query("SELECT * FROM campaigns WHERE id = ?", [campaign_id])
    if not rows:
        raise NotFoundError("该专项工作不存在或已被删除")
    row = dict(rows[0])
    units = [
        str(r["name"])
        for r in store.query(
            "SELECT u.name FROM campaign_units cu JOIN units u ON u.id = cu.unit_id"
            " WHERE cu.campaign_id = ? ORDER BY u.name_pinyin, u.name",
            [campaign_id],
        )
    ]
    label = kind("campaigns").field
    identity = (
        *((label(f).label, row.get(f)) for f in ("theme", "start_date", "end_date", "lead_office")),
        ("覆盖单位", "、".join(units)),
        (label("notes").label, row.get("notes")),
    )
    start = dt.date.fromisoformat(str(row["start_date"]))
    end = dt.date.fromisoformat(str(row["end_date"])) if row.get("end_date") else today
    end = max(end, today, start)  # what followed (整改, 问责) counts as long as it goes on
    as_of = min(end, today)
    scope = figures.Scope.of(store, start, end, as_of, None, campaign_id=campaign_id)
    counted, found = figures.count_and_work(store, scope)
    work = next((w for w in found if w.campaign_id == campaign_id), None)
    sentence = work_sentences.campaign_sentence(work) if work is not None else ""
    period = stats.period_label(start, end)
    paragraph = f"{period}，{sentence}" if sentence else f"{period}，该专项工作无可统计的工作记录。"
    return CampaignView(
        campaign_id=campaign_id,
        name=str(row["name"]),
        identity=identity,
        start=start,
        end=end,
        sections=tuple(_section(store, spec, campaign_id) for spec in _SECTIONS),
        figures=tuple(_reported(counted, figures.REPORTED)),
        paragraph=paragraph,
    )
