"""An administrator adds a section and an editor for it, through the real pages;
the editor signs in and can edit that section only. Every page is checked with axe."""
import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.test_roles_accessibility import sign_in

pytestmark = pytest.mark.browser


def test_admin_sets_up_a_new_service_and_its_editor(page, live_server):
    sign_in(page, live_server, "admin@staff.example.gov.uk")
    page.wait_for_url(f"{live_server}/admin/")
    assert_accessible(page)

    page.get_by_role("link", name="Add a section").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save section").click()  # empty: errors
    summary = page.locator(".govuk-error-summary")
    assert "Enter the section title" in summary.inner_text()
    assert_accessible(page)
    page.get_by_label("Section title").fill("Cemeteries and crematoria")
    page.get_by_label("Web address").fill("cemeteries")
    page.get_by_label("Summary").fill("Burials, cremations and memorials.")
    page.get_by_label("Heading on the home page").select_option("Community and living")
    page.get_by_label("Contact email address").fill("bereavement@ashdown.example.gov.uk")
    page.get_by_role("button", name="Save section").click()
    assert "Section Cemeteries and crematoria saved" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Add a user").click()
    assert_accessible(page)
    page.get_by_label("Full name").fill("Gary Graves")
    page.get_by_label("Email address").fill("gary.graves@ashdown.example.gov.uk")
    page.get_by_label("Initial password", exact=True).fill("a long enough password")
    page.get_by_role("button", name="Add user").click()
    page.get_by_role("heading", name="Gary Graves").wait_for()
    assert_accessible(page)
    page.get_by_label("Cemeteries and crematoria").select_option("author")
    page.get_by_role("button", name="Save section access").click()
    assert "Section access for Gary Graves saved" in page.locator(".govuk-notification-banner").inner_text()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server}/signed-out")

    sign_in(page, live_server, "gary.graves@ashdown.example.gov.uk", "a long enough password")
    page.wait_for_url(f"{live_server}/edit/")
    expect(page.get_by_role("heading", name="Cemeteries and crematoria", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Waste and recycling")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="View Cemeteries and crematoria").click()
    expect(page.get_by_role("heading", name="Cemeteries and crematoria", exact=True)).to_be_visible()
    assert_accessible(page)
    assert page.goto(f"{live_server}/admin/").status == 403
