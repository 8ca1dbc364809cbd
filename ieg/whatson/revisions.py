"""A group's events and vacancies are moderated as its entry is: each change by one of the group's
editors is live at once and kept as a revision (a snapshot of the fields) waiting in the directory's
one queue, where a moderator reads it against the revision before, marks it reviewed or rolls it back.
The council's own events and vacancies (a section's, kept by staff) have no revisions: they are the
council's word already.

The revisions are the directory's `GroupRevision`s (kind "event" or "vacancy"), so review, the
"latest change only" rule and the diff are the directory's, in one place; this module adds what an
event and a vacancy keep and how one is put back."""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg import audit
from ieg.directory import entries, rules
from ieg.directory.entries import Mailing
from ieg.models import DirectoryCategory, GroupRevision, Ward
from ieg.models.directory import ENTRY, EVENT, REVISION_REVIEWED, REVISION_ROLLED_BACK, REVISION_WAITING, VACANCY
from ieg.models.whatson import CANCELLED, CLOSED, LIVE, OPEN, REMOVED, Event, EventCancellation, Vacancy
from ieg.whatson import recurrence

STATUS_SHOWN = {LIVE: "On", CANCELLED: "Cancelled", REMOVED: "Removed", OPEN: "Open", CLOSED: "Closed"}

