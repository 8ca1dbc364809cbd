"""SQLite writers queue for the write lock on a file lock, not in SQLite's busy handler.

SQLite lets one connection write at a time. Another that finds the lock taken sleeps in
SQLite's busy handler for 1, 2, 5, 10, 15 ... ms between tries, so under a steady stream of
short write transactions (a web-form submission holds the lock for about a millisecond)
a waiting worker mostly sleeps on after the lock came free: the intake benchmark's workers
spent an eighth of their time asleep that way, with a core idle.

So every IEG connection to a database file takes an exclusive lock on a file beside it
(`<database>-writer.lock`, flock) just before its transaction's first write, and lets it go
when the transaction ends (commit, rollback, close). A waiter tries again after 0.05 ms,
doubling to at most 0.5 ms, so the next writer starts within a fraction of a millisecond of
the last one's commit, and finds SQLite's own lock free. SQLite's busy handler still covers
writers outside IEG (the sqlite3 shell, a backup), and a waiter gives up after the same busy
timeout with SQLite's own error ("database is locked").

A flock belongs to the open file, which a process's threads share, so within a process the
threads queue on a threading lock first; a forked process opens its own.

Checkpoints (copying the write-ahead log back into the database) run on a thread of their
own. SQLite would run one inside the commit of every transaction that takes the log past 1000
pages: the next writer would wait for it, and the worker that committed would spend its
fsyncs (about 12 ms of every 14 a checkpoint takes here) blocked instead of serving the next
request. These connections turn that off; every CHECKPOINT_EVERY commits to a database, a
process asks its checkpointer thread for a passive checkpoint (on a connection of its own,
holding no lock of ours; sqlite3 lets go of the GIL while it runs) and carries on. Writers
outside IEG still checkpoint as SQLite does.
"""
from __future__ import annotations

import fcntl
import logging
import os
import re
import sqlite3
import threading
import time
from functools import lru_cache
from urllib.parse import unquote, urlsplit
from urllib.request import pathname2url

log = logging.getLogger(__name__)

BUSY_TIMEOUT = 5.0  # seconds; also SQLite's own busy_timeout (ieg.database)
# A web-form submission adds about 30 pages to the log: a checkpoint every 32 commits to a
# database in a process is about as often as SQLite's own (every 1000 pages).
CHECKPOINT_EVERY = 32
CHECKPOINTER_IDLE = 60.0  # seconds without a request before the thread ends (a new one starts on demand)
_FIRST_POLL, _LONGEST_POLL = 0.00005, 0.0005  # seconds between tries of a taken lock

# Statements that take SQLite's write lock. WITH counts only when it writes: a report's
# common table expressions must not queue behind (or hold up) the writers.
_WRITES = re.compile(r"\s*(?:INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|VACUUM|REINDEX|ANALYZE"
                     r"|WITH\b(?=.*\b(?:INSERT|UPDATE|DELETE|REPLACE)\b))", re.IGNORECASE | re.DOTALL)


@lru_cache(maxsize=2048)
def writes(sql: str) -> bool:
    """Whether running `sql` takes SQLite's write lock (the same statements recur: cached)."""
    return _WRITES.match(sql) is not None


class _Queue:
    """The writers' lock for one database file, in one process."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.pid = os.getpid()
        self.threads = threading.Lock()
        self.fd: int | None = None

    def acquire(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        if not self.threads.acquire(timeout=timeout):
            raise sqlite3.OperationalError("database is locked")
        try:
            if self.fd is None:
                self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            delay = _FIRST_POLL
            while True:
                try:
                    fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise sqlite3.OperationalError("database is locked") from None
                    time.sleep(delay)
                    delay = min(delay * 2, _LONGEST_POLL)
        except BaseException:
            self.threads.release()
            raise

    def release(self) -> None:
        try:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        finally:
            self.threads.release()


_queues: dict[str, _Queue] = {}
_queues_lock = threading.Lock()


def _queue(path: str) -> _Queue:
    found = _queues.get(path)
    if found is None or found.pid != os.getpid():  # new, or inherited through a fork
        with _queues_lock:
            found = _queues.get(path)
            if found is None or found.pid != os.getpid():
                found = _queues[path] = _Queue(path)
    return found


class _Checkpointer:
    """One thread per process running the passive checkpoints its connections ask for."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.condition = threading.Condition()
        self.commits: dict[tuple[str, bool], int] = {}  # (database, uri) -> commits since the last request
        self.pending: set[tuple[str, bool]] = set()
        self.running = 0  # checkpoints under way (0 or 1)
        self.thread: threading.Thread | None = None

    def committed(self, target: tuple[str, bool]) -> None:
        """A write transaction to `target` committed: every CHECKPOINT_EVERY, ask for a checkpoint."""
        with self.condition:
            count = self.commits.get(target, 0) + 1
            if count < CHECKPOINT_EVERY:
                self.commits[target] = count
                return
            self.commits[target] = 0
            self.pending.add(target)
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="ieg-sqlite-checkpointer", daemon=True)
                self.thread.start()
            self.condition.notify_all()

    def _run(self) -> None:
        while True:
            with self.condition:
                if not self.pending and not self.condition.wait_for(lambda: self.pending, CHECKPOINTER_IDLE):
                    self.thread = None
                    return
                target = self.pending.pop()
                self.running += 1
            try:
                checkpoint(*target)
            except Exception:  # the next request tries again; SQLite is consistent either way
                log.warning("SQLite checkpoint of %s failed", target[0], exc_info=True)
            finally:
                with self.condition:
                    self.running -= 1
                    self.condition.notify_all()

    def settled(self, timeout: float) -> bool:
        """Wait until no checkpoint is asked for or under way (for tests); whether it came to that."""
        with self.condition:
            return self.condition.wait_for(lambda: not self.pending and not self.running, timeout)


