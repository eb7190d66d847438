"""A database that stops answering, for tests: a TCP proxy in front of PostgreSQL that can start
swallowing connections (accepts them and never answers), or, on SQLite, a writer that holds the lock."""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import threading
from types import TracebackType

from sqlalchemy.engine import make_url


class DatabaseOutage:
    """Stands between the bot and its database; `begin()` makes the database go quiet, `end()` returns it."""

    def __init__(self, database_url: str) -> None:
        self.target = make_url(database_url)
        self.postgres = self.target.drivername.startswith("postgresql")
        self._quiet = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._holder: sqlite3.Connection | None = None
        self._listener: socket.socket | None = None
        if self.postgres:
            self._listener = socket.create_server(("127.0.0.1", 0), backlog=256)
            threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        """The URL the bot is given: through the proxy on PostgreSQL, the file itself on SQLite."""
        if self._listener is None:
            return self.target.render_as_string(hide_password=False)
        port = self._listener.getsockname()[1]
        return self.target.set(host="127.0.0.1", port=port).render_as_string(hide_password=False)

    def begin(self) -> None:
        """The database stops answering: open connections drop, new ones are swallowed."""
        if not self.postgres:
            self._holder = sqlite3.connect(self.target.database or "", isolation_level=None)
            self._holder.execute("BEGIN IMMEDIATE")
            return
        with self._lock:
            self._quiet = True
            self._close_all()

    def end(self) -> None:
        """The database answers again."""
        if self._holder is not None:
            self._holder.execute("ROLLBACK")
            self._holder.close()
            self._holder = None
        with self._lock:
            self._quiet = False
            self._close_all()

    def close(self) -> None:
        """Stop the proxy."""
        self.end()
        if self._listener is not None:
            self._listener.close()

    def __enter__(self) -> DatabaseOutage:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def _close_all(self) -> None:
        for s in self._sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()
        self._sockets.clear()

    def _accept(self) -> None:
        assert self._listener is not None
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self._sockets.append(client)
                if self._quiet:
                    continue  # accepted, never answered
                upstream = socket.create_connection(
                    (self.target.host or "127.0.0.1", self.target.port or 5432)
                )
                self._sockets.append(upstream)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pipe, args=(a, b), daemon=True).start()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)
