"""Account security as people meet it in a browser: turning on two-factor sign-in from Your
account, signing in with a code, a forgotten password, and the administrator's sign-in rules.
Every page on the way has zero axe-core violations. A server of its own: this journey changes
how the test council's contact agent signs in."""
import re
import shutil
import threading
import time

import pyotp
import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.browser.accessibility import assert_accessible
from tests.browser.test_roles_accessibility import sign_in
from tests.conftest import make_app

pytestmark = pytest.mark.browser
AGENT = "contact.agent@staff.example.gov.uk"


@pytest.fixture(scope="module")
def own_server(tmp_path_factory, council_database):
    folder = tmp_path_factory.mktemp("account-security")
    shutil.copy(council_database, folder / "ieg.sqlite3")
    server = make_server("127.0.0.1", 0, make_app(folder, folder / "ieg.sqlite3"), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_turn_on_two_factor_then_sign_in_with_a_code(page, own_server):
    sign_in(page, own_server, AGENT)
    page.wait_for_url(f"{own_server}/staff/")
    page.goto(f"{own_server}/account/")
    assert_accessible(page)
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.locator("svg.ieg-qr title")).to_have_text(re.compile("QR code to add"))
    assert_accessible(page)
    key = page.locator("code.ieg-key").inner_text().replace(" ", "")
    page.get_by_label("Code from the app").fill("000000" if pyotp.TOTP(key).now() != "000000" else "111111")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Code from the app").fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    assert page.locator(".ieg-recovery-codes code").count() == 10
    assert_accessible(page)
    page.get_by_role("link", name="I have saved my codes: continue").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{own_server}/signed-out")

    sign_in(page, own_server, AGENT)
    page.wait_for_url(f"{own_server}/login/two-factor")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    assert_accessible(page)
    # The next 30 seconds' code (a phone a little ahead): the set-up used up this one's.
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(key).at(time.time() + 30))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{own_server}/staff/")
    assert page.console_errors == []


def test_forgotten_password_and_sign_in_rules_pages_are_accessible(page, own_server):
    page.goto(f"{own_server}/login")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email address").fill("someone@ashdown.example.gov.uk")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(page)
    assert page.context.cookies() == []
    sign_in(page, own_server, "admin@staff.example.gov.uk")
    page.wait_for_url(f"{own_server}/admin/")
    page.get_by_role("link", name="Sign-in rules").click()
    expect(page.get_by_role("heading", name="Sign-in rules")).to_be_visible()
    assert_accessible(page)
