"""Crash-recovery journal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from notedesk.core.journal import Journal
from notedesk.core.ownwrites import sha256


def make_vault(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    (vault / "sub").mkdir(parents=True)
    (vault / "sub" / "n.md").write_bytes(b"on disk\n")
    return vault


def record_and_die(data: Path, vault: Path, buffers: list[tuple[str, str, str | None]]) -> None:
    """Journal ``buffers`` in another process that then dies without a clean shutdown."""
    code = textwrap.dedent(
        f"""
        import os
        from notedesk.core.journal import Journal
        journal = Journal({str(data)!r})
        for rel, text, base in {buffers!r}:
            journal.record({str(vault)!r}, rel, text, base)
        os._exit(1)
        """
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 1, run.stderr


def test_crash_leaves_entries_for_the_next_start(tmp_path: Path) -> None:
    vault = make_vault(tmp_path)
    record_and_die(
        tmp_path / "data",
        vault,
        [
            ("sub/n.md", "typed but unsaved\n", sha256(b"on disk\n")),
            ("new.md", "never saved", None),
        ],
    )

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
    files = list((tmp_path / "data" / "journal" / journal.session).iterdir())
    assert len(files) == 1 and files[0].suffix == ".json"
    del journal  # dropped without close(), as in a crash: its lock goes with it
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


def test_a_running_instance_is_not_taken_for_a_crash(tmp_path: Path) -> None:
    vault = make_vault(tmp_path)
    running = Journal(tmp_path / "data")
    running.record(vault, "a.md", "typing in the first window", None)
    second = Journal(tmp_path / "data")
    assert second.pending() == []  # the first instance is alive: nothing to recover
    second.close()
    assert (tmp_path / "data" / "journal" / running.session).is_dir()  # left alone
    running.record(vault, "a.md", "still typing", None)
    running.close()
    assert list((tmp_path / "data" / "journal").iterdir()) == []


def test_leftovers_of_a_dead_session_are_offered_by_one_instance_only(tmp_path: Path) -> None:
    vault = make_vault(tmp_path)
    record_and_die(tmp_path / "data", vault, [("a.md", "lost?", None)])
    first, second = Journal(tmp_path / "data"), Journal(tmp_path / "data")
    assert [e.text for e in first.pending()] == ["lost?"]
    assert first.pending() != []  # still claimed by the first one
    assert second.pending() == []
    (entry,) = first.pending()
    first.discard_entry(entry)
    first.close()  # the emptied folder of the dead session goes
    assert second.pending() == []
    assert list((tmp_path / "data" / "journal").iterdir()) == []


def test_entries_set_aside_are_offered_again_after_close(tmp_path: Path) -> None:
    vault = make_vault(tmp_path)
    record_and_die(tmp_path / "data", vault, [("a.md", "decide later", None)])
    first = Journal(tmp_path / "data")
    assert [e.text for e in first.pending()] == ["decide later"]
    first.close()  # not discarded: kept for the next start
    assert [e.text for e in Journal(tmp_path / "data").pending()] == ["decide later"]


def test_entries_from_before_session_folders_are_still_found(tmp_path: Path) -> None:
    vault = make_vault(tmp_path)
    folder = tmp_path / "data" / "journal"
    folder.mkdir(parents=True)
    payload = {
        "version": 1,
        "vault": str(vault),
        "rel": "a.md",
        "base_sha": None,
        "saved_at": "2026-01-01T00:00:00+00:00",
        "text": "old format",
    }
    (folder / "0123.json").write_text(json.dumps(payload))
    first, second = Journal(tmp_path / "data"), Journal(tmp_path / "data")
    (entry,) = first.pending()
    assert entry.text == "old format"
    assert second.pending() == []
    first.discard_entry(entry)
    first.close()
    assert list(folder.iterdir()) == []
