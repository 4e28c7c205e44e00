"""Deciding whether one note matches a parsed query (notedesk.core.query).

Two passes: ``decide`` answers from the index alone (tags, properties, tasks,
names) and says "unknown" when the note's text is needed; ``evaluate`` answers
for sure, given the text. The search engine loads texts only for the notes
``decide`` has not already ruled out.

Words and phrases match at the start of a word (``meet`` finds ``meeting``,
not ``ameet``); ``file:`` and ``path:`` match anywhere in the name.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate, pairwise
from typing import TYPE_CHECKING

from notedesk.core.note import NoteMeta
from notedesk.core.query import And, Field, Node, Not, Or, Prop, TagTerm, Text, fold
from notedesk.core.search_blocks import block_ranges
from notedesk.core.task_text import task_columns

if TYPE_CHECKING:
    from notedesk.core.index import MetaSnapshot

__all__ = [
    "Doc",
    "Scope",
    "Term",
    "accepted_lines",
    "accepted_parts",
    "cheap_first",
    "decide",
    "evaluate",
    "evaluate_text",
    "find_word",
    "positive_terms",
]

_PARTS = ("line", "block", "section", "task", "task-todo", "task-done")  # parts of a note


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


def evaluate_text(node: Text, scope: Scope) -> bool:
    """Whether the word, phrase or /regex/ ``node`` is in ``scope``."""
    if node.kind == "regex":
        assert node.pattern is not None
        return node.pattern.search(scope.raw) is not None
    if node.case:
        return find_word(scope.raw, node.value, scope.boundary) >= 0
    return find_word(scope.folded, fold(node.value), scope.boundary) >= 0


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


def evaluate(node: Node, doc: Doc, scope: Scope | None = None) -> bool:
    """Whether ``doc`` (its text loaded) matches ``node``; ``scope``: the text words look in."""
    if isinstance(node, Text):
        return evaluate_text(node, scope if scope is not None else doc.content)
    if isinstance(node, And):
        return all(evaluate(c, doc, scope) for c in node.children)
    if isinstance(node, Or):
        return any(evaluate(c, doc, scope) for c in node.children)
    if isinstance(node, Not):
        return not evaluate(node.child, doc, scope)
    if isinstance(node, TagTerm):
        return _has_tag(node, doc)
    if isinstance(node, Prop):
        return _property_matches(node, doc)
    return _field_matches(node, doc)


def decide(node: Node, doc: Doc) -> bool | None:
    """``evaluate`` without the note's text: True or False when the index decides, else None."""
    if isinstance(node, Text):
        return None
    if isinstance(node, And):
        result: bool | None = True
        for child in node.children:
            value = decide(child, doc)
            if value is False:
                return False
            if value is None:
                result = None
        return result
    if isinstance(node, Or):
        result = False
        for child in node.children:
            value = decide(child, doc)
            if value is True:
                return True
            if value is None:
                result = None
        return result
    if isinstance(node, Not):
        value = decide(node.child, doc)
        return None if value is None else not value
    if isinstance(node, TagTerm):
        return _has_tag(node, doc)
    if _needs_text(node):
        return None
    if isinstance(node, Prop):
        return _property_matches(node, doc)
    return _field_matches(node, doc)  # file, path, task*


def _counts(op: str, state: str) -> bool:
    """Whether a task in ``state`` is one the task operator ``op`` looks at."""
    return op == "task" or (state == " ") == (op == "task-todo")


def _needs_text(node: Node) -> bool:
    """Whether deciding ``node`` looks at the note's text (content, line, section)."""
    if isinstance(node, Field):
        return node.op in ("content", "line", "block", "section") or _needs_text(node.child)
    if isinstance(node, Prop):
        return node.value is not None and _needs_text(node.value)
    if isinstance(node, (And, Or)):
        return any(_needs_text(c) for c in node.children)
    if isinstance(node, Not):
        return _needs_text(node.child)
    return False


def _has_tag(node: TagTerm, doc: Doc) -> bool:
    want = node.name.casefold()
    prefix = want + "/"
    return any(key == want or key.startswith(prefix) for key in doc.tag_keys)


def _field_matches(node: Field, doc: Doc) -> bool:
    op, child = node.op, node.child
    if op == "file":
        return evaluate(child, doc, Scope(doc.path.rsplit("/", 1)[-1], boundary=False))
    if op == "path":
        return evaluate(child, doc, Scope(doc.path, boundary=False))
    if op == "content":
        return evaluate(child, doc, doc.content)
    return bool(accepted_lines(node, doc))


