from notedesk.core.hover import hover_excerpt

NOTE = (
    "---\ntags: [x]\n---\n# Title\n\n"
    "Intro <b>text</b> with **bold** and [[Other|another note]].\n\n"
    "## Part Two\n\nSecond part ![[pic.png]].\n\n### Deeper\n\nStill part two.\n\n"
    "## Part Three\n\nThird part.\n\nA block line ^blk\n"
)


def test_start_of_note_without_frontmatter_rendered_and_raw_html_escaped():
    out = hover_excerpt("dir/Note.md", NOTE)
    assert out.startswith("<b>Note</b>")
    assert "tags:" not in out
    assert "<h1>Title</h1>" in out and "<strong>bold</strong>" in out
    assert "&lt;b&gt;text&lt;/b&gt;" in out  # a note's HTML is shown, never run
    assert "another note" in out and "[[" not in out  # a link shows its text


def test_a_heading_shows_its_section_only():
    out = hover_excerpt("Note.md", NOTE, "part-two")
    assert "Intro" not in out and "Second part" in out and "Still part two." in out
    assert "Third part" not in out  # the next heading of its level ends it
    assert "[pic.png]" in out and "<img" not in out  # no file is loaded


def test_a_block_shows_its_line_without_its_id():
    block = hover_excerpt("Note.md", NOTE, "^blk")
    assert "A block line" in block and "Second part" not in block and "^blk" not in block


def test_long_note_is_cut():
    out = hover_excerpt("N.md", "word " * 5000)
    assert out.endswith("<p>…</p></div>")
