"""One test per construct: Markdown in, the expected HTML fragment out."""

from __future__ import annotations

import re

from test_render_helpers import html, render

from notedesk.core.render import RenderOptions


def strip_lines(fragment: str) -> str:
    """The HTML without ``data-line`` attributes, for comparing shapes."""
    return re.sub(r' data-line="\d+"', "", fragment)


# -- base syntax ---------------------------------------------------------------


def test_single_newline_is_a_line_break_by_default() -> None:
    assert "<p>one<br>\ntwo</p>" in strip_lines(html("one\ntwo"))


def test_strict_line_breaks_setting_joins_lines() -> None:
    out = strip_lines(html("one\ntwo", options=RenderOptions(strict_line_breaks=True)))
    assert "<p>one\ntwo</p>" in out


def test_gfm_table() -> None:
    out = strip_lines(html("| a | b |\n|:--|--:|\n| 1 | 2 |"))
    assert '<th style="text-align:left">a</th>' in out
    assert '<td style="text-align:right">2</td>' in out


def test_strikethrough() -> None:
    assert "<s>gone</s>" in html("~~gone~~")


def test_bare_url_autolink() -> None:
    out = html("see https://example.org/x now")
    assert '<a href="https://example.org/x" class="external-link"' in out


def test_footnote_reference_and_inline_footnote() -> None:
    out = html("Text[^1] and ^[inline words].\n\n[^1]: The note.")
    assert '<sup class="footnote-ref"><a href="#fn1" id="fnref1"' in out
    assert '<a href="#fn2" id="fnref2"' in out
    assert '<li id="fn2" class="footnote-item"><p>inline words' in out
    assert "The note." in out


def test_highlight() -> None:
    assert "<mark>bright</mark>" in html("a ==bright== b")


def test_highlight_needs_a_closing_marker() -> None:
    out = html("a ==open b")
    assert "<mark>" not in out and "==open" in out


def test_inline_comment_removed() -> None:
    out = html("visible %%hidden%% text")
    assert "hidden" not in out and "visible" in out and "text" in out


def test_multiline_comment_across_blocks_removed() -> None:
    out = html("before\n\n%%\nsecret one\n\nsecret two\n%%\n\nafter")
    assert "secret" not in out
    assert "before" in out and "after" in out


def test_comment_inside_code_is_kept() -> None:
    assert "%%kept%%" in html("`%%kept%%`")


# -- tasks ---------------------------------------------------------------------


def test_task_states_get_their_own_classes() -> None:
    out = html("- [ ] a\n- [x] b\n- [?] c\n- [-] d\n- [/] e\n- [>] f")
    assert '<ul class="contains-task-list"' in out
    for cls in (
        "task-todo",
        "task-done",
        "task-question",
        "task-cancelled",
        "task-in-progress",
        "task-forwarded",
    ):
        assert f"task-list-item {cls}" in out
    assert out.count('type="checkbox"') == 6
    assert out.count("checked") == 5 * 2  # class is-checked and the attribute


def test_plain_brackets_are_not_tasks() -> None:
    assert "checkbox" not in html("- [link] text")


# -- wikilinks -----------------------------------------------------------------

FILES = {
    "Other.md": "# Top\n\n## Sub part\n\ntext ^blk\n",
    "folder/Deep Note.md": "x",
    "Figure 1.png": "",
}


def test_wikilink_resolved() -> None:
    out = html("[[Other]]", FILES)
    assert (
        '<a class="internal-link" data-href="Other" href="vault://note/Other.md" '
        'rel="noopener noreferrer">Other</a>'
    ) in out


def test_wikilink_with_md_extension_and_folder() -> None:
    assert 'href="vault://note/Other.md"' in html("[[Other.md]]", FILES)
    out = html("[[folder/Deep Note]]", FILES)
    assert 'href="vault://note/folder/Deep%20Note.md"' in out


def test_wikilink_alias() -> None:
    out = html("[[Other|shown text]]", FILES)
    assert ">shown text</a>" in out and 'data-href="Other"' in out


def test_wikilink_heading_and_subheading() -> None:
    out = html("[[Other#Sub part]] [[Other#Top#Sub part]]", FILES)
    assert out.count('href="vault://note/Other.md#sub-part"') == 2
    assert ">Other &gt; Sub part</a>" in out


