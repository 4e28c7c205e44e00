"""Code fences inside quotes and callouts, and links whose target holds parentheses."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from notedesk.core.mdcontext import link_at
from notedesk.core.mdtokens import (
    NORMAL,
    START,
    block_kind,
    is_code_state,
    next_state,
    tokenize_line,
)


def run(text: str) -> list[tuple[list[tuple[str, str]], int]]:
    state = START
    out = []
    for line in text.split("\n"):
        tokens, state = tokenize_line(line, state)
        out.append(([(t.kind, line[t.start : t.end]) for t in tokens], state))
    return out


def test_fence_in_a_callout_is_code_up_to_its_closer() -> None:
    lines = run("> [!example] Code\n> ```python\n> # not a heading\n> x = [[y]]\n> ```\n> **b**")
    assert lines[1][0] == [("marker", "> "), ("fence", "```python")]
    assert is_code_state(lines[1][1])
    assert lines[2][0] == [("marker", "> "), ("codeblock", "# not a heading")]
    assert lines[3][0] == [("marker", "> "), ("codeblock", "x = [[y]]")]
    assert lines[4] == ([("marker", "> "), ("fence", "```")], NORMAL)
    assert ("strong", "**b**") in lines[5][0]
    assert block_kind(lines[0][1], lines[1][1]) == "code"
    assert block_kind(lines[3][1], lines[4][1]) == "code"


def test_fence_in_a_quote_ends_with_the_quote() -> None:
    lines = run("> > ~~~\n> > deep ```\n> # back in the quote\n# heading")
    assert lines[1][0] == [("marker", "> > "), ("codeblock", "deep ```")]
    # one ">" fewer: the quote and its fence ended; the line is a quote again
    assert ("quote", "> # back in the quote") in lines[2][0]
    assert lines[2][1] == NORMAL
    assert lines[3][0][0] == ("h1", "# heading")


def test_markdown_link_target_may_hold_balanced_parentheses() -> None:
    tokens, _ = tokenize_line("see [x](a_(b).md) and [y](c.md)", NORMAL)
    line = "see [x](a_(b).md) and [y](c.md)"
    assert [(t.kind, line[t.start : t.end]) for t in tokens] == [
        ("link_text", "[x]"),
        ("link_url", "(a_(b).md)"),
        ("link_text", "[y]"),
        ("link_url", "(c.md)"),
    ]
    hit = link_at(line, 5)
    assert hit is not None and hit.target == "a_(b).md"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="`~>%$-# x\t", max_size=12), max_size=10))
def test_next_state_agrees_with_tokenize_line_in_quotes(lines: list[str]) -> None:
    state = START
    for line in lines:
        expected = tokenize_line(line, state)[1]
        assert next_state(line, state) == expected
        state = expected
