"""Democratic services' officer and a ward, at a fixed `NOW`, for the democracy services' tests."""
from datetime import datetime, timezone

import pytest

from ieg.democracy import councillors
from ieg.extensions import db

from tests.factories import make_user

NOW = datetime(2026, 11, 2, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def ctx(app):
    with app.app_context():
        session = db.session
        democracy = councillors.ensure_democracy_section(session)
        officer = make_user(session, "dem.services@example.gov.uk", grants=((democracy.slug, "publisher"),))
        ward = councillors.save_ward(session, officer, NOW, code="E05000001", name="Abbey")
        yield session, officer, ward
