"""Screen readers get a name for each main widget, the find bar's buttons and the tab buttons."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QMessageBox, QTabBar, QWidget

from notedesk.app.application import AppController


def spoken(widget: QWidget) -> str:
    face = QAccessible.queryAccessibleInterface(widget)
    assert face is not None
    return face.text(QAccessible.Text.Name)


def test_main_widgets_have_accessible_names(qtbot, tmp_path: Path, monkeypatch):
    root = tmp_path / "vault"
    root.mkdir()
    (root / "Alpha.md").write_text("# Alpha\n\n#tag [[Beta]]\n", encoding="utf-8")
    (root / "Beta.md").write_text("# Beta\n", encoding="utf-8")
    controller = AppController(root / "Alpha.md")
    controller.start()
    qtbot.addWidget(controller.window)
    controller.load_rest()
    try:
        window = controller.window
        panels = controller.panels
        assert spoken(window.file_tree) == "Files"
        assert spoken(panels.search.input) == "Search the vault"
        assert spoken(panels.search.tree) == "Search results"
        assert spoken(panels.backlinks.tree) == "Backlinks"
        assert spoken(panels.outline.tree) == "Outline"
        assert spoken(panels.outgoing.list) == "Outgoing links"
        assert spoken(panels.tags.tree) == "Tags"
        assert spoken(panels.tags.notes) == "Notes with the tag"

        tab = window.current_tab()
        assert spoken(tab.editor) == "Note editor: Alpha"
        bar = tab.pane.find_bar
        buttons = {
            spoken(b)
            for b in (
                bar.case_button,
                bar.word_button,
                bar.regex_button,
                bar.previous_button,
                bar.next_button,
                bar.close_button,
            )
        }
        assert buttons == {
            "Match case",
            "Whole word",
            "Regular expression",
            "Previous match",
            "Next match",
            "Close the find bar",
        }
        window.open_note("Beta.md", True)
        tabs = window.tab_area.tabs
        closes = [
            spoken(tabs.tabBar().tabButton(i, QTabBar.ButtonPosition.RightSide))
            for i in range(tabs.count())
        ]
        assert closes == ["Close Alpha", "Close Beta"]

        ops = controller.files_wiring.ops
        monkeypatch.setattr(ops, "ask_update_links", lambda _plan: QMessageBox.StandardButton.No)
        monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: pytest.fail(text))
        qtbot.waitUntil(lambda: controller.index_service.ready, timeout=10000)
        ops.rename("Alpha.md", "Gamma")
        qtbot.waitUntil(lambda: tab.path == "Gamma.md", timeout=10000)
        assert spoken(tab.editor) == "Note editor: Gamma"
        index = tabs.indexOf(tab)
        close = tabs.tabBar().tabButton(index, QTabBar.ButtonPosition.RightSide)
        assert spoken(close) == "Close Gamma"
    finally:
        controller.shutdown()


def test_preview_is_named_after_its_note(qtbot, running_app, tmp_path: Path):
    root = tmp_path / "vault"
    root.mkdir()
    (root / "Alpha.md").write_text("# Alpha\n", encoding="utf-8")
    controller = running_app(root / "Alpha.md")
    tab = controller.window.current_tab()
    qtbot.waitUntil(lambda: tab.preview is not None, timeout=20000)
    assert spoken(tab.preview) == "Preview: Alpha"
