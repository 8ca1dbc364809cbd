from datetime import timedelta

import pytest

from ieg.content import pages
from ieg.extensions import db
from ieg.participation import consultations, surveys
from ieg.participation.consultations import ConsultationInput
from ieg.timeutil import utcnow
from tests.factories import make_section, make_user

BODY = "## The proposal\n\nA controlled parking zone around the station: read the [full plan](/roads-and-transport/).\n"


@pytest.fixture
def roads(app):
    """A roads section with an author and a publisher, and an open consultation with two questions."""
    with app.app_context():
        session = db.session
        section = make_section(session, "roads-and-transport", "Roads and transport")
        author = make_user(session, "roads.author@example.org", grants=(("roads-and-transport", "author"),))
        publisher = make_user(session, "roads.publisher@example.org",
                              grants=(("roads-and-transport", "publisher"),))
        make_user(session, "parks.author@example.org", grants=(("parks", "author"),))
        now = utcnow()
        c = consultations.create(session, author, now - timedelta(days=2), section, ConsultationInput(
            title="Station parking zone", summary="A parking zone near the station", background=BODY,
            opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=20), wards=["Station"]))
        for data in (surveys.QuestionInput("one_choice", "Do you support the zone?", options="Yes\nNo\nNot sure"),
                     surveys.QuestionInput("several_choices", "Which streets do you use?", required=False,
                                           options="High Street\nMill Lane"),
                     surveys.QuestionInput("long_text", "Any other comments?", required=False)):
            consultations.save_question(session, c, None, data)
        pages.submit(session, c.page, author, now)
        pages.publish(session, c.page, publisher, now)
        consultations.refresh(session, now)
        session.commit()
        return c.id
