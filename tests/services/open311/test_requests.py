"""Open311 requests through the casework services (ieg.open311.requests) and API keys."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ieg.casework import enquiries
from ieg.config import Council
from ieg.extensions import db
from ieg.models import Customer, Enquiry, Open311Request
from ieg.open311 import keys, requests
from ieg.open311.formats import Open311Error
from tests.factories import make_user
from tests.open311_support import NOW, offer

COUNCIL = Council(name="Ashdown District Council", base_url="https://ashdown.example.gov.uk",
                  mail_domain="ashdown.example.gov.uk", secret_key="k")


class Form(dict):
    def getlist(self, name):
        value = self.get(name)
        return [] if value is None else (value if isinstance(value, list) else [value])


@pytest.fixture
def service(app):
    with app.app_context():
        yield offer(db.session, code="abandoned-vehicle", form_slug="report-abandoned-vehicle",
                    case_type="abandoned-vehicle", name="Abandoned vehicle report", section="parking")
        db.session.rollback()


def submit(**given):
    data = Form({"service_code": "abandoned-vehicle", "address_string": "Car park, Mill Lane",
                 "attribute[vehicle]": "Blue Ford Fiesta", "attribute[how_long]": "month", **given})
    return requests.submit(db.session, NOW, COUNCIL, None, Form({k: v for k, v in data.items() if v is not None}))


def test_every_error_is_found_before_anything_is_written(service):
    with pytest.raises(Open311Error) as refused:
        submit(address_string=None, lat="51", **{"attribute[vehicle]": None, "attribute[how_long]": "year"},
               email="not an address", media_url=["ftp://x"])
    messages = " | ".join(d for _, d in refused.value.errors)
    for part in ("lat and long", "attribute[vehicle] is required", "attribute[how_long] must be one of",
                 "email must be", "media_url"):
        assert part in messages
    assert db.session.scalar(select(func.count()).select_from(Enquiry)) == 0
    assert db.session.scalar(select(func.count()).select_from(Customer)) == 0


def test_one_customer_record_found_by_email_and_never_changed_by_the_api(service):
    known = enquiries.find_or_create_customer(db.session, enquiries.ContactDetails(name="Pat Lee",
                                                                                    email="pat@example.com"))
    record = submit(email="PAT@example.com", first_name="Someone", last_name="Else", phone="01632 960001")
    assert record.enquiry.customer.id == known.id and known.name == "Pat Lee" and known.phone is None
    assert record.enquiry.given_details == {"name": "Someone Else", "email": "pat@example.com",
                                            "phone": "01632960001"}


def test_attributes_the_service_does_not_define_are_kept_and_anonymous_reports_taken(service):
    record = submit(**{"attribute[uprn]": "100060000001", "attribute[report_url]": "https://fms.example/r/1"})
    assert record.attributes == {"vehicle": "Blue Ford Fiesta", "how_long": "month", "uprn": "100060000001",
                                 "report_url": "https://fms.example/r/1"}
    assert "How long has it been there?: 1 to 4 weeks" in record.enquiry.description
    assert record.enquiry.customer.email is None and record.enquiry.subject.startswith("Abandoned vehicle report:")


def test_an_inactive_or_unknown_service_is_not_found(service):
    service.active = False
    with pytest.raises(Open311Error) as refused:
        submit()
    assert refused.value.status == 404


def test_keys_are_stored_hashed_and_revoked_keys_refused(app):
    with app.app_context():
        admin = make_user(db.session, "admin@staff.example.gov.uk", roles=("admin",))
        record, key = keys.issue(db.session, admin, NOW, "FixMyStreet")
        assert record.key_hash == keys.digest(key) and key not in (record.prefix * 2) and len(key) >= 40
        assert keys.authenticate(db.session, key, NOW).id == record.id
        db.session.refresh(record)
        assert record.last_used_at == NOW
        assert keys.authenticate(db.session, key + "x", NOW) is None
        keys.revoke(db.session, admin, NOW + timedelta(minutes=1), record)
        assert keys.authenticate(db.session, key, NOW + timedelta(minutes=2)) is None
        with pytest.raises(keys.ApiKeyError):
            keys.issue(db.session, admin, NOW, "  ")
        db.session.rollback()


def test_a_request_is_stored_with_its_grid_reference(service):
    record = submit(address_string=None, lat="51.0632", long="0.1581")
    stored = db.session.scalar(select(Open311Request).where(Open311Request.id == record.id))
    assert (stored.easting, stored.northing) == (551321, 131533)
    assert "(OS grid 551321, 131533)" in stored.enquiry.location
