"""Command line: the GUI by default, headless subcommands for scripting."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits with code 2 and one clear line, never a traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _subcommand(name: str) -> ModuleType | None:
    """The module of subcommand ``name`` (its file is ``commands/<name>.py``), or None.

    Only that module is imported: a path such as ``notes/today.md`` costs a
    directory listing, not the import of every command.
    """
    import importlib
    import pkgutil

    import notedesk.commands as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name == name and not name.startswith("_"):
            module = importlib.import_module(f"notedesk.commands.{name}")
            return module if getattr(module, "NAME", None) == name else None
    return None


def _commands_epilog() -> str:
    """The headless commands with their one-line help, for ``notedesk --help``."""
    import importlib
    import pkgutil
    import textwrap

    import notedesk.commands as package

    lines = ["headless commands (notedesk COMMAND --help for each):"]
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"notedesk.commands.{info.name}")
        name, help_text = getattr(module, "NAME", None), getattr(module, "HELP", "")
        if name == info.name:
            first = help_text.split(". ")[0].rstrip(".")
            lines += textwrap.wrap(
                first, 79, initial_indent=f"  {name:<8} ", subsequent_indent=" " * 11
            )
    return "\n".join(lines)


def _gui_parser(with_commands: bool = False) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="notedesk",
        description="Open a Markdown vault (a folder) or one note. "
        "Headless commands: notedesk COMMAND --help.",
        epilog=_commands_epilog() if with_commands else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("path", nargs="?", help="a vault folder or a .md file")
    parser.add_argument(
        "--self-test", action="store_true", help="check this installation offscreen and exit"
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # A subcommand name wins over a folder of the same name; `notedesk ./info` opens the folder.
    if args_list and not args_list[0].startswith(("-", ".", "/", "~")):
        module = _subcommand(args_list[0])
        if module is not None:
            parser = _Parser(prog=f"notedesk {module.NAME}", description=module.HELP)
            module.add_arguments(parser)
            rest = args_list[1:]
            prepare = getattr(module, "prepare_argv", None)
            if prepare is not None:
                rest = prepare(rest)
            return int(module.run(parser.parse_args(rest)))
    # The commands are listed (each module imported) only when help is asked for.
    wants_help = any(a in ("-h", "--help") for a in args_list)
    args = _gui_parser(with_commands=wants_help).parse_args(args_list)
    if args.version:
        from notedesk import __version__

        print(f"notedesk {__version__}")
        return 0
    if args.self_test:
        from notedesk.selftest import run_self_test

        return run_self_test()
    target: Path | None = None
    if args.path is not None:
        target = Path(args.path).expanduser()
        try:
            exists = target.exists()
            is_dir, is_file = target.is_dir(), target.is_file()
        except OSError as exc:  # a folder on the way cannot be searched
            print(f"notedesk: {args.path}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
        if not exists:
            print(f"notedesk: {args.path}: no such file or folder", file=sys.stderr)
            return EXIT_USAGE
        if not (is_dir or (is_file and target.suffix.lower() in (".md", ".markdown"))):
            print(f"notedesk: {args.path}: not a vault folder or a .md file", file=sys.stderr)
            return EXIT_USAGE
    from notedesk.app.launch import run_gui

    return run_gui(target)
