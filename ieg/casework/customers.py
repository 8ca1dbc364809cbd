"""The customer record over time: a change of address told once (G25) and merging two
records that turn out to be one person. Services taking a session and the acting user;
the caller commits.

A change of address is a dated event. It closes the old entry in the address history,
opens the new one, moves every *open* enquiry that used the old address and leaves closed
ones as they were dealt with (docs/design.md 3.4); each record it touched or deliberately kept
is listed on the change, so staff and auditors can see exactly what it did.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ieg import audit, dates
from ieg.casework import labels
from ieg.casework.deadlines import finished
from ieg.casework.enquiries import surviving_customer
from ieg.contact_details import normalise_postcode
from ieg.input_errors import InputError
from ieg.models import (AddressChange, AddressChangeRecord, Customer, CustomerAddress, CustomerMerge, Enquiry,
                        EnquiryEvent)
from ieg.models.casework import RESOLVED

CHANGE_OF_ADDRESS = "change-of-address"  # the case type of the "tell us you have moved" form
# People tell us before they move, but not by years; and nobody moved before records began.
MAX_DAYS_AHEAD = 92
EARLIEST_MOVE = date(1900, 1, 1)


class CustomerError(InputError):
    pass


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
    return not finished(enquiry.status)


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
        detail=f"Customer record: {labels.one_line_address(old_address, old_postcode) or 'no address'} -> "
               f"{labels.one_line_address(new_address, new_postcode)}"[:300]))

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
        which = f"{item.reference} ({labels.status(item.status)})"
        if _is_open(item):
            item.contact_address, item.contact_postcode = new_address, new_postcode
            session.add(EnquiryEvent(enquiry=item, kind="address_changed", public=False, at=now,
                                     actor_id=getattr(actor, "id", None),
                                     body=f"Customer moved on {moved_on:%d %B %Y}: address now "
                                          f"{labels.one_line_address(new_address, new_postcode)}"))
            change.records.append(AddressChangeRecord(enquiry=item, record="enquiry", action="updated", detail=which))
        else:
            change.records.append(AddressChangeRecord(
                enquiry=item, record="enquiry", action="kept",
                detail=f"{which}: keeps the address it was dealt with at"))
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


# What staff may copy from the details given with an enquiry (the email address finds the
# record, so it is never "updated"), and the events that say they decided.
COPYABLE = (("name", "Name"), ("phone", "Phone"), ("address", "Address"))
REVIEWED = ("record_updated", "record_kept")


@dataclass(frozen=True)
class Difference:
    """A contact detail given with an enquiry that the customer record lacks or holds otherwise."""
    field: str   # name, phone, address
    label: str
    given: str   # as given, on one line
    held: str    # as on the record, on one line ("" when it has none)


def _same_place(address_a: str, postcode_a: str | None, address_b: str, postcode_b: str | None) -> bool:
    if not (address_a or "").strip() and not (address_b or "").strip():
        return normalise_postcode(postcode_a) == normalise_postcode(postcode_b)
    return same_address(address_a, postcode_a, address_b, postcode_b)


def differences(enquiry, customer) -> list[Difference]:
    """The details given with `enquiry` (its `given_details`) that `customer`'s record lacks or
    holds otherwise, for staff to copy or not; none once staff have decided (an event in
    REVIEWED). An address the record's history holds as a former one is not news: the
    customer has moved since. Pure: reads the objects it is given."""
    given = enquiry.given_details or {}
    if not given or any(event.kind in REVIEWED for event in enquiry.events):
        return []
    found = []
    for name in ("name", "phone"):
        if given.get(name) and given[name] != getattr(customer, name):
            found.append(Difference(name, dict(COPYABLE)[name], given[name], getattr(customer, name) or ""))
    address, postcode = given.get("address", ""), given.get("postcode")
    former = [entry for entry in customer.addresses if entry.valid_to is not None]
    if ((address or postcode) and not _same_place(address, postcode, customer.address, customer.postcode)
            and not any(_same_place(address, postcode, entry.address, entry.postcode) for entry in former)):
        found.append(Difference("address", "Address", labels.one_line_address(address, postcode),
                                labels.one_line_address(customer.address or "", customer.postcode)))
    return found


def update_from_enquiry(session: Session, enquiry: Enquiry, actor, chosen: set[str], now: datetime,
                        moved_on: date | None = None) -> list[Difference]:
    """Copy the `chosen` details given with `enquiry` to its customer's record, as a member
    of staff decided having seen both. A new address where the record holds another is a
    move dated `moved_on` (change_address: the address history and open enquiries follow,
    G25); where it holds none, it starts the history. Recorded as an internal event on the
    enquiry (what changed, from what) and in the audit log (which details, not their values).
    The differences copied; CustomerError naming the field at fault."""
    customer = enquiry.customer
    offered = {difference.field: difference for difference in differences(enquiry, customer)}
    copied = [offered[name] for name, _ in COPYABLE if name in chosen and name in offered]
    if not copied:
        raise CustomerError("Choose the details to copy to the customer record", "copy")
    given = enquiry.given_details
    for difference in copied:
        if difference.field != "address":
            setattr(customer, difference.field, given[difference.field])
        elif customer.address or customer.postcode:
            if not normalise_postcode(given.get("postcode")):
                raise CustomerError("The address given has no postcode: record the move on the customer record, "
                                    "where you can add it", "copy")
            if moved_on is None:
                raise CustomerError("Enter the date the customer moved", "moved_on")
            change_address(session, customer, new_address=given.get("address", ""),
                           new_postcode=given.get("postcode"), moved_on=moved_on, actor=actor, now=now,
                           enquiry=enquiry)
        else:
            customer.address, customer.postcode = given.get("address", ""), normalise_postcode(given.get("postcode"))
            session.add(CustomerAddress(customer=customer, address=customer.address, postcode=customer.postcode,
                                        recorded_at=now))
    session.add(EnquiryEvent(enquiry=enquiry, kind="record_updated", public=False, at=now,
                             actor_id=getattr(actor, "id", None), body="Customer record updated from this enquiry: " +
                             "; ".join(f"{d.label.lower()} {d.given} (was {d.held or 'not given'})" for d in copied)))
    audit.record(session, actor, "customer.update_from_enquiry", f"customer:{customer.id}",
                 {"enquiry": enquiry.reference, "copied": [d.field for d in copied]}, now)
    session.flush()
    return copied


def keep_record(session: Session, enquiry: Enquiry, actor, now: datetime) -> None:
    """Staff saw the details given with `enquiry` and left the customer record as it is."""
    if not differences(enquiry, enquiry.customer):
        raise CustomerError("There are no details to decide on", "copy")
    session.add(EnquiryEvent(enquiry=enquiry, kind="record_kept", public=False, at=now,
                             actor_id=getattr(actor, "id", None),
                             body="Details given with this enquiry not copied to the customer record"))
    session.flush()


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


def date_moved(form, name: str) -> date:
    """A GOV.UK date input (name-day, name-month, name-year) as the date the customer moved, or
    CustomerError."""
    try:
        found = dates.day_month_year(form, name)
    except dates.DateTypingError as error:
        raise CustomerError("The date the customer moved must be a real date" + (
            ", like 14 11 2026" if error.problem == dates.NOT_NUMBERS else ""), name) from None
    if found is None:
        raise CustomerError("Enter the date the customer moved", name)
    return found
