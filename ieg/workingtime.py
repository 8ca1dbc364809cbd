"""The corporate working-time calendar (DESIGN 3.4, R29). Pure: no Flask, no database.

Working hours per weekday in the council's zone, minus bank holidays (the `holidays` package)
and council closure days. Every datetime in and out is timezone-aware; results are UTC.
Each working day's hours are turned into two UTC instants, so working time is real elapsed
time, and 09:00-17:00 stays 09:00-17:00 local across the March and October clock changes.

Working time is half-open: a day's opening instant is in it, its closing instant is not.
A deadline may still fall exactly on a closing instant (Saturday 10:00 + 8h = Monday 17:00),
which counts as in time.

Deadline rules:
- RULE_ONE_WORKING_DAY: one working day's length of working time from receipt; receipt
  outside working hours counts from the next opening.
- RULE_NEXT_DAY_CLOSE: the clock starts at next_opening(receipt); the deadline is the
  closing time of the first working day after the day the clock starts on. So receipt before
  opening on a working day counts as that day (Tue 08:59 -> Wed 17:00), receipt at or after
  closing, or on a non-working day, counts as the next working day (Tue 17:00 -> Thu 17:00,
  Sat 10:00 -> Tue 17:00).

add_working_days(t, n) is add_working_time(t, n * working_day_length), so one working day
by either means is the same (add_working_days(t, 1) is the one-working-day deadline). When
weekdays differ in length, working_day_length must be given (day_length) and a "working day"
is that much working time, not "the same clock time n days later".
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

RULE_ONE_WORKING_DAY = "one_working_day"
RULE_NEXT_DAY_CLOSE = "close_of_next_working_day"
RULES = (RULE_ONE_WORKING_DAY, RULE_NEXT_DAY_CLOSE)

NINE_TO_FIVE = (time(9), time(17))
# Monday first, as date.weekday() counts.
DEFAULT_HOURS = (NINE_TO_FIVE,) * 5 + (None, None)

# A calendar with no working day for this long is misconfigured; stop rather than loop.
_MAX_IDLE_DAYS = 3 * 366
_ONE_DAY = timedelta(days=1)
_ZERO = timedelta(0)

Span = tuple[datetime, datetime]


def _as_time(value: time | str) -> time:
    parsed = value if isinstance(value, time) else time.fromisoformat(value)
    if parsed.tzinfo is not None:
        raise ValueError("working hours are wall-clock times in the calendar's zone, without tzinfo")
    return parsed


def _normalise_hours(hours) -> tuple[tuple[time, time] | None, ...]:
    if isinstance(hours, Mapping):
        unknown = set(hours) - set(range(7))
        if unknown:
            raise ValueError(f"weekdays are 0 (Monday) to 6 (Sunday), not {sorted(unknown)!r}")
        hours = [hours.get(day) for day in range(7)]
    hours = tuple(hours)
    if len(hours) != 7:
        raise ValueError("working hours need seven entries, Monday first")
    result = []
    for day, span in enumerate(hours):
        if span is None:
            result.append(None)
            continue
        opening, closing = (_as_time(value) for value in span)
        if not opening < closing:
            raise ValueError(f"weekday {day}: opening time must be before closing time")
        result.append((opening, closing))
    if all(span is None for span in result):
        raise ValueError("at least one weekday needs working hours")
    return tuple(result)


def _utc(value: datetime) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("naive datetime: working-time functions take timezone-aware UTC times")
    return value.astimezone(timezone.utc)


def _day(value: date) -> date:
    # datetime is a subclass of date, but which local day an instant falls on is the
    # calendar's business, so refuse it rather than guess.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError("expected a date (for an instant, use is_working_time)")
    return value


@dataclass(frozen=True)
class Calendar:
    """Working hours, zone, bank-holiday region and closure days; immutable and hashable.

    `hours`: seven (opening, closing) pairs or None, Monday first, or a mapping from
    weekday number (0 = Monday) to a pair; times may be `time` or "HH:MM" strings.
    `day_length`: the length of one working day; defaults to the length of the working
    hours, and must be given when working weekdays differ in length.
    """

    hours: tuple[tuple[time, time] | None, ...] = DEFAULT_HOURS
    zone: str = "Europe/London"
    country: str = "GB"
    subdiv: str | None = "ENG"
    closures: frozenset[date] = frozenset()
    day_length: timedelta | None = None
    _tz: ZoneInfo = field(init=False, repr=False, compare=False)
    # Per-instance caches; lookups for 100k enquiries hit these, not the holidays package.
    _years: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _spans: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self):
        hours = _normalise_hours(self.hours)
        object.__setattr__(self, "hours", hours)
        try:
            object.__setattr__(self, "_tz", ZoneInfo(self.zone))
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {self.zone!r}") from error
        try:
            holidays.country_holidays(self.country, subdiv=self.subdiv, years=())
        except NotImplementedError as error:
            raise ValueError(str(error)) from error
        closures = frozenset(_day(day) for day in self.closures)
        object.__setattr__(self, "closures", closures)

        lengths = {datetime.combine(date.min, closing) - datetime.combine(date.min, opening)
                   for opening, closing in filter(None, hours)}
        if self.day_length is None:
            if len(lengths) != 1:
                raise ValueError("working weekdays differ in length: give day_length")
            object.__setattr__(self, "day_length", lengths.pop())
        elif self.day_length <= _ZERO:
            raise ValueError("day_length must be positive")

    @property
    def working_day_length(self) -> timedelta:
        return self.day_length

    # Days -------------------------------------------------------------------------------

    def bank_holidays(self, year: int) -> Mapping[date, str]:
        """The year's bank holidays by date, with their names (weekend dates included)."""
        found = self._years.get(year)
        if found is None:
            found = MappingProxyType(dict(
                holidays.country_holidays(self.country, subdiv=self.subdiv, years=year)))
            self._years[year] = found
        return found

    def is_working_day(self, day: date) -> bool:
        return self._span(_day(day)) is not None

    def hours_on(self, day: date) -> Span | None:
        """The day's (opening, closing) as UTC instants, or None if it is not a working day."""
        return self._span(_day(day))

    def _span(self, day: date) -> Span | None:
        try:
            return self._spans[day]
        except KeyError:
            pass
        hours = self.hours[day.weekday()]
        if hours is None or day in self.closures or day in self.bank_holidays(day.year):
            span = None
        else:
            opening = datetime.combine(day, hours[0], tzinfo=self._tz).astimezone(timezone.utc)
            closing = datetime.combine(day, hours[1], tzinfo=self._tz).astimezone(timezone.utc)
            # A time in the spring-forward gap can map before an earlier wall time; never invert.
            span = (opening, max(opening, closing))
        self._spans[day] = span
        return span

    def _spans_from(self, day: date) -> Iterator[Span]:
        """Each working day's span, in order, from `day` (a local date) on."""
        idle = 0
        while True:
            span = self._span(day)
            if span is not None:
                idle = 0
                yield span
            else:
                idle += 1
                if idle > _MAX_IDLE_DAYS:
                    raise ValueError(f"no working day for {_MAX_IDLE_DAYS} days after {day}: "
                                     "check the calendar")
            day += _ONE_DAY

    def _local_day(self, instant: datetime) -> date:
        return instant.astimezone(self._tz).date()

    # Instants ---------------------------------------------------------------------------

    def is_working_time(self, instant: datetime) -> bool:
        instant = _utc(instant)
        span = self._span(self._local_day(instant))
        return span is not None and span[0] <= instant < span[1]

    def next_opening(self, instant: datetime) -> datetime:
        """The instant itself if it is working time, otherwise the next opening."""
        instant = _utc(instant)
        for opening, closing in self._spans_from(self._local_day(instant)):
            if instant < closing:
                return max(instant, opening)

    def add_working_time(self, instant: datetime, amount: timedelta) -> datetime:
        """The instant when `amount` of working time has passed since `instant`.

        Counting starts at next_opening(instant); a result exactly at a closing time stays
        there rather than moving to the next opening. Adding nothing gives next_opening."""
        instant = _utc(instant)
        if amount < _ZERO:
            raise ValueError("cannot add negative working time")
        if not amount:
            return self.next_opening(instant)
        left = amount
        for opening, closing in self._spans_from(self._local_day(instant)):
            if instant >= closing:
                continue
            start = max(instant, opening)
            if left <= closing - start:
                return start + left
            left -= closing - start

    def add_working_days(self, instant: datetime, days: int) -> datetime:
        """`days` whole working days later: add_working_time with days * working_day_length."""
        if days < 0:
            raise ValueError("cannot add a negative number of working days")
        return self.add_working_time(instant, days * self.day_length)

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time elapsed from `start` to `end`; nothing if end is not after start."""
        start, end = _utc(start), _utc(end)
        total = _ZERO
        if end <= start:
            return total
        for opening, closing in self._spans_from(self._local_day(start)):
            if opening >= end:
                return total
            if closing > start:
                total += min(closing, end) - max(opening, start)

    def deadline(self, received: datetime, rule: str = RULE_ONE_WORKING_DAY) -> datetime:
        """The response deadline for a message received at `received` under `rule`."""
        if rule == RULE_ONE_WORKING_DAY:
            return self.add_working_time(received, self.day_length)
        if rule == RULE_NEXT_DAY_CLOSE:
            start = self.next_opening(received)
            return next(self._spans_from(self._local_day(start) + _ONE_DAY))[1]
        raise ValueError(f"unknown deadline rule {rule!r}; expected one of {RULES!r}")


def load_holiday_rules() -> None:
    """Import the `holidays` package's country rules now: its first calendar imports every
    country (half a second or more), which would otherwise fall on a process's first enquiry."""
    Calendar()
