"""An enquiry staff log for a customer who phoned, came in or wrote: checked whole before
anything is written, then against the customer found or a record made for them."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.orm import Session

from ieg.casework import enquiries, labels, visibility
from ieg.casework.enquiries import ContactDetails
from ieg.input_errors import InputErrors
from ieg.models import CaseType, Customer, Enquiry

CHANNELS = tuple((name, labels.channel(name)) for name in ("phone", "face_to_face", "letter"))


class LogError(InputErrors):
    """What staff must put right before the enquiry can be logged, by field."""


def log(session: Session, actor, now: datetime, form: Mapping[str, str], known: Customer | None,
        zone: str) -> Enquiry:
    """Log the enquiry in `form` (channel, case_type, subject, description, resolved, submission,
    and the customer's details unless `known`); raises LogError naming every field at fault."""
    errors = {}
    if form.get("channel") not in dict(CHANNELS):
        errors["channel"] = "Choose how the customer contacted us"
    kind = session.get(CaseType, int(form["case_type"])) if form.get("case_type", "").isdecimal() else None
    if kind is None:
        errors["case_type"] = "Choose what the enquiry is about"
    if not form.get("subject", "").strip():
        errors["subject"] = "Enter what the enquiry is about"
    if known is None and not (form.get("name", "").strip() or form.get("email", "").strip()
                              or form.get("phone", "").strip()):
        errors["name"] = "Enter the customer's name, email address or phone number"
    if errors:
        raise LogError(errors)
    given = None if known else ContactDetails(
        name=form.get("name", ""), email=form.get("email"), phone=form.get("phone"), address=form.get("address", ""),
        postcode=form.get("postcode"))
    # A contact agent took these details from the customer: they fill in what the record lacks. An
    # officer may be logging for someone whose record is another service's: theirs stay on the
    # enquiry, to copy from there.
    customer = known or enquiries.find_or_create_customer(
        session, given, fill_in=visibility.condition(actor, change=True) is None)
    item, _ = enquiries.open_enquiry(
        session, channel=form["channel"], customer=customer, case_type=kind, subject=form["subject"],
        description=form.get("description", ""), received_at=now, now=now, actor=actor,
        submission_key=form.get("submission") or None,
        resolved_at_first_contact=form.get("resolved") == "yes", zone=zone, given=given)
    return item
