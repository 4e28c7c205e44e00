"""Icons for the file tree: the desktop theme's where it has them, drawn ones otherwise."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QFileIconProvider

from notedesk.core.filekinds import FileKind, file_kind

# Theme name (freedesktop icon naming spec), badge text and colour per kind.
_STYLE: dict[FileKind, tuple[str, str, str]] = {
    "note": ("text-markdown", "", "#7a869a"),
    "image": ("image-x-generic", "IMG", "#2e8b57"),
    "pdf": ("application-pdf", "PDF", "#c0392b"),
    "audio": ("audio-x-generic", "♪", "#8e44ad"),
    "video": ("video-x-generic", "▶", "#d35400"),
    "canvas": ("x-office-drawing", "CV", "#16a085"),
    "data": ("text-x-generic", "TXT", "#2c3e50"),
    "archive": ("package-x-generic", "ZIP", "#7f6000"),
    "other": ("text-x-generic", "", "#7a869a"),
}


def _drawn(badge: str, colour: str, size: int = 32) -> QIcon:
    """A page with a folded corner and a coloured badge: readable at 16 px, no theme needed."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 32
    page = QPainterPath()
    page.moveTo(7 * s, 2 * s)
    page.lineTo(20 * s, 2 * s)
    page.lineTo(26 * s, 8 * s)
    page.lineTo(26 * s, 30 * s)
    page.lineTo(7 * s, 30 * s)
    page.closeSubpath()
    painter.setPen(QPen(QColor("#6b7280"), 1.5 * s))
    painter.setBrush(QColor("#fbfbfd"))
    painter.drawPath(page)
    painter.drawLine(int(20 * s), int(2 * s), int(20 * s), int(8 * s))
    painter.drawLine(int(20 * s), int(8 * s), int(26 * s), int(8 * s))
    if badge:
        band = QRectF(2 * s, 15 * s, 24 * s, 11 * s)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawRoundedRect(band, 2 * s, 2 * s)
        font = QFont()
        font.setBold(True)
        font.setPixelSize(max(6, int((8 if len(badge) > 1 else 10) * s)))
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(band, Qt.AlignmentFlag.AlignCenter, badge)
    painter.end()
    return QIcon(pixmap)


class FileIcons:
    """One icon per file kind, made once per tree."""

    def __init__(self) -> None:
        provider = QFileIconProvider()
        self.folder = provider.icon(QFileIconProvider.IconType.Folder)
        self._file = provider.icon(QFileIconProvider.IconType.File)
        self._by_kind: dict[FileKind, QIcon] = {}

    def for_path(self, path: str) -> QIcon:
        kind = file_kind(path)
        icon = self._by_kind.get(kind)
        if icon is None:
            theme, badge, colour = _STYLE[kind]
            if QIcon.hasThemeIcon(theme):
                icon = QIcon.fromTheme(theme)
            elif badge:
                icon = _drawn(badge, colour)
            else:
                icon = self._file
            self._by_kind[kind] = icon
        return icon
