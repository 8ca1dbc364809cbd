from datetime import datetime, timedelta, timezone

import pytest

from ieg.content import pages
from ieg.extensions import db
from ieg.participation import consultations, surveys
from ieg.participation.consultations import ConsultationInput, Mailing
from ieg.participation.signing import Links
from tests.factories import make_section, make_user

NOW = datetime(2026, 6, 1, 9, tzinfo=timezone.utc)
BODY = "## The proposal\n\nA controlled parking zone around the station, read the [full plan](/roads/).\n"
MAILING = Mailing(Links("https://council.example", "test-secret"), "Ashdown District Council", "council.example")


@pytest.fixture
def ctx(app):
    with app.app_context():
        session = db.session
        roads = make_section(session, "roads-and-transport", "Roads and transport")
        author = make_user(session, "roads.author@example.org", grants=(("roads-and-transport", "author"),))
        publisher = make_user(session, "roads.publisher@example.org", grants=(("roads-and-transport", "publisher"),))
        session.commit()
        yield session, roads, author, publisher


def make_consultation(session, section, author, publisher, *, opens=NOW, days=28, title="Station parking zone",
                      publish=True, wards=("Station",)):
    consultation = consultations.create(session, author, NOW - timedelta(days=1), section, ConsultationInput(
        title=title, summary="A parking zone near the station", background=BODY, opens_at=opens,
        closes_at=opens + timedelta(days=days), wards=list(wards), areas="Station Road, Mill Lane"))
    for data in (surveys.QuestionInput("one_choice", "Do you support the zone?", options="Yes\nNo\nNot sure"),
                 surveys.QuestionInput("long_text", "Any other comments?", required=False)):
        consultations.save_question(session, consultation, None, data)
    if publish:
        pages.submit(session, consultation.page, author, NOW - timedelta(days=1))
        pages.publish(session, consultation.page, publisher, NOW - timedelta(days=1))
    session.flush()
    return consultation
