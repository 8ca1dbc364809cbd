"""The scheduler's records and locks on one machine (SQLite): the leader's row and heartbeat, runs
recorded, a job never run while another process holds its lock, the monitoring readings (the outbox,
the R29 clock). The election on PostgreSQL with real schedulers: tests/web/scheduler/test_failover.py."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from ieg import leadership
from ieg.casework import deadline_alerts
from ieg.extensions import db
from ieg.mail import outbox
from ieg.models import JobRun
from tests.services.casework.test_deadline_alerts import _open, local, setting  # noqa: F401  (fixture)

NOW = datetime(2026, 11, 3, 10, 0, tzinfo=timezone.utc)


def test_the_leader_is_recorded_and_goes_stale_without_heartbeats(app):
    with app.app_context():
        assert leadership.current_leader(db.session, NOW, 20) is None
        leadership.record_leader(db.engine, "web-1", 101, NOW, became=True)
        leadership.record_leader(db.engine, "web-1", 101, NOW + timedelta(seconds=5), became=False)
        leader = leadership.current_leader(db.session, NOW + timedelta(seconds=10), 20)
        assert (leader.node, leader.pid, leader.since, leader.age(NOW + timedelta(seconds=10))) == (
            "web-1", 101, NOW, 5.0)
        db.session.rollback()
        assert leadership.current_leader(db.session, NOW + timedelta(seconds=26), 20) is None  # 21 s silent
        # A new leader replaces the row; the old one's heartbeat no longer moves it.
        leadership.record_leader(db.engine, "web-2", 202, NOW + timedelta(seconds=30), became=True)
        leadership.record_leader(db.engine, "web-1", 101, NOW + timedelta(seconds=31), became=False)
        db.session.rollback()
        leader = leadership.current_leader(db.session, NOW + timedelta(seconds=31), 20)
        assert (leader.node, leader.since) == ("web-1", NOW + timedelta(seconds=31))  # it led still: lock held
        leadership.forget_leader(db.engine, "web-1", 101)
        db.session.rollback()
        assert leadership.current_leader(db.session, NOW + timedelta(seconds=31), 20) is None


def test_an_elector_leads_while_it_holds_the_lock_and_resigns(app, tmp_path):
    with app.app_context():
        first = leadership.Elector(leadership.FileLocks(str(tmp_path)), db.engine, "web-1", 1, lambda: NOW)
        second = leadership.Elector(leadership.FileLocks(str(tmp_path)), db.engine, "web-2", 2, lambda: NOW)
        assert first.tick() and not second.tick()
        assert leadership.current_leader(db.session, NOW, 20).node == "web-1"
        db.session.rollback()
        first.resign()
        assert leadership.current_leader(db.session, NOW, 20) is None
        db.session.rollback()
        assert second.tick() and leadership.current_leader(db.session, NOW, 20).node == "web-2"
        second.resign()


def test_runs_are_recorded_and_a_job_never_runs_while_another_holds_it(app, tmp_path):
    with app.app_context():
        locks = leadership.FileLocks(str(tmp_path))
        other = leadership.FileLocks(str(tmp_path))  # another process's, as far as flock is concerned
        clock = iter([NOW, NOW + timedelta(seconds=2), NOW + timedelta(seconds=3), NOW + timedelta(seconds=4)])

        def run(func, **kw):
            return leadership.run_locked(locks, db.engine, "send-outbox", func, node="web-1", pid=1,
                                         clock=lambda: next(clock), **kw)

        assert run(lambda: "sent 2") == leadership.Outcome(True, "ok", "sent 2")
        rolled = []
        outcome = run(lambda: 1 / 0, rollback=lambda: rolled.append(True))
        assert (outcome.ran, outcome.result, rolled) == (True, "failed", [True])
        with other.job("send-outbox", wait=False) as held:
            assert held is not None
            assert run(lambda: "never") == leadership.Outcome(False, "running elsewhere")
        assert run(lambda: "not now", leading=lambda: False) == leadership.Outcome(False, "not the leader")
        runs = db.session.execute(select(JobRun.job, JobRun.started_at, JobRun.finished_at, JobRun.result,
                                         JobRun.report).order_by(JobRun.id)).all()
        assert runs == [("send-outbox", NOW, NOW + timedelta(seconds=2), "ok", "sent 2"),
                        ("send-outbox", NOW + timedelta(seconds=3), NOW + timedelta(seconds=4), "failed",
                         "ZeroDivisionError: division by zero")]
        assert leadership.prune_runs(db.session, NOW + leadership.KEEP_RUNS + timedelta(seconds=3)) == 1


def test_a_run_that_lost_its_job_lock_cannot_commit(app):
    with app.app_context():
        leadership.guard_commits()
        leadership._run.still_held = lambda: False
        try:
            outbox.enqueue(db.session, to="jo@example.com", subject="Hello", body="Hi", now=NOW,
                           sender_domain="ashdown.example.gov.uk")
            with pytest.raises(leadership.LostJobLock):
                db.session.commit()
        finally:
            leadership._run.still_held = None
            db.session.rollback()
        assert outbox.pending_count(db.session) == 0


def test_a_machine_duty_waits_for_the_lock_and_a_leader_job_gives_up(tmp_path):
    locks, other = leadership.FileLocks(str(tmp_path)), leadership.FileLocks(str(tmp_path))
    got = []
    with other.job("usage-aggregate", wait=False):
        waiter = threading.Thread(target=lambda: got.append(locks.job("usage-aggregate", wait=True).__enter__()))
        waiter.start()
        waiter.join(0.2)
        assert waiter.is_alive() and not got  # waiting, not refused
    waiter.join(5)
    assert got and got[0] is not None


def test_the_outbox_and_the_first_response_clock_as_monitoring_reads_them(setting):
    with setting.app_context():
        assert outbox.pending_count(db.session) == 0
        assert outbox.oldest_pending_age(db.session, NOW, "acknowledgement") == 0
        outbox.enqueue(db.session, to="jo@example.com", subject="Ack", body="Hi", now=NOW - timedelta(minutes=3),
                       sender_domain="ashdown.example.gov.uk", purpose="acknowledgement")
        outbox.enqueue(db.session, to="jo@example.com", subject="News", body="Hi", now=NOW - timedelta(hours=3),
                       sender_domain="ashdown.example.gov.uk", purpose="alerts-confirm")
        db.session.commit()
        assert outbox.pending_count(db.session) == 2
        assert outbox.oldest_pending_age(db.session, NOW, "acknowledgement") == 180

        early = _open(local(2026, 11, 2, 10, 0))  # Monday 10:00: its response is due the next working day
        _open(local(2026, 11, 2, 15, 0))
        due = early.response_due_at
        assert deadline_alerts.near_and_overdue_responses(db.session, local(2026, 11, 2, 15, 30),
                                                          "Europe/London") == (0, 0)
        # An hour of working time left for the first (the second has most of a day).
        assert deadline_alerts.near_and_overdue_responses(db.session, due - timedelta(hours=1),
                                                          "Europe/London") == (1, 0)
        assert deadline_alerts.near_and_overdue_responses(db.session, due + timedelta(minutes=1),
                                                          "Europe/London") == (0, 1)
