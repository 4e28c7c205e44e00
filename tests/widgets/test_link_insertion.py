"""Links notedesk writes into a note (completion, pasted files, linked mentions) go to
the file they were written for, in the vault's Obsidian link style."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl

from notedesk.app.application import AppController
from notedesk.commands.check import findings
from notedesk.core.index import VaultIndex
from notedesk.core.vault import Vault

HEAD = "# Head\n\n## C# tips: part 1\n\ntext\n\n## Q|A [[x]] ^b\n\ntext\n"


def make_vault(root: Path, app: dict[str, object] | None = None) -> None:
    (root / "Audit" / "Sub").mkdir(parents=True)
    (root / "Attachments").mkdir()
    (root / ".obsidian").mkdir()
    settings: dict[str, object] = {"attachmentFolderPath": "./assets", **(app or {})}
    (root / ".obsidian" / "app.json").write_text(json.dumps(settings))
    (root / "Dup.md").write_text("# Top dup\n")
    (root / "Audit" / "Sub" / "Dup.md").write_text("# Deep dup\n")
    (root / "Head.md").write_text(HEAD)
    (root / "Attachments" / "Engelbart.jpg").write_bytes(b"old picture")
    (root / "Audit" / "Links.md").write_text("# Links\n\nDup is mentioned.\n\n")


def start(qtbot, root: Path) -> AppController:
    app = AppController(root / "Audit" / "Links.md")
    app.start()
    qtbot.addWidget(app.window)
    app.load_rest()
    qtbot.waitUntil(lambda: app.index_service.ready, timeout=20000)
    return app


@pytest.fixture
def controller(qtbot, tmp_path: Path):
    root = tmp_path / "vault"
    make_vault(root)
    app = start(qtbot, root)
    yield app
    app.shutdown()


def type_at_end(qtbot, app: AppController, text: str):
    tab = app.window.current_tab()
    assert tab is not None and tab.path == "Audit/Links.md"
    editor = tab.editor
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, text)
    qtbot.waitUntil(editor.completer.popup.isVisible, timeout=3000)
    return editor


def rows(editor) -> list[str]:
    popup = editor.completer.popup
    return [popup.item(i).text() for i in range(popup.count())]


def choose(qtbot, editor, shown: str) -> None:
    popup = editor.completer.popup
    popup.setCurrentRow(rows(editor).index(shown))
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def last_line(editor) -> str:
    return editor.toPlainText().rstrip("\n").rsplit("\n", 1)[-1]


def test_completion_tells_same_named_notes_apart_and_links_the_one_picked(qtbot, controller):
    editor = type_at_end(qtbot, controller, "[[Dup")
    shown = rows(editor)
    assert "Dup — /" in shown and "Dup — Audit/Sub/" in shown
    assert "Dup" not in shown
    choose(qtbot, editor, "Dup — Audit/Sub/")
    assert last_line(editor) == "[[Sub/Dup]]"
    index = controller.index_service.index
    assert index.resolve_link("Sub/Dup", "Audit/Links.md") == "Audit/Sub/Dup.md"
    qtbot.keyClicks(editor, " [[Dup")
    qtbot.waitUntil(editor.completer.popup.isVisible, timeout=3000)
    choose(qtbot, editor, "Dup — /")
    assert last_line(editor) == "[[Sub/Dup]] [[Dup]]"


def test_heading_completion_writes_a_link_check_accepts(qtbot, controller, tmp_path):
    editor = type_at_end(qtbot, controller, "[[Head#")
    choose(qtbot, editor, "C# tips: part 1")
    assert last_line(editor) == "[[Head#C tips part 1]]"
    qtbot.keyClicks(editor, " [[Head#")
    qtbot.waitUntil(editor.completer.popup.isVisible, timeout=3000)
    choose(qtbot, editor, "Q|A [[x]] ^b")
    assert last_line(editor) == "[[Head#C tips part 1]] [[Head#Q A x b]]"
    tab = controller.window.current_tab()
    assert tab is not None
    controller.window.save_tab(tab)
    index = VaultIndex(Vault(tmp_path / "vault"), workers=1)
    index.build()
    assert [f for f in findings(index) if f.path == "Audit/Links.md"] == []
    assert len(index.outgoing("Audit/Links.md")) == 2


def test_pasted_file_embeds_the_copy_not_its_older_namesake(qtbot, controller, tmp_path):
    picture = tmp_path / "Engelbart.jpg"
    picture.write_bytes(b"new picture")
    tab = controller.window.current_tab()
    assert tab is not None
    editor = tab.editor
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(picture))])
    editor.insertFromMimeData(data)
    qtbot.waitUntil(lambda: "![[" in editor.toPlainText(), timeout=10000)
    root = tmp_path / "vault"
    assert (root / "Audit" / "assets" / "Engelbart.jpg").read_bytes() == b"new picture"
    assert last_line(editor) == "![[assets/Engelbart.jpg]]"


def test_linking_a_mention_of_a_same_named_note_points_at_it(qtbot, controller, tmp_path):
    panels = controller.panels
    panels.backlinks.link_mention_requested.emit("Audit/Links.md", 3, 0, 3, "Audit/Sub/Dup.md")
    text = (tmp_path / "vault" / "Audit" / "Links.md").read_text(encoding="utf-8")
    assert "[[Sub/Dup|Dup]] is mentioned." in text


def test_markdown_link_settings_shape_every_inserted_link(qtbot, tmp_path):
    root = tmp_path / "vault"
    make_vault(root, {"useMarkdownLinks": True, "newLinkFormat": "relative"})
    app = start(qtbot, root)
    try:
        editor = type_at_end(qtbot, app, "[[Dup")
        choose(qtbot, editor, "Dup — /")
        assert last_line(editor) == "[Dup](../Dup.md)"
        qtbot.keyClicks(editor, " [[Head#")
        qtbot.waitUntil(editor.completer.popup.isVisible, timeout=3000)
        choose(qtbot, editor, "C# tips: part 1")
        assert last_line(editor) == (
            "[Dup](../Dup.md) [Head > C# tips: part 1](../Head.md#C%20tips%20part%201)"
        )
        tab = app.window.current_tab()
        assert tab is not None
        assert tab.embeds_text(["Audit/assets/x y.png"]) == "![](assets/x%20y.png)"
        app.panels.backlinks.link_mention_requested.emit(
            "Audit/Links.md", 3, 0, 3, "Audit/Sub/Dup.md"
        )
        assert "[Dup](Sub/Dup.md) is mentioned." in tab.text()
        assert json.loads((root / ".obsidian" / "app.json").read_text())["useMarkdownLinks"]
    finally:
        app.shutdown()
