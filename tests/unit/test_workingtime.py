"""The working-time calendar (DESIGN 3.4, R29): deadlines, clock changes, bank holidays."""
import json
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ieg.workingtime import (RULE_NEXT_DAY_CLOSE, RULE_ONE_WORKING_DAY, RULES, Calendar)

GOVUK_FILE = Path(__file__).resolve().parents[1] / "data" / "govuk-bank-holidays-2012-2028.json"
LONDON = ZoneInfo("Europe/London")
UTC = timezone.utc
HOUR = timedelta(hours=1)
CAL = Calendar()


def london(y, m, d, hh=0, mm=0):
    """A London wall-clock time as the UTC instant the calendar takes and returns."""
    return datetime(y, m, d, hh, mm, tzinfo=LONDON).astimezone(UTC)


def utc(y, m, d, hh=0, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=UTC)


# (why, received, one-working-day deadline, close-of-next-working-day deadline)
DEADLINES = [
    ("Tuesday afternoon", london(2026, 3, 3, 14), london(2026, 3, 4, 14), london(2026, 3, 4, 17)),
    ("Friday afternoon", london(2026, 3, 6, 16), london(2026, 3, 9, 16), london(2026, 3, 9, 17)),
    ("Saturday", london(2026, 3, 7, 10), london(2026, 3, 9, 17), london(2026, 3, 10, 17)),
    ("exactly at closing", london(2026, 3, 3, 17), london(2026, 3, 4, 17), london(2026, 3, 5, 17)),
    ("a minute before opening", london(2026, 3, 3, 8, 59), london(2026, 3, 3, 17),
     london(2026, 3, 4, 17)),
    ("exactly at opening", london(2026, 3, 3, 9), london(2026, 3, 3, 17), london(2026, 3, 4, 17)),
    ("a minute before closing", london(2026, 3, 3, 16, 59), london(2026, 3, 4, 16, 59),
     london(2026, 3, 4, 17)),
    ("late evening", london(2026, 3, 3, 23, 30), london(2026, 3, 4, 17), london(2026, 3, 5, 17)),
    # Easter 2026: Good Friday 3 April, Easter Monday 6 April
    ("Maundy Thursday afternoon", london(2026, 4, 2, 15), london(2026, 4, 7, 15),
     london(2026, 4, 7, 17)),
    ("Wednesday before Easter", london(2026, 4, 1, 15), london(2026, 4, 2, 15),
     london(2026, 4, 2, 17)),
    # 2025: Christmas Thursday, Boxing Day Friday
    ("Christmas Eve 2025", london(2025, 12, 24, 15), london(2025, 12, 29, 15),
     london(2025, 12, 29, 17)),
    # 2021: Christmas Saturday, Boxing Day Sunday; substitutes Monday 27 and Tuesday 28
    ("Christmas Eve 2021", london(2021, 12, 24, 15), london(2021, 12, 29, 15),
     london(2021, 12, 29, 17)),
    # 2022: Christmas Sunday, Boxing Day Monday, substitute Tuesday 27
    ("Christmas Eve 2022 (Saturday)", london(2022, 12, 24, 14), london(2022, 12, 28, 17),
     london(2022, 12, 29, 17)),
    ("Friday before Christmas 2022", london(2022, 12, 23, 15), london(2022, 12, 28, 15),
     london(2022, 12, 28, 17)),
    # 2026: Boxing Day Saturday, substitute Monday 28
    ("Christmas Eve 2026", london(2026, 12, 24, 15), london(2026, 12, 29, 15),
     london(2026, 12, 29, 17)),
    # Last Sunday of March 2026 (29th): clocks go forward at 01:00 UTC
    ("Friday before spring forward", utc(2026, 3, 27, 16), utc(2026, 3, 30, 15),
     utc(2026, 3, 30, 16)),
    ("night of spring forward, GMT", utc(2026, 3, 29, 0, 30), utc(2026, 3, 30, 16),
     utc(2026, 3, 31, 16)),
    ("night of spring forward, BST", utc(2026, 3, 29, 1, 30), utc(2026, 3, 30, 16),
     utc(2026, 3, 31, 16)),
    # Last Sunday of October 2026 (25th): 01:00-02:00 local happens twice
    ("Friday before fall back", utc(2026, 10, 23, 15), utc(2026, 10, 26, 16), utc(2026, 10, 26, 17)),
    ("first 01:30 (BST)", utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 17), utc(2026, 10, 27, 17)),
    ("second 01:30 (GMT)", utc(2026, 10, 25, 1, 30), utc(2026, 10, 26, 17), utc(2026, 10, 27, 17)),
    # Special bank holidays
    ("before the 2022 state funeral", london(2022, 9, 16, 16), london(2022, 9, 20, 16),
     london(2022, 9, 20, 17)),
    ("before the 2023 coronation", london(2023, 5, 5, 16), london(2023, 5, 9, 16),
     london(2023, 5, 9, 17)),
    ("during the 2023 coronation", london(2023, 5, 8, 11), london(2023, 5, 9, 17),
     london(2023, 5, 10, 17)),
    # 2012: spring bank holiday moved to Monday 4 June, Diamond Jubilee Tuesday 5 June
    ("before the Diamond Jubilee", london(2012, 6, 1, 16), london(2012, 6, 6, 16),
     london(2012, 6, 6, 17)),
]


