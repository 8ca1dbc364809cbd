"""Officers work in their own service, over HTTP: the Waste and recycling officer cannot open,
change or download a Roads enquiry, nor see its customer, in any page that reaches them (the
enquiry and its actions, files, the auditor's enquiry page, the customer record and its
actions, search, queues, logging against a record, first-contact resolution, report
drill-downs and exports), unless it is assigned to them or they logged it. A refusal is a
403 that shows nothing of the customer. Contact agents still see everything."""
from __future__ import annotations

import io
import re
from datetime import datetime, timedelta, timezone

import openpyxl
import pytest
from sqlalchemy import func, select

from ieg import files_store
from ieg.casework import enquiries, files
from ieg.casework.enquiries import ContactDetails
from ieg.extensions import db
from ieg.models import CaseType, Customer, Enquiry, EnquiryEvent, Section, User
from ieg.timeutil import utcnow
from tests.conftest import csrf_from, sign_in

AGENT = "contact.agent@staff.example.gov.uk"
OFFICER = "officer@staff.example.gov.uk"  # works the Waste and recycling queue
RECEIVED = datetime(2026, 3, 3, 10, 0, tzinfo=timezone.utc)
MARCH = "from=2026-03-01&to=2026-03-31"


@pytest.fixture
def cases(app, council):
    """Rita has a Roads enquiry (with a photo), Wendy a Waste one, Bo one of each; Alan's Roads
    enquiry is assigned to the Waste officer."""
    with app.app_context():
        sections = {s.slug: s for s in db.session.scalars(select(Section))}
        roads = CaseType(slug="pothole", name="Pothole", section=sections["roads-and-transport"])
        waste = CaseType(slug="missed-bin", name="Missed bin collection", section=sections["waste-and-recycling"])
        db.session.add_all([roads, waste])
        officer = db.session.scalar(select(User).where(User.email == OFFICER))

        def enquiry(name, email, kind, phone="01632 960777", channel="web", received=RECEIVED):
            person = enquiries.find_or_create_customer(db.session, ContactDetails(
                name=name, email=email, phone=phone, address=f"{name}'s House, Mill Lane", postcode="AS1 1AA"))
            item, _ = enquiries.open_enquiry(db.session, channel=channel, customer=person, case_type=kind,
                                             subject=f"{kind.name} for {name}", description="Details",
                                             received_at=received, now=received)
            return person, item

        rita, rita_roads = enquiry("Rita Roads", "rita@example.com", roads, phone="01632 960111")
        wendy, wendy_waste = enquiry("Will Waste", "wendy@example.com", waste)
        bo, bo_roads = enquiry("Bo Both", "bo@example.com", roads)
        _, bo_waste = enquiry("Bo Both", "bo@example.com", waste)
        alan, alan_roads = enquiry("Alan Assigned", "alan@example.com", roads)
        alan_roads.assigned_to_id = officer.id
        photo = files.store(db.session, files_store.current(), rita_roads, filename="hole.png",
                            data=b"\x89PNG\r\n\x1a\nrest", content_type="image/png", source="form")
        db.session.commit()
        return {"rita": rita.id, "rita_roads": rita_roads.reference, "wendy": wendy.id,
                "wendy_waste": wendy_waste.reference, "bo": bo.id, "bo_roads": bo_roads.reference,
                "bo_waste": bo_waste.reference, "alan": alan.id, "alan_roads": alan_roads.reference,
                "photo": photo.id, "roads_kind": roads.id, "waste_kind": waste.id}


def _events(app, reference) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(EnquiryEvent).join(Enquiry)
                                 .where(Enquiry.reference == reference))


def _refused(response):
    body = response.get_data(as_text=True)
    assert response.status_code == 403, response.status_code
    assert "Rita" not in body and "rita@example.com" not in body and "960111" not in body


def test_an_officer_cannot_open_change_or_download_another_services_enquiry(app, signed_in, cases):
    client = signed_in(OFFICER)
    page = f"/staff/enquiries/{cases['rita_roads']}"
    _refused(client.get(page))
    _refused(client.get(f"{page}/files/{cases['photo']}"))
    _refused(client.get(f"/evidence/enquiries/{cases['rita_roads']}"))  # the auditors' read-only page
    token = csrf_from(client.get("/staff/"))
    before = _events(app, cases["rita_roads"])
    for data in ({"action": "note", "note": "Looked at it"}, {"action": "reply", "reply": "Hello"},
                 {"action": "status", "status": "in_progress"}, {"action": "queue", "section": "1"},
                 {"action": "exclude", "excluded_reason": "spam"}):
        _refused(client.post(page, data={"csrf_token": token, **data}))
    assert _events(app, cases["rita_roads"]) == before
    assert client.get(f"/staff/enquiries/{cases['wendy_waste']}").status_code == 200  # their own service's


