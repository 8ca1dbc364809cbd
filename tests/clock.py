"""`pytest --clock WHEN`: run with the wall clock (time.time, datetime.now, ieg.timeutil.utcnow)
starting at WHEN and ticking, to find tests that pass or fail by the day or hour they run at.
CI runs whenever a change lands: Monday morning, Saturday night, Easter Sunday. Monotonic
clocks and sleeps are left alone, so timeouts still work; other processes (gunicorn, chromium,
the file system's timestamps) keep the real clock."""
from __future__ import annotations

from datetime import datetime


def pytest_addoption(parser):
    parser.addoption("--clock", metavar="WHEN", default=None,
                     help="start the wall clock at WHEN, ISO 8601 with its offset (2027-03-28T08:30+00:00)")


def pytest_configure(config):
    when = config.getoption("--clock")
    if not when:
        return
    import time_machine  # a test dependency only

    start = datetime.fromisoformat(when)
    if start.tzinfo is None:
        raise ValueError("--clock needs an offset, for example 2027-03-28T08:30+00:00")
    travel = time_machine.travel(start, tick=True)
    travel.start()
    config.add_cleanup(travel.stop)
