from datetime import datetime, timezone

import pytest

from ieg.timeutil import as_utc, format_local, to_local


@pytest.mark.parametrize("utc,expected", [
    (datetime(2026, 1, 15, 14, 5, tzinfo=timezone.utc), "15 January 2026 at 2:05pm"),   # GMT
    (datetime(2026, 7, 15, 14, 5, tzinfo=timezone.utc), "15 July 2026 at 3:05pm"),      # BST
    (datetime(2026, 3, 29, 0, 59, tzinfo=timezone.utc), "29 March 2026 at 12:59am"),    # last minute of GMT
    (datetime(2026, 3, 29, 1, 0, tzinfo=timezone.utc), "29 March 2026 at 2:00am"),      # clocks go forward
    (datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc), "25 October 2026 at 1:30am"),  # BST 01:30
    (datetime(2026, 10, 25, 1, 30, tzinfo=timezone.utc), "25 October 2026 at 1:30am"),  # GMT 01:30 again
    (datetime(2026, 6, 1, 11, 0, tzinfo=timezone.utc), "1 June 2026 at midday"),
    (datetime(2026, 1, 1, 0, 0, tzinfo=timezone.utc), "1 January 2026 at midnight"),
])
def test_format_local_in_london(utc, expected):
    assert format_local(utc) == expected


def test_naive_is_taken_as_utc():
    assert as_utc(datetime(2026, 7, 1, 12, 0)) == datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc)
    assert to_local(datetime(2026, 7, 1, 12, 0)).hour == 13


def test_format_none_is_empty():
    assert format_local(None) == ""


def test_parse_local_in_winter_and_summer():
    from ieg.dates import parse_local
    assert parse_local("15", "1", "2027", "09:30") == datetime(2027, 1, 15, 9, 30, tzinfo=timezone.utc)
    assert parse_local("15", "7", "2027", "9:30") == datetime(2027, 7, 15, 8, 30, tzinfo=timezone.utc)
    # 01:30 on the last Sunday of October happens twice: the first (BST) is meant
    assert parse_local("31", "10", "2027", "01:30") == datetime(2027, 10, 31, 0, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize("args", [("28", "3", "2027", "01:30"), ("31", "2", "2027", "10:00"),
                                  ("1", "1", "2027", "25:00"), ("1", "1", "2027", "ten")])
def test_parse_local_refuses_times_that_do_not_exist(args):
    from ieg.dates import parse_local
    with pytest.raises(ValueError):
        parse_local(*args)
