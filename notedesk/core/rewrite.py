"""Rewriting the text of one link so it keeps pointing at a file that moved.

Only the target part of a link changes; alias, heading, block and size parts,
the ``!`` of embeds, escaped table pipes and Markdown titles stay byte for byte.
The style the user wrote is kept where it still works:

- a wikilink written with *k* path components (``Note`` is 1, ``sub/Note`` is 2)
  is rewritten with the last *k* components of the new path as long as they
  still resolve to the moved file by the vault's rules (a unique name always
  does); otherwise the full vault path is written. Keeping a name that still
  resolves, even when another folder has a file of that name, is what makes
  renaming A -> B -> A give back the original bytes;
- components that did not change keep the user's spelling (case, ``.md`` or not);
- a wikilink written relative to its note (``[[./tasks]]``, ``[[../house/todo]]``)
  stays relative, from where the linking note is after the move;
- a Markdown link, and a link reference definition (``[id]: path "title"``), stays
  relative or vault-absolute (leading ``/``) as written and is re-encoded
  (``Some%20Note.md``), reusing the user's encoding of unchanged components; one
  to a folder keeps its closing ``/``.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from notedesk.core.htmllinks import html_url_span
from notedesk.core.linkedits import LinkEdit, apply_edits, line_starts, link_offset
from notedesk.core.linkrefs import DEFINITION
from notedesk.core.links import (
    NameTable,
    is_relative,
    resolve,
    resolve_markdown,
    resolve_markdown_path,
)
from notedesk.core.note import Link
from notedesk.core.vault import NOTE_SUFFIXES, is_note_path

__all__ = [
    "LinkEdit",
    "apply_edits",
    "encode_url_path",
    "line_starts",
    "link_offset",
    "resolve_link",
    "resolves_by_path",
    "restyle",
    "rewrite_link",
]


# Everything up to the first ``#``, ``|`` or ``\|``: the target part of a wikilink.
_WIKI_TARGET = re.compile(r"(?P<lead>\s*)(?P<target>(?:[^#|\\]|\\(?!\|))*?)\s*(?=#|\\?\||$)")
_MD_URL = re.compile(r"[ \t]*(?:<(?P<angle>[^<>\n]*)>|(?P<bare>[^()\s]*))")
# Characters a Markdown link destination cannot hold as they are.
_MUST_ENCODE = frozenset(' \t()<>%"`[]?#\\')


def resolve_link(link: Link, source: str, names: NameTable) -> str | None:
    """Where ``link`` in note ``source`` points, by the same rules as the vault index."""
    if link.kind == "markdown":
        return resolve_markdown(link.target, source, names)
    return resolve(link.target, source, names)


def resolves_by_path(link: Link, source: str, names: NameTable) -> bool:
    """True if a Markdown link resolves as a path (not by the name fallback)."""
    return bool(link.target) and resolve_markdown_path(link.target, source, names) is not None


def _strip_note_suffix(name: str) -> str:
    low = name.casefold()
    for suffix in NOTE_SUFFIXES:
        if low.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _has_suffix(written_last: str, target: str) -> bool:
    """Whether the written last component carries the file's extension."""
    if not is_note_path(target):
        return True
    return written_last.casefold().endswith(NOTE_SUFFIXES)


def _tail_parts(written: list[str], old_target: str, new_target: str) -> list[str]:
    """The last ``len(written)`` components of the new path, in the user's spelling."""
    k = len(written)
    new_parts = new_target.split("/")[-k:]
    old_parts = old_target.split("/")
    old_tail = old_parts[-k:] if k <= len(old_parts) else [None] * k
    with_suffix = _has_suffix(written[-1], new_target)
    out: list[str] = []
    for i, part in enumerate(new_parts):
        old = old_tail[i]
        if old == part and old is not None:
            out.append(written[i])
            continue
        if i == len(new_parts) - 1 and not with_suffix:
            part = _strip_note_suffix(part)
            old = _strip_note_suffix(old) if old is not None else None
        out.append(restyle(written[i], old, part))
    return out


