"""Rules that span fields or rows, checked on the written state before commit.

Each rule raises ValidationError naming the field the clerk must fix; the
surrounding transaction then rolls back, so nothing is half-written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from desktop.store import document_kinds
from desktop.store.errors import ValidationError
from desktop.store.kinds import CAMPAIGN_LINKS, kind

if TYPE_CHECKING:
    from desktop.store.db import Store

Rule = Callable[["Store", Mapping[str, Any]], None]
# A rule over many rows of its table at once: raises what the rule raises for the first
# of them (in the order given) that breaks it, else nothing (see `check_many`).
ManyRule = Callable[["Store", Sequence[Mapping[str, Any]]], None]


def _invalid(table: str, name: str, problem: str) -> ValidationError:
    """The field named with its label from kinds.py, the one the form and ledgers show."""
    return ValidationError(name, kind(table).field(name).label, problem)


def talk_has_subject(store: Store, row: Mapping[str, Any]) -> None:
    if not store.scalar("SELECT COUNT(*) FROM talk_subjects WHERE talk_id = ?", [row["id"]]):
        raise ValidationError("subjects", kind("talk_subjects").label, "至少需要一名谈话对象")
    if not store.scalar("SELECT COUNT(*) FROM talk_talkers WHERE talk_id = ?", [row["id"]]):
        raise ValidationError("talkers", kind("talk_talkers").label, "至少需要一名谈话人")


def _ids_with(store: Store, table: str, fk: str, ids: Sequence[int]) -> set[int]:
    """Those of `ids` that some row of `table` names in `fk`: one statement for them all."""
    return {
        int(r[0])
        for r in store.db.execute(
            f"SELECT DISTINCT {fk} FROM {table} WHERE {fk} IN (SELECT value FROM json_each(?))",
            [_json_ids(ids)],
        )
    }


def _json_ids(ids: Sequence[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"


def talks_have_subjects(store: Store, rows: Sequence[Mapping[str, Any]]) -> None:
    """talk_has_subject for many talks: two statements, not two per talk."""
    ids = [int(row["id"]) for row in rows]
    subjects = _ids_with(store, "talk_subjects", "talk_id", ids)
    talkers = _ids_with(store, "talk_talkers", "talk_id", ids)
    for row, talk_id in zip(rows, ids, strict=True):
        if talk_id not in subjects or talk_id not in talkers:
            talk_has_subject(store, row)  # raises, with the field it names


def clue_lifecycle(store: Store, row: Mapping[str, Any]) -> None:
    """Receipt → disposition → 初核 → 立案 → 审理 → 结案, each step needing the one before."""
    if row.get("disposition_date") and not row.get("disposition"):
        raise _invalid("clues", "disposition", "已填写处置日期，请选择处置方式")
    if row.get("disposition") and not row.get("disposition_date"):
        raise _invalid("clues", "disposition_date", "已选择处置方式，请填写处置日期")
    for name in ("prelim_start", "case_date"):
        if row.get(name) and row.get("disposition") != "初步核实":
            raise _invalid("clues", name, "处置方式为“初步核实”的线索才能填写")
    if row.get("prelim_end") and not row.get("prelim_start"):
        raise _invalid("clues", "prelim_start", "已填写初核结束日期，请先填写开始日期")
    if row.get("hearing_date") and not row.get("case_date"):
        raise _invalid("clues", "hearing_date", "尚未立案，不能填写审理日期")
    if row.get("closed_date") and not row.get("case_date"):
        raise _invalid("clues", "closed_date", "尚未立案，不能填写结案日期")
    if row.get("duplicate_of") == row.get("id"):
        raise _invalid("clues", "duplicate_of", "不能与自身重复")
    if row.get("case_date"):
        filed = store.scalar(
            "SELECT COUNT(*) FROM clue_persons WHERE clue_id = ? AND filed = 1", [row["id"]]
        )
        if not filed:
            raise _invalid("clue_persons", "filed", "已填写立案日期，请在被反映人中标明立案对象")


def clue_reporter_and_forwarding(store: Store, row: Mapping[str, Any]) -> None:
    """告知举报人 belongs to a named report and goes with its date; 转交 needs both the
    date and the body it went to."""
    if row.get("reporter_informed_how") and not row.get("reporter_informed_date"):
        raise _invalid("clues", "reporter_informed_date", "已选择告知方式，请填写告知举报人日期")
    if row.get("reporter_informed_date") and row.get("signed") != "实名":
        raise _invalid("clues", "reporter_informed_date", "署名情况为“实名”的线索才能填写")
    if row.get("forwarded_date") and not str(row.get("forwarded_to") or "").strip():
        raise _invalid("clues", "forwarded_to", "已填写转交日期，请填写转交单位")
    if str(row.get("forwarded_to") or "").strip() and not row.get("forwarded_date"):
        raise _invalid("clues", "forwarded_date", "已填写转交单位，请填写转交日期")


def clue_delegated_talk(store: Store, row: Mapping[str, Any]) -> None:
    """委托谈话 needs both the day it was delegated and who was asked to talk."""
    to = str(row.get("talk_delegated_to") or "").strip()
    if row.get("talk_delegated_date") and not to:
        raise _invalid("clues", "talk_delegated_to", "已填写委托谈话日期，请填写受托谈话人/单位")
    if to and not row.get("talk_delegated_date"):
        raise _invalid("clues", "talk_delegated_date", "已填写受托谈话人/单位，请填写委托谈话日期")


def clue_person_unique(store: Store, row: Mapping[str, Any]) -> None:
    count = store.scalar(
        "SELECT COUNT(*) FROM clue_persons WHERE clue_id = ? AND person_id = ?",
        [row["clue_id"], row["person_id"]],
    )
    if count > 1:
        raise _invalid("clue_persons", "person_id", "该人员已在本线索的被反映人中")


def person_on_clue(store: Store, row: Mapping[str, Any]) -> None:
    on_clue = store.scalar(
        "SELECT 1 FROM clue_persons WHERE clue_id = ? AND person_id = ?",
        [row["clue_id"], row["person_id"]],
    )
    if not on_clue:
        name = store.scalar("SELECT name FROM persons WHERE id = ?", [row["person_id"]]) or "该人员"
        # one rule for 处理结果 and 函询 (their own labels differ): the person, as such
        raise ValidationError(
            "person_id", kind("persons").label, f"{name}不是该线索的被反映人，请先添加为被反映人"
        )


def outcome_after_receipt(store: Store, row: Mapping[str, Any]) -> None:
    received = store.scalar("SELECT received_date FROM clues WHERE id = ?", [row["clue_id"]])
    if received and row["decided_date"] < received:
        raise _invalid("clue_outcomes", "decided_date", f"不能早于线索收件日期（{received}）")


# The rule first, then the fields it opens: without a passed check the 销号 fields are
# not even open in the form, so naming one of them would send the clerk to a dead end.
CLOSURE_NEEDS_CHECK = "销号前须有一次通过的回头看（检查结果为通过，并附佐证材料）"


def rect_closure(store: Store, row: Mapping[str, Any]) -> None:
    """销号 needs a passed follow-up check with its evidence, an approver and a date."""
    closed = row.get("status") == "已销号"
    if row.get("closed_date") and not closed:
        raise _invalid("rectifications", "closed_date", "状态不是“已销号”时不应填写销号日期")
    if not closed:
        return
    check = store.scalar(
        "SELECT MAX(date) FROM rect_checks WHERE rect_id = ? AND passed = 1"
        " AND COALESCE(evidence, '') != ''",
        [row["id"]],
    )
    if not check:
        raise _invalid("rectifications", "status", CLOSURE_NEEDS_CHECK)
    for name in ("closed_date", "closed_by", "closure_evidence"):
        if not row.get(name):
            raise _invalid("rectifications", name, "销号时必须填写")
    if row["closed_date"] < check:
        raise _invalid("rectifications", "closed_date", f"不能早于回头看日期（{check}）")


def proposal_workflow(store: Store, row: Mapping[str, Any]) -> None:
    """待回复 → 已回复 (with the reply's date) → 已办结 (with its date), never out of order."""
    status = row.get("status")
    if row.get("reply_date") and status == "待回复":
        raise _invalid("proposals", "status", "已填写回复日期，办理状态应为“已回复”或“已办结”")
    if status in ("已回复", "已办结") and not row.get("reply_date"):
        raise _invalid("proposals", "reply_date", f"办理状态为“{status}”时必须填写")
    if status == "已办结" and not row.get("closed_date"):
        raise _invalid("proposals", "closed_date", "办理状态为“已办结”时必须填写")
    if row.get("closed_date") and status != "已办结":
        raise _invalid("proposals", "closed_date", "办理状态不是“已办结”时不应填写办结日期")
    if row.get("document_id") and row.get("reply_date"):
        issued = store.scalar(
            "SELECT issued_date FROM documents WHERE id = ?", [row["document_id"]]
        )
        if issued and row["reply_date"] < issued:
            raise _invalid("proposals", "reply_date", f"不能早于建议书的印发日期（{issued}）")


def _once(store: Store, table: str, parent_fk: str, name: str, row: Mapping[str, Any]) -> bool:
    """Whether (parent, name) appears only once in `table` (rules run after the write)."""
    count = store.scalar(
        f"SELECT COUNT(*) FROM {table} WHERE {parent_fk} = ? AND {name} = ?",
        [row[parent_fk], row[name]],
    )
    return int(count or 0) <= 1


def campaign_unit_unique(store: Store, row: Mapping[str, Any]) -> None:
    if not _once(store, "campaign_units", "campaign_id", "unit_id", row):
        raise _invalid("campaign_units", "unit_id", "该单位已在本专项工作的覆盖单位中")


def activity_unit_unique(store: Store, row: Mapping[str, Any]) -> None:
    if not _once(store, "activity_units", "activity_id", "unit_id", row):
        raise _invalid("activity_units", "unit_id", "该单位已在本活动的参加单位中")


def activity_person_unique(store: Store, row: Mapping[str, Any]) -> None:
    if not _once(store, "activity_persons", "activity_id", "person_id", row):
        raise _invalid("activity_persons", "person_id", "该人员已在本活动的参加人员中")


def campaign_link_unique(store: Store, row: Mapping[str, Any]) -> None:
    """One rule for every link table: the row names its parent by the link's key."""
    table, fk = next((t, fk) for _p, t, fk in CAMPAIGN_LINKS if fk in row)
    if not _once(store, table, fk, "campaign_id", row):
        raise _invalid(table, "campaign_id", "已关联该专项工作")


def activity_counts(store: Store, row: Mapping[str, Any]) -> None:
    if row.get("sessions") is not None and int(row["sessions"]) < 1:
        raise _invalid("activities", "sessions", "至少为 1")
    if row.get("attendance") is not None and int(row["attendance"]) < 0:
        raise _invalid("activities", "attendance", "不能为负数")


def bulletin_kind(store: Store, row: Mapping[str, Any]) -> None:
    if row.get("kind") not in document_kinds.BULLETINS:
        allowed = "、".join(document_kinds.BULLETINS)
        raise _invalid("bulletins", "kind", f"应为{allowed}之一")


def accountability_target(store: Store, row: Mapping[str, Any]) -> None:
    if not row.get("person_id") and not row.get("unit_id"):
        k = kind("accountabilities")
        raise _invalid(
            "accountabilities",
            "person_id",
            f"请选择{k.field('person_id').label}或{k.field('unit_id').label}",
        )


RULES: dict[str, Rule] = {
    "talk_has_subject": talk_has_subject,
    "clue_lifecycle": clue_lifecycle,
    "clue_reporter_and_forwarding": clue_reporter_and_forwarding,
    "clue_delegated_talk": clue_delegated_talk,
    "clue_person_unique": clue_person_unique,
    "person_on_clue": person_on_clue,
    "outcome_after_receipt": outcome_after_receipt,
    "rect_closure": rect_closure,
    "proposal_workflow": proposal_workflow,
    "campaign_unit_unique": campaign_unit_unique,
    "activity_unit_unique": activity_unit_unique,
    "activity_person_unique": activity_person_unique,
    "campaign_link_unique": campaign_link_unique,
    "activity_counts": activity_counts,
    "bulletin_kind": bulletin_kind,
    "accountability_target": accountability_target,
}

# The rules that have a form for many rows at once; any other is run row by row.
MANY: dict[str, ManyRule] = {
    "talk_has_subject": talks_have_subjects,
}


# Rules that read nothing but the row they are given: they decide a row not yet written
# as they would once it is (tests/test_rules_unwritten.py runs them with every read of
# the store refused).
ALONE = frozenset(
    {
        "clue_reporter_and_forwarding",
        "clue_delegated_talk",
        "activity_counts",
        "bulletin_kind",
        "accountability_target",
    }
)

# Own rows: the rows a record holds, by table (a talk's talk_subjects and talk_talkers).
OwnRows = Mapping[str, Sequence[Mapping[str, Any]]]
# Rules whose only reading of the store is the record's own rows: a form over those rows
# that is True only when the rule holds once they are written (False: it may not, and
# the written state decides with the rule itself).
OWN: dict[str, Callable[[Mapping[str, Any], OwnRows], bool]] = {
    "talk_has_subject": lambda _row, own: (
        bool(own.get("talk_subjects")) and bool(own.get("talk_talkers"))
    ),
}


def holds_unwritten(store: Store, name: str, row: Mapping[str, Any], own: OwnRows) -> bool:
    """Whether the rule `name` certainly holds for `row` of a record not yet written, whose
    own rows are `own`: an import's check then need not insert the record to know it
    (records.Buffer). False when only the written state can tell."""
    if name in ALONE:
        try:
            RULES[name](store, row)
        except ValidationError:
            return False
        return True
    form = OWN.get(name)
    return form is not None and form(row, own)


def check_many(store: Store, name: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Run the rule `name` on every one of `rows` (of one table, already written): the
    same verdict as RULES[name] row by row in that order, the first row that breaks it
    named with the same ValidationError, in fewer statements where MANY has the rule."""
    many = MANY.get(name)
    if many is not None:
        many(store, rows)
        return
    rule = RULES[name]
    for row in rows:
        rule(store, row)
