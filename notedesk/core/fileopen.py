"""How a vault file that is not a note opens when the user follows a link to it or
picks it in the file tree or the search panel.

``view``: pictures, PDFs, sound, video and canvases are shown read-only in a tab (the
preview's web view: the picture, the PDF viewer, the player, the canvas's cards); the
tab offers the system's application too. ``text``: any other file whose content is text
(``LICENSE``, ``run.sh``, ``data.json``) is shown read-only in a tab. ``ask``: anything
else (programs, unknown binary files, text too large to show) goes to the system only
after the user says so; a file marked executable or named like a script or program
never opens unasked.
"""

from __future__ import annotations

import os
import stat
from typing import Literal

from notedesk.core.filekinds import BINARY_PROBE, file_kind, looks_binary
from notedesk.core.vault import Vault, VaultError

OpenWay = Literal["view", "text", "ask"]

MEDIA_KINDS = ("image", "pdf", "audio", "video", "canvas")
TEXT_VIEW_MAX_BYTES = 5 * 1024 * 1024  # more than that is no reading matter for the editor
# Run by the system's opener on some system rather than shown.
_LAUNCHING = """
sh bash zsh fish csh ksh command tool py pyw pl rb php js mjs jar exe com bat cmd ps1 psm1
vbs vbe wsf wsh msi msp scr lnk app desktop appimage run bin deb rpm apk
"""
LAUNCHING_EXTENSIONS = frozenset(_LAUNCHING.split())


def launches(path: str, mode: int) -> bool:
    """Whether opening the file with the system may run it: its executable bit or its
    extension says it is a program or a script."""
    name = path.rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1].casefold() if "." in name.lstrip(".") else ""
    return ext in LAUNCHING_EXTENSIONS or bool(mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH))


def open_way(vault: Vault, path: str) -> OpenWay:
    """How the vault file ``path`` (not a note) is opened; 'ask' when it cannot be read."""
    try:
        full = vault.abspath(path)
        with open(full, "rb") as handle:
            st = os.fstat(handle.fileno())
            head = handle.read(BINARY_PROBE)
    except (VaultError, OSError):
        return "ask"
    executable = launches(path, st.st_mode if os.name == "posix" else 0)
    if file_kind(path) in MEDIA_KINDS and not executable:
        return "view"
    if st.st_size <= TEXT_VIEW_MAX_BYTES and not looks_binary(head):
        return "text"
    return "ask"
