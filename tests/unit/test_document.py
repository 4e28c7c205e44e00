"""Document: the rules for one open note buffer against a real vault folder."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from notedesk.core import _exchange, atomic
from notedesk.core.atomic import SaveError
from notedesk.core.document import (
    ConflictPendingError,
    Document,
    LossySaveError,
    Outcome,
)
from notedesk.core.events import FileEvent
from notedesk.core.journal import Journal
from notedesk.core.ownwrites import OwnWrites
from notedesk.core.vault import Vault


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    root = tmp_path / "vault"
    root.mkdir()
    return Vault(root)


def put(vault: Vault, rel: str, data: bytes) -> Path:
    path = vault.abspath(rel)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def temp_files(vault: Vault) -> list[str]:
    return [p.name for p in vault.root.rglob("*.tmp")]


# -- format fidelity -------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        b"plain\nlines\n",
        b"no final newline",
        b"crlf\r\nfile\r\n",
        b"\xef\xbb\xbfbom and crlf\r\nend",
        b"\xef\xbb\xbfbom lf\n\n\n",
        b"",
    ],
)
def test_edit_and_save_keeps_format_byte_exact(vault: Vault, raw: bytes) -> None:
    path = put(vault, "n.md", raw)
    doc = Document.open(vault, "n.md")
    assert not doc.dirty
    doc.text = doc.text + "X"
    assert doc.save() == Outcome.SAVED
    assert path.read_bytes() == raw + b"X"
    doc.text = doc.text[:-1]
    doc.save()
    assert path.read_bytes() == raw


def test_no_trailing_newline_churn(vault: Vault) -> None:
    path = put(vault, "n.md", b"first\r\nsecond")
    doc = Document.open(vault, "n.md")
    doc.text = doc.text.replace("first", "FIRST")
    doc.save()
    assert path.read_bytes() == b"FIRST\r\nsecond"


def test_undo_back_to_saved_text_is_clean(vault: Vault) -> None:
    put(vault, "n.md", b"abc")
    doc = Document.open(vault, "n.md")
    doc.text = "abcd"
    assert doc.dirty
    doc.text = "abc"
    assert not doc.dirty
    assert doc.save() == Outcome.UNCHANGED


def test_invalid_utf8_is_never_written_back_silently(vault: Vault) -> None:
    raw = b"caf\xe9 latin-1\n"
    path = put(vault, "n.md", raw)
    doc = Document.open(vault, "n.md")
    assert doc.read_only and doc.autosave_paused
    doc.text += "more"
    with pytest.raises(LossySaveError):
        doc.save()
    assert path.read_bytes() == raw
    assert doc.dirty
    assert doc.save(allow_lossy=True) == Outcome.SAVED
    assert path.read_bytes() == "caf\ufffd latin-1\nmore".encode()
    # The file is UTF-8 now: the note saves (and autosaves) like any other.
    assert not doc.read_only and not doc.autosave_paused
    doc.text += "!"
    assert doc.save() == Outcome.SAVED


def test_saving_invalid_utf8_as_utf8_writes_it_even_unedited(vault: Vault) -> None:
    path = put(vault, "n.md", b"caf\xe9\n")
    doc = Document.open(vault, "n.md")
    assert not doc.dirty
    with pytest.raises(LossySaveError):
        doc.save()
    assert path.read_bytes() == b"caf\xe9\n"
    assert doc.save(allow_lossy=True) == Outcome.SAVED
    assert path.read_bytes() == "caf\ufffd\n".encode()
    assert not doc.read_only


# -- external changes --------------------------------------------------------------


def test_clean_buffer_reloads(vault: Vault) -> None:
    path = put(vault, "n.md", b"v1\n")
    doc = Document.open(vault, "n.md")
    path.write_bytes(b"v2\r\n")
    assert doc.external_change() == Outcome.RELOADED
    assert doc.text == "v2\n" and not doc.dirty
    assert doc.fmt.newline == "\r\n"


def test_touch_or_own_save_is_unchanged(vault: Vault) -> None:
    path = put(vault, "n.md", b"v1\n")
    doc = Document.open(vault, "n.md")
    os.utime(path, None)
    assert doc.external_change() == Outcome.UNCHANGED
    doc.text = "mine\n"
    doc.save()
    assert doc.external_change() == Outcome.UNCHANGED


def test_dirty_buffer_gets_a_conflict_and_autosave_pauses(vault: Vault) -> None:
    path = put(vault, "n.md", b"base\n")
    doc = Document.open(vault, "n.md")
    doc.text = "mine\n"
    assert doc.wants_autosave
    path.write_bytes(b"theirs\n")
    assert doc.external_change() == Outcome.CONFLICT
    assert doc.conflict is not None and doc.conflict.text == "theirs\n"
    assert doc.autosave_paused and not doc.wants_autosave
    assert doc.text == "mine\n"
    with pytest.raises(ConflictPendingError) as info:
        doc.save()
    assert str(info.value) == "n.md changed on disk: reload theirs or keep mine first"
    assert path.read_bytes() == b"theirs\n"
    rows = doc.compare()
    assert [(r.left, r.right) for r in rows] == [("mine", "theirs")]


def test_keep_mine_preserves_theirs_as_a_conflict_copy(vault: Vault) -> None:
    path = put(vault, "dir/Note.md", b"base\n")
    doc = Document.open(vault, "dir/Note.md")
    doc.text = "mine\n"
    path.write_bytes(b"theirs\n")
    doc.external_change()
    copy = doc.keep_mine()
    assert copy is not None and copy.in_vault
    assert copy.path.parent == path.parent
    assert copy.path.name.startswith("Note (conflict ")
    assert copy.path.read_bytes() == b"theirs\n"
    assert path.read_bytes() == b"mine\n"
    assert doc.conflict is None and not doc.dirty
    assert temp_files(vault) == []


def test_keep_mine_while_they_keep_writing(vault: Vault) -> None:
    path = put(vault, "n.md", b"base\n")
    doc = Document.open(vault, "n.md")
    doc.text = "mine\n"
    path.write_bytes(b"theirs 1\n")
    doc.external_change()
    writes = [b"theirs 2\n"]

    def they_write_again(step: str) -> None:
        if step == "chmod" and writes:
            path.write_bytes(writes.pop())

    atomic._step_hook = they_write_again
    try:
        doc.keep_mine()
    finally:
        atomic._step_hook = None
    assert path.read_bytes() == b"mine\n"
    copies = sorted(p.read_bytes() for p in path.parent.glob("n (conflict *).md"))
    assert copies == [b"theirs 1\n", b"theirs 2\n"]


def test_reload_theirs(vault: Vault) -> None:
    path = put(vault, "n.md", b"base\n")
    doc = Document.open(vault, "n.md")
    doc.text = "mine\n"
    path.write_bytes(b"theirs\n")
    doc.external_change()
    assert doc.reload_theirs() == "mine\n"
    assert doc.text == "theirs\n" and not doc.dirty and doc.conflict is None


def test_disk_catching_up_with_the_buffer_converges(vault: Vault) -> None:
    path = put(vault, "n.md", b"base\n")
    doc = Document.open(vault, "n.md")
    doc.text = "same\n"
    path.write_bytes(b"same\n")
    assert doc.external_change() == Outcome.CONVERGED
    assert not doc.dirty


def test_save_notices_a_change_the_watcher_has_not_reported(vault: Vault) -> None:
    path = put(vault, "n.md", b"base\n")
    doc = Document.open(vault, "n.md")
    doc.text = "mine\n"
    path.write_bytes(b"theirs\n")  # no event delivered yet
    assert doc.save() == Outcome.CONFLICT
    assert path.read_bytes() == b"theirs\n"
    assert doc.dirty and doc.text == "mine\n"


def test_deleted_on_disk_stays_and_save_recreates(vault: Vault) -> None:
    path = put(vault, "n.md", b"v1\n")
    doc = Document.open(vault, "n.md")
    path.unlink()
    assert doc.on_file_event(FileEvent("deleted", "n.md")) == Outcome.DELETED
    assert doc.deleted and doc.dirty and doc.text == "v1\n"
    assert doc.autosave_paused
    assert doc.save() == Outcome.SAVED
    assert path.read_bytes() == b"v1\n"
    assert not doc.deleted and not doc.dirty


def test_deleted_then_recreated_by_them(vault: Vault) -> None:
    path = put(vault, "n.md", b"v1\n")
    doc = Document.open(vault, "n.md")
    path.unlink()
    doc.external_change()
    path.write_bytes(b"v2\n")
    assert doc.on_file_event(FileEvent("created", "n.md")) == Outcome.RELOADED
    assert doc.text == "v2\n" and not doc.deleted


def test_moved_on_disk_follows(vault: Vault) -> None:
    put(vault, "a/n.md", b"v1\n")
    doc = Document.open(vault, "a/n.md")
    os.rename(vault.abspath("a/n.md"), vault.abspath("a/m.md"))
    assert doc.on_file_event(FileEvent("moved", "a/n.md", "a/m.md")) == Outcome.MOVED
    assert doc.rel == "a/m.md"
    os.rename(vault.abspath("a"), vault.abspath("b"))
    assert doc.on_file_event(FileEvent("moved", "a", "b", True)) == Outcome.MOVED
    assert doc.rel == "b/m.md"
    assert doc.on_file_event(FileEvent("modified", "other.md")) is None
    doc.text = "edited\n"
    doc.save()
    assert vault.abspath("b/m.md").read_bytes() == b"edited\n"


# -- failed saves ------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file modes")
def test_read_only_file_save_error_keeps_dirty(vault: Vault) -> None:
    path = put(vault, "n.md", b"v1\n")
    path.chmod(0o444)
    doc = Document.open(vault, "n.md")
    doc.text = "v2\n"
    with pytest.raises(SaveError, match="read-only"):
        doc.save()
    assert doc.dirty and doc.text == "v2\n"
    assert path.read_bytes() == b"v1\n"


def test_read_only_file_even_as_root(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    path = put(vault, "n.md", b"v1\n")
    doc = Document.open(vault, "n.md")
    doc.text = "v2\n"
    real_access = os.access
    monkeypatch.setattr(
        atomic.os, "access", lambda p, mode: False if Path(p) == path else real_access(p, mode)
    )
    with pytest.raises(SaveError, match="read-only"):
        doc.save()
    assert doc.dirty and doc.text == "v2\n"
    assert path.read_bytes() == b"v1\n"


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.EACCES, "Permission denied"), (errno.EROFS, "Read-only"), (errno.ENOSPC, "space")],
)
def test_failed_save_keeps_the_buffer_dirty(
    vault: Vault, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    path = put(vault, "n.md", b"v1\n")
    own = OwnWrites()
    doc = Document.open(vault, "n.md", own_writes=own)
    doc.text = "v2\n"

    def refuse(src: str, dst: str) -> bool:
        raise OSError(code, os.strerror(code))

    with monkeypatch.context() as patch:
        patch.setattr(atomic.os, "replace", refuse)
        patch.setattr(_exchange, "exchange", refuse)
        with pytest.raises(SaveError, match=words):
            doc.save()
    assert doc.dirty and doc.text == "v2\n"
    assert path.read_bytes() == b"v1\n"
    assert temp_files(vault) == []
    assert not own.is_own(path)
    assert doc.save() == Outcome.SAVED  # retry works
    assert path.read_bytes() == b"v2\n"


# -- own writes and the journal ----------------------------------------------------


def test_save_records_an_own_write(vault: Vault) -> None:
    put(vault, "n.md", b"v1\n")
    own = OwnWrites()
    doc = Document.open(vault, "n.md", own_writes=own)
    doc.text = "v2\n"
    doc.save()
    assert own.is_own(vault.abspath("n.md"))


def test_journal_follows_the_buffer(vault: Vault, tmp_path: Path) -> None:
    put(vault, "n.md", b"v1\n")
    journal = Journal(tmp_path / "data")
    doc = Document.open(vault, "n.md", journal=journal)
    assert not doc.journal_record()  # clean: nothing to keep
    doc.text = "unsaved\n"
    assert doc.journal_record()
    (file,) = (journal.folder / journal.session).glob("*.json")
    entry = json.loads(file.read_text(encoding="utf-8"))
    assert entry["text"] == "unsaved\n" and entry["rel"] == "n.md"
    assert entry["base_sha"] == doc.disk_sha
    doc.save()
    assert list((journal.folder / journal.session).glob("*.json")) == []


def test_old_mac_line_ends_open_clean_and_save_back_as_they_were(vault: Vault) -> None:
    path = put(vault, "cr.md", b"# CR head\r[[Other]]\rline3\r")
    doc = Document.open(vault, "cr.md")
    assert doc.text == "# CR head\n[[Other]]\nline3\n"
    assert not doc.dirty and doc.save() == Outcome.UNCHANGED
    doc.text += "more\n"
    assert doc.save() == Outcome.SAVED
    assert path.read_bytes() == b"# CR head\r[[Other]]\rline3\rmore\r"


def test_utf16_note_saves_back_in_utf16(vault: Vault) -> None:
    path = put(vault, "w.md", "# Notes\r\nline\r\n".encode("utf-16"))
    doc = Document.open(vault, "w.md")
    assert doc.text == "# Notes\nline\n" and not doc.dirty
    doc.text += "more é\n"
    assert doc.save() == Outcome.SAVED
    assert path.read_bytes() == "\ufeff# Notes\r\nline\r\nmore é\r\n".encode("utf-16-le")


# -- a change on disk merged into unsaved edits ----------------------------------------

NOTE = b"# Title\n\nfirst paragraph\n\nsecond paragraph\n"


def test_change_to_other_lines_is_merged_and_stays_dirty(vault: Vault) -> None:
    path = put(vault, "n.md", NOTE)
    doc = Document.open(vault, "n.md")
    doc.text = "# Title\n\nfirst paragraph, edited\n\nsecond paragraph\n"
    path.write_bytes(NOTE + b"\nappended elsewhere\n")
    assert doc.on_file_event(FileEvent("modified", "n.md")) == Outcome.MERGED
    merged = "# Title\n\nfirst paragraph, edited\n\nsecond paragraph\n\nappended elsewhere\n"
    assert doc.text == merged
    assert doc.saved_text == (NOTE + b"\nappended elsewhere\n").decode()
    assert doc.conflict is None and doc.dirty and doc.wants_autosave
    assert path.read_bytes() == NOTE + b"\nappended elsewhere\n"  # nothing written yet
    assert doc.save() == Outcome.SAVED
    assert path.read_bytes() == merged.encode()
    assert not doc.dirty


def test_merge_in_a_crlf_file_saves_crlf(vault: Vault) -> None:
    crlf = NOTE.replace(b"\n", b"\r\n")
    path = put(vault, "n.md", crlf)
    doc = Document.open(vault, "n.md")
    doc.text = doc.text.replace("# Title", "# Title, mine")
    path.write_bytes(crlf.replace(b"second", b"2nd"))
    assert doc.external_change() == Outcome.MERGED
    assert doc.text == "# Title, mine\n\nfirst paragraph\n\n2nd paragraph\n"
    doc.save()
    assert path.read_bytes() == b"# Title, mine\r\n\r\nfirst paragraph\r\n\r\n2nd paragraph\r\n"


def test_save_merges_a_change_the_watcher_has_not_reported(vault: Vault) -> None:
    path = put(vault, "n.md", NOTE)
    doc = Document.open(vault, "n.md")
    doc.text = NOTE.decode().replace("first", "1st")
    path.write_bytes(NOTE.replace(b"second", b"2nd"))  # no event delivered yet
    assert doc.save() == Outcome.MERGED
    assert path.read_bytes() == b"# Title\n\n1st paragraph\n\n2nd paragraph\n"
    assert doc.text == "# Title\n\n1st paragraph\n\n2nd paragraph\n" and not doc.dirty


def test_overlapping_changes_are_a_conflict_as_before(vault: Vault) -> None:
    path = put(vault, "n.md", NOTE)
    doc = Document.open(vault, "n.md")
    doc.text = NOTE.decode().replace("first paragraph", "mine")
    path.write_bytes(NOTE.replace(b"first paragraph", b"theirs"))
    assert doc.external_change() == Outcome.CONFLICT
    assert doc.text == NOTE.decode().replace("first paragraph", "mine")
    assert doc.saved_text == NOTE.decode() and doc.autosave_paused


@pytest.mark.parametrize(
    ("base", "theirs"),
    [
        (NOTE, NOTE.replace(b"\n", b"\r\n") + b"more\r\n"),  # line ends changed
        (NOTE, b"\xef\xbb\xbf" + NOTE + b"more\n"),  # a BOM added
        (NOTE, NOTE + b"more \xff\n"),  # theirs is not valid UTF-8
        (NOTE.replace(b"Title", b"T\xfftle"), NOTE.replace(b"Title", b"T\xfftle") + b"more\n"),
        (NOTE, NOTE.replace(b"\n", b"\r\n")),  # the same text in other bytes
    ],
)
def test_no_merge_across_formats_or_lossy_text(vault: Vault, base: bytes, theirs: bytes) -> None:
    path = put(vault, "n.md", base)
    doc = Document.open(vault, "n.md")
    mine = doc.text.replace("second", "2nd")
    doc.text = mine
    path.write_bytes(theirs)
    assert doc.external_change() == Outcome.CONFLICT
    assert doc.text == mine


def test_no_merge_while_a_conflict_is_pending(vault: Vault) -> None:
    path = put(vault, "n.md", NOTE)
    doc = Document.open(vault, "n.md")
    doc.text = NOTE.decode().replace("first paragraph", "mine")
    path.write_bytes(NOTE.replace(b"first paragraph", b"theirs"))
    assert doc.external_change() == Outcome.CONFLICT
    path.write_bytes(NOTE + b"more\n")  # now it would merge: the choice is still the user's
    assert doc.external_change() == Outcome.CONFLICT
    assert doc.conflict is not None and doc.conflict.text == NOTE.decode() + "more\n"


def test_no_merge_into_a_note_recreated_after_deletion(vault: Vault) -> None:
    path = put(vault, "n.md", NOTE)
    doc = Document.open(vault, "n.md")
    doc.text = NOTE.decode().replace("first", "1st")
    path.unlink()
    assert doc.external_change() == Outcome.DELETED
    path.write_bytes(NOTE + b"more\n")
    assert doc.external_change() == Outcome.CONFLICT


# -- the note's old version set aside by another program -----------------------------

SET_ASIDE_NAMES = [
    "n.md~",  # Emacs, vim, cp -b, mv -b, rsync -b
    "n.md.~1~",  # numbered backups
    "n.md.bak",
    "n.md.orig",
    "n.md.swp",
    "n.sync-conflict-20261129-101112-ABCDEFG.md",  # Syncthing
    "n (conflicted copy 2026-11-29 101112).md",  # Nextcloud
    "n (Ann's conflicted copy 2026-11-29).md",  # Dropbox
    "n (conflict 2026-11-29 10-11-12).md",  # notedesk's own
]


def test_renamed_away_and_replaced_in_one_batch_the_buffer_stays_and_reloads(
    vault: Vault,
) -> None:
    path = put(vault, "n.md", NOTE)
    doc = Document.open(vault, "n.md")
    os.replace(path, vault.abspath("Other name.md"))  # even a plain name
    path.write_bytes(NOTE + b"more\n")
    # As the coalescer reports it: the move first, then the new file.
    assert doc.on_file_event(FileEvent("moved", "n.md", "Other name.md")) == Outcome.RELOADED
    assert doc.rel == "n.md" and doc.text == NOTE.decode() + "more\n" and not doc.dirty
    assert doc.on_file_event(FileEvent("created", "n.md")) == Outcome.UNCHANGED
    assert doc.on_file_event(FileEvent("modified", "Other name.md")) is None


def test_renamed_to_a_backup_and_replaced_merges_into_unsaved_text(vault: Vault) -> None:
    """Emacs's first save, cp -b: the unsaved text never goes into the backup."""
    path = put(vault, "n.md", NOTE)
    doc = Document.open(vault, "n.md")
    doc.text = NOTE.decode().replace("first paragraph", "mine")
    os.replace(path, vault.abspath("n.md~"))
    path.write_bytes(NOTE + b"theirs\n")
    assert doc.on_file_event(FileEvent("moved", "n.md", "n.md~")) == Outcome.MERGED
    assert doc.rel == "n.md"
    assert doc.text == NOTE.decode().replace("first paragraph", "mine") + "theirs\n"
    assert doc.save() == Outcome.SAVED
    assert path.read_text(encoding="utf-8") == doc.text
    assert vault.abspath("n.md~").read_bytes() == NOTE


