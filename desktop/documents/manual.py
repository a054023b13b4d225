"""The clerk's manual: resources/manual/manual.md, and the same text as a PDF.

The window shows the Markdown (帮助 → 使用手册, F1); `render()` sets the same file on A4
for printing. resources/manual/使用手册.pdf is made from it and ships in the bundle with
the rest of resources/; remake it after editing the manual:

    python -m desktop.documents.manual
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from desktop.resources import resource

PDF_NAME = "使用手册.pdf"
_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
_IMAGE = re.compile(r"^!\[([^\]]*)\]\(([^)]+)\)\s*$")
_BULLET = re.compile(r"^-\s+(.*)$")
_NUMBER = re.compile(r"^(\d+)\.\s+(.*)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def folder() -> Path:
    return resource("manual")


def source() -> str:
    return (folder() / "manual.md").read_text(encoding="utf-8")


def pdf_path() -> Path:
    return folder() / PDF_NAME


def headings(text: str) -> list[tuple[int, str]]:
    """(level, title) of every heading, in order."""
    out: list[tuple[int, str]] = []
    for line in text.splitlines():
        found = _HEADING.match(line)
        if found:
            out.append((len(found[1]), found[2].strip()))
    return out


@dataclass(frozen=True)
class Block:
    """One piece of the manual: a heading, paragraph, list item, image or table."""

    kind: str  # "heading", "para", "bullet", "number", "image", "table"
    text: str = ""
    level: int = 0
    rows: tuple[tuple[str, ...], ...] = ()


def blocks(text: str) -> list[Block]:
    """The subset of Markdown the manual uses, read line by line."""
    out: list[Block] = []
    para: list[str] = []
    table: list[tuple[str, ...]] = []

    def flush() -> None:
        if para:
            out.append(Block("para", "".join(para)))
            para.clear()
        if table:
            out.append(Block("table", rows=tuple(table)))
            table.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("|"):
            if para:
                flush()
            cells = tuple(c.strip() for c in line.strip("|").split("|"))
            if not all(set(c) <= {"-", ":", " "} for c in cells):  # not the |---| rule
                table.append(cells)
            continue
        if not line:
            flush()
            continue
        heading, image = _HEADING.match(line), _IMAGE.match(line)
        bullet, number = _BULLET.match(line), _NUMBER.match(line)
        if heading or image or bullet or number or table:
            flush()
        if heading:
            out.append(Block("heading", heading[2].strip(), level=len(heading[1])))
        elif image:
            out.append(Block("image", image[2], level=0, rows=((image[1],),)))
        elif bullet:
            out.append(Block("bullet", bullet[1]))
        elif number:
            out.append(Block("number", number[2], level=int(number[1])))
        else:
            para.append(line)
    flush()
    return out


def _markup(text: str, bold_font: str) -> str:
    """Paragraph markup: escaped text, **bold** in the heading face."""
    return _BOLD.sub(lambda m: f'<font name="{bold_font}">{m[1]}</font>', escape(text))


def render(text: str | None = None, images: Path | None = None) -> bytes:
    """The manual as an A4 PDF with the bundled Chinese faces embedded."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        Image,
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    from desktop.documents.fonts import Face, registry

    fonts = registry()
    body_font, head_font = fonts.name(Face.SONGTI), fonts.name(Face.HEITI)
    text = source() if text is None else text
    base = folder() if images is None else images
    width = A4[0] - 40 * mm
    body = ParagraphStyle("body", fontName=body_font, fontSize=11, leading=18, wordWrap="CJK")
    item = ParagraphStyle("item", parent=body, leftIndent=16, bulletIndent=4, spaceAfter=2)
    caption = ParagraphStyle("caption", parent=body, fontSize=9, textColor=colors.grey)
    heads = {
        1: ParagraphStyle("h1", fontName=head_font, fontSize=20, leading=30, spaceAfter=10),
        2: ParagraphStyle("h2", fontName=head_font, fontSize=15, leading=24, spaceBefore=12),
        3: ParagraphStyle("h3", fontName=head_font, fontSize=12, leading=20, spaceBefore=6),
    }
    story: list[Any] = []
    for block in blocks(text):
        if block.kind == "heading":
            story.append(Paragraph(_markup(block.text, head_font), heads[block.level]))
        elif block.kind == "para":
            story += [Paragraph(_markup(block.text, head_font), body), Spacer(1, 4)]
        elif block.kind == "bullet":
            story.append(Paragraph(_markup(block.text, head_font), item, bulletText="•"))
        elif block.kind == "number":
            label = f"{block.level}."
            story.append(Paragraph(_markup(block.text, head_font), item, bulletText=label))
        elif block.kind == "image":
            picture = Image(str(base / block.text))
            scale = min(1.0, width / picture.imageWidth)
            picture.drawWidth = picture.imageWidth * scale
            picture.drawHeight = picture.imageHeight * scale
            label = Paragraph(escape(block.rows[0][0]), caption)
            story.append(KeepTogether([Spacer(1, 4), picture, label, Spacer(1, 6)]))
        elif block.kind == "table":
            cells = [[Paragraph(_markup(c, head_font), body) for c in row] for row in block.rows]
            grid = Table(cells, colWidths=[width * 0.3, width * 0.7], repeatRows=1)
            grid.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#efece7")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story.append(grid)

    def page_number(canvas: Any, doc: Any) -> None:
        canvas.setFont(body_font, 9)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"— {doc.page} —")

    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title="清风台账 使用手册",
        author="清风台账",
        invariant=True,
    )
    doc.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return out.getvalue()


if __name__ == "__main__":
    pdf_path().write_bytes(render())
    print(pdf_path())
