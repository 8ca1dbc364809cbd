"""Which enquiries a member of staff sees first: their own, their service's queue, those
nobody has taken, and those whose resolution target is near. Services taking a session."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from ieg.casework import deadlines, deadlines_sql, visibility
from ieg.models import Enquiry
from ieg.workingtime import Calendar

LIMIT = 100


def open_enquiries() -> Select:
    return (select(Enquiry).options(joinedload(Enquiry.customer), joinedload(Enquiry.case_type))
            .where(deadlines_sql.unfinished()).order_by(Enquiry.received_at))


def mine(session: Session, user) -> list[Enquiry]:
    return session.scalars(open_enquiries().where(Enquiry.assigned_to_id == user.id).limit(LIMIT)).all()


def service_queue(session: Session, section_id: int | None) -> list[Enquiry]:
    if section_id is None:
        return []
    return session.scalars(open_enquiries().where(Enquiry.section_id == section_id).limit(LIMIT)).all()


def unassigned(session: Session, viewer) -> list[Enquiry]:
    """Open enquiries nobody has taken that `viewer` may see (an officer: their service's)."""
    stmt = visibility.only_visible(open_enquiries().where(Enquiry.assigned_to_id.is_(None)), viewer)
    return session.scalars(stmt.limit(LIMIT)).all()


def due_soon(candidates: list[Enquiry], calendar: Calendar,
             now: datetime) -> list[tuple[Enquiry, str, datetime, timedelta]]:
    """Open enquiries past their next deadline or close to it, soonest first, with which
    deadline and the working time left (zero if late). Close means, for a first response,
    less than deadlines.NEAR of working time left, the moment the alert email warns about:
    the response standard is itself one working day, so a day's notice would list every
    enquiry received since the morning. For a resolution, measured in days, less than one
    working day. A clock stopped while we wait for the customer is not due."""
    found = {}
    for enquiry in candidates:
        what, due = deadlines.next_deadline(enquiry, calendar)
        if what == deadlines.RESOLUTION and enquiry.paused_since is not None:
            continue
        left = calendar.working_time_between(now, due)
        if left < deadlines.near_within(what, calendar):
            found[enquiry.id] = (enquiry, what, due, left)
    return sorted(found.values(), key=lambda entry: entry[2])
