"""Meetings as iCalendar (RFC 5545), from plain values: no Flask, no database.

Each meeting keeps one UID for life; SEQUENCE is the meeting's own change counter, so calendar
apps replace their copy; a cancelled meeting stays in the feed with STATUS:CANCELLED (removing it
would leave it in subscribers' calendars). Times carry TZID Europe/London."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

LONDON = ZoneInfo("Europe/London")
DEFAULT_LENGTH = timedelta(hours=2)


@dataclass(frozen=True)
class Event:
    uid: str
    sequence: int
    summary: str
    starts: datetime  # aware
    ends: datetime | None
    location: str
    url: str
    cancelled: bool
    moved: bool
    updated: datetime
    note: str = ""


def calendar(name: str, events: list[Event], product: str = "-//IEG//Meetings//EN") -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", product)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/London")
    # Calendar apps poll once a day (RFC 7986 REFRESH-INTERVAL; X-PUBLISHED-TTL for older ones).
    cal.add("refresh-interval", icalendar.vDuration(timedelta(days=1)), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    for event in events:
        cal.add_component(_event(event))
    if events:
        cal.add_missing_timezones()
    return cal.to_ical()


def _event(event: Event) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", event.uid)
    item.add("sequence", event.sequence)
    item.add("dtstamp", event.updated.astimezone(ZoneInfo("UTC")))
    item.add("last-modified", event.updated.astimezone(ZoneInfo("UTC")))
    summary = f"CANCELLED: {event.summary}" if event.cancelled else event.summary
    item.add("summary", summary)
    item.add("dtstart", event.starts.astimezone(LONDON))
    item.add("dtend", (event.ends or event.starts + DEFAULT_LENGTH).astimezone(LONDON))
    if event.location:
        item.add("location", event.location)
    item.add("url", event.url)
    description = "\n\n".join(filter(None, (event.note, f"Agenda and papers: {event.url}")))
    item.add("description", description)
    item.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    item.add("transp", "OPAQUE")
    return item
