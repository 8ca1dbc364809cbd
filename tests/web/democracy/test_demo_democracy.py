"""The demo council's democracy (loaded on its own over the tests' demo people)."""
from datetime import timedelta

from sqlalchemy import func, select

from ieg.demo import democracy as demo_democracy
from ieg.demo.history import History
from ieg.extensions import db
from ieg.models import Committee, Councillor, Meeting, MeetingDocument, Page, Ward
from datetime import datetime, timezone

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)


def test_demo_democracy(app, demo, client):
    with app.app_context():
        s = db.session
        history = History()
        made = demo_democracy.load(s, NOW, "ashdown.example.gov.uk", history)
        history.run()
        s.commit()
        assert demo_democracy.load(s, NOW, "ashdown.example.gov.uk", History()) == 0  # idempotent
        assert s.scalar(select(func.count(Ward.id))) == 17
        assert s.scalar(select(func.count(Councillor.id))) == 39
        assert s.scalar(select(func.count(Committee.id))) == 8
        starts = s.scalars(select(Meeting.starts_at)).all()
        assert made == len(starts) > 60
        assert min(starts) < NOW - timedelta(days=300) and max(starts) > NOW + timedelta(days=60)
        assert all(NOW - timedelta(days=366) <= t <= NOW + timedelta(days=93) for t in starts)
        past = s.scalars(select(Meeting).where(Meeting.starts_at < NOW - timedelta(days=20),
                                               Meeting.status != "cancelled")).all()
        assert all(m.agenda_published_at and any(d.kind == "minutes" for d in m.documents) for m in past)
        future = s.scalars(select(Meeting).where(Meeting.starts_at > NOW + timedelta(days=30))).all()
        assert future and all(m.agenda_published_at is None for m in future)
        documents = s.scalars(select(MeetingDocument)).all()
        assert all(d.body_html.startswith("<") and "lorem" not in d.body.lower() for d in documents)
        own = s.scalar(select(func.count(Page.id)).where(Page.section_id.in_(select(Councillor.section_id)),
                                                         Page.status == "published"))
        assert own == 12
        carol = s.scalar(select(Councillor).where(Councillor.name == "Carol Green"))
        assert carol.user_id is not None
    assert "Councillor Carol Green" in client.get("/councillors/").get_data(as_text=True)
    assert client.get("/meetings/").status_code == 200
