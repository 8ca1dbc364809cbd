"""The multi-machine harness's own checks (tests/cluster.py) find what they are there to find."""
from __future__ import annotations

from tests import cluster

RUN = "{at} scheduler INFO send-outbox: run 7 started"
DONE = "{at} scheduler INFO send-outbox: run 7 ended (ok)"
TICK = ('{at} scheduler INFO Running job "{job} (trigger: interval[0:00:02], next run at: 2026-12-07 '
        '23:21:12 GMT)" (scheduled at 2026-12-07 23:21:10.088000+00:00)')
TICKED = '{at} scheduler INFO Job "{job} (trigger: interval[0:00:02], next run at: x)" executed successfully'


def _scheduler(tmp_path, name: str, *lines: str) -> cluster.Process:
    log = tmp_path / f"{name}.log"
    log.write_text("\n".join(lines) + "\n")
    return cluster.Process(name, "ieg-scheduler.service", {}, log)


def test_runs_of_one_job_on_two_schedulers_at_once_are_found(tmp_path):
    first = _scheduler(tmp_path, "a", RUN.format(at="2026-12-07 10:00:00,000"),
                       "2026-12-07 10:00:00,500 scheduler INFO send-outbox: sent 3, will retry 0, failed for good 0",
                       DONE.format(at="2026-12-07 10:00:01,000"))
    second = _scheduler(tmp_path, "b", RUN.format(at="2026-12-07 10:00:00,800"), DONE.format(at="2026-12-07 10:00:02,000"))
    later = _scheduler(tmp_path, "c", RUN.format(at="2026-12-07 10:00:30,000"), DONE.format(at="2026-12-07 10:00:30,100"))
    assert [(run.job, run.started, run.finished) for run in cluster.job_runs(first)] == [
        ("send-outbox", "2026-12-07 10:00:00,000", "2026-12-07 10:00:01,000")]
    assert len(cluster.runs_at_once([first, second])) == 1
    assert cluster.runs_at_once([first, later]) == []


def test_a_run_cut_short_by_a_killed_scheduler_lasts_until_its_last_line(tmp_path):
    killed = _scheduler(tmp_path, "a", RUN.format(at="2026-12-07 10:00:00,000"),
                        "2026-12-07 10:00:05,000 scheduler INFO something else")
    assert cluster.job_runs(killed)[0].finished is None
    started_meanwhile = _scheduler(tmp_path, "b", RUN.format(at="2026-12-07 10:00:04,000"),
                                   DONE.format(at="2026-12-07 10:00:04,500"))
    assert len(cluster.runs_at_once([killed, started_meanwhile])) == 1


def test_ticks_are_not_runs(tmp_path):
    """APScheduler logs every tick on every scheduler: the election's, which all of them take
    part in every heartbeat (here at the same moment, as when they started together), and a
    non-leader's tick of a job that does nothing. Only runs inside the job lock count."""
    def ticks(at, done, *jobs):
        return [line for job in jobs for line in (TICK.format(at=at, job=job), TICKED.format(at=done, job=job))]
    leader = _scheduler(tmp_path, "a", *ticks("2026-12-07 23:21:10,107", "2026-12-07 23:21:10,184", "election"),
                        *ticks("2026-12-07 23:21:25,001", "2026-12-07 23:21:26,600", "send-outbox")[:1],
                        RUN.format(at="2026-12-07 23:21:25,010"), DONE.format(at="2026-12-07 23:21:26,590"),
                        TICKED.format(at="2026-12-07 23:21:26,600", job="send-outbox"))
    other = _scheduler(tmp_path, "b", *ticks("2026-12-07 23:21:10,094", "2026-12-07 23:21:10,211", "election"),
                       *ticks("2026-12-07 23:21:25,003", "2026-12-07 23:21:25,004", "send-outbox"))
    assert [run.job for run in cluster.job_runs(leader)] == ["send-outbox"] and cluster.job_runs(other) == []
    assert cluster.runs_at_once([leader, other]) == []
