"""Attachments (the vault's files that are not notes) in search results.

``file:`` and ``path:`` match any file of the vault; every other test (words,
phrases, tags, properties, ``content:``, ``line:``, ``task:`` ...) is false for
an attachment, as it has no text to look in. Attachments are looked at only when
the query holds a ``file:`` or ``path:`` term not under a ``-``, so ``-word``
alone never lists every image of the vault.
"""

from __future__ import annotations

from notedesk.core.query import And, Field, Node, Not, Or, Text
from notedesk.core.search_doc import Scope
from notedesk.core.search_eval import evaluate_text

__all__ = ["file_matches", "wants_files"]


def wants_files(node: Node, negated: bool = False) -> bool:
    """Whether ``node`` may match an attachment: it asks for a file name or path."""
    if isinstance(node, Field):
        return node.op in ("file", "path") and not negated
    if isinstance(node, (And, Or)):
        return any(wants_files(c, negated) for c in node.children)
    if isinstance(node, Not):
        return wants_files(node.child, not negated)
    return False


def file_matches(node: Node, path: str, scope: Scope | None = None) -> bool:
    """Whether the attachment at ``path`` matches ``node`` (by its name and path alone)."""
    if isinstance(node, Text):
        return scope is not None and evaluate_text(node, scope)
    if isinstance(node, And):
        return all(file_matches(c, path, scope) for c in node.children)
    if isinstance(node, Or):
        return any(file_matches(c, path, scope) for c in node.children)
    if isinstance(node, Not):
        return not file_matches(node.child, path, scope)
    if isinstance(node, Field) and node.op == "file":
        return file_matches(node.child, path, Scope(path.rsplit("/", 1)[-1], boundary=False))
    if isinstance(node, Field) and node.op == "path":
        return file_matches(node.child, path, Scope(path, boundary=False))
    return False  # tags, properties and the text operators: an attachment has none
