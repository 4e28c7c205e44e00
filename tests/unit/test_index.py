"""VaultIndex: build, queries and incremental apply() of file events."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from notedesk.core.events import FileEvent
from notedesk.core.index import VaultIndex
from notedesk.core.note import PARSER_VERSION, NoteMeta
from notedesk.core.scan import ParsedFile
from notedesk.core.store import IndexStore
from notedesk.core.vault import Vault

MakeVault = Callable[[dict[str, str | bytes]], Path]

BASIC = {
    "Home.md": "---\ntags: [Project]\naliases: [Start]\n---\n# Home\n"
    "[[Alpha]] [[b/Beta#Part]] [[Gone]]\n#project/sub\n",
    "Alpha.md": "# Alpha\nSee [[Home]] and ![[pic.png]] ^a1\n",
    "b/Beta.md": "## Part\n[[Home#Home]] [[Alpha#^a1]] [[Later]]\n",
    "b/pic.png": b"\x89PNG",
    ".obsidian/app.json": "{}",
    ".trash/Old.md": "[[Home]]",
}


def build(root: Path) -> VaultIndex:
    index = VaultIndex(Vault(root))
    index.build()
    return index


def test_build_lists_notes_and_attachments(make_vault: MakeVault) -> None:
    index = build(make_vault(BASIC))
    assert index.notes() == ["Alpha.md", "Home.md", "b/Beta.md"]
    assert index.attachments() == ["b/pic.png"]


def test_old_mac_line_ends_are_lines(make_vault: MakeVault) -> None:
    index = build(
        make_vault(
            {
                "cr.md": b"---\rtags: [cr]\r---\r# CR head\r[[Other]] #crin\rline3\r",
                "Other.md": "# Other\n",
            }
        )
    )
    meta = index.note("cr.md")
    assert [t.name for t in meta.tags] == ["cr", "crin"]
    assert [(h.text, h.line) for h in meta.headings] == [("CR head", 4)]
    [back] = index.backlinks("Other.md")
    assert (back.line, back.context_text) == (5, "[[Other]] #crin")


def test_utf16_notes_are_text(make_vault: MakeVault) -> None:
    index = build(
        make_vault(
            {
                "le.md": "---\r\ntags: [win]\r\n---\r\n# Héllo\r\n[[Other]] #notepad\r\n".encode(
                    "utf-16"
                ),
                "be.md": b"\xfe\xff" + "[[Other]]\n".encode("utf-16-be"),
                "Other.md": "# Other\n",
            }
        )
    )
    meta = index.note("le.md")
    assert [t.name for t in meta.tags] == ["win", "notepad"] and meta.problems == []
    assert sorted(b.source for b in index.backlinks("Other.md")) == ["be.md", "le.md"]


def test_outgoing_and_backlinks(make_vault: MakeVault) -> None:
    index = build(make_vault(BASIC))
    assert [(r.link.target, r.path) for r in index.outgoing("Home.md")] == [
        ("Alpha", "Alpha.md"),
        ("b/Beta", "b/Beta.md"),
        ("Gone", None),
    ]
    back = index.backlinks("Home.md")
    assert [(b.source, b.line, b.context_text) for b in back] == [
        ("Alpha.md", 2, "See [[Home]] and ![[pic.png]] ^a1"),
        ("b/Beta.md", 2, "[[Home#Home]] [[Alpha#^a1]] [[Later]]"),
    ]
    assert [b.source for b in index.backlinks("b/pic.png")] == ["Alpha.md"]


def test_property_links_are_outgoing_backlinks_and_unresolved(make_vault: MakeVault) -> None:
    text = '---\nrelated: "[[Alpha]]"\nsee:\n  - "[[Nowhere]]"\n---\nAlpha in the body\n'
    index = build(make_vault({"Alpha.md": "# Alpha\n", "P.md": text}))
    assert [(r.link.target, r.link.line, r.path) for r in index.outgoing("P.md")] == [
        ("Alpha", 2, "Alpha.md"),
        ("Nowhere", 4, None),
    ]
    back = index.backlinks("Alpha.md")
    assert [(b.source, b.line, b.context_text) for b in back] == [
        ("P.md", 2, 'related: "[[Alpha]]"')
    ]
    assert index.unresolved() == {"Nowhere": [("P.md", 4)]}


def test_cache_from_another_parser_version_is_parsed_again(
    make_vault: MakeVault, tmp_path: Path
) -> None:
    root = make_vault({"Alpha.md": "# Alpha\n", "P.md": '---\nup: "[[Alpha]]"\n---\n'})
    store = IndexStore(root, tmp_path / "cache")
    VaultIndex(Vault(root), store).build()
    # As an older parser stored it: no property links.
    st = (root / "P.md").stat()
    store.put([ParsedFile("P.md", st.st_mtime_ns, st.st_size, NoteMeta(), "")], {"P.md": []})
    store.set_info("parser-version", "1")
    store.commit()
    index = VaultIndex(Vault(root), store)
    index.build()
    assert [b.source for b in index.backlinks("Alpha.md")] == ["P.md"]
    assert store.get_info("parser-version") == PARSER_VERSION


def test_unresolved_lists_every_source(make_vault: MakeVault) -> None:
    index = build(make_vault({**BASIC, "c.md": "[[gone]] [[Gone]]"}))
    unresolved = index.unresolved()
    assert sorted(unresolved) == ["Gone", "Later"]
    assert unresolved["Gone"] == [("Home.md", 6), ("c.md", 1), ("c.md", 1)]


def test_tags_tree_and_lookup(make_vault: MakeVault) -> None:
    index = build(make_vault({**BASIC, "t.md": "#PROJECT #area/work/deep #area/home"}))
    tree = {n.full: n for n in index.tag_tree()}
    assert tree["Project"].count == 2  # display casing: first seen (Home.md's frontmatter)
    assert tree["Project"].own == 2
    assert [c.full for c in tree["Project"].children] == ["project/sub"]
    assert tree["area"].count == 1
    assert index.notes_with_tag("project") == ["Home.md", "t.md"]
    assert index.notes_with_tag("project", nested=False) == ["Home.md", "t.md"]
    assert index.notes_with_tag("#area/work") == ["t.md"]
    assert index.notes_with_tag("area/work", nested=False) == []


def test_fragments(make_vault: MakeVault) -> None:
    index = build(make_vault({**BASIC, "h.md": "# A\n## B\n# C\n"}))
    assert index.fragment_exists("b/Beta.md", "Part")
    assert index.fragment_exists("b/Beta.md", "part")
    assert not index.fragment_exists("b/Beta.md", "Nope")
    assert index.fragment_exists("Alpha.md", "^a1")
    assert not index.fragment_exists("Alpha.md", "^zz")
    assert index.fragment_exists("h.md", "A#B")
    assert not index.fragment_exists("h.md", "C#B")
    assert index.fragment_exists("b/pic.png", "page=3")


def test_completion_names(make_vault: MakeVault) -> None:
    names = {(c.text, c.path, c.is_alias) for c in build(make_vault(BASIC)).completion_names()}
    assert ("Home", "Home.md", False) in names
    assert ("Start", "Home.md", True) in names
    assert ("pic.png", "b/pic.png", False) in names


def test_resolve_link_api(make_vault: MakeVault) -> None:
    index = build(make_vault(BASIC))
    assert index.resolve_link("Beta#Part", "Home.md") == "b/Beta.md"
    assert index.resolve_link("pic.png", "Home.md") == "b/pic.png"
    assert index.resolve_link("Nope", "Home.md") is None
    assert [h.slug for h in index.headings("b/Beta.md")] == ["part"]
    assert [b.id for b in index.block_ids("Alpha.md")] == ["a1"]


# -- apply -----------------------------------------------------------------------


def test_create_resolves_pending_links(make_vault: MakeVault) -> None:
    root = make_vault(BASIC)
    index = build(root)
    (root / "b" / "Later.md").write_text("new")
    index.apply(FileEvent("created", "b/Later.md"))
    assert "Later" not in index.unresolved()
    assert [b.source for b in index.backlinks("b/Later.md")] == ["b/Beta.md"]


def test_new_note_in_same_folder_takes_over(make_vault: MakeVault) -> None:
    root = make_vault({"a/Src.md": "[[Target]]", "Target.md": "", "z/q/Target.md": ""})
    index = build(root)
    assert index.outgoing("a/Src.md")[0].path == "Target.md"
    (root / "a" / "Target.md").write_text("")
    index.apply(FileEvent("created", "a/Target.md"))
    # rule 1 (exact path "Target") still wins over rule 2
    assert index.outgoing("a/Src.md")[0].path == "Target.md"
    (root / "Target.md").unlink()
    index.apply(FileEvent("deleted", "Target.md"))
    assert index.outgoing("a/Src.md")[0].path == "a/Target.md"


def test_modify_updates_links_tags_and_backlinks(make_vault: MakeVault) -> None:
    root = make_vault(BASIC)
    index = build(root)
    (root / "Alpha.md").write_text("#newtag [[b/Beta]]\n")
    index.apply(FileEvent("modified", "Alpha.md"))
    assert [b.source for b in index.backlinks("Home.md")] == ["b/Beta.md"]
    assert [b.source for b in index.backlinks("b/Beta.md")] == ["Alpha.md", "Home.md"]
    assert index.notes_with_tag("newtag") == ["Alpha.md"]


def test_delete_makes_links_unresolved(make_vault: MakeVault) -> None:
    root = make_vault(BASIC)
    index = build(root)
    (root / "Alpha.md").unlink()
    index.apply(FileEvent("deleted", "Alpha.md"))
    assert "Alpha.md" not in index.notes()
    assert index.unresolved()["Alpha"] == [("Home.md", 6), ("b/Beta.md", 2)]
    assert index.backlinks("b/pic.png") == []


def test_move_file(make_vault: MakeVault) -> None:
    root = make_vault(BASIC)
    index = build(root)
    (root / "Alpha.md").rename(root / "b" / "Alpha.md")
    index.apply(FileEvent("moved", "Alpha.md", "b/Alpha.md"))
    assert index.outgoing("Home.md")[0].path == "b/Alpha.md"
    assert index.note("Alpha.md") is None


def test_folder_move_and_delete(make_vault: MakeVault) -> None:
    root = make_vault(BASIC)
    index = build(root)
    shutil.move(str(root / "b"), str(root / "c"))
    index.apply(FileEvent("moved", "b", "c", is_dir=True))
    assert index.notes() == ["Alpha.md", "Home.md", "c/Beta.md"]
    assert index.attachments() == ["c/pic.png"]
    assert index.outgoing("Alpha.md")[1].path == "c/pic.png"
    assert "b/Beta" in index.unresolved()  # a path-style link to the old folder
    shutil.rmtree(root / "c")
    index.apply(FileEvent("deleted", "c", is_dir=True))
    assert index.notes() == ["Alpha.md", "Home.md"]
    assert index.attachments() == []


def test_folder_create(make_vault: MakeVault) -> None:
    root = make_vault(BASIC)
    index = build(root)
    (root / "new" / "deep").mkdir(parents=True)
    (root / "new" / "deep" / "Gone.md").write_text("#t")
    index.apply(FileEvent("created", "new", is_dir=True))
    assert index.outgoing("Home.md")[2].path == "new/deep/Gone.md"


def test_apply_matches_full_rebuild(make_vault: MakeVault) -> None:
    root = make_vault(BASIC)
    index = build(root)
    (root / "Home.md").write_text("[[Alpha]] [[Later]] #x")
    index.apply(FileEvent("modified", "Home.md"))
    (root / "b" / "Later.md").write_text("[[Home]]")
    index.apply(FileEvent("created", "b/Later.md"))
    (root / "Alpha.md").rename(root / "Alpha2.md")
    index.apply(FileEvent("moved", "Alpha.md", "Alpha2.md"))
    fresh = build(root)
    for path in fresh.notes():
        assert index.outgoing(path) == fresh.outgoing(path)
        assert index.backlinks(path) == fresh.backlinks(path)
    assert index.unresolved() == fresh.unresolved()
    assert index.tags() == fresh.tags()


def test_hidden_and_vanished_events_are_ignored(make_vault: MakeVault) -> None:
    index = build(make_vault(BASIC))
    index.apply(FileEvent("created", ".obsidian/workspace.json"))
    index.apply(FileEvent("modified", "never-existed.md"))
    assert index.notes() == ["Alpha.md", "Home.md", "b/Beta.md"]


# -- bad input --------------------------------------------------------------------


def test_bad_files_are_indexed_with_problems(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "bad-utf8.md": b"caf\xe9 [[Home]]\n",
            "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",  # an image renamed .md
            "Home.md": "home",
        }
    )
    index = build(root)
    utf = index.note("bad-utf8.md")
    assert utf is not None and "UTF-8" in utf.problems[0].message
    assert [r.path for r in index.outgoing("bad-utf8.md")] == ["Home.md"]
    binary = index.note("binary.md")
    assert binary is not None and "binary" in binary.problems[0].message
    assert (root / "bad-utf8.md").read_bytes() == b"caf\xe9 [[Home]]\n"  # never rewritten


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(make_vault: MakeVault) -> None:
    root = make_vault({"secret.md": "x", "ok.md": "[[secret]]"})
    (root / "secret.md").chmod(0)
    try:
        index = build(root)
        meta = index.note("secret.md")
        assert meta is not None and "cannot read" in meta.problems[0].message
    finally:
        (root / "secret.md").chmod(0o644)


def test_odd_names_symlink_loop_and_case(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "with space #hash ^caret [x].md": "x",
            "Ünïcödé 🙂.md": "[[with space #hash ^caret [x]]]",
            "Case.md": "c",
            "deep/" + "/".join(f"d{i}" for i in range(30)) + "/Bottom.md": "[[ünïcödé 🙂]]",
            "src.md": "[[case]] [[Bottom]]",
        }
    )
    (root / "loop").symlink_to(root, target_is_directory=True)
    index = build(root)
    assert "Ünïcödé 🙂.md" in index.notes()
    bottom = next(p for p in index.notes() if p.endswith("Bottom.md"))
    assert index.outgoing(bottom)[0].path == "Ünïcödé 🙂.md"
    assert [r.path for r in index.outgoing("src.md")] == ["Case.md", bottom]
    assert not any(p.startswith("loop/") for p in index.notes())


def test_progress_callback(make_vault: MakeVault) -> None:
    calls: list[tuple[int, int]] = []
    index = VaultIndex(Vault(make_vault(BASIC)))
    index.build(progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (3, 3)


def test_file_vanishing_before_read(make_vault: MakeVault) -> None:
    from notedesk.core.scan import read_and_parse

    parsed = read_and_parse(str(make_vault({})), "gone.md")
    assert "cannot read" in parsed.meta.problems[0].message


def test_resolve_link_markdown_kind(make_vault: MakeVault) -> None:
    index = build(make_vault(BASIC))
    assert index.resolve_link("../Home.md", "b/Beta.md", kind="markdown") == "Home.md"
    assert index.resolve_link("pic.png", "b/Beta.md", kind="markdown") == "b/pic.png"
    assert index.resolve_link("https://x.org/a.md", "Home.md", kind="markdown") is None
    assert index.resolve_link("../../out.md", "b/Beta.md", kind="markdown") is None


def test_completion_names_follow_changes(tmp_path: Path) -> None:
    (tmp_path / "A.md").write_text("---\naliases: [Alpha]\n---\n", encoding="utf-8")
    index = VaultIndex(Vault(tmp_path))
    index.build()
    first = index.completion_names()
    assert [(c.text, c.is_alias) for c in first] == [("A", False), ("Alpha", True)]
    first.clear()  # callers get their own list
    assert len(index.completion_names()) == 2
    (tmp_path / "B.md").write_text("---\naliases: [Beta]\n---\n", encoding="utf-8")
    index.apply(FileEvent("created", "B.md"))
    assert [c.text for c in index.completion_names()] == ["A", "Alpha", "B", "Beta"]
    (tmp_path / "A.md").write_text("no aliases now\n", encoding="utf-8")
    index.apply(FileEvent("modified", "A.md"))
    assert [c.text for c in index.completion_names()] == ["A", "B", "Beta"]


def test_frontmatter_title_is_a_completion_name_not_a_link_target(tmp_path: Path) -> None:
    (tmp_path / "index.md").write_text(
        "---\ntitle: Index of everything\naliases: [Hub]\n---\n# Index\n", encoding="utf-8"
    )
    (tmp_path / "same.md").write_text("---\ntitle: Same\n---\n", encoding="utf-8")
    (tmp_path / "odd.md").write_text("---\ntitle: [a, b]\n---\n", encoding="utf-8")
    index = VaultIndex(Vault(tmp_path))
    index.build()
    names = [(c.text, c.path, c.kind) for c in index.completion_names()]
    assert names == [
        ("index", "index.md", "name"),
        ("Hub", "index.md", "alias"),
        ("Index of everything", "index.md", "title"),
        ("odd", "odd.md", "name"),
        ("same", "same.md", "name"),  # its title is its name: not twice
    ]
    assert index.resolve_link("Index of everything", "odd.md") is None
