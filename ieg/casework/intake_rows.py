"""The rules of taking an enquiry in, as the rows they write: which customer record the
contact details belong to, the case type, the enquiry with its deadlines and a reference no
other enquiry has, and its events. One place for both ways in: the ORM services
(enquiries.py: staff, email, the API, the demo) make ORM objects of these rows, and the web
form's fast path (fast_intake.py) makes small records of them.

Rows are dicts of columns by attribute, written and read at once through ieg.fast_rows in
the caller's transaction (a Session or a fast_rows.Transaction); the caller commits."""
from __future__ import annotations

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from ieg import fast_rows
from ieg.casework import references, standards
from ieg.casework.eform_definitions import built_in_declaration
from ieg.input_errors import InputError
from ieg.models import CaseType, Customer, CustomerAddress, Enquiry, EnquiryEvent, Section
from ieg.models.casework import CHANNELS, OPEN, RESOLVED

# Every web-form and email enquiry looks its case type (and the case type's service) up: a
# process reuses what it read for this long, so an administrator's change shows within it.
CASE_TYPE_MAX_AGE = 2.0  # seconds
# 2^40 references, so a clash is rare and several in a row mean the random source is broken.
REFERENCE_ATTEMPTS = 10


class EnquiryError(InputError):
    pass


def customer_row(session: Session, given: dict, *, fill_in: bool = False) -> tuple[dict, list[dict] | None]:
    """(the customer row these stored-form contact details belong to, the address history
    rows written with it when it is new, else None). See enquiries.find_or_create_customer
    for the rule: by email address; by phone number only when no email address is given; a
    new record if neither is known; a record found is filled in (never overwritten) only
    with `fill_in`."""
    email, phone = given["email"], given["phone"]
    found = None
    if email:
        found = fast_rows.find_dict(session, Customer, "email", email)
    elif phone:
        found = fast_rows.find_dict(session, Customer, "phone", phone)
    seen = set()
    while found is not None and found["merged_into_id"] and found["id"] not in seen:  # merges can chain
        seen.add(found["id"])
        found = fast_rows.find_dict(session, Customer, "id", found["merged_into_id"])
    if found is None:
        found = fast_rows.insert_dict(session, Customer, given)
        return found, [_start_address_history(session, found)] if found["address"] or found["postcode"] else []
    if not fill_in:
        return found, None
    had_address = bool(found["address"] or found["postcode"])
    missing = {name: value for name, value in given.items() if value and not found[name]}
    if missing:
        found.update(fast_rows.update_row(session, Customer, found["id"], missing))
    if not had_address and (found["address"] or found["postcode"]):
        _start_address_history(session, found)
        held = session.identity_map.get(inspect(Customer).identity_key_from_primary_key((found["id"],)))
        if held is not None and "addresses" not in inspect(held).unloaded:
            session.expire(held, ["addresses"])  # it has one more now
    return found, None


def _start_address_history(session: Session, customer: dict) -> dict:
    """The first address we learn for a customer opens their address history (G25)."""
    return fast_rows.insert_dict(session, CustomerAddress, dict(customer_id=customer["id"], address=customer["address"],
                                                                postcode=customer["postcode"]))


def case_type_rows(session: Session, slug: str, name: str, section_slug: str = "",
                   outcome_refs: tuple[str, ...] = ()) -> tuple[dict, dict | None]:
    """(the case type row with this slug, its section's row or None), the case type made the
    first time something (a form, email intake) needs it. Two processes may both find it
    missing: the second insert writes nothing (the slug is unique) and the first one's row
    is read, so neither request fails."""
    kind = fast_rows.find_dict(session, CaseType, "slug", slug, max_age=CASE_TYPE_MAX_AGE)
    if kind is None:
        section_id = session.scalar(select(Section.id).where(Section.slug == section_slug)) if section_slug else None
        # A built-in form's case type declares the form's LGSL services and LGIL type (BVPI 157),
        # whichever of the app, email intake or the demo makes it first.
        lgsl_ids, lgil_id = built_in_declaration(slug)
        kind = fast_rows.insert_dict(session, CaseType, dict(slug=slug, name=name, section_id=section_id,
                                                             outcome_refs=list(outcome_refs), lgsl_ids=list(lgsl_ids),
                                                             lgil_id=lgil_id), skip_duplicate=True)
        if kind is None:
            kind = fast_rows.find_dict(session, CaseType, "slug", slug)
    section = fast_rows.find_dict(session, Section, "id", kind["section_id"], max_age=CASE_TYPE_MAX_AGE) \
        if kind["section_id"] is not None else None
    return kind, section


def check_enquiry(channel: str, subject: str) -> None:
    """Raise EnquiryError for an enquiry that cannot be taken in, before anything is written."""
    if channel not in CHANNELS:
        raise EnquiryError(f"Unknown channel {channel!r}", "channel")
    if not subject.strip():
        raise EnquiryError("Enter what the enquiry is about", "subject")


def enquiry_values(session: Session, *, channel: str, customer, case_type, subject: str, description: str,
                   received_at, now, actor_id, location: str, answers: dict | None, submission_key: str | None,
                   email_message_id: str | None, resolved_at_first_contact: bool, zone: str,
                   arrival: dict | None, stated: dict | None) -> dict:
    """A new enquiry's columns but its reference. `customer` and `case_type` are ORM objects
    or records (their attributes are read); `arrival`: standards.arrival_values, when the
    caller worked them out already; `stated`: the contact details given with it, as stored
    (an address given is the enquiry's address, else it takes the record's)."""
    check_enquiry(channel, subject)
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
    return values


def insert_enquiry(session: Session, values: dict, prefix: str) -> tuple[dict, bool]:
    """(the enquiry row written with a reference no enquiry has, True); (the earlier one's
    row, False) when its submission key or Message-ID was taken in before.

    Nothing is looked up first: the unique indexes refuse a repeated submission key or
    Message-ID and a reference already issued (ON CONFLICT DO NOTHING, so the transaction
    goes on), and then the earlier enquiry is returned, or another reference is drawn."""
    for _ in range(REFERENCE_ATTEMPTS):
        row = fast_rows.insert_dict(session, Enquiry, {**values, "reference": references.generate(prefix)},
                                    skip_duplicate=True)
        if row is not None:
            return row, True
        for attribute in ("submission_key", "email_message_id"):
            existing = fast_rows.find_dict(session, Enquiry, attribute, values[attribute]) \
                if values[attribute] else None
            if existing is not None:
                return existing, False
    raise RuntimeError(f"{REFERENCE_ATTEMPTS} references drawn in a row were all taken")


def received_event(channel: str, received_at, actor_id) -> dict:
    return dict(kind="received", public=True, at=received_at, body=f"Received by {channel.replace('_', ' ')}",
                actor_id=actor_id)


def resolved_event(now, actor_id) -> dict:
    return dict(kind="resolved", public=True, at=now, body="Resolved at first contact", actor_id=actor_id)


def acknowledged_event(now) -> dict:
    return dict(kind="acknowledged", public=True, at=now, body="We emailed you an acknowledgement with this reference")


def insert_event(session: Session, enquiry_id: int, outbox_message_id: int | None, values: dict) -> dict:
    """An event on a stored enquiry, written at once."""
    return fast_rows.insert_dict(session, EnquiryEvent, {"enquiry_id": enquiry_id, **values,
                                                         "outbox_message_id": outbox_message_id})
