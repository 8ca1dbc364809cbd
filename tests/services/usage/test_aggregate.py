"""Spooled hits into aggregates: the counts, visits, unique browsers, exactly once across crashes,
and months closed with their hashes and salt deleted."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from ieg.extensions import db
from ieg.models import (UsageBrowserDay, UsageDay, UsageDimensionDay, UsageMonth, UsageOpenVisit, UsagePageDay,
                        UsageSalt, UsageSpoolFile)
from ieg.usage import aggregate, spool
from ieg.usage.counting import LISTED, Hit

T0 = datetime(2026, 3, 10, 10, 0, tzinfo=timezone.utc)  # GMT: local day = UTC day
ZONE = "Europe/London"


def hit(minutes, browser="b1", path="/bins", robot="", referrer=""):
    return Hit(T0 + timedelta(minutes=minutes), path, browser, robot, "" if robot else "mobile", referrer)


def write(root, hits, at=T0):
    writer = spool.Spool(root, clock=lambda: at)
    for one in hits:
        writer.add(one)
    writer.flush()


def run(now):
    summary = aggregate.run(db.session, root_of(), now, ZONE)
    db.session.commit()
    for path in summary.done:
        path.unlink(missing_ok=True)
    return summary


def root_of():
    from flask import current_app
    return spool.folder(current_app.config["INSTANCE_PATH"])


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


def day_row():
    return db.session.get(UsageDay, date(2026, 3, 10))


def test_hits_become_the_days_aggregates(ctx):
    write(root_of(), [hit(0, path="/"), hit(5), hit(20, path="/tax"),           # b1: one visit of 3 pages, 20 min
                      hit(1, "b2", referrer="google.com"),                        # b2: one page
                      hit(2, ""),                                                # opted out: a page, no browser
                      hit(3, "", robot=LISTED), hit(4, "", robot="not_a_browser")])
    summary = run(T0 + timedelta(hours=2))
    assert summary.hits == 7 and summary.robots == 2
    row = day_row()
    assert (row.impressions, row.robot_impressions, row.unique_browsers) == (5, 2, 2)
    # Both visits ended by now (idle over 30 minutes); only b1's had two or more pages.
    assert (row.visits, row.long_visits, row.long_visit_seconds) == (2, 1, 20 * 60)
    pages = dict(db.session.execute(select(UsagePageDay.path, UsagePageDay.impressions)).all())
    assert pages == {"/": 1, "/bins": 3, "/tax": 1}
    dims = {(d, v): n for d, v, n in db.session.execute(
        select(UsageDimensionDay.dimension, UsageDimensionDay.value, UsageDimensionDay.count))}
    assert dims[("entry", "/")] == 1 and dims[("entry", "/bins")] == 1
    assert dims[("referrer", "google.com")] == 1 and dims[("device", "mobile")] == 5
    assert dims[("robot", LISTED)] == 1 and dims[("robot", "not_a_browser")] == 1
    assert dims[("section", "bins")] == 3 and dims[("section", "")] == 1 and dims[("section", "tax")] == 1
    assert db.session.scalar(select(func.count()).select_from(UsageOpenVisit)) == 0
    assert not list(root_of().iterdir())  # the spool is emptied


def test_a_visit_spanning_two_runs_is_one_visit(ctx):
    write(root_of(), [hit(0), hit(10)], at=T0)
    run(T0 + timedelta(minutes=12))
    assert day_row().visits == 1 and db.session.get(UsageOpenVisit, "b1").pages == 2
    write(root_of(), [hit(25), hit(80)], at=T0 + timedelta(minutes=81))
    run(T0 + timedelta(minutes=84))
    row = day_row()
    assert (row.impressions, row.visits, row.unique_browsers) == (4, 2, 1)
    assert (row.long_visits, row.long_visit_seconds) == (1, 25 * 60)


def test_files_still_being_written_wait(ctx):
    write(root_of(), [hit(0)], at=T0)
    assert run(T0 + timedelta(seconds=90)).hits == 0
    assert run(T0 + timedelta(minutes=2)).hits == 1


def test_a_crash_before_the_commit_counts_the_file_at_the_next_run(ctx):
    write(root_of(), [hit(0), hit(1)])
    aggregate.run(db.session, root_of(), T0 + timedelta(minutes=3), ZONE)
    db.session.rollback()  # the process died mid-flush
    assert day_row() is None and [p.name.endswith(".claimed") for p in root_of().iterdir()] == [True]
    run(T0 + timedelta(minutes=4))
    assert day_row().impressions == 2


def test_a_crash_after_the_commit_never_counts_a_file_twice(ctx):
    write(root_of(), [hit(0), hit(1)])
    aggregate.run(db.session, root_of(), T0 + timedelta(minutes=3), ZONE)
    db.session.commit()  # ... and the process died before deleting the file
    assert len(list(root_of().iterdir())) == 1
    summary = run(T0 + timedelta(minutes=4))
    assert summary.hits == 0 and day_row().impressions == 2
    assert not list(root_of().iterdir())
    assert db.session.scalar(select(func.count()).select_from(UsageSpoolFile)) == 1


def test_a_backlog_is_taken_a_bounded_part_per_run(ctx):
    for minute in range(3):
        write(root_of(), [hit(minute)], at=T0 + timedelta(minutes=minute))
    assert [p.name[:12] for p in spool.claim_ready(root_of(), T0 + timedelta(minutes=5), limit=2)] == [
        "202603101000", "202603101001"]
    assert len(spool.claim_ready(root_of(), T0 + timedelta(minutes=5), limit=2)) == 2  # the claimed two come first
    run(T0 + timedelta(minutes=5))
    assert day_row().impressions == 3


def test_a_cut_line_is_skipped(ctx):
    write(root_of(), [hit(0)])
    path = next(root_of().iterdir())
    with open(path, "a") as out:
        out.write('[1773136800.0,"/half')
    run(T0 + timedelta(minutes=3))
    assert day_row().impressions == 1


def test_an_ended_month_keeps_its_unique_browsers_and_loses_hashes_and_salt(ctx):
    write(root_of(), [hit(0, "b1"), hit(0, "b2"), hit(60 * 24, "b1"), hit(60 * 24, "b3")])
    run(T0 + timedelta(days=1, minutes=3))
    assert db.session.scalar(select(func.count()).select_from(UsageBrowserDay)) == 4
    assert db.session.get(UsageSalt, "2026-03") is not None
    april = datetime(2026, 4, 1, 2, 0, tzinfo=timezone.utc)
    summary = run(april)
    assert summary.months_closed == ["2026-03"]
    assert db.session.get(UsageMonth, "2026-03").unique_browsers == 3
    assert db.session.scalar(select(func.count()).select_from(UsageBrowserDay)) == 0
    assert db.session.get(UsageSalt, "2026-03") is None
    assert {s.month for s in db.session.scalars(select(UsageSalt))} == {"2026-04", "2026-05"}
