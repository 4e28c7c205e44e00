"""A large file pasted into a note copies on while its tab closes, its note moves or is
deleted, or the window is closed: the status bar says what became of it."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QTimer, QUrl
from PySide6.QtWidgets import QApplication, QMessageBox

import notedesk.core.attachments as attachments

WAIT = 20000


@pytest.fixture
def gate(monkeypatch):
    """The copy's write waits for it: a large file still copying."""
    opened = threading.Event()
    real = attachments.atomic_write

    def slow_write(path, data, **kwargs):
        if callable(data):
            opened.wait(WAIT / 1000)
        return real(path, data, **kwargs)

    monkeypatch.setattr(attachments, "atomic_write", slow_write)
    yield opened
    opened.set()


def _vault(tmp_path: Path, folder_setting: str | None) -> tuple[Path, Path]:
    root = tmp_path / "v"
    (root / "f").mkdir(parents=True)
    (root / "g").mkdir()
    (root / "A.md").write_text("a\n", encoding="utf-8")
    (root / "f" / "B.md").write_text("# B\n", encoding="utf-8")
    if folder_setting is not None:
        (root / ".obsidian").mkdir()
        (root / ".obsidian" / "app.json").write_text(
            json.dumps({"attachmentFolderPath": folder_setting}), encoding="utf-8"
        )
    pdf = tmp_path / "Downloads" / "big.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF-1.4\n" + os.urandom(64 << 10))
    return root, pdf


def _paste(qtbot, running_app, root: Path, pdf: Path):
    controller = running_app(root)
    qtbot.waitUntil(lambda: controller.index_service.ready, timeout=WAIT)
    window = controller.window
    tab = window.open_note("f/B.md", new_tab=True)
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(pdf))])
    tab.editor.insertFromMimeData(mime)
    assert window.statusBar().currentMessage() == "Copying big.pdf into the vault…"
    return controller, window, tab


def _files(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and ".obsidian" not in p.parts
    )


def test_closing_the_tab_still_copies_the_file_and_says_no_embed_was_added(
    qtbot, running_app, tmp_path, gate
):
    root, pdf = _vault(tmp_path, "Attachments")
    _controller, window, tab = _paste(qtbot, running_app, root, pdf)
    window.tab_area.close_tab(tab)
    gate.set()
    said = "Copied big.pdf to Attachments/big.pdf; its note is closed, so no embed was added"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == said, timeout=WAIT)
    assert (root / "Attachments" / "big.pdf").read_bytes() == pdf.read_bytes()
    assert (root / "f" / "B.md").read_text(encoding="utf-8") == "# B\n"
    assert window.attachment_copier.running == 0


def test_deleting_the_notes_folder_stops_the_copy_and_leaves_nothing(
    qtbot, running_app, tmp_path, gate, monkeypatch
):
    root, pdf = _vault(tmp_path, "./")
    controller, window, _tab = _paste(qtbot, running_app, root, pdf)
    ops = controller.files_wiring.ops
    monkeypatch.setattr(ops, "confirm_delete", lambda paths: True)
    ops.delete(["f"])
    qtbot.waitUntil(lambda: not (root / "f").exists(), timeout=WAIT)
    gate.set()
    said = "Not copied: the note was deleted (big.pdf)"
    shown: list[str] = []
    window.statusBar().messageChanged.connect(shown.append)
    qtbot.waitUntil(lambda: window.attachment_copier.running == 0, timeout=WAIT)
    assert said in shown
    assert _files(root) == ["A.md"]


def test_a_note_deleted_by_another_program_gets_no_file(qtbot, running_app, tmp_path, gate):
    root, pdf = _vault(tmp_path, "./")
    _controller, window, _tab = _paste(qtbot, running_app, root, pdf)
    (root / "f" / "B.md").unlink()
    gate.set()
    said = "Not copied: the note was deleted (big.pdf)"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == said, timeout=WAIT)
    assert _files(root) == ["A.md"]


