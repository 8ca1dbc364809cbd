"""An administrator sets up Open311 through the real pages: offers a case type, issues a key
(shown once) and adds a back-office webhook (its secret shown once); a client then reports
through the API. Every page is checked with axe, and fits a 320 px screen."""
import shutil
import threading

import pytest
import requests as http
from playwright.sync_api import expect
from werkzeug.serving import make_server

from ieg.extensions import db
from tests.browser.accessibility import assert_accessible
from tests.browser.test_roles_accessibility import sign_in
from tests.conftest import make_app
from tests.factories import PASSWORD, Holder, add_holder
from tests.open311_support import offer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory, demo_database):
    folder = tmp_path_factory.mktemp("open311")
    shutil.copy(demo_database, folder / "ieg.sqlite3")
    app = make_app(folder, folder / "ieg.sqlite3")
    with app.app_context():
        offer(db.session, code="graffiti-old")  # makes the graffiti case type, offered under another code
        db.session.commit()
    email = add_holder(app, Holder("open311.admin", roles=("admin",)))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", email
    server.shutdown()


def _overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def test_admin_offers_a_service_issues_a_key_and_adds_a_webhook(page, site):
    base, email = site
    sign_in(page, base, email, PASSWORD)
    page.wait_for_url(f"{base}/admin/")
    page.goto(f"{base}/admin/open311")
    expect(page.get_by_role("heading", name="Open311 and back-office systems")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Save service").click()  # nothing chosen: errors, in the summary
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the case type to offer")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a service code")
    assert_accessible(page)
    page.locator("#service-case_type").select_option(label="Graffiti report")
    page.get_by_label("Service code").fill("graffiti")
    page.get_by_label("Group").fill("Street care")
    page.get_by_label("Keywords").fill("tags, vandalism")
    page.get_by_label("Questions asked (the attributes)").select_option(label="Report graffiti")
    page.get_by_role("button", name="Save service").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Service graffiti saved")

    page.get_by_label("Client").fill("FixMyStreet")
    page.get_by_role("button", name="Issue key").click()
    key = page.locator("#issued-key").inner_text()
    assert len(key) >= 40
    assert_accessible(page)

    page.locator("#webhook-case_type").select_option(label="Graffiti report")
    page.get_by_label("Back-office system").fill("Street works")
    page.get_by_label("Address to post to").fill("https://streetworks.example/ieg")
    page.get_by_role("button", name="Save webhook").click()
    expect(page.locator("#webhook-secret")).to_be_visible()
    assert_accessible(page)

    made = http.post(f"{base}/open311/v2/requests.json", data={
        "api_key": key, "service_code": "graffiti", "address_string": "Bus shelter, High Street",
        "attribute[offensive]": "no", "description": "Tags"}, timeout=10)
    assert made.status_code == 200, made.text
    page.goto(f"{base}/admin/open311")
    assert key not in page.content()  # shown once
    expect(page.locator("table").nth(1)).to_contain_text("FixMyStreet")

    page.set_viewport_size({"width": 320, "height": 800})
    assert not _overflow(page)
    assert_accessible(page)
    page.get_by_role("button", name="Revoke the key for FixMyStreet").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is revoked")
    assert http.post(f"{base}/open311/v2/requests.json", data={
        "api_key": key, "service_code": "graffiti", "address_string": "x", "attribute[offensive]": "no"},
        timeout=10).status_code == 403
    assert page.console_errors == []
