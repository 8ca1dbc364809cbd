"""E-forms through HTTP: validation in the GOV.UK style, check your answers, one enquiry
per submission with its reference on the confirmation panel, the acknowledgement queued,
the honeypot and the rate limit, and no cookie on the way."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from ieg.casework import eform_definitions
from ieg.casework import references
from tests.conftest import csrf_from

GENERAL = {"question": "When is my green bin collected?\nI live on Mill Lane.", "name": "Jo Bloggs",
           "email": "Jo@Example.com", "phone": "01632 960123"}


def step(client, form, data, action):
    page = client.get(f"/forms/{form}")
    key = re.search(r'name="submission" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    return client.post(f"/forms/{form}", data={**data, "action": action, "submission": data.get("submission", key),
                                               "csrf_token": csrf_from(page)}), key


def count(app, model):
    from ieg.extensions import db
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("slug", list(eform_definitions.STANDARD_FORMS))
def test_every_form_renders(client, council, slug):
    response = client.get(f"/forms/{slug}")
    assert response.status_code == 200
    assert eform_definitions.STANDARD_FORMS[slug].title in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers


def test_missing_and_wrong_answers_are_explained(client, council):
    response, _ = step(client, "general-enquiry", {"email": "not-an-email"}, "check")
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "There is a problem" in body
    assert 'href="#question">Enter your question' in body
    assert "Enter an email address in the correct format" in body
    assert 'value="not-an-email"' in body  # nothing typed is lost


def test_a_penalty_charge_notice_number_is_checked(client, council):
    data = {"pcn": "12345", "registration": "AB12 CDE", "grounds": "The sign was covered.", **GENERAL}
    body = step(client, "parking-fine-appeal", data, "check")[0].get_data(as_text=True)
    assert "2 letters then 8 numbers" in body
    ok = step(client, "parking-fine-appeal", {**data, "pcn": "ad 1234 5678"}, "check")[0]
    assert ok.status_code == 200 and "AD12345678" in ok.get_data(as_text=True)


def test_check_answers_then_send_gives_a_reference_and_an_acknowledgement(app, client, council):
    from ieg.extensions import db
    from ieg.models import Enquiry, OutboxMessage

    check, key = step(client, "general-enquiry", GENERAL, "check")
    body = check.get_data(as_text=True)
    assert "Check your answers before sending" in body and "jo@example.com" in body.lower()
    page = client.get("/forms/general-enquiry")
    data = {**GENERAL, "action": "submit", "submission": key, "csrf_token": csrf_from(page)}
    done = client.post("/forms/general-enquiry", data=data)
    text = done.get_data(as_text=True)
    assert done.status_code == 200 and "govuk-panel--confirmation" in text
    reference = re.search(r"<strong>(ENQ-[^<]+)</strong>", text).group(1)
    assert references.is_valid(reference)
    again = client.post("/forms/general-enquiry", data=data)  # double click / resubmitted page
    assert reference in again.get_data(as_text=True)
    assert count(app, Enquiry) == 1 and count(app, OutboxMessage) == 1
    with app.app_context():
        enquiry = db.session.scalar(select(Enquiry))
        assert enquiry.channel == "web" and enquiry.subject == "When is my green bin collected?"
        assert enquiry.case_type.slug == "general-enquiry" and enquiry.case_type.section.slug == "about-the-council"
        assert enquiry.customer.email == "jo@example.com" and enquiry.answers["phone"] == "01632 960123"
        message = db.session.scalar(select(OutboxMessage))
        assert reference in message.subject and message.to_address == "jo@example.com"
        assert message.headers["Auto-Submitted"] == "auto-replied"
    assert "Set-Cookie" not in done.headers


def test_change_your_answers_keeps_them(client, council):
    response, _ = step(client, "report-graffiti", {"location": "Bus shelter, High Street", "offensive": "yes",
                                                   **GENERAL}, "change")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Bus shelter, High Street</textarea>" in body
    assert 'value="yes" checked' in body


def test_the_honeypot_stops_bots(app, client, council):
    response, _ = step(client, "general-enquiry", {**GENERAL, "website": "http://spam.example"}, "submit")
    assert response.status_code == 400
    from ieg.models import Enquiry
    assert count(app, Enquiry) == 0


def test_forms_are_rate_limited(app_factory, council):
    client = app_factory(RATELIMIT_ENABLED=True).test_client()
    statuses = [step(client, "general-enquiry", {}, "check")[0].status_code for _ in range(21)]
    assert statuses[:20] == [400] * 20 and statuses[20] == 429


def test_unknown_form_is_404(client, council):
    assert client.get("/forms/no-such-form").status_code == 404


def test_search_with_no_results_offers_the_question_form(client, council):
    body = client.get("/search?q=xylophonic").get_data(as_text=True)
    assert 'href="/forms/general-enquiry"' in body


def test_a_locked_database_gives_a_clear_retry_page_and_saves_nothing(app, client, council, database):
    """Another process holds the write lock longer than the busy timeout: the citizen is told
    to send it again, and no customer, enquiry or acknowledgement is half-written."""
    import sqlite3

    from ieg.models import Customer, Enquiry, OutboxMessage

    page = client.get("/forms/general-enquiry")
    key = re.search(r'name="submission" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    data = {**GENERAL, "action": "submit", "submission": key, "csrf_token": csrf_from(page)}
    blocker = sqlite3.connect(database, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        response = client.post("/forms/general-enquiry", data=data)
    finally:
        blocker.rollback()
        blocker.close()
    body = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"] == "60"
    assert "Nothing you sent has been saved" in body
    assert count(app, Customer) == count(app, Enquiry) == count(app, OutboxMessage) == 0
    retried = client.post("/forms/general-enquiry", data=data)
    assert retried.status_code == 200 and count(app, Enquiry) == 1 and count(app, OutboxMessage) == 1


def test_a_form_with_an_address_opens_the_new_customers_address_history(app, client, council):
    """Bulky waste asks for the address: a new customer's record starts its history with it."""
    from ieg.extensions import db
    from ieg.models import Customer, Enquiry
    response, _ = step(client, "bulky-waste-collection", {
        "items": "A sofa", "address": "4 Mill Lane\nAshdown", "postcode": "as1 1aa", "name": "Sam Moved",
        "email": "sam.moved@example.com"}, "submit")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "govuk-panel--confirmation" in text, text[:500]
    reference = re.search(r"ENQ-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]", text).group(0)
    with app.app_context():
        customer = db.session.scalar(select(Customer).where(Customer.email == "sam.moved@example.com"))
        assert [(a.address, a.postcode) for a in customer.addresses] == [("4 Mill Lane\nAshdown", "AS1 1AA")]
        enquiry = db.session.scalar(select(Enquiry).where(Enquiry.reference == reference))
        assert enquiry.customer_id == customer.id and enquiry.contact_postcode == "AS1 1AA"
