"""Changes on disk to open notes, through the real watcher, app controller and widgets."""

from __future__ import annotations

import os
from pathlib import Path

from app_helpers import vault_with

from notedesk.app.widgets.conflictbar import CONFLICT, DELETED, INFO

WAIT = 10000


def external_write(path: Path, text: str) -> None:
    """Another program rewrites the file (not through notedesk's own-write registry)."""
    path.write_text(text, encoding="utf-8")


def type_at_end(qtbot, tab, text: str) -> None:
    """Typed at the end of the last line: the notes here have no final newline, so a
    change of that line on disk conflicts (one of other lines merges: test_disk_merge.py)."""
    tab.editor.setFocus()
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(tab.editor, text)


def guard(controller, tab):
    found = controller.data_safety.guard_for(tab)
    assert found is not None
    return found


def test_clean_note_reloads_in_place_keeping_the_cursor(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a="line one\nline two\nline three\n")
    controller = app_on(root / "a.md")
    tab = controller.window.current_tab()
    cursor = tab.editor.textCursor()
    cursor.setPosition(12)
    tab.editor.setTextCursor(cursor)

    external_write(root / "a.md", "line one\nline two changed\nline three\nline four\n")

    qtbot.waitUntil(lambda: "line four" in tab.text(), timeout=WAIT)
    assert tab.text() == "line one\nline two changed\nline three\nline four\n"
    assert tab.editor.textCursor().position() == 12
    assert not tab.dirty
    assert not guard(controller, tab).bar.isVisible()


def test_dirty_note_changed_on_disk_shows_the_bar_and_pauses_autosave(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a="base")
    controller = app_on(root / "a.md")
    tab = controller.window.current_tab()
    bar = guard(controller, tab).bar
    type_at_end(qtbot, tab, "mine")
    external_write(root / "a.md", "theirs\n")

    qtbot.waitUntil(lambda: bar.isVisible() and bar.kind == CONFLICT, timeout=WAIT)
    assert "changed on disk while you were editing it" in bar.label.text()
    assert bar.reload_button.isVisible() and bar.keep_button.isVisible()
    assert bar.compare_button.isVisible()
    assert tab.document.autosave_paused
    assert tab.property("disk_mark") == "changed"
    # Longer than the idle delay: the disk must still hold theirs.
    qtbot.wait(2200)
    assert (root / "a.md").read_text(encoding="utf-8") == "theirs\n"
    assert tab.text() == "basemine"


def test_keep_mine_writes_ours_and_keeps_theirs_as_a_conflict_copy(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a="base")
    controller = app_on(root / "a.md")
    tab = controller.window.current_tab()
    bar = guard(controller, tab).bar
    type_at_end(qtbot, tab, "mine")
    external_write(root / "a.md", "theirs\n")
    qtbot.waitUntil(lambda: bar.kind == CONFLICT, timeout=WAIT)

    bar.keep_button.click()

    assert (root / "a.md").read_text(encoding="utf-8") == "basemine"
    copies = sorted(root.glob("a (conflict *).md"))
    assert len(copies) == 1
    assert copies[0].read_text(encoding="utf-8") == "theirs\n"
    assert not tab.dirty
    assert bar.kind == INFO and copies[0].name in bar.label.text()
    assert copies[0].name in controller.window.statusBar().currentMessage()
    assert bar.open_copy_button.isVisible()
    # The copy shows up as a conflict file to compare, and can be opened.
    qtbot.waitUntil(lambda: controller.data_safety.notices.sync_notice.isVisible(), timeout=WAIT)
    bar.open_copy_button.click()
    assert controller.window.current_tab().path == copies[0].name


def test_keep_mine_updates_the_index_and_save_as_shows_in_the_tree(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a="# Base\n")
    controller = app_on(root / "a.md")
    index = controller.index_service
    qtbot.waitUntil(lambda: index.ready, timeout=WAIT)
    tab = controller.window.current_tab()
    g = guard(controller, tab)
    tab.editor.selectAll()
    qtbot.keyClicks(tab.editor, "# Mine")
    external_write(root / "a.md", "# Theirs\n")
    qtbot.waitUntil(lambda: g.bar.kind == CONFLICT, timeout=WAIT)
    assert [h.text for h in index.index.headings("a.md")] == ["Theirs"]

    g.bar.keep_button.click()
    qtbot.waitUntil(
        lambda: [h.text for h in index.index.headings("a.md")] == ["Mine"], timeout=WAIT
    )

    g._ask_save_path = lambda _tab, _suggested: str(root / "copy of a.md")
    g.save_as()
    model = controller.window.file_tree.source_model
    qtbot.waitUntil(lambda: model.index_of("copy of a.md").isValid(), timeout=WAIT)
    qtbot.waitUntil(lambda: index.index.note("copy of a.md") is not None, timeout=WAIT)
    assert controller.window.current_tab().path == "copy of a.md"


