"""Window state the user expects to survive: modes, layout, history, theme."""

from __future__ import annotations

from pathlib import Path

import pytest

from notedesk.app.application import AppController


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    for name in ("A", "B", "C"):
        (root / f"{name}.md").write_text(f"# {name}\n\nLinks to [[A]].\n", encoding="utf-8")
    return root


def _start(qtbot, target: Path) -> AppController:
    controller = AppController(target)
    controller.start()
    qtbot.addWidget(controller.window)
    controller.load_rest()
    return controller


def test_ctrl_e_toggles_reading_view_and_back(qtbot, vault):
    controller = _start(qtbot, vault / "A.md")
    window = controller.window
    tab = window.current_tab()
    assert tab.mode == "split"
    window.toggle_mode()
    assert tab.mode == "preview"
    assert not tab.editor.isVisibleTo(window) and tab.preview.isVisibleTo(window)
    window.toggle_mode()
    assert tab.mode == "split"
    window.set_mode("source")
    window.toggle_mode()
    window.toggle_mode()
    assert tab.mode == "source"
    controller.shutdown()


def test_mode_and_tabs_remembered_across_starts(qtbot, vault):
    first = _start(qtbot, vault)
    first.window.open_note("A.md")
    first.window.open_note("B.md", new_tab=True)
    first.window.set_mode("preview")
    first.shutdown()
    second = _start(qtbot, vault)
    window = second.window
    assert [t.path for t in window.note_tabs()] == ["A.md", "B.md"]
    assert window.current_tab().path == "B.md"
    window.open_note("C.md", new_tab=True)
    assert window.current_tab().mode == "preview"
    second.shutdown()


def test_back_and_forward(qtbot, vault):
    controller = _start(qtbot, vault / "A.md")
    window = controller.window
    window.open_note("B.md")
    window.open_note("C.md")
    window.go_back()
    assert window.current_tab().path == "B.md"
    window.go_back()
    assert window.current_tab().path == "A.md"
    assert not window.action_back.isEnabled()
    window.go_forward()
    assert window.current_tab().path == "B.md"
    controller.shutdown()


def test_theme_choice_applies_dark_palette(qtbot, vault):
    controller = _start(qtbot, vault / "A.md")
    window = controller.window
    from PySide6.QtWidgets import QApplication

    window.theme_actions["dark"].trigger()
    assert QApplication.palette().window().color().lightness() < 80
    window.theme_actions["light"].trigger()
    assert QApplication.palette().window().color().lightness() > 180
    assert controller.settings.value("view/theme") == "light"
    controller.shutdown()


def test_single_note_opens_in_its_obsidian_vault(tmp_path):
    from notedesk.app.application import choose_vault

    root = tmp_path / "Vault"
    (root / ".obsidian").mkdir(parents=True)
    (root / "a" / "b").mkdir(parents=True)
    note = root / "a" / "b" / "N.md"
    note.write_text("x")
    choice = choose_vault(note, "")
    assert (choice.root, choice.first_note) == (root, "a/b/N.md")
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "M.md").write_text("x")
    choice = choose_vault(plain / "M.md", "")
    assert (choice.root, choice.first_note) == (plain, "M.md")


def test_each_tabs_cursor_and_scroll_come_back_after_a_restart(qtbot, vault):
    long_text = "".join(f"line {n} with some words\n" for n in range(1, 301))
    (vault / "Long.md").write_text(long_text, encoding="utf-8")
    (vault / "Other.md").write_text(long_text, encoding="utf-8")
    first = _start(qtbot, vault)
    window = first.window
    long_tab = window.open_note("Long.md")
    long_tab.editor.restore_place(120, 5, 100)
    other = window.open_note("Other.md", new_tab=True)
    other.editor.restore_place(250, 7, 240)
    qtbot.waitUntil(lambda: other.editor.top_line() == 240)
    window.open_note("Long.md")  # current again
    assert long_tab.editor.place() == (120, 5, 100)
    first.shutdown()

    second = _start(qtbot, vault)
    window = second.window
    assert [t.path for t in window.note_tabs()] == ["Long.md", "Other.md"]
    long_tab = window.current_tab()
    assert long_tab.path == "Long.md"
    qtbot.waitUntil(lambda: long_tab.editor.top_line() == 100)
    cursor = long_tab.editor.textCursor()
    assert (cursor.blockNumber() + 1, cursor.positionInBlock()) == (120, 5)
    other = window.tab_for("Other.md")
    assert other.editor.place() == (250, 7, 240)  # not shown yet: its scroll waits
    window.open_note("Other.md")
    qtbot.waitUntil(lambda: other.editor.top_line() == 240)
    assert other.editor.textCursor().blockNumber() + 1 == 250
    second.shutdown()


def test_a_restored_place_is_clamped_when_the_note_got_shorter(qtbot, vault):
    long_text = "".join(f"line {n}\n" for n in range(1, 301))
    (vault / "Long.md").write_text(long_text, encoding="utf-8")
    first = _start(qtbot, vault / "Long.md")
    first.window.current_tab().editor.restore_place(280, 6, 270)
    first.shutdown()
    (vault / "Long.md").write_text("short\nlines\n", encoding="utf-8")
    second = _start(qtbot, vault)
    editor = second.window.current_tab().editor
    cursor = editor.textCursor()
    assert (cursor.blockNumber(), cursor.positionInBlock()) == (2, 0)  # the empty last line
    assert editor.top_line() == 1
    second.shutdown()


def test_first_open_of_a_vault_shows_its_lowercase_readme(qtbot, tmp_path):
    root = tmp_path / "foam"
    root.mkdir()
    (root / "index.md").write_text("# Index\n", encoding="utf-8")
    (root / "readme.md").write_text("# Foam workspace\n", encoding="utf-8")
    controller = _start(qtbot, root)
    assert [t.path for t in controller.window.note_tabs()] == ["readme.md"]
    controller.shutdown()


def test_a_note_in_a_git_repository_opens_with_the_repository_as_vault(qtbot, tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "docs" / "guide").mkdir(parents=True)
    (repo / "docs" / "install.md").write_text("# Install\n", encoding="utf-8")
    note = repo / "docs" / "guide" / "advanced.md"
    note.write_text("# Advanced\n\nSee [install](../install.md).\n", encoding="utf-8")
    controller = _start(qtbot, note)
    try:
        assert controller.vault.root == repo
        assert [t.path for t in controller.window.note_tabs()] == ["docs/guide/advanced.md"]
        qtbot.waitUntil(lambda: controller.index_service.ready, timeout=20000)
        index = controller.index_service.index
        found = index.resolve_link("../install.md", "docs/guide/advanced.md", kind="markdown")
        assert found == "docs/install.md"
        assert controller.settings.last_vault != str(repo)  # not chosen: not remembered
    finally:
        controller.shutdown()
