"""The window follows what the vault's .obsidian/app.json says (and never writes it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from notedesk.app.application import AppController
from notedesk.app.linkfollow import follow_unresolved
from notedesk.core.search import Hit


def _vault(tmp_path: Path, app_json: object | None) -> Path:
    root = tmp_path / "vault"
    for folder in ("Sub", "Inbox", "Teams", ".obsidian"):
        (root / folder).mkdir(parents=True)
    (root / "Sub" / "A.md").write_text("# A\n\nsee [[B]] and Meeting plans\n", encoding="utf-8")
    (root / "B.md").write_text("# B\n\nalpha\n", encoding="utf-8")
    (root / "Teams" / "Meeting plans.md").write_text("alpha [[B]] Roadmap\n", encoding="utf-8")
    (root / "Other.md").write_text("the Roadmap here\n", encoding="utf-8")
    (root / "Roadmap.md").write_text("# Roadmap\n", encoding="utf-8")
    if isinstance(app_json, str):
        (root / ".obsidian" / "app.json").write_text(app_json, encoding="utf-8")
    elif app_json is not None:
        (root / ".obsidian" / "app.json").write_text(json.dumps(app_json), encoding="utf-8")
    return root


def _start(qtbot, root: Path) -> AppController:
    app = AppController(root / "Sub" / "A.md")
    app.start()
    qtbot.addWidget(app.window)
    app.load_rest()
    qtbot.waitUntil(lambda: app.index_service.ready, timeout=20000)
    qtbot.waitUntil(lambda: "B.md" in app.window.file_tree.source_model, timeout=10000)
    return app


@pytest.fixture
def app_on(qtbot, tmp_path):
    apps: list[AppController] = []

    def start(app_json: object | None) -> AppController:
        app = _start(qtbot, _vault(tmp_path, app_json))
        apps.append(app)
        return app

    yield start
    for app in apps:
        app.shutdown()


def _create_from_link(qtbot, app: AppController, target: str) -> str:
    window = app.window
    follow_unresolved(window, target, "Sub/A.md", False)
    qtbot.waitUntil(lambda: window.current_tab().path != "Sub/A.md", timeout=5000)
    return window.current_tab().path


def test_without_a_setting_new_notes_go_beside_the_current_note(qtbot, app_on):
    app = app_on(None)
    assert _create_from_link(qtbot, app, "Brand new note") == "Sub/Brand new note.md"
    assert app.files_wiring._new_note_folder() == "Sub"


@pytest.mark.parametrize(
    ("setting", "folder"),
    [
        ({"newFileLocation": "folder", "newFileFolderPath": "Inbox"}, "Inbox"),
        ({"newFileLocation": "root"}, ""),
        ({"newFileLocation": "current"}, "Sub"),
        ({"newFileLocation": "folder", "newFileFolderPath": "Missing"}, ""),
    ],
)
def test_new_file_location_decides_where_new_notes_go(qtbot, app_on, setting, folder):
    app = app_on(setting)
    root = app.vault.root
    before = (root / ".obsidian" / "app.json").read_bytes()
    expected = f"{folder}/Brand new note.md" if folder else "Brand new note.md"
    assert _create_from_link(qtbot, app, "Brand new note") == expected
    assert (root / expected).is_file()
    # Ctrl+N (New Note) and the quick switcher's Shift+Enter go to the same place
    app.window.open_note("Sub/A.md")
    assert app.files_wiring._new_note_folder() == folder
    app.panels._on_switcher_create_requested("Typed name")
    qtbot.waitUntil(lambda: app.window.current_tab().path.endswith("Typed name.md"), timeout=5000)
    assert app.window.current_tab().path == expected.replace("Brand new note", "Typed name")
    assert (root / ".obsidian" / "app.json").read_bytes() == before  # never written


def test_a_link_with_a_path_creates_at_that_path(qtbot, app_on):
    app = app_on({"newFileLocation": "folder", "newFileFolderPath": "Inbox"})
    assert _create_from_link(qtbot, app, "Projects/New") == "Projects/New.md"


def test_a_note_created_from_a_link_opens_ready_to_write(qtbot, app_on):
    app = app_on(None)
    window = app.window
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.set_mode("source")
    window.set_mode("preview")  # reading when the link is clicked
    path = _create_from_link(qtbot, app, "Brand new note")
    tab = window.tab_for(path)
    assert tab.mode == "source"  # the editing mode last used, not reading view
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.editor, timeout=5000)


def test_always_update_links_renames_without_asking(qtbot, app_on, monkeypatch):
    app = app_on({"alwaysUpdateLinks": True})
    ops = app.files_wiring.ops

    def ask(plan):
        raise AssertionError("asked although alwaysUpdateLinks is true")

    monkeypatch.setattr(ops, "ask_update_links", ask)
    with qtbot.waitSignal(ops.path_renamed, timeout=20000):
        ops.rename("B.md", "Bee")
    qtbot.waitUntil(lambda: not ops.busy, timeout=20000)
    assert "[[Bee]]" in (app.vault.root / "Sub" / "A.md").read_text(encoding="utf-8")


def test_without_always_update_links_a_rename_asks(qtbot, app_on, monkeypatch):
    app = app_on({"alwaysUpdateLinks": False})
    ops = app.files_wiring.ops
    asked: list[object] = []

    def ask(plan):
        asked.append(plan)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(ops, "ask_update_links", ask)
    with qtbot.waitSignal(ops.path_renamed, timeout=20000):
        ops.rename("B.md", "Bee")
    qtbot.waitUntil(lambda: not ops.busy, timeout=20000)
    assert asked
    assert "[[B]]" in (app.vault.root / "Sub" / "A.md").read_text(encoding="utf-8")


def test_excluded_files_stay_in_the_tree_but_leave_search_and_suggestions(qtbot, app_on):
    app = app_on({"userIgnoreFilters": ["Teams/"]})
    window, panels = app.window, app.panels
    assert "Teams/Meeting plans.md" in window.file_tree.source_model
    assert "Teams/Meeting plans.md" in app.index_service.index.notes()
    hits = panels._search("alpha", 50)
    assert [h.path for h in hits if isinstance(h, Hit)] == ["B.md"]
    assert all(path != "Teams/Meeting plans.md" for _n, path, _k in panels._switcher_names())
    # links to B from the excluded note are still backlinks
    assert "Teams/Meeting plans.md" in {b.source for b in app.index_service.index.backlinks("B.md")}
    # unlinked mentions of Roadmap: in Other, not in the excluded note
    scan = panels._unlinked("Roadmap.md", None, lambda: False)
    assert [m.source for m in scan()] == ["Other.md"]  # type: ignore[attr-defined]
    tab = window.current_tab()
    names = [text for text, _insert in app.editor_wiring._providers(tab).notes()]
    assert "Meeting plans" not in names and "B" in names


def test_strict_line_breaks_renders_a_newline_as_a_space(qtbot, app_on):
    strict = app_on({"strictLineBreaks": True})
    assert "<br" not in strict._render_fn("one\ntwo\n", "B.md").html


def test_without_strict_line_breaks_a_newline_breaks(qtbot, app_on):
    app = app_on(None)
    assert "<br" in app._render_fn("one\ntwo\n", "B.md").html


def test_a_malformed_app_json_is_said_once_and_changes_nothing(qtbot, app_on):
    app = app_on("{not json")
    assert "app.json" in app.window.statusBar().currentMessage()
    assert _create_from_link(qtbot, app, "Brand new note") == "Sub/Brand new note.md"


def test_the_search_panel_says_excluded_files_are_not_searched(qtbot, app_on):
    panel = app_on({"userIgnoreFilters": ["Teams/"]}).panels.search
    assert "Excluded files" in panel.excluded_note.text()
    assert "Teams/" in panel.excluded_note.toolTip()
    assert not panel.excluded_note.isHidden()


def test_without_excluded_files_the_search_panel_says_nothing(qtbot, app_on):
    assert app_on(None).panels.search.excluded_note.isHidden()
