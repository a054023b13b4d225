"""Make sure the interface font can show Simplified Chinese."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop import resources

log = logging.getLogger(__name__)

# Tried in order when the platform's default font has no Chinese glyphs.
PREFERRED = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
)
BUNDLED = "QingfengSansSC-Medium.ttf"
SC = QFontDatabase.WritingSystem.SimplifiedChinese


def ensure_cjk_font(app: QApplication, point_size: float = 10.0) -> str:
    """Pick a CJK-capable UI font; load the bundled one if the system has none.

    Returns the family in use.
    """
    current = app.font()
    families = QFontDatabase.families(SC)
    if current.family() in families:
        return current.family()
    family = next((f for f in PREFERRED if f in families), None)
    if family is None and families:
        family = families[0]
    if family is None:
        path = resources.resource("fonts", BUNDLED)
        font_id = QFontDatabase.addApplicationFont(str(path)) if path.exists() else -1
        loaded = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not loaded:
            log.warning("no font with Chinese glyphs found; text may show as boxes")
            return current.family()
        family = loaded[0]
    font = QFont(family)
    font.setPointSizeF(max(current.pointSizeF(), point_size))
    app.setFont(font)
    return family
