"""The casework journeys in a real browser, with a real SMTP server (aiosmtpd) on loopback:
a citizen reports fly-tipping and gets the reference on screen and by email; an officer
replies from /staff; the citizen tracks the enquiry and reads the reply. A contact agent
logs a phone enquiry resolved at first contact. Zero axe violations on every page."""
from __future__ import annotations

import re
import shutil
import threading

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.browser.accessibility import assert_accessible
from tests.browser.test_roles_accessibility import sign_in
from tests.conftest import make_app
from tests.services.mail.test_outbox import Inbox, free_port

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def casework_site(tmp_path_factory, council_database):
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    folder = tmp_path_factory.mktemp("casework-live")
    shutil.copy(council_database, folder / "ieg.sqlite3")
    app = make_app(folder, folder / "ieg.sqlite3", SMTP_URL=f"smtp://127.0.0.1:{port}")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app, app.config["BASE_URL"], inbox
    server.shutdown()
    controller.stop()


def send_outbox(app):
    """What the scheduler's send-outbox job does every 30 seconds."""
    from ieg.jobs import JOBS
    from ieg.timeutil import utcnow
    with app.app_context():
        JOBS["send-outbox"].func(utcnow())


def test_report_fly_tipping_get_a_reply_and_track_it(page, casework_site):
    app, base, inbox = casework_site
    page.goto(f"{base}/forms/report-fly-tipping")
    assert_accessible(page)
    page.get_by_label("Describe the place").fill("Lay-by on Mill Lane, by the bus stop")
    page.get_by_label("What has been dumped?").fill("A mattress and 6 black bags")
    page.get_by_label("Full name").fill("Sam Resident")
    page.get_by_label("Email address").fill("sam.resident@example.com")
    page.get_by_role("button", name="Continue").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()
    reference = page.locator(".govuk-panel--confirmation strong").inner_text()
    assert_accessible(page)

    send_outbox(app)
    (recipients, ack), = [m for m in inbox.messages if m[0] == ["sam.resident@example.com"]]
    assert reference in ack["Subject"] and ack["Auto-Submitted"] == "auto-replied"
    link = re.search(r"(http://\S+/track/\S+)", ack.get_payload(decode=True).decode()).group(1)

    officer = page.context.browser.new_context().new_page()
    sign_in(officer, base, "officer@staff.example.gov.uk")
    officer.goto(f"{base}/staff/?q={reference.lower().replace('-', ' ')}")
    officer.get_by_role("table", name=re.compile("Found for")).get_by_role("link", name=reference).click()
    expect(officer.get_by_role("heading", level=1)).to_contain_text(reference)
    assert_accessible(officer)
    officer.get_by_label("Reply to the customer by email").fill("Our crew will clear it by Friday.")
    officer.get_by_role("button", name="Send reply").click()
    expect(officer.get_by_text("Reply queued to send.")).to_be_visible()
    officer.context.close()

    send_outbox(app)
    replies = [m for r, m in inbox.messages if r == ["sam.resident@example.com"] and m is not ack]
    assert len(replies) == 1 and replies[0]["In-Reply-To"] == ack["Message-ID"]

    page.goto(link)
    expect(page.get_by_role("heading", name=reference)).to_be_visible()
    expect(page.get_by_text("Our crew will clear it by Friday.")).to_be_visible()
    assert_accessible(page)
    assert page.context.cookies() == []


def test_an_agent_logs_a_phone_enquiry_resolved_at_first_contact(page, casework_site):
    app, base, _ = casework_site
    from ieg.extensions import db
    from ieg.models import CaseType
    with app.app_context():  # a case type to choose, whichever test ran first
        if not db.session.query(CaseType).filter_by(slug="bin-day-question").count():
            db.session.add(CaseType(slug="bin-day-question", name="Bin day question"))
            db.session.commit()
    sign_in(page, base, "contact.agent@staff.example.gov.uk")
    page.goto(f"{base}/staff/log")
    assert_accessible(page)
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Customer name").fill("Pat Caller")
    page.get_by_label("Phone number (optional)").fill("01632 960777")
    page.get_by_label("What is it about?").select_option(label="Bin day question")
    page.get_by_label("Summary").fill("Asked which day the green bin goes out")
    page.get_by_label("Resolved during this contact").check()
    page.get_by_role("button", name="Log enquiry").click()
    expect(page.get_by_text("Give the customer this reference")).to_be_visible()
    expect(page.get_by_text("(resolved at first contact)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Pat Caller").click()
    expect(page.get_by_role("heading", name="Pat Caller")).to_be_visible()
    assert_accessible(page)


def test_an_agent_records_a_move_once_and_merges_a_duplicate(page, casework_site):
    app, base, _ = casework_site
    from ieg.casework import enquiries
    from ieg.casework.enquiries import ContactDetails
    from ieg.extensions import db
    from ieg.models import CaseType
    from ieg.timeutil import utcnow
    with app.app_context():
        kind = CaseType(slug="recycling-box", name="Recycling box request")
        db.session.add(kind)
        kim = enquiries.find_or_create_customer(db.session, ContactDetails(
            name="Kim Mover", email="kim.mover@example.com", address="5 Old Street\nAshdown", postcode="AS1 5AB"))
        twin = enquiries.find_or_create_customer(db.session, ContactDetails(
            name="Kim Mover", email="kim@work.example.org", postcode="AS1 5AB"))
        for who in (kim, twin):
            enquiries.open_enquiry(db.session, channel="web", customer=who, case_type=kind, subject="New box",
                                   description="", received_at=utcnow(), now=utcnow())
        db.session.commit()
        kim_id, twin_id = kim.id, twin.id
    sign_in(page, base, "contact.agent@staff.example.gov.uk")
    page.goto(f"{base}/staff/customers/{kim_id}")
    assert_accessible(page)
    page.get_by_role("button", name="Record change of address").click()  # nothing filled in
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the new address")
    assert_accessible(page)
    page.get_by_label("New address").fill("22 New Street\nAshdown")
    page.get_by_label("New postcode").fill("as2 9zz")
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Record change of address").click()
    expect(page.get_by_role("heading", name="Change of address")).to_be_visible()
    expect(page.get_by_role("table", name="Records this change touched")).to_contain_text("Updated")
    assert_accessible(page)
    page.get_by_role("link", name="Back to the customer record").click()
    page.get_by_role("link", name=re.compile(f"Record {twin_id}:")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Merge record {twin_id}")
    assert_accessible(page)
    page.get_by_role("button", name="Merge the records").click()
    expect(page.get_by_text("merged into this one: 1 enquiry moved")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Enquiries on every channel"))).to_contain_text("(2)")
    assert_accessible(page)
    page.goto(f"{base}/staff/first-contact-resolution")
    expect(page.get_by_role("heading", name="First-contact resolution")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{base}/staff/")
    assert_accessible(page)
