"""Headless subcommands. Each module here provides ``NAME``, ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``; the CLI finds them itself."""
