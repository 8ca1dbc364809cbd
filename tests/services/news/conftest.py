from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from ieg.content import pages
from ieg.extensions import db
from ieg.models import Section
from ieg.participation.consultations import Mailing
from ieg.participation.signing import Links
from tests.factories import make_user

NOW = datetime(2026, 6, 1, 9, tzinfo=timezone.utc)
BODY = "## What is happening\n\nThe council will open a new [recycling centre](/waste-and-recycling/) in May.\n"
MAILING = Mailing(Links("https://council.example", "test-secret"), "Ashdown District Council", "council.example")


@pytest.fixture
def ctx(app):
    """The News section (the migration makes it), a communications officer and a publisher."""
    with app.app_context():
        session = db.session
        news = session.scalar(select(Section).where(Section.slug == "news"))
        author = make_user(session, "press.officer@example.org", grants=(("news", "author"),))
        publisher = make_user(session, "press.publisher@example.org", grants=(("news", "publisher"),))
        session.commit()
        yield session, news, author, publisher


def write(session, news, author, title="New recycling centre opens", when=NOW, summary="A new centre in Ashdown."):
    return pages.create_page(session, news, author, pages.PageInput(title=title, summary=summary, body_markdown=BODY,
                                                                   owner_name="Press office"), when)


def publish(session, page, author, publisher, when=NOW):
    pages.submit(session, page, author, when)
    pages.publish(session, page, publisher, when)
    session.flush()
