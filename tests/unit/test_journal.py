"""Crash-recovery journal."""

from __future__ import annotations

import os
from pathlib import Path

from notedesk.core.journal import Journal
from notedesk.core.ownwrites import sha256


def make_vault(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    (vault / "sub").mkdir(parents=True)
    (vault / "sub" / "n.md").write_bytes(b"on disk\n")
    return vault


def test_crash_leaves_entries_for_the_next_start(tmp_path: Path) -> None:
    vault = make_vault(tmp_path)
    crashed = Journal(tmp_path / "data")
    assert crashed.record(vault, "sub/n.md", "typed but unsaved\n", sha256(b"on disk\n"))
    assert crashed.record(vault, "new.md", "never saved", None)
    # no close(): the process died

    entries = Journal(tmp_path / "data").pending()
    assert [(e.rel, e.text) for e in entries] == [
        ("sub/n.md", "typed but unsaved\n"),
        ("new.md", "never saved"),
    ]
    first, second = entries
    assert first.disk_text == "on disk\n"
    assert not first.disk_changed
    assert first.differs_from_disk
    assert second.disk_text is None and second.disk_sha is None
    assert first.vault_root == os.path.abspath(vault)


def test_disk_changed_since_the_buffer_was_loaded(tmp_path: Path) -> None:
    vault = make_vault(tmp_path)
    Journal(tmp_path / "data").record(vault, "sub/n.md", "mine", sha256(b"on disk\n"))
    (vault / "sub" / "n.md").write_bytes(b"theirs\n")
    (entry,) = Journal(tmp_path / "data").pending()
    assert entry.disk_changed
    assert entry.disk_text == "theirs\n"


def test_clean_shutdown_and_discard(tmp_path: Path) -> None:
    vault = make_vault(tmp_path)
    journal = Journal(tmp_path / "data")
    journal.record(vault, "a.md", "a", None)
    journal.record(vault, "b.md", "b", None)
    journal.discard(vault, "a.md")
    assert [e.rel for e in Journal(tmp_path / "data").pending()] == ["b.md"]
    assert journal.pending() == []  # our own live entries are not "pending"
    journal.close()
    assert Journal(tmp_path / "data").pending() == []
    assert list((tmp_path / "data" / "journal").iterdir()) == []


def test_one_file_per_buffer_rewritten_atomically(tmp_path: Path) -> None:
    vault = make_vault(tmp_path)
    journal = Journal(tmp_path / "data")
    journal.record(vault, "a.md", "v1", None)
    assert not journal.record(vault, "a.md", "v1", None)  # unchanged: no write
    journal.record(vault, "a.md", "v2", None)
    files = list((tmp_path / "data" / "journal").iterdir())
    assert len(files) == 1 and files[0].suffix == ".json"
    (entry,) = Journal(tmp_path / "data").pending()
    assert entry.text == "v2"


def test_default_folder_follows_the_data_dir_override(tmp_path: Path) -> None:
    journal = Journal()
    assert journal.folder == Path(os.environ["NOTEDESK_DATA_DIR"]) / "journal"


def test_unreadable_entries_are_skipped_and_kept(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "journal"
    folder.mkdir(parents=True)
    (folder / "broken.json").write_text("{not json")
    assert Journal(tmp_path / "data").pending() == []
    assert (folder / "broken.json").exists()


def test_discard_entry_after_restore(tmp_path: Path) -> None:
    vault = make_vault(tmp_path)
    Journal(tmp_path / "data").record(vault, "a.md", "a", None)
    later = Journal(tmp_path / "data")
    (entry,) = later.pending()
    later.discard_entry(entry)
    assert later.pending() == []
