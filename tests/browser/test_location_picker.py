"""The location question in a real browser: "Use my location" asks the browser only when
pressed, says in words what it found, can be cleared, and the position reaches the enquiry;
without geolocation the boxes are all there is. Zero axe violations; reflow at 320 px."""
from __future__ import annotations

import re
import shutil
import threading

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.browser.conftest import watched_page
from tests.browser.accessibility import assert_accessible
from tests.conftest import make_app

pytestmark = pytest.mark.browser
WESTMINSTER = {"latitude": 51.500729, "longitude": -0.124625}


@pytest.fixture(scope="module")
def site(tmp_path_factory, council_database):
    folder = tmp_path_factory.mktemp("location-live")
    shutil.copy(council_database, folder / "ieg.sqlite3")
    app = make_app(folder, folder / "ieg.sqlite3")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def fill_the_rest(page):
    page.get_by_label("What has been dumped?").fill("A mattress and 6 black bags")
    page.get_by_label("Full name").fill("Sam Resident")
    page.get_by_label("Email address").fill("sam.resident@example.com")


def test_use_my_location_fills_the_position_after_the_click(browser, site):
    app, base = site
    page = watched_page(browser, viewport={"width": 1280, "height": 900})
    context = page.context
    context.grant_permissions(["geolocation"], origin=base)
    context.set_geolocation(WESTMINSTER)
    page.goto(f"{base}/forms/report-fly-tipping")
    use = page.get_by_role("button", name="Use my location")
    expect(use).to_be_visible()
    assert page.locator("#location-lat").input_value() == ""  # never asked before the click
    assert_accessible(page)
    use.click()
    found = page.locator("#location-found")
    expect(found).to_have_text("Your location: 51.50073\u00b0 N, 0.12462\u00b0 W")
    assert page.locator("#location-lat").input_value() == "51.50073"
    page.get_by_role("button", name="Clear my location").click()
    expect(found).to_have_text("Location cleared.")
    assert page.locator("#location-lat").input_value() == ""
    expect(page.get_by_role("button", name="Clear my location")).to_be_hidden()
    use.click()
    expect(found).to_contain_text("51.50073")
    assert_accessible(page)
    fill_the_rest(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-summary-list__row", has_text="Where is it?")).to_contain_text(
        "Position: 51.50073\u00b0 N, 0.12462\u00b0 W")
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()
    reference = page.locator(".govuk-panel--confirmation strong").inner_text()
    assert page.console_errors == []
    from ieg.extensions import db
    from ieg.models import Enquiry, ReportLocation
    with app.app_context():
        enquiry = db.session.scalar(select(Enquiry).where(Enquiry.reference == reference))
        where = db.session.scalar(select(ReportLocation).where(ReportLocation.enquiry_id == enquiry.id))
        assert (where.lat, where.long, where.easting, where.northing) == (51.50073, -0.12462, 530268, 179644)
    context.close()


def test_when_the_browser_refuses_the_resident_describes_the_place(browser, site):
    _, base = site
    page = watched_page(browser, viewport={"width": 320, "height": 800})
    page.goto(f"{base}/forms/report-fly-tipping")  # no permission granted: the browser says no
    page.get_by_role("button", name="Use my location").click()
    expect(page.locator("#location-found")).to_contain_text("We could not find your location")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # reflows at 320 px
    assert_accessible(page)
    page.get_by_label("Postcode, if you know it").fill("as1 1aa")
    fill_the_rest(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Postcode: AS1 1AA")).to_be_visible()
    page.context.close()


def test_without_javascript_there_are_the_boxes_and_no_button(browser, site):
    _, base = site
    page = watched_page(browser, java_script_enabled=False)
    page.goto(f"{base}/forms/report-fly-tipping")
    expect(page.get_by_role("button", name="Use my location")).to_have_count(0)
    page.get_by_label("Describe the place").fill("Behind the library")
    fill_the_rest(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=re.compile("Check your answers"))).to_be_visible()
    page.context.close()
