"""Colours that follow the theme: readable in light and dark, and redone when it changes.

A theme change sets the application palette. What a widget fixed at creation from
the palette (a style sheet, an item's colour) is redone then with ``follow_palette``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidget,
    QStyle,
    QStyleOptionViewItem,
    QTreeWidget,
    QWidget,
)

# Error text: at least 4.5:1 on the window and base colours of either theme.
_ERROR = {"light": "#b3261e", "dark": "#ff8a80"}

Refresh = Callable[[QPalette, QPalette], None]


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def error_colour(palette: QPalette) -> QColor:
    return QColor(_ERROR["dark" if is_dark(palette) else "light"])


class _Follower(QObject):
    def __init__(self, widget: QWidget, refresh: Refresh) -> None:
        super().__init__(widget)
        self._widget = widget
        self._refresh = refresh
        self._palette = QPalette(QApplication.palette(widget))
        self._pending = False
        # Not the widget's PaletteChange event: a widget with a style sheet keeps the
        # palette the sheet gave it and is not told of the application's new one.
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.paletteChanged.connect(self._on_app_palette_changed)

    def _on_app_palette_changed(self, _palette: QPalette) -> None:
        if not self._pending:
            # After Qt has handed the new palette to every widget.
            self._pending = True
            QTimer.singleShot(0, self, self._fire)  # not after the widget is gone

    def _fire(self) -> None:
        self._pending = False
        new = QPalette(QApplication.palette(self._widget))
        if new == self._palette:
            return
        old, self._palette = self._palette, new
        self._refresh(old, new)


def follow_palette(widget: QWidget, refresh: Refresh) -> None:
    """Call ``refresh(old, new)`` soon after the theme's palette changes.

    ``new`` is the application palette: a widget with a style sheet keeps the palette
    the sheet gave it, so its own palette does not tell.
    """
    _Follower(widget, refresh)


def sheet_colour(palette: QPalette, role: QPalette.ColorRole) -> str:
    """A palette colour as a style sheet writes it (``palette(role)`` in a sheet is
    resolved once, when the sheet is set)."""
    return palette.color(role).name()


def recolour_items(
    view: QTreeWidget | QListWidget,
    old: QPalette,
    new: QPalette,
    roles: Iterable[tuple[QPalette.ColorGroup, QPalette.ColorRole]],
) -> None:
    """Item text drawn in one of the old palette's ``roles`` takes the new palette's colour."""
    mapping = {old.color(g, r).rgba(): new.color(g, r) for g, r in roles}

    def mapped(brush: QBrush) -> QColor | None:
        if brush.style() == Qt.BrushStyle.NoBrush:
            return None
        return mapping.get(brush.color().rgba())

    if isinstance(view, QListWidget):
        for row in range(view.count()):
            item = view.item(row)
            colour = mapped(item.foreground())
            if colour is not None:
                item.setForeground(QBrush(colour))
        return
    columns = view.columnCount()
    pending = [view.topLevelItem(i) for i in range(view.topLevelItemCount())]
    while pending:
        tree_item = pending.pop()
        pending.extend(tree_item.child(i) for i in range(tree_item.childCount()))
        for column in range(columns):
            colour = mapped(tree_item.foreground(column))
            if colour is not None:
                tree_item.setForeground(column, QBrush(colour))


def notice_look(label: QLabel) -> None:
    """A notice strip: the window's text on the alternate base, in either theme (bright
    text would be white on a light window), following theme changes."""

    def restyle(palette: QPalette) -> None:
        text = sheet_colour(palette, QPalette.ColorRole.WindowText)
        background = sheet_colour(palette, QPalette.ColorRole.AlternateBase)
        mid = sheet_colour(palette, QPalette.ColorRole.Mid)
        label.setStyleSheet(
            f"padding: 8px; color: {text}; background: {background};"
            f" border-bottom: 1px solid {mid};"
        )

    restyle(QApplication.palette(label))
    follow_palette(label, lambda _old, new: restyle(new))


def error_look(label: QLabel) -> None:
    """``label`` shows an error: red text readable in either theme, following changes."""

    def recolour(palette: QPalette) -> None:
        own = label.palette()
        own.setColor(QPalette.ColorRole.WindowText, error_colour(palette))
        label.setPalette(own)

    recolour(QApplication.palette(label))
    follow_palette(label, lambda _old, new: recolour(new))


def item_group(option: QStyleOptionViewItem) -> QPalette.ColorGroup:
    """The palette group a list's row is drawn in: Inactive when the list lacks the focus
    (its selection is then a pale tint, on which the active highlighted text would vanish)."""
    state = option.state
    if not state & QStyle.StateFlag.State_Enabled:
        return QPalette.ColorGroup.Disabled
    if state & QStyle.StateFlag.State_Active:
        return QPalette.ColorGroup.Active
    return QPalette.ColorGroup.Inactive


def focus_kept_elsewhere(view: QWidget, palette: QPalette) -> None:
    """A list that never takes the focus (its text box keeps it): its selection always
    in the full highlight, as though it had the focus."""
    own = QPalette(palette)
    for role in (QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText):
        own.setColor(
            QPalette.ColorGroup.Inactive, role, palette.color(QPalette.ColorGroup.Active, role)
        )
    view.setPalette(own)
