"""parse_note: one table-driven case per rule of vault-format.md, plus bad input."""

from __future__ import annotations

import time

import pytest

from notedesk.core.note import normalize_tag, parse_note


def tags(text: str) -> list[str]:
    return [t.name for t in parse_note(text).tags]


def links(text: str) -> list[tuple[str, str | None, str | None, bool, str]]:
    return [(lk.target, lk.fragment, lk.alias, lk.embed, lk.kind) for lk in parse_note(text).links]


# -- tags ----------------------------------------------------------------------

TAG_CASES = [
    ("line start", "#tag", ["tag"]),
    ("after space", "text #tag more", ["tag"]),
    ("not mid-word", "a#tag", []),
    ("digits only is not a tag", "#1984", []),
    ("a non-digit makes a tag", "#y1984", ["y1984"]),
    ("nested", "#inbox/to-read", ["inbox/to-read"]),
    ("underscore and dash", "#a_b-c", ["a_b-c"]),
    ("punctuation ends a tag", "#tag, #other.", ["tag", "other"]),
    ("unicode letters", "#café #日本語", ["café", "日本語"]),
    ("emoji", "#🙂happy", ["🙂happy"]),
    ("CJK punctuation ends", "#标签，x", ["标签"]),
    ("heading marker is not a tag", "# Heading", []),
    ("tag inside heading text", "## Title #intitle", ["intitle"]),
    ("not in inline code", "`#code` #real", ["real"]),
    ("not in fenced code", "```\n#nope\n```\n#yes", ["yes"]),
    ("not in tilde fence", "~~~\n#nope\n~~~", []),
    ("not in indented code", "para\n\n    #nope\n\n#yes", ["yes"]),
    ("indented list content counts", "- item\n\n    #listtag", ["listtag"]),
    ("not in inline math", "$#x$ #y", ["y"]),
    ("not in display math", "$$\n#x\n$$\n#z", ["z"]),
    ("not in comments", "%% #hidden %% #shown", ["shown"]),
    ("not in multi-line comments", "%%\n#hidden\n%%\n#shown", ["shown"]),
    ("not in HTML comments", "<!-- #hidden --> #shown", ["shown"]),
    ("not in multi-line HTML comments", "<!--\n#hidden\n-->\n#shown", ["shown"]),
    ("unclosed HTML comment block hides the rest", "#shown\n<!-- #hidden\n#also", ["shown"]),
    ("unclosed HTML comment inside a paragraph is text", "a <!-- #shown", ["shown"]),
    ("HTML comment in code is literal", "`<!--` #shown -->", ["shown"]),
    ("not in URLs", "https://x.com/#anchor", []),
    ("not in wikilinks", "[[Note#Heading]] [[Note|#alias]]", []),
    ("not in markdown link text", "[see #x](Note.md)", []),
    ("escaped hash", "\\#nottag", []),
    ("frontmatter list", "---\ntags: [a, '#b']\n---\n", ["a", "b"]),
    ("frontmatter block list", "---\ntags:\n  - one\n  - two/three\n---\n", ["one", "two/three"]),
    ("frontmatter string, commas and spaces", "---\ntags: a, b c\n---\n", ["a", "b", "c"]),
    ("legacy tag key", "---\ntag: solo\n---\n", ["solo"]),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in TAG_CASES], ids=[c[0] for c in TAG_CASES]
)
def test_tags(text: str, expected: list[str]) -> None:
    assert tags(text) == expected


def test_tags_case_insensitive_first_casing_kept() -> None:
    meta = parse_note("#Project and #project and #PROJECT")
    assert meta.tag_names() == ["Project"]


def test_tag_lines_and_sources() -> None:
    meta = parse_note("---\ntitle: x\ntags: [fm]\n---\nline five\n#inline")
    assert [(t.name, t.line, t.source) for t in meta.tags] == [
        ("fm", 3, "frontmatter"),
        ("inline", 6, "inline"),
    ]


@pytest.mark.parametrize(("raw", "expected"), [("#a", "a"), ("123", None), ("a/", "a"), ("", None)])
def test_normalize_tag(raw: str, expected: str | None) -> None:
    assert normalize_tag(raw) == expected


# -- links ---------------------------------------------------------------------

