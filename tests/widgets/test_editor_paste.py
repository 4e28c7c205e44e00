"""Pasting an image or image files in the editor: saved into the vault, embedded at the cursor."""

from __future__ import annotations

import json
import os
import re
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from notedesk.app.widgets.editor import NoteEditor
from notedesk.core.atomic import SaveError

EMBED = re.compile(r"!\[\[(Pasted image \d{14}(?: \d+)?\.png)\]\]")


def _image() -> QImage:
    image = QImage(12, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    return image


class _Target:
    def __init__(self, root: Path, fail: bool = False) -> None:
        self.root = root
        self.fail = fail
        self.saved: dict[str, bytes] = {}
        self.gate = threading.Event()  # a copy waits for it: a large file
        self.gate.set()
        self.copied_on: list[threading.Thread] = []

    def save_attachment(self, name: str, data: bytes) -> str:
        if self.fail:
            raise SaveError(28, "Cannot save x: No space left on device")
        self.saved[name] = data
        return f"Files/{name}"

    def attachment_home(self):
        return _Home(self)

    def embeds_text(self, rels: list[str]) -> str:
        return "\n".join(f"![[{rel.rsplit('/', 1)[-1]}]]" for rel in rels)

    def vault_path(self, local_file: str) -> str | None:
        try:
            return Path(local_file).relative_to(self.root).as_posix()
        except ValueError:
            return None


class _Home:
    """The note as a copy runs (``AttachmentHome``): copies through the target's gate."""

    def __init__(self, target: _Target) -> None:
        self.target = target
        self.deleted = False

    def copy(self, local_file: str, progress, cancelled) -> str:
        self.target.copied_on.append(threading.current_thread())
        self.target.gate.wait(10)
        with open(local_file, "rb") as handle:  # gone meanwhile: OSError, as for real
            data = handle.read()
        progress(len(data), len(data))
        return self.target.save_attachment(os.path.basename(local_file), data)

    def settle(self, rel: str) -> str:
        return rel

    def moved(self, old: str, new: str) -> None:
        pass

    def note_deleted(self, paths: list[str]) -> None:
        pass


@pytest.fixture
def editor(qtbot, tmp_path):
    box = NoteEditor()
    qtbot.addWidget(box)
    box.set_text_without_undo("before after")
    cursor = box.textCursor()
    cursor.setPosition(len("before "))
    box.setTextCursor(cursor)
    box.target = _Target(tmp_path / "vault")  # type: ignore[attr-defined]
    box.set_attachments(box.target)  # type: ignore[attr-defined]
    return box


def test_pasting_an_image_saves_a_png_and_embeds_it_as_one_undo_step(qtbot, editor):
    QApplication.clipboard().setImage(_image())
    with qtbot.waitSignal(editor.status_message) as said:
        editor.paste()
    text = editor.toPlainText()
    match = EMBED.search(text)
    assert match is not None, text
    assert text == f"before ![[{match.group(1)}]]after"
    [(name, data)] = editor.target.saved.items()
    assert name == match.group(1)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    loaded = QImage.fromData(data)
    assert (loaded.width(), loaded.height()) == (12, 8)
    assert "Files/" in said.args[0]
    editor.undo()
    assert editor.toPlainText() == "before after"


def test_image_mime_data_is_inserted_and_replaces_the_selection(editor):
    cursor = editor.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(len("before"), cursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    mime = QMimeData()
    mime.setImageData(_image())
    assert editor.canInsertFromMimeData(mime)
    editor.insertFromMimeData(mime)
    assert EMBED.fullmatch(editor.toPlainText().split(" after")[0])
    editor.undo()
    assert editor.toPlainText() == "before after"


def test_text_pastes_as_text(editor):
    mime = QMimeData()
    mime.setText("plain words")
    editor.insertFromMimeData(mime)
    assert editor.toPlainText() == "before plain wordsafter"
    both = QMimeData()  # spreadsheet cells: text and a picture of them
    both.setText("cells")
    both.setImageData(_image())
    editor.insertFromMimeData(both)
    assert "cells" in editor.toPlainText() and not editor.target.saved


def test_a_failed_save_inserts_nothing_and_says_why(qtbot, editor):
    editor.target.fail = True
    mime = QMimeData()
    mime.setImageData(_image())
    with qtbot.waitSignal(editor.status_message) as said:
        editor.insertFromMimeData(mime)
    assert editor.toPlainText() == "before after"
    assert "not saved" in said.args[0] and "No space left" in said.args[0]
    assert not editor.document().isUndoAvailable()


def test_without_a_vault_an_image_paste_does_what_a_text_box_does(qtbot):
    box = NoteEditor()
    qtbot.addWidget(box)
    mime = QMimeData()
    mime.setImageData(_image())
    assert not box.canInsertFromMimeData(mime)


def test_image_and_pdf_files_from_a_file_manager_are_copied(qtbot, editor, tmp_path):
    outside = tmp_path / "Downloads"
    outside.mkdir()
    (outside / "photo.jpg").write_bytes(b"\xff\xd8\xffjpeg")
    (outside / "paper.pdf").write_bytes(b"%PDF-1.4")
    inside = tmp_path / "vault" / "pics" / "in.png"
    inside.parent.mkdir(parents=True)
    inside.write_bytes(b"png")
    mime = QMimeData()
    mime.setUrls(
        [QUrl.fromLocalFile(str(p)) for p in (outside / "photo.jpg", outside / "paper.pdf", inside)]
    )
    mime.setText("\n".join(u.toString() for u in mime.urls()))  # as file managers also give
    assert editor.canInsertFromMimeData(mime)
    with qtbot.waitSignal(editor.status_message, check_params_cb=lambda t, _ms: "Inserted" in t):
        editor.insertFromMimeData(mime)
    assert editor.toPlainText() == ("before ![[photo.jpg]]\n![[paper.pdf]]\n![[in.png]]after")
    assert editor.target.saved == {"photo.jpg": b"\xff\xd8\xffjpeg", "paper.pdf": b"%PDF-1.4"}
    editor.undo()
    assert editor.toPlainText() == "before after"


def _files(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def test_a_file_is_copied_off_the_ui_thread_and_embedded_where_it_was_pasted(
    qtbot, editor, tmp_path
):
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4 big")
    editor.target.gate.clear()  # the copy takes its time
    said: list[str] = []
    editor.status_message.connect(lambda text, _ms: said.append(text))
    editor.insertFromMimeData(_files(big))
    assert editor.toPlainText() == "before after"  # the window goes on at once
    assert said == ["Copying big.pdf into the vault…"]
    qtbot.keyClicks(editor, "typed ")  # at the place pasted
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, " end")
    editor.target.gate.set()
    qtbot.waitUntil(lambda: "![[big.pdf]]" in editor.toPlainText(), timeout=5000)
    assert editor.toPlainText() == "before ![[big.pdf]]typed after end"
    assert editor.target.copied_on[0] is not threading.main_thread()
    assert said[-1] == "Inserted Files/big.pdf"
    assert editor.textCursor().position() == len(editor.toPlainText())  # the user's stays
    editor.undo()
    assert editor.toPlainText() == "before typed after end"


def test_a_failed_copy_embeds_nothing_and_says_why(qtbot, editor, tmp_path):
    gone = tmp_path / "gone.png"
    gone.write_bytes(b"png")
    editor.target.gate.clear()
    editor.insertFromMimeData(_files(gone))
    gone.unlink()  # before the copy reads it
    with qtbot.waitSignal(editor.status_message, timeout=5000) as said:
        editor.target.gate.set()
    assert said.args[0].startswith("Not copied into the vault: gone.png (")
    assert "No such file" in said.args[0]
    assert editor.toPlainText() == "before after" and not editor.target.saved


def test_other_files_paste_as_their_text(editor, tmp_path):
    note = tmp_path / "x.txt"
    note.write_text("x")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(note))])
    mime.setText(str(note))
    editor.insertFromMimeData(mime)
    assert editor.toPlainText() == f"before {note}after"
    assert not editor.target.saved


