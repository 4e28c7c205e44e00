"""The renderer's public types: what it needs from a vault, its options and its result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from notedesk.core.linkplaces import FolderLink

Theme = Literal["auto", "light", "dark"]


class RenderHost(Protocol):
    """What the renderer needs from the vault (``VaultIndex``-backed in the app)."""

    def resolve_link(self, target: str, source: str) -> str | None:
        """The vault-relative path ``target`` (as written in ``source``) points to, or None."""
        ...

    def folder_link(self, target: str, source: str) -> FolderLink | None:
        """The vault folder a Markdown link's URL-decoded path ``target`` (as written in
        ``source``) names when it names no file, with the note standing for the folder
        (its ``index.md``, else ``README.md``); None when it names no folder."""
        ...

    def read_text(self, path: str) -> str | None:
        """The text of a vault file for embeds; None if it cannot be read."""
        ...


class LinkStyle(Protocol):
    """Decides the URLs the renderer writes: ``vault://`` in the preview, relative in export."""

    def note_url(self, path: str, fragment: str) -> str:
        """URL of a resolved note; ``fragment`` is a heading slug or ``^block-id`` or ''."""
        ...

    def new_note_url(self, target: str, source: str) -> str:
        """URL of an unresolved link (following it creates the note)."""
        ...

    def asset_url(self, path: str) -> str:
        """URL of a vault file that is not a note (image, media, PDF, ...)."""
        ...

    def folder_url(self, folder: str, note: str | None) -> str:
        """URL of a vault folder ('' for the top one), whose ``index.md``/``README.md`` is
        ``note`` if it has one; '' shows the link as text."""
        ...

    def tag_url(self, tag: str) -> str:
        """URL for an inline ``#tag``; '' shows the tag without a link."""
        ...


@dataclass
class RenderOptions:
    """Settings that change the HTML; one ``Renderer`` per distinct set."""

    strict_line_breaks: bool = False
    allow_remote: bool = False
    max_embed_depth: int = 4
    # Caps the total transclusions of one render so a fan-out of embeds stays bounded.
    max_embeds: int = 100
    # Pages built around the fragment (CLI, export) use it; the preview sets its own.
    theme: Theme = "auto"
    # Block nesting beyond this renders flat; keeps 10,000-level quotes bounded.
    max_nesting: int = 50
    # Keep file: URLs (a page rendered on its own links the vault's files by them).
    file_urls: bool = False


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    slug: str
    line: int


@dataclass
class RenderResult:
    """A sanitised body fragment and what the page needs to know about it.

    ``data-line`` attributes and ``Heading.line`` are 0-based source lines of
    the whole file (frontmatter included), as the editor counts blocks.
    """

    html: str
    frontmatter: dict[str, object] | None = None
    frontmatter_error: str | None = None
    uses_math: bool = False
    uses_mermaid: bool = False
    headings: list[Heading] = field(default_factory=list)
    block_ids: list[str] = field(default_factory=list)
    embeds: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    css_classes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
