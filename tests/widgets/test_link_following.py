"""Following links in the real window: folders, places outside the vault, files that
are not notes, and the titles of tabs whose notes share a name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from notedesk.core.linkurls import asset_url, new_note_url

FILES = {
    "README.md": "# Docs\n\n[docs folder](docs/) [api](docs/api/)\n",
    "docs/index.md": "# Documentation\n",
    "docs/guide/index.md": "# Guide\n\n[Up one level](..)\n",
    "docs/api/texmath.md": "# API\n",
    "LICENSE": "MIT License\n",
    "todo.txt": "- first\n",
    "scripts/run.sh": "#!/bin/sh\necho hi\n",
}


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    os.chmod(root / "scripts/run.sh", 0o755)
    (root / "tool.bin").write_bytes(bytes(range(256)) * 4)
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    return root


@pytest.fixture
def launched(monkeypatch) -> list[str]:
    """What was handed to the system's opener (nothing is really opened)."""
    urls: list[str] = []

    def record(url):
        urls.append(url.toLocalFile() or url.toString())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(record))
    return urls


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_a_folder_with_an_index_opens_it_and_creates_nothing(qtbot, app_on, docs):
    before = _files(docs)
    window = app_on(docs / "README.md").window
    tab = window.current_tab()
    tab.link_activated.emit(new_note_url("docs/", "README.md"), False)
    assert window.current_tab().path == "docs/index.md"
    assert _files(docs) == before  # no docs.md appeared


def test_up_one_level_is_the_parent_folder(qtbot, app_on, docs):
    window = app_on(docs).window
    window.open_note("docs/guide/index.md")
    window.current_tab().link_activated.emit(new_note_url("..", "docs/guide/index.md"), False)
    assert window.current_tab().path == "docs/index.md"
    assert "vault://" not in window.statusBar().currentMessage()


def test_a_folder_without_an_index_is_shown_in_the_tree(qtbot, app_on, docs):
    before = _files(docs)
    window = app_on(docs / "README.md").window
    tree = window.file_tree
    qtbot.waitUntil(lambda: tree.source_model.rowCount() > 0, timeout=10000)
    window.left_panels.hide()
    window.current_tab().link_activated.emit(new_note_url("docs/api/", "README.md"), False)
    assert window.current_tab().path == "README.md"
    assert window.left_panels.isVisible()
    assert window.left_panels.currentIndex() == 0  # the Files panel
    assert tree.current_path() == "docs/api"
    assert tree.isExpanded(tree.source_model.index_of("docs/api"))
    assert "docs/api" in window.statusBar().currentMessage()
    assert _files(docs) == before


def test_a_link_outside_the_vault_says_so_plainly(qtbot, app_on, docs):
    before = _files(docs)
    window = app_on(docs / "README.md").window
    window.current_tab().link_activated.emit(new_note_url("../elsewhere", "README.md"), False)
    message = window.statusBar().currentMessage()
    assert "outside the vault" in message and "vault://" not in message
    assert window.current_tab().path == "README.md"
    assert _files(docs) == before


def test_following_a_folder_link_from_the_editor(qtbot, app_on, docs):
    controller = app_on(docs / "README.md")
    qtbot.waitUntil(lambda: controller.index_service.ready, timeout=20000)
    window = controller.window
    before = _files(docs)
    window.current_tab().editor.follow_link_requested.emit("docs/", False)
    assert window.current_tab().path == "docs/index.md"
    assert _files(docs) == before


def test_text_files_open_read_only_in_a_tab(qtbot, app_on, docs, launched):
    window = app_on(docs / "README.md").window
    for path in ("LICENSE", "scripts/run.sh"):
        window.current_tab().link_activated.emit(asset_url(path), True)
        tab = window.current_tab()
        assert tab.path == path
        assert tab.read_only and tab.editor.isReadOnly() and tab.mode == "source"
        assert "MIT" in tab.text() or "echo hi" in tab.text()
    assert launched == []
    assert window.save_state_label.text() == "Read-only"
    tab.set_mode("preview")
    assert tab.mode == "source"
    tab.editor.insertPlainText("typed")  # even an edit that gets in is never written
    assert not tab.dirty
    assert window.save_tab(tab)
    assert (docs / "scripts/run.sh").read_text(encoding="utf-8") == FILES["scripts/run.sh"]


def test_the_editors_own_keys_do_not_edit_a_read_only_file(qtbot, app_on, docs):
    from PySide6.QtCore import Qt

    window = app_on(docs).window
    window.open_file("todo.txt")
    tab = window.current_tab()
    assert tab.read_only
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.NextBlock)
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.PreviousBlock)
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.EndOfBlock)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Tab):  # continue the list, indent it
        qtbot.keyClick(tab.editor, key)
    assert tab.text() == "- first\n"


def test_other_files_open_only_after_asking(qtbot, app_on, docs, launched, monkeypatch):
    window = app_on(docs / "README.md").window
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.Cancel]

    def question(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    window.current_tab().link_activated.emit(asset_url("tool.bin"), False)
    assert asked and "Open “tool.bin” with the default application?" in asked[0]
    assert launched == []
    answer[0] = QMessageBox.StandardButton.Open
    window.open_file("tool.bin")  # the file tree's way: the same question
    assert len(asked) == 2
    assert launched == [str(docs / "tool.bin")]


def test_pictures_open_with_the_system_viewer_as_before(qtbot, app_on, docs, launched):
    window = app_on(docs / "README.md").window
    window.current_tab().link_activated.emit(asset_url("logo.png"), False)
    assert launched == [str(docs / "logo.png")]


def test_tabs_of_notes_with_the_same_name(qtbot, app_on, docs):
    window = app_on(docs).window
    window.open_note("docs/guide/index.md")
    window.open_note("docs/index.md", new_tab=True)
    tabs = window.tab_area.tabs
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert titles == ["index — guide", "index — docs"]
    assert [tabs.tabToolTip(i) for i in range(tabs.count())] == [
        "docs/guide/index.md",
        "docs/index.md",
    ]
    window.tab_area.close_tab(window.tab_for("docs/guide/index.md"))
    assert tabs.tabText(0) == "index"
