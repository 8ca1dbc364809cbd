"""Local democracy in a real browser, over the demo council's democracy (wards, councillors,
committees, a year of meetings): a resident finds their ward councillor and next meeting, opens an
agenda item and its report and subscribes to the committee's calendar; a councillor keeps their
own record and page and cannot open another's; democratic services publish an agenda late and see
the flag. Zero axe violations throughout, and the public pages reflow at 320 px."""
from __future__ import annotations

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
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser
WARD = "Abbey"


@pytest.fixture(scope="module")
def site(tmp_path_factory, demo_database):
    """(base URL, facts) of a live server over the demo council with its democracy loaded, a
    democratic services officer and two councillors' logins made by the test."""
    from ieg.democracy import councillors, meetings
    from ieg.demo import democracy as demo_democracy
    from ieg.demo.history import History
    from ieg.extensions import db
    from ieg.models import Councillor, Meeting, User, Ward
    from ieg.timeutil import utcnow

    folder = tmp_path_factory.mktemp("democracy-live")
    shutil.copy(demo_database, folder / "ieg.sqlite3")
    app = make_app(folder, folder / "ieg.sqlite3")
    with app.app_context():
        s = db.session
        now = utcnow()
        history = History()
        demo_democracy.load(s, now, "ashdown.example.gov.uk", history)
        history.run()
        officer = make_user(s, "dem.officer@example.gov.uk", name="Dana Services",
                            grants=((councillors.DEMOCRACY_SECTION, "publisher"),))
        for councillor in s.scalars(select(Councillor)):
            officer.grant(councillor.section, "publisher")
        ward = s.scalar(select(Ward).where(Ward.name == WARD))
        mine, theirs = s.scalars(select(Councillor).order_by(Councillor.id)).all()[2:4]
        councillors.link_user(s, officer, now, mine, make_user(s, "cllr.one@example.gov.uk"), self_publish=True)
        councillors.link_user(s, officer, now, theirs, make_user(s, "cllr.two@example.gov.uk"), self_publish=False)
        # The ward's next meeting, with its agenda out: an item and its report.
        from ieg.democracy import queries
        today = now.date()
        upcoming = queries.upcoming_for_committees(s, queries.committee_ids_for_ward(s, ward, today), now, limit=1)[0]
        if upcoming.agenda_published_at is None:
            item = meetings.add_item(s, officer, now, upcoming, title="Riverside play area improvements",
                                     body="New equipment for the play area by the river.")
            meetings.add_document(s, officer, now, upcoming, kind="report", item=item,
                                  title="Report of the Head of Leisure",
                                  body="## Recommendation\n\nApprove the spending of £85,000.")
            meetings.publish_agenda(s, officer, now, upcoming)
        facts = {"meeting": upcoming.id, "committee": upcoming.committee.slug, "mine": mine.slug,
                 "theirs": theirs.slug, "ward_code": ward.code, "members": [c.name for c in ward_members(s, ward)]}
        s.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", facts
    server.shutdown()


def ward_members(session, ward):
    from ieg.democracy import queries
    from ieg.timeutil import utcnow
    return queries.councillors_in_ward(session, ward, utcnow().date())


def test_resident_finds_councillor_next_meeting_agenda_report_and_subscribes(page, site):
    base, facts = site
    page.goto(f"{base}/councillors/")
    assert_accessible(page)
    page.get_by_role("link", name="Find your councillor by ward or postcode").click()
    page.get_by_label("Your ward").select_option(label=WARD)
    page.get_by_role("button", name="Find by ward").click()
    expect(page.get_by_role("heading", name=f"Councillors for {WARD}")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"Councillor {facts['members'][0]}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Councillor {facts['members'][0]}")
    assert_accessible(page)
    page.go_back()
    page.locator(f"main a[href='/meetings/{facts['meeting']}']").click()
    expect(page.get_by_role("heading", name="Agenda")).to_be_visible()
    assert_accessible(page)
    # The first item with a report of its own.
    items = page.locator("main ol a")
    found = False
    for index in range(items.count()):
        href = items.nth(index).get_attribute("href")
        items.nth(index).click()
        page.wait_for_url(f"**{href}")  # the item's own page, not the agenda still showing
        reports = page.locator("main h2:has-text('Reports') + ul a")
        if reports.count():
            assert_accessible(page)
            reports.first.click()
            expect(page.locator(".govuk-caption-l")).to_contain_text("Report")
            assert_accessible(page)
            found = True
            break
        page.go_back()
    assert found, "no agenda item with a report"
    page.goto(f"{base}/meetings/{facts['meeting']}")
    link = page.get_by_role("link", name="in your calendar (iCalendar)")
    feed = page.request.get(base + link.get_attribute("href"))
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")
    assert any(str(e["uid"]).startswith(f"meeting-{facts['meeting']}@") for e in events)
    page.goto(f"{base}/meetings/")
    assert_accessible(page)
    page.goto(f"{base}/meetings/committees/{facts['committee']}")
    assert_accessible(page)