def checkpoint(database: str, uri: bool = False) -> tuple:
    """A passive checkpoint of `database` on a connection of its own: as much of the log as
    readers allow goes back into the database; it never waits for them, nor they for it.
    Returns SQLite's (busy, log pages, pages checkpointed). A database gone meanwhile is an
    error, never made afresh (mode=rw)."""
    if not uri:
        database, uri = f"file:{pathname2url(database)}?mode=rw", True
    connection = sqlite3.connect(database, uri=uri, check_same_thread=False)
    try:
        return connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    finally:
        connection.close()


_checkpointer: _Checkpointer | None = None


def checkpointer() -> _Checkpointer:
    """This process's checkpointer (a forked child makes its own: threads do not survive a fork)."""
    global _checkpointer
    found = _checkpointer
    if found is None or found.pid != os.getpid():
        with _queues_lock:
            found = _checkpointer
            if found is None or found.pid != os.getpid():
                found = _checkpointer = _Checkpointer()
    return found


def lock_path(database: str, uri: bool = False) -> str | None:
    """The writers' lock file for what sqlite3.connect was given; None for an in-memory database."""
    if uri:
        parts = urlsplit(database)
        if "mode=memory" in parts.query:
            return None
        database = unquote(parts.path)
    if database in ("", ":memory:"):
        return None
    return os.path.abspath(database) + "-writer.lock"


class Connection(sqlite3.Connection):
    """sqlite3.Connection taking the writers' lock before the first write of a transaction
    (sqlite3.connect(..., factory=Connection), as ieg.database does for every SQLite engine)."""

    def __init__(self, database, *args, **kwargs) -> None:
        super().__init__(database, *args, **kwargs)
        uri = kwargs.get("uri", False)
        self._lock_path = lock_path(os.fsdecode(database), uri)
        # What the checkpointer connects to: a path made absolute now, as the process may
        # change directory before the checkpoint runs.
        self._target = (os.fsdecode(database) if uri else os.path.abspath(os.fsdecode(database)), uri)
        self._holding: _Queue | None = None
        if self._lock_path is not None:
            super().execute("PRAGMA wal_autocheckpoint=0")  # see the module's docstring

    def cursor(self, factory=None):
        return super().cursor(factory or Cursor)

    def execute(self, sql, parameters=(), /):
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql, parameters, /):
        return self.cursor().executemany(sql, parameters)

    def executescript(self, script, /):
        return self.cursor().executescript(script)

    def _before(self, sql: str) -> None:
        if self._holding is None and self._lock_path is not None and writes(sql):
            queue = _queue(self._lock_path)
            queue.acquire(BUSY_TIMEOUT)
            self._holding = queue

    def _after(self) -> None:
        """Let go once no transaction is open (a write outside one, COMMIT run as SQL)."""
        if self._holding is not None and not self.in_transaction:
            self._release()

    def _release(self) -> None:
        holding, self._holding = self._holding, None
        if holding is not None and holding.pid == os.getpid():
            holding.release()

    def commit(self) -> None:
        wrote = self._holding is not None
        try:
            super().commit()
        finally:
            self._after()
        if wrote:
            checkpointer().committed(self._target)

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._after()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._release()


class Cursor(sqlite3.Cursor):
    def _queued(self, sql: str, run, *args):
        connection = self.connection
        connection._before(sql)
        try:
            return run(*args)
        finally:
            connection._after()

    def execute(self, sql, parameters=(), /):
        return self._queued(sql, super().execute, sql, parameters)

    def executemany(self, sql, parameters, /):
        return self._queued(sql, super().executemany, sql, parameters)

    def executescript(self, script, /):
        return self._queued("CREATE", super().executescript, script)  # a script may write anything
