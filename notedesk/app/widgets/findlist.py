"""The "type to find" popup shared by the quick switcher and the command palette.

It is a frame laid over its parent widget (the main window), not a top-level
window: no window-manager stacking, no keyboard grab, and it moves with the
window. It closes on Esc, after a choice, or when the focus leaves it.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QHideEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from notedesk.app.widgets.findrows import PAD, FindDelegate, Row, RowModel
from notedesk.app.widgets.themelook import focus_kept_elsewhere, follow_palette, sheet_colour

__all__ = ["FindPopup", "Row"]


class FindPopup(QFrame):
    """A query box over a list; subclasses supply ``rows(query)`` and ``accept_row``.

    Up/Down/PageUp/PageDown (and Tab/Shift+Tab) move through the list while the box
    keeps the focus; Esc closes. ``accept_row(row, modifiers)`` gets the chosen row on
    Enter or a click.
    """

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._return_focus: QWidget | None = None
        self._cancelled = False
        self.gave_back: QWidget | None = None  # the widget the last closing gave focus to
        # After a choice (not after Esc): gives the keys to where the choice leads (the
        # opened note's editor); returns False to give them back as after Esc.
        self.focus_after_choice: Callable[[], bool] | None = None
        self._watching_parent = False
        self.setObjectName("findPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        # No QGraphicsDropShadowEffect: its software blur of the whole popup cost ~20 ms
        # per keystroke; a raised frame line is enough.
        self.hide()
        self.input = QLineEdit(self)
        self.input.setPlaceholderText(placeholder)
        self.input.setClearButtonEnabled(True)
        self.input.setAccessibleName(placeholder.rstrip("…."))
        self.list = QListView(self)
        self.list.setAccessibleName("Matches")
        # Not uniform: rows with a subtitle are two lines high, the others one.
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.model = RowModel(self)
        self.list.setModel(self.model)
        self.list.setItemDelegate(FindDelegate(self.list))
        self._restyle(QApplication.palette(self))
        follow_palette(self, lambda _old, new: self._restyle(new))
        self.status = QLabel(self)
        self.status.setObjectName("findStatus")
        self.status.setContentsMargins(PAD, 0, PAD, 2)
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.input)
        layout.addWidget(self.list)
        layout.addWidget(self.status)
        self.input.textChanged.connect(self._on_input_text_changed)
        self.input.installEventFilter(self)
        self.list.clicked.connect(self._on_list_clicked)
        self.resize(620, 420)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_app_focus_changed)

    def _restyle(self, palette: QPalette) -> None:
        """The frame in the theme's colours: redone when the theme changes."""
        mid = sheet_colour(palette, QPalette.ColorRole.Mid)
        window = sheet_colour(palette, QPalette.ColorRole.Window)
        self.setStyleSheet(
            f"#findPopup {{ border: 1px solid {mid}; border-radius: 6px; background: {window}; }}"
        )
        focus_kept_elsewhere(self.list, palette)

    # -- subclass hooks ------------------------------------------------------

    def rows(self, query: str) -> list[Row]:
        raise NotImplementedError

    def accept_row(self, row: Row | None, modifiers: Qt.KeyboardModifier) -> None:
        raise NotImplementedError

    def help_text(self, query: str, count: int) -> str:
        return ""

    # -- behaviour -----------------------------------------------------------

    def popup(self, text: str = "") -> None:
        """Show over the top of the parent's window with ``text`` in the box."""
        before = QApplication.focusWidget()
        if before is not None and before is not self.input and not self.isAncestorOf(before):
            self._return_focus = before
        parent = self.parentWidget()
        if parent is not None and not self._watching_parent:
            parent.installEventFilter(self)  # follow the window's size while shown
            self._watching_parent = True
        self._place()
        self.input.blockSignals(True)
        self.input.setText(text)
        self.input.blockSignals(False)
        self.update_rows()
        self.show()
        self.raise_()
        self.input.setFocus()
        self.input.selectAll()

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        width = min(640, max(320, parent.width() - 40))
        self.resize(width, self.height())
        self.move((parent.width() - width) // 2, max(20, parent.height() // 8))

    def _fit_height(self) -> None:
        """Grow with the rows up to a cap, so two results do not sit in a tall empty box."""
        parent = self.parentWidget()
        cap = min(460, parent.height() - self.y() - 20) if parent is not None else 460
        rows = self.model.rowCount()
        if self.list.uniformItemSizes():
            list_h = self.list.sizeHintForRow(0) * min(rows, 14) if rows else 0
        else:
            list_h = sum(self.list.sizeHintForRow(r) for r in range(min(rows, 14)))
        list_h += 2 * self.list.frameWidth() + (4 if rows else 0)
        self.list.setVisible(rows > 0)
        margins = self._layout.contentsMargins()
        chrome = (
            self.input.sizeHint().height()
            + self.status.sizeHint().height()
            + margins.top()
            + margins.bottom()
            + 2 * self._layout.spacing()
            + 2 * self.frameWidth()
        )
        self.resize(self.width(), max(chrome, min(cap, chrome + (list_h if rows else 0))))

    def update_rows(self) -> None:
        query = self.input.text()
        rows = self.rows(query)
        self.model.set_rows(rows)
        if rows:
            self.list.setCurrentIndex(self.model.index(0, 0))
        self.status.setText(self.help_text(query, len(rows)))
        self._fit_height()

    def current_row(self) -> Row | None:
        index = self.list.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def row_titles(self) -> list[str]:
        return [row.title for r in range(self.model.rowCount()) if (row := self.model.row_at(r))]

    def _move(self, delta: int) -> None:
        count = self.model.rowCount()
        if count == 0:
            return
        current = self.list.currentIndex().row()
        target = max(0, min(count - 1, current + delta)) if current >= 0 else 0
        self.list.setCurrentIndex(self.model.index(target, 0))

    def _page(self) -> int:
        first = self.list.sizeHintForRow(0) if self.model.rowCount() else 0
        return max(1, self.list.viewport().height() // first) if first > 0 else 10

    def hideEvent(self, event: QHideEvent) -> None:
        # Esc gives the keyboard back to where the user was typing; a choice to where
        # it leads (``focus_after_choice``), else back too.
        target, self._return_focus = self._return_focus, None
        cancelled, self._cancelled = self._cancelled, False
        self.gave_back = None
        focus = QApplication.focusWidget()
        ours = focus is None or focus is self.input or self.isAncestorOf(focus)
        chooser = self.focus_after_choice
        if ours and not cancelled and chooser is not None and chooser():
            target = None
        if target is not None and shiboken6.isValid(target) and ours:
            target.setFocus(Qt.FocusReason.PopupFocusReason)
            self.gave_back = target
        super().hideEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.parentWidget()
            and event.type() == QEvent.Type.Resize
            and self.isVisible()
        ):
            self._place()
            self._fit_height()
            return False
        if watched is self.input and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = Qt.Key(event.key())
            moves = {
                Qt.Key.Key_Down: 1,
                Qt.Key.Key_Up: -1,
                Qt.Key.Key_Tab: 1,  # not out of the popup (which would close it)
                Qt.Key.Key_Backtab: -1,
                Qt.Key.Key_PageDown: self._page(),
                Qt.Key.Key_PageUp: -self._page(),
            }
            if key in moves:
                self._move(moves[key])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept_row(self.current_row(), event.modifiers())
                return True
            if key == Qt.Key.Key_Escape:
                self._cancelled = True
                self.close()
                return True
        return super().eventFilter(watched, event)

    def _on_input_text_changed(self, _text: str) -> None:
        self.update_rows()

    def _on_list_clicked(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.accept_row(row, QApplication.keyboardModifiers())

    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # Focus going nowhere (another application) keeps the popup; a click elsewhere
        # in the window closes it like a menu.
        if self.isVisible() and new is not None and new is not self and not self.isAncestorOf(new):
            self.close()
