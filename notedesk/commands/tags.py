"""notedesk tags VAULT [--json]: the tag tree with note counts."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from notedesk.commands._common import EXIT_OK, CommandError, command, fail, open_index, print_json

if TYPE_CHECKING:
    from notedesk.core.index_tags import TagNode

NAME = "tags"
HELP = "The tag tree of a vault; a parent counts the notes of all its nested tags."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("vault", help="the vault folder")
    parser.add_argument("--json", action="store_true", help="print JSON (see docs/cli.md)")


def _node(node: TagNode) -> dict[str, Any]:
    return {
        "name": node.name,
        "tag": node.full,
        "count": node.count,
        "own": node.own,
        "children": [_node(c) for c in node.children],
    }


def _print(node: TagNode, depth: int) -> None:
    print(f"{'  ' * depth}#{node.full if depth == 0 else node.name}  {node.count}")
    for child in node.children:
        _print(child, depth + 1)


@command(NAME)
def run(args: argparse.Namespace) -> int:
    try:
        index, _store = open_index(args.vault)
    except CommandError as exc:
        return fail(NAME, str(exc))
    tree = index.tag_tree()
    if args.json:
        print_json({"tags": [_node(n) for n in tree]})
        return EXIT_OK
    for node in tree:
        _print(node, 0)
    return EXIT_OK
