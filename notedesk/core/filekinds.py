"""What kind of file a vault path is, by extension: picks the tree's icon and how it opens."""

from __future__ import annotations

from typing import Literal

FileKind = Literal["note", "image", "pdf", "audio", "video", "canvas", "data", "archive", "other"]

_KINDS: dict[str, FileKind] = {}
for _kind, _exts in (
    ("note", "md markdown"),
    ("image", "png jpg jpeg gif webp svg bmp avif tif tiff ico heic"),
    ("pdf", "pdf"),
    ("audio", "mp3 wav ogg oga m4a flac aac opus 3gp"),
    ("video", "mp4 webm mov mkv ogv avi m4v"),
    ("canvas", "canvas"),
    ("data", "txt csv tsv json yaml yml xml html htm css js ts py sh bib"),
    ("archive", "zip gz tgz tar 7z rar bz2 xz"),
):
    for _ext in _exts.split():
        _KINDS[_ext] = _kind  # type: ignore[assignment]


def file_kind(path: str) -> FileKind:
    name = path.rsplit("/", 1)[-1]
    if "." not in name.lstrip("."):
        return "other"
    return _KINDS.get(name.rsplit(".", 1)[-1].casefold(), "other")


BINARY_PROBE = 8192  # how far a NUL is looked for: git's rule for a binary file


def looks_binary(head: bytes | str) -> bool:
    """Whether a file starting with ``head`` is binary (a NUL in its first bytes, and no
    UTF-16 byte order mark), though named ``.md``: not a note's text for the index,
    mentions or search."""
    if isinstance(head, bytes):
        if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return False  # UTF-16 text: its NULs are the high bytes of ASCII letters
        return b"\x00" in head[:BINARY_PROBE]
    return "\x00" in head[:BINARY_PROBE]
