"""Dates and times as people type them: GOV.UK's three date boxes (name-day, name-month,
name-year), ISO dates in an address (YYYY-MM-DD), staff's "23/11/2026" and "14:30", all in
the council's zone. The one place that reads them; each caller words its own messages, by
what was wrong (`DateTypingError.problem`).

Pure: no Flask, no database.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

DATE_PARTS = ("day", "month", "year")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

# What was wrong with a typed date.
MISSING, NOT_NUMBERS, NOT_REAL = "missing", "not_numbers", "not_real"


class DateTypingError(ValueError):
    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def typed_parts(values, name: str) -> dict[str, str]:
    """The three boxes of the date input `name` as typed (stripped), from any mapping with .get."""
    return {part: (values.get(f"{name}-{part}") or "").strip() for part in DATE_PARTS}


def day_month_year(values, name: str) -> date | None:
    """The date input `name` as a date; None when all three boxes are empty. DateTypingError:
    NOT_NUMBERS when a box is not a number or the year is not 4 digits, NOT_REAL for a date
    that does not exist (31 June)."""
    parts = typed_parts(values, name)
    if not any(parts.values()):
        return None
    if not all(p.isdecimal() for p in parts.values()) or len(parts["year"]) != 4:
        raise DateTypingError(NOT_NUMBERS)
    try:
        return date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        raise DateTypingError(NOT_REAL) from None


def iso_date(raw: str) -> date:
    """YYYY-MM-DD exactly (what a date field in an address or a form carries); DateTypingError
    otherwise. Python's fromisoformat alone would also take "20260331" and "2026-W13-2"."""
    raw = (raw or "").strip()
    if not ISO_DATE.fullmatch(raw):
        raise DateTypingError(NOT_NUMBERS)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise DateTypingError(NOT_REAL) from None


def staff_day_and_time(day: str, clock: str, zone: str, today: date) -> datetime:
    """A local day ("23/11/2026" or "2026-11-23"; `today` when empty) and a 24-hour time
    ("14:30"; midnight when empty), as UTC. ValueError if either is not real."""
    local_day = ((datetime.strptime(day, "%d/%m/%Y") if "/" in day else datetime.strptime(day, "%Y-%m-%d")).date()
                 if day else today)
    local_time = datetime.strptime(clock or "00:00", "%H:%M").time()
    return datetime.combine(local_day, local_time, ZoneInfo(zone)).astimezone(timezone.utc)


def parse_local(day: str, month: str, year: str, clock: str, zone: str = "Europe/London") -> datetime:
    """A date and a 24-hour time typed in the council's zone, as UTC. ValueError if not real.

    A time that does not exist (the hour skipped when clocks go forward) is refused; a time
    that happens twice (when clocks go back) means the first, British Summer Time."""
    hour, _, minute = clock.strip().replace(".", ":").partition(":")
    local = datetime(int(year), int(month), int(day), int(hour), int(minute or 0), tzinfo=ZoneInfo(zone))
    round_trip = local.astimezone(timezone.utc).astimezone(ZoneInfo(zone))
    if round_trip.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ValueError("that time does not exist on that day (the clocks go forward)")
    return local.astimezone(timezone.utc)


def local_midnight(day: date, zone: str) -> datetime:
    """The instant a local day starts, as UTC."""
    return datetime.combine(day, time(0), ZoneInfo(zone)).astimezone(timezone.utc)
