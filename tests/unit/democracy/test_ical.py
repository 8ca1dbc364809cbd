from datetime import datetime, timezone

import icalendar

from ieg.democracy import ical

UPDATED = datetime(2026, 10, 1, 9, 0, tzinfo=timezone.utc)


def _event(**changes):
    values = dict(uid="meeting-7@council.example", sequence=0, summary="Planning Committee",
                  starts=datetime(2026, 11, 12, 18, 30, tzinfo=timezone.utc), ends=None,
                  location="Council Chamber, Town Hall", url="https://council.example/meetings/7",
                  cancelled=False, moved=False, updated=UPDATED)
    values.update(changes)
    return ical.Event(**values)


def _parse(body: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(body)


def test_output_reparses_with_uid_timezone_link_and_refresh():
    cal = _parse(ical.calendar("Meetings", [_event()]))
    assert b"REFRESH-INTERVAL;VALUE=DURATION:P1D" in ical.calendar("Meetings", [_event()])
    [tz] = cal.walk("VTIMEZONE")
    assert str(tz["tzid"]) == "Europe/London"
    [event] = cal.walk("VEVENT")
    assert str(event["uid"]) == "meeting-7@council.example"
    assert event["dtstart"].params["TZID"] == "Europe/London"
    assert event.decoded("dtstart") == datetime(2026, 11, 12, 18, 30, tzinfo=timezone.utc)
    assert "https://council.example/meetings/7" in str(event["description"])
    assert str(event["status"]) == "CONFIRMED"
    assert b"TZID=Europe/London:20261112T183000" in ical.calendar("Meetings", [_event()])


def test_summer_time_is_local():
    body = ical.calendar("Meetings", [_event(starts=datetime(2026, 6, 10, 17, 0, tzinfo=timezone.utc))])
    assert b"DTSTART;TZID=Europe/London:20260610T180000" in body


def test_sequence_is_carried_so_a_change_replaces_the_old_copy():
    [before] = _parse(ical.calendar("M", [_event(sequence=0)])).walk("VEVENT")
    [after] = _parse(ical.calendar("M", [_event(sequence=1, location="Room 2")])).walk("VEVENT")
    assert before["uid"] == after["uid"]
    assert int(after["sequence"]) > int(before["sequence"])


def test_cancelled_meeting_stays_as_cancelled():
    [event] = _parse(ical.calendar("M", [_event(cancelled=True, sequence=3)])).walk("VEVENT")
    assert str(event["status"]) == "CANCELLED"
    assert str(event["summary"]).startswith("CANCELLED:")


def test_empty_calendar_is_valid():
    cal = _parse(ical.calendar("Nothing yet", []))
    assert cal.walk("VEVENT") == []
    assert str(cal["x-wr-calname"]) == "Nothing yet"
