"""Find and replace matching."""

from __future__ import annotations

import re

import pytest

from notedesk.core.findtext import (
    FindOptions,
    compile_query,
    find_matches,
    replace_plan,
    replacement_at,
)


def test_plain_is_literal_and_case_insensitive_by_default() -> None:
    pattern = compile_query("a.b", FindOptions())
    assert find_matches("A.B axb a.b", pattern) == [(0, 3), (8, 11)]


def test_case_and_whole_word() -> None:
    text = "Cat cat concat cat_x"
    assert len(find_matches(text, compile_query("cat", FindOptions(case_sensitive=True)))) == 3
    assert find_matches(text, compile_query("cat", FindOptions(whole_word=True))) == [
        (0, 3),
        (4, 7),
    ]


def test_regex_groups_and_lookbehind_in_replacement() -> None:
    options = FindOptions(regex=True)
    pattern = compile_query(r"(?<=- )\[(.)\]", options)
    text = "- [x] a\n[y] b"
    assert replace_plan(text, pattern, r"<\1>", options) == [(2, 5, "<x>")]
    assert replacement_at(text, 2, 5, pattern, r"<\1>", options) == "<x>"
    assert replacement_at(text, 8, 11, pattern, r"<\1>", options) is None


def test_empty_matches_are_skipped_and_bad_regex_raises() -> None:
    assert find_matches("abc", compile_query("x*", FindOptions(regex=True))) == []
    with pytest.raises(re.error):
        compile_query("(", FindOptions(regex=True))
