"""What's on in a real browser: a group's editor adds a weekly event and a volunteer vacancy; a
resident finds the event by ward and category and downloads its calendar, and finds the vacancy;
another group's editor cannot open the first group's events. Zero axe violations throughout, and
the pages reflow at 320 px. Dates are counted from the day the test runs."""
from __future__ import annotations

import shutil
import threading
from datetime import timedelta

import icalendar
import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests import whatson_support
from tests.browser.conftest import watched_page
from tests.browser.test_resident_phone_journey import PHONE, assert_fits
from tests.browser.test_roles_accessibility import assert_accessible, sign_in
from tests.conftest import make_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory, council_database):
    """(base URL, facts) of a live server over the test council with two published groups, each
    with its editor, made by the factories."""
    from ieg.extensions import db
    from ieg.timeutil import to_local, utcnow

    folder = tmp_path_factory.mktemp("whats-on-live")
    shutil.copy(council_database, folder / "ieg.sqlite3")
    app = make_app(folder, folder / "ieg.sqlite3")
    with app.app_context():
        setup = whatson_support.build(db.session)
        facts = {"group": setup.group.id, "editor": setup.editor.email, "other_editor": setup.other_editor.email,
                 "today": to_local(utcnow(), "Europe/London").date()}
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", facts
    server.shutdown()


def fill_date(page, name, day):
    page.locator(f"#{name}-day").fill(str(day.day))
    page.locator(f"#{name}-month").fill(str(day.month))
    page.locator(f"#{name}-year").fill(str(day.year))


def test_an_editor_adds_a_weekly_event_and_a_vacancy_and_a_resident_finds_them(page, browser, site):
    base, facts = site
    thursday = facts["today"] + timedelta(days=(3 - facts["today"].weekday()) % 7 or 7)
    sign_in(page, base, facts["editor"])
    page.goto(f"{base}/whats-on/manage/")
    assert_accessible(page)
    page.get_by_role("link", name="events of Riverside Runners").click()
    page.get_by_role("link", name="Add an event").click()
    assert_accessible(page)
    page.get_by_label("Event name").fill("Thursday evening run")
    page.get_by_label("What happens").fill("A **5k** loop of the river, at an easy pace.")
    fill_date(page, "start_date", thursday)
    page.get_by_label("Start time").fill("19:00")
    page.get_by_label("Finish time (optional)").fill("18:00")
    page.get_by_label("Every week, on the days chosen below").check()
    page.get_by_label("Thursday").check()
    page.get_by_label("Or: how many times it happens in all").fill("8")
    page.get_by_label("Venue", exact=True).fill("Riverside Park")
    page.get_by_role("button", name="Save event").click()
    # A mistake is shown against its field, and nothing was saved.
    expect(page.locator(".govuk-error-summary")).to_contain_text("The finish time must be after the start time")
    assert_accessible(page)
    page.get_by_label("Finish time (optional)").fill("20:00")
    page.get_by_role("button", name="Save event").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Event added")
    expect(page.locator("main")).to_contain_text("Every week on Thursday, 8 times")
    assert_accessible(page)

    page.goto(f"{base}/whats-on/manage/")
    page.get_by_role("link", name="vacancies of Riverside Runners").click()
    page.get_by_role("link", name="Add a vacancy").click()
    page.get_by_label("Job or role title").fill("Volunteer run leader")
    page.get_by_label("Volunteer").check()
    page.get_by_label("Hours").fill("Thursday evenings, two hours")
    fill_date(page, "closing_date", facts["today"] + timedelta(days=30))
    page.get_by_label("How to apply").fill("Speak to any run leader, or email the club.")
    page.get_by_role("button", name="Save vacancy").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Vacancy added")
    assert_accessible(page)

    # Another group's editor cannot open this group's events.
    other = watched_page(browser, viewport={"width": 1280, "height": 900})
    sign_in(other, base, facts["other_editor"])
    assert other.goto(f"{base}/whats-on/manage/group/{facts['group']}/events").status == 403
    assert_accessible(other)
    other.context.close()

    resident = watched_page(browser, viewport={"width": 1280, "height": 900})
    resident.goto(f"{base}/whats-on/")
    assert_accessible(resident)
    resident.get_by_label("Choose dates").check()
    fill_date(resident, "from", thursday + timedelta(days=7))
    fill_date(resident, "to", thursday + timedelta(days=20))
    resident.get_by_label("Category").select_option(label="Sport and leisure")
    resident.get_by_label("Ward").select_option(label="Abbey")
    resident.get_by_role("button", name="Show events").click()
    expect(resident.locator("main h2").first).to_contain_text("2 events")
    assert_accessible(resident)
    resident.get_by_role("link", name="Thursday evening run").first.click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Thursday evening run")
    expect(resident.locator("main")).to_contain_text("19:00 to 20:00")
    assert_accessible(resident)
    href = resident.get_by_role("link", name="Add Thursday evening run to your calendar").get_attribute("href")
    event_url = resident.url
    calendar = resident.request.get(base + href)
    assert calendar.ok and calendar.headers["content-type"].startswith("text/calendar")
    [event] = icalendar.Calendar.from_ical(calendar.body()).walk("VEVENT")
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=8;BYDAY=TH"
    assert event["DTSTART"].dt.date() == thursday and event["DTSTART"].dt.strftime("%H:%M") == "19:00"
    resident.goto(f"{base}/whats-on/vacancies/")
    resident.get_by_role("link", name="Volunteer run leader").click()
    expect(resident.locator("main")).to_contain_text("Volunteer (unpaid)")
    assert_accessible(resident)

    phone = watched_page(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    for url in (f"{base}/whats-on/", event_url, f"{base}/whats-on/vacancies/", resident.url):
        phone.goto(url)
        assert_fits(phone)
    phone.context.close()
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/whats-on/manage/group/{facts['group']}/events/new")
    assert_fits(page)
    page.goto(f"{base}/whats-on/manage/group/{facts['group']}/events")
    assert_fits(page)
    assert not page.console_errors and not resident.console_errors
    resident.context.close()
