"""Completion contexts, links under the cursor and candidate ranking."""

from __future__ import annotations

from notedesk.core.mdcontext import CompletionContext, link_at, rank_candidates
from notedesk.core.mdcontext import completion_context as ctx


def test_note_heading_block_contexts() -> None:
    assert ctx("see [[") == CompletionContext("note", "", 6)
    assert ctx("see [[Mark") == CompletionContext("note", "Mark", 6)
    assert ctx("[[Note#He") == CompletionContext("heading", "He", 7, "Note")
    assert ctx("[[Note#A#B") == CompletionContext("heading", "B", 9, "Note")
    assert ctx("[[#") == CompletionContext("heading", "", 3, "")
    assert ctx("[[Note#^bl") == CompletionContext("block", "bl", 8, "Note")


def test_no_context_after_closed_link_alias_or_in_code() -> None:
    assert ctx("[[Note]] and") is None
    assert ctx("[[Note|ali") is None
    assert ctx("`[[code") is None
    assert ctx("plain") is None


def test_tag_context() -> None:
    assert ctx("text #pro") == CompletionContext("tag", "pro", 6)
    assert ctx("#pro") == CompletionContext("tag", "pro", 1)
    assert ctx("a#pro") is None
    assert ctx("text #") is None
    assert ctx("`#pro") is None


def test_link_at() -> None:
    line = "x [[Note#Sec|alias]] [md](Other%20Note.md) https://a.org. #tag/sub"
    assert link_at(line, 5) is not None
    hit = link_at(line, 5)
    assert hit is not None and (hit.kind, hit.target) == ("wikilink", "Note#Sec")
    hit = link_at(line, 23)
    assert hit is not None and (hit.kind, hit.target) == ("markdown", "Other%20Note.md")
    hit = link_at(line, 46)
    assert hit is not None and (hit.kind, hit.target) == ("url", "https://a.org")
    hit = link_at(line, line.index("#tag") + 2)
    assert hit is not None and (hit.kind, hit.target) == ("tag", "tag/sub")
    assert link_at(line, 0) is None
    assert link_at("#1984", 1) is None


def test_rank_prefers_prefix_then_substring_then_fuzzy() -> None:
    items = [(n, n) for n in ["Welcome", "Markdown tour", "Tour de France", "Code", "Tuor"]]
    ranked = [d for d, _ in rank_candidates("tour", items)]
    assert ranked[:2] == ["Tour de France", "Markdown tour"]
    assert "Tuor" in ranked
    assert "Code" not in ranked
    assert rank_candidates("", items, limit=2) == items[:2]
    assert next(d for d, _ in rank_candidates("mrkdwn", items)) == "Markdown tour"
