"""What's on over HTTP: the public list and its filters, an event's page, JSON-LD and calendar files,
vacancies; and keeping a group's events and vacancies, refused for another group's editor. The
clock stands at NOW (a Monday in March 2027) in every test."""
import json
import re
from datetime import date, time

import icalendar
import pytest
import time_machine

from sqlalchemy import select

from ieg.extensions import db
from ieg.models import Section, User
from ieg.models.whatson import Event, Vacancy
from ieg.whatson import events, feeds, vacancies
from ieg.whatson.events import EventDetails
from ieg.whatson.recurrence import WEEKLY, Repeat
from ieg.whatson.vacancies import VacancyDetails

from tests import whatson_support
from tests.conftest import csrf_from, sign_in
from tests.whatson_support import NOW


@pytest.fixture
def site(app, council):
    with time_machine.travel(NOW, tick=False):
        with app.app_context():
            setup = whatson_support.build(db.session)
            run = events.add_event(db.session, setup.editor, NOW, EventDetails(
                title="Park run", start_date=date(2027, 3, 4), start_time=time(19), end_time=time(20),
                repeat=Repeat(WEEKLY, weekdays=("TH",), count=10), venue_name="Riverside Park",
                category_ids=(setup.sport.id,), ward_ids=(setup.abbey.id,)), group=setup.group)
            choir = events.add_event(db.session, setup.other_editor, NOW, EventDetails(
                title="Choir concert", start_date=date(2027, 3, 6), start_time=time(15), venue_name="Castle Hall",
                price="£5", booking_url="https://choir.example.org/book", category_ids=(setup.arts.id,),
                ward_ids=(setup.castle.id,)), group=setup.other_group)
            job = vacancies.add_vacancy(db.session, setup.editor, NOW, VacancyDetails(
                title="Run leader", closing_date=date(2027, 3, 20), volunteer=True, location="Riverside Park",
                how_to_apply="Email the club."), group=setup.group)
            ids = {"run": run.id, "choir": choir.id, "job": job.id, "group": setup.group.id,
                   "other_group": setup.other_group.id, "sport": setup.sport.id, "abbey": setup.abbey.id,
                   "libraries": setup.libraries.id}
            emails = (setup.editor.email, setup.other_editor.email, setup.librarian.email)
            db.session.commit()
        feeds._CACHE.clear()
        yield app.test_client(), ids, emails


def json_ld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_the_public_list_by_date_category_and_ward_sets_no_cookie(site):
    client, ids, _ = site
    week = client.get("/whats-on/")
    page = week.get_data(as_text=True)
    assert week.status_code == 200 and "Set-Cookie" not in week.headers
    assert "2 events" in page and "Park run" in page and "Choir concert" in page
    assert "Thursday 4 March 2027" in page and "19:00 to 20:00" in page
    sport = client.get("/whats-on/?when=range&from-day=1&from-month=4&from-year=2027&to-day=30&to-month=4"
                       "&to-year=2027&category=sport&ward=E05000101").get_data(as_text=True)
    assert "5 events" in sport and "Choir concert" not in sport and "Thursday 1 April 2027" in sport
    assert "19:00 to 20:00" in sport  # still 19:00 after the clocks went forward
    weekend = client.get("/whats-on/?when=weekend").get_data(as_text=True)
    assert "1 event," in weekend and "Choir concert" in weekend
    bad = client.get("/whats-on/?when=range&from-day=31&from-month=2&from-year=2027")
    assert bad.status_code == 200 and "There is a problem" in bad.get_data(as_text=True)
    assert "Enter a real date" in bad.get_data(as_text=True)


def test_an_event_for_the_whole_area_is_listed_under_every_ward(site):
    client, ids, _ = site
    with time_machine.travel(NOW, tick=False), client.application.app_context():
        libraries = db.session.get(Section, ids["libraries"])
        librarian = db.session.scalar(select(User).where(User.email == site[2][2]))
        events.add_event(db.session, librarian, NOW, EventDetails(
            title="Rhyme time", start_date=date(2027, 3, 5), start_time=time(10), venue_name="Central Library"),
            section=libraries)
        db.session.commit()
    feeds._CACHE.clear()
    abbey = client.get("/whats-on/?ward=E05000101").get_data(as_text=True)
    castle = client.get("/whats-on/?ward=E05000102").get_data(as_text=True)
    assert "Rhyme time" in abbey and "Park run" in abbey and "Choir concert" not in abbey
    assert "Rhyme time" in castle and "Choir concert" in castle and "Park run" not in castle


