"""The casework area through HTTP: logging a phone enquiry, finding enquiries (a typing
slip in a reference included), replying by email threaded after the acknowledgement,
internal notes the customer never sees, status and assignment, and who may do it."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from ieg.casework import enquiries, references
from ieg.casework.enquiries import ContactDetails
from ieg.config import Council
from tests.conftest import csrf_from

AGENT = "contact.agent@staff.example.gov.uk"
RECEIVED = datetime(2026, 11, 2, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def web_enquiry(app, council):
    """An enquiry from the web form, acknowledged, as the resident left it."""
    from ieg.extensions import db
    from ieg.models import CaseType, Section

    with app.app_context():
        section = db.session.scalar(select(Section).where(Section.slug == "waste-and-recycling"))
        kind = CaseType(slug="missed-bin", name="Missed bin collection", section=section)
        db.session.add(kind)
        customer = enquiries.find_or_create_customer(db.session, ContactDetails(
            name="Jo Bloggs", email="jo@example.com", phone="01632 960123", postcode="AS1 1AA"))
        item, _ = enquiries.open_enquiry(db.session, channel="web", customer=customer, case_type=kind,
                                         subject="Grey bin missed", description="Tuesday", received_at=RECEIVED,
                                         now=RECEIVED)
        enquiries.acknowledge(db.session, item, Council.from_config(app.config), RECEIVED)
        db.session.commit()
        return item.reference


def test_an_agent_logs_a_phone_enquiry_resolved_at_first_contact(app, signed_in, web_enquiry):
    from ieg.extensions import db
    from ieg.models import CaseType, Enquiry

    client = signed_in(AGENT)
    page = client.get("/staff/log")
    key = re.search(r'name="submission" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    with app.app_context():
        kind_id = db.session.scalar(select(CaseType.id))
    data = {"channel": "phone", "name": "Jo Bloggs", "phone": "+44 1632 960123", "case_type": kind_id,
            "subject": "When is bin day?", "resolved": "yes", "submission": key, "csrf_token": csrf_from(page)}
    response = client.post("/staff/log", data=data)
    assert response.status_code == 302
    again = client.post("/staff/log", data=data)  # a double click
    assert again.headers["Location"] == response.headers["Location"]
    with app.app_context():
        logged = db.session.scalar(select(Enquiry).where(Enquiry.channel == "phone"))
        assert logged.resolved_at_first_contact and logged.status == "resolved"
        first = db.session.scalar(select(Enquiry).where(Enquiry.reference == web_enquiry))
        assert logged.customer_id == first.customer_id  # the same customer, found by phone
        assert db.session.scalar(select(func.count()).select_from(Enquiry)) == 2
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert logged.reference in shown and "Give the customer this reference" in shown
    assert f'href="/staff/enquiries/{web_enquiry}"' in shown  # the customer's other enquiry, another channel


def test_logging_explains_what_is_missing(signed_in, web_enquiry):
    client = signed_in(AGENT)
    page = client.get("/staff/log")
    response = client.post("/staff/log", data={"csrf_token": csrf_from(page)})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    for message in ("Choose how the customer contacted us", "Choose what the enquiry is about",
                    "Enter what the enquiry is about", "Enter the customer&#39;s name"):
        assert message in body


@pytest.mark.parametrize("typed", ["{ref}", "{lower}", "Jo Bloggs", "jo@example", "01632 960123", "as11aa"])
def test_find_by_reference_or_customer_details(signed_in, web_enquiry, typed):
    client = signed_in(AGENT)
    q = typed.format(ref=web_enquiry, lower=web_enquiry.lower().replace("-", " "))
    body = client.get("/staff/", query_string={"q": q}).get_data(as_text=True)
    assert f'href="/staff/enquiries/{web_enquiry}"' in body


def _found(response) -> str:
    """The search results table of the dashboard (the queues below it list enquiries too)."""
    return response.get_data(as_text=True).split("Found for")[1].split("</table>")[0]


@pytest.mark.parametrize("typed", ["%", "_", "%%", "j_", "%@%"])
def test_like_wildcards_typed_in_the_search_match_only_themselves(app, signed_in, web_enquiry, typed):
    """"%" and "_" are LIKE's wildcards: typed into the search they must not match every customer."""
    client = signed_in(AGENT)
    found = _found(client.get("/staff/", query_string={"q": typed}))
    assert web_enquiry not in found and "Nothing found." in found


