"""Link target grammar and the vault's link-resolution rules.

Resolution (vault-format.md, "Internal links"), case-insensitive, ``.md`` optional
for notes, other files need their extension:

1. an exact vault-relative path wins;
2. otherwise a match in the linking note's own folder;
3. otherwise the match with the shortest path (ties: alphabetical).

A target starting with ``./`` or ``../`` is a path relative to the linking note's
folder (Obsidian's and Foam's "relative path" link format): only that file, no
rule 3. A Markdown link may also point at a folder of the vault (``docs/``,
``..``): ``resolve_markdown`` then answers the folder's path with a ``/`` at the
end (``"docs/api/"``; ``"/"`` for the vault's top folder), see ``folder_path``.

``slugify`` is shared with the renderer so ``[[Note#Heading]]`` and the heading
ids in the preview agree.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, Protocol, TypeVar, cast
from urllib.parse import unquote

from notedesk.core.nametable import NameTable, folder_path, is_folder_path

__all__ = [
    "NameTable",
    "find_heading",
    "folder_path",
    "fragment_parts",
    "heading_anchor",
    "heading_key",
    "is_external_url",
    "is_folder_path",
    "names_heading",
    "normalize_markdown_target",
    "resolve",
    "resolve_many",
    "resolve_markdown",
    "resolve_markdown_path",
    "slugify",
    "split_fragment",
]

_SLUG_DROP = re.compile(r"[^\w\- ]+")
_SLUG_DASHES = re.compile(r"[\s-]+")
_HEADING_KEY_SPLIT = re.compile(r"[\W_]+")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_RESOLVED_MEMO = 100_000  # entries of NameTable's resolution memo before it starts afresh
_UNKNOWN: Any = object()  # "not in the memo" (None is a memoised result)


def slugify(heading_text: str) -> str:
    """The anchor id of a heading: lowercase, punctuation dropped, spaces to ``-``.

    Unicode letters, digits and emoji-free word characters are kept, so
    ``Über uns`` becomes ``über-uns``; an empty result becomes ``section``.
    """
    text = unicodedata.normalize("NFC", heading_text).strip().casefold()
    text = _SLUG_DROP.sub("", text)
    text = _SLUG_DASHES.sub("-", text).strip("-")
    return text or "section"


class _Heading(Protocol):
    @property
    def level(self) -> int: ...

    @property
    def text(self) -> str: ...

    @property
    def slug(self) -> str: ...


_H = TypeVar("_H", bound=_Heading)


def heading_key(text: str) -> str:
    """A heading as Obsidian compares it with a link's ``#fragment``.

    Obsidian writes a link to ``D&D`` or ``TCP/IP Model`` as ``#D D`` and
    ``#TCP IP Model``: punctuation becomes a space and runs of spaces shrink, so
    every run of non-letters/digits counts as one separator here, case ignored.
    """
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(part for part in _HEADING_KEY_SPLIT.split(text) if part)


def find_heading(fragment: str, headings: Sequence[_H]) -> _H | None:
    """The heading ``Heading#Sub`` names in a note (the last of the chain, each part a
    subheading of the one before: after it, within its section), or None; block refs
    (``^id``) name no heading.

    A part names a heading when its ``slugify`` equals the heading's slug (the
    preview's anchors, GitHub style) or its ``heading_key`` equals the heading's
    (Obsidian's links, ``#D D`` for ``D&D``).
    """
    parts = fragment_parts(fragment)
    if not parts or parts[-1].startswith("^"):
        return None
    position = 0
    found: _H | None = None
    for part in parts:
        slug, key = slugify(part), heading_key(part)
        for i in range(position, len(headings)):
            heading = headings[i]
            if found is not None and heading.level <= found.level:
                return None  # past the section of the part before
            if heading.slug == slug or heading_key(heading.text) == key:
                position, found = i + 1, heading
                break
        else:
            return None
    return found


def heading_anchor(fragment: str, headings: Sequence[_Heading]) -> str:
    """The anchor a link's ``#fragment`` lands on in a note with ``headings``: a block ref
    (``^id``) as written, else the slug of the heading it names (``find_heading``), else
    the slug of its last part."""
    parts = fragment_parts(fragment)
    if not names_heading(fragment):
        return parts[-1] if parts else ""
    found = find_heading(fragment, headings)
    return found.slug if found is not None else slugify(parts[-1])


def names_heading(fragment: str) -> bool:
    """Whether a link's ``#fragment`` names a heading (not nothing, not a ``^block``)."""
    parts = fragment_parts(fragment)
    return bool(parts) and not parts[-1].startswith("^")


def split_fragment(target: str) -> tuple[str, str | None]:
    """``Note#Heading#Sub`` -> ``("Note", "Heading#Sub")``; no ``#`` -> fragment None."""
    cut = target.find("#")
    if cut < 0:
        return target.strip(), None
    return target[:cut].strip(), target[cut + 1 :].strip()


def fragment_parts(fragment: str) -> list[str]:
    """The heading chain of a fragment (``A#B`` -> ``["A", "B"]``); block refs keep ``^``."""
    return [part.strip() for part in fragment.split("#") if part.strip()]


def is_external_url(target: str) -> bool:
    """True for ``http:``, ``mailto:``, ``obsidian:`` and any other URL scheme."""
    return _SCHEME.match(target) is not None and _DRIVE.match(target) is None


def normalize_markdown_target(url: str, source: str) -> str | None:
    """The vault path a Markdown link's URL points at (decoded, made vault-relative).

    ``source`` is the linking note's vault path. Returns None for external URLs
    and for paths leaving the vault. A leading ``/`` means vault-absolute.
    """
    joined = _join_markdown(url, source)
    return None if joined is None or joined == "." else joined


def _join_markdown(url: str, source: str) -> str | None:
    """A Markdown link's URL as a normalized vault path (``"."``: the vault's top folder),
    or None for an external URL or a path leaving the vault."""
    url = url.strip()
    if url.startswith("<") and url.endswith(">"):
        url = url[1:-1]
    if not url or is_external_url(url):
        return None
    path = unquote(url)
    if path.startswith("/"):
        joined = posixpath.normpath(path.lstrip("/") or ".")
    else:
        folder = posixpath.dirname(source)
        joined = (
            posixpath.normpath(posixpath.join(folder, path)) if folder else posixpath.normpath(path)
        )
    if joined.startswith("../") or joined == "..":
        return None
    return joined


def _names_folder(url: str) -> bool:
    """``docs/``, ``.``, ``..``, ``../..``: a URL that can only mean a folder."""
    path = unquote(url.strip()).rstrip()
    return path.endswith("/") or path.rsplit("/", 1)[-1] in (".", "..")


def resolve(target: str, source: str, names: NameTable) -> str | None:
    """The vault path ``target`` (no fragment) links to from note ``source``, or None.

    An empty target means the linking note itself (``[[#Heading]]``); one starting
    with ``./`` or ``../`` is a path from the linking note's folder.
    """
    folder = source.rpartition("/")[0]
    memo = names._resolved
    memo_key = (target, folder)
    # get() with a default, not "in" then []: another thread may clear the memo between.
    found = memo.get(memo_key, _UNKNOWN)
    if found is not _UNKNOWN:
        return cast("str | None", found)
    key = target.strip().replace("\\", "/")
    if is_relative(key):
        joined = posixpath.normpath(posixpath.join(folder, key))
        result = None
        if joined != "." and joined != ".." and not joined.startswith("../"):
            result = names.lookup_exact(joined, joined)
    else:
        key = key.lstrip("/")
        if not key:
            return source if source in names else None
        exact, shortest = names.global_matches(key)
        if exact is None and folder:
            exact = names.lookup_exact(f"{folder}/{key}", f"{folder}/{key}")
        result = exact if exact is not None else shortest
    if len(memo) >= _RESOLVED_MEMO:
        memo.clear()
    memo[memo_key] = result
    return result


def is_relative(target: str) -> bool:
    """``./x``, ``../x`` (or ``.\\x``): a link target relative to the linking note's folder."""
    key = target.strip().replace("\\", "/")
    return key.startswith(("./", "../")) or key in (".", "..")


def resolve_markdown(target: str, source: str, names: NameTable) -> str | None:
    """``resolve`` for a Markdown link's (URL-decoded) target: the file at the path relative
    to the note (or vault-absolute) first, then the folder there (``folder_path``), then
    the wikilink rules. A target only a folder can be (``docs/``, ``..``) is a folder."""
    if target:
        if _join_markdown(target, source) is None:
            return None
        found = resolve_markdown_path(target, source, names)
        if found is not None or _names_folder(target):
            return found
    return resolve(target, source, names)


def resolve_markdown_path(target: str, source: str, names: NameTable) -> str | None:
    """The file, or else the folder, at a Markdown link's path (no name rules), or None."""
    path = _join_markdown(target, source)
    if path is None:
        return None
    if path == "." or _names_folder(target):
        return names.folder(path)
    found = names.lookup_exact(path, path)
    return found if found is not None else names.folder(path)


def names_fingerprint(paths: Iterable[str]) -> str:
    """A digest of a set of file names (resolutions made against it hold while it is equal)."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
    return digest.hexdigest()


def resolve_many(targets: Sequence[str], source: str, names: NameTable) -> list[str | None]:
    """``resolve`` for each of one note's link targets: mostly a memo look-up each."""
    memo = names._resolved
    folder = source.rpartition("/")[0]
    out: list[str | None] = []
    for target in targets:
        found = memo.get((target, folder), _UNKNOWN)
        out.append(resolve(target, source, names) if found is _UNKNOWN else found)
    return out
