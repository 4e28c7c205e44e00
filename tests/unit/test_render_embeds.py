"""Embeds: images, players, transclusion with its depth limit and cycle guard, placeholders."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_render_helpers import MemoryHost, html, render

from notedesk.core.render import PathHost, PreviewLinks, Renderer, RenderOptions
from notedesk.core.vault import Vault

FILES = {
    "img/pic.png": "",
    "Other.md": "# Top\n\nintro\n\n## Part\n\npart text\n\n## Next\n\nnext text ^nb\n",
    "doc.pdf": "",
    "song.mp3": "",
    "clip.mp4": "",
    "data.csv": "",
    "A.md": "A says ![[B]]",
    "B.md": "B says ![[A]]",
}


def test_image_embed_plain_width_and_size() -> None:
    out = html("![[pic.png]] ![[pic.png|200]] ![[pic.png|200x100]] ![[pic.png|a cat|50]]", FILES)
    assert (
        '<img class="internal-embed image-embed" data-href="pic.png" '
        'src="vault://asset/img/pic.png" alt="pic.png">'
    ) in out
    assert 'alt="pic.png" width="200">' in out
    assert 'width="200" height="100"' in out
    assert 'alt="a cat" width="50"' in out


@pytest.mark.parametrize(
    ("written", "attrs"),
    [
        ("diagram|300", 'alt="diagram" width="300"'),
        ("250", 'alt="" width="250"'),  # a size alone
        ("250x100", 'alt="" width="250" height="100"'),
        ("2 cats", 'alt="2 cats"'),
    ],
)
def test_markdown_image_size_in_alt(written: str, attrs: str) -> None:
    out = html(f"![{written}](img/pic.png)", FILES)
    assert f'<img src="vault://asset/img/pic.png" {attrs}>' in out


def test_pdf_page_and_height() -> None:
    out = html("![[doc.pdf#height=400]]\n\n![[doc.pdf#page=3&height=250]]", FILES)
    assert 'src="vault://asset/doc.pdf" title="doc.pdf" style="height: 400px"' in out
    assert 'src="vault://asset/doc.pdf#page=3" title="doc.pdf" style="height: 250px"' in out


FOOTNOTES = {
    "Fn.md": "# Fn\n\n## Alpha\nAlpha[^a] and inline^[inline alpha].\n\n"
    "## Beta\nBeta, no footnotes. ^beta\n\n## Gamma\n- item[^b] ^gi\n\n"
    "[^a]: Alpha footnote.\n[^b]: Bee footnote.\n",
}


def test_embedded_section_lists_only_its_own_footnotes() -> None:
    def embedded(sub: str) -> str:
        return html(f"![[Fn{sub}]]", FOOTNOTES).split('class="markdown-embed-content">', 1)[1]

    beta = embedded("#Beta")
    assert "footnotes-list" not in beta and "Alpha footnote" not in beta
    alpha = embedded("#Alpha")
    assert "Alpha footnote" in alpha and "inline alpha" in alpha and "Bee footnote" not in alpha
    gamma = embedded("#^gi")  # a block: the footnote keeps its number, 3
    assert '<a href="#fn-e1-3"' in gamma and '<li value="3" id="fn-e1-3"' in gamma
    assert "Bee footnote" in gamma and "Alpha footnote" not in gamma
    whole = embedded("")
    assert all(f in whole for f in ("Alpha footnote", "inline alpha", "Bee footnote"))


def test_note_transclusion_without_host_lines() -> None:
    out = html("intro\n\n![[Other]]", FILES)
    assert (
        '<div class="embed-block" data-line="2"><div class="internal-embed markdown-embed"' in out
    )
    embedded = out.split('class="markdown-embed-content">', 1)[1]
    assert "part text" in embedded and "data-line" not in embedded


def test_heading_section_transclusion() -> None:
    out = html("![[Other#Part]]", FILES)
    assert "part text" in out and "next text" not in out and "intro" not in out


def test_block_transclusion() -> None:
    out = html("![[Other#^nb]]", FILES)
    content = out.split('class="markdown-embed-content">', 1)[1]
    assert "next text" in content and "part text" not in content


def test_missing_heading_placeholder() -> None:
    out = html("![[Other#Nope]]", FILES)
    assert 'class="embed-error embed-missing"' in out and "Nope" in out


def test_missing_target_placeholder() -> None:
    out = html("![[Ghost]]", FILES)
    assert (
        '<span class="internal-embed is-unresolved">Not found: '
        '<a class="internal-link is-unresolved"'
    ) in out


def test_embed_cycle_shows_marker() -> None:
    result = render("![[A]]", FILES)
    assert "A says" in result.html and "B says" in result.html
    assert 'class="embed-error embed-cycle"' in result.html


def test_self_embed_is_a_cycle() -> None:
    assert "embed-cycle" in html("me ![[Note]]")


def test_depth_limit() -> None:
    chain = {f"N{i}.md": f"level {i} ![[N{i + 1}]]" for i in range(10)}
    out = render("![[N0]]", chain, options=RenderOptions(max_embed_depth=3)).html
    assert "level 2" in out and "level 3" not in out
    assert 'class="embed-error embed-depth"' in out


def test_fan_out_limit() -> None:
    out = render("![[Other]]\n" * 30, FILES, options=RenderOptions(max_embeds=5)).html
    assert out.count("markdown-embed-content") == 5
    assert "embed-limit" in out


def test_pdf_audio_video_players() -> None:
    out = html("![[doc.pdf#page=3]]\n\n![[song.mp3]]\n\n![[clip.mp4]]\n\n![[data.csv]]", FILES)
    assert '<iframe class="pdf-embed" src="vault://asset/doc.pdf#page=3"' in out
    assert '<audio class="internal-embed media-embed" data-href="song.mp3" controls=""' in out
    assert 'src="vault://asset/clip.mp4"' in out and "<video" in out
    assert 'href="vault://asset/data.csv" rel="noopener noreferrer">data.csv</a>' in out


def test_raw_html_media_sources_point_into_the_vault() -> None:
    out = html(
        '<img src="img/pic.png" width=50>\n\n<video poster=pic.png src="clip.mp4"></video>', FILES
    )
    assert '<img src="vault://asset/img/pic.png" width="50">' in out
    assert '<video poster="vault://asset/img/pic.png" src="vault://asset/clip.mp4">' in out


def test_raw_html_unknown_source_is_left_alone() -> None:
    assert '<img src="nothing.png">' in html('<img src="nothing.png">', FILES)


def test_pdf_frame_cannot_be_written_by_hand() -> None:
    assert "<iframe" not in html('<iframe class="pdf-embed" src="vault://asset/doc.pdf"></iframe>')


def test_embed_result_lists_embeds() -> None:
    assert render("![[Other]] ![[pic.png]]", FILES).embeds == ["Other", "pic.png"]


def test_nothing_outside_the_vault_is_read(tmp_path: Path) -> None:
    (tmp_path / "secret.md").write_text("TOP SECRET", encoding="utf-8")
    (tmp_path / "secret.png").write_bytes(b"x")
    root = tmp_path / "vault"
    (root / "sub").mkdir(parents=True)
    text = (
        "![[../secret]] ![[../secret.md]] ![[/etc/passwd]] [[../../etc/passwd]]\n\n"
        "[x](../../secret.md) ![i](../../secret.png) ![[C:/Windows/win.ini]]\n\n"
        f"![[{tmp_path / 'secret.md'}]] [y](/../secret.md)"
    )
    (root / "sub" / "Note.md").write_text(text, encoding="utf-8")
    host = PathHost(Vault(root))
    read: list[str] = []
    original = host.read_text

    def spy(path: str) -> str | None:
        read.append(path)
        return original(path)

    host.read_text = spy  # type: ignore[method-assign]
    out = Renderer().render(text, "sub/Note.md", host, PreviewLinks()).html
    assert "TOP SECRET" not in out
    assert read == []
    assert "vault://asset/" not in out


def test_memory_host_sees_only_vault_paths() -> None:
    host = MemoryHost({"Note.md": ""})
    Renderer().render("![[../x]] ![[/abs/y]]", "Note.md", host, PreviewLinks())
    assert host.reads == []


def test_iframe_leaves_its_address_as_a_link() -> None:
    out = html('before <iframe src="https://example.com/p?a=1&amp;b=2">fallback</iframe> after', {})
    assert "<iframe" not in out and "fallback" not in out
    assert "Web page not embedded" in out
    assert '<a class="external-link" href="https://example.com/p?a=1&amp;b=2"' in out
    hostile = html("<IFRAME SRC=javascript:alert(1)></IFRAME>", {})
    assert "Web page not embedded" in hostile and "href" not in hostile


def test_video_page_written_as_image_is_a_link() -> None:
    text = "![](https://www.youtube.com/watch?v=NnTvZWp5Q7o)\n\n![](https://x.company.com/a.png)"
    out = html(text, {})
    assert '<a class="external-link" href="https://www.youtube.com/watch?v=NnTvZWp5Q7o"' in out
    assert "<img" not in out
    assert 'data-kind="image" data-url="https://x.company.com/a.png"' in out  # an image host
