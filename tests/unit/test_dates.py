"""Dates as people type them (ieg.dates): no app, no database."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from ieg import dates


def boxes(day="", month="", year="", name="when"):
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


def test_three_boxes_make_a_date_or_say_what_was_wrong():
    assert dates.day_month_year(boxes(" 14", "11 ", "2026"), "when") == date(2026, 11, 14)
    assert dates.day_month_year(boxes(), "when") is None
    assert dates.day_month_year({}, "when") is None
    for typed, problem in ((boxes("14", "Nov", "2026"), dates.NOT_NUMBERS), (boxes("14", "11", "26"), dates.NOT_NUMBERS),
                           (boxes("14", "", "2026"), dates.NOT_NUMBERS), (boxes("31", "6", "2026"), dates.NOT_REAL),
                           (boxes("29", "2", "2027"), dates.NOT_REAL)):
        with pytest.raises(dates.DateTypingError) as caught:
            dates.day_month_year(typed, "when")
        assert caught.value.problem == problem, typed
    assert dates.typed_parts(boxes(" 1 ", None, "2026"), "when") == {"day": "1", "month": "", "year": "2026"}


@pytest.mark.parametrize("raw", ["20260331", "2026-W13-2", "2026-3-31", "31/03/2026", "", "2026-03-31T00:00"])
def test_an_iso_date_is_exactly_yyyy_mm_dd(raw):
    with pytest.raises(dates.DateTypingError):
        dates.iso_date(raw)


def test_an_iso_date():
    assert dates.iso_date(" 2026-03-31 ") == date(2026, 3, 31)
    with pytest.raises(dates.DateTypingError) as caught:
        dates.iso_date("2026-02-30")
    assert caught.value.problem == dates.NOT_REAL


def test_staff_type_a_day_either_way_and_a_time_in_the_councils_zone():
    today = date(2026, 7, 1)
    assert dates.staff_day_and_time("23/11/2026", "14:30", "Europe/London", today) == datetime(
        2026, 11, 23, 14, 30, tzinfo=timezone.utc)
    assert dates.staff_day_and_time("2026-07-02", "", "Europe/London", today) == datetime(
        2026, 7, 1, 23, 0, tzinfo=timezone.utc)  # midnight BST
    assert dates.staff_day_and_time("", "09:15", "Europe/London", today) == datetime(2026, 7, 1, 8, 15, tzinfo=timezone.utc)
    for day, clock in (("31/06/2026", "10:00"), ("23/11/2026", "25:00"), ("tomorrow", "")):
        with pytest.raises(ValueError):
            dates.staff_day_and_time(day, clock, "Europe/London", today)


def test_local_midnight():
    assert dates.local_midnight(date(2026, 7, 1), "Europe/London") == datetime(2026, 6, 30, 23, tzinfo=timezone.utc)
    assert dates.local_midnight(date(2026, 12, 1), "Europe/London") == datetime(2026, 12, 1, tzinfo=timezone.utc)


def test_the_registers_target_date_is_read_like_every_other_typed_iso_date():
    """It took whatever Python's fromisoformat takes ("20260331", "2026-W13-2") although its
    message asks for 2026-03-31; the reports refused those: one rule now, the reports'."""
    from ieg.evidence import register
    assert register.parse_date(" 2026-03-31 ") == date(2026, 3, 31) and register.parse_date("  ") is None
    for raw in ("20260331", "2026-W13-2", "2026-02-30"):
        with pytest.raises(register.AssessmentError) as caught:
            register.parse_date(raw)
        assert caught.value.errors == {"target_date": "Enter the target date as a real date, like 2026-03-31"}
