"""A vault's own settings for daily notes: Obsidian's plugin file and Foam's VS Code settings."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from notedesk.core.vaultconfig import (
    DailyNotes,
    daily_notes,
    dateformat_to_strftime,
    format_day,
    mentions_foam,
    moment_to_strftime,
    read_jsonc,
)

VSCODE_SETTINGS = """{
  // Foam's settings, as VS Code writes them
  "foam.openDailyNote.directory": "journal", /* a comment */
  "foam.openDailyNote.filenameFormat": "yyyy-mm-dd",
  "url": "https://example.com/a,]",
  "files.exclude": {"**/node_modules": true,},
}
"""


def test_vscode_settings_with_comments_and_trailing_commas(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(VSCODE_SETTINGS, encoding="utf-8")
    assert read_jsonc(path) == {
        "foam.openDailyNote.directory": "journal",
        "foam.openDailyNote.filenameFormat": "yyyy-mm-dd",
        "url": "https://example.com/a,]",
        "files.exclude": {"**/node_modules": True},
    }


@pytest.mark.parametrize("content", [b"{", b"\xff\xfe", b"[1, 2", b'{"a": // x\n}'])
def test_broken_settings_count_as_absent(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    assert read_jsonc(path) is None
    assert read_jsonc(tmp_path / "missing.json") is None


def test_foam_daily_settings_and_template(tmp_path: Path) -> None:
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text(VSCODE_SETTINGS, encoding="utf-8")
    assert mentions_foam(tmp_path)
    assert daily_notes(tmp_path) == DailyNotes("journal", "%Y-%m-%d", None, "", "foam")
    (tmp_path / ".foam" / "templates").mkdir(parents=True)
    (tmp_path / ".foam" / "templates" / "daily-note.md").write_text("# x\n", encoding="utf-8")
    config = daily_notes(tmp_path)
    assert (config.template, config.template_kind) == (".foam/templates/daily-note.md", "foam")


def test_obsidian_daily_plugin_comes_before_foam(tmp_path: Path) -> None:
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text(VSCODE_SETTINGS, encoding="utf-8")
    (tmp_path / ".obsidian").mkdir()
    settings = {"folder": "Notes/Daily/", "format": "DD.MM.YYYY", "template": "Templates/Day"}
    (tmp_path / ".obsidian" / "daily-notes.json").write_text(json.dumps(settings), "utf-8")
    assert daily_notes(tmp_path) == DailyNotes(
        "Notes/Daily", "%d.%m.%Y", "Templates/Day.md", "obsidian", "obsidian"
    )


def test_unusable_obsidian_settings_are_said_not_guessed(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    path = tmp_path / ".obsidian" / "daily-notes.json"
    path.write_text('{"folder": "../outside", "format": "YYYY-[W]ww LT"}', "utf-8")
    config = daily_notes(tmp_path)
    assert (config.folder, config.date_format) == (None, None)
    assert "YYYY-[W]ww LT" in config.problem
    path.write_text("{not json", "utf-8")
    assert "not valid JSON" in daily_notes(tmp_path).problem


def test_no_settings_at_all(tmp_path: Path) -> None:
    assert daily_notes(tmp_path) == DailyNotes()
    assert not mentions_foam(tmp_path)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("YYYY-MM-DD", "2026-01-02"),
        ("dddd, MMMM Do YYYY", "Friday, January 2nd 2026"),
        ("YYYY/MM/[Day] D", "2026/01/Day 2"),
        ("D.M.YY", "2.1.26"),
    ],
)
def test_moment_formats(moment: str, expected: str) -> None:
    fmt = moment_to_strftime(moment)
    assert fmt is not None and format_day(fmt, date(2026, 1, 2)) == expected


def test_dateformat_masks() -> None:
    assert dateformat_to_strftime("isoDate") == "%Y-%m-%d"
    fmt = dateformat_to_strftime("yyyy-mm-dd 'week'")
    assert fmt is not None and format_day(fmt, date(2026, 1, 2)) == "2026-01-02 week"
    assert dateformat_to_strftime("yyyy-mm-dd HH:MM") is None
