"""Draw the application icon: resources/icons/qingfeng.{svg,png,ico}.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_icons.py

A red seal-like square with 清. The character's outline is taken from the bundled
Qingfeng Serif SC Bold face and written into the SVG as a path, so the SVG renders the
same everywhere without needing any font. The PNG (256 px) and the multi-size .ico
(16-256 px, PNG-compressed entries, as Windows Vista and later read them) are rendered
from that SVG with QSvgRenderer. The outputs are committed; rerun only to change them.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter, QPainterPath, QRawFont
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
FONT = ROOT / "resources" / "fonts" / "QingfengSerifSC-Bold.ttf"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
RED, PAPER = "#b3261e", "#fff4e8"


def glyph_path(char: str, pixel_size: float) -> QPainterPath:
    raw = QRawFont(str(FONT), pixel_size)
    if not raw.isValid():
        raise SystemExit(f"cannot load {FONT}")
    (index,) = raw.glyphIndexesForString(char)
    return raw.pathForGlyph(index)


def svg_path_data(path: QPainterPath) -> str:
    """SVG path data for a QPainterPath (moves, lines and cubic curves)."""
    out: list[str] = []
    i = 0
    while i < path.elementCount():
        e = path.elementAt(i)
        if e.isMoveTo():
            out.append(f"M{e.x:.1f} {e.y:.1f}")
            i += 1
        elif e.isLineTo():
            out.append(f"L{e.x:.1f} {e.y:.1f}")
            i += 1
        else:  # CurveTo followed by two CurveToData elements
            c1, c2 = path.elementAt(i + 1), path.elementAt(i + 2)
            out.append(f"C{e.x:.1f} {e.y:.1f} {c1.x:.1f} {c1.y:.1f} {c2.x:.1f} {c2.y:.1f}")
            i += 3
    return "".join(out) + "Z"


def make_svg() -> str:
    path = glyph_path("清", 168)
    box = path.boundingRect()
    path.translate(QPointF(128 - box.center().x(), 128 - box.center().y()))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" '
        'viewBox="0 0 256 256">\n'
        "  <!-- 清风台账: a red seal with 清 (outline from Qingfeng Serif SC Bold, OFL) -->\n"
        f'  <rect x="8" y="8" width="240" height="240" rx="28" fill="{RED}"/>\n'
        f'  <rect x="26" y="26" width="204" height="204" rx="14" fill="none" '
        f'stroke="{PAPER}" stroke-width="10"/>\n'
        f'  <path fill="{PAPER}" d="{svg_path_data(path)}"/>\n'
        "</svg>\n"
    )


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico_bytes(pngs: list[tuple[int, bytes]]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, blob in pngs:
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = make_svg()
    ICONS.mkdir(parents=True, exist_ok=True)
    (ICONS / "qingfeng.svg").write_text(svg, encoding="utf-8")
    renderer = QSvgRenderer(QByteArray(svg.encode()))
    if not renderer.isValid():
        raise SystemExit("the generated SVG does not parse")
    (ICONS / "qingfeng.png").write_bytes(png_bytes(render(renderer, 256)))
    pngs = [(size, png_bytes(render(renderer, size))) for size in ICO_SIZES]
    (ICONS / "qingfeng.ico").write_bytes(ico_bytes(pngs))
    del app
    for name in ("qingfeng.svg", "qingfeng.png", "qingfeng.ico"):
        print(f"{ICONS / name}: {(ICONS / name).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
