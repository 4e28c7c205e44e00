"""An inotify observer that tells us when the kernel refuses more watches.

watchdog quietly skips subfolders it cannot watch once the per-user limit
(``fs.inotify.max_user_watches``) is reached; changes inside them would then
go unseen. This observer reports each refusal so the watcher can switch to
polling instead.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable

from watchdog.observers.api import DEFAULT_OBSERVER_TIMEOUT, BaseObserver
from watchdog.observers.inotify import InotifyEmitter
from watchdog.observers.inotify_c import CallbackId, InotifyFD, Mask, WatchCallback, WatchDescriptor


class _LimitAwareFD(InotifyFD):
    def __init__(self, on_limit: Callable[[str], None], limit: int | None) -> None:
        super().__init__()
        self._on_limit = on_limit
        self._limit = limit  # tests simulate a small kernel limit with this
        self._added = 0

    def add_callback(
        self, path: bytes, mask: Mask, callback: WatchCallback, id_: CallbackId
    ) -> WatchDescriptor:
        try:
            if self._limit is not None and self._added >= self._limit:
                raise OSError(errno.ENOSPC, "inotify watch limit reached")
            wd = super().add_callback(path, mask, callback, id_)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EMFILE):
                self._on_limit(os.fsdecode(path))
            raise
        self._added += 1
        return wd

    def _add_callback(
        self, path: bytes, mask: Mask, callback: WatchCallback, id_: CallbackId
    ) -> WatchDescriptor:
        # watchdog's version, minus its warning about a harmless race: a folder
        # made right after its parent gets registered by the parent's event and
        # by the walk of the parent, with the same callback.
        watch = self._get_or_create_watch(path, mask)
        watch.callbacks[id_] = callback
        return watch.wd


class LimitAwareInotifyObserver(BaseObserver):
    """InotifyObserver whose ``on_limit(folder)`` hears of every refused watch."""

    def __init__(self, on_limit: Callable[[str], None], *, limit: int | None = None) -> None:
        self._inotify_fd = _LimitAwareFD(on_limit, limit)
        self._inotify_fd.start()
        super().__init__(
            InotifyEmitter, timeout=DEFAULT_OBSERVER_TIMEOUT, inotify_fd=self._inotify_fd
        )

    def on_thread_stop(self) -> None:
        super().on_thread_stop()
        self._inotify_fd.stop()
        self._inotify_fd.join()
