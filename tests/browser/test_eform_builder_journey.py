"""E-forms end to end in a real browser. An administrator builds a form without code at
/admin/forms (details, questions one at a time, which answers make the enquiry, preview,
live) and a resident sends it, meeting the GOV.UK error summary on the way. A resident
tells us they have moved (a GOV.UK date input, an impossible date first) and a contact
agent records the move. A resident reports fly-tipping with a photo and an officer opens
it. Zero axe violations on every page visited."""
from __future__ import annotations

import re
import shutil
import struct
import threading
import zlib
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from ieg.casework.eform_definitions import long_date
from tests.browser.accessibility import assert_accessible
from tests.browser.test_roles_accessibility import sign_in
from tests.conftest import make_app

pytestmark = pytest.mark.browser

ADMIN = "admin@staff.example.gov.uk"
AGENT = "contact.agent@staff.example.gov.uk"
OFFICER = "officer@staff.example.gov.uk"
GOVUK_READY = ".govuk-error-summary[data-module-init], .govuk-error-summary[data-govuk-error-summary-init]"


@pytest.fixture(scope="module")
def forms_site(tmp_path_factory, council_database):
    """The test council on loopback, its app kept so the tests can look in the database."""
    folder = tmp_path_factory.mktemp("eform-builder-live")
    shutil.copy(council_database, folder / "ieg.sqlite3")
    app = make_app(folder, folder / "ieg.sqlite3")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app, app.config["BASE_URL"]
    server.shutdown()


def png(width=4, height=3) -> bytes:
    """A small, valid PNG: grey pixels, each row with filter byte 0."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.fixture
def new_page(browser):
    """Pages in fresh browser contexts (no cookies) beside the test's own, closed afterwards."""
    contexts = []

    def make():
        contexts.append(browser.new_context(viewport={"width": 1280, "height": 900}))
        return contexts[-1].new_page()
    yield make
    for context in contexts:
        context.close()


def wait_for_error_summary(page, message):
    """The error summary shows `message` and, once GOV.UK Frontend's script has started
    (under load it may not have yet), has taken focus."""
    expect(page.get_by_role("alert")).to_contain_text(message)
    expect(page.locator(GOVUK_READY)).to_have_count(1)
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('govuk-error-summary')")


def send_from_check_page(page) -> str:
    page.get_by_role("button", name="Send").click()
    panel = page.locator(".govuk-panel--confirmation")
    expect(panel).to_contain_text("Your reference")
    reference = panel.locator("strong").inner_text()
    assert reference.startswith("ENQ-")
    assert_accessible(page)
    return reference


def add_question(page, label, answer_type, hint="", options="", missing=""):
    page.get_by_role("link", name="Add a question").click()
    expect(page.get_by_role("heading", name="Add a question")).to_be_visible()
    page.get_by_label("Question", exact=True).fill(label)
    if hint:
        page.get_by_label("Hint text (optional)").fill(hint)
    page.get_by_label(answer_type, exact=True).check()
    if options:
        expect(page.get_by_label("Options", exact=True)).to_be_visible()
        page.get_by_label("Options", exact=True).fill(options)
    if missing:
        page.get_by_label("Error message when it is left empty (optional)").fill(missing)
    assert_accessible(page)
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_text(f"Question added: {label}")).to_be_visible()


