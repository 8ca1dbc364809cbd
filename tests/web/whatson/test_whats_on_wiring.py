"""What's on wired into the app: site search, the sitemap and the job that closes vacancies."""
from datetime import date, time, timedelta

from ieg.extensions import db
from ieg.jobs import JOBS
from ieg.models.directory import UNPUBLISHED
from ieg.whatson import events, vacancies
from ieg.whatson.events import EventDetails
from ieg.whatson.vacancies import VacancyDetails

from tests import whatson_support
from tests.conftest import wait_until_indexed
from tests.whatson_support import NOW


def test_search_and_sitemap_find_public_events_and_open_vacancies_until_they_close(app, client, council):
    with app.app_context():
        setup = whatson_support.build(db.session)
        tomorrow = (NOW + timedelta(days=1)).date()
        # Far ahead of any day this test runs on, so the sitemap (which reads today) lists it.
        event = events.add_event(db.session, setup.librarian, NOW, EventDetails(
            title="Lego club", start_date=date(2040, 1, 5), start_time=time(16), venue_name="Central Library",
            description="Build with bricks: **zorbling** challenges."), section=setup.libraries)
        hidden = events.add_event(db.session, setup.other_editor, NOW, EventDetails(
            title="Choir zorbling rehearsal", start_date=date(2040, 1, 6), start_time=time(18),
            venue_name="Hall"), group=setup.other_group)
        job = vacancies.add_vacancy(db.session, setup.editor, NOW, VacancyDetails(
            title="Zorbling coach", closing_date=tomorrow, volunteer=True, how_to_apply="Ask us"), group=setup.group)
        setup.other_group.status = UNPUBLISHED
        db.session.commit()
        ids = (event.id, hidden.id, job.id)
    wait_until_indexed(app)
    found = client.get("/search?q=zorbling").get_data(as_text=True)
    assert "Lego club" in found and "Zorbling coach" in found and "Choir zorbling rehearsal" not in found
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert f"/whats-on/events/{ids[0]}<" in sitemap and f"/whats-on/events/{ids[1]}<" not in sitemap
    assert "/whats-on/vacancies/</loc>" in sitemap
    assert "Disallow: /whats-on/manage/" in client.get("/robots.txt").get_data(as_text=True)
    with app.app_context():
        assert JOBS["vacancies-close"].func(NOW + timedelta(days=2)) == "closed 1 vacancies"
        assert JOBS["vacancies-close"].func(NOW + timedelta(days=2)) == "closed 0 vacancies"
    wait_until_indexed(app)
    assert "Zorbling coach" not in client.get("/search?q=zorbling").get_data(as_text=True)


def test_followers_of_a_category_are_alerted_to_a_new_event_once(app, client, council):
    from sqlalchemy import select

    from ieg.models import OutboxMessage, Subscriber
    from ieg.participation import subscriptions
    from ieg.participation.signing import Links
    from ieg.timeutil import utcnow

    now = utcnow()
    with app.app_context():
        setup = whatson_support.build(db.session)
        subscriptions.subscribe(db.session, now, email="resident@example.org", topics=[("events-category", "sport")],
                                frequency="immediate", links=Links("https://council.example", "k"), council="Ashdown",
                                sender_domain="council.example")
        subscriptions.confirm(db.session, now, db.session.scalar(select(Subscriber)))
        events.add_event(db.session, setup.editor, now, EventDetails(
            title="Couch to 5k", start_date=(now + timedelta(days=3)).date(), start_time=time(18),
            venue_name="Riverside Park", category_ids=(setup.sport.id,)), group=setup.group)
        events.add_event(db.session, setup.other_editor, now, EventDetails(
            title="Carol concert", start_date=(now + timedelta(days=3)).date(), start_time=time(18),
            venue_name="Castle Hall", category_ids=(setup.arts.id,)), group=setup.other_group)
        db.session.commit()
        page = client.get("/alerts/").get_data(as_text=True)
        assert "New events in a category (what&#39;s on)" in page and "Sport and leisure" in page
        assert JOBS["events-alerts"].func(now + timedelta(minutes=5)) == "raised 2 alerts"
        assert JOBS["events-alerts"].func(now + timedelta(minutes=10)) == "raised 0 alerts"
        sent = db.session.scalars(select(OutboxMessage.subject).where(OutboxMessage.purpose == "alert")).all()
        assert sent == ["New event: Couch to 5k"]
