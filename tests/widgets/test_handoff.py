"""A second start hands its path to the running app over a local socket."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QObject

from notedesk.app import handoff

pytestmark = pytest.mark.skipif(handoff.socket_path() is None, reason="no Unix sockets")


@pytest.fixture
def runtime_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    return folder


def _hand_off_in_thread(target: Path | None) -> list[bool]:
    """hand_off blocks until the app answers, which needs the event loop: not on its thread."""
    result: list[bool] = []
    thread = threading.Thread(target=lambda: result.append(handoff.hand_off(target)))
    thread.start()
    return result


def test_no_running_app_means_a_normal_start(runtime_dir: Path) -> None:
    assert not handoff.hand_off(runtime_dir / "Note.md")


def test_running_app_gets_the_path(qtbot, runtime_dir: Path, tmp_path: Path) -> None:
    parent = QObject()
    got: list[Path | None] = []
    server = handoff.listen(got.append, parent)
    assert server is not None
    note = tmp_path / "Ideen für später.md"
    result = _hand_off_in_thread(note)
    qtbot.waitUntil(lambda: result == [True] and got == [note], timeout=10000)
    result = _hand_off_in_thread(None)  # a start with no path: the window is raised
    qtbot.waitUntil(lambda: result == [True] and got == [note, None], timeout=10000)
    parent.deleteLater()


def test_stale_socket_of_a_crashed_app_is_taken_over(qtbot, runtime_dir: Path) -> None:
    path = handoff.socket_path()
    assert path is not None
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(path)  # bound, never listening, left behind: as after a crash
    stale.close()
    assert os.path.exists(path)
    assert not handoff.hand_off(None)  # does not block the start
    parent = QObject()
    got: list[Path | None] = []
    assert handoff.listen(got.append, parent) is not None
    result = _hand_off_in_thread(None)
    qtbot.waitUntil(lambda: result == [True] and got == [None], timeout=10000)
    parent.deleteLater()


def test_a_second_server_does_not_take_over_a_live_one(qtbot, runtime_dir: Path) -> None:
    first, second = QObject(), QObject()
    assert handoff.listen(lambda _p: None, first) is not None
    assert handoff.listen(lambda _p: None, second) is None
    first.deleteLater()
    second.deleteLater()


def test_each_settings_folder_has_its_own_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTEDESK_CONFIG_DIR", "/a")
    first = handoff.socket_path()
    monkeypatch.setenv("NOTEDESK_CONFIG_DIR", "/b")
    assert handoff.socket_path() != first
