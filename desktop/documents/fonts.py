"""Logical typefaces of GB/T 9704 and where their TrueType files come from.

Offices' Windows machines have 仿宋 (simfang.ttf), 黑体 (simhei.ttf), 楷体 (simkai.ttf),
宋体 (simsun.ttc) and often 方正小标宋; those are preferred. Otherwise the freely licensed
faces bundled in resources/fonts/ are used (see resources/fonts/README.md).

Fonts are parsed and registered with reportlab once per process: ``registry()`` is the
only cache. Every face is a reportlab TTFont, so every PDF embeds a subset of it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop.resources import resource


class Face(StrEnum):
    """The logical faces a document asks for."""

    FANGSONG = "仿宋"  # body text, 3rd/4th level headings, document number, 版记
    XIAOBIAOSONG = "小标宋"  # issuer banner, title
    HEITI = "黑体"  # level-1 headings
    KAITI = "楷体"  # level-2 headings
    SONGTI = "宋体"  # page numbers; also the fallback for rare characters


@dataclass(frozen=True, slots=True)
class FontFile:
    """One TrueType file (or one face of a .ttc collection) backing a logical face."""

    path: Path
    subfont: int = 0
    bundled: bool = False


# File names looked for in the system font folders, best first. Matched case-insensitively.
SYSTEM_CANDIDATES: Mapping[Face, tuple[tuple[str, int], ...]] = {
    Face.FANGSONG: (
        ("simfang.ttf", 0),
        ("仿宋_GB2312.ttf", 0),
        ("FZFSJW.TTF", 0),
        ("FZFSK.TTF", 0),
        ("STFANGSO.TTF", 0),
    ),
    Face.XIAOBIAOSONG: (
        ("FZXBSJW.TTF", 0),
        ("方正小标宋简体.ttf", 0),
        ("FZXBSK.TTF", 0),
        ("方正小标宋_GBK.ttf", 0),
    ),
    Face.HEITI: (("simhei.ttf", 0), ("FZHTJW.TTF", 0), ("STHeiti.ttf", 0)),
    Face.KAITI: (("simkai.ttf", 0), ("楷体_GB2312.ttf", 0), ("FZKTJW.TTF", 0), ("STKAITI.TTF", 0)),
    Face.SONGTI: (("simsun.ttc", 0), ("simsun.ttf", 0), ("FZSSJW.TTF", 0), ("STSONG.TTF", 0)),
}

# Bundled faces, all TrueType-outlined; licences beside them in resources/fonts/.
BUNDLED: Mapping[Face, str] = {
    Face.FANGSONG: "gbsn00lp.ttf",  # AR PL SungtiL GB, a light Song (no free FangSong exists)
    Face.XIAOBIAOSONG: "QingfengSerifSC-Bold.ttf",  # from Noto Serif CJK SC Bold
    Face.HEITI: "QingfengSansSC-Medium.ttf",  # from Noto Sans CJK SC Medium
    Face.KAITI: "gkai00mp.ttf",  # AR PL KaitiM GB
    Face.SONGTI: "QingfengSerifSC-Regular.ttf",  # from Noto Serif CJK SC Regular, GBK coverage
}

# Where a character missing from a face is looked for next.
FALLBACK_ORDER: tuple[Face, ...] = (
    Face.SONGTI,
    Face.FANGSONG,
    Face.HEITI,
    Face.KAITI,
    Face.XIAOBIAOSONG,
)

_PS_NAMES: Mapping[Face, str] = {
    Face.FANGSONG: "FangSong",
    Face.XIAOBIAOSONG: "XiaoBiaoSong",
    Face.HEITI: "HeiTi",
    Face.KAITI: "KaiTi",
    Face.SONGTI: "SongTi",
}


def bundled_font_dir() -> Path:
    return resource("fonts")


def system_font_dirs() -> tuple[Path, ...]:
    """Folders where an office machine keeps its fonts (Windows first)."""
    dirs: list[Path] = []
    windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT")
    if windir:
        dirs.append(Path(windir) / "Fonts")
    elif os.name == "nt":
        dirs.append(Path(r"C:\Windows\Fonts"))
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    home = Path.home()
    dirs += [
        home / ".local" / "share" / "fonts",
        home / ".fonts",
        Path("/usr/local/share/fonts"),
        Path("/usr/share/fonts/windows"),
    ]
    return tuple(dirs)


def _listing(directory: Path) -> dict[str, Path]:
    try:
        return {p.name.casefold(): p for p in directory.iterdir() if p.is_file()}
    except OSError:
        return {}


def find_font_files(search_dirs: tuple[Path, ...]) -> dict[Face, list[FontFile]]:
    """Candidate files for each face: system fonts in search_dirs, then the bundled one."""
    listings = [_listing(d) for d in search_dirs]
    found: dict[Face, list[FontFile]] = {}
    for face in Face:
        files: list[FontFile] = []
        for name, index in SYSTEM_CANDIDATES[face]:
            for listing in listings:
                path = listing.get(name.casefold())
                if path is not None:
                    files.append(FontFile(path, index))
        files.append(FontFile(bundled_font_dir() / BUNDLED[face], 0, bundled=True))
        found[face] = files
    return found


@dataclass(frozen=True)
class FontRegistry:
    """Registered reportlab fonts for the five logical faces."""

    names: Mapping[Face, str]
    files: Mapping[Face, FontFile]
    cmaps: Mapping[Face, Mapping[int, int]]

    def name(self, face: Face) -> str:
        return self.names[face]

    def has_glyph(self, face: Face, char: str) -> bool:
        return ord(char) in self.cmaps[face]

    def font_for(self, face: Face, char: str) -> str:
        """Registered font name that draws char: face itself, else the first fallback with it."""
        code = ord(char)
        if code in self.cmaps[face] or char in " \u3000":
            return self.names[face]
        for other in FALLBACK_ORDER:
            if code in self.cmaps[other]:
                return self.names[other]
        return self.names[face]

    def missing(self, text: str) -> set[str]:
        """Characters of text that no face can draw (printed as an empty box)."""
        return {
            c
            for c in text
            if not c.isspace() and all(ord(c) not in cmap for cmap in self.cmaps.values())
        }

    @staticmethod
    def width(font_name: str, text: str, size: float) -> float:
        return float(pdfmetrics.stringWidth(text, font_name, size))


def _load(face: Face, file: FontFile) -> tuple[str, TTFont] | None:
    digest = hashlib.sha1(f"{file.path}#{file.subfont}".encode()).hexdigest()[:8]
    name = f"QF-{_PS_NAMES[face]}-{digest}"
    try:
        font = TTFont(name, str(file.path), subfontIndex=file.subfont)
    except Exception:  # unreadable, CFF-outlined or not embeddable: try the next one
        return None
    return name, font


@lru_cache(maxsize=4)
def registry(search_dirs: tuple[Path, ...] | None = None) -> FontRegistry:
    """Parse and register the faces once per process (per distinct search_dirs).

    search_dirs=None looks in the system font folders; () uses only the bundled faces.
    """
    dirs = system_font_dirs() if search_dirs is None else search_dirs
    names: dict[Face, str] = {}
    files: dict[Face, FontFile] = {}
    cmaps: dict[Face, Mapping[int, int]] = {}
    for face, candidates in find_font_files(dirs).items():
        for file in candidates:
            loaded = _load(face, file)
            if loaded is None:
                continue
            name, font = loaded
            pdfmetrics.registerFont(font)
            names[face], files[face] = name, file
            cmaps[face] = font.face.charToGlyph
            break
        else:
            raise RuntimeError(f"找不到可用的{face}字体文件")
    return FontRegistry(names=names, files=files, cmaps=cmaps)


def gb2312_characters() -> list[str]:
    """Every character of GB 2312 (as Python's gb2312 codec decodes it)."""
    chars: list[str] = []
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars
