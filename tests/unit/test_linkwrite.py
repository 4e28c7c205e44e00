"""The links notedesk writes resolve to the file they were written for."""

from __future__ import annotations

from pathlib import Path

import pytest

from notedesk.commands.check import findings
from notedesk.core.index import VaultIndex
from notedesk.core.links import NameTable, find_heading, resolve, resolve_markdown
from notedesk.core.linkwrite import LinkStyle, LinkWriter, heading_link_text
from notedesk.core.vault import Vault
from notedesk.core.vaultconfig import link_style

FILES = [
    "Dup.md",
    "Audit/Sub/Dup.md",
    "Audit/Links.md",
    "Attachments/Engelbart.jpg",
    "Audit/assets/Engelbart.jpg",
    "Deep/A/B/Note.md",
    "Other/B/Note.md",
    "Unique name.md",
]


def writer(style: LinkStyle | None = None, files: list[str] = FILES) -> LinkWriter:
    names = NameTable(list(files))

    def resolver(target: str, source: str, kind: str) -> str | None:
        if kind == "markdown":
            return resolve_markdown(target, source, names)
        return resolve(target, source, names)

    return LinkWriter(resolver, style)


@pytest.mark.parametrize(
    ("path", "source", "link"),
    [
        ("Dup.md", "Audit/Links.md", "[[Dup]]"),
        ("Audit/Sub/Dup.md", "Audit/Links.md", "[[Sub/Dup]]"),
        ("Audit/Sub/Dup.md", "Elsewhere.md", "[[Sub/Dup]]"),
        ("Dup.md", "Audit/Sub/Other.md", "[[Dup]]"),  # an exact vault path wins
        ("Audit/Sub/Dup.md", "Audit/Sub/Other.md", "[[Sub/Dup]]"),
        ("Deep/A/B/Note.md", "x.md", "[[A/B/Note]]"),
        ("Other/B/Note.md", "x.md", "[[Note]]"),  # the shorter path of the two
        ("Unique name.md", "Audit/Links.md", "[[Unique name]]"),
        ("Audit/assets/Engelbart.jpg", "Audit/Links.md", "[[assets/Engelbart.jpg]]"),
        ("Attachments/Engelbart.jpg", "Audit/Links.md", "[[Engelbart.jpg]]"),
    ],
)
def test_shortest_wikilink_resolves_to_the_picked_file(path: str, source: str, link: str) -> None:
    w = writer()
    assert w.link(path, source) == link
    assert w.resolver is not None
    assert w.resolver(link[2:-2], source, "wiki") == path


def test_embed_of_a_file_just_written_points_at_it_not_the_older_namesake() -> None:
    files = [f for f in FILES if f != "Audit/assets/Engelbart.jpg"]
    w = writer(files=files).with_new_files(["Audit/assets/Engelbart.jpg"])
    link = w.link("Audit/assets/Engelbart.jpg", "Audit/Links.md", embed=True)
    assert link == "![[assets/Engelbart.jpg]]"
    fresh = writer()  # once the index knows it, the same text still goes there
    assert fresh.resolver is not None
    assert fresh.resolver("assets/Engelbart.jpg", "Audit/Links.md", "wiki") == (
        "Audit/assets/Engelbart.jpg"
    )
    alone = writer(files=["Notes/a.md"]).with_new_files(["Notes/x.png"])
    assert alone.link("Notes/x.png", "Notes/a.md", embed=True) == "![[x.png]]"


def test_heading_text_loses_what_a_link_cannot_hold() -> None:
    assert heading_link_text("C# tips: part 1") == "C tips part 1"
    assert heading_link_text("Q|A [[x]] ^b") == "Q A x b"
    assert heading_link_text("100%% sure") == "100 sure"
    w = writer()
    assert w.link("Dup.md", "x.md", heading="C# tips: part 1") == "[[Dup#C tips part 1]]"
    assert w.link("Dup.md", "Dup.md", heading="Q|A") == "[[#Q A]]"
    assert w.link("Dup.md", "x.md", block="abc-1") == "[[Dup#^abc-1]]"
    assert w.link("Dup.md", "x.md", alias="Shown") == "[[Dup|Shown]]"


