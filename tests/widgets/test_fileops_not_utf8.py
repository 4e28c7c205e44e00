"""Renames and moves that break links in notes notedesk does not rewrite (not valid
UTF-8): the question and the message after say which links stay as they were."""

from __future__ import annotations

from pathlib import Path

import pytest
from fileops_helpers import Harness
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise.*", "This plugin does not support grabbing.*"
)

LATIN1 = "caf\xe9 [up](../B.md) [[B]]\n".encode("latin-1")


def _harness(qtbot, tmp_path: Path, files: dict[str, str | bytes]) -> Harness:
    root = tmp_path / "vault"
    for rel, content in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            (root / rel).write_bytes(content)
        else:
            (root / rel).write_text(content, encoding="utf-8")
    return Harness(qtbot, root, tmp_path / "Trash")


def _answer(button: str, seen: list[tuple[str, str]]) -> None:
    """Click ``button`` in the next message box; its text and informative text go to ``seen``."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            QTimer.singleShot(10, click)
            return
        seen.append((box.text(), box.informativeText()))
        next(b for b in box.buttons() if b.text().replace("&", "") == button).click()

    QTimer.singleShot(0, click)


def test_rename_linked_only_from_latin1_note_says_the_link_is_broken(qtbot, tmp_path) -> None:
    h = _harness(qtbot, tmp_path, {"B.md": "# B\n", "sub/lat.md": LATIN1})
    with qtbot.waitSignal(h.controller.operation_completed, timeout=10000) as done:
        h.controller.rename("B.md", "Bee")
    assert done.args[0] == (
        "Renamed “B.md” to “Bee.md”. 2 links in 1 file not updated: not valid UTF-8 (“sub/lat.md”)."
    )
    # no question said it before: a warning does
    assert h.failures == [
        "2 links in 1 file not updated: not valid UTF-8 (“sub/lat.md”). Those links are now broken."
    ]
    assert (h.vault.root / "sub/lat.md").read_bytes() == LATIN1


def test_question_names_the_latin1_note_beside_the_links_updated(qtbot, tmp_path) -> None:
    h = _harness(qtbot, tmp_path, {"A.md": "[[B]]\n", "B.md": "# B\n", "sub/lat.md": LATIN1})
    seen: list[tuple[str, str]] = []
    _answer("Update Links", seen)
    with qtbot.waitSignal(h.controller.operation_completed, timeout=10000) as done:
        h.controller.rename("B.md", "Bee")
    assert seen[0][0] == "Update 1 link in 1 file?"
    assert seen[0][1].endswith(
        "2 links in 1 file not updated: not valid UTF-8 (“sub/lat.md”). Those links will break."
    )
    assert done.args[0] == (
        "Renamed “B.md” to “Bee.md”; updated 1 link in 1 file. "
        "2 links in 1 file not updated: not valid UTF-8 (“sub/lat.md”)."
    )
    assert h.failures == []  # the question said it
    assert h.text("A.md") == "[[Bee]]\n"
    assert (h.vault.root / "sub/lat.md").read_bytes() == LATIN1


def test_moving_the_latin1_note_says_its_own_links_break(qtbot, tmp_path) -> None:
    h = _harness(qtbot, tmp_path, {"B.md": "# B\n", "sub/lat.md": LATIN1, "dest/in/x.md": "x\n"})
    with qtbot.waitSignal(h.controller.operation_completed, timeout=10000) as done:
        h.controller.move("sub/lat.md", "dest/in")
    # [[B]] still finds B.md by name; the relative [up](../B.md) does not.
    assert done.args[0] == (
        "Moved “sub/lat.md” to “dest/in/lat.md”. "
        "1 link in 1 file not updated: not valid UTF-8 (“sub/lat.md”)."
    )
    assert h.failures == [
        "1 link in 1 file not updated: not valid UTF-8 (“sub/lat.md”). That link is now broken."
    ]
    assert (h.vault.root / "dest/in/lat.md").read_bytes() == LATIN1


def test_latin1_note_without_affected_links_is_not_mentioned(qtbot, tmp_path) -> None:
    h = _harness(
        qtbot,
        tmp_path,
        {"B.md": "# B\n", "C.md": "c\n", "sub/lat.md": "caf\xe9 [[C]]\n".encode("latin-1")},
    )
    with qtbot.waitSignal(h.controller.operation_completed, timeout=10000) as done:
        h.controller.rename("B.md", "Bee")
    assert done.args[0] == "Renamed “B.md” to “Bee.md”"
    assert h.failures == []
