"""The kinds of document the office registers (文书种类), declared once.

Derived from DOCUMENT_KINDS: the shipped notice_kind dictionary (its items, each with its
代字 suffix and format), the items the clerk cannot delete (dictionaries.FIXED_ITEMS) and
the kinds issued from a shipped wording (desktop.domain.notice_kinds.REGISTERED, whose
named constants a test holds to this table).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DocumentKind:
    label: str
    code: str  # 代字 suffix: with the 机关简称 it makes the number's 代字 (“清纪改”)
    letter: bool  # printed in the 信函 format
    wording: bool = True  # issued from a wording in resources/templates/ (else registered only)
    # 通报 are numbered by 期 within the year (“2026年第3期”), not 代字〔年〕序号号
    by_issue: bool = False
    # counted in “两函一书” (the letters and the 建议书), as the offices' reports count it
    two_letters_one_book: bool = False


DOCUMENT_KINDS: tuple[DocumentKind, ...] = (
    DocumentKind("整改通知书", "改", letter=False),
    DocumentKind("整改函", "改函", letter=True, two_letters_one_book=True),
    DocumentKind("督办函", "督", letter=True, two_letters_one_book=True),
    DocumentKind("提醒函", "提", letter=True, two_letters_one_book=True),
    DocumentKind("函询通知书", "函", letter=True),
    DocumentKind("谈话通知书", "谈", letter=True),
    DocumentKind("纪律检查建议书", "建", letter=False, two_letters_one_book=True),
    DocumentKind("监察建议书", "监建", letter=False, two_letters_one_book=True),
    DocumentKind("督查通报", "督通", letter=False, by_issue=True),
    DocumentKind("典型案例通报", "案通", letter=False, by_issue=True),
)

DICTIONARY = "notice_kind"
LABELS: tuple[str, ...] = tuple(k.label for k in DOCUMENT_KINDS)
WITH_WORDING: tuple[str, ...] = tuple(k.label for k in DOCUMENT_KINDS if k.wording)
BULLETINS: tuple[str, ...] = tuple(k.label for k in DOCUMENT_KINDS if k.by_issue)
TWO_LETTERS_ONE_BOOK: tuple[str, ...] = tuple(
    k.label for k in DOCUMENT_KINDS if k.two_letters_one_book
)


def by_label(label: str) -> DocumentKind | None:
    return next((k for k in DOCUMENT_KINDS if k.label == label), None)


def numbered_by_issue(label: str) -> bool:
    """Whether documents of this kind are numbered “2026年第3期” (a 通报)."""
    declared = by_label(label)
    return declared is not None and declared.by_issue


def dictionary() -> dict[str, Any]:
    """The notice_kind dictionary as a new store receives it (like the JSON files beside it)."""
    return {
        "name": DICTIONARY,
        "label": "文书种类",
        "items": [{"label": k.label, "code": k.code, "letter": k.letter} for k in DOCUMENT_KINDS],
        "note": "code 为代字后缀，新建数据库时与机关简称组合为完整代字（如“某纪改”），"
        "可在设置中修改。",
    }