def test_markdown_links_and_path_formats() -> None:
    md = writer(LinkStyle(markdown=True))
    assert md.link("Unique name.md", "Audit/Links.md") == "[Unique name](Unique%20name.md)"
    assert md.link("Audit/Sub/Dup.md", "Audit/Links.md") == "[Dup](Sub/Dup.md)"
    assert md.link("Dup.md", "x.md", heading="C# tips") == "[Dup > C# tips](Dup.md#C%20tips)"
    assert md.link("Dup.md", "Dup.md", heading="Top") == "[Top](#Top)"
    assert md.link("Attachments/Engelbart.jpg", "Audit/Links.md", embed=True) == (
        "![](Engelbart.jpg)"
    )
    assert md.link("Dup.md", "x.md", alias="See") == "[See](Dup.md)"
    rel = writer(LinkStyle(new_link_format="relative"))
    assert rel.link("Attachments/Engelbart.jpg", "Audit/Links.md") == (
        "[[../Attachments/Engelbart.jpg]]"
    )
    assert rel.link("Audit/Sub/Dup.md", "Audit/Links.md") == "[[Sub/Dup]]"
    md_rel = writer(LinkStyle(markdown=True, new_link_format="relative"))
    assert md_rel.link("Dup.md", "Audit/Sub/Dup.md") == "[Dup](../../Dup.md)"
    absolute = writer(LinkStyle(new_link_format="absolute"))
    assert absolute.link("Unique name.md", "Audit/Links.md") == "[[Unique name]]"
    assert absolute.link("Audit/Sub/Dup.md", "x.md") == "[[Audit/Sub/Dup]]"
    md_abs = writer(LinkStyle(markdown=True, new_link_format="absolute"))
    assert md_abs.link("Audit/Sub/Dup.md", "Audit/Links.md") == "[Dup](Audit/Sub/Dup.md)"


def test_without_a_resolver_links_carry_the_full_path() -> None:
    assert LinkWriter(None).link("Audit/x.png", "a.md", embed=True) == "![[Audit/x.png]]"


def test_link_style_follows_obsidian_app_json(tmp_path: Path) -> None:
    assert link_style(tmp_path) == LinkStyle()
    (tmp_path / ".obsidian").mkdir()
    app = tmp_path / ".obsidian" / "app.json"
    app.write_text('{"useMarkdownLinks": true, "newLinkFormat": "relative"}')
    assert link_style(tmp_path) == LinkStyle(markdown=True, new_link_format="relative")
    app.write_text('{"useMarkdownLinks": "yes", "newLinkFormat": "nearest"}')
    assert link_style(tmp_path) == LinkStyle()
    app.write_text("not json")
    assert link_style(tmp_path) == LinkStyle()
    assert app.read_text() == "not json"  # read, never written


HEADINGS = ["C# tips: part 1", "Q|A [[x]] ^b", "D&D", "Plain"]


@pytest.mark.parametrize("markdown", [False, True])
def test_written_heading_links_pass_check(tmp_path: Path, markdown: bool) -> None:
    root = tmp_path / "vault"
    root.mkdir()
    (root / "Head.md").write_text("".join(f"## {h}\n\ntext\n\n" for h in HEADINGS))
    index = VaultIndex(Vault(root), workers=1)
    index.build()
    w = LinkWriter(index.resolve_link, LinkStyle(markdown=markdown))
    headings = index.headings("Head.md")
    for heading in headings:
        written = heading_link_text(heading.text)
        assert find_heading(written, headings) is heading
    body = "\n\n".join(w.link("Head.md", "Links.md", heading=h) for h in HEADINGS)
    (root / "Links.md").write_text(body + "\n")
    index = VaultIndex(Vault(root), workers=1)
    index.build()
    assert [f for f in findings(index) if f.path == "Links.md"] == []
    assert len(index.outgoing("Links.md")) == len(HEADINGS)
