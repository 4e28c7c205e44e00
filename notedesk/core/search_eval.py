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
from typing import TYPE_CHECKING

from notedesk.core.query import And, Field, Node, Not, Or, Prop, TagTerm, Text, fold
from notedesk.core.search_doc import Doc, Scope, find_word

if TYPE_CHECKING:
    pass

__all__ = [
    "Term",
    "accepted_lines",
    "accepted_parts",
    "cheap_first",
    "decide",
    "evaluate",
    "evaluate_text",
    "positive_terms",
]

_PARTS = ("line", "block", "section", "task", "task-todo", "task-done")  # parts of a note


def evaluate_text(node: Text, scope: Scope) -> bool:
    """Whether the word, phrase or /regex/ ``node`` is in ``scope``."""
    if node.kind == "regex":
        assert node.pattern is not None
        return node.pattern.search(scope.raw) is not None
    if node.case:
        return find_word(scope.raw, node.value, scope.boundary) >= 0
    return find_word(scope.folded, fold(node.value), scope.boundary) >= 0


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
