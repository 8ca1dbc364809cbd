"""The staff dashboard's "Due soon or late" list (queues.due_soon), at fixed instants: what is
listed must not depend on the hour or weekday the suite runs at."""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from ieg.casework import deadlines, queues
from ieg.models import CaseType, Enquiry
from ieg.workingtime import Calendar

CAL = Calendar()
LONDON = ZoneInfo("Europe/London")
KIND = CaseType(slug="missed-bin", name="Missed bin", resolution_days=5)


def london(d, hh, mm=0):
    """A London wall-clock time in March 2026 (Monday the 2nd to Friday the 6th, no holidays)."""
    return datetime(2026, 3, d, hh, mm, tzinfo=LONDON).astimezone(timezone.utc)


def received(at, n=1, **fields):
    """An open enquiry received at `at` with its deadlines as standards.apply sets them."""
    return Enquiry(id=n, reference=f"ENQ-TEST-{n:04d}-X", case_type=KIND, status="open", received_at=at,
                   response_due_at=CAL.deadline(at), resolution_due_at=CAL.add_working_days(at, 5), **fields)


# (why, received, now, listed)
CASES = [
    ("received this morning, a working day to answer", london(2, 9, 30), london(2, 10), False),
    ("received before the morning's opening", london(2, 8), london(2, 9, 5), False),
    ("received Friday afternoon, seen on Saturday", london(6, 16), london(7, 10), False),
    ("response due within 2 working hours", london(2, 11), london(3, 9, 30), True),
    ("response due in exactly 2 working hours", london(2, 11), london(3, 9), False),
    ("response late", london(2, 11), london(3, 11, 1), True),
    ("response late, seen at the weekend", london(5, 11), london(7, 12), True),
]


@pytest.mark.parametrize("why, at, now, listed", CASES, ids=[c[0] for c in CASES])
def test_a_first_response_is_due_soon_only_near_its_deadline(why, at, now, listed):
    found = queues.due_soon([received(at)], CAL, now)
    assert bool(found) is listed
    if listed:
        _, what, due, left = found[0]
        assert (what, due) == ("Response", CAL.deadline(at))
        assert left == CAL.working_time_between(now, due) < deadlines.NEAR


def test_once_answered_the_resolution_is_due_soon_within_a_working_day():
    at = london(2, 10)  # Monday: resolution due the next Monday at 10:00
    answered = received(at, first_response_at=london(2, 11))
    assert queues.due_soon([answered], CAL, london(6, 9, 59)) == []  # Friday: a working day and a minute left
    [(_, what, due, left)] = queues.due_soon([answered], CAL, london(6, 10, 1))
    assert (what, due, left) == ("Resolution", london(9, 10), timedelta(hours=7, minutes=59))
    assert queues.due_soon([received(at, first_response_at=london(2, 11), paused_since=london(3, 9))],
                           CAL, london(9, 11)) == []  # waiting for the customer: the clock is stopped


def test_late_first_and_each_enquiry_once():
    late, soon = received(london(2, 9), n=1), received(london(2, 13), n=2)
    listed = queues.due_soon([soon, late, late], CAL, london(3, 11, 30))
    assert [(e.id, what, left) for e, what, _, left in listed] == [
        (1, "Response", timedelta(0)), (2, "Response", timedelta(hours=1, minutes=30))]
