"""Watching a vault folder: raw watchdog events in, coalesced FileEvent batches out.

Events are gathered until the folder has been quiet for ``debounce`` seconds
(or ``max_delay`` has passed since the first one), coalesced (see
:mod:`notedesk.core.coalesce` for what a batch means) and, minus our own
writes, handed to ``on_batch`` on the watcher's own thread.

inotify can run out of watches and says nothing about network file systems;
in both cases the watcher polls instead and says why in ``fallback_reason``.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Literal

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from notedesk.core.coalesce import coalesce
from notedesk.core.events import FileEvent
from notedesk.core.ignore import IgnoreRules
from notedesk.core.ownwrites import OwnWrites

log = logging.getLogger(__name__)

WatchMode = Literal["native", "polling"]
# The events a vault needs. Not opens and closes: every read of a note (the index
# build, a search, an unlinked-mentions scan) would otherwise cost the watcher two
# events to take apart in Python, competing with the UI for the GIL. Not a folder's
# own "modified" either: the coalescer drops it (its children's events say more).
# A file's metadata changing (chmod: a note readable or writable again) counts as
# "modified": the file is looked at again.
_EVENT_FILTER: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    DirCreatedEvent,
    FileModifiedEvent,
    FileAttribEvent,
    FileDeletedEvent,
    DirDeletedEvent,
    FileMovedEvent,
    DirMovedEvent,
]
_LIMIT_ERRNOS = (errno.ENOSPC, errno.EMFILE)
WATCH_LIMIT_REASON = "the system limit on watched folders (inotify) is reached"

_NETWORK_FS = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb", "smbfs", "smb3", "ncpfs", "afs", "9p", "ceph",
        "glusterfs", "lustre", "gpfs", "beegfs", "davfs", "fuse.sshfs", "fuse.rclone",
        "fuse.s3fs", "fuse.davfs2", "fuse.gvfsd-fuse", "fuse.juicefs", "fuse.glusterfs",
    }
)  # fmt: skip


def network_fs_type(path: str | os.PathLike[str], mounts: str | None = None) -> str | None:
    """The file-system type if ``path`` lives on a network file system, else None.

    ``mounts`` is the text of ``/proc/self/mounts`` (read when not given).
    Linux and Windows only; elsewhere the answer is None.
    """
    real = os.path.realpath(path)
    if sys.platform == "win32":
        return _windows_remote(real)
    if mounts is None:
        if not sys.platform.startswith("linux"):
            return None
        try:
            with open("/proc/self/mounts", encoding="utf-8", errors="replace") as handle:
                mounts = handle.read()
        except OSError:
            return None
    best, best_type = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        # The kernel escapes spaces and friends as octal (\040).
        point = fields[1].encode().decode("unicode_escape")
        inside = real == point or real.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, fields[2]
    return best_type if best_type in _NETWORK_FS else None


def _windows_remote(real: str) -> str | None:
    if real.startswith("\\\\"):
        return "smb"
    try:
        import ctypes

        drive = os.path.splitdrive(real)[0] + "\\"
        if ctypes.windll.kernel32.GetDriveTypeW(drive) == 4:  # type: ignore[attr-defined]
            return "remote drive"
    except (AttributeError, OSError):
        pass
    return None


class VaultWatcher:
    """Watches one vault folder and reports coalesced batches of FileEvents.

    ``on_batch`` runs on the watcher's thread; the UI bridges it to its own.
    ``mode`` is ``"native"`` or ``"polling"``; ``fallback_reason`` says why
    polling was chosen, for the status bar. Both are set by :meth:`start`;
    if inotify runs out of watches later, the watcher switches to polling and
    calls ``on_mode_change(mode, reason)`` on its thread.
    """

    def __init__(
        self,
        vault_root: str | os.PathLike[str],
        on_batch: Callable[[list[FileEvent]], None],
        *,
        ignore: Callable[[str], bool] | None = None,
        debounce: float = 0.05,
        max_delay: float = 0.5,
        own_writes: OwnWrites | None = None,
        polling_interval: float = 1.0,
        force_polling: bool = False,
        on_mode_change: Callable[[WatchMode, str | None], None] | None = None,
        _watch_limit: int | None = None,
    ) -> None:
        self.root = os.path.abspath(vault_root)
        self.own_writes = own_writes if own_writes is not None else OwnWrites()
        self.mode: WatchMode = "native"
        self.fallback_reason: str | None = None
        self._on_batch = on_batch
        # What the vault leaves out (its Vault.is_ignored); by default the folder's rules.
        self._ignore = ignore if ignore is not None else IgnoreRules(self.root).is_ignored
        self._debounce = debounce
        self._max_delay = max_delay
        self._polling_interval = polling_interval
        self._force_polling = force_polling
        self._on_mode_change = on_mode_change
        self._watch_limit = _watch_limit
        self._cond = threading.Condition()
        self._pending: list[FileEvent] = []
        self._first_at = 0.0
        self._last_at = 0.0
        self._stopping = False
        # Guards swapping observers, so stop() never races a switch to polling.
        self._life = threading.Lock()
        self._closing = False
        self._unwatched: list[str] = []  # folders inotify refused: polling must rescan them
        self._observer: BaseObserver | None = None
        self._thread: threading.Thread | None = None
        self._handler = _Handler(self)

    # -- lifecycle -----------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("watcher already started")
        self._stopping = self._closing = False
        self._start_observer()
        self._thread = threading.Thread(target=self._run, name="notedesk-watch", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop watching; events already seen are still delivered first."""
        with self._life:
            self._closing = True
            observer, self._observer = self._observer, None
        if observer is not None:
            _stop_observer(observer, timeout)
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> VaultWatcher:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- observers -----------------------------------------------------------

    def _start_observer(self) -> None:
        reason: str | None = None
        if self._force_polling:
            reason = "polling was requested"
        else:
            fs = network_fs_type(self.root)
            if fs is not None:
                reason = f"the vault is on a network file system ({fs})"
        if reason is None:
            try:
                observer = self._native_observer()
            except OSError as exc:
                if exc.errno not in _LIMIT_ERRNOS:
                    raise
                reason = WATCH_LIMIT_REASON
            else:
                if not self._unwatched:
                    self._observer, self.mode, self.fallback_reason = observer, "native", None
                    return
                _stop_observer(observer, 5.0)
                self._unwatched.clear()
                reason = WATCH_LIMIT_REASON
        self._observer = self._polling_observer()
        self.mode, self.fallback_reason = "polling", reason

    def _native_observer(self) -> BaseObserver:
        observer: BaseObserver
        try:
            if not sys.platform.startswith("linux"):
                raise ImportError("inotify is Linux only")
            # Built on watchdog 7's inotify internals.
            from notedesk.core._inotify import LimitAwareInotifyObserver
        except ImportError:
            from watchdog.observers import Observer

            observer = Observer()
        else:
            observer = LimitAwareInotifyObserver(self._on_watch_limit, limit=self._watch_limit)
        try:
            observer.schedule(self._handler, self.root, recursive=True, event_filter=_EVENT_FILTER)
            observer.start()
        except BaseException:
            _stop_observer(observer, 5.0)
            raise
        return observer

    def _polling_observer(self) -> BaseObserver:
        observer = PollingObserver(timeout=self._polling_interval)
        observer.schedule(self._handler, self.root, recursive=True, event_filter=_EVENT_FILTER)
        observer.start()
        return observer

    def _on_watch_limit(self, path: str) -> None:
        # Called on inotify's thread, under its lock: only note it here.
        with self._cond:
            self._unwatched.append(path)
            self._cond.notify_all()

    def _switch_to_polling(self) -> None:
        with self._cond:
            folders, self._unwatched = self._unwatched, []
        with self._life:
            if self.mode == "polling" or self._closing:
                return
            old, self._observer = self._observer, None
            if old is not None:
                _stop_observer(old, 5.0)
            self._observer = self._polling_observer()
            self.mode, self.fallback_reason = "polling", WATCH_LIMIT_REASON
        log.warning("Falling back to polling %s: %s", self.root, WATCH_LIMIT_REASON)
        if self._on_mode_change is not None:
            try:
                self._on_mode_change(self.mode, self.fallback_reason)
            except Exception:
                log.exception("on_mode_change failed")
        # Nothing was reported from inside the folders inotify could not watch.
        for folder in folders:
            rel = self._rel(folder)
            if rel and not self._ignore(rel):
                self._push([FileEvent("created", rel, None, True)])

    # -- events --------------------------------------------------------------

    def _rel(self, path: str | bytes) -> str | None:
        text = os.fsdecode(path)
        if text == self.root:
            return ""
        if not text.startswith(self.root + os.sep):
            return None
        return text[len(self.root) + 1 :].replace(os.sep, "/")

    def _visible(self, rel: str | None) -> bool:
        return bool(rel) and not self._ignore(rel or "")

    def _convert(self, ev: FileSystemEvent) -> list[FileEvent]:
        kind = ev.event_type
        src = self._rel(ev.src_path)
        if kind == "moved":
            dest = self._rel(ev.dest_path)
            if self._visible(src) and self._visible(dest):
                return [FileEvent("moved", src or "", dest, ev.is_directory)]
            if self._visible(dest):  # e.g. a temp file renamed over a note
                return [FileEvent("created", dest or "", None, ev.is_directory)]
            if self._visible(src):  # e.g. moved into .trash/
                return [FileEvent("deleted", src or "", None, ev.is_directory)]
            return []
        if kind == "attrib" and not ev.is_directory:
            kind = "modified"
        if kind in ("created", "modified", "deleted") and self._visible(src):
            return [FileEvent(kind, src or "", None, ev.is_directory)]  # type: ignore[arg-type]
        return []

    def _push(self, events: list[FileEvent]) -> None:
        now = time.monotonic()
        with self._cond:
            first = not self._pending
            if first:
                self._first_at = now
            self._pending.extend(events)
            self._last_at = now
            # Only the first event wakes the delivery thread: it then sleeps until the
            # quiet deadline and re-reads ``_last_at``, so a burst of thousands of
            # events costs no wake-up (and no GIL hand-over) each.
            if first:
                self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not (self._pending or self._stopping or self._unwatched):
                    self._cond.wait()
                switch = bool(self._unwatched)
                if not switch:
                    if not self._pending:
                        return  # stopping, and everything seen was delivered
                    self._wait_for_quiet()
                raw, self._pending = self._pending, []
            if switch:
                self._switch_to_polling()
            if raw:
                self._deliver(raw)

    def _wait_for_quiet(self) -> None:
        # Caller holds the condition's lock.
        while not self._stopping and not self._unwatched:
            deadline = min(self._last_at + self._debounce, self._first_at + self._max_delay)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            self._cond.wait(remaining)

    def _deliver(self, raw: list[FileEvent]) -> None:
        events = [ev for ev in coalesce(raw, polled=self.mode == "polling") if not self._is_own(ev)]
        if not events:
            return
        try:
            self._on_batch(events)
        except Exception:
            log.exception("on_batch failed for %d events", len(events))

    def _is_own(self, ev: FileEvent) -> bool:
        if ev.kind not in ("created", "modified") or ev.is_dir:
            return False
        return self.own_writes.is_own(os.path.join(self.root, *ev.path.split("/")))


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: VaultWatcher) -> None:
        self._watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        converted = self._watcher._convert(event)
        if converted:
            self._watcher._push(converted)


def _stop_observer(observer: BaseObserver, timeout: float) -> None:
    observer.stop()
    with contextlib.suppress(RuntimeError):
        observer.join(timeout)
