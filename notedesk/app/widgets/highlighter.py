"""Markdown syntax highlighting for the source editor, incremental per block.

The rules live in ``notedesk.core.mdtokens``; this class turns tokens into
formats. Block state carries fences, frontmatter, ``$$`` math and multi-line
comments, so Qt re-runs only the blocks whose incoming state changed.

Large documents are styled lazily: blocks outside the visible window only get
their state computed (and a pending mark); ``style_window`` styles them once
they scroll into view. Typing never styles more than the edited block unless a
fence or comment opens or closes, and even then off-screen blocks only update
their state.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
)

from notedesk.app.widgets.noneguard import protect_none
from notedesk.core.mdtokens import (
    NORMAL,
    START,
    block_kind,
    is_code_state,
    next_state,
    tokenize_line,
)
from notedesk.core.utf16 import has_astral

LinkChecker = Callable[[str], bool]

# Documents above this many characters are styled lazily around the viewport.
LAZY_CHARS = 200_000
_PENDING = 1 << 24
_WINDOW_MARGIN = 60

# kind -> (colour, background, flags); flags: b bold, i italic, s strike, u underline, m mono
_Spec = tuple[str, str, str]
PALETTES: dict[str, dict[str, _Spec]] = {
    "light": {
        "heading": ("#5b2fc9", "", "b"),
        "marker": ("#a4a1b3", "", ""),
        "emphasis": ("", "", "i"),
        "strong": ("", "", "b"),
        "strike": ("#8b8b93", "", "s"),
        "highlight": ("", "#fff0a0", ""),
        "code": ("#b8325e", "#f2f1f5", "m"),
        "codeblock": ("#3a4350", "", "m"),
        "fence": ("#8b8f98", "", "m"),
        "wikilink": ("#6a4fd8", "", ""),
        "wikilink_missing": ("#c25a00", "", "u"),
        "link_text": ("#6a4fd8", "", ""),
        "link_url": ("#8b8f98", "", ""),
        "url": ("#6a4fd8", "", "u"),
        "tag": ("#5a45c4", "#ecebfb", ""),
        "frontmatter": ("#56606b", "", "m"),
        "frontmatter_key": ("#9a4a10", "", "m"),
        "frontmatter_delim": ("#a4a1b3", "", "m"),
        "quote": ("", "", ""),
        "callout": ("#0a63c2", "", "b"),
        "callout_type": ("#0a63c2", "", "b"),
        "comment": ("#9aa0a6", "", "i"),
        "math": ("#1d7a50", "", "m"),
        "list_marker": ("#6a4fd8", "", "b"),
        "task": ("#6a4fd8", "", "b"),
        "task_done": ("#2f8f5b", "", "b"),
        "block_id": ("#a4a1b3", "", ""),
        "footnote": ("#0a63c2", "", ""),
        "html": ("#9a6e3a", "", ""),
        "hr": ("#a4a1b3", "", "b"),
    },
    "dark": {
        "heading": ("#b8a8ff", "", "b"),
        "marker": ("#6f6c80", "", ""),
        "emphasis": ("", "", "i"),
        "strong": ("", "", "b"),
        "strike": ("#8a8a92", "", "s"),
        "highlight": ("#f3f3f3", "#6b5b16", ""),
        "code": ("#f19ab6", "#2a2a30", "m"),
        "codeblock": ("#c9d1d9", "", "m"),
        "fence": ("#7d838c", "", "m"),
        "wikilink": ("#a99cf7", "", ""),
        "wikilink_missing": ("#f0a060", "", "u"),
        "link_text": ("#a99cf7", "", ""),
        "link_url": ("#7d838c", "", ""),
        "url": ("#a99cf7", "", "u"),
        "tag": ("#c3b8ff", "#34305a", ""),
        "frontmatter": ("#a0a8b3", "", "m"),
        "frontmatter_key": ("#e7a66a", "", "m"),
        "frontmatter_delim": ("#6f6c80", "", "m"),
        "quote": ("", "", ""),
        "callout": ("#6cb6ff", "", "b"),
        "callout_type": ("#6cb6ff", "", "b"),
        "comment": ("#74787e", "", "i"),
        "math": ("#7fd1a5", "", "m"),
        "list_marker": ("#a99cf7", "", "b"),
        "task": ("#a99cf7", "", "b"),
        "task_done": ("#6fcf97", "", "b"),
        "block_id": ("#6f6c80", "", ""),
        "footnote": ("#6cb6ff", "", ""),
        "html": ("#d7a86e", "", ""),
        "hr": ("#6f6c80", "", "b"),
    },
}
# Full-width backgrounds of whole lines (painted by the editor): kind -> colour per theme
BLOCK_BACKGROUNDS = {
    "light": {"code": "#f4f4f7", "frontmatter": "#f6f6f9"},
    "dark": {"code": "#242429", "frontmatter": "#222226"},
}
# Callout types (and their aliases) -> colour family, as the preview colours them
CALLOUT_FAMILIES = {
    **dict.fromkeys(("note", "info", "todo"), "blue"),
    **dict.fromkeys(("abstract", "summary", "tldr", "tip", "hint", "important"), "cyan"),
    **dict.fromkeys(("success", "check", "done"), "green"),
    **dict.fromkeys(("question", "help", "faq", "warning", "caution", "attention"), "orange"),
    **dict.fromkeys(("failure", "fail", "missing", "danger", "error", "bug"), "red"),
    "example": "purple",
    **dict.fromkeys(("quote", "cite"), "grey"),
}
CALLOUT_COLOURS = {
    "light": {
        "blue": "#0a63c2",
        "cyan": "#00838f",
        "green": "#1e8a4c",
        "orange": "#c25a00",
        "red": "#c62828",
        "purple": "#6a4fd8",
        "grey": "#6b7280",
    },
    "dark": {
        "blue": "#6cb6ff",
        "cyan": "#4dd0e1",
        "green": "#6fcf97",
        "orange": "#f0a060",
        "red": "#ff7b72",
        "purple": "#b8a8ff",
        "grey": "#a0a8b3",
    },
}
_KIND_ALIASES = {f"h{n}": "heading" for n in range(1, 7)}
_KIND_ALIASES["embed"] = "wikilink"


class MarkdownHighlighter(QSyntaxHighlighter):
    """Colours Markdown source; wikilinks to missing notes look different.

    ``link_exists(target)`` gets a wikilink's note part (``Folder/Note`` of
    ``[[Folder/Note#Heading|alias]]``) and answers whether it resolves; answers
    are cached until ``set_link_checker`` or ``rehighlight_links`` is called.
    """

    def __init__(
        self,
        document: QTextDocument,
        link_exists: LinkChecker | None = None,
        theme: str = "light",
    ) -> None:
        # The highlighter makes the most void Qt calls of the app: thousands per load.
        protect_none()
        super().__init__(document)
        self._doc = document
        self._link_exists = link_exists
        self._link_cache: dict[str, bool] = {}
        self._theme = theme if theme in PALETTES else "light"
        self._formats: dict[tuple[str, ...], QTextCharFormat] = {}
        self._window = (0, 200)
        self._mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()

    # -- public ----------------------------------------------------------------

    @property
    def theme(self) -> str:
        return self._theme

    def set_theme(self, theme: str) -> None:
        if theme not in PALETTES:
            raise ValueError(theme)
        if theme != self._theme:
            self._theme = theme
            self._formats.clear()
            self._restyle(lambda _text: True)

    def set_link_checker(self, link_exists: LinkChecker | None) -> None:
        self._link_exists = link_exists
        self.rehighlight_links()

    def rehighlight_links(self) -> None:
        """Re-ask the checker about every wikilink (the vault's notes changed)."""
        self._link_cache.clear()
        self._restyle(lambda text: "[[" in text)

    def state_of(self, block: QTextBlock) -> int:
        """The tokenizer state a block ends in (without the pending mark)."""
        state = block.userState()
        return state if state < 0 else state & ~_PENDING

    def in_code(self, block: QTextBlock) -> bool:
        """True when the block is inside a code fence, frontmatter or math block."""
        previous = block.previous()
        state = self.state_of(previous) if previous.isValid() else START
        return is_code_state(state) and is_code_state(self.state_of(block))

    def block_background(self, block: QTextBlock) -> QColor | None:
        """The full-width background of a line in a code fence or the frontmatter."""
        previous = block.previous()
        before = self.state_of(previous) if previous.isValid() else START
        colour = BLOCK_BACKGROUNDS[self._theme].get(block_kind(before, self.state_of(block)))
        return QColor(colour) if colour else None

    def style_window(self, first: int, last: int) -> None:
        """Blocks first..last (0-based) are on screen: style any still pending."""
        self._window = (first - _WINDOW_MARGIN, last + _WINDOW_MARGIN)
        doc = self.document()
        if doc is None:
            return
        block = doc.findBlockByNumber(max(0, first))
        while block.isValid() and block.blockNumber() <= last:
            if block.userState() >= 0 and block.userState() & _PENDING:
                self.rehighlightBlock(block)
            block = block.next()

    # -- highlighting ----------------------------------------------------------

    def _restyle(self, wanted: Callable[[str], bool]) -> None:
        doc = self.document()
        if doc is None:
            return
        block = doc.begin()
        while block.isValid():
            state = block.userState()
            if not (state >= 0 and state & _PENDING) and wanted(block.text()):
                self.rehighlightBlock(block)
            block = block.next()

    def highlightBlock(self, text: str) -> None:
        number = self.currentBlock().blockNumber()
        previous = self.previousBlockState()
        state = (START if number == 0 else NORMAL) if previous < 0 else previous & ~_PENDING
        if (
            not self._window[0] <= number <= self._window[1]
            and self._doc.characterCount() > LAZY_CHARS
        ):
            self.setCurrentBlockState(next_state(text, state) | _PENDING)
            return
        tokens, after = tokenize_line(text, state)
        self.setCurrentBlockState(after)
        if not tokens:
            return
        offsets = _utf16_offsets(text) if has_astral(text) else None
        applied: list[tuple[int, int, tuple[str, ...]]] = []
        for token in tokens:
            kind = _KIND_ALIASES.get(token.kind, token.kind)
            if kind == "wikilink" and token.target and not self._resolves(token.target):
                kind = "wikilink_missing"
            elif kind in ("callout", "callout_type"):
                kind = f"{kind}:{CALLOUT_FAMILIES.get(token.target, 'blue')}"
            key: tuple[str, ...] = (kind,)
            for start, end, outer in reversed(applied):
                if start <= token.start < end:
                    key = (*outer, kind)
                    break
            applied.append((token.start, token.end, key))
            fmt = self._formats.get(key)
            if fmt is None:
                fmt = self._compose(key)
            if offsets is None:
                self.setFormat(token.start, token.end - token.start, fmt)
            else:
                begin = offsets[token.start]
                self.setFormat(begin, offsets[token.end] - begin, fmt)

    def _resolves(self, target: str) -> bool:
        if self._link_exists is None:
            return True
        known = self._link_cache.get(target)
        if known is None:
            known = bool(self._link_exists(target))
            self._link_cache[target] = known
        return known

    def _compose(self, key: tuple[str, ...]) -> QTextCharFormat:
        palette = PALETTES[self._theme]
        fmt = QTextCharFormat()
        for kind in key:
            base, _, family = kind.partition(":")
            colour, background, flags = palette.get(base, ("", "", ""))
            if family:
                colour = CALLOUT_COLOURS[self._theme][family]
            if colour:
                fmt.setForeground(QColor(colour))
            if background:
                fmt.setBackground(QColor(background))
            if "b" in flags:
                fmt.setFontWeight(QFont.Weight.Bold)
            if "i" in flags:
                fmt.setFontItalic(True)
            if "s" in flags:
                fmt.setFontStrikeOut(True)
            if "u" in flags:
                fmt.setFontUnderline(True)
            if "m" in flags:
                fmt.setFontFamilies([self._mono])
        self._formats[key] = fmt
        return fmt


def _utf16_offsets(text: str) -> list[int]:
    """UTF-16 offset of every string index 0..len(text)."""
    out = [0] * (len(text) + 1)
    units = 0
    for i, ch in enumerate(text):
        out[i] = units
        units += 2 if ord(ch) > 0xFFFF else 1
    out[len(text)] = units
    return out
