"""The one allow-list every rendered note passes through (nh3), and remote-media blocking."""

from __future__ import annotations

import html
import re

import nh3

_TAGS = (set(nh3.ALLOWED_TAGS) - {"area", "map"}) | {
    "input", "audio", "video", "source", "track", "section", "mark", "details", "summary",
    "figure", "figcaption", "s", "del", "ins", "sup", "sub", "kbd", "abbr", "time", "hr",
}  # fmt: skip

# Removed together with their content: active content, and markup whose text is noise.
_DROP_WITH_CONTENT = {
    "script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math",
    "title", "textarea", "select", "xmp", "noembed", "noframes", "plaintext", "frameset",
    "applet", "head",
}  # fmt: skip

_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang", "dir", "style", "role", "align"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "checked", "disabled"},
    "audio": {"src", "controls", "loop", "muted", "preload"},
    "video": {"src", "controls", "loop", "muted", "preload", "width", "height", "poster"},
    "source": {"src", "type"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "details": {"open"},
    "time": {"datetime"},
    "col": {"span"},
    "colgroup": {"span"},
}

_STYLE_PROPERTIES = {
    "color", "background-color", "text-align", "text-decoration", "font-weight", "font-style",
    "font-size", "font-family", "font-variant", "line-height", "letter-spacing", "white-space",
    "vertical-align", "width", "height", "max-width", "min-width", "max-height", "min-height",
    "margin", "margin-top", "margin-bottom", "margin-left", "margin-right", "padding",
    "padding-top", "padding-bottom", "padding-left", "padding-right", "border", "border-top",
    "border-bottom", "border-left", "border-right", "border-color", "border-style",
    "border-width", "border-radius", "border-collapse", "display", "float", "clear",
    "text-indent", "text-transform", "opacity", "list-style-type", "direction",
}  # fmt: skip

_URL_ATTRS = frozenset({"href", "src", "poster"})
_SAFE_DATA_IMAGE = re.compile(r"^data:image/(?:png|jpe?g|gif|webp|bmp|avif);", re.IGNORECASE)
_STYLE_TRICKS = re.compile(r"url\s*\(|expression|@import|image-set|\\|/\*|behavior|binding", re.I)


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "style":
        return None if _STYLE_TRICKS.search(value) else value
    if attr in _URL_ATTRS and value.strip().lower().startswith("data:"):
        ok = tag == "img" and attr == "src" and _SAFE_DATA_IMAGE.match(value.strip())
        return value if ok else None
    if tag == "input" and attr == "type":
        return value if value.lower() == "checkbox" else None
    return value


_CLEANER_ARGS: dict[str, object] = dict(
    tags=_TAGS,
    clean_content_tags=_DROP_WITH_CONTENT,
    attributes=_ATTRIBUTES,
    attribute_filter=_attribute_filter,
    generic_attribute_prefixes={"data-", "aria-"},
    filter_style_properties=_STYLE_PROPERTIES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)
_SCHEMES = {"http", "https", "mailto", "tel", "vault", "data"}
_CLEANER = nh3.Cleaner(url_schemes=_SCHEMES, **_CLEANER_ARGS)  # type: ignore[arg-type]
# A page rendered on its own (``notedesk render``) links the vault's files by file: URL.
_FILE_CLEANER = nh3.Cleaner(url_schemes=_SCHEMES | {"file"}, **_CLEANER_ARGS)  # type: ignore[arg-type]


def sanitize(fragment: str, *, file_urls: bool = False) -> str:
    """Keep only the allow-listed tags, attributes and URL schemes (``file:`` too with
    ``file_urls``)."""
    if "<iframe" in fragment or "<IFRAME" in fragment or "<Iframe" in fragment:
        fragment = _IFRAME.sub(lambda m: web_page_placeholder(_iframe_src(m.group(1))), fragment)
    return (_FILE_CLEANER if file_urls else _CLEANER).clean(fragment)


# An <iframe> written in a note (frames are never loaded), with its fallback content.
_IFRAME = re.compile(
    r"<iframe\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>(?:.*?</iframe\s*>)?", re.IGNORECASE | re.DOTALL
)
_SRC = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_WEB = re.compile(r"^https?://", re.IGNORECASE)


def _iframe_src(attrs: str) -> str:
    m = _SRC.search(attrs)
    return "" if m is None else html.unescape(next(g for g in m.groups() if g is not None))


def web_page_placeholder(url: str) -> str:
    """What stands for an embedded web page (an ``<iframe>``, a YouTube video): its address,
    as a link that opens in the browser when it is a web address."""
    text = html.escape(url.strip())
    shown = (
        f'<a class="external-link" href="{text}">{text}</a>' if _WEB.match(url.strip()) else text
    )
    return (
        f'<span class="remote-media" data-kind="web page" data-url="{text}">'
        f'<span class="remote-media-label">Web page not embedded</span> '
        f'<span class="remote-media-url">{shown}</span></span>'
    )


# Attribute values may hold ">", so a tag runs to the first ">" outside quotes.
_MEDIA_TAG = re.compile(r'<(img|audio|video|source|track)\b((?:[^>"]|"[^"]*")*)>')
_URL_ATTR = re.compile(r'\s(src|poster)="([^"]*)"')
_REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)

KIND_LABELS = {
    "img": "image",
    "audio": "audio",
    "video": "video",
    "source": "media",
    "track": "media",
}


def _placeholder(tag: str, url: str) -> str:
    text = html.escape(html.unescape(url))
    return (
        f'<span class="remote-media" data-kind="{KIND_LABELS[tag]}" data-url="{text}">'
        f'<span class="remote-media-label">Remote {KIND_LABELS[tag]} not loaded</span> '
        f'<span class="remote-media-url">{text}</span></span>'
    )


def block_remote_media(fragment: str) -> str:
    """Replace remote images (and remote media sources) by a placeholder showing the URL.

    Runs on sanitised HTML, whose attributes are always double-quoted.
    """
    if "//" not in fragment:
        return fragment

    def fix(match: re.Match[str]) -> str:
        tag, attrs = match.group(1), match.group(2)
        blocked: list[str] = []

        def fix_attr(am: re.Match[str]) -> str:
            if _REMOTE.match(am.group(2)):
                blocked.append(am.group(2))
                return ""
            return am.group(0)

        new_attrs = _URL_ATTR.sub(fix_attr, attrs)
        if not blocked:
            return f"<{tag}{new_attrs}>"
        holder = _placeholder(tag, blocked[0])
        if tag == "img":
            return holder
        # A player whose own source was blocked would show as a dead, empty control.
        hidden = ' hidden=""' if tag in ("audio", "video") else ""
        return f"{holder}<{tag}{new_attrs}{hidden}>"

    return _MEDIA_TAG.sub(fix, fragment)
