"""Shared plumbing of the headless commands: open a vault's index, report errors, print JSON."""

from __future__ import annotations

import json
import os
import posixpath
import sys
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from notedesk.core.index import Progress, VaultIndex
    from notedesk.core.store import IndexStore

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """A problem with the arguments or the vault: printed as one line, exit code 2."""


def command(name: str) -> Callable[[Callable[[Any], int]], Callable[[Any], int]]:
    """Wrap a command's ``run``: a closed pipe (``| head``), Ctrl+C or an unexpected
    error ends it with a one-line message and an exit code, never a traceback."""

    def wrap(run: Callable[[Any], int]) -> Callable[[Any], int]:
        @wraps(run)
        def guarded(args: Any) -> int:
            try:
                return run(args)
            except BrokenPipeError:
                # The reader went away; silence the flush at exit as well.
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
                return EXIT_OK
            except KeyboardInterrupt:
                return 130
            except Exception as exc:  # a bug or an unforeseen OS error: still no traceback
                return fail(name, f"unexpected error: {type(exc).__name__}: {exc}")

        return guarded

    return wrap


def fail(prog: str, message: str) -> int:
    print(f"notedesk {prog}: {message}", file=sys.stderr)
    return EXIT_USAGE


def vault_folder(vault_arg: str) -> Path:
    """The vault folder ``vault_arg`` names; CommandError when it is no readable folder."""
    if not vault_arg.strip():
        raise CommandError("the vault path is empty")
    root = Path(vault_arg).expanduser()
    if not root.exists():
        raise CommandError(f"{vault_arg}: no such folder")
    if not root.is_dir():
        raise CommandError(f"{vault_arg}: not a folder (a vault is a folder of notes)")
    if not os.access(root, os.R_OK | os.X_OK):
        raise CommandError(f"{vault_arg}: permission denied")
    return root


def open_index(
    vault_arg: str, *, rebuild: bool = False, progress: Progress | None = None
) -> tuple[VaultIndex, IndexStore | None]:
    """Build (or warm-load) the index of the vault folder ``vault_arg``.

    ``rebuild``: empty the vault's cache first, so every note is parsed again.
    """
    root = vault_folder(vault_arg)
    from notedesk.core.index import VaultIndex
    from notedesk.core.store import IndexStore, StoreError
    from notedesk.core.vault import Vault

    vault = Vault(root)
    store: IndexStore | None
    try:
        store = IndexStore(vault.root)
        if rebuild:
            store.clear()
    except StoreError as exc:
        print(f"notedesk: index cache unavailable, indexing without it ({exc})", file=sys.stderr)
        store = None
    index = VaultIndex(vault, store)
    index.build(progress)
    return index, store


def note_arg(index: VaultIndex, arg: str) -> str:
    """A note given as a vault path, a file system path or a link-style name."""
    if index.note(arg) is not None:
        return arg
    candidate = Path(arg).expanduser()
    if candidate.exists():
        try:
            rel = index.vault.rel(candidate)
        except ValueError:
            rel = None
        if rel is not None and index.note(rel) is not None:
            return rel
    found = index.resolve_link(arg, "")
    if found is not None and index.note(found) is not None:
        warn_namesakes(arg, found, index.notes())
        return found
    raise CommandError(f"{arg}: no such note in {index.vault.root}")


def warn_namesakes(arg: str, chosen: str, paths: Iterable[str]) -> None:
    """Say so on stderr when a bare note name fits several notes (the link rules chose one)."""
    if "/" in arg or "\\" in arg:
        return
    want = arg.casefold().removesuffix(".md")
    same = [
        p
        for p in paths
        if p.casefold().endswith(".md") and posixpath.basename(p).casefold()[:-3] == want
    ]
    if len(same) > 1:
        others = ", ".join(p for p in same if p != chosen)
        print(
            f"notedesk: {len(same)} notes are named {arg!r}; using {chosen} "
            f"(give a vault path for another: {others})",
            file=sys.stderr,
        )


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
