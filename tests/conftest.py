"""Test-wide isolation: no test touches the real per-user folders or a real display."""

from __future__ import annotations

import os

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
    monkeypatch.delenv("NOTEDESK_EVENT_LOG", raising=False)