@pytest.mark.parametrize("aside", SET_ASIDE_NAMES)
def test_renamed_to_a_backup_name_counts_as_deleted_until_the_new_version(
    vault: Vault, aside: str
) -> None:
    """vim with a backup, Syncthing: the new version arrives after the rename."""
    path = put(vault, "n.md", NOTE)
    doc = Document.open(vault, "n.md")
    doc.text = NOTE.decode().replace("first paragraph", "mine")
    os.replace(path, vault.abspath(aside))
    assert doc.on_file_event(FileEvent("moved", "n.md", aside)) == Outcome.DELETED
    assert doc.rel == "n.md" and doc.deleted and doc.set_aside_to == aside
    assert doc.autosave_paused  # nothing is written into the backup, nor at n.md yet
    assert doc.on_file_event(FileEvent("modified", aside)) is None
    path.write_bytes(NOTE + b"theirs\n")
    assert doc.on_file_event(FileEvent("created", "n.md")) == Outcome.MERGED
    assert not doc.deleted and doc.set_aside_to is None
    assert doc.text == NOTE.decode().replace("first paragraph", "mine") + "theirs\n"
    assert vault.abspath(aside).read_bytes() == NOTE


def test_set_aside_then_a_conflicting_version_is_a_conflict(vault: Vault) -> None:
    path = put(vault, "n.md", NOTE)
    doc = Document.open(vault, "n.md")
    doc.text = NOTE.decode().replace("first paragraph", "mine")
    os.replace(path, vault.abspath("n.sync-conflict-20261129-101112-ABCDEFG.md"))
    doc.on_file_event(FileEvent("moved", "n.md", "n.sync-conflict-20261129-101112-ABCDEFG.md"))
    path.write_bytes(NOTE.replace(b"first paragraph", b"theirs"))
    assert doc.on_file_event(FileEvent("created", "n.md")) == Outcome.CONFLICT
    assert doc.rel == "n.md" and doc.text == NOTE.decode().replace("first paragraph", "mine")