@pytest.mark.parametrize("why,received,one_day,next_close", DEADLINES, ids=[c[0] for c in DEADLINES])
def test_one_working_day_deadline(why, received, one_day, next_close):
    assert CAL.deadline(received, RULE_ONE_WORKING_DAY) == one_day
    assert CAL.deadline(received) == one_day  # the default rule
    assert CAL.add_working_days(received, 1) == one_day


@pytest.mark.parametrize("why,received,one_day,next_close", DEADLINES, ids=[c[0] for c in DEADLINES])
def test_close_of_next_working_day_deadline(why, received, one_day, next_close):
    assert CAL.deadline(received, RULE_NEXT_DAY_CLOSE) == next_close


def test_results_are_utc_and_local_hours_hold_across_clock_changes():
    # Friday 16:00 GMT to Monday 16:00 BST is 71 hours of clock time but 8 of working time.
    received, due = utc(2026, 3, 27, 16), CAL.deadline(utc(2026, 3, 27, 16))
    assert due.tzinfo is UTC
    assert due.astimezone(LONDON).replace(tzinfo=None) == datetime(2026, 3, 30, 16)
    assert due - received == timedelta(hours=71)
    assert CAL.working_time_between(received, due) == 8 * HOUR
    assert CAL.deadline(utc(2026, 10, 23, 15)).astimezone(LONDON).hour == 16


def test_a_council_closure_day_is_not_worked():
    closed = Calendar(closures={date(2026, 3, 4)})
    assert not closed.is_working_day(date(2026, 3, 4))
    assert CAL.is_working_day(date(2026, 3, 4))
    assert closed.deadline(london(2026, 3, 3, 14)) == london(2026, 3, 5, 14)
    assert closed.deadline(london(2026, 3, 3, 14), RULE_NEXT_DAY_CLOSE) == london(2026, 3, 5, 17)
    assert closed.next_opening(london(2026, 3, 3, 18)) == london(2026, 3, 5, 9)
    assert closed != CAL


@pytest.mark.parametrize("day,working", [
    (date(2026, 3, 3), True),       # Tuesday
    (date(2026, 3, 7), False),      # Saturday
    (date(2026, 3, 8), False),      # Sunday
    (date(2026, 4, 3), False),      # Good Friday
    (date(2026, 4, 6), False),      # Easter Monday
    (date(2022, 9, 19), False),     # state funeral of Queen Elizabeth II
    (date(2023, 5, 8), False),      # coronation of King Charles III
    (date(2012, 6, 4), False),      # spring bank holiday, moved
    (date(2012, 6, 5), False),      # Diamond Jubilee
    (date(2012, 5, 28), True),      # the usual spring bank holiday Monday, worked in 2012
    (date(2021, 12, 28), False),    # substitute for Boxing Day
    (date(2020, 5, 8), False),      # early May bank holiday moved to VE Day
    (date(2020, 5, 4), True),
    (date(2026, 1, 2), True),       # a Scottish holiday only
])
def test_is_working_day(day, working):
    assert CAL.is_working_day(day) is working


