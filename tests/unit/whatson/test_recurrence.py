"""Repeating events: wall-clock times across the clock changes, bank holidays and dates called off."""
from datetime import date, time, timedelta, timezone

import pytest

from ieg.whatson import recurrence as r
from ieg.workingtime import Calendar

ENGLAND = Calendar()


def test_a_weekly_evening_event_stays_at_19_00_across_both_clock_changes():
    # Clocks go forward on 28 March 2027 and back on 31 October 2027.
    rule = r.build_rule(r.Repeat(r.WEEKLY, weekdays=("TH",), until=date(2027, 11, 11)), date(2027, 3, 18))
    found = r.occurrences(date(2027, 3, 18), time(19), time(21), rule)
    assert [o.starts.strftime("%H:%M") for o in found] == ["19:00"] * len(found)
    assert [o.ends.strftime("%H:%M") for o in found] == ["21:00"] * len(found)
    by_day = {o.day: o.starts.astimezone(timezone.utc).strftime("%H:%M") for o in found}
    assert by_day[date(2027, 3, 25)] == "19:00"  # GMT
    assert by_day[date(2027, 4, 1)] == "18:00"  # BST
    assert by_day[date(2027, 10, 28)] == "18:00"
    assert by_day[date(2027, 11, 4)] == "19:00"
    assert r.last_date(date(2027, 3, 18), rule) == date(2027, 11, 11)


def test_a_time_in_the_skipped_hour_moves_an_hour_on_and_the_repeated_hour_means_the_first():
    found = {o.day: o for o in r.occurrences(date(2027, 3, 27), time(1, 30), None, r.build_rule(
        r.Repeat(r.DAILY, count=2), date(2027, 3, 27)))}
    assert found[date(2027, 3, 28)].starts.strftime("%H:%M %Z") == "02:30 BST"
    back = r.occurrences(date(2027, 10, 31), time(1, 30), None, "")[0]
    assert back.starts.strftime("%H:%M %Z") == "01:30 BST"


def test_bank_holidays_are_skipped_only_when_asked_and_dates_called_off_always():
    first = date(2027, 4, 26)  # a Monday; 3 May and 31 May 2027 are bank holidays
    rule = r.build_rule(r.Repeat(r.WEEKLY, weekdays=("MO",), count=6), first)
    every = [o.day for o in r.occurrences(first, time(10), None, rule)]
    assert date(2027, 5, 3) in every and len(every) == 6
    kept = [o.day for o in r.occurrences(first, time(10), None, rule, skip_bank_holidays=True,
                                         bank_holidays=ENGLAND.bank_holidays, cancelled={date(2027, 5, 17)})]
    assert kept == [date(2027, 4, 26), date(2027, 5, 10), date(2027, 5, 24)]
    assert r.skipped_days(first, rule, {date(2027, 5, 17)}, True, ENGLAND.bank_holidays) == [
        date(2027, 5, 3), date(2027, 5, 17), date(2027, 5, 31)]


def test_christmas_and_boxing_day_substitutes_are_bank_holidays_too():
    # 25 and 26 December 2027 fall at a weekend: the days off are the 27th and 28th as well.
    first = date(2027, 12, 20)
    rule = r.build_rule(r.Repeat(r.DAILY, until=date(2027, 12, 31)), first)
    kept = {o.day for o in r.occurrences(first, time(9), None, rule, skip_bank_holidays=True,
                                         bank_holidays=ENGLAND.bank_holidays)}
    assert {date(2027, 12, d) for d in (25, 26, 27, 28)}.isdisjoint(kept)
    assert date(2027, 12, 24) in kept and date(2027, 12, 29) in kept and len(kept) == 8


