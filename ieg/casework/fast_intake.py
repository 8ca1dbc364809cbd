"""The fast path: an enquiry taken in on the busiest write paths, a resident's web form
(`submit_web_form`) and an Open311 request (ieg.open311.requests), both through `take_in`. It
applies the same rules as every other way in (ieg.casework.intake_rows: customer matching,
case type, deadlines, reference; the acknowledgement from enquiries.acknowledgement), but
makes small records of the rows, not ORM objects, in a fast_rows.Transaction rather than a
Session: the ORM's bookkeeping (making, tracking and expiring a handful of objects; a
Session's begin, commit and close) cost more than the SQL did here. Staff and email intake use
enquiries.py's ORM services.

Unlike those services submit_web_form commits: it owns the transaction it chose."""
from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

from sqlalchemy.orm import Session

from ieg import fast_rows
from ieg.casework import eform_definitions
from ieg.casework import enquiries, intake_rows, pending_uploads, references, standards
from ieg.config import Council
from ieg.casework.enquiries import ContactDetails, contact_values
from ieg.files_store import FileStore
from ieg.mail import outbox
from ieg.models import Enquiry, OutboxMessage, ReportLocation

__all__ = ["PhotoGone", "Submitted", "case_type", "submit_web_form", "take_in"]


@dataclass(frozen=True)
class Submitted:
    """What the confirmation page shows: the reference (a new enquiry's, or the earlier
    one's when the same submission came again), where the acknowledgement went and the
    service that deals with it ("" when none)."""
    reference: str
    enquiry_id: int
    email: str | None
    service: str
    created: bool


