"""iCalendar (RFC 5545) rules shared by every feed (the meetings diary, what's on), from plain
values: no Flask, no database.

A calendar's header with Europe/London's VTIMEZONE, text escaped and lines folded by `icalendar`,
times written in UTC (stamps) or as Europe/London wall-clock times with TZID. Each area writes its
own VEVENT lines with these."""
from __future__ import annotations

import functools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from icalendar.parser import foldline

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
_END = b"END:VCALENDAR\r\n"


def calendar(name: str, bodies: list[bytes], product: str) -> bytes:
    """The calendar: its header and Europe/London's VTIMEZONE from `icalendar`, then each event's
    lines as given (already folded)."""
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
    assert head.endswith(_END)
    if not bodies:
        return head
    return b"".join((head[:-len(_END)], timezone_component(), *bodies, _END))


@functools.cache
def timezone_component() -> bytes:
    """Europe/London as a VTIMEZONE component, made by icalendar from the zone database."""
    cal = icalendar.Calendar()
    item = icalendar.Event()
    item.add("dtstart", datetime(2000, 1, 1, tzinfo=LONDON))
    cal.add_component(item)
    cal.add_missing_timezones()
    [zone] = cal.walk("VTIMEZONE")
    return zone.to_ical()


def text(value: str) -> str:
    return icalendar.vText(value).to_ical().decode()


def utc_stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def local_stamp(value: datetime) -> str:
    return value.astimezone(LONDON).strftime("%Y%m%dT%H%M%S")


def folded(lines: list[str]) -> bytes:
    return "".join(foldline(line) + "\r\n" for line in lines).encode()
