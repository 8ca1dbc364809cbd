"""A resident follows "Roads and transport", confirms from the email (a real SMTP server, aiosmtpd),
responds to the open consultation on a 320 px phone and changes the response by its link; an editor
closes it, writes and publishes the outcome and concludes it; the resident gets the alert and
unsubscribes in one click. Every page: zero axe-core violations; the resident's pages fit 320 px."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import watched_page
from tests.browser.test_casework_journey import casework_site, send_outbox  # noqa: F401 (a fixture)
from tests.browser.test_resident_phone_journey import PHONE, assert_fits
from tests.browser.accessibility import assert_accessible
from tests.browser.test_roles_accessibility import sign_in
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser
BODY = "## The proposal\n\nTwo speed tables and a 20 mph limit on Mill Lane: see the [roads pages](/roads-and-transport/).\n"


@pytest.fixture(scope="module")
def site(casework_site):
    """The casework journeys' live server and SMTP server, with an open consultation and its editors."""
    app, base, inbox = casework_site
    with app.app_context():
        from ieg.content import pages
        from ieg.extensions import db
        from ieg.models import Section
        from ieg.participation import consultations, surveys
        from ieg.participation.consultations import ConsultationInput
        from ieg.timeutil import utcnow
        from sqlalchemy import select
        roads = db.session.scalar(select(Section).where(Section.slug == "roads-and-transport"))
        author = make_user(db.session, "mill.author@example.org", grants=(("roads-and-transport", "author"),))
        publisher = make_user(db.session, "mill.publisher@example.org", name="Pat Publisher",
                              grants=(("roads-and-transport", "publisher"),))
        now = utcnow()
        c = consultations.create(db.session, author, now - timedelta(days=1), roads, ConsultationInput(
            title="Mill Lane traffic calming", summary="Speed tables and a 20 mph limit on Mill Lane",
            background=BODY, opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=14),
            wards=["Millbrook"], areas="Mill Lane between the bridge and the school"))
        for data in (surveys.QuestionInput("scale", "Mill Lane needs traffic calming"),
                     surveys.QuestionInput("one_choice", "Which measure do you prefer?",
                                           options="Speed tables\nA 20 mph limit\nBoth\nNeither"),
                     surveys.QuestionInput("long_text", "Anything else?", required=False)):
            consultations.save_question(db.session, c, None, data)
        pages.submit(db.session, c.page, author, now)
        pages.publish(db.session, c.page, publisher, now)
        consultations.refresh(db.session, now)
        db.session.commit()
        consultation_id = c.id
    return app, base, inbox, consultation_id


def _mail_to(inbox, address):
    return [m for rcpt, m in inbox.messages if rcpt == [address]]


def _text(message):
    return message.get_payload(decode=True).decode()


