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

import time
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
)

from notedesk.app.widgets.mdpalette import (
    BLOCK_BACKGROUNDS,
    CALLOUT_COLOURS,
    CALLOUT_FAMILIES,
    PALETTES,
)
from notedesk.core.mdtokens import (
    NORMAL,
    START,
    block_kind,
    is_code_state,
    next_state,
    tokenize_line,
)
from notedesk.core.utf16 import has_astral

__all__ = ["LAZY_CHARS", "PALETTES", "LinkChecker", "MarkdownHighlighter"]

LinkChecker = Callable[[str], bool]

# Documents above this many characters are styled lazily around the viewport.
LAZY_CHARS = 200_000
_PENDING = 1 << 24
_WINDOW_MARGIN = 60
_SWEEP_SLICE_SECONDS = 0.008
_RESTYLE_SLICE = 0.008


def _block_colours(theme: str) -> dict[str, QColor]:
    return {kind: QColor(colour) for kind, colour in BLOCK_BACKGROUNDS[theme].items()}


def _everything(_text: str) -> bool:
    return True


def _has_wikilink(text: str) -> bool:
    return "[[" in text


_KIND_ALIASES = {f"h{n}": "heading" for n in range(1, 7)}
_KIND_ALIASES["embed"] = "wikilink"


class MarkdownHighlighter(QSyntaxHighlighter):
    """Colours Markdown source; wikilinks to missing notes look different.

    ``link_exists(target)`` gets a wikilink's note part (``Folder/Note`` of
    ``[[Folder/Note#Heading|alias]]``) and answers whether it resolves; answers
    are cached until ``set_link_checker`` or ``rehighlight_links`` is called.

    Signals:
        states_settled(): the background sweep brought every block's state up to date.
    """

    states_settled = Signal()

    def __init__(
        self,
        document: QTextDocument,
        link_exists: LinkChecker | None = None,
        theme: str = "light",
    ) -> None:
        super().__init__(document)
        self._doc = document
        self._link_exists = link_exists
        self._link_cache: dict[str, bool] = {}
        self._theme = theme if theme in PALETTES else "light"
        self._formats: dict[tuple[str, ...], QTextCharFormat] = {}
        self._backgrounds = _block_colours(self._theme)
        self._window = (0, 200)
        self._loading: int | None = None  # blocks seen so far while a new text loads
        self._restyle_wanted: Callable[[str], bool] | None = None
        self._restyle_from = 0
        self._restyle_timer = QTimer(self)
        self._restyle_timer.setSingleShot(True)
        self._restyle_timer.setInterval(0)
        self._restyle_timer.timeout.connect(self._restyle_slice)
        self._sweep_from: int | None = None  # first block whose state may be stale
        self._sweep_until = -1  # keep sweeping at least past this block
        self._sweep_timer = QTimer(self)
        self._sweep_timer.setSingleShot(True)
        self._sweep_timer.setInterval(0)
        self._sweep_timer.timeout.connect(self._sweep)
        document.blockCountChanged.connect(self._on_document_block_count_changed)
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
            self._backgrounds = _block_colours(theme)
            self._formats.clear()
            self._restyle(_everything)

    def set_link_checker(self, link_exists: LinkChecker | None) -> None:
        self._link_exists = link_exists
        self.rehighlight_links()

    def rehighlight_links(self) -> None:
        """Re-ask the checker about every wikilink (the vault's notes changed)."""
        self._link_cache.clear()
        self._restyle(_has_wikilink)

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
        kind = block_kind(before, self.state_of(block))
        return self._backgrounds.get(kind) if kind else None

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
        """Restyle the blocks ``wanted`` picks: all at once, or for a large note the
        screen now and the rest marked pending in background slices."""
        if self._restyle_wanted is not None and self._restyle_wanted is not wanted:
            wanted = _everything  # two different jobs pending: simply restyle all
        self._restyle_wanted = wanted
        self._restyle_from = 0
        if self._doc.characterCount() <= LAZY_CHARS:
            self._restyle_slice(deadline=None)
            return
        first = max(self._window[0], 0)
        block = self._doc.findBlockByNumber(first)
        while block.isValid() and block.blockNumber() <= self._window[1]:
            if wanted(block.text()):
                self.rehighlightBlock(block)
            block = block.next()
        self._restyle_timer.start()

    def _restyle_slice(self, deadline: float | None = _RESTYLE_SLICE) -> None:
        wanted = self._restyle_wanted
        if wanted is None:
            return
        block = self._doc.findBlockByNumber(self._restyle_from)
        number = self._restyle_from
        until = None if deadline is None else time.perf_counter() + deadline
        while block.isValid():
            state = block.userState()
            if not (state >= 0 and state & _PENDING) and wanted(block.text()):
                if until is None or self._window[0] <= number <= self._window[1]:
                    self.rehighlightBlock(block)
                else:  # off screen: restyled when it scrolls into view
                    block.setUserState(state | _PENDING if state >= 0 else state)
            block = block.next()
            number += 1
            if until is not None and number % 8 == 0 and time.perf_counter() > until:
                self._restyle_from = number
                self._restyle_timer.start()
                return
        self._restyle_wanted = None

    def begin_load(self, length: int) -> None:
        """A whole new text of ``length`` characters is about to be set (see end_load).

        For a large note only the top screenful is highlighted during the load;
        Qt still calls back for every block, and the rest returns at once and is
        left to the background sweep.
        """
        self._loading = 0 if length > LAZY_CHARS else None
        self._window = (-_WINDOW_MARGIN, 200)

    def end_load(self) -> None:
        self._loading = None

    def highlightBlock(self, text: str) -> None:
        if self._loading is not None:
            # Counting calls instead of asking Qt for the block number keeps this
            # path cheap; Qt may call once more for the cleared first block, hence
            # the slack and a sweep that starts at the window's end, not after it.
            self._loading += 1
            if self._loading > self._window[1] + 2:
                if self._loading == self._window[1] + 3:
                    self._schedule_sweep(self._window[1])
                return
        number = self.currentBlock().blockNumber()
        previous = self.previousBlockState()
        state = (START if number == 0 else NORMAL) if previous < 0 else previous & ~_PENDING
        if (
            not self._window[0] <= number <= self._window[1]
            and self._doc.characterCount() > LAZY_CHARS
        ):
            # Off screen in a large note: keep the old state so Qt's cascade stops
            # here, and let the background sweep bring states up to date.
            old = self.currentBlockState()
            self.setCurrentBlockState(old if old < 0 else old | _PENDING)
            self._schedule_sweep(number)
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

    # -- background state sweep ------------------------------------------------

    @property
    def sweeping(self) -> bool:
        """True while some block states may still be stale (large notes only)."""
        return self._sweep_from is not None

    def _schedule_sweep(self, number: int) -> None:
        if self._sweep_from is None or number < self._sweep_from:
            self._sweep_from = number
        self._sweep_until = max(self._sweep_until, number)
        if not self._sweep_timer.isActive():
            self._sweep_timer.start()

    def _on_document_block_count_changed(self, _count: int) -> None:
        if self._sweep_from is not None:
            # Lines came or went above the stale range: rescan from the window to the end.
            self._sweep_from = max(0, min(self._sweep_from, self._window[0]))
            self._sweep_until = self._doc.blockCount()

    def _sweep(self) -> None:
        """Recompute stale block states in short slices until they agree again."""
        if self._sweep_from is None:
            return
        block = self._doc.findBlockByNumber(self._sweep_from)
        previous = block.previous()
        state = self.state_of(previous) if previous.isValid() else START
        if state < 0:
            state = NORMAL
        number = self._sweep_from
        self._sweep_from = None  # from here on it only records schedules made meanwhile
        deadline = time.perf_counter() + _SWEEP_SLICE_SECONDS
        lazy = self._doc.characterCount() > LAZY_CHARS
        while block.isValid():
            stored = block.userState()
            new = next_state(block.text(), state)
            if stored >= 0 and stored & ~_PENDING == new and number > self._sweep_until:
                break
            if not lazy or self._window[0] <= number <= self._window[1]:
                self.rehighlightBlock(block)
                new = self.state_of(block)
            else:
                # Formats may be stale too: PENDING restyles the block before it is shown.
                block.setUserState(new | _PENDING)
            state = new
            block = block.next()
            number += 1
            if number % 8 == 0 and time.perf_counter() > deadline and block.isValid():
                pending = self._sweep_from
                self._sweep_from = number if pending is None else min(pending, number)
                self._sweep_timer.start()
                return
        self._sweep_from = None
        self._sweep_until = -1
        self.states_settled.emit()

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
