"""File operations and file events inside the real window: index, tree and tabs stay in step."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from app_helpers import focus_editor
from PySide6.QtWidgets import QMessageBox

from notedesk.app.application import AppController
from notedesk.core.events import FileEvent


@pytest.fixture
def controller(qtbot, tmp_path: Path):
    root = tmp_path / "vault"
    (root / "Daily").mkdir(parents=True)
    (root / "A.md").write_text("# A\n\nsee [[B]]\n", encoding="utf-8")
    (root / "B.md").write_text("# B\n", encoding="utf-8")
    app = AppController(root / "A.md")
    app.start()
    qtbot.addWidget(app.window)
    app.load_rest()
    qtbot.waitUntil(lambda: app.index_service.ready, timeout=20000)
    qtbot.waitUntil(lambda: "B.md" in app.window.file_tree.source_model, timeout=10000)
    yield app
    app.shutdown()


def test_new_note_goes_to_index_tree_and_a_tab(qtbot, controller):
    controller.files_wiring.ops.create_note("")
    tab = controller.window.current_tab()
    assert tab.path.startswith("Untitled")
    assert tab.path in controller.index_service.index.notes()
    assert tab.path in controller.window.file_tree.source_model


def test_saving_updates_the_index(qtbot, controller):
    window = controller.window
    tab = window.current_tab()
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    tab.editor.textCursor().insertText("\nand [[C]] #fresh")
    assert window.save_current()
    index = controller.index_service.index
    assert "fresh" in {t.lower() for t in index.tags()}
    assert "C" in index.unresolved() or any(k.lower() == "c" for k in index.unresolved())


def test_rename_with_link_update_moves_the_open_tab(qtbot, controller, tmp_path, monkeypatch):
    monkeypatch.setattr(
        controller.files_wiring.ops, "ask_update_links", lambda plan: QMessageBox.StandardButton.Yes
    )
    window = controller.window
    window.open_note("B.md", new_tab=True)
    with qtbot.waitSignal(controller.files_wiring.ops.path_renamed, timeout=20000):
        controller.files_wiring.ops.rename("B.md", "Bee")
    qtbot.waitUntil(lambda: not controller.files_wiring.ops.busy, timeout=20000)
    root = tmp_path / "vault"
    assert (root / "Bee.md").is_file() and not (root / "B.md").exists()
    assert "[[Bee]]" in (root / "A.md").read_text(encoding="utf-8")
    assert window.tab_for("Bee.md") is not None
    assert "Bee.md" in window.file_tree.source_model
    assert "B.md" not in window.file_tree.source_model


def test_panels_follow_the_open_note_through_a_rename(qtbot, controller, monkeypatch):
    monkeypatch.setattr(
        controller.files_wiring.ops, "ask_update_links", lambda plan: QMessageBox.StandardButton.Yes
    )
    window, panels = controller.window, controller.panels
    window.open_note("B.md", new_tab=True)
    qtbot.waitUntil(lambda: panels.backlinks.linked_count() == 1, timeout=10000)
    with qtbot.waitSignal(controller.files_wiring.ops.path_renamed, timeout=20000):
        controller.files_wiring.ops.rename("B.md", "Bee")
    qtbot.waitUntil(lambda: not controller.files_wiring.ops.busy, timeout=20000)
    assert window.current_tab().path == "Bee.md"
    assert "Bee" in window.windowTitle()
    qtbot.waitUntil(lambda: panels.backlinks.linked_count() == 1, timeout=10000)
    tab = window.current_tab()
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    tab.editor.textCursor().insertText("\n## Second\n[[A]]\n")
    qtbot.waitUntil(lambda: [e.path for e in panels.outgoing.entries()] == ["A.md"], timeout=10000)


def test_word_count_follows_a_reload_from_disk(qtbot, controller, tmp_path):
    window = controller.window
    counts = window.status.counts_label
    window.status.update_counts()
    assert counts.text().startswith("3 words")  # "A", "see", "B"
    (tmp_path / "vault" / "A.md").write_text("# A\n\nsee [[B]] and two more\n", encoding="utf-8")
    controller.files_wiring.apply_events([FileEvent("modified", "A.md")])
    qtbot.waitUntil(lambda: counts.text().startswith("6 words"), timeout=5000)
    (tmp_path / "vault" / "A.md").write_text("A", encoding="utf-8")
    controller.files_wiring.apply_events([FileEvent("modified", "A.md")])
    qtbot.waitUntil(lambda: counts.text() == "1 word · 1 character", timeout=5000)


def test_daily_note_in_daily_folder(qtbot, controller, tmp_path):
    controller.files_wiring.open_daily_note(date(2026, 11, 28))
    assert (tmp_path / "vault" / "Daily" / "2026-11-28.md").is_file()
    assert controller.window.current_tab().path == "Daily/2026-11-28.md"


def test_the_daily_note_opens_to_write_in_not_to_rename(qtbot, controller, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractItemView, QApplication

    window = controller.window
    focus_editor(qtbot, window)
    controller.files_wiring.open_daily_note(date(2026, 11, 29))
    tab = window.current_tab()
    assert tab.path == "Daily/2026-11-29.md"
    assert window.file_tree.state() != QAbstractItemView.State.EditingState
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.editor, timeout=5000)
    qtbot.keyClicks(QApplication.focusWidget(), "Standup notes")
    assert tab.editor.toPlainText() == "Standup notes"
    assert tab.path == "Daily/2026-11-29.md"
    # Again the next day's morning: the same note, the cursor after what is written.
    window.open_note("A.md")
    window.current_tab().editor.setFocus()
    controller.files_wiring.open_daily_note(date(2026, 11, 29))
    assert window.current_tab() is tab
    assert tab.editor.textCursor().position() == len("Standup notes")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.editor, timeout=5000)
    qtbot.keyClick(tab.editor, Qt.Key.Key_Return)
    qtbot.keyClicks(tab.editor, "more")
    assert tab.editor.toPlainText() == "Standup notes\nmore"


def test_watcher_batch_with_new_folder_adds_its_files(qtbot, controller, tmp_path):
    root = tmp_path / "vault"
    (root / "New").mkdir()
    (root / "New" / "N1.md").write_text("# N1\n")
    controller.files_wiring.apply_events([FileEvent("created", "New", is_dir=True)])
    assert "New/N1.md" in controller.window.file_tree.source_model
    assert "New/N1.md" in controller.index_service.index.notes()


def test_delete_sends_to_trash_and_closes_the_open_tab(qtbot, controller, tmp_path, monkeypatch):
    from notedesk.core.trash import Trash

    ops = controller.files_wiring.ops
    monkeypatch.setattr(ops, "confirm_delete", lambda paths: True)
    ops._trash = Trash(home_trash=tmp_path / "Trash")
    window = controller.window
    tab = window.open_note("B.md", new_tab=True)
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    tab.editor.insertPlainText("typed just before")  # not autosaved yet
    assert tab.dirty
    window.file_tree.delete_requested.emit(["B.md"])
    assert not (tmp_path / "vault" / "B.md").exists()
    trashed = list((tmp_path / "Trash" / "files").iterdir())
    assert len(trashed) == 1 and "typed just before" in trashed[0].read_text(encoding="utf-8")
    assert "B.md" not in controller.index_service.index.notes()
    assert "B.md" not in window.file_tree.source_model
    # Deleted on purpose: no tab is left that could write it back.
    assert all(t.path != "B.md" for t in window.note_tabs())


def test_deleting_a_folder_closes_the_tabs_of_its_notes(qtbot, controller, tmp_path, monkeypatch):
    from notedesk.core.trash import Trash

    root = tmp_path / "vault"
    (root / "Sub").mkdir()
    (root / "Sub" / "In.md").write_text("inside\n", encoding="utf-8")
    controller.files_wiring.apply_events([FileEvent("created", "Sub", is_dir=True)])
    ops = controller.files_wiring.ops
    monkeypatch.setattr(ops, "confirm_delete", lambda paths: True)
    ops._trash = Trash(home_trash=tmp_path / "Trash")
    window = controller.window
    window.open_note("Sub/In.md", new_tab=True)
    kept = window.open_note("B.md", new_tab=True)
    window.file_tree.delete_requested.emit(["Sub"])
    assert [t.path for t in window.note_tabs()].count("Sub/In.md") == 0
    assert kept in window.note_tabs()


def test_f2_in_the_editor_renames_the_note_in_the_tree(qtbot, controller, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLineEdit

    monkeypatch.setattr(
        controller.files_wiring.ops, "ask_update_links", lambda plan: QMessageBox.StandardButton.Yes
    )
    window = controller.window
    tab = focus_editor(qtbot, window)
    qtbot.keyClick(tab.editor, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit), timeout=5000)
    assert window.file_tree.current_path() == tab.path  # its name being edited in the tree
    box = QApplication.focusWidget()
    assert box.text() == "A"
    box.setText("Apple")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.path == "Apple.md", timeout=10000)
    assert (tmp_path / "vault" / "Apple.md").is_file()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.editor, timeout=5000)  # keys back


def test_ctrl_y_redoes(qtbot, controller):
    from PySide6.QtCore import Qt

    editor = controller.window.current_tab().editor
    before = editor.toPlainText()
    qtbot.keyClicks(editor, "abc")
    after = editor.toPlainText()
    editor.undo()
    assert editor.toPlainText() == before
    qtbot.keyClick(editor, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert editor.toPlainText() == after


def test_what_the_listing_left_out_is_shown_above_the_tree(qtbot, tmp_path):
    root = tmp_path / "odd"
    root.mkdir()
    (root / "A.md").write_text("# A\n", encoding="utf-8")
    (root / "back\\slash.md").write_text("x", encoding="utf-8")
    app = AppController(root)
    app.start()
    qtbot.addWidget(app.window)
    app.load_rest()
    try:
        message = app.window.vault_message
        qtbot.waitUntil(lambda: message.isVisibleTo(app.window), timeout=10000)
        assert "back\\slash.md: name with a backslash or not UTF-8" in message.text()
        assert "A.md" in app.window.file_tree.source_model
    finally:
        app.shutdown()


def test_back_and_forward_return_to_the_cursor(qtbot, controller, tmp_path):
    (tmp_path / "vault" / "B.md").write_text("# B\n\n" + "line\n" * 200, encoding="utf-8")
    window = controller.window
    tab = window.open_note("B.md")
    tab.editor.set_cursor_position(600)
    window.open_note("A.md")  # the same tab shows A now
    assert window.current_tab().path == "A.md"
    window.current_tab().editor.set_cursor_position(5)
    window.go_back()
    assert window.current_tab().path == "B.md"
    assert window.current_tab().editor.textCursor().position() == 600
    window.go_forward()
    assert window.current_tab().editor.textCursor().position() == 5


def test_view_mode_without_a_note_is_the_next_notes(qtbot, controller):
    window = controller.window
    window.close_current_tab()
    assert window.current_tab() is None
    window.mode_actions["source"].trigger()
    assert window.mode_actions["source"].isChecked()
    assert window.open_note("B.md").mode == "source"


def test_a_new_note_is_named_first_then_written(qtbot, controller, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLineEdit

    window = controller.window
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    controller.files_wiring.ops.create_note("")
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit), timeout=5000)
    box = QApplication.focusWidget()
    assert box.text().startswith("Untitled")
    qtbot.keyClicks(box, "Shopping")  # the name is selected: typing replaces it
    qtbot.keyClick(box, Qt.Key.Key_Return)
    tab = window.current_tab()
    qtbot.waitUntil(lambda: tab.path == "Shopping.md", timeout=10000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.editor, timeout=5000)
    qtbot.keyClicks(tab.editor, "milk")
    assert tab.editor.toPlainText() == "milk"


def _action(window, text: str):
    return next(a for a in window.actions() if a.text().replace("&", "") == text)


def test_new_note_goes_where_the_keys_are(qtbot, controller, tmp_path):
    from PySide6.QtWidgets import QApplication

    (tmp_path / "vault" / "Projects").mkdir()
    (tmp_path / "vault" / "Projects" / "P.md").write_text("# P\n", encoding="utf-8")
    controller.files_wiring.apply_events([FileEvent("created", "Projects/P.md")])
    window = controller.window
    window.left_panels.hide()  # no naming in the tree: only where the note goes
    focus_editor(qtbot, window)
    tab = window.open_note("Projects/P.md")
    tab.editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.editor)
    tree = window.file_tree
    tree.select_path("Daily")  # selected earlier, but the keys are in the note
    _action(window, "New Note").trigger()
    assert window.current_tab().path == "Projects/Untitled.md"
    tree.select_path("Daily")
    tree.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tree)
    _action(window, "New Note").trigger()  # from the tree: its selected folder
    assert window.current_tab().path == "Daily/Untitled.md"
    while window.current_tab() is not None:
        window.close_current_tab()
    tree.select_path("Projects/P.md")
    window.tab_area.setFocus()
    _action(window, "New Note").trigger()  # no note open: the tree's selection
    assert window.current_tab().path == "Projects/Untitled 1.md"


def test_move_to_folder_from_the_keyboard(qtbot, controller, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    root = tmp_path / "vault"
    (root / "Projects").mkdir()
    controller.files_wiring.apply_events([FileEvent("created", "Projects", is_dir=True)])
    asked: list[str] = []

    def ask(plan):
        asked.append(plan.summary)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(controller.files_wiring.ops, "ask_update_links", ask)
    window = controller.window
    focus_editor(qtbot, window)
    tab = window.open_note("B.md")
    tab.editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.editor)
    window.file_tree.select_path("Daily")  # the tree's selection is not what moves
    picker = controller.files_wiring.folder_picker
    _action(window, "Move to Folder…").trigger()
    assert picker.isVisible() and QApplication.focusWidget() is picker.input
    assert picker.row_titles() == ["Daily", "Projects"]  # B.md is at the root already
    qtbot.keyClicks(picker.input, "proj")
    assert picker.row_titles()[0] == "Projects"
    with qtbot.waitSignal(controller.files_wiring.ops.path_renamed, timeout=20000):
        qtbot.keyClick(picker.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not controller.files_wiring.ops.busy, timeout=20000)
    assert tab.path == "Projects/B.md" and (root / "Projects" / "B.md").is_file()
    assert asked == []  # [[B]] in A.md still finds it: no link to change
    assert "Projects/B.md" in window.file_tree.source_model
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.editor)  # keys back to the note
    # A folder that is not there yet is made, at any depth.
    _action(window, "Move to Folder…").trigger()
    qtbot.keyClicks(picker.input, "Archive/2026")
    assert picker.row_titles()[-1] == "New folder: Archive/2026"
    with qtbot.waitSignal(controller.files_wiring.ops.path_renamed, timeout=20000):
        qtbot.keyClick(picker.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not controller.files_wiring.ops.busy, timeout=20000)
    assert tab.path == "Archive/2026/B.md"
    assert window.file_tree.source_model.is_dir("Archive/2026")
    # Back to the vault root: listed first.
    _action(window, "Move to Folder…").trigger()
    assert picker.row_titles()[0] == "/ (vault root)"
    with qtbot.waitSignal(controller.files_wiring.ops.path_renamed, timeout=20000):
        qtbot.keyClick(picker.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.path == "B.md", timeout=20000)


def test_the_tree_context_menu_and_palette_offer_move_to_folder(qtbot, controller):
    window = controller.window
    tree = window.file_tree
    menu = tree.context_menu(tree.source_model.index_of("B.md"))
    assert "Move to Folder…" in [a.text().replace("&", "") for a in menu.actions()]
    palette = controller.panels.palette
    palette.popup("move to folder")
    assert palette.row_titles()[0] == "Move to Folder"
    palette.close()
    tree.setFocus()
    tree.select_path("B.md")
    tree.move_to_folder_requested.emit(["B.md"])
    assert controller.files_wiring.folder_picker.isVisible()
    assert "B.md" in controller.files_wiring.folder_picker.input.placeholderText()


def _no_dialogs(monkeypatch) -> list[str]:
    shown: list[str] = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(
            QMessageBox, name, staticmethod(lambda _p, _t, text, *a, **k: shown.append(text))
        )
    return shown


def test_a_taken_name_for_a_new_note_keeps_the_keys_in_the_name(
    qtbot, controller, tmp_path, monkeypatch
):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLineEdit

    dialogs = _no_dialogs(monkeypatch)
    window = controller.window
    focus_editor(qtbot, window)
    tree = window.file_tree
    controller.files_wiring.ops.create_note("")
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit), timeout=5000)
    box = QApplication.focusWidget()
    qtbot.keyClicks(box, "b")  # B.md is there
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.wait(100)
    assert dialogs == []
    assert QApplication.focusWidget() is box and box.selectedText() == "b"
    assert tree.rename_problem_shown() == "“B.md” already exists: choose another name."
    assert "already exists" in window.statusBar().currentMessage()
    qtbot.keyClicks(box, "Buy")  # typing on goes into the name, not a dialog
    assert box.text() == "Buy" and dialogs == []
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Esc keeps "Untitled"
    tab = window.current_tab()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.editor, timeout=5000)
    assert tab.path == "Untitled.md" and (tmp_path / "vault" / "Untitled.md").is_file()
    qtbot.keyClicks(tab.editor, "milk")
    assert tab.editor.toPlainText() == "milk"


def test_f2_rename_failures_are_said_without_a_dialog(qtbot, controller, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLineEdit

    dialogs = _no_dialogs(monkeypatch)
    window = controller.window
    focus_editor(qtbot, window)
    # A.md, which links to B, has changes not saved yet
    monkeypatch.setattr(controller.files_wiring.ops, "_unsaved_paths", lambda: ["A.md"])
    tab = window.open_note("B.md", new_tab=True)
    tab.editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.editor)
    qtbot.keyClick(tab.editor, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit), timeout=5000)
    box = QApplication.focusWidget()
    qtbot.keyClicks(box, "A")  # taken: refused at once, the box stays
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is box and "already exists" in (
        window.file_tree.rename_problem_shown() or ""
    )
    qtbot.keyClicks(box, "Bee")
    with qtbot.waitSignal(controller.files_wiring.ops.rename_failed, timeout=10000):
        qtbot.keyClick(box, Qt.Key.Key_Return)  # fails later: A.md must be saved first
    assert "Save “A.md” first" in window.statusBar().currentMessage()
    assert dialogs == []
    assert tab.path == "B.md"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.editor, timeout=5000)


class _FakePreview:
    """Stands in for the page: records where it is told to scroll, ignores the rest."""

    def __init__(self) -> None:
        self.lines: list[int] = []

    def scroll_to_line(self, line: int) -> None:
        self.lines.append(line)

    def __getattr__(self, name: str):
        return lambda *args, **kwargs: None


def test_switching_views_keeps_the_reading_place(qtbot, controller, tmp_path):
    (tmp_path / "vault" / "B.md").write_text(
        "".join(f"line {i}\n\n" for i in range(300)), encoding="utf-8"
    )
    window = controller.window
    window.show()
    qtbot.waitExposed(window)
    tab = window.open_note("B.md")
    fake = _FakePreview()
    tab.preview = fake
    tab.set_mode("split")
    tab.editor.scroll_to_line(101)
    top = tab.editor.top_line()
    assert top > 50
    tab.set_mode("preview")
    qtbot.waitUntil(lambda: bool(fake.lines) and fake.lines[-1] == top - 1, timeout=3000)
    tab.scroll_sync.on_preview_scrolled(400)  # the reader scrolled the page further down
    tab.set_mode("split")
    qtbot.waitUntil(lambda: tab.editor.top_line() == 401, timeout=3000)
    assert fake.lines[-1] == 400


def test_foam_daily_note_goes_where_foam_puts_it_made_from_its_template(qtbot, tmp_path):
    root = tmp_path / "foam"
    (root / "journal").mkdir(parents=True)
    (root / ".vscode").mkdir()
    (root / ".vscode" / "settings.json").write_text(
        '{\n  // Foam\n  "foam.openDailyNote.directory": "journal",\n}\n', encoding="utf-8"
    )
    (root / ".foam" / "templates").mkdir(parents=True)
    (root / ".foam" / "templates" / "daily-note.md").write_text(
        "---\nfoam_template:\n  description: Daily\n---\n"
        "# $FOAM_DATE_YEAR-$FOAM_DATE_MONTH-$FOAM_DATE_DATE\n\n- [ ] \n",
        encoding="utf-8",
    )
    (root / "readme.md").write_text("# Foam\n", encoding="utf-8")
    app = AppController(root)
    app.start()
    qtbot.addWidget(app.window)
    app.load_rest()
    qtbot.waitUntil(lambda: app.index_service.ready, timeout=20000)
    try:
        app.files_wiring.open_daily_note(date(2026, 11, 28))
        note = root / "journal" / "2026-11-28.md"
        assert note.read_text(encoding="utf-8") == "# 2026-11-28\n\n- [ ] \n"
        tab = app.window.current_tab()
        assert tab.path == "journal/2026-11-28.md"
        assert tab.editor.toPlainText() == "# 2026-11-28\n\n- [ ] \n"
    finally:
        app.shutdown()
