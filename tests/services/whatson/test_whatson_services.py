"""Events and vacancies through their services, on the test council at a fixed NOW."""
from datetime import date, time, timedelta

import icalendar
import pytest
from sqlalchemy import select

from ieg.extensions import db
from ieg.models import AuditEntry
from ieg.models.directory import UNPUBLISHED
from ieg.models.whatson import CANCELLED, CLOSED, OPEN, REMOVED
from ieg.whatson import events, feeds, queries, vacancies
from ieg.whatson.events import EventDetails, EventError
from ieg.whatson.recurrence import WEEKLY, RecurrenceError, Repeat
from ieg.whatson.vacancies import VacancyDetails, VacancyError

from tests import whatson_support
from tests.whatson_support import NOW

FEED = {"base_url": "https://council.example", "domain": "council.example"}


@pytest.fixture
def ctx(app, council):
    with app.app_context():
        setup = whatson_support.build(db.session)
        feeds._CACHE.clear()
        yield db.session, setup


def weekly(setup, **changes):
    values = dict(title="Park run", start_date=date(2027, 3, 4), start_time=time(19), end_time=time(20, 30),
                  description="A **gentle** 5k.", repeat=Repeat(WEEKLY, weekdays=("TH",), until=date(2027, 6, 24)),
                  venue_name="Riverside Park", venue_address="Mill Lane, Ashdown", category_ids=(setup.sport.id,),
                  ward_ids=(setup.abbey.id,), price="", skip_bank_holidays=True)
    values.update(changes)
    return EventDetails(**values)


def audit_actions(session):
    return [a for a in session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)) if a.startswith("whatson.")]


def test_a_group_event_goes_live_at_once_is_listed_by_category_and_ward_and_is_audited(ctx):
    session, setup = ctx
    event = events.add_event(session, setup.editor, NOW, weekly(setup), group=setup.group)
    assert event.rrule == "FREQ=WEEKLY;BYDAY=TH;UNTIL=20270624T225959Z" and event.last_date == date(2027, 6, 24)
    assert audit_actions(session) == ["whatson.event_add"]
    week = queries.listing(session, date(2027, 3, 1), date(2027, 3, 8))
    assert [(i.event.title, i.occurrence.day) for i in week] == [("Park run", date(2027, 3, 4))]
    assert queries.listing(session, date(2027, 3, 1), date(2027, 4, 1), category=setup.sport, ward=setup.abbey)
    assert not queries.listing(session, date(2027, 3, 1), date(2027, 4, 1), category=setup.arts)
    assert not queries.listing(session, date(2027, 3, 1), date(2027, 4, 1), ward=setup.castle)
    # A group whose entry is taken down has no public events.
    setup.group.status = UNPUBLISHED
    session.flush()
    assert not queries.listing(session, date(2027, 3, 1), date(2027, 3, 8))
    assert queries.public_event(session, event.id) is None


def test_changes_raise_the_sequence_and_one_date_called_off_leaves_the_listing_and_joins_the_exdates(ctx):
    session, setup = ctx
    event = events.add_event(session, setup.editor, NOW, weekly(setup), group=setup.group)
    events.change_event(session, setup.editor, NOW, event, weekly(setup, title="Thursday park run"))
    events.cancel_date(session, setup.editor, NOW, event, date(2027, 3, 11))
    assert event.sequence == 2
    with pytest.raises(EventError) as refused:
        events.cancel_date(session, setup.editor, NOW, event, date(2027, 3, 12))  # a Friday
    assert refused.value.field == "day"
    days = [i.occurrence.day for i in queries.listing(session, date(2027, 3, 1), date(2027, 3, 31))]
    assert days == [date(2027, 3, 4), date(2027, 3, 18), date(2027, 3, 25)]
    [vevent] = icalendar.Calendar.from_ical(feeds.events_ics(
        session, name="What's on", scope="all", today=date(2027, 3, 1), **FEED)).walk("VEVENT")
    assert str(vevent["UID"]) == f"event-{event.id}@council.example" and int(vevent["SEQUENCE"]) == 2
    assert vevent["RRULE"].to_ical() == b"FREQ=WEEKLY;UNTIL=20270624T225959Z;BYDAY=TH"
    assert vevent["DTSTART"].params["TZID"] == "Europe/London" and vevent["DTSTART"].dt.hour == 19
    exdates = [d.dt for d in vevent["EXDATE"].dts]
    assert [d.date() for d in exdates] == [date(2027, 3, 11)] and exdates[0].hour == 19
    assert str(vevent["STATUS"]) == "CONFIRMED" and str(vevent["CATEGORIES"].cats[0]) == "Sport and leisure"
    events.restore_date(session, setup.editor, NOW, event, date(2027, 3, 11))
    assert date(2027, 3, 11) in [i.occurrence.day for i in queries.listing(session, date(2027, 3, 1), date(2027, 3, 31))]
    assert audit_actions(session) == ["whatson.event_add", "whatson.event_change", "whatson.event_date_cancel",
                                      "whatson.event_date_restore"]