LINK_CASES = [
    ("plain", "[[Note]]", [("Note", None, None, False, "wiki")]),
    ("with .md", "[[Note.md]]", [("Note.md", None, None, False, "wiki")]),
    ("folder", "[[folder/Note]]", [("folder/Note", None, None, False, "wiki")]),
    ("alias", "[[Note|shown text]]", [("Note", None, "shown text", False, "wiki")]),
    ("heading", "[[Note#Heading]]", [("Note", "Heading", None, False, "wiki")]),
    ("sub-heading", "[[Note#H#Sub]]", [("Note", "H#Sub", None, False, "wiki")]),
    ("same-note heading", "[[#Heading here]]", [("", "Heading here", None, False, "wiki")]),
    ("block ref", "[[Note#^block-id]]", [("Note", "^block-id", None, False, "wiki")]),
    ("heading + alias", "[[Note#H|shown]]", [("Note", "H", "shown", False, "wiki")]),
    ("attachment", "[[Figure 1.png]]", [("Figure 1.png", None, None, False, "wiki")]),
    ("table escaped pipe", "| [[Note\\|shown]] | x |", [("Note", None, "shown", False, "wiki")]),
    ("embed", "![[Note]]", [("Note", None, None, True, "wiki")]),
    ("embed heading", "![[Note#Heading]]", [("Note", "Heading", None, True, "wiki")]),
    ("embed block", "![[Note#^id]]", [("Note", "^id", None, True, "wiki")]),
    ("image width", "![[image.png|200]]", [("image.png", None, "200", True, "wiki")]),
    ("image size", "![[image.png|200x100]]", [("image.png", None, "200x100", True, "wiki")]),
    ("pdf page", "![[file.pdf#page=3]]", [("file.pdf", "page=3", None, True, "wiki")]),
    (
        "markdown link decoded",
        "[t](Some%20Note.md)",
        [("Some Note.md", None, "t", False, "markdown")],
    ),
    ("markdown relative", "[t](../a/b.md#Sec)", [("../a/b.md", "Sec", "t", False, "markdown")]),
    ("markdown vault-absolute", "[t](/x/y.md)", [("/x/y.md", None, "t", False, "markdown")]),
    (
        "markdown angle brackets",
        "[t](<My Note.md>)",
        [("My Note.md", None, "t", False, "markdown")],
    ),
    ("markdown image", "![alt](pics/a%20b.png)", [("pics/a b.png", None, "alt", True, "markdown")]),
    ("markdown with title", '[t](Note.md "Title")', [("Note.md", None, "t", False, "markdown")]),
    ("http is not local", "[t](https://example.com/x.md)", []),
    ("mailto is not local", "[t](mailto:a@b.c)", []),
    ("obsidian url is not local", "[t](obsidian://open?vault=x)", []),
    ("not in inline code", "`[[Nope]]` [[Yes]]", [("Yes", None, None, False, "wiki")]),
    ("not in fenced code", "```\n[[Nope]]\n```", []),
    ("not in comments", "%%[[Nope]]%%", []),
    (
        "not in HTML comments",
        "<!-- [[Nope]] [t](n.md) --> [[Yes]]",
        [("Yes", None, None, False, "wiki")],
    ),
    ("empty HTML comment", "<!---->[[Yes]]", [("Yes", None, None, False, "wiki")]),
    ("not in math", "$[[Nope]]$", []),
    ("escaped", "\\[[Nope]]", []),
    ("empty", "[[]] [[|x]]", []),
    ("unbalanced", "[[a [[b]]", [("b", None, None, False, "wiki")]),
    ("footnote is not a link", "text[^1]\n\n[^1]: note", []),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in LINK_CASES], ids=[c[0] for c in LINK_CASES]
)
def test_links(text: str, expected: list[tuple[str, str | None, str | None, bool, str]]) -> None:
    assert links(text) == expected


def test_link_line_col_and_raw() -> None:
    meta = parse_note("---\na: 1\n---\nxx ![[Pic.png]]\n  [[B]]")
    assert [(lk.line, lk.col, lk.raw) for lk in meta.links] == [
        (4, 4, "![[Pic.png]]"),
        (5, 3, "[[B]]"),
    ]


# -- headings, block ids, tasks --------------------------------------------------


def test_headings() -> None:
    text = "# One\n## Two ##\n####### seven\n#nospace\n```\n# code\n```\nSetext\n===\nSub\n---\n"
    meta = parse_note(text)
    assert [(h.level, h.text, h.line, h.slug) for h in meta.headings] == [
        (1, "One", 1, "one"),
        (2, "Two", 2, "two"),
        (1, "Setext", 8, "setext"),
        (2, "Sub", 10, "sub"),
    ]


def test_frontmatter_dashes_are_not_setext() -> None:
    meta = parse_note("---\na: 1\n---\ntext\n")
    assert meta.headings == []


