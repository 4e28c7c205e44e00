"""Files pasted or dropped into a note: which folder they go to and under which name.

The folder follows Obsidian's ``attachmentFolderPath`` in ``.obsidian/app.json``:
``"/"`` or ``""`` is the vault's root, ``"./"`` the note's own folder, ``"./sub"`` a
folder under the note's, and any other value a folder of the vault (made when
missing). Without the setting (no file, invalid JSON, not a string, a path that
leaves the vault or goes into a hidden folder) attachments go to the vault's root.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from notedesk.core.atomic import ChangedOnDiskError, SaveError, atomic_write
from notedesk.core.linkwrite import LinkWriter
from notedesk.core.vault import Vault, VaultError
from notedesk.core.vaultconfig import APP_JSON, read_jsonc

SETTING = "attachmentFolderPath"
# A name Obsidian's links cannot hold as written: replaced by a space.
_LINK_BREAKERS = str.maketrans({c: " " for c in '#^[]|\\/:*?"<>'})
_MAX_TRIES = 1000
_COPY_CHUNK = 1 << 20

Progress = Callable[[int, int], None]  # (bytes copied, bytes in all)


class CopyCancelled(Exception):
    """``copy_attachment`` stopped because its ``cancelled()`` said so; nothing was written."""


def read_setting(vault_root: str | os.PathLike[str]) -> str | None:
    """The vault's ``attachmentFolderPath``; None when it is absent or unreadable."""
    data = read_jsonc(Path(vault_root).joinpath(*APP_JSON))  # None: missing or unreadable
    if not isinstance(data, dict):
        return None
    value = data.get(SETTING)
    return value if isinstance(value, str) else None


def attachment_folder(setting: str | None, note_rel: str) -> str:
    """The vault-relative folder (``""``: the root) for a file attached to ``note_rel``."""
    if setting is None:
        return ""
    value = setting.strip().replace("\\", "/")
    if value == "." or value.startswith("./"):
        base = posixpath.dirname(note_rel)
        value = posixpath.join(base, value[2:]) if base else value[2:]
    parts = [p for p in value.split("/") if p not in ("", ".")]
    if any(p == ".." or p.startswith(".") for p in parts):
        return ""  # outside the vault or hidden from it: the embed would not show
    return "/".join(parts)


def pasted_image_name(now: datetime | None = None) -> str:
    """``Pasted image 20240131235959.png``, as Obsidian names a pasted image."""
    return f"Pasted image {(now or datetime.now()):%Y%m%d%H%M%S}.png"


def link_safe_name(name: str) -> str:
    """A file name a wikilink can hold: characters that would end or split it become spaces."""
    cleaned = " ".join(name.translate(_LINK_BREAKERS).split())
    return cleaned.lstrip(".") or "attachment"


def free_name(folder: str | os.PathLike[str], name: str) -> str:
    """``name`` if ``folder`` holds nothing by that name, else ``stem 1.ext``, ``stem 2.ext``..."""
    base = Path(folder)
    stem, ext = posixpath.splitext(name)
    candidate, number = name, 0
    while os.path.lexists(base / candidate):
        number += 1
        candidate = f"{stem} {number}{ext}"
    return candidate


def embed_link(rel: str, source: str, writer: LinkWriter | None = None) -> str:
    """The embed of attachment ``rel`` in note ``source``: the shortest ``![[...]]`` (or
    ``![](...)``, as the vault's link settings say) that resolves to that very file,
    even when the index does not know it yet; without a ``writer``, its full path."""
    return embeds_text([rel], source, writer)


def embeds_text(rels: list[str], source: str, writer: LinkWriter | None = None) -> str:
    """``embed_link`` for each file, a line each."""
    known = (writer or LinkWriter(None)).with_new_files(rels)
    return "\n".join(known.link(rel, source, embed=True) for rel in rels)


def save_attachment(
    vault: Vault, note_rel: str, name: str, data: bytes | Callable[[BinaryIO], object]
) -> str:
    """Write ``data`` as a new file in the attachment folder of ``note_rel``, never over
    an existing file; returns its vault-relative path. Raises SaveError with a message
    for the user (nothing written then). ``data`` may write the content itself
    (``atomic_write``)."""
    folder_rel = attachment_folder(read_setting(vault.root), note_rel)
    try:
        folder = vault.abspath(folder_rel) if folder_rel else vault.root
    except VaultError as exc:
        raise SaveError(0, f"Cannot save the attachment: {exc}") from exc
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SaveError(
            exc.errno, f"Cannot create the attachment folder {folder_rel}: {exc.strerror or exc}"
        ) from exc
    wanted = link_safe_name(name)
    for _try in range(_MAX_TRIES):
        chosen = free_name(folder, wanted)
        try:
            atomic_write(folder / chosen, data, expect=lambda current: current is None)
        except ChangedOnDiskError:
            continue  # another program took the name in the meantime
        return f"{folder_rel}/{chosen}" if folder_rel else chosen
    raise SaveError(0, f"Cannot find a free name for {wanted} in {folder_rel or 'the vault'}")


def copy_attachment(
    vault: Vault,
    note_rel: str,
    source: str | os.PathLike[str],
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> str:
    """Copy the file ``source`` into the attachment folder of ``note_rel`` (as
    ``save_attachment``), streamed a megabyte at a time: a large file never sits in
    memory. ``progress`` hears of every megabyte; once ``cancelled()`` is true the copy
    stops with CopyCancelled. Either way nothing half-copied is left in the vault."""
    source = os.fspath(source)
    name = os.path.basename(source)
    try:
        total = os.stat(source).st_size
    except OSError as exc:
        raise SaveError(exc.errno, f"cannot read {name}: {exc.strerror or exc}") from exc

    def unreadable(exc: OSError) -> SaveError:
        return SaveError(exc.errno, f"cannot read {name}: {exc.strerror or exc}")

    def write(handle: BinaryIO) -> None:
        done = 0
        try:
            src = open(source, "rb")  # noqa: SIM115 (closed below)
        except OSError as exc:
            raise unreadable(exc) from exc
        with src:
            while True:
                if cancelled is not None and cancelled():
                    raise CopyCancelled(name)
                try:
                    chunk = src.read(_COPY_CHUNK)
                except OSError as exc:
                    raise unreadable(exc) from exc
                if not chunk:
                    return
                handle.write(chunk)  # a full disk: atomic_write says so
                done += len(chunk)
                if progress is not None:
                    progress(done, max(total, done))

    return save_attachment(vault, note_rel, name, write)
