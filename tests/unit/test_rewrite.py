"""Link rewriting on rename/move: one table row per link form, and properties over random vaults."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notedesk.core.fileops import plan_rename
from notedesk.core.index import VaultIndex
from notedesk.core.links import NameTable
from notedesk.core.note import parse_note
from notedesk.core.renameapply import apply_rename
from notedesk.core.rewrite import LinkEdit, apply_edits, encode_url_path, resolve_link
from notedesk.core.vault import Vault


def make_vault(root: Path, files: dict[str, str]) -> Vault:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return Vault(root)


def rename(root: Path, old: str, new: str) -> tuple[str, int]:
    vault = Vault(root)
    index = VaultIndex(vault, workers=1)
    index.build()
    plan = plan_rename(index, vault, old, new)
    report = apply_rename(vault, plan)
    return report.summary, report.links


LINKER = "notes/Linker.md"


@pytest.mark.parametrize(
    ("written", "old", "new", "expected"),
    [
        # wikilinks: bare name, aliases, headings, blocks, embeds
        ("[[Target]]", "Target.md", "Renamed.md", "[[Renamed]]"),
        ("[[Target|shown]]", "Target.md", "Renamed.md", "[[Renamed|shown]]"),
        ("[[Target#Head]]", "Target.md", "Renamed.md", "[[Renamed#Head]]"),
        ("[[Target#Head#Sub|x]]", "Target.md", "Renamed.md", "[[Renamed#Head#Sub|x]]"),
        ("[[Target#^blk-1]]", "Target.md", "Renamed.md", "[[Renamed#^blk-1]]"),
        ("![[Target]]", "Target.md", "Renamed.md", "![[Renamed]]"),
        ("![[Target#^blk-1|title]]", "Target.md", "Renamed.md", "![[Renamed#^blk-1|title]]"),
        ("[[Target.md]]", "Target.md", "Renamed.md", "[[Renamed.md]]"),
        # the letter case the user wrote the name in carries over
        ("[[target]]", "Target.md", "New Name.md", "[[new name]]"),
        ("[[TARGET]]", "Target.md", "New Name.md", "[[NEW NAME]]"),
        ("[[tARGET]]", "Target.md", "New Name.md", "[[New Name]]"),
        ("[x](../target.md)", "Target.md", "New Name.md", "[x](../new%20name.md)"),
        ("| a | [[Target\\|shown]] |", "Target.md", "Renamed.md", "| a | [[Renamed\\|shown]] |"),
        ("[[ Target | shown ]]", "Target.md", "Renamed.md", "[[ Renamed | shown ]]"),
        # path style stays path style
        ("[[dir/Target]]", "dir/Target.md", "dir/Renamed.md", "[[dir/Renamed]]"),
        ("[[/dir/Target]]", "dir/Target.md", "dir/Renamed.md", "[[/dir/Renamed]]"),
        ("[[dir/Target]]", "dir/Target.md", "else/Target.md", "[[else/Target]]"),
        # moving keeps a bare unique name (and its spelling) as it is
        ("[[target]]", "dir/Target.md", "else/Target.md", None),
        # attachments keep their extension; embeds with a size keep it
        ("![[pic.png|200x100]]", "pic.png", "photo.png", "![[photo.png|200x100]]"),
        ("![[doc.pdf#page=3]]", "doc.pdf", "paper.pdf", "![[paper.pdf#page=3]]"),
        # Markdown links: re-encoded, relative or vault-absolute as written
        ("[x](../Target.md)", "Target.md", "New Name.md", "[x](../New%20Name.md)"),
        ("[x](../Target.md#Head)", "Target.md", "New Name.md", "[x](../New%20Name.md#Head)"),
        ("[x](/Target.md)", "Target.md", "dir/New Name.md", "[x](/dir/New%20Name.md)"),
        ("[x](<../Target.md>)", "Target.md", "New Name.md", "[x](<../New Name.md>)"),
        ('[x](../Target.md "title")', "Target.md", "A (1).md", '[x](../A%20%281%29.md "title")'),
        ("![alt](../pic.png)", "pic.png", "dir/pic.png", "![alt](../dir/pic.png)"),
        ("[x](Sib.md)", "notes/Sib.md", "notes/deep/Sib.md", "[x](deep/Sib.md)"),
        ("[x](Sib%20One.md)", "notes/Sib One.md", "Sib One.md", "[x](../Sib%20One.md)"),
        # unchanged components keep the user's spelling (case, encoding)
        (
            "[x](sib%20one.md)",
            "notes/Sib One.md",
            "notes/deep/Sib One.md",
            "[x](deep/sib%20one.md)",
        ),
        ("[x](../D/T.md)", "D/T.md", "D/Other.md", "[x](../D/Other.md)"),
        ("[x](../d/t.md)", "D/T.md", "E/T.md", "[x](../E/t.md)"),
        # code is not a link
        ("`[[Target]]`", "Target.md", "Renamed.md", None),
    ],
)
def test_link_forms(tmp_path: Path, written: str, old: str, new: str, expected: str | None) -> None:
    files = {LINKER: f"before {written} after\n", old: "# Head\n\n# Sub\n\ntext ^blk-1\n"}
    make_vault(tmp_path, files)
    rename(tmp_path, old, new)
    text = (tmp_path / LINKER).read_text(encoding="utf-8")
    assert text == f"before {expected if expected is not None else written} after\n"
    assert (tmp_path / new).exists() and not (tmp_path / old).exists()


def test_bare_name_kept_only_while_it_still_resolves_to_the_note(tmp_path: Path) -> None:
    make_vault(
        tmp_path,
        {"b/x.md": "[[Target]]", "b/Target.md": "", "Taken.md": "", "c/Other.md": ""},
    )
    # "Taken" would mean the root note (exact path wins): the vault path is written
    rename(tmp_path, "b/Target.md", "b/Taken.md")
    assert (tmp_path / "b/x.md").read_text() == "[[b/Taken]]"
    # "Other" from b/ means b/Other (own folder first), although c/Other exists
    second = tmp_path / "second"
    make_vault(second, {"b/x.md": "[[T]] [[b/T]]", "b/T.md": "", "c/Other.md": ""})
    rename(second, "b/T.md", "b/Other.md")
    assert (second / "b/x.md").read_text() == "[[Other]] [[b/Other]]"


def test_moved_note_keeps_its_own_relative_links_working(tmp_path: Path) -> None:
    make_vault(
        tmp_path,
        {
            "a/Note.md": "[img](../pic.png) [[Local]] [[#Top]] [sib](Local.md)\n",
            "a/Local.md": "",
            "0/Local.md": "",  # shortest-path tie-break would pick this one
            "pic.png": "png",
        },
    )
    summary, _ = rename(tmp_path, "a/Note.md", "c/d/Note.md")
    text = (tmp_path / "c/d/Note.md").read_text()
    assert text == "[img](../../pic.png) [[a/Local]] [[#Top]] [sib](../../a/Local.md)\n"
    assert summary == "3 links in 1 file"


def test_folder_rename_rewrites_paths_into_it_only(tmp_path: Path) -> None:
    make_vault(
        tmp_path,
        {
            "Index.md": "[[Proj/A]] [[A]] [[Proj/Sub/B|b]] [a](Proj/A.md) [[Other]]\n",
            "Proj/A.md": "[[Sub/B]] [b](Sub/B.md)\n",
            "Proj/Sub/B.md": "",
            "Other.md": "",
        },
    )
    summary, links = rename(tmp_path, "Proj", "Project 2")
    assert (tmp_path / "Index.md").read_text() == (
        "[[Project 2/A]] [[A]] [[Project 2/Sub/B|b]] [a](Project%202/A.md) [[Other]]\n"
    )
    # links inside the moved folder still resolve (tail and relative): unchanged
    assert (tmp_path / "Project 2/A.md").read_text() == "[[Sub/B]] [b](Sub/B.md)\n"
    assert summary == "3 links in 1 file" and links == 3


def test_crlf_and_bom_are_kept(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(b"\xef\xbb\xbfone [[T]]\r\ntwo [[T|x]]\r\n")
    (tmp_path / "T.md").write_bytes(b"")
    rename(tmp_path, "T.md", "U.md")
    assert (tmp_path / "a.md").read_bytes() == b"\xef\xbb\xbfone [[U]]\r\ntwo [[U|x]]\r\n"


def test_invalid_utf8_file_is_skipped_not_mangled(tmp_path: Path) -> None:
    raw = b"[[T]] \xff\xfe broken\n"
    (tmp_path / "a.md").write_bytes(raw)
    (tmp_path / "T.md").write_bytes(b"")
    vault = Vault(tmp_path)
    index = VaultIndex(vault, workers=1)
    index.build()
    plan = plan_rename(index, vault, "T.md", "U.md")
    assert plan.skipped and plan.skipped[0][0] == "a.md"
    assert plan.stale_links == {"a.md": 1}  # the link that will not lead to U.md
    report = apply_rename(vault, plan)
    assert (tmp_path / "a.md").read_bytes() == raw
    assert report.stale_links == {"a.md": 1}


def test_rename_rewrites_property_links_keeping_yaml_quoting(tmp_path: Path) -> None:
    front = (
        "---\n"
        'related: "[[Other]]"\n'
        "see:\n"
        "  - '[[Other|o]]'\n"
        'up: ["[[Other#Top]]", x]\n'
        "note: it's [[Other]]\n"
        "---\n"
    )
    original = front + "[[Other]]\n"
    make_vault(tmp_path, {"A.md": original, "Other.md": "# Top\n"})
    new_name = "It's new"
    rename(tmp_path, "Other.md", f"{new_name}.md")
    after = (tmp_path / "A.md").read_text(encoding="utf-8")
    assert after == (
        "---\n"
        'related: "[[It\'s new]]"\n'
        "see:\n"
        "  - '[[It''s new|o]]'\n"
        'up: ["[[It\'s new#Top]]", x]\n'
        "note: it's [[It's new]]\n"
        "---\n"
        f"[[{new_name}]]\n"
    )
    meta = parse_note(after)
    assert meta.frontmatter_error is None
    assert [link.target for link in meta.links] == [new_name] * 5
    rename(tmp_path, f"{new_name}.md", "Other.md")
    assert (tmp_path / "A.md").read_text(encoding="utf-8") == original


def test_apply_edits_escapes_only_inside_quoted_frontmatter_values() -> None:
    text = '---\na: "[[X]]"\n---\n"[[X]]"\n'
    edits = [LinkEdit(2, 5, "[[X]]", '[["Y"]]'), LinkEdit(4, 2, "[[X]]", '[["Y"]]')]
    assert apply_edits(text, edits) == '---\na: "[[\\"Y\\"]]"\n---\n"[["Y"]]"\n'


def test_apply_edits_refuses_stale_positions() -> None:
    with pytest.raises(ValueError):
        apply_edits("abc [[X]]", [LinkEdit(1, 1, "[[X]]", "[[Y]]")])
    assert apply_edits("abc [[X]]", [LinkEdit(1, 5, "[[X]]", "[[Y]]")]) == "abc [[Y]]"


def test_encode_url_path_keeps_unicode_readable() -> None:
    assert encode_url_path("dir/Über uns (2).md") == "dir/Über%20uns%20%282%29.md"
    assert encode_url_path("a/b c", {"a": "%61"}) == "%61/b%20c"


# -- properties -------------------------------------------------------------------

NAMES = ["Alpha", "beta", "Gamma 2", "Delta", "eps"]
FOLDERS = ["", "f1/", "f1/g/", "f2/"]
# Not all lower-case: a name already in lower case cannot tell a link written
# in lower case from one written in the file's own case, so going back to a
# capitalised name would pick the file's case.
NEW_NAMES = ["Zeta", "Zz top", "Omega 9", "Ünïcode"]


def _link_forms(path: str) -> list[str]:
    """Ways to write a link to ``path`` (vault path of a note), in the file's own casing."""
    stem = path[: -len(".md")]
    name = stem.rsplit("/", 1)[-1]
    quoted = stem.replace(" ", "%20")
    return [
        f"[[{name}]]",
        f"[[{name.lower()}]]",
        f"[[{name}|alias text]]",
        f"[[{name}#Heading]]",
        f"![[{name}#^block-1]]",
        f"[[{name}.md]]",
        f"[[{stem}]]",
        f"[[{stem}#Heading|x]]",
        f"| cell | [[{name}\\|piped]] |",
        f"[md](/{quoted}.md)",
        f"[md](/{quoted.lower()}.md)",
        f"![md](/{quoted}.md#Heading)",
    ]


