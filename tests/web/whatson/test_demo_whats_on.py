"""The demo council's what's on (loaded on its own over the tests' demo people and three wards)."""
from datetime import date, datetime, timedelta, timezone

import time_machine
from sqlalchemy import func, select

from ieg.demo import whats_on as demo_whats_on
from ieg.extensions import db
from ieg.models import CommunityGroup, Event, EventCancellation, Ward
from ieg.whatson import queries

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)


def test_demo_whats_on(app, demo, client):
    with app.app_context():
        s = db.session
        s.add_all([Ward(code=f"E0500910{n}", name=name) for n, name in enumerate(("Abbey", "Brookfield", "Castle Hill"))])
        s.flush()
        made = demo_whats_on.load(s, NOW)
        s.commit()
        assert demo_whats_on.load(s, NOW) == 0  # idempotent
        assert made == s.scalar(select(func.count(Event.id))) >= 250
        repeating = s.scalars(select(Event).where(Event.rrule != "")).all()
        assert len(repeating) >= 40 and any(e.skip_bank_holidays for e in repeating)
        assert {e.rrule.split(";")[0] for e in repeating} == {"FREQ=WEEKLY", "FREQ=MONTHLY"}
        assert s.scalar(select(func.count()).select_from(EventCancellation)) == 1
        assert all(e.start_date >= date(2026, 12, 4) and (e.last_date or e.start_date) <= date(2027, 3, 8)
                   for e in s.scalars(select(Event)))
        assert s.scalar(select(func.count(CommunityGroup.id))) == len(demo_whats_on.GROUPS)
        vacancies = queries.open_vacancies(s, NOW.date())
        assert len(vacancies) == 12 and {v.volunteer for v in vacancies} == {True, False}
        assert any(v.section_id for v in vacancies) and any(v.group_id for v in vacancies)
        week = queries.listing(s, NOW.date(), NOW.date() + timedelta(days=7))
        assert len(week) > 40
    with time_machine.travel(NOW, tick=False):
        page = client.get("/whats-on/?category=sport-and-leisure").get_data(as_text=True)
        assert "Sport and leisure" in page and "Junior parkrun" in page
        assert "Library assistant" in client.get("/whats-on/vacancies/").get_data(as_text=True)
        assert client.get("/whats-on/?page=3").status_code == 200
