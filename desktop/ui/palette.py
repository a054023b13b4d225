"""The program's own light palette, set at start whatever the desktop's colour scheme.

The main window's style sheet paints light backgrounds (sidebar, table headers, the
summary paragraph); under a dark system palette (Windows' dark mode, a dark Linux theme)
Qt would draw the palette's light text on them and the clerk would read nothing. So the
program asks for the light scheme and sets every colour role itself.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

INK = "#1f1f1f"
GREY_INK = "#8c8c8c"  # disabled text, placeholders
COLOURS: dict[QPalette.ColorRole, str] = {
    Role.Window: "#f5f4f2",
    Role.WindowText: INK,
    Role.Base: "#ffffff",
    Role.AlternateBase: "#f7f5f2",
    Role.Text: INK,
    Role.Button: "#efedea",
    Role.ButtonText: INK,
    Role.BrightText: "#ffffff",
    Role.Light: "#ffffff",
    Role.Midlight: "#e8e6e3",
    Role.Mid: "#b8b5b0",
    Role.Dark: "#8f8c87",
    Role.Shadow: "#5a5855",
    Role.Highlight: "#b8282e",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#1a5fb4",
    Role.LinkVisited: "#6b3fa0",
    Role.ToolTipBase: "#fffbe6",
    Role.ToolTipText: INK,
    Role.PlaceholderText: GREY_INK,
}
DISABLED: dict[QPalette.ColorRole, str] = {
    Role.WindowText: GREY_INK,
    Role.Text: GREY_INK,
    Role.ButtonText: GREY_INK,
    Role.Base: "#f3f2f0",
    Role.Highlight: "#c9c6c1",
}


def light_palette() -> QPalette:
    palette = QPalette()
    for role, colour in COLOURS.items():
        palette.setColor(role, QColor(colour))
    for role, colour in DISABLED.items():
        palette.setColor(Group.Disabled, role, QColor(colour))
    return palette


def use_light_palette(app: QApplication) -> None:
    """Light colours for every window of the program, set once at start."""
    # Qt.ColorScheme.Light, set by name: the `Qt` namespace is not needed before the first
    # paint (see desktop/ui/__init__.py)
    app.styleHints().setProperty("colorScheme", "Light")
    app.setPalette(light_palette())