# The fields a revision keeps, in the order a moderator reads them (the RRULE is kept too, to put
# back, but read as the "Repeats" sentence).
EVENT_FIELDS = (
    ("title", "Name"), ("status", "Status"), ("description", "Description"), ("start_date", "First date"),
    ("start_time", "Starts"), ("end_time", "Finishes"), ("repeats", "Repeats"),
    ("skip_bank_holidays", "Not on bank holidays"), ("cancelled_days", "Dates called off"),
    ("venue_name", "Venue"), ("venue_address", "Venue's address"), ("online_url", "Link to join online"),
    ("price", "Price"), ("booking_url", "Booking link"), ("accessibility", "Accessibility"),
    ("categories", "Categories"), ("wards", "Wards"),
)
VACANCY_FIELDS = (
    ("title", "Title"), ("status", "Status"), ("volunteer", "Volunteer role"), ("pay", "Pay"), ("hours", "Hours"),
    ("location", "Where"), ("closing_date", "Closing date"), ("description", "Description"),
    ("how_to_apply", "How to apply"), ("apply_url", "Link to apply"),
)
FIELDS = {EVENT: EVENT_FIELDS, VACANCY: VACANCY_FIELDS}


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _clock(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def snapshot(listing: Event | Vacancy) -> dict:
    """An event or vacancy as a revision keeps it: plain JSON, categories and wards by id and name."""
    if isinstance(listing, Vacancy):
        return {"title": listing.title, "status": STATUS_SHOWN[listing.status], "volunteer": listing.volunteer,
                "pay": listing.pay, "hours": listing.hours, "location": listing.location,
                "closing_date": _day(listing.closing_date), "description": listing.description,
                "how_to_apply": listing.how_to_apply, "apply_url": listing.apply_url}
    return {
        "title": listing.title, "status": STATUS_SHOWN[listing.status], "description": listing.description,
        "start_date": _day(listing.start_date), "start_time": _clock(listing.start_time),
        "end_time": _clock(listing.end_time), "rrule": listing.rrule,
        "repeats": recurrence.describe(listing.start_date, listing.rrule),
        "skip_bank_holidays": listing.skip_bank_holidays,
        "cancelled_days": [_day(c.day) for c in listing.cancellations],
        "venue_name": listing.venue_name, "venue_address": listing.venue_address, "online_url": listing.online_url,
        "price": listing.price, "booking_url": listing.booking_url, "accessibility": listing.accessibility,
        "categories": [{"id": c.id, "name": c.name} for c in listing.categories],
        "wards": [{"id": w.id, "name": w.name} for w in listing.wards],
    }


def _kind(listing: Event | Vacancy) -> str:
    return VACANCY if isinstance(listing, Vacancy) else EVENT


def _add(session: Session, listing, author, now: datetime, state: str) -> GroupRevision:
    revision = GroupRevision(group_id=listing.group_id, kind=_kind(listing), object_id=listing.id,
                             snapshot=snapshot(listing), created_at=now, author_id=getattr(author, "id", None),
                             state=state)
    if state == REVISION_REVIEWED:
        revision.reviewed_at, revision.reviewed_by_id = now, getattr(author, "id", None)
    session.add(revision)
    session.flush()
    return revision


def before_change(session: Session, listing: Event | Vacancy) -> None:
    """Keep a group's listing as it stands, before its first change since revisions began (listings
    added earlier have none): so a moderator's roll-back returns to it rather than taking it down."""
    if listing.group_id is None or listing.id is None:
        return
    kept = session.scalar(select(GroupRevision.id).where(GroupRevision.kind == _kind(listing),
                                                          GroupRevision.object_id == listing.id).limit(1))
    if kept is None:
        _add(session, listing, None, listing.updated_at or listing.created_at, REVISION_REVIEWED)


def record(session: Session, listing: Event | Vacancy, author, now: datetime) -> GroupRevision | None:
    """After a change to a group's event or vacancy (the council's have no revisions): the new state,
    waiting for a moderator when one of the group's own editors made it. None when nothing a
    revision keeps has changed."""
    if listing.group_id is None:
        return None
    session.flush()
    session.refresh(listing)
    kind = _kind(listing)
    last = session.scalar(select(GroupRevision).where(GroupRevision.kind == kind, GroupRevision.object_id == listing.id,
                                                      GroupRevision.state != REVISION_ROLLED_BACK)
                          .order_by(GroupRevision.id.desc()).limit(1))
    if last is not None and not rules.diff(last.snapshot, snapshot(listing), FIELDS[kind]):
        return None
    by_editor = getattr(author, "id", None) in listing.group.editor_ids
    return _add(session, listing, author, now, REVISION_WAITING if by_editor else REVISION_REVIEWED)


def changes(session: Session, revision: GroupRevision) -> list[tuple[str, str, str]]:
    """What a revision (of an entry, an event or a vacancy) changed, field by field, against the one before."""
    if revision.kind == ENTRY:
        return entries.changes(session, revision)
    before = entries.previous_revision(session, revision)
    return rules.diff(before.snapshot if before else {}, revision.snapshot, FIELDS[revision.kind])


def listing_of(session: Session, revision: GroupRevision) -> Event | Vacancy | None:
    """The event or vacancy a revision is of (None for an entry's)."""
    model = {EVENT: Event, VACANCY: Vacancy}.get(revision.kind)
    return session.get(model, revision.object_id) if model else None


def _put_back(session: Session, listing: Event | Vacancy, kept: dict) -> None:
    status = {shown: status for status, shown in STATUS_SHOWN.items()}[kept["status"]]
    if isinstance(listing, Vacancy):
        for key in ("title", "volunteer", "pay", "hours", "location", "description", "how_to_apply", "apply_url"):
            setattr(listing, key, kept[key])
        listing.closing_date = date.fromisoformat(kept["closing_date"])
        listing.status = status
        listing.closed_at = listing.closed_at if status == CLOSED else None
        return
    for key in ("title", "description", "rrule", "skip_bank_holidays", "venue_name", "venue_address", "online_url",
                "price", "booking_url", "accessibility"):
        setattr(listing, key, kept[key])
    listing.status = status
    listing.start_date = date.fromisoformat(kept["start_date"])
    listing.start_time = time.fromisoformat(kept["start_time"])
    listing.end_time = time.fromisoformat(kept["end_time"]) if kept["end_time"] else None
    listing.last_date = recurrence.last_date(listing.start_date, listing.rrule)
    listing.cancellations = [EventCancellation(day=date.fromisoformat(d)) for d in kept["cancelled_days"]]
    # A category or ward the council has since removed is left out.
    listing.categories = [c for c in (session.get(DirectoryCategory, k["id"]) for k in kept["categories"]) if c]
    listing.wards = [w for w in (session.get(Ward, k["id"]) for k in kept["wards"]) if w]
    listing.sequence += 1  # calendar apps replace their copy


def roll_back(session: Session, moderator, now: datetime, revision: GroupRevision,
              mailing: Mailing) -> GroupRevision | None:
    """Undo the latest change still standing to a group's entry, event or vacancy: put back the
    revision before it (given back), or, for a new event or vacancy, take it down (removed; None).
    The group's editors are told; audited."""
    if revision.kind == ENTRY:
        return entries.roll_back(session, moderator, now, revision, mailing)
    listing = listing_of(session, revision)
    before = entries.rolling_back(session, moderator, now, revision)
    if before is None:
        listing.status = REMOVED
        if isinstance(listing, Event):
            listing.sequence += 1
    else:
        _put_back(session, listing, before.snapshot)
    listing.updated_at = now
    session.flush()
    audit.record(session, moderator, "directory.roll_back", entries.revision_subject(revision),
                 {"revision": revision.id, "restored_from": before.id if before else None,
                  "removed": before is None}, now)
    what = "event" if revision.kind == EVENT else "vacancy"
    entries.tell_rolled_back(session, now, listing.group, f"the {what} “{listing.title}”"
                             + (" (it is taken off the site, as it was new)" if before is None else ""), mailing)
    return before
