"""Reading Obsidian's .obsidian/app.json: the settings notedesk follows, tolerantly."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from notedesk.cli import main
from notedesk.core.appsettings import AppSettings, new_note_folder, read_app_settings
from notedesk.core.linkurls import new_note_path

MakeVault = Callable[[dict[str, str | bytes]], Path]


def _app(make_vault: MakeVault, settings: object, **files: str) -> Path:
    text = settings if isinstance(settings, str) else json.dumps(settings)
    return make_vault({".obsidian/app.json": text, **files})


def test_no_file_means_defaults(tmp_path: Path) -> None:
    assert read_app_settings(tmp_path) == AppSettings()


def test_the_settings_notedesk_follows(make_vault: MakeVault) -> None:
    root = _app(
        make_vault,
        {
            "newFileLocation": "folder",
            "newFileFolderPath": "Inbox/",
            "alwaysUpdateLinks": True,
            "userIgnoreFilters": ["Teams/", "/.*\\.tmp/"],
            "strictLineBreaks": True,
        },
    )
    settings = read_app_settings(root)
    assert settings.new_file_location == "folder"
    assert settings.new_file_folder == "Inbox"
    assert settings.always_update_links and settings.strict_line_breaks
    assert settings.problem == ""
    excluded = settings.excluded
    assert excluded.excludes("Teams/Plan.md")
    assert excluded.excludes("notes/scratch.tmp.md")
    assert not excluded.excludes("Team.md") and not excluded.excludes("Home.md")


def test_comments_and_trailing_commas_are_fine(make_vault: MakeVault) -> None:
    root = _app(make_vault, '{\n  // mine\n  "strictLineBreaks": true,\n}')
    assert read_app_settings(root).strict_line_breaks


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '"root"', ""])
def test_a_file_that_is_not_an_object_is_a_problem_and_defaults(
    make_vault: MakeVault, text: str
) -> None:
    settings = read_app_settings(_app(make_vault, text))
    assert "app.json" in settings.problem
    assert settings.new_file_location is None and not settings.excluded


def test_settings_of_the_wrong_kind_count_as_unset(make_vault: MakeVault) -> None:
    root = _app(
        make_vault,
        {
            "newFileLocation": "elsewhere",
            "alwaysUpdateLinks": "yes",
            "strictLineBreaks": 1,
            "userIgnoreFilters": ["/([a-z/", 3, "", "Keep/"],
        },
    )
    settings = read_app_settings(root)
    assert settings.new_file_location is None
    assert not settings.always_update_links and not settings.strict_line_breaks
    assert settings.excluded.sources == ("Keep/",)
    assert "newFileLocation" in settings.problem and "/([a-z/" in settings.problem


def test_a_new_file_folder_outside_the_vault_is_the_root(make_vault: MakeVault) -> None:
    root = _app(make_vault, {"newFileLocation": "folder", "newFileFolderPath": "../x"})
    settings = read_app_settings(root)
    assert new_note_folder(settings, "Sub", lambda f: True) == ""


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (AppSettings(), "Sub"),  # unset: notedesk's own rule, beside the current note
        (AppSettings(new_file_location="current"), "Sub"),
        (AppSettings(new_file_location="root"), ""),
        (AppSettings(new_file_location="folder", new_file_folder="Inbox"), "Inbox"),
        (AppSettings(new_file_location="folder", new_file_folder="Gone"), ""),
    ],
)
def test_new_note_folder(settings: AppSettings, expected: str) -> None:
    assert new_note_folder(settings, "Sub", lambda f: f == "Inbox") == expected


def test_new_note_path_in_a_given_folder() -> None:
    assert new_note_path("Brand new note", "Sub/A.md", "Inbox") == "Inbox/Brand new note.md"
    assert new_note_path("Brand new note", "Sub/A.md", "") == "Brand new note.md"
    assert new_note_path("Brand new note", "Sub/A.md") == "Sub/Brand new note.md"
    assert new_note_path("Projects/New", "Sub/A.md", "Inbox") == "Projects/New.md"
    assert new_note_path("./Here", "Sub/A.md", "Inbox") == "Sub/Here.md"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_search_leaves_excluded_files_out_and_says_so(
    make_vault: MakeVault, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(
        _app(
            make_vault,
            {"userIgnoreFilters": ["Teams/"]},
            **{"A.md": "alpha\n", "Teams/B.md": "alpha\n"},
        )
    )
    code, out, err = _run(capsys, "search", root, "alpha")
    assert code == 0 and out.split() == ["A.md", "1:", "alpha"]
    assert "1 file" in err and "--include-excluded" in err
    code, out, _ = _run(capsys, "search", root, "alpha", "--json")
    data = json.loads(out)
    assert [h["path"] for h in data["hits"]] == ["A.md"] and data["excluded"] == 1
    code, out, err = _run(capsys, "search", root, "alpha", "--include-excluded")
    assert {line for line in out.splitlines() if not line.startswith(" ")} == {
        "A.md",
        "Teams/B.md",
    }
    assert err == ""


def test_cli_render_follows_strict_line_breaks(
    make_vault: MakeVault, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = _app(make_vault, {"strictLineBreaks": True}, **{"A.md": "one\ntwo\n"})
    code, out, _ = _run(capsys, "render", str(root), "A.md")
    assert code == 0 and "one\ntwo" in out and "<br" not in out
    (root / ".obsidian" / "app.json").write_text("{}", encoding="utf-8")
    code, out, _ = _run(capsys, "render", str(root), "A.md")
    assert code == 0 and "<br" in out
