"""Handing a file to the system's default application, and saying when none opened it.

``QDesktopServices.openUrl`` only reports whether ``xdg-open`` could be started, not
whether it found an application: on a desktop without one set for the file's type
the failure went to stderr only. Where ``xdg-open`` is the opener it is run here and
its exit status is awaited on a thread (it may wait for the viewer it starts, which
keeps running, in its own session, when notedesk quits).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices


def xdg_open() -> str | None:
    """The ``xdg-open`` to run, where it is the system's opener; else None."""
    return shutil.which("xdg-open") if sys.platform.startswith(("linux", "freebsd")) else None


def _last_line(data: bytes) -> str:
    lines = [line.strip() for line in data.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line]
    return lines[-1][:200] if lines else ""


class SystemOpener(QObject):
    """Opens files with the system; ``failed`` carries the user-facing message."""

    failed = Signal(str)
    _exited = Signal(str, int, str)  # shown name, exit status, last line of stderr

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._exited.connect(self._on_exited)

    def open(self, full: Path, shown: str) -> None:
        """Open ``full`` (``shown``: its name in messages); returns at once."""
        opener = xdg_open()
        if opener is None:
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(full))):
                self.failed.emit(f"No application opened {shown}")
            return
        try:
            process = subprocess.Popen(
                [opener, str(full)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
        except OSError as exc:
            self.failed.emit(f"No application opened {shown}: {exc.strerror or exc}")
            return

        def wait() -> None:
            _out, err = process.communicate()
            self._exited.emit(shown, process.returncode, _last_line(err or b""))

        threading.Thread(target=wait, name="notedesk-open", daemon=True).start()

    def _on_exited(self, shown: str, status: int, detail: str) -> None:
        if status == 0:
            return
        reason = "the system has no application set for this kind of file"
        if status not in (3, 4):  # xdg-open: no tool for it / the action failed
            reason = f"the system's opener failed (status {status})"
        self.failed.emit(
            f"No application opened {shown}: {reason}" + (f" — {detail}" if detail else "")
        )
