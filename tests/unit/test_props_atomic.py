"""Atomic save as a property: any run of saves, each maybe cut short at any step, leaves
the last completed content (or the one in flight once it was renamed), never a mix."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notedesk.core import atomic
from notedesk.core.atomic import (
    SaveError,
    TextFormat,
    atomic_write,
    decode_text,
    encode_text,
    save_text,
)
from notedesk.core.vault import Vault

STEPS = ["open", "write", "fsync", "chmod", "replace"]


class Crash(BaseException):
    """Like a kill: not an Exception, so nothing on the way may swallow it."""


@contextmanager
def interrupted(step: str | None, kind: str) -> Iterator[None]:
    def hook(name: str) -> None:
        if name == step:
            if kind == "crash":
                raise Crash(name)
            raise OSError(5, "Input/output error")  # a failing disk at that step

    atomic._step_hook = hook
    try:
        yield
    finally:
        atomic._step_hook = None


saves = st.lists(
    st.tuples(
        st.binary(max_size=3000),
        st.one_of(st.none(), st.sampled_from(STEPS)),
        st.sampled_from(["crash", "oserror"]),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    initial=st.one_of(st.none(), st.binary(max_size=3000)),
    mode=st.sampled_from([0o600, 0o640, 0o644, 0o755]),
    plan=saves,
)
def test_interrupted_saves_leave_old_or_new_never_partial(
    initial: bytes | None, mode: int, plan: list[tuple[bytes, str | None, str]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "note.md"
        expected = initial
        if initial is not None:
            target.write_bytes(initial)
            target.chmod(mode)
        for data, step, kind in plan:
            with interrupted(step, kind):
                if step is None:
                    atomic_write(target, data)
                else:
                    with pytest.raises(Crash if kind == "crash" else SaveError):
                        atomic_write(target, data)
            # Past the rename the new content is in place; before it, the old one is.
            if step is None or step == "replace":
                expected = data
            if expected is None:
                assert not target.exists()
            else:
                assert target.read_bytes() == expected
                if initial is not None:
                    assert stat.S_IMODE(target.stat().st_mode) == mode
            assert [p.name for p in Path(folder).iterdir()] == (
                [] if expected is None else ["note.md"]
            )


texts = st.text(
    st.characters(blacklist_characters="\r\ufeff", blacklist_categories=("Cs",)), max_size=500
)


@settings(max_examples=150, deadline=None)
@given(text=texts, newline=st.sampled_from(["\n", "\r\n", "\r"]), bom=st.booleans())
def test_saved_text_loads_back_identical_in_its_format(text: str, newline: str, bom: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        fmt = TextFormat(newline, bom)
        path = Path(folder) / "n.md"
        data = save_text(path, text, fmt)
        assert path.read_bytes() == data
        loaded_text, loaded_fmt, lossless = decode_text(data)
        assert lossless and loaded_text == text
        if "\n" in text:
            assert loaded_fmt == fmt
        # and saving what was loaded writes the very same bytes
        assert save_text(path, loaded_text, loaded_fmt) == data


@settings(max_examples=150, deadline=None)
@given(
    text=texts,
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    encoding=st.sampled_from(["utf-16-le", "utf-16-be"]),
)
def test_utf16_notes_load_and_save_back_in_utf16(text: str, newline: str, encoding: str) -> None:
    fmt = TextFormat(newline, bom=True, encoding=encoding)
    data = encode_text(text, fmt)
    assert data[:2] == (b"\xff\xfe" if encoding == "utf-16-le" else b"\xfe\xff")
    loaded, loaded_fmt, lossless = decode_text(data)
    assert lossless and loaded == text
    assert encode_text(loaded, loaded_fmt) == data


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=300))
def test_any_file_loads_and_saves_back_to_its_own_bytes(data: bytes) -> None:
    """Opening a file and saving it unedited never changes it (CR, CRLF, LF, mixed, BOM)."""
    text, fmt, lossless = decode_text(data)
    if lossless:
        assert encode_text(text, fmt) == data


@pytest.mark.parametrize(
    ("data", "lines"),
    [
        (b"a\rb\rc\r", ["a", "b", "c", ""]),  # old Mac line ends
        (b"a\r\nb\r\n", ["a", "b", ""]),
        (b"a\nb\r", ["a", "b\r"]),  # a lone CR inside LF text stays as written
    ],
)
def test_line_ends_become_lines(data: bytes, lines: list[str]) -> None:
    text, fmt, _ = decode_text(data)
    assert text.split("\n") == lines
    assert encode_text(text, fmt) == data


@settings(max_examples=50, deadline=None)
@given(data=st.binary(max_size=200), step=st.sampled_from(STEPS))
def test_vault_save_interrupted_keeps_the_old_note(data: bytes, step: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        vault = Vault(folder)
        (Path(folder) / "a.md").write_bytes(b"old\n")
        text = data.decode("utf-8", "replace")
        with interrupted(step, "crash"), pytest.raises(Crash):
            vault.save("a.md", text)
        on_disk = (Path(folder) / "a.md").read_bytes()
        assert on_disk == (text.encode("utf-8") if step == "replace" else b"old\n")
        assert os.listdir(folder) == ["a.md"]


@pytest.mark.parametrize("name", ["x" * 251 + ".md", "é" * 125 + ".md", "日本" * 41 + ".md"])
def test_longest_names_can_be_saved(tmp_path: Path, name: str) -> None:
    # The temporary file's name once embedded the whole target name and passed 255 bytes.
    assert len(name.encode()) <= 255
    Vault(tmp_path).save(name, "text")
    assert (tmp_path / name).read_text() == "text"
    assert os.listdir(tmp_path) == [name]
