"""The text of a link notedesk writes into a note: one place for every inserted link.

``LinkWriter.link(path, source, ...)`` answers the wikilink (``[[Sub/Dup]]``,
``![[Engelbart.jpg]]``, ``[[Note#Heading|shown]]``) or Markdown link
(``[Dup](Sub/Dup.md)``, ``![](assets/x.png)``) that points at ``path`` from note
``source`` under the vault's own resolution rules (``notedesk.core.links``): each
form is checked with the resolver before it is written, so a name another file
also has never sends the link to that other file.

``LinkStyle`` carries the two Obsidian settings that shape the text
(``.obsidian/app.json``: ``useMarkdownLinks`` and ``newLinkFormat``, read by
``notedesk.core.vaultconfig.link_style``):

- ``shortest`` (the default): the fewest trailing path components that resolve to
  the file (``Dup``, else ``Sub/Dup``, ...), else the full vault path;
- ``relative``: the path from the source note's folder (``../assets/x.png``);
- ``absolute``: the full vault path.

A heading's text is written as Obsidian writes it: the characters a link cannot
hold (``# | ^ : %% [[ ]]``) become spaces (``heading_link_text``).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import quote

from notedesk.core.links import is_relative, normalize_markdown_target
from notedesk.core.vault import NOTE_SUFFIXES, is_note_path

# (link target without fragment, linking note, "wiki" | "markdown") -> the vault path, or None
Resolver = Callable[[str, str, str], "str | None"]

LINK_FORMATS = ("shortest", "relative", "absolute")
_NOT_IN_LINKS = re.compile(r"\[|\]|%%|[#|^:\n\r]")
_SPACES = re.compile(r"\s+")
# Left as they are in a Markdown link's URL (as Obsidian's encodeURI leaves them), the
# rest percent-encoded: spaces, "#", "%", brackets, parentheses, non-ASCII.
_URL_SAFE = "/!$&'*+,;=@~-._"


@dataclass(frozen=True)
class LinkStyle:
    """How links are written: wikilinks or Markdown links, and which path form."""

    markdown: bool = False
    new_link_format: str = "shortest"


def heading_link_text(heading: str) -> str:
    """A heading as a link's ``#fragment``: ``C# tips: part 1`` -> ``C tips part 1``."""
    return _SPACES.sub(" ", _NOT_IN_LINKS.sub(" ", heading)).strip()


def link_label(text: str) -> str:
    """Shown text safe inside ``[[...|text]]`` or ``[text](...)``: no brackets or pipes."""
    return _SPACES.sub(" ", re.sub(r"[\[\]|]", " ", text)).strip()


def _stem(path: str) -> str:
    if is_note_path(path):
        low = path.lower()
        for suffix in NOTE_SUFFIXES:
            if low.endswith(suffix):
                return path[: -len(suffix)]
    return path


