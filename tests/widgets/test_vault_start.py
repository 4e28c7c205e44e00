"""The app started on what cannot be opened, on a loose note, or on a small screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QMessageBox

from notedesk.app.application import AppController
from notedesk.app.settings import Settings


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    root = tmp_path / "My Notes"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "Ideas.md").write_text("# Ideas\n\nSee [[Top]].\n", encoding="utf-8")
    (root / "Top.md").write_text("# Top\n", encoding="utf-8")
    return root


@pytest.fixture
def start(qtbot):
    controllers: list[AppController] = []

    def start(target: Path | None) -> AppController:
        controller = AppController(target)
        controller.start()
        qtbot.addWidget(controller.window)
        controller.load_rest()
        controllers.append(controller)
        return controller

    yield start
    for controller in controllers:
        controller.shutdown()


def _remember(vault: Path) -> None:
    settings = Settings()
    settings.remember_vault(str(vault))
    settings.sync()


def _notice(controller: AppController) -> str:
    label = controller.window.vault_message
    return label.text() if label.isVisibleTo(controller.window) else ""


def test_unreadable_folder_opens_the_last_vault_with_a_message(
    qtbot, start, notes, tmp_path, make_unreadable
):
    _remember(notes)
    locked = tmp_path / "noperm"
    locked.mkdir()
    (locked / "Welcome to notedesk.md").write_text("x", encoding="utf-8")
    make_unreadable(locked)
    controller = start(locked)
    window = controller.window
    assert controller.vault.root == notes
    assert f"notedesk cannot read the folder {locked}: permission denied" in _notice(controller)
    assert window.right_panels.count() > 0  # the whole window, panels and all
    qtbot.waitUntil(lambda: "Top.md" in window.file_tree.source_model, timeout=10000)
    assert Settings().last_vault == str(notes)
    assert str(locked) not in Settings().recent_vaults


def test_missing_last_vault_shows_the_sample_and_keeps_it_last(start, tmp_path):
    gone = tmp_path / "usb" / "Vault"
    _remember(gone)
    controller = start(None)
    assert controller.vault.root.name == "Sample vault"
    assert f"The vault {gone} was not found; showing the sample vault" in _notice(controller)
    controller.shutdown()
    assert Settings().last_vault == str(gone)


def test_note_in_a_known_vault_opens_in_it(start, notes):
    _remember(notes)
    controller = start(notes / "sub" / "Ideas.md")
    assert controller.vault.root == notes
    assert controller.window.current_tab().path == "sub/Ideas.md"
    assert _notice(controller) == ""


def test_loose_note_opens_its_folder_without_becoming_the_last_vault(start, notes, tmp_path):
    other = tmp_path / "Vault"
    other.mkdir()
    _remember(other)
    controller = start(notes / "sub" / "Ideas.md")
    assert controller.vault.root == notes / "sub"
    assert controller.window.current_tab().path == "Ideas.md"
    assert "Ideas.md is not in a vault you have opened" in _notice(controller)
    assert Settings().last_vault == str(other)
    assert Settings().recent_vaults == [str(other)]


def test_loose_note_in_the_home_folder_counts_its_files(
    qtbot, start, tmp_path, monkeypatch: pytest.MonkeyPatch
):
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "Documents/c.md"):
        (home / name).write_text("x", encoding="utf-8")
    (home / "loose-note.md").write_text("# Loose\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    controller = start(home / "loose-note.md")
    assert controller.vault.root == home
    qtbot.waitUntil(lambda: "It holds 4 files" in _notice(controller), timeout=10000)
    assert "your home folder" in _notice(controller)


def test_opening_what_cannot_be_read_keeps_the_window(
    start, notes, tmp_path, make_unreadable, monkeypatch: pytest.MonkeyPatch
):
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _w, _t, m: warned.append(m)))
    controller = start(notes)
    locked = tmp_path / "noperm"
    locked.mkdir()
    make_unreadable(locked)
    assert controller.cannot_open(locked) == f"notedesk cannot open {locked}: permission denied."
    gone = tmp_path / "unplugged"
    assert "was not found" in controller.cannot_open(gone)
    assert controller.cannot_open(notes / "sub") == ""
    assert controller.cannot_open(notes / "Top.md") == ""
    controller.show_cannot_open(controller.cannot_open(gone))
    assert warned and "unplugged" in warned[0]


def _screen_area() -> QRect:
    screen = QApplication.primaryScreen()
    assert screen is not None
    return screen.availableGeometry()


def test_first_window_fits_the_screen(start, notes):
    controller = start(notes)
    area, geometry = _screen_area(), controller.window.geometry()
    assert geometry.width() <= area.width() * 0.9 and geometry.height() <= area.height() * 0.9
    assert area.contains(geometry)
    assert abs(geometry.center().x() - area.center().x()) <= 2


def test_saved_geometry_too_large_for_the_screen_is_not_restored(start, notes):
    first = start(notes)
    area = _screen_area()
    first.window.setGeometry(area.x() + 40, area.y() + 40, area.width() + 400, area.height() + 300)
    first.shutdown()
    second = start(notes)
    assert area.contains(second.window.geometry())
    # one that fits is kept
    second.window.setGeometry(area.x() + 10, area.y() + 40, 700, 500)
    second.shutdown()
    third = start(notes)
    geometry = third.window.geometry()
    assert geometry.size().toTuple() == (700, 500)
    assert abs(geometry.x() - 10) <= 8 and abs(geometry.y() - 40) <= 8


def test_welcome_note_names_the_open_vault_menu_item(start):
    controller = start(None)
    action = controller.window.action_open_vault
    text = (controller.vault.root / "Welcome to notedesk.md").read_text(encoding="utf-8")
    label = action.text().replace("&", "")
    assert f"*File › {label}* (`{action.shortcut().toString()}`)" in text


def test_a_path_handed_over_shows_here_when_it_is_in_this_vault(start, notes, tmp_path):
    controller = start(notes / "Top.md")
    window = controller.window
    assert controller.show_here(notes / "sub" / "Ideas.md")
    assert [t.path for t in window.note_tabs()] == ["Top.md", "sub/Ideas.md"]
    assert window.current_tab().path == "sub/Ideas.md"
    assert controller.show_here(notes)
    other = tmp_path / "Other"
    other.mkdir()
    (other / "N.md").write_text("x", encoding="utf-8")
    assert not controller.show_here(other)
    assert not controller.show_here(other / "N.md")
    assert len(window.note_tabs()) == 2


def test_a_note_of_a_deeper_known_vault_is_not_shown_in_a_loose_folder(start, notes, tmp_path):
    _remember(notes)
    loose = tmp_path / "Loose.md"
    loose.write_text("x", encoding="utf-8")
    controller = start(loose)
    assert controller.vault.root == tmp_path and not controller.choice.remember
    # My Notes lies inside this folder, but it is a vault of its own: it opens there
    assert not controller.show_here(notes / "sub" / "Ideas.md")
    assert controller.show_here(tmp_path / "Loose.md")


def test_open_file_opens_a_note_of_this_vault_in_a_tab_and_switches_for_others(
    start, notes, tmp_path, monkeypatch: pytest.MonkeyPatch
):
    from PySide6.QtWidgets import QFileDialog

    controller = start(notes)
    picked: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (picked[-1], ""))
    )
    switched: list[str] = []
    controller.vault_switch_requested.connect(switched.append)
    picked.append(str(notes / "sub" / "Ideas.md"))
    controller.window.action_open_file.trigger()
    assert controller.window.current_tab().path == "sub/Ideas.md" and switched == []
    other = tmp_path / "Other.md"
    other.write_text("x", encoding="utf-8")
    picked.append(str(other))
    controller.window.action_open_file.trigger()
    assert switched == [str(other)]
