"""``<a href>`` in raw HTML goes where the same Markdown link goes."""

from __future__ import annotations

from notedesk.core.render import ExportLinks, Renderer
from tests.unit.test_render_helpers import MemoryHost, html

FILES = {
    "docs/install.md": "# Install\n\n## Step 2\n",
    "docs/guide/index.md": "# Guide\n",
    "LICENSE": "MIT\n",
}


def test_relative_href_opens_the_note():
    out = html('<a href="docs/install.md">HTML anchor</a>', FILES, source="README.md")
    assert 'href="vault://note/docs/install.md"' in out
    inline = html('See <a href="docs/install.md#step-2">it</a>.', FILES, source="README.md")
    assert 'href="vault://note/docs/install.md#step-2"' in inline


def test_href_relative_to_the_note_and_other_files():
    out = html(
        "<p><a href=\"../install.md\">up</a> <a href='../../LICENSE'>L</a></p>",
        FILES,
        source="docs/guide/index.md",
    )
    assert 'href="vault://note/docs/install.md"' in out
    assert 'href="vault://asset/LICENSE"' in out


def test_unresolved_href_is_an_unresolved_link():
    out = html('<a href="nowhere/">folder</a>', FILES, source="README.md")
    assert 'href="vault://new/nowhere/?from=README.md"' in out


def test_href_to_a_folder_goes_to_the_folder():
    out = html('<a href="docs/">folder</a>', FILES, source="README.md")
    assert 'href="vault://folder/docs"' in out


def test_external_and_fragment_hrefs_stay():
    out = html('<a href="https://example.org/x">e</a> <a href="#top">t</a>', FILES)
    assert 'href="https://example.org/x"' in out and 'href="#top"' in out


def test_img_src_still_rewritten():
    files = {**FILES, "docs/img/logo.png": ""}
    out = html('<p><img src="docs/img/logo.png" width="80"></p>', files, source="README.md")
    assert 'src="vault://asset/docs/img/logo.png"' in out


def test_exported_page_links_to_the_exported_page():
    host = MemoryHost(FILES)
    out = (
        Renderer()
        .render('<a href="docs/install.md">x</a>', "README.md", host, ExportLinks("README.md"))
        .html
    )
    assert 'href="docs/install.html"' in out
