from notedesk.core.hover import hover_excerpt

NOTE = (
    "---\ntags: [x]\n---\n# Title\n\nIntro <b>text</b>.\n\n"
    "## Part Two\n\nSecond part.\n\nA block line ^blk\n"
)


def test_start_of_note_without_frontmatter_and_escaped():
    out = hover_excerpt("dir/Note.md", NOTE)
    assert out.startswith("<b>Note</b>")
    assert "tags:" not in out
    assert "&lt;b&gt;text&lt;/b&gt;" in out


def test_heading_and_block_fragments():
    assert hover_excerpt("Note.md", NOTE, "part-two").split("<pre")[1].count("Intro") == 0
    assert "Second part." in hover_excerpt("Note.md", NOTE, "part-two")
    block = hover_excerpt("Note.md", NOTE, "^blk")
    assert "A block line" in block and "Second part" not in block


def test_long_note_is_cut():
    out = hover_excerpt("N.md", "word " * 5000)
    assert out.endswith("…</pre>")