def test_an_event_page_its_json_ld_and_its_calendar_files(site):
    client, ids, _ = site
    page = client.get(f"/whats-on/events/{ids['run']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Every week on Thursday, 10 times" in html and "Next dates" in html
    data = json_ld(html)
    assert data["@type"] == "Event" and data["startDate"] == "2027-03-04T19:00:00+00:00"
    assert data["organizer"] == {"@type": "Organization", "name": "Riverside Runners"}
    assert data["eventSchedule"]["byDay"] == ["https://schema.org/Thursday"] and data["isAccessibleForFree"]
    download = client.get(f"/whats-on/events/{ids['run']}.ics")
    assert download.mimetype == "text/calendar" and "attachment" in download.headers["Content-Disposition"]
    [vevent] = icalendar.Calendar.from_ical(download.data).walk("VEVENT")
    assert vevent["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=10;BYDAY=TH"
    assert icalendar.Calendar.from_ical(download.data).walk("VTIMEZONE")[0]["TZID"] == "Europe/London"
    sport = icalendar.Calendar.from_ical(client.get("/whats-on/categories/sport.ics").data)
    assert [str(e["SUMMARY"]) for e in sport.walk("VEVENT")] == ["Park run"]
    group = icalendar.Calendar.from_ical(client.get("/whats-on/groups/castle-choir.ics").data)
    assert [str(e["SUMMARY"]) for e in group.walk("VEVENT")] == ["Choir concert"]
    everything = icalendar.Calendar.from_ical(client.get("/whats-on/events.ics").data)
    assert len(everything.walk("VEVENT")) == 2
    for missing in ("/whats-on/events/999", "/whats-on/categories/nothing.ics", "/whats-on/groups/nobody.ics",
                    "/whats-on/vacancies/999"):
        assert client.get(missing).status_code == 404


def test_open_vacancies_and_a_job_posting(site):
    client, ids, _ = site
    listing = client.get("/whats-on/vacancies/").get_data(as_text=True)
    assert "Run leader" in listing and "Volunteer" in listing
    data = json_ld(client.get(f"/whats-on/vacancies/{ids['job']}").get_data(as_text=True))
    assert data["@type"] == "JobPosting" and data["employmentType"] == "VOLUNTEER"
    assert data["validThrough"] == "2027-03-21T00:00:00+00:00"
    assert data["hiringOrganization"]["name"] == "Riverside Runners"
    with time_machine.travel(NOW.replace(day=21), tick=False):
        assert "Run leader" not in client.get("/whats-on/vacancies/").get_data(as_text=True)
        assert client.get(f"/whats-on/vacancies/{ids['job']}").status_code == 404


def post(client, url, data):
    return client.post(url, data={**data, "csrf_token": csrf_from(client.get(url))})


EVENT_FORM = {"title": "Walking football", "start_date": ["8", "3", "2027"], "start_time": "10:00",
              "end_time": "11:30", "frequency": "weekly", "interval": "1", "weekdays": ["MO"], "count": "8",
              "skip_bank_holidays": "y", "venue_name": "Leisure centre", "price": "£2"}


def test_a_group_editor_keeps_their_own_groups_events_and_vacancies(app, site):
    client, ids, (editor, other_editor, _) = site
    group = ids["group"]
    with time_machine.travel(NOW, tick=False):
        assert client.get("/whats-on/manage/").status_code == 302  # to sign in
        sign_in(client, editor)
        manage = client.get("/whats-on/manage/").get_data(as_text=True)
        assert "Riverside Runners" in manage and "Castle Choir" not in manage
        assert 'href="/whats-on/manage/">Events and vacancies</a>' in manage  # the header link
        added = post(client, f"/whats-on/manage/group/{group}/events/new",
                     {**EVENT_FORM, "categories": [str(ids["sport"])]})
        assert added.status_code == 302
        bad = post(client, f"/whats-on/manage/group/{group}/events/new",
                   {**EVENT_FORM, "title": "Bad", "end_time": "09:00"})
        assert bad.status_code == 400 and "The finish time must be after the start time" in bad.get_data(as_text=True)
        with app.app_context():
            made = db.session.query(Event).filter_by(title="Walking football").one()
            assert made.rrule == "FREQ=WEEKLY;BYDAY=MO;COUNT=8" and made.skip_bank_holidays
            assert db.session.query(Event).filter_by(title="Bad").count() == 0
        off = post(client, f"/whats-on/manage/group/{group}/events/{made.id}/cancel-date", {"day": "2027-03-15"})
        assert off.status_code == 302
        page = client.get(f"/whats-on/events/{made.id}").get_data(as_text=True)
        assert "Dates called off" in page and "Monday 15 March 2027" in page
        back = f"/whats-on/manage/group/{group}/events/{made.id}/cancel-date"
        assert "Put back" in client.get(back).get_data(as_text=True)
        assert post(client, back.replace("cancel-date", "restore-date"), {"day": "2027-03-15"}).status_code == 302
        assert "Dates called off" not in client.get(f"/whats-on/events/{made.id}").get_data(as_text=True)
        assert post(client, back.replace("cancel-date", "restore-date"), {"day": "2027-03-15"}).status_code == 400
        job = post(client, f"/whats-on/manage/group/{group}/vacancies/new",
                   {"title": "Coach", "kind": "volunteer", "closing_date": ["31", "3", "2027"],
                    "how_to_apply": "Ask at the club"})
        assert job.status_code == 302 and "Coach" in client.get("/whats-on/vacancies/").get_data(as_text=True)
        client.post("/logout", data={"csrf_token": csrf_from(client.get("/whats-on/"))})

        # Another group's editor can touch none of it.
        sign_in(client, other_editor)
        for url in (f"/whats-on/manage/group/{group}/events", f"/whats-on/manage/group/{group}/events/new",
                    f"/whats-on/manage/group/{group}/events/{made.id}",
                    f"/whats-on/manage/group/{group}/events/{made.id}/remove",
                    f"/whats-on/manage/group/{group}/vacancies", f"/whats-on/manage/section/{ids['libraries']}/events"):
            assert client.get(url).status_code == 403, url
        # Their own group's address with our event's id is not found.
        assert client.get(f"/whats-on/manage/group/{ids['other_group']}/events/{made.id}").status_code == 404
        with app.app_context():
            assert db.session.query(Vacancy).count() == 2
