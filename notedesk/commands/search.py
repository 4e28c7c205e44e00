"""notedesk search VAULT QUERY [--json] [--limit N]: full-text search of a vault."""

from __future__ import annotations

import argparse
import sys

from notedesk.commands._common import EXIT_OK, CommandError, command, fail, open_index, print_json

NAME = "search"
HELP = (
    'Search a vault (words, "phrases", OR, -x, tag:, path:, file:, line:(), block:(), /regex/ ...).'
)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("vault", help="the vault folder")
    parser.add_argument("query", help="the search query (quote it for the shell)")
    parser.add_argument("--json", action="store_true", help="print JSON (see docs/cli.md)")
    parser.add_argument("--limit", type=_positive, default=50, help="at most N notes (default 50)")
    parser.add_argument(
        "--include-excluded",
        action="store_true",
        help="search the files Obsidian's Excluded files setting leaves out too",
    )


_FLAGS = {"--json", "--include-excluded", "-h", "--help"}
_VALUED = {"--limit"}


def prepare_argv(argv: list[str]) -> list[str]:
    """A query may start with ``-`` (``-tag:work``): put the positionals after ``--`` so
    argparse does not take that for an option, wherever the options are written.
    (A query starting with ``--`` still needs ``--`` before it.)"""
    if "--" in argv:
        return argv
    options: list[str] = []
    positionals: list[str] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        if token.startswith("--") or token in _FLAGS:  # unknown ones: argparse says so
            options.append(token)
            if token in _VALUED and i + 1 < len(argv):  # `--limit 5`: its value too
                i += 1
                options.append(argv[i])
        else:
            positionals.append(token)
        i += 1
    if not any(p.startswith("-") for p in positionals):
        return argv
    return [*options, "--", *positionals]


@command(NAME)
def run(args: argparse.Namespace) -> int:
    from notedesk.core.appsettings import read_app_settings
    from notedesk.core.query import QueryError, parse_query
    from notedesk.core.search import SearchEngine

    try:
        parse_query(args.query)  # a malformed query fails before any indexing work
    except QueryError as exc:
        return fail(NAME, f"invalid query: {exc}")
    try:
        index, store = open_index(args.vault)
    except CommandError as exc:
        return fail(NAME, str(exc))
    excluded = read_app_settings(index.vault.root).excluded
    left_out = 0
    if excluded and not args.include_excluded:
        left_out = sum(1 for p in (*index.notes(), *index.attachments()) if excluded.excludes(p))
    skip = excluded.excludes if excluded and not args.include_excluded else None
    try:
        hits = SearchEngine(index, store, skip).search(args.query, limit=args.limit)
    except QueryError as exc:
        return fail(NAME, f"invalid query: {exc}")
    if left_out:
        print(
            f"notedesk search: {left_out} file{'s' if left_out != 1 else ''} in the vault's "
            "Excluded files (Obsidian setting) not searched; --include-excluded searches them",
            file=sys.stderr,
        )
    if args.json:
        print_json(
            {
                "query": args.query,
                "excluded": left_out,
                "hits": [
                    {
                        "path": h.path,
                        "score": round(h.score, 4),
                        "matches": [
                            {"line": m.line, "text": m.text, "ranges": [list(r) for r in m.ranges]}
                            for m in h.matches
                        ],
                    }
                    for h in hits
                ],
            }
        )
        return EXIT_OK
    for hit in hits:
        print(hit.path)
        for m in hit.matches[:5]:
            print(f"  {m.line}: {m.text.strip()}")
    return EXIT_OK
