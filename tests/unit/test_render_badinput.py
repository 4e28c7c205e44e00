"""Hostile or broken notes render (or degrade visibly) in bounded time and never raise."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_render_helpers import render

from notedesk.core.render import RenderOptions

pytestmark = pytest.mark.timeout(120)


def test_ten_thousand_nested_quotes_on_one_line() -> None:
    out = render(">" * 10_000 + " deep text\n\nafter").html
    assert "deep text" in out and "after" in out


def test_ten_thousand_nested_list_markers() -> None:
    out = render("- " * 10_000 + "deep item\n\nafter").html
    assert "deep item" in out and "after" in out


def test_deep_indented_lists_keep_their_text() -> None:
    text = "\n".join("  " * i + f"- item{i}" for i in range(300))
    out = render(text).html
    assert "item0" in out and "item299" in out


def test_mixed_quote_and_list_nesting() -> None:
    out = render("> - " * 5000 + "x").html
    assert "x" in out


def test_unclosed_fence_runs_to_the_end() -> None:
    out = render("para\n\n```python\nx = 1\n" + "y = 2\n" * 2000).html
    assert "para" in out and out.count("<pre") == 1


def test_huge_table() -> None:
    text = "| a | b |\n|---|---|\n" + "| x | y |\n" * 5000
    assert render(text).html.count("<tr") == 5001


def test_very_wide_table() -> None:
    cols = 2000
    text = "|" + "a|" * cols + "\n|" + "-|" * cols + "\n|" + "x|" * cols
    assert render(text).html.count("<td>") == cols


def test_hundred_thousand_char_line() -> None:
    out = render("word " * 20_000).html
    assert out.count("word") == 20_000


@pytest.mark.parametrize(
    "text",
    [
        "[" * 20_000 + "]" * 20_000,
        "[a](" * 20_000,
        "*a " * 20_000,
        "![[" * 20_000,
        "[[a|" * 20_000,
        "==" * 20_000,
        "%%" * 20_001,
        "$" * 20_001,
        "<" * 20_000,
        "> [!note]\n" * 2000,
        "^" * 20_000,
        "- [ ] " * 5000,
    ],
    ids=lambda t: repr(t[:8]),
)
def test_pathological_inline_input_is_bounded(text: str) -> None:
    render(text)


@pytest.mark.parametrize("opening", ["<div>", "<div>\n\n", "<section><b>"])
def test_deeply_nested_raw_html_is_bounded(opening: str) -> None:
    result = render(opening * 8_000 + "end")
    assert "end" in result.html
    assert result.warnings == ["raw HTML nests too deeply; the rest of it shows as text"]


def test_many_closed_raw_html_elements_stay_html() -> None:
    result = render("<div>x</div>\n\n" * 5000 + "<p>a<br>b</p>\n" * 5000)
    assert result.warnings == [] and result.html.count("<div>") == 5000


def test_quadratic_brackets_degrade_to_text() -> None:
    out = render("[" * 20_000 + "]" * 20_000).html
    assert out.count("[") == 20_000


def test_invalid_utf8_replacement_and_nul_chars() -> None:
    out = render("bad \ufffd char \x00 nul").html
    assert "bad" in out and "nul" in out


def test_yaml_alias_bomb_frontmatter_is_bounded() -> None:
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 9):
        prev, name = chr(96 + i), chr(97 + i)
        bomb += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]\n"
    bomb += "---\nbody"
    result = render(bomb)
    assert "body" in result.html and len(result.html) < 1_000_000
    assert result.frontmatter is not None and "i" in result.frontmatter


def test_empty_and_whitespace_notes() -> None:
    assert render("").html == ""
    assert render("   \n\n\t").html.strip() == ""


def test_strict_and_remote_options_do_not_break_bad_input() -> None:
    options = RenderOptions(strict_line_breaks=True, allow_remote=True, max_nesting=10)
    out = render(">" * 500 + " x", options=options).html
    assert "x" in out


_ALPHABET = "ab #*_`~=%$^|[]()!<>:/\\\n\t-+1.>\"'&;{}"
_TOKENS = [
    "[[", "]]", "![[", "|", "#", "^id", "%%", "==", "$$", "$", "```", "~~~", "> [!note]",
    "- [ ] ", "1. ", "---\n", "<div>", "</div>", "<img src=x onerror=y>", "[^1]", "^[x]",
    "<script>", "javascript:", "https://example.org/a.png", "\n\n", "    ", "\t",
]  # fmt: skip


@pytest.mark.fuzz
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(_ALPHABET, max_size=8)), max_size=60))
def test_fuzzed_markdown_never_crashes_or_leaks_script(parts: list[str]) -> None:
    from test_render_xss import audit

    text = "".join(parts)
    result = render(text, {"x.md": "![[Note]] " + text})
    assert audit(result.html) == []


@pytest.mark.timeout(20)
def test_a_long_task_list_renders_in_linear_time() -> None:
    # 20,000 tasks: each item once looked back over every item before it (30 s and more)
    out = render("".join(f"- [ ] task {i}\n" for i in range(20_000))).html
    assert out.count('class="task-list-item task-todo"') == 20_000
    assert out.count("contains-task-list") == 1


@pytest.mark.timeout(20)
def test_many_autolink_starts_render_in_linear_time() -> None:
    # each "://" once searched all the text before it for a scheme (20,000: minutes)
    out = render("<http://" * 20_000 + "\n\nsee https://example.org/a.").html
    assert '<a href="https://example.org/a"' in out
