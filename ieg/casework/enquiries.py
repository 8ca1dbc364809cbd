"""Opening enquiries from any channel against one customer record, and acknowledging them
(docs/design.md 3.4). Services taking a session; the caller commits."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from itsdangerous import BadSignature, Serializer, URLSafeSerializer
from itsdangerous.encoding import base64_encode
from sqlalchemy import bindparam, case, exists, func, inspect, literal, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ieg import fast_rows
from ieg.casework import intake_rows, labels, references
from ieg.casework.intake_rows import EnquiryError  # noqa: F401  (raised here for callers)
from ieg.config import Council
from ieg.contact_details import normalise_email, normalise_phone, normalise_postcode
from ieg.mail import outbox
from ieg.models import CaseType, Customer, CustomerAddress, Enquiry, EnquiryEvent, OutboxMessage, Section
from ieg.text import clean, single_line
from ieg.timeutil import format_local

ACKNOWLEDGED_CHANNELS = ("web", "email", "api")  # R28: every web-form and email enquiry gets one; an API
# request (Open311) when it gives an email address


@dataclass(frozen=True)
class ContactDetails:
    name: str = ""
    email: str | None = None
    phone: str | None = None
    address: str = ""
    postcode: str | None = None


def contact_values(details: ContactDetails) -> dict:
    """Contact details as they are stored: the name on one line, the email address in lower
    case, the phone number as digits, the address cleaned (ieg.text), the postcode formatted."""
    return {"name": single_line(details.name), "email": normalise_email(details.email),
            "phone": normalise_phone(details.phone), "address": clean(details.address).strip(),
            "postcode": normalise_postcode(details.postcode)}


def find_or_create_customer(session: Session, details: ContactDetails, *, fill_in: bool = False) -> Customer:
    """The one customer record these details belong to: by email address; by phone number
    only when no email address is given (a household shares a landline, and a different
    email address means a different person); a new record, made from the details, if
    neither is known (ieg.casework.intake_rows, the rule the web form's fast path uses too).

    A record found is changed only with `fill_in`, for details a member of staff took (a
    call, a visit, a letter): then what it lacks is filled in, never overwritten (a change
    of address is its own event, G25). A web form, an email or the API proves nobody's
    identity (anyone can type someone else's email address), so what they bring stays on the
    enquiry (open_enquiry's `given`) for staff to compare and copy."""
    found, history = intake_rows.customer_row(session, contact_values(details), fill_in=fill_in)
    if history is None:
        return fast_rows.adopt(session, Customer, found)
    return fast_rows.adopt(session, Customer, found, {"addresses": [fast_rows.adopt(session, CustomerAddress, row)
                                                                    for row in history]})


CASE_TYPE_MAX_AGE = intake_rows.CASE_TYPE_MAX_AGE


def case_type(session: Session, slug: str, name: str, section_slug: str = "",
              outcome_refs: tuple[str, ...] = ()) -> CaseType:
    """The case type with this slug, with its section loaded, made the first time something
    (a form, email intake) needs it (intake_rows.case_type_rows)."""
    kind, section = intake_rows.case_type_rows(session, slug, name, section_slug, outcome_refs)
    found = fast_rows.adopt(session, CaseType, kind)
    if "section" in inspect(found).unloaded:
        set_committed_value(found, "section", fast_rows.adopt(session, Section, section) if section else None)
    return found


def new_reference(session: Session, prefix: str = references.DEFAULT_PREFIX) -> str:
    """A reference no enquiry has (2^40 of them; a clash is checked for all the same)."""
    while True:
        ref = references.generate(prefix)
        if not session.scalar(select(exists().where(Enquiry.reference == ref))):
            return ref


REFERENCE_ATTEMPTS = intake_rows.REFERENCE_ATTEMPTS


def open_enquiry(session: Session, *, channel: str, customer: Customer, case_type: CaseType, subject: str,
                 description: str, received_at: datetime, now: datetime, actor=None, location: str = "",
                 answers: dict | None = None, submission_key: str | None = None,
                 email_message_id: str | None = None, resolved_at_first_contact: bool = False,
                 prefix: str = references.DEFAULT_PREFIX, zone: str = "Europe/London",
                 given: ContactDetails | None = None) -> tuple[Enquiry, bool]:
    """(the enquiry, True) for a new one; (the existing one, False) when the same form
    submission or the same email message arrives again.

    The rows are written at once (ieg.fast_rows), in the caller's transaction, by the rules
    in ieg.casework.intake_rows (deadlines, reference, a repeat found by its key). `given`:
    the contact details that came with it, kept on it as given (`given_details`); an address
    given is the enquiry's address, else it takes the record's."""
    intake_rows.check_enquiry(channel, subject)
    for needed in (customer, case_type):  # what adding an ORM Enquiry would cascade into the session
        if inspect(needed).transient or inspect(needed).detached:
            session.add(needed)
    session.flush()  # the customer and case type may be new
    actor_id = getattr(actor, "id", None)
    stated = {name: value for name, value in contact_values(given).items() if value} if given else None
    values = intake_rows.enquiry_values(
        session, channel=channel, customer=customer, case_type=case_type, subject=subject, description=description,
        received_at=received_at, now=now, actor_id=actor_id, location=location, answers=answers,
        submission_key=submission_key, email_message_id=email_message_id,
        resolved_at_first_contact=resolved_at_first_contact, zone=zone, arrival=None, stated=stated)
    row, created = intake_rows.insert_enquiry(session, values, prefix)
    if not created:
        return fast_rows.adopt(session, Enquiry, row), False
    enquiry = fast_rows.adopt(session, Enquiry, row, {"customer": customer, "case_type": case_type,
                                                      "files": [], "events": []})
    _event(session, enquiry, None, intake_rows.received_event(channel, received_at, actor_id))
    if resolved_at_first_contact:
        _event(session, enquiry, None, intake_rows.resolved_event(now, actor_id))
    return enquiry, True


def _event(session: Session, enquiry: Enquiry, outbox_message: OutboxMessage | None, values: dict) -> EnquiryEvent:
    """An event on a stored enquiry, written at once (see open_enquiry)."""
    row = intake_rows.insert_event(session, enquiry.id, outbox_message.id if outbox_message is not None else None,
                                   values)
    event = fast_rows.adopt(session, EnquiryEvent, row, {"enquiry": enquiry, "outbox_message": outbox_message})
    if "events" not in inspect(enquiry).unloaded:  # else it loads from the database, this one included
        set_committed_value(enquiry, "events", [*enquiry.events, event])
    return event


class _TrackingSerializer(URLSafeSerializer):
    """URLSafeSerializer, without its attempt to compress: a reference's JSON (17 bytes)
    never comes out shorter, so the links are the same, but setting up zlib for the attempt
    cost each acknowledgement a tenth of a millisecond or more. Reads compressed ones too."""

    def dump_payload(self, obj) -> bytes:
        return base64_encode(Serializer.dump_payload(self, obj))


@lru_cache(maxsize=8)
def _tracking_serializer(secret_key: str) -> URLSafeSerializer:
    return _TrackingSerializer(secret_key, salt="ieg-track")


def tracking_token(secret_key: str, enquiry: Enquiry) -> str:
    """The signed link in the acknowledgement: opens the tracking page without typing."""
    return _tracking_serializer(secret_key).dumps(enquiry.reference)


def reference_from_token(secret_key: str, token: str) -> str | None:
    try:
        return _tracking_serializer(secret_key).loads(token)
    except BadSignature:
        return None


def acknowledgement(enquiry, council: Council) -> dict | None:
    """The acknowledgement (docs/design.md 3.4), as outbox.enqueue's arguments but `now`: the
    reference, what the enquiry is about, when it was received, who will respond, the
    standard that applies and a tracking link. None when the channel gets no acknowledgement
    or the customer has no email address. `enquiry` is an ORM Enquiry or the fast path's
    record of one (its attributes are read)."""
    if enquiry.channel not in ACKNOWLEDGED_CHANNELS or not enquiry.customer.email:
        return None
    service = enquiry.case_type.section.title if enquiry.case_type.section else council.name
    link = f"{council.base_url.rstrip('/')}/track/{tracking_token(council.secret_key, enquiry)}"
    body = "\n".join([
        f"Dear {enquiry.customer.name or 'customer'},",
        "",
        f"Thank you for contacting {council.name}. We have received your enquiry.",
        "",
        f"Your reference: {enquiry.reference}",
        f"About: {enquiry.case_type.name}: {enquiry.subject}",
        f"Received: {format_local(enquiry.received_at, council.timezone)}",
        f"Dealt with by: {service}",
        f"Our standard: {council.standard}",
        "",
        f"Track your enquiry: {link}",
        "",
        "Please quote your reference if you contact us about this enquiry. If you reply to this email,",
        "keep the reference in the subject line.",
        "",
        council.name,
    ])
    return dict(to=enquiry.customer.email, subject=f"Your enquiry {enquiry.reference}: {enquiry.subject}"[:300],
                body=body, sender_domain=council.mail_domain, purpose="acknowledgement",
                headers={"Auto-Submitted": "auto-replied", "X-IEG-Reference": enquiry.reference})


def acknowledge(session: Session, enquiry: Enquiry, council: Council, now: datetime) -> EnquiryEvent | None:
    """Queue the enquiry's acknowledgement; the event recording it, or None when it gets none."""
    message = acknowledgement(enquiry, council)
    if message is None:
        return None
    queued = outbox.enqueue(session, now=now, **message)
    session.flush()  # an enquiry made elsewhere may not be stored yet
    return _event(session, enquiry, queued, intake_rows.acknowledged_event(now))


def record_acknowledgement_sent(session: Session, message: OutboxMessage) -> None:
    """An acknowledgement left the outbox: each enquiry it acknowledged stores when its first
    one went and whether one that went carried its reference in the subject, so R28 is read
    from the enquiries alone, like R29 (ieg.evidence.reports)."""
    acknowledged = select(EnquiryEvent.enquiry_id).where(EnquiryEvent.outbox_message_id == message.id,
                                                         EnquiryEvent.kind == "acknowledged")
    sent = literal(message.sent_at, Enquiry.acknowledged_at.type)
    session.execute(
        update(Enquiry).where(Enquiry.id.in_(acknowledged)).values(
            acknowledged_at=case((or_(Enquiry.acknowledged_at.is_(None), Enquiry.acknowledged_at > sent), sent),
                                 else_=Enquiry.acknowledged_at),
            # LIKE '%' || reference || '%' on both databases; references hold no LIKE wildcards.
            acknowledged_with_reference=or_(Enquiry.acknowledged_with_reference,
                                            literal(message.subject).contains(Enquiry.reference)))
        .execution_options(synchronize_session="fetch"))
    store_latencies(session, Enquiry.id.in_(acknowledged))


def acknowledgement_latency(received_at: datetime, acknowledged_at: datetime | None) -> tuple[int | None, int | None]:
    """(exact microseconds, whole seconds rounded down) from receipt to the first acknowledgement
    sent: what R28's percentiles and their histogram read (ieg.evidence.reports)."""
    if acknowledged_at is None:
        return None, None
    micro = (acknowledged_at - received_at) // timedelta(microseconds=1)
    return micro, micro // 1_000_000


def store_latencies(session: Session, which) -> None:
    """Store acknowledgement_latency on the enquiries the condition `which` selects, from their
    stored times (the outbox does it as it sends; this is also for data written around it)."""
    values = []
    for key, received_at, acknowledged_at in session.execute(
            select(Enquiry.id, Enquiry.received_at, Enquiry.acknowledged_at).where(which)):
        micro, seconds = acknowledgement_latency(received_at, acknowledged_at)
        values.append({"key": key, "micro": micro, "seconds": seconds})
    if values:
        session.execute(update(Enquiry.__table__).where(Enquiry.__table__.c.id == bindparam("key")).values(
            acknowledgement_microseconds=bindparam("micro"), acknowledgement_seconds=bindparam("seconds")), values)


def store_acknowledgements(session: Session) -> int:
    """Work out every enquiry's stored R28 facts again from its acknowledgement events and
    their outbox messages (what record_acknowledgement_sent keeps up to date as mail goes):
    for data written around the outbox, such as imports and test fixtures. Returns the
    number of enquiries updated."""
    sent = (select(OutboxMessage.sent_at, OutboxMessage.subject)
            .join(EnquiryEvent, EnquiryEvent.outbox_message_id == OutboxMessage.id)
            .where(EnquiryEvent.enquiry_id == Enquiry.id, EnquiryEvent.kind == "acknowledged",
                   OutboxMessage.sent_at.is_not(None)))
    first = sent.with_only_columns(func.min(OutboxMessage.sent_at)).scalar_subquery()
    carried = exists(sent.where(OutboxMessage.subject.contains(Enquiry.reference)))
    result = session.execute(update(Enquiry).where(exists(
        select(EnquiryEvent.id).where(EnquiryEvent.enquiry_id == Enquiry.id, EnquiryEvent.kind == "acknowledged")))
        .values(acknowledged_at=first, acknowledged_with_reference=carried)
        .execution_options(synchronize_session=False))
    store_latencies(session, exists(select(EnquiryEvent.id).where(EnquiryEvent.enquiry_id == Enquiry.id,
                                                                   EnquiryEvent.kind == "acknowledged")))
    return result.rowcount


STATUS_LABELS = labels.STATUS_LABELS  # the one label per status (ieg.casework.labels)


def find_for_tracking(session: Session, reference_text: str, email: str,
                      prefix: str = references.DEFAULT_PREFIX) -> Enquiry | None:
    """The enquiry with this reference whose customer has this email address, else None:
    a wrong reference and a wrong address look the same to whoever is asking.
    Raises InvalidReference when the text cannot be a reference at all (saying so reveals
    nothing about any enquiry)."""
    reference = references.normalise(reference_text, prefix)
    address = normalise_email(email)
    if not address:
        return None
    enquiry = session.scalar(select(Enquiry).where(Enquiry.reference == reference))
    if enquiry is None:
        return None
    if enquiry.customer.email == address:
        return enquiry
    # An address on a record since merged into this enquiry's customer still tracks it.
    for other in session.scalars(select(Customer).where(Customer.email == address,
                                                        Customer.merged_into_id.is_not(None))):
        if surviving_customer(session, other).id == enquiry.customer_id:
            return enquiry
    return None


def surviving_customer(session: Session, customer: Customer) -> Customer:
    """The record a customer merged into another one now lives on (merges can chain)."""
    seen = set()
    while customer.merged_into_id and customer.id not in seen:
        seen.add(customer.id)
        customer = session.get(Customer, customer.merged_into_id)
    return customer


def public_events(enquiry: Enquiry) -> list[EnquiryEvent]:
    return [event for event in enquiry.events if event.public]
