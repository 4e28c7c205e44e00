"""Where pasted and dropped files go (Obsidian's attachmentFolderPath) and their names."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest

from notedesk.core.atomic import SaveError
from notedesk.core.attachments import (
    CopyCancelled,
    attachment_folder,
    copy_attachment,
    embed_link,
    free_name,
    link_safe_name,
    pasted_image_name,
    read_setting,
    save_attachment,
)
from notedesk.core.vault import Vault

# (app.json content or None for no file, the note, the folder expected)
FOLDER_RULES = [
    (None, "Notes/Day.md", ""),
    ("", "Notes/Day.md", ""),
    ("{not json", "Notes/Day.md", ""),
    ("[1, 2]", "Notes/Day.md", ""),
    ('"Attachments"', "Notes/Day.md", ""),
    ("{}", "Notes/Day.md", ""),
    ('{"attachmentFolderPath": 3}', "Notes/Day.md", ""),
    ('{"attachmentFolderPath": null}', "Notes/Day.md", ""),
    ('{"attachmentFolderPath": "/"}', "Notes/Day.md", ""),
    ('{"attachmentFolderPath": ""}', "Notes/Day.md", ""),
    ('{"attachmentFolderPath": "./"}', "Notes/Day.md", "Notes"),
    ('{"attachmentFolderPath": "./"}', "Day.md", ""),
    ('{"attachmentFolderPath": "."}', "a/b/Day.md", "a/b"),
    ('{"attachmentFolderPath": "./img"}', "Notes/Day.md", "Notes/img"),
    ('{"attachmentFolderPath": "./img"}', "Day.md", "img"),
    ('{"attachmentFolderPath": "./img/png/"}', "a/b/Day.md", "a/b/img/png"),
    ('{"attachmentFolderPath": "Attachments"}', "Notes/Day.md", "Attachments"),
    ('{"attachmentFolderPath": "Files/Images/"}', "Day.md", "Files/Images"),
    ('{"attachmentFolderPath": "/Files"}', "x/Day.md", "Files"),
    ('{"attachmentFolderPath": "../outside"}', "Day.md", ""),
    ('{"attachmentFolderPath": "./../../up"}', "a/Day.md", ""),
    ('{"attachmentFolderPath": ".obsidian"}', "Day.md", ""),
    ('{"attachmentFolderPath": "Files\\\\Images"}', "Day.md", "Files/Images"),
    ('{"attachmentFolderPath": "Att", "other": 1}', "Day.md", "Att"),
]


@pytest.mark.parametrize(("app_json", "note", "expected"), FOLDER_RULES)
def test_attachment_folder_follows_app_json(tmp_path, app_json, note, expected):
    if app_json is not None:
        (tmp_path / ".obsidian").mkdir()
        (tmp_path / ".obsidian" / "app.json").write_text(app_json, encoding="utf-8")
    assert attachment_folder(read_setting(tmp_path), note) == expected


def test_unreadable_app_json_is_no_setting(tmp_path):
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian" / "app.json").write_bytes(b"\xff\xfe{")
    assert read_setting(tmp_path) is None
    (tmp_path / ".obsidian" / "app.json").unlink()
    (tmp_path / ".obsidian" / "app.json").mkdir()  # a folder by that name
    assert read_setting(tmp_path) is None


def test_pasted_image_name_is_obsidians():
    assert pasted_image_name(datetime(2024, 1, 31, 23, 59, 7)) == "Pasted image 20240131235907.png"


def test_free_name_counts_up(tmp_path):
    assert free_name(tmp_path, "a.png") == "a.png"
    (tmp_path / "a.png").write_bytes(b"x")
    assert free_name(tmp_path, "a.png") == "a 1.png"
    (tmp_path / "a 1.png").write_bytes(b"x")
    assert free_name(tmp_path, "a.png") == "a 2.png"
    os.symlink(tmp_path / "missing", tmp_path / "b.png")  # a dangling link is taken too
    assert free_name(tmp_path, "b.png") == "b 1.png"


def test_link_safe_name_and_embed():
    assert link_safe_name("a#b|c[1].png") == "a b c 1 .png"
    assert link_safe_name(".hidden.png") == "hidden.png"
    assert embed_link("Attachments/Pasted image 1.png", "a.md") == (
        "![[Attachments/Pasted image 1.png]]"  # nothing known of the vault: the full path
    )


def _vault(tmp_path: Path, setting: str | None) -> Vault:
    root = tmp_path / "vault"
    (root / "Notes").mkdir(parents=True)
    if setting is not None:
        (root / ".obsidian").mkdir()
        (root / ".obsidian" / "app.json").write_text(
            json.dumps({"attachmentFolderPath": setting}), encoding="utf-8"
        )
    return Vault(root)


def test_save_attachment_makes_the_folder_and_never_overwrites(tmp_path):
    vault = _vault(tmp_path, "Attachments/Pasted")
    first = save_attachment(vault, "Notes/Day.md", "Pasted image 1.png", b"one")
    second = save_attachment(vault, "Notes/Day.md", "Pasted image 1.png", b"two")
    assert first == "Attachments/Pasted/Pasted image 1.png"
    assert second == "Attachments/Pasted/Pasted image 1 1.png"
    assert (vault.root / first).read_bytes() == b"one"
    assert (vault.root / second).read_bytes() == b"two"
    leftovers = [p.name for p in (vault.root / "Attachments/Pasted").iterdir()]
    assert sorted(leftovers) == ["Pasted image 1 1.png", "Pasted image 1.png"]


def test_save_attachment_next_to_the_note_and_at_the_root(tmp_path):
    vault = _vault(tmp_path, "./")
    assert save_attachment(vault, "Notes/Day.md", "x.pdf", b"%PDF-") == "Notes/x.pdf"
    plain = _vault(tmp_path / "other", None)
    assert save_attachment(plain, "Notes/Day.md", "x.pdf", b"%PDF-") == "x.pdf"


def test_save_attachment_failure_is_a_save_error(tmp_path):
    vault = _vault(tmp_path, "Blocked/Sub")
    (vault.root / "Blocked").write_text("a file where the folder should be")
    with pytest.raises(SaveError, match="Cannot create the attachment folder Blocked/Sub"):
        save_attachment(vault, "Notes/Day.md", "x.png", b"x")
    assert not list(vault.root.glob("**/*.png"))


def _big(tmp_path: Path, megabytes: float) -> Path:
    source = tmp_path / "Downloads" / "paper.pdf"
    source.parent.mkdir(exist_ok=True)
    source.write_bytes(b"%PDF-" + os.urandom(int(megabytes * (1 << 20))))
    return source


def _vault_files(vault: Vault) -> list[str]:
    """Every file in the vault (temporary ones included) but its settings."""
    found = (p.relative_to(vault.root).as_posix() for p in vault.root.rglob("*") if p.is_file())
    return sorted(p for p in found if not p.startswith(".obsidian/"))


def test_copy_attachment_streams_a_file_and_reports_progress(tmp_path):
    vault = _vault(tmp_path / "v", "Files")
    source = _big(tmp_path, 2.5)
    heard: list[tuple[int, int]] = []
    rel = copy_attachment(vault, "Day.md", source, lambda d, t: heard.append((d, t)))
    assert rel == "Files/paper.pdf"
    assert (vault.root / rel).read_bytes() == source.read_bytes()
    size = source.stat().st_size
    assert [d for d, _t in heard] == [1 << 20, 2 << 20, size] and {t for _d, t in heard} == {size}
    assert copy_attachment(vault, "Day.md", source) == "Files/paper 1.pdf"  # never over a file


def test_a_cancelled_copy_leaves_nothing_in_the_vault(tmp_path):
    vault = _vault(tmp_path / "v", "Files")
    source = _big(tmp_path, 3)
    heard: list[int] = []
    with pytest.raises(CopyCancelled):
        copy_attachment(vault, "Day.md", source, lambda d, _t: heard.append(d), lambda: bool(heard))
    assert heard == [1 << 20]  # stopped after the first megabyte
    assert _vault_files(vault) == []  # no half file, no temporary file


def test_an_unreadable_source_is_a_save_error_saying_so(tmp_path):
    vault = _vault(tmp_path / "v", None)
    with pytest.raises(SaveError, match=r"cannot read gone\.pdf: No such file"):
        copy_attachment(vault, "Day.md", tmp_path / "gone.pdf")
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    with pytest.raises(SaveError, match=r"cannot read folder\.pdf"):
        copy_attachment(vault, "Day.md", folder)
    assert _vault_files(vault) == []


def test_a_failed_write_leaves_no_half_file(tmp_path, monkeypatch):
    from notedesk.core import atomic

    vault = _vault(tmp_path / "v", None)
    source = _big(tmp_path, 2.5)

    def full(step: str) -> None:
        if step == "write":
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic, "_step_hook", full)
    with pytest.raises(SaveError, match="No space left on device"):
        copy_attachment(vault, "Day.md", source)
    assert _vault_files(vault) == []


def test_the_setting_is_read_like_the_vaults_other_obsidian_settings(tmp_path) -> None:
    from notedesk.core.attachments import read_setting

    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian" / "app.json").write_text(
        '\ufeff{\n  // pasted pictures\n  "attachmentFolderPath": "./assets",\n}\n', "utf-8"
    )
    assert read_setting(tmp_path) == "./assets"
