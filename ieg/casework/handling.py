"""What staff do with enquiries: find them (a reference with a typing slip included), reply
by email, add internal notes, assign and change status. Services taking a session and the
acting user; the caller commits."""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import Session

from ieg.casework import enquiries, labels, references, standards, visibility
from ieg.casework.deadlines import finished
from ieg.input_errors import InputError
from ieg.mail import outbox
from ieg.models import Customer, Enquiry, EnquiryEvent, OutboxMessage, User
from ieg.models.casework import AWAITING_CUSTOMER, IN_PROGRESS, STATUSES
from ieg.people.permissions import can
from ieg.text import single_line
from ieg.config import Council
from ieg.contact_details import normalise_phone, normalise_postcode

MAX_RESULTS = 50


def find(session: Session, text: str, viewer) -> tuple[list[Enquiry], bool]:
    """The enquiries `viewer` may see (an officer: their own service's) matching what they
    typed: a reference (exact, or the ones a typing slip away: then the flag is True), or a
    customer's name, email, phone or postcode."""
    text = single_line(text)[:200]
    if not text:
        return [], False
    try:
        reference = references.normalise(text)
    except references.InvalidReference:
        reference = None
    def visible(stmt):
        return visibility.only_visible(stmt, viewer)

    if reference:
        return session.scalars(visible(select(Enquiry).where(Enquiry.reference == reference))).all(), False
    near = references.near_references(text)
    if near:
        found = session.scalars(visible(select(Enquiry).where(Enquiry.reference.in_(near)))).all()
        if found:
            return found, True
    return session.scalars(visible(select(Enquiry).join(Customer).where(customer_matches(text)))
                           .order_by(Enquiry.received_at.desc()).limit(MAX_RESULTS)).all(), False


_DISTRICT = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?")


def customer_matches(text: str):
    """SQL for the customer records matching what staff typed: every word in the name (any
    order), or in the email address; the phone number's digits (six or more, +44 as 0);
    the postcode, whole or its district ("AS1" finds AS1 1AA, not AS12 1AA)."""
    text = single_line(text)[:200].strip()
    if not text:
        return false()
    # autoescape: "%" and "_" typed by staff are characters to find, not LIKE's wildcards.
    conditions = [and_(*(Customer.name.icontains(word, autoescape=True) for word in text.split())),
                  Customer.email.icontains(text, autoescape=True)]
    phone = normalise_phone(text)
    if phone and len(phone) >= 6:
        conditions.append(Customer.phone.contains(phone, autoescape=True))
    postcode = normalise_postcode(text)
    if postcode and _DISTRICT.fullmatch(postcode):
        conditions.append(Customer.postcode.startswith(f"{postcode} ", autoescape=True))
    elif postcode:
        conditions.append(Customer.postcode == postcode)
    return or_(*conditions)


def assignable(session: Session) -> list:
    """The people an enquiry can be assigned to: active casework staff, by name."""
    return [user for user in session.scalars(select(User).order_by(User.name))
            if user.is_active and can(user, "staff.dashboard")]


class HandlingError(InputError):
    pass


def add_note(session: Session, enquiry: Enquiry, actor, text: str, now: datetime) -> EnquiryEvent:
    if not text.strip():
        raise HandlingError("Enter the note", "note")
    event = EnquiryEvent(enquiry=enquiry, kind="note", public=False, body=text.strip(), actor_id=actor.id, at=now)
    session.add(event)
    session.flush()
    return event


def _thread_ids(session: Session, enquiry: Enquiry) -> list[str]:
    ids = [enquiry.email_message_id] if enquiry.email_message_id else []
    ids += session.scalars(select(OutboxMessage.message_id).join(EnquiryEvent, EnquiryEvent.outbox_message_id ==
                                                                 OutboxMessage.id)
                           .where(EnquiryEvent.enquiry_id == enquiry.id).order_by(EnquiryEvent.id)).all()
    return ids


