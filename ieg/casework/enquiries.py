"""Opening enquiries from any channel against one customer record, and acknowledging them
(docs/design.md 3.4). Services taking a session; the caller commits."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from functools import lru_cache

from itsdangerous import BadSignature, Serializer, URLSafeSerializer
from itsdangerous.encoding import base64_encode
from sqlalchemy import case, exists, func, inspect, literal, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ieg import rows
from ieg.casework import labels, references, standards
from ieg.config import Council
from ieg.contact_details import normalise_email, normalise_phone, normalise_postcode
from ieg.mail import outbox
from ieg.models import CaseType, Customer, CustomerAddress, Enquiry, EnquiryEvent, OutboxMessage, Section
from ieg.models.casework import CHANNELS, OPEN, RESOLVED
from ieg.text import clean, single_line
from ieg.timeutil import format_local

ACKNOWLEDGED_CHANNELS = ("web", "email")  # R28: every web-form and email enquiry gets one


class EnquiryError(ValueError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


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


def find_or_create_customer(session: Session, details: ContactDetails, *, plain: bool = False,
                            fill_in: bool = False):
    """The one customer record these details belong to: by email address; by phone number
    only when no email address is given (a household shares a landline, and a different
    email address means a different person); a new record, made from the details, if
    neither is known.

    A record found is changed only with `fill_in`, for details a member of staff took (a
    call, a visit, a letter): then what it lacks is filled in, never overwritten (a change
    of address is its own event, G25). A web form, an email or the API proves nobody's
    identity (anyone can type someone else's email address), so what they bring stays on the
    enquiry (open_enquiry's `given`) for staff to compare and copy.

    The Customer, or with `plain` a record (see `record`) and no ORM object: the web-form
    path, where making and tracking ORM objects cost more than the SQL did."""
    given = contact_values(details)
    email, phone = given["email"], given["phone"]
    found = None
    if email:
        found = rows.find(session, Customer, "email", email, plain=True)
    elif phone:
        found = rows.find(session, Customer, "phone", phone, plain=True)
    seen = set()
    while found is not None and found["merged_into_id"] and found["id"] not in seen:  # merges can chain
        seen.add(found["id"])
        found = rows.find(session, Customer, "id", found["merged_into_id"], plain=True)
    if found is None:
        found = rows.insert_row(session, Customer, given, plain=True)
        history = [_start_address_history(session, found)] if found["address"] or found["postcode"] else []
        if plain:
            return record(found)
        return rows.adopt(session, Customer, found, {"addresses": [rows.adopt(session, CustomerAddress, row)
                                                                   for row in history]})
    if not fill_in:
        return record(found) if plain else rows.adopt(session, Customer, found)
    had_address = bool(found["address"] or found["postcode"])
    missing = {name: value for name, value in given.items() if value and not found[name]}
    if missing:
        found.update(rows.update_row(session, Customer, found["id"], missing))
    if not had_address and (found["address"] or found["postcode"]):
        _start_address_history(session, found)
        held = session.identity_map.get(inspect(Customer).identity_key_from_primary_key((found["id"],)))
        if held is not None and "addresses" not in inspect(held).unloaded:
            session.expire(held, ["addresses"])  # it has one more now
    return record(found) if plain else rows.adopt(session, Customer, found)


def _start_address_history(session: Session, customer: dict) -> dict:
    """The first address we learn for a customer opens their address history (G25); the
    row written, as a dict."""
    return rows.insert_row(session, CustomerAddress, dict(customer_id=customer["id"], address=customer["address"],
                                                          postcode=customer["postcode"]), plain=True)


def record(row: dict, **related) -> SimpleNamespace:
    """A row read or written without an ORM object, its columns (and `related` records) as
    attributes, so code that reads an enquiry's or customer's attributes takes either."""
    return SimpleNamespace(**row, **related)


# Every web-form and email enquiry looks its case type (and the case type's service) up: a
# process reuses what it read for this long, so an administrator's change shows within it.
CASE_TYPE_MAX_AGE = 2.0  # seconds


def case_type(session: Session, slug: str, name: str, section_slug: str = "",
              outcome_refs: tuple[str, ...] = (), *, plain: bool = False):
    """The case type with this slug, made the first time something (a form, email intake) needs it.
    Two processes may both find it missing: the second insert writes nothing (the slug is
    unique) and the first one's row is read, so neither request fails. The CaseType with its
    section loaded, or with `plain` a record whose `section` is a record or None."""
    kind = rows.find(session, CaseType, "slug", slug, max_age=CASE_TYPE_MAX_AGE, plain=True)
    if kind is None:
        from ieg.casework.forms import built_in_declaration  # forms imports this module
        section_id = session.scalar(select(Section.id).where(Section.slug == section_slug)) if section_slug else None
        # A built-in form's case type declares the form's LGSL services and LGIL type (BVPI 157),
        # whichever of the app, email intake or the demo makes it first.
        lgsl_ids, lgil_id = built_in_declaration(slug)
        kind = rows.insert_row(session, CaseType, dict(slug=slug, name=name, section_id=section_id,
                                                       outcome_refs=list(outcome_refs), lgsl_ids=list(lgsl_ids),
                                                       lgil_id=lgil_id), skip_duplicate=True, plain=True)
        if kind is None:
            kind = rows.find(session, CaseType, "slug", slug, plain=True)
    section = rows.find(session, Section, "id", kind["section_id"], max_age=CASE_TYPE_MAX_AGE,
                        plain=True) if kind["section_id"] is not None else None
    if plain:
        return record(kind, section=record(section) if section else None)
    found = rows.adopt(session, CaseType, kind)
    if "section" in inspect(found).unloaded:
        set_committed_value(found, "section", rows.adopt(session, Section, section) if section else None)
    return found


def new_reference(session: Session, prefix: str = references.DEFAULT_PREFIX) -> str:
    """A reference no enquiry has (2^40 of them; a clash is checked for all the same)."""
    while True:
        ref = references.generate(prefix)
        if not session.scalar(select(exists().where(Enquiry.reference == ref))):
            return ref


# 2^40 references, so a clash is rare and several in a row mean the random source is broken.
REFERENCE_ATTEMPTS = 10


def open_enquiry(session: Session, *, channel: str, customer, case_type, subject: str,
                 description: str, received_at: datetime, now: datetime, actor=None, location: str = "",
                 answers: dict | None = None, submission_key: str | None = None,
                 email_message_id: str | None = None, resolved_at_first_contact: bool = False,
                 prefix: str = references.DEFAULT_PREFIX, zone: str = "Europe/London",
                 plain: bool = False, arrival: dict | None = None, given: ContactDetails | None = None) -> tuple:
    """(the enquiry, True) for a new one; (the existing one, False) when the same form
    submission or the same email message arrives again.

    The rows are written at once (ieg.rows.insert_row), in the caller's transaction, and
    nothing is looked up first: the unique indexes refuse a repeated submission key or
    Message-ID and a reference already issued (ON CONFLICT DO NOTHING, so the transaction
    goes on), and then the earlier enquiry is returned, or another reference is drawn.

    With `plain`, no ORM object is made or needed: `customer` and `case_type` are records
    (find_or_create_customer's and case_type()'s) and the enquiry comes back as a record with
    them as its `customer` and `case_type` (an earlier one too: the same submission key is
    the same form, and so the same case type). `arrival`: standards.arrival_values for it,
    when the caller worked them out before its first write (SQLite's write lock is then held
    for less time). `given`: the contact details that came with it, kept on it as given
    (`given_details`); an address given is the enquiry's address, else it takes the record's."""
    if channel not in CHANNELS:
        raise EnquiryError(f"Unknown channel {channel!r}", "channel")
    if not subject.strip():
        raise EnquiryError("Enter what the enquiry is about", "subject")
    if not plain:
        for needed in (customer, case_type):  # what adding an ORM Enquiry would cascade into the session
            if inspect(needed).transient or inspect(needed).detached:
                session.add(needed)
        session.flush()  # the customer and case type may be new
    actor_id = getattr(actor, "id", None)
    stated = {name: value for name, value in contact_values(given).items() if value} if given else None
    address, postcode = ((stated.get("address", ""), stated.get("postcode")) if stated and
                         ("address" in stated or "postcode" in stated) else (customer.address, customer.postcode))
    values = dict(
        channel=channel, customer_id=customer.id, case_type_id=case_type.id, subject=subject.strip()[:200],
        description=description.strip(), location=location.strip(), answers=answers or {},
        status=RESOLVED if resolved_at_first_contact else OPEN, received_at=received_at, taken_in_at=now,
        resolved_at=now if resolved_at_first_contact else None, submission_key=submission_key,
        section_id=case_type.section_id, contact_address=address, contact_postcode=postcode, given_details=stated or None,
        email_message_id=email_message_id, created_by_id=actor_id,
        resolved_at_first_contact=resolved_at_first_contact,
        # The standards in force now fix its deadlines (docs/design.md 3.5), stored with it.
        **(arrival if arrival is not None else standards.arrival_values(session, received_at, case_type, zone)))
    if resolved_at_first_contact and channel in standards.REPLY_KINDS:
        values.update(first_response_at=now, first_response_kind=channel)  # answered in that contact
    related = {"customer": customer, "case_type": case_type}
    for _ in range(REFERENCE_ATTEMPTS):
        row = rows.insert_row(session, Enquiry, {**values, "reference": references.generate(prefix)},
                              skip_duplicate=True, plain=True)
        if row is not None:
            break
        for attribute, key in (("submission_key", submission_key), ("email_message_id", email_message_id)):
            existing = rows.find(session, Enquiry, attribute, key, plain=plain) if key else None
            if existing is not None:
                return (record(existing, **related) if plain else existing), False
    else:
        raise RuntimeError(f"{REFERENCE_ATTEMPTS} references drawn in a row were all taken")
    enquiry = record(row, **related) if plain else rows.adopt(session, Enquiry, row,
                                                               {**related, "files": [], "events": []})
    _event(session, enquiry, kind="received", public=True, at=received_at,
           body=f"Received by {channel.replace('_', ' ')}", actor_id=actor_id, plain=plain)
    if resolved_at_first_contact:
        _event(session, enquiry, kind="resolved", public=True, at=now, body="Resolved at first contact",
               actor_id=actor_id, plain=plain)
    return enquiry, True


def _event(session: Session, enquiry, outbox_message=None, *, plain: bool = False, **values):
    """An event on a stored enquiry, written at once (see open_enquiry); with `plain`, the
    enquiry and outbox message are records or dicts and the event comes back as a dict."""
    message_id = (outbox_message["id"] if plain else outbox_message.id) if outbox_message is not None else None
    row = rows.insert_row(session, EnquiryEvent, {"enquiry_id": enquiry.id, **values, "outbox_message_id": message_id},
                          plain=True)
    if plain:
        return row
    event = rows.adopt(session, EnquiryEvent, row, {"enquiry": enquiry, "outbox_message": outbox_message})
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


def acknowledge(session: Session, enquiry, council: Council, now: datetime, *, plain: bool = False):
    """Queue the acknowledgement (docs/design.md 3.4): the reference, what the enquiry is about,
    when it was received, who will respond, the standard that applies and a tracking link.
    The event recording it; None when the channel gets no acknowledgement or the customer has
    no email address. With `plain`, the enquiry is open_enquiry's plain record and the event
    comes back as a dict (no ORM objects)."""
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
    message = outbox.enqueue(
        session, to=enquiry.customer.email, subject=f"Your enquiry {enquiry.reference}: {enquiry.subject}"[:300],
        body=body, now=now, sender_domain=council.mail_domain, purpose="acknowledgement",
        headers={"Auto-Submitted": "auto-replied", "X-IEG-Reference": enquiry.reference}, plain=plain)
    if not plain:
        session.flush()  # an enquiry made elsewhere may not be stored yet
    return _event(session, enquiry, message, kind="acknowledged", public=True, at=now,
                  body="We emailed you an acknowledgement with this reference", plain=plain)


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


outbox.SENT_HOOKS["acknowledgement"] = record_acknowledgement_sent


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
