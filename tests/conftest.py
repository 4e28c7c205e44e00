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


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = tmp_path_factory.mktemp("userdirs")
    for name in ("DATA", "CACHE", "CONFIG"):
        monkeypatch.setenv(f"NOTEDESK_{name}_DIR", str(base / name.lower()))
    monkeypatch.delenv("NOTEDESK_EVENT_LOG", raising=False)
