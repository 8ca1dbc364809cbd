"""Browsing casework through HTTP: the enquiry list (open and closed) filtered, sorted and
paged, the customer search, both as CSV; only what the viewer may see; a clear message for
a filter that cannot be read; each download in the audit log."""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from ieg.casework import enquiries, handling
from ieg.casework.enquiries import ContactDetails
from ieg.models.casework import CLOSED, IN_PROGRESS

AGENT = "contact.agent@staff.example.gov.uk"
OFFICER = "officer@staff.example.gov.uk"
RECEIVED = datetime(2026, 10, 5, 9, 0, tzinfo=timezone.utc)
NOW = datetime(2026, 12, 10, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def casework(app, council):
    """Sixty enquiries: waste ones by web, parking ones by phone, some closed, one with a
    subject a spreadsheet would run; Helen Wright's, Jo Bloggs's and Sam's."""
    from ieg.extensions import db
    from ieg.models import CaseType, Section, User

    with app.app_context():
        waste, parking = (db.session.scalar(select(Section).where(Section.slug == slug))
                          for slug in ("waste-and-recycling", "parking"))
        bins = CaseType(slug="missed-bin", name="Missed bin collection", section=waste)
        tickets = CaseType(slug="pcn", name="Parking ticket", section=parking)
        db.session.add_all([bins, tickets])
        agent = db.session.scalar(select(User).where(User.email == AGENT))
        people = [enquiries.find_or_create_customer(db.session, details) for details in (
            ContactDetails(name="Helen Wright", email="helen@example.com", phone="01632 960123",
                           address="2 The Green\nAshdown", postcode="AS1 3NP"),
            ContactDetails(name="Jo Bloggs", email="jo@example.com", postcode="AS2 1AA"),
            ContactDetails(name="Sam Patel", phone="01632 960999"))]
        references = {}
        for n in range(60):
            waste_one = n % 2 == 0
            item, _ = enquiries.open_enquiry(
                db.session, channel="web" if waste_one else "phone", customer=people[n % 3],
                case_type=bins if waste_one else tickets, received_at=RECEIVED + timedelta(days=n), now=NOW,
                subject="=HYPERLINK(\"http://evil.example\",\"Click\")" if n == 7 else f"Enquiry number {n}",
                description="")
            if n % 4 == 0:
                item.breach_reason = "Crew short-staffed"
                handling.set_status(db.session, item, agent, CLOSED, NOW)
            elif n % 4 == 1:
                handling.set_status(db.session, item, agent, IN_PROGRESS, NOW)
            references[n] = item.reference
        db.session.commit()
        return {"refs": references, "waste": waste.id, "parking": parking.id, "helen": people[0].id}


def _refs(html: str) -> list[str]:
    return re.findall(r'<a class="govuk-link" href="/staff/enquiries/(ENQ-[^"]+)">', html)


def _csv(response):
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="')
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_staff_list_every_enquiry_open_and_closed_with_filters(signed_in, casework):
    agent = signed_in(AGENT)
    every = agent.get("/staff/enquiries")
    html = every.get_data(as_text=True)
    assert every.status_code == 200 and "60 enquiries" in html and "Showing 1 to 50" in html
    assert _refs(html)[0] == casework["refs"][59]  # newest first
    assert len(_refs(agent.get("/staff/enquiries?page=2").get_data(as_text=True))) == 10
    assert 'href="/staff/enquiries?page=2"' in html

    closed = agent.get("/staff/enquiries?status=closed").get_data(as_text=True)
    assert sorted(_refs(closed)) == sorted(casework["refs"][n] for n in range(0, 60, 4))
    both = agent.get("/staff/enquiries?status=closed&status=in_progress&channel=phone").get_data(as_text=True)
    assert sorted(_refs(both)) == sorted(casework["refs"][n] for n in range(1, 60, 4))
    parking = agent.get(f"/staff/enquiries?service={casework['parking']}&sort=oldest").get_data(as_text=True)
    assert _refs(parking) == [casework["refs"][n] for n in range(1, 60, 2)]
    october = agent.get("/staff/enquiries?from-day=10&from-month=10&from-year=2026&to-day=12&to-month=10"
                        "&to-year=2026").get_data(as_text=True)
    assert sorted(_refs(october)) == sorted(casework["refs"][n] for n in (5, 6, 7))
    assert "Nobody" in october and "In progress" in october
    unassigned = agent.get("/staff/enquiries?officer=none&breached=yes").get_data(as_text=True)
    assert "Missed a standard" in unassigned and 'value="yes" checked' in unassigned


def test_a_filter_that_cannot_be_read_is_said_plainly(signed_in, casework):
    agent = signed_in(AGENT)
    response = agent.get("/staff/enquiries?from-day=31&from-month=2&from-year=2026&status=lost&service=bins"
                         "&page=abc&sort=%27%3B%20DROP%20TABLE")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "There is a problem" in html
    for message in ("Received from must be a real date, like 14 11 2026", "Choose statuses from the list",
                    "Choose a service from the list", "Choose how to sort from the list"):
        assert message in html
    assert 'href="#from"' in html and "Traceback" not in html
    assert agent.get("/staff/enquiries/export.csv?channel=pigeon").status_code == 400
    assert agent.get("/staff/enquiries?page=999").status_code == 200  # past the end: the last page


def test_an_officer_lists_only_their_services_work(signed_in, casework):
    officer = signed_in(OFFICER)
    html = officer.get("/staff/enquiries").get_data(as_text=True)
    assert "30 enquiries" in html and set(_refs(html)) <= {casework["refs"][n] for n in range(0, 60, 2)}
    elsewhere = officer.get(f"/staff/enquiries?service={casework['parking']}").get_data(as_text=True)
    assert "0 enquiries" in elsewhere and "No enquiries match these filters." in elsewhere
    rows = _csv(officer.get(f"/staff/enquiries/export.csv?service={casework['parking']}"))
    assert len(rows) == 1  # the header only
    customers = officer.get("/staff/customers").get_data(as_text=True)
    assert "3 customers" in customers  # each has a waste enquiry
    assert "0 customers" in officer.get("/staff/customers?q=nobody-at-all").get_data(as_text=True)


def test_the_enquiry_list_as_csv_is_safe_and_in_the_audit_log(app, signed_in, casework):
    from ieg.extensions import db
    from ieg.models import AuditEntry

    agent = signed_in(AGENT)
    rows = _csv(agent.get("/staff/enquiries/export.csv?status=closed&status=in_progress&sort=oldest"))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Reference", "Received (UTC)", "Channel"] and "Missed a standard" in header
    assert [r[0] for r in body] == [casework["refs"][n] for n in range(60) if n % 4 in (0, 1)]
    assert len(_csv(agent.get("/staff/enquiries/export.csv"))) == 61  # every page, not only the first
    helen = next(r for r in body if r[0] == casework["refs"][0])
    assert helen[header.index("Customer name")] == "Helen Wright"
    assert helen[header.index("Status")] == "Closed" and helen[header.index("Channel")] == "Web form"
    opened = _csv(agent.get("/staff/enquiries/export.csv?status=open&channel=phone"))
    evil = next(r for r in opened if r[0] == casework["refs"][7])
    assert evil[opened[0].index("Subject")].startswith("'=HYPERLINK")  # text, not a formula
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "evidence.export")
                                   .order_by(AuditEntry.id)).all()[0]
        assert entry.subject == "export:enquiries.csv" and entry.actor.startswith("Cora Contact")
        assert entry.details["rows"] == 30 and entry.details["status"] == ["closed", "in_progress"]


