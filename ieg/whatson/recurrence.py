"""Repeating events: the form's choices as an RFC 5545 RRULE, and a rule's dates. Pure: no Flask, no
database.

People choose from the common cases (daily, weekly on chosen days, monthly by date or by "second
Tuesday", until a date or for a number of times); nobody types an RRULE. Dates are expanded as
local calendar days and then given the event's wall-clock time in Europe/London, so a weekly 19:00
event is at 19:00 on both sides of a clock change. Dates called off and, when asked, bank holidays
are left out."""
from __future__ import annotations

from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from dateutil import rrule as du

from ieg.input_errors import InputError

LONDON = ZoneInfo("Europe/London")
NONE, DAILY, WEEKLY, MONTHLY_DATE, MONTHLY_WEEKDAY = "none", "daily", "weekly", "monthly_date", "monthly_weekday"
FREQUENCIES = (NONE, DAILY, WEEKLY, MONTHLY_DATE, MONTHLY_WEEKDAY)
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # date.weekday() order
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
MAX_COUNT = 500
MAX_SPAN = timedelta(days=5 * 366)  # an "until" further off than this is a mistake


class RecurrenceError(InputError):
    pass


@dataclass(frozen=True)
class Repeat:
    """What the form asks. `weekdays` for WEEKLY; MONTHLY_WEEKDAY takes its weekday and its place
    in the month ("second", "last") from the first date."""
    frequency: str = NONE
    interval: int = 1
    weekdays: tuple[str, ...] = ()
    until: date | None = None
    count: int | None = None


@dataclass(frozen=True)
class Occurrence:
    day: date
    starts: datetime  # aware, Europe/London
    ends: datetime | None


def week_of_month(day: date) -> int:
    """Which of the month's weekdays like it `day` is: 1-4, or -1 for the fifth (the last)."""
    n = (day.day - 1) // 7 + 1
    return -1 if n == 5 else n


def build_rule(repeat: Repeat, first: date) -> str:
    """The RRULE value for `repeat` starting on `first` ("" for an event that happens once).
    RecurrenceError naming the field at fault otherwise."""
    if repeat.frequency not in FREQUENCIES:
        raise RecurrenceError("Choose how often the event repeats", "frequency")
    if repeat.frequency == NONE:
        return ""
    if not 1 <= repeat.interval <= 52:
        raise RecurrenceError("The gap between repeats must be a whole number from 1 to 52", "interval")
    if repeat.until is not None and repeat.count is not None:
        raise RecurrenceError("Give an end date or a number of times, not both", "until")
    if repeat.until is None and repeat.count is None:
        raise RecurrenceError("Give the date of the last repeat or how many times it happens", "until")
    if repeat.until is not None and not first <= repeat.until <= first + MAX_SPAN:
        raise RecurrenceError("The last repeat must be on or after the first date and within five years", "until")
    if repeat.count is not None and not 2 <= repeat.count <= MAX_COUNT:
        raise RecurrenceError(f"The number of times must be from 2 to {MAX_COUNT}", "count")
    parts = [("FREQ", {DAILY: "DAILY", WEEKLY: "WEEKLY"}.get(repeat.frequency, "MONTHLY"))]
    if repeat.interval != 1:
        parts.append(("INTERVAL", str(repeat.interval)))
    if repeat.frequency == WEEKLY:
        days = [d for d in WEEKDAYS if d in set(repeat.weekdays)]
        if not days or len(days) != len(set(repeat.weekdays)):
            raise RecurrenceError("Choose the days of the week it happens on", "weekdays")
        parts.append(("BYDAY", ",".join(days)))
    elif repeat.frequency == MONTHLY_DATE:
        if first.day > 28:
            raise RecurrenceError("A monthly event by date must start on one of the 1st to the 28th: "
                                  "choose the last or fourth weekday instead", "frequency")
        parts.append(("BYMONTHDAY", str(first.day)))
    elif repeat.frequency == MONTHLY_WEEKDAY:
        parts.append(("BYDAY", f"{week_of_month(first)}{WEEKDAYS[first.weekday()]}"))
    if repeat.until is not None:
        # DTSTART carries TZID, so UNTIL is UTC (RFC 5545 3.3.10): the end of that local day.
        end = datetime.combine(repeat.until, time(23, 59, 59), LONDON).astimezone(timezone.utc)
        parts.append(("UNTIL", end.strftime("%Y%m%dT%H%M%SZ")))
    else:
        parts.append(("COUNT", str(repeat.count)))
    return ";".join(f"{key}={value}" for key, value in parts)


