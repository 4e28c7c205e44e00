"""The source editor's colours per theme (the highlighter has its own palette)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

EDITOR_COLOURS = {
    "light": {"base": "#ffffff", "text": "#2e3338", "selection": "#d9d2ff", "hint": "#9aa0a6"},
    "dark": {"base": "#1b1b1d", "text": "#dcddde", "selection": "#4a3f8f", "hint": "#6f7075"},
}


def editor_palette(palette: QPalette, theme: str) -> QPalette:
    """``palette`` with the editor's background, text, selection and placeholder colours."""
    if theme not in EDITOR_COLOURS:
        raise ValueError(theme)
    colours = EDITOR_COLOURS[theme]
    out = QPalette(palette)
    out.setColor(QPalette.ColorRole.Base, QColor(colours["base"]))
    out.setColor(QPalette.ColorRole.Text, QColor(colours["text"]))
    out.setColor(QPalette.ColorRole.Highlight, QColor(colours["selection"]))
    out.setColor(QPalette.ColorRole.HighlightedText, QColor(colours["text"]))
    out.setColor(QPalette.ColorRole.PlaceholderText, QColor(colours["hint"]))
    return out