def test_wikilink_heading_with_alias() -> None:
    out = html("[[Other#Sub part|see]]", FILES)
    assert 'href="vault://note/Other.md#sub-part"' in out and ">see</a>" in out


def test_wikilink_same_note_heading() -> None:
    out = html("# My Head\n\n[[#My Head]]")
    assert 'href="#my-head"' in out and '<h1 id="my-head"' in out


def test_wikilink_block_reference() -> None:
    assert 'href="vault://note/Other.md#%5Eblk"' in html("[[Other#^blk]]", FILES)
    assert 'href="#^blk"' in html("[[#^blk]]", FILES)


def test_wikilink_to_attachment_needs_extension() -> None:
    out = html("[[Figure 1.png]]", FILES)
    assert 'href="vault://asset/Figure%201.png"' in out


def test_wikilink_unresolved() -> None:
    out = html("[[No Such Note]]", FILES)
    assert (
        'class="internal-link is-unresolved" data-href="No Such Note" '
        'href="vault://new/No%20Such%20Note?from=Note.md"'
    ) in out


def test_wikilink_escaped_pipe_in_table() -> None:
    out = html("| a |\n|---|\n| [[Other\\|alias]] |", FILES)
    assert ">alias</a>" in out and "<td>" in out


def test_markdown_link_to_note() -> None:
    out = html("[text](Other.md) [sp](folder/Deep%20Note.md#Sub) [x](https://a.b)", FILES)
    assert ('<a href="vault://note/Other.md" data-href="Other.md" class="internal-link"') in out
    assert 'href="vault://note/folder/Deep%20Note.md#sub"' in out
    assert 'class="external-link"' in out


def test_markdown_link_vault_absolute_and_relative() -> None:
    files = {**FILES, "folder/Sibling.md": ""}
    out = html("[a](Other.md) [b](Sibling.md) [c](/Other.md)", files, source="folder/Note.md")
    assert 'href="vault://note/Other.md"' in out
    assert 'href="vault://note/folder/Sibling.md"' in out
    assert "is-unresolved" not in out


def test_markdown_link_unresolved() -> None:
    assert "is-unresolved" in html("[x](Missing.md)", FILES)


# -- tags ----------------------------------------------------------------------


def test_inline_tags() -> None:
    out = html("#inbox/to-read and #y1984 but not #1984 or a#b or `#code`")
    assert 'data-tag="inbox/to-read" href="vault://tag/inbox/to-read"' in out
    assert ">#inbox/to-read</a>" in out
    assert 'data-tag="y1984" href="vault://tag/y1984"' in out
    assert out.count('class="tag"') == 2


def test_heading_marker_is_not_a_tag() -> None:
    out = html("# Heading #tagged")
    assert "<h1" in out and '<a class="tag" data-tag="tagged" href="vault://tag/tagged"' in out


def test_tags_link_to_the_tag_page_in_export() -> None:
    from test_render_helpers import MemoryHost

    from notedesk.core.render import ExportLinks, Renderer

    out = Renderer().render("#work", "a/N.md", MemoryHost(), ExportLinks("a/N.md")).html
    assert '<a class="tag" data-tag="work" href="../tags.html#tag-work"' in out


# -- headings and block ids ----------------------------------------------------


def test_heading_ids_unique() -> None:
    result = render("# Same\n\n# Same\n\n## Other Thing!")
    assert '<h1 id="same"' in result.html and '<h1 id="same-1"' in result.html
    assert [(h.level, h.slug, h.line) for h in result.headings] == [
        (1, "same", 0),
        (1, "same-1", 2),
        (2, "other-thing", 4),
    ]


def test_block_id_becomes_anchor_and_is_hidden() -> None:
    out = strip_lines(html("A paragraph ^my-id\n"))
    assert '<p id="^my-id">A paragraph</p>' in out
    assert "^my-id</p>" not in out


def test_block_id_on_own_line_names_previous_block() -> None:
    out = strip_lines(html("> quoted\n\n^quote-id\n"))
    assert '<blockquote id="^quote-id">' in out
    assert "<p>^quote-id" not in out


def test_block_id_right_under_a_table_names_the_table() -> None:
    out = strip_lines(html("| a | b |\n|---|---|\n| 1 | 2 |\n^tbl\n\nafter"))
    assert '<table id="^tbl">' in out and "^tbl</td>" not in out
    assert out.count("<tr>") == 2


