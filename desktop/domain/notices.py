"""Printed notices from records: preview, issue (numbered and registered) and reprint.

Each kind of document is built from one record (the KIND's source table below) and the
office settings (office_name → issuer, contact_person, contact_phone, doc_code.<kind>).
Deadlines come from the working-day rules (settings ``limit.*``), written out with
``format_cn_date``.

- ``preview(store, kind, record_id, today)``: the PDF with a blank serial and the grey
  预览稿 mark; allocates nothing and works for any record, issued or not. Where the record
  lacks what the document must say (a 整改要求, a place, a reply date …) the preview prints
  "〔整改要求未填写〕" in its place and ``preview_notes`` lists it; ``issue`` refuses
  until it is filled in. Nothing is made up in its stead.
- ``issue(store, kind, record_id, today)``: allocates the number from the register
  (numbering.issue), stores the PDF with its SHA-256 and updates the record in the same
  transaction; returns the register row.
- ``reprint(store, document_id)``: the issued PDF, byte for byte as stored.

A correction is never an edit: ``issue(..., correction=True)`` issues a new document with a
new number for the same record(s) and leaves the old register entry as it was.

Sources:
- 整改通知书 ← rectifications: the given item and every other item of the same unit and the
  same inspection that has no notice yet (one notice, several findings).
- 整改函 ← rectifications, grouped the same way: the same findings and requirements in the
  信函 format, as offices send it ("下发整改函"); the items record it as their notice.
- 提醒函 ← rectifications, grouped the same way: the lighter letter for problems noticed in
  daily supervision; the items record it as their notice (notice_kind 提醒函).
- 提醒函（通用） ← no record: addressee, 事由 and text written by the clerk when it is
  issued (the reminder before a festival to every unit); ``preview_letter``/``issue_letter``.
- 提醒函 to a person ← a clue and one of its reported persons (``person=``): what was
  reported, the reminder, a written account within limit.reminder_reply. It is registered
  against the clue; the addressee tells the persons of one clue apart.
- 督办函 ← an overdue rectification that has a notice: it and every other overdue item of
  the same notice not yet escalated.
- 函询通知书 ← inquiries; 谈话通知书 and 谈话记录 ← talks; 廉政档案 ← persons;
  纪律检查建议书 / 监察建议书 ← proposals (of that kind).
- 督查通报 / 典型案例通报 ← bulletins (of that kind): 通报情况, its items (bulletin_items)
  numbered 一、二、… each with its 处理情况, 工作要求; numbered by 期 ("2026年第3期") and
  dated with the record's 通报日期; issuing sets the bulletin's document_id.
谈话记录 and 廉政档案 are printouts, not registered documents: they cannot be issued.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.documents import (
    ClueEntry,
    Exchange,
    IntegrityArchive,
    Notice,
    PostEntry,
    RectificationEntry,
    SanctionEntry,
    TalkEntry,
    TalkRecord,
    fill,
    render,
    render_archive,
    render_talk_record,
    templates,
)
from desktop.documents.archive import (
    AccountabilityEntry,
    ActivityEntry,
    AssessmentEntry,
    ExposureEntry,
)
from desktop.documents.templates import cn_numeral
from desktop.domain import deadlines, stats
from desktop.domain.notice_kinds import (  # noqa: F401 (re-exported: notices.X)
    ALL_KINDS,
    ARCHIVE,
    BULLETIN_KINDS,
    CASE_BULLETIN,
    DISCIPLINE_PROPOSAL,
    INQUIRY_LETTER,
    PRINTOUTS,
    PROPOSAL_KINDS,
    RECT_NOTICE_KINDS,
    RECTIFICATION_LETTER,
    RECTIFICATION_NOTICE,
    REGISTERED,
    REMINDER_GENERAL_TEMPLATE,
    REMINDER_LETTER,
    REMINDER_PERSON_TEMPLATE,
    SOURCE_TABLE,
    SUPERVISION_BULLETIN,
    SUPERVISION_LETTER,
    SUPERVISION_PROPOSAL,
    TALK_NOTICE,
    TALK_RECORD,
    Letter,
    dated,
    existing_reminder,
    office_wordings,
    person_addressee,
)
from desktop.domain.workdays import format_cn_date
from desktop.queries.archive import person_archive
from desktop.store import numbering, records
from desktop.store.errors import UserError
from desktop.store.kinds import KINDS

if TYPE_CHECKING:
    from desktop.store.db import Store

OPEN_STATUSES = stats.RECT_OPEN  # what can be overdue (as the statistics count it)
CLOSED_STATUS = "已销号"


@dataclass
class Draft:
    """What one document will say, and which records it belongs to."""

    kind: str
    values: dict[str, Any]
    linked_table: str | None  # None: a letter about no record (提醒函（通用）)
    linked_id: int | None
    items: tuple[int, ...] = ()  # rectification ids the document covers
    deadline: dt.date | None = None
    replaces: dict[str, Any] | None = None  # the register row a correction replaces
    notes: str | None = field(default=None)
    template: str | None = None  # the wording to fill, when not the kind's own
    wordings: dict[str, str] = field(default_factory=dict)  # the office's own templates
    # What stops it being issued: fields the record lacks (printed as 〔…未填写〕 in the
    # preview), a deadline in a year without a holiday schedule, a state that forbids it.
    blockers: list[str] = field(default_factory=list)


class _Gaps:
    """Collects what a record lacks; the preview prints a marker where it would go."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def need(self, label: str, value: Any) -> Any:
        """`value`, or the marker 〔label未填写〕 (noted) when it is empty."""
        if value is None or (isinstance(value, str) and not value.strip()):
            self.items.append(f"{label}未填写")
            return f"〔{label}未填写〕"
        return value

    def note(self, text: str) -> None:
        self.items.append(text)


