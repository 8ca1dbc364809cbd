"""What staff can do to one enquiry from its page, as a table: each action's name (the form's
`action` button), the permissions it needs beyond changing the enquiry, how its form input
becomes the service's arguments, the service, and what staff are told after. The view looks an
action up, authorises, calls `perform`, commits and says the message. Plain functions: no Flask.

Services raise `ERRORS` naming the field at fault; nothing here commits."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from ieg import dates
from ieg.casework import customers, handling, standards, visibility
from ieg.config import Council
from ieg.models import AddressChange, Enquiry, Section, StaffSubmission, User

# The refusals an action can meet: shown against their field (or the action) on the enquiry page.
ERRORS = (handling.HandlingError, customers.CustomerError, standards.StandardsError)


@dataclass(frozen=True)
class Case:
    """An action's surroundings: whose enquiry, who acts, when, and the council's settings."""
    session: Session
    enquiry: Enquiry
    actor: object
    now: datetime
    zone: str
    council: Council


@dataclass(frozen=True)
class Done:
    """What the view says after an action; `address_change` when it recorded a move, whose
    page is shown next instead of the enquiry's."""
    message: str
    address_change: AddressChange | None = None


@dataclass(frozen=True)
class Action:
    service: Callable[..., object]  # service(session, enquiry, actor, **parse(form, case))
    parse: Callable[[object, Case], dict]
    message: str | Callable[[object], str]
    # Permissions needed beyond "enquiry.change" on the enquiry: (can() action, its object).
    needs: Callable[[Session, Enquiry], list[tuple[str, object]]] = lambda session, enquiry: []


def when(form, name: str, now: datetime, zone: str) -> datetime:
    """A local date and time typed by staff ("name-date" as YYYY-MM-DD or DD/MM/YYYY, "name-time"
    as HH:MM); now when both are left empty."""
    day, clock = form.get(f"{name}-date", "").strip(), form.get(f"{name}-time", "").strip()
    if not day and not clock:
        return now
    try:
        return dates.staff_day_and_time(day, clock, zone, now.astimezone(ZoneInfo(zone)).date())
    except ValueError:
        raise handling.HandlingError("Enter when it happened as a date like 23/11/2026 and a time like 14:30",
                                     name) from None


def _chosen(session: Session, model, value: str):
    """The row whose id was chosen from a list, or None (nothing, or not a number, chosen)."""
    return session.get(model, int(value)) if value.isdecimal() else None


def _moved_on(form):
    """The date the customer moved, if any part of it was typed."""
    typed = any(form.get(f"moved_on-{part}", "").strip() for part in ("day", "month", "year"))
    return customers.date_moved(form, "moved_on") if typed else None


def _customer_change(session: Session, enquiry: Enquiry) -> list[tuple[str, object]]:
    return [("customer.change", visibility.customer(session, enquiry.customer))]


def _awaiting(form) -> bool:
    return form.get("awaiting") == "yes"


ACTIONS: dict[str, Action] = {
    "note": Action(handling.add_note, lambda form, case: {"text": form.get("note", ""), "now": case.now},
                   "Note added."),
    "reply": Action(handling.reply, lambda form, case: {
        "text": form.get("reply", ""), "council": case.council, "now": case.now,
        "awaiting_customer": _awaiting(form)}, "Reply queued to send."),
    "status": Action(handling.set_status, lambda form, case: {
        "status": form.get("status", ""), "now": case.now, "zone": case.zone}, "Status changed."),
    "log_reply": Action(handling.log_reply, lambda form, case: {
        "kind": form.get("reply_kind", ""), "text": form.get("reply_text", ""),
        "made_at": when(form, "reply_at", case.now, case.zone), "now": case.now, "zone": case.zone,
        "awaiting_customer": _awaiting(form)}, "Reply logged."),
    "exclude": Action(standards.exclude, lambda form, case: {
        "reason": form.get("excluded_reason", ""), "note": form.get("excluded_note", ""), "now": case.now},
        "Excluded from the standards' figures."),
    "include": Action(standards.include, lambda form, case: {"now": case.now},
                      "Counted in the standards' figures again."),
    "breach_reason": Action(standards.set_breach_reason, lambda form, case: {
        "reason": form.get("breach_reason", ""), "now": case.now}, "Reason for missing the standard recorded."),
    "assign": Action(handling.assign, lambda form, case: {
        "assignee": _chosen(case.session, User, form.get("assignee", "")), "now": case.now},
        "Assignment changed."),
    "queue": Action(handling.move_to_queue, lambda form, case: {
        "section": _chosen(case.session, Section, form.get("section", "")), "now": case.now},
        "Moved to another service's queue."),
    "keep_record": Action(customers.keep_record, lambda form, case: {"now": case.now},
                          "The customer record was kept as it is.", _customer_change),
    "update_record": Action(customers.update_from_enquiry, lambda form, case: {
        "chosen": set(form.getlist("copy")), "now": case.now, "moved_on": _moved_on(form)},
        lambda copied: f"Customer record updated: {', '.join(d.label.lower() for d in copied)}.", _customer_change),
    "apply_move": Action(customers.apply_moving_form, lambda form, case: {"now": case.now, "council": case.council},
                         "Change of address recorded. These are the records it updated."),
}


def needs(session: Session, enquiry: Enquiry, name: str) -> list[tuple[str, object]]:
    """The permissions action `name` needs beyond changing the enquiry (KeyError if unknown)."""
    return ACTIONS[name].needs(session, enquiry)


ALREADY_DONE = "That was already done: the form was sent twice. Nothing more was changed."


def _submission_key(name: str, form) -> str | None:
    """The page's one-off key for this action's form ("submission"), or None for a client that sends
    none (a test, a script): such a request is not protected from being repeated."""
    key = (form.get("submission") or "").strip()
    return f"{name}:{key[:64]}" if key else None


def taken_before(session: Session, name: str, form) -> bool:
    """Whether this action's form, by its key, was already taken in."""
    key = _submission_key(name, form)
    return key is not None and session.get(StaffSubmission, key) is not None


def perform(case: Case, name: str, form) -> Done:
    """Parse `form` for action `name`, call its service and say what was done. The caller has
    authorised it (`needs`) and commits; refusals raise one of ERRORS. A form sent again with
    the same key does nothing and says so; two sent at once both run here, and the second's commit
    fails on the key (the caller treats that IntegrityError as ALREADY_DONE)."""
    action = ACTIONS[name]
    key = _submission_key(name, form)
    if taken_before(case.session, name, form):
        return Done(ALREADY_DONE)
    if key is not None:
        case.session.add(StaffSubmission(key=key, enquiry_id=case.enquiry.id, actor_id=getattr(case.actor, "id", None),
                                         at=case.now))
    result = action.service(case.session, case.enquiry, case.actor, **action.parse(form, case))
    message = action.message if isinstance(action.message, str) else action.message(result)
    return Done(message, result if isinstance(result, AddressChange) else None)
