"""The records a parsed note is made of: NoteMeta and its tags, headings, links, tasks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

__all__ = ["BlockId", "Heading", "Link", "NoteMeta", "Problem", "Tag", "Task"]


class Tag(NamedTuple):
    name: str  # as written (display casing), without ``#``
    line: int
    source: str  # "frontmatter" | "inline"


class Heading(NamedTuple):
    level: int
    text: str
    line: int
    slug: str


class BlockId(NamedTuple):
    id: str
    line: int


class Link(NamedTuple):
    target: str  # as written, fragment removed; Markdown links URL-decoded
    fragment: str | None  # "Heading", "Heading#Sub" or "^block-id"
    alias: str | None  # shown text (or embed size such as "200x100")
    line: int
    col: int
    embed: bool
    kind: str  # "wiki" | "markdown"
    raw: str


class Task(NamedTuple):
    state: str  # the character between the brackets: " ", "x", "?", "-", "/", ">", ...
    # after the checkbox, with the lines continuing the item (task_text.py) after a
    # newline each, without their indentation or quote markers
    text: str
    line: int
    more: int = 0  # how many lines after ``line`` the task goes on over (blank ones too)


class Problem(NamedTuple):
    line: int
    message: str


@dataclass(slots=True)
class NoteMeta:
    """Everything the index needs to know about one note."""

    frontmatter: dict[str, Any] = field(default_factory=dict)
    frontmatter_error: str | None = None
    frontmatter_end_line: int = 0  # 0 when the note has no frontmatter
    aliases: list[str] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    block_ids: list[BlockId] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def tag_names(self) -> list[str]:
        """Distinct tags, first-seen casing, in order of appearance."""
        seen: dict[str, str] = {}
        for tag in self.tags:
            seen.setdefault(tag.name.casefold(), tag.name)
        return list(seen.values())
