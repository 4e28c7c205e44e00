"""A text file that is not a note (LICENSE) is shown read-only: no way of editing changes
it, saving it claims nothing, the backlinks pane offers no linking of it, and its
read-only state follows its name through renames."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise.*", "This plugin does not support grabbing.*"
)

FILES = {
    "A.md": "# A\n\n[License](LICENSE)\n\n## License\n",
    "docs/api/container.md": "# Container\n\n## License\n\nLICENSE text\n",
    "LICENSE": "MIT License\nCopyright foo\n",
    "LICENSE.md": "# License note\n",
    "todo.txt": "- [ ] first\n",
    "notes.txt": "plain text\n",
}


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _open(qtbot, app_on, vault: Path, path: str):
    app = app_on(vault / "A.md")
    qtbot.waitUntil(lambda: app.index_service.ready, timeout=20000)
    app.window.open_file(path, new_tab=True)
    tab = app.window.current_tab()
    assert tab.path == path and tab.read_only
    return app, tab


def test_replace_is_not_offered_and_replaces_nothing(qtbot, app_on, vault):
    app, tab = _open(qtbot, app_on, vault, "LICENSE")
    app.window.show()
    bar = tab.pane.find_bar
    tab.pane.show_replace()  # Edit › Replace, Ctrl+H
    assert bar.isVisible() and not bar.replace_edit.isVisible()
    assert not bar.replace_all_button.isVisible()
    bar.find_edit.setText("MIT")
    bar.replace_edit.setText("GPL")
    qtbot.waitUntil(lambda: bar.match_count() == 1)
    assert bar.replace_all() == 0
    bar.find_next()
    bar.replace_current()
    assert tab.text() == FILES["LICENSE"]


def test_paste_drop_completion_tasks_and_links_change_nothing(qtbot, app_on, vault):
    _app, tab = _open(qtbot, app_on, vault, "todo.txt")
    editor = tab.editor
    # setText, not setMimeData: the clipboard owns a QMimeData it is given, and Python
    # deleting it too crashes the process at exit.
    QApplication.clipboard().setText("pasted")
    editor.paste()  # what Edit › Paste does
    mime = QMimeData()
    mime.setText("pasted")
    assert not editor.canInsertFromMimeData(mime)  # no drop either
    editor.insertFromMimeData(mime)
    assert not editor.toggle_task(1)  # also the preview's checkbox click
    editor.moveCursor(QTextCursor.MoveOperation.End)
    assert not editor.indent_lines()
    editor.outdent_lines()
    assert not editor.continue_list_at_cursor()
    assert not tab.replace_range(1, 0, 5, "[[x]]")  # linking a mention in it
    assert tab.text() == FILES["todo.txt"]
    editor.completer.refresh(force=True)  # Ctrl+Space
    assert not editor.completer.active


def test_save_claims_nothing_and_writes_nothing(qtbot, app_on, vault):
    app, tab = _open(qtbot, app_on, vault, "LICENSE")
    QTextCursor(tab.editor.document()).insertText("changed ")  # a cursor ignores read-only
    assert app.window.save_tab(tab)
    message = app.window.statusBar().currentMessage()
    assert "Saved" not in message and "read-only" in message
    assert not tab.dirty  # closing it asks nothing
    assert (vault / "LICENSE").read_text(encoding="utf-8") == FILES["LICENSE"]


def test_backlinks_offer_no_unlinked_mentions_of_a_text_file(qtbot, app_on, vault):
    app, _tab = _open(qtbot, app_on, vault, "LICENSE")
    pane = app.panels.backlinks
    qtbot.waitUntil(lambda: pane.path == "LICENSE")
    qtbot.waitUntil(lambda: pane.linked_count() == 1, timeout=10000)  # [License](LICENSE)
    qtbot.wait(300)
    assert pane.unlinked_section.isHidden()
    assert pane.unlinked_section.childCount() == 0 and pane.mentions() == []
    # "## License" in other notes stays as it is
    assert (vault / "docs/api/container.md").read_text(encoding="utf-8") == FILES[
        "docs/api/container.md"
    ]
    app.window.open_note("A.md")
    qtbot.waitUntil(lambda: pane.path == "A.md")
    assert not pane.unlinked_section.isHidden()  # a note still has them


def test_read_only_follows_a_rename_on_disk(qtbot, app_on, vault):
    app, tab = _open(qtbot, app_on, vault, "notes.txt")
    os.rename(vault / "notes.txt", vault / "notes2.md")
    qtbot.waitUntil(lambda: tab.path == "notes2.md", timeout=10000)
    assert not tab.read_only and not tab.editor.isReadOnly()
    assert app.window.save_state_label.text() == "Saved"
    tab.editor.moveCursor(QTextCursor.MoveOperation.End)
    tab.editor.insertPlainText("typed\n")
    assert tab.dirty
    assert app.window.save_tab(tab)
    assert (vault / "notes2.md").read_text(encoding="utf-8") == "plain text\ntyped\n"
    tab.pane.show_replace()
    assert tab.pane.find_bar.replace_edit.isVisibleTo(tab.pane.find_bar)


def test_a_note_renamed_to_a_text_file_turns_read_only(qtbot, app_on, vault):
    app = app_on(vault / "A.md")
    qtbot.waitUntil(lambda: app.index_service.ready, timeout=20000)
    tab = app.window.open_note("LICENSE.md", new_tab=True)
    assert not tab.read_only
    tab.pane.show_replace()
    os.rename(vault / "LICENSE.md", vault / "license.txt")  # (notedesk keeps .md on a rename)
    qtbot.waitUntil(lambda: tab.path == "license.txt", timeout=10000)
    assert tab.read_only and tab.editor.isReadOnly() and tab.mode == "source"
    assert not tab.pane.find_bar.replace_edit.isVisibleTo(tab.pane.find_bar)
    assert app.window.save_state_label.text() == "Read-only"


def test_tabs_of_a_text_file_and_a_note_of_one_name_differ(qtbot, app_on, vault):
    app, _tab = _open(qtbot, app_on, vault, "LICENSE")
    app.window.open_file("LICENSE.md", new_tab=True)
    tabs = app.window.tab_area.tabs
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert "LICENSE" in titles and "LICENSE.md" in titles


def test_unsaved_text_of_a_note_turning_read_only_is_saved_first(qtbot, app_on, vault):
    app = app_on(vault / "A.md")
    qtbot.waitUntil(lambda: app.index_service.ready, timeout=20000)
    tab = app.window.open_note("LICENSE.md", new_tab=True)
    tab.editor.moveCursor(QTextCursor.MoveOperation.End)
    tab.editor.insertPlainText("typed\n")
    assert tab.dirty
    os.rename(vault / "LICENSE.md", vault / "license.txt")
    qtbot.waitUntil(lambda: tab.path == "license.txt", timeout=10000)
    assert tab.read_only and not tab.dirty
    assert (vault / "license.txt").read_text(encoding="utf-8") == "# License note\ntyped\n"
