"""Tab titles: a note's name, and where names collide, as much of its folder as tells
the notes apart (``index — guide``, ``index — docs``), as code editors do. A note and
another file of the same name (``LICENSE.md``, ``LICENSE``) are told apart by the
note's extension."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

SEPARATOR = " — "


def file_title(path: str) -> str:
    """The name shown for a file: a note without its ``.md``, any other file as it is."""
    name = path.rsplit("/", 1)[-1]
    return name[: -len(".md")] if name.lower().endswith(".md") else name


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _folder_tail(parts: list[str], count: int) -> str:
    return "/".join(parts[-count:]) if count else ""


def tab_titles(paths: Sequence[str], top_folder: str) -> list[str]:
    """One title per path, in order. Paths whose titles are the same (ignoring case)
    get the shortest end of their folder that differs from the others' (``top_folder``
    names the vault's top folder); the same path twice keeps one title."""
    titles = [file_title(p) for p in paths]
    groups: dict[str, list[int]] = defaultdict(list)
    for i, title in enumerate(titles):
        groups[title.casefold()].append(i)
    for members in list(groups.values()):
        names = {_name(paths[i]).casefold() for i in members}
        if len(names) < 2:
            continue
        # LICENSE.md and LICENSE: the note shows its extension too.
        for i in members:
            titles[i] = _name(paths[i])
    groups.clear()
    for i, title in enumerate(titles):
        groups[title.casefold()].append(i)
    for members in groups.values():
        folders = {paths[i].rpartition("/")[0] for i in members}
        if len(folders) < 2:
            continue
        split = {f: f.split("/") if f else [] for f in folders}
        longest = max(len(parts) for parts in split.values())
        for count in range(1, longest + 1):
            tails = [_folder_tail(parts, count) for parts in split.values()]
            if len(set(tails)) == len(tails):
                break
        for i in members:
            tail = _folder_tail(split[paths[i].rpartition("/")[0]], count)
            titles[i] += SEPARATOR + (tail or top_folder)
    return titles
