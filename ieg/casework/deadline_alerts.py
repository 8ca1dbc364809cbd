"""Near-breach and breach alerts (docs/design.md 3.5: staff are warned, in working hours only,
of what is near or past its deadline). The scheduler's `standards-alerts` job emails an enquiry's service
queue and its officer when its first response or its resolution is close to its deadline,
or past it.

- Only in working time, by the calendar of the standards in force: at night, at weekends, on
  bank holidays and closure days nothing is sent, and whatever is owed goes at the next
  opening (nobody is emailed at midnight about a deadline that nobody can meet before 9am).
- Each (enquiry, kind, deadline) alerts once: an `enquiry_alerts` row, unique on the three,
  is written in the transaction that queues the mail, so two schedulers cannot both send
  it. A deadline that moves (a change to the standards, a pause for the customer) is a new
  deadline and can alert again.
- One digest per recipient per run, listing all of their enquiries, through the outbox.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from ieg.casework import deadlines, deadlines_sql, standards
from ieg.casework.deadlines import NEAR
from ieg.config import Council
from ieg.mail import outbox
from ieg.models import Enquiry, EnquiryAlert
from ieg.timeutil import format_local, to_local
from ieg.workingtime import Calendar

# An alert's kind is "<what>_near" or "<what>_breach" (enquiry_alerts.kind).
WHAT = {"response": "First response", "resolution": "Resolution"}
PURPOSE = "alert"


@dataclass(frozen=True)
class Alert:
    enquiry: Enquiry
    kind: str
    deadline: datetime
    working: timedelta  # working time left (near), or working time since the deadline (breach)

    @property
    def breach(self) -> bool:
        return self.kind.endswith("_breach")


def owed(enquiry: Enquiry, calendar: Calendar, now: datetime,
         sent: frozenset | set = frozenset()) -> list[tuple[str, datetime, timedelta]]:
    """(kind, deadline, working time) for each deadline of an open enquiry that is near or
    past at `now`, less those in `sent` ((enquiry id, kind, deadline) already alerted). The
    first response is watched until there is one; the resolution while its clock runs (not
    while we wait for the customer). Once a deadline has passed only its breach is owed: the
    warning would come too late."""
    found = []
    for what, due in deadlines.watched(enquiry):
        # A deadline met on its very minute is in time, as in deadlines.response_breached.
        kind = f"{what}_breach" if now > due else f"{what}_near"
        if (enquiry.id, kind, due) in sent:
            continue
        if now > due:
            found.append((kind, due, calendar.working_time_between(due, now)))
        elif (left := calendar.working_time_between(now, due)) < NEAR:
            found.append((kind, due, left))
    return found


def due(session: Session, now: datetime, zone: str) -> list[Alert]:
    """The alerts owed now and not yet sent, soonest deadline first; none outside working
    time (they wait for the next opening)."""
    version = standards.current(session)
    if version is None:
        return []
    calendar = standards.calendar_for(version, zone)
    if not calendar.is_working_time(now):
        return []
    # Working time left only shrinks as the deadline nears, so "less than NEAR left" is
    # "due before the moment NEAR of working time from now": the database narrows it down.
    horizon = calendar.add_working_time(now, NEAR)
    candidates = session.scalars(
        select(Enquiry).options(joinedload(Enquiry.section), joinedload(Enquiry.assigned_to))
        .where(deadlines_sql.watched_due_before(horizon))
        .order_by(Enquiry.id)).all()
    if not candidates:
        return []
    sent = set(session.execute(select(EnquiryAlert.enquiry_id, EnquiryAlert.kind, EnquiryAlert.deadline)
                               .where(EnquiryAlert.enquiry_id.in_([e.id for e in candidates]))).all())
    owing = [Alert(enquiry, kind, deadline, working) for enquiry in candidates
             for kind, deadline, working in owed(enquiry, calendar, now, sent)]
    return sorted(owing, key=lambda a: (a.deadline, a.enquiry.id, a.kind))


def near_and_overdue_responses(session: Session, now: datetime, zone: str) -> tuple[int, int]:
    """(near, overdue): counted, unfinished enquiries still waiting for their first response
    (R29) with less than NEAR of working time left, and those past it (for monitoring)."""
    version = standards.current(session)
    if version is None:
        return 0, 0
    horizon = standards.calendar_for(version, zone).add_working_time(now, NEAR)
    waiting = select(func.count()).select_from(Enquiry).where(
        deadlines_sql.unfinished(), deadlines_sql.counted(), Enquiry.first_response_at.is_(None))
    near = session.scalar(waiting.where(Enquiry.response_due_at >= now, Enquiry.response_due_at < horizon))
    overdue = session.scalar(waiting.where(Enquiry.response_due_at < now))
    return near, overdue


def recipients(enquiry: Enquiry, fallback: str = "") -> list[tuple[str, str]]:
    """(address, greeting) for whoever should hear: the service's queue and the officer it
    is assigned to; an enquiry in no service's queue and with no officer goes to `fallback`
    (the council's general contact address) rather than to nobody."""
    found = {}
    if enquiry.section is not None and enquiry.section.contact_email:
        found[enquiry.section.contact_email.lower()] = f"{enquiry.section.title} team"
    officer = enquiry.assigned_to
    if officer is not None and officer.active and officer.email:
        found.setdefault(officer.email.lower(), officer.name)
    if not found and fallback:
        found[fallback.lower()] = "Customer services"
    return list(found.items())


@dataclass
class Sent:
    """What a run did, for the job's log line."""
    alerts: int = 0
    messages: int = 0
    quiet: bool = False  # outside working time: nothing was looked at

    def __str__(self) -> str:
        if self.quiet:
            return "outside working hours: alerts wait for the next opening"
        return (f"{self.alerts} alert{'s' * (self.alerts != 1)} in "
                f"{self.messages} email{'s' * (self.messages != 1)}")


def send(session: Session, now: datetime, council: Council, fallback: str = "") -> Sent:
    """Queue one digest per recipient for the alerts owed now and record each alert, in the
    caller's transaction (the caller commits; the unique constraint refuses a second sender).
    An alert nobody could be sent is not recorded, so it goes once someone can receive it."""
    version = standards.current(session)
    calendar = standards.calendar_for(version, council.timezone) if version is not None else None
    if calendar is None or not calendar.is_working_time(now):
        return Sent(quiet=True)
    digests: dict[str, tuple[str, list[Alert]]] = {}
    for alert in due(session, now, council.timezone):
        for address, greeting in recipients(alert.enquiry, fallback):
            digests.setdefault(address, (greeting, []))[1].append(alert)
    carried = {}  # alert -> the first message that carried it (the service queue's, when it has one)
    for address, (greeting, items) in digests.items():
        subject, body = digest(greeting, items, council, calendar.working_day_length)
        message = outbox.enqueue(session, to=address, subject=subject, body=body, now=now,
                                 sender_domain=council.mail_domain, purpose=PURPOSE)
        for alert in items:
            carried.setdefault(alert, message)
    session.flush()
    for alert, message in carried.items():
        session.add(EnquiryAlert(enquiry_id=alert.enquiry.id, kind=alert.kind, deadline=alert.deadline, sent_at=now,
                                 outbox_message_id=message.id))
    session.flush()
    return Sent(alerts=len(carried), messages=len(digests))


def digest(greeting: str, items: list[Alert], council: Council, day: timedelta) -> tuple[str, str]:
    """The subject and text of one recipient's digest: late first, then due soon."""
    late = [a for a in items if a.breach]
    soon = [a for a in items if not a.breach]
    counts = [f"{len(late)} late"] * bool(late) + [f"{len(soon)} due soon"] * bool(soon)
    subject = f"Enquiries missing their standards: {', '.join(counts)}"
    base = council.base_url.rstrip("/")
    lines = [f"{greeting},", "",
             "These enquiries have missed, or will soon miss, the council's service standards.",
             f"Working time counts only the council's working hours ({working_words(day)} a day).", ""]
    for heading, group in (("Late", late), ("Due soon", soon)):
        if not group:
            continue
        lines += [f"{heading} ({len(group)})", ""]
        for alert in group:
            what = WHAT[alert.kind.partition("_")[0]]
            state = f"{working_words(alert.working, day)} of working time {'late' if alert.breach else 'left'}"
            lines += [f"{alert.enquiry.reference}: {alert.enquiry.subject}",
                      f"{what} due {to_local(alert.deadline, council.timezone):%A} "
                      f"{format_local(alert.deadline, council.timezone)}: {state}",
                      f"{base}/staff/enquiries/{alert.enquiry.reference}", ""]
    lines += [f"Sent automatically by {council.name}'s enquiries system, in working hours only."]
    return subject[:300], "\n".join(lines)


def working_words(amount: timedelta, day: timedelta | None = None) -> str:
    """Working time in words, in days of `day` (one working day's length) when given:
    "1 hour 45 minutes", "2 days 3 hours"; under a minute is "less than a minute"."""
    minutes = int(amount.total_seconds() // 60)
    if minutes < 1:
        return "less than a minute"
    days, minutes = divmod(minutes, int(day.total_seconds() // 60)) if day else (0, minutes)
    hours, minutes = divmod(minutes, 60)
    parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    return " ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n)
