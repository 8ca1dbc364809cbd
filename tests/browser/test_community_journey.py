"""The community directory and what's on in a real browser, as ONE story: a group signs up from the
public site, its editor sets a password by the emailed link, a moderator approves the entry; the
editor changes the entry (live at once), adds a weekly event and a volunteer vacancy, changes the
event, and cannot open another group's entry or events; a resident finds the group and the event by
ward and category, downloads the event's calendar and finds the vacancy; the moderator reads both
edits against their diffs and rolls them back. Zero axe violations on every page; the public pages
(and the editor's forms) reflow at 320 px. Dates are counted from the day the test runs."""
from __future__ import annotations

import re
import shutil
import threading
from datetime import timedelta

import icalendar
import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.browser.conftest import watched_page
from tests.browser.test_resident_phone_journey import PHONE, assert_fits
from tests.browser.accessibility import assert_accessible
from tests.browser.test_roles_accessibility import sign_in
from tests.conftest import make_app
from tests.factories import DOMAIN, PASSWORD, _password_hash

pytestmark = pytest.mark.browser
MODERATOR = f"moderator@{DOMAIN}"
OTHER_EDITOR = f"other.editor@{DOMAIN}"
NEW_PASSWORD = "correct horse battery staple 21"
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def site(tmp_path_factory, council_database):
    """(app, base URL, facts) of a live server over the test council with two categories, two wards,
    a moderator and another group's published entry with its editor."""
    from ieg.extensions import db
    from ieg.timeutil import to_local, utcnow
    from tests.directory_support import make_group, make_moderator, make_places

    folder = tmp_path_factory.mktemp("community-live")
    shutil.copy(council_database, folder / "ieg.sqlite3")
    app = make_app(folder, folder / "ieg.sqlite3")
    with app.app_context():
        s = db.session
        sport, older, abbey, bridge = make_places(s)
        make_moderator(s, MODERATOR)
        other, editor = make_group(s, older, bridge, editor_email=OTHER_EDITOR, name="Bridge Lunch Club",
                                   summary="Lunch for older people")
        editor.password_hash = _password_hash(PASSWORD)
        facts = {"other": other.id, "other_slug": other.slug, "today": to_local(utcnow(), "Europe/London").date()}
        s.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}", facts
    finally:
        server.shutdown()


def _invitation(app, email: str) -> str:
    from ieg.extensions import db
    from ieg.models import OutboxMessage
    with app.app_context():
        body = db.session.scalar(select(OutboxMessage.body_text).where(OutboxMessage.to_address == email)
                                 .order_by(OutboxMessage.id))
    return re.search(r"https?://\S+(/reset-password/\S+)", body).group(1)


def fill_date(page, name, day):
    page.locator(f"#{name}-day").fill(str(day.day))
    page.locator(f"#{name}-month").fill(str(day.month))
    page.locator(f"#{name}-year").fill(str(day.year))


def on_phone(phone, url, axe=False):
    """The page at 320 px: nothing wider than the screen (and no axe violation there either, for a
    page not already checked at full width)."""
    phone.goto(url)
    assert_fits(phone)
    if axe:
        assert_accessible(phone)


