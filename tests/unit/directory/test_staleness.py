"""The staleness clock: reminded at 12 months, again at 13, unpublished at 14; each notice once per
run of the clock; confirming restarts it."""
from datetime import datetime

import pytest

from ieg.directory import staleness
from ieg.directory.staleness import REMIND, SECOND_REMINDER, UNPUBLISH, add_months, due

START = datetime(2025, 1, 31, 10, 0)


def test_months_keep_the_day_or_take_the_months_last():
    assert add_months(START, 12) == datetime(2026, 1, 31, 10, 0)
    assert add_months(START, 13) == datetime(2026, 2, 28, 10, 0)  # no 31 February
    assert add_months(datetime(2023, 2, 28), 12) == datetime(2024, 2, 28)
    assert add_months(datetime(2024, 2, 29), 12) == datetime(2025, 2, 28)
    assert add_months(datetime(2025, 11, 15), 14) == datetime(2027, 1, 15)


@pytest.mark.parametrize("now, expected", [
    (datetime(2026, 1, 31, 9, 59), None),              # a minute short of a year
    (datetime(2026, 1, 31, 10, 0), REMIND),
    (datetime(2026, 2, 27), REMIND),
    (datetime(2026, 2, 28, 10, 0), SECOND_REMINDER),   # 13 months (the 28th: February is short)
    (datetime(2026, 3, 30), SECOND_REMINDER),
    (datetime(2026, 3, 31, 10, 0), UNPUBLISH),
    (datetime(2027, 6, 1), UNPUBLISH),
])
def test_the_step_due_with_no_notice_sent(now, expected):
    assert due(START, now) == expected
    assert staleness.is_stale(START, now) == (expected is not None)


def test_each_notice_is_sent_once_per_run_of_the_clock():
    reminded = datetime(2026, 1, 31, 12, 0)
    assert due(START, datetime(2026, 2, 10), reminded_at=reminded) is None
    assert due(START, datetime(2026, 3, 1), reminded_at=reminded) == SECOND_REMINDER
    second = datetime(2026, 3, 1)
    assert due(START, datetime(2026, 3, 20), reminded_at=reminded, second_reminded_at=second) is None
    assert due(START, datetime(2026, 4, 1), reminded_at=reminded, second_reminded_at=second) == UNPUBLISH
    assert due(START, datetime(2026, 4, 2), reminded_at=reminded, second_reminded_at=second,
               stale_at=datetime(2026, 4, 1)) is None


def test_a_run_that_missed_days_sends_only_the_latest_step():
    # Found at 13 and a half months with nothing sent: the second reminder, not both.
    assert due(START, datetime(2026, 3, 15)) == SECOND_REMINDER
    # The second reminder already sent: the first is not sent late.
    assert due(START, datetime(2026, 3, 15), second_reminded_at=datetime(2026, 3, 1)) is None


def test_confirming_restarts_the_clock_and_old_notices_do_not_count():
    confirmed = datetime(2026, 4, 10)  # after being reminded twice and unpublished
    old = dict(reminded_at=datetime(2026, 1, 31), second_reminded_at=datetime(2026, 3, 1),
               stale_at=datetime(2026, 4, 1))
    assert due(confirmed, datetime(2026, 12, 1), **old) is None
    assert due(confirmed, datetime(2027, 4, 10), **old) == REMIND  # a year after the confirmation
    assert due(confirmed, datetime(2027, 6, 10), **old) == UNPUBLISH
