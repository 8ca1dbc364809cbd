"""The days the what's on list shows, from what a resident chose: today, this weekend, the next 7
days, or dates they typed (at most three months). Pure: no Flask, no database."""
from __future__ import annotations

from datetime import date, timedelta

from ieg.input_errors import InputError

TODAY, WEEKEND, WEEK, RANGE = "today", "weekend", "week", "range"
PERIODS = {TODAY: "Today", WEEKEND: "This weekend", WEEK: "Next 7 days", RANGE: "Choose dates"}
LONGEST = timedelta(days=92)


class PeriodError(InputError):
    pass


def days(period: str, today: date, start: date | None = None, end: date | None = None) -> tuple[date, date]:
    """(first day, day after the last). A weekend seen on a Saturday or Sunday is what is left of it;
    an unknown period is the next 7 days."""
    if period == TODAY:
        return today, today + timedelta(days=1)
    if period == WEEKEND:
        saturday = today + timedelta(days=(5 - today.weekday()) % 7) if today.weekday() < 5 else today
        return saturday, saturday - timedelta(days=saturday.weekday()) + timedelta(days=7)
    if period == RANGE:
        if start is None:
            raise PeriodError("Enter the first date", "from")
        end = end or start
        if end < start:
            raise PeriodError("The last date must be the same as or after the first date", "to")
        if end - start >= LONGEST:
            raise PeriodError("Choose dates no more than three months apart", "to")
        return start, end + timedelta(days=1)
    return today, today + timedelta(days=7)
