"""The statutory clocks for meeting papers, as plain functions of dates (no Flask, no database).

"Clear days" exclude both the day the notice is published and the day of the meeting. An agenda
must be published five clear *working* days before the meeting (weekends and bank holidays do not
count); a key decision's notice 28 clear calendar days before."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from ieg.workingtime import Calendar

AGENDA_CLEAR_WORKING_DAYS = 5
KEY_DECISION_CLEAR_DAYS = 28
LONDON = ZoneInfo("Europe/London")
_DEFAULT = Calendar()


def local_day(instant: datetime) -> date:
    return instant.astimezone(LONDON).date()


def is_working_day(day: date, calendar: Calendar = _DEFAULT) -> bool:
    return calendar.is_working_day(day)


def clear_working_days(published: date, meeting: date, calendar: Calendar = _DEFAULT) -> int:
    """Working days strictly between the day of publication and the day of the meeting."""
    day, count = published + timedelta(days=1), 0
    while day < meeting:
        count += calendar.is_working_day(day)
        day += timedelta(days=1)
    return count


def agenda_deadline(meeting: date, calendar: Calendar = _DEFAULT) -> date:
    """The last day an agenda may be published and still leave five clear working days."""
    day, found = meeting, 0
    while found < AGENDA_CLEAR_WORKING_DAYS:
        day -= timedelta(days=1)
        found += calendar.is_working_day(day)
    return day - timedelta(days=1)


def key_decision_deadline(meeting: date) -> date:
    """The last day a key decision's notice may be published: 28 clear calendar days."""
    return meeting - timedelta(days=KEY_DECISION_CLEAR_DAYS + 1)


def agenda_on_time(published: date, meeting: date, calendar: Calendar = _DEFAULT) -> bool:
    return published <= agenda_deadline(meeting, calendar)


def key_notice_on_time(published: date, meeting: date) -> bool:
    return published <= key_decision_deadline(meeting)


def agenda_state(meeting_starts: datetime, agenda_published: datetime | None, today: date,
                 calendar: Calendar = _DEFAULT) -> str:
    """"on time", "late" (published after the deadline), "overdue" (unpublished, deadline passed),
    or "due" (unpublished, deadline still ahead)."""
    deadline = agenda_deadline(local_day(meeting_starts), calendar)
    if agenda_published is not None:
        return "on time" if local_day(agenda_published) <= deadline else "late"
    return "overdue" if today > deadline else "due"


def key_notice_state(meeting_starts: datetime, notice_published: datetime | None, today: date) -> str:
    """A key decision's notice against the 28-clear-days rule, as `agenda_state` for the agenda:
    "on time", "late", "overdue" (none published, deadline passed) or "due"."""
    deadline = key_decision_deadline(local_day(meeting_starts))
    if notice_published is not None:
        return "on time" if local_day(notice_published) <= deadline else "late"
    return "overdue" if today > deadline else "due"
