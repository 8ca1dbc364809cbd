"""The staleness clock: an entry nobody has confirmed for a year may be out of date.

Pure (no Flask, no database). The clock starts at the last time the group's own editors confirmed
the entry or changed it. At 12 months they are reminded, at 13 reminded again, and at 14 the entry
is unpublished with a notice; confirming it (or changing it) publishes it again and restarts the
clock. Each notice is sent once per run of the clock: a notice already sent after the clock
started is not due again.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

REMIND_MONTHS, SECOND_REMINDER_MONTHS, UNPUBLISH_MONTHS = 12, 13, 14

REMIND, SECOND_REMINDER, UNPUBLISH = "remind", "second_reminder", "unpublish"


def add_months(moment: datetime, months: int) -> datetime:
    """The same day `months` later; a day the month lacks (31st, 29 February) becomes its last day."""
    month0 = moment.month - 1 + months
    year, month = moment.year + month0 // 12, month0 % 12 + 1
    last = (date(year + (month == 12), month % 12 + 1, 1) - date(year, month, 1)).days
    return moment.replace(year=year, month=month, day=min(moment.day, last))


@dataclass(frozen=True)
class Clock:
    """When each step falls due for a clock started at `started`."""
    started: datetime

    @property
    def remind_at(self) -> datetime:
        return add_months(self.started, REMIND_MONTHS)

    @property
    def second_reminder_at(self) -> datetime:
        return add_months(self.started, SECOND_REMINDER_MONTHS)

    @property
    def unpublish_at(self) -> datetime:
        return add_months(self.started, UNPUBLISH_MONTHS)


def _since(sent: datetime | None, started: datetime) -> bool:
    return sent is not None and sent >= started


def due(started: datetime, now: datetime, *, reminded_at: datetime | None = None,
        second_reminded_at: datetime | None = None, stale_at: datetime | None = None) -> str | None:
    """The one step due now for a published entry whose clock started at `started`, given when
    each notice was last sent; None when nothing is due. A run that missed days sends only the
    latest step due (an entry found at 14 months is unpublished, not reminded three times)."""
    clock = Clock(started)
    if now >= clock.unpublish_at:
        return None if _since(stale_at, started) else UNPUBLISH
    if now >= clock.second_reminder_at:
        return None if _since(second_reminded_at, started) else SECOND_REMINDER
    if now >= clock.remind_at:
        return None if _since(reminded_at, started) or _since(second_reminded_at, started) else REMIND
    return None


def is_stale(started: datetime, now: datetime) -> bool:
    """Past its first reminder: the entry should be confirmed."""
    return now >= Clock(started).remind_at
