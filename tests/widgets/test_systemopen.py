"""Handing a file to the system's opener, and saying when it found no application."""

from __future__ import annotations

from pathlib import Path

import pytest

from notedesk.app import systemopen
from notedesk.app.systemopen import SystemOpener


@pytest.fixture
def fake_opener(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def make(status: int, message: str = "") -> Path:
        script = tmp_path / "xdg-open"
        script.write_text(
            f'#!/bin/sh\necho "$1" > "{tmp_path}/opened"\necho "{message}" >&2\nexit {status}\n'
        )
        script.chmod(0o755)
        monkeypatch.setattr(systemopen, "xdg_open", lambda: str(script))
        return tmp_path / "opened"

    return make


def test_a_failing_opener_is_reported(qtbot, fake_opener, tmp_path):
    opened = fake_opener(3, "xdg-open: no method available for opening 'x.png'")
    opener = SystemOpener()
    with qtbot.waitSignal(opener.failed, timeout=5000) as blocker:
        opener.open(tmp_path / "x.png", "Files/x.png")
    assert opened.read_text().strip() == str(tmp_path / "x.png")
    message = blocker.args[0]
    assert message.startswith("No application opened Files/x.png: the system has no application")
    assert "no method available" in message


def test_a_working_opener_says_nothing(qtbot, fake_opener, tmp_path):
    opened = fake_opener(0)
    opener = SystemOpener()
    failures: list[str] = []
    opener.failed.connect(failures.append)
    opener.open(tmp_path / "x.png", "x.png")
    qtbot.waitUntil(opened.exists, timeout=5000)
    qtbot.wait(300)
    assert failures == []


def test_the_file_tree_opens_a_picture_in_a_tab_and_says_when_the_system_cannot(
    qtbot, app_on, tmp_path, fake_opener
):
    root = tmp_path / "vault"
    root.mkdir()
    (root / "Home.md").write_text("# Home\n")
    (root / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    window = app_on(root / "Home.md").window
    window.file_tree.open_requested.emit("pic.png", False)
    assert window.current_tab().path == "pic.png"
    fake_opener(4, "")
    window.file_tree.open_external_requested.emit("pic.png")  # the context menu's action
    qtbot.waitUntil(
        lambda: "No application opened pic.png" in window.statusBar().currentMessage(),
        timeout=5000,
    )
