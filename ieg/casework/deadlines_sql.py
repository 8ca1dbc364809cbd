"""The rules of ieg.casework.deadlines as SQL expressions over the enquiries table, for the
lists, the alerts job and the reports to count and filter in the database. Each function here
is the twin of the one of the same name there; tests/services/casework/test_deadlines_sql.py runs both on a
grid of enquiries through the real database and checks they agree. Portable SQL (SQLite and
PostgreSQL)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, case, literal, or_

from ieg.casework.deadlines import BREACHED, EXCLUDED, FINISHED, IN_TIME, PENDING
from ieg.models import Enquiry
from ieg.models.types import UTCDateTime


def finished():
    return Enquiry.status.in_(FINISHED)


def unfinished():
    return Enquiry.status.not_in(FINISHED)


def counted():
    """In the standards' figures: not excluded."""
    return Enquiry.excluded_reason.is_(None)


def at(now: datetime):
    """An instant as a bound value of the enquiries' own column type."""
    return literal(now, UTCDateTime())


def response_in_time():
    return and_(counted(), Enquiry.first_response_at <= Enquiry.response_due_at)


def response_breached(now: datetime):
    """Answered after the deadline or, with no answer, the deadline passed."""
    return and_(counted(), or_(Enquiry.first_response_at > Enquiry.response_due_at,
                               and_(Enquiry.first_response_at.is_(None), Enquiry.response_due_at < at(now))))


def response_outcome(now: datetime):
    """excluded, in_time, breached or pending. A comparison with a NULL deadline is NULL,
    which CASE treats as false: such an enquiry is pending."""
    return case((~counted(), EXCLUDED), (response_in_time(), IN_TIME), (response_breached(now), BREACHED),
                else_=PENDING)


def resolution_breached(now: datetime):
    ended = case((and_(finished(), Enquiry.resolved_at.is_not(None)), Enquiry.resolved_at), else_=at(now))
    return and_(counted(), Enquiry.resolution_due_at.is_not(None), Enquiry.paused_since.is_(None),
                ended > Enquiry.resolution_due_at)


def watched_due_before(instant: datetime):
    """Unfinished, counted enquiries with a deadline still running (deadlines.watched) that
    falls before `instant`."""
    due = at(instant)
    return and_(unfinished(), counted(),
                or_(and_(Enquiry.first_response_at.is_(None), Enquiry.response_due_at < due),
                    and_(Enquiry.paused_since.is_(None), Enquiry.resolution_due_at < due)))


def breached(now: datetime):
    """Missed a standard by `now`: its response or its resolution."""
    return or_(response_breached(now), resolution_breached(now))
