"""The standards enquiries are held to (docs/design.md 3.5): deadlines from the corporate
calendar, what counts as the response, the resolution clock that stops while we wait for
the customer, exclusions and breach reasons. Services taking a session; the caller commits.

Deadlines are computed once, when an enquiry arrives, with the standards version then in
force, and stored on the enquiry with that version's id: reports are plain SQL over stored
facts, and an auditor can recompute any deadline from the version's rules. A change to the
standards recomputes open enquiries only (`recompute_open`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from types import SimpleNamespace
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ieg import audit, fast_rows as rows
from ieg.casework import deadlines_sql
from ieg.casework.deadlines import BREACHED, EXCLUDED, IN_TIME, breached, finished, response_outcome
from ieg.database import DirectSelect
from ieg.input_errors import InputError
from ieg.models import CaseType, Enquiry, EnquiryEvent, OutboxMessage, StandardsVersion
from ieg.models.casework import AWAITING_CUSTOMER, EXCLUSION_REASONS
from ieg.models.mail import SENT
from ieg.workingtime import RULE_NEXT_DAY_CLOSE, RULE_ONE_WORKING_DAY, Calendar

# What a person logs as the reply when it was not an email (docs/design.md 3.5: a call, letter or
# visit logged as the reply). The acknowledgement and internal notes never count.
REPLY_KINDS = {"email": "Email", "phone": "Phone call", "letter": "Letter", "face_to_face": "Face to face"}
EXCLUSION_LABELS = {"spam": "Spam", "duplicate": "Duplicate of another enquiry",
                    "misdirected": "Sent to us by mistake (not for the council)", "auto_reply": "Automatic reply"}
assert set(EXCLUSION_LABELS) == set(EXCLUSION_REASONS)


class StandardsError(InputError):
    pass


def current(session: Session) -> StandardsVersion:
    """The standards in force: the newest version (migration 0010 made the first). Read
    afresh each time, in the caller's transaction, so a change is in force for the very next
    enquiry in every process; one prepared SELECT (ieg.fast_rows), as every enquiry reads it."""
    return rows.latest(session, StandardsVersion)


def _hours(version_hours: dict) -> tuple:
    def parse(pair):
        return None if not pair else (time.fromisoformat(pair[0]), time.fromisoformat(pair[1]))
    return tuple(parse(version_hours.get(str(day))) for day in range(7))


@lru_cache(maxsize=64)
def _calendar(version_id: int, hours: tuple, subdivision: str, closures: tuple, day_minutes: int,
              zone: str) -> Calendar:
    return Calendar(hours=hours, zone=zone, subdiv=subdivision, closures=frozenset(closures),
                    day_length=timedelta(minutes=day_minutes))


def calendar_for(version: StandardsVersion, zone: str = "Europe/London") -> Calendar:
    """The working-time calendar a version describes (versions never change: cached)."""
    return _calendar(version.id, _hours(version.hours), version.subdivision,
                     tuple(date.fromisoformat(d) for d in version.closures), version.day_minutes, zone)


@dataclass(frozen=True)
class Deadlines:
    acknowledgement: datetime
    response: datetime
    resolution: datetime


def response_deadline(version: StandardsVersion, calendar: Calendar, received: datetime) -> datetime:
    """The first response is due `response_days` working days after receipt, by the rule in force."""
    first = calendar.deadline(received, version.rule)
    if version.response_days <= 1:
        return first
    return calendar.add_working_time(first, calendar.working_day_length * (version.response_days - 1))


def resolution_deadline(calendar: Calendar, received: datetime, days: int, paused_minutes: int = 0) -> datetime:
    """The case type's target in working days, moved on by the working time spent waiting
    for the customer."""
    return calendar.add_working_time(received, calendar.working_day_length * days + timedelta(minutes=paused_minutes))


def deadlines(version: StandardsVersion, calendar: Calendar, received: datetime, resolution_days: int,
              paused_minutes: int = 0) -> Deadlines:
    return Deadlines(acknowledgement=received + timedelta(minutes=version.acknowledgement_minutes),
                     response=response_deadline(version, calendar, received),
                     resolution=resolution_deadline(calendar, received, resolution_days, paused_minutes))


# Which version is in force: its key and when it was made (versions are never changed, so
# the pair names one version's rules; SQLite can hand a rolled-back row's key out again).
_NEWEST = DirectSelect(select(StandardsVersion.id, StandardsVersion.created_at)
                       .order_by(StandardsVersion.id.desc()).limit(1))
# By engine: (key, created_at, zone) -> (the version as plain values, its calendar).
_in_force_rules: WeakKeyDictionary = WeakKeyDictionary()


def in_force(session: Session, zone: str) -> tuple[SimpleNamespace, Calendar] | None:
    """The standards in force as read-only plain values with their calendar, or None before
    the first version. Which version is in force is read afresh each time (a change counts
    from the very next enquiry, in every process); its rules are parsed once per process."""
    newest = rows.first(session, StandardsVersion, _NEWEST)
    if newest is None:
        return None
    known = _in_force_rules.setdefault(session.get_bind(StandardsVersion.__mapper__), {})
    found = known.get((*newest, zone))
    if found is None:
        row = rows.find_dict(session, StandardsVersion, "id", newest[0])
        version = SimpleNamespace(**row)
        found = known[(*newest, zone)] = (version, calendar_for(version, zone))
    return found


def arrival_values(session: Session, received: datetime, case_type: CaseType, zone: str) -> dict:
    """The columns a new enquiry gets from the standards in force (used by open_enquiry)."""
    standards = in_force(session, zone)
    month = received.astimezone(ZoneInfo(zone)).strftime("%Y-%m")
    if standards is None:  # a database before migration 0010's first version: nothing to compute with
        return {"received_month": month}
    version, calendar = standards
    due = deadlines(version, calendar, received, case_type.resolution_days)
    return {"standards_version_id": version.id, "received_month": month, "acknowledgement_due_at": due.acknowledgement,
            "response_due_at": due.response, "resolution_due_at": due.resolution}


def apply(enquiry: Enquiry, version: StandardsVersion, zone: str, *, response: bool = True) -> None:
    """(Re)compute an enquiry's deadlines with `version`: the response deadline only while
    it has had no response (a decided response is never re-judged)."""
    calendar = calendar_for(version, zone)
    due = deadlines(version, calendar, enquiry.received_at, enquiry.case_type.resolution_days,
                    enquiry.paused_minutes or 0)
    enquiry.standards_version_id = version.id
    enquiry.received_month = enquiry.received_at.astimezone(ZoneInfo(zone)).strftime("%Y-%m")
    enquiry.acknowledgement_due_at = due.acknowledgement
    if response and enquiry.first_response_at is None:
        enquiry.response_due_at = due.response
    enquiry.resolution_due_at = due.resolution


def recompute_open(session: Session, version: StandardsVersion, zone: str) -> int:
    """After a change to the standards: open enquiries take the new deadlines; resolved and
    closed ones keep the deadlines they were judged by. Returns how many changed."""
    changed = 0
    for enquiry in session.scalars(select(Enquiry).where(deadlines_sql.unfinished())):
        apply(enquiry, version, zone)
        changed += 1
    session.flush()
    return changed


def fill_missing(session: Session, zone: str, limit: int = 5000) -> int:
    """Enquiries that arrived before there were standards (older databases) get the first
    version's deadlines; used by the `deadlines` job. Idempotent."""
    first = session.scalar(select(StandardsVersion).order_by(StandardsVersion.id).limit(1))
    if first is None:
        return 0
    items = session.scalars(select(Enquiry).where(Enquiry.standards_version_id.is_(None)).limit(limit)).all()
    for enquiry in items:
        apply(enquiry, first, zone)
        if enquiry.first_response_at is None:
            _backfill_response(session, enquiry)
    session.flush()
    return len(items)


