"""Meetings as iCalendar (RFC 5545), from plain values: no Flask, no database.

Each meeting keeps one UID for life; SEQUENCE is the meeting's own change counter, so calendar
apps replace their copy; a cancelled meeting stays in the feed with STATUS:CANCELLED (removing it
would leave it in subscribers' calendars). Times carry TZID Europe/London."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from icalendar.parser import foldline

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
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
    """The calendar: its header and Europe/London's VTIMEZONE from `icalendar`, then each event's
    lines (kept per process for each event value: a diary of 4,000 meetings is rebuilt after a
    change by making the changed event's lines alone)."""
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
    head = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    if not events:
        return head
    return b"".join((head[:-len(end)], _timezone(), *map(_event_lines, events), end))


@functools.cache
def _timezone() -> bytes:
    """Europe/London as a VTIMEZONE component, made by icalendar from the zone database."""
    cal = icalendar.Calendar()
    item = icalendar.Event()
    item.add("dtstart", datetime(2000, 1, 1, tzinfo=LONDON))
    cal.add_component(item)
    cal.add_missing_timezones()
    [zone] = cal.walk("VTIMEZONE")
    return zone.to_ical()


_LINES: dict[Event, bytes] = {}
_MAX_KEPT = 50_000


def _text(value: str) -> str:
    return icalendar.vText(value).to_ical().decode()


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(value: datetime) -> str:
    return value.astimezone(LONDON).strftime("%Y%m%dT%H%M%S")


def _event_lines(event: Event) -> bytes:
    found = _LINES.get(event)
    if found is not None:
        return found
    summary = f"CANCELLED: {event.summary}" if event.cancelled else event.summary
    description = "\n\n".join(filter(None, (event.note, f"Agenda and papers: {event.url}")))
    lines = [
        "BEGIN:VEVENT", f"UID:{_text(event.uid)}", f"SEQUENCE:{int(event.sequence)}",
        f"DTSTAMP:{_utc(event.updated)}", f"LAST-MODIFIED:{_utc(event.updated)}", f"SUMMARY:{_text(summary)}",
        f"DTSTART;TZID=Europe/London:{_local(event.starts)}",
        f"DTEND;TZID=Europe/London:{_local(event.ends or event.starts + DEFAULT_LENGTH)}",
        *([f"LOCATION:{_text(event.location)}"] if event.location else []),
        f"URL:{event.url}", f"DESCRIPTION:{_text(description)}",
        f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}", "TRANSP:OPAQUE", "END:VEVENT"]
    body = "".join(foldline(line) + "\r\n" for line in lines).encode()
    if len(_LINES) >= _MAX_KEPT:
        _LINES.clear()
    _LINES[event] = body
    return body