def test_find_a_customer_by_name_email_phone_or_postcode(signed_in, casework):
    agent = signed_in(AGENT)
    for typed in ("wright helen", "HELEN@example", "+44 1632 960 123", "as13np", "AS1"):
        html = agent.get("/staff/customers", query_string={"q": typed}).get_data(as_text=True)
        assert "1 customer found" in html and f'href="/staff/customers/{casework["helen"]}"' in html, typed
        assert "2 The Green<br>Ashdown<br>AS1 3NP" in html
    every = agent.get("/staff/customers").get_data(as_text=True)
    assert re.findall(r'">([^<]+)<span class="govuk-visually-hidden">, customer record', every) == [
        "Helen Wright", "Jo Bloggs", "Sam Patel"]
    rows = _csv(agent.get("/staff/customers/export.csv?q=patel"))
    assert rows[0][:3] == ["Customer record", "Name", "Email"] and [r[1] for r in rows[1:]] == ["Sam Patel"]
    assert rows[1][rows[0].index("Enquiries")] == "20"
    assert agent.get("/staff/customers?sort=shoe-size").status_code == 400


def test_only_casework_staff_browse_casework(app, client, signed_in, casework):
    for path in ("/staff/enquiries", "/staff/customers", "/staff/enquiries/export.csv", "/staff/customers/export.csv"):
        assert client.get(path).status_code in (302, 401), path
    auditor = signed_in("auditor@staff.example.gov.uk")
    for path in ("/staff/enquiries", "/staff/customers", "/staff/enquiries/export.csv", "/staff/customers/export.csv"):
        assert auditor.get(path).status_code == 403, path
