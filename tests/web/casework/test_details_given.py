"""Nobody writes into another person's customer record through a public form: a form sent
with someone else's email address leaves their record and address history as they were,
and what it gave stays on the enquiry. Staff see the details given beside the record's and
copy what they trust (recorded on the enquiry and in the audit log); an address goes
through the change-of-address rules (G25); or they keep the record as it is."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from ieg.casework import enquiries
from ieg.casework.enquiries import ContactDetails
from ieg.extensions import db
from ieg.models import AddressChange, AuditEntry, CaseType, Customer, Enquiry, Section
from ieg.timeutil import to_local, utcnow
from tests.conftest import csrf_from, sign_in
from tests.web.casework.test_eforms import step

AGENT = "contact.agent@staff.example.gov.uk"
BULKY = {"items": "A sofa", "address": "99 Stranger Street\nAshdown", "postcode": "as9 9zz", "name": "Jo Bloggs",
         "email": "jo@example.com", "phone": "07700 900999"}


def _jo(app, **details) -> int:
    with app.app_context():
        jo = enquiries.find_or_create_customer(db.session, ContactDetails(name="Jo Bloggs", email="jo@example.com",
                                                                          **details))
        db.session.commit()
        return jo.id


def _send(client, data=BULKY) -> str:
    response, _ = step(client, "bulky-waste-collection", data, "submit")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "govuk-panel--confirmation" in text
    return re.search(r"ENQ-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]", text).group(0)


def _record(app, customer_id):
    with app.app_context():
        person = db.session.get(Customer, customer_id)
        return (person.name, person.phone, person.address, person.postcode,
                [(a.address, a.postcode, a.valid_to) for a in person.addresses])


def _agent(app):
    client = app.test_client()
    assert sign_in(client, AGENT).status_code == 302
    return client


def test_a_form_with_someone_elses_email_changes_nothing_on_their_record(app, client, council):
    jo = _jo(app)
    before = _record(app, jo)
    reference = _send(client)
    assert _record(app, jo) == before == ("Jo Bloggs", None, "", None, [])
    with app.app_context():
        item = db.session.scalar(select(Enquiry).where(Enquiry.reference == reference))
        assert item.customer_id == jo  # the enquiry is still on the record its email address names
        assert item.given_details == {"name": "Jo Bloggs", "email": "jo@example.com", "phone": "07700900999",
                                      "address": "99 Stranger Street\nAshdown", "postcode": "AS9 9ZZ"}
        assert (item.contact_address, item.contact_postcode) == ("99 Stranger Street\nAshdown", "AS9 9ZZ")


def test_staff_see_both_and_copy_the_details_they_trust(app, client, council):
    jo = _jo(app)
    reference = _send(client)
    agent = _agent(app)
    page = f"/staff/enquiries/{reference}"
    shown = agent.get(page).get_data(as_text=True)
    panel = shown.split('id="given-details"')[1].split("</form>")[0]
    assert "Phone: 07700900999" in panel and "On the record: not given" in panel
    assert "Address: 99 Stranger Street, Ashdown, AS9 9ZZ" in panel and "Name:" not in panel  # the same name
    assert "Anyone can send a form with someone else's email address" in panel
    token = csrf_from(agent.get(page))
    nothing = agent.post(page, data={"csrf_token": token, "action": "update_record"})
    assert nothing.status_code == 400 and "Choose the details to copy" in nothing.get_data(as_text=True)
    assert agent.post(page, data={"csrf_token": token, "action": "update_record", "copy": "phone"}).status_code == 302
    assert _record(app, jo) == ("Jo Bloggs", "07700900999", "", None, [])  # the phone only
    after = agent.get(page).get_data(as_text=True)
    assert 'id="given-details"' not in after  # decided: not offered again
    assert "Customer record updated from this enquiry: phone 07700900999 (was not given)" in after
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "customer.update_from_enquiry"))
        assert entry.subject == f"customer:{jo}" and entry.details == {"enquiry": reference, "copied": ["phone"]}
        assert "Cora Contact" in entry.actor


def test_a_first_address_copied_starts_the_address_history(app, client, council):
    jo = _jo(app)
    reference = _send(client)
    agent = _agent(app)
    page = f"/staff/enquiries/{reference}"
    assert 'name="moved_on-day"' not in agent.get(page).get_data(as_text=True)  # nothing to move from
    agent.post(page, data={"csrf_token": csrf_from(agent.get(page)), "action": "update_record",
                           "copy": ["address", "phone"]})
    assert _record(app, jo) == ("Jo Bloggs", "07700900999", "99 Stranger Street\nAshdown", "AS9 9ZZ",
                                [("99 Stranger Street\nAshdown", "AS9 9ZZ", None)])


def test_a_different_address_copied_is_a_change_of_address_with_its_date(app, client, council):
    jo = _jo(app, address="12 Mill Lane", postcode="AS1 1AA")
    with app.app_context():
        waste = db.session.scalar(select(Section).where(Section.slug == "waste-and-recycling"))
        kind = CaseType(slug="missed-bin", name="Missed bin", section=waste)
        now = utcnow()
        earlier, _ = enquiries.open_enquiry(db.session, channel="phone", customer=db.session.get(Customer, jo),
                                            case_type=kind, subject="Bin", description="", received_at=now, now=now)
        db.session.commit()
        earlier_ref = earlier.reference
    reference = _send(client)
    assert _record(app, jo)[2:4] == ("12 Mill Lane", "AS1 1AA")
    agent = _agent(app)
    page = f"/staff/enquiries/{reference}"
    token = csrf_from(agent.get(page))
    undated = agent.post(page, data={"csrf_token": token, "action": "update_record", "copy": "address"})
    assert undated.status_code == 400 and "Enter the date the customer moved" in undated.get_data(as_text=True)
    assert _record(app, jo)[2:4] == ("12 Mill Lane", "AS1 1AA")
    moved = to_local(utcnow(), app.config["TIMEZONE"]).date() - timedelta(days=3)
    done = agent.post(page, data={"csrf_token": token, "action": "update_record", "copy": "address",
                                  "moved_on-day": moved.day, "moved_on-month": moved.month,
                                  "moved_on-year": moved.year})
    assert done.status_code == 302
    name, phone, address, postcode, history = _record(app, jo)
    assert (address, postcode, phone) == ("99 Stranger Street\nAshdown", "AS9 9ZZ", None)
    assert history == [("12 Mill Lane", "AS1 1AA", moved), ("99 Stranger Street\nAshdown", "AS9 9ZZ", None)]
    with app.app_context():
        change = db.session.scalar(select(AddressChange).where(AddressChange.customer_id == jo))
        source = db.session.scalar(select(Enquiry.id).where(Enquiry.reference == reference))
        assert (change.moved_on, change.enquiry_id) == (moved, source)  # "from the customer's form"
        assert [(r.record, r.action) for r in change.records] == [("customer", "updated"), ("enquiry", "updated")]
        assert db.session.scalar(select(Enquiry).where(Enquiry.reference == earlier_ref)).contact_postcode == "AS9 9ZZ"


def test_staff_may_keep_the_record_as_it_is(app, client, council):
    jo = _jo(app)
    reference = _send(client)
    agent = _agent(app)
    page = f"/staff/enquiries/{reference}"
    assert agent.post(page, data={"csrf_token": csrf_from(agent.get(page)), "action": "keep_record"}).status_code == 302
    after = agent.get(page).get_data(as_text=True)
    assert 'id="given-details"' not in after and "not copied to the customer record" in after
    assert _record(app, jo) == ("Jo Bloggs", None, "", None, [])


@pytest.mark.parametrize("fill_in", [False, True])
def test_only_details_staff_took_fill_in_what_a_record_lacks(app, council, fill_in):
    """The phone and letter channels, logged by staff, still fill in what is missing."""
    jo = _jo(app)
    with app.app_context():
        enquiries.find_or_create_customer(db.session, ContactDetails(email="jo@example.com", phone="01632 960123"),
                                          fill_in=fill_in)
        db.session.commit()
    assert _record(app, jo)[1] == ("01632960123" if fill_in else None)


def test_an_email_does_not_name_the_record_it_comes_from(app, council):
    """Email is as unauthenticated as a form: its From name does not go onto a record either."""
    from tests.unit.casework.test_inbound import message

    with app.app_context():
        found = enquiries.find_or_create_customer(db.session, ContactDetails(email="jo.bloggs@example.com"))
        db.session.commit()
        customer_id = found.id
    result = app.test_cli_runner().invoke(args=["ieg", "ingest-mail"],
                                          input=bytes(message(From="Someone Else <Jo.Bloggs@Example.com>")))
    assert result.exit_code == 0, result.output
    assert _record(app, customer_id)[0] == ""
    with app.app_context():  # what it gave stays on the enquiry, for staff to compare
        enquiry = db.session.scalar(select(Enquiry).where(Enquiry.customer_id == customer_id))
        assert enquiry.given_details == {"name": "Someone Else", "email": "jo.bloggs@example.com"}
