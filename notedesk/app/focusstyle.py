"""Keyboard focus that shows in either theme: a clear focus frame, a muted unfocused selection.

Fusion draws its focus frame in a faint tint of the highlight (about 1.2:1 on a dark
tab) and selects rows in the same colour whether or not the list has the focus.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QStyleOptionFocusRect,
    QWidget,
)

FOCUS_WIDTH = 2
_ACTIVE = QPalette.ColorGroup.Active
_INACTIVE = QPalette.ColorGroup.Inactive


def _mix(a: QColor, b: QColor, share_of_a: float) -> QColor:
    def part(x: float, y: float) -> float:
        return x * share_of_a + y * (1 - share_of_a)

    return QColor.fromRgbF(
        part(a.redF(), b.redF()), part(a.greenF(), b.greenF()), part(a.blueF(), b.blueF())
    )


def focus_colour(palette: QPalette) -> QColor:
    """The focus frame: the highlight, lighter on a dark window so it stands out (>= 3:1)."""
    highlight = palette.color(_ACTIVE, QPalette.ColorRole.Highlight)
    dark = palette.color(_ACTIVE, QPalette.ColorRole.Window).lightness() < 128
    return highlight.lighter(135) if dark else highlight.darker(115)


def mark_inactive_selection(palette: QPalette) -> None:
    """A selection in a list or tree without the focus: a pale tint of the highlight with
    the normal text colour, so the focused one (full highlight) stands out."""
    base = palette.color(_ACTIVE, QPalette.ColorRole.Base)
    highlight = palette.color(_ACTIVE, QPalette.ColorRole.Highlight)
    palette.setColor(_INACTIVE, QPalette.ColorRole.Highlight, _mix(highlight, base, 0.3))
    palette.setColor(
        _INACTIVE,
        QPalette.ColorRole.HighlightedText,
        palette.color(_ACTIVE, QPalette.ColorRole.Text),
    )


class FocusStyle(QProxyStyle):
    """The application's style with a solid focus frame in ``focus_colour``."""

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element != QStyle.PrimitiveElement.PE_FrameFocusRect:
            super().drawPrimitive(element, option, painter, widget)
            return
        if not option.state & QStyle.StateFlag.State_KeyboardFocusChange:
            return  # as Fusion: only once the keyboard moved the focus, not on a click
        colour = focus_colour(option.palette)
        if isinstance(option, QStyleOptionFocusRect):
            # On a selected row the frame would vanish into the highlight.
            background = option.backgroundColor
            highlight = option.palette.color(QPalette.ColorRole.Highlight)
            if background.isValid() and background.rgb() == highlight.rgb():
                colour = option.palette.color(QPalette.ColorRole.HighlightedText)
        _frame(painter, option.rect, colour)

    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawControl(element, option, painter, widget)
        # Fusion marks the focused tab only by a slightly lighter fill (1.2:1 in dark).
        focused = QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_KeyboardFocusChange
        if (
            element == QStyle.ControlElement.CE_TabBarTabShape
            and (option.state & focused) == focused
        ):
            _frame(painter, option.rect.adjusted(2, 2, -2, -1), focus_colour(option.palette))


def _frame(painter: QPainter, rect: QRect, colour: QColor) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setPen(QPen(colour, FOCUS_WIDTH))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    half = FOCUS_WIDTH // 2
    painter.drawRect(rect.adjusted(half, half, -half, -half))
    painter.restore()


def install_focus_style(app: QApplication) -> None:
    """Wrap the application's style (once) in FocusStyle."""
    if isinstance(app.style(), FocusStyle):
        return
    base = QStyleFactory.create(app.style().name())
    app.setStyle(FocusStyle(base))
