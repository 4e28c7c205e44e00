"""Line-based three-way merge of a note, and the edits that turn one text into another.

``merge3(base, mine, theirs)`` combines two versions that both started from
``base``: each side's changes are found by aligning it with ``base``
(:class:`difflib.SequenceMatcher`), and the changes go together when they
touch different lines of ``base``. A change both sides made identically is
taken once. Anything else is a conflict (None): two different changes to the
same lines, an insertion inside the other side's changed lines, or two
different insertions at the same place (their order would be a guess).

Texts have LF line ends (the document's editor text). A text is taken as its
lines separated by ``"\\n"``, so a missing final newline is no line of its own:
text typed at the end of the last line and a line appended after it by the
other side merge.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from notedesk.core.commonends import common_ends, common_prefix, common_suffix

__all__ = [
    "Hunk",
    "TextEdit",
    "apply_edits",
    "changed_lines",
    "hunks",
    "line_edits",
    "merge3",
]


@dataclass(frozen=True, order=True)
class Hunk:
    """Lines ``start:end`` of the old text replaced by ``lines`` (an insertion if empty)."""

    start: int
    end: int
    lines: tuple[str, ...]


@dataclass(frozen=True)
class TextEdit:
    """Characters ``start:end`` (code points) of the old text replaced by ``text``."""

    start: int
    end: int
    text: str


def _lines(text: str) -> list[str]:
    return text.split("\n")


# Aligning n old with m new lines costs up to about n*m steps (more with many equal
# lines): past this, the changed middle is taken as one change (a merge then
# conflicts rather than keep the UI waiting; a patch replaces the middle whole).
_ALIGN_BUDGET = 250_000


def hunks(old: list[str], new: list[str]) -> list[Hunk]:
    """The changed line ranges from ``old`` to ``new``, in order, never touching each other."""
    # Lines both start and end with are no part of any change: only the middle is aligned.
    head, tail = common_ends(old, new)
    a, b = old[head : len(old) - tail], new[head : len(new) - tail]
    if not a and not b:
        return []
    if not a or not b or len(a) * len(b) > _ALIGN_BUDGET:
        return [Hunk(head, head + len(a), tuple(b))]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [
        Hunk(head + i1, head + i2, tuple(b[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _clash(a: Hunk, b: Hunk) -> bool:
    """Two changes from different sides that cannot both be applied."""
    if a == b:
        return False  # the same change on both sides: taken once
    if a.start == a.end and b.start == b.end:
        return a.start == b.start  # two insertions at one place: which goes first?
    if a.start == a.end:
        return b.start < a.start < b.end  # an insertion inside the other's changed lines
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end  # overlapping changed lines


def merge3(base: str, mine: str, theirs: str) -> str | None:
    """The text with both sides' changes to ``base``, or None if they conflict."""
    if mine == theirs or theirs == base:
        return mine
    if mine == base:
        return theirs
    old = _lines(base)
    ours, others = hunks(old, _lines(mine)), hunks(old, _lines(theirs))
    if any(_clash(a, b) for a in ours for b in others):
        return None
    # Changes from both sides in base order; at one line an insertion goes first
    # (it stands before that line), so the order never depends on the side.
    merged: list[str] = []
    done = 0
    for hunk in sorted(set(ours) | set(others), key=lambda h: (h.start, h.end != h.start)):
        merged.extend(old[done : hunk.start])
        merged.extend(hunk.lines)
        done = hunk.end
    merged.extend(old[done:])
    return "\n".join(merged)


def line_edits(old: str, new: str) -> list[TextEdit]:
    """Edits turning ``old`` into ``new``, one per changed line range, first to last.

    Each edit leaves out the characters its range keeps at either end, so a
    cursor in an untouched part of a changed line is not moved by it.
    """
    old_lines = _lines(old)
    # Offsets of each line's start; line k of the text plus "\n" ends where k+1 starts.
    starts = [0]
    for line in old_lines:
        starts.append(starts[-1] + len(line) + 1)
    edits = []
    for hunk in hunks(old_lines, _lines(new)):
        # In old + "\n" the lines are each followed by "\n", so are their replacements.
        start, end = starts[hunk.start], starts[hunk.end]
        text = "".join(line + "\n" for line in hunk.lines)
        if start > len(old):  # lines added after the last one: a line break, then them
            start, end, text = len(old), len(old), "\n" + text[:-1]
        elif end > len(old):  # the range takes the final line; give back the "\n" added above
            if text:
                end, text = end - 1, text[:-1]
            else:  # the last lines deleted: with the line break before them instead
                start, end = start - 1, end - 1
        edits.append(_trimmed(old, TextEdit(start, end, text)))
    return edits


def _trimmed(old: str, edit: TextEdit) -> TextEdit:
    removed, text = old[edit.start : edit.end], edit.text
    head, tail = common_ends(removed, text)
    return TextEdit(edit.start + head, edit.end - tail, text[head : len(text) - tail])


def apply_edits(old: str, edits: list[TextEdit]) -> str:
    """``old`` with ``edits`` (as :func:`line_edits` returns them) applied."""
    parts = []
    done = 0
    for edit in edits:
        parts.append(old[done : edit.start])
        parts.append(edit.text)
        done = edit.end
    parts.append(old[done:])
    return "".join(parts)


def changed_lines(old: str, new: str) -> tuple[int, int, int]:
    """``(start, old_end, new_end)``: ``old[start:old_end]`` becomes ``new[start:new_end]``,
    the rest is the same in both. ``start`` is a line's start, the ends are line ends."""
    prefix = common_prefix(old, new)
    suffix = common_suffix(old, new, min(len(old), len(new)) - prefix)
    start = old.rfind("\n", 0, prefix) + 1
    old_end, new_end = len(old) - suffix, len(new) - suffix
    line_end = old.find("\n", old_end)
    if line_end < 0:
        line_end = len(old)
    return start, line_end, new_end + (line_end - old_end)
