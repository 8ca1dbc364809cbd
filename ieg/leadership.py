"""Which scheduler runs the jobs, and never one job twice at once.

Any number of schedulers may run, one per machine. On PostgreSQL the one holding a session-level
advisory lock (`pg_try_advisory_lock`) on a connection of its own leads: it alone runs the jobs; the
others try for the lock every heartbeat, so one takes over a few seconds after the leader dies
(the server drops a session's locks when its connection goes, kill -9 included). A leader checks its
lock connection every heartbeat and before every run: when it has gone (PostgreSQL restarted), it
stops starting jobs at once and competes again like the rest.

Each run also holds the job's own advisory lock, on a connection of its own, for the whole run, and
the run's session refuses to commit once that connection is gone: a run left on an old leader can
neither overlap the new leader's run of the same job nor commit after it has started.

Some jobs are a machine's own duty (`Job.leader_only` False: files in this machine's instance
folder), run by every scheduler on its own folder under the same job lock.

On SQLite (one machine) a file lock in the instance folder refuses a second scheduler, and job locks
are file locks there too (so `flask ieg run-job` waits for no one but never overlaps the scheduler).

The leader is recorded in `scheduler_leader` (node, pid, since, heartbeat) for /healthz and /metrics;
every run in `job_runs` (job, node, pid, started, finished, result).
"""
from __future__ import annotations

import fcntl
import logging
import os
import threading
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from sqlalchemy import delete, event, insert, select, text, update
from sqlalchemy.engine import Connection, Engine, create_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from ieg.models import JobRun, SchedulerLeader

log = logging.getLogger("ieg.scheduler")
# Where each run begins and ends inside its job lock (`flask ieg scheduler` shows them with
# IEG_LOG_EVERY_JOB_RUN). APScheduler's "Running job" lines are no such record: it logs every
# tick on every scheduler, the election's, a non-leader's that does nothing, and one still
# waiting for the job lock.
runs_log = logging.getLogger("ieg.scheduler.runs")

LOCK_SPACE = 0x1E65C  # the first key of IEG's advisory locks (the two-integer form)
LEADER_KEY = 0
KEEP_RUNS = timedelta(days=14)


def job_key(name: str) -> int:
    """A job's lock key: a positive 32-bit integer, never the leader's."""
    return 1 + zlib.crc32(name.encode()) % 0x7FFFFFFE


class LeaderElsewhere(Exception):
    """The lock this process needs is held by another process."""


@dataclass(frozen=True)
class Leader:
    node: str
    pid: int
    since: datetime
    heartbeat_at: datetime

    def age(self, now: datetime) -> float:
        return max(0.0, (now - self.heartbeat_at).total_seconds())


def stale_after(heartbeat: float) -> float:
    """Seconds without a heartbeat after which a leader is taken for gone: three missed, and a margin."""
    return 3 * heartbeat + 5


def current_leader(session: Session, now: datetime, stale_after: float) -> Leader | None:
    """The leader, if its heartbeat is fresher than `stale_after` seconds; else None."""
    row = session.get(SchedulerLeader, 1)
    if row is None:
        return None
    leader = Leader(row.node, row.pid, row.since, row.heartbeat_at)
    return leader if leader.age(now) <= stale_after else None


# --- the locks ------------------------------------------------------------------------------------

class PostgresLocks:
    """Advisory locks, each on a connection of its own that is really closed when let go (no pool:
    a session lock would otherwise stay on a pooled connection)."""

    def __init__(self, engine: Engine, wait_seconds: float = 30.0) -> None:
        self.engine = create_engine(engine.url, poolclass=NullPool)
        self.wait_seconds = wait_seconds
        self._leader: Connection | None = None
        self._mutex = threading.Lock()

    def _connect(self) -> Connection:
        return self.engine.connect()

    @staticmethod
    def _holds(conn: Connection, key: int) -> bool:
        return bool(conn.execute(text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() "
            "AND classid = :space AND objid = :key AND objsubid = 2 AND granted"),
            {"space": LOCK_SPACE, "key": key}).scalar())

    def try_lead(self) -> bool:
        with self._mutex:
            if self._leader is not None:
                return True
            conn = self._connect()
            try:
                got = conn.execute(text("SELECT pg_try_advisory_lock(:space, :key)"),
                                   {"space": LOCK_SPACE, "key": LEADER_KEY}).scalar()
                conn.commit()  # the lock is the session's: it outlives the transaction
            except Exception:
                conn.close()
                raise
            if not got:
                conn.close()
                return False
            self._leader = conn
            return True

    def leading(self) -> bool:
        """Whether this process still holds the leader's lock (asked of the server)."""
        with self._mutex:
            if self._leader is None:
                return False
            try:
                held = self._holds(self._leader, LEADER_KEY)
                self._leader.commit()
            except Exception:  # the connection went (a restart): the server has dropped the lock
                held = False
            if not held:
                self._drop()
            return held

    def _drop(self) -> None:
        conn, self._leader = self._leader, None
        if conn is not None:
            try:
                conn.close()
            except Exception:
                pass

    def resign(self) -> None:
        with self._mutex:
            self._drop()

    @contextmanager
    def job(self, name: str, wait: bool):
        """Hold the job's lock for the block, yielding a check that the lock is still held (None if
        another process holds it). `wait`: wait up to wait_seconds for it rather than give up."""
        key = job_key(name)
        conn = self._connect()
        try:
            if wait:
                conn.execute(text(f"SET lock_timeout = '{int(self.wait_seconds * 1000)}ms'"))
                try:
                    conn.execute(text("SELECT pg_advisory_lock(:space, :key)"), {"space": LOCK_SPACE, "key": key})
                    got = True
                except Exception:
                    conn.rollback()
                    got = False
            else:
                got = conn.execute(text("SELECT pg_try_advisory_lock(:space, :key)"),
                                   {"space": LOCK_SPACE, "key": key}).scalar()
            conn.commit()
            if not got:
                yield None
                return
            lock = threading.Lock()

            def still_held() -> bool:
                with lock:
                    try:
                        held = self._holds(conn, key)
                        conn.commit()
                        return held
                    except Exception:
                        return False
            yield still_held
        finally:
            try:
                conn.close()  # closing the session lets the lock go, whatever state it is in
            except Exception:
                pass

    def close(self) -> None:
        self.resign()
        self.engine.dispose()


