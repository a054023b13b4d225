"""Printed documents: plain data in, PDF bytes out. No Qt, no database.

- notice: GB/T 9704-2012 notices and letters (``render(Notice) -> bytes``)
- templates: the wording of each kind, editable in resources/templates (``fill``)
- talk_record: 谈话记录 (``render_talk_record``)
- archive: 廉政档案 (``render_archive``)
- fonts: the logical faces and where their files come from (``registry``)
"""

from desktop.documents.archive import (
    ClueEntry,
    IntegrityArchive,
    PostEntry,
    RectificationEntry,
    SanctionEntry,
    TalkEntry,
    render_archive,
)
from desktop.documents.fonts import Face, FontRegistry, registry
from desktop.documents.notice import Block, Notice, render
from desktop.documents.talk_record import Exchange, TalkRecord, render_talk_record
from desktop.documents.templates import fill

__all__ = [
    "Block",
    "ClueEntry",
    "Exchange",
    "Face",
    "FontRegistry",
    "IntegrityArchive",
    "Notice",
    "PostEntry",
    "RectificationEntry",
    "SanctionEntry",
    "TalkEntry",
    "TalkRecord",
    "fill",
    "registry",
    "render",
    "render_archive",
    "render_talk_record",
]