def test_skipped_bank_holidays_are_exdates_and_a_cancelled_event_stays_in_the_feed_as_cancelled(ctx):
    session, setup = ctx
    event = events.add_event(session, setup.librarian, NOW, weekly(
        setup, title="Rhyme time", start_date=date(2027, 4, 26), start_time=time(10), end_time=None,
        repeat=Repeat(WEEKLY, weekdays=("MO",), count=6)), section=setup.libraries)
    assert [i.occurrence.day for i in queries.listing(session, date(2027, 4, 26), date(2027, 6, 7))] == [
        date(2027, 4, 26), date(2027, 5, 10), date(2027, 5, 17), date(2027, 5, 24)]
    events.cancel_event(session, setup.librarian, NOW, event)
    assert event.status == CANCELLED and not queries.listing(session, date(2027, 4, 26), date(2027, 6, 7))
    [vevent] = icalendar.Calendar.from_ical(feeds.events_ics(
        session, name="Libraries", scope="all", today=date(2027, 3, 1), **FEED)).walk("VEVENT")
    assert str(vevent["STATUS"]) == "CANCELLED" and "DTEND" not in vevent
    assert [d.dt.date() for d in vevent["EXDATE"].dts] == [date(2027, 5, 3), date(2027, 5, 31)]
    events.remove_event(session, setup.librarian, NOW, event)
    assert event.status == REMOVED and queries.public_event(session, event.id) is None
    assert b"VEVENT" not in feeds.events_ics(session, name="x", scope="all", today=date(2027, 3, 1), **FEED)


@pytest.mark.parametrize("changes, field", [
    ({"title": " "}, "title"),
    ({"start_date": date(2027, 2, 28)}, "start_date"),
    ({"end_time": time(18)}, "end_time"),
    ({"venue_name": "", "venue_address": "", "online_url": ""}, "venue_name"),
    ({"online_url": "javascript:alert(1)"}, "online_url"),
    ({"booking_url": "not a link"}, "booking_url"),
    ({"repeat": Repeat(WEEKLY, count=3)}, "weekdays"),
    ({"category_ids": (999,)}, "categories"),
])
def test_bad_event_details_are_refused_naming_the_field_and_nothing_is_written(ctx, changes, field):
    session, setup = ctx
    with pytest.raises((EventError, RecurrenceError)) as refused:
        events.add_event(session, setup.editor, NOW, weekly(setup, **changes), group=setup.group)
    assert refused.value.field == field
    assert audit_actions(session) == []


def vacancy(**changes):
    values = dict(title="Volunteer run leader", closing_date=date(2027, 3, 31), volunteer=True, hours="2 hours a week",
                  location="Riverside Park", description="Lead our Thursday runs.", how_to_apply="Email us.",
                  apply_url="https://runners.example.org/join")
    values.update(changes)
    return VacancyDetails(**values)


def test_a_vacancy_is_listed_until_its_closing_date_and_the_daily_job_closes_it_once(ctx):
    session, setup = ctx
    job = vacancies.add_vacancy(session, setup.editor, NOW, vacancy(), group=setup.group)
    paid = vacancies.add_vacancy(session, setup.librarian, NOW, vacancy(
        title="Library assistant", volunteer=False, pay="£23,500 a year", closing_date=date(2027, 4, 30)),
        section=setup.libraries)
    assert queries.open_vacancies(session, date(2027, 3, 31)) == [job, paid]
    # The day after closing it is no longer listed, even before the job has run.
    assert queries.open_vacancies(session, date(2027, 4, 1)) == [paid]
    assert queries.public_vacancy(session, job.id, date(2027, 4, 1)) is None
    after = NOW + timedelta(days=31)
    assert vacancies.close_past(session, after) == 1
    assert vacancies.close_past(session, after) == 0
    assert (job.status, paid.status) == (CLOSED, OPEN)
    vacancies.change_vacancy(session, setup.editor, after, job, vacancy(closing_date=date(2027, 4, 15)))
    assert job.status == OPEN and job.closed_at is None
    vacancies.remove_vacancy(session, setup.editor, after, job)
    assert queries.open_vacancies(session, date(2027, 4, 1)) == [paid]
    assert audit_actions(session) == ["whatson.vacancy_add", "whatson.vacancy_add", "whatson.vacancies_close",
                                      "whatson.vacancy_change", "whatson.vacancy_remove"]


@pytest.mark.parametrize("changes, field", [
    ({"title": ""}, "title"),
    ({"closing_date": None}, "closing_date"),
    ({"closing_date": date(2027, 2, 1)}, "closing_date"),
    ({"volunteer": False, "pay": ""}, "pay"),
    ({"how_to_apply": "", "apply_url": ""}, "how_to_apply"),
    ({"apply_url": "ftp://x"}, "apply_url"),
])
def test_bad_vacancy_details_are_refused_naming_the_field(ctx, changes, field):
    session, setup = ctx
    with pytest.raises(VacancyError) as refused:
        vacancies.add_vacancy(session, setup.editor, NOW, vacancy(**changes), group=setup.group)
    assert refused.value.field == field


def test_what_a_person_keeps(ctx):
    session, setup = ctx
    assert queries.groups_kept_by(session, setup.editor) == [setup.group]
    assert queries.sections_edited_by(session, setup.editor) == []
    assert queries.sections_edited_by(session, setup.librarian) == [setup.libraries]
