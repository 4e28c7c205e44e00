"""Test-wide isolation: no test touches the real per-user folders or a real display."""

from __future__ import annotations

import os
import pathlib

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
for _flag in ("--no-sandbox", "--disable-gpu", "--disable-background-networking"):
    if _flag not in _flags:
        _flags = f"{_flags} {_flag}".strip()
os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = _flags


@pytest.fixture(scope="session", autouse=True)
def _release_qt_at_exit():
    """Windows and pages go before the shared web profile, or QtWebEngine crashes at exit."""
    yield
    import sys

    if "PySide6.QtWidgets" in sys.modules:
        from notedesk.app.application import release_qt_objects

        release_qt_objects()


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = tmp_path_factory.mktemp("userdirs")
    for name in ("DATA", "CACHE", "CONFIG"):
        monkeypatch.setenv(f"NOTEDESK_{name}_DIR", str(base / name.lower()))
    # The desktop trash ($XDG_DATA_HOME/Trash) and whatever else lives there.
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "xdg-data"))
    monkeypatch.delenv("NOTEDESK_EVENT_LOG", raising=False)
    # No test hands a file to the real xdg-open: QDesktopServices (patched where a test
    # looks at what was opened) is used instead; test_systemopen runs a fake opener.
    monkeypatch.setattr("notedesk.app.systemopen.xdg_open", lambda: None)


@pytest.fixture
def make_unreadable(monkeypatch: pytest.MonkeyPatch):
    """``make_unreadable(folder)``: see ``_make_unreadable``; undone after the test."""
    return lambda folder: _make_unreadable(monkeypatch, folder)


def _make_unreadable(monkeypatch: pytest.MonkeyPatch, folder: pathlib.Path) -> None:
    """``folder`` behaves as a folder of another user with mode 700 (tests may run as root)."""
    real_scandir, real_stat, real_access = os.scandir, os.stat, os.access

    def inside(path: object, strict: bool) -> bool:
        if not isinstance(path, (str, os.PathLike)):
            return False
        p = pathlib.Path(os.path.abspath(os.fspath(path)))
        return (p == folder and not strict) or folder in p.parents

    def denied(path: object) -> PermissionError:
        return PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[arg-type]

    def scandir(path: object = ".") -> object:
        if inside(path, strict=False):
            raise denied(path)
        return real_scandir(path)  # type: ignore[arg-type]

    def stat(path: object, *args: object, **kwargs: object) -> object:
        if inside(path, strict=True):
            raise denied(path)
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    def access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
        if inside(path, strict=False):
            return False
        return real_access(path, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "access", access)