def _parts(node: Field, doc: Doc) -> Iterator[tuple[int, int, Scope]]:
    """The parts of the note a line, block, section or task operator looks at, each with
    its ``[start, end)`` lines; only those that may match when a word is required."""
    op, child = node.op, node.child
    if op.startswith("task"):
        for t in doc.meta.tasks:  # its whole text, the lines continuing it too
            if _counts(op, t.state):
                yield t.line - 1, t.line + t.more, Scope(t.text)
        return
    needed = _required(child)
    if op == "line":
        numbers = range(len(doc.lines)) if needed is None else doc.lines_with(*needed)
        for n in numbers:
            yield n, n + 1, doc.scope(n, n + 1)
        return
    ranges = doc.blocks() if op == "block" else list(doc.sections())
    if needed is not None:  # only the parts holding a line with the word
        starts = [a for a, _b in ranges]
        picked = (bisect_right(starts, n) - 1 for n in doc.lines_with(*needed))
        ranges = [ranges[k] for k in sorted(set(picked)) if k >= 0]
    for a, b in ranges:
        yield a, b, doc.scope(a, b)


def accepted_lines(node: Field, doc: Doc) -> set[int] | None:
    """0-based lines where ``node`` matches (the lines of its matching parts), or None
    when it does not look at parts (content, names): any line may show a match."""
    if node.op not in _PARTS:
        return None
    return _accepted(node, doc)[1]


def accepted_parts(node: Field, doc: Doc) -> list[tuple[int, int]]:
    """``[start, end)`` lines of each part ``node`` (a line, block, section or task
    operator) matches, in order."""
    return _accepted(node, doc)[0]


def _accepted(node: Field, doc: Doc) -> tuple[list[tuple[int, int]], set[int]]:
    known = doc._accepted.get(id(node))  # the node lives as long as the query's plan
    if known is None:
        parts = [(a, b) for a, b, scope in _parts(node, doc) if evaluate(node.child, doc, scope)]
        lines: set[int] = set()
        for a, b in parts:
            lines.update(range(a, b))
        known = doc._accepted[id(node)] = (parts, lines)
    return known


def _required(node: Node) -> tuple[str, bool] | None:
    """A word every line matching ``node`` holds: (the needle, case-sensitive), or None."""
    if isinstance(node, Text):
        if node.kind == "regex":
            return None
        return (node.value, True) if node.case else (fold(node.value), False)
    if isinstance(node, And):
        for child in node.children:
            needed = _required(child)
            if needed is not None:
                return needed
    return None


def _property_matches(node: Prop, doc: Doc) -> bool:
    wanted = node.name.casefold()
    for key, value in doc.meta.frontmatter.items():
        if key.casefold() != wanted:
            continue
        if node.value is None:
            return True
        # A list's items are the lines of one text: `-x` means no item holds x,
        # `a b` needs both somewhere in the list, a phrase or `^...$` stays in one item.
        values = value if isinstance(value, list) else [value]
        text = "\n".join(_value_text(item) for item in values)
        if evaluate(node.value, doc, Scope(text)):  # at word starts, as plain words
            return True
    return False


def _value_text(item: object) -> str:
    """A property value as `[property:value]` reads it (``true``, ``5``, ``2024-01-31``)."""
    if item is None:
        return ""
    return str(item).lower() if isinstance(item, bool) else str(item)


Term = tuple[Text, tuple[Field, ...]]  # a term and the operators around it that pick lines


def positive_terms(
    node: Node, out: list[Term], negated: bool = False, within: tuple[Field, ...] = ()
) -> None:
    """Content terms worth highlighting (not under a ``-`` or a name/property operator),
    each with the line, block, section and task operators it is inside of."""
    if isinstance(node, Text):
        if not negated:
            out.append((node, within))
    elif isinstance(node, (And, Or)):
        for child in node.children:
            positive_terms(child, out, negated, within)
    elif isinstance(node, Not):
        positive_terms(node.child, out, not negated, within)
    elif isinstance(node, Field) and node.op not in ("file", "path"):
        inner = (*within, node) if node.op in _PARTS else within
        positive_terms(node.child, out, negated, inner)


def _cost(node: Node) -> int:
    """0: decided by the index alone, 1: needs tasks, 2: needs the note's text."""
    if isinstance(node, (TagTerm, Prop)):
        return 0
    if isinstance(node, Field):
        if node.op in ("file", "path"):
            return 0
        return 1 if node.op.startswith("task") else 2
    if isinstance(node, Not):
        return _cost(node.child)
    if isinstance(node, (And, Or)):
        return max(_cost(c) for c in node.children)
    return 2


def cheap_first(node: Node) -> Node:
    """Reorder AND terms so index-only tests run first and often settle the answer."""
    if isinstance(node, And):
        children = sorted((cheap_first(c) for c in node.children), key=_cost)
        return And(tuple(children))
    if isinstance(node, Or):
        return Or(tuple(cheap_first(c) for c in node.children))
    if isinstance(node, Not):
        return Not(cheap_first(node.child))
    return node