def _backfill_response(session: Session, enquiry: Enquiry) -> None:
    """The first reply logged, or emailed and sent (one still queued or failed is no response)."""
    sent = select(OutboxMessage.id).where(OutboxMessage.status == SENT)
    first = session.scalar(select(EnquiryEvent).where(
        EnquiryEvent.enquiry_id == enquiry.id,
        or_(EnquiryEvent.kind == "reply_logged",
            and_(EnquiryEvent.kind == "reply_out", EnquiryEvent.outbox_message_id.in_(sent))))
        .order_by(EnquiryEvent.at).limit(1))
    if first is not None:
        enquiry.first_response_at, enquiry.first_response_kind = first.at, "email"


def record_response(enquiry: Enquiry, at: datetime, kind: str) -> bool:
    """A person's public reply: the first one is the response the standard measures. True
    when this was it. A reply logged late but made earlier still counts from when it was made."""
    if kind not in REPLY_KINDS:
        raise StandardsError("Choose how the customer was answered", "reply_kind")
    if enquiry.first_response_at is None or at < enquiry.first_response_at:
        enquiry.first_response_at, enquiry.first_response_kind = at, kind
        return True
    return False


def status_changed(enquiry: Enquiry, old: str, new: str, now: datetime, zone: str) -> None:
    """The resolution clock stops while we wait for the customer and restarts when they
    answer or we move on; the target moves by the working time it was stopped."""
    if new == AWAITING_CUSTOMER and old != AWAITING_CUSTOMER:
        enquiry.paused_since = now
    elif old == AWAITING_CUSTOMER and new != AWAITING_CUSTOMER and enquiry.paused_since is not None:
        version = _version_of(enquiry)
        if version is not None:
            calendar = calendar_for(version, zone)
            paused = calendar.working_time_between(enquiry.paused_since, now)
            enquiry.paused_minutes = (enquiry.paused_minutes or 0) + int(paused.total_seconds() // 60)
            enquiry.resolution_due_at = resolution_deadline(calendar, enquiry.received_at,
                                                            enquiry.case_type.resolution_days, enquiry.paused_minutes)
        enquiry.paused_since = None


def _version_of(enquiry: Enquiry) -> StandardsVersion | None:
    from sqlalchemy.orm import object_session
    session = object_session(enquiry)
    return session.get(StandardsVersion, enquiry.standards_version_id) if enquiry.standards_version_id else None


def check_can_close(enquiry: Enquiry, now: datetime) -> None:
    """A breach needs a reason before the enquiry can be resolved or closed (docs/design.md 3.5)."""
    if breached(enquiry, now) and not enquiry.breach_reason.strip():
        raise StandardsError("This enquiry missed its standard: give the reason before resolving or closing it",
                             "breach_reason")


def set_breach_reason(session: Session, enquiry: Enquiry, actor, reason: str, now: datetime) -> None:
    reason = reason.strip()
    if not reason:
        raise StandardsError("Enter why the standard was missed", "breach_reason")
    enquiry.breach_reason = reason[:2000]
    session.add(EnquiryEvent(enquiry=enquiry, kind="breach_reason", public=False, at=now, body=reason,
                             actor_id=getattr(actor, "id", None)))
    audit.record(session, actor, "enquiry.breach_reason", f"enquiry:{enquiry.reference}", {"reason": reason}, now)
    session.flush()


def exclude(session: Session, enquiry: Enquiry, actor, reason: str, note: str, now: datetime) -> None:
    """Leave an enquiry out of the standards' figures: only with a reason code auditors see."""
    if reason not in EXCLUSION_REASONS:
        raise StandardsError("Choose why this enquiry is excluded", "excluded_reason")
    enquiry.excluded_reason, enquiry.excluded_note = reason, note.strip()[:2000]
    session.add(EnquiryEvent(enquiry=enquiry, kind="excluded", public=False, at=now, actor_id=getattr(actor, "id", None),
                             body=f"Excluded from the standards: {EXCLUSION_LABELS[reason]}"
                                  + (f". {note.strip()}" if note.strip() else "")))
    audit.record(session, actor, "enquiry.exclude", f"enquiry:{enquiry.reference}",
                 {"reason": reason, "note": note.strip()}, now)
    session.flush()


def include(session: Session, enquiry: Enquiry, actor, now: datetime) -> None:
    """Undo an exclusion made by mistake (audited like the exclusion)."""
    if not enquiry.excluded_reason:
        return
    previous = enquiry.excluded_reason
    enquiry.excluded_reason, enquiry.excluded_note = None, ""
    session.add(EnquiryEvent(enquiry=enquiry, kind="included", public=False, at=now, actor_id=getattr(actor, "id", None),
                             body="Counted in the standards again"))
    audit.record(session, actor, "enquiry.include", f"enquiry:{enquiry.reference}", {"was": previous}, now)
    session.flush()


@dataclass(frozen=True)
class Standing:
    """Where an enquiry stands against its standards, for the staff page."""
    response: str                 # excluded, in_time, late_reply, waiting, overdue, none
    response_due: datetime | None
    response_left: timedelta | None  # working time left (waiting only)
    resolution_due: datetime | None
    resolution_left: timedelta | None
    paused: bool
    needs_breach_reason: bool


def standing(enquiry: Enquiry, calendar: Calendar, now: datetime) -> Standing:
    due = enquiry.response_due_at
    outcome = response_outcome(enquiry, now)
    if outcome == EXCLUDED:
        response = "excluded"
    elif due is None:
        response = "none"
    elif enquiry.first_response_at is not None:
        response = "in_time" if outcome == IN_TIME else "late_reply"
    else:
        response = "overdue" if outcome == BREACHED else "waiting"
    open_ = not finished(enquiry.status)
    resolution_left = (calendar.working_time_between(now, enquiry.resolution_due_at)
                       if open_ and enquiry.resolution_due_at and enquiry.paused_since is None else None)
    return Standing(response=response, response_due=due,
                    response_left=calendar.working_time_between(now, due) if response == "waiting" else None,
                    resolution_due=enquiry.resolution_due_at, resolution_left=resolution_left,
                    paused=enquiry.paused_since is not None,
                    needs_breach_reason=breached(enquiry, now) and not enquiry.breach_reason.strip())


RULE_LABELS = {RULE_ONE_WORKING_DAY: "One working day: the same time on the next working day",
               RULE_NEXT_DAY_CLOSE: "By close of the next working day"}