class LinkWriter:
    """Writes links that resolve to their file, in the vault's link style.

    ``resolver`` answers where a link target goes (``Index.resolve_link``); None:
    nothing is known about the vault, every link gets its full vault path.
    """

    def __init__(self, resolver: Resolver | None, style: LinkStyle | None = None) -> None:
        self.resolver = resolver
        self.style = style or LinkStyle()

    def with_new_files(self, paths: Iterable[str]) -> LinkWriter:
        """A writer that also knows ``paths`` (just written, not yet in the index)."""
        base = self.resolver
        if base is None:
            return self
        return LinkWriter(_overlay(base, list(paths)), self.style)

    # -- the whole link ------------------------------------------------------------

    def link(
        self,
        path: str,
        source: str,
        *,
        heading: str | None = None,
        block: str | None = None,
        alias: str | None = None,
        embed: bool = False,
    ) -> str:
        """The link to ``path`` (optionally its ``heading`` or ``^block``) from ``source``."""
        fragment = ""
        if block:
            fragment = "^" + block
        elif heading:
            fragment = heading_link_text(heading)
        same_note = path == source and bool(fragment)
        bang = "!" if embed else ""
        if self.style.markdown:
            url = "" if same_note else quote(self.target(path, source), safe=_URL_SAFE)
            if fragment:
                url += "#" + quote(fragment, safe=_URL_SAFE)
            label = link_label(alias) if alias else ""
            if not label and not embed:
                name = posixpath.basename(_stem(path))
                label = link_label(
                    heading or fragment if same_note else f"{name} > {heading}" if heading else name
                )
            return f"{bang}[{label}]({url})"
        target = "" if same_note else self.target(path, source)
        if fragment:
            target += "#" + fragment
        shown = link_label(alias) if alias else ""
        return f"{bang}[[{target}|{shown}]]" if shown else f"{bang}[[{target}]]"

    def mention_link(self, path: str, source: str, mentioned: str) -> str:
        """The link replacing the plain-text mention ``mentioned`` of ``path`` in
        ``source``: the mention stays the shown text (``[[Sub/Dup|Dup]]``) unless the
        link already reads the same (``[[Dup]]``)."""
        if not self.style.markdown and self.target(path, source) == mentioned:
            return self.link(path, source)
        return self.link(path, source, alias=mentioned)

    # -- the path part -------------------------------------------------------------

    def target(self, path: str, source: str) -> str:
        """The link's path part (not URL-encoded): what resolves to ``path`` from ``source``."""
        markdown = self.style.markdown
        full = path if markdown else _stem(path)
        for candidate in self._candidates(full, source):
            if self._resolves(candidate, source, path):
                return candidate
        if markdown and not self._resolves(full, source, path):
            return "/" + full
        return full

    def _candidates(self, full: str, source: str) -> list[str]:
        fmt = self.style.new_link_format
        if fmt == "absolute":
            return [full]
        if fmt == "relative":
            rel = posixpath.relpath(full, posixpath.dirname(source) or ".")
            return [rel] if is_relative(rel) else [rel, "./" + rel]
        parts = full.split("/")
        return ["/".join(parts[-n:]) for n in range(1, len(parts) + 1)]

    def _resolves(self, candidate: str, source: str, path: str) -> bool:
        if self.resolver is None:
            return candidate == (path if self.style.markdown else _stem(path))
        kind = "markdown" if self.style.markdown else "wiki"
        return self.resolver(candidate, source, kind) == path


def _overlay(base: Resolver, extra: list[str]) -> Resolver:
    """``base`` as if the files ``extra`` were in the vault too (same rules: exact path,
    then the linking note's folder, then the shortest path)."""

    def resolve(target: str, source: str, kind: str) -> str | None:
        found = base(target, source, kind)
        if kind == "markdown":
            joined = normalize_markdown_target(target, source)
            if joined is not None:
                for path in extra:
                    if joined.casefold() in _keys(path):
                        return path
                if found is not None and joined.casefold() in _keys(found):
                    return found
        key = target.strip().replace("\\", "/")
        folder = posixpath.dirname(source)
        if is_relative(key):
            joined = posixpath.normpath(posixpath.join(folder, key)).casefold()
            return next((p for p in extra if joined in _keys(p)), found)
        ranked = [(r, p) for p in [*extra, found] if p for r in [_rank(p, key, folder)] if r]
        return min(ranked)[1] if ranked else found

    return resolve


def _keys(path: str) -> tuple[str, ...]:
    low = path.casefold()
    bare = _stem(path).casefold()
    return (low, bare) if bare != low else (low,)


def _rank(path: str, key: str, folder: str) -> tuple[int, int, int, str] | None:
    """How well ``path`` answers link ``key`` (lower wins), None when it does not."""
    low = key.lstrip("/").casefold()
    keys = _keys(path)
    if low in keys:
        return (0, 0, 0, "")
    if folder and f"{folder}/{low}".casefold() in keys:
        return (1, 0, 0, "")
    if any(k.endswith("/" + low) for k in keys):
        return (2, path.count("/"), len(path), path.casefold())
    return None