@st.composite
def vaults(draw: st.DrawFn) -> tuple[dict[str, str], str, str]:
    paths = draw(
        st.lists(
            st.tuples(st.sampled_from(FOLDERS), st.sampled_from(NAMES)).map(
                lambda t: f"{t[0]}{t[1]}.md"
            ),
            min_size=2,
            max_size=6,
            unique_by=lambda p: p.casefold(),
        )
    )
    files: dict[str, str] = {}
    for path in paths:
        lines = ["# Heading", ""]
        for _ in range(draw(st.integers(0, 5))):
            target = draw(st.sampled_from(paths))
            form = draw(st.sampled_from(_link_forms(target)))
            lines.append(f"see {form} here")
        lines.append("text ^block-1")
        files[path] = "\n".join(lines) + "\n"
    old = draw(st.sampled_from(paths))
    folder = old.rsplit("/", 1)[0] + "/" if "/" in old else ""
    new = folder + draw(st.sampled_from(NEW_NAMES)) + ".md"
    return files, old, new


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _resolved(root: Path) -> dict[str, list[tuple[str, str | None]]]:
    """Every note's links as (raw, resolved path)."""
    vault = Vault(root)
    paths = [f.path for f in vault.iter_files()]
    names = NameTable(paths)
    out = {}
    for path in paths:
        meta = parse_note(vault.read_text(path))
        out[path] = [(lk.raw, resolve_link(lk, path, names)) for lk in meta.links]
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vaults())
def test_rename_there_and_back_is_byte_identical(case: tuple[dict[str, str], str, str]) -> None:
    files, old, new = case
    root = Path(tempfile.mkdtemp())
    try:
        make_vault(root, files)
        before = _snapshot(root)
        rename(root, old, new)
        rename(root, new, old)
        assert _snapshot(root) == before
    finally:
        shutil.rmtree(root)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vaults())
def test_rewriting_changes_exactly_the_links_to_the_renamed_note(
    case: tuple[dict[str, str], str, str],
) -> None:
    files, old, new = case
    root = Path(tempfile.mkdtemp())
    try:
        make_vault(root, files)
        before = _resolved(root)
        _summary, count = rename(root, old, new)
        after = _resolved(root)
        changed = 0
        for path, links in before.items():
            now = after[new if path == old else path]
            assert len(now) == len(links)
            for (raw_before, target_before), (raw_after, target_after) in zip(
                links, now, strict=True
            ):
                if target_before == old:
                    assert target_after == new
                    changed += raw_after != raw_before
                else:
                    assert raw_after == raw_before
                    assert target_after == target_before
        assert changed == count
    finally:
        shutil.rmtree(root)
