"""The clerk's manual: the Markdown the window shows, and the PDF made from it that ships."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from desktop.documents import manual


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "".join(page.extract_text() for page in reader.pages)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_manual_covers_what_the_clerk_does() -> None:
    chapters = [title for level, title in manual.headings(manual.source()) if level == 2]
    for topic in ("第一次使用", "登记", "查找", "打印", "统计", "导入", "备份", "遇到问题"):
        assert any(topic in title for title in chapters), topic


def test_every_picture_of_the_manual_is_there() -> None:
    pictures = [b.text for b in manual.blocks(manual.source()) if b.kind == "image"]
    assert len(pictures) >= 5
    for picture in pictures:
        assert (manual.folder() / picture).is_file(), picture


def test_shipped_pdf_is_made_from_the_current_manual() -> None:
    """Remake it with `python -m desktop.documents.manual` after editing manual.md."""
    shipped_pages, shipped = pdf_text(manual.pdf_path().read_bytes())
    pages, fresh = pdf_text(manual.render())
    assert shipped_pages == pages >= 3
    assert squeeze(shipped) == squeeze(fresh)
    for _level, title in manual.headings(manual.source()):
        assert squeeze(title) in squeeze(shipped), title
    assert "Ctrl+K" in shipped and "zf" in shipped