class FileLocks:
    """One machine (SQLite): flock on files in the instance folder."""

    def __init__(self, instance_path: str) -> None:
        self.root = Path(instance_path) / "scheduler"
        self._leader: int | None = None

    def _open(self, name: str) -> int:
        self.root.mkdir(parents=True, exist_ok=True)
        return os.open(self.root / f"{name}.lock", os.O_RDWR | os.O_CREAT, 0o600)

    def try_lead(self) -> bool:
        if self._leader is not None:
            return True
        fd = self._open("leader")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._leader = fd
        return True

    def leading(self) -> bool:
        return self._leader is not None

    def resign(self) -> None:
        fd, self._leader = self._leader, None
        if fd is not None:
            os.close(fd)

    @contextmanager
    def job(self, name: str, wait: bool):
        fd = self._open(f"job-{name}")
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield None
                return
            yield lambda: True
        finally:
            os.close(fd)  # closing lets the flock go

    def close(self) -> None:
        self.resign()


def locks_for(engine: Engine, instance_path: str):
    return PostgresLocks(engine) if engine.dialect.name == "postgresql" else FileLocks(instance_path)


# --- what is recorded -----------------------------------------------------------------------------

def record_leader(engine: Engine, node: str, pid: int, now: datetime, *, became: bool) -> None:
    """The leader's row: replaced when it becomes leader, its heartbeat moved on after."""
    with engine.begin() as conn:
        if not became:
            moved = conn.execute(update(SchedulerLeader).where(
                SchedulerLeader.id == 1, SchedulerLeader.node == node, SchedulerLeader.pid == pid)
                .values(heartbeat_at=now)).rowcount
            if moved:
                return
        conn.execute(delete(SchedulerLeader))
        conn.execute(insert(SchedulerLeader).values(id=1, node=node, pid=pid, since=now, heartbeat_at=now))


def forget_leader(engine: Engine, node: str, pid: int) -> None:
    with engine.begin() as conn:
        conn.execute(delete(SchedulerLeader).where(SchedulerLeader.node == node, SchedulerLeader.pid == pid))


def record_start(engine: Engine, job: str, node: str, pid: int, now: datetime) -> int:
    with engine.begin() as conn:
        return conn.execute(insert(JobRun).values(job=job, node=node, pid=pid, started_at=now, result="",
                                                  report="")).inserted_primary_key[0]


def record_end(engine: Engine, run_id: int, now: datetime, result: str, report: str) -> None:
    with engine.begin() as conn:
        conn.execute(update(JobRun).where(JobRun.id == run_id)
                     .values(finished_at=now, result=result, report=report[:2000]))


def prune_runs(session: Session, now: datetime) -> int:
    return session.execute(delete(JobRun).where(JobRun.started_at < now - KEEP_RUNS)).rowcount


# --- a run ------------------------------------------------------------------------------------------

class LostJobLock(Exception):
    """The run's job lock went (its connection was lost): nothing more of the run may commit."""


_run = threading.local()  # the job lock check of the run on this thread, if any


# A commit that records what has already happened outside the database (the mail server took a
# message): it must not be refused for want of the lock, or the next leader would do it again.
RECORDS_A_FACT = "ieg.records_a_fact"


def _guard_commit(session, *args) -> None:
    still_held = getattr(_run, "still_held", None)
    if still_held is not None and not session.info.get(RECORDS_A_FACT) and not still_held():
        raise LostJobLock("the job's lock was lost; the run stops uncommitted (another scheduler may run it)")


def guard_commits() -> None:
    """Make every ORM commit on a thread running a job check the job's lock first (the scheduler
    process only: called when it starts)."""
    if not event.contains(Session, "before_commit", _guard_commit):
        event.listen(Session, "before_commit", _guard_commit)


