"""Django's SQLite backend with a small pool of open connections per process.

Under ASGI every request gets its own database connection (Django keeps connections per
request context), so opening one was part of every request: connect, register Django's SQL
functions, run the PRAGMAs, read the schema again, start with a cold page cache — about a
millisecond, as much as the CTI endpoint's own queries. With `"pool": True` in OPTIONS a
closed connection goes back to a per-process pool, outside any transaction, and the next
request takes it as it is. In-memory databases (the tests') are never pooled.

With IMMEDIATE transactions this process's writers also queue on a lock of their own, pooled
or not (threads sharing the tests' in-memory database are otherwise refused at once). SQLite
lets one writer in at a time anyway, but a writer it turns away sleeps and polls (1, 2, 5 … up
to 100 ms), so with a dozen requests writing at once the database often stood idle while they
slept, and an unlucky request waited seconds. A thread waiting on the lock wakes as soon as
the transaction before it ends. Other processes (the worker) are still
kept out by SQLite's own lock and busy timeout.

Those writers' transactions also run on one connection, passed from one to the next with the
lock, so its page cache survives from one transaction to the next (see `_write_through`).
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import threading
import time
from typing import Any

from django.db.backends.sqlite3 import base

# Idle connections kept per database; more concurrent requests than this open and close their own.
POOL_SIZE = 16
# A connection idle longer than this is checked against the database file before reuse (a
# stat); under load they come back within milliseconds and are handed out without one.
RECHECK_AFTER_SECONDS = 1.0
# A writer waits this long for the others in its process, then goes on to SQLite's own lock
# (and its busy timeout), so a lock never released by mistake cannot stop the process.
WRITER_WAIT_SECONDS = 20.0

_lock = threading.Lock()
# (process id, database path) -> idle connections: the connection, the file's identity when
# it was opened, and when it went back to the pool.
_Idle = tuple[sqlite3.Connection, tuple[int, int], float]
_idle: dict[tuple[int, str], list[_Idle]] = {}


class _Writer:
    """The lock this process's writers of one database queue on, the thread holding it, and
    the one connection their transactions run on (pooled databases only)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.owner: int | None = None
        self.connection: sqlite3.Connection | None = None
        self.opened_on: tuple[int, int] | None = None
        self.released_at = 0.0


# (process id, database path) -> its writers' queue.
_writers: dict[tuple[int, str], _Writer] = {}