def test_special_bank_holidays_are_named():
    assert "Funeral" in CAL.bank_holidays(2022)[date(2022, 9, 19)]
    assert "Coronation" in CAL.bank_holidays(2023)[date(2023, 5, 8)]
    assert "Jubilee" in CAL.bank_holidays(2012)[date(2012, 6, 5)]


@pytest.mark.parametrize("instant,working", [
    (london(2026, 3, 3, 9), True),
    (london(2026, 3, 3, 8, 59), False),
    (london(2026, 3, 3, 16, 59), True),
    (london(2026, 3, 3, 17), False),   # closing is not working time
    (london(2026, 3, 7, 12), False),
    (utc(2026, 7, 1, 8), True),        # 09:00 BST
    (utc(2026, 7, 1, 16), False),      # 17:00 BST
    (utc(2026, 1, 6, 16), True),       # 16:00 GMT
])
def test_is_working_time(instant, working):
    assert CAL.is_working_time(instant) is working


@pytest.mark.parametrize("instant,opening", [
    (london(2026, 3, 3, 12), london(2026, 3, 3, 12)),   # already open: itself
    (london(2026, 3, 3, 7), london(2026, 3, 3, 9)),
    (london(2026, 3, 3, 17), london(2026, 3, 4, 9)),
    (london(2026, 3, 6, 18), london(2026, 3, 9, 9)),
    (london(2026, 4, 2, 17, 30), london(2026, 4, 7, 9)),
    (utc(2026, 3, 29, 12), utc(2026, 3, 30, 8)),
])
def test_next_opening(instant, opening):
    assert CAL.next_opening(instant) == opening


@pytest.mark.parametrize("start,end,expected", [
    (london(2026, 3, 3, 14), london(2026, 3, 4, 14), 8 * HOUR),
    (london(2026, 3, 6, 16), london(2026, 3, 9, 10), 2 * HOUR),
    (london(2026, 3, 7, 10), london(2026, 3, 8, 10), timedelta(0)),
    (london(2026, 3, 4, 10), london(2026, 3, 3, 10), timedelta(0)),     # end before start
    (london(2026, 3, 3, 10), london(2026, 3, 3, 10), timedelta(0)),
    (london(2026, 3, 2, 0), london(2026, 3, 9, 0), 40 * HOUR),          # a whole week
    (london(2026, 3, 30, 0), london(2026, 4, 13, 0), 64 * HOUR),        # Easter fortnight
    (london(2026, 3, 3, 20), london(2026, 3, 4, 8), timedelta(0)),
])
def test_working_time_between(start, end, expected):
    assert CAL.working_time_between(start, end) == expected


@pytest.mark.parametrize("received,days,expected", [
    (london(2026, 3, 2, 10), 5, london(2026, 3, 9, 10)),
    (london(2026, 3, 30, 10), 5, london(2026, 4, 8, 10)),      # over Easter
    (london(2026, 3, 7, 10), 5, london(2026, 3, 13, 17)),      # received on Saturday
    (london(2026, 3, 7, 10), 0, london(2026, 3, 9, 9)),        # no time: the next opening
    (london(2021, 12, 20, 11), 5, london(2021, 12, 29, 11)),   # skips 27 and 28 December
])
def test_add_working_days(received, days, expected):
    assert CAL.add_working_days(received, days) == expected


def test_add_working_time_stops_exactly_at_closing():
    assert CAL.add_working_time(london(2026, 3, 3, 9), 8 * HOUR) == london(2026, 3, 3, 17)
    assert CAL.add_working_time(london(2026, 3, 3, 16), HOUR) == london(2026, 3, 3, 17)
    assert CAL.add_working_time(london(2026, 3, 3, 16), HOUR + timedelta(minutes=1)) \
        == london(2026, 3, 4, 9, 1)
    assert CAL.add_working_time(london(2026, 3, 3, 17), timedelta(0)) == london(2026, 3, 4, 9)