@dataclass
class Outcome:
    ran: bool
    result: str = ""  # "ok" | "failed" | why it did not run
    report: str = ""


def run_locked(locks, engine: Engine, name: str, func: Callable[[], str], *, node: str, pid: int,
               clock: Callable[[], datetime], wait: bool = False,
               leading: Callable[[], bool] | None = None, rollback: Callable[[], None] | None = None) -> Outcome:
    """Run `func` under the job's lock, recorded in job_runs. `leading`: checked once the job lock is
    held (a leader-only job): a scheduler that has lost the lead starts nothing. `rollback`: what
    undoes a failed run's uncommitted work."""
    with locks.job(name, wait) as still_held:
        if still_held is None:
            return Outcome(False, "running elsewhere")
        if leading is not None and not leading():
            return Outcome(False, "not the leader")
        run_id = record_start(engine, name, node, pid, clock())
        runs_log.info("%s: run %d started", name, run_id)
        _run.still_held = still_held
        try:
            report, result = str(func()), "ok"
        except Exception as exc:
            report, result = f"{type(exc).__name__}: {exc}", "failed"
            log.exception("%s failed; it will run again at its next time", name)
            if rollback is not None:
                rollback()
        finally:
            _run.still_held = None
        try:
            record_end(engine, run_id, clock(), result, report)
        except Exception:  # the database went mid-run: the row stays unfinished, as for a crash
            log.warning("%s: its end could not be recorded", name)
        runs_log.info("%s: run %d ended (%s)", name, run_id, result)  # before the lock goes
        return Outcome(True, result, report)


class Elector:
    """This scheduler's part in the election, ticked every heartbeat."""

    def __init__(self, locks, engine: Engine, node: str, pid: int, clock: Callable[[], datetime]) -> None:
        self.locks, self.engine, self.node, self.pid, self.clock = locks, engine, node, pid, clock
        self.is_leader = False
        self._quiet = False  # the database was unreachable at the last tick: said once

    def leading(self) -> bool:
        """Asked before each run: the lock is checked with the server, not taken on trust."""
        held = self.locks.leading()
        if self.is_leader and not held:
            self.is_leader = False
            log.warning("leadership lost (%s pid %d): no more jobs start here until it is won again",
                        self.node, self.pid)
        return held

    def tick(self) -> bool:
        try:
            if self.leading() or self.locks.try_lead():
                became = not self.is_leader
                self.is_leader = True
                record_leader(self.engine, self.node, self.pid, self.clock(), became=became)
                if became:
                    log.info("this scheduler leads (%s pid %d): it runs the jobs", self.node, self.pid)
            self._quiet = False
        except Exception as exc:
            if not self._quiet:
                log.warning("election: database unavailable (%s); trying again", str(exc).splitlines()[0])
            self._quiet = True
            self.leading()
        return self.is_leader

    def resign(self) -> None:
        was = self.is_leader
        self.is_leader = False
        self.locks.resign()
        if was:
            try:
                forget_leader(self.engine, self.node, self.pid)
            except Exception:
                pass


def serve(jobs, *, locks, engine: Engine, node: str, pid: int, clock: Callable[[], datetime], heartbeat: float,
          timezone: str, context, on_report: Callable[[str, str], None], rollback: Callable[[], None]) -> None:
    """Run the scheduler until stopped: the election every `heartbeat` seconds, and every job at
    its times, leader-only jobs on the leader only. `context()`: what a job runs within (the app
    context); `on_report(name, report)`: the log line of a run."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    guard_commits()
    elector = Elector(locks, engine, node, pid, clock)

    def runner(job):
        def run():
            if job.leader_only and not elector.is_leader:
                return
            with context():
                try:
                    outcome = run_locked(locks, engine, job.name, lambda: job.func(clock()), node=node, pid=pid,
                                         clock=clock, wait=not job.leader_only,
                                         leading=elector.leading if job.leader_only else None, rollback=rollback)
                except Exception as exc:  # no lock or record to be had: the database is away
                    log.warning("%s not run: database unavailable (%s)", job.name, str(exc).splitlines()[0])
                    return
                if outcome.ran and outcome.result == "ok":
                    on_report(job.name, outcome.report)
                elif not outcome.ran:
                    log.debug("%s not run: %s", job.name, outcome.result)
        return run

    scheduler = BlockingScheduler(timezone=timezone)
    scheduler.add_job(elector.tick, "interval", seconds=heartbeat, id="election", name="election",
                      coalesce=True, max_instances=1, next_run_time=clock())
    for job in jobs:
        # coalesce + one instance: a job late after a pause runs once, never twice at once here;
        # the job lock does the same across schedulers.
        scheduler.add_job(runner(job), id=job.name, name=job.name, coalesce=True, max_instances=1,
                          misfire_grace_time=300, **job.trigger)
    log.info("scheduler started on %s (pid %d) with %d jobs: %s", node, pid, len(jobs),
             ", ".join(job.name for job in jobs))
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        log.info("scheduler stopped")
    finally:
        elector.resign()
        locks.close()
