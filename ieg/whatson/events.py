"""An event's life: added, changed, one date called off (or put back), cancelled, removed.

A group's events go live at once (the group is trusted once its entry is published; they are
public only while it is); the council's belong to a section and are kept by its authors. Each
change raises the iCalendar SEQUENCE, so calendar apps replace their copy, and is audited."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg import audit
from ieg.input_errors import InputError
from ieg.models import CommunityGroup, DirectoryCategory, Section, Ward
from ieg.models.whatson import CANCELLED, LIVE, REMOVED, Event, EventCancellation
from ieg.text import clean, single_line
from ieg.timeutil import to_local
from ieg.whatson import recurrence, revisions
from ieg.whatson.recurrence import Repeat

WEB_ADDRESS = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
ZONE = "Europe/London"


class EventError(InputError):
    pass


@dataclass(frozen=True)
class EventDetails:
    title: str
    start_date: date
    start_time: time
    end_time: time | None = None
    description: str = ""
    repeat: Repeat = Repeat()
    skip_bank_holidays: bool = False
    venue_name: str = ""
    venue_address: str = ""
    online_url: str = ""
    price: str = ""
    booking_url: str = ""
    accessibility: str = ""
    category_ids: tuple[int, ...] = field(default=())
    ward_ids: tuple[int, ...] = field(default=())


def clock(value: str, field_name: str) -> time | None:
    """A 24-hour time as typed ("19:00", "7.30", "0930"), or None when empty."""
    value = single_line(value).replace(".", ":")
    found = re.fullmatch(r"(\d{1,2}):?(\d{2})", value)
    if not value:
        return None
    if not found or int(found[1]) > 23 or int(found[2]) > 59:
        raise EventError("Enter a time on the 24-hour clock, like 19:00", field_name)
    return time(int(found[1]), int(found[2]))


def whole_number(value: str, field_name: str) -> int | None:
    value = single_line(value)
    if not value:
        return None
    if not value.isdecimal() or len(value) > 4:
        raise EventError("Enter a whole number, like 2", field_name)
    return int(value)


def web_address(value: str, field_name: str, error=EventError) -> str:
    """A web address as given (http or https), or "" for none; the error names the field."""
    value = single_line(value)
    if value and (len(value) > 500 or not WEB_ADDRESS.match(value)):
        raise error("Enter a web address starting https://", field_name)
    return value


def _checked(session: Session, details: EventDetails, today: date, new: bool) -> dict:
    title = single_line(details.title)
    if not title:
        raise EventError("Enter the event's name", "title")
    if len(title) > 200:
        raise EventError("The event's name must be 200 characters or fewer", "title")
    if new and details.start_date < today:
        raise EventError("The first date must be today or later", "start_date")
    if details.end_time is not None and details.end_time <= details.start_time:
        raise EventError("The finish time must be after the start time, on the same day", "end_time")
    rule = recurrence.build_rule(details.repeat, details.start_date)
    online = web_address(details.online_url, "online_url")
    venue_name, venue_address = single_line(details.venue_name)[:200], single_line(details.venue_address)[:300]
    if not (venue_name or venue_address or online):
        raise EventError("Enter where the event is, or the link to join it online", "venue_name")
    categories = list(session.scalars(select(DirectoryCategory).where(
        DirectoryCategory.id.in_(details.category_ids)))) if details.category_ids else []
    wards = list(session.scalars(select(Ward).where(Ward.id.in_(details.ward_ids)))) if details.ward_ids else []
    if len(categories) != len(set(details.category_ids)):
        raise EventError("Choose categories from the list", "categories")
    if len(wards) != len(set(details.ward_ids)):
        raise EventError("Choose wards from the list", "wards")
    return {"title": title, "description": clean(details.description)[:20000], "start_date": details.start_date,
            "start_time": details.start_time, "end_time": details.end_time, "rrule": rule,
            "last_date": recurrence.last_date(details.start_date, rule),
            "skip_bank_holidays": bool(rule) and details.skip_bank_holidays,
            "venue_name": venue_name, "venue_address": venue_address, "online_url": online,
            "price": single_line(details.price)[:200],
            "booking_url": web_address(details.booking_url, "booking_url"),
            "accessibility": clean(details.accessibility)[:4000], "categories": categories, "wards": wards}


def _owner(event: Event) -> str:
    return f"group:{event.group_id}" if event.group_id is not None else f"section:{event.section_id}"


def add_event(session: Session, actor, now: datetime, details: EventDetails, *,
              group: CommunityGroup | None = None, section: Section | None = None) -> Event:
    """A new event of `group` or of `section` (exactly one), live at once."""
    if (group is None) == (section is None):
        raise ValueError("an event belongs to a group or a section")
    values = _checked(session, details, to_local(now, ZONE).date(), new=True)
    event = Event(group=group, section=section, status=LIVE, sequence=0, created_at=now, updated_at=now, **values)
    session.add(event)
    session.flush()
    audit.record(session, actor, "whatson.event_add", f"event:{event.id}",
                 {"title": event.title, "owner": _owner(event), "rrule": event.rrule}, now)
    revisions.record(session, event, actor, now)
    return event


def change_event(session: Session, actor, now: datetime, event: Event, details: EventDetails) -> Event:
    if event.status == REMOVED:
        raise EventError("This event has been removed", "title")
    values = _checked(session, details, to_local(now, ZONE).date(), new=False)
    revisions.before_change(session, event)
    changed = sorted(k for k, v in values.items() if getattr(event, k) != v)
    for key, value in values.items():
        setattr(event, key, value)
    _touch(event, now)
    session.flush()
    audit.record(session, actor, "whatson.event_change", f"event:{event.id}", {"changed": changed}, now)
    revisions.record(session, event, actor, now)
    return event


def _touch(event: Event, now: datetime) -> None:
    event.sequence += 1
    event.updated_at = now


def cancel_date(session: Session, actor, now: datetime, event: Event, day: date) -> None:
    """Call off one date of a repeating event (it stays in feeds as an EXDATE)."""
    if day not in {o.day for o in recurrence.occurrences(event.start_date, event.start_time, None, event.rrule)}:
        raise EventError("Choose one of the event's dates", "day")
    if day in event.cancelled_days:
        raise EventError("That date is already called off", "day")
    if day < to_local(now, ZONE).date():
        raise EventError("That date has passed", "day")
    revisions.before_change(session, event)
    event.cancellations.append(EventCancellation(day=day))
    _touch(event, now)
    session.flush()
    audit.record(session, actor, "whatson.event_date_cancel", f"event:{event.id}", {"day": day.isoformat()}, now)
    revisions.record(session, event, actor, now)


def restore_date(session: Session, actor, now: datetime, event: Event, day: date) -> None:
    found = [c for c in event.cancellations if c.day == day]
    if not found:
        raise EventError("That date is not called off", "day")
    revisions.before_change(session, event)
    event.cancellations.remove(found[0])
    _touch(event, now)
    session.flush()
    audit.record(session, actor, "whatson.event_date_restore", f"event:{event.id}", {"day": day.isoformat()}, now)
    revisions.record(session, event, actor, now)


def cancel_event(session: Session, actor, now: datetime, event: Event) -> None:
    """The whole event called off: kept on its page and in feeds as cancelled, out of the listings."""
    if event.status != LIVE:
        raise EventError("Only an event that is on can be cancelled", "title")
    revisions.before_change(session, event)
    event.status = CANCELLED
    _touch(event, now)
    session.flush()
    audit.record(session, actor, "whatson.event_cancel", f"event:{event.id}", {"title": event.title}, now)
    revisions.record(session, event, actor, now)


def remove_event(session: Session, actor, now: datetime, event: Event) -> None:
    """Taken off the site and out of feeds (kept for the audit trail)."""
    if event.status == REMOVED:
        return
    revisions.before_change(session, event)
    event.status = REMOVED
    _touch(event, now)
    session.flush()
    audit.record(session, actor, "whatson.event_remove", f"event:{event.id}", {"title": event.title}, now)
    revisions.record(session, event, actor, now)
