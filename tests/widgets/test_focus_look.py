"""Keyboard focus shows in both themes: the focus frame, and the selection of a list with focus."""

from __future__ import annotations

import pytest
from look_helpers import contrast
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionFocusRect, QTabBar

ACTIVE = QPalette.ColorGroup.Active
INACTIVE = QPalette.ColorGroup.Inactive


@pytest.mark.parametrize("choice", ["light", "dark"])
def test_selection_without_focus_differs_from_the_focused_one(theme, choice):
    theme.set_choice(choice)
    palette = QApplication.palette()
    active = palette.color(ACTIVE, QPalette.ColorRole.Highlight)
    inactive = palette.color(INACTIVE, QPalette.ColorRole.Highlight)
    assert contrast(active, inactive) > 1.5
    base = palette.color(ACTIVE, QPalette.ColorRole.Base)
    assert inactive.rgb() != base.rgb()  # still shows where the selection is
    text = palette.color(INACTIVE, QPalette.ColorRole.HighlightedText)
    assert contrast(text, inactive) >= 4.5


@pytest.mark.parametrize("choice", ["light", "dark"])
def test_focus_frame_stands_out_on_a_list_row(qtbot, theme, choice):
    theme.set_choice(choice)
    bar = QTabBar()
    qtbot.addWidget(bar)
    palette = QApplication.palette()
    background = palette.color(ACTIVE, QPalette.ColorRole.Button)
    image = QImage(60, 30, QImage.Format.Format_RGB32)
    image.fill(background)
    option = QStyleOptionFocusRect()
    option.initFrom(bar)
    option.palette = palette
    option.rect = QRect(0, 0, 60, 30)
    option.state |= QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_KeyboardFocusChange
    painter = QPainter(image)
    QApplication.style().drawPrimitive(
        QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter, bar
    )
    painter.end()
    edge = max(contrast(image.pixelColor(x, 15), background) for x in range(0, 4))
    assert edge >= 3.0


@pytest.mark.parametrize("choice", ["light", "dark"])
def test_unfocused_rows_draw_text_in_the_inactive_colours(qtbot, theme, choice):
    from PySide6.QtWidgets import QStyleOptionViewItem

    from notedesk.app.widgets.themelook import item_group

    theme.set_choice(choice)
    option = QStyleOptionViewItem()
    option.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Selected
    group = item_group(option)
    palette = QApplication.palette()
    text = palette.color(group, QPalette.ColorRole.HighlightedText)
    assert contrast(text, palette.color(group, QPalette.ColorRole.Highlight)) >= 4.5
    option.state |= QStyle.StateFlag.State_Active
    assert item_group(option) == ACTIVE


def test_popup_list_shows_its_choice_in_full_highlight_without_focus(qtbot, theme):
    from notedesk.app.widgets.findlist import FindPopup

    class Popup(FindPopup):
        def rows(self, query):
            return []

        def accept_row(self, row, modifiers):
            pass

    popup = Popup("Find")
    qtbot.addWidget(popup)
    for choice in ("dark", "light"):
        theme.set_choice(choice)
        qtbot.wait(10)
        own = popup.list.palette()
        active = QApplication.palette().color(ACTIVE, QPalette.ColorRole.Highlight)
        assert own.color(INACTIVE, QPalette.ColorRole.Highlight) == active


@pytest.mark.parametrize("choice", ["light", "dark"])
def test_focused_tab_has_a_frame_that_stands_out(qtbot, theme, choice):
    from PySide6.QtWidgets import QStyleOptionTab

    theme.set_choice(choice)
    bar = QTabBar()
    qtbot.addWidget(bar)
    bar.addTab("Note")
    option = QStyleOptionTab()
    bar.initStyleOption(option, 0)
    option.palette = QApplication.palette()
    option.rect = QRect(0, 0, 120, 30)
    images = []
    for extra in (QStyle.StateFlag.State_None, QStyle.StateFlag.State_HasFocus):
        option.state = (
            QStyle.StateFlag.State_Enabled
            | QStyle.StateFlag.State_Selected
            | QStyle.StateFlag.State_KeyboardFocusChange
            | extra
        )
        image = QImage(120, 30, QImage.Format.Format_RGB32)
        image.fill(option.palette.color(QPalette.ColorRole.Window))
        painter = QPainter(image)
        QApplication.style().drawControl(QStyle.ControlElement.CE_TabBarTab, option, painter, bar)
        painter.end()
        images.append(image)
    plain, focused = images
    # Along the middle row, what the focus adds differs clearly from the tab without it.
    best = max(contrast(focused.pixelColor(x, 15), plain.pixelColor(x, 15)) for x in range(0, 12))
    assert best >= 3.0
