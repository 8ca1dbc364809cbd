"""How casework values read, the same on every page, list, export and email (pure): one label
per status and per channel, and an address with its postcode on a line of its own."""
from __future__ import annotations

import re

from ieg.models.casework import AWAITING_CUSTOMER, CHANNELS, CLOSED, IN_PROGRESS, OPEN, RESOLVED, STATUSES

# Staff and the customer tracking the enquiry read the same words: a status is one fact.
STATUS_LABELS = {OPEN: "Open", IN_PROGRESS: "In progress", AWAITING_CUSTOMER: "Waiting for the customer",
                 RESOLVED: "Resolved", CLOSED: "Closed"}
CHANNEL_LABELS = {"web": "Web form", "email": "Email", "phone": "Phone", "face_to_face": "Face to face",
                  "letter": "Letter", "api": "Another system (API)"}
assert set(STATUS_LABELS) == set(STATUSES) and set(CHANNEL_LABELS) == set(CHANNELS)
# What each entry on an enquiry's timeline records.
EVENT_LABELS = {
    "received": "Received", "acknowledged": "Acknowledgement", "reply_in": "Reply from the customer",
    "reply_out": "Reply to the customer", "reply_logged": "Reply given by phone, letter or in person",
    "note": "Note", "status": "Status changed", "assigned": "Assignment", "queue": "Moved to another queue",
    "excluded": "Left out of the standards' figures", "included": "Counted in the standards' figures again",
    "breach_reason": "Why the standard was missed", "resolved": "Resolved", "address_changed": "Change of address",
    "customer_merged": "Customer records merged", "record_kept": "Customer record kept as it was",
    "record_updated": "Customer record updated",
    "backoffice": "Update from a back-office system",
}


def status(value: str) -> str:
    return STATUS_LABELS.get(value, value)


def channel(value: str) -> str:
    return CHANNEL_LABELS.get(value, value)


def event(kind: str) -> str:
    return EVENT_LABELS.get(kind) or kind.replace("_", " ").capitalize()


def address_lines(address: str | None, postcode: str | None) -> list[str]:
    """The address's own lines (blank ones dropped), then the postcode on a line of its own."""
    lines = [line.strip() for line in (address or "").splitlines() if line.strip()]
    return lines + [postcode.strip()] if postcode and postcode.strip() else lines


def one_line_address(address: str | None, postcode: str | None) -> str:
    """The address on one line, as a list or a CSV cell shows it: "12 Mill Lane, Ashdown, AS1 1AA"."""
    return ", ".join(re.sub(r",\s*$", "", line) for line in address_lines(address, postcode))