def test_hours_per_weekday():
    # Friday closes early, Saturday morning is worked, Wednesday is not.
    hours = {0: ("09:00", "17:00"), 1: (time(9), time(17)), 3: ("09:00", "17:00"),
             4: ("09:00", "16:30"), 5: ("09:00", "12:00")}
    with pytest.raises(ValueError, match="day_length"):
        Calendar(hours=hours)
    cal = Calendar(hours=hours, day_length=8 * HOUR)
    assert cal.working_day_length == 8 * HOUR
    assert not cal.is_working_day(date(2026, 3, 4))   # Wednesday
    assert cal.is_working_day(date(2026, 3, 7))       # Saturday
    assert cal.deadline(london(2026, 3, 3, 14)) == london(2026, 3, 5, 14)
    # Friday 14:00: 2.5h Friday, 3h Saturday, 2.5h Monday
    assert cal.deadline(london(2026, 3, 6, 14)) == london(2026, 3, 9, 11, 30)
    assert cal.deadline(london(2026, 3, 6, 14), RULE_NEXT_DAY_CLOSE) == london(2026, 3, 7, 12)
    assert cal.hours_on(date(2026, 3, 6)) == (london(2026, 3, 6, 9), london(2026, 3, 6, 16, 30))
    assert cal.hours_on(date(2026, 3, 8)) is None


def test_equal_hours_give_the_day_length():
    assert CAL.working_day_length == 8 * HOUR
    assert Calendar(hours=[("08:30", "16:00")] * 5 + [None, None]).working_day_length \
        == timedelta(hours=7, minutes=30)


def test_another_subdivision_and_zone():
    scotland = Calendar(subdiv="SCT")
    assert not scotland.is_working_day(date(2026, 1, 2))
    assert not scotland.is_working_day(date(2025, 12, 1))   # St Andrew's Day, substitute
    assert scotland.is_working_day(date(2026, 4, 6))        # no Easter Monday holiday
    paris = Calendar(zone="Europe/Paris")
    assert paris.deadline(utc(2026, 3, 3, 13)) == utc(2026, 3, 4, 13)   # 14:00 in Paris
    assert paris.next_opening(utc(2026, 3, 3, 7)) == utc(2026, 3, 3, 8)


def test_calendars_are_values():
    assert Calendar() == CAL
    assert hash(Calendar()) == hash(CAL)
    assert Calendar(closures=[date(2026, 3, 4)]) == Calendar(closures={date(2026, 3, 4)})
    with pytest.raises(AttributeError):
        CAL.zone = "Europe/Paris"


def test_aware_times_in_other_zones_are_accepted_and_answers_are_utc():
    received = datetime(2026, 3, 3, 14, tzinfo=LONDON)
    assert CAL.deadline(received) == london(2026, 3, 4, 14)
    assert CAL.deadline(received).tzinfo is UTC


@pytest.mark.parametrize("call", [
    lambda: CAL.deadline(datetime(2026, 3, 3, 14)),
    lambda: CAL.is_working_time(datetime(2026, 3, 3, 14)),
    lambda: CAL.next_opening(datetime(2026, 3, 3, 14)),
    lambda: CAL.add_working_time(datetime(2026, 3, 3, 14), HOUR),
    lambda: CAL.working_time_between(utc(2026, 3, 3, 14), datetime(2026, 3, 4, 14)),
    lambda: CAL.add_working_days(utc(2026, 3, 3, 14), -1),
    lambda: CAL.add_working_time(utc(2026, 3, 3, 14), -HOUR),
    lambda: CAL.deadline(utc(2026, 3, 3, 14), "end_of_week"),
    lambda: Calendar(hours=[None] * 7),
    lambda: Calendar(hours={0: ("17:00", "09:00")}),
    lambda: Calendar(hours={7: ("09:00", "17:00")}),
    lambda: Calendar(hours=[("09:00", "17:00")] * 5),
    lambda: Calendar(zone="Europe/Nowhere"),
    lambda: Calendar(subdiv="XXX"),
    lambda: Calendar(day_length=timedelta(0)),
])
def test_bad_input_is_refused(call):
    with pytest.raises(ValueError):
        call()


def test_is_working_day_wants_a_date():
    with pytest.raises(TypeError):
        CAL.is_working_day(utc(2026, 3, 3, 14))
    with pytest.raises(TypeError):
        Calendar(closures={utc(2026, 3, 4)})


def test_rules_are_listed():
    assert RULES == (RULE_ONE_WORKING_DAY, RULE_NEXT_DAY_CLOSE)
    assert RULE_ONE_WORKING_DAY == "one_working_day"
    assert RULE_NEXT_DAY_CLOSE == "close_of_next_working_day"


# Bank holidays against the official GOV.UK file -------------------------------------------