def test_reload_theirs_then_undo_brings_mine_back(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a="base")
    controller = app_on(root / "a.md")
    tab = controller.window.current_tab()
    bar = guard(controller, tab).bar
    type_at_end(qtbot, tab, "mine")
    external_write(root / "a.md", "theirs\n")
    qtbot.waitUntil(lambda: bar.kind == CONFLICT, timeout=WAIT)

    bar.reload_button.click()

    assert tab.text() == "theirs\n"
    assert not tab.dirty
    assert bar.kind == INFO and "Undo" in bar.label.text()
    tab.editor.undo()
    assert tab.text() == "basemine"
    assert tab.dirty
    # Mine is back, theirs is still on disk: that is the conflict again, so
    # autosave cannot overwrite theirs and Keep mine would keep a copy of it.
    assert bar.kind == CONFLICT
    tab.editor.redo()
    assert tab.text() == "theirs\n"
    bar.reload_button.click()
    assert not tab.dirty and bar.kind == INFO


def test_undo_of_reload_theirs_then_keep_mine_keeps_theirs_as_a_copy(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a="base")
    controller = app_on(root / "a.md")
    tab = controller.window.current_tab()
    bar = guard(controller, tab).bar
    type_at_end(qtbot, tab, "mine")
    external_write(root / "a.md", "theirs\n")
    qtbot.waitUntil(lambda: bar.kind == CONFLICT, timeout=WAIT)
    bar.reload_button.click()
    tab.editor.undo()
    qtbot.wait(2200)  # past the idle delay: nothing may be written
    assert (root / "a.md").read_text(encoding="utf-8") == "theirs\n"
    bar.keep_button.click()
    assert (root / "a.md").read_text(encoding="utf-8") == "basemine"
    (copy,) = root.glob("a (conflict *).md")
    assert copy.read_text(encoding="utf-8") == "theirs\n"


def test_editing_after_reload_theirs_saves_normally(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a="base")
    controller = app_on(root / "a.md")
    tab = controller.window.current_tab()
    bar = guard(controller, tab).bar
    type_at_end(qtbot, tab, "mine")
    external_write(root / "a.md", "theirs\n")
    qtbot.waitUntil(lambda: bar.kind == CONFLICT, timeout=WAIT)
    bar.reload_button.click()
    type_at_end(qtbot, tab, "more")
    qtbot.waitUntil(
        lambda: (root / "a.md").read_text(encoding="utf-8") == "theirs\nmore", timeout=WAIT
    )
    assert not list(root.glob("a (conflict *).md"))


def test_compare_shows_mine_and_theirs_side_by_side(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a="same\nbase")
    controller = app_on(root / "a.md")
    tab = controller.window.current_tab()
    g = guard(controller, tab)
    type_at_end(qtbot, tab, "mine line")
    external_write(root / "a.md", "same\ntheir line\n")
    qtbot.waitUntil(lambda: g.bar.kind == CONFLICT, timeout=WAIT)

    g.bar.compare_button.click()

    dialog = g.compare_dialog
    assert dialog is not None and dialog.isVisible()
    left, right = dialog.left.toPlainText(), dialog.right.toPlainText()
    assert "mine line" in left and "their line" not in left
    assert "their line" in right and "mine line" not in right
    assert len(dialog.left.extraSelections()) >= 1
    # Choosing in the dialog resolves the conflict like the bar does.
    dialog.reload_button.click()
    assert tab.text() == "same\ntheir line\n"
    assert g.compare_dialog is None


def test_deleted_on_disk_marks_the_tab_and_save_recreates(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a="keep me\n", b="other\n")
    controller = app_on(root / "a.md")
    window = controller.window
    tab = window.current_tab()
    bar = guard(controller, tab).bar
    (root / "a.md").unlink()

    qtbot.waitUntil(lambda: bar.kind == DELETED and bar.isVisible(), timeout=WAIT)
    assert "Deleted on disk — Save recreates it" in bar.label.text()
    assert tab.property("disk_mark") == "deleted"
    index = window.tab_area.tabs.indexOf(tab)
    assert not window.tab_area.tabs.tabIcon(index).isNull()
    assert tab.text() == "keep me\n"
    # Autosave does not recreate it behind the user's back.
    qtbot.wait(2000)
    assert not (root / "a.md").exists()

    assert window.save_tab(tab)
    assert (root / "a.md").read_text(encoding="utf-8") == "keep me\n"
    assert not bar.isVisible()
    assert window.tab_area.tabs.tabIcon(index).isNull()


def test_moved_on_disk_the_tab_follows(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a="moving\n")
    (root / "sub").mkdir()
    controller = app_on(root / "a.md")
    window = controller.window
    tab = window.current_tab()
    type_at_end(qtbot, tab, "edited")
    os.rename(root / "a.md", root / "sub" / "renamed.md")

    qtbot.waitUntil(lambda: tab.path == "sub/renamed.md", timeout=WAIT)
    index = window.tab_area.tabs.indexOf(tab)
    assert window.tab_area.tabs.tabText(index).startswith("renamed")
    assert window.tab_area.tabs.tabToolTip(index) == "sub/renamed.md"
    # The unsaved edit goes to the file at its new place.
    qtbot.waitUntil(
        lambda: (root / "sub" / "renamed.md").read_text(encoding="utf-8") == "moving\nedited",
        timeout=WAIT,
    )
    assert not (root / "a.md").exists()
