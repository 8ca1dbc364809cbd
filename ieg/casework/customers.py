"""The customer record over time: a change of address told once (G25) and merging two
records that turn out to be one person. Services taking a session and the acting user;
the caller commits.

A change of address is a dated event. It closes the old entry in the address history,
opens the new one, moves every *open* enquiry that used the old address and leaves closed
ones as they were dealt with (DESIGN.md 3.3); each record it touched or deliberately kept
is listed on the change, so staff and auditors can see exactly what it did.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ieg.casework.enquiries import normalise_postcode, surviving_customer
from ieg.models import (AddressChange, AddressChangeRecord, Customer, CustomerAddress, CustomerMerge, Enquiry,
                        EnquiryEvent)
from ieg.models.casework import CLOSED, RESOLVED

CHANGE_OF_ADDRESS = "change-of-address"  # the case type of the "tell us you have moved" form
# People tell us before they move, but not by years; and nobody moved before records began.
MAX_DAYS_AHEAD = 92
EARLIEST_MOVE = date(1900, 1, 1)


class CustomerError(ValueError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def same_address(address_a: str, postcode_a: str | None, address_b: str, postcode_b: str | None) -> bool:
    """Two ways of writing one address: case, punctuation and spacing aside, and the same
    postcode. An empty address is never 'the same' as anything."""
    def fold(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", " ", (text or "").lower()).strip()
    first, second = fold(address_a), fold(address_b)
    if not first or not second:
        return False
    return first == second and normalise_postcode(postcode_a) == normalise_postcode(postcode_b)


def _is_open(enquiry: Enquiry) -> bool:
    return enquiry.status not in (RESOLVED, CLOSED)


def _one_line(address: str, postcode: str | None) -> str:
    return ", ".join(part for part in (re.sub(r"\s*\n\s*", ", ", address.strip()), postcode or "") if part)


def problems_with_move(customer: Customer, new_address: str, new_postcode: str | None, moved_on: date | None,
                       today: date, old_address: str | None = None, old_postcode: str | None = None) -> dict[str, str]:
    """Everything wrong with a change of address, field by field in form order (empty: fine).
    `moved_on` None means the date is missing or unreadable and is reported by the caller."""
    problems = {}
    if customer.merged_into_id:
        problems["new_address"] = "This record was merged into another: record the move there"
        return problems
    old_address = customer.address if old_address is None else old_address
    old_postcode = customer.postcode if old_postcode is None else old_postcode
    if not new_address.strip():
        problems["new_address"] = "Enter the new address"
    elif same_address(old_address or "", old_postcode, new_address, new_postcode):
        problems["new_address"] = "The new address is the same as the one we hold"
    if not normalise_postcode(new_postcode):
        problems["new_postcode"] = "Enter the new postcode"
    if moved_on is not None and moved_on > today + timedelta(days=MAX_DAYS_AHEAD):
        problems["moved_on"] = f"The date of the move must be within {MAX_DAYS_AHEAD} days from today"
    elif moved_on is not None and moved_on < EARLIEST_MOVE:
        problems["moved_on"] = "Enter a real date for the move"
    return problems


def change_address(session: Session, customer: Customer, *, new_address: str, new_postcode: str | None,
                   moved_on: date, actor, now: datetime, stated_old_address: str = "",
                   stated_old_postcode: str | None = None, enquiry: Enquiry | None = None) -> AddressChange:
    """Record that `customer` moved on `moved_on`. `stated_old_*` is the old address as the
    customer wrote it (the moving form asks), matched as well as the one on record."""
    new_address, new_postcode = new_address.strip(), normalise_postcode(new_postcode)
    old_address, old_postcode = customer.address or "", customer.postcode
    if not (old_address or old_postcode) and stated_old_address:
        old_address, old_postcode = stated_old_address.strip(), normalise_postcode(stated_old_postcode)
    problems = problems_with_move(customer, new_address, new_postcode, moved_on, now.date(), old_address, old_postcode)
    if problems:
        field, message = next(iter(problems.items()))
        raise CustomerError(message, field)

    change = AddressChange(customer=customer, old_address=old_address, old_postcode=old_postcode,
                           new_address=new_address, new_postcode=new_postcode, moved_on=moved_on, recorded_at=now,
                           actor_id=getattr(actor, "id", None), enquiry_id=enquiry.id if enquiry else None)
    session.add(change)

    current = [entry for entry in customer.addresses if entry.valid_to is None]
    if not current and (old_address or old_postcode):
        current = [CustomerAddress(customer=customer, address=old_address, postcode=old_postcode, recorded_at=now)]
        session.add(current[0])
    for entry in current:
        entry.valid_to = moved_on
    session.add(CustomerAddress(customer=customer, address=new_address, postcode=new_postcode, valid_from=moved_on,
                                recorded_at=now))
    customer.address, customer.postcode = new_address, new_postcode
    change.records.append(AddressChangeRecord(
        record="customer", action="updated",
        detail=f"Customer record: {_one_line(old_address, old_postcode) or 'no address'} -> "
               f"{_one_line(new_address, new_postcode)}"[:300]))

    olds = [(old_address, old_postcode)]
    if stated_old_address and not same_address(stated_old_address, stated_old_postcode, old_address, old_postcode):
        olds.append((stated_old_address, stated_old_postcode))
    for item in session.scalars(select(Enquiry).where(Enquiry.customer_id == customer.id)
                                .order_by(Enquiry.received_at)):
        if item is enquiry:
            continue
        uses_old = any(same_address(item.contact_address, item.contact_postcode, a, p) for a, p in olds)
        if not uses_old:
            continue
        if _is_open(item):
            item.contact_address, item.contact_postcode = new_address, new_postcode
            session.add(EnquiryEvent(enquiry=item, kind="address_changed", public=False, at=now,
                                     actor_id=getattr(actor, "id", None),
                                     body=f"Customer moved on {moved_on:%d %B %Y}: address now "
                                          f"{_one_line(new_address, new_postcode)}"))
            change.records.append(AddressChangeRecord(enquiry=item, record="enquiry", action="updated",
                                                      detail=f"{item.reference} ({item.status.replace('_', ' ')})"))
        else:
            change.records.append(AddressChangeRecord(
                enquiry=item, record="enquiry", action="kept",
                detail=f"{item.reference} ({item.status}): keeps the address it was dealt with at"))
    session.flush()
    return change


def moving_answers(enquiry: Enquiry) -> dict:
    """What a "tell us you have moved" enquiry says, ready for change_address; CustomerError
    when it cannot be applied."""
    if enquiry.case_type.slug != CHANGE_OF_ADDRESS:
        raise CustomerError("This enquiry is not a change of address")
    answers = enquiry.answers or {}
    try:
        moved_on = date.fromisoformat(answers.get("moved_on", ""))
    except ValueError:
        raise CustomerError("The form has no valid date of the move") from None
    return {"new_address": answers.get("new_address", ""), "new_postcode": answers.get("new_postcode"),
            "moved_on": moved_on, "stated_old_address": answers.get("old_address", ""),
            "stated_old_postcode": answers.get("old_postcode")}


def applied_change(session: Session, enquiry: Enquiry) -> AddressChange | None:
    return session.scalar(select(AddressChange).where(AddressChange.enquiry_id == enquiry.id))


def apply_moving_form(session: Session, enquiry: Enquiry, actor, now: datetime, council=None) -> AddressChange:
    """Apply a "tell us you have moved" enquiry once a member of staff has checked it, and
    tell the customer: a public event on the enquiry, which is then resolved, and (given the
    council's details and an email address) a reply by email, which is the response."""
    if applied_change(session, enquiry) is not None:
        raise CustomerError("This change of address has already been recorded")
    change = change_address(session, enquiry.customer, actor=actor, now=now, enquiry=enquiry,
                            **moving_answers(enquiry))
    enquiry.contact_address, enquiry.contact_postcode = change.new_address, change.new_postcode
    updated = sum(1 for record in change.records if record.action == "updated")
    told = (f"We have recorded your new address from {change.moved_on:%d %B %Y} "
            f"and updated {updated} record{'s' if updated != 1 else ''}.")
    session.add(EnquiryEvent(enquiry=enquiry, kind="address_changed", public=True, at=now,
                             actor_id=getattr(actor, "id", None), body=told))
    if council is not None and enquiry.customer.email and actor is not None:
        from ieg.casework import handling
        handling.reply(session, enquiry, actor, f"Thank you for telling us you have moved. {told}", council, now)
    if _is_open(enquiry):
        enquiry.status, enquiry.resolved_at = RESOLVED, now
        session.add(EnquiryEvent(enquiry=enquiry, kind="status", public=True, at=now, body="Resolved",
                                 actor_id=getattr(actor, "id", None)))
    session.flush()
    return change


def known_emails(session: Session, customer: Customer) -> set[str]:
    """The customer's email address and those of every record merged into it: an
    acknowledgement sent before a merge still lets its reader track and reply."""
    emails, frontier = {customer.email} if customer.email else set(), [customer.id]
    while frontier:
        merged = session.execute(select(Customer.id, Customer.email)
                                 .where(Customer.merged_into_id.in_(frontier))).all()
        frontier = [row.id for row in merged]
        emails.update(row.email for row in merged if row.email)
    return emails


def possible_duplicates(session: Session, customer: Customer, limit: int = 10) -> list[Customer]:
    """Other live records that look like the same person: the same phone, the same email
    address, or the same name at a postcode they have lived at."""
    conditions = []
    if customer.email:
        conditions.append(Customer.email == customer.email)
    if customer.phone:
        conditions.append(Customer.phone == customer.phone)
    # Any postcode they have lived at: a duplicate made before a move is still them.
    postcodes = {customer.postcode} | {entry.postcode for entry in customer.addresses}
    postcodes.discard(None)
    if customer.name.strip() and postcodes:
        conditions.append((func.lower(Customer.name) == customer.name.strip().lower())
                          & Customer.postcode.in_(sorted(postcodes)))
    if not conditions:
        return []
    return session.scalars(select(Customer).where(or_(*conditions), Customer.id != customer.id,
                                                  Customer.merged_into_id.is_(None))
                           .order_by(Customer.id).limit(limit)).all()


def merge(session: Session, survivor: Customer, duplicate: Customer, actor, now: datetime) -> CustomerMerge:
    """Fold `duplicate` into `survivor`: its enquiries, address history and address changes
    move; details the survivor lacks are copied; the duplicate stays as a pointer so old
    acknowledgements and references still lead to the right person."""
    if survivor.id == duplicate.id:
        raise CustomerError("Choose two different records", "other")
    if survivor.merged_into_id or duplicate.merged_into_id:
        raise CustomerError("One of these records has already been merged into another", "other")
    moved = session.scalars(select(Enquiry).where(Enquiry.customer_id == duplicate.id)).all()
    copied = {}
    for name in ("name", "email", "phone", "address", "postcode"):
        if getattr(duplicate, name) and not getattr(survivor, name):
            copied[name] = getattr(duplicate, name)
            setattr(survivor, name, getattr(duplicate, name))
    for item in moved:
        item.customer_id = survivor.id
        session.add(EnquiryEvent(enquiry=item, kind="customer_merged", public=False, at=now,
                                 actor_id=getattr(actor, "id", None),
                                 body=f"Customer record {duplicate.id} merged into {survivor.id}"))
    survivor_has_current = any(entry.valid_to is None for entry in survivor.addresses)
    for entry in list(duplicate.addresses):
        if entry.valid_to is None and survivor_has_current and "address" not in copied:
            entry.valid_to = now.date()  # the survivor's current address stands
        entry.customer = survivor
    for change in session.scalars(select(AddressChange).where(AddressChange.customer_id == duplicate.id)):
        change.customer_id = survivor.id
    duplicate.merged_into_id, duplicate.merged_at = survivor.id, now
    if "email" in copied:
        duplicate.email = None  # one live record per email address: the survivor has it now
    record = CustomerMerge(survivor_id=survivor.id, merged_id=duplicate.id, at=now, actor_id=getattr(actor, "id", None),
                           details={"enquiries": [item.reference for item in moved], "copied": copied,
                                    "duplicate": {"name": duplicate.name, "email": duplicate.email or copied.get("email"),
                                                  "phone": duplicate.phone, "postcode": duplicate.postcode}})
    session.add(record)
    session.flush()
    return record
