"""notedesk check VAULT: broken links, embeds, heading/block refs, invalid frontmatter and
canvas cards naming missing files."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, NamedTuple

from notedesk.commands._common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    CommandError,
    command,
    fail,
    open_index,
    print_json,
)
from notedesk.commands._ignored import ignored_lines, ignored_record, left_out

if TYPE_CHECKING:
    from notedesk.core.ignore import IgnoreRules, LeftOut
    from notedesk.core.index import VaultIndex

NAME = "check"
HELP = "Report broken links and embeds, missing headings/blocks and invalid frontmatter."


class Finding(NamedTuple):
    path: str
    line: int
    kind: str
    message: str


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("vault", help="the vault folder")
    parser.add_argument("--json", action="store_true", help="print JSON (see docs/cli.md)")


def findings(index: VaultIndex, tally: LeftOut | None = None) -> list[Finding]:
    """The vault's problems; ``tally``, when given, counts what ignore rules left out
    (not a problem: said beside them)."""
    # what the listing had to leave out (unreadable folders, names no path can carry)
    unlisted: dict[str, str] = {}
    counted = left_out(index.vault, unlisted)  # a listing of its own: the build's is not kept
    if tally is not None:
        tally.counts.update(counted.counts)
    out = [Finding(path, 1, "unlisted", reason) for path, reason in sorted(unlisted.items())]
    for path in index.notes():
        meta = index.note(path)
        assert meta is not None
        for problem in meta.problems:
            kind = "frontmatter" if "frontmatter" in problem.message else "file"
            out.append(Finding(path, problem.line, kind, problem.message))
        for resolved in index.outgoing(path):
            link = resolved.link
            what = "embed" if link.embed else "link"
            shown = link.raw
            if resolved.path is None:
                out.append(Finding(path, link.line, f"broken-{what}", f"broken {what} {shown}"))
                continue
            if link.fragment and not index.fragment_exists(resolved.path, link.fragment):
                if link.fragment.split("#")[-1].startswith("^"):
                    kind, noun = "missing-block", "block"
                else:
                    kind, noun = "missing-heading", "heading"
                out.append(
                    Finding(
                        path,
                        link.line,
                        kind,
                        f"{noun} #{link.fragment} not found in {resolved.path} ({shown})",
                    )
                )
    out += canvas_findings(index)
    return out


def canvas_findings(index: VaultIndex) -> list[Finding]:
    """File cards of ``.canvas`` files whose vault path names no file."""
    from notedesk.core.canvasrefs import canvas_refs, is_canvas_path
    from notedesk.core.vault import VaultError

    out: list[Finding] = []
    for path in index.attachments():
        if not is_canvas_path(path):
            continue
        try:
            loaded = index.vault.load(path)
        except VaultError as exc:
            out.append(Finding(path, 1, "file", str(exc)))
            continue
        for ref in canvas_refs(loaded.text):
            if index.file(ref.path) is None:
                line = loaded.text.count("\n", 0, ref.offset) + 1
                message = f"canvas card names a missing file {ref.raw}"
                out.append(Finding(path, line, "broken-canvas-file", message))
    return out


@command(NAME)
def run(args: argparse.Namespace) -> int:
    try:
        index, _store = open_index(args.vault)
    except CommandError as exc:
        return fail(NAME, str(exc))
    from notedesk.core.ignore import LeftOut

    tally = LeftOut()
    found = findings(index, tally)
    code = EXIT_PROBLEMS if found else EXIT_OK
    try:
        _print(found, args.json, index.vault.ignore_rules, tally)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return code


def _print(found: list[Finding], as_json: bool, rules: IgnoreRules, tally: LeftOut) -> None:
    if as_json:
        print_json(
            {
                "problems": [
                    {"path": f.path, "line": f.line, "kind": f.kind, "message": f.message}
                    for f in found
                ],
                "ignored": ignored_record(rules, tally),
            }
        )
        return
    for f in found:
        print(f"{f.path}:{f.line}: {f.message}")
    if tally.total or rules.notes():
        # Not problems: said on stderr, so the lines on stdout stay path:line: message.
        lines = ignored_lines(rules, tally)
        print(f"notedesk check: left out by ignore rules: {lines[0]}", file=sys.stderr)
        for line in lines[1:]:
            print(f"notedesk check: {line.strip()}", file=sys.stderr)
