"""Which kind of embed a vault file is, by extension."""

from __future__ import annotations

import posixpath
from typing import Literal

from notedesk.core.vault import is_note_path

EmbedKind = Literal["note", "image", "audio", "video", "pdf", "file"]

IMAGE_EXT = frozenset({"png", "jpg", "jpeg", "gif", "bmp", "svg", "webp", "avif", "ico"})
AUDIO_EXT = frozenset({"mp3", "wav", "m4a", "ogg", "3gp", "flac", "oga", "opus", "aac"})
VIDEO_EXT = frozenset({"mp4", "webm", "ogv", "mov", "mkv", "m4v"})


def embed_kind(path: str) -> EmbedKind:
    if is_note_path(path):
        return "note"
    ext = posixpath.splitext(path)[1].lower().lstrip(".")
    if ext in IMAGE_EXT:
        return "image"
    if ext in AUDIO_EXT:
        return "audio"
    if ext in VIDEO_EXT:
        return "video"
    if ext == "pdf":
        return "pdf"
    return "file"


def parse_size(text: str) -> tuple[int, int | None] | None:
    """``200`` -> (200, None); ``200x100`` -> (200, 100); anything else -> None."""
    width, _x, height = text.strip().lower().partition("x")
    if not width.isdigit() or len(width) > 5:
        return None
    if not _x:
        return int(width), None
    if not height.isdigit() or len(height) > 5:
        return None
    return int(width), int(height)
