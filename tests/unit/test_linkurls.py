import pytest

from notedesk.core.linkurls import (
    asset_url,
    new_note_path,
    new_note_url,
    note_url,
    parse_preview_href,
)


def test_note_url_round_trip_with_odd_names():
    url = note_url("dir/Ünïcode #1 ^x.md", "Some Heading")
    link = parse_preview_href(url)
    assert (link.kind, link.path, link.fragment) == ("note", "dir/Ünïcode #1 ^x.md", "Some Heading")


def test_new_and_asset_urls():
    link = parse_preview_href(new_note_url("Idea one", "folder/src.md"))
    assert (link.kind, link.path, link.source) == ("new", "Idea one", "folder/src.md")
    assert parse_preview_href(asset_url("a/b c.png")).path == "a/b c.png"


@pytest.mark.parametrize("href", ["https://example.org/x", "http://a.b", "mailto:me@example.org"])
def test_external(href):
    assert parse_preview_href(href).kind == "external"


@pytest.mark.parametrize(
    "href",
    [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "data:text/html,x",
        "ftp://x",
        "vault://note/../x",
        "weird:thing",
    ],
)
def test_refused(href):
    link = parse_preview_href(href)
    assert link.kind == "refused"
    assert link.reason


def test_new_link_keeps_a_relative_target():
    link = parse_preview_href(new_note_url("..", "docs/guide/index.md"))
    assert (link.kind, link.path, link.source) == ("new", "..", "docs/guide/index.md")
    link = parse_preview_href(new_note_url("../api/", "docs/guide/index.md"))
    assert (link.kind, link.path) == ("new", "../api/")


def test_messages_never_show_the_preview_urls():
    from notedesk.core.linkurls import shown_link

    assert "vault:" not in shown_link(parse_preview_href("vault://odd/x.md"))
    assert shown_link(parse_preview_href("weird:thing")) == "weird:thing"


def test_new_note_path():
    assert new_note_path("Idea", "folder/src.md") == "folder/Idea.md"
    assert new_note_path("../Idea", "docs/guide/src.md") == "docs/Idea.md"
    assert new_note_path("./sub/Idea.md", "docs/src.md") == "docs/sub/Idea.md"
    assert new_note_path("other/Idea", "folder/src.md") == "other/Idea.md"
    assert new_note_path("Idea.md", "src.md") == "Idea.md"


def test_tag_url_round_trip():
    from notedesk.core.linkurls import tag_url

    link = parse_preview_href(tag_url("#inbox/to-read"))
    assert (link.kind, link.path) == ("tag", "inbox/to-read")