def test_set_aside_clean_note_reloads_the_new_version(vault: Vault) -> None:
    path = put(vault, "n.md", b"v1\n")
    doc = Document.open(vault, "n.md")
    os.replace(path, vault.abspath("n.md.bak"))
    assert doc.on_file_event(FileEvent("moved", "n.md", "n.md.bak")) == Outcome.DELETED
    path.write_bytes(b"v2\n")
    assert doc.on_file_event(FileEvent("created", "n.md")) == Outcome.RELOADED
    assert doc.text == "v2\n" and not doc.dirty and doc.rel == "n.md"


def test_own_rename_to_a_backup_name_is_followed(vault: Vault) -> None:
    path = put(vault, "n.md", b"v1\n")
    doc = Document.open(vault, "n.md")
    os.replace(path, vault.abspath("n.md.bak"))
    assert doc.on_file_event(FileEvent("moved", "n.md", "n.md.bak"), own=True) == Outcome.MOVED
    assert doc.rel == "n.md.bak"


def test_deleted_then_restored_as_it_was_keeps_the_edits(vault: Vault) -> None:
    path = put(vault, "n.md", NOTE)
    doc = Document.open(vault, "n.md")
    doc.text = NOTE.decode() + "mine\n"
    path.unlink()
    assert doc.external_change() == Outcome.DELETED
    path.write_bytes(NOTE)  # git checkout, a backup copied back
    assert doc.external_change() == Outcome.RESTORED
    assert not doc.deleted and doc.dirty and not doc.autosave_paused
    assert doc.save() == Outcome.SAVED
    assert path.read_bytes() == NOTE + b"mine\n"


def test_rename_to_a_name_of_the_same_file_is_followed(vault: Vault) -> None:
    """A case-only rename where case is ignored: the old name still finds the file."""
    put(vault, "n.md", b"v1\n")
    doc = Document.open(vault, "n.md")
    os.link(vault.abspath("n.md"), vault.abspath("N.md"))  # one file, two names
    assert doc.on_file_event(FileEvent("moved", "n.md", "N.md")) == Outcome.MOVED
    assert doc.rel == "N.md"
