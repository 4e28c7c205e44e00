"""``notedesk index``: builds the cache, says what it parsed and what it reused."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from notedesk.cli import main
from notedesk.core.store import IndexStore

MakeVault = Callable[[dict[str, str | bytes]], Path]

VAULT = {
    "Home.md": "# Home\n[[Sub/Child]] #top\n",
    "Sub/Child.md": "## Part\n[[Home]]\n",
    "Other.md": "plain\n",
    "Sub/img.png": b"\x89PNG",
}


def index_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    code = main(["index", *argv, "--json"])
    out, _ = capsys.readouterr()
    assert code == 0
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


def test_first_run_parses_every_note_then_nothing(
    make_vault: MakeVault, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = make_vault(VAULT)
    first = index_json(capsys, str(vault))
    assert first["note_count"] == 3
    assert first["attachment_count"] == 1
    assert (first["parsed"], first["reused"], first["removed"]) == (3, 0, 0)
    assert first["unchanged"] is False
    cache = first["cache"]
    assert isinstance(cache, str) and Path(cache).is_file()
    assert cache == str(IndexStore(vault).path)
    second = index_json(capsys, str(vault))
    assert (second["parsed"], second["reused"], second["unchanged"]) == (0, 3, True)


def test_only_changed_notes_are_parsed_and_gone_ones_dropped(
    make_vault: MakeVault, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = make_vault(VAULT)
    index_json(capsys, str(vault))
    (vault / "Other.md").write_text("plain, and longer now\n", encoding="utf-8")
    (vault / "Sub" / "Child.md").unlink()
    data = index_json(capsys, str(vault))
    assert (data["parsed"], data["reused"], data["removed"]) == (1, 1, 1)
    assert data["note_count"] == 2


def test_rebuild_parses_everything_again(
    make_vault: MakeVault, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = make_vault(VAULT)
    index_json(capsys, str(vault))
    data = index_json(capsys, str(vault), "--rebuild")
    assert (data["parsed"], data["reused"], data["unchanged"]) == (3, 0, False)
    # and the cache it left is warm again
    assert index_json(capsys, str(vault))["unchanged"] is True


def test_text_output(make_vault: MakeVault, capsys: pytest.CaptureFixture[str]) -> None:
    vault = make_vault(VAULT)
    assert main(["index", str(vault), "-q"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == f"{vault}: 3 notes, 1 attachment"
    assert lines[1].startswith("parsed 3 notes, 0 unchanged from the cache (")
    assert lines[2] == f"cache: {IndexStore(vault).path}"
    assert err == ""
    os.utime(vault / "Home.md", ns=(1, 1))
    assert main(["index", str(vault)]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines()[1].startswith("parsed 1 note, 2 unchanged from the cache (")
    assert main(["index", str(vault)]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines()[1].startswith("nothing changed since the last index (")


def test_not_a_vault_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index", str(tmp_path / "nope")]) == 2
    _, err = capsys.readouterr()
    assert err.strip() == f"notedesk index: {tmp_path / 'nope'}: no such folder"


def test_store_clear_empties_the_cache(
    make_vault: MakeVault, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = make_vault(VAULT)
    index_json(capsys, str(vault))
    store = IndexStore(vault)
    assert len(store.load()) == 3
    store.clear()
    assert store.load() == {}
    assert store.get_image() is None


def test_help_lists_every_headless_command(capsys: pytest.CaptureFixture[str]) -> None:
    import pkgutil

    import notedesk.commands as package

    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out, _ = capsys.readouterr()
    names = [i.name for i in pkgutil.iter_modules(package.__path__) if not i.name.startswith("_")]
    assert "index" in names and "search" in names
    listed = out.split("headless commands", 1)[1]
    for name in names:
        assert f"\n  {name} " in listed