def test_an_administrator_builds_a_form_and_a_resident_sends_it(page, forms_site, new_page):
    app, base = forms_site
    sign_in(page, base, ADMIN)
    page.wait_for_url(f"{base}/admin/")
    page.goto(f"{base}/admin/forms/")
    expect(page.get_by_role("heading", name="Forms", exact=True)).to_be_visible()
    assert_accessible(page)

    # The details page: a mistake first, explained the GOV.UK way, then the form.
    page.get_by_role("link", name="Create a form").click()
    expect(page.get_by_role("heading", name="Create a form")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Create the form").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page)
    page.get_by_label("Title").fill("Report dog fouling")
    page.get_by_label("Web address").fill("report-dog-fouling")
    page.get_by_label("Introduction (optional)").fill("Tell us where dogs have fouled.")
    page.get_by_label("A new case type").check()
    expect(page.get_by_label("Name", exact=True)).to_be_visible()
    page.get_by_label("Name", exact=True).fill("Dog fouling report")
    page.get_by_label("Service that deals with it").select_option(label="Environmental health")
    page.get_by_label("Priority outcomes served (optional)").fill("r27, R28")
    assert_accessible(page)
    page.get_by_role("button", name="Create the form").click()
    expect(page.get_by_text("Form saved. Add its questions")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Report dog fouling")
    expect(page.get_by_text("There are no questions yet.")).to_be_visible()
    assert_accessible(page)
    form_page = page.url

    # Questions, one at a time.
    add_question(page, "What did you see?", "One option from a list",
                 options="Dog mess on the pavement\nSomeone not clearing up", missing="Select what you saw")
    add_question(page, "Where was it?", "Text, one line", hint="The street and a landmark")
    add_question(page, "Email address", "Their email address")
    questions = page.locator(".govuk-summary-list").nth(1)
    expect(questions).to_contain_text("1. What did you see?")
    expect(questions).to_contain_text("3. Email address")
    expect(questions).to_contain_text("Their email address")
    assert_accessible(page)

    # Which answers make the enquiry's subject, description and location.
    page.get_by_label("Subject").select_option(label="What did you see?")
    description = page.get_by_role("group", name="Description")
    description.get_by_label("What did you see?").check()
    description.get_by_label("Where was it?").check()
    page.get_by_label("Location").select_option(label="Where was it?")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved which answers make up the enquiry.")).to_be_visible()
    assert_accessible(page)

    # The preview is the real page, which cannot be sent.
    page.get_by_role("link", name="Preview the form").click()
    expect(page.get_by_text("This is how residents see the form.")).to_be_visible()
    expect(page.get_by_label("Someone not clearing up")).to_be_visible()
    expect(page.get_by_role("button", name="Continue")).to_be_disabled()
    assert_accessible(page)
    page.get_by_role("link", name="Back to the form's settings").click()
    assert page.url == form_page

    # Still a draft: residents cannot see it yet.
    resident = new_page()
    assert resident.goto(f"{base}/forms/report-dog-fouling").status == 404
    page.get_by_role("button", name="Make the form live").click()
    expect(page.get_by_text("The form is live at /forms/report-dog-fouling.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Live")
    assert_accessible(page)
    assert page.console_errors == []

    # A resident, not signed in, finds it and sends it.
    resident.goto(f"{base}/forms/")
    assert_accessible(resident)
    resident.get_by_role("link", name="Report dog fouling").click()
    expect(resident.get_by_role("heading", name="Report dog fouling")).to_be_visible()
    expect(resident.get_by_text("The street and a landmark")).to_be_visible()
    assert_accessible(resident)
    resident.get_by_label("Where was it?").fill("Mill Lane by the school")
    resident.get_by_label("Email address").fill("Sam@Example.com")
    resident.get_by_role("button", name="Continue").click()  # what they saw: left empty
    wait_for_error_summary(resident, "Select what you saw")
    expect(resident.get_by_label("Where was it?")).to_have_value("Mill Lane by the school")  # nothing lost
    assert_accessible(resident)
    resident.get_by_role("link", name="Select what you saw").click()
    expect(resident.get_by_label("Dog mess on the pavement")).to_be_focused()
    resident.get_by_label("Someone not clearing up").check()
    resident.get_by_role("button", name="Continue").click()
    expect(resident.get_by_role("heading", name="Check your answers before sending")).to_be_visible()
    answers = resident.locator(".govuk-summary-list")
    expect(answers).to_contain_text("Someone not clearing up")
    expect(answers).to_contain_text("Mill Lane by the school")
    assert_accessible(resident)
    reference = send_from_check_page(resident)
    assert resident.context.cookies() == []

    from sqlalchemy import select
    from ieg.extensions import db
    from ieg.models import EForm, Enquiry
    with app.app_context():
        form = db.session.scalar(select(EForm).where(EForm.slug == "report-dog-fouling"))
        enquiry = db.session.scalar(select(Enquiry).where(Enquiry.reference == reference))
        assert enquiry.case_type_id == form.case_type_id
        assert enquiry.case_type.name == "Dog fouling report"
        assert enquiry.case_type.section.slug == "environmental-health"
        assert enquiry.subject == "Someone not clearing up" and enquiry.location == "Mill Lane by the school"


def test_a_resident_tells_us_they_moved_and_an_agent_records_it(page, forms_site, new_page):
    app, base = forms_site
    page.goto(f"{base}/forms/tell-us-you-have-moved")
    expect(page.get_by_role("heading", name="Tell us you have moved")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Full name").fill("Kim Mover")
    page.get_by_label("Email address").fill("kim.mover@example.com")
    page.get_by_label("Old address").fill("5 Old Street\nAshdown")
    page.get_by_label("Old postcode").fill("as1 5ab")
    page.get_by_label("New address").fill("22 New Street\nAshdown")
    page.get_by_label("New postcode").fill("as2 9zz")
    year = date.today().year
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("02")
    page.get_by_label("Year").fill(str(year))
    page.get_by_role("button", name="Continue").click()

    # 31 February: the day and month are wrong, the year is not.
    wait_for_error_summary(page, "Date you moved must be a real date")
    expect(page.locator("#moved_on-error")).to_contain_text("Date you moved must be a real date")
    expect(page.get_by_label("Day")).to_have_class(re.compile(r"\bgovuk-input--error\b"))
    expect(page.get_by_label("Month")).to_have_class(re.compile(r"\bgovuk-input--error\b"))
    expect(page.get_by_label("Year")).not_to_have_class(re.compile(r"\bgovuk-input--error\b"))
    expect(page.get_by_role("group", name="Date you moved")).to_have_attribute(
        "aria-describedby", re.compile(r"\bmoved_on-error\b"))
    assert_accessible(page)
    page.get_by_role("link", name="Date you moved must be a real date").click()
    expect(page.get_by_label("Day")).to_be_focused()

    moved = date.today() - timedelta(days=10)
    page.get_by_label("Day").fill(str(moved.day))
    page.get_by_label("Month").fill(str(moved.month))
    page.get_by_label("Year").fill(str(moved.year))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your answers before sending")).to_be_visible()
    answers = page.locator(".govuk-summary-list")
    expect(answers.locator(".govuk-summary-list__row", has_text="Date you moved")).to_contain_text(long_date(moved))
    expect(answers).to_contain_text("AS2 9ZZ")
    assert_accessible(page)
    reference = send_from_check_page(page)
    assert page.console_errors == []
    assert page.context.cookies() == []

    agent = new_page()
    sign_in(agent, base, AGENT)
    agent.wait_for_url(f"{base}/staff/")
    agent.goto(f"{base}/staff/enquiries/{reference}")
    expect(agent.get_by_role("heading", level=1)).to_contain_text(reference)
    expect(agent.get_by_role("heading", name="Change of address")).to_be_visible()
    assert_accessible(agent)
    agent.get_by_role("button", name="Record this change of address").click()
    expect(agent.get_by_text("Change of address recorded. These are the records it updated.")).to_be_visible()
    expect(agent.get_by_role("heading", name="Change of address", level=1)).to_be_visible()
    expect(agent.get_by_role("table", name="Records this change touched")).to_contain_text("Updated")
    expect(agent.locator(".govuk-summary-list")).to_contain_text(moved.strftime("%-d %B %Y"))
    assert_accessible(agent)
    # Back on the enquiry, the move shows as recorded, not to be recorded again.
    agent.goto(f"{base}/staff/enquiries/{reference}")
    expect(agent.get_by_text("This change of address was recorded on")).to_be_visible()
    expect(agent.get_by_role("button", name="Record this change of address")).to_have_count(0)
    assert_accessible(agent)


def test_a_resident_reports_fly_tipping_with_a_photo_and_an_officer_opens_it(page, forms_site, new_page):
    app, base = forms_site
    image = png()
    page.goto(f"{base}/forms/report-fly-tipping")
    assert_accessible(page)
    page.get_by_label("Describe the place").fill("Lay-by on Mill Lane, by the bus stop")
    page.get_by_label("What has been dumped?").fill("A mattress and 6 black bags")
    page.get_by_label("Photo (optional)").set_input_files(
        {"name": "fly-tip.png", "mimeType": "image/png", "buffer": image})
    page.get_by_label("Full name").fill("Sam Resident")
    page.get_by_label("Email address").fill("sam.resident@example.com")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your answers before sending")).to_be_visible()
    expect(page.locator(".govuk-summary-list__row", has_text="Photo")).to_contain_text("fly-tip.png")
    assert_accessible(page)
    reference = send_from_check_page(page)
    assert page.console_errors == []
    assert page.context.cookies() == []

    officer = new_page()
    sign_in(officer, base, OFFICER)
    officer.wait_for_url(f"{base}/staff/")
    officer.goto(f"{base}/staff/enquiries/{reference}")
    expect(officer.get_by_role("heading", level=1)).to_contain_text(reference)
    files = officer.locator(".govuk-summary-list__row", has_text="Files")
    expect(files).to_contain_text("photo from the form")
    link = files.get_by_role("link", name="fly-tip.png")
    expect(link).to_be_visible()
    assert_accessible(officer)
    response = officer.request.get(f"{base}{link.get_attribute('href')}")  # with the officer's cookies
    assert response.status == 200
    assert response.headers["content-type"] == "image/png"
    assert response.body() == image
    # Nobody signed in gets it.
    stranger = new_page()
    refused = stranger.request.get(f"{base}{link.get_attribute('href')}", max_redirects=0)
    assert refused.status in (302, 401, 403)
