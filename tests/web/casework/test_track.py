"""Tracking an enquiry through HTTP: the reference and email address (typed any way), the
signed link from the acknowledgement, one answer for every wrong pair, and a rate limit."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from ieg.casework import enquiries, references
from ieg.casework.enquiries import ContactDetails
from tests.conftest import csrf_from

RECEIVED = datetime(2026, 7, 14, 9, 30, tzinfo=timezone.utc)


@pytest.fixture
def enquiry(app, council):
    from ieg.extensions import db
    from ieg.models import CaseType, Section

    with app.app_context():
        section = db.session.scalar(select(Section).where(Section.slug == "waste-and-recycling"))
        kind = CaseType(slug="missed-bin", name="Missed bin collection", section=section)
        customer = enquiries.find_or_create_customer(db.session, ContactDetails(name="Jo", email="jo@example.com"))
        found, _ = enquiries.open_enquiry(db.session, channel="web", customer=customer, case_type=kind,
                                          subject="Grey bin missed", description="", received_at=RECEIVED,
                                          now=RECEIVED)
        db.session.add(kind)
        db.session.commit()
        return found.reference


def post(client, reference, email):
    page = client.get("/track")
    return client.post("/track", data={"reference": reference, "email": email, "csrf_token": csrf_from(page)})


def test_track_with_the_reference_and_email_typed_any_way(client, enquiry):
    response = post(client, " " + enquiry.lower().replace("-", " ") + " ", "  JO@Example.COM ")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert enquiry in body and "Missed bin collection: Grey bin missed" in body
    assert "Received" in body and "14 July 2026 at 10:30am" in body  # BST
    assert "Waste and recycling" in body
    assert "Set-Cookie" not in response.headers


def test_every_wrong_pair_gets_the_same_answer(client, enquiry):
    other = references.generate()
    wrong_email = post(client, enquiry, "someone.else@example.com")
    unknown_ref = post(client, other, "jo@example.com")
    assert wrong_email.status_code == unknown_ref.status_code == 400
    strip = lambda r: r.get_data(as_text=True).replace(other, "").replace(enquiry, "")  # noqa: E731
    assert "We cannot find an enquiry with that reference and email address" in strip(wrong_email)
    assert strip(wrong_email).replace("someone.else@example.com", "") == \
        strip(unknown_ref).replace("jo@example.com", "")


def test_a_mistyped_reference_is_explained(client, enquiry):
    typo = enquiry[:-1] + ("A" if enquiry[-1] != "A" else "B")
    body = post(client, typo, "jo@example.com").get_data(as_text=True)
    assert "check each letter and number" in body
    assert "Enter your reference" in post(client, "", "").get_data(as_text=True)


def test_the_signed_link_opens_the_same_page(app, client, enquiry):
    from ieg.extensions import db
    from ieg.models import Enquiry

    with app.app_context():
        found = db.session.scalar(select(Enquiry).where(Enquiry.reference == enquiry))
        token = enquiries.tracking_token(app.config["SECRET_KEY"], found)
    response = client.get(f"/track/{token}")
    assert response.status_code == 200 and enquiry in response.get_data(as_text=True)
    assert client.get(f"/track/{token[:-2]}xx").status_code == 404
    forged = enquiries.tracking_token("another-secret", found)
    assert client.get(f"/track/{forged}").status_code == 404


def test_lookups_are_rate_limited(app_factory, enquiry):
    client = app_factory(RATELIMIT_ENABLED=True).test_client()
    statuses = [post(client, references.generate(), "x@example.com").status_code for _ in range(11)]
    assert statuses[:10] == [400] * 10 and statuses[10] == 429