def test_a_customer_whose_details_hold_an_underscore_is_found_by_it(app, signed_in, web_enquiry):
    from ieg.extensions import db
    from ieg.models import CaseType

    with app.app_context():
        made = []
        for email in ("sam_100%@example.com", "samx1000@example.com"):  # the second matches only as a pattern
            customer = enquiries.find_or_create_customer(db.session, ContactDetails(name="Sam", email=email))
            item, _ = enquiries.open_enquiry(db.session, channel="email", customer=customer,
                                             case_type=db.session.scalar(select(CaseType)), subject="Bins",
                                             description="", received_at=RECEIVED, now=RECEIVED)
            made.append(item.reference)
        db.session.commit()
    client = signed_in(AGENT)
    found = _found(client.get("/staff/", query_string={"q": "sam_100%"}))
    assert made[0] in found and made[1] not in found and web_enquiry not in found


def test_a_typing_slip_in_a_reference_still_finds_the_enquiry(signed_in, web_enquiry):
    client = signed_in(AGENT)
    compact = web_enquiry.replace("-", "")[3:]
    i = 2
    slipped = compact[:i] + compact[i + 1] + compact[i] + compact[i + 2:] if compact[i] != compact[i + 1] else \
        compact[:i] + ("A" if compact[i] != "A" else "B") + compact[i + 1:]
    assert not references.is_valid("ENQ" + slipped)
    body = client.get("/staff/", query_string={"q": "ENQ" + slipped}).get_data(as_text=True)
    assert "one slip away" in body and f'href="/staff/enquiries/{web_enquiry}"' in body


def test_reply_threads_after_the_acknowledgement_and_shows_on_tracking(app, client, signed_in, web_enquiry):
    from ieg.extensions import db
    from ieg.models import OutboxMessage

    agent = signed_in(AGENT)
    page = agent.get(f"/staff/enquiries/{web_enquiry}")
    token = csrf_from(page)
    assert agent.post(f"/staff/enquiries/{web_enquiry}", data={"action": "note", "note": "Crew says bin was late out",
                                                               "csrf_token": token}).status_code == 302
    response = agent.post(f"/staff/enquiries/{web_enquiry}", data={
        "action": "reply", "reply": "We will collect it tomorrow.", "csrf_token": token})
    assert response.status_code == 302
    with app.app_context():
        ack, reply = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert reply.headers["In-Reply-To"] == ack.message_id
        assert "Auto-Submitted" not in reply.headers  # a person wrote it
        assert web_enquiry in reply.subject and "We will collect it tomorrow." in reply.body_text
        token_link = re.search(r"/track/(\S+)", reply.body_text).group(1)
    agent.post("/logout", data={"csrf_token": token})
    tracked = client.get(f"/track/{token_link}").get_data(as_text=True)
    assert "We will collect it tomorrow." in tracked and "In progress" in tracked
    assert "Crew says" not in tracked  # internal notes stay internal


def test_a_reply_sent_twice_from_one_page_is_sent_once(app, signed_in, web_enquiry):
    """A double click, or a browser sending the form again after a timeout: one reply, one email."""
    from ieg.extensions import db
    from ieg.models import EnquiryEvent, OutboxMessage

    agent = signed_in(AGENT)
    response = agent.get(f"/staff/enquiries/{web_enquiry}")
    key = re.search(r'name="submission" value="([^"]+)"', response.get_data(as_text=True)).group(1)
    form = {"action": "reply", "reply": "We will collect it tomorrow.", "csrf_token": csrf_from(response),
            "submission": key}
    assert agent.post(f"/staff/enquiries/{web_enquiry}", data=form).status_code == 302
    again = agent.post(f"/staff/enquiries/{web_enquiry}", data=form, follow_redirects=True).get_data(as_text=True)
    assert "That was already done" in again
    # The same key on another of the page's forms is another action, taken in as usual.
    assert agent.post(f"/staff/enquiries/{web_enquiry}", data={**form, "action": "note", "note": "Told them"}
                      ).status_code == 302
    with app.app_context():
        kinds = db.session.scalars(select(EnquiryEvent.kind).join(EnquiryEvent.enquiry)
                                   .where(EnquiryEvent.kind.in_(("reply_out", "note")))).all()
        assert sorted(kinds) == ["note", "reply_out"]
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 2  # the acknowledgement and one reply
    # A fresh page has a fresh key: a second reply on purpose is sent.
    page = agent.get(f"/staff/enquiries/{web_enquiry}").get_data(as_text=True)
    fresh = re.search(r'name="submission" value="([^"]+)"', page).group(1)
    assert fresh != key
    agent.post(f"/staff/enquiries/{web_enquiry}", data={**form, "submission": fresh, "reply": "And sorry."})
    with app.app_context():
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 3


