"""First-contact resolution (E19), per month and channel (docs/design.md 3.4): an enquiry
resolved at the first contact, with no further contact on the same matter, on any
channel, within 5 working days. "The same matter" is the same enquiry (the customer wrote
back) or a new enquiry from the same customer about the same case type.

An enquiry whose 5 working days have not yet run out is *pending*: it is counted, but left
out of the percentage until its window closes, so the figure never has to be revised down.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg import figures
from ieg.models import Enquiry, EnquiryEvent
from ieg.models.casework import CHANNELS
from ieg.workingtime import Calendar

WINDOW_DAYS = 5
FOLLOW_UP_KINDS = ("reply_in",)  # the customer came back on the same enquiry


@dataclass
class Cell:
    received: int = 0
    claimed: int = 0          # marked resolved at first contact by the member of staff
    followed_up: int = 0      # ... but the customer came back within the window
    confirmed: int = 0        # ... and did not
    pending: int = 0          # claimed, window still open
    references: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @property
    def decided(self) -> int:
        return self.received - self.pending

    @property
    def percent(self) -> float | None:
        return figures.percent(self.confirmed, self.decided)


@dataclass(frozen=True)
class Row:
    month: str     # "2026-11"
    channel: str
    cell: Cell


def month_of(instant: datetime, zone: str) -> str:
    return instant.astimezone(ZoneInfo(zone)).strftime("%Y-%m")


def report(session: Session, calendar: Calendar, start: datetime, end: datetime, now: datetime,
           where=None) -> list[Row]:
    """Rows for every month and channel with enquiries received in [start, end); `where`
    narrows the enquiries counted (ieg.casework.visibility: an officer's services). Whether
    a customer came back is judged from every enquiry, counted or not."""
    stmt = (select(Enquiry.id, Enquiry.reference, Enquiry.customer_id, Enquiry.case_type_id, Enquiry.channel,
                   Enquiry.received_at, Enquiry.resolved_at_first_contact)
            .where(Enquiry.received_at >= start, Enquiry.received_at < end).order_by(Enquiry.received_at))
    items = session.execute(stmt if where is None else stmt.where(where)).all()
    claimed = [row for row in items if row.resolved_at_first_contact]
    windows = {row.id: calendar.add_working_days(row.received_at, WINDOW_DAYS) for row in claimed}
    came_back: set[int] = set()
    if claimed:
        ids = [row.id for row in claimed]
        for enquiry_id, at in session.execute(select(EnquiryEvent.enquiry_id, EnquiryEvent.at).where(
                EnquiryEvent.enquiry_id.in_(ids), EnquiryEvent.kind.in_(FOLLOW_UP_KINDS))):
            if at <= windows[enquiry_id]:
                came_back.add(enquiry_id)
        # Later enquiries from the same customers about the same things, on any channel.
        later = defaultdict(list)
        for row in session.execute(select(Enquiry.id, Enquiry.customer_id, Enquiry.case_type_id, Enquiry.received_at)
                                   .where(Enquiry.customer_id.in_({r.customer_id for r in claimed}),
                                          Enquiry.received_at >= start)):
            later[(row.customer_id, row.case_type_id)].append((row.received_at, row.id))
        for row in claimed:
            if any(other_id != row.id and row.received_at < at <= windows[row.id]
                   for at, other_id in later[(row.customer_id, row.case_type_id)]):
                came_back.add(row.id)
    cells: dict[tuple[str, str], Cell] = defaultdict(Cell)
    for row in items:
        cell = cells[(month_of(row.received_at, calendar.zone), row.channel)]
        cell.received += 1
        if not row.resolved_at_first_contact:
            continue
        cell.claimed += 1
        if row.id in came_back:
            cell.followed_up += 1
            cell.references["followed_up"].append(row.reference)
        elif windows[row.id] > now:
            cell.pending += 1
        else:
            cell.confirmed += 1
            cell.references["confirmed"].append(row.reference)
    order = {channel: i for i, channel in enumerate(CHANNELS)}
    return [Row(month, channel, cells[(month, channel)])
            for month, channel in sorted(cells, key=lambda key: (key[0], order.get(key[1], 99)))]


def totals(rows: list[Row]) -> dict[str, Cell]:
    """All channels together, per month."""
    out: dict[str, Cell] = {}
    for row in rows:
        total = out.setdefault(row.month, Cell())
        for name in ("received", "claimed", "followed_up", "confirmed", "pending"):
            setattr(total, name, getattr(total, name) + getattr(row.cell, name))
    return out
