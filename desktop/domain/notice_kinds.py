"""The names of the documents the office issues and prints, and which record each
belongs to. Kept apart from desktop.domain.notices (which renders with reportlab) so that
lists and forms can name the kinds without loading the PDF machinery at start-up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.store import document_kinds

if TYPE_CHECKING:
    from desktop.store.db import Store

RECTIFICATION_NOTICE = "整改通知书"
RECTIFICATION_LETTER = "整改函"
SUPERVISION_LETTER = "督办函"
REMINDER_LETTER = "提醒函"
# The wording of a 提醒函 to a person (resources/templates/reminder_letter_person.txt); the
# document registered is still a 提醒函.
REMINDER_PERSON_TEMPLATE = "提醒函（个人）"
# A 提醒函 not about any record (the reminder before a festival): its text is written when
# it is issued (resources/templates/reminder_letter_general.txt).
REMINDER_GENERAL_TEMPLATE = "提醒函（通用）"
INQUIRY_LETTER = "函询通知书"
TALK_NOTICE = "谈话通知书"
DISCIPLINE_PROPOSAL = "纪律检查建议书"
SUPERVISION_PROPOSAL = "监察建议书"
SUPERVISION_BULLETIN = "督查通报"
CASE_BULLETIN = "典型案例通报"
TALK_RECORD = "谈话记录"
ARCHIVE = "廉政档案"

# The kinds issued from a wording, as store/document_kinds.py declares them (a test holds
# the names above to it).
REGISTERED: tuple[str, ...] = document_kinds.WITH_WORDING
PRINTOUTS: tuple[str, ...] = (TALK_RECORD, ARCHIVE)
# Every wording the office can edit: one per shipped template file (a test holds them
# equal), named here so that the settings page can list them without loading reportlab.
WORDINGS: tuple[str, ...] = (*REGISTERED, REMINDER_PERSON_TEMPLATE, REMINDER_GENERAL_TEMPLATE)
WORDING_KEY = "template."  # settings key prefix of the office's own wording
ALL_KINDS: tuple[str, ...] = REGISTERED + PRINTOUTS
PROPOSAL_KINDS: tuple[str, ...] = (DISCIPLINE_PROPOSAL, SUPERVISION_PROPOSAL)
# The kinds a unit's rectification items are notified by (one notice covers several items).
RECT_NOTICE_KINDS: tuple[str, ...] = (RECTIFICATION_NOTICE, RECTIFICATION_LETTER, REMINDER_LETTER)
BULLETIN_KINDS: tuple[str, ...] = document_kinds.BULLETINS

SOURCE_TABLE: Mapping[str, str] = {
    RECTIFICATION_NOTICE: "rectifications",
    RECTIFICATION_LETTER: "rectifications",
    SUPERVISION_LETTER: "rectifications",
    REMINDER_LETTER: "rectifications",
    INQUIRY_LETTER: "inquiries",
    TALK_NOTICE: "talks",
    DISCIPLINE_PROPOSAL: "proposals",
    SUPERVISION_PROPOSAL: "proposals",
    SUPERVISION_BULLETIN: "bulletins",
    CASE_BULLETIN: "bulletins",
    TALK_RECORD: "talks",
    ARCHIVE: "persons",
}


@dataclass(frozen=True)
class Letter:
    """What the clerk writes for a 提醒函（通用）; cc None takes the kind's 抄送 setting."""

    addressee: str
    matter: str
    content: str
    cc: str | None = None


def person_addressee(name: str) -> str:
    """How a letter to a person is addressed; it also tells a clue's persons apart in the
    register, where a 提醒函 to a person is linked to the clue."""
    return f"{name}同志"


def existing_reminder(store: Store, clue_id: int, person_id: int) -> dict[str, Any] | None:
    """The last 提醒函 issued to this reported person of this clue."""
    name = store.scalar("SELECT name FROM persons WHERE id = ?", [person_id])
    rows = store.query(
        "SELECT * FROM documents WHERE kind = ? AND linked_table = 'clues' AND linked_id = ?"
        " AND addressee = ? ORDER BY id DESC LIMIT 1",
        [REMINDER_LETTER, clue_id, person_addressee(str(name))],
    )
    return rows[0] if rows else None


def office_wordings(store: Store) -> dict[str, str]:
    """The office's own template texts (name → text), kept in the store's settings so that
    they survive an upgrade of the program and travel with its backups; empty = shipped."""
    rows = store.query(
        "SELECT key, value FROM settings WHERE key LIKE ? AND value != ''", [WORDING_KEY + "%"]
    )
    return {str(r["key"])[len(WORDING_KEY) :]: str(r["value"]) for r in rows}


def dated(store: Store, kind: str, record_id: int | None, today: dt.date) -> dt.date:
    """The 成文日期 a document of `kind` for the record is issued with (and so the year its
    number counts in): a 通报 carries the date of its record, everything else today."""
    if kind in BULLETIN_KINDS and record_id is not None:
        day = store.scalar("SELECT date FROM bulletins WHERE id = ?", [record_id])
        if day:
            return dt.date.fromisoformat(str(day))
    return today
