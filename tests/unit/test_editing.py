"""List continuation, indentation and task toggling rules."""

from __future__ import annotations

import pytest

from notedesk.core.editing import (
    LineEdit,
    enter_edit,
    indent_line,
    outdent_line,
    parse_list_item,
    renumber_following,
    toggle_task_in_line,
    toggle_task_line,
)


def press_enter(line: str, col: int | None = None) -> tuple[str, int] | None:
    """The resulting text and cursor after Enter at col (default: end of line)."""
    col = len(line) if col is None else col
    edit = enter_edit(line, col)
    if edit is None:
        return None
    return line[: edit.start] + edit.text + line[edit.end :], edit.start + edit.cursor


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- item", "- item\n- "),
        ("* item", "* item\n* "),
        ("+ item", "+ item\n+ "),
        ("1. one", "1. one\n2. "),
        ("9) nine", "9) nine\n10) "),
        ("- [x] done", "- [x] done\n- [ ] "),
        ("- [ ] todo", "- [ ] todo\n- [ ] "),
        ("\t- nested", "\t- nested\n\t- "),
        ("> quoted", "> quoted\n> "),
        ("> - in quote", "> - in quote\n> - "),
        ("> [!note] Title", "> [!note] Title\n> "),
    ],
)
def test_enter_continues(line: str, expected: str) -> None:
    result = press_enter(line)
    assert result is not None
    assert result == (expected, len(expected))


def test_enter_in_middle_moves_rest_to_new_item() -> None:
    assert press_enter("- hello world", 7) == ("- hello\n- world", 10)


@pytest.mark.parametrize(
    ("line", "expected"),
    [("- ", ""), ("1. ", ""), ("- [ ] ", ""), ("> ", ""), ("> - ", ">"), ("\t- ", "- ")],
)
def test_enter_on_empty_item_ends_or_outdents(line: str, expected: str) -> None:
    result = press_enter(line)
    assert result is not None
    assert result[0] == expected


def test_enter_plain_lines_and_before_marker() -> None:
    assert press_enter("plain text") is None
    assert press_enter("- item", 0) is None
    assert press_enter("-not a list") is None


def test_parse_list_item() -> None:
    item = parse_list_item("> \t3. [ ] x")
    assert item is not None
    assert (item.quote, item.indent, item.marker, item.task, item.ordered) == (
        "> ",
        "\t",
        "3.",
        True,
        True,
    )


def test_indent_and_outdent() -> None:
    assert indent_line("- a") == "\t- a"
    assert indent_line("- a", "  ") == "  - a"
    assert indent_line("> - a") == "> \t- a"
    assert outdent_line("\t\t- a") == "\t- a"
    assert outdent_line("      - a") == "  - a"
    assert outdent_line("  - a") == "- a"
    assert outdent_line("- a") == "- a"
    assert outdent_line("> \t- a") == "> - a"


def test_toggle_task() -> None:
    assert toggle_task_in_line("- [ ] a") == "- [x] a"
    assert toggle_task_in_line("\t1. [x] a") == "\t1. [ ] a"
    assert toggle_task_in_line("> - [/] a") == "> - [ ] a"
    assert toggle_task_in_line("- not [ ] a task") is None
    text = "---\ntags: x\n---\n- [ ] a\n- [x] b"
    assert toggle_task_line(text, 4) == "---\ntags: x\n---\n- [x] a\n- [x] b"
    assert toggle_task_line(text, 5).endswith("- [ ] b")
    assert toggle_task_line(text, 1) == text
    assert toggle_task_line(text, 99) == text


def test_line_edit_is_a_tuple() -> None:
    assert LineEdit(0, 1, "x", 1).text == "x"


def test_renumber_following_items_of_the_same_list() -> None:
    assert renumber_following("2. new", ["2. b", "3. c", "", "para", "4. other"]) == [
        (0, "3. b"),
        (1, "4. c"),
    ]


def test_renumber_passes_over_nested_content_and_blank_lines() -> None:
    following = ["2. b", "   more text", "   1. nested", "", "3. c", "- bullet"]
    assert renumber_following("2. new", following) == [(0, "3. b"), (4, "4. c")]


def test_renumber_inside_quotes_and_nested_lists() -> None:
    assert renumber_following("> 2. new", ["> 2. b", "> 3. c", "after"]) == [
        (0, "> 3. b"),
        (1, "> 4. c"),
    ]
    # A nested list is renumbered on its own level; the outer list ends it.
    assert renumber_following("\t2) new", ["\t2) b", "3) outer"]) == [(0, "\t3) b")]


def test_renumber_stops_at_another_list() -> None:
    assert renumber_following("2. new", ["2) other delimiter"]) == []
    assert renumber_following("2. new", ["- bullet", "3. after"]) == []
    assert renumber_following("- bullet", ["1. a"]) == []
    assert renumber_following("2. new", ["3. b", "4. c"]) == []  # already in order
