"""A window with every finding widget on a copy of a vault, for screenshots.

    DISPLAY=:99 python dev/finding_harness.py [VAULT] --note "Machine learning.md" \\
        --search "machine learning" --switcher mach --seconds 10
    import -display :99 -window root /tmp/finding.png

Search panel on the left, a stand-in editor with the quick switcher (or, with
``--palette TEXT``, the command palette) over it in the middle, and the
backlinks, outgoing links and outline panes on the right, all for ``--note``.
Signals are shown in the status line instead of opening anything.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from notedesk.app.theme import ThemeManager
from notedesk.app.widgets.backlinks import BacklinksPane
from notedesk.app.widgets.outgoing import OutgoingPane
from notedesk.app.widgets.outline import OutlinePane
from notedesk.app.widgets.palette import CommandPalette
from notedesk.app.widgets.searchpanel import SearchPanel
from notedesk.app.widgets.switcher import QuickSwitcher
from notedesk.core.index import VaultIndex
from notedesk.core.mentions import mention_terms, scan_unlinked
from notedesk.core.search import SearchEngine
from notedesk.core.vault import Vault
from notedesk.resources import resource


def titled(title: str, widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(2, 2, 2, 2)
    layout.addWidget(QLabel(f"<b>{title}</b>"))
    layout.addWidget(widget)
    return box


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("vault", nargs="?", default=str(resource("sample-vault")))
    parser.add_argument("--note", default="Machine learning.md")
    parser.add_argument("--search", default="machine learning")
    parser.add_argument("--switcher", help="open the quick switcher with this text")
    parser.add_argument("--palette", help="open the command palette with this text")
    parser.add_argument("--cursor", type=int, default=0, help="editor cursor line for the outline")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp()) / Path(args.vault).name
    shutil.copytree(args.vault, work)
    app = QApplication(sys.argv[:1])
    theme = ThemeManager(app, args.theme)
    vault = Vault(work)
    index = VaultIndex(vault, workers=1)
    index.build()
    engine = SearchEngine(index)

    def unlinked(path: str, only: object) -> object:
        meta = index.note(path)
        terms = mention_terms(path, meta.aliases if meta else [])
        paths = sorted(only) if only is not None else index.notes()  # type: ignore[call-overload]
        return lambda: scan_unlinked(path, terms, paths, vault.read_text)

    window = QMainWindow()
    window.setWindowTitle(f"notedesk finding harness — {work.name}")
    status = window.statusBar()
    search = SearchPanel(engine.search)
    backlinks = BacklinksPane(index.backlinks, unlinked)  # type: ignore[arg-type]
    outgoing = OutgoingPane(index.outgoing)
    outline = OutlinePane(index.headings)
    editor = QPlainTextEdit()
    editor.setPlainText(vault.read_text(args.note))
    right = QSplitter(Qt.Orientation.Vertical)
    right.addWidget(titled("Backlinks", backlinks))
    right.addWidget(titled("Outgoing links", outgoing))
    right.addWidget(titled("Outline", outline))
    right.setSizes([420, 180, 200])
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(titled("Search", search))
    splitter.addWidget(titled(args.note, editor))
    splitter.addWidget(right)
    splitter.setSizes([360, 560, 420])
    window.setCentralWidget(splitter)

    actions = []
    for text, keys in (
        ("Quick Switcher…", "Ctrl+O"),
        ("Command Palette…", "Ctrl+P"),
        ("Search in Vault", "Ctrl+Shift+F"),
        ("&Save", "Ctrl+S"),
        ("&Close Tab", "Ctrl+W"),
        ("Toggle &Source/Preview", "Ctrl+E"),
        ("Open &Vault…", ""),
        ("Show Backlinks", ""),
        ("Show Outline", ""),
    ):
        action = QAction(text, window)
        if keys:
            action.setShortcut(QKeySequence(keys))
        window.addAction(action)
        actions.append(action)
    switcher = QuickSwitcher(
        lambda: [(c.text, c.path, c.is_alias) for c in index.completion_names()],
        lambda: ["Welcome to notedesk.md", "Books.md", args.note],
        window,
    )
    palette = CommandPalette(lambda: actions, window)

    def say(name: str) -> object:
        return lambda *a: status.showMessage(f"{name}{a}")

    search.open_at_requested.connect(say("open_at_requested"))
    backlinks.open_at_requested.connect(say("open_at_requested"))
    backlinks.link_mention_requested.connect(say("link_mention_requested"))
    outgoing.open_requested.connect(say("open_requested"))
    outgoing.create_requested.connect(say("create_requested"))
    outline.heading_activated.connect(say("heading_activated"))
    switcher.open_requested.connect(say("open_requested"))
    switcher.create_requested.connect(say("create_requested"))
    palette.command_triggered.connect(say("command_triggered"))

    window.resize(1380, 860)
    window.move(10, 10)
    window.show()
    backlinks.set_note(args.note)
    outgoing.set_note(args.note)
    outline.set_note(args.note)
    outline.set_cursor_line(args.cursor)
    search.set_query(args.search)

    def stage() -> None:
        if args.switcher is not None:
            switcher.popup(args.switcher)
        elif args.palette is not None:
            palette.popup(args.palette)

    QTimer.singleShot(800, stage)
    QTimer.singleShot(int(args.seconds * 1000), app.quit)
    assert theme.effective == args.theme
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
