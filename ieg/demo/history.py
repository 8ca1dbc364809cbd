"""The demo council's calendar: when it was set up and went live, relative to `now`, and
`History`, which runs the demo's stories in the order they happened."""
from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
SET_UP_DAYS, LAUNCH_DAYS = 420, 390  # before `now`: sections and staff set up; the site live


def local(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment in the council's day, in UTC."""
    return datetime.combine(day, time(hour, minute), LONDON).astimezone(ZoneInfo("UTC"))


def weekday(day: date) -> date:
    """The day, or the Friday before when it falls at a weekend: the office does the work."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def set_up_at(now: datetime) -> datetime:
    return local(weekday((now - timedelta(days=SET_UP_DAYS)).astimezone(LONDON).date()), 9)


def launched_at(now: datetime) -> datetime:
    """When the demo council's site went live and its service standards came into force."""
    return local(weekday((now - timedelta(days=LAUNCH_DAYS)).astimezone(LONDON).date()), 9)


class History:
    """The demo's past, run in the order it happened. A story is a generator that yields the
    moment of its next step and takes that step when resumed; `run` always resumes the story
    whose next step is earliest, so work on different pages, enquiries and assessments
    interleaves as it would have, and each step's audit entries are appended in time order."""

    def __init__(self) -> None:
        self._waiting: list[tuple[datetime, int, Iterator[datetime]]] = []
        self._order = itertools.count()  # equal moments: the story added first goes first

    def add(self, story: Iterator[datetime]) -> None:
        self._next(story, None)

    def once(self, at: datetime, step: Callable[[], object]) -> None:
        """A story of one step."""
        def story():
            yield at
            step()
        self.add(story())

    def _next(self, story: Iterator[datetime], after: datetime | None) -> None:
        at = next(story, None)
        if at is None:
            return
        if after is not None and at < after:
            raise ValueError(f"a demo story went back in time: {at} after {after}")
        heapq.heappush(self._waiting, (at, next(self._order), story))

    def run(self) -> None:
        while self._waiting:
            at, _, story = heapq.heappop(self._waiting)
            self._next(story, at)  # takes the step due at `at`, and queues the story's next
