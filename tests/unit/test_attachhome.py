"""The note a file is copied for, followed while the file copies."""

from __future__ import annotations

import json

import pytest

from notedesk.core.attachhome import AttachmentHome, NoteDeleted
from notedesk.core.vault import Vault


def _vault(tmp_path, setting: str) -> Vault:
    root = tmp_path / "v"
    (root / ".obsidian").mkdir(parents=True)
    (root / ".obsidian" / "app.json").write_text(json.dumps({"attachmentFolderPath": setting}))
    (root / "f").mkdir()
    (root / "f" / "B.md").write_text("# B\n")
    return Vault(root)


def _source(tmp_path):
    source = tmp_path / "big.pdf"
    source.write_bytes(b"%PDF-1.4 data")
    return source


def test_a_file_copied_for_a_moved_note_goes_next_to_it(tmp_path):
    vault = _vault(tmp_path, "./att")
    home = AttachmentHome(vault, "f/B.md")
    rel = home.copy(str(_source(tmp_path)), lambda _d, _a: None, lambda: False)
    assert rel == "f/att/big.pdf"
    (vault.root / "g").mkdir()
    (vault.root / "f" / "B.md").rename(vault.root / "g" / "B.md")
    home.moved("f/B.md", "g/B.md")
    assert home.settle(rel) == "g/att/big.pdf"
    assert (vault.root / "g" / "att" / "big.pdf").read_bytes() == b"%PDF-1.4 data"
    assert not (vault.root / "f" / "att").exists()  # made for it, left empty: gone


def test_a_folder_move_carries_the_note(tmp_path):
    home = AttachmentHome(_vault(tmp_path, "./"), "f/B.md")
    home.moved("f", "x/f")
    assert home.note_rel == "x/f/B.md"
    home.moved("fa", "y")
    assert home.note_rel == "x/f/B.md"


def test_a_deleted_note_stops_the_copy_and_leaves_nothing(tmp_path):
    vault = _vault(tmp_path, "./")
    home = AttachmentHome(vault, "f/B.md")
    home.note_deleted(["f"])
    with pytest.raises(NoteDeleted):
        home.copy(str(_source(tmp_path)), lambda _d, _a: None, lambda: False)
    assert sorted(p.name for p in (vault.root / "f").iterdir()) == ["B.md"]


def test_a_note_gone_when_the_copy_ends_gets_no_file(tmp_path):
    vault = _vault(tmp_path, "./")
    home = AttachmentHome(vault, "f/B.md")
    rel = home.copy(str(_source(tmp_path)), lambda _d, _a: None, lambda: False)
    (vault.root / "f" / "B.md").unlink()  # by another program
    with pytest.raises(NoteDeleted):
        home.settle(rel)
    assert not (vault.root / rel).exists()