def restyle(written: str, old: str | None, new: str) -> str:
    """``new`` in the letter case the user wrote ``old`` in (``feel try`` -> ``new name``).

    Only all-lower, all-upper and capitalised spellings carry over; anything
    else gets the file's own spelling. Keeping the style is what makes a
    rename there and back give the original text again.
    """
    if old is None or written == old or written.casefold() != old.casefold():
        return new
    for style in (str.lower, str.upper, str.capitalize):
        if written == style(old):
            return style(new)
    return new


def _full_path(new_target: str, written_last: str) -> str:
    if _has_suffix(written_last, new_target):
        return new_target
    return _strip_note_suffix(new_target)


def _split_lead(written: str) -> tuple[str, str]:
    """``/a/b`` -> ``("/", "a/b")``: the vault-absolute prefix."""
    text = written.replace("\\", "/")
    if text.startswith("/"):
        return "/", text.lstrip("/")
    return "", text


def _relative_target(written: str, old_target: str, new_target: str, source: str) -> str:
    """New text for a wikilink written relative to its note (``./tasks``, ``../house/todo``):
    the path from ``source``'s folder, still starting with ``./`` or ``../``."""
    text = written.replace("\\", "/")
    folder = posixpath.dirname(source)
    path = posixpath.relpath(new_target, folder) if folder else new_target
    last = text.rsplit("/", 1)[-1]
    old_last = old_target.rsplit("/", 1)[-1]
    if not _has_suffix(last, new_target):
        path = _strip_note_suffix(path)
        old_last = _strip_note_suffix(old_last)
    head, _, new_last = path.rpartition("/")
    new_last = restyle(last, old_last, new_last)
    path = f"{head}/{new_last}" if head else new_last
    return path if path.startswith("../") else "./" + path


def _name_target(
    written: str,
    old_target: str,
    new_target: str,
    source: str,
    names: NameTable,
) -> str:
    """New target text for a link that names a file by (a tail of) its vault path."""
    if is_relative(written):
        return _relative_target(written, old_target, new_target, source)
    lead, text = _split_lead(written)
    parts = text.split("/")
    new_depth = new_target.count("/") + 1
    if len(parts) <= new_depth:
        candidate = "/".join(_tail_parts(parts, old_target, new_target))
        full = len(parts) == new_depth
        if lead:
            # Written as an explicit vault path: it stays one.
            if full:
                return lead + candidate
        elif resolve(candidate, source, names) == new_target:
            return candidate
    path = _full_path(new_target, parts[-1])
    if lead:
        return lead + path
    return path if resolve(path, source, names) == new_target else new_target


def encode_url_path(path: str, reuse: dict[str, str] | None = None) -> str:
    """Percent-encode what a Markdown link destination cannot hold; keep the rest readable."""
    out: list[str] = []
    for part in path.split("/"):
        if reuse is not None and part in reuse:
            out.append(reuse[part])
            continue
        out.append(
            "".join(
                "".join(f"%{b:02X}" for b in ch.encode("utf-8"))
                if ch in _MUST_ENCODE or ord(ch) < 32 or ord(ch) == 127
                else ch
                for ch in part
            )
        )
    return "/".join(out)


def _spellings(written: str, old_target: str, new_target: str) -> dict[str, str]:
    """New path components the move left alone -> how the user wrote them (case, encoding)."""
    old_parts = set(old_target.split("/"))
    kept = [p for p in new_target.split("/") if p in old_parts]
    kept += [_strip_note_suffix(p) for p in kept] + ["..", "."]
    by_key = {c.casefold(): c for c in kept}
    reuse: dict[str, str] = {}
    for raw in written.split("/"):
        part = by_key.get(unquote(raw).casefold())
        if part is not None:
            reuse.setdefault(part, raw)
    return reuse


def _markdown_path(
    written: str, link: Link, old_target: str, new_target: str, source: str, names: NameTable
) -> str:
    """The new (still encoded) path part of a Markdown link's destination."""
    if new_target.endswith("/"):
        return _folder_url(written, new_target, source)
    reuse = _spellings(written, old_target, new_target)
    decoded = unquote(written)
    last = decoded.rsplit("/", 1)[-1]
    old_last = old_target.rsplit("/", 1)[-1]
    absolute = decoded.startswith("/")
    if absolute:
        path = new_target
    else:
        folder = posixpath.dirname(source)
        path = posixpath.relpath(new_target, folder) if folder else new_target
    if not _has_suffix(last, new_target):
        path = _strip_note_suffix(path)
        old_last = _strip_note_suffix(old_last)
    head, _, new_last = path.rpartition("/")
    if new_last not in reuse:
        new_last = restyle(last, old_last, new_last)
        path = f"{head}/{new_last}" if head else new_last
    if absolute:
        return "/" + encode_url_path(path, reuse)
    lead = "./" if decoded.startswith("./") and not path.startswith("../") else ""
    return lead + encode_url_path(path, reuse)


