"""The multi-machine harness's own checks (tests/cluster.py) find what they are there to find."""
from __future__ import annotations

from tests import cluster

RUN = ('{at} scheduler INFO Running job "send-outbox (trigger: interval[0:00:30], next run at: 2026-12-07 '
       '20:34:57 GMT)" (scheduled at 2026-12-07 20:34:26.150000+00:00)')
DONE = '{at} scheduler INFO Job "send-outbox (trigger: interval[0:00:30], next run at: x)" executed successfully'


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
