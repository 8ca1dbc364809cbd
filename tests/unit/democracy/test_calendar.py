from datetime import date, datetime, timezone

from ieg.democracy import calendar


def test_clear_working_days_excludes_both_ends_and_weekends():
    # Published Monday 2 November 2026, meeting Monday 9 November: Tue-Fri are clear (4).
    assert calendar.clear_working_days(date(2026, 11, 2), date(2026, 11, 9)) == 4
    assert calendar.clear_working_days(date(2026, 11, 1), date(2026, 11, 9)) == 5


def test_agenda_deadline_plain_week():
    # Meeting Thursday 12 November 2026: clear working days Wed 11 .. Thu 5, so publish by Wed 4.
    assert calendar.agenda_deadline(date(2026, 11, 12)) == date(2026, 11, 4)
    assert calendar.agenda_on_time(date(2026, 11, 4), date(2026, 11, 12))
    assert not calendar.agenda_on_time(date(2026, 11, 5), date(2026, 11, 12))


def test_agenda_deadline_skips_bank_holidays():
    # Meeting Wednesday 30 December 2026. Christmas Day (Fri 25) and Boxing Day substitute (Mon 28)
    # are bank holidays: clear working days are Tue 29, Thu 24, Wed 23, Tue 22, Mon 21; publish by Sun 20.
    assert calendar.agenda_deadline(date(2026, 12, 30)) == date(2026, 12, 20)
    assert calendar.clear_working_days(date(2026, 12, 20), date(2026, 12, 30)) == 5
    assert calendar.clear_working_days(date(2026, 12, 21), date(2026, 12, 30)) == 4
    # Easter 2027: Good Friday 26 March, Easter Monday 29 March. Meeting Thu 1 April.
    # Clear working days: Wed 31, Tue 30, Thu 25, Wed 24, Tue 23: publish by Mon 22 March.
    assert calendar.agenda_deadline(date(2027, 4, 1)) == date(2027, 3, 22)


def test_key_decision_needs_28_clear_calendar_days():
    assert calendar.key_decision_deadline(date(2026, 12, 30)) == date(2026, 12, 1)
    assert calendar.key_notice_on_time(date(2026, 12, 1), date(2026, 12, 30))
    assert not calendar.key_notice_on_time(date(2026, 12, 2), date(2026, 12, 30))


def test_agenda_state():
    starts = datetime(2026, 11, 12, 18, 30, tzinfo=timezone.utc)
    on_time = datetime(2026, 11, 4, 23, 30, tzinfo=timezone.utc)  # still the 4th in London (GMT)
    late = datetime(2026, 11, 5, 9, 0, tzinfo=timezone.utc)
    assert calendar.agenda_state(starts, on_time, date(2026, 11, 6)) == "on time"
    assert calendar.agenda_state(starts, late, date(2026, 11, 6)) == "late"
    assert calendar.agenda_state(starts, None, date(2026, 11, 4)) == "due"
    assert calendar.agenda_state(starts, None, date(2026, 11, 5)) == "overdue"


def test_local_day_uses_london_summer_time():
    # 23:30 UTC on 30 June is 00:30 on 1 July in London.
    assert calendar.local_day(datetime(2026, 6, 30, 23, 30, tzinfo=timezone.utc)) == date(2026, 7, 1)


def test_key_notice_state_on_the_edge_days():
    meeting = datetime(2026, 12, 30, 18, 30, tzinfo=timezone.utc)  # deadline 1 December: 28 clear days between
    assert calendar.key_notice_state(meeting, datetime(2026, 12, 1, 23, 59, tzinfo=timezone.utc), date(2026, 12, 20)) == "on time"
    assert calendar.key_notice_state(meeting, datetime(2026, 12, 2, 0, 0, tzinfo=timezone.utc), date(2026, 12, 20)) == "late"
    assert calendar.key_notice_state(meeting, None, date(2026, 12, 1)) == "due"
    assert calendar.key_notice_state(meeting, None, date(2026, 12, 2)) == "overdue"
    # In summer the day is London's: 23:30 UTC on 1 July is already 2 July.
    summer = datetime(2026, 7, 30, 17, 30, tzinfo=timezone.utc)
    assert calendar.key_notice_state(summer, datetime(2026, 7, 1, 22, 59, tzinfo=timezone.utc), date(2026, 7, 1)) == "on time"
    assert calendar.key_notice_state(summer, datetime(2026, 7, 1, 23, 30, tzinfo=timezone.utc), date(2026, 7, 1)) == "late"
