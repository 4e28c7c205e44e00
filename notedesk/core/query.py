"""The search query language (vault-format.md, "Search syntax"): parse to a small AST.

    query   := or ("OR" or)*            words side by side are ANDed
    and     := unary+
    unary   := "-" unary | primary
    primary := "(" query ")" | OP ":" operand | "[" prop "]" | "/regex/" | "\"phrase\"" | word
    OP      := file | path | content | tag | line | block | section | task | task-todo
               | task-done | match-case | ignore-case

Inside a phrase, ``\\"`` is a quote and ``\\\\`` a backslash. Any other ``name:`` followed
by ``(``, ``"``, ``[`` or ``/`` is an unknown operator (an error); before other text it is
part of a plain word (``10:30``, ``https://...``, ``re:meeting``).

Malformed queries raise ``QueryError`` with a message meant for the user.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from notedesk.core.userregex import UserPattern, compile_user

__all__ = [
    "And",
    "Field",
    "Not",
    "Or",
    "Prop",
    "QueryError",
    "TagTerm",
    "Text",
    "fold",
    "parse_query",
]

OPERATORS = (
    "file",
    "path",
    "content",
    "tag",
    "line",
    "block",
    "section",
    "task",
    "task-todo",
    "task-done",
    "match-case",
    "ignore-case",
)
_OPERATOR = re.compile(r"(task-todo|task-done|match-case|ignore-case|[a-z]+):", re.IGNORECASE)
# an unknown ``name:`` written as an operator: before a group, phrase, property or /regex/
_UNKNOWN_OPERATOR = re.compile(r"([a-z][a-z-]+):(?:[(\"\[]|/(?!/))", re.IGNORECASE)
_PHRASE_STOP = re.compile(r'["\\]')
_MAX_DEPTH = 50


class QueryError(ValueError):
    """A malformed search query; ``str(err)`` is a message for the user."""


@dataclass(frozen=True, slots=True)
class Text:
    value: str
    kind: str  # "word" | "phrase" | "regex"
    case: bool = False
    pattern: UserPattern | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class TagTerm:
    name: str


@dataclass(frozen=True, slots=True)
class Prop:
    name: str
    value: Node | None


@dataclass(frozen=True, slots=True)
class Field:
    op: str  # file, path, content, line, block, section, task, task-todo, task-done
    child: Node


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


Node = Text | TagTerm | Prop | Field | Not | And | Or

COMBINING_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Case- and diacritics-insensitive form used for matching (``Café`` -> ``cafe``)."""
    if text.isascii():
        return text.lower()
    return COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text)).casefold()


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.depth = 0

    def error(self, message: str) -> QueryError:
        return QueryError(f"{message} (at character {self.pos + 1})")

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def at_end(self) -> bool:
        self.skip_space()
        return self.pos >= len(self.text)

    def parse(self, case: bool = False) -> Node:
        if self.at_end():
            raise QueryError("the query is empty")
        node = self.parse_or(case)
        if not self.at_end():
            if self.text[self.pos] == ")":
                raise self.error("unmatched ')'")
            raise self.error("unexpected text")
        return node

    def parse_or(self, case: bool) -> Node:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise self.error("the query is nested too deeply")
        parts = [self.parse_and(case)]
        while self.peek_or():
            self.pos += 2
            if self.at_end() or self.text[self.pos] == ")":
                raise self.error("'OR' needs something after it")
            parts.append(self.parse_and(case))
        self.depth -= 1
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def peek_or(self) -> bool:
        self.skip_space()
        t = self.text
        return t.startswith("OR", self.pos) and (
            self.pos + 2 == len(t) or t[self.pos + 2].isspace() or t[self.pos + 2] == "("
        )

    def parse_and(self, case: bool) -> Node:
        parts: list[Node] = []
        while not self.at_end() and self.text[self.pos] != ")" and not self.peek_or():
            if self._lone_dash():
                continue
            parts.append(self.parse_unary(case))
        if not parts:
            if not self.at_end() and self.text[self.pos] == ")" and self.depth <= 1:
                raise self.error("unmatched ')'")
            raise self.error("expected a search term")
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def _lone_dash(self) -> bool:
        """Skip a "-" standing alone (a dash between words, or typed before the word it
        will exclude): it is no search term."""
        t, pos = self.text, self.pos
        if t.startswith("-", pos) and (pos + 1 == len(t) or t[pos + 1].isspace()):
            self.pos += 1
            return True
        return False

    def parse_unary(self, case: bool) -> Node:
        self.skip_space()
        t = self.text
        # Each "-" nests one level: counted (not recursed) so "------x" cannot overflow the stack.
        negations = 0
        while (
            t.startswith("-", self.pos) and self.pos + 1 < len(t) and not t[self.pos + 1].isspace()
        ):
            self.pos += 1
            negations += 1
            self.depth += 1
            if self.depth > _MAX_DEPTH:
                raise self.error("the query is nested too deeply")
        node = self.parse_primary(case)
        self.depth -= negations
        for _ in range(negations):
            node = Not(node)
        return node

    def parse_primary(self, case: bool) -> Node:
        self.skip_space()
        t = self.text
        ch = t[self.pos]
        if ch == "(":
            self.pos += 1
            if self.at_end():
                raise self.error("missing ')'")
            if t[self.pos] == ")":
                raise self.error("empty parentheses")
            node = self.parse_or(case)
            if self.at_end() or t[self.pos] != ")":
                raise self.error("missing ')'")
            self.pos += 1
            return node
        if ch == "[":
            return self.parse_property(case)
        op = _OPERATOR.match(t, self.pos)
        if op is not None and op.group(1).lower() in OPERATORS:
            return self.parse_operator(op.group(1).lower(), op.end(), case)
        unknown = _UNKNOWN_OPERATOR.match(t, self.pos)
        if unknown is not None:
            name = unknown.group(1)
            raise self.error(
                f"unknown operator '{name}:' (the operators are "
                + ", ".join(f"{o}:" for o in OPERATORS)
                + f'); to search for the text itself, put it in quotes: "{name}:..."'
            )
        return self.parse_text(case)

    def parse_operator(self, name: str, after: int, case: bool) -> Node:
        self.pos = after
        if self.pos >= len(self.text) or self.text[self.pos].isspace():
            raise self.error(f"'{name}:' needs a value right after the colon")
        if name in ("match-case", "ignore-case"):
            return self.parse_operand(name == "match-case")
        if name == "tag":
            tags = _as_tags(self.parse_operand(case))
            if tags is None:
                raise self.error("'tag:' takes tag names, as in tag:a or tag:(a OR b)")
            return tags
        if name.startswith("task") and self.text.startswith('""', self.pos):
            self.pos += 2  # task:"" (as Obsidian users write it): every task
            return Field(name, Text("", "regex", case, compile_user("", 0)))
        return Field(name, self.parse_operand(case))

    def parse_operand(self, case: bool) -> Node:
        if self.text[self.pos] == "(":
            self.pos += 1
            if self.at_end():
                raise self.error("missing ')'")
            if self.text[self.pos] == ")":
                raise self.error("empty parentheses")
            node = self.parse_or(case)
            if self.at_end() or self.text[self.pos] != ")":
                raise self.error("missing ')'")
            self.pos += 1
            return node
        if self.text[self.pos] == "[":
            return self.parse_property(case)
        op = _OPERATOR.match(self.text, self.pos)
        if op is not None and op.group(1).lower() in OPERATORS:  # match-case:file:Case
            return self.parse_operator(op.group(1).lower(), op.end(), case)
        return self.parse_text(case)

    def property_end(self) -> int:
        """Where the property starting at ``pos`` ends: the first ``]`` outside a
        ``"phrase"`` or ``/regex/`` of its value (``[due:/^2024-0[1-3]/]``), or -1."""
        t = self.text
        i = t.find(":", self.pos, max(t.find("]", self.pos), self.pos))
        if i < 0:
            return t.find("]", self.pos)
        while i < len(t):
            ch = t[i]
            if ch == "]":
                return i
            regex = ch == "/" and (t[i - 1] in ":(-" or t[i - 1].isspace())
            if ch == '"' or regex:
                closer = ch
                i += 1
                while i < len(t) and t[i] != closer:
                    i += 2 if t[i] == "\\" else 1
                if i >= len(t):  # not closed: the value's own parser says so
                    return t.find("]", self.pos)
            i += 1
        return -1

    def parse_property(self, case: bool) -> Node:
        t = self.text
        close = self.property_end()
        if close < 0:
            raise self.error("missing ']' after a property")
        inner = t[self.pos + 1 : close]
        start = self.pos
        self.pos = close + 1
        name, colon, value = inner.partition(":")
        name = name.strip()
        if not name:
            self.pos = start
            raise self.error("a property needs a name, as in [status] or [status:done]")
        if not colon:
            return Prop(name, None)
        value = value.strip()
        if not value:
            return Prop(name, None)
        sub = _Parser(value)
        sub.depth = self.depth
        try:
            return Prop(name, sub.parse(case))
        except QueryError as exc:
            raise QueryError(f"in property [{inner}]: {exc}") from None

    def phrase(self, start: int) -> tuple[str, int]:
        """The phrase starting at ``start`` (after its opening quote) and the position after
        its closing quote; ``\\"`` stands for a quote and ``\\\\`` for a backslash in it."""
        t = self.text
        parts: list[str] = []
        pos = start
        while True:
            stop = _PHRASE_STOP.search(t, pos)
            if stop is None:
                raise self.error("missing closing '\"'")
            i = stop.start()
            if t[i] == '"':
                parts.append(t[pos:i])
                return "".join(parts), i + 1
            escaped = i + 1 < len(t) and t[i + 1] in '"\\'
            parts.append(t[pos:i] + t[i + 1] if escaped else t[pos : i + 1])
            pos = i + 2 if escaped else i + 1

    def parse_text(self, case: bool) -> Node:
        t = self.text
        ch = t[self.pos]
        if ch == '"':
            value, self.pos = self.phrase(self.pos + 1)
            if not value.strip():
                raise self.error("empty phrase")
            return Text(value, "phrase", case)
        if ch == "/":
            end = self.pos + 1
            while end < len(t) and t[end] != "/":
                end += 2 if t[end] == "\\" else 1
            if end >= len(t):
                raise self.error("missing closing '/' of a regular expression")
            source = t[self.pos + 1 : end]
            self.pos = end + 1
            if not source:
                raise self.error("empty regular expression")
            try:
                # ^ and $ anchor at line starts and ends, as users expect in notes
                flags = re.MULTILINE | (0 if case else re.IGNORECASE)
                pattern = compile_user(source, flags)
            except ValueError as exc:
                raise QueryError(f"invalid regular expression /{source}/: {exc}") from None
            return Text(source, "regex", case, pattern)
        if ch == ")":
            raise self.error("unmatched ')'")
        start = self.pos
        while self.pos < len(t) and not t[self.pos].isspace() and t[self.pos] not in "()":
            self.pos += 1
        return Text(t[start : self.pos], "word", case)


def _as_tags(node: Node) -> Node | None:
    """``tag:``'s operand with its words as tags (``tag:(a OR -b)``), or None if it holds
    anything else (a regex, an operator)."""
    if isinstance(node, Text):
        if node.kind == "regex" or not node.value.lstrip("#"):
            return None
        return TagTerm(node.value.lstrip("#"))
    if isinstance(node, Not):
        child = _as_tags(node.child)
        return None if child is None else Not(child)
    if isinstance(node, And | Or):
        children = [_as_tags(c) for c in node.children]
        if any(c is None for c in children):
            return None
        kept = tuple(c for c in children if c is not None)
        return And(kept) if isinstance(node, And) else Or(kept)
    return None


def parse_query(text: str) -> Node:
    """Parse a query string; raises QueryError with a clear message when malformed."""
    return _Parser(text).parse()
