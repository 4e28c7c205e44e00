"""A tab showing a picture, PDF, sound or video file: the bar above it, and following
the file when it is renamed or moved.

The tab is a read-only ``NoteTab`` without a text document: its preview shows
``notedesk.core.render.mediaview``'s page, its editor stays hidden.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from notedesk.core.events import FileEvent


def media_bar(path: str, on_open: Callable[[], None], parent: QWidget) -> QWidget:
    """The bar above the view: the file is shown read-only; a button hands it to the
    system's default application."""
    bar = QWidget(parent)
    bar.setObjectName("mediaBar")
    bar.setStyleSheet(
        "#mediaBar { background: palette(alternate-base); border-bottom: 1px solid palette(mid); }"
    )
    layout = QHBoxLayout(bar)
    layout.setContentsMargins(8, 2, 4, 2)
    name = path.rsplit("/", 1)[-1]
    label = QLabel(f"“{name}”: shown read-only.", bar)
    layout.addWidget(label, 1)
    button = QPushButton("Open with Default Application", bar)
    button.setToolTip("Hand the file to the application your system opens it with")
    button.clicked.connect(lambda _checked=False: on_open())
    layout.addWidget(button)
    bar.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return bar


def moved_path(path: str, event: FileEvent) -> str | None:
    """Where ``path`` is after ``event``, if the event moved it (or a folder above it)."""
    if event.kind != "moved" or event.dest is None:
        return None
    if event.path == path:
        return event.dest
    if event.is_dir and path.startswith(event.path + "/"):
        return event.dest + path[len(event.path) :]
    return None
