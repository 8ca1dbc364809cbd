"""The deadline rules as SQL (ieg.casework.deadlines_sql) against the same rules in Python
(ieg.casework.deadlines), through the real database: a grid of enquiries over every
combination of response deadline, first response (before, on, after the deadline, or none),
resolution target, status, resolution time, paused clock and exclusion, each judged at
instants either side of and exactly on each deadline."""
from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from ieg.casework import deadlines, deadlines_sql
from ieg.extensions import db
from ieg.models import CaseType, Customer, Enquiry
from ieg.models.casework import STATUSES

RECEIVED = datetime(2026, 11, 2, 10, 30, tzinfo=timezone.utc)
RESPONSE_DUE = RECEIVED + timedelta(days=1)
RESOLUTION_DUE = RECEIVED + timedelta(days=14)
MINUTE = timedelta(minutes=1)
# Either side of each deadline and on it (a deadline met on its very minute is in time).
NOWS = [due + step for due in (RESPONSE_DUE, RESOLUTION_DUE) for step in (-MINUTE, timedelta(0), MINUTE)]


@pytest.fixture
def grid(app):
    """Every combination, stored and read back as the database gives it."""
    with app.app_context():
        kind = CaseType(slug="deadline-grid", name="Deadline grid", resolution_days=10)
        customer = Customer(name="Pat Resident", email="pat@example.com")
        db.session.add_all([kind, customer])
        choices = itertools.product(
            (None, RESPONSE_DUE),                                                  # response due
            (None, RESPONSE_DUE - MINUTE, RESPONSE_DUE, RESPONSE_DUE + MINUTE),    # first response
            (None, RESOLUTION_DUE),                                                # resolution due
            STATUSES,
            (None, RESOLUTION_DUE - MINUTE, RESOLUTION_DUE, RESOLUTION_DUE + MINUTE),  # resolved at
            (None, RECEIVED + timedelta(days=3)),                                  # paused since
            (None, "spam"))                                                        # excluded
        for n, (response_due, answered, resolution_due, status, resolved, paused, excluded) in enumerate(choices):
            db.session.add(Enquiry(
                reference=f"GRID-{n:05d}", channel="email", customer=customer, case_type=kind, subject=f"Grid {n}",
                received_at=RECEIVED, received_month="2026-11", response_due_at=response_due,
                first_response_at=answered, resolution_due_at=resolution_due, status=status, resolved_at=resolved,
                paused_since=paused, excluded_reason=excluded))
        db.session.commit()
        db.session.expire_all()
        yield db.session.scalars(select(Enquiry).order_by(Enquiry.id)).all()


def _ids(condition) -> set[int]:
    return set(db.session.scalars(select(Enquiry.id).where(condition)))


@pytest.mark.parametrize("now", NOWS)
def test_the_sql_and_the_python_rules_agree(grid, now):
    assert len(grid) == 2 * 4 * 2 * len(STATUSES) * 4 * 2 * 2
    outcomes = dict(db.session.execute(select(Enquiry.id, deadlines_sql.response_outcome(now))).all())
    assert outcomes == {e.id: deadlines.response_outcome(e, now) for e in grid}
    assert set(outcomes.values()) == {deadlines.EXCLUDED, deadlines.IN_TIME, deadlines.BREACHED, deadlines.PENDING}
    for sql, python in ((deadlines_sql.response_in_time(), lambda e: deadlines.response_outcome(e, now) == "in_time"),
                        (deadlines_sql.response_breached(now), lambda e: deadlines.response_breached(e, now)),
                        (deadlines_sql.resolution_breached(now), lambda e: deadlines.resolution_breached(e, now)),
                        (deadlines_sql.breached(now), lambda e: deadlines.breached(e, now)),
                        (deadlines_sql.finished(), lambda e: deadlines.finished(e.status)),
                        (deadlines_sql.unfinished(), lambda e: not deadlines.finished(e.status)),
                        (deadlines_sql.counted(), lambda e: e.excluded_reason is None),
                        (deadlines_sql.watched_due_before(now + deadlines.NEAR),
                         lambda e: any(due < now + deadlines.NEAR for _, due in deadlines.watched(e)))):
        expected = {e.id for e in grid if python(e)}
        assert _ids(sql) == expected and 0 < len(expected) < len(grid)


def test_a_breach_is_found_only_by_the_sql_that_is_judged_breached(grid):
    """The lists' "missed a standard" filter and the staff page judge the same enquiries:
    an unanswered enquiry is late one minute after its deadline, not on it."""
    on_time, late = RESPONSE_DUE, RESPONSE_DUE + MINUTE
    waiting = [e for e in grid if e.first_response_at is None and e.response_due_at and e.excluded_reason is None
               and e.resolution_due_at is None]
    assert waiting and not any(deadlines.breached(e, on_time) for e in waiting)
    assert all(deadlines.breached(e, late) for e in waiting)
    assert not _ids(deadlines_sql.breached(on_time)) & {e.id for e in waiting}
    assert {e.id for e in waiting} <= _ids(deadlines_sql.breached(late))