def test_monthly_by_date_and_by_second_tuesday_and_the_last_weekday():
    assert r.build_rule(r.Repeat(r.MONTHLY_DATE, count=3), date(2027, 1, 15)) == "FREQ=MONTHLY;BYMONTHDAY=15;COUNT=3"
    second = r.build_rule(r.Repeat(r.MONTHLY_WEEKDAY, count=3), date(2027, 1, 12))
    assert second == "FREQ=MONTHLY;BYDAY=2TU;COUNT=3"
    assert [o.day for o in r.occurrences(date(2027, 1, 12), time(18), None, second)] == [
        date(2027, 1, 12), date(2027, 2, 9), date(2027, 3, 9)]
    last = r.build_rule(r.Repeat(r.MONTHLY_WEEKDAY, count=2), date(2027, 1, 29))  # the fifth Friday
    assert last == "FREQ=MONTHLY;BYDAY=-1FR;COUNT=2"
    assert r.last_date(date(2027, 1, 29), last) == date(2027, 2, 26)
    assert r.describe(date(2027, 1, 12), second) == "Every month on the second Tuesday, 3 times"


def test_a_rule_round_trips_to_the_form_and_until_is_utc_at_the_end_of_the_local_day():
    repeat = r.Repeat(r.WEEKLY, interval=2, weekdays=("MO", "TH"), until=date(2027, 7, 1))
    rule = r.build_rule(repeat, date(2027, 3, 1))
    assert rule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;UNTIL=20270701T225959Z"
    assert r.parse_rule(rule) == repeat
    assert r.describe(date(2027, 3, 1), rule) == "Every 2 weeks on Monday and Thursday, until 1 July 2027"
    assert r.build_rule(r.Repeat(), date(2027, 3, 1)) == "" and r.parse_rule("") == r.Repeat()


@pytest.mark.parametrize("repeat, field", [
    (r.Repeat("hourly", count=3), "frequency"),
    (r.Repeat(r.WEEKLY, count=3), "weekdays"),
    (r.Repeat(r.DAILY), "until"),
    (r.Repeat(r.DAILY, count=3, until=date(2027, 3, 9)), "until"),
    (r.Repeat(r.DAILY, until=date(2027, 2, 1)), "until"),
    (r.Repeat(r.DAILY, until=date(2027, 3, 1) + timedelta(days=2000)), "until"),
    (r.Repeat(r.DAILY, count=1), "count"),
    (r.Repeat(r.DAILY, interval=0, count=3), "interval"),
])
def test_refused_choices_name_the_field(repeat, field):
    with pytest.raises(r.RecurrenceError) as refused:
        r.build_rule(repeat, date(2027, 3, 1))
    assert refused.value.field == field


def test_monthly_by_date_refuses_the_29th_to_31st_and_limits_and_windows_apply():
    with pytest.raises(r.RecurrenceError):
        r.build_rule(r.Repeat(r.MONTHLY_DATE, count=3), date(2027, 1, 30))
    rule = r.build_rule(r.Repeat(r.DAILY, count=30), date(2027, 3, 1))
    window = r.occurrences(date(2027, 3, 1), time(9), None, rule, since=date(2027, 3, 10), before=date(2027, 3, 13))
    assert [o.day.day for o in window] == [10, 11, 12]
    assert len(r.occurrences(date(2027, 3, 1), time(9), None, rule, limit=4)) == 4


def test_the_periods_a_resident_can_choose():
    from ieg.whatson import periods as p
    monday, saturday, sunday = date(2027, 3, 1), date(2027, 3, 6), date(2027, 3, 7)
    assert p.days(p.TODAY, monday) == (monday, date(2027, 3, 2))
    assert p.days(p.WEEKEND, monday) == (saturday, date(2027, 3, 8))
    assert p.days(p.WEEKEND, saturday) == (saturday, date(2027, 3, 8))
    assert p.days(p.WEEKEND, sunday) == (sunday, date(2027, 3, 8))
    assert p.days("anything", monday) == (monday, date(2027, 3, 8))
    assert p.days(p.RANGE, monday, date(2027, 4, 1), None) == (date(2027, 4, 1), date(2027, 4, 2))
    for start, end, field in ((None, None, "from"), (saturday, monday, "to"), (monday, date(2027, 6, 1), "to")):
        with pytest.raises(p.PeriodError) as refused:
            p.days(p.RANGE, monday, start, end)
        assert refused.value.field == field