def parse_rule(rule: str) -> Repeat:
    """The choices a rule made by build_rule came from (for the form that changes it)."""
    if not rule:
        return Repeat()
    parts = dict(part.split("=", 1) for part in rule.split(";"))
    byday = parts.get("BYDAY", "")
    if parts["FREQ"] == "DAILY":
        frequency = DAILY
    elif parts["FREQ"] == "WEEKLY":
        frequency = WEEKLY
    else:
        frequency = MONTHLY_WEEKDAY if byday else MONTHLY_DATE
    until = None
    if "UNTIL" in parts:
        instant = datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
        until = instant.astimezone(LONDON).date()
    return Repeat(frequency=frequency, interval=int(parts.get("INTERVAL", 1)),
                  weekdays=tuple(byday.split(",")) if frequency == WEEKLY else (), until=until,
                  count=int(parts["COUNT"]) if "COUNT" in parts else None)


def _days(first: date, rule: str, before: date | None = None) -> Iterator[date]:
    """The rule's local days from `first` in order (all of them, or those before `before`)."""
    if not rule:
        if before is None or first < before:
            yield first
        return
    repeat = parse_rule(rule)
    kwargs = {"dtstart": datetime.combine(first, time()), "interval": repeat.interval,
              "count": repeat.count, "until": datetime.combine(repeat.until, time()) if repeat.until else None}
    if repeat.frequency == WEEKLY:
        kwargs["byweekday"] = [WEEKDAYS.index(d) for d in repeat.weekdays]
    elif repeat.frequency == MONTHLY_DATE:
        kwargs["bymonthday"] = first.day
    elif repeat.frequency == MONTHLY_WEEKDAY:
        kwargs["byweekday"] = du.weekday(first.weekday(), week_of_month(first))
    freq = {DAILY: du.DAILY, WEEKLY: du.WEEKLY}.get(repeat.frequency, du.MONTHLY)
    for moment in du.rrule(freq, **kwargs):
        day = moment.date()
        if before is not None and day >= before:
            return
        yield day


def last_date(first: date, rule: str) -> date | None:
    """The last day the rule reaches (None: it has no end). Rules always end (until or count)."""
    if not rule:
        return first
    found = first
    for found in _days(first, rule):
        pass
    return found


def _at(day: date, clock: time) -> datetime:
    """A wall-clock time on a local day. In the hour skipped when the clocks go forward, the time
    an hour later (01:30 becomes 02:30 BST); in the hour repeated when they go back, the first."""
    local = datetime.combine(day, clock, LONDON)
    return local.astimezone(timezone.utc).astimezone(LONDON)


def skipped_days(first: date, rule: str, cancelled: Container[date], skip_bank_holidays: bool,
                 bank_holidays: Callable[[int], Container[date]], before: date | None = None) -> list[date]:
    """The rule's days left out: called off, or bank holidays when the event skips them (the
    iCalendar EXDATEs)."""
    return [day for day in _days(first, rule, before)
            if day in cancelled or (skip_bank_holidays and day in bank_holidays(day.year))]


def occurrences(first: date, start: time, end: time | None, rule: str, *, cancelled: Container[date] = (),
                skip_bank_holidays: bool = False, bank_holidays: Callable[[int], Container[date]] = lambda y: (),
                since: date | None = None, before: date | None = None, limit: int | None = None) -> list[Occurrence]:
    """The event's occurrences on days from `since` (inclusive) to `before` (exclusive), in order,
    at most `limit` of them, leaving out days called off and (when asked) bank holidays."""
    found = []
    for day in _days(first, rule, before):
        if since is not None and day < since:
            continue
        if day in cancelled or (skip_bank_holidays and day in bank_holidays(day.year)):
            continue
        starts = _at(day, start)
        ends = _at(day, end) if end is not None else None
        found.append(Occurrence(day, starts, ends))
        if limit is not None and len(found) >= limit:
            break
    return found


def describe(first: date, rule: str) -> str:
    """The repeat in words, for people: "Every week on Monday and Thursday, until 30 June 2027"."""
    if not rule:
        return "Once"
    repeat = parse_rule(rule)
    every = {DAILY: "day", WEEKLY: "week"}.get(repeat.frequency, "month")
    lead = f"Every {every}" if repeat.interval == 1 else f"Every {repeat.interval} {every}s"
    if repeat.frequency == WEEKLY:
        names = [WEEKDAY_NAMES[WEEKDAYS.index(d)] for d in repeat.weekdays]
        lead += " on " + (", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0])
    elif repeat.frequency == MONTHLY_DATE:
        lead += f" on day {first.day}"
    elif repeat.frequency == MONTHLY_WEEKDAY:
        lead += f" on the {ORDINALS[week_of_month(first)]} {WEEKDAY_NAMES[first.weekday()]}"
    if repeat.until is not None:
        return f"{lead}, until {repeat.until.day} {repeat.until:%B %Y}"
    return f"{lead}, {repeat.count} times"