def test_an_officer_cannot_see_or_change_the_customer_of_another_services_enquiry(app, signed_in, cases):
    client = signed_in(OFFICER)
    record = f"/staff/customers/{cases['rita']}"
    _refused(client.get(record))
    _refused(client.get(f"/staff/log?customer={cases['rita']}"))
    _refused(client.get(f"{record}/merge?other={cases['wendy']}"))
    token = csrf_from(client.get("/staff/"))
    _refused(client.post(record + "/address", data={"csrf_token": token, "new_address": "1 New Road",
                                                    "new_postcode": "AS2 2BB", "moved_on-day": "1",
                                                    "moved_on-month": "3", "moved_on-year": "2026"}))
    _refused(client.post("/staff/log", data={"csrf_token": token, "customer": cases["rita"], "channel": "phone",
                                             "case_type": cases["waste_kind"], "subject": "Called"}))
    # Merging Rita into a record the officer may see would show her details on it.
    _refused(client.get(f"/staff/customers/{cases['wendy']}/merge?other={cases['rita']}"))
    refused = client.post(f"/staff/customers/{cases['wendy']}/merge",
                          data={"csrf_token": token, "other": cases["rita"]})
    _refused(refused)
    assert "ask customer services" in refused.get_data(as_text=True)
    with app.app_context():
        rita = db.session.get(Customer, cases["rita"])
        assert (rita.address, rita.merged_into_id) == ("Rita Roads's House, Mill Lane", None)
        assert db.session.scalar(select(func.count()).select_from(Enquiry)
                                 .where(Enquiry.customer_id == cases["rita"])) == 1
    assert client.get(f"/staff/customers/{cases['wendy']}").status_code == 200


def test_search_and_queues_list_only_the_officers_enquiries(signed_in, cases):
    client = signed_in(OFFICER)
    for typed in ("Rita", "rita@example.com", "01632 960111", cases["rita_roads"]):
        found = client.get("/staff/", query_string={"q": typed}).get_data(as_text=True).split("Found for")[1]
        found = found.split("</table>")[0].split("</caption>")[1]  # the results, not the words searched for
        assert cases["rita_roads"] not in found and "Rita" not in found and "Nothing found." in found, typed
    dashboard = client.get("/staff/").get_data(as_text=True)
    unassigned = dashboard.split("Open and not assigned to anyone")[1].split("</table>")[0]
    assert cases["wendy_waste"] in unassigned and cases["bo_waste"] in unassigned
    assert cases["rita_roads"] not in dashboard and cases["bo_roads"] not in dashboard
    mine = dashboard.split("My open enquiries")[1].split("</table>")[0]
    assert cases["alan_roads"] in mine  # assigned to them, whatever its service
    agent = sign_in_fresh(client.application, AGENT)
    everything = agent.get("/staff/").get_data(as_text=True)
    assert cases["rita_roads"] in everything and cases["bo_roads"] in everything
    assert cases["rita_roads"] in agent.get("/staff/", query_string={"q": "Rita"}).get_data(as_text=True)


def sign_in_fresh(app, email):
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def test_a_customer_of_two_services_shows_an_officer_only_their_services_enquiries(signed_in, cases):
    client = signed_in(OFFICER)
    record = client.get(f"/staff/customers/{cases['bo']}")
    body = record.get_data(as_text=True)
    assert record.status_code == 200 and "Enquiries you work on (1)" in body
    assert cases["bo_waste"] in body and cases["bo_roads"] not in body
    page = client.get(f"/staff/enquiries/{cases['bo_waste']}").get_data(as_text=True)
    others = page.split("The customer's other enquiries that you work on")[1]
    assert cases["bo_roads"] not in page and "None." in others.split("Timeline")[0]
    _refused(client.get(f"/staff/enquiries/{cases['bo_roads']}"))
    agent = sign_in_fresh(client.application, AGENT)
    everything = agent.get(f"/staff/customers/{cases['bo']}").get_data(as_text=True)
    assert "Enquiries on every channel (2)" in everything and cases["bo_roads"] in everything


def test_an_officer_works_on_what_is_assigned_to_them_and_what_they_logged(app, signed_in, cases):
    client = signed_in(OFFICER)
    page = f"/staff/enquiries/{cases['alan_roads']}"
    assert client.get(page).status_code == 200
    assert client.get(f"/staff/customers/{cases['alan']}").status_code == 200
    token = csrf_from(client.get(page))
    assert client.post(page, data={"csrf_token": token, "action": "note", "note": "On my list"}).status_code == 302
    form = client.get("/staff/log")
    logged = client.post("/staff/log", data={
        "csrf_token": csrf_from(form), "channel": "phone", "name": "Pat Caller", "phone": "01632 960555",
        "case_type": cases["roads_kind"], "subject": "Pothole on the High Street", "submission": "officer-1"})
    assert logged.status_code == 302
    assert client.get(logged.headers["Location"]).status_code == 200  # a Roads enquiry, but theirs
    # Given away to someone else, the assigned enquiry is out of their hands.
    with app.app_context():
        agent_id = db.session.scalar(select(User.id).where(User.email == AGENT))
    moved = client.post(page, data={"csrf_token": token, "action": "assign", "assignee": agent_id})
    assert moved.status_code == 302 and moved.headers["Location"] == "/staff/"
    _refused(client.get(f"/staff/customers/{cases['rita']}"))
    assert client.get(page).status_code == 403


