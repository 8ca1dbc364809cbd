"""Where a consultation stands, from its dates: pure, no Flask, no database.

Upcoming before it opens, open from its opening instant until its closing instant, then closed;
concluded only when its editors say so, which needs its "You said, we did" page published.
Times are stored in UTC, so a consultation typed as opening at 09:00 local opens at 09:00 local
on either side of a clock change.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

UPCOMING, OPEN, CLOSED, CONCLUDED = "upcoming", "open", "closed", "concluded"
STATUSES = (UPCOMING, OPEN, CLOSED, CONCLUDED)

LABELS = {UPCOMING: "Upcoming", OPEN: "Open", CLOSED: "Closed", CONCLUDED: "Outcome published"}
TAG_COLOURS = {UPCOMING: "blue", OPEN: "green", CLOSED: "grey", CONCLUDED: "purple"}


def status_at(now: datetime, opens_at: datetime, closes_at: datetime, concluded: bool = False) -> str:
    if concluded:
        return CONCLUDED
    if now < opens_at:
        return UPCOMING
    if now < closes_at:
        return OPEN
    return CLOSED


def accepts_responses(status: str) -> bool:
    return status == OPEN


def conclusion_problem(status: str, outcome_published: bool) -> str | None:
    """Why it cannot be marked concluded now, or None."""
    if status in (UPCOMING, OPEN):
        return "The consultation must close before it can be concluded"
    if status == CONCLUDED:
        return "The consultation is already concluded"
    if not outcome_published:
        return "Publish the \u201cYou said, we did\u201d page before concluding the consultation"
    return None


def window_problem(opens_at: datetime, closes_at: datetime) -> str | None:
    if closes_at <= opens_at:
        return "The closing date and time must be after the opening date and time"
    return None


def closing_words(value: datetime, zone: str = "Europe/London") -> str:
    """A time as GOV.UK writes it, in the council's zone whatever the season: "11:59pm on Friday
    15 January 2027", "midday on ...", "midnight at the start of ..." (a bare "midnight on" a day
    is read both ways)."""
    local = value.astimezone(ZoneInfo(zone))
    day = f"{local:%A} {local.day} {local:%B %Y}"
    if (local.hour, local.minute) == (12, 0):
        return f"midday on {day}"
    if (local.hour, local.minute) == (0, 0):
        return f"midnight at the start of {day}"
    clock = f"{local.hour % 12 or 12}" + (f":{local.minute:02d}" if local.minute else "")
    return f"{clock}{'am' if local.hour < 12 else 'pm'} on {day}"