@pytest.mark.parametrize(("setting", "landed"), [("./", "g/big.pdf"), ("./sub", "g/sub/big.pdf")])
def test_a_note_moved_meanwhile_gets_the_file_next_to_its_new_place(
    qtbot, running_app, tmp_path, gate, monkeypatch, setting, landed
):
    root, pdf = _vault(tmp_path, setting)
    controller, window, tab = _paste(qtbot, running_app, root, pdf)
    ops = controller.files_wiring.ops
    monkeypatch.setattr(ops, "ask_update_links", lambda plan: QMessageBox.StandardButton.Yes)
    ops.move_items(["f/B.md"], "g")
    qtbot.waitUntil(lambda: tab.path == "g/B.md", timeout=WAIT)
    gate.set()
    qtbot.waitUntil(lambda: "big.pdf" in tab.editor.toPlainText(), timeout=WAIT)
    assert (root / landed).read_bytes() == pdf.read_bytes()
    assert not (root / "f" / "big.pdf").exists() and not (root / "f" / "sub").exists()
    assert window.statusBar().currentMessage() == f"Inserted {landed}"
    index = controller.index_service.index
    link = tab.editor.toPlainText().split("![[", 1)[1].split("]]", 1)[0]
    qtbot.waitUntil(lambda: index.resolve_link(link, "g/B.md") == landed, timeout=WAIT)


def _answer(button_text: str, seen: list[str]) -> None:
    """Click ``button_text`` in the question once it shows (it runs modally)."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        seen.extend(b.text() for b in box.buttons())
        for button in box.buttons():
            if button.text().replace("&", "") == button_text:
                button.click()
                return
        box.reject()

    QTimer.singleShot(0, click)


def test_quitting_while_a_file_copies_asks_and_quit_anyway_leaves_no_file(
    qtbot, running_app, tmp_path, gate
):
    root, pdf = _vault(tmp_path, "Attachments")
    _controller, window, _tab = _paste(qtbot, running_app, root, pdf)
    window.ask_before_close = True  # as the app's windows do (the tests' do not)
    seen: list[str] = []
    _answer("Quit anyway", seen)
    assert window.close()
    assert "A file is still being copied into the vault" in seen[0] and "big.pdf" in seen[0]
    assert "Wait" in seen and "Quit anyway" in seen
    gate.set()
    qtbot.waitUntil(lambda: window.attachment_copier.running == 0, timeout=WAIT)
    assert _files(root) == ["A.md", "f/B.md"]  # no partial file, no temporary one


def test_waiting_keeps_the_window_and_the_copy_goes_on(qtbot, running_app, tmp_path, gate):
    root, pdf = _vault(tmp_path, "Attachments")
    _controller, window, tab = _paste(qtbot, running_app, root, pdf)
    window.ask_before_close = True
    seen: list[str] = []
    _answer("Wait", seen)
    assert not window.close()
    gate.set()
    qtbot.waitUntil(lambda: "![[big.pdf]]" in tab.editor.toPlainText(), timeout=WAIT)
    assert (root / "Attachments" / "big.pdf").read_bytes() == pdf.read_bytes()
    window.ask_before_close = False


def test_the_question_goes_away_once_the_copy_is_done(qtbot, running_app, tmp_path, gate):
    root, pdf = _vault(tmp_path, "Attachments")
    _controller, window, tab = _paste(qtbot, running_app, root, pdf)
    window.ask_before_close = True
    asked: list[str] = []

    def finish_meanwhile() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, finish_meanwhile)
            return
        asked.append(box.text())
        gate.set()  # the copy ends while the question is up
        def wait_if_still_asked() -> None:
            for button in box.buttons() if box.isVisible() else []:
                if button.text() == "Wait":
                    button.click()

        QTimer.singleShot(5000, box, wait_if_still_asked)

    QTimer.singleShot(0, finish_meanwhile)
    assert window.close()  # quitting goes on: nothing is left to wait for
    assert asked and "big.pdf" in asked[0]
    assert "![[big.pdf]]" in tab.editor.toPlainText()
    assert (root / "Attachments" / "big.pdf").read_bytes() == pdf.read_bytes()
