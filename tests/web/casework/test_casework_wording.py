"""What staff and customers read about an enquiry: an address never runs into its postcode,
and a status reads the same on the staff pages, the timeline and the tracking page."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from ieg.casework import customers, enquiries, handling
from ieg.casework.enquiries import ContactDetails
from ieg.models.casework import IN_PROGRESS

AGENT = "contact.agent@staff.example.gov.uk"
RECEIVED = datetime(2026, 11, 2, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def jo(app, council):
    """Jo at "12 Mill Lane / Ashdown, AS1 1AA", an enquiry in progress, and a recorded move."""
    from ieg.extensions import db
    from ieg.models import CaseType, Section, User

    with app.app_context():
        waste = db.session.scalar(select(Section).where(Section.slug == "waste-and-recycling"))
        kind = CaseType(slug="missed-bin", name="Missed bin collection", section=waste)
        db.session.add(kind)
        person = enquiries.find_or_create_customer(db.session, ContactDetails(
            name="Jo Bloggs", email="jo@example.com", address="12 Mill Lane\nAshdown", postcode="AS1 1AA"))
        item, _ = enquiries.open_enquiry(db.session, channel="web", customer=person, case_type=kind,
                                         subject="Grey bin missed", description="", received_at=RECEIVED,
                                         now=RECEIVED)
        agent = db.session.scalar(select(User).where(User.email == AGENT))
        handling.set_status(db.session, item, agent, IN_PROGRESS, RECEIVED)
        change = customers.change_address(db.session, person, new_address="3 New Road\nEastbury",
                                          new_postcode="AS2 2BB", moved_on=RECEIVED.date(), actor=agent,
                                          now=RECEIVED)
        db.session.commit()
        return {"customer": person.id, "reference": item.reference, "change": change.id,
                "token": enquiries.tracking_token(app.config["SECRET_KEY"], item)}


def test_an_address_never_runs_into_its_postcode(signed_in, jo):
    client = signed_in(AGENT)
    pages = [f"/staff/customers/{jo['customer']}", f"/staff/enquiries/{jo['reference']}",
             f"/staff/customers/{jo['customer']}/address-changes/{jo['change']}"]
    for path in pages:
        html = client.get(path).get_data(as_text=True)
        assert not re.search(r"(Ashdown|Eastbury)\s*AS\d", html), path
    record = client.get(pages[0]).get_data(as_text=True)
    assert "3 New Road<br>Eastbury<br>AS2 2BB" in record  # the current address
    assert "12 Mill Lane<br>Ashdown<br>AS1 1AA" in record  # and the one before, in the history
    assert "3 New Road<br>Eastbury<br>AS2 2BB" in client.get(pages[1]).get_data(as_text=True)
    moved = client.get(pages[2]).get_data(as_text=True)
    assert f"{jo['reference']} (In progress)" in moved  # the status as it reads everywhere else
    assert "12 Mill Lane, Ashdown, AS1 1AA -&gt; 3 New Road, Eastbury, AS2 2BB" in moved


def test_a_status_reads_the_same_for_staff_and_the_customer(client, signed_in, jo):
    tracked = client.get(f"/track/{jo['token']}").get_data(as_text=True)
    staff = signed_in(AGENT)
    page = staff.get(f"/staff/enquiries/{jo['reference']}").get_data(as_text=True)
    listed = staff.get("/staff/").get_data(as_text=True)
    for html in (tracked, page, listed):
        assert "In progress" in html and "Being dealt with" not in html
    assert re.search(r"Status</dt><dd[^>]*>In progress<", page)
    assert "Status: In progress" in page and "Status: In progress" in tracked  # the timeline
    assert re.search(r'<option value="in_progress"[^>]*>In progress</option>', page)  # what staff choose
    assert "· Status changed" in page and "· Received" in page and "· status" not in page  # the timeline's entries


def test_the_customer_summary_has_no_empty_lines(signed_in, jo):
    html = signed_in(AGENT).get(f"/staff/enquiries/{jo['reference']}").get_data(as_text=True)
    summary = re.search(r"Customer</dt><dd[^>]*>(.*?)</dd>", html, re.S).group(1)
    assert "<br><br>" not in summary and summary.endswith("jo@example.com<br>AS2 2BB")  # no phone given