def test_a_group_signs_up_keeps_its_entry_events_and_vacancies_and_a_moderator_rolls_edits_back(browser, site):
    app, base, facts = site
    thursday = facts["today"] + timedelta(days=(3 - facts["today"].weekday()) % 7 or 7)
    page = watched_page(browser, viewport=DESKTOP)
    phone = watched_page(browser, viewport=PHONE, is_mobile=True, has_touch=True)

    # A group signs up from the public directory.
    page.goto(f"{base}/directory/")
    assert_accessible(page)
    page.get_by_role("link", name="Add your group to the directory").click()
    assert_accessible(page)
    on_phone(phone, page.url)
    page.get_by_label("Your name").fill("Robin Green")
    page.get_by_label("Your email address").fill("robin@example.org")
    page.get_by_label("Name of the group or organisation").fill("Townley Chess Club")
    page.get_by_role("button", name="Send for checking").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a line about what the group does")
    assert_accessible(page)
    page.get_by_label("What the group does, in a line").fill("Chess for all ages on Thursday evenings")
    page.get_by_label("Sport and leisure").check()
    page.get_by_label("Abbey").check()
    page.locator("#venue1_address").fill("Townley Library\nHigh Street")
    page.locator("#venue1_postcode").fill("TS1 2BB")
    page.locator("#venue1_accessibility").fill("Step-free entrance")
    page.get_by_label("Email address (optional)").fill("chess@example.org")
    page.get_by_role("button", name="Send for checking").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Townley Chess Club is waiting for a check")
    assert_accessible(page)
    # Its editor chooses a password by the emailed link and signs in to their own groups.
    page.goto(base + _invitation(app, "robin@example.org"))
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    sign_in(page, base, "robin@example.org", NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your groups")
    expect(page.locator("main")).to_contain_text("Waiting for a check")
    assert_accessible(page)

    # A moderator approves it.
    moderator = watched_page(browser, viewport=DESKTOP)
    sign_in(moderator, base, MODERATOR)
    moderator.goto(f"{base}/directory/moderate/")
    assert_accessible(moderator)
    moderator.get_by_role("link", name="Townley Chess Club", exact=True).click()
    assert_accessible(moderator)
    moderator.get_by_role("button", name="Approve and publish").click()
    expect(moderator.locator(".govuk-notification-banner")).to_contain_text("Townley Chess Club is published")
    assert_accessible(moderator)

    # The editor changes the entry: live at once.
    page.get_by_role("link", name="Townley Chess Club", exact=True).click()
    assert_accessible(page)
    page.get_by_label("What the group does, in a line").fill("Chess and draughts on Thursday evenings")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your changes are published")
    assert_accessible(page)
    manage_url = page.url
    group_id = manage_url.rstrip("/").rsplit("/", 1)[1]
    phone.context.add_cookies(page.context.cookies())  # the editor's forms at 320 px too
    on_phone(phone, manage_url)

    # ...adds a weekly event (a mistake first, shown against its field) and a volunteer vacancy...
    page.goto(f"{base}/whats-on/manage/")
    assert_accessible(page)
    page.get_by_role("link", name="events of Townley Chess Club").click()
    assert_accessible(page)
    page.get_by_role("link", name="Add an event").click()
    assert_accessible(page)
    on_phone(phone, page.url)
    page.get_by_label("Event name").fill("Thursday chess night")
    page.get_by_label("What happens").fill("Friendly **games** for every level.")
    fill_date(page, "start_date", thursday)
    page.get_by_label("Start time").fill("19:00")
    page.get_by_label("Finish time (optional)").fill("18:00")
    page.get_by_label("Every week, on the days chosen below").check()
    page.get_by_label("Thursday").check()
    page.get_by_label("Or: how many times it happens in all").fill("8")
    page.get_by_label("Venue", exact=True).fill("Townley Library")
    page.get_by_role("button", name="Save event").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The finish time must be after the start time")
    assert_accessible(page)
    page.get_by_label("Finish time (optional)").fill("21:00")
    page.get_by_role("button", name="Save event").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Event added")
    expect(page.locator("main")).to_contain_text("Every week on Thursday, 8 times")
    assert_accessible(page)
    on_phone(phone, page.url)
    # ...changes the event (live at once: the moderator will roll this back)...
    page.get_by_role("link", name="Change Thursday chess night").click()
    assert_accessible(page)
    page.get_by_label("Event name").fill("Thursday chess and cake night")
    page.get_by_role("button", name="Save event").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Event changed")
    page.goto(f"{base}/whats-on/manage/group/{group_id}/vacancies/new")
    assert_accessible(page)
    page.get_by_label("Job or role title").fill("Volunteer chess coach")
    page.get_by_label("Volunteer").check()
    page.get_by_label("Hours").fill("Thursday evenings, two hours")
    fill_date(page, "closing_date", facts["today"] + timedelta(days=30))
    page.get_by_label("How to apply").fill("Speak to any of us on a Thursday, or email the club.")
    page.get_by_role("button", name="Save vacancy").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Vacancy added")
    assert_accessible(page)
    # ...and cannot open another group's entry or events.
    for path in (f"/directory/manage/{facts['other']}", f"/whats-on/manage/group/{facts['other']}/events"):
        assert page.goto(base + path).status == 403
    assert_accessible(page)

    # A resident finds the group by ward and category...
    resident = watched_page(browser, viewport=DESKTOP)
    resident.goto(f"{base}/directory/")
    resident.get_by_label("Category").select_option(label="Sport and leisure")
    resident.get_by_label("Ward").select_option(label="Abbey")
    resident.get_by_role("button", name="Show groups").click()
    expect(resident.get_by_role("heading", name="1 group in Sport and leisure serving Abbey")).to_be_visible()
    assert_accessible(resident)
    on_phone(phone, resident.url)
    resident.get_by_role("link", name="Townley Chess Club", exact=True).click()
    expect(resident.locator("main")).to_contain_text("Chess and draughts on Thursday evenings")
    expect(resident.locator("main")).not_to_contain_text("chess@example.org")  # kept private
    assert_accessible(resident)
    entry_url = resident.url
    on_phone(phone, entry_url)
    on_phone(phone, f"{entry_url}/report", axe=True)
    # ...and its event by ward and category, in the weeks after the first, and downloads its calendar.
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
    on_phone(phone, resident.url)
    resident.get_by_role("link", name="Thursday chess and cake night").first.click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Thursday chess and cake night")
    expect(resident.locator("main")).to_contain_text("19:00 to 21:00")
    assert_accessible(resident)
    event_url = resident.url
    on_phone(phone, event_url)
    href = resident.get_by_role("link", name="Add Thursday chess and cake night to your calendar").get_attribute("href")
    calendar = resident.request.get(base + href)
    assert calendar.ok and calendar.headers["content-type"].startswith("text/calendar")
    [event] = icalendar.Calendar.from_ical(calendar.body()).walk("VEVENT")
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=8;BYDAY=TH"
    assert event["DTSTART"].dt.date() == thursday and event["DTSTART"].dt.strftime("%H:%M") == "19:00"
    resident.goto(f"{base}/whats-on/vacancies/")
    assert_accessible(resident)
    on_phone(phone, resident.url)
    resident.get_by_role("link", name="Volunteer chess coach").click()
    expect(resident.locator("main")).to_contain_text("Volunteer (unpaid)")
    assert_accessible(resident)
    on_phone(phone, resident.url)

    # The moderator reads both edits in the one queue against their diffs and rolls them back.
    moderator.goto(f"{base}/directory/moderate/")
    expect(moderator.locator("main")).to_contain_text("Townley Chess Club: vacancy “Volunteer chess coach”")
    assert_accessible(moderator)
    moderator.get_by_role("link", name=re.compile("Townley Chess Club: directory entry, changed")).click()
    expect(moderator.locator(".ieg-diff__added")).to_contain_text("Chess and draughts on Thursday evenings")
    assert_accessible(moderator)
    moderator.get_by_role("button", name="Roll back this change").click()
    expect(moderator.locator(".govuk-notification-banner")).to_contain_text("the entry is as it was before it")
    moderator.get_by_role("link", name=re.compile("event “Thursday chess and cake night”, changed")).click()
    expect(moderator.locator(".ieg-diff__removed")).to_contain_text("Thursday chess night")
    expect(moderator.locator(".ieg-diff__added")).to_contain_text("Thursday chess and cake night")
    assert_accessible(moderator)
    moderator.get_by_role("button", name="Roll back this change").click()
    expect(moderator.locator(".govuk-notification-banner")).to_contain_text("the event is as it was before it")
    assert_accessible(moderator)
    resident.goto(event_url)
    expect(resident.get_by_role("heading", level=1)).to_have_text("Thursday chess night")
    resident.goto(entry_url)
    expect(resident.locator("main")).to_contain_text("Chess for all ages on Thursday evenings")
    page.goto(manage_url)
    expect(page.get_by_label("What the group does, in a line")).to_have_value("Chess for all ages on Thursday evenings")
    for each in (page, moderator, resident, phone):
        assert each.console_errors == []
        each.context.close()
