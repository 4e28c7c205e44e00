"""The editor in the real window: links checked, completed and followed through the index."""

from __future__ import annotations

from pathlib import Path

import pytest

from notedesk.app.application import AppController
from notedesk.app.editorwiring import split_target


def test_split_target():
    assert split_target("Note#Some Heading") == ("Note", "Some Heading")
    assert split_target("Note#^blk-1") == ("Note", "^blk-1")
    assert split_target("#Local#Sub") == ("", "Local#Sub")
    assert split_target("Plain") == ("Plain", "")


@pytest.fixture
def controller(qtbot, tmp_path: Path):
    root = tmp_path / "vault"
    root.mkdir()
    (root / "Here.md").write_text("# Here\n\n[[There#Part]] and [[Nowhere]]\n", encoding="utf-8")
    (root / "There.md").write_text(
        "---\naliases: [Yonder]\ntitle: Over There\n---\n# There\n\n## Part\n\nx ^blk\n",
        encoding="utf-8",
    )
    app = AppController(root / "Here.md")
    app.start()
    qtbot.addWidget(app.window)
    app.load_rest()
    qtbot.waitUntil(lambda: app.index_service.ready, timeout=20000)
    yield app
    app.shutdown()


def test_following_links_from_the_editor(qtbot, controller, tmp_path):
    window = controller.window
    tab = window.current_tab()
    tab.editor.follow_link_requested.emit("There#Part", False)
    assert window.current_tab().path == "There.md"
    window.open_note("Here.md")
    tab = window.current_tab()
    tab.editor.follow_link_requested.emit("Nowhere", True)
    assert (tmp_path / "vault" / "Nowhere.md").is_file()
    assert window.current_tab().path == "Nowhere.md"
    assert len(window.note_tabs()) == 2


def test_link_checker_and_completion_use_the_index(qtbot, controller):
    wiring = controller.editor_wiring
    tab = controller.window.current_tab()
    assert wiring._exists("There#Part", tab.path)
    assert not wiring._exists("Nowhere", tab.path)
    providers = wiring._providers(tab)
    notes = providers.notes()
    assert ("There", "There") in notes and ("Yonder", "There|Yonder") in notes
    assert not any("Over There" in text for pair in notes for text in pair)  # no link target
    assert ("Part", "Part") in providers.headings("There")
    assert ("blk", "blk") in providers.block_ids("There")


def test_hovering_a_link_in_the_preview_shows_the_target(qtbot, controller, monkeypatch):
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QToolTip

    shown: list[str] = []
    monkeypatch.setattr(
        QToolTip, "showText", staticmethod(lambda pos, text, *a: shown.append(text))
    )
    tab = controller.window.current_tab()
    tab.link_hovered.emit("vault://note/There.md#part", QPoint(10, 10))
    assert shown and "<b>There</b>" in shown[0] and "Part" in shown[0]