def test_subscribe_respond_change_outcome_alert_unsubscribe(browser, site):
    app, base, inbox, consultation_id = site
    phone = watched_page(browser, viewport=PHONE, is_mobile=True, has_touch=True)

    # Subscribe to "Roads and transport", on a phone.
    phone.goto(f"{base}/alerts/")
    assert_accessible(phone)
    assert_fits(phone)
    phone.get_by_role("button", name="Subscribe").click()
    expect(phone.get_by_role("alert")).to_be_visible()  # the error summary: no address, no topic
    assert_accessible(phone)
    assert_fits(phone)
    phone.get_by_label("Email address").fill("mill.resident@example.com")
    phone.get_by_label("Roads and transport").check()
    phone.get_by_role("button", name="Subscribe").click()
    expect(phone.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(phone)

    send_outbox(app)
    (confirmation,) = _mail_to(inbox, "mill.resident@example.com")
    link = re.search(r"(http://\S+/alerts/confirm/\S+)", _text(confirmation)).group(1)
    phone.goto(link)
    assert_accessible(phone)
    phone.get_by_role("button", name="Confirm").click()
    expect(phone.get_by_role("heading", name="Your email alerts are confirmed")).to_be_visible()
    assert_accessible(phone)
    assert_fits(phone)

    # Respond to the open consultation.
    phone.goto(f"{base}/consultations/")
    assert_accessible(phone)
    assert_fits(phone)
    phone.get_by_role("link", name="Mill Lane traffic calming").click()
    assert_accessible(phone)
    assert_fits(phone)
    phone.get_by_role("button", name="Respond to this consultation").click()
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("alert")).to_be_visible()
    assert_accessible(phone)
    assert_fits(phone)
    phone.get_by_role("group", name="Mill Lane needs traffic calming").get_by_label("Agree", exact=True).check()
    phone.get_by_label("Speed tables").check()
    phone.get_by_label("Anything else?").fill("Please keep the bus route clear.")
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", name="About you")).to_be_visible()
    assert_accessible(phone)
    assert_fits(phone)
    phone.get_by_label("A resident").check()
    phone.get_by_label("Your postcode").fill("as1 4mb")
    phone.get_by_label("Yes, without my name").check()
    phone.get_by_label("Satisfied", exact=True).check()
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", name="Check your response before sending it")).to_be_visible()
    assert_accessible(phone)
    assert_fits(phone)
    phone.get_by_role("button", name="Send your response").click()
    reference = phone.locator(".govuk-panel--confirmation strong").inner_text()
    assert re.fullmatch(r"CON-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]", reference)
    assert_accessible(phone)
    assert_fits(phone)

    # Change it by the link.
    phone.get_by_role("link", name="Change your response").click()
    expect(phone.get_by_role("heading", name="Change your response")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_label("Both").check()
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_role("button", name="Save your changed response").click()
    expect(phone.get_by_role("heading", name="Response changed")).to_be_visible()
    assert phone.locator(".govuk-panel--confirmation strong").inner_text() == reference
    assert phone.context.cookies() == []  # no cookie on any of the resident's pages
    assert phone.console_errors == []

    # An editor (publisher of the section) closes it, writes the outcome, publishes it, concludes.
    editor = watched_page(browser, viewport={"width": 1280, "height": 900})
    sign_in(editor, base, "mill.publisher@example.org", PASSWORD)
    editor.goto(f"{base}/consultations/manage/")
    assert_accessible(editor)
    editor.get_by_role("link", name="Mill Lane traffic calming").click()
    assert_accessible(editor)
    editor.get_by_role("button", name="Close it now").click()
    expect(editor.get_by_text("The consultation is closed")).to_be_visible()
    editor.get_by_role("link", name=re.compile("Write the outcome")).click()
    assert_accessible(editor)
    editor.get_by_label("Summary of the responses").fill("Most respondents agreed Mill Lane needs calming.")
    editor.get_by_label("You said, we did").fill("## What we will do\n\nWe will build both measures in the spring.\n")
    editor.get_by_role("button", name="Save the outcome page").click()
    editor.get_by_role("link", name=re.compile("Open it in the page editor.*outcome")).click()
    editor.get_by_role("button", name="Approve and publish").click()
    editor.goto(f"{base}/consultations/manage/{consultation_id}")
    editor.get_by_role("button", name="Conclude the consultation").click()
    expect(editor.get_by_text("Concluded.")).to_be_visible()
    assert_accessible(editor)
    editor.context.close()

    # The resident hears of it, reads the outcome, and leaves in one click.
    send_outbox(app)
    alert = next(m for m in _mail_to(inbox, "mill.resident@example.com") if "we did" in m["Subject"])
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    phone.goto(re.search(r"Read more: (\S+)", _text(alert)).group(1))
    expect(phone.get_by_role("heading", name="We asked, you said, we did")).to_be_visible()
    expect(phone.locator("svg.ieg-chart").first).to_be_visible()
    assert_accessible(phone)
    assert_fits(phone)
    unsubscribe = re.sub(r"\s+", "", str(alert["List-Unsubscribe"])).strip("<>")  # unfolded
    done = phone.request.post(unsubscribe, data="List-Unsubscribe=One-Click",
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert done.status == 200 and "You have unsubscribed" in done.text()
    phone.goto(unsubscribe)
    expect(phone.get_by_role("heading", name="This link does not work")).to_be_visible()
    assert_accessible(phone)
    phone.context.close()


@pytest.fixture(scope="module")
def paged(site):
    """A second open consultation whose editors chose one question per page."""
    app, base, inbox, consultation_id = site
    with app.app_context():
        from ieg.content import pages
        from ieg.extensions import db
        from ieg.models import Consultation, User
        from ieg.participation import consultations, surveys
        from ieg.participation.consultations import ConsultationInput
        from ieg.timeutil import utcnow
        from sqlalchemy import select
        first = db.session.get(Consultation, consultation_id)
        author = db.session.scalar(select(User).where(User.email == "mill.author@example.org"))
        publisher = db.session.scalar(select(User).where(User.email == "mill.publisher@example.org"))
        now = utcnow()
        c = consultations.create(db.session, author, now - timedelta(days=1), first.section, ConsultationInput(
            title="School Street closures", summary="Closing Station Road to traffic at school times",
            background=BODY, opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=14),
            wards=["Millbrook"], one_per_page=True))
        for data in (surveys.QuestionInput("one_choice", "Should Station Road close at school times?",
                                           options="Yes\nNo\nNot sure"),
                     surveys.QuestionInput("several_choices", "How do you travel to the school?",
                                           options="Walk\nCycle\nCar\nBus", required=False),
                     surveys.QuestionInput("long_text", "Anything else?", required=False)):
            consultations.save_question(db.session, c, None, data)
        pages.submit(db.session, c.page, author, now)
        pages.publish(db.session, c.page, publisher, now)
        consultations.refresh(db.session, now)
        db.session.commit()
        return c.slug


def test_one_question_per_page_on_a_phone(browser, site, paged):
    app, base, inbox, _ = site
    phone = watched_page(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    phone.goto(f"{base}/consultations/{paged}")
    phone.get_by_role("button", name="Respond to this consultation").click()
    first = phone.get_by_role("heading", level=1, name="Should Station Road close at school times?")
    expect(first).to_be_visible()
    assert_accessible(phone)
    assert_fits(phone)
    phone.get_by_role("button", name="Continue").click()  # nothing chosen: an error on this page
    expect(phone.get_by_role("alert")).to_be_visible()
    expect(first).to_be_visible()
    assert_accessible(phone)
    assert_fits(phone)
    phone.get_by_label("No", exact=True).check()
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", level=1, name="How do you travel to the school? (optional)")).to_be_visible()
    assert_accessible(phone)
    assert_fits(phone)
    phone.get_by_role("button", name="Back").click()  # back keeps the answer
    expect(phone.get_by_label("No", exact=True)).to_be_checked()
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_label("Walk").check()
    phone.get_by_label("Bus").check()
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_label("Anything else? (optional)").fill("A crossing patrol would help.")
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", name="About you")).to_be_visible()
    assert_accessible(phone)
    assert_fits(phone)
    phone.get_by_label("Yes, without my name").check()
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", name="Check your response before sending it")).to_be_visible()
    assert_accessible(phone)
    assert_fits(phone)
    phone.get_by_role("button", name="Change Should Station Road close at school times?").click()
    expect(phone.get_by_label("No", exact=True)).to_be_checked()
    phone.get_by_label("Yes", exact=True).check()
    phone.get_by_role("button", name="Continue").click()  # straight back to check your answers
    expect(phone.get_by_role("heading", name="Check your response before sending it")).to_be_visible()
    expect(phone.get_by_text("Walk, Bus")).to_be_visible()
    phone.get_by_role("button", name="Send your response").click()
    expect(phone.get_by_role("heading", name="Response sent")).to_be_visible()
    assert_accessible(phone)
    with app.app_context():
        from ieg.extensions import db
        from ieg.models import Consultation, ConsultationResponse
        from sqlalchemy import select
        stored = db.session.scalar(select(ConsultationResponse).join(Consultation).where(Consultation.slug == paged))
        assert stored.answers == {"should_station_road_close_at_school_time": "Yes",
                                  "how_do_you_travel_to_the_school": ["Walk", "Bus"],
                                  "anything_else": "A crossing patrol would help."}
