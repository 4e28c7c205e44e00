"""Ignore rules: node_modules, Foam's globs, .gitignore (git work trees, not Obsidian vaults).

Each case is a vault folder and the files its listing must show; every case also checks
that ``Vault.is_ignored`` (what the watcher and the index ask) agrees with the listing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from notedesk.core.events import FileEvent
from notedesk.core.ignore import LeftOut, listed_events
from notedesk.core.ignore_sources import glob_regex, read_foam_globs
from notedesk.core.jsonc import strip_jsonc
from notedesk.core.vault import Vault

MakeVault = Callable[[dict[str, str | bytes]], Path]

GIT = {".git/HEAD": "ref: refs/heads/main\n"}
NOTES = {"a.md": "a", "sub/b.md": "b"}
FOAM = """{
  // Foam's defaults, as the Foam template has them
  "foam.files.ignore": [
    "**/.vscode/**/*",
    "**/_layouts/**/*", /* Jekyll */
    "**/_site/**/*",
    "drafts/*.md",
    "{tmp,scratch}/**",
  ],
  "editor.wordWrap": "on", // trailing comma next
}
"""

CASES: dict[str, tuple[dict[str, str | bytes], set[str]]] = {
    "node_modules folders anywhere, never": (
        {**NOTES, "node_modules/foo/README.md": "x", "sub/node_modules/bar/x.md": "x"},
        {"a.md", "sub/b.md"},
    ),
    "a file named node_modules stays": (
        {**NOTES, "node_modules": "not a folder"},
        {"a.md", "sub/b.md", "node_modules"},
    ),
    "dot-folders as before": (
        {**NOTES, ".obsidian/app.json": "{}", ".trash/old.md": "x", "sub/.hidden.md": "x"},
        {"a.md", "sub/b.md"},
    ),
    "foam globs (comments, trailing commas)": (
        {
            **NOTES,
            ".vscode/settings.json": FOAM,
            "_layouts/page.md": "x",
            "docs/_layouts/p.md": "x",
            "_site/index.md": "x",
            "drafts/d.md": "x",
            "drafts/d.png": b"png",
            "drafts/deeper/e.md": "x",
            "tmp/t.md": "x",
            "scratch/s/s.md": "x",
            "tmpfile.md": "x",
        },
        {"a.md", "sub/b.md", "drafts/d.png", "drafts/deeper/e.md", "tmpfile.md"},
    ),
    "foam.files.exclude (the newer name)": (
        {**NOTES, ".vscode/settings.json": '{"foam.files.exclude": ["sub/**"]}'},
        {"a.md"},
    ),
    "foam.files.exclude as an object of globs": (
        {
            **NOTES,
            ".vscode/settings.json": '{"foam.files.exclude": {"**/b.md": true, "a.md": false}}',
        },
        {"a.md"},
    ),
    "malformed settings.json: no extra rules": (
        {**NOTES, ".vscode/settings.json": '{"foam.files.ignore": ["sub/**"', "_layouts/p.md": "x"},
        {"a.md", "sub/b.md", "_layouts/p.md"},
    ),
    "settings.json not an object: no extra rules": (
        {**NOTES, ".vscode/settings.json": '["sub/**"]'},
        {"a.md", "sub/b.md"},
    ),
    "settings.json with binary garbage: no extra rules": (
        {**NOTES, ".vscode/settings.json": b"\xff\xfe\x00{\x00\x01"},
        {"a.md", "sub/b.md"},
    ),
    "foam setting of the wrong type: no extra rules": (
        {**NOTES, ".vscode/settings.json": '{"foam.files.ignore": 42}'},
        {"a.md", "sub/b.md"},
    ),
    "an unmatched bracket in a glob is a character": (
        {
            **NOTES,
            ".vscode/settings.json": '{"foam.files.ignore": ["[x.md", "{a.md"]}',
            "[x.md": "x",
        },
        {"sub/b.md"},
    ),
    ".gitignore in a git work tree": (
        {
            **GIT,
            **NOTES,
            ".gitignore": "build/\n*.log\n# a comment\n/private.md\n",
            "build/html/out.md": "x",
            "app.log": "x",
            "private.md": "x",
            "sub/private.md": "x",
        },
        {"a.md", "sub/b.md", "sub/private.md"},
    ),
    ".gitignore with a .git file (a worktree)": (
        {".git": "gitdir: /elsewhere/.git/worktrees/x\n", **NOTES, ".gitignore": "sub/\n"},
        {"a.md"},
    ),
    "negation keeps a file": (
        {**GIT, **NOTES, ".gitignore": "*.md\n!keep.md\n", "keep.md": "k", "sub/keep.md": "k"},
        {"keep.md", "sub/keep.md"},
    ),
    "an ignored folder's contents re-included": (
        {
            **GIT,
            **NOTES,
            ".gitignore": "docs/*\n!docs/keep/\n",
            "docs/x.md": "x",
            "docs/other/y.md": "y",
            "docs/keep/z.md": "z",
        },
        {"a.md", "sub/b.md", "docs/keep/z.md"},
    ),
    "nothing comes back from inside an ignored folder": (
        {**GIT, **NOTES, ".gitignore": "build/\n!build/keep.md\n", "build/keep.md": "k"},
        {"a.md", "sub/b.md"},
    ),
    "nested .gitignore: relative to its folder, and it wins": (
        {
            **GIT,
            **NOTES,
            ".gitignore": "*.tmp.md\n",
            "sub/.gitignore": "secret.md\n!wanted.tmp.md\n/local/\n",
            "sub/secret.md": "s",
            "secret.md": "s",
            "sub/wanted.tmp.md": "w",
            "sub/x.tmp.md": "x",
            "sub/local/l.md": "l",
            "sub/deeper/local/l.md": "l",
        },
        {"a.md", "sub/b.md", "secret.md", "sub/wanted.tmp.md", "sub/deeper/local/l.md"},
    ),
    ".gitignore without .git: not used": (
        {**NOTES, ".gitignore": "sub/\n"},
        {"a.md", "sub/b.md"},
    ),
    "Obsidian vault in git: .gitignore not used": (
        {**GIT, **NOTES, ".obsidian/app.json": "{}", ".gitignore": "sub/\n"},
        {"a.md", "sub/b.md"},
    ),
    "all together": (
        {
            **GIT,
            **NOTES,
            ".vscode/settings.json": '{"foam.files.ignore": ["**/_layouts/**/*"]}',
            ".gitignore": "*.log\n",
            "_layouts/p.md": "x",
            "x.log": "x",
            "node_modules/m.md": "m",
        },
        {"a.md", "sub/b.md"},
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_listing_follows_the_rules(make_vault: MakeVault, case: str) -> None:
    files, expected = CASES[case]
    root = make_vault(files)
    vault = Vault(root)
    listed = {f.path for f in vault.iter_files()}
    assert listed == expected
    # One answer: what the watcher and the index ask agrees with the listing.
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            rel = Path(dirpath, name).relative_to(root).as_posix()
            assert vault.is_ignored(rel) == (rel not in expected), rel
    # The tree's folders: none inside a left-out folder, every folder of a listed file.
    folders = set(vault.iter_folders())
    assert {p.rsplit("/", 1)[0] for p in expected if "/" in p} <= folders
    for folder in folders:
        assert not vault.is_ignored(folder, True), folder


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        ({".vscode/settings.json": '{"foam.files.ignore": ['}, "not valid JSON"),
        ({".vscode/settings.json": "[1]"}, "not a JSON object"),
        ({".vscode/settings.json/x": "a folder named settings.json"}, ""),
        ({".vscode/settings.json": "// only a comment\n"}, ""),
    ],
)
def test_unreadable_settings_say_why(make_vault: MakeVault, files: dict, problem: str) -> None:
    vault = Vault(make_vault({**NOTES, **files}))
    assert {f.path for f in vault.iter_files()} == {"a.md", "sub/b.md"}
    notes = vault.ignore_rules.notes()
    if problem:
        assert len(notes) == 1 and problem in notes[0] and ".vscode/settings.json" in notes[0]
    else:
        assert notes == []


def test_obsidian_exception_is_said(make_vault: MakeVault) -> None:
    vault = Vault(make_vault({**GIT, ".obsidian/app.json": "{}", ".gitignore": "x/\n"}))
    assert not vault.ignore_rules.uses_gitignore
    assert any("Obsidian" in n for n in vault.ignore_rules.notes())
    assert not any(".gitignore" in s for s in vault.ignore_rules.sources())


def test_left_out_counts_each_folder_once(make_vault: MakeVault) -> None:
    vault = Vault(
        make_vault(
            {
                **GIT,
                **NOTES,
                ".gitignore": "build/\n*.log\n",
                "build/a.md": "x",
                "build/b/c.md": "x",
                "one.log": "x",
                "two.log": "x",
                "node_modules/p/README.md": "x",
                "sub/node_modules/q.md": "x",
            }
        )
    )
    tally = LeftOut()
    assert {f.path for f in vault.iter_files(ignored=tally)} == {"a.md", "sub/b.md"}
    assert (tally.files, tally.folders) == (2, 3)
    assert tally.by_source() == {
        ".gitignore": {"files": 2, "folders": 1},
        "node_modules": {"files": 0, "folders": 2},
    }
    assert tally.summary() == "3 folders and 2 files left out by .gitignore, node_modules"
    assert LeftOut().summary() == ""


def test_listing_below_an_ignored_folder_is_empty(make_vault: MakeVault) -> None:
    vault = Vault(make_vault({**NOTES, "node_modules/a/b.md": "x"}))
    assert list(vault.iter_files("node_modules")) == []
    assert list(vault.iter_files("node_modules/a")) == []
    assert [f.path for f in vault.iter_files("sub")] == ["sub/b.md"]


def test_an_ignored_note_opens_and_saves_by_its_path(make_vault: MakeVault) -> None:
    vault = Vault(make_vault({**NOTES, "node_modules/foo/README.md": "# Foo\n"}))
    assert vault.is_ignored("node_modules/foo/README.md")
    assert vault.read_text("node_modules/foo/README.md") == "# Foo\n"
    vault.save("node_modules/foo/README.md", "# Foo\nedited\n")
    assert vault.read_text("node_modules/foo/README.md") == "# Foo\nedited\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1,}', {"a": 1}),
        ('{"a": [1, 2,],}', {"a": [1, 2]}),
        ('{"a": 1, // note\n}', {"a": 1}),
        ('{"a": 1, /* x */ }', {"a": 1}),
        ('{"url": "http://x//y", "b": "/* not */"}', {"url": "http://x//y", "b": "/* not */"}),
        ('{"q": "say \\"hi\\", // no"}', {"q": 'say "hi", // no'}),
        ('{"s": ",}"}', {"s": ",}"}),
    ],
)
def test_strip_jsonc(text: str, expected: object) -> None:
    import json

    assert json.loads(strip_jsonc(text)) == expected


@pytest.mark.parametrize(
    ("glob", "yes", "no"),
    [
        (
            "**/_layouts/**/*",
            ["_layouts/a.md", "x/_layouts/y/z.md"],
            ["_layouts", "a_layouts/b.md"],
        ),
        ("*.md", ["a.md"], ["sub/a.md", "a.mdx"]),
        ("**/*.md", ["a.md", "x/y/a.md"], ["a.png"]),
        ("docs/?.md", ["docs/a.md"], ["docs/ab.md", "docs//.md"]),
        ("{a,b}/*.md", ["a/x.md", "b/x.md"], ["c/x.md"]),
        ("[!x]*.md", ["a.md"], ["x.md"]),
        ("./notes/**", ["notes/a.md", "notes/b/c.md"], ["other/notes/a.md"]),
    ],
)
def test_vscode_globs(glob: str, yes: list[str], no: list[str]) -> None:
    import re

    pattern = re.compile(glob_regex(glob), re.DOTALL)
    for path in yes:
        assert pattern.fullmatch(path), path
    for path in no:
        assert not pattern.fullmatch(path), path


def test_foam_globs_read_both_keys(tmp_path: Path) -> None:
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text(
        '{"foam.files.ignore": ["a/**"], "foam.files.exclude": ["b/**", 3]}', encoding="utf-8"
    )
    found = read_foam_globs(tmp_path)
    assert found.globs == ("a/**", "b/**")
    assert found.key == "foam.files.ignore and foam.files.exclude"
    assert found.problem == ""


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (FileEvent("created", "a.md", None, False), FileEvent("created", "a.md", None, False)),
        (FileEvent("modified", "node_modules/x.md", None, False), None),
        (FileEvent("deleted", "build", None, True), None),
        (FileEvent("moved", "a.md", "b.md", False), FileEvent("moved", "a.md", "b.md", False)),
        (
            FileEvent("moved", "a.md", "build/a.md", False),
            FileEvent("deleted", "a.md", None, False),
        ),
        (FileEvent("moved", "x.log", "x.md", False), FileEvent("created", "x.md", None, False)),
        (FileEvent("moved", "x.log", "y.log", False), None),
    ],
)
def test_listed_events(make_vault: MakeVault, event: FileEvent, expected: FileEvent | None) -> None:
    vault = Vault(make_vault({**GIT, ".gitignore": "build/\n*.log\n"}))
    assert listed_events([event], vault.is_ignored) == ([] if expected is None else [expected])


def test_deeply_nested_paths_need_no_recursion(make_vault: MakeVault) -> None:
    vault = Vault(make_vault({**GIT, ".gitignore": "*.log\n"}))
    deep = "a/" * 3000
    assert vault.is_ignored(deep + "x.log", False)
    assert not vault.is_ignored(deep + "x.md", False)