def test_caret_text_in_a_middle_row_stays() -> None:
    assert "<td>^x</td>" in html("| a |\n|---|\n| ^x |\n| 2 |")


def test_block_id_in_list_item() -> None:
    out = strip_lines(html("- item one ^li-1\n- item two"))
    assert '<li id="^li-1">item one</li>' in out


# -- callouts ------------------------------------------------------------------


def test_callout_with_custom_title() -> None:
    out = strip_lines(html("> [!warning] Mind the gap\n> Body text"))
    assert '<div class="callout" data-callout="warning" data-callout-type="warning">' in out
    assert '<span class="callout-title-inner">Mind the gap</span>' in out
    assert '<div class="callout-content">\n<p>Body text</p>' in out
    assert "<svg" in out  # the icon survives sanitising


def test_callout_default_title_and_alias() -> None:
    out = html("> [!TLDR]\n> short")
    assert 'data-callout="tldr" data-callout-type="abstract"' in out
    assert '<span class="callout-title-inner">Tldr</span>' in out


def test_every_callout_alias_maps_to_its_type() -> None:
    from notedesk.core.render.callouts import ALIASES

    for alias, base in ALIASES.items():
        assert f'data-callout-type="{base}"' in html(f"> [!{alias}]\n> x")


def test_unknown_callout_type_renders_as_note() -> None:
    assert 'data-callout="whatever" data-callout-type="note"' in html("> [!whatever]\n> x")


def test_foldable_callouts_are_details() -> None:
    closed = strip_lines(html("> [!faq]- Closed\n> body"))
    opened = strip_lines(html("> [!faq]+ Open\n> body"))
    assert '<details class="callout" data-callout="faq" data-callout-type="question"' in closed
    assert "open" not in closed.split(">", 1)[0]
    assert '<summary class="callout-title">' in closed
    assert 'data-callout-fold="+" open=""' in opened


def test_nested_callouts() -> None:
    out = html("> [!note] Outer\n> > [!tip] Inner\n> > deep")
    assert out.count('class="callout"') == 2
    assert out.index("Outer") < out.index("Inner") < out.index("deep")


def test_plain_blockquote_untouched() -> None:
    assert "<blockquote" in html("> just a quote") and "callout" not in html("> just a quote")


# -- math, code, mermaid -------------------------------------------------------


def test_inline_math_to_mathml() -> None:
    result = render("Area $\\pi r^2$ here")
    assert '<span class="math math-inline"><math' in result.html
    assert "<mi>π</mi>" in result.html or "&#x003C0;" in result.html
    assert result.uses_math


def test_display_math_block() -> None:
    out = html("$$\n\\frac{a}{b}\n$$")
    assert '<div class="math math-block"' in out and "<mfrac>" in out


def test_display_math_inside_a_paragraph_keeps_the_paragraph() -> None:
    out = strip_lines(html("before $$x^2$$ after"))
    assert out.startswith('<p>before <span class="math math-block"><math display="block">')
    assert out.rstrip().endswith("after</p>")


def test_title_only_callout_has_empty_content() -> None:
    out = strip_lines(html("> [!tip] Title only"))
    assert '<span class="callout-title-inner">Title only</span>' in out
    assert '<div class="callout-content"></div>' in out  # hidden by CSS (:empty)


def test_dollar_amounts_are_not_math() -> None:
    result = render("It costs $5 and $10.")
    assert "<math" not in result.html and not result.uses_math


def test_bad_math_shows_source() -> None:
    out = html("$\\frac{$")
    assert "<math" not in out


def test_code_fence_highlighted_with_classes() -> None:
    out = strip_lines(html("```python\ndef f():\n    return 1\n```"))
    assert '<pre class="highlight" data-lang="python"><code class="language-python">' in out
    assert '<span class="k">def</span>' in out


def test_unknown_language_is_escaped_plain() -> None:
    out = html("```nosuchlang\n<b>x</b>\n```")
    assert "&lt;b&gt;x&lt;/b&gt;" in out


def test_mermaid_fence() -> None:
    result = render("```mermaid\ngraph TD; A-->B\n```")
    assert '<pre class="mermaid">graph TD; A--&gt;B\n</pre>' in result.html
    assert 'class="mermaid-fallback"' in result.html and "mermaid-notice" in result.html
    assert result.uses_mermaid


