"""Highlighting tokens: block states across lines and inline spans."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from notedesk.core.mdtokens import (
    COMMENT,
    FRONTMATTER,
    MATH,
    NORMAL,
    START,
    block_kind,
    is_code_state,
    next_state,
    tokenize_line,
)


def kinds(line: str, state: int = NORMAL) -> list[tuple[str, str]]:
    tokens, _ = tokenize_line(line, state)
    return [(t.kind, line[t.start : t.end]) for t in tokens]


def run(text: str) -> list[tuple[list[tuple[str, str]], int]]:
    state = START
    out = []
    for line in text.split("\n"):
        tokens, state = tokenize_line(line, state)
        out.append(([(t.kind, line[t.start : t.end]) for t in tokens], state))
    return out


def test_frontmatter_only_at_document_start() -> None:
    lines = run("---\ntags: [a]\n---\n---\ntext")
    assert lines[0] == ([("frontmatter_delim", "---")], FRONTMATTER)
    assert ("frontmatter_key", "tags") in lines[1][0]
    assert lines[2][1] == NORMAL
    assert lines[3][0] == [("hr", "---")]


def test_fence_state_spans_lines_and_needs_matching_closer() -> None:
    lines = run("text\n````md\n```\n# not a heading\n````\n# heading")
    assert is_code_state(lines[1][1])
    assert lines[2][0] == [("codeblock", "```")]  # shorter run does not close
    assert lines[3][0] == [("codeblock", "# not a heading")]
    assert lines[4] == ([("fence", "````")], NORMAL)
    assert lines[5][0][0] == ("h1", "# heading")


def test_tilde_fence_not_closed_by_backticks() -> None:
    lines = run("~~~\n```\n~~~")
    assert lines[1][0] == [("codeblock", "```")]
    assert lines[2][1] == NORMAL


def test_multiline_comment_and_inline_after_close() -> None:
    lines = run("before %%hidden\nstill hidden *x*\nend%% **bold**")
    assert lines[0][1] == COMMENT
    assert lines[1][0] == [("comment", "still hidden *x*")]
    assert lines[2] == ([("comment", "end%%"), ("strong", "**bold**")], NORMAL)


def test_inline_comment_stays_on_line() -> None:
    assert kinds("a %%b%% c") == [("comment", "%%b%%")]


def test_display_math_block() -> None:
    lines = run("$$\nx^2 [[not a link]]\n$$\nafter")
    assert lines[0][1] == MATH
    assert lines[1][0] == [("math", "x^2 [[not a link]]")]
    assert lines[2][1] == NORMAL


def test_headings_with_nested_inline() -> None:
    tokens = kinds("## Title with #tag and [[Note#Sec|alias]]")
    assert tokens[0] == ("h2", "## Title with #tag and [[Note#Sec|alias]]")
    assert ("marker", "##") in tokens
    assert ("tag", "#tag") in tokens
    assert ("wikilink", "[[Note#Sec|alias]]") in tokens
    assert kinds("#notaheading")[0] == ("tag", "#notaheading")


def test_wikilink_target_strips_fragment_alias_and_table_escape() -> None:
    tokens, _ = tokenize_line("x [[Folder/Note#Head|shown]] ![[img.png|200]] [[A\\|b]]", NORMAL)
    assert [(t.kind, t.target) for t in tokens] == [
        ("wikilink", "Folder/Note"),
        ("embed", "img.png"),
        ("wikilink", "A"),
    ]


def test_emphasis_family() -> None:
    assert kinds("*i* **b** ~~s~~ ==h== `c`") == [
        ("emphasis", "*i*"),
        ("strong", "**b**"),
        ("strike", "~~s~~"),
        ("highlight", "==h=="),
        ("code", "`c`"),
    ]
    assert kinds("snake_case_word and 2 * 3 * 4") == []
    assert kinds(r"\*not em\*") == []


def test_code_protects_its_content() -> None:
    assert kinds("`[[x]] #tag **b**` after") == [("code", "`[[x]] #tag **b**`")]
    assert kinds("``a ` b`` c") == [("code", "``a ` b``")]


def test_tags_follow_vault_rules() -> None:
    assert kinds("#1984 #y1984 a#b #in/box #🌱") == [
        ("tag", "#y1984"),
        ("tag", "#in/box"),
        ("tag", "#🌱"),
    ]


def test_callout_quote_lists_tasks_block_ids() -> None:
    assert kinds("> [!warning]- Careful") == [
        ("quote", "> [!warning]- Careful"),
        ("marker", "> "),
        ("callout", "[!warning]- Careful"),
        ("callout_type", "[!warning]-"),
    ]
    assert kinds("- [x] done ^blk-1") == [
        ("list_marker", "- "),
        ("task_done", "[x]"),
        ("block_id", "^blk-1"),
    ]
    assert kinds("\t12. item")[0] == ("list_marker", "12. ")


def test_links_urls_html_math() -> None:
    assert kinds("[text](Some%20Note.md) <kbd>K</kbd> https://a.org/x. $x^2$ costs $5") == [
        ("link_text", "[text]"),
        ("link_url", "(Some%20Note.md)"),
        ("html", "<kbd>"),
        ("html", "</kbd>"),
        ("url", "https://a.org/x"),
        ("math", "$x^2$"),
    ]


def test_long_pathological_line_is_fast_and_safe() -> None:
    line = "*" * 200_000 + "[[" * 50_000
    _tokens, state = tokenize_line(line, NORMAL)
    assert state == NORMAL


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="#*_=~`%$[]!|^>-x \t:1.ab🌱", max_size=40), max_size=8))
def test_tokens_stay_inside_their_line(lines: list[str]) -> None:
    state = START
    for line in lines:
        tokens, state = tokenize_line(line, state)
        for t in tokens:
            assert 0 <= t.start <= t.end <= len(line)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="`~%$-#\n x", max_size=12), max_size=10))
def test_next_state_agrees_with_tokenize_line(lines: list[str]) -> None:
    state = START
    for line in lines:
        expected = tokenize_line(line, state)[1]
        assert next_state(line, state) == expected
        state = expected


def test_block_id_on_its_own_line() -> None:
    assert kinds("^shopping-list") == [("block_id", "^shopping-list")]
    assert kinds("x^y") == []


def test_block_kind_covers_fences_and_frontmatter_including_delimiters() -> None:
    text = "---\na: 1\n---\n```\ncode\n```\n$$\nx\n$$\nplain"
    state = START
    out = []
    for line in text.split("\n"):
        previous = state
        _tokens, state = tokenize_line(line, state)
        out.append(block_kind(previous, state))
    assert out == [
        "frontmatter", "frontmatter", "frontmatter",
        "code", "code", "code",
        "math", "math", "math",
        "",
    ]  # fmt: skip


def test_callout_tokens_carry_the_type() -> None:
    tokens, _ = tokenize_line("> [!Warning]- Careful", NORMAL)
    assert [(t.kind, t.target) for t in tokens if t.kind.startswith("callout")] == [
        ("callout", "warning"),
        ("callout_type", "warning"),
    ]


def test_table_pipes_and_rule_are_markers() -> None:
    assert kinds("| :--- | ---: |") == [("marker", "| :--- | ---: |")]
    assert kinds("| a | [[N\\|b]] |") == [
        ("marker", "|"),
        ("marker", "|"),
        ("marker", "|"),
        ("wikilink", "[[N\\|b]]"),
    ]