# -- helpers -----------------------------------------------------------------------------


def _check_kind(kind: str) -> None:
    if kind not in ALL_KINDS:
        raise UserError(f"不支持的文书种类“{kind}”，可选：{'、'.join(ALL_KINDS)}")


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _setting(store: Store, key: str) -> str:
    return (store.setting(key) or "").strip()


def office_values(store: Store, kind: str) -> dict[str, Any]:
    """Issuer, contact and 代字 from the settings; the 代字 overrides the template's own."""
    issuer = _setting(store, "office_name")
    if not issuer:
        raise UserError("尚未设置单位名称（发文机关），请在设置中填写")
    values: dict[str, Any] = {
        "issuer": issuer,
        "abbr": _setting(store, "office_short"),
        "office": _setting(store, "contact_department") or issuer,
        "contact": _setting(store, "contact_person"),
        "phone": _setting(store, "contact_phone"),
        "address": _setting(store, "office_address") or "（尚未设置通讯地址）",
        "number_prefix": numbering.code_for(store, kind),
    }
    # 版记 (GB/T 9704 §7.4): 抄送 from the kind's setting; the 印发 line (文件格式 only) names
    # the printing office, by default the issuer's 办公室.
    values["printed_by"] = _setting(store, "printed_by") or f"{issuer}办公室"
    values["cc"] = [
        c for c in re.split(r"[、，,；;\n]+", _setting(store, f"cc.{kind}")) if c.strip()
    ]
    return values


def _deadline(
    store: Store, key: str, start: dt.date, gaps: _Gaps | None = None
) -> tuple[dt.date, int]:
    """The deadline of limit `key` from `start`, and the working days up to it.

    A deadline counted through a year whose holiday schedule has not been entered is
    unverified: with `gaps` it is noted there, so that it is previewed but not issued.
    """
    try:
        found = deadlines.deadline(store, key, start)
    except KeyError:
        raise UserError(f"尚未设置时限“limit.{key}”，请在设置中填写") from None
    except ValueError as exc:
        raise UserError(f"时限设置“limit.{key}”有误：{exc}") from exc
    if gaps is not None and not found.verified:
        gaps.note(unverified(found.day))
    return found.day, deadlines.calendar_for(store).workdays_between(start, found.day)


def unverified(day: dt.date) -> str:
    """Why a computed deadline cannot be printed yet."""
    return (
        f"期限{format_cn_date(day)}按周末推算，{day.year}年节假日安排尚未录入"
        "（设置 → 节假日），录入后方可制发"
    )


def _deadline_values(day: dt.date, workdays: int) -> dict[str, Any]:
    return {"deadline": day, "deadline_cn": format_cn_date(day), "days": workdays}


def _unit_name(store: Store, unit_id: int | None) -> str:
    if unit_id is None:
        return ""
    return str(records.get(store, "units", unit_id)["name"])


