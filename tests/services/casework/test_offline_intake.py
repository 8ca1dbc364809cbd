"""Logging a phone, face-to-face or letter enquiry, without HTTP (ieg.casework.offline_intake)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from ieg.casework import offline_intake
from ieg.extensions import db
from ieg.models import CaseType, Customer, Enquiry
from tests.factories import make_section, make_user

NOW = datetime(2026, 11, 20, 11, 0, tzinfo=timezone.utc)


@pytest.fixture
def desk(app):
    with app.app_context():
        kind = CaseType(slug="missed-bin", name="Missed bin collection",
                        section=make_section(db.session, "waste-and-recycling"))
        db.session.add(kind)
        agent = make_user(db.session, "agent@staff.example.gov.uk", roles=("contact_agent",))
        db.session.flush()
        yield kind, agent
        db.session.rollback()


def test_everything_missing_is_named_by_field_and_nothing_is_written(desk):
    kind, agent = desk
    with pytest.raises(offline_intake.LogError) as refused:
        offline_intake.log(db.session, agent, NOW, {"channel": "web", "case_type": "999999"}, None, "Europe/London")
    assert refused.value.errors == {"channel": "Choose how the customer contacted us",
                                    "case_type": "Choose what the enquiry is about",
                                    "subject": "Enter what the enquiry is about",
                                    "name": "Enter the customer's name, email address or phone number"}
    assert db.session.scalar(select(func.count()).select_from(Enquiry)) == 0
    assert db.session.scalar(select(func.count()).select_from(Customer)) == 0


def test_a_call_is_logged_against_a_new_customer_or_the_one_found(desk):
    kind, agent = desk
    form = {"channel": "phone", "case_type": str(kind.id), "subject": "Bin not emptied", "name": "Jo Bloggs",
            "phone": "01632 960 001", "resolved": "yes", "submission": "key-1"}
    item = offline_intake.log(db.session, agent, NOW, form, None, "Europe/London")
    assert (item.channel, item.case_type, item.customer.name, item.resolved_at_first_contact) == (
        "phone", kind, "Jo Bloggs", True)
    again = offline_intake.log(db.session, agent, NOW, {"channel": "letter", "case_type": str(kind.id),
                                                        "subject": "Thank you"}, item.customer, "Europe/London")
    assert again.customer is item.customer and again.channel == "letter"
    assert offline_intake.CHANNELS[0] == ("phone", "Phone")
