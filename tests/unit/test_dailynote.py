"""Today's daily note: where the vault's settings put it and what its template makes of it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from notedesk.core.dailynote import daily_folder, plan_daily_note
from notedesk.core.notetemplates import fill_foam, foam_variables, strip_foam_metadata

NOW = datetime(2026, 11, 29, 9, 5)

FOAM_DAILY = """---
type: daily-note
foam_template:
  description: Daily note
  filepath: 'journal/$FOAM_DATE_YEAR-$FOAM_DATE_MONTH-$FOAM_DATE_DATE.md'
---
# $FOAM_DATE_YEAR-$FOAM_DATE_MONTH-$FOAM_DATE_DATE ${FOAM_DATE_DAY_NAME}

Title $FOAM_TITLE, $FOAM_DATE_MONTH_NAME_SHORT, $UNKNOWN_VAR, ${1:placeholder}
"""


def _foam_vault(root: Path, template: str = FOAM_DAILY, settings: str = "") -> Path:
    (root / ".vscode").mkdir(parents=True)
    (root / ".vscode" / "settings.json").write_text(
        settings or '{"foam.openDailyNote.directory": "journal",}', encoding="utf-8"
    )
    (root / ".foam" / "templates").mkdir(parents=True)
    (root / ".foam" / "templates" / "daily-note.md").write_text(template, encoding="utf-8")
    return root


def test_foam_daily_note_from_its_template(tmp_path: Path) -> None:
    plan = plan_daily_note(_foam_vault(tmp_path), NOW)
    assert plan.path == "journal/2026-11-29.md"
    assert plan.text == (
        "---\ntype: daily-note\n---\n# 2026-11-29 Sunday\n\n"
        "Title 2026-11-29, Nov, $UNKNOWN_VAR, ${1:placeholder}\n"
    )
    assert plan.problem == ""


def test_foam_directory_and_file_name_format(tmp_path: Path) -> None:
    settings = """{
      "foam.openDailyNote.directory": "Log/daily", // where
      "foam.openDailyNote.filenameFormat": "dd-mm-yyyy",
    }"""
    plan = plan_daily_note(_foam_vault(tmp_path, "# $FOAM_TITLE\n", settings), NOW)
    assert (plan.path, plan.text) == ("Log/daily/29-11-2026.md", "# 29-11-2026\n")


def test_the_users_own_folder_and_format_come_first(tmp_path: Path) -> None:
    plan = plan_daily_note(
        _foam_vault(tmp_path), NOW, chosen_folder="Days", chosen_format="%d %B {%Y}"
    )
    assert plan.path == "Days/29 November {2026}.md"
    assert plan.text.startswith("---\ntype: daily-note\n---\n# 2026-11-29")


def test_obsidian_daily_note_from_its_template(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian" / "daily-notes.json").write_text(
        '{"folder": "Daily", "format": "YYYY-MM-DD dddd", "template": "Templates/Day"}', "utf-8"
    )
    (tmp_path / "Templates").mkdir()
    (tmp_path / "Templates" / "Day.md").write_text(
        "# {{title}}\n{{date:D MMMM YYYY}} at {{time}}; [[{{yesterday}}]] {{other}}\n", "utf-8"
    )
    plan = plan_daily_note(tmp_path, NOW)
    assert plan.path == "Daily/2026-11-29 Sunday.md"
    assert plan.text == (
        "# 2026-11-29 Sunday\n29 November 2026 at 09:05; [[2026-11-28 Saturday]] {{other}}\n"
    )


def test_a_missing_template_is_said_and_the_note_starts_empty(tmp_path: Path) -> None:
    (tmp_path / "Journal").mkdir()  # Obsidian's settings, without a folder: the top folder
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian" / "daily-notes.json").write_text('{"template": "Gone"}', "utf-8")
    plan = plan_daily_note(tmp_path, NOW)
    assert (plan.path, plan.text) == ("2026-11-29.md", "")
    assert "Gone.md was not found" in plan.problem


def test_usual_daily_folders_match_in_any_case(tmp_path: Path) -> None:
    (tmp_path / "journal").mkdir()
    assert daily_folder(tmp_path) == "journal"
    assert plan_daily_note(tmp_path, NOW).path == "journal/2026-11-29.md"
    (tmp_path / "daily").mkdir()
    assert daily_folder(tmp_path) == "daily"  # "Daily" comes before "Journal"
    (tmp_path / "Daily").mkdir()
    assert daily_folder(tmp_path) == "Daily"


def test_foam_variables_need_a_word_end() -> None:
    variables = foam_variables(NOW, "T")
    assert fill_foam("$FOAM_DATE_DAY_NAME_SHORT $FOAM_DATE_DATE_X $FOAM_DATE_DATE.", variables) == (
        "Sun $FOAM_DATE_DATE_X 29."
    )


def test_foam_metadata_alone_in_its_frontmatter_goes_with_it() -> None:
    text = "---\nfoam_template:\n  name: x\n---\n\n---\ntags: [a]\n---\nBody\n"
    assert strip_foam_metadata(text) == "---\ntags: [a]\n---\nBody\n"
    assert strip_foam_metadata("No frontmatter\n") == "No frontmatter\n"
