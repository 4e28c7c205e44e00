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


def test_a_link_to_a_picture_opens_it_in_a_tab(qtbot, app_on, docs, launched):
    window = app_on(docs / "README.md").window
    window.current_tab().link_activated.emit(asset_url("logo.png"), False)
    assert launched == []
    assert window.current_tab().path == "logo.png" and window.current_tab().media


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


def test_pictures_pdfs_and_sound_open_in_a_view_tab(qtbot, app_on, docs, launched):
    (docs / "doc.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (docs / "sound.ogg").write_bytes(b"OggS" + bytes(60))
    window = app_on(docs / "README.md").window
    for path, element in (("logo.png", "img"), ("doc.pdf", "iframe"), ("sound.ogg", "audio")):
        window.open_file(path, True)
        tab = window.current_tab()
        assert tab.path == path and tab.read_only and tab.media
        assert window.tab_area.tabs.tabText(window.tab_area.tabs.currentIndex()) == path
        qtbot.waitUntil(lambda t=tab: t.preview is not None and t.preview.is_ready, timeout=20000)
        assert tab.mode == "preview" and not tab.pane.isVisible()
        found: list[object] = []
        tab.preview.run_script(
            f"document.querySelector('.media-view {element}').getAttribute('src')",
            found.append,
        )
        qtbot.waitUntil(lambda f=found: bool(f), timeout=10000)
        assert found[0] == asset_url(path)
        assert not tab.dirty and window.save_tab(tab)
    assert launched == []


def test_a_view_tab_hands_the_file_to_the_system_and_says_when_that_fails(
    qtbot, app_on, docs, monkeypatch
):
    from PySide6.QtWidgets import QPushButton

    window = app_on(docs / "README.md").window
    window.open_file("logo.png")
    tab = window.current_tab()
    button = next(
        b for b in tab.findChildren(QPushButton) if b.text() == "Open with Default Application"
    )
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda _url: False))
    button.click()
    message = window.statusBar().currentMessage()
    assert "No application opened logo.png" in message


def test_a_view_tab_follows_its_file_when_moved(qtbot, app_on, docs, launched):
    from notedesk.core.events import FileEvent

    window = app_on(docs / "README.md").window
    window.open_file("logo.png")
    tab = window.current_tab()
    (docs / "img").mkdir()
    (docs / "logo.png").rename(docs / "img" / "logo.png")
    tab.apply_file_event(FileEvent("moved", "logo.png", "img/logo.png"))
    assert tab.path == "img/logo.png"
    assert window.tab_for("img/logo.png") is tab


def test_the_tree_menu_offers_the_default_application_for_attachments(qtbot, app_on, docs):
    window = app_on(docs / "README.md").window
    tree = window.file_tree
    qtbot.waitUntil(lambda: tree.source_model.rowCount() > 0, timeout=10000)
    index = tree.source_model.index_of("logo.png")
    texts = [a.text().replace("&", "") for a in tree.context_menu(index).actions()]
    assert "Open in New Tab" in texts and "Open with Default Application" in texts
    index = tree.source_model.index_of("README.md")
    assert "Open with Default Application" not in [
        a.text().replace("&", "") for a in tree.context_menu(index).actions()
    ]


def test_a_canvas_opens_as_its_list_of_cards(qtbot, app_on, docs, launched):
    board = '{"nodes":[{"id":"a","type":"text","text":"First card\\nmore","x":0,"y":0}]}'
    (docs / "board.canvas").write_text(board, encoding="utf-8")
    window = app_on(docs / "README.md").window
    window.open_file("board.canvas")
    tab = window.current_tab()
    assert tab.path == "board.canvas" and tab.media and tab.mode == "preview"
    qtbot.waitUntil(lambda: tab.preview is not None and tab.preview.is_ready, timeout=20000)
    found: list[object] = []

    def ask() -> bool:
        tab.preview.run_script(
            "(document.querySelector('.canvas-embed .canvas-text') || {}).textContent || ''",
            found.append,
        )
        return bool(found) and found[-1] == "First card"

    qtbot.waitUntil(ask, timeout=10000)
    assert (docs / "board.canvas").read_text(encoding="utf-8") == board
    assert launched == []
