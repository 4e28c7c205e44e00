"""The URLs the preview uses for links, and what a click on each one means.

``vault://note/<path>#<fragment>``  a resolved note (opens in the app)
``vault://new/<target>?from=<src>`` an unresolved link: a folder is shown, else the note created
``vault://asset/<path>``            a vault file (opens with the system)
``vault://folder/<path>``           a vault folder ('' the top one): its index/README note, else
                                    shown in the file tree
``vault://tag/<tag>``               a tag (shows the tag's notes)
``http(s):``, ``mailto:``           external (opens in the system browser)
anything else                       refused, with a reason
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qs, quote, unquote, urlsplit

LinkKind = Literal["note", "new", "asset", "folder", "tag", "external", "anchor", "refused"]
EXTERNAL_SCHEMES = ("http", "https", "mailto")


@dataclass(frozen=True)
class PreviewLink:
    kind: LinkKind
    path: str = ""
    fragment: str = ""
    source: str = ""
    url: str = ""
    reason: str = ""


def note_url(path: str, fragment: str = "") -> str:
    url = "vault://note/" + quote(path, safe="/")
    return f"{url}#{quote(fragment, safe='')}" if fragment else url


def new_note_url(target: str, source: str) -> str:
    return "vault://new/" + quote(target, safe="/") + "?from=" + quote(source, safe="")


def asset_url(path: str) -> str:
    return "vault://asset/" + quote(path, safe="/")


def folder_url(folder: str) -> str:
    return "vault://folder/" + quote(folder.strip("/"), safe="/")


def tag_url(tag: str) -> str:
    return "vault://tag/" + quote(tag.lstrip("#"), safe="/")


def parse_preview_href(href: str) -> PreviewLink:
    """Classify a clicked URL; never raises."""
    try:
        parts = urlsplit(href)
    except ValueError:
        return PreviewLink("refused", url=href, reason="not a valid address")
    scheme = parts.scheme.lower()
    if not scheme and href.startswith("#"):
        return PreviewLink("anchor", fragment=unquote(href[1:]))
    if scheme == "vault":
        path = unquote(parts.path.lstrip("/"))
        fragment = unquote(parts.fragment)
        if parts.netloc == "new" and path:
            # The target as written, relative to the linking note (`..` included): the
            # app decides what it names (a folder, a place outside the vault, a new note).
            source = parse_qs(parts.query).get("from", [""])[0]
            return PreviewLink("new", path=path, fragment=fragment, source=source, url=href)
        if parts.netloc == "folder" and ".." not in path.split("/"):
            return PreviewLink("folder", path=path.strip("/"), url=href)
        if ".." in path.split("/") or not path:
            return PreviewLink("refused", url=href, reason="the path leaves the vault")
        if parts.netloc == "note":
            return PreviewLink("note", path=path, fragment=fragment, url=href)
        if parts.netloc == "asset":
            return PreviewLink("asset", path=path, fragment=fragment, url=href)
        if parts.netloc == "tag":
            return PreviewLink("tag", path=path, url=href)
        return PreviewLink("refused", url=href, reason="unknown kind of vault link")
    if scheme in EXTERNAL_SCHEMES:
        return PreviewLink("external", url=href)
    if scheme in ("file", "javascript", "data", "vbscript"):
        return PreviewLink("refused", url=href, reason=f"{scheme}: links are not opened from notes")
    return PreviewLink(
        "refused", url=href, reason=f"links of the kind {scheme or 'unknown'}: are not opened"
    )


def new_note_path(target: str, source: str, folder: str | None = None) -> str:
    """Where an unresolved link creates its note: the path given, else in ``folder``
    (the vault's new-note folder; None: beside the source)."""
    target = target.strip()
    here = source.rpartition("/")[0]
    if target.startswith(("./", "../")):  # written relative to the note: made vault-relative
        target = posixpath.normpath(posixpath.join(here, target))
    target = target.strip("/")
    if not target.lower().endswith(".md"):
        target += ".md"
    if "/" in target:
        return target
    folder = here if folder is None else folder.strip("/")
    return f"{folder}/{target}" if folder else target


def shown_link(link: PreviewLink) -> str:
    """A link as the user wrote it, for messages (never one of the preview's own URLs)."""
    if link.url.startswith("vault:"):
        return link.path or "this link"
    return link.url
