"""User settings in one INI file (``NOTEDESK_CONFIG_DIR`` overrides where it lives)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from PySide6.QtCore import QByteArray, QObject, QSettings

MAX_RECENT = 10
# Where a tab was: cursor line (1-based), column (0-based), first visible line (1-based).
Place = tuple[int, int, int]


def settings_file() -> Path:
    override = os.environ.get("NOTEDESK_CONFIG_DIR")
    folder = Path(override) if override else Path(platformdirs.user_config_dir("notedesk"))
    return folder / "notedesk.ini"


class Settings(QObject):
    """Typed access to what notedesk remembers between runs."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._qs = QSettings(str(settings_file()), QSettings.Format.IniFormat, self)

    def _get_str(self, key: str, default: str = "") -> str:
        value = self._qs.value(key, default)
        return value if isinstance(value, str) else default

    def _get_list(self, key: str) -> list[str]:
        value = self._qs.value(key, [])
        if isinstance(value, str):
            return [value] if value else []
        return [str(v) for v in value] if isinstance(value, list) else []

    @property
    def last_vault(self) -> str:
        return self._get_str("vault/last")

    def remember_vault(self, path: str) -> None:
        self._qs.setValue("vault/last", path)
        recent = [path] + [p for p in self.recent_vaults if p != path]
        self._qs.setValue("vault/recent", recent[:MAX_RECENT])

    @property
    def recent_vaults(self) -> list[str]:
        return self._get_list("vault/recent")

    def open_tabs(self, vault: str) -> list[str]:
        return self._get_list(f"tabs/{_key(vault)}/open")

    def current_tab(self, vault: str) -> str:
        return self._get_str(f"tabs/{_key(vault)}/current")

    def tab_places(self, vault: str) -> dict[str, Place]:
        """Each open tab's (cursor line, column, first visible line) by note path."""
        import json

        try:
            data = json.loads(self._get_str(f"tabs/{_key(vault)}/places", "{}"))
        except ValueError:
            return {}
        if not isinstance(data, dict):
            return {}
        places: dict[str, Place] = {}
        for path, place in data.items():
            if (
                isinstance(place, list)
                and len(place) == 3
                and all(isinstance(n, int) and not isinstance(n, bool) for n in place)
            ):
                places[path] = (place[0], place[1], place[2])
        return places

    def remember_tabs(
        self, vault: str, paths: list[str], current: str, places: dict[str, Place] | None = None
    ) -> None:
        self._qs.setValue(f"tabs/{_key(vault)}/open", paths)
        self._qs.setValue(f"tabs/{_key(vault)}/current", current)
        if places is not None:
            import json

            self._qs.setValue(f"tabs/{_key(vault)}/places", json.dumps(places))

    def geometry(self, name: str) -> QByteArray | None:
        value = self._qs.value(f"window/{name}")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, name: str, data: QByteArray) -> None:
        self._qs.setValue(f"window/{name}", data)

    def value(self, key: str, default: str = "") -> str:
        return self._get_str(key, default)

    def set_value(self, key: str, value: str) -> None:
        self._qs.setValue(key, value)

    def sync(self) -> None:
        self._qs.sync()


def _key(vault: str) -> str:
    import hashlib

    return hashlib.sha1(vault.encode()).hexdigest()[:12]
