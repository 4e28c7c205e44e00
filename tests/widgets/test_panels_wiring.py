"""The finding panels in the real window: they follow the current note, open what they show."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import focus_editor

from notedesk.app.application import AppController


@pytest.fixture
def controller(qtbot, tmp_path: Path):
    root = tmp_path / "vault"
    (root / "sub").mkdir(parents=True)
    (root / "Target.md").write_text(
        "# Target\n\n## Part one\n\ntext\n\n## Part two\n", encoding="utf-8"
    )
    (root / "sub" / "Source.md").write_text(
        "# Source\n\nSee [[Target#Part two]] here.\nTarget is also named plainly.\n#topic/sub\n",
        encoding="utf-8",
    )
    (root / "Other.md").write_text("# Other\n\nfind the zebra here\n", encoding="utf-8")
    app = AppController(root / "Target.md")
    app.start()
    qtbot.addWidget(app.window)
    app.load_rest()
    qtbot.waitUntil(lambda: app.index_service.ready, timeout=20000)
    yield app
    app.shutdown()


def test_backlinks_outline_and_outgoing_follow_the_current_note(qtbot, controller):
    panels = controller.panels
    qtbot.waitUntil(lambda: panels.backlinks.linked_count() == 1, timeout=10000)
    assert [h.text for h in controller.index_service.index.headings("Target.md")][:1] == ["Target"]
    controller.window.open_note("sub/Source.md")
    qtbot.waitUntil(lambda: len(panels.outgoing.entries()) == 1, timeout=10000)
    assert panels.outgoing.entries()[0].path == "Target.md"


def test_search_hit_opens_note_with_match_selected(qtbot, controller):
    panels = controller.panels
    with qtbot.waitSignal(panels.search.search_finished, timeout=10000):
        panels.search.set_query("zebra")
    assert [h.path for h in panels.search.hits()] == ["Other.md"]
    match = panels.search.hits()[0].matches[0]
    start, end = match.ranges[0]
    panels.search.open_at_requested.emit("Other.md", match.line, start, end)
    tab = controller.window.current_tab()
    assert tab.path == "Other.md"
    assert tab.editor.textCursor().selectedText() == "zebra"


def test_search_hit_on_an_attachment_opens_it_in_a_view_tab(qtbot, controller, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    root = Path(controller.vault.root)
    (root / "chart.png").write_bytes(b"\x89PNG")
    controller.index_service.index.build()
    panels = controller.panels
    with qtbot.waitSignal(panels.search.search_finished, timeout=10000):
        panels.search.set_query("file:.png")
    assert [h.path for h in panels.search.hits()] == ["chart.png"]
    panels.search.open_file_requested.emit("chart.png", False)
    assert opened == []
    assert controller.window.current_tab().path == "chart.png"


def test_linking_an_unlinked_mention_rewrites_the_source(qtbot, controller, tmp_path):
    panels = controller.panels
    panels.backlinks.link_mention_requested.emit("sub/Source.md", 4, 0, 6, "Target.md")
    text = (tmp_path / "vault" / "sub" / "Source.md").read_text(encoding="utf-8")
    assert "[[Target]] is also named plainly." in text


def test_tag_panel_lists_nested_tag(qtbot, controller):
    tags = controller.index_service.index.tags()
    assert any(t.lower().startswith("topic") for t in tags)
    controller.window.show_left_panel(controller.panels.tags)
    assert controller.window.left_panels.currentWidget() is controller.panels.tags


def test_palette_lists_window_actions(qtbot, controller):
    texts = {a.text().replace("&", "") for a in controller.panels._actions()}
    assert {"Save", "Quick Switcher…", "Search in Vault", "Toggle Source/Reading"} <= texts


def test_clicking_a_tag_in_the_preview_shows_its_notes(qtbot, controller):
    controller.window.open_note("sub/Source.md")
    tab = controller.window.current_tab()
    tab.link_activated.emit("vault://tag/topic/sub", False)
    assert controller.window.left_panels.currentWidget() is controller.panels.tags
    assert controller.panels.tags.selected_tag() == "topic/sub"


def test_staged_start_fills_the_panels_whichever_comes_first(qtbot, tmp_path: Path):
    """The app's own start: steps over event-loop turns, the wiring after its modules
    are preloaded; the index may be ready before or after the panels exist."""
    root = tmp_path / "vault"
    root.mkdir()
    (root / "A.md").write_text("#alpha [[B]]\n", encoding="utf-8")
    (root / "B.md").write_text("# B\n", encoding="utf-8")
    app = AppController(root / "B.md")
    app.start()
    qtbot.addWidget(app.window)
    try:
        app.load_rest(staged=True)
        qtbot.waitUntil(lambda: hasattr(app, "panels") and app.index_service.ready, timeout=20000)
        model = app.panels.tags.model
        qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=10000)
        assert model.item(0, 0).text() == "#alpha"
        qtbot.waitUntil(lambda: app.panels.backlinks.linked_count() == 1, timeout=10000)
        assert "A.md" in app.window.file_tree.source_model
    finally:
        app.shutdown()


def test_staged_start_without_a_note_sets_up_the_preview_later(qtbot, tmp_path: Path):
    root = tmp_path / "vault"
    root.mkdir()
    (root / "A.md").write_text("# A\n", encoding="utf-8")
    app = AppController(root)
    app.start()
    qtbot.addWidget(app.window)
    try:
        app.load_rest(staged=True)
        assert app.window.note_tabs() == []
        qtbot.waitUntil(lambda: hasattr(app, "panels") and app.index_service.ready, timeout=20000)
        tab = app.window.open_note("A.md")
        qtbot.waitUntil(lambda: tab.preview is not None, timeout=10000)
    finally:
        app.shutdown()


def test_clicking_the_search_tab_puts_the_keys_in_its_box(qtbot, controller):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    window = controller.window
    tab = focus_editor(qtbot, window)
    bar = window.left_panels.tabBar()
    index = window.left_panels.indexOf(controller.panels.search)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is controller.panels.search.input)
    qtbot.keyClicks(QApplication.focusWidget(), "zebra")
    assert controller.panels.search.input.text() == "zebra"
    assert tab.editor.toPlainText().startswith("# Target\n")  # nothing typed into the note


def test_edit_menu_acts_on_the_editor_and_keys_still_work(qtbot, controller):
    from PySide6.QtCore import Qt

    window = controller.window
    tab = focus_editor(qtbot, window)
    labels = {a.text().replace("&", ""): a for a in window.edit_menu.actions() if a.text()}
    assert {"Undo", "Redo", "Cut", "Copy", "Paste", "Select All", "Find…", "Replace…"} <= set(
        labels
    )
    assert labels["Undo"].shortcut().toString() == "Ctrl+Z"
    before = tab.editor.toPlainText()
    qtbot.keyClicks(tab.editor, "xy")
    labels["Undo"].trigger()  # from the menu
    assert tab.editor.toPlainText() == before
    qtbot.keyClicks(tab.editor, "zz")
    qtbot.keyClick(tab.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the keys
    assert tab.editor.toPlainText() == before
    labels["Find…"].trigger()
    assert tab.pane.find_bar.isVisible()
    help_labels = [a.text().replace("&", "") for a in window.help_menu.actions()]
    assert help_labels == ["Keyboard Shortcuts", "About notedesk"]
    rows = dict(window.edit_menus.shortcut_rows())
    assert rows["Save"] == "Ctrl+S" and rows["Quick Switcher"] == "Ctrl+O"


def test_quick_switcher_finds_a_note_by_its_frontmatter_title(qtbot, tmp_path):
    root = tmp_path / "foam"
    root.mkdir()
    (root / "index.md").write_text("---\ntitle: Index of everything\n---\n# Index\n", "utf-8")
    (root / "inbox.md").write_text("# Inbox\n", encoding="utf-8")
    app = AppController(root / "inbox.md")
    app.start()
    qtbot.addWidget(app.window)
    app.load_rest()
    try:
        qtbot.waitUntil(lambda: app.index_service.ready, timeout=20000)
        switcher = app.panels.switcher
        switcher.refresh()
        qtbot.waitUntil(lambda: not switcher._building, timeout=10000)
        assert [r.payload for r in switcher.rows("Index of")][:1] == ["index.md"]
        # ...and offers no new note named so.
        assert switcher.help_text("Index of", len(switcher.rows("Index of"))).startswith("↵ open")
    finally:
        app.shutdown()