def test_public_democracy_pages_reflow_at_320_px(browser, site):
    base, facts = site
    phone = watched_page(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    for path in ("/councillors/", "/councillors/?by=ward", f"/councillors/find?ward={facts['ward_code']}",
                 f"/councillors/{facts['mine']}", "/meetings/", f"/meetings/{facts['meeting']}",
                 f"/meetings/committees/{facts['committee']}"):
        phone.goto(base + path)
        assert_fits(phone)
    phone.context.close()


def test_councillor_edits_own_record_and_page_and_not_anothers(page, site):
    base, facts = site
    sign_in(page, base, "cllr.one@example.gov.uk", PASSWORD)
    page.goto(f"{base}/edit/councillor/")
    assert_accessible(page)
    page.get_by_label("Surgeries").fill("Every Friday, 5pm to 6pm, at Abbey Library.")
    page.get_by_role("button", name="Publish changes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your changes are published")
    page.goto(f"{base}/councillors/{facts['mine']}")
    expect(page.locator("main")).to_contain_text("Every Friday, 5pm to 6pm, at Abbey Library.")
    page.goto(f"{base}/edit/councillor/")
    page.get_by_role("link", name="Write and change your own pages").click()
    assert_accessible(page)
    page.goto(f"{base}/edit/sections/cllr-{facts['mine']}/new")
    page.get_by_label("Title").fill("My priorities for the ward")
    page.get_by_label("Page content").fill("## Road safety\n\nI am pressing for a crossing on Mill Lane.\n")
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.locator("main")).to_contain_text("My priorities for the ward")
    assert_accessible(page)
    other = page.goto(f"{base}/edit/councillor/{facts['theirs']}")
    assert other.status == 403
    assert_accessible(page)
    assert page.goto(f"{base}/edit/sections/cllr-{facts['theirs']}/").status == 403


def test_democratic_services_publish_an_agenda_late_and_see_the_flag(page, site):
    base, facts = site
    from datetime import date
    sign_in(page, base, "dem.officer@example.gov.uk", PASSWORD)
    page.goto(f"{base}/edit/democracy/")
    assert_accessible(page)
    page.get_by_role("link", name="Add a meeting").click()
    soon = date.today() + timedelta(days=3)
    page.get_by_label("Committee").select_option(label="Licensing Committee")
    page.get_by_label("Day").fill(str(soon.day))
    page.get_by_label("Month").fill(str(soon.month))
    page.get_by_label("Year").fill(str(soon.year))
    page.get_by_label("Start time").fill("18:30")
    page.get_by_label("Place").fill("Committee Room 2, Council Offices")
    page.get_by_role("button", name="Save meeting").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text("Agenda overdue")
    assert_accessible(page)
    page.get_by_label("Item title").fill("Review of street trading consents")
    page.get_by_role("button", name="Add item").click()
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("It is late")
    expect(page.locator(".govuk-warning-text")).to_contain_text("Agenda published late")
    assert_accessible(page)
    page.goto(f"{base}/edit/democracy/")
    expect(page.locator("main")).to_contain_text("Published late")
    assert_accessible(page)


def test_democratic_services_change_an_item_and_a_councillors_roles(page, site):
    base, facts = site
    sign_in(page, base, "dem.officer@example.gov.uk", PASSWORD)
    page.goto(f"{base}/edit/democracy/meetings/{facts['meeting']}/items/1/change")
    assert_accessible(page)
    page.goto(f"{base}/edit/democracy/councillors/{facts['mine']}/offices")
    form = page.locator("form", has=page.get_by_role("button", name="Add role"))
    form.get_by_label("Role").fill("Cabinet member for leisure")
    form.get_by_label("Day").fill("1")
    form.get_by_label("Month").fill("6")
    form.get_by_label("Year").fill("2026")
    form.get_by_role("button", name="Add role").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Cabinet member for leisure added")
    assert_accessible(page)
    page.goto(f"{base}/edit/democracy/committees/{facts['committee']}")
    assert_accessible(page)
