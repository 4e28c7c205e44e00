"""notedesk export VAULT OUTDIR: a static HTML site of the whole vault."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from notedesk.commands._common import EXIT_OK, EXIT_PROBLEMS, CommandError, fail, vault_folder

NAME = "export"
HELP = (
    "Export a vault as a static HTML site: a page per note, working links and anchors, "
    "embedded files copied, a home page and a tag index. Needs no network to view."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("vault", help="the vault folder")
    parser.add_argument("outdir", help="the folder to write the site into (outside the vault)")
    parser.add_argument("--theme", choices=("auto", "light", "dark"), default="auto")
    parser.add_argument(
        "--strict-line-breaks",
        action="store_true",
        help="a single newline does not break (default: the vault's Obsidian setting)",
    )
    parser.add_argument(
        "--allow-remote", action="store_true", help="let pages load remote images and media"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="write into a folder that is not empty and holds no earlier export",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")


def _progress(quiet: bool) -> Callable[[int, int, str], None]:
    tty = sys.stderr.isatty()

    def report(done: int, total: int, path: str) -> None:
        if quiet:
            return
        if tty:
            sys.stderr.write(f"\r\x1b[Kexport: {done}/{total} {path[-60:]}")
            if done == total:
                sys.stderr.write("\n")
        elif done == total or done % 100 == 0 or done == 1:
            sys.stderr.write(f"export: {done}/{total} {path}\n")
        sys.stderr.flush()

    return report


def run(args: argparse.Namespace) -> int:
    from notedesk.core.appsettings import read_app_settings
    from notedesk.core.export import ExportError, export_vault
    from notedesk.core.render import RenderOptions
    from notedesk.core.vault import Vault

    try:
        root = vault_folder(args.vault)
    except CommandError as exc:
        return fail(NAME, str(exc))
    options = RenderOptions(
        # Obsidian's "Strict line breaks" (.obsidian/app.json) unless the flag says so
        strict_line_breaks=args.strict_line_breaks or read_app_settings(root).strict_line_breaks,
        allow_remote=args.allow_remote,
        theme=args.theme,
    )
    out = Path(args.outdir).expanduser()
    try:
        report = export_vault(
            Vault(root), out, options=options, progress=_progress(args.quiet), force=args.force
        )
    except ExportError as exc:
        return fail(NAME, str(exc))
    except OSError as exc:  # the output folder: not writable, full, gone
        return fail(NAME, f"cannot write the export to {out}: {exc.strerror or exc}")
    for error in report.errors:
        print(f"notedesk export: {error}", file=sys.stderr)
    removed = f", removed {report.removed} left from the last export" if report.removed else ""
    print(
        f"Exported {report.pages} pages and {report.assets} files to {out}{removed}; "
        f"open {out / report.home}",
        file=sys.stderr,
    )
    return EXIT_PROBLEMS if report.errors else EXIT_OK