def _lines(text: str | None) -> list[str]:
    """Multi-line text as items; leading "1." / "（1）" numbers are dropped by the template."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _existing(store: Store, kind: str, table: str, record_id: int) -> dict[str, Any] | None:
    rows = store.query(
        "SELECT * FROM documents WHERE kind = ? AND linked_table = ? AND linked_id = ?"
        " ORDER BY id DESC LIMIT 1",
        [kind, table, record_id],
    )
    return rows[0] if rows else None


def _already_issued(doc: Mapping[str, Any]) -> UserError:
    return UserError(
        f"已制发{doc['kind']}（{doc['number']}，{doc['issued_date']}），不能重复制发；"
        "如需更正，请以“更正”方式重新制发（将分配新文号，原文书登记不变）"
    )


def _no_previous(kind: str) -> UserError:
    return UserError(f"该记录尚未制发{kind}，无需更正")


def _check_reissue(
    kind: str, old: dict[str, Any] | None, correction: bool, preview: bool = False
) -> dict[str, Any] | None:
    """An issued document is never issued again, only corrected; a correction needs one.

    A preview is always allowed: it shows the document as it would read today."""
    if preview and not correction:
        return None
    if old and not correction:
        raise _already_issued(old)
    if correction and not old:
        raise _no_previous(kind)
    return old


# -- per kind: template values from a record and the settings ----------------------------


def _rect_group(
    store: Store,
    kind: str,
    rect_id: int,
    correction: bool,
    preview: bool = False,
    items: Sequence[int] | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any] | None]:
    """The item, the items one notice covers, and the document a correction replaces.

    One notice has one deadline: it covers the item and every other item of the same unit
    and inspection with no notice yet and the same 整改时限 (or none, like the item). The
    preview of an item already given a notice shows that notice's items.
    """
    item = records.get(store, "rectifications", rect_id)
    if items is not None:  # a document registered for these items (render_registered)
        return item, [records.get(store, "rectifications", i) for i in items], None
    issued = item["notice_document_id"]
    if correction or (preview and issued):
        if not issued:
            raise _no_previous(kind)
        old = records.get(store, "documents", issued)
        if correction and old["kind"] != kind:
            raise UserError(f"该整改事项的通知文书是{old['kind']}（{old['number']}），不是{kind}")
        group = store.query(
            "SELECT * FROM rectifications WHERE notice_document_id = ? ORDER BY found_date, id",
            [old["id"]],
        )
        return item, group, old if correction else None
    if issued:
        raise _already_issued(records.get(store, "documents", issued))
    if item["status"] == CLOSED_STATUS and not preview:
        raise UserError("该整改事项已销号，不能再下发通知")
    group = store.query(
        "SELECT * FROM rectifications WHERE unit_id = ? AND inspection_id IS ?"
        " AND notice_document_id IS NULL AND status != ? AND deadline IS ?"
        " ORDER BY found_date, id",
        [item["unit_id"], item["inspection_id"], CLOSED_STATUS, item["deadline"]],
    )
    return item, group or [item], None


def _prints(store: Store, template: str, placeholder: str) -> bool:
    """Whether the wording in use (the office's own, else the shipped one) prints it."""
    wording = templates.load(template, overrides=office_wordings(store))
    return f"{{{placeholder}}}" in "\n".join((wording.title, wording.addressee, *wording.body))


def _rect_deadline(
    store: Store, item: Mapping[str, Any], today: dt.date, gaps: _Gaps, issued: bool
) -> tuple[dt.date, int]:
    """The item's own 整改时限; without one, the office's limit from today (written onto
    the items when the notice is issued, so that notice and record agree)."""
    own = _date(item["deadline"])
    if own is None:
        return _deadline(store, "rectification", today, gaps)
    if own <= today and not issued:
        gaps.note(f"整改时限{format_cn_date(own)}不晚于成文日期，请先修改整改时限")
    return own, deadlines.calendar_for(store).workdays_between(today, own)


def rectification_notice_values(
    store: Store,
    rect_id: int,
    today: dt.date,
    *,
    kind: str = RECTIFICATION_NOTICE,
    correction: bool = False,
    preview: bool = False,
    items: Sequence[int] | None = None,
) -> Draft:
    """整改通知书 (or 整改函 / 提醒函 by `kind`) for a unit: its findings, each item's own
    整改要求, and the deadline the items hold."""
    item, group, old = _rect_group(store, kind, rect_id, correction, preview, items)
    gaps = _Gaps()
    if item["status"] == CLOSED_STATUS and not item["notice_document_id"]:
        gaps.note("该整改事项已销号，不能再下发通知")
    unit = _unit_name(store, item["unit_id"])
    inspection = (
        records.get(store, "inspections", item["inspection_id"]) if item["inspection_id"] else None
    )
    day, workdays = _rect_deadline(
        store, item, today, gaps, issued=bool(item["notice_document_id"]) or items is not None
    )
    values = office_values(store, kind)
    values.update(_deadline_values(day, workdays))
    values.update(
        {
            "date": today,
            "unit": unit,
            "addressee": unit,
            "problems": [g["finding"] for g in group],
            "requirements": [g["requirement"] or "〔整改要求未填写〕" for g in group],
        }
    )
    if _prints(store, kind, "requirements"):  # only what the wording prints can be missing
        for g in group:
            gaps.need("整改要求", g["requirement"])
    if kind in (RECTIFICATION_NOTICE, RECTIFICATION_LETTER):
        values["matter"] = inspection["theme"] if inspection else "日常监督"
        start = _date(inspection["start_date"]) if inspection else _date(item["found_date"])
        values["inspection_date"] = start
        values["inspection_date_cn"] = format_cn_date(start) if start else ""
    else:
        values["matter"] = inspection["theme"] if inspection else "日常监督中发现问题"
    return Draft(
        kind,
        values,
        "rectifications",
        rect_id,
        items=tuple(int(g["id"]) for g in group),
        deadline=day,
        replaces=old,
        blockers=gaps.items,
    )


def _supervision_key(store: Store) -> str:
    return "supervision" if store.setting("limit.supervision") else "rectification"


def supervision_deadline(store: Store, day: dt.date) -> dt.date:
    """The new deadline a 督办函 dated `day` sets (limit.supervision, else the
    rectification limit)."""
    return _deadline(store, _supervision_key(store), day)[0]


def supervision_letter_values(
    store: Store,
    rect_id: int,
    today: dt.date,
    *,
    correction: bool = False,
    preview: bool = False,
    items: Sequence[int] | None = None,
) -> Draft:
    """督办函 for an overdue item: which notice, what is outstanding, the new deadline."""
    kind = SUPERVISION_LETTER
    item = records.get(store, "rectifications", rect_id)
    gaps = _Gaps()
    if items is not None:  # a letter registered for these items (render_registered)
        preview, correction = True, False
    if not item["notice_document_id"]:
        if not preview:
            raise UserError("该整改事项尚未下发整改通知，不能制发督办函")
        gaps.note("该整改事项尚未下发整改通知")
    old: dict[str, Any] | None = None
    escalated = item["escalation_document_id"]
    if items is not None:
        group = [records.get(store, "rectifications", i) for i in items]
    elif correction or (preview and escalated):
        if not escalated:
            raise _no_previous(kind)
        letter = records.get(store, "documents", escalated)
        old = letter if correction else None
        group = store.query(
            "SELECT * FROM rectifications WHERE escalation_document_id = ? ORDER BY deadline, id",
            [letter["id"]],
        )
    else:
        if escalated:
            raise _already_issued(records.get(store, "documents", escalated))
        deadline = _date(item["deadline"])
        if item["status"] not in OPEN_STATUSES or deadline is None or deadline >= today:
            when = f"整改时限{format_cn_date(deadline)}" if deadline else "未设整改时限"
            why = f"该整改事项未逾期（{when}，状态：{item['status']}），不能制发督办函"
            if not preview:
                raise UserError(why)
            gaps.note(why)
        marks = ", ".join("?" for _ in OPEN_STATUSES)
        group = store.query(
            "SELECT * FROM rectifications WHERE notice_document_id = ?"
            f" AND escalation_document_id IS NULL AND status IN ({marks})"
            " AND deadline IS NOT NULL AND deadline < ? ORDER BY deadline, id",
            [item["notice_document_id"], *OPEN_STATUSES, today.isoformat()],
        ) or [item]
    notice: Mapping[str, Any] = (
        records.get(store, "documents", item["notice_document_id"])
        if item["notice_document_id"]
        else {"issued_date": None, "title": "〔整改通知未下发〕", "number": "〔无文号〕"}
    )
    day, workdays = _deadline(store, _supervision_key(store), today, gaps)
    old_deadline = _date(item["deadline"])
    unit = _unit_name(store, item["unit_id"])
    values = office_values(store, kind)
    values.update(_deadline_values(day, workdays))
    values.update(
        {
            "date": today,
            "unit": unit,
            "addressee": unit,
            "notice_date": _date(notice["issued_date"]),
            "notice_date_cn": format_cn_date(_date(notice["issued_date"]) or today)
            if notice["issued_date"]
            else "〔整改通知未下发〕",
            "notice_title": notice["title"],
            "notice_number": notice["number"],
            "old_deadline": old_deadline,
            "old_deadline_cn": format_cn_date(old_deadline)
            if old_deadline
            else gaps.need("整改时限", None),
            "check_date": today,
            "check_date_cn": format_cn_date(today),
            "problems": [g["finding"] for g in group],
        }
    )
    return Draft(
        kind,
        values,
        "rectifications",
        rect_id,
        items=tuple(int(g["id"]) for g in group),
        deadline=day,
        replaces=old,
        blockers=gaps.items,
    )


_REPORTED = re.compile(r"^(反映|举报|检举|控告)")
REDACTED = "×××"


def _clue_names(store: Store, clue_id: int) -> list[str]:
    rows = store.query(
        "SELECT p.name FROM clue_persons cp JOIN persons p ON p.id = cp.person_id"
        " WHERE cp.clue_id = ?",
        [clue_id],
    )
    return [str(r["name"]) for r in rows if r["name"]]


def for_person(line: str, name: str, names: list[str]) -> str:
    """A line of a clue's summary as a letter to one reported person may say it.

    "反映A局局长张三、B镇镇长李四违规吃喝" to 李四 → "违规吃喝": the leading list of
    reported persons goes, and any other reported person named later is printed ×××, so
    a letter never tells its addressee who else was reported.
    """
    text = _REPORTED.sub("", line.strip())
    everyone = sorted({n for n in [name, *names] if n}, key=len, reverse=True)
    if everyone:
        alternatives = "|".join(re.escape(n) for n in everyone)
        leading = re.compile(rf"^[^，,。；;]*?(?:{alternatives})[、，,和及与]?")
        while True:
            match = leading.match(text)
            if match is None or match.end() == len(text):
                break
            text = text[match.end() :]
        for other in everyone:
            if other != name:
                text = text.replace(other, REDACTED)
        if name:
            text = text.replace(name, "你")
    return text.strip()


def _allegation(summary: str, name: str, names: list[str]) -> str:
    """ "反映李明违规吃喝" → "违规吃喝", to follow "收到反映你…的问题"."""
    first = summary.strip().splitlines()[0] if summary.strip() else ""
    text = for_person(first, name, names).rstrip("。；;，,")
    return text if text not in ("", "你") else "有关"


def _problems_for(summary: str, name: str, names: list[str]) -> list[str]:
    return [text for line in _lines(summary) if (text := for_person(line, name, names))]


def inquiry_letter_values(
    store: Store,
    inquiry_id: int,
    today: dt.date,
    *,
    correction: bool = False,
    preview: bool = False,
) -> Draft:
    """函询通知书 to the reported person: the allegation, written explanation within the limit."""
    kind = INQUIRY_LETTER
    old = _check_reissue(kind, _existing(store, kind, "inquiries", inquiry_id), correction, preview)
    inquiry = records.get(store, "inquiries", inquiry_id)
    person = records.get(store, "persons", inquiry["person_id"])
    clue = records.get(store, "clues", inquiry["clue_id"])
    names = _clue_names(store, int(clue["id"]))
    day, workdays = _deadline(store, "inquiry_reply", today)
    values = office_values(store, kind)
    values.update(_deadline_values(day, workdays))
    values.update(
        {
            "date": today,
            "person": person["name"],
            "addressee": person_addressee(str(person["name"])),
            "allegation": _allegation(str(clue["summary"]), str(person["name"]), names),
            "problems": _problems_for(str(clue["summary"]), str(person["name"]), names),
        }
    )
    return Draft(kind, values, "inquiries", inquiry_id, deadline=day, replaces=old)


def reminder_person_values(
    store: Store,
    clue_id: int,
    person_id: int,
    today: dt.date,
    *,
    correction: bool = False,
    preview: bool = False,
) -> Draft:
    """提醒函 to a reported person of a clue: what was reported, the reminder, the reply."""
    kind = REMINDER_LETTER
    clue = records.get(store, "clues", clue_id)
    person = records.get(store, "persons", person_id)
    if not store.scalar(
        "SELECT 1 FROM clue_persons WHERE clue_id = ? AND person_id = ?", [clue_id, person_id]
    ):
        raise UserError(f"{person['name']}不是该线索的被反映人，不能向其制发提醒函")
    addressee = person_addressee(str(person["name"]))
    names = _clue_names(store, clue_id)
    old = _check_reissue(kind, existing_reminder(store, clue_id, person_id), correction, preview)
    key = "reminder_reply" if store.setting("limit.reminder_reply") else "inquiry_reply"
    gaps = _Gaps()
    day, workdays = _deadline(store, key, today, gaps)
    values = office_values(store, kind)
    values.update(_deadline_values(day, workdays))
    values.update(
        {
            "date": today,
            "person": person["name"],
            "addressee": addressee,
            "allegation": _allegation(str(clue["summary"]), str(person["name"]), names),
            "problems": _problems_for(str(clue["summary"]), str(person["name"]), names),
        }
    )
    return Draft(
        kind,
        values,
        "clues",
        clue_id,
        deadline=day,
        replaces=old,
        template=REMINDER_PERSON_TEMPLATE,
        blockers=gaps.items,
    )


def letter_values(store: Store, letter: Letter, today: dt.date) -> Draft:
    """提醒函（通用）: the clerk's addressee, 事由 and text in the office's letter."""
    for value, label, limit in (
        (letter.addressee, "主送", 200),
        (letter.matter, "事由", 60),
        (letter.content, "正文", 20000),
    ):
        if not value.strip():
            raise UserError(f"{label}：不能为空")
        if len(value.strip()) > limit:
            raise UserError(f"{label}：不能超过{limit}个字（现有{len(value.strip())}个字）")
    matter = letter.matter.strip()
    if matter.startswith("关于"):
        matter = matter[2:]
    matter = re.sub(r"的?提醒函$", "", matter)
    values = office_values(store, REMINDER_LETTER)
    values.update(
        {
            "date": today,
            "addressee": letter.addressee.strip(),
            "matter": matter,
            "content": "\n".join(_lines(letter.content)),
        }
    )
    if letter.cc is not None:
        values["cc"] = [c for c in re.split(r"[、，,；;\n]+", letter.cc) if c.strip()]
    d = Draft(REMINDER_LETTER, values, None, None, template=REMINDER_GENERAL_TEMPLATE)
    d.wordings = office_wordings(store)
    return d


def preview_letter(store: Store, letter: Letter, today: dt.date) -> bytes:
    """The 提醒函（通用） as it would be issued today, serial blank; writes nothing."""
    return render(notice(letter_values(store, letter, today)))


def issue_letter(store: Store, letter: Letter, today: dt.date) -> dict[str, Any]:
    """Number, store and register a 提醒函（通用）; it belongs to no record."""
    return _issue(store, REMINDER_LETTER, today, lambda: letter_values(store, letter, today))


def _talk_people(store: Store, talk_id: int) -> list[dict[str, Any]]:
    return store.query(
        "SELECT s.*, p.name, p.post AS person_post, u.name AS person_unit"
        " FROM talk_subjects s JOIN persons p ON p.id = s.person_id"
        " LEFT JOIN units u ON u.id = p.unit_id WHERE s.talk_id = ? ORDER BY s.id",
        [talk_id],
    )


def _time_of_day(day: dt.date, hhmm: str | None) -> str:
    """ "2026年11月27日上午9时" / "下午2时30分"."""
    text = format_cn_date(day)
    if not hhmm:
        return text
    hour, minute = (int(p) for p in hhmm.split(":"))
    half = "上午" if hour < 12 else "下午"
    shown = hour if hour <= 12 else hour - 12
    return f"{text}{half}{shown}时" + (f"{minute}分" if minute else "")


def talk_notice_values(
    store: Store,
    talk_id: int,
    today: dt.date,
    *,
    correction: bool = False,
    preview: bool = False,
) -> Draft:
    """谈话通知书 to the subject(s) of a talk: when, where, what kind of talk."""
    kind = TALK_NOTICE
    old = _check_reissue(kind, _existing(store, kind, "talks", talk_id), correction, preview)
    talk = records.get(store, "talks", talk_id)
    people = _talk_people(store, talk_id)
    gaps = _Gaps()
    names = gaps.need("谈话对象", "、".join(str(p["name"]) for p in people))
    approver = ""
    if talk["clue_id"]:
        approver = records.get(store, "clues", talk["clue_id"])["disposition_approver"] or ""
    values = office_values(store, kind)
    values.update(
        {
            "date": today,
            "person": names,
            "addressee": f"{names}同志",
            "approver": approver or _setting(store, "talk_approver") or "本委主要负责同志",
            "talk_time_cn": _time_of_day(dt.date.fromisoformat(talk["date"]), talk["start_time"]),
            "place": gaps.need("谈话地点", talk["place"]),
            "talk_kind": talk["kind"],
        }
    )
    return Draft(kind, values, "talks", talk_id, replaces=old, blockers=gaps.items)


def _own_document(
    store: Store,
    table: str,
    record_id: int,
    kinds: tuple[str, ...],
    correction: bool,
    preview: bool,
) -> tuple[dict[str, Any], str, dict[str, Any] | None]:
    """A record that names its own kind and keeps its document (建议书, 通报): the record,
    its kind, and the document a correction replaces."""
    record = records.get(store, table, record_id)
    kind = str(record["kind"])
    if kind not in kinds:
        label = KINDS[table].field("kind").label
        raise UserError(f"{label}应为{'或'.join(kinds)}（现为“{kind}”）")
    issued = record["document_id"]
    old = _check_reissue(
        kind, records.get(store, "documents", issued) if issued else None, correction, preview
    )
    return record, kind, old


def proposal_values(
    store: Store,
    proposal_id: int,
    today: dt.date,
    *,
    correction: bool = False,
    preview: bool = False,
) -> Draft:
    """纪律检查建议书 / 监察建议书: source, problems, causes, recommendations, reply deadline."""
    proposal, kind, old = _own_document(
        store, "proposals", proposal_id, PROPOSAL_KINDS, correction, preview
    )
    issued = proposal["document_id"]
    gaps = _Gaps()
    due = _date(proposal["reply_due"])
    if due is not None and due <= today and not (preview and issued):
        gaps.note(f"回复期限（{format_cn_date(due)}）应晚于成文日期（{format_cn_date(today)}）")
    unit = _unit_name(store, proposal["unit_id"])
    values = office_values(store, kind)
    values.update(
        {
            "date": today,
            "unit": unit,
            "addressee": unit,
            "matter": proposal["matter"],
            "source": gaps.need("问题来源", proposal["source"]),
            "area": proposal["area"] or proposal["matter"],
            "problems": _lines(proposal["problems"]) or [gaps.need("主要问题", None)],
            "causes": _lines(proposal["causes"]) or [gaps.need("原因分析", None)],
            "recommendations": _lines(proposal["recommendations"]) or [gaps.need("建议事项", None)],
            "deadline": due,
            "deadline_cn": format_cn_date(due) if due else gaps.need("回复期限", None),
            # 监察建议书 counts its reply period in calendar days ("{days}日内").
            "days": (due - today).days if due else "〔回复期限未填写〕",
        }
    )
    return Draft(
        kind, values, "proposals", proposal_id, deadline=due, replaces=old, blockers=gaps.items
    )


def _bulletin_item(text: str | None, handling: str | None, n: int, gaps: _Gaps, case: bool) -> str:
    """ "一、{问题或案例}。{处理情况}": the item's first sentence prints in 黑体 as its heading."""
    summary = (text or "").strip()
    if summary and summary[-1] not in "。；！？”）":
        summary += "。"
    done = (handling or "").strip()
    if case and not done:
        done = gaps.need(f"第{n}起的处理情况", None)
    return f"{cn_numeral(n)}、{summary}{done}"


def bulletin_values(
    store: Store,
    bulletin_id: int,
    today: dt.date,
    *,
    correction: bool = False,
    preview: bool = False,
) -> Draft:
    """督查通报 / 典型案例通报 from a bulletins record: what it says and the items it lists,
    dated with the record's 通报日期. Only what the record holds is printed; what the
    wording needs and the record lacks is named (a 典型案例通报 also needs each 处理情况)."""
    bulletin, kind, old = _own_document(
        store, "bulletins", bulletin_id, BULLETIN_KINDS, correction, preview
    )
    issued = bulletin["document_id"]
    gaps = _Gaps()
    day = dated(store, kind, bulletin_id, today)
    if day > today and not (preview and issued):
        gaps.note(f"通报日期（{format_cn_date(day)}）晚于今天，不能提前制发")
    rows = store.query(
        "SELECT summary, handling FROM bulletin_items WHERE bulletin_id = ? ORDER BY id",
        [bulletin_id],
    )
    if not rows:
        gaps.note("通报事项未填写（至少一起）")
    case = kind == CASE_BULLETIN
    items = [
        _bulletin_item(r["summary"], r["handling"], n, gaps, case)
        for n, r in enumerate(rows, start=1)
    ]
    values = office_values(store, kind)
    values.update(
        {
            "date": day,
            "title": bulletin["title"],
            "addressee": bulletin["scope"],
            "count": len(rows),
            "items": "\n".join(items) or "〔通报事项未填写〕",
        }
    )
    for key in ("scope", "summary", "requirements"):
        if _prints(store, kind, key):  # only what the wording prints can be missing
            values[key] = gaps.need(KINDS["bulletins"].field(key).label, bulletin[key])
        else:
            values[key] = bulletin[key] or ""
    return Draft(kind, values, "bulletins", bulletin_id, replaces=old, blockers=gaps.items)


def draft(
    store: Store,
    kind: str,
    record_id: int,
    today: dt.date,
    *,
    correction: bool = False,
    person: int | None = None,
    preview: bool = False,
) -> Draft:
    """The template values of a registered kind, built from its source record.

    `person` addresses a 提醒函 to that reported person of clue `record_id`. With
    `preview` a record already issued for is drafted again (as it would read today)
    instead of being refused; its blockers say what stops it being issued.
    """
    _check_kind(kind)
    d = _draft(store, kind, record_id, today, correction=correction, person=person, preview=preview)
    d.wordings = office_wordings(store)
    return d


def _draft(
    store: Store,
    kind: str,
    record_id: int,
    today: dt.date,
    *,
    correction: bool,
    person: int | None,
    preview: bool,
) -> Draft:
    how: dict[str, Any] = {"correction": correction, "preview": preview}
    if person is not None:
        if kind != REMINDER_LETTER:
            raise UserError(f"{kind}不能按线索的被反映人制发")
        return reminder_person_values(store, record_id, person, today, **how)
    if kind in RECT_NOTICE_KINDS:
        return rectification_notice_values(store, record_id, today, kind=kind, **how)
    if kind == SUPERVISION_LETTER:
        return supervision_letter_values(store, record_id, today, **how)
    if kind == INQUIRY_LETTER:
        return inquiry_letter_values(store, record_id, today, **how)
    if kind == TALK_NOTICE:
        return talk_notice_values(store, record_id, today, **how)
    if kind in PROPOSAL_KINDS:
        result = proposal_values(store, record_id, today, **how)
        if result.kind != kind:
            raise UserError(f"该建议书的种类是{result.kind}，不是{kind}")
        return result
    if kind in BULLETIN_KINDS:
        result = bulletin_values(store, record_id, today, **how)
        if result.kind != kind:
            raise UserError(f"该通报的种类是{result.kind}，不是{kind}")
        return result
    raise UserError(f"{kind}不编文号、不登记发文，请直接打印")


def notice(d: Draft, number: str | None = None) -> Notice:
    try:
        return fill(d.template or d.kind, {**d.values, "number": number}, overrides=d.wordings)
    except ValueError as exc:  # a template the office edited names a value we do not have
        raise UserError(str(exc)) from exc


# -- printouts ---------------------------------------------------------------------------


def _exchanges(content: str | None) -> list[Exchange]:
    """ "问：…" / "答：…" lines as question-and-answer pairs; other lines continue the last.

    Content with no 问/答 marks at all is plain paragraphs: one unlabelled entry a line."""
    lines = [raw.strip() for raw in (content or "").splitlines() if raw.strip()]
    if not any(line[:2] in ("问：", "问:", "答：", "答:") for line in lines):
        return [Exchange("", line) for line in lines]
    pairs: list[list[str]] = []
    part = 1
    for raw in (content or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line[:2] in ("问：", "问:"):
            pairs.append([line[2:].strip(), ""])
            part = 0
        elif line[:2] in ("答：", "答:"):
            if not pairs or pairs[-1][1]:
                pairs.append(["", ""])
            pairs[-1][1] = line[2:].strip()
            part = 1
        elif pairs:
            pairs[-1][part] += line
        else:
            pairs.append(["", line])
    return [Exchange(q, a) for q, a in pairs]


def talk_record(store: Store, talk_id: int) -> TalkRecord:
    """The 谈话记录 form of a talk."""
    talk = records.get(store, "talks", talk_id)
    day = dt.date.fromisoformat(talk["date"])
    period_text = ""
    if not talk["start_time"] or not talk["end_time"]:  # printed, with the gap named
        period_text = f"{format_cn_date(day)}〔开始和结束时间未填写〕"
    start = dt.datetime.combine(day, dt.time.fromisoformat(talk["start_time"] or "00:00"))
    end = dt.datetime.combine(day, dt.time.fromisoformat(talk["end_time"] or "00:00"))
    talkers = store.query(
        "SELECT name, role FROM talk_talkers WHERE talk_id = ? ORDER BY id", [talk_id]
    )
    people = _talk_people(store, talk_id)
    first = people[0] if people else {}
    return TalkRecord(
        start=start,
        end=end,
        place=talk["place"] or "",
        talkers=[f"{t['name']}（{t['role']}）" for t in talkers],
        recorder=talk["recorder"] or "",
        subject="、".join(str(p["name"]) for p in people),
        subject_unit=str(first.get("unit_name") or first.get("person_unit") or ""),
        subject_post=str(first.get("post") or first.get("person_post") or ""),
        reason=talk["reason"],
        content=_exchanges(talk["content"]),
        kind=talk["kind"],
        statement=talk["statement"] or "",
        office=_setting(store, "office_name"),
        period_text=period_text,
    )


def integrity_archive(store: Store, person_id: int, today: dt.date) -> IntegrityArchive:
    """A person's 廉政档案 on paper: the records the archive dialog shows (queries.archive),
    oldest first."""
    shown = person_archive(store, person_id, today)
    person = shown.record

    def rows(key: str, *order: str) -> list[Mapping[str, Any]]:
        values = [r.values for r in shown.section(key).rows]
        return sorted(values, key=lambda v: tuple((v[k] is None, v[k] or "") for k in order))

    posts = [
        PostEntry(
            _date(p["start_date"]),
            _date(p["end_date"]),
            p["unit_name"] or p["unit"] or "",  # the name as typed for the post first
            p["post"],
        )
        for p in rows("posts", "start_date", "id")
    ]
    talks = [
        TalkEntry(
            dt.date.fromisoformat(t["date"]),
            t["kind"],
            t["talkers"] or "",
            t["reason"],
            t["statement"] or "",
        )
        for t in rows("talks", "date", "id")
    ]
    clues = [
        ClueEntry(
            c["ledger_no"] or str(c["id"]),
            dt.date.fromisoformat(c["received_date"]),
            c["summary"],
            c["disposition"] or "",
            c["outcome_names"] or "",
            "已办结" if c["closed_date"] else "办理中",
        )
        for c in rows("clues", "received_date", "id")
    ]
    sanctions = [
        SanctionEntry(s.values["outcome"], s.values["decided"], s.values["ends"])
        for s in shown.section("sanctions").rows
    ]
    rects = [
        RectificationEntry(r["finding"], _date(r["deadline"]), r["status"], _date(r["closed_date"]))
        for r in rows("rectifications", "found_date", "id")
    ]
    assessments = [
        AssessmentEntry(
            dt.date.fromisoformat(a["date"]),
            a["kind"],
            a["title"],
            a["assessment"] or "",
            a["score"] or "",
        )
        for a in rows("assessments", "date", "id")
    ]
    exposures = [
        ExposureEntry(
            dt.date.fromisoformat(e["date"]), e["channel"], e["bulletin"] or "", e["summary"]
        )
        for e in rows("exposures", "date", "id")
    ]
    accountabilities = [
        AccountabilityEntry(
            dt.date.fromisoformat(a["date"]), a["method"], a["reason"], a["decided_by"] or ""
        )
        for a in rows("accountabilities", "date", "id")
    ]
    activities = [
        ActivityEntry(dt.date.fromisoformat(a["date"]), a["kind"], a["title"], a["role"] or "")
        for a in rows("activities", "date", "id")
    ]
    return IntegrityArchive(
        name=shown.name,
        unit=person["unit"] or "",
        post=person["post"] or "",
        printed=today,
        office=_setting(store, "office_name"),
        gender=person["gender"] or "",
        birth_date=_date(person["birth_date"]),
        rank=person["rank"] or "",
        political_status=person["political_status"] or "",
        public_kind=person["staff_kind"] or "",
        phone=person["phone"] or "",
        posts=posts,
        talks=talks,
        clues=clues,
        sanctions=sanctions,
        rectifications=rects,
        assessments=assessments,
        exposures=exposures,
        accountabilities=accountabilities,
        activities=activities,
        notes=person["notes"] or "",
    )


# -- entry points ------------------------------------------------------------------------


def preview(
    store: Store, kind: str, record_id: int, today: dt.date, *, person: int | None = None
) -> bytes:
    """The document as it would be issued today, with the serial left blank; writes nothing."""
    return preview_with_notes(store, kind, record_id, today, person=person)[0]


def preview_with_notes(
    store: Store,
    kind: str,
    record_id: int,
    today: dt.date,
    *,
    person: int | None = None,
    correction: bool = False,
) -> tuple[bytes, list[str]]:
    """The preview (marked 预览稿, serial blank) and what stops it being issued, if anything
    (each missing field named; the preview prints 〔…未填写〕 in its place)."""
    _check_kind(kind)
    if kind == TALK_RECORD:
        return render_talk_record(talk_record(store, record_id)), []
    if kind == ARCHIVE:
        return render_archive(integrity_archive(store, record_id, today)), []
    d = draft(store, kind, record_id, today, person=person, correction=correction, preview=True)
    return render(notice(d)), _unique(d.blockers)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _require_contact(store: Store, kind: str) -> None:
    if not _setting(store, "contact_person") or not _setting(store, "contact_phone"):
        raise UserError("尚未设置联系人和联系电话（将印在文书上），请先在设置中填写")
    if kind == INQUIRY_LETTER and not _setting(store, "office_address"):
        raise UserError(
            "尚未设置通讯地址（函询通知书上印有通讯地址，供对方寄回说明材料），请先在设置中填写"
        )


def issue(
    store: Store,
    kind: str,
    record_id: int,
    today: dt.date,
    *,
    correction: bool = False,
    person: int | None = None,
) -> dict[str, Any]:
    """Number, store and register the document, and note it on its record(s); one transaction.

    整改通知书/提醒函 set notice_document_id, notice_kind, notice_date and (where empty) the
    deadline on every item listed; 督办函 sets escalation_document_id and escalated_date;
    建议书 set the proposal's document_id. With correction=True the document replaces the
    last one of this kind for the record: a new number, the old register row unchanged.
    `person` issues a 提醒函 to that reported person of clue `record_id`.
    """
    _check_kind(kind)
    if kind in PRINTOUTS:
        raise UserError(f"{kind}不编文号、不登记发文，请直接打印")
    return _issue(
        store,
        kind,
        today,
        lambda: draft(store, kind, record_id, today, correction=correction, person=person),
    )


def _issue(store: Store, kind: str, today: dt.date, build: Callable[[], Draft]) -> dict[str, Any]:
    """Build the draft, number, render, store and register it, all in one transaction."""
    _require_contact(store, kind)
    doc: dict[str, Any] | None = None
    try:
        with store.transaction():
            d = build()
            if d.blockers:
                raise UserError(f"不能制发{d.kind}：{'；'.join(_unique(d.blockers))}")
            preview_notice = notice(d)
            notes = None
            if d.replaces is not None:
                notes = f"更正：替代{d.replaces['number']}（{d.replaces['issued_date']}）"
            doc = numbering.issue(
                store,
                kind=kind,
                title=preview_notice.title,
                issued_date=d.values["date"],
                addressee=preview_notice.addressee,
                linked_table=d.linked_table,
                linked_id=d.linked_id,
                render=lambda number: render(notice(d, number)),
                notes=notes,
            )
            _note_on_records(store, d, int(doc["id"]), d.values["date"])
            return doc
    except BaseException:
        if doc is not None and doc.get("pdf_path"):
            with contextlib.suppress(OSError):
                (store.path.parent / doc["pdf_path"]).unlink()
        raise


def _note_on_records(store: Store, d: Draft, doc_id: int, today: dt.date) -> None:
    if d.kind in RECT_NOTICE_KINDS:
        for rect_id in d.items:
            row = records.get(store, "rectifications", rect_id)
            changes: dict[str, Any] = {
                "notice_document_id": doc_id,
                "notice_kind": d.kind,
                "notice_date": today,
            }
            if not row["deadline"] and d.deadline is not None:
                changes["deadline"] = d.deadline
            records.update(store, "rectifications", rect_id, changes)
    elif d.kind == SUPERVISION_LETTER:
        for rect_id in d.items:
            records.update(
                store,
                "rectifications",
                rect_id,
                {"escalation_document_id": doc_id, "escalated_date": today},
            )
    elif d.kind in PROPOSAL_KINDS and d.linked_id is not None:
        records.update(store, "proposals", d.linked_id, {"document_id": doc_id})
    elif d.kind in BULLETIN_KINDS and d.linked_id is not None:
        records.update(store, "bulletins", d.linked_id, {"document_id": doc_id})


def render_registered(
    store: Store,
    kind: str,
    linked_id: int | None,
    day: dt.date,
    number: str,
    *,
    title: str,
    addressee: str | None = None,
    items: Sequence[int] | None = None,
    letter: Letter | None = None,
    person: int | None = None,
) -> bytes:
    """The PDF of a document registered from records written in one go (the demo office,
    whose documents are entered after the records they concern): the same renderer and
    wording as ``issue``, for the items given, dated `day`, with `number`, under the
    register's `title` (and `addressee`, when it differs from the record's unit)."""
    if letter is not None:
        d = letter_values(store, letter, day)
    elif items is not None and kind == SUPERVISION_LETTER:
        d = supervision_letter_values(store, items[0], day, items=items)
    elif items is not None:
        template = kind if kind in RECT_NOTICE_KINDS else RECTIFICATION_NOTICE
        d = rectification_notice_values(store, items[0], day, kind=template, items=items)
    elif linked_id is not None:
        d = draft(store, kind, linked_id, day, preview=True, person=person)
    else:
        raise UserError(f"{kind}“{title}”没有关联记录，无法生成")
    d.wordings = office_wordings(store)
    if addressee:
        d.values.update(unit=addressee, addressee=addressee)
    return render(dataclasses.replace(notice(d, number), title=title, kind=kind))


def reprint(store: Store, document_id: int) -> bytes:
    """The issued PDF exactly as registered (verified against its SHA-256)."""
    return numbering.stored_pdf(store, document_id)
