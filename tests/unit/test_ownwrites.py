"""Own-write registry: recognition by content, never by timing."""

from __future__ import annotations

from pathlib import Path

import pytest

from notedesk.core.atomic import SaveError, TextFormat
from notedesk.core.ownwrites import OwnWrites, save_and_record
from notedesk.core.vault import Vault


def test_recorded_save_is_own_until_the_file_changes(tmp_path: Path) -> None:
    own = OwnWrites()
    vault = Vault(tmp_path)
    data = save_and_record(vault, "n.md", "hello\n", TextFormat("\r\n", True), own)
    assert data == b"\xef\xbb\xbfhello\r\n"
    assert own.is_own(tmp_path / "n.md")
    assert own.is_own(tmp_path / "n.md")  # repeated events for one save
    (tmp_path / "n.md").write_bytes(b"HELLO\r\n\xef\xbb\xbf")  # same size, other bytes
    assert not own.is_own(tmp_path / "n.md")
    # The entry is gone: going back to our bytes later is someone else's change.
    (tmp_path / "n.md").write_bytes(data)
    assert not own.is_own(tmp_path / "n.md")


def test_unknown_and_missing_files_are_not_own(tmp_path: Path) -> None:
    own = OwnWrites()
    (tmp_path / "x.md").write_text("x")
    assert not own.is_own(tmp_path / "x.md")
    own.write(tmp_path / "y.md", b"y")
    (tmp_path / "y.md").unlink()
    assert not own.is_own(tmp_path / "y.md")


def test_entries_expire(tmp_path: Path) -> None:
    now = [0.0]
    own = OwnWrites(ttl=10, clock=lambda: now[0])
    own.write(tmp_path / "a.md", b"a")
    assert own.is_own(tmp_path / "a.md")
    now[0] = 11
    assert not own.is_own(tmp_path / "a.md")
    assert len(own) == 0


def test_in_flight_write_is_not_dropped_by_an_early_event(tmp_path: Path) -> None:
    own = OwnWrites()
    target = tmp_path / "a.md"
    target.write_bytes(b"before")

    checks: list[bool] = []

    def event_arrives_mid_save(current: bytes | None) -> bool:
        if not checks:  # the check before the rename: disk still holds the old bytes
            checks.append(own.is_own(target))
        return True

    own.write(target, b"after", expect=event_arrives_mid_save)
    assert checks == [False]
    assert own.is_own(target)


def test_failed_write_is_forgotten(tmp_path: Path) -> None:
    own = OwnWrites()
    with pytest.raises(SaveError):
        own.write(tmp_path / "missing-folder" / "a.md", b"a")
    assert len(own) == 0