def _identity(path: str) -> tuple[int, int] | None:
    """The database file's device and inode: a file deleted and created again is another
    database, and its old connections must not be handed out."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _discard(connection: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.Error):
        connection.close()


# Statements at most this long have their placeholders converted once per process.
CONVERTED_UP_TO = 4_000


@functools.lru_cache(maxsize=512)
def _qmark(query: str) -> str:
    converted: str = base.FORMAT_QMARK_REGEX.sub("?", query)
    return converted.replace("%%", "%")


class CursorWrapper(base.SQLiteCursorWrapper):
    """Django's cursor, remembering how it rewrote each statement's `%s` placeholders as `?`:
    the same few dozen statements run on every request, and the regular expression was run
    on each of them every time."""

    def convert_query(self, query: str, *, param_names: list[str] | None = None) -> str:
        if param_names is None and len(query) <= CONVERTED_UP_TO:
            return _qmark(query)
        converted: str = super().convert_query(  # type: ignore[misc]  # not in the stubs
            query, param_names=param_names
        )
        return converted


class DatabaseWrapper(base.DatabaseWrapper):
    _pool_enabled = False
    _opened_on: tuple[int, int] | None = None
    # Foreign keys were switched off (schema changes): the connection is closed, not pooled.
    _constraints_touched = False
    _writer: _Writer | None = None  # held from BEGIN IMMEDIATE to COMMIT or ROLLBACK
    # This wrapper's own connection while its transaction runs on the writers' one.
    _own_connection: sqlite3.Connection | None = None

    def get_connection_params(self) -> dict[str, Any]:
        params = super().get_connection_params()
        self._pool_enabled = bool(params.pop("pool", False))
        return params

    def _pool_key(self) -> tuple[int, str] | None:
        if not self._pool_enabled or self.is_in_memory_db():
            return None
        # The process id: a connection must never cross a fork.
        return os.getpid(), str(self.settings_dict["NAME"])

    def get_new_connection(self, conn_params: dict[str, Any]) -> sqlite3.Connection:
        key = self._pool_key()
        self._constraints_touched = False
        if key is not None:
            while True:
                with _lock:
                    idle = _idle.get(key)
                    taken = idle.pop() if idle else None
                if taken is None:
                    break
                idle_connection, opened_on, returned_at = taken
                fresh = time.monotonic() - returned_at < RECHECK_AFTER_SECONDS
                if fresh or opened_on == _identity(key[1]):
                    self._opened_on = opened_on
                    return idle_connection
                _discard(idle_connection)
        connection: sqlite3.Connection = super().get_new_connection(conn_params)
        if key is not None:
            self._opened_on = _identity(key[1])
        return connection

    def create_cursor(self, name: str | None = None) -> CursorWrapper:
        return self.connection.cursor(factory=CursorWrapper)  # type: ignore[no-any-return]

    def disable_constraint_checking(self) -> bool:
        self._constraints_touched = True
        disabled: bool = super().disable_constraint_checking()
        return disabled

    def _start_transaction_under_autocommit(self) -> None:
        # Every database's writers queue, pooled or not: threads sharing an in-memory
        # database (the tests') are not even kept apart by SQLite's busy timeout, which a
        # shared cache's table locks ignore ("database table is locked" at once).
        key = (os.getpid(), str(self.settings_dict["NAME"]))
        immediate = getattr(self, "transaction_mode", None) == "IMMEDIATE"
        if immediate and self._writer is None:
            with _lock:
                writer = _writers.setdefault(key, _Writer())
            # A thread already writing through another connection would only wait for itself.
            if writer.owner != threading.get_ident() and writer.lock.acquire(
                timeout=WRITER_WAIT_SECONDS
            ):
                writer.owner = threading.get_ident()
                self._writer = writer
                self._write_through(writer)
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._writer_release()
            raise

    def _write_through(self, writer: _Writer) -> None:
        """Runs this transaction on the writers' connection, whose page cache stays warm.

        SQLite empties a connection's page cache whenever another connection has written
        since its last transaction. With one connection per request, every write
        transaction of a busy process found its cache empty and read again each B-tree page
        it touched (an open case touches about seventy: a sixth of its cost). The writers
        queue on the lock anyway, so they can take turns on one connection, which only its
        own writes (and other processes') ever change. Not for a connection whose foreign
        keys were switched off (a schema change), nor for unpooled or in-memory databases.
        """
        key = self._pool_key()
        own = self.connection
        if key is None or own is None or self._constraints_touched or own.in_transaction:
            return
        shared = writer.connection
        idle_for = time.monotonic() - writer.released_at
        replaced = idle_for > RECHECK_AFTER_SECONDS and writer.opened_on != _identity(key[1])
        if shared is not None and replaced:  # the database file was deleted and made again
            _discard(shared)
            shared = writer.connection = None
        if shared is None:
            shared = base.DatabaseWrapper.get_new_connection(self, self.get_connection_params())
            shared.isolation_level = None  # autocommit, as Django keeps its connections
            writer.connection, writer.opened_on = shared, _identity(key[1])
        self._own_connection, self.connection = own, shared

    def _writer_release(self) -> None:
        writer, self._writer = self._writer, None
        if writer is None:
            return
        own, self._own_connection = self._own_connection, None
        if own is not None:
            shared, self.connection = self.connection, own
            try:
                if shared is not None and shared.in_transaction:  # closed mid-transaction
                    shared.rollback()
            except sqlite3.Error:
                _discard(shared)
                writer.connection = None
            writer.released_at = time.monotonic()
        writer.owner = None
        writer.lock.release()

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]
        finally:
            self._writer_release()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]
        finally:
            self._writer_release()

    def _close(self) -> None:
        self._writer_release()  # closing ends any transaction
        connection = self.connection
        key = self._pool_key()
        # Closed inside an atomic block, Django may still use the connection until the block
        # ends: only a connection this wrapper is done with goes back.
        if connection is None or key is None or self.in_atomic_block or self._constraints_touched:
            super()._close()  # type: ignore[misc]  # BaseDatabaseWrapper._close, not in the stubs
            return
        try:
            if connection.in_transaction:
                connection.rollback()
        except sqlite3.Error:
            _discard(connection)
            return
        opened_on = self._opened_on
        with _lock:
            idle = _idle.setdefault(key, [])
            if opened_on is not None and len(idle) < POOL_SIZE:
                idle.append((connection, opened_on, time.monotonic()))
                return
        _discard(connection)