def test_status_and_assignment(app, signed_in, web_enquiry):
    from ieg.extensions import db
    from ieg.models import Enquiry, User

    client = signed_in(AGENT)
    token = csrf_from(client.get(f"/staff/enquiries/{web_enquiry}"))
    with app.app_context():
        me = db.session.scalar(select(User).where(User.email == AGENT))
    client.post(f"/staff/enquiries/{web_enquiry}", data={"action": "assign", "assignee": me.id, "csrf_token": token})
    assert f"/staff/enquiries/{web_enquiry}" in client.get("/staff/").get_data(as_text=True).split("My open")[1]
    # Received weeks ago and never answered: it missed its standard, so it needs a reason first.
    refused = client.post(f"/staff/enquiries/{web_enquiry}", data={"action": "status", "status": "resolved",
                                                                   "csrf_token": token})
    assert refused.status_code == 400 and "give the reason before resolving" in refused.get_data(as_text=True)
    client.post(f"/staff/enquiries/{web_enquiry}", data={"action": "breach_reason", "csrf_token": token,
                                                         "breach_reason": "Logged before the standards existed"})
    client.post(f"/staff/enquiries/{web_enquiry}", data={"action": "status", "status": "resolved",
                                                         "csrf_token": token})
    with app.app_context():
        item = db.session.scalar(select(Enquiry).where(Enquiry.reference == web_enquiry))
        assert item.status == "resolved" and item.resolved_at is not None and item.assigned_to_id == me.id
    bad = client.post(f"/staff/enquiries/{web_enquiry}", data={"action": "reply", "reply": " ", "csrf_token": token})
    assert bad.status_code == 400 and "Enter your reply" in bad.get_data(as_text=True)


@pytest.mark.parametrize("email, allowed", [
    ("contact.agent@staff.example.gov.uk", True), ("officer@staff.example.gov.uk", True),
    ("admin@staff.example.gov.uk", True), ("waste.author@staff.example.gov.uk", False),
    ("auditor@staff.example.gov.uk", False), ("councillor@staff.example.gov.uk", False)])
def test_only_casework_staff_see_enquiries(app, signed_in, web_enquiry, email, allowed):
    from ieg.extensions import db
    from ieg.models import Customer

    with app.app_context():
        person_id = db.session.scalar(select(Customer.id))
    client = signed_in(email)
    for path in ("/staff/", "/staff/log", f"/staff/enquiries/{web_enquiry}", f"/staff/customers/{person_id}"):
        assert client.get(path).status_code == (200 if allowed else 403), path


def test_signed_out_people_are_sent_to_sign_in(client, web_enquiry):
    assert client.get(f"/staff/enquiries/{web_enquiry}").status_code in (302, 401)


def test_the_customer_record_lists_every_enquiry_on_every_channel(app, signed_in, web_enquiry):
    from ieg.extensions import db
    from ieg.models import CaseType, Customer

    with app.app_context():
        person = db.session.scalar(select(Customer))
        kind = db.session.scalar(select(CaseType))
        phone, _ = enquiries.open_enquiry(db.session, channel="phone", customer=person, case_type=kind,
                                          subject="Called about bin day", description="", received_at=RECEIVED,
                                          now=RECEIVED, resolved_at_first_contact=True)
        db.session.commit()
        person_id, phone_ref = person.id, phone.reference
    client = signed_in(AGENT)
    page = client.get(f"/staff/enquiries/{web_enquiry}").get_data(as_text=True)
    assert f'href="/staff/customers/{person_id}"' in page
    record = client.get(f"/staff/customers/{person_id}").get_data(as_text=True)
    assert web_enquiry in record and phone_ref in record and "Enquiries on every channel (2)" in record
    assert "Phone" in record and "at first contact" in record and "AS1 1AA" in record
    assert client.get("/staff/customers/999999").status_code == 404
