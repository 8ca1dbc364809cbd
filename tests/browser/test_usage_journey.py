"""Website usage in a real browser, over the demo council with its two years of traffic: the
public /statistics/ page (its charts each with a table of the same figures, zero axe violations,
no sideways scrolling at 320 px, no cookie), an editor's page-by-page figures, and an
administrator setting a channel take-up target."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_resident_phone_journey import assert_fits
from tests.browser.accessibility import assert_accessible
from tests.browser.test_roles_accessibility import sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 320])
def test_statistics_page_with_charts_and_their_tables(browser, content_council, width):
    _, base = content_council
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    response = page.goto(f"{base}/statistics/")
    assert response.status == 200 and "set-cookie" not in response.headers
    expect(page.get_by_role("heading", level=1)).to_have_text("Website statistics")
    figures = page.locator("main figure")
    assert figures.count() == 2
    for index, table_id, months in ((0, "months-12", 12), (1, "months-24", 24)):
        bars = figures.nth(index).locator("svg rect").count()
        assert bars == months
        table = page.locator(f"#{table_id}")
        expect(table.locator("caption")).to_be_visible()
        assert table.locator("tbody tr").count() == bars  # every bar has its row
    # The demo's use rises, season by season: the stated rule says so.
    expect(page.locator("#judgement")).to_contain_text("Yes.")
    assert_accessible(page)
    if width == 320:
        assert_fits(page)
    assert context.cookies() == []
    context.close()


def test_an_editor_sees_their_pages_and_an_administrator_sets_a_target(page, content_council):
    _, base = content_council
    sign_in(page, base, "waste.author@ashdown.example.gov.uk")
    page.goto(f"{base}/edit/")
    page.get_by_role("link", name="How much your pages are read").click()
    expect(page.get_by_role("heading", name="Website usage")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Waste and recycling").click()
    expect(page.locator("#pages tbody tr").first).to_be_visible()
    assert_accessible(page)

    admin = page.context.browser.new_context().new_page()
    sign_in(admin, base, "admin@ashdown.example.gov.uk")
    admin.goto(f"{base}/staff/channel-take-up")
    assert_accessible(admin)
    admin.get_by_label("Channel", exact=True).select_option("email")
    admin.get_by_label("Target: the share wanted by a month").check()
    admin.get_by_label("Share of the service's enquiries on this channel (%)").fill("30")
    admin.get_by_label("Month", exact=True).fill("2028-03")
    admin.get_by_role("button", name="Save").click()
    expect(admin.locator("#progress")).to_contain_text("Email")
    admin.get_by_label("Month", exact=True).fill("March")
    admin.get_by_role("button", name="Save").click()
    expect(admin.locator(".govuk-error-summary")).to_contain_text("Enter")
    assert_accessible(admin)
    admin.context.close()
