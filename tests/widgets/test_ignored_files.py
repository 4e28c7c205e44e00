"""The window and the ignore rules: left-out files are not in the tree or the index, a
quiet status-bar line says what was left out, and a left-out note opened by its path
still opens and saves."""

from __future__ import annotations

from pathlib import Path

WAIT = 10000

FILES = {
    ".git/HEAD": "ref: refs/heads/main\n",
    ".gitignore": "build/\n*.log\n",
    "README.md": "# Readme\n",
    "docs/guide.md": "# Guide\n[[README]]\n",
    "node_modules/a/README.md": "# A\n[[README]]\n",
    "build/out.md": "# Out\n",
    "app.log": "log\n",
}


def make_repo(tmp_path: Path, extra: dict[str, str] | None = None) -> Path:
    root = tmp_path / "repo"
    for rel, text in {**FILES, **(extra or {})}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_tree_index_and_status_line_leave_out_the_same(qtbot, app_on, tmp_path):
    root = make_repo(tmp_path)
    controller = app_on(root)
    qtbot.waitUntil(lambda: controller.index_service.ready, timeout=20000)
    tree = controller.window.file_tree
    qtbot.waitUntil(lambda: "docs/guide.md" in tree.source_model, timeout=WAIT)
    for rel in ("node_modules/a/README.md", "build/out.md", "app.log", "build", "node_modules"):
        assert rel not in tree.source_model, rel
    assert sorted(controller.index_service.index.notes()) == ["README.md", "docs/guide.md"]
    notice = controller.data_safety.notices.left_out_notice
    qtbot.waitUntil(notice.isVisible, timeout=WAIT)
    assert notice.text() == "2 folders and 1 file left out by .gitignore, node_modules"
    assert "notedesk info" in notice.toolTip()


def test_nothing_left_out_no_line(qtbot, app_on, tmp_path):
    root = tmp_path / "plain"
    root.mkdir()
    (root / "a.md").write_text("a\n", encoding="utf-8")
    controller = app_on(root)
    qtbot.waitUntil(lambda: controller.index_service.ready, timeout=20000)
    notices = controller.data_safety.notices
    qtbot.waitUntil(lambda: notices.left_out_notice.toolTip() != "", timeout=WAIT)
    assert not notices.left_out_notice.isVisible()


def test_malformed_settings_are_said_and_change_nothing(qtbot, app_on, tmp_path):
    root = tmp_path / "foam"
    (root / ".vscode").mkdir(parents=True)
    (root / ".vscode" / "settings.json").write_text('{"foam.files.ignore": [', encoding="utf-8")
    (root / "_layouts").mkdir()
    (root / "_layouts" / "page.md").write_text("p\n", encoding="utf-8")
    controller = app_on(root)
    qtbot.waitUntil(lambda: controller.index_service.ready, timeout=20000)
    assert controller.index_service.index.notes() == ["_layouts/page.md"]
    notice = controller.data_safety.notices.left_out_notice
    qtbot.waitUntil(notice.isVisible, timeout=WAIT)
    assert "not valid JSON" in notice.text()


def test_a_left_out_note_opened_by_path_opens_and_saves(qtbot, app_on, tmp_path):
    root = make_repo(tmp_path)
    controller = app_on(root)
    qtbot.waitUntil(lambda: controller.index_service.ready, timeout=20000)
    window = controller.window
    rel = "node_modules/a/README.md"
    tab = window.open_note(rel)
    assert tab is not None and tab.path == rel
    said = window.statusBar().currentMessage()
    assert said.startswith(f"{rel} is not part of the vault (left out by node_modules)")
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    tab.editor.textCursor().insertText("edited\n")
    assert window.save_current()
    assert (root / rel).read_text(encoding="utf-8") == "# A\n[[README]]\nedited\n"
    qtbot.wait(300)  # the watcher's batch, if any, has come and gone
    assert rel not in controller.index_service.index.notes()
    assert rel not in window.file_tree.source_model
    assert window.current_tab() is tab
