"""A theme change reaches everything at once; error text is readable in both themes."""

from __future__ import annotations

from look_helpers import contrast, luminance
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget

from notedesk.app.widgets.backlinks import BacklinksPane
from notedesk.app.widgets.conflictbar import ConflictBar
from notedesk.app.widgets.findlist import FindPopup, Row
from notedesk.app.widgets.searchpanel import SearchPanel
from notedesk.core.index import VaultIndex
from notedesk.core.mentions import mention_terms, scan_unlinked
from notedesk.core.query import QueryError
from notedesk.core.vault import Vault


def _switch(qtbot, manager, choice: str) -> QPalette:
    manager.set_choice(choice)
    qtbot.wait(10)  # the widgets redo their colours in the next event-loop turn
    return QApplication.palette()


class _Popup(FindPopup):
    def rows(self, query: str) -> list[Row]:
        return []

    def accept_row(self, row, modifiers) -> None:
        pass


def test_find_popup_frame_follows_the_theme(qtbot, theme):
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(900, 700)
    popup = _Popup("Find", host)
    host.show()
    popup.show()

    def background() -> str:
        return popup.grab().toImage().pixelColor(3, popup.height() // 2).name()

    assert background() == QApplication.palette().window().color().name()
    dark = _switch(qtbot, theme, "dark")
    assert background() == dark.window().color().name()
    light = _switch(qtbot, theme, "light")
    assert background() == light.window().color().name()


def test_backlinks_link_cells_follow_the_theme(qtbot, theme, sample_vault):
    index = VaultIndex(Vault(sample_vault))
    index.build()

    def unlinked(path, only, cancelled=None):
        meta = index.note(path)
        terms = mention_terms(path, meta.aliases if meta else [])
        return lambda: scan_unlinked(path, terms, index.notes(), index.vault.read_text)

    pane = BacklinksPane(index.backlinks, unlinked)
    qtbot.addWidget(pane)
    pane.show()
    with qtbot.waitSignals([pane.linked_updated, pane.unlinked_updated], timeout=10000):
        pane.set_note("Machine learning.md")
    section = pane.unlinked_section
    cells = [
        section.child(i).child(j)
        for i in range(section.childCount())
        for j in range(section.child(i).childCount())
    ]
    cells = [c for c in cells if c.text(1) == "Link"]
    assert cells
    dark = _switch(qtbot, theme, "dark")
    link = dark.color(QPalette.ColorRole.Link)
    assert {c.foreground(1).color().name() for c in cells} == {link.name()}


def test_search_error_is_readable_in_both_themes(qtbot, theme):
    def search(query, limit):
        raise QueryError("unbalanced parenthesis")

    panel = SearchPanel(search, debounce_ms=0)
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        panel.set_query("(oops")
    for choice in ("dark", "light", "dark"):
        palette = _switch(qtbot, theme, choice)
        text = panel.error.palette().color(QPalette.ColorRole.WindowText)
        assert contrast(text, palette.window().color()) >= 4.5, choice
        assert text.red() > text.green() + 60, choice  # still reads as an error


def test_conflict_bar_is_readable_in_both_themes(qtbot, theme):
    bar = ConflictBar()
    qtbot.addWidget(bar)
    bar.show_conflict()
    for choice in ("light", "dark"):
        _switch(qtbot, theme, choice)
        image = bar.grab().toImage()
        background = image.pixelColor(2, 2)
        text = bar.label.palette().color(bar.label.foregroundRole())
        assert contrast(text, background) >= 4.5, choice
    # in the dark theme the bar is not a light strip
    assert luminance(bar.grab().toImage().pixelColor(2, 2)) < 0.2


def test_current_find_match_is_readable_in_the_dark_theme(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor

    from notedesk.app.widgets.editorpane import EditorPane

    pane = EditorPane()
    qtbot.addWidget(pane)
    pane.editor.set_theme("dark")
    pane.show()
    pane.editor.set_text_without_undo("a cat and a cat\n")
    pane.show_find()
    qtbot.keyClicks(pane.find_bar.find_edit, "cat")
    qtbot.keyClick(pane.find_bar.find_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(pane.editor.extraSelections()) == 2)
    palette = pane.editor.palette()
    base = palette.color(QPalette.ColorRole.Base)
    for selection in pane.editor.extraSelections():
        fmt = selection.format
        background = fmt.background().color()
        alpha = background.alphaF()
        shown = QColor.fromRgbF(
            background.redF() * alpha + base.redF() * (1 - alpha),
            background.greenF() * alpha + base.greenF() * (1 - alpha),
            background.blueF() * alpha + base.blueF() * (1 - alpha),
        )
        has_text = fmt.hasProperty(fmt.Property.ForegroundBrush)
        text = fmt.foreground().color() if has_text else palette.color(QPalette.ColorRole.Text)
        assert contrast(text, shown) >= 4.0