BLOCK_CASES = [
    ("end of paragraph", "Some text ^abc-1", [("abc-1", 1)]),
    ("own line after list", "- a\n- b\n\n^list-id", [("list-id", 4)]),
    ("invalid chars", "text ^a_b", []),
    ("not glued to a word", "text^abc", []),
    ("not in code", "```\ntext ^abc\n```", []),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in BLOCK_CASES], ids=[c[0] for c in BLOCK_CASES]
)
def test_block_ids(text: str, expected: list[tuple[str, int]]) -> None:
    assert [(b.id, b.line) for b in parse_note(text).block_ids] == expected


def test_tasks_all_states() -> None:
    # "[x] no marker" right after "quoted" would be a lazy continuation of its text
    text = (
        "- [ ] todo\n- [x] done\n* [?] q\n+ [-] cancelled\n1. [/] half\n"
        "  - [>] later\n> - [ ] quoted\n\n[x] no marker\n"
    )
    meta = parse_note(text)
    assert [(t.state, t.text, t.line) for t in meta.tasks] == [
        (" ", "todo", 1),
        ("x", "done", 2),
        ("?", "q", 3),
        ("-", "cancelled", 4),
        ("/", "half", 5),
        (">", "later", 6),
        (" ", "quoted", 7),
    ]


# -- frontmatter ---------------------------------------------------------------


def test_frontmatter_types_and_aliases() -> None:
    meta = parse_note("---\naliases: [One, Two]\ncreated: 2024-01-02\nn: 3\nok: yes\n---\nbody")
    assert meta.frontmatter == {
        "aliases": ["One", "Two"],
        "created": "2024-01-02",
        "n": 3,
        "ok": True,
    }
    assert meta.aliases == ["One", "Two"]
    assert meta.frontmatter_end_line == 6


def test_alias_string_split_on_commas_only() -> None:
    assert parse_note("---\nalias: My Alias, Other\n---\n").aliases == ["My Alias", "Other"]


def test_invalid_yaml_keeps_parsing_body() -> None:
    meta = parse_note("---\ntitle: ok\ncreated: {{date}}\n---\n# Body\n[[Link]] #tag")
    assert meta.frontmatter_error is not None
    assert meta.frontmatter == {}
    assert [(p.line, "YAML" in p.message) for p in meta.problems] == [(3, True)]
    assert [h.text for h in meta.headings] == ["Body"]
    assert [lk.target for lk in meta.links] == ["Link"]
    assert [t.name for t in meta.tags] == ["tag"]


def test_json_frontmatter() -> None:
    meta = parse_note('{\n"tags": ["j"],\n"n": 1\n}\n#body')
    assert meta.frontmatter == {"tags": ["j"], "n": 1}
    assert [t.name for t in meta.tags] == ["j", "body"]


def test_frontmatter_not_a_mapping() -> None:
    meta = parse_note("---\n- a\n- b\n---\ntext")
    assert meta.frontmatter == {}
    assert meta.problems and "properties" in meta.problems[0].message


def test_quoted_and_nested_yaml_goes_through_pyyaml() -> None:
    meta = parse_note("---\ntitle: 'a: b'\nnested:\n  k: v\n---\n")
    assert meta.frontmatter == {"title": "a: b", "nested": {"k": "v"}}


# -- pathological input ----------------------------------------------------------

PATHOLOGICAL = [
    ("100k [[", "[[" * 100_000),
    ("unbalanced brackets", "[" * 100_000 + "]" * 50_000),
    ("backtick runs", "`" * 1000 + "a`b" * 30_000),
    ("dollars", "$a" * 100_000),
    ("markdown link openers", "[x](" * 60_000),
    ("hash runs", " #" * 100_000),
    ("long heading spaces", "# " + " " * 200_000 + "x"),
    ("unclosed comment", "%%" + "[[a]]" * 50_000),
    ("many tasks on one line", "- [ ] " * 50_000),
    ("fence openers", "```\n" * 50_000),
]


@pytest.mark.parametrize("text", [c[1] for c in PATHOLOGICAL], ids=[c[0] for c in PATHOLOGICAL])
def test_pathological_input_is_linear(text: str) -> None:
    # Generous bound: catastrophic backtracking takes minutes, linear parsing well under a second.
    start = time.process_time()
    parse_note(text)
    assert time.process_time() - start < 3.0


def test_large_note() -> None:
    text = ("word " * 10 + "[[Link]] #tag\n") * 100_000  # ~7 MB
    meta = parse_note(text)
    assert len(meta.links) == 100_000
    assert meta.links[-1].line == 100_000


def test_binary_garbage_does_not_crash() -> None:
    parse_note("\x00\x01\ufffd[[\x00]]#\x00 ---\n")