class PhotoGone(Exception):
    """A photo chosen for the form was cleared as too old between checking and sending:
    nothing was kept, and the resident chooses it again."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


def submit_web_form(session: Session, definition: eform_definitions.FormDefinition, answers: dict, key: str,
                    photos: dict, council: Council, now: datetime, file_store: FileStore) -> Submitted:
    """Take in a checked web-form submission (`answers`, validated; `photos`, each photo
    question's pending upload) as one enquiry with its customer, events and acknowledgement,
    and commit; the same submission `key` again is the same enquiry. Raises PhotoGone."""
    # The enquiry keeps the photo's file name as the answer, not the token.
    answers = {**answers, **{name: photo.filename for name, photo in photos.items()}}
    # Reads and work first: SQLite's write lock is held from the first write (a new customer)
    # to the commit, and the other workers wait for it. Photos are stored through the ORM, so
    # a submission with photos runs in the ORM session (still writing rows, not objects).
    with nullcontext(session) if photos else fast_rows.Transaction(session.get_bind()) as transaction:
        kind = _case_type(transaction, definition)
        subject, description, location = eform_definitions.describe(definition, answers)
        arrival = standards.arrival_values(transaction, now, kind, council.timezone)
        # A form proves nobody's identity: the details it gives go on the enquiry, and change
        # a customer record only when staff copy them (a new record is made from them).
        given = ContactDetails(name=answers.get("name", ""), email=answers.get("email"), phone=answers.get("phone"),
                               address=answers.get("address", ""), postcode=answers.get("postcode"))
        enquiry, created = take_in(transaction, channel="web", given=given, kind=kind, subject=subject,
                                   description=description, location=location, answers=answers, now=now,
                                   council=council, submission_key=f"{definition.slug}:{key}", arrival=arrival)
        customer = enquiry.customer
        if created:
            gone = pending_uploads.attach(transaction, file_store, transaction.get(Enquiry, enquiry.id),
                                          photos) if photos else None
            if gone:
                transaction.rollback()
                raise PhotoGone(gone)
            where = eform_definitions.location_of(definition, answers)
            if where is not None:
                fast_rows.insert_dict(transaction, ReportLocation, {"enquiry_id": enquiry.id, **where})
        submitted = Submitted(reference=enquiry.reference, enquiry_id=enquiry.id, email=customer.email,
                              service=kind.section.title if kind.section else "", created=created)
        if created:
            if file_store.transactional:  # the photos move onto the enquiry in one commit
                for photo in photos.values():
                    photo.discard()
            transaction.commit()
        else:
            # The same form again: all this run wrote is a customer record made from the repeat's
            # details (the case type it found was made by the first), which must not outlive it.
            transaction.rollback()
    if not file_store.transactional:
        for photo in photos.values():
            photo.discard()
    return submitted


def take_in(session, *, channel: str, given: ContactDetails, kind: SimpleNamespace, subject: str, description: str,
            location: str, answers: dict, now: datetime, council: Council, submission_key: str | None = None,
            arrival: dict | None = None, acknowledge: bool = True) -> tuple[SimpleNamespace, bool]:
    """What taking an enquiry in writes, on rows, in the caller's transaction (a Session or a
    fast_rows.Transaction; the caller commits): the customer record the details belong to
    (found, never changed, or made from them), the enquiry with its received event, and, for
    a new one when `acknowledge`, the acknowledgement queued with its event. (the enquiry as a
    record, with .customer and .case_type; False when `submission_key` came before, and
    nothing was written but perhaps a customer record, which the caller rolls back)."""
    customer = _customer(session, given)
    enquiry, created = _open_enquiry(session, customer=customer, kind=kind, subject=subject, description=description,
                                     location=location, answers=answers, now=now, submission_key=submission_key,
                                     zone=council.timezone, arrival=arrival, given=given, channel=channel)
    if created and acknowledge:
        _acknowledge(session, enquiry, council, now)
    return enquiry, created


# The steps, on rows and records (tests run them one by one, without the commit).

def _record(row: dict, **related) -> SimpleNamespace:
    """A row's columns (and `related` records) as attributes, read as an ORM object's are."""
    return SimpleNamespace(**row, **related)


def _customer(session, given: ContactDetails) -> SimpleNamespace:
    found, _ = intake_rows.customer_row(session, contact_values(given))
    return _record(found)


def _case_type(session, definition) -> SimpleNamespace:
    return case_type(session, definition.case_type, definition.case_type_name, definition.section,
                     definition.outcome_refs)


def case_type(session, slug: str, name: str, section_slug: str = "",
              outcome_refs: tuple[str, ...] = ()) -> SimpleNamespace:
    """enquiries.case_type as a record (intake_rows.case_type_rows), its section as .section."""
    kind, section = intake_rows.case_type_rows(session, slug, name, section_slug, outcome_refs)
    return _record(kind, section=_record(section) if section else None)


def _open_enquiry(session, *, customer: SimpleNamespace, kind: SimpleNamespace, subject: str, description: str,
                  location: str, answers: dict, now: datetime, submission_key: str, zone: str,
                  arrival: dict | None, given: ContactDetails, prefix: str = references.DEFAULT_PREFIX,
                  channel: str = "web") -> tuple[SimpleNamespace, bool]:
    """enquiries.open_enquiry, as records: an earlier enquiry of the same submission key is
    the same form, and so has the same customer and case type."""
    stated = {name: value for name, value in contact_values(given).items() if value}
    values = intake_rows.enquiry_values(
        session, channel=channel, customer=customer, case_type=kind, subject=subject, description=description,
        received_at=now, now=now, actor_id=None, location=location, answers=answers, submission_key=submission_key,
        email_message_id=None, resolved_at_first_contact=False, zone=zone, arrival=arrival, stated=stated)
    row, created = intake_rows.insert_enquiry(session, values, prefix)
    enquiry = _record(row, customer=customer, case_type=kind)
    if created:
        intake_rows.insert_event(session, enquiry.id, None, intake_rows.received_event(channel, now, None))
    return enquiry, created


def _acknowledge(session, enquiry: SimpleNamespace, council: Council, now: datetime) -> dict | None:
    message = enquiries.acknowledgement(enquiry, council)
    if message is None:
        return None
    queued = fast_rows.insert_dict(session, OutboxMessage, outbox.message_values(now=now, **message))
    return intake_rows.insert_event(session, enquiry.id, queued["id"], intake_rows.acknowledged_event(now))
