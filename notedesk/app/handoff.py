"""One notedesk per user: a second start hands its folder or note to the running one.

The running app listens on a local socket (one per user and settings folder); a
start first tries to connect to it and, if someone answers, sends the path it was
given and exits: the running app opens it in its window and raises that window.

The attempt is cheap (one ``connect`` on a Unix socket, before Qt is loaded) and
safe: no socket, or a stale one left by a crash (nobody listening), means a normal
start, and the new app then takes the socket over. Where Python has no Unix sockets
(Windows), every start opens its own window, as before.
"""

from __future__ import annotations

import binascii
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

MAGIC = b"notedesk-open\0"
OK = b"ok\n"
REPLY_TIMEOUT = 5.0  # seconds the running app has to answer (its UI thread may be busy)


def socket_path() -> str | None:
    """Where the running app listens; None where there are no Unix sockets (Windows)."""
    import _socket

    if not hasattr(_socket, "AF_UNIX"):
        return None
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    # Not tempfile/hashlib: importing them costs more than the whole hand-off attempt.
    folder = runtime if runtime and os.path.isdir(runtime) else os.environ.get("TMPDIR", "/tmp")
    # One app per settings folder: tests and benchmarks with their own never meet the user's.
    settings = os.environ.get("NOTEDESK_CONFIG_DIR") or os.environ.get("XDG_CONFIG_HOME", "")
    key = f"{binascii.crc32(settings.encode('utf-8', 'surrogateescape')):08x}"
    return os.path.join(folder, f"notedesk-{os.getuid()}-{key}.sock")


def hand_off(target: Path | None) -> bool:
    """Give ``target`` to a running notedesk; True if it took it (this start can end)."""
    import _socket

    path = socket_path()
    if path is None:
        return False
    try:
        if os.stat(path).st_uid != os.getuid():  # not ours: never talk to it
            return False
    except OSError:
        return False  # no app running (the usual case)
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.settimeout(REPLY_TIMEOUT)
        sock.connect(path)
        sock.sendall(encode(target))
        reply = b""
        while len(reply) < len(OK):
            chunk = sock.recv(len(OK) - len(reply))
            if not chunk:
                break
            reply += chunk
    except OSError:
        return False  # a stale socket (nobody listening), or no answer in time
    finally:
        sock.close()
    return reply == OK


def encode(target: Path | None) -> bytes:
    name = os.fsencode(target.absolute()) if target is not None else b""
    return MAGIC + name + b"\0"


def decode(data: bytes) -> tuple[bool, Path | None]:
    """(complete, target) of what a starting app sent so far."""
    if not data.startswith(MAGIC) or not data.endswith(b"\0") or len(data) <= len(MAGIC):
        return False, None
    name = data[len(MAGIC) : -1]
    return True, (Path(os.fsdecode(name)) if name else None)


def listen(on_request: Callable[[Path | None], None], parent: QObject) -> QObject | None:
    """Take the requests of later starts: ``on_request(target)`` for each (None: no path).

    Returns the server, or None if there is none (no Unix sockets, another app
    listening, or the socket cannot be made).
    """
    path = socket_path()
    if path is None:
        return None
    from PySide6.QtCore import QTimer
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

    if _answers(path):
        return None  # another notedesk with these settings got here first
    # A socket file nobody answers on is stale (its app crashed): it goes. (listen()
    # with access options would replace it anyway, a live one too: hence the check.)
    QLocalServer.removeServer(path)
    server = QLocalServer(parent)
    server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
    if not server.listen(path):
        server.deleteLater()
        return None

    def accept() -> None:
        while server.hasPendingConnections():
            conn = server.nextPendingConnection()
            if conn is None:
                return
            received = bytearray()

            def read(conn: QLocalSocket = conn, received: bytearray = received) -> None:
                received.extend(bytes(conn.readAll().data()))
                complete, target = decode(bytes(received))
                if complete:
                    conn.readyRead.disconnect()
                    conn.write(OK)
                    conn.flush()
                    conn.disconnectFromServer()
                    QTimer.singleShot(0, parent, lambda: on_request(target))
                elif len(received) > 65536:
                    conn.abort()

            conn.readyRead.connect(read)
            conn.disconnected.connect(conn.deleteLater)
            if conn.bytesAvailable():
                read()

    server.newConnection.connect(accept)
    return server


def _answers(path: str) -> bool:
    """Someone listens on ``path`` (a connect succeeds)."""
    import _socket

    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.settimeout(1.0)
        sock.connect(path)
    except OSError:
        return False
    finally:
        sock.close()
    return True
