"""Creating files in a vault: a new note, a new folder, the daily note's path.

Names are checked and made unique (``Untitled.md``, ``Untitled 1.md``…); a note
is written through the save function it is given (the app's, which records its
own writes) or the vault's atomic save.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from notedesk.core.atomic import TextFormat
from notedesk.core.filenames import FileOpError, check_name, unique_path
from notedesk.core.vault import Vault

SaveFn = Callable[[str, str, TextFormat], bytes]


def create_note(
    vault: Vault,
    folder: str = "",
    base: str = "Untitled",
    text: str = "",
    save: SaveFn | None = None,
) -> str:
    """Create ``folder/Untitled.md`` (or ``Untitled 1.md``…) and return its path."""
    check_name(base)
    path = unique_path(vault, folder, base, ".md")
    (save or vault.save)(path, text, TextFormat())
    return path


def create_folder(vault: Vault, parent: str = "", base: str = "Untitled") -> str:
    """Create ``parent/Untitled`` (or ``Untitled 1``…) and return its path."""
    check_name(base)
    path = unique_path(vault, parent, base)
    try:
        vault.abspath(path).mkdir(parents=True)
    except OSError as exc:
        raise FileOpError(f"Cannot create the folder “{path}”: {exc.strerror}") from exc
    return path


def daily_note_path(folder: str, day: date, fmt: str = "%Y-%m-%d") -> str:
    """The vault path of the daily note for ``day``; ``/`` in ``fmt`` makes subfolders."""
    name = day.strftime(fmt)
    for part in name.split("/"):
        check_name(part)
    folder = folder.strip("/")
    return f"{folder}/{name}.md" if folder else f"{name}.md"