# -- frontmatter ---------------------------------------------------------------


def test_frontmatter_properties_table() -> None:
    result = render(
        "---\ntitle: Hi\ntags: [a, '#b']\ndone: true\nup: '[[Other]]'\n---\nbody", FILES
    )
    out = result.html
    assert '<details class="properties" open="" data-line="0">' in out
    assert "<th>title</th><td>Hi</td>" in out
    assert '<span class="tag">#a</span>' in out and '<span class="tag">#b</span>' in out
    assert 'type="checkbox" disabled="" checked=""' in out
    assert 'href="vault://note/Other.md"' in out
    assert result.frontmatter == {
        "title": "Hi",
        "tags": ["a", "#b"],
        "done": True,
        "up": "[[Other]]",
    }
    assert result.frontmatter_error is None


def test_web_addresses_in_text_properties_are_links() -> None:
    out = render(
        "---\nurl: https://obsidian.md\nsource: 'see https://a.b/c?x=1, then'\n"
        "links: [https://x.y/z, plain]\nbad: javascript:alert(1)\n---\nbody",
        FILES,
    ).html
    assert '<td><a class="external-link" href="https://obsidian.md"' in out
    assert 'see <a class="external-link" href="https://a.b/c?x=1" ' in out
    assert '>https://a.b/c?x=1</a>, then</td>' in out
    assert 'href="https://x.y/z"' in out and ">plain<" in out
    assert "<td>javascript:alert(1)</td>" in out


def test_invalid_frontmatter_warns_and_shows_raw() -> None:
    result = render("---\ncreated: {{date}}\n---\nbody")
    assert result.frontmatter_error
    assert 'class="frontmatter-error"' in result.html
    assert "created: {{date}}" in result.html
    assert "body" in result.html


def test_json_frontmatter() -> None:
    result = render('{\n"title": "Json", "n": 3\n}\nbody')
    assert result.frontmatter == {"title": "Json", "n": 3}
    assert "<th>n</th><td>3</td>" in result.html and "body" in result.html


def test_frontmatter_dates_show_as_iso() -> None:
    assert "<td>2024-01-31</td>" in render("---\ncreated: 2024-01-31\n---\n").html


def test_unclosed_frontmatter_is_not_frontmatter() -> None:
    result = render("---\nno end")
    assert "<hr" in result.html and result.frontmatter is None


def test_frontmatter_css_classes() -> None:
    assert render("---\ncssclasses: [wide, 'bad class!']\n---\n").css_classes == ["wide"]


# -- source lines --------------------------------------------------------------


def test_every_block_carries_its_source_line() -> None:
    text = "---\na: 1\n---\n# H\n\npara\n\n- item\n\n> quote\n\n```\ncode\n```\n\n---\n"
    out = html(text)
    assert '<h1 id="h" data-line="3">' in out
    assert '<p data-line="5">para</p>' in out
    assert '<ul data-line="7">' in out and '<li data-line="7">' in out
    assert '<blockquote data-line="9">' in out
    assert '<pre class="highlight" data-line="11">' in out
    assert '<hr data-line="15">' in out


def test_obsidian_open_uri_to_a_note_of_the_vault_is_an_internal_link() -> None:
    files = {"Notes/Plan B.md": "# P\n"}
    out = html(
        "[a](obsidian://open?vault=Main&file=Notes%2FPlan%20B) "
        "[b](<obsidian://open?vault=Main&file=Plan B.md>) "
        "[c](obsidian://open?vault=Main&file=Nope)",
        files,
    )
    assert out.count('href="vault://note/Notes/Plan%20B.md" class="internal-link"') == 2
    assert '<a title="obsidian://open?vault=Main&amp;file=Nope" class="external-link"' in out


def test_block_id_under_raw_html_gets_an_anchor() -> None:
    out = html('<div class="box">boxed</div>\n\n^box-id\n\nafter')
    anchor = '<div class="block-anchor" id="^box-id"></div>'
    assert anchor in out and out.index(anchor) < out.index("boxed")
    assert "^box-id</p>" not in out
    assert 'href="#^box-id"' in html('[[#^box-id]]\n\n<div class="box">boxed</div>\n\n^box-id\n')
