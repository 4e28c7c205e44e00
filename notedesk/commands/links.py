"""notedesk links VAULT NOTE [--json]: a note's outgoing links and its backlinks."""

from __future__ import annotations

import argparse
from typing import Any

from notedesk.commands._common import (
    EXIT_OK,
    CommandError,
    command,
    fail,
    note_arg,
    open_index,
    print_json,
)

NAME = "links"
HELP = "Outgoing links (with resolved targets) and backlinks of one note."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("vault", help="the vault folder")
    parser.add_argument("note", help="the note: vault path, file path or name as in [[name]]")
    parser.add_argument("--json", action="store_true", help="print JSON (see docs/cli.md)")


@command(NAME)
def run(args: argparse.Namespace) -> int:
    try:
        index, _store = open_index(args.vault)
        path = note_arg(index, args.note)
    except CommandError as exc:
        return fail(NAME, str(exc))
    outgoing: list[dict[str, Any]] = [
        {
            "target": r.link.target,
            "path": r.path,
            "fragment": r.link.fragment,
            "line": r.link.line,
            "col": r.link.col,
            "embed": r.link.embed,
            "kind": r.link.kind,
        }
        for r in index.outgoing(path)
    ]
    backlinks: list[dict[str, Any]] = [
        {"source": b.source, "line": b.line, "context": b.context_text, "target": b.link.target}
        for b in index.backlinks(path)
    ]
    data: dict[str, Any] = {"note": path, "outgoing": outgoing, "backlinks": backlinks}
    if args.json:
        print_json(data)
        return EXIT_OK
    # The text form shows each link as written: a Markdown link is not a [[wikilink]].
    for item, record in zip(outgoing, index.outgoing(path), strict=True):
        item["written"] = record.link.raw
    print(f"{path}")
    print(f"outgoing ({len(outgoing)}):")
    for item in outgoing:
        arrow = item["path"] if item["path"] is not None else "(unresolved)"
        print(f"  {item['line']}: {item['written']} -> {arrow}")
    print(f"backlinks ({len(backlinks)}):")
    for back in backlinks:
        print(f"  {back['source']}:{back['line']}: {back['context']}")
    return EXIT_OK