def reply(session: Session, enquiry: Enquiry, actor, text: str, council: Council, now: datetime,
          awaiting_customer: bool = False) -> EnquiryEvent:
    """Email the customer (through the outbox), threaded after our earlier messages and
    theirs; the reply is public on the tracking page."""
    if not text.strip():
        raise HandlingError("Enter your reply", "reply")
    if not enquiry.customer.email:
        raise HandlingError("This customer has no email address: phone or write, then log it as a note", "reply")
    thread = _thread_ids(session, enquiry)
    headers = {"X-IEG-Reference": enquiry.reference}
    if thread:
        headers["In-Reply-To"] = thread[-1]
        headers["References"] = " ".join(thread[-10:])
    body = (f"Dear {enquiry.customer.name or 'customer'},\n\n{text.strip()}\n\n"
            f"Your reference: {enquiry.reference}\n"
            f"Track your enquiry: {council.base_url.rstrip('/')}/track/"
            f"{enquiries.tracking_token(council.secret_key, enquiry)}\n\n{actor.name}\n{council.name}\n")
    message = outbox.enqueue(session, to=enquiry.customer.email, subject=f"Re: Your enquiry {enquiry.reference}: "
                             f"{enquiry.subject}"[:300], body=body, now=now, sender_domain=council.mail_domain,
                             purpose="reply", headers=headers)
    # A person's reply, not an automatic message (RFC 3834): the customer's auto-responder may answer.
    message.headers = {k: v for k, v in message.headers.items() if k != "Auto-Submitted"}
    session.flush()
    event = EnquiryEvent(enquiry=enquiry, kind="reply_out", public=True, body=text.strip(), actor_id=actor.id,
                         outbox_message=message, at=now)
    session.add(event)
    # Not the response yet: it is that only once the outbox has sent it (record_reply_sent).
    _set_status(session, enquiry, actor, AWAITING_CUSTOMER if awaiting_customer else IN_PROGRESS, now,
                council.timezone)
    session.flush()
    return event


def record_reply_sent(session: Session, message: OutboxMessage) -> None:
    """A reply left the outbox: now it is a response, and the first one is the response the
    standard measures, from when the person pressed send (the outbox's retries are the
    council's problem, not the customer's). A reply that failed never gets here."""
    for event in session.scalars(select(EnquiryEvent).where(EnquiryEvent.outbox_message_id == message.id,
                                                            EnquiryEvent.kind == "reply_out")):
        standards.record_response(event.enquiry, event.at, "email")


def log_reply(session: Session, enquiry: Enquiry, actor, kind: str, text: str, made_at: datetime,
              now: datetime, zone: str, awaiting_customer: bool = False) -> EnquiryEvent:
    """A reply given by phone, letter or in person, logged as the response (docs/design.md 3.5).
    `made_at` is when it was given: a call logged after the fact counts from the call."""
    if kind not in ("phone", "letter", "face_to_face"):
        raise HandlingError("Choose how the customer was answered", "reply_kind")
    if not text.strip():
        raise HandlingError("Enter what the customer was told", "reply_text")
    if made_at > now:
        raise HandlingError("The reply cannot be in the future", "reply_at")
    if made_at < enquiry.received_at:
        raise HandlingError("The reply cannot be before the enquiry was received", "reply_at")
    event = EnquiryEvent(enquiry=enquiry, kind="reply_logged", public=True, actor_id=actor.id, at=made_at,
                         body=f"{standards.REPLY_KINDS[kind]}: {text.strip()}")
    session.add(event)
    standards.record_response(enquiry, made_at, kind)
    _set_status(session, enquiry, actor, AWAITING_CUSTOMER if awaiting_customer else IN_PROGRESS, now, zone)
    session.flush()
    return event


STATUS_CHOICES = tuple(labels.STATUS_LABELS.items())


def _set_status(session: Session, enquiry: Enquiry, actor, status: str, now: datetime,
                zone: str = "Europe/London") -> None:
    if status not in STATUSES:
        raise HandlingError("Choose a status", "status")
    if status == enquiry.status:
        return
    if finished(status) and not finished(enquiry.status):
        try:
            standards.check_can_close(enquiry, now)
        except standards.StandardsError as error:
            raise HandlingError(str(error), error.field) from None
    standards.status_changed(enquiry, enquiry.status, status, now, zone)
    enquiry.status = status
    if finished(status) and enquiry.resolved_at is None:
        enquiry.resolved_at = now
    if not finished(status):
        enquiry.resolved_at = None
    session.add(EnquiryEvent(enquiry=enquiry, kind="status", public=True, actor_id=actor.id, at=now,
                             body=f"Status: {labels.status(status)}"))


def set_status(session: Session, enquiry: Enquiry, actor, status: str, now: datetime,
               zone: str = "Europe/London") -> None:
    _set_status(session, enquiry, actor, status, now, zone)
    session.flush()


def assign(session: Session, enquiry: Enquiry, actor, assignee, now: datetime) -> None:
    enquiry.assigned_to_id = assignee.id if assignee else None
    session.add(EnquiryEvent(enquiry=enquiry, kind="assigned", public=False, actor_id=actor.id, at=now,
                             body=f"Assigned to {assignee.name}" if assignee else "Unassigned"))
    session.flush()


def move_to_queue(session: Session, enquiry: Enquiry, actor, section, now: datetime) -> None:
    """Send the enquiry to another service's queue (misrouted, or it needs another team)."""
    if section is None:
        raise HandlingError("Choose the service that should deal with it", "section")
    if section.id == enquiry.section_id:
        return
    enquiry.section_id = section.id
    session.add(EnquiryEvent(enquiry=enquiry, kind="queue", public=False, actor_id=actor.id, at=now,
                             body=f"Moved to the {section.title} queue"))
    session.flush()
