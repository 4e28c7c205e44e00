"""Link grammar helpers and the resolution rules of vault-format.md."""

from __future__ import annotations

import pytest

from notedesk.core.links import (
    NameTable,
    fragment_parts,
    is_external_url,
    normalize_markdown_target,
    resolve,
    slugify,
    split_fragment,
)

FILES = [
    "Note.md",
    "a/Note.md",
    "a/b/Note.md",
    "a/Other.md",
    "c/Deep/Other.md",
    "x/y/Only Here.md",
    "img/Figure 1.png",
    "Figure 1.png.md",
    "docs/Readme.markdown",
    "Case.md",
    "case.md",
    "z/Same.md",
    "y/Same.md",
]

RESOLVE_CASES = [
    ("exact vault path wins", "a/Note", "c/Deep/Other.md", "a/Note.md"),
    ("exact path over same folder", "Note", "a/b/X.md", "Note.md"),
    ("with .md", "a/Note.md", "Note.md", "a/Note.md"),
    ("same folder before shortest", "Other", "c/Deep/X.md", "c/Deep/Other.md"),
    ("shortest path otherwise", "Other", "zzz/X.md", "a/Other.md"),
    ("case-insensitive", "only here", "Note.md", "x/y/Only Here.md"),
    ("partial path suffix", "y/Only Here", "Note.md", "x/y/Only Here.md"),
    ("non-md needs its extension", "img/Figure 1.png", "Note.md", "img/Figure 1.png"),
    ("exact path beats same folder, any case", "figure 1.PNG", "img/x.md", "Figure 1.png.md"),
    ("a note named like a file wins by exact path", "Figure 1.png", "Note.md", "Figure 1.png.md"),
    ("attachment name without extension", "Figure 1", "Note.md", None),
    (".markdown notes", "Readme", "Note.md", "docs/Readme.markdown"),
    ("case-only variants prefer exact spelling", "case", "Note.md", "case.md"),
    ("case-only variants, other spelling", "Case", "Note.md", "Case.md"),
    ("equal depth ties are stable", "Same", "Note.md", "y/Same.md"),
    ("empty target is the note itself", "", "a/Other.md", "a/Other.md"),
    ("missing", "Nowhere", "Note.md", None),
    ("leading slash is vault-absolute", "/a/Note", "Note.md", "a/Note.md"),
]


@pytest.mark.parametrize(
    ("target", "source", "expected"),
    [c[1:] for c in RESOLVE_CASES],
    ids=[c[0] for c in RESOLVE_CASES],
)
def test_resolve(target: str, source: str, expected: str | None) -> None:
    assert resolve(target, source, NameTable(FILES)) == expected


def test_name_table_add_remove_invalidates_memo() -> None:
    names = NameTable(["a/Note.md"])
    assert resolve("Note", "b/x.md", names) == "a/Note.md"
    names.add("Note.md")
    assert resolve("Note", "b/x.md", names) == "Note.md"
    names.remove("Note.md")
    names.remove("a/Note.md")
    assert resolve("Note", "b/x.md", names) is None
    assert names.by_key == {} and names.by_name == {}


SLUG_CASES = [
    ("Heading", "heading"),
    ("Two Words", "two-words"),
    ("  Trim  me ", "trim-me"),
    ("Punctuation: yes, really!", "punctuation-yes-really"),
    ("Über uns", "über-uns"),
    ("a -- b", "a-b"),
    ("日本語 見出し", "日本語-見出し"),
    ("!!!", "section"),
]


@pytest.mark.parametrize(("text", "slug"), SLUG_CASES)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug
    assert slugify(slug) == slug  # idempotent: a slug used as a fragment finds its heading


def test_split_fragment() -> None:
    assert split_fragment("Note#H#Sub") == ("Note", "H#Sub")
    assert split_fragment("Note") == ("Note", None)
    assert split_fragment("#^id") == ("", "^id")
    assert fragment_parts("H#Sub") == ["H", "Sub"]


@pytest.mark.parametrize(
    ("url", "external"),
    [
        ("https://x", True),
        ("mailto:a@b", True),
        ("obsidian://x", True),
        ("Note.md", False),
        ("C:\\x.md", False),
    ],
)
def test_is_external_url(url: str, external: bool) -> None:
    assert is_external_url(url) is external


@pytest.mark.parametrize(
    ("url", "source", "expected"),
    [
        ("Some%20Note.md", "a/b.md", "a/Some Note.md"),
        ("../x.md", "a/b.md", "x.md"),
        ("/top.md", "a/b.md", "top.md"),
        ("../../escape.md", "a/b.md", None),
        ("https://x.com", "a.md", None),
        ("<My Note.md>", "n.md", "My Note.md"),
    ],
)
def test_normalize_markdown_target(url: str, source: str, expected: str | None) -> None:
    assert normalize_markdown_target(url, source) == expected
