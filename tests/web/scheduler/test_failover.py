"""Two real schedulers (`flask ieg scheduler`, each with its own instance folder and node name) on one
throwaway PostgreSQL, running the drill job (every second, 300 ms a run): one leads; kill -9 it and the
other leads within 30 s; restart PostgreSQL and there is still exactly one leader; and no two runs of
the job ever overlapped. Heartbeats every second (IEG_SCHEDULER_HEARTBEAT_SECONDS) keep it short."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.pool import NullPool

from ieg.config import database_url
from ieg.leadership import LEADER_KEY, LOCK_SPACE, stale_after
from ieg.models import JobRun, SchedulerLeader
from tests.conftest import make_app
from tests.servers import PostgresServer

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def postgres(tmp_path_factory):
    from flask_migrate import stamp

    server = PostgresServer().start()
    try:
        url = server.create_database("ieg")
        folder = tmp_path_factory.mktemp("migrate")
        app = make_app(folder, folder / "unused.sqlite3", SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            from ieg.extensions import db
            # The tables as the models define them, marked as migrated (quicker than running every
            # migration; tests/web/test_postgresql.py proves the migrations on PostgreSQL).
            db.create_all()
            stamp()
            from ieg.search.web import indexer_for
            indexer_for(app).stop()
            db.engine.dispose()
        yield server, url
    finally:
        server.close()


class Node:
    def __init__(self, name: str, url: str, folder: Path) -> None:
        self.name, self.url, self.folder = name, url, folder
        self.process: subprocess.Popen | None = None

    def start(self) -> "Node":
        env = dict(os.environ, DATABASE_URL=self.url, IEG_INSTANCE_PATH=str(self.folder), IEG_NODE_NAME=self.name,
                   SECRET_KEY="test", IEG_BASE_URL="http://127.0.0.1:9", IEG_SCHEDULER_JOBS="drill",
                   IEG_SCHEDULER_HEARTBEAT_SECONDS="1", IEG_SCHEDULER_DRILL_MS="300")
        env.pop("FLASK_DEBUG", None)
        self.folder.mkdir(exist_ok=True)
        self.log = open(self.folder / "scheduler.log", "ab")
        self.process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "ieg", "scheduler"], cwd=ROOT,
                                        env=env, stdout=self.log, stderr=subprocess.STDOUT)
        return self

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
        self.log.close()


def _wait(what: str, check, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"{what}: not within {timeout:.0f} s")


def test_one_leader_takes_over_within_30_s_and_runs_never_overlap(postgres, tmp_path):
    server, url = postgres
    engine = create_engine(database_url(url), poolclass=NullPool)
    nodes = {name: Node(name, url, tmp_path / name) for name in ("node-a", "node-b")}

    def leader():
        try:
            with engine.connect() as conn:
                row = conn.execute(select(SchedulerLeader.node, SchedulerLeader.pid, SchedulerLeader.since,
                                          SchedulerLeader.heartbeat_at)).first()
                holders = conn.execute(text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = :space "
                    "AND objid = :key AND objsubid = 2 AND granted"), {"space": LOCK_SPACE, "key": LEADER_KEY}).scalar()
        except Exception:  # the server is restarting
            return None
        fresh = row is not None and (datetime.now(timezone.utc) - row.heartbeat_at).total_seconds() < stale_after(1)
        return (row, holders) if fresh else None

    try:
        for node in nodes.values():
            node.start()
        first, holders = _wait("a first leader", leader, 180)  # two app start-ups: slow on a busy machine
        assert holders == 1 and first.pid == nodes[first.node].process.pid
        _wait("a few runs", lambda: len(_runs(engine)) >= 3, 30)

        killed_at = datetime.now(timezone.utc)
        nodes[first.node].kill()  # kill -9: no resignation, its connections just go
        started = time.monotonic()
        second, holders = _wait("a new leader", lambda: (found := leader()) and found[0].node != first.node and found,
                                30)
        took = time.monotonic() - started
        assert second.since >= killed_at and holders == 1 and took < 30
        survivor = second.node
        nodes[first.node] = Node(first.node, url, tmp_path / first.node).start()  # it comes back, as a follower
        _wait("runs by the new leader", lambda: any(r.node == survivor for r in _runs(engine)), 20)

        restarted_at = datetime.now(timezone.utc)
        server.restart()  # every connection goes: the leader must notice, and both compete again
        after, holders = _wait("a leader after the restart", lambda: (found := leader()) and
                               found[0].since > restarted_at and found, 45)
        assert holders == 1
        _wait("runs after the restart", lambda: len([r for r in _runs(engine) if r.started_at > after.since]) >= 3,
              30)
        _wait("still exactly one leader", lambda: (found := leader()) and found[1] == 1, 10)

        runs = _runs(engine)
        since_restart = {(r.node, r.pid) for r in runs if r.started_at > after.since + _SETTLE}
        assert since_restart == {(after.node, after.pid)}, runs  # one leader runs the jobs
        # A run left unfinished lost its lock when its process (kill -9) or its connection (the restart)
        # went; the run still going now is the last.
        for earlier, later in zip(runs, runs[1:]):
            ended = earlier.finished_at or (killed_at if earlier.started_at < killed_at else restarted_at)
            assert ended <= later.started_at, f"runs overlap: {earlier} and {later}"
        cut_short = [r for r in runs[:-1] if r.finished_at is None]
        assert len(cut_short) <= 2 and all(r.started_at < restarted_at for r in cut_short), runs
        print(f"takeover after kill -9: {took:.1f} s; {len(runs)} runs, none overlapping")
    finally:
        for node in nodes.values():
            node.kill()
        engine.dispose()


_SETTLE = timedelta(seconds=1)  # a run the old leader began just before the restart is still recorded after


def _runs(engine):
    with engine.connect() as conn:
        return conn.execute(select(JobRun.node, JobRun.pid, JobRun.started_at, JobRun.finished_at, JobRun.result)
                            .where(JobRun.job == "drill").order_by(JobRun.started_at)).all()
