"""Autosave, failed saves, the crash journal and recovery, sync conflicts, the polling notice."""

from __future__ import annotations

import errno
import functools
import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from app_helpers import vault_with
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox

import notedesk.core.ownwrites as ownwrites
from notedesk.app import bridge as bridge_module
from notedesk.app.widgets.conflictbar import CONFLICT, DELETED, INFO, SAVE_FAILED
from notedesk.core.atomic import SaveError
from notedesk.core.journal import Journal
from notedesk.core.ownwrites import sha256
from notedesk.core.watch import VaultWatcher

WAIT = 10000


@pytest.fixture
def asked(monkeypatch):
    """Answers the unsaved-changes prompt with Discard, and records that it was asked."""
    calls: list[str] = []

    def question(_parent, _title, text, *_a, **_k):
        calls.append(text)
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda *a, **k: None))
    return calls


@pytest.fixture
def app_on(running_app, asked):
    """The shared app starter, with the prompt answers recorded by ``asked``."""
    return running_app


def type_at_end(qtbot, tab, text: str) -> None:
    tab.editor.setFocus()
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(tab.editor, text)


def disk(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture
def immutable():
    """``chattr +i``: refuses writes and renames even to root (tests run as root)."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr not available")
    marked: list[Path] = []

    def mark(path: Path) -> None:
        result = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
        if result.returncode != 0:
            pytest.skip(f"chattr +i not supported here: {result.stderr.decode().strip()}")
        marked.append(path)

    yield mark
    for path in marked:
        subprocess.run(["chattr", "-i", str(path)], check=False)


# -- autosave -----------------------------------------------------------------------


def test_autosave_after_idle(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a="start\n")
    controller = app_on(root / "a.md")
    tab = controller.window.current_tab()
    type_at_end(qtbot, tab, "typed")
    typed_at = time.monotonic()
    assert disk(root / "a.md") == "start\n"  # not on every keystroke

    qtbot.waitUntil(lambda: disk(root / "a.md") == "start\ntyped", timeout=WAIT)
    waited = time.monotonic() - typed_at
    assert 1.0 <= waited <= 4.0, waited
    assert not tab.dirty
    assert controller.window.save_state_label.text() == "Saved"


def test_autosave_on_tab_switch_focus_loss_and_close(qtbot, app_on, tmp_path, asked):
    root = vault_with(tmp_path, a="a\n", b="b\n")
    controller = app_on(root / "a.md")
    window = controller.window
    tab_a = window.current_tab()
    type_at_end(qtbot, tab_a, "1")
    tab_b = window.open_note("b.md", new_tab=True)
    assert disk(root / "a.md") == "a\n1"  # at once, not after the idle delay

    type_at_end(qtbot, tab_b, "2")
    QCoreApplication.instance().applicationStateChanged.emit(
        Qt.ApplicationState.ApplicationInactive
    )
    assert disk(root / "b.md") == "b\n2"

    type_at_end(qtbot, tab_b, "3")
    window.close()
    assert disk(root / "b.md") == "b\n23"
    assert asked == []  # everything was saved, so closing did not need to ask


def test_closing_a_tab_with_discard_does_not_autosave_it(qtbot, app_on, tmp_path, asked):
    root = vault_with(tmp_path, a="a\n", b="b\n")
    controller = app_on(root / "a.md")
    window = controller.window
    window.open_note("b.md", new_tab=True)
    tab_a = window.open_note("a.md")
    type_at_end(qtbot, tab_a, "unwanted")
    window.close_current_tab()  # the prompt answers Discard
    assert asked and "a.md" in asked[0]
    assert window.current_tab().path == "b.md"
    qtbot.wait(2000)  # longer than the idle delay
    assert disk(root / "a.md") == "a\n"
    assert controller.journal.pending() == []
    assert not any(controller.journal.folder.rglob("*.json"))


# -- failed saves ---------------------------------------------------------------------


def test_failed_save_keeps_the_buffer_dirty_and_says_so_once(qtbot, app_on, tmp_path, immutable):
    root = vault_with(tmp_path, a="original\n")
    controller = app_on(root / "a.md")
    window = controller.window
    tab = window.current_tab()
    g = controller.data_safety.guard_for(tab)
    immutable(root / "a.md")
    type_at_end(qtbot, tab, "precious")

    qtbot.waitUntil(lambda: g.bar.kind == SAVE_FAILED, timeout=WAIT)
    assert "Not saved" in g.bar.label.text() and "read-only" in g.bar.label.text()
    assert g.bar.retry_button.isVisible() and g.bar.save_as_button.isVisible()
    assert "Could not save a.md" in window.statusBar().currentMessage()
    assert tab.property("disk_mark") == "unsaved"
    assert tab.dirty and tab.text() == "original\nprecious"
    assert disk(root / "a.md") == "original\n"
    # Journaled at once, so even a crash now loses nothing.
    journaled = session_entries(controller.journal)
    assert [e["text"] for e in journaled if e["rel"] == "a.md"] == ["original\nprecious"]

    # A later failure does not repeat the message.
    window.statusBar().showMessage("something else")
    type_at_end(qtbot, tab, "!")
    qtbot.waitUntil(lambda: not g.idle.isActive(), timeout=WAIT)
    assert window.statusBar().currentMessage() == "something else"
    assert tab.dirty

    subprocess.run(["chattr", "-i", str(root / "a.md")], check=True)
    g.bar.retry_button.click()
    assert disk(root / "a.md") == "original\nprecious!"
    assert not tab.dirty and not g.bar.isVisible()
    assert tab.property("disk_mark") == ""


def test_disk_full_then_save_as_elsewhere(qtbot, app_on, tmp_path, monkeypatch):
    root = vault_with(tmp_path, a="original\n")
    controller = app_on(root / "a.md")
    tab = controller.window.current_tab()
    g = controller.data_safety.guard_for(tab)
    real_write = ownwrites.atomic_write

    def full(path, data, **kwargs):
        if Path(path).parent == root:
            raise SaveError(errno.ENOSPC, f"Cannot save {path}: No space left on device")
        return real_write(path, data, **kwargs)

    monkeypatch.setattr(ownwrites, "atomic_write", full)
    type_at_end(qtbot, tab, "big")
    qtbot.waitUntil(lambda: g.bar.kind == SAVE_FAILED, timeout=WAIT)
    assert "No space left" in g.bar.label.text()
    assert tab.dirty and disk(root / "a.md") == "original\n"

    elsewhere = tmp_path / "elsewhere.md"
    g._ask_save_path = lambda _tab, _suggested: str(elsewhere)
    g.bar.save_as_button.click()
    assert disk(elsewhere) == "original\nbig"
    assert tab.dirty  # the note itself is still unsaved
    assert "Saved a copy" in controller.window.statusBar().currentMessage()


# -- crash journal and recovery -----------------------------------------------------------


def crashed_session(root: Path, rel: str, text: str, base: bytes | None) -> None:
    """What a session that died with unsaved text leaves behind: a journal entry.

    The journal is dropped without ``close`` (a crash), which releases its lock.
    """
    Journal().record(root, rel, text, None if base is None else sha256(base))


def session_entries(journal: Journal) -> list[dict]:
    """The entries a running session has journaled, read from its own folder."""
    folder = journal.folder / journal.session
    return [json.loads(f.read_text(encoding="utf-8")) for f in sorted(folder.glob("*.json"))]


def test_dirty_buffers_are_journaled_and_a_clean_close_clears_them(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a="a\n")
    controller = app_on(root / "a.md")
    controller.data_safety.journal_timer.setInterval(200)
    tab = controller.window.current_tab()
    controller.data_safety.guard_for(tab).idle.setInterval(60000)
    type_at_end(qtbot, tab, "unsaved")
    files = controller.journal.folder
    qtbot.waitUntil(lambda: any(files.rglob("*.json")), timeout=WAIT)
    assert [e["text"] for e in session_entries(controller.journal)] == ["a\nunsaved"]
    assert Journal().pending() == []  # a second instance does not take it for a crash
    controller.window.close()
    qtbot.waitUntil(lambda: not any(files.rglob("*.json")), timeout=WAIT)


def test_recovery_after_a_crash_restores_the_text_as_unsaved(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a="on disk\n", b="b\n")
    crashed_session(root, "a.md", "on disk\nlost typing", b"on disk\n")

    controller = app_on(root / "b.md")
    qtbot.waitUntil(lambda: controller.data_safety.recovery_dialog is not None, timeout=WAIT)
    dialog = controller.data_safety.recovery_dialog
    assert dialog.isVisible()
    assert "a.md" in dialog.list.item(0).text()
    assert "lost typing" in dialog.left.toPlainText()
    assert "lost typing" not in dialog.right.toPlainText()  # the diff against disk

    dialog.restore_button.click()

    tab = controller.window.tab_for("a.md")
    assert tab is not None and tab.text() == "on disk\nlost typing"
    assert tab.dirty
    assert not dialog.isVisible()
    bar = controller.data_safety.guard_for(tab).bar
    assert bar.kind == INFO and "Restored" in bar.label.text()
    tab.editor.undo()
    assert tab.text() == "on disk\n" and not tab.dirty
    tab.editor.redo()
    qtbot.waitUntil(lambda: disk(root / "a.md") == "on disk\nlost typing", timeout=WAIT)
    # Only this session's own entry can be left, and the saved note has none.
    assert controller.journal.pending() == []


def test_recovery_when_the_disk_changed_since_becomes_a_conflict(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a="changed by someone else\n")
    crashed_session(root, "a.md", "old\nmine", b"old\n")
    controller = app_on(root)
    qtbot.waitUntil(lambda: controller.data_safety.recovery_dialog is not None, timeout=WAIT)
    controller.data_safety.recovery_dialog.restore_button.click()
    tab = controller.window.tab_for("a.md")
    bar = controller.data_safety.guard_for(tab).bar
    assert tab.text() == "old\nmine"
    assert bar.kind == CONFLICT
    qtbot.wait(2000)
    assert disk(root / "a.md") == "changed by someone else\n"
    bar.keep_button.click()
    assert disk(root / "a.md") == "old\nmine"
    (copy,) = root.glob("a (conflict *).md")
    assert disk(copy) == "changed by someone else\n"


def test_recovery_of_a_note_deleted_since(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, b="b\n")
    crashed_session(root, "gone.md", "text of a deleted note", b"x")
    controller = app_on(root)
    qtbot.waitUntil(lambda: controller.data_safety.recovery_dialog is not None, timeout=WAIT)
    controller.data_safety.recovery_dialog.restore_button.click()
    tab = controller.window.tab_for("gone.md")
    assert tab.text() == "text of a deleted note"
    assert controller.data_safety.guard_for(tab).bar.kind == DELETED
    assert controller.window.save_tab(tab)
    assert disk(root / "gone.md") == "text of a deleted note"


def test_recovery_discard_forgets_the_text(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a="a\n")
    crashed_session(root, "a.md", "a\nnot wanted", b"a\n")
    controller = app_on(root)
    qtbot.waitUntil(lambda: controller.data_safety.recovery_dialog is not None, timeout=WAIT)
    controller.data_safety.recovery_dialog.discard_button.click()
    assert controller.journal.pending() == []
    assert not any(controller.journal.folder.rglob("*.json"))
    tab = controller.window.tab_for("a.md")
    assert tab is None or not tab.dirty
    assert disk(root / "a.md") == "a\n"


def test_recovery_decided_later_survives_new_edits_of_the_same_note(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a="a\n")
    crashed_session(root, "a.md", "a\nfrom the crash", b"a\n")
    controller = app_on(root / "a.md")
    safety = controller.data_safety
    qtbot.waitUntil(lambda: safety.recovery_dialog is not None, timeout=WAIT)
    safety.recovery_dialog.later_button.click()
    tab = controller.window.current_tab()
    safety.guard_for(tab).idle.setInterval(60000)
    type_at_end(qtbot, tab, "new typing")
    safety.journal_now()  # this session journals a.md under the same key
    assert [e.text for e in controller.journal.pending()] == ["a\nfrom the crash"]
    assert [e["text"] for e in session_entries(controller.journal)] == ["a\nnew typing"]


# -- sync-tool conflict files and the polling notice ----------------------------------------


def test_sync_conflict_files_are_offered_for_comparison(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, Note="the original\n")
    (root / "Note.sync-conflict-20231105-101112-ABCDEFG.md").write_text(
        "the syncthing version\n", encoding="utf-8"
    )
    controller = app_on(root)
    notice = controller.data_safety.notices.sync_notice
    qtbot.waitUntil(notice.isVisible, timeout=WAIT)
    assert notice.text().startswith("⚠ 1 conflict file")

    (root / "Note (conflicted copy 2023-11-05 101112).md").write_text(
        "the nextcloud version\n", encoding="utf-8"
    )
    qtbot.waitUntil(lambda: "2 conflict files" in notice.text(), timeout=WAIT)
    actions = notice.menu_.actions()
    syncthing = next(a for a in actions if "sync-conflict" in a.text())
    syncthing.trigger()
    dialog = controller.data_safety.notices.compare_dialog
    assert dialog is not None and dialog.isVisible()
    assert "the syncthing version" in dialog.left.toPlainText()
    assert "the original" in dialog.right.toPlainText()

    (root / "Note (conflicted copy 2023-11-05 101112).md").unlink()
    qtbot.waitUntil(lambda: "1 conflict file" in notice.text(), timeout=WAIT)


def test_polling_fallback_is_shown_in_the_status_bar(qtbot, app_on, tmp_path, monkeypatch):
    monkeypatch.setattr(
        bridge_module, "VaultWatcher", functools.partial(VaultWatcher, force_polling=True)
    )
    root = vault_with(tmp_path, a="a\n")
    controller = app_on(root / "a.md")
    label = controller.data_safety.notices.watch_label
    qtbot.waitUntil(label.isVisible, timeout=WAIT)
    assert label.text() == "Watching by polling: polling was requested"
    # And changes still arrive.
    tab = controller.window.current_tab()
    (root / "a.md").write_text("polled\n", encoding="utf-8")
    qtbot.waitUntil(lambda: tab.text() == "polled\n", timeout=WAIT)
    assert label.isVisible()


def test_a_vault_folder_renamed_away_and_back_is_said_above_the_tree(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, Note="the note\n")
    controller = app_on(root)
    window = controller.window
    notices = controller.data_safety.notices
    message = window.vault_message
    notices.check_vault_folder()
    assert not message.isVisible()
    away = root.with_name(root.name + " renamed")
    root.rename(away)
    notices.check_vault_folder()  # also on every batch of changes and every 5 s
    assert message.isVisible()
    assert message.text().startswith(f"The vault folder {root} is gone")
    assert "File › Open Vault…" in message.text()
    away.rename(root)
    notices.check_vault_folder()
    assert message.text().startswith(f"The vault folder {root} is back")
