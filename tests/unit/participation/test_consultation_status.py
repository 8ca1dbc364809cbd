"""The status clock: upcoming, open, closed, concluded, across the clock changes."""
from datetime import datetime, timedelta, timezone

import pytest

from ieg.dates import parse_local
from ieg.participation.consultation_status import (CLOSED, CONCLUDED, OPEN, UPCOMING, conclusion_problem,
                                                   status_at, window_problem)

UTC = timezone.utc


def test_status_follows_the_dates():
    opens, closes = datetime(2026, 3, 1, 9, tzinfo=UTC), datetime(2026, 4, 1, 9, tzinfo=UTC)
    assert status_at(opens - timedelta(seconds=1), opens, closes) == UPCOMING
    assert status_at(opens, opens, closes) == OPEN
    assert status_at(closes - timedelta(seconds=1), opens, closes) == OPEN
    assert status_at(closes, opens, closes) == CLOSED
    assert status_at(closes + timedelta(days=99), opens, closes, concluded=True) == CONCLUDED


def test_opening_and_closing_at_local_nine_either_side_of_the_clocks_going_forward():
    # Opens 09:00 GMT on 28 March 2026, closes 09:00 BST on 30 March (the clocks went forward on the 29th).
    opens = parse_local("28", "3", "2026", "09:00")
    closes = parse_local("30", "3", "2026", "09:00")
    assert opens == datetime(2026, 3, 28, 9, tzinfo=UTC)
    assert closes == datetime(2026, 3, 30, 8, tzinfo=UTC)
    assert status_at(datetime(2026, 3, 30, 7, 59, 59, tzinfo=UTC), opens, closes) == OPEN
    assert status_at(datetime(2026, 3, 30, 8, tzinfo=UTC), opens, closes) == CLOSED


def test_closing_at_local_midnight_when_the_clocks_go_back():
    # 25 October 2026: BST ends at 02:00 local. Closing at 23:59 local on the 25th is GMT.
    opens = parse_local("20", "10", "2026", "00:00")
    closes = parse_local("25", "10", "2026", "23:59")
    assert opens == datetime(2026, 10, 19, 23, tzinfo=UTC)
    assert closes == datetime(2026, 10, 25, 23, 59, tzinfo=UTC)
    assert status_at(datetime(2026, 10, 19, 22, 59, tzinfo=UTC), opens, closes) == UPCOMING
    assert status_at(datetime(2026, 10, 19, 23, tzinfo=UTC), opens, closes) == OPEN
    assert status_at(datetime(2026, 10, 25, 23, 59, tzinfo=UTC), opens, closes) == CLOSED


def test_a_skipped_local_time_is_refused():
    with pytest.raises(ValueError):
        parse_local("29", "3", "2026", "01:30")


@pytest.mark.parametrize("status, published, problem", [
    (UPCOMING, True, "must close"), (OPEN, True, "must close"), (CLOSED, False, "Publish"),
    (CONCLUDED, True, "already"), (CLOSED, True, None)])
def test_concluding_needs_the_outcome_page_published(status, published, problem):
    found = conclusion_problem(status, published)
    assert (found is None) if problem is None else (problem in found)


def test_the_window_must_run_forwards():
    t = datetime(2026, 1, 1, tzinfo=UTC)
    assert window_problem(t, t) and window_problem(t, t - timedelta(minutes=1))
    assert window_problem(t, t + timedelta(minutes=1)) is None


def test_closing_time_is_written_in_uk_time_as_gov_uk_writes_it_either_side_of_a_clock_change():
    from ieg.participation.consultation_status import closing_words
    # 23:59 UTC in January is 11:59pm in London; 22:59 UTC in July is 11:59pm too (BST).
    assert closing_words(datetime(2027, 1, 15, 23, 59, tzinfo=UTC)) == "11:59pm on Friday 15 January 2027"
    assert closing_words(datetime(2027, 7, 15, 22, 59, tzinfo=UTC)) == "11:59pm on Thursday 15 July 2027"
    # The last Sunday of October 2026: 00:30 UTC is 1:30am BST, 01:30 UTC is 1:30am GMT.
    assert closing_words(datetime(2026, 10, 25, 0, 30, tzinfo=UTC)) == "1:30am on Sunday 25 October 2026"
    assert closing_words(datetime(2026, 10, 25, 1, 30, tzinfo=UTC)) == "1:30am on Sunday 25 October 2026"
    assert closing_words(datetime(2026, 3, 29, 1, 0, tzinfo=UTC)) == "2am on Sunday 29 March 2026"
    assert closing_words(datetime(2026, 6, 1, 11, tzinfo=UTC)) == "midday on Monday 1 June 2026"
    assert closing_words(datetime(2026, 12, 1, 0, tzinfo=UTC)) == "midnight at the start of Tuesday 1 December 2026"
