"""The compare dialog's changed rows stay readable in light and dark windows."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from notedesk.app.widgets.comparedialog import DiffSide
from notedesk.core.conflicts import side_by_side


def _marks(side: DiffSide) -> set[str]:
    return {s.format.background().color().name() for s in side.extraSelections()}


def test_changed_rows_are_marked_for_the_window_s_brightness(qtbot) -> None:
    rows = side_by_side("same\nmine\n", "same\ntheirs\n")
    light = DiffSide()
    qtbot.addWidget(light)
    light.show_rows(rows, left=True)
    dark = DiffSide()
    qtbot.addWidget(dark)
    palette = QPalette(dark.palette())
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1f22"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    dark.setPalette(palette)
    dark.show_rows(rows, left=True)
    assert _marks(light) and _marks(dark)
    assert all(QColor(c).lightness() > 180 for c in _marks(light))  # under dark text
    assert all(QColor(c).lightness() < 90 for c in _marks(dark))  # under light text
