"""notedesk info VAULT [--json] [--notes]: what a vault holds."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from notedesk.commands._common import EXIT_OK, CommandError, command, fail, open_index, print_json
from notedesk.commands._ignored import ignored_lines, ignored_record, left_out

if TYPE_CHECKING:
    from notedesk.core.index import VaultIndex

NAME = "info"
HELP = "Note and attachment counts, tags and unresolved links of a vault."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("vault", help="the vault folder")
    parser.add_argument("--json", action="store_true", help="print JSON (see docs/cli.md)")
    parser.add_argument("--notes", action="store_true", help="also list every note")


def note_record(index: VaultIndex, path: str) -> dict[str, Any]:
    meta = index.note(path)
    assert meta is not None
    return {
        "path": path,
        "title": index.title(path),
        "tags": meta.tag_names(),
        "aliases": list(meta.aliases),
        "links": [
            {
                "target": r.link.target,
                "path": r.path,
                "fragment": r.link.fragment,
                "line": r.link.line,
                "embed": r.link.embed,
            }
            for r in index.outgoing(path)
        ],
        "problems": [{"line": p.line, "message": p.message} for p in meta.problems],
    }


_SHOWN = 20  # tags and unresolved links listed in the text output


def _more(total: int, what: str) -> None:
    if total > _SHOWN:
        print(f"  ... and {total - _SHOWN} more {what} (--json lists all)")


def _written(index: VaultIndex, target: str, first: tuple[str, int]) -> str:
    """An unresolved target as first written: ``[[Name]]``, ``![[pic.png]]`` or ``[text](url)``."""
    source, line = first
    for record in index.outgoing(source):
        if record.path is None and record.link.line == line and record.link.target == target:
            return record.link.raw
    return f"[[{target}]]"


@command(NAME)
def run(args: argparse.Namespace) -> int:
    try:
        index, _store = open_index(args.vault)
    except CommandError as exc:
        return fail(NAME, str(exc))
    tags = index.tags()
    unresolved = index.unresolved()
    rules = index.vault.ignore_rules
    tally = left_out(index.vault)
    data: dict[str, Any] = {
        "vault": str(index.vault.root),
        "note_count": len(index.notes()),
        "attachment_count": len(index.attachments()),
        "tag_count": len(tags),
        "unresolved_count": len(unresolved),
        "tags": tags,
        "unresolved": {
            target: [{"path": src, "line": line} for src, line in sources]
            for target, sources in unresolved.items()
        },
        "ignored_count": tally.total,
        "ignored": ignored_record(rules, tally),
    }
    if args.notes:
        data["notes"] = [note_record(index, path) for path in index.notes()]
    if args.json:
        print_json(data)
        return EXIT_OK
    print(f"vault:        {data['vault']}")
    print(f"notes:        {data['note_count']}")
    print(f"attachments:  {data['attachment_count']}")
    print(f"tags:         {data['tag_count']}")
    print(f"unresolved:   {data['unresolved_count']}")
    for name, count in sorted(tags.items(), key=lambda kv: (-kv[1], kv[0].casefold()))[:_SHOWN]:
        print(f"  #{name}  {count}")
    _more(len(tags), "tags")
    for target, sources in list(unresolved.items())[:_SHOWN]:
        where = ", ".join(f"{src}:{line}" for src, line in sources[:3])
        more = f" (+{len(sources) - 3} more)" if len(sources) > 3 else ""
        print(f"  {_written(index, target, sources[0])}  {where}{more}")
    _more(len(unresolved), "unresolved links")
    ignored = ignored_lines(rules, tally)
    print(f"left out:     {ignored[0]}")
    for line in ignored[1:]:
        print(line)
    for record in data.get("notes", []):
        tag_text = " ".join(f"#{t}" for t in record["tags"])
        print(f"{record['path']}\t{len(record['links'])} links\t{tag_text}")
    return EXIT_OK
