"""Casework staff through HTTP: a change of address recorded once on the customer record
(and from a "tell us you have moved" enquiry) with the list of records it updated; merging
duplicates; service queues and what is due soon; files sent with an enquiry; the E19
first-contact resolution figure."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from ieg import files_store
from ieg.casework import customers, enquiries, files
from ieg.casework.enquiries import ContactDetails
from ieg.models.casework import CLOSED
from ieg.timeutil import utcnow
from tests.conftest import csrf_from, sign_in

AGENT = "contact.agent@staff.example.gov.uk"
OFFICER = "officer@staff.example.gov.uk"


@pytest.fixture
def people(app, council):
    """Jo with an open and a closed enquiry at her old address, and a duplicate record."""
    from ieg.extensions import db
    from ieg.models import CaseType, Section

    with app.app_context():
        waste = db.session.scalar(select(Section).where(Section.slug == "waste-and-recycling"))
        kind = CaseType(slug="missed-bin", name="Missed bin collection", section=waste, resolution_days=2)
        moving = CaseType(slug=customers.CHANGE_OF_ADDRESS, name="Change of address", section=waste)
        db.session.add_all([kind, moving])
        jo = enquiries.find_or_create_customer(db.session, ContactDetails(
            name="Jo Bloggs", email="jo@example.com", phone="01632 960123", address="12 Mill Lane", postcode="AS1 1AA"))
        dupe = enquiries.find_or_create_customer(db.session, ContactDetails(
            name="Jo Bloggs", email="jo.work@example.org", postcode="AS1 1AA"))
        now = utcnow()

        def open_one(customer, status="open", slug_kind=kind, answers=None, received=now):
            item, _ = enquiries.open_enquiry(db.session, channel="web", customer=customer, case_type=slug_kind,
                                             subject="Bin", description="", received_at=received, now=received,
                                             answers=answers)
            item.status = status
            return item
        open_item, closed_item = open_one(jo), open_one(jo, CLOSED)
        theirs = open_one(dupe)
        form = open_one(jo, slug_kind=moving, answers={
            "old_address": "12 Mill Lane", "old_postcode": "AS1 1AA", "new_address": "3 New Road",
            "new_postcode": "AS2 2BB", "moved_on": (now - timedelta(days=3)).date().isoformat()})
        late = open_one(jo, received=now - timedelta(days=10))
        db.session.commit()
        return {"jo": jo.id, "dupe": dupe.id, "open": open_item.reference, "closed": closed_item.reference,
                "theirs": theirs.reference, "form": form.reference, "late": late.reference, "waste": waste.id}


def _post(client, path, data, page):
    return client.post(path, data={"csrf_token": csrf_from(client.get(page)), **data})


def test_a_move_recorded_once_updates_open_records_and_lists_them(app, signed_in, people):
    client = signed_in(AGENT)
    page = f"/staff/customers/{people['jo']}"
    record = client.get(page).get_data(as_text=True)
    assert "Record a change of address" in record and "12 Mill Lane" in record and "Current address" in record
    response = _post(client, f"{page}/address", {"new_address": "3 New Road\nAshdown", "new_postcode": "as2 2bb",
                                                 "moved_on-day": "14", "moved_on-month": "11",
                                                 "moved_on-year": "2026"}, page)
    assert response.status_code == 302 and "/address-changes/" in response.location
    listed = client.get(response.location).get_data(as_text=True)
    assert "14 November 2026" in listed and "AS2 2BB" in listed
    assert f"Enquiry {people['open']}" in listed and f"Enquiry {people['closed']}" in listed
    assert listed.count("govuk-tag--green") == 4  # the customer record and three open enquiries
    assert "keeps the address it was dealt with at" in listed
    enquiry_page = client.get(f"/staff/enquiries/{people['open']}").get_data(as_text=True)
    assert "3 New Road" in enquiry_page
    assert "12 Mill Lane" in client.get(f"/staff/enquiries/{people['closed']}").get_data(as_text=True)


@pytest.mark.parametrize("data, message", [
    ({"new_address": "", "new_postcode": "AS2 2BB", "moved_on-day": "1", "moved_on-month": "11",
      "moved_on-year": "2026"}, "Enter the new address"),
    ({"new_address": "3 New Road", "new_postcode": "AS2 2BB", "moved_on-day": "31", "moved_on-month": "2",
      "moved_on-year": "2026"}, "must be a real date"),
    ({"new_address": "3 New Road", "new_postcode": "AS2 2BB"}, "Enter the date the customer moved"),
])
def test_a_wrong_change_of_address_says_why_and_keeps_what_was_typed(app, signed_in, people, data, message):
    client = signed_in(AGENT)
    page = f"/staff/customers/{people['jo']}"
    response = _post(client, f"{page}/address", data, page)
    text = response.get_data(as_text=True)
    assert response.status_code == 400 and message in text and "govuk-error-summary" in text
    if data["new_address"]:
        assert data["new_address"] in text


def test_staff_apply_a_moving_form_once_and_the_customer_is_told(app, signed_in, people):
    client = signed_in(AGENT)
    page = f"/staff/enquiries/{people['form']}"
    assert "Record this change of address" in client.get(page).get_data(as_text=True)
    response = _post(client, page, {"action": "apply_move"}, page)
    assert response.status_code == 302 and "/address-changes/" in response.location
    shown = client.get(page).get_data(as_text=True)
    assert "This change of address was recorded" in shown and "Record this change of address" not in shown
    again = _post(client, page, {"action": "apply_move"}, page)
    assert again.status_code == 400 and "already been recorded" in again.get_data(as_text=True)


def test_merging_a_duplicate_shows_both_first_then_moves_its_enquiries(app, signed_in, people):
    client = signed_in(AGENT)
    page = f"/staff/customers/{people['jo']}"
    assert f"Record {people['dupe']}" in client.get(page).get_data(as_text=True)  # same name at the postcode
    check = client.get(f"{page}/merge?other={people['dupe']}").get_data(as_text=True)
    assert "jo.work@example.org" in check and "jo@example.com" in check and "Merge the records" in check
    response = client.post(f"{page}/merge", data={"csrf_token": csrf_from(client.get(page)), "other": people["dupe"]})
    assert response.status_code == 302
    merged = client.get(page).get_data(as_text=True)
    assert people["theirs"] in merged and "Records merged into this one" in merged
    old = client.get(f"/staff/customers/{people['dupe']}").get_data(as_text=True)
    assert "This record was merged into" in old and "Record a change of address" not in old
    bad = client.get(f"{page}/merge?other={people['jo']}")
    assert bad.status_code == 400 and "another customer record" in bad.get_data(as_text=True)


@pytest.mark.parametrize("email, allowed", [("waste.author@staff.example.gov.uk", False),
                                             ("auditor@staff.example.gov.uk", False),
                                             ("councillor@staff.example.gov.uk", False), (OFFICER, True)])
def test_only_casework_staff_reach_customer_records(app, signed_in, people, email, allowed):
    client = signed_in(email)
    page = f"/staff/customers/{people['jo']}"
    assert client.get(page).status_code == (200 if allowed else 403)
    assert client.get(f"{page}/merge?other={people['dupe']}").status_code == (200 if allowed else 403)
    assert client.get("/staff/first-contact-resolution").status_code == (200 if allowed else 403)
    token = csrf_from(client.get("/account/"))
    change = client.post(f"{page}/address", data={"csrf_token": token, "new_address": "3 New Road",
                                                  "new_postcode": "AS2 2BB", "moved_on-day": "1",
                                                  "moved_on-month": "11", "moved_on-year": "2026"})
    merge = client.post(f"{page}/merge", data={"csrf_token": token, "other": people["dupe"]})
    assert (change.status_code, merge.status_code) == ((302, 302) if allowed else (403, 403))


def test_an_officer_sees_their_service_queue_and_what_is_late(app, signed_in, people):
    from ieg.extensions import db
    from ieg.models import User

    with app.app_context():
        officer = db.session.scalar(select(User).where(User.email == OFFICER))
        officer.casework_section_id = people["waste"]
        db.session.commit()
    client = signed_in(OFFICER)
    dashboard = client.get("/staff/").get_data(as_text=True)
    assert "Waste and recycling queue" in dashboard.replace("Waste and Recycling", "Waste and recycling")
    due = dashboard.split("Due soon or late")[1].split("</table>")[0]
    assert people["late"] in due and "Late" in due and people["open"] not in due
    page = f"/staff/enquiries/{people['open']}"
    with app.app_context():
        from ieg.models import Section
        planning = db.session.scalar(select(Section).where(Section.slug != "waste-and-recycling"))
        planning_id, planning_title = planning.id, planning.title
    moved = _post(client, page, {"action": "queue", "section": planning_id}, page)
    # Out of the officer's service now: back to their dashboard, and the enquiry is another team's.
    assert moved.status_code == 302 and moved.headers["Location"] == "/staff/"
    assert "is no longer in your services" in client.get("/staff/").get_data(as_text=True)
    assert client.get(page).status_code == 403
    assert people["open"] not in client.get("/staff/").get_data(as_text=True)
    agent = app.test_client()
    sign_in(agent, AGENT)
    assert f"Moved to the {planning_title} queue" in agent.get(page).get_data(as_text=True)


@pytest.mark.parametrize("file_store", files_store.BACKENDS)
def test_files_are_for_staff_only_and_never_run_in_the_browser(app, signed_in, people, client):
    from ieg.extensions import db
    from ieg.models import Enquiry

    with app.app_context():
        item = db.session.scalar(select(Enquiry).where(Enquiry.reference == people["open"]))
        root = files_store.current()
        photo = files.store(db.session, root, item, filename="tip.png", data=b"\x89PNG\r\n\x1a\nrest",
                            content_type="image/png", source="form")
        page = files.store(db.session, root, item, filename="page.html", data=b"<script>alert(1)</script>",
                           content_type="text/html", source="email")
        db.session.commit()
        photo_id, page_id = photo.id, page.id
    base = f"/staff/enquiries/{people['open']}/files"
    assert client.get(f"{base}/{photo_id}").status_code in (302, 401)  # signed out
    staff = signed_in(AGENT)
    assert "tip.png" in staff.get(f"/staff/enquiries/{people['open']}").get_data(as_text=True)
    shown = staff.get(f"{base}/{photo_id}")
    assert shown.status_code == 200 and shown.mimetype == "image/png" and shown.data.startswith(b"\x89PNG")
    risky = staff.get(f"{base}/{page_id}")
    assert risky.mimetype == "application/octet-stream" and "attachment" in risky.headers["Content-Disposition"]
    assert risky.headers["X-Content-Type-Options"] == "nosniff"
    assert staff.get(f"/staff/enquiries/{people['closed']}/files/{photo_id}").status_code == 404


def test_first_contact_resolution_is_confirmed_only_when_the_customer_does_not_come_back(app, signed_in, council):
    from ieg.extensions import db
    from ieg.models import CaseType, EnquiryEvent

    now = utcnow()
    with app.app_context():
        kind = CaseType(slug="council-tax", name="Council tax question")
        db.session.add(kind)
        ann = enquiries.find_or_create_customer(db.session, ContactDetails(name="Ann", phone="01632 960001"))
        bob = enquiries.find_or_create_customer(db.session, ContactDetails(name="Bob", phone="01632 960002"))
        cat = enquiries.find_or_create_customer(db.session, ContactDetails(name="Cat", phone="01632 960003"))

        def log(customer, at, channel="phone", fcr=True):
            return enquiries.open_enquiry(db.session, channel=channel, customer=customer, case_type=kind, subject="Q",
                                          description="", received_at=at, now=at, resolved_at_first_contact=fcr)[0]
        weeks_ago = now - timedelta(days=21)
        log(ann, weeks_ago)                                           # confirmed
        log(bob, weeks_ago)                                           # Bob rang back two days later
        log(bob, weeks_ago + timedelta(days=2), channel="email", fcr=False)
        wrote_back = log(cat, weeks_ago, channel="face_to_face")      # Cat replied on the same enquiry
        db.session.add(EnquiryEvent(enquiry=wrote_back, kind="reply_in", at=weeks_ago + timedelta(hours=3)))
        log(ann, now - timedelta(hours=1))                            # still inside its 5 working days
        db.session.commit()
    page = signed_in(AGENT).get("/staff/first-contact-resolution").get_data(as_text=True)
    assert "First-contact resolution" in page
    from ieg.casework import fcr
    from ieg.workingtime import Calendar
    with app.app_context():
        rows = fcr.report(db.session, Calendar(), now - timedelta(days=60), now + timedelta(seconds=1), now)
        cells = {}
        for row in rows:
            cell = cells.setdefault(row.channel, fcr.Cell())
            for name in ("received", "claimed", "followed_up", "confirmed", "pending"):
                setattr(cell, name, getattr(cell, name) + getattr(row.cell, name))
    assert (cells["phone"].received, cells["phone"].claimed, cells["phone"].followed_up, cells["phone"].confirmed,
            cells["phone"].pending) == (3, 3, 1, 1, 1)
    assert cells["phone"].percent == 50.0
    assert (cells["face_to_face"].followed_up, cells["face_to_face"].percent) == (1, 0.0)
    assert (cells["email"].received, cells["email"].claimed, cells["email"].percent) == (1, 0, 0.0)


def test_an_agent_logs_a_call_against_the_record_they_found(app, signed_in, people):
    from ieg.extensions import db
    from ieg.models import CaseType, Enquiry

    client = signed_in(AGENT)
    record = client.get(f"/staff/customers/{people['jo']}").get_data(as_text=True)
    assert f'href="/staff/log?customer={people["jo"]}"' in record
    form = client.get(f"/staff/log?customer={people['jo']}")
    text = form.get_data(as_text=True)
    assert "jo@example.com" in text and 'id="email"' not in text  # no details to type again
    with app.app_context():
        kind_id = db.session.scalar(select(CaseType.id).where(CaseType.slug == "missed-bin"))
    response = client.post("/staff/log", data={
        "csrf_token": csrf_from(form), "customer": people["jo"], "channel": "phone", "case_type": kind_id,
        "subject": "Rang to say the bin was collected after all", "submission": "k-1"})
    assert response.status_code == 302
    with app.app_context():
        logged = db.session.scalar(select(Enquiry).where(Enquiry.subject.startswith("Rang to say")))
        assert logged.customer_id == people["jo"] and logged.channel == "phone"
