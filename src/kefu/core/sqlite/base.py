"""Django's SQLite backend with a queue for writers.

Every ``atomic`` block on SQLite begins with ``BEGIN IMMEDIATE`` (settings), which takes the
database's one write lock. A writer that finds it taken is left to SQLite's busy handler,
which sleeps 1, 2, 5 … 100 ms between tries: under a burst of creates most of a request's
time goes to sleeping past the moment the lock came free (p95 in the hundreds of ms).

Here a writer first queues for the lock in its own process (a ``threading.Lock``, handed over
at once) and then across processes on ``<database>.writers`` (``flock``, tried every
millisecond by the one thread per process at the head of the queue), so it reaches
``BEGIN IMMEDIATE`` as soon as the previous transaction ends. The lock is released when the
transaction commits or rolls back, or the connection closes; the kernel releases it when a
process dies. Waiting longer than the database ``timeout`` option raises "database is locked",
as SQLite itself would. Writes outside ``atomic`` (autocommit) do not queue here.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from typing import Any

from django.db import OperationalError
from django.db.backends.sqlite3 import base

_in_process: dict[str, threading.Lock] = {}
_registry = threading.Lock()


def _process_lock(path: str) -> threading.Lock:
    with _registry:
        return _in_process.setdefault(path, threading.Lock())


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gate_file: int | None = None
        self._holding = False

    def _queued(self) -> bool:
        return not self.is_in_memory_db() and self.transaction_mode in {"IMMEDIATE", "EXCLUSIVE"}

    def _gate_path(self) -> str:
        return f"{self.settings_dict['NAME']}.writers"

    def _acquire_gate(self) -> None:
        path = self._gate_path()
        limit = float(self.settings_dict["OPTIONS"].get("timeout", 5))
        deadline = time.monotonic() + limit
        local = _process_lock(path)
        if not local.acquire(timeout=limit):
            raise OperationalError("database is locked")
        try:
            if self._gate_file is None:
                self._gate_file = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            while True:
                try:
                    fcntl.flock(self._gate_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise OperationalError("database is locked") from None
                    time.sleep(0.001)
        except BaseException:
            local.release()
            raise
        self._holding = True

    def _release_gate(self) -> None:
        if not self._holding:
            return
        self._holding = False
        try:
            if self._gate_file is not None:
                fcntl.flock(self._gate_file, fcntl.LOCK_UN)
        finally:
            _process_lock(self._gate_path()).release()

    def _start_transaction_under_autocommit(self) -> None:
        if not self._queued():
            return super()._start_transaction_under_autocommit()
        self._acquire_gate()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_gate()
            raise

    def _commit(self) -> Any:
        try:
            return super()._commit()
        finally:
            self._release_gate()

    def _rollback(self) -> Any:
        try:
            return super()._rollback()
        finally:
            self._release_gate()

    def _close(self) -> Any:
        try:
            return super()._close()
        finally:
            self._release_gate()
            if self._gate_file is not None:
                os.close(self._gate_file)
                self._gate_file = None