def test_report_drill_downs_and_exports_list_only_the_officers_enquiries(signed_in, cases):
    client = signed_in(OFFICER)
    drill = client.get(f"/evidence/reports/r28/enquiries?{MARCH}").get_data(as_text=True)
    assert cases["wendy_waste"] in drill and cases["bo_waste"] in drill and cases["alan_roads"] in drill
    assert cases["rita_roads"] not in drill and cases["bo_roads"] not in drill
    assert "Only the enquiries you work on are listed" in drill
    exported = client.get(f"/evidence/reports/r28-enquiries.csv?{MARCH}").get_data(as_text=True)
    assert cases["wendy_waste"] in exported and cases["rita_roads"] not in exported
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/evidence/reports/r28.xlsx?{MARCH}").data))
    cells = {str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row}
    assert cases["wendy_waste"] in cells and cases["rita_roads"] not in cells
    agent = sign_in_fresh(client.application, AGENT)
    everything = agent.get(f"/evidence/reports/r28/enquiries?{MARCH}").get_data(as_text=True)
    assert cases["rita_roads"] in everything and "Only the enquiries you work on" not in everything


def test_first_contact_resolution_counts_the_officers_services_only(app, signed_in, cases):
    with app.app_context():
        yesterday = utcnow() - timedelta(days=1)
        for kind_id, name, phone in ((cases["roads_kind"], "Rhys", "01632 960201"),
                                     (cases["roads_kind"], "Ruth", "01632 960202"),
                                     (cases["waste_kind"], "Will", "01632 960203")):
            person = enquiries.find_or_create_customer(db.session, ContactDetails(name=name, phone=phone))
            enquiries.open_enquiry(db.session, channel="phone", customer=person, case_type=db.session.get(
                CaseType, kind_id), subject="Asked", description="", received_at=yesterday, now=yesterday,
                resolved_at_first_contact=True)
        db.session.commit()

    def phone_received(client) -> int:
        page = client.get("/staff/first-contact-resolution").get_data(as_text=True)
        rows = re.findall(r'<td class="govuk-table__cell">Phone</td>\s*<td[^>]*>(\d+)</td>', page)
        return sum(int(n) for n in rows)

    officer = signed_in(OFFICER)
    assert phone_received(officer) == 1
    assert "These figures count the enquiries you work on" in officer.get(
        "/staff/first-contact-resolution").get_data(as_text=True)
    assert phone_received(sign_in_fresh(app, AGENT)) == 3


@pytest.mark.parametrize("email, filled", [(OFFICER, False), (AGENT, True)])
def test_only_a_contact_agents_call_fills_in_another_services_customer(app, council, cases, email, filled):
    """An officer logging a call for someone whose record is another service's does not
    change that record: the details stay on the enquiry they logged."""
    with app.app_context():
        nina = enquiries.find_or_create_customer(db.session, ContactDetails(name="Nina", email="nina@example.com"))
        db.session.commit()
        nina_id = nina.id
    client = sign_in_fresh(app, email)
    form = client.get("/staff/log")
    logged = client.post("/staff/log", data={
        "csrf_token": csrf_from(form), "channel": "phone", "email": "nina@example.com", "phone": "01632 960444",
        "case_type": cases["roads_kind"], "subject": "Pothole", "submission": f"nina-{email}"})
    assert logged.status_code == 302
    with app.app_context():
        assert db.session.get(Customer, nina_id).phone == ("01632960444" if filled else None)
        item = db.session.scalar(select(Enquiry).where(Enquiry.customer_id == nina_id))
        assert item.given_details["phone"] == "01632960444"


def test_possible_duplicates_offered_to_an_officer_are_only_records_they_may_see(app, council, cases):
    with app.app_context():
        roads = db.session.get(CaseType, cases["roads_kind"])
        other = enquiries.find_or_create_customer(db.session, ContactDetails(
            name="Will Waste", email="wendy.roads@example.com", postcode="AS1 1AA"))
        enquiries.open_enquiry(db.session, channel="web", customer=other, case_type=roads, subject="Pothole",
                               description="", received_at=RECEIVED, now=RECEIVED)
        db.session.commit()
    page = f"/staff/customers/{cases['wendy']}"
    assert "wendy.roads@example.com" in sign_in_fresh(app, AGENT).get(page).get_data(as_text=True)
    shown = sign_in_fresh(app, OFFICER).get(page)
    assert shown.status_code == 200 and "wendy.roads@example.com" not in shown.get_data(as_text=True)
