"""Rebuild the bundled fonts in this folder from Debian's font packages.

Not part of the application and not run by it: the built files are committed.
Needs fontTools (a build-time tool only, kept out of the project's dependencies):

    apt-get install fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-noto-cjk fonts-noto-cjk-extra
    python -m venv /tmp/fontvenv && /tmp/fontvenv/bin/pip install fonttools
    /tmp/fontvenv/bin/python resources/fonts/build_fonts.py

What it does:
- AR PL SungtiL GB and AR PL KaitiM GB (Arphic Public License) are GB 2312 fonts already;
  they get two extra cmap entries (U+30FB and U+2015, which Python's gb2312 codec uses for
  A1A4 and A1AA where the fonts map U+00B7 and U+2014) and lose their hinting bytecode,
  which a printed PDF never uses.
- Noto Serif CJK SC and Noto Sans CJK SC (SIL OFL 1.1) are PostScript-outlined (CFF), which
  reportlab cannot embed: they are cut to the characters below, converted to TrueType
  (quadratic) outlines and renamed, as the OFL asks of modified versions.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

HERE = Path(__file__).resolve().parent
ARPHIC = Path("/usr/share/fonts/truetype")
NOTO = Path("/usr/share/fonts/opentype/noto")
SC_INDEX = 2  # Simplified Chinese face inside the Noto CJK collections


def gb2312() -> set[int]:
    points: set[int] = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                points.add(ord(bytes([hi, lo]).decode("gb2312")))
    return points


def gbk() -> set[int]:
    points: set[int] = set()
    for hi in range(0x81, 0xFF):
        for lo in range(0x40, 0xFF):
            try:
                text = bytes([hi, lo]).decode("gbk")
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                points.add(ord(text))
    return points


EXTRA = (
    set(range(0x20, 0x7F))
    | {0xA0, 0xB0, 0xB7, 0xD7, 0xF7}
    | set(range(0x2010, 0x2027))
    | {0x2030, 0x2103, 0x2116, 0x2122, 0x2236, 0x22EF, 0x2500, 0x25A1, 0x25CB, 0x25CF}
    | set(range(0x2160, 0x216C))
    | set(range(0x2460, 0x2474))
    | set(range(0x3000, 0x3020))
    | set(range(0x3220, 0x322A))
    | set(range(0xFF01, 0xFF5F))
    | {0xFFE5}
)


def strip_hinting(font: TTFont) -> None:
    for tag in ("fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX", "gasp"):
        if tag in font:
            del font[tag]
    glyf = font["glyf"]
    for name in font.getGlyphOrder():
        glyph = glyf[name]
        if hasattr(glyph, "program"):
            glyph.program.fromBytecode(b"")
    maxp = font["maxp"]
    maxp.maxFunctionDefs = maxp.maxInstructionDefs = maxp.maxStorage = 0
    maxp.maxStackElements = maxp.maxSizeOfInstructions = maxp.maxTwilightPoints = 0
    maxp.maxZones = 1


def build_arphic(src: Path, out: Path) -> None:
    font = TTFont(src)
    aliases = {0x30FB: 0xB7, 0x2015: 0x2014}
    for table in font["cmap"].tables:
        if table.isUnicode():
            for new, old in aliases.items():
                if old in table.cmap and new not in table.cmap:
                    table.cmap[new] = table.cmap[old]
    strip_hinting(font)
    font.save(out)


def otf_to_ttf(font: TTFont) -> None:
    """CFF to glyf, after fontTools' Snippets/otf2ttf.py."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    for tag in ("VORG", "vhea", "vmtx"):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        advance, _ = hmtx[name]
        hmtx[name] = (advance, getattr(glyph, "xMin", 0))
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = maxp.maxStorage = maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = maxp.maxStackElements = maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = 0
    font["maxp"] = maxp
    post = font["post"]
    post.formatType = 3.0
    font["head"].indexToLocFormat = 1
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont, family: str, style: str) -> None:
    full = f"{family} {style}" if style != "Regular" else family
    ps = full.replace(" ", "")
    name = font["name"]
    keep = {0, 7, 8, 9, 11, 12, 13, 14}
    name.names = [n for n in name.names if n.nameID in keep]
    for name_id, value in (
        (1, family),
        (2, style),
        (3, ps + ";qingfeng"),
        (4, full),
        (5, "1.0"),
        (6, ps),
    ):
        name.setName(value, name_id, 3, 1, 0x409)


def build_noto(src: Path, out: Path, family: str, style: str, chars: set[int]) -> None:
    font = TTFont(src, fontNumber=SC_INDEX)
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG", "meta"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(chars))
    subsetter.subset(font)
    otf_to_ttf(font)
    rename(font, family, style)
    font.save(out)


def main() -> int:
    base = gb2312() | EXTRA
    build_arphic(ARPHIC / "arphic-gbsn00lp" / "gbsn00lp.ttf", HERE / "gbsn00lp.ttf")
    build_arphic(ARPHIC / "arphic-gkai00mp" / "gkai00mp.ttf", HERE / "gkai00mp.ttf")
    build_noto(
        NOTO / "NotoSerifCJK-Bold.ttc",
        HERE / "QingfengSerifSC-Bold.ttf",
        "Qingfeng Serif SC",
        "Bold",
        base,
    )
    build_noto(
        NOTO / "NotoSansCJK-Medium.ttc",
        HERE / "QingfengSansSC-Medium.ttf",
        "Qingfeng Sans SC",
        "Medium",
        base,
    )
    build_noto(
        NOTO / "NotoSerifCJK-Regular.ttc",
        HERE / "QingfengSerifSC-Regular.ttf",
        "Qingfeng Serif SC",
        "Regular",
        base | gbk(),
    )
    for path in sorted(HERE.glob("*.ttf")):
        print(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
