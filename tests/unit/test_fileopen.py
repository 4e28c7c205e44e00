"""How a vault file that is not a note is opened: a view tab, a read-only text tab, or ask."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from notedesk.core.fileopen import TEXT_VIEW_MAX_BYTES, launches, open_way
from notedesk.core.vault import Vault

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
ELF = b"\x7fELF\x02\x01\x01" + bytes(200)


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    files = {
        "LICENSE": b"MIT License\n\nPermission is hereby granted...\n",
        "scripts/run.sh": b"#!/bin/sh\necho hi\n",
        "tool.py": b"print('hi')\n",
        "data.json": b'{"a": 1}\n',
        "notes.txt": "caf\xe9\n".encode("latin-1"),  # not UTF-8: text all the same
        "img/pic.png": PNG,
        "doc.pdf": b"%PDF-1.4\n" + bytes(100),
        "bin/tool": ELF,
        "blob.dat": bytes(range(256)) * 4,
        "setup.exe": b"MZ\x90\x00" + bytes(range(256)) * 2,
    }
    for rel, data in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    os.chmod(tmp_path / "scripts/run.sh", 0o755)
    os.chmod(tmp_path / "bin/tool", 0o755)
    return Vault(tmp_path)


@pytest.mark.parametrize("path", ["LICENSE", "scripts/run.sh", "tool.py", "data.json", "notes.txt"])
def test_text_files_are_shown_in_the_app(vault, path):
    assert open_way(vault, path) == "text"


@pytest.mark.parametrize("path", ["img/pic.png", "doc.pdf"])
def test_media_is_shown_in_a_tab(vault, path):
    assert open_way(vault, path) == "view"


@pytest.mark.parametrize("path", ["bin/tool", "blob.dat", "setup.exe", "missing.bin"])
def test_programs_and_binary_files_ask_first(vault, path):
    assert open_way(vault, path) == "ask"


@pytest.mark.skipif(os.name != "posix", reason="executable bits")
def test_an_executable_picture_asks_first(vault):
    os.chmod(vault.abspath("img/pic.png"), 0o755)
    assert open_way(vault, "img/pic.png") == "ask"


def test_text_too_large_to_show_asks_first(vault):
    vault.abspath("big.log").write_bytes(b"line\n" * (TEXT_VIEW_MAX_BYTES // 5 + 1))
    assert open_way(vault, "big.log") == "ask"


def test_launches():
    assert launches("scripts/run.sh", 0o644)
    assert launches("a/Setup.EXE", 0o644)
    assert launches("tool", 0o755)
    assert not launches("LICENSE", 0o644)
    assert not launches("a.b/README", 0o644)
