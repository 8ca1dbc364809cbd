"""Meetings as iCalendar (RFC 5545), from plain values: no Flask, no database.

Each meeting keeps one UID for life; SEQUENCE is the meeting's own change counter, so calendar
apps replace their copy; a cancelled meeting stays in the feed with STATUS:CANCELLED (removing it
would leave it in subscribers' calendars). Times carry TZID Europe/London."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ieg import ical as shared

LONDON, UTC = shared.LONDON, shared.UTC
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
    """The calendar (ieg.ical) with each event's lines (kept per process for each event value: a
    diary of 4,000 meetings is rebuilt after a change by making the changed event's lines alone)."""
    return shared.calendar(name, list(map(_event_lines, events)), product)


_LINES: dict[Event, bytes] = {}
_MAX_KEPT = 50_000


_text, _utc, _local = shared.text, shared.utc_stamp, shared.local_stamp


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
    body = shared.folded(lines)
    if len(_LINES) >= _MAX_KEPT:
        _LINES.clear()
    _LINES[event] = body
    return body
