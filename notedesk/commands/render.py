"""notedesk render [VAULT] NOTE [--vault V] [--theme T] [-o FILE]: one note as a standalone page."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from notedesk.commands._common import EXIT_OK, CommandError, fail, vault_folder, warn_namesakes

NAME = "render"
HELP = (
    "Render one note to a complete HTML page (stdout, or -o FILE), "
    "through the same renderer as the preview."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="[VAULT] NOTE",
        help="the note (a file, or a path or name inside the vault); optionally the vault first",
    )
    parser.add_argument("--vault", help="the vault folder (default: found from the note)")
    parser.add_argument("--theme", choices=("auto", "light", "dark"), default="auto")
    parser.add_argument(
        "-o", "--output", help="write the page to this file instead of stdout ('-': stdout)"
    )
    parser.add_argument(
        "--strict-line-breaks",
        action="store_true",
        help="a single newline does not break (default: the vault's Obsidian setting)",
    )
    parser.add_argument("--allow-remote", action="store_true", help="load remote images and media")


class _Usage(Exception):
    pass


def _locate(paths: list[str], vault_opt: str | None) -> tuple[Path, str]:
    from notedesk.core.locations import enclosing_vault
    from notedesk.core.render import PathHost
    from notedesk.core.vault import OutsideVaultError, Vault, is_note_path

    if len(paths) > 2:
        raise _Usage("give at most two paths: [VAULT] NOTE")
    note_arg = paths[-1]
    vault_arg = paths[0] if len(paths) == 2 else vault_opt
    note_file = Path(note_arg).expanduser()
    if vault_arg is not None:
        try:
            root = vault_folder(vault_arg)
        except CommandError as exc:
            raise _Usage(str(exc)) from None
    elif note_file.is_file():
        root = enclosing_vault(note_file.resolve().parent)
    else:
        raise _Usage(f"{note_arg}: no such file (give --vault to name a note inside a vault)")
    vault = Vault(root)
    # A path inside the vault first: a note named like a file in the current folder
    # (README.md) is the vault's.
    inner = root / note_arg
    if vault_arg is not None and inner.is_file() and _inside(inner, root):
        return root, vault.rel(inner.resolve())
    if note_file.is_file():
        try:
            return root, vault.rel(note_file.resolve())
        except OutsideVaultError as exc:
            raise _Usage(str(exc)) from exc
    host = PathHost(vault)
    found = host.resolve_link(note_arg, "")
    if found is None or not is_note_path(found):
        raise _Usage(f"{note_arg}: no such note in {root}")
    warn_namesakes(note_arg, found, host.files)
    return root, found


def _inside(path: Path, root: Path) -> bool:
    """Whether ``path`` (followed through links) lies in the folder ``root``: the page
    must not replace a note or land among them."""
    real, top = Path(os.path.realpath(path)), Path(os.path.realpath(root))
    return real == top or top in real.parents


def run(args: argparse.Namespace) -> int:
    from notedesk.core.appsettings import read_app_settings
    from notedesk.core.atomic import SaveError, atomic_write
    from notedesk.core.render import PathHost, Renderer, RenderOptions, StandaloneLinks
    from notedesk.core.render.page import page_html
    from notedesk.core.vault import Vault, VaultError

    try:
        root, rel = _locate(args.paths, args.vault)
    except _Usage as exc:
        return fail(NAME, str(exc))
    except OSError as exc:  # a folder on the way that cannot be read
        return fail(NAME, f"{exc.filename or args.paths[-1]}: {exc.strerror or exc}")
    output = Path(args.output).expanduser() if args.output and args.output != "-" else None
    if output is not None and _inside(output, root):
        return fail(NAME, f"{args.output} is inside the vault; write the page outside {root}")
    vault = Vault(root)
    try:
        text = vault.read_text(rel)
    except VaultError as exc:
        return fail(NAME, str(exc))
    options = RenderOptions(
        # Obsidian's "Strict line breaks" (.obsidian/app.json) unless the flag says so
        strict_line_breaks=args.strict_line_breaks or read_app_settings(root).strict_line_breaks,
        allow_remote=args.allow_remote,
        theme=args.theme,
        file_urls=True,
    )
    # A page on its own, wherever it is saved: images load from the vault and links
    # open the linked notes' files (``export`` makes a site whose pages link up).
    result = Renderer(options).render(text, rel, PathHost(vault), StandaloneLinks(root))
    page = page_html(result, Path(rel).stem, theme=options.theme, inline_title=True)
    if result.frontmatter_error:
        print(f"notedesk render: {rel}: {result.frontmatter_error}", file=sys.stderr)
    if output is not None:
        try:
            if output.exists() and not output.is_file():  # /dev/null, a pipe: written into
                with open(output, "wb") as handle:
                    handle.write(page.encode("utf-8"))
            else:
                atomic_write(output, page.encode("utf-8"))
        except (SaveError, OSError) as exc:
            return fail(NAME, str(exc))
        return EXIT_OK
    sys.stdout.write(page)
    sys.stdout.flush()
    return EXIT_OK
