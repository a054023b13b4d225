"""The placeholder PDF: a one-page scan stand-in for attachments and the holiday letter."""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

if TYPE_CHECKING:
    pass


# -- the placeholder PDF ----------------------------------------------------------------


@functools.cache
def _cid_font() -> str:
    """reportlab's built-in Song face (not embedded): enough for a placeholder page."""
    name = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(name))
    return name


def _pdf_page(title: str, lines: Sequence[str]) -> bytes:
    font = _cid_font()
    buffer = io.BytesIO()
    # invariant: no creation date or random file id, so the same input gives the same bytes
    page = canvas.Canvas(buffer, pagesize=A4, invariant=True, pageCompression=0)
    width, height = A4
    y = height - 150
    page.setFont(font, 16)
    for text in (title, *lines):
        for start in range(0, len(text), 30):
            page.drawCentredString(width / 2, y, text[start : start + 30])
            y -= 26
        page.setFont(font, 12)
    page.setFont(font, 10)
    page.drawCentredString(width / 2, 80, "演示数据占位文件（非正式文书）")
    page.showPage()
    page.save()
    return buffer.getvalue()


# The text of the demo office's festival reminders (提醒函（通用）): what its clerk wrote.
HOLIDAY_LETTER = (
    "{name}将至，为持续巩固拓展落实中央八项规定精神成果，确保节日期间风清气正，现提醒如下：\n"
    "一、严禁违规吃喝，严禁公款吃喝和违规接受宴请。\n"
    "二、严禁违规收送名贵特产、礼品礼金和消费卡。\n"
    "三、严禁公车私用和违规操办婚丧喜庆事宜。\n"
    "各单位要落实主体责任，加强教育提醒和监督检查，发现问题及时报告我委。"
)

# Fields by which records point at the register: the documents are issued after these
# records are written (their PDFs are made from them), then the references are set, as
# issuing does in the application.
_DOCUMENT_REFS: dict[str, tuple[str, ...]] = {
    "rectifications": ("notice_document_id", "escalation_document_id"),
    "proposals": ("document_id",),
    "bulletins": ("document_id",),
}