def govuk_england_and_wales() -> dict[int, set[date]]:
    events = json.loads(GOVUK_FILE.read_text(encoding="utf-8"))["england-and-wales"]["events"]
    by_year: dict[int, set[date]] = {}
    for event in events:
        day = date.fromisoformat(event["date"])
        by_year.setdefault(day.year, set()).add(day)
    return by_year


GOVUK = govuk_england_and_wales()


def test_the_govuk_file_covers_2012_to_2028():
    assert sorted(GOVUK) == list(range(2012, 2029))


@pytest.mark.parametrize("year", sorted(GOVUK))
def test_bank_holidays_match_govuk(year):
    official = GOVUK[year]
    package = set(CAL.bank_holidays(year))
    # Every GOV.UK bank holiday is in the package and is not worked.
    assert official <= package
    assert not any(CAL.is_working_day(day) for day in official)
    # The package also lists a holiday's own date when it falls on a weekend (its
    # substitute is the bank holiday GOV.UK lists); on weekdays the two agree exactly.
    assert {day for day in package if day.weekday() < 5} == official
    assert all(day.weekday() >= 5 for day in package - official)


# Properties ------------------------------------------------------------------------------

receipts = st.datetimes(min_value=datetime(2012, 1, 1), max_value=datetime(2028, 12, 1),
                        timezones=st.just(UTC))
amounts = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30))
rules = st.sampled_from(RULES)


def within_working_hours(instant: datetime) -> bool:
    """Inside a working day's hours, where a closing instant counts (it is still in time)
    and an opening instant does not (nothing is due before any working time has passed)."""
    span = CAL.hours_on(instant.astimezone(LONDON).date())
    return span is not None and span[0] < instant <= span[1]


@settings(max_examples=300)
@given(receipts, rules)
def test_a_deadline_falls_in_working_hours_after_receipt(received, rule):
    due = CAL.deadline(received, rule)
    assert due > received
    assert within_working_hours(due)
    if rule == RULE_NEXT_DAY_CLOSE:
        assert due == CAL.hours_on(due.astimezone(LONDON).date())[1]


@settings(max_examples=300)
@given(receipts, receipts, rules)
def test_deadlines_never_go_backwards(first, second, rule):
    first, second = sorted((first, second))
    assert CAL.deadline(first, rule) <= CAL.deadline(second, rule)


@settings(max_examples=300)
@given(receipts)
def test_one_working_day_is_a_working_day_of_working_time(received):
    due = CAL.deadline(received, RULE_ONE_WORKING_DAY)
    assert CAL.working_time_between(received, due) == CAL.working_day_length
    # ...and not a moment less: just before, the working time is short.
    assert CAL.working_time_between(received, due - timedelta(microseconds=1)) < 8 * HOUR


@settings(max_examples=200)
@given(receipts)
def test_next_opening_is_the_first_working_instant(received):
    opening = CAL.next_opening(received)
    assert opening >= received
    assert CAL.is_working_time(opening)
    assert CAL.working_time_between(received, opening) == timedelta(0)


# Hours over the small hours of Sunday cross both clock changes.
ODD = Calendar(hours=[("09:00", "17:00")] * 5 + [None, ("00:30", "03:00")], day_length=8 * HOUR)


@settings(max_examples=300)
@given(receipts, amounts)
def test_adding_then_measuring_gives_back_the_amount(received, amount):
    for cal in (CAL, ODD):
        later = cal.add_working_time(received, amount)
        assert later >= received
        assert cal.working_time_between(received, later) == amount


@settings(max_examples=200)
@given(receipts, receipts, receipts)
def test_working_time_adds_up(a, b, c):
    a, b, c = sorted((a, b, c))
    for cal in (CAL, ODD):
        assert cal.working_time_between(a, b) + cal.working_time_between(b, c) \
            == cal.working_time_between(a, c)


def test_a_sunday_spanning_the_clock_change_is_real_time():
    # 00:30-03:00 local is 1.5 hours when the clocks go forward and 3.5 when they go back.
    spring, autumn = ODD.hours_on(date(2026, 3, 29)), ODD.hours_on(date(2026, 10, 25))
    assert spring[1] - spring[0] == timedelta(hours=1, minutes=30)
    assert autumn[1] - autumn[0] == timedelta(hours=3, minutes=30)
