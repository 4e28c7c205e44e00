"""An exported site's home page: the vault's notes in its folders, as the file tree shows them.

Plain HTML with no script: a folder is a ``<details>`` (closed, like the app's tree at
first; a browser's find in page opens it, and so does a link to the folder's list, whose
id is ``linkstyle.folder_anchor``), folders before notes, each in natural order.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it.common.utils import escapeHtml

from notedesk.core.natsort import natural_key
from notedesk.core.render.linkstyle import folder_anchor


@dataclass
class _Node:
    folders: dict[str, _Node] = field(default_factory=dict)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (shown name, vault path)

    def count(self) -> int:
        return len(self.notes) + sum(f.count() for f in self.folders.values())


def _order(name: str) -> tuple[object, str]:
    return (natural_key(name), name)


def _tree(notes: list[str]) -> _Node:
    root = _Node()
    for note in notes:
        node = root
        *folders, name = note.split("/")
        for folder in folders:
            node = node.folders.setdefault(folder, _Node())
        node.notes.append((posixpath.splitext(name)[0], note))
    return root


def _items(node: _Node, href: Callable[[str], str], where: str = "") -> str:
    rows: list[str] = []
    for name in sorted(node.folders, key=_order):
        child = node.folders[name]
        path = f"{where}/{name}" if where else name
        # The id is inside the closed <details>: a link to it opens the folder there.
        rows.append(
            f'<li class="site-folder"><details><summary>{escapeHtml(name)} '
            f'<span class="site-count">{child.count()}</span></summary>\n'
            f'<ul id="{escapeHtml(folder_anchor(path))}">\n{_items(child, href, path)}</ul>\n'
            "</details></li>\n"
        )
    for shown, note in sorted(node.notes, key=lambda item: (*_order(item[0]), item[1])):
        rows.append(f'<li class="site-note"><a href="{href(note)}">{escapeHtml(shown)}</a></li>\n')
    return "".join(rows)


def home_body(notes: list[str], href: Callable[[str], str], title: str = "Notes") -> str:
    """The home page's HTML: a title and the folder tree of ``notes`` (vault paths);
    ``href`` gives the URL of a note's page from the home page."""
    return (
        f'<h1>{escapeHtml(title)}</h1>\n<ul class="site-tree">\n{_items(_tree(notes), href)}</ul>\n'
    )
