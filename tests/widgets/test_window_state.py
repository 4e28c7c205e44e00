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