def _folder_url(written: str, new_folder: str, source: str) -> str:
    """The URL of a link to a folder (``docs/``, ``..``) from note ``source``: relative or
    vault-absolute as written, with a closing ``/`` if it could only name a folder."""
    decoded = unquote(written)
    folder = new_folder.strip("/")
    if decoded.startswith("/"):
        path = "/" + folder
    else:
        path = posixpath.relpath(folder or ".", posixpath.dirname(source) or ".")
        if decoded.startswith("./") and not path.startswith(".."):
            path = "./" + path if path != "." else "./"
    folder_only = decoded.endswith("/") or decoded.rsplit("/", 1)[-1] in (".", "..")
    if folder_only and not path.endswith("/") and path.rsplit("/", 1)[-1] not in (".", ".."):
        path += "/"  # [Up](..) moved up: [Up](docs/), still naming only a folder
    return encode_url_path(path)


def _rewrite_wiki(raw: str, new_text: str) -> str:
    prefix = "![[" if raw.startswith("!") else "[["
    inner = raw[len(prefix) : -2]
    m = _WIKI_TARGET.match(inner)
    if m is None:  # pragma: no cover - the pattern matches every string
        return raw
    start, end = m.span("target")
    return prefix + inner[:start] + new_text + inner[end:] + "]]"


def rewrite_link(
    link: Link,
    source: str,
    old_target: str,
    new_target: str,
    names: NameTable,
    *,
    by_path: bool | None = None,
) -> str:
    """The raw text of ``link`` rewritten to point at ``new_target`` from note ``source``.

    ``names`` is the vault as it is after the move; ``old_target`` is where the
    link pointed before. ``by_path`` tells whether a Markdown link resolved as a
    path before (True) or by name (False); None works it out from ``names``.
    """
    if link.kind == "wiki":
        new_text = _name_target(link.target, old_target, new_target, source, names)
        return _rewrite_wiki(link.raw, new_text)
    return _rewrite_markdown_as(link, old_target, new_target, source, names, by_path)


def _rewrite_markdown_as(
    link: Link,
    old_target: str,
    new_target: str,
    source: str,
    names: NameTable,
    by_path: bool | None,
) -> str:
    raw = link.raw
    span = _url_span(raw)
    if span is None:  # pragma: no cover - the parser only yields links this finds
        return raw
    start, end = span
    url = raw[start:end]
    path_part, hash_, fragment = url.partition("#")
    query = ""
    if raw.startswith("<") and "?" in path_part:  # <img src="logo.png?raw=true">
        path_part, query = path_part.split("?", 1)
        query = "?" + query
    if by_path is None:
        by_path = "/" in unquote(path_part) or resolves_by_path(link, source, names)
    if by_path:
        new_path = _markdown_path(path_part, link, old_target, new_target, source, names)
    else:
        reuse = _spellings(path_part, old_target, new_target)
        new_path = encode_url_path(
            _name_target(unquote(path_part), old_target, new_target, source, names),
            reuse,
        )
    if raw[start - 1 : start] == "<":  # <angle brackets> hold the path as it is
        new_path = unquote(new_path)
    return raw[:start] + new_path + query + hash_ + fragment + raw[end:]


def _url_span(raw: str) -> tuple[int, int] | None:
    """Where the URL is in a Markdown link, a link reference definition or an HTML tag."""
    if raw.startswith("<"):
        return html_url_span(raw)
    m = DEFINITION.match(raw)  # [id]: url "title"
    if m is None:
        m = _MD_URL.match(raw, raw.index("](") + 2)
    if m is None:
        return None
    return m.span("angle" if m.group("angle") is not None else "bare")
