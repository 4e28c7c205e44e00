"""One note as the search engine sees it: its metadata now, its text once loaded,
and the parts of that text (lines, sections, blocks, tasks) queries look at."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate, pairwise
from typing import TYPE_CHECKING

from notedesk.core.note import NoteMeta
from notedesk.core.query import fold
from notedesk.core.search_blocks import block_ranges
from notedesk.core.task_text import task_columns

if TYPE_CHECKING:
    from notedesk.core.index import MetaSnapshot

__all__ = ["Doc", "Scope", "find_word"]


class Scope:
    """Text one term is matched against: a whole note, a line, a section, a task or a name."""

    __slots__ = ("_folded", "boundary", "raw")

    def __init__(self, raw: str, boundary: bool = True, folded: str | None = None) -> None:
        self.raw = raw
        self.boundary = boundary
        self._folded = folded

    @property
    def folded(self) -> str:
        if self._folded is None:
            self._folded = fold(self.raw)
        return self._folded


def find_word(hay: str, needle: str, boundary: bool, start: int = 0) -> int:
    """First index of ``needle`` in ``hay`` at a word start (when ``boundary``), or -1."""
    if not needle:
        return -1
    need_boundary = boundary and needle[0].isalnum()
    i = hay.find(needle, start)
    while i >= 0:
        if not need_boundary or i == 0 or not hay[i - 1].isalnum():
            return i
        i = hay.find(needle, i + 1)
    return -1


class Doc:
    """One candidate note: its path and metadata, and its text once loaded (``text``)."""

    __slots__ = (
        "_accepted",
        "_blocks",
        "_content",
        "_folded_lines",
        "_lines",
        "_meta",
        "_starts",
        "_task_columns",
        "path",
        "snapshot",
    )

    def __init__(self, path: str, snapshot: MetaSnapshot) -> None:
        self.path = path
        self.snapshot = snapshot
        self._meta: NoteMeta | None = None
        self._content: Scope | None = None
        self._lines: list[str] | None = None
        self._folded_lines: list[str] | None = None
        self._starts: dict[bool, list[int]] = {}  # line start offsets, raw (True) / folded
        self._blocks: list[tuple[int, int]] | None = None
        self._task_columns: dict[int, int] | None = None
        self._accepted: dict[int, tuple[list[tuple[int, int]], set[int]]] = {}  # id of a Field

    @property
    def meta(self) -> NoteMeta:
        if self._meta is None:  # decoded from the cache on first use
            self._meta = self.snapshot.get(self.path) or NoteMeta()
        return self._meta

    @property
    def tag_keys(self) -> list[str]:
        return self.snapshot.tag_keys(self.path)

    @property
    def has_text(self) -> bool:
        return self._content is not None

    def set_text(self, text: str) -> None:
        self._content = Scope(text)

    @property
    def content(self) -> Scope:
        if self._content is None:
            raise RuntimeError(f"the text of {self.path} is not loaded")
        return self._content

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.content.raw.split("\n")
        return self._lines

    @property
    def folded_lines(self) -> list[str]:
        """``fold`` of each line (folding never adds or removes a newline)."""
        if self._folded_lines is None:
            folded = self.content.folded.split("\n")
            if len(folded) != len(self.lines):  # be safe all the same
                folded = [fold(line) for line in self.lines]
                self.content._folded = "\n".join(folded)
            self._folded_lines = folded
        return self._folded_lines

    def lines_with(self, needle: str, case: bool, limit: int = -1) -> list[int]:
        """0-based numbers of the lines holding ``needle`` at a word start (the first
        ``limit`` ones), found in the whole (folded unless ``case``) text in one pass."""
        if not needle or "\n" in needle:  # a line never holds a newline
            return []
        starts = self._line_starts(case)
        hay = self.content.raw if case else self.content.folded
        out: list[int] = []
        i = find_word(hay, needle, True)
        while i >= 0 and len(out) != limit:
            line = bisect_right(starts, i) - 1
            out.append(line)
            if line + 1 >= len(starts):
                break
            i = find_word(hay, needle, True, starts[line + 1])  # on to the next line
        return out

    def _line_starts(self, case: bool) -> list[int]:
        """Offset of each line in the text (folded unless ``case``)."""
        known = self._starts.get(case)
        if known is None:
            lines = self.lines if case else self.folded_lines
            known = list(accumulate((len(x) + 1 for x in lines[:-1]), initial=0))
            self._starts[case] = known
        return known

    def scope(self, a: int, b: int) -> Scope:
        """Lines ``a`` to ``b`` (0-based, ``b`` excluded) as one text."""
        if b == a + 1:
            return Scope(self.lines[a], folded=self.folded_lines[a])
        return Scope("\n".join(self.lines[a:b]), folded="\n".join(self.folded_lines[a:b]))

    def sections(self) -> Iterator[tuple[int, int]]:
        """``[start, end)`` lines of each section (a heading and what follows it)."""
        cuts = [h.line - 1 for h in self.meta.headings if 0 < h.line <= len(self.lines)]
        for a, b in pairwise([0, *cuts, len(self.lines)]):
            if b > a:
                yield a, b

    def blocks(self) -> list[tuple[int, int]]:
        """``[start, end)`` lines of each block (notedesk.core.search_blocks)."""
        if self._blocks is None:
            self._blocks = block_ranges(self.lines, self.meta.frontmatter_end_line)
        return self._blocks

    def task_text_at(self, line: int) -> int:
        """Where the text of the task that ``line`` (0-based) is a line of starts on it,
        after the list marker, checkbox, quote markers and indentation; -1: in no task."""
        if self._task_columns is None:
            self._task_columns = task_columns(self.lines, self.meta.tasks)
        return self._task_columns.get(line, -1)
