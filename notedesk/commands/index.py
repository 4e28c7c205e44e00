"""notedesk index VAULT [--rebuild] [--json]: build or bring up to date a vault's index cache."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from notedesk.commands._common import EXIT_OK, CommandError, command, fail, open_index, print_json
from notedesk.core.wordcount import counted

NAME = "index"
HELP = (
    "Build or bring up to date the index cache of a vault (only changed notes are "
    "parsed again), so the app and the other commands start warm."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("vault", help="the vault folder")
    parser.add_argument(
        "--rebuild", action="store_true", help="empty the vault's cache first and parse every note"
    )
    parser.add_argument("--json", action="store_true", help="print JSON (see docs/cli.md)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")


def _progress(enabled: bool) -> Callable[[int, int], None] | None:
    """Progress as one rewritten line on a terminal; nothing when piped or quiet."""
    if not enabled or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\rParsing notes: {done:,}/{total:,}", end=end, file=sys.stderr, flush=True)

    return show


@command(NAME)
def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        index, store = open_index(
            args.vault, rebuild=args.rebuild, progress=_progress(not args.quiet and not args.json)
        )
    except CommandError as exc:
        return fail(NAME, str(exc))
    seconds = time.perf_counter() - started
    summary = index.last_build
    assert summary is not None
    notes, attachments = len(index.notes()), len(index.attachments())
    cache = str(store.path) if store is not None else None
    if args.json:
        print_json(
            {
                "vault": str(index.vault.root),
                "note_count": notes,
                "attachment_count": attachments,
                "parsed": summary.parsed,
                "reused": summary.reused,
                "removed": summary.removed,
                "unchanged": summary.from_image,
                "seconds": round(seconds, 3),
                "cache": cache,
            }
        )
        return EXIT_OK
    print(f"{index.vault.root}: {counted(notes, 'note')}, {counted(attachments, 'attachment')}")
    if summary.from_image:
        done = "nothing changed since the last index"
    else:
        parsed = counted(summary.parsed, "note")
        done = f"parsed {parsed}, {summary.reused:,} unchanged from the cache"
        if summary.removed:
            done += f", {summary.removed:,} gone from the vault"
    print(f"{done} ({seconds:.2f} s)")
    print(f"cache: {cache}" if cache is not None else "cache: none (indexed without it)")
    return EXIT_OK
