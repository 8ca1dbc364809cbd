"""SQLite writers queue on a file lock (ieg.sqlite_writers): taken before a transaction's
first write, let go when it ends; reads never take it; a waiter starts as soon as the
holder commits, in another process too, and gives up after the busy timeout."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from ieg import sqlite_writers
from ieg.sqlite_writers import Connection, lock_path, writes

ROOT = Path(__file__).resolve().parents[2]


def _connect(path: Path) -> Connection:
    connection = sqlite3.connect(path, factory=Connection, timeout=0.05)
    connection.execute("PRAGMA journal_mode=WAL")
    return connection


@pytest.fixture()
def database(tmp_path):
    path = tmp_path / "db.sqlite3"
    setup = _connect(path)
    setup.execute("CREATE TABLE t (n INTEGER)")
    setup.close()
    return path


def _held(connection: Connection) -> bool:
    return connection._holding is not None


@pytest.mark.parametrize("sql, expected", [
    ("INSERT INTO t VALUES (1)", True), ("  update t set n = 2", True), ("DELETE FROM t", True),
    ("REPLACE INTO t VALUES (1)", True), ("CREATE INDEX i ON t (n)", True), ("DROP TABLE t", True),
    ("ALTER TABLE t ADD m", True), ("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", True),
    ("SELECT * FROM t", False), ("WITH x AS (SELECT 1) SELECT * FROM x", False), ("PRAGMA foreign_keys=ON", False),
    ("SAVEPOINT sa_1", False), ("RELEASE SAVEPOINT sa_1", False), ("SELECT 'INSERT'", False),
])
def test_which_statements_take_the_write_lock(sql, expected):
    assert writes(sql) is expected


def test_held_from_the_first_write_to_commit_or_rollback_and_never_for_reads(database):
    connection = _connect(database)
    connection.execute("SELECT * FROM t").fetchall()
    assert not _held(connection)
    connection.execute("INSERT INTO t VALUES (1)")
    assert _held(connection) and connection.in_transaction
    connection.execute("INSERT INTO t VALUES (2)")  # the same transaction: still held, once
    connection.commit()
    assert not _held(connection)
    cursor = connection.cursor()
    cursor.execute("UPDATE t SET n = 3")
    assert _held(connection)
    connection.rollback()
    assert not _held(connection)
    connection.execute("CREATE TABLE u (n)")  # DDL runs outside a transaction: let go at once
    assert not _held(connection)
    connection.execute("INSERT INTO t VALUES (4)")
    connection.close()  # closing ends the transaction too
    assert not _held(connection)


def test_a_second_writer_in_another_thread_waits_for_the_commit_then_goes(database):
    first, second = _connect(database), sqlite3.connect(database, factory=Connection, check_same_thread=False)
    first.execute("INSERT INTO t VALUES (1)")
    done = threading.Event()
    waited = []

    def write():
        started = time.monotonic()
        second.execute("INSERT INTO t VALUES (2)")
        second.commit()
        waited.append(time.monotonic() - started)
        done.set()
    thread = threading.Thread(target=write)
    thread.start()
    assert not done.wait(0.2)  # queued behind the first writer, not failing and not writing
    committed = time.monotonic()
    first.commit()
    assert done.wait(2)
    thread.join()
    assert waited[0] >= 0.2 and time.monotonic() - committed < 0.5
    assert [n for (n,) in first.execute("SELECT n FROM t ORDER BY n")] == [1, 2]


def test_a_reader_is_never_held_up_by_a_writer(database):
    writer, reader = _connect(database), _connect(database)
    writer.execute("INSERT INTO t VALUES (1)")
    started = time.monotonic()
    assert reader.execute("SELECT count(*) FROM t").fetchone() == (0,)  # WAL: the last committed state
    assert time.monotonic() - started < 0.1 and not _held(reader)
    writer.commit()


def _hold_in_another_process(database: Path, seconds: float) -> subprocess.Popen:
    """Another process that writes, says so, and commits after `seconds`."""
    script = textwrap.dedent(f"""
        import sqlite3, sys, time
        from ieg.sqlite_writers import Connection
        connection = sqlite3.connect({str(database)!r}, factory=Connection)
        connection.execute("INSERT INTO t VALUES (1)")
        print("holding", flush=True)
        time.sleep({seconds})
        connection.commit()
    """)
    process = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert process.stdout.readline().strip() == "holding"
    return process


def test_writers_in_other_processes_queue_for_the_lock(database):
    holder = _hold_in_another_process(database, 0.5)
    connection = _connect(database)  # SQLite's own busy timeout is 0.05 s: the queue is what waits
    started = time.monotonic()
    connection.execute("INSERT INTO t VALUES (2)")
    connection.commit()
    assert 0.3 < time.monotonic() - started < 2
    assert holder.wait(5) == 0
    assert sorted(n for (n,) in connection.execute("SELECT n FROM t")) == [1, 2]


def test_a_waiter_gives_up_after_the_busy_timeout_with_sqlites_error(database, monkeypatch):
    monkeypatch.setattr(sqlite_writers, "BUSY_TIMEOUT", 0.2)
    holder = _hold_in_another_process(database, 1.5)
    connection = _connect(database)
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="database is locked"):
        connection.execute("INSERT INTO t VALUES (2)")
    assert 0.15 < time.monotonic() - started < 1
    assert not _held(connection) and not connection.in_transaction
    assert holder.wait(5) == 0
    connection.execute("INSERT INTO t VALUES (3)")  # free again: the next write goes
    connection.commit()


def test_a_forked_process_queues_on_its_own_lock(database):
    """gunicorn forks its workers: a child must not share the parent's lock (a flock belongs
    to the open file, which a child inherits). The parent holds the queue here without an
    open SQLite connection, which must never cross a fork."""
    queue = sqlite_writers._queue(lock_path(str(database)))
    queue.acquire(1)
    pid = os.fork()
    if pid == 0:  # the child: its write waits for the parent's lock, on a lock of its own
        try:
            child = _connect(database)
            child.execute("INSERT INTO t VALUES (2)")
            child.commit()
            os._exit(0)
        except BaseException:
            os._exit(1)
    time.sleep(0.3)
    assert os.waitpid(pid, os.WNOHANG) == (0, 0)  # still waiting
    queue.release()
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
    assert [n for (n,) in _connect(database).execute("SELECT n FROM t")] == [2]


def test_the_lock_file_sits_beside_the_database_and_memory_databases_have_none(tmp_path):
    assert lock_path(str(tmp_path / "a.sqlite3")) == str(tmp_path / "a.sqlite3") + "-writer.lock"
    assert lock_path(":memory:") is None and lock_path("") is None
    assert lock_path("file:x?mode=memory&cache=shared", uri=True) is None
    assert lock_path(f"file:{tmp_path}/b.sqlite3?mode=rwc", uri=True) == f"{tmp_path}/b.sqlite3-writer.lock"
    memory = sqlite3.connect(":memory:", factory=Connection)
    memory.execute("CREATE TABLE t (n)")
    memory.execute("INSERT INTO t VALUES (1)")
    assert not _held(memory)


def test_every_sqlite_engine_of_the_app_uses_it(app):
    from ieg.extensions import db
    with app.app_context():
        assert isinstance(db.engine.raw_connection().driver_connection, Connection)


def test_every_so_many_commits_a_checkpoint_runs_on_another_thread_with_no_lock_held(database, monkeypatch):
    monkeypatch.setattr(sqlite_writers, "CHECKPOINT_EVERY", 4)
    connection = _connect(database)
    assert connection.execute("PRAGMA wal_autocheckpoint").fetchone() == (0,)  # not inside a commit
    seen = []
    original = sqlite_writers.checkpoint

    def watched(*target):
        on_main, held = threading.current_thread() is threading.main_thread(), _held(connection)
        busy, pages, copied = original(*target)
        seen.append((on_main, held, target, busy == 0 and pages == copied > 0))  # copied the whole log back
        return busy, pages, copied
    monkeypatch.setattr(sqlite_writers, "checkpoint", watched)
    checkpointer = sqlite_writers.checkpointer()
    for n in range(9):
        connection.execute("INSERT INTO t VALUES (?)", (n,))
        connection.commit()
        connection.execute("SELECT count(*) FROM t").fetchone()
        connection.commit()  # a commit that wrote nothing does not count
        assert checkpointer.settled(5)
    # after the 4th and the 8th write, on the checkpointer's thread, with the lock free
    assert seen == [(False, False, (str(database), False), True)] * 2


def test_the_checkpoint_finds_a_database_opened_by_a_relative_path_after_a_chdir(database, monkeypatch):
    monkeypatch.setattr(sqlite_writers, "CHECKPOINT_EVERY", 1)
    seen = []
    original = sqlite_writers.checkpoint
    monkeypatch.setattr(sqlite_writers, "checkpoint", lambda *target: seen.append(original(*target)))
    monkeypatch.chdir(database.parent)
    connection = _connect(Path(database.name))
    monkeypatch.chdir(database.parent.parent)  # elsewhere by the time the checkpoint runs
    connection.execute("INSERT INTO t VALUES (1)")
    connection.commit()
    assert sqlite_writers.checkpointer().settled(5)
    assert seen and seen[0][0] == 0 and seen[0][1] == seen[0][2] > 0  # the log of this database, copied back
    assert not (database.parent.parent / database.name).exists()


def test_a_checkpoint_of_a_database_gone_meanwhile_fails_and_makes_no_file(tmp_path):
    gone = tmp_path / "gone db.sqlite3"
    with pytest.raises(sqlite3.OperationalError):
        sqlite_writers.checkpoint(str(gone))
    assert not gone.exists()


def test_a_commit_does_not_wait_for_the_checkpoint_it_asked_for(database, monkeypatch):
    monkeypatch.setattr(sqlite_writers, "CHECKPOINT_EVERY", 1)
    started, finish = threading.Event(), threading.Event()

    def slow(*target):
        started.set()
        assert finish.wait(5)
    monkeypatch.setattr(sqlite_writers, "checkpoint", slow)
    connection = _connect(database)
    connection.execute("INSERT INTO t VALUES (1)")
    connection.commit()
    assert started.wait(5)  # under way on the other thread, while this one goes on writing
    connection.execute("INSERT INTO t VALUES (2)")
    connection.commit()
    assert connection.execute("SELECT count(*) FROM t").fetchone() == (2,)
    finish.set()
    assert sqlite_writers.checkpointer().settled(5)


def test_a_failed_checkpoint_is_logged_and_the_next_one_still_runs(database, monkeypatch, caplog):
    monkeypatch.setattr(sqlite_writers, "CHECKPOINT_EVERY", 1)
    calls = []

    def flaky(*target):
        calls.append(target)
        if len(calls) == 1:
            raise sqlite3.OperationalError("disk I/O error")
    monkeypatch.setattr(sqlite_writers, "checkpoint", flaky)
    connection = _connect(database)
    for n in range(2):
        connection.execute("INSERT INTO t VALUES (?)", (n,))
        connection.commit()
        assert sqlite_writers.checkpointer().settled(5)
    assert len(calls) == 2
    assert "SQLite checkpoint of" in caplog.text and "disk I/O error" in caplog.text


def test_the_checkpointer_thread_ends_when_idle_and_a_new_one_starts_on_demand(database, monkeypatch):
    monkeypatch.setattr(sqlite_writers, "CHECKPOINT_EVERY", 1)
    monkeypatch.setattr(sqlite_writers, "CHECKPOINTER_IDLE", 0.05)
    threads, ran = [], threading.Event()
    original = sqlite_writers.checkpoint

    def watched(*target):
        threads.append(threading.current_thread())
        ran.set()
        return original(*target)
    monkeypatch.setattr(sqlite_writers, "checkpoint", watched)
    checkpointer = sqlite_writers.checkpointer()
    connection = _connect(database)
    for n in range(2):
        ran.clear()
        connection.execute("INSERT INTO t VALUES (1)")
        connection.commit()
        assert ran.wait(5)
        threads[-1].join(5)
        assert not threads[-1].is_alive() and checkpointer.thread is None
    assert len(threads) == 2 and threads[0] is not threads[1]
