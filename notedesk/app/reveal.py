"""Show a file in the system's file manager, selected where the platform allows it."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QDir, QProcess, QUrl
from PySide6.QtGui import QDesktopServices

_FM1 = "org.freedesktop.FileManager1"


def reveal_in_file_manager(path: Path) -> None:
    if sys.platform == "darwin":
        QProcess.startDetached("open", ["-R", str(path)])
    elif sys.platform == "win32":
        QProcess.startDetached("explorer", [f"/select,{QDir.toNativeSeparators(str(path))}"])
    elif not _show_items_dbus(path):
        folder = path if path.is_dir() else path.parent
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def _show_items_dbus(path: Path) -> bool:
    """FreeDesktop FileManager1.ShowItems: Nautilus, Dolphin, Nemo, Thunar select the file."""
    try:
        from PySide6.QtDBus import QDBusConnection, QDBusMessage
    except ImportError:
        return False
    bus = QDBusConnection.sessionBus()
    interface = bus.interface() if bus.isConnected() else None
    if interface is None or not interface.isServiceRegistered(_FM1).value():
        return False
    message = QDBusMessage.createMethodCall(
        _FM1, "/org/freedesktop/FileManager1", _FM1, "ShowItems"
    )
    message.setArguments([[QUrl.fromLocalFile(str(path)).toString()], ""])
    return bool(bus.send(message))
