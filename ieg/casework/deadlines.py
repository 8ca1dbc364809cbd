"""The deadline rules an enquiry is judged by (docs/design.md 3.5), as plain functions of its
stored facts and the time: which statuses are finished, whether the first response was in
time, what is breached, which deadline comes next and when it is near. Standards, alerts,
queues, the lists and the reports all ask here; `deadlines_sql` is the same rules as SQL, for
counting and filtering in the database (tests/services/casework/test_deadlines_sql.py checks they agree).

Pure: an enquiry is anything with the Enquiry columns as attributes (an ORM object or a row);
no Flask, no database.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from ieg.workingtime import Calendar

# The statuses whose work is done: the resolution clock has stopped, and deadlines once
# judged stay as they were. The same names as ieg.models.casework's RESOLVED and CLOSED
# (a test checks), spelled here so this module needs no database.
FINISHED = ("resolved", "closed")

# "Near": less than this much working time left before a first response is due. A quarter
# of the standard working day: the alerts job runs every 15 minutes, so staff hear with
# 1 hour 45 minutes to 2 hours of working time to act, without a warning for every enquiry
# received the same morning (the response standard is itself one working day).
NEAR = timedelta(hours=2)

# A first response's outcome (the R29 report's words): left out of the figures, in time,
# breached, or not yet decided (no response and the deadline ahead, or no deadline at all).
EXCLUDED, IN_TIME, BREACHED, PENDING = "excluded", "in_time", "breached", "pending"
RESPONSE = "Response"
RESOLUTION = "Resolution"


def finished(status: str) -> bool:
    return status in FINISHED


def response_outcome(enquiry, now: datetime) -> str:
    """A deadline met on its very minute is in time; a comparison with no deadline decides
    nothing (pending)."""
    due = enquiry.response_due_at
    if enquiry.excluded_reason is not None:
        return EXCLUDED
    if due is None:
        return PENDING
    if enquiry.first_response_at is not None:
        return IN_TIME if enquiry.first_response_at <= due else BREACHED
    return BREACHED if now > due else PENDING


def response_breached(enquiry, now: datetime) -> bool:
    """Past its response deadline without a response, or answered after it."""
    return response_outcome(enquiry, now) == BREACHED


def resolution_end(enquiry, now: datetime) -> datetime:
    """When the resolution clock stopped: at resolution, or still running (now)."""
    return enquiry.resolved_at if finished(enquiry.status) and enquiry.resolved_at else now


def resolution_breached(enquiry, now: datetime) -> bool:
    """Resolved after its target or, while open, the target passed; never while the clock
    is stopped waiting for the customer."""
    due = enquiry.resolution_due_at
    if due is None or enquiry.excluded_reason is not None:
        return False
    return resolution_end(enquiry, now) > due and enquiry.paused_since is None


def breached(enquiry, now: datetime) -> bool:
    """Missed a standard by `now`: its response or its resolution (excluded ones miss nothing)."""
    return response_breached(enquiry, now) or resolution_breached(enquiry, now)


def resolution_target(enquiry, calendar: Calendar) -> datetime:
    """When the enquiry should be resolved: its stored deadline, or its case type's target
    in working days for an enquiry from before the standards existed."""
    return enquiry.resolution_due_at or calendar.add_working_days(enquiry.received_at,
                                                                  enquiry.case_type.resolution_days)


def next_deadline(enquiry, calendar: Calendar) -> tuple[str, datetime]:
    """The deadline that matters next: the first response while there has been none, then
    the resolution target."""
    if enquiry.first_response_at is None and enquiry.response_due_at and enquiry.excluded_reason is None:
        return RESPONSE, enquiry.response_due_at
    return RESOLUTION, resolution_target(enquiry, calendar)


def near_within(what: str, calendar: Calendar) -> timedelta:
    """How little working time left makes a deadline near: NEAR for a first response, one
    working day for a resolution (measured in days)."""
    return NEAR if what == RESPONSE else calendar.working_day_length


def watched(enquiry) -> list[tuple[str, datetime]]:
    """("response" | "resolution", deadline) for each deadline of an unfinished, counted
    enquiry that is still running: the first response until there is one, the resolution
    while its clock runs (not while we wait for the customer)."""
    if enquiry.excluded_reason is not None or finished(enquiry.status):
        return []
    return [(what, due) for what, due, running in (
        ("response", enquiry.response_due_at, enquiry.first_response_at is None),
        ("resolution", enquiry.resolution_due_at, enquiry.paused_since is None)) if due is not None and running]