def test_pasted_image_lands_in_the_attachment_folder_tree_and_index(qtbot, running_app, tmp_path):
    root = tmp_path / "v"
    (root / ".obsidian").mkdir(parents=True)
    (root / ".obsidian" / "app.json").write_text(
        json.dumps({"attachmentFolderPath": "Attachments"}), encoding="utf-8"
    )
    (root / "Day.md").write_text("# Day\n\n", encoding="utf-8")
    controller = running_app(root / "Day.md")
    qtbot.waitUntil(lambda: controller.index_service.ready, timeout=20000)
    window = controller.window
    tab = window.current_tab()
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    QApplication.clipboard().setImage(_image())
    tab.editor.paste()
    match = EMBED.search(tab.editor.toPlainText())
    assert match is not None
    rel = f"Attachments/{match.group(1)}"
    assert (root / rel).read_bytes().startswith(b"\x89PNG")
    assert rel in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: rel in window.file_tree.source_model, timeout=10000)
    qtbot.waitUntil(lambda: rel in controller.index_service.index.attachments(), timeout=10000)
    assert controller.index_service.index.resolve_link(match.group(1), "Day.md") == rel


def test_a_dropped_pdf_is_copied_with_progress_in_the_status_bar(qtbot, running_app, tmp_path):
    root = tmp_path / "v"
    (root / ".obsidian").mkdir(parents=True)
    (root / ".obsidian" / "app.json").write_text(
        json.dumps({"attachmentFolderPath": "Attachments"}), encoding="utf-8"
    )
    (root / "Day.md").write_text("# Day\n\n", encoding="utf-8")
    pdf = tmp_path / "Downloads" / "paper.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF-" + os.urandom(3 << 20))
    controller = running_app(root / "Day.md")
    qtbot.waitUntil(lambda: controller.index_service.ready, timeout=20000)
    window = controller.window
    tab = window.current_tab()
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    shown: list[str] = []
    window.statusBar().messageChanged.connect(shown.append)
    tab.editor.insertFromMimeData(_files(pdf))
    assert shown[0] == "Copying paper.pdf into the vault…"
    qtbot.waitUntil(lambda: "![[paper.pdf]]" in tab.editor.toPlainText(), timeout=10000)
    assert (root / "Attachments" / "paper.pdf").read_bytes() == pdf.read_bytes()
    assert any(re.fullmatch(r"Copying paper\.pdf into the vault… \d+%", m) for m in shown)
    assert window.statusBar().currentMessage() == "Inserted Attachments/paper.pdf"
    assert tab.editor.toPlainText() == "# Day\n\n![[paper.pdf]]"
