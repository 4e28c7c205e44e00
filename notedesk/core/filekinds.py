"""What kind of file a vault path is, by extension: picks the tree's icon and how it opens."""

from __future__ import annotations

import re
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


BINARY_PROBE = 8192  # how much of a file is looked at: git's rule for a binary file

# Files that are never text, whatever their name, by their first bytes. Signatures a
# note could start with ("GIF89a", "ID3", "OggS") are left to the count of control
# characters, which their headers fail anyway.
_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"%PDF-",
    b"PK\x03\x04",  # zip: also docx, xlsx, epub, jar
    b"PK\x05\x06",  # an empty zip
    b"\x1f\x8b",  # gzip
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c",
    b"\x7fELF",
    b"SQLite format 3\x00",
    b"II*\x00",  # TIFF
    b"MM\x00*",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # old Office documents
)
# The same, as a text decoded with replacement characters starts (decode_text), so a
# decoded note is judged as its bytes are; not those that decode to replacement
# characters only (JPEG's): so does any text in another 8-bit encoding.
_TEXT_MAGIC = tuple(
    text for text in (m.decode("utf-8", "replace") for m in _MAGIC) if text.strip("\ufffd")
)
_CONTAINERS = (b"WEBP", b"WAVE", b"AVI ")  # after "RIFF" and the size
_TEXT_CONTAINERS = tuple(c.decode("ascii") for c in _CONTAINERS)
# Control characters no text holds; NUL, tab, newlines, form feed, backspace and escape
# are left out (NULs are counted by runs).
_CONTROLS = bytes(c for c in range(1, 32) if chr(c) not in "\t\n\v\f\r\b\x1b")
_CONTROL_MAP = dict.fromkeys(_CONTROLS)
_NUL_RUN_BYTES = re.compile(b"\x00+")
_NUL_RUN = re.compile("\x00+")
_BINARY_SHARE = 100  # binary from one odd character in this many on
_BINARY_LEAST = 5  # ... and this many: a short note with a few stray NULs is text


def looks_binary(head: bytes | str) -> bool:
    """Whether a file starting with ``head`` (its bytes, or its text as decode_text gives
    it) is binary, though named ``.md``: not a note's text for the index, the editor,
    mentions or search.

    Binary: a file that starts as images, PDFs, archives, audio, executables and
    databases do, or one whose first 8 KB has control characters in more than 1 % of
    its characters (5 at least); a run of NULs counts once. A note with a stray NUL
    or a few, a block of NULs a crash left, invalid UTF-8 (another 8-bit encoding) or a
    UTF-16 byte order mark is text. Text in UTF-16 or UTF-32 without a byte order mark
    (a NUL in every other byte) is not.
    """
    if isinstance(head, bytes):
        if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return False  # UTF-16 text: its NULs are the high bytes of ASCII letters
        probe = head[:BINARY_PROBE]
        if probe.startswith(_MAGIC) or (probe[:4] == b"RIFF" and probe[8:12] in _CONTAINERS):
            return True
        if probe[4:8] == b"ftyp":  # mp4, mov, m4a, heic, avif
            return True
        odd = len(probe) - len(probe.translate(None, _CONTROLS))
        odd += len(_NUL_RUN_BYTES.findall(probe))
        size = len(probe)
    else:
        text = head[:BINARY_PROBE]
        if text.startswith(_TEXT_MAGIC) or (text[:4] == "RIFF" and text[8:12] in _TEXT_CONTAINERS):
            return True
        if text[4:8] == "ftyp":
            return True
        odd = len(text) - len(text.translate(_CONTROL_MAP))
        odd += len(_NUL_RUN.findall(text))
        size = len(text)
    return odd >= _BINARY_LEAST and odd * _BINARY_SHARE > size
