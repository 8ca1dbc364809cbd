"""Each kind of role signs in through the real form, lands on its page and signs out;
every page on the way has zero axe-core violations (WCAG 2.2 AA rule set)."""
import pytest
from playwright.sync_api import expect

from ieg.demo import DEMO_PASSWORD
from tests import factories
from tests.browser.accessibility import assert_accessible

pytestmark = pytest.mark.browser

LANDING = {
    "admin": "/admin/",
    "waste.author": "/edit/", "waste.publisher": "/edit/",
    "planning.author": "/edit/", "planning.publisher": "/edit/",
    "contact.agent": "/staff/", "officer": "/staff/",
    "councillor": "/account/", "auditor": "/evidence/",
}


def sign_in(page, base, email, password=None):
    """Through the form; the password is the test council's or the demo's, by the address."""
    if password is None:
        password = factories.PASSWORD if email.endswith("@" + factories.DOMAIN) else DEMO_PASSWORD
    page.goto(f"{base}/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize("path", ["/", "/login", "/accessibility", "/waste-and-recycling/", "/no-such-page/",
                                  "/track", "/search?q=bins", "/a-z"])
def test_public_pages_are_accessible(page, live_server, path):
    response = page.goto(f"{live_server}{path}")
    assert response.status == (404 if path == "/no-such-page/" else 200)
    assert_accessible(page)
    assert page.console_errors == []
    assert page.context.cookies() == []  # the public site sets no cookie


@pytest.mark.parametrize("user", factories.HOLDERS, ids=lambda h: h.key)
def test_each_role_signs_in_lands_accessibly_and_signs_out(page, live_server, user):
    key = user.key
    sign_in(page, live_server, user.email)
    page.wait_for_url(f"{live_server}{LANDING[key]}")
    expect(page.get_by_text(f"Signed in as {factories.NAMES[key]}")).to_be_visible()
    assert_accessible(page)
    assert page.console_errors == []

    # The 404 page, signed in, in the same layout.
    page.goto(f"{live_server}/no-such-page/")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server}{LANDING[key]}")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server}/signed-out")
    expect(page.get_by_role("heading", name="You have signed out")).to_be_visible()
    assert page.context.cookies() == []
    page.goto(f"{live_server}{LANDING[key]}")
    assert "/login" in page.url


def test_forbidden_page_is_accessible(page, live_server):
    sign_in(page, live_server, "councillor@staff.example.gov.uk")
    page.wait_for_url(f"{live_server}/account/")
    response = page.goto(f"{live_server}/admin/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="You do not have permission to see this page")).to_be_visible()
    assert_accessible(page)


def test_wrong_password_focuses_error_summary(page, live_server):
    """GOV.UK Frontend's JavaScript runs under our CSP: the error summary takes focus."""
    sign_in(page, live_server, "auditor@staff.example.gov.uk", "not the password")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert "Enter a correct email address and password" in summary.inner_text()
    page.wait_for_function("document.activeElement.classList.contains('govuk-error-summary')")
    assert_accessible(page)
    assert page.console_errors == []


def test_password_show_toggle_works(page, live_server):
    page.goto(f"{live_server}/login")
    field = page.get_by_label("Password", exact=True)
    field.fill("secret words")
    page.get_by_role("button", name="Show password").click()
    assert field.get_attribute("type") == "text"


def test_skip_link_reaches_main_content(page, live_server):
    page.goto(f"{live_server}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'main-content'")
