"""What's on as iCalendar: the whole list, a category's, a group's, and one event's "add to calendar".

The meetings diary's rules (ieg.ical): one UID per event for life, SEQUENCE raised on each change,
TZID Europe/London with its VTIMEZONE, a cancelled event kept as STATUS:CANCELLED. A repeating
event stays one VEVENT with its RRULE; dates called off and skipped bank holidays are its EXDATEs.
Feed bodies are kept per process by scope and the data's version (queries.feed_version)."""
from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date, datetime

from sqlalchemy.orm import Session

from ieg import ical
from ieg.content.markdown import plain_text
from ieg.models.whatson import CANCELLED, Event
from ieg.whatson import queries, recurrence

PRODUCT = "-//IEG//What's on//EN"
_CACHE: OrderedDict = OrderedDict()
_LOCK = threading.Lock()
_MAX = 256


def _at(day: date, event: Event) -> datetime:
    return recurrence.occurrences(day, event.start_time, event.end_time, "")[0].starts


def event_lines(event: Event, *, base_url: str, domain: str) -> bytes:
    first = recurrence.occurrences(event.start_date, event.start_time, event.end_time, "")[0]
    url = f"{base_url}/whats-on/events/{event.id}"
    owner = event.group.name if event.group is not None else event.section.title
    about = "\n\n".join(filter(None, (
        plain_text(event.description), f"By {owner}", f"Price: {event.price or 'Free'}",
        f"Book: {event.booking_url}" if event.booking_url else "",
        f"Accessibility: {event.accessibility}" if event.accessibility else "", f"Details: {url}")))
    place = ", ".join(filter(None, (event.venue_name, event.venue_address))) or event.online_url
    skipped = recurrence.skipped_days(event.start_date, event.rrule, event.cancelled_days,
                                      event.skip_bank_holidays, queries.bank_holidays)
    cancelled = event.status == CANCELLED
    lines = [
        "BEGIN:VEVENT", f"UID:event-{event.id}@{domain}", f"SEQUENCE:{int(event.sequence)}",
        f"DTSTAMP:{ical.utc_stamp(event.updated_at)}", f"LAST-MODIFIED:{ical.utc_stamp(event.updated_at)}",
        f"SUMMARY:{ical.text(('CANCELLED: ' if cancelled else '') + event.title)}",
        f"DTSTART;TZID=Europe/London:{ical.local_stamp(first.starts)}",
        *([f"DTEND;TZID=Europe/London:{ical.local_stamp(first.ends)}"] if first.ends else []),
        *([f"RRULE:{event.rrule}"] if event.rrule else []),
        *([f"EXDATE;TZID=Europe/London:{','.join(ical.local_stamp(_at(d, event)) for d in skipped)}"]
          if skipped else []),
        *([f"LOCATION:{ical.text(place)}"] if place else []),
        *([f"CATEGORIES:{','.join(ical.text(c.name) for c in event.categories)}"] if event.categories else []),
        f"URL:{url}", f"DESCRIPTION:{ical.text(about)}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}", "TRANSP:OPAQUE", "END:VEVENT"]
    return ical.folded(lines)


def events_ics(session: Session, *, name: str, scope: str, today: date, base_url: str, domain: str,
               category_id: int | None = None, group_id: int | None = None) -> bytes:
    """The feed of every public event (or a category's, or a group's)."""
    key = (scope, base_url, today)
    version = queries.feed_version(session)
    with _LOCK:
        found = _CACHE.get(key)
        if found is not None and found[0] == version:
            _CACHE.move_to_end(key)
            return found[1]
    events = queries.feed_events(session, today, category_id=category_id, group_id=group_id)
    body = ical.calendar(name, [event_lines(e, base_url=base_url, domain=domain) for e in events], PRODUCT)
    with _LOCK:
        _CACHE[key] = (version, body)
        while len(_CACHE) > _MAX:
            _CACHE.popitem(last=False)
    return body


def event_ics(event: Event, *, base_url: str, domain: str) -> bytes:
    return ical.calendar(event.title, [event_lines(event, base_url=base_url, domain=domain)], PRODUCT)