# --- Raw HTML blocks: their text is no Markdown (CommonMark kinds 1-7) -----------------

HTML_BLOCK_CASES = [
    pytest.param("<div>\n#in [[In]]\n</div>\n\n#out [[Out]]\n", id="kind6-ends-at-blank-line"),
    pytest.param("  </DIV>\n#in [[In]]\n\n#out [[Out]]\n", id="kind6-closing-tag-indented"),
    pytest.param("<pre>\n#in\n\n[[In]]\n</pre> #in\n#out [[Out]]\n", id="kind1-closer-line"),
    pytest.param("<?php\n#in [[In]]\n?> #in\n#out [[Out]]\n", id="kind3"),
    pytest.param("<!DOCTYPE x\n#in [[In]]\n> #in\n#out [[Out]]\n", id="kind4"),
    pytest.param("<![CDATA[\n#in [[In]]\n]]>\n#out [[Out]]\n", id="kind5"),
    pytest.param('<span class="a">\n#in [[In]]\n\n#out [[Out]]\n', id="kind7-after-blank"),
    pytest.param("# Title\n<x-card/>\n#in [[In]]\n\n#out [[Out]]\n", id="kind7-after-heading"),
    pytest.param("para\n<div>\n#in [[In]]\n\n#out [[Out]]\n", id="kind6-interrupts-paragraph"),
    pytest.param("para #out\n<span>\n#out [[Out]]\n", id="kind7-cannot-interrupt-paragraph"),
    pytest.param("<span> text\n#out [[Out]]\n", id="kind7-tag-must-stand-alone"),
    pytest.param("    <div>\n\n#out [[Out]]\n", id="indented-code-is-no-block"),
    pytest.param("```\n<div>\n```\n#out [[Out]]\n", id="in-code-is-no-block"),
    pytest.param("a <div>\n#out [[Out]]\n", id="inline-html-is-no-block"),
    pytest.param("---\nx: 1\n---\n<div>\n#in [[In]]\n", id="block-right-after-frontmatter"),
]


@pytest.mark.parametrize("text", HTML_BLOCK_CASES)
def test_html_block_text_yields_no_tags_or_links(text: str) -> None:
    meta = parse_note(text)
    assert {t.name for t in meta.tags} <= {"out"}
    assert [link.target for link in meta.links] == (["Out"] if "[[Out]]" in text else [])
    assert bool(meta.tags) == ("#out" in text)


def test_html_block_hides_headings_and_tasks() -> None:
    meta = parse_note("<div>\n# Not a heading\n- [ ] not a task\n</div>\n\n# Real\n")
    assert [h.text for h in meta.headings] == ["Real"]
    assert meta.tasks == []


# --- Links in frontmatter properties -------------------------------------------------


def test_property_links_are_links_at_their_frontmatter_line() -> None:
    text = (
        "---\n"
        'related: "[[Other]]"\n'
        "see:\n"
        '  - "[[Nowhere#Top|there]]"\n'
        "  - '[[Bob''s]]'\n"
        "plain: see [[Plain]] too\n"
        "# [[Commented]]\n"
        "nested: [[Nested]]\n"
        'pic: "![[p.png]]"\n'
        "---\n"
        "body [[Body]]\n"
    )
    links = parse_note(text).links
    assert [(lk.target, lk.line, lk.col, lk.raw) for lk in links] == [
        ("Other", 2, 11, "[[Other]]"),
        ("Nowhere", 4, 6, "[[Nowhere#Top|there]]"),
        ("Bob's", 5, 6, "[[Bob''s]]"),
        ("Plain", 6, 12, "[[Plain]]"),
        ("p.png", 9, 7, "![[p.png]]"),
        ("Body", 11, 6, "[[Body]]"),
    ]
    assert links[1].fragment == "Top" and links[1].alias == "there"
    assert links[4].embed


def test_property_links_in_json_frontmatter_and_broken_yaml() -> None:
    assert [lk.target for lk in parse_note('{\n"up": ["[[A]]"]\n}\nbody\n').links] == ["A"]
    assert parse_note('---\nup: "[[A]]\nx: {{date}}\n---\nbody\n').links == []


def test_frontmatter_tags_and_aliases_read_scalars_as_yaml_writes_them() -> None:
    meta = parse_note("---\ntags: [a, null, ~, 1.5, true]\naliases: [7, false]\n---\n")
    assert [t.name for t in meta.tags] == ["a", "true"]  # "1.5": no tag (a dot)
    assert meta.aliases == ["7", "false"]
