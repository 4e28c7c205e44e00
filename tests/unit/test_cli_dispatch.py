"""The command line finds a subcommand by its module name and opens paths otherwise."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import pytest

import notedesk.commands as package
from notedesk import cli


def test_every_command_is_named_after_its_module() -> None:
    names = [i.name for i in pkgutil.iter_modules(package.__path__) if not i.name.startswith("_")]
    assert names
    for name in names:
        module = importlib.import_module(f"notedesk.commands.{name}")
        assert name == module.NAME
        assert cli._subcommand(name) is module


def test_a_path_that_is_no_command_imports_no_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in [m for m in sys.modules if m.startswith("notedesk.commands.")]:
        monkeypatch.delitem(sys.modules, name)
    assert cli._subcommand("no/such/note.md") is None
    assert cli.main(["no/such/note.md"]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert err == "notedesk: no/such/note.md: no such file or folder\n"
    assert not [m for m in sys.modules if m.startswith("notedesk.commands.")]


def test_a_command_name_runs_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["info", "--help"])
    assert exit_info.value.code == 0
    assert "usage: notedesk info" in capsys.readouterr().out
