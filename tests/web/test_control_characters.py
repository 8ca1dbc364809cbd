"""NUL bytes and other control characters sent in forms and addresses never reach what is
stored or sent: the request's parameters are cleaned where they are parsed (ieg.security),
one-line fields fold line breaks (ieg.blueprints.form_base), and an address with a control character is 404."""
from sqlalchemy import select

from ieg.extensions import db
from ieg.models import Enquiry, OutboxMessage, Page
from tests.conftest import csrf_from, sign_in
from tests.web.casework.test_eforms import step

AUTHOR = "waste.author@staff.example.gov.uk"


def test_a_public_form_with_nul_bytes_and_line_breaks_in_the_name_stores_clean_text(app, client, council):
    data = {"question": "Bin\x00 missed\r\non Mill Lane\x1b", "name": "Jo\x00 Bloggs\r\nBcc: x@example.com",
            "email": "jo@example.com\x00", "phone": ""}
    check, key = step(client, "general-enquiry", data, "check")
    assert check.status_code == 200, check.get_data(as_text=True)[:2000]
    sent, _ = step(client, "general-enquiry", {**data, "submission": key}, "submit")
    assert sent.status_code == 200
    with app.app_context():
        enquiry = db.session.scalar(select(Enquiry))
        assert enquiry.description == "Your question: Bin missed\non Mill Lane"
        assert enquiry.customer.name == "Jo Bloggs Bcc: x@example.com"
        assert enquiry.customer.email == "jo@example.com"
        for message in db.session.scalars(select(OutboxMessage)):
            assert "\x00" not in message.subject + message.body_text and "\r" not in message.subject


def test_a_page_title_and_body_with_control_characters_are_saved_clean(app, client, council):
    sign_in(client, AUTHOR)
    page = client.get("/edit/sections/waste-and-recycling/new")
    response = client.post("/edit/sections/waste-and-recycling/new", data={
        "csrf_token": csrf_from(page), "title": "Garden\x00 waste\r\nBcc: x@example.com",
        "summary": "Collected\x00 fortnightly", "body": "## When\r\n\r\nEvery\x07 other week\x00.",
        "parent_id": "", "slug": "", "owner_name": "Pat\x00 Owner", "review_by": ["1", "1", "2030"],
        "sort_order": "0", "save": "Save draft"})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with app.app_context():
        revision = db.session.scalar(select(Page).order_by(Page.id.desc())).latest_revision
        assert revision.title == "Garden waste Bcc: x@example.com"
        assert revision.summary == "Collected fortnightly"
        assert revision.body_markdown == "## When\n\nEvery other week."
        assert revision.meta["owner_name"] == "Pat Owner"


def test_an_address_with_a_control_character_is_not_found(client, council):
    for path in ("/forms/general-enquiry%00", "/waste-and-recycling/bins%0A", "/track/ENQ%00", "/search%1b"):
        assert client.get(path).status_code == 404, path


def test_search_and_staff_search_take_nul_bytes_without_error(client, council):
    assert client.get("/search?q=bins%00%0d%0a").status_code == 200
    sign_in(client, "contact.agent@staff.example.gov.uk")
    assert client.get("/staff/?q=jo%00").status_code == 200
